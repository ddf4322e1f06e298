// The background's two pool layouts (test/sim/background.ts): "packed" ERESOURCE slots in list order, and the
// realistic "scattered" pool (embedded in bigger allocations, pool reuse), as the bench (scripts/bench.ts) uses them.
import { describe, expect, test } from "vitest";
import { buildDump } from "../sim/build-dump";
import type { OsName } from "../sim/dump";
import { parseScenario, ScenarioError } from "../sim/scenario";

const OSES: OsName[] = ["ws2003sp2-x86", "ws2008r2sp1-x64", "win10-2004-x64"];
// Provenance: synthetic; an empty scenario with 3000 background resources.
const scenario = (os: OsName, pool?: string) => ({ format: "isatriage-scenario/1", dump: { os }, background: { seed: 7, resources: 3000, ...(pool ? { pool } : {}) } });

describe.each(OSES)("background pool on %s", (os) => {
  test("scattered: spread over many more pages than packed, never across a page, list order not address order", () => {
    const packed = buildDump(parseScenario(scenario(os), "p.json"));
    const scattered = buildDump(parseScenario(scenario(os, "scattered"), "s.json"));
    const size = BigInt(scattered.layout.sizeOf("_ERESOURCE"));
    const pages = (l: bigint[]) => new Set(l.map((a) => a >> 12n)).size;
    expect(scattered.resourceList.length).toBe(3000);
    expect(pages(scattered.resourceList)).toBeGreaterThan(pages(packed.resourceList) * 10);
    for (const a of scattered.resourceList) expect((a + size - 1n) >> 12n).toBe(a >> 12n);
    let backwards = 0;
    for (let i = 1; i < scattered.resourceList.length; i++) if (scattered.resourceList[i] < scattered.resourceList[i - 1]) backwards++;
    expect(backwards).toBeGreaterThan(300); // pool reuse: about 1 in 4 goes back to an earlier page
    let packedBackwards = 0;
    for (let i = 1; i < packed.resourceList.length; i++) if (packed.resourceList[i] < packed.resourceList[i - 1]) packedBackwards++;
    expect(packedBackwards).toBe(0);
    // every resource is a real, linked ERESOURCE: the list walk through memory finds them all, in order
    const m = scattered.memory;
    const head = scattered.symbolAddress("nt", "ExpSystemResourcesList")!;
    const seen: bigint[] = [];
    for (let e = m.readPtr(head); e !== head && seen.length < 5000; e = m.readPtr(e)) seen.push(e);
    expect(seen).toEqual(scattered.resourceList);
  });
});

test("pool must be packed or scattered", () => {
  expect(() => parseScenario(scenario("ws2003sp2-x86", "random"), "x.json")).toThrow(ScenarioError);
  expect(() => parseScenario(scenario("ws2003sp2-x86", "random"), "x.json")).toThrow(/background\.pool: "random" is not "packed" or "scattered"/);
});
