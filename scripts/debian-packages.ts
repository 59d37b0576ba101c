/**
 * `npm test`'s pretest: the Debian packages some tests need (a real browser, Ruby, a JDK with Gson,
 * Python 3). Missing ones are installed with apt-get when it is there and allowed (root, or sudo
 * without a password); otherwise one line names them and the tests do not start, so no test that
 * needs them is skipped silently.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export interface Requirement {
  /** The Debian package that provides it. */
  pkg: string;
  /** Which tests need it. */
  why: string;
  present(): boolean;
}

const onPath = (command: string) =>
  spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore", timeout: 10_000 }).status === 0;

export const REQUIREMENTS: Requirement[] = [
  {
    pkg: "chromium",
    why: "the HTML report test and the README screenshot open reports in headless Chromium",
    present: () => existsSync("/usr/bin/chromium"),
  },
  { pkg: "ruby", why: "the Ruby adapter kit, its reference SDK and mutants", present: () => onPath("ruby") },
  {
    pkg: "default-jdk-headless",
    why: "the Java adapter kit (javac, java)",
    present: () => onPath("javac") && onPath("java"),
  },
  {
    pkg: "libgoogle-gson-java",
    why: "the Java adapter kit's JSON library, /usr/share/java/gson.jar",
    present: () => existsSync("/usr/share/java/gson.jar"),
  },
  { pkg: "python3", why: "the Python adapter kit, its reference SDK and mutants", present: () => onPath("python3") },
];

export interface Host {
  apt: boolean;
  root: boolean;
  /** sudo that needs no password. */
  sudo: boolean;
}

export type Plan = { kind: "ready" } | { kind: "install"; commands: string[][] } | { kind: "stop"; message: string };

/** The one line printed when the packages cannot be installed here. */
export const stopMessage = (missing: string[], reason: string) =>
  `npm test needs the Debian packages ${missing.join(" ")} (${reason}): install them, e.g. \`sudo apt-get install -y ${missing.join(" ")}\`, and run it again`;

export function plan(missing: string[], host: Host): Plan {
  if (!missing.length) return { kind: "ready" };
  if (!host.apt) return { kind: "stop", message: stopMessage(missing, "no apt-get on this machine") };
  if (!host.root && !host.sudo)
    return { kind: "stop", message: stopMessage(missing, "apt-get needs root or sudo without a password") };
  const as = host.root ? [] : ["sudo", "-n"];
  return {
    kind: "install",
    commands: [
      [...as, "apt-get", "update", "-qq"],
      [
        ...as,
        "env",
        "DEBIAN_FRONTEND=noninteractive",
        "apt-get",
        "install",
        "-y",
        "-qq",
        "--no-install-recommends",
        ...missing,
      ],
    ],
  };
}

function probeHost(): Host {
  const root = process.getuid?.() === 0;
  return {
    apt: onPath("apt-get"),
    root,
    sudo:
      !root && onPath("sudo") && spawnSync("sudo", ["-n", "true"], { stdio: "ignore", timeout: 10_000 }).status === 0,
  };
}

const missingNow = () => REQUIREMENTS.filter((r) => !r.present()).map((r) => r.pkg);

/** Makes the packages present, or says in one line why not; returns the exit code. */
export function ensurePackages(log: (line: string) => void = console.error): number {
  const missing = missingNow();
  const steps = plan(missing, missing.length ? probeHost() : { apt: false, root: false, sudo: false });
  if (steps.kind === "ready") return 0;
  if (steps.kind === "stop") return (log(steps.message), 1);
  log(`pretest: installing the Debian packages the tests need: ${missing.join(" ")}`);
  for (const [command, ...args] of steps.commands) {
    const r = spawnSync(command!, args, { stdio: ["ignore", "inherit", "inherit"], timeout: 1_200_000 });
    if (r.status !== 0)
      return (
        log(`pretest: ${[command, ...args].join(" ")} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`),
        1
      );
  }
  const still = missingNow();
  if (still.length) return (log(stopMessage(still, "still missing after apt-get install")), 1);
  return 0;
}

if (import.meta.filename === process.argv[1]) process.exitCode = ensurePackages();
