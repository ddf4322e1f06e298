// Round trip of every scenario (both corpora, listed at test time): simulate → `!isaScenario` (the bundled script in the
// sandbox, with the scenario's expect.arg) → parse the printed JSON → write it to a file → simulate that file →
// `!isaCpuCheck --json` must reach the same verdict kind, culprit, confidence and contention facts as the original, and
// the exported expect block must hold for both runs. Redacted exports round-trip too and leak no process name.
// Not-applicable scenarios must get one plain line saying why. Fixtures: see helpers.ts.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkScenarioExpect } from "../e2e/consistency";
import { checkJson, type Expect } from "../e2e/expect";
import { ensureBundle, runScenario, type RunOptions } from "../sim/run";
import { aliasExpression } from "../sim/sandbox";
import { parseScenario } from "../sim/scenario";
import { consoleText, loadJson, scenarioFiles } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "isatriage-export-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The conclusions that must survive an export: verdict, culprit, confidence, deadlocks and every contention fact. */
function conclusions(j: any) {
  const sorted = (l: string[]) => [...l].sort();
  return {
    kind: j.verdict.kind,
    culprit: j.verdict.culprit ? j.verdict.culprit.module : null,
    confidence: j.verdict.confidence,
    deadlocks: j.deadlocks.map((d: any) => sorted(d.resources)),
    contention: j.contention
      .map((c: any) => ({
        resource: c.resource,
        contentionCount: c.contentionCount,
        owners: sorted(c.owners),
        exclusiveWaiters: sorted(c.exclusiveWaiters),
        sharedWaiters: sorted(c.sharedWaiters),
        numberOfExclusiveWaiters: c.numberOfExclusiveWaiters,
        numberOfSharedWaiters: c.numberOfSharedWaiters,
      }))
      .sort((a: any, b: any) => (a.resource < b.resource ? -1 : 1)),
  };
}

/** `"app.exe"` → `("app.exe", "redact")`; none → `"redact"`. */
function withRedact(arg?: string): string {
  const t = (arg ?? "").trim();
  if (t === "") return '"redact"';
  if (t.startsWith("(") && t.endsWith(")")) return `(${t.slice(1, -1)}, "redact")`;
  return `(${t}, "redact")`;
}

/** Runs !isaScenario and returns what it printed (without the dx echo). */
function exportText(path: string, arg: string | undefined): { text: string; exitCode: number; stdout: string } {
  const r = run(path, { alias: "isaScenario", arg });
  return { text: consoleText(r.stdout, aliasExpression("isaScenario", arg)), exitCode: r.exitCode, stdout: r.stdout };
}

/** Writes the exported text to a file and runs !isaCpuCheck --json on it with the document's own expect.arg. */
function rerun(name: string, text: string) {
  const doc = JSON.parse(text);
  const file = join(dir, name);
  writeFileSync(file, text);
  const r = run(file, { json: true, arg: doc.expect?.arg });
  return { doc, r };
}

const files = scenarioFiles();

// One bundle for the whole file: src/ may be rebuilt by other work meanwhile, and both runs of a comparison must use
// the same script.
const bundle = ensureBundle();
const run = (path: string, o: RunOptions) => runScenario(path, { ...o, scriptText: bundle.text, scriptPath: bundle.path });

describe("the corpus", () => {
  it("has the shared scenarios and at least one not-applicable case", () => {
    expect(files.some((f) => basename(f) === "seed-isa-idmtdi.json")).toBe(true);
    expect(files.filter((f) => loadJson(f).expect?.verdict?.[0] === "not-applicable").length).toBeGreaterThan(0);
  });
});

describe.each(files.map((f) => [basename(f), f]))("%s", (name, path) => {
  const scenario = loadJson(path);
  const exp: Expect = scenario.expect ?? { verdict: [] };
  const original = run(path, { json: true, arg: exp.arg });
  const applicable = (original.json as any)?.verdict?.kind !== "not-applicable";

  it.runIf(!applicable)("not applicable: !isaScenario prints one line saying why, and no document", () => {
    const { text, exitCode, stdout } = exportText(path, exp.arg);
    expect(exitCode).toBe(0);
    expect(stdout).not.toMatch(/^Error:/m);
    const lines = text.split("\n").filter((l) => l.trim() !== "");
    expect(lines).toEqual(["!isaScenario: nothing exported: " + (original.json as any).verdict.summary]);
    expect(() => JSON.parse(text)).toThrow();
  });

  it.runIf(applicable)("exports a file the simulator reads back to the same conclusions", () => {
    const { text, exitCode } = exportText(path, exp.arg);
    expect(exitCode).toBe(0);
    const { doc, r } = rerun(name, text);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(conclusions(r.json)).toEqual(conclusions(original.json));
    // A ready regression test: its expect block agrees with its own facts and holds for both runs.
    expect(checkScenarioExpect(parseScenario(doc, name), doc.expect)).toEqual([]);
    expect(checkJson(doc.expect, original.json)).toEqual([]);
    expect(checkJson(doc.expect, r.json)).toEqual([]);
    for (const k of ["title", "source", "notes"]) expect(typeof doc[k] === "string" && doc[k].length > 20, k).toBe(true);
    expect(text.length).toBeLessThan(64 * 1024);
    // Printable ASCII only: no raw control character or markup can reach the console.
    expect(/^[\x20-\x7e\n]*$/.test(text)).toBe(true);
    expect(text).not.toMatch(/[<>]/);
  });

  it.runIf(applicable)("redacted: same conclusions, no process name and no user-mode frame address of the dump", () => {
    const { text } = exportText(path, withRedact(exp.arg));
    const { doc, r } = rerun("redacted-" + name, text);
    expect(r.exitCode).toBe(0);
    expect(conclusions(r.json)).toEqual(conclusions(original.json));
    expect(doc.notes).toMatch(/Redacted/);
    const lower = text.toLowerCase();
    const names: string[] = (scenario.processes ?? []).map((p: any) => String(p.name)).filter((n: string) => !/^(system|idle)$/i.test(n));
    for (const n of names) {
      expect(lower.includes(n.toLowerCase()), n).toBe(false);
      expect(lower.includes(JSON.stringify(n).slice(1, -1).toLowerCase()), n).toBe(false);
    }
    const kernelStart = scenario.dump.os === "ws2003sp2-x86" ? 0x80000000n : 0xffff800000000000n;
    for (const p of scenario.processes ?? []) {
      for (const t of p.threads ?? []) {
        const userFrames = Array.isArray(t.stack) ? t.stack.filter((f: string) => /^0x[0-9a-f`]+$/i.test(f)) : [];
        for (const f of userFrames) {
          const v = BigInt(f.replace("`", ""));
          if (v < kernelStart) expect(text, f).not.toContain('"0x' + v.toString(16) + '"');
        }
        for (const k of ["teb", "startAddress", "win32StartAddress"]) {
          if (t[k] === undefined) continue;
          const v = BigInt("0x" + String(t[k]).replace(/^0x/, "").replace("`", ""));
          if (v < kernelStart && v !== 0n) expect(text, `${k} ${t[k]}`).not.toContain('"' + v.toString(16) + '"');
        }
      }
    }
  });
});

describe("size", () => {
  it("the seed exports to less than 20 KB", () => {
    const seed = files.find((f) => basename(f) === "seed-isa-idmtdi.json")!;
    const { text } = exportText(seed, undefined);
    expect(JSON.parse(text).format).toBe("isatriage-scenario/1");
    expect(Buffer.byteLength(text, "utf8")).toBeLessThan(20 * 1024);
  });
});
