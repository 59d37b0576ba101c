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

const SAFE = /^[\w@%+=:,./-]+$/;

/**
 * One shell word: as it is when nothing in it is special, else in single quotes (readable, and
 * nothing expands inside them in sh, bash or zsh); shell-quote's escaping when it holds a quote.
 */
export const shellWord = (s: string): string => (SAFE.test(s) ? s : s.includes("'") ? quote([s]) : `'${s}'`);

/** `npx conformance replay <id> …`, shell-quoted (ids and commands are arguments, never code). */
export function replayCommand(id: string, inv: Invocation): string {
  return [
    "npx",
    "conformance",
    "replay",
    id,
    ...(inv.config ? ["--config", inv.config] : []),
    ...(inv.sdk ? ["--sdk", inv.sdk] : []),
    ...(inv.sdkCwd ? ["--sdk-cwd", inv.sdkCwd] : []),
    ...(inv.sdkEnvNames ?? []).flatMap((n) => ["--sdk-env", n]),
    ...(inv.server ? ["--server", inv.server] : inv.serverUrl ? ["--server-url", inv.serverUrl] : []),
    ...(inv.serverCwd ? ["--server-cwd", inv.serverCwd] : []),
    ...(inv.profile && inv.profile !== DEFAULT_PROFILE ? ["--profile", inv.profile] : []),
  ]
    .map(shellWord)
    .join(" ");
}
