import { spawnSync } from "node:child_process";
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { plan, REQUIREMENTS } from "./debian-packages.ts";

const ROOT = join(import.meta.dirname, "..");

describe("the pretest's Debian packages", () => {
  it("does nothing when every package is there", () => {
    expect(plan([], { apt: false, root: false, sudo: false })).toEqual({ kind: "ready" });
  });

  it("installs what is missing with apt-get, as root or through sudo", () => {
    const root = plan(["chromium", "ruby"], { apt: true, root: true, sudo: false });
    expect(root).toEqual({
      kind: "install",
      commands: [
        ["apt-get", "update", "-qq"],
        [
          "env",
          "DEBIAN_FRONTEND=noninteractive",
          "apt-get",
          "install",
          "-y",
          "-qq",
          "--no-install-recommends",
          "chromium",
          "ruby",
        ],
      ],
    });
    const sudo = plan(["ruby"], { apt: true, root: false, sudo: true });
    expect(sudo.kind === "install" && sudo.commands.map((c) => c.slice(0, 3))).toEqual([
      ["sudo", "-n", "apt-get"],
      ["sudo", "-n", "env"],
    ]);
  });

  it("stops with one line naming the packages when it cannot install them", () => {
    for (const host of [
      { apt: false, root: true, sudo: false },
      { apt: true, root: false, sudo: false },
    ]) {
      const p = plan(["chromium", "default-jdk-headless"], host);
      expect(p.kind).toBe("stop");
      expect(p.kind === "stop" && p.message).toMatch(
        /^npm test needs the Debian packages chromium default-jdk-headless \([^\n]+\): install them[^\n]*$/,
      );
    }
  });

  it("the script finds everything on this machine, where npm test's pretest ran", () => {
    expect(REQUIREMENTS.filter((r) => !r.present()).map((r) => r.pkg)).toEqual([]);
    const r = spawnSync(
      process.execPath,
      [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "scripts/debian-packages.ts")],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect([r.status, r.stderr]).toEqual([0, ""]);
  });

  it("the script stops with that line and exit 1 on a machine without the packages and without apt-get", () => {
    // A PATH with only a shell: no ruby, javac, python3 or apt-get.
    const bin = mkdtempSync(join(tmpdir(), "no-packages-"));
    symlinkSync("/bin/sh", join(bin, "sh"));
    const r = spawnSync(
      process.execPath,
      [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "scripts/debian-packages.ts")],
      { encoding: "utf8", timeout: 60_000, env: { ...process.env, PATH: bin } },
    );
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^npm test needs the Debian packages ruby default-jdk-headless python3 \(no apt-get on this machine\)/,
    );
  });
});
