// The mock host's counters are honest: every path that reaches the target is counted somewhere, so the bench
// (scripts/bench.ts) and the budget test cannot be fooled by a read path that bypasses them. Fixture: the hand-built
// dump of test/sim-host/fixtures.ts (invented layouts, see its provenance note).
import { describe, expect, it } from "vitest";
import { createHost } from "../sim/host";
import { int64 } from "../sim/int64";
import type { HostCounters } from "../sim/native";
import { makeFixture } from "../sim-host/fixtures";

function ready() {
  const fx = makeFixture({ pointerSize: 8 });
  const sim = createHost(fx.dump);
  sim.setApiVersion(1, 7);
  sim.phase2();
  return { ...fx, sim, host: sim.host as any };
}

/** Counter deltas of `fn`, without the command log. */
function delta(sim: ReturnType<typeof ready>["sim"], fn: () => void): Partial<Record<keyof HostCounters, number>> {
  const before = { ...sim.counters };
  fn();
  const out: Partial<Record<keyof HostCounters, number>> = {};
  for (const k of Object.keys(before) as (keyof HostCounters)[]) {
    if (k === "commandsRun") continue;
    const d = (sim.counters[k] as number) - (before[k] as number);
    if (d !== 0) out[k] = d;
  }
  return out;
}

describe("every round trip to the target is counted", () => {
  it("FromListEntry: each element pulled (one link read) is counted", () => {
    const { host, sim, at } = ready();
    const head = host.createTypedObject(int64(at.listHead), "nt", "_LIST_ENTRY");
    const fromListEntry = host.namespace.Debugger.Utility.Collections.FromListEntry;
    const items = fromListEntry(head, "nt!_ITEM", "Tail.ListEntry");
    const d = delta(sim, () => {
      for (const _ of items) void _;
    });
    expect(d.dataModelElements).toBe(at.items.length);
    expect(d.dataModelCalls).toBe(1); // the iteration itself
  });

  it("Processes / Threads / Stack.Frames iteration counts each element", () => {
    const { host, sim } = ready();
    const procs = host.currentSession.Processes;
    let n = 0;
    const d = delta(sim, () => {
      for (const _ of procs) n++;
    });
    expect(n).toBeGreaterThan(0);
    expect(d.dataModelElements).toBe(n);
  });

  it("ExecuteCommand output: each line pulled is counted", () => {
    const { host, sim } = ready();
    const exec = host.namespace.Debugger.Utility.Control.ExecuteCommand;
    let lines = 0;
    const d = delta(sim, () => {
      for (const _ of exec("lm")) lines++;
    });
    expect(d.commands).toBe(1);
    expect(d.dataModelElements).toBe(lines);
  });

  it.each([
    ["obj.getObjectValue('Long') (lookup + the read it makes)", (o: any) => void o.getObjectValue("Long"), { fieldReads: 2 }],
    ["obj.Long", (o: any) => void o.Long, { fieldReads: 1 }],
    ["obj.Next.dereference() (lookups + the read it makes)", (o: any) => void o.Next.dereference(), { fieldReads: 2, dataModelCalls: 1 }],
    ["String(obj) (lookup + the call)", (o: any) => void String(o), { fieldReads: 1, dataModelCalls: 1 }],
  ])("typed object: %s", (_name, fn, want) => {
    const { host, sim, at } = ready();
    const obj = host.createTypedObject(int64(at.test), "nt", "_TEST");
    const d = delta(sim, () => fn(obj));
    expect({ fieldReads: d.fieldReads, dataModelCalls: d.dataModelCalls ?? 0 }).toEqual({ dataModelCalls: 0, ...want });
  });

  it("a getObjectValue function kept aside still counts every read", () => {
    const { host, sim, at } = ready();
    const obj = host.createTypedObject(int64(at.test), "nt", "_TEST");
    const get = obj.getObjectValue;
    const d = delta(sim, () => {
      for (let i = 0; i < 10; i++) get("Long");
    });
    expect(d.fieldReads).toBe(10);
  });

  it("host.memory reads count calls and bytes, byte reads arrive as the script realm's Uint8Array", () => {
    const { host, sim, at } = ready();
    let bytes: any;
    const d = delta(sim, () => {
      bytes = host.memory.readMemoryValues(int64(at.test), 16, 1);
    });
    expect(d).toEqual({ memoryCalls: 1, memoryBytes: 16 });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(bytes as Uint8Array)).toEqual(Array.from(host.memory.readMemoryValues(int64(at.test), 4, 4), (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]).flat());
  });
});
