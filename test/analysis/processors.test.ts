// Table tests of the processor rules (src/analysis/processors.ts) on hand-built snapshots: on-cpu, spin-lock storm,
// DPC/interrupt share, stack groups — each row a shape and what the evidence and verdict must say.
import { describe, expect, test } from "vitest";
import { analyze, Analysis } from "../../src/analysis";
import { ProcessorRecord, StackSample, ThreadRecord } from "../../src/kernel/records";
import { isSpinFrame } from "../../src/analysis/model";
import { frames, mod, snap, thr } from "./fixtures";

const NT = () => mod("nt", "ntoskrnl.exe", "80800000", 0x200000, true);
const TP = () => mod("tpdrv", "tpdrv.sys", "f7a00000", 0x10000, false);
const TP2 = () => mod("tpnet", "tpnet.sys", "f7b00000", 0x10000, false);
const MS = () => mod("Ntfs", "Ntfs.sys", "f7c00000", 0x10000, true);
const NDIS = () => mod("ndis", "ndis.sys", "f7d00000", 0x10000, true);
const P = "89f4ead8";
const OTHER = "89f50000";
const procs = [{ address: P, pid: 0x1074, name: "wspsrv.exe" }, { address: OTHER, pid: 4, name: "System" }];
const SPIN = (m: string) => ["nt!KxWaitForSpinLockAndAcquire+0x2e", "nt!KeAcquireSpinLockRaiseToDpc+0x42", m + "!Take+0x10", "nt!IofCallDriver+0x45"];
const RUN = (m: string) => [m + "!Loop+0x20", m + "!Work+0x10", "nt!ExpWorkerThread+0x111"];

let n = 0;
function cpu(current: string | "idle", o: Partial<ProcessorRecord> = {}): ProcessorRecord {
  const k = n++;
  return {
    number: k, prcb: "ffdff" + (0x120 + k * 0x1000).toString(16), currentThread: current === "idle" ? "8055" + (0x1000 + k).toString(16) : current,
    nextThread: null, idleThread: "8055" + (0x1000 + k).toString(16), idle: current === "idle",
    kernelTicks: 1000000, userTicks: 200000, dpcTicks: 4000, interruptTicks: 2000, dpcActive: false,
    currentDpcRoutine: null, currentDpcSymbol: null, currentDpcModule: null, dpcQueueDepth: 0, queuedDpcs: [], idleStack: null, ...o,
  };
}
/** A System thread (not the target) running `stack`. */
function sys(addr: string, stack: string[]): ThreadRecord {
  return thr(addr, { proc: OTHER, pid: 4, tid: parseInt(addr.slice(-3), 16), procName: "System", state: "Running", kernel: 100, stack });
}
function run(threads: ThreadRecord[], processors: ProcessorRecord[], o: { samples?: StackSample[]; modules?: ReturnType<typeof mod>[] } = {}): Analysis {
  n = 0;
  return analyze(snap({ processes: procs, targets: [P], threads, processors, stackSamples: o.samples, modules: o.modules || [NT(), TP(), TP2(), MS(), NDIS()] }), { topThreads: 10 });
}
const items = (a: Analysis, kind: string) =>
  a.suspects.flatMap((s) => s.items.filter((i) => i.kind === kind).map((i) => ({ module: s.module, weight: i.weight })));

describe("on-cpu: the code processors run", () => {
  const four = (k: number, m: string) => {
    const ts = [0, 1, 2, 3].slice(0, k).map((i) => sys("8600" + i + "020", RUN(m)));
    n = 0;
    return { ts, cpus: [0, 1, 2, 3].map((i) => (i < k ? cpu(ts[i].address) : cpu("idle"))) };
  };
  test.each([
    ["3 of 4 processors in a third-party module: enough alone, culprit", 3, "tpdrv", 4, "culprit"],
    ["2 of 4: half the processors still count as most", 2, "tpdrv", 4, "culprit"],
    ["1 of 4: what any busy server shows, no item", 1, "tpdrv", null, "no-culprit"],
    ["3 of 4 in a Microsoft module: never a culprit", 3, "Ntfs", 4, "no-culprit"],
  ] as const)("%s", (_name, k, m, weight, verdict) => {
    const { ts, cpus } = four(k, m);
    const a = run(ts, cpus);
    const got = items(a, "on-cpu").filter((i) => i.module === m);
    expect(got.length ? got[0].weight : null).toBe(weight);
    expect(a.verdict.kind).toBe(verdict);
    if (verdict === "culprit") expect(a.verdict.summary).toMatch(/runs on \d of 4 processors/);
  });

  test("2 of 8: several processors, not enough alone (1.5)", () => {
    n = 0;
    const ts = [sys("86000020", RUN("tpdrv")), sys("86001020", RUN("tpdrv"))];
    const a = run(ts, [cpu(ts[0].address), cpu(ts[1].address), ...[2, 3, 4, 5, 6, 7].map(() => cpu("idle"))]);
    expect(items(a, "on-cpu")).toEqual([{ module: "tpdrv", weight: 1.5 }]);
    expect(a.verdict.kind).toBe("no-culprit");
  });

  test("a processor whose current thread is already a hot target thread is that evidence, not a second kind", () => {
    n = 0;
    const hot = [0, 1, 2].map((i) => thr("8700" + i + "020", { proc: P, state: "Running", kernel: 50, stack: RUN("tpdrv") }));
    const a = run(hot, [cpu(hot[0].address), cpu(hot[1].address), cpu(hot[2].address), cpu("idle")]);
    expect(items(a, "on-cpu")).toEqual([]);
    expect(a.suspects[0].kinds).toEqual(["hot-thread-stack"]);
  });
});

describe("spin-lock storm: spinners grouped by the module whose code acquires", () => {
  test("spinners from several modules: no culprit from them, and the verdict says why", () => {
    n = 0;
    const ts = [sys("86000020", SPIN("tpdrv")), sys("86001020", SPIN("tpnet")), sys("86002020", SPIN("Ntfs")), sys("86003020", SPIN("tpdrv"))];
    const a = run(ts, ts.map((t) => cpu(t.address)));
    expect(a.processors.spin!.modules.sort()).toEqual(["Ntfs", "tpdrv", "tpnet"]);
    expect(a.processors.spin!.lead).toBeNull();
    expect(items(a, "spin-lock-storm")).toEqual([]);
    expect(items(a, "on-cpu")).toEqual([]); // spinning processors do not run their module's work
    expect(a.verdict.kind).toBe("no-culprit");
    expect(a.verdict.summary).toMatch(/spin-lock storm: 4 processors\/threads spin acquiring from 3 modules' code .*one lock taken from many places/);
  });

  test("every spinner from one module and nothing else runs: that module is the lead (3, below the threshold alone)", () => {
    n = 0;
    const ts = [sys("86000020", SPIN("tpdrv")), sys("86001020", SPIN("tpdrv")), sys("86002020", SPIN("tpdrv"))];
    const a = run(ts, [...ts.map((t) => cpu(t.address)), cpu("idle")]);
    expect(a.processors.spin!.lead).toBe("tpdrv");
    expect(items(a, "spin-lock-storm")).toEqual([{ module: "tpdrv", weight: 3 }]);
    expect(a.verdict.kind).toBe("no-culprit");
    expect(a.verdict.summary).toMatch(/strongest lead: tpdrv\.sys/);
  });

  test("one module's spinners while other code runs elsewhere: no lead (the holder may be that other code)", () => {
    n = 0;
    const ts = [sys("86000020", SPIN("tpdrv")), sys("86001020", SPIN("tpdrv")), sys("86002020", RUN("tpnet")), sys("86003020", RUN("tpnet"))];
    const a = run(ts, ts.map((t) => cpu(t.address)));
    expect(a.processors.spin!.lead).toBeNull();
    expect(items(a, "spin-lock-storm")).toEqual([]);
  });

  test("a single spinner is no storm", () => {
    n = 0;
    const ts = [sys("86000020", SPIN("tpdrv"))];
    expect(run(ts, [cpu(ts[0].address), cpu("idle")]).processors.spin).toBeNull();
  });
});

describe("DPC / interrupt share", () => {
  const HEAVY = { dpcTicks: 900000, interruptTicks: 50000, kernelTicks: 1000000, userTicks: 10000 };
  const dpcStack = ["tpnet+0x1a20", "ndis!ndisInterruptDpc+0x1a1", "nt!KiRetireDpcList+0x1c3", "nt!KiIdleLoop+0x5a"];
  test.each([
    ["the module's DPC runs on heavy processors (its code above nt!KiRetireDpcList): 3, with on-cpu a culprit", true, true, 3, "culprit"],
    ["running on processors with a normal share: no item", true, false, null, "culprit"],
    ["only queued on heavy processors: 1.5", false, true, 1.5, "no-culprit"],
  ] as const)("%s", (_name, running, heavy, weight, verdict) => {
    n = 0;
    const q = [{ dpc: "8a000100", routine: "f7b01000", symbol: "tpnet+0x1000", module: "tpnet" }];
    const cpus = [0, 1, 2, 3].map(() =>
      cpu("idle", { ...(heavy ? HEAVY : {}), ...(running ? { dpcActive: true, idleStack: frames(dpcStack) } : { queuedDpcs: q }) }));
    const a = run([], cpus);
    const got = items(a, "dpc-share").filter((i) => i.module === "tpnet");
    expect(got.length ? got[0].weight : null).toBe(weight);
    if (running) expect(items(a, "on-cpu")).toEqual([{ module: "tpnet", weight: 4 }]);
    expect(a.verdict.kind).toBe(verdict);
    // ndis dispatches the DPC: never the running code, never a culprit
    expect(a.verdict.culprit === null || a.verdict.culprit.name !== "ndis").toBe(true);
  });

  test("Windows 10's CurrentDpcRoutine names the module when the stack does not show it", () => {
    n = 0;
    const cpus = [0, 1].map(() => cpu("idle", { ...HEAVY, dpcActive: true, currentDpcRoutine: "f7b01000", currentDpcSymbol: "tpnet!NicDpc", currentDpcModule: "tpnet" }));
    const a = run([], cpus);
    expect(a.processors.rows.map((r) => r.runningDpcModule)).toEqual(["tpnet", "tpnet"]);
    expect(items(a, "dpc-share")).toEqual([{ module: "tpnet", weight: 3 }]);
  });
});

describe("stack groups of the target", () => {
  const sample = (t: string, state: string, wr: string, st: string[]): StackSample => ({ thread: t, state, waitReason: wr, frames: frames(st) });
  const inTp = ["nt!KiSwapContext+0x26", "nt!KeWaitForSingleObject+0x346", "tpdrv!WaitForWork+0x40"];
  test("grouped by state, wait reason and innermost frames, largest first", () => {
    const samples = [0, 1, 2, 3, 4].map((i) => sample("880" + i + "0020", "Waiting", "WrQueue", inTp))
      .concat([sample("88100020", "Waiting", "UserRequest", inTp), sample("88110020", "Ready", "", ["nt!KiSwapContext+0x26"])]);
    const a = run([], [cpu("idle")], { samples });
    expect(a.processors.stackGroups.map((g) => [g.count, g.state, g.waitReason, g.module])).toEqual([
      [5, "Waiting", "WrQueue", "tpdrv"], [1, "Waiting", "UserRequest", "tpdrv"], [1, "Ready", "", null]]);
  });

  test("evidence only beside another kind for the same module: alone it opens no suspect", () => {
    const samples = [0, 1, 2, 3].map((i) => sample("880" + i + "0020", "Waiting", "WrQueue", inTp));
    const alone = run([], [cpu("idle")], { samples });
    expect(alone.suspects).toEqual([]);
    n = 0;
    const ts = [0, 1, 2].map((i) => sys("8600" + i + "020", RUN("tpdrv")));
    const beside = run(ts, [...ts.map((t) => cpu(t.address)), cpu("idle")], { samples });
    expect(beside.suspects[0].kinds.sort()).toEqual(["on-cpu", "stack-group"]);
    expect(beside.verdict.confidence).toBe("medium");
  });
});

describe("which frames are spin-lock acquisition", () => {
  test.each([
    ["nt!KxWaitForSpinLockAndAcquire+0x2e", true],
    ["nt!KeAcquireSpinLockRaiseToDpc+0x42", true],
    ["hal!KfAcquireSpinLock+0x27", true],
    ["hal!KeAcquireInStackQueuedSpinLock+0x40", true],
    ["nt!KefAcquireSpinLockAtDpcLevel+0x10", true],
    ["nt!KxWaitForLockOwnerShip+0x12", true],
    ["nt!ExpWaitForSpinLockExclusiveAndAcquire+0x80", true],
    ["nt!ExAcquireSpinLockShared+0x1c", true],
    ["nt!KeReleaseSpinLock+0x20", false],
    ["tpdrv!AcquireSpinLockWrapper+0x10", false],
    ["nt!ExAcquireResourceExclusiveLite+0x8d", false],
  ] as const)("%s: %s", (text, spin) => {
    expect(isSpinFrame(text)).toBe(spin);
  });
});
