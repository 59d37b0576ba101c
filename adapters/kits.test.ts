/**
 * The Python, Ruby and Java helpers' own tests, each in its own language, run by the suite. (The
 * TypeScript helper's are typescript/index.test.ts.)
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const HERE = import.meta.dirname;

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: 120_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe("adapter helpers, tested in their own languages", () => {
  it("python: unittest", async () => {
    const r = await run("python3", ["-m", "unittest", "-v", "test_conformance_adapter"], join(HERE, "python"));
    expect(r.output).toMatch(/\nOK\n?$/);
    expect(r.code, r.output).toBe(0);
  });

  it("ruby: minitest", async () => {
    const r = await run("ruby", ["test_conformance_adapter.rb"], join(HERE, "ruby"));
    expect(r.output).toMatch(/\d+ runs, \d+ assertions, 0 failures, 0 errors/);
    expect(r.code, r.output).toBe(0);
  });

  it("java: AdapterTest (Gson only on the classpath)", async () => {
    const out = mkdtempSync(join(tmpdir(), "conformance-java-kit-"));
    const gson = process.env.GSON_JAR ?? "/usr/share/java/gson.jar";
    const sources = ["src", "test"].map((d) => join(HERE, "java", d, "conformance")).flatMap((d) => readdirSync(d).map((f) => join(d, f)));
    const compiled = await run("javac", ["-encoding", "UTF-8", "-nowarn", "-cp", gson, "-d", out, ...sources], HERE);
    expect(compiled.code, compiled.output).toBe(0);
    const r = await run("java", ["-cp", `${out}:${gson}`, "conformance.AdapterTest"], HERE);
    expect(r.output).toMatch(/^\d+ checks passed/);
    expect(r.code, r.output).toBe(0);
  });
});
