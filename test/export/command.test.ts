// `!isaScenario` as WinDbg runs it (bundled script in the simulator's sandbox): usage, argument errors, option words,
// a target that is not in the dump. Fixture: the shared seed scenario (provenance in its "source").
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureBundle, runScenario, type RunOptions } from "../sim/run";
import { aliasExpression } from "../sim/sandbox";
import { consoleText, SHARED_DIR } from "./helpers";

const SEED = SHARED_DIR + "/seed-isa-idmtdi.json";
const bundle = ensureBundle();
const run = (path: string, o: RunOptions) => runScenario(path, { ...o, scriptText: bundle.text, scriptPath: bundle.path });
const dir = mkdtempSync(join(tmpdir(), "isatriage-export-cmd-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function exportText(arg?: string): string {
  const r = run(SEED, { alias: "isaScenario", arg });
  expect(r.exitCode).toBe(0);
  expect(r.stdout).not.toMatch(/^Error:/m);
  return consoleText(r.stdout, aliasExpression("isaScenario", arg));
}

describe("!isaScenario arguments", () => {
  it("\"?\" prints the usage and no document", () => {
    const text = exportText('"?"');
    expect(text).toMatch(/^Usage: !isaScenario/);
    expect(text).toMatch(/"redact"/);
    expect(() => JSON.parse(text)).toThrow();
  });

  it.each([
    ["a bad thread count", "0", /thread count/],
    ["a name with a wildcard", '"w3*.exe"', /not a process image name/],
  ])("%s: one usage error, no document", (_n, arg, why) => {
    const text = exportText(arg);
    expect(text.split("\n")[0]).toMatch(/^!isaScenario: /);
    expect(text.split("\n")[0]).toMatch(why);
    expect(() => JSON.parse(text)).toThrow();
  });

  it("\"REDACT\" is an option word in any case, and \"json\" changes nothing (the output is JSON anyway)", () => {
    const doc = JSON.parse(exportText('("wspsrv.exe", "REDACT", "json")'));
    expect(doc.processes[0].name).toBe("process1.exe");
    expect(doc.expect.arg).toBe('"process1.exe"');
  });

  it("a target that is not in the dump still exports, and the file reproduces the verdict", () => {
    const original = run(SEED, { json: true, arg: '"nosuch.exe"' });
    const doc = JSON.parse(exportText('"nosuch.exe"'));
    expect(doc.expect.arg).toBe('"nosuch.exe"');
    expect(doc.expect.verdict).toEqual([(original.json as any).verdict.kind]);
    const file = join(dir, "nosuch.json");
    writeFileSync(file, JSON.stringify(doc));
    const again = run(file, { json: true, arg: doc.expect.arg });
    expect((again.json as any).verdict.kind).toBe((original.json as any).verdict.kind);
    expect((again.json as any).contention.map((c: any) => c.resource)).toEqual((original.json as any).contention.map((c: any) => c.resource));
  });

  it("dx @$isaScenario() prints the same document and returns nothing to render", () => {
    const r = run(SEED, { alias: "isaScenario", arg: '("wspsrv.exe", 10)' });
    expect(r.returned).toBe(undefined);
    const doc = JSON.parse(consoleText(r.stdout, aliasExpression("isaScenario", '("wspsrv.exe", 10)')));
    expect(doc.format).toBe("isatriage-scenario/1");
  });
});
