/**
 * The Python, Ruby and Java helpers' own tests, each in its own language, run by the suite. (The
 * TypeScript helper's are typescript/index.test.ts.)
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stdioAdapter } from "../src/targets/stdio-adapter.ts";

const HERE = import.meta.dirname;

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, timeout: 120_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
      },
    );
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
    const sources = ["src", "test"]
      .map((d) => join(HERE, "java", d, "conformance"))
      .flatMap((d) => readdirSync(d).map((f) => join(d, f)));
    const compiled = await run("javac", ["-encoding", "UTF-8", "-nowarn", "-cp", gson, "-d", out, ...sources], HERE);
    expect(compiled.code, compiled.output).toBe(0);
    const r = await run("java", ["-cp", `${out}:${gson}`, "conformance.AdapterTest"], HERE);
    expect(r.output).toMatch(/^\d+ checks passed/);
    expect(r.code, r.output).toBe(0);
  });
});

describe("the helpers' answers, through the kit's own stdio path", () => {
  const call = (operationId: string) => ({
    id: `${operationId}~t~0`,
    operationId,
    baseUrl: "http://127.0.0.1:9",
    credentials: { serviceId: "42", accessToken: "t" },
    request: { pathParams: { serviceId: "42", clientId: "7" }, query: {} },
  });
  const programs = {
    python: [
      "adapter.py",
      `from conformance_adapter import serve\nserve(name="t", sdk=("s", "1"), client=lambda u, c: None, errors={}, operations={"client_delete_api": lambda c, r: None, "client_get_api": lambda c, r: {"lock": object()}})\n`,
      `PYTHONPATH=${JSON.stringify(join(HERE, "python"))} python3 adapter.py`,
    ],
    ruby: [
      "adapter.rb",
      `require "conformance_adapter"\nConformanceAdapter.serve(name: "t", sdk: %w[s 1], client: ->(u, c) { nil }, errors: {}, operations: { "client_delete_api" => ->(c, r) { nil }, "client_get_api" => ->(c, r) { { lock: Object.new } } })\n`,
      `ruby -I ${JSON.stringify(join(HERE, "ruby"))} adapter.rb`,
    ],
  } as const;

  it.each(Object.keys(programs) as (keyof typeof programs)[])(
    "%s: a void method is a void result (null), a helper failure an adapter failure",
    async (language) => {
      const [file, source, command] = programs[language];
      const dir = mkdtempSync(join(tmpdir(), `conformance-kit-${language}-`));
      writeFileSync(join(dir, file), source);
      const adapter = stdioAdapter(command, { cwd: dir, startTimeoutMs: 15_000 });
      try {
        await adapter.start();
        expect(await adapter.call(call("client_delete_api"), 10_000)).toEqual({ kind: "decoded", value: "null" });
        expect(await adapter.call(call("client_get_api"), 10_000)).toMatchObject({
          kind: "adapter-failure",
          reason: "failed",
          message: expect.stringMatching(/cannot turn Object at \/lock into JSON/i),
        });
      } finally {
        await adapter.stop();
      }
    },
  );
});
