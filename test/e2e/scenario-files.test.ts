// Checks the scenario files themselves, without the extension: each parses (test/sim/scenario.ts) and builds
// (test/sim/build-dump.ts), its `expect` block agrees with its own facts (an expected owner really owns, a culprit is a
// listed non-Microsoft module, a deadlock really closes), and test/scenarios/README.md documents every file.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenario, parseScenario } from "../sim/scenario";
import { buildDump } from "../sim/build-dump";
import type { Expect } from "./expect";
import { checkScenarioExpect } from "./consistency";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SHARED = resolve(repo, "../shared/scenarios");
const OWN = resolve(repo, "test/scenarios");
const list = (d: string) => (existsSync(d) ? readdirSync(d).filter((f) => f.endsWith(".json")).sort().map((f) => join(d, f)) : []);
const files = [...list(SHARED), ...list(OWN)];
describe.each(files.map((f) => [basename(f), f]))("%s", (name, path) => {
  it("parses, builds, and its expect block agrees with its facts", () => {
    const s = loadScenario(path);
    const dump = buildDump(s);
    expect(dump.os).toBe(s.dump.os);
    const raw = JSON.parse(readFileSync(path, "utf8"));
    expect(raw.expect, `${name} has no expect block`).toBeTruthy();
    expect(checkScenarioExpect(s, raw.expect as Expect)).toEqual([]);
  });
});

describe("test/scenarios provenance", () => {
  const readme = readFileSync(join(OWN, "README.md"), "utf8");
  it.each(list(OWN).map((f) => [basename(f), f]))("%s has title, source, notes and a README entry", (name, path) => {
    const raw = JSON.parse(readFileSync(path, "utf8"));
    for (const k of ["title", "source", "notes"]) {
      expect(typeof raw[k] === "string" && raw[k].length > 20, `${name}: ${k}`).toBe(true);
    }
    expect(readme.includes("`" + name + "`"), `README.md mentions ${name}`).toBe(true);
  });
  it("covers all three layout sets", () => {
    const oses = new Set(list(OWN).map((f) => JSON.parse(readFileSync(f, "utf8")).dump.os));
    expect([...oses].sort()).toEqual(["win10-2004-x64", "ws2003sp2-x86", "ws2008r2sp1-x64"]);
  });
});

describe("checkScenarioExpect can fail", () => {
  // A small hand-made scenario (parsed by the real parser): 82000008 owned by T1 (81000020), waited on by T2 exclusively
  // and T3 shared; 82000108 held by T3 with no waiters; 82000208 owned by T2 and waited on by T1, which closes a cycle
  // T1 -> T2 -> T1 (dropping 82000208 opens it).
  const doc = {
    format: "isatriage-scenario/1",
    dump: { os: "ws2003sp2-x86" },
    modules: [
      { name: "nt", image: "ntkrnlpa.exe", base: "80800000", size: "1d0000", company: "Microsoft Corporation", symbols: "pdb" },
      { name: "xflt", image: "xflt.sys", base: "ba000000", size: "8000", symbols: "none" },
    ],
    processes: [{ name: "app.exe", pid: "10", threads: ["81000020", "81000320", "81000620"].map((t, i) => ({
      object: t, tid: String(0x14 + i * 4), state: "Waiting", waitReason: "WrResource", kernelTime: "0:00:01.000",
      userTime: "0:00:01.000", stack: ["nt!KiSwapContext+0x26"] })) }],
    resources: [
      { object: "82000008", exclusive: true, owners: [{ thread: "81000020" }], exclusiveWaiters: ["81000320"], sharedWaiters: ["81000620"] },
      { object: "82000108", owners: [{ thread: "81000620" }] },
      { object: "82000208", exclusive: true, owners: [{ thread: "81000320" }], exclusiveWaiters: ["81000020"] },
    ],
  };
  const s = parseScenario(doc, "hand-made");
  const ok: Expect = {
    verdict: ["culprit"], culprit: ["xflt"], mustNotBlame: ["nt"], deadlockCycle: true, notContended: ["82000108"],
    contention: [{ resource: "82000008", owners: ["81000020"], exclusiveWaitersInclude: ["81000320"],
      sharedWaitersInclude: ["81000620"], notOwners: ["81000320", "81000620"] }],
  };
  it.each([
    ["a consistent block passes", ok, null],
    ["unknown verdict kind", { ...ok, verdict: ["guilty"] }, /not a non-empty list/],
    ["culprit not a module", { ...ok, culprit: ["nosuch"] }, /not a module of the scenario/],
    ["culprit is Microsoft", { ...ok, culprit: ["nt"], mustNotBlame: [] }, /is a Microsoft module/],
    ["culprit also mustNotBlame", { ...ok, mustNotBlame: ["xflt.sys"] }, /both culprit and mustNotBlame/],
    ["culprit without a culprit verdict", { ...ok, verdict: ["no-culprit"] }, /verdict cannot be culprit/],
    ["wrong owners", { ...ok, contention: [{ resource: "82000008", owners: ["81000320"] }] }, /expected owners/],
    ["a waiter that is not one", { ...ok, contention: [{ resource: "82000008", exclusiveWaitersInclude: ["81000620"] }] }, /not an exclusive waiter/],
    ["a shared waiter that is not one", { ...ok, contention: [{ resource: "82000008", sharedWaitersInclude: ["81000320"] }] }, /not a shared waiter/],
    ["a notOwner that owns", { ...ok, contention: [{ resource: "82000008", notOwners: ["81000020"] }] }, /notOwner 81000020 owns it/],
    ["unknown resource", { ...ok, contention: [{ resource: "0x9999" }] }, /not a resource of the scenario/],
    ["contention on a resource without waiters", { ...ok, contention: [{ resource: "82000108" }] }, /has no waiters/],
    ["noContention while waiters exist", { verdict: ["no-culprit"], culprit: null, noContention: true }, /noContention, but 82000008/],
    ["notContended with waiters", { ...ok, notContended: ["82000008"] }, /notContended 82000008 has waiters/],
    ["blocking component not a module", { ...ok, blockingComponent: ["nosuch"] }, /blocking component "nosuch" is not a module/],
    ["blocking component not Microsoft", { ...ok, blockingComponent: ["xflt"] }, /is not a Microsoft module/],
    ["a lead that is not a module", { ...ok, leadsInclude: ["nosuch"] }, /lead "nosuch" is not a module/],
    ["a lead that is the culprit", { ...ok, leadsInclude: ["xflt"] }, /both culprit and lead/],
    ["bad confidence level", { ...ok, confidenceAtMost: "sure" as never }, /is not a level/],
    ["not-applicable for a normal kernel dump", { verdict: ["not-applicable"], culprit: null }, /not-applicable expected/],
  ] as [string, Expect, RegExp | null][])("%s", (_n, e, fails) => {
    const problems = checkScenarioExpect(s, e);
    if (fails === null) expect(problems).toEqual([]);
    else expect(problems.join("\n")).toMatch(fails);
  });
  it("a deadlockCycle that does not close fails", () => {
    const noCycle = parseScenario({ ...doc, resources: doc.resources.slice(0, 2) }, "hand-made");
    expect(checkScenarioExpect(noCycle, { verdict: ["culprit"], deadlockCycle: true }).join("\n")).toMatch(/form no cycle/);
  });
});
