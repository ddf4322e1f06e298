// The fast seeded subset of `npm run fuzz` inside `npm test`: 60 cases of seed 20241125 over every kernel scenario
// (shared + test/scenarios, background trimmed), each through the bundle in JSON and console mode, and 30 of the next
// seed under the `strict` host profile (test/sim/profiles.ts); plus proof that the
// fuzzer's checks catch a crash, a missing verdict line, malformed JSON, a runaway read loop, a command outside the
// whitelist and raw markup (tiny stand-in extensions written here), and that cases replay identically.
import { beforeAll, describe, expect, it } from "vitest";
import {
  caseScenario, checkContract, checkInert, type CorpusEntry, describeCase, failed, type FuzzCase, generateCase, loadCorpus,
  runCase,
} from "./fuzzer";

const SEED = 20241125;
const CASES = 60;
const STRICT_CASES = 30;

let corpus: CorpusEntry[];
beforeAll(() => {
  corpus = loadCorpus();
}, 120_000);

describe("fuzz subset", () => {
  it(`${CASES} seeded cases: no crash, within budget, verdict line, well-formed inert output`, () => {
    const problems: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const fc = generateCase(corpus, SEED, i);
      const r = runCase(corpus, fc);
      if (failed(r)) problems.push(describeCase(fc, r));
    }
    expect(problems.join("\n\n")).toBe("");
  }, 300_000);

  it(`${STRICT_CASES} seeded cases under the strict host profile (every plausible WinDbg behaviour at once)`, () => {
    const problems: string[] = [];
    for (let i = 0; i < STRICT_CASES; i++) {
      const fc = generateCase(corpus, SEED + 1, i);
      const r = runCase(corpus, fc, undefined, "strict");
      if (failed(r)) problems.push(describeCase(fc, r) + "\n  (host profile: strict)");
    }
    expect(problems.join("\n\n")).toBe("");
  }, 300_000);

  it("covers every scenario and every mutation family", () => {
    const cases = Array.from({ length: CASES }, (_, i) => generateCase(corpus, SEED, i));
    expect(new Set(cases.map((c) => c.scenario)).size).toBe(Math.min(CASES, corpus.length));
    const faults = cases.flatMap((c) => c.mutations.map((m) => (m.fault ? String(m.fault.kind) : "edit")));
    for (const k of ["corrupt", "unreadable", "cycle", "edit"]) expect(faults, k).toContain(k);
  });

  it("replays: a case depends only on (seed, index)", () => {
    const a = generateCase(corpus, SEED, 41);
    generateCase(corpus, SEED, 7);
    const b = generateCase(corpus, SEED, 41);
    expect(b).toEqual(a);
    expect(caseScenario(corpus.find((e) => e.name === a.scenario)!, a)).toEqual(caseScenario(corpus.find((e) => e.name === b.scenario)!, b));
    expect(generateCase(corpus, SEED + 1, 41)).not.toEqual(a);
  });
});

/** A stand-in extension: `body` is the alias (gets the dx arguments; "json" last in JSON mode). */
function extension(body: string): string {
  return `"use strict";
function cpuCheck() { var args = Array.prototype.slice.call(arguments); var json = args[args.length - 1] === "json"; ${body} }
function initializeScript() { return [new host.apiVersionSupport(1, 7), new host.functionAlias(cpuCheck, "isaCpuCheck")]; }
function uninitializeScript() {}
`;
}

const GOOD_JSON = `'{"verdict":{"kind":"no-culprit","culprit":null,"confidence":"low","summary":"s"},"contention":[],"dataQuality":{"notes":[]}}'`;
const HONEST = `if (json) { host.diagnostics.debugLog(${GOOD_JSON} + "\\n"); return; } host.diagnostics.debugLog("Verdict: no-culprit\\n");`;

describe("the fuzzer's checks can fail", () => {
  const one = (): FuzzCase => generateCase(corpus, SEED, 0);
  it.each([
    ["an uncaught exception", `throw new Error("boom");`, "crashes", /uncaught/],
    ["no verdict line", `if (json) { host.diagnostics.debugLog(${GOOD_JSON} + "\\n"); return; } host.diagnostics.debugLog("done\\n");`, "malformed", /not "Verdict: \.\.\."/],
    ["a JSON line without the contract keys", `if (json) { host.diagnostics.debugLog('{"verdict":{"kind":"maybe"}}\\n'); return; } host.diagnostics.debugLog("Verdict: x\\n");`, "malformed", /verdict\.kind/],
    ["two JSON lines", `host.diagnostics.debugLog("{}\\n{}\\n");`, "malformed", /not one JSON line/],
    ["a read loop", `for (var i = 0; i < 20000; i++) { try { host.memory.readMemoryValues(host.parseInt64((0x80000000 + i * 4096).toString(16), 16), 1, 1); } catch (e) {} } ${HONEST}`, "overruns", /host calls/],
    ["a command outside the whitelist", `host.namespace.Debugger.Utility.Control.ExecuteCommand("!process 0 0"); ${HONEST}`, "malformed", /whitelist/],
    ["raw DML and control characters", `if (json) { host.diagnostics.debugLog(${GOOD_JSON} + "\\n"); return; } host.diagnostics.debugLog("<exec cmd=\\"x\\">\\u0007\\nVerdict: x\\n");`, "malformed", /raw (markup|control)/],
  ])("%s", (_what, body, bucket, message) => {
    const r = runCase(corpus, one(), extension(body));
    const list = r[bucket as "crashes" | "overruns" | "malformed"];
    expect(list.join("\n")).toMatch(message);
    expect(failed(r)).toBe(true);
  });

  it("an honest stand-in passes", () => {
    expect(failed(runCase(corpus, one(), extension(HONEST)))).toBe(false);
  });

  it("contract and inertness checks", () => {
    expect(checkContract({ verdict: { kind: "culprit", culprit: null, confidence: "high", summary: "x" }, contention: [], dataQuality: { notes: [] } }))
      .toEqual(["verdict.kind culprit without a culprit"]);
    expect(checkContract({ verdict: { kind: "no-culprit", culprit: null, confidence: "low", summary: "x" }, contention: [{ resource: "8a7f3008" }], dataQuality: { notes: [] } }).length).toBeGreaterThan(0);
    expect(checkInert("a\nb\n")).toEqual([]);
    expect(checkInert("a\rb")).toHaveLength(1);
    expect(checkInert("x\u2028y")).toHaveLength(1);
    expect(checkInert("\\x3cexec cmd=...")).toEqual([]);
    expect(checkInert("<link cmd='x'>")).toHaveLength(1);
  });
});
