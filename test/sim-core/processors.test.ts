// The simulator's processors (scenario `processors`, or derived from Running threads): KiProcessorBlock -> KPRCB,
// idle threads, queued KDPCs, laid with each layout set's real offsets and rediscovered here through raw memory.
import { describe, expect, test } from "vitest";
import { buildDump, type BuiltDump } from "../sim/build-dump";
import type { OsName } from "../sim/dump";
import { parseScenario, ScenarioError } from "../sim/scenario";

const OSES: OsName[] = ["ws2003sp2-x86", "ws2008r2sp1-x64", "win10-2004-x64"];

function base(os: OsName) {
  const pool = os === "ws2003sp2-x86" ? 0x8a000000n : os === "ws2008r2sp1-x64" ? 0xfffffa8010000000n : 0xffff988d80000000n;
  const mods = os === "ws2003sp2-x86" ? 0xb9000000n : os === "ws2008r2sp1-x64" ? 0xfffff88001000000n : 0xfffff80650000000n;
  return { T: (n: number) => (pool + BigInt(n) * 0x1000n + 0x20n).toString(16), mods: mods.toString(16) };
}

// Provenance: synthetic, written for these tests: two busy threads of one process, one of them running a NIC
// driver's DPC; the shape of a DPC storm.
function scenario(os: OsName, processors: unknown, dumpProcessors?: number): any {
  const { T, mods } = base(os);
  const thread = (n: number, state: string) => ({ object: T(n), tid: (0x100 + n * 4).toString(16), state, waitReason: "Executive",
    kernelTime: "0:00:10.000", userTime: "0:00:01.000", stack: ["nt!KiSwapContext+0x26", "nicdrv!NicRecv+0x40"] });
  return {
    format: "isatriage-scenario/1",
    dump: { os, tickCount: 4518588, ...(dumpProcessors ? { processors: dumpProcessors } : {}) },
    modules: [{ name: "nicdrv", image: "nicdrv.sys", base: mods, size: "20000", company: "Contoso", symbols: "pdb" }],
    processes: [{ name: "app.exe", pid: "200", threads: [thread(1, "Running"), thread(2, "Waiting"), thread(3, "Running")] }],
    ...(processors === undefined ? {} : { processors }),
  };
}

interface Cpu { prcb: bigint; current: bigint; idle: bigint; dpcActive: number; depth: number; routines: string[]; dpcTime: number; kernelTime: number }

/** Walks KiProcessorBlock and each DPC queue through raw memory and the dump's own type info. */
function cpus(d: BuiltDump): Cpu[] {
  const L = d.layout;
  const m = d.memory;
  const ps = d.pointerSize;
  const n = m.readU32(d.symbolAddress("nt", "KeNumberProcessors")!) & (d.os === "ws2003sp2-x86" ? 0xff : 0xffffffff);
  const block = d.symbolAddress("nt", "KiProcessorBlock")!;
  const out: Cpu[] = [];
  const singly = L.has("_KDPC_DATA", "DpcList");
  for (let i = 0; i < n; i++) {
    const prcb = m.readPtr(block + BigInt(i * ps));
    const o = (f: string) => prcb + BigInt(L.offset("_KPRCB", f));
    const head = o(singly ? "DpcData[0].DpcList.ListHead" : "DpcData[0].DpcListHead");
    const entry = L.offset("_KDPC", "DpcListEntry");
    const routines: string[] = [];
    for (let e = m.readPtr(head), k = 0; e !== 0n && e !== head && k < 300; e = m.readPtr(e), k++) {
      routines.push(d.symbolize(m.readPtr(e - BigInt(entry) + BigInt(L.offset("_KDPC", "DeferredRoutine"))))!);
    }
    out.push({
      prcb, current: m.readPtr(o("CurrentThread")), idle: m.readPtr(o("IdleThread")), dpcActive: m.read(o("DpcRoutineActive"), 1)[0],
      depth: m.readU32(o("DpcData[0].DpcQueueDepth")), routines, dpcTime: m.readU32(o("DpcTime")), kernelTime: m.readU32(o("KernelTime")),
    });
  }
  return out;
}

describe.each(OSES)("processors on %s", (os) => {
  const { T } = base(os);
  test("derived: one processor per Running thread in list order, the rest idle (dump.processors of them)", () => {
    const d = buildDump(parseScenario(scenario(os, undefined, 4), "t.json"));
    const c = cpus(d);
    expect(c.map((x) => x.current)).toEqual([BigInt("0x" + T(1)), BigInt("0x" + T(3)), c[2].idle, c[3].idle]);
    expect(new Set(c.map((x) => x.idle)).size).toBe(4);
    // an idle thread is a KTHREAD of the Idle process, which is not on PsActiveProcessHead
    const L = d.layout;
    const proc = d.memory.readPtr(c[2].idle + BigInt(L.offset("_KTHREAD", "Process")));
    const name = d.memory.read(proc + BigInt(L.offset("_EPROCESS", "ImageFileName")), 4);
    expect(Buffer.from(name).toString("latin1")).toBe("Idle");
    expect(d.processes.some((p) => p.address === proc)).toBe(false);
    expect(c.every((x) => x.depth === 0 && x.routines.length === 0 && x.dpcActive === 0)).toBe(true);
    expect(c.every((x) => x.dpcTime * 20 < x.kernelTime)).toBe(true); // a normal DPC share by default
  });

  test("derived without dump.processors: max(2, Running threads)", () => {
    expect(cpus(buildDump(parseScenario(scenario(os, undefined), "t.json"))).length).toBe(2);
  });

  test("given: current threads, DPC queue in order with routines in the named module, DpcRoutineActive, tick counters", () => {
    const s = scenario(os, [
      { currentThread: T(1), dpcActive: true, dpcTime: { ticks: 900000 }, kernelTime: { ticks: 1000000 }, userTime: { ticks: 10 },
        dpcQueue: ["nicdrv!NicDpc+0x10", "nt!KiTimerExpiration", "nicdrv+0x1234"] },
      { currentThread: "idle", stack: ["nt!KiIdleLoop+0x10"] },
    ]);
    const d = buildDump(parseScenario(s, "t.json"));
    const c = cpus(d);
    expect(c).toHaveLength(2);
    expect(c[0].current).toBe(BigInt("0x" + T(1)));
    expect(c[0].dpcActive).toBe(1);
    expect(c[0].depth).toBe(3);
    expect(c[0].routines).toEqual(["nicdrv!NicDpc+0x10", "nt!KiTimerExpiration", expect.stringMatching(/^nicdrv[!+]/)]);
    expect([c[0].dpcTime, c[0].kernelTime]).toEqual([900000, 1000000]);
    expect(c[1].current).toBe(c[1].idle);
    // the idle processor's frames are served as the data model's Idle process, threads keyed by processor number
    const idle = d.processes.find((p) => p.pid === 0)!;
    expect(idle.name).toBe("Idle");
    expect(idle.threads[1].stack).not.toBe("unavailable");
    expect((idle.threads[1].stack as { text: string }[]).map((f) => f.text)).toEqual(["nt!KiIdleLoop+0x10"]);
  });
});

describe("processors refusals (one line naming the field)", () => {
  const os: OsName = "ws2008r2sp1-x64";
  const { T } = base(os);
  test.each([
    [[{ currentThread: "ffffdeadbeef0000" }], /processors\[0\]\.currentThread: 0xffffdeadbeef0000 is not a listed thread/],
    [[{ currentThread: T(1) }, { currentThread: T(1) }], /processors\[1\]\.currentThread: the thread is already current on processors\[0\]/],
    [[{ currentThread: T(1), stack: ["nt!KiIdleLoop"] }], /processors\[0\]\.stack: only an idle processor's stack/],
    [[{ currentThread: "idle", dpcQueue: ["not a frame"] }], /processors\[0\]\.dpcQueue\[0\]: "not a frame" is not/],
    [[], /processors: is empty/],
  ])("%j", (processors, message) => {
    expect(() => parseScenario(scenario(os, processors), "t.json")).toThrow(ScenarioError);
    expect(() => parseScenario(scenario(os, processors), "t.json")).toThrow(message);
  });
  test("dump.processors must equal the array's length", () => {
    expect(() => parseScenario(scenario(os, [{ currentThread: "idle" }], 2), "t.json")).toThrow(/processors: 1 processors but dump.processors is 2/);
  });
});
