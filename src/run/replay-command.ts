import { quote } from "shell-quote";
import { DEFAULT_PROFILE } from "../contracts/paths.ts";

/**
 * How a run was started, as the user wrote it: a printed replay command repeats these options so it
 * works from the folder the run started in. Secrets are never repeated: an adapter's environment
 * is named (`--sdk-env NAME` takes the value from the environment of whoever replays).
 */
export interface Invocation {
  config?: string;
  sdk?: string;
  sdkCwd?: string;
  sdkEnvNames?: string[];
  server?: string;
  serverUrl?: string;
  serverCwd?: string;
  profile?: string;
}

/** `npx conformance replay <id> …`, shell-quoted (ids and commands are arguments, never code). */
export function replayCommand(id: string, inv: Invocation): string {
  return quote([
    "npx", "conformance", "replay", id,
    ...(inv.config ? ["--config", inv.config] : []),
    ...(inv.sdk ? ["--sdk", inv.sdk] : []),
    ...(inv.sdkCwd ? ["--sdk-cwd", inv.sdkCwd] : []),
    ...(inv.sdkEnvNames ?? []).flatMap((n) => ["--sdk-env", n]),
    ...(inv.server ? ["--server", inv.server] : inv.serverUrl ? ["--server-url", inv.serverUrl] : []),
    ...(inv.serverCwd ? ["--server-cwd", inv.serverCwd] : []),
    ...(inv.profile && inv.profile !== DEFAULT_PROFILE ? ["--profile", inv.profile] : []),
  ]);
}
