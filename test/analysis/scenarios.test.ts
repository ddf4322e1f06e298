// The shared scenarios' `expect` blocks, checked two ways: on records built straight from each scenario file (the
// analysis rules alone), and through the real decoders over the simulator (collectSnapshot → analyze), which
// catches drift between what src/kernel produces and what src/analysis expects.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { analyze } from "../../src/analysis";
import { createJsProviderTarget } from "../../src/host/jsprovider";
import { collectSnapshot } from "../../src/kernel/collect";
import { DumpSnapshot } from "../../src/kernel/records";
import { toContractJson } from "../../src/report/json";
import { buildDump } from "../sim/build-dump";
import { createHost } from "../sim/host";
import { parseScenario } from "../sim/scenario";
import { loadScenario } from "./scenario-records";

const DIR = "/work/shared/scenarios";
const files = readdirSync(DIR).filter((f) => f.endsWith(".json"));

const base = (image: string) => image.replace(/\.[^.]*$/, "").toLowerCase();

/* eslint-disable @typescript-eslint/no-explicit-any */
function checkExpect(ex: any, snapshot: DumpSnapshot): void {
  const a = analyze(snapshot, { topThreads: 10 });
  const j = toContractJson(a);
  expect(ex.verdict).toContain(j.verdict.kind);
  if (ex.culprit === null) expect(j.verdict.culprit).toBeNull();
  else expect(ex.culprit.map((c: string) => c.toLowerCase())).toContain(base(j.verdict.culprit!.module));
  if (j.verdict.culprit) {
    for (const m of ex.mustNotBlame || []) expect(base(j.verdict.culprit.module)).not.toBe(m.toLowerCase());
  }
  if (ex.noContention) expect(j.contention).toEqual([]);
  for (const c of ex.contention || []) {
    const got = j.contention.filter((x) => x.resource === "0x" + c.resource)[0];
    expect(got, "contention entry for " + c.resource).toBeDefined();
    expect(got.owners.slice().sort()).toEqual(c.owners.map((o: string) => "0x" + o).sort());
    for (const w of c.exclusiveWaitersInclude || []) expect(got.exclusiveWaiters).toContain("0x" + w);
    for (const w of c.sharedWaitersInclude || []) expect(got.sharedWaiters).toContain("0x" + w);
    for (const o of c.notOwners || []) expect(got.owners).not.toContain("0x" + o);
  }
  for (const r of ex.notContended || []) expect(j.contention.map((x) => x.resource)).not.toContain("0x" + r);
  if (ex.deadlockCycle) expect(a.deadlocks.length).toBeGreaterThan(0);
  if (ex.confidenceAtMost && j.verdict.culprit) {
    const rank = { low: 0, medium: 1, high: 2 } as const;
    expect(rank[j.verdict.confidence]).toBeLessThanOrEqual(rank[ex.confidenceAtMost as "low"]);
  }
}

describe("shared scenarios, records built from the file", () => {
  test("there are scenarios to check", () => expect(files.length).toBeGreaterThanOrEqual(3));
  for (const f of files) {
    test(f, () => {
      const { scenario, snapshot } = loadScenario(join(DIR, f));
      checkExpect(scenario.expect, snapshot);
    });
  }
});

describe("shared scenarios, through the decoders over the simulator", () => {
  afterEach(() => {
    delete (globalThis as any).host;
  });
  for (const f of files) {
    test(f, () => {
      const json = JSON.parse(readFileSync(join(DIR, f), "utf8"));
      const sim = createHost(buildDump(parseScenario(json, f)));
      sim.phase2();
      (globalThis as any).host = sim.host;
      const target = json.expect && json.expect.arg ? JSON.parse(json.expect.arg) : "wspsrv.exe";
      const snapshot = collectSnapshot(createJsProviderTarget(), { targetNames: [target], topThreads: 10 });
      checkExpect(json.expect, snapshot);
    });
  }
});
