// Tests of the mock data model (test/sim/datamodel.ts): sessions, processes, threads, frames, modules, FromListEntry.
import { describe, expect, it } from "vitest";
import { createHost } from "../sim/host";
import { int64, isInt64 } from "../sim/int64";
import { makeFixture } from "./fixtures";

function ready(options: Parameters<typeof makeFixture>[0] = {}) {
  const fx = makeFixture(options);
  const sim = createHost(fx.dump);
  sim.phase2();
  return { ...fx, sim, host: sim.host as any };
}

describe("session", () => {
  it.each([
    ["kernel", 8, true, false],
    ["kernel", 4, true, false],
    ["user", 8, false, true],
  ] as const)("%s dump, pointer size %i", (kind, ps, isKernel, isUser) => {
    const { host } = ready({ kind, pointerSize: ps });
    const s = host.currentSession;
    expect(s.Attributes.Target.IsKernelTarget).toBe(isKernel);
    expect(s.Attributes.Target.IsUserTarget).toBe(isUser);
    expect(s.Attributes.Machine.PointerSize).toBe(ps);
  });
  it("namespace.Debugger.Sessions[0] is the session (an ordinal-keyed collection is indexable)", () => {
    const { host } = ready();
    const s = host.namespace.Debugger.Sessions.First();
    expect(s.Processes.Count()).toBe(2);
    expect(host.namespace.Debugger.Sessions.getValueAt(0).Processes.Count()).toBe(2);
    expect(host.namespace.Debugger.Sessions[0].Attributes.Machine.PointerSize).toBe(8);
    expect(host.namespace.Debugger.Sessions[1]).toBeUndefined();
  });
});

describe("processes", () => {
  it("iterate with for...of and LINQ; Id is a number, Name a string", () => {
    const { host } = ready();
    const procs = host.currentSession.Processes;
    const names: string[] = [];
    for (const p of procs) names.push(p.Name);
    expect(names).toEqual(["System", "wspsrv.exe"]);
    expect(procs.Where((p: any) => p.Name === "wspsrv.exe").First().Id).toBe(0x1074);
    expect(procs.Select((p: any) => p.Id).First()).toBe(4);
    expect(procs.Any((p: any) => p.Id === 0x1074)).toBe(true);
    expect(procs.Any((p: any) => p.Id === 1)).toBe(false);
    expect(() => procs.First((p: any) => p.Id === 1)).toThrow();
    expect(Array.from(procs).length).toBe(2);
  });
  it("keyed by PID through getValueAt only; JS indexing gives undefined", () => {
    const { host } = ready();
    const procs = host.currentSession.Processes;
    expect(procs.getValueAt(0x1074).Name).toBe("wspsrv.exe");
    expect(procs.getValueAt(int64(4n)).Name).toBe("System");
    expect(procs[4]).toBeUndefined();
    expect(procs[0]).toBeUndefined();
    expect(() => procs.getValueAt(99)).toThrow();
  });
  it("KernelObject is the typed _EPROCESS; currentProcess is System", () => {
    const { host, at } = ready();
    const sys = host.currentProcess;
    expect(sys.Name).toBe("System");
    expect(sys.KernelObject.address.toString(16)).toBe("0x" + at.eprocess.toString(16));
    expect(sys.KernelObject.UniqueProcessId.address.toString(16)).toBe("0x4");
    expect(host.currentThread.Id).toBe(8);
  });
  it("a user dump has no KernelObject", () => {
    const { host } = ready({ kind: "user" });
    expect(host.currentSession.Processes.First().KernelObject).toBeUndefined();
  });
  it("Modules list the kernel modules: Name is the path, BaseAddress Int64, Size number", () => {
    const { host } = ready();
    const mods = Array.from(host.currentProcess.Modules) as any[];
    expect(mods.map((m) => m.Name)).toEqual(["ntkrnlmp.exe", "\\SystemRoot\\system32\\DRIVERS\\idmtdi.sys", "\\SystemRoot\\system32\\drivers\\afd.sys"]);
    expect(isInt64(mods[1].BaseAddress)).toBe(true);
    expect(mods[1].BaseAddress.toString(16)).toBe("0xfffff88003e00000");
    expect(mods[1].Size).toBe(0x8000);
  });
});

describe("threads and stacks", () => {
  it("Threads keyed by TID; KernelObject is the typed _ETHREAD", () => {
    const { host, at } = ready();
    const app = host.currentSession.Processes.getValueAt(0x1074);
    expect(app.Threads.Count()).toBe(2);
    const t = app.Threads.getValueAt(0x18a8);
    expect(t.Id).toBe(0x18a8);
    expect(t.KernelObject.address.toString(16)).toBe("0x" + (at.ethread + 0x40n).toString(16));
    expect(app.Threads[0x18a8]).toBeUndefined();
  });
  it("Stack.Frames is iterable and indexable; frames display like dx (spaces around +)", () => {
    const { host, dump } = ready();
    const t = host.currentSession.Processes.getValueAt(0x1074).Threads.getValueAt(0x18a8);
    const frames = t.Stack.Frames;
    expect(Array.from(frames).map((f: any) => f.toString())).toEqual(["nt!KiSwapContext + 0x26", "idmtdi + 0x1063", "0x7c82860c"]);
    expect(frames[1].toString()).toBe("idmtdi + 0x1063");
    expect(frames[3]).toBeUndefined();
    expect(frames.Count()).toBe(3);
    const off = frames[1].Attributes.InstructionOffset;
    expect(isInt64(off)).toBe(true);
    expect(off.toString(16)).toBe("0x" + (dump.modules[1].base + 0x1063n).toString(16));
    expect(frames[2].Attributes.FrameNumber).toBe(2);
  });
  it("an unavailable stack throws when Frames is read", () => {
    const { host } = ready();
    const t = host.currentSession.Processes.getValueAt(0x1074).Threads.getValueAt(0x18c8);
    const stack = t.Stack;
    expect(() => stack.Frames).toThrow(/stack/);
    expect(t.toString()).toBe("<Unable to get stack trace>");
  });
});

describe("FromListEntry", () => {
  it("follows Flinks from a _LIST_ENTRY object, skipping the head, with a dotted field path", () => {
    const { host, at } = ready();
    const head = host.createTypedObject(int64(at.listHead), "nt", "_LIST_ENTRY");
    const items = host.namespace.Debugger.Utility.Collections.FromListEntry(head, "nt!_ITEM", "Tail.ListEntry");
    const values = Array.from(items).map((i: any) => i.Value);
    expect(values).toEqual([100, 101, 102]);
    expect(items.Count()).toBe(3);
    expect(items.First().address.toString(16)).toBe("0x" + at.items[0].toString(16));
  });
  it("is lazy and a cycle iterates forever (bounded by the caller)", () => {
    const { host, at, mem } = ready();
    mem.writeU64(at.items[2] + 0x18n, at.items[0] + 0x18n); // last item loops to the first, never the head
    const head = host.createTypedObject(int64(at.listHead), "nt", "_LIST_ENTRY");
    const items = host.namespace.Debugger.Utility.Collections.FromListEntry(head, "nt!_ITEM", "Tail.ListEntry");
    let n = 0;
    for (const _ of items) if (++n >= 1000) break;
    expect(n).toBe(1000);
  });
  it("a link into unreadable memory: that entry's fields throw, advancing past it throws", () => {
    const { host, at, mem } = ready();
    mem.writeU64(at.items[1] + 0x18n, at.unreadable + 0x100n);
    const head = host.createTypedObject(int64(at.listHead), "nt", "_LIST_ENTRY");
    const items = host.namespace.Debugger.Utility.Collections.FromListEntry(head, "nt!_ITEM", "Tail.ListEntry");
    const it = items[Symbol.iterator]();
    expect(it.next().value.Value).toBe(100);
    expect(it.next().value.Value).toBe(101);
    const bad = it.next().value;
    expect(() => bad.Value).toThrow(/Unable to read memory/);
    expect(() => it.next()).toThrow(/Unable to read memory/);
  });
  it.each([
    ["a pointer as head", (h: any, o: any) => [o.Links.Flink, "nt!_ITEM", "Tail.ListEntry"]],
    ["a non-list struct as head", (h: any, o: any) => [o, "nt!_ITEM", "Tail.ListEntry"]],
    ["a type without module", (h: any) => [h, "_ITEM", "Tail.ListEntry"]],
    ["an unknown field", (h: any) => [h, "nt!_ITEM", "Tail.Nope"]],
  ])("rejects %s", (_n, args) => {
    const { host, at } = ready();
    const head = host.createTypedObject(int64(at.listHead), "nt", "_LIST_ENTRY");
    const o = host.createTypedObject(int64(at.test), "nt", "_TEST");
    expect(() => host.namespace.Debugger.Utility.Collections.FromListEntry(...args(head, o))).toThrow();
  });
});

describe("data-model counting", () => {
  it("property reads and method calls are counted", () => {
    const { host, sim } = ready();
    const procs = host.currentSession.Processes; // currentSession, Processes
    const reads = sim.counters.fieldReads;
    procs.Count();
    expect(sim.counters.fieldReads).toBe(reads + 1); // "Count"
    expect(sim.counters.dataModelCalls).toBeGreaterThanOrEqual(1);
  });
});
