// Behavioural guard of the host-call budget (issue 5): the bundled extension, run on the bench's scale scenario at
// ~1k and ~5k ERESOURCEs, reads each ERESOURCE page once, no more memory calls than resources, and looks up types,
// reads fields and decodes threads only for what matters (no growth with the dump). No timings: those are the bench's.
// Fixture: test/bench/scale.ts (the shared seed scenario + two contended resources + a seeded background).
import { beforeAll, describe, expect, it } from "vitest";
import { buildDump, type BuiltDump } from "../sim/build-dump";
import { createHost, type HostCounters } from "../sim/host";
import { ensureBundle } from "../sim/run";
import { loadScript } from "../sim/sandbox";
import { parseScenario } from "../sim/scenario";
import { CONTENDED, scaleScenario } from "./scale";

interface Measured {
  dump: BuiltDump;
  counters: HostCounters;
  json: any;
  types: string[];
  /** Page of every memory call. */
  pages: bigint[];
}

function measure(resources: number, processes: number, irps: number): Measured {
  const scale = { name: `${resources}`, resources, processes, threadsPerProcess: 20, irps };
  const dump = buildDump(parseScenario(scaleScenario(scale, 11), `budget:${resources}`));
  const script = ensureBundle();
  const sim = createHost(dump);
  const loaded = loadScript(script.text, sim, { filename: script.path });
  const types: string[] = [];
  const pages: bigint[] = [];
  const memory = sim.host.memory;
  const read = memory.readMemoryValues;
  memory.readMemoryValues = (loc: any, ...rest: unknown[]) => {
    const hex = String(loc.toString(16));
    pages.push(BigInt(hex.startsWith("0x") ? hex : "0x" + hex) & ~0xfffn);
    return read(loc, ...rest);
  };
  const getModuleType = sim.host.getModuleType;
  sim.host.getModuleType = (m: unknown, t: unknown, ...rest: unknown[]) => {
    types.push(`${String(m)}!${String(t)}`);
    return getModuleType(m, t, ...rest);
  };
  sim.resetCounters();
  const r = loaded.invokeAlias("isaCpuCheck", '"json"');
  if (r.error) throw new Error(r.error.line);
  return { dump, counters: { ...sim.counters }, json: JSON.parse(r.console.trim()), types, pages };
}

function pagesOf(addresses: Iterable<bigint>, size: number): Set<bigint> {
  const pages = new Set<bigint>();
  for (const a of addresses) for (let p = a & ~0xfffn; p < a + BigInt(size); p += 0x1000n) pages.add(p);
  return pages;
}

/** Memory calls on pages that hold an ETHREAD and neither an EPROCESS nor an ERESOURCE: thread decoding. */
function threadOnlyCalls(m: Measured): number {
  const L = m.dump.layout;
  const threads = pagesOf(m.dump.processes.flatMap((p) => p.threads.map((t) => t.address)), L.sizeOf("_ETHREAD"));
  for (const p of pagesOf(m.dump.processes.map((p) => p.address), L.sizeOf("_EPROCESS"))) threads.delete(p);
  for (const p of pagesOf(m.dump.resourceList, L.sizeOf("_ERESOURCE"))) threads.delete(p);
  return m.pages.filter((p) => threads.has(p)).length;
}

describe("host-call budget of !isaCpuCheck (bundle, scale scenario)", () => {
  let small: Measured;
  let big: Measured;
  beforeAll(() => {
    small = measure(1000, 10, 100);
    big = measure(5000, 50, 500);
  });

  it("finds the same verdict and contention at both sizes", () => {
    for (const m of [small, big]) {
      expect(m.json.verdict.kind).toBe("culprit");
      expect(m.json.verdict.culprit.module).toBe("idmtdi.sys");
      expect(m.json.contention.map((c: any) => c.resource).sort()).toEqual(CONTENDED.slice().sort());
    }
    expect(big.dump.resourceList.length).toBe(5003);
    expect(big.dump.stats.threads).toBeGreaterThan(small.dump.stats.threads * 4);
  });

  it("makes no more memory calls than ERESOURCEs on the list", () => {
    for (const m of [small, big]) expect(m.counters.memoryCalls).toBeLessThanOrEqual(m.dump.resourceList.length);
  });

  it("reads every page that holds an ERESOURCE exactly once (the walk's floor with a page cache)", () => {
    for (const m of [small, big]) {
      const resourcePages = pagesOf(m.dump.resourceList, m.dump.layout.sizeOf("_ERESOURCE"));
      const calls = m.pages.filter((p) => resourcePages.has(p));
      expect(new Set(calls).size).toBe(resourcePages.size);
      expect(calls.length).toBe(resourcePages.size);
    }
  });

  it("looks each type up once, and type look-ups, field reads and typed objects do not grow with the dump", () => {
    for (const m of [small, big]) expect(new Set(m.types).size).toBe(m.types.length);
    expect(big.counters.typeLookups).toBe(small.counters.typeLookups);
    expect(big.counters.fieldReads).toBe(small.counters.fieldReads);
    expect(big.counters.typedObjects).toBe(0);
    expect(small.counters.typedObjects).toBe(0);
  });

  it("decodes threads, reads stacks and runs commands only for what matters (no growth with 5x the threads)", () => {
    expect(threadOnlyCalls(big)).toBeLessThanOrEqual(threadOnlyCalls(small));
    expect(threadOnlyCalls(small)).toBeGreaterThan(0);
    expect(big.counters.dataModelCalls).toBe(small.counters.dataModelCalls);
    expect(big.counters.dataModelElements).toBe(small.counters.dataModelElements);
    expect(big.counters.commands).toBe(small.counters.commands);
    expect(big.counters.symbolLookups).toBe(small.counters.symbolLookups);
  });
});
