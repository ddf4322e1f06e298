// The processors never change a verdict they have no evidence for: every scenario without a `processors` array is
// run with the derived processors (its Running threads on the first CPUs) and again with every processor idle; the
// verdict kind, culprit and confidence must agree. Fixtures: both scenario corpora (provenance in their READMEs).
import { describe, expect, test } from "vitest";
import { scenarioFiles, loadJson } from "../export/helpers";
import { buildDump } from "../sim/build-dump";
import { runDump } from "../sim/run";
import { parseScenario } from "../sim/scenario";

const cases = scenarioFiles().filter((f) => {
  const j = loadJson(f);
  return !j.processors && j.dump.kind !== "user" && j.dump.ntSymbols !== false;
});

function verdict(j: any, label: string) {
  const r = runDump(buildDump(parseScenario(j, label)), { json: true, arg: j.expect?.arg });
  const v = (r.json as any).verdict;
  return { kind: v.kind, culprit: v.culprit ? v.culprit.module : null, confidence: v.confidence };
}

describe("idle processors add no evidence", () => {
  test("there are scenarios to compare", () => expect(cases.length).toBeGreaterThan(15));
  test.each(cases.map((f) => [f.split("/").pop()!, f]))("%s", (name, f) => {
    const j = loadJson(f);
    const derived = verdict(j, name);
    const n = j.dump.processors ?? 2;
    const idle = { ...j, processors: Array.from({ length: n }, () => ({ currentThread: "idle" })) };
    expect(verdict(idle, name)).toEqual(derived);
  });
});
