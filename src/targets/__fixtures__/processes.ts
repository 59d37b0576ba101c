/** Test helpers to prove that nothing a run started outlives it. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (bounded) until every pid is gone; returns those still running. */
export async function stillRunning(pids: number[], ms = 4000): Promise<number[]> {
  const until = Date.now() + ms;
  while (Date.now() < until && pids.some(alive)) await new Promise((r) => setTimeout(r, 50));
  return pids.filter(alive);
}
