// Issue 14: output an engineer reads at a glance. On every scenario (../shared/scenarios, test/scenarios), on the
// bench's large dump and on the seed with hundreds of waiters: no console line over 200 characters but the closing
// verdict line; a list longer than 8 shows 8 and "+N more" with the command that shows them all; the dx object and
// the JSON keep every element; the seed's default output fits about 60 lines; "verbose" prints everything.
// Fixtures: the scenario files (provenance in test/scenarios/README.md and each shared file's "source"), the bench's
// scale builder (test/bench/scale.ts), and the seed with 800 synthetic exclusive waiters built below.
import { describe, expect, it } from "vitest";
import { buildDump } from "../sim/build-dump";
import { ensureBundle, runDump, runScenario, type RunResult } from "../sim/run";
import { parseScenario } from "../sim/scenario";
import { aliasExpression } from "../sim/sandbox";
import { scaleScenario, SCALES } from "../bench/scale";
import { scenarioFiles, scenarioJson, SEED } from "../ux/helpers";

const bundle = ensureBundle();
const opts = { scriptText: bundle.text, scriptPath: bundle.path };

/** The extension's own console lines (before dx renders the returned object). */
function ownLines(r: RunResult, arg?: string): string[] {
  const lines = r.stdout.split("\n");
  const at = lines.findIndex((l) => l.startsWith(aliasExpression("isaCpuCheck", arg)));
  return at < 0 ? lines : lines.slice(0, at);
}

/** The scenario's argument expression with "verbose" appended: `"app.exe"` -> `("app.exe", "verbose")`. */
function withVerbose(arg?: string): string {
  const t = (arg ?? "").trim();
  if (t === "") return '"verbose"';
  if (t.startsWith("(") && t.endsWith(")")) return "(" + t.slice(1, -1) + ', "verbose")';
  return "(" + t + ', "verbose")';
}

/** The 8/+N rule: lists of addresses hold at most 8, every "+N more" names where the rest is, and a resource whose
 *  waiters the dx object lists beyond 9 shows "+N more: !locks -v <resource>". */
function checkLists(lines: string[], returned: any): void {
  for (const l of lines) {
    if (/^\s+((Exclusive|Shared) waiters|Threads):/.test(l)) expect((l.match(/\b[0-9a-f]{8}(`[0-9a-f]{8})?\b/g) || []).length, l).toBeLessThanOrEqual(8);
    if (/\+\d+ more/.test(l)) expect(l, l).toMatch(/\+\d+ more: \S/);
  }
  for (const c of returned?.Contention ?? []) {
    if (!lines.some((l) => l.startsWith("  Resource @ " + c.Resource))) continue;
    for (const list of [c.ExclusiveWaiters, c.SharedWaiters]) {
      if (list.length > 9) expect(lines).toContain("      +" + (list.length - 8) + " more: !locks -v " + c.Resource);
    }
  }
}

function checkWidths(lines: string[]): void {
  const text = lines.filter((l) => l !== "");
  const last = text[text.length - 1];
  expect(last).toMatch(/^Verdict: /);
  for (const l of text.slice(0, -1)) expect(l.length, l.slice(0, 120)).toBeLessThanOrEqual(200);
}

/** The seed with `n` more exclusive waiters on its ERESOURCE (threads of wspsrv.exe waiting in afd, like its own four). */
function seedWithWaiters(n: number): any {
  const j = scenarioJson(SEED);
  const proc = j.processes.find((p: any) => p.name === "wspsrv.exe");
  const model = proc.threads.find((t: any) => t.object === "84166a80");
  const res = j.resources[0];
  for (let i = 0; i < n; i++) {
    const object = (0x8d000020 + i * 0x400).toString(16);
    proc.threads.push({ ...model, object, tid: (0x4000 + i * 4).toString(16), notes: undefined });
    res.exclusiveWaiters.push(object);
  }
  res.numberOfExclusiveWaiters += n;
  return j;
}

describe("console layout on every scenario", () => {
  for (const file of scenarioFiles()) {
    const name = file.split("/").pop()!;
    it(name + ": no line over 200 characters but the verdict line, in the default and the verbose form", () => {
      const given: string | undefined = scenarioJson(file).expect?.arg;
      const r = runScenario(file, { ...opts, arg: given });
      expect(r.exitCode, r.stderr).toBe(0);
      checkWidths(ownLines(r, given));
      checkLists(ownLines(r, given), r.returned);
      const arg = withVerbose(given);
      const v = runScenario(file, { ...opts, arg });
      checkWidths(ownLines(v, arg));
    });
  }
});

describe("long lists", () => {
  const doc = seedWithWaiters(800);
  const r = runDump(buildDump(parseScenario(doc, "seed+800")), opts);
  const lines = ownLines(r);

  it("a resource with 804 exclusive waiters shows 8 and +796 more with !locks -v", () => {
    expect(r.exitCode, r.stderr).toBe(0);
    checkWidths(lines);
    checkLists(lines, r.returned);
    const at = lines.findIndex((l) => l.trim().startsWith("Exclusive waiters: 805 counted, 804 found:"));
    expect(at).toBeGreaterThan(0);
    const shown = lines[at].split(":").pop()!.trim().split(/\s+/);
    expect(shown).toEqual(["84166a80", "8961d620", "84166750", "89649240", "8d000020", "8d000420", "8d000820", "8d000c20"]);
    expect(lines[at + 1].trim()).toBe("+796 more: !locks -v 8a7f3008");
  });

  it("the dx object and the JSON keep every waiter", () => {
    const dx = r.returned as any;
    expect(dx.Contention[0].ExclusiveWaiters).toHaveLength(804);
    const j = runDump(buildDump(parseScenario(doc, "seed+800")), { ...opts, json: true });
    expect((j.json as any).contention[0].exclusiveWaiters).toHaveLength(804);
  });

  it('"verbose" prints all 804', () => {
    const arg = '("wspsrv.exe", "verbose")';
    const v = ownLines(runDump(buildDump(parseScenario(doc, "seed+800")), { ...opts, arg }), arg);
    checkWidths(v);
    const at = v.findIndex((l) => l.trim().startsWith("Exclusive waiters: 805 counted, 804 found:"));
    const words: string[] = [];
    for (let i = at; i < v.length && (i === at || /^ {6}[0-9a-f]{8}( |$)/.test(v[i])); i++) words.push(...v[i].split(":").pop()!.trim().split(/\s+/));
    expect(words).toHaveLength(804);
    expect(v.some((l) => /\+\d+ more/.test(l))).toBe(false);
  });

  it("every list of addresses on a console line holds at most 8 of them", () => {
    for (const l of lines) {
      const addrs = l.match(/\b[0-9a-f]{8}\b/g) || [];
      if (/^\s+(Exclusive|Shared) waiters|^\s+Threads:/.test(l)) expect(addrs.length, l).toBeLessThanOrEqual(8);
    }
  });
});

describe("the seed", () => {
  const r = runScenario(SEED, opts);
  const lines = ownLines(r);

  it("fits in about 60 lines, the verdict block first and at most 3 lines of evidence", () => {
    const text = lines.join("\n").replace(/\n+$/, "").split("\n");
    expect(text.length).toBeLessThanOrEqual(64);
    const v = text.indexOf(text.find((l) => l.startsWith("VERDICT: "))!);
    expect(v).toBe(2);
    const block = text.slice(v, text.indexOf("", v));
    expect(block.length).toBeLessThanOrEqual(8);
    expect(block.filter((l) => l.startsWith("    - ")).length).toBeLessThanOrEqual(3);
  });

  it("says the culprit's classification reason once", () => {
    const reason = "not an inbox Windows module and no Microsoft version information (symbols: none)";
    const text = lines.filter((l) => !l.startsWith("Verdict: ")).join("\n");
    expect(text.split(reason).length - 1).toBe(1);
  });

  it('"verbose" adds the IRP stack locations and every evidence item', () => {
    const arg = '("wspsrv.exe", "verbose")';
    const v = ownLines(runScenario(SEED, { ...opts, arg }), arg);
    expect(v.join("\n")).toContain("e.g. !irp 88bb1a68: Irp is active with 4 stacks 2 is current");
    expect(v.join("\n")).toContain("waiter-stack [0.5]");
    expect(v.length).toBeGreaterThan(lines.length);
  });
});

describe("the bench's large dump", () => {
  it("keeps every line within 200 characters", () => {
    const large = SCALES.find((s) => s.name === "large")!;
    const r = runDump(buildDump(parseScenario(scaleScenario(large), "bench-large")), opts);
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = ownLines(r);
    checkWidths(lines);
    checkLists(lines, r.returned);
    // The unrelated svchost.exe chain is one line under "Other contention"; the seed's chains are shown in full.
    const other = lines.findIndex((l) => l.startsWith("Other contention"));
    expect(other).toBeGreaterThan(0);
    expect(lines[other + 1]).toMatch(/^ {2}8c403008 exclusive, owner 8c401020 \(svchost\.exe\)/);
    expect(lines.some((l) => l.startsWith("  Resource @ 8c403108"))).toBe(true);
  }, 120_000);
});
