/**
 * Every process group and worker thread the kit has started and not yet ended. Stopping a target
 * is graceful (a grace period, SIGTERM, then SIGKILL); when the kit must stop at once (a second
 * interrupt) or exits, everything still listed here is killed without waiting.
 */
const groups = new Set<number>();
const workers = new Set<{ terminate(): Promise<number> }>();

/** Lists a process group (by its leader's pid) until the returned function is called. */
export function trackGroup(pid: number): () => void {
  groups.add(pid);
  return () => groups.delete(pid);
}

/** Lists a worker thread until the returned function is called. */
export function trackWorker(worker: { terminate(): Promise<number> }): () => void {
  workers.add(worker);
  return () => workers.delete(worker);
}

/** SIGKILL to every listed process group, and every listed worker terminated, now. */
export function killAllTargets(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // ESRCH: the group is gone already.
    }
  }
  for (const w of workers) void w.terminate();
}

// Safety net: if the kit exits without stopping a target, its processes die with it.
process.once("exit", () => {
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // gone
    }
  }
});
