// Decoder tests for src/kernel/processors.ts over the simulator on all three layout sets: KPRCBs found through
// nt!KiProcessorBlock, DPC queues walked (doubly linked up to Windows 7, singly linked on Windows 10), damage counted.
// Fixture: a synthetic scenario written here (a NIC driver's DPC storm on two of four processors).
import { afterEach, describe, expect, it } from "vitest";
import { createJsProviderTarget } from "../../src/host/jsprovider";
import { collectSnapshot } from "../../src/kernel/collect";
import { DumpSnapshot } from "../../src/kernel/records";
import { buildDump, type BuiltDump } from "../sim/build-dump";
import type { OsName } from "../sim/dump";
import { createHost } from "../sim/host";
import { parseScenario } from "../sim/scenario";

const OSES: OsName[] = ["ws2003sp2-x86", "ws2008r2sp1-x64", "win10-2004-x64"];

function scenario(os: OsName): any {
  const pool = os === "ws2003sp2-x86" ? 0x8a000000n : os === "ws2008r2sp1-x64" ? 0xfffffa8010000000n : 0xffff988d80000000n;
  const mods = os === "ws2003sp2-x86" ? 0xb9000000n : os === "ws2008r2sp1-x64" ? 0xfffff88001000000n : 0xfffff80650000000n;
  const T = (n: number) => (pool + BigInt(n) * 0x1000n + 0x20n).toString(16);
  const th = (n: number, state: string, stack: string[]) => ({ object: T(n), tid: (0x100 + n * 4).toString(16), state,
    waitReason: "Executive", kernelTime: "0:00:10.000", userTime: "0:00:01.000", stack });
  return {
    format: "isatriage-scenario/1",
    dump: { os, tickCount: 4518588 },
    modules: [{ name: "nicdrv", image: "nicdrv.sys", base: mods.toString(16), size: "20000", company: "Contoso", symbols: "none" }],
    processes: [
      { name: "app.exe", pid: "200", threads: [
        th(1, "Running", ["nt!KxWaitForSpinLockAndAcquire+0x20", "nt!KeAcquireSpinLockRaiseToDpc+0x30", "nicdrv+0x2040"]),
        th(2, "Waiting", ["nt!KiSwapContext+0x26", "nt!KeWaitForSingleObject+0x346"]),
      ] },
      { name: "other.exe", pid: "300", threads: [th(3, "Running", ["nt!KiSwapContext+0x26", "nicdrv+0x3000"])] },
    ],
    processors: [
      { currentThread: T(1), dpcQueue: ["nicdrv+0x1100", "nicdrv+0x1100", "nt!KiTimerExpiration"] },
      { currentThread: "idle", dpcActive: true, dpcTime: { ticks: 4000000 }, kernelTime: { ticks: 4400000 }, userTime: { ticks: 1 },
        stack: ["nicdrv+0x1180", "nt!KiRetireDpcList+0xd7", "nt!KiIdleLoop+0x10"], dpcQueue: ["nicdrv+0x1100"] },
      { currentThread: T(3) },
      { currentThread: "idle" },
    ],
  };
}

let dumpHost: ReturnType<typeof createHost> | null = null;
function collect(d: BuiltDump, targets = ["app.exe"]): DumpSnapshot {
  dumpHost = createHost(d);
  dumpHost.phase2();
  (globalThis as any).host = dumpHost.host;
  return collectSnapshot(createJsProviderTarget(), { targetNames: targets, topThreads: 8 });
}
afterEach(() => {
  delete (globalThis as any).host;
  dumpHost = null;
});

describe.each(OSES)("processors on %s", (os) => {
  it("decodes every KPRCB: current/idle threads, DPC queues with routines by module, DpcRoutineActive, tick counters", () => {
    const s = collect(buildDump(parseScenario(scenario(os), "p.json")));
    expect(s.processorCount).toBe(4);
    expect(s.processors.map((p) => p.number)).toEqual([0, 1, 2, 3]);
    expect(s.processors.map((p) => p.idle)).toEqual([false, true, false, true]);
    expect(s.processors[0].queuedDpcs.map((d) => d.module)).toEqual(["nicdrv", "nicdrv", "nt"]);
    expect(s.processors[0].queuedDpcs[0].symbol).toBe("nicdrv+0x1100");
    expect(s.processors[0].dpcQueueDepth).toBe(3);
    expect(s.processors[1].dpcActive).toBe(true);
    expect([s.processors[1].dpcTicks, s.processors[1].kernelTicks]).toEqual([4000000, 4400000]);
    // the idle thread's frames are read where a DPC runs on it, nowhere else
    expect(s.processors[1].idleStack!.map((f) => f.text)).toEqual(["nicdrv+0x1180", "nt!KiRetireDpcList+0xd7", "nt!KiIdleLoop+0x10"]);
    expect(s.processors[3].idleStack).toBeNull();
    // Windows 10 names the routine it runs
    if (os === "win10-2004-x64") expect(s.processors[1].currentDpcModule).toBe("nicdrv");
    else expect(s.processors[1].currentDpcRoutine).toBeNull();
    // the current thread of another process is decoded with its stack
    const other = s.threads.find((t) => t.address === s.processors[2].currentThread)!;
    expect(other.processName).toBe("other.exe");
    expect(other.stack!.map((f) => f.module)).toEqual(["nt", "nicdrv"]);
    // stack samples of the target's threads
    expect(s.stackSamples.length).toBe(2);
    expect(s.dataQuality.counts).toEqual({});
  });

  it("a looping DPC queue stops at the loop and is counted; an unreadable KPRCB costs that processor only", () => {
    const d = buildDump(parseScenario(scenario(os), "p.json"));
    const L = d.layout;
    const prcbs = d.objects.filter((o) => o.kind === "processor").map((o) => o.address);
    const dpcs = d.objects.filter((o) => o.kind === "dpc" && o.owner === prcbs[0]).map((o) => o.address);
    const entry = BigInt(L.offset("_KDPC", "DpcListEntry"));
    d.memory.writePtr(dpcs[2] + entry, dpcs[1] + entry); // the last KDPC links back to the second
    d.memory.makeUnreadable(prcbs[2], prcbs[2] + 0x10n);
    const s = collect(d);
    expect(s.processors.map((p) => p.number)).toEqual([0, 1, 3]);
    expect(s.processors[0].queuedDpcs.length).toBe(3);
    expect(s.dataQuality.counts["cycle"]).toBe(1);
    expect(s.dataQuality.counts["read-error"]).toBe(1);
    expect(s.dataQuality.notes.join("\n")).toMatch(/could not read 1 KPRCBs/);
  });

  it("a DpcQueueDepth that disagrees with the queue is said, not trusted", () => {
    const d = buildDump(parseScenario(scenario(os), "p.json"));
    const prcb = d.objects.filter((o) => o.kind === "processor")[0].address;
    d.memory.writeU32(prcb + BigInt(d.layout.offset("_KPRCB", "DpcData[0].DpcQueueDepth")), 5);
    const s = collect(d);
    expect(s.processors[0].queuedDpcs.length).toBe(3);
    expect(s.dataQuality.notes).toContain("processor 0: DpcQueueDepth says 5 queued DPCs, 3 found on the queues");
  });
});
