// Table-driven tests of analyze() on hand-built snapshots: one row per shape the verdict must get right.
import { describe, expect, test } from "vitest";
import { analyze, Analysis } from "../../src/analysis";
import { DumpSnapshot } from "../../src/kernel/records";
import { dev, drv, irp, mod, redirectorTimeout, res, seedLike, snap, thr } from "./fixtures";

const NT = () => mod("nt", "ntoskrnl.exe", "80800000", 0x200000, true);
const TP = () => mod("tpdrv", "tpdrv.sys", "f7a00000", 0x10000, false);
const WAIT_IN = (m: string) => ["nt!KiSwapContext+0x26", "nt!KeWaitForSingleObject+0x346", m + "!WaitForDevice+0x40", m + "!Dispatch+0x12", "nt!IofCallDriver+0x45"];
const ACQUIRE_FROM = (m: string) => [
  "nt!KiSwapContext+0x26",
  "nt!KeWaitForSingleObject+0x346",
  "nt!ExpWaitForResource+0x30",
  "nt!ExAcquireResourceExclusiveLite+0x8d",
  m + "!TakeLock+0x20",
  "nt!IofCallDriver+0x45",
];
const P = "89f4ead8";
const proc = [{ address: P, pid: 0x1074, name: "wspsrv.exe" }];

function ownerWaitsInThirdParty(): DumpSnapshot {
  return snap({
    processes: proc,
    threads: [
      thr("84149020", { proc: P, state: "Waiting", waitReason: "Executive", kernel: 10, stack: WAIT_IN("tpdrv"), irps: ["88000000"] }),
      thr("84166a80", { proc: P, state: "Waiting", waitReason: "WrResource", kernel: 1, stack: ACQUIRE_FROM("afd") }),
    ],
    resources: [res("8a7f3008", { exclusive: true, owners: ["84149020"], exclusiveWaiters: ["84166a80"], contention: 12 })],
    irps: [irp("88000000", "84149020", { stackCount: 1, current: 1, pending: true, locations: [{ major: 3, control: 1, device: "8a000010" }] })],
    modules: [NT(), TP(), mod("afd", "afd.sys", "b9f9a000", 0x40000, true)],
    drivers: [drv("8a000000", "\\Driver\\tpdrv", "tpdrv", "f7a00000")],
    devices: [dev("8a000010", "8a000000", "\\Driver\\tpdrv")],
  });
}

function irpCurrentOnly(): DumpSnapshot {
  // The owner's stack shows only nt; its one pending IRP sits in a third-party driver: a lead, not proof.
  return snap({
    processes: proc,
    threads: [
      thr("84149020", { proc: P, state: "Waiting", waitReason: "Executive", stack: ["nt!KiSwapContext+0x26", "nt!KeWaitForSingleObject+0x346", "nt!NtWaitForSingleObject+0x9a"], irps: ["88000000"] }),
      thr("84166a80", { proc: P, state: "Waiting", waitReason: "WrResource", stack: ACQUIRE_FROM("afd") }),
    ],
    resources: [res("8a7f3008", { exclusive: true, owners: ["84149020"], exclusiveWaiters: ["84166a80"], contention: 3 })],
    irps: [irp("88000000", "84149020", { stackCount: 1, current: 1, pending: true, locations: [{ major: 3, control: 1, device: "8a000010" }] })],
    modules: [NT(), TP(), mod("afd", "afd.sys", "b9f9a000", 0x40000, true)],
    drivers: [drv("8a000000", "\\Driver\\tpdrv", "tpdrv", "f7a00000")],
    devices: [dev("8a000010", "8a000000", "\\Driver\\tpdrv")],
  });
}

function healthyLocks(): DumpSnapshot {
  return snap({
    processes: proc,
    threads: [
      thr("ff688da0", { proc: P, state: "Waiting", waitReason: "Executive", stack: ["nt!KiSwapContext+0x25", "Ntfs!NtfsNonCachedIo+0x2d4"] }),
      thr("80ed0020", { proc: P, state: "Waiting", waitReason: "WrQueue", stack: ["nt!KiSwapContext+0x25", "nt!KeRemoveQueue+0x24c"] }),
    ],
    resources: [
      res("80e97620", { owners: ["ff688da0"] }),
      res("80e23f38", { owners: [{ thread: "80ed0020", ownerPointer: true }] }),
    ],
    modules: [NT(), mod("Ntfs", "Ntfs.sys", "f83a0000", 0x84000, true)],
  });
}

function deadlock(): DumpSnapshot {
  return snap({
    processes: proc,
    threads: [
      thr("84000100", { proc: P, state: "Waiting", waitReason: "WrResource", stack: ACQUIRE_FROM("tpdrv") }),
      thr("84000200", { proc: P, state: "Waiting", waitReason: "WrResource", stack: ACQUIRE_FROM("tpdrv") }),
      thr("84000300", { proc: P, state: "Waiting", waitReason: "WrResource", stack: ACQUIRE_FROM("afd") }),
    ],
    resources: [
      res("8a000100", { exclusive: true, owners: ["84000100"], exclusiveWaiters: ["84000200", "84000300"], contention: 7 }),
      res("8a000200", { exclusive: true, owners: ["84000200"], exclusiveWaiters: ["84000100"], contention: 5 }),
    ],
    modules: [NT(), TP(), mod("afd", "afd.sys", "b9f9a000", 0x40000, true)],
  });
}

function orphan(): DumpSnapshot {
  return snap({
    processes: proc,
    threads: [
      thr("84000100", { proc: P, state: "Terminated", stack: null }),
      thr("84000200", { proc: P, state: "Waiting", waitReason: "WrResource", stack: ACQUIRE_FROM("afd") }),
    ],
    resources: [
      res("8a000100", { exclusive: true, owners: ["84000100"], exclusiveWaiters: ["84000200"], contention: 2 }),
      res("8a000200", { exclusive: true, owners: ["84000900"], exclusiveWaiters: ["84000200"], contention: 2 }),
    ],
    modules: [NT(), mod("afd", "afd.sys", "b9f9a000", 0x40000, true)],
  });
}

function sharedWaiterInOwnerTable(flagged: boolean): DumpSnapshot {
  return snap({
    processes: proc,
    threads: [
      thr("84000100", { proc: P, state: "Waiting", waitReason: "Executive", stack: WAIT_IN("afd") }),
      thr("84000200", { proc: P, state: "Waiting", waitReason: "WrResource", waitObjects: ["88f99718"], stack: ACQUIRE_FROM("afd") }),
      thr("84000300", { proc: P, state: "Waiting", waitReason: "WrResource", stack: ACQUIRE_FROM("afd") }),
    ],
    resources: [
      res("8a000100", {
        owners: ["84000100", { thread: "84000200", isWaiter: flagged }],
        exclusiveWaiters: ["84000300"],
        sharedWaiters: flagged ? ["84000200"] : [],
        nSh: 1,
        sharedWaitersObject: "88f99718",
        contention: 9,
      }),
    ],
    modules: [NT(), mod("afd", "afd.sys", "b9f9a000", 0x40000, true)],
  });
}

function hotThirdPartyNoContention(): DumpSnapshot {
  return snap({
    processes: proc,
    threads: [
      thr("84000100", { proc: P, state: "Running", kernel: 300, user: 5, stack: ["tpdrv+0x1063", "tpdrv+0x2000", "nt!IofCallDriver+0x45"] }),
      thr("84000200", { proc: P, state: "Waiting", waitReason: "UserRequest", kernel: 2, stack: ["nt!KiSwapContext+0x26"] }),
    ],
    modules: [NT(), TP()],
  });
}

function leadOnly(): DumpSnapshot {
  // Third-party code only on an idle thread of the target, no contention, nothing runnable: a lead, never a culprit.
  return snap({
    processes: proc,
    threads: [thr("84000100", { proc: P, state: "Waiting", waitReason: "UserRequest", kernel: 3, stack: ["nt!KiSwapContext+0x26", "tpdrv!Idle+0x10"] })],
    modules: [NT(), TP()],
  });
}

function longChain(): DumpSnapshot {
  // A waits on R1 owned by B; B waits on R2 owned by C; C waits inside a third-party driver.
  return snap({
    processes: proc,
    threads: [
      thr("84000a00", { proc: P, state: "Waiting", waitReason: "WrResource", stack: ACQUIRE_FROM("afd") }),
      thr("84000b00", { proc: P, state: "Waiting", waitReason: "WrResource", stack: ACQUIRE_FROM("afd") }),
      thr("84000c00", { proc: P, state: "Waiting", waitReason: "Executive", stack: WAIT_IN("tpdrv") }),
    ],
    resources: [
      res("8a000001", { exclusive: true, owners: ["84000b00"], exclusiveWaiters: ["84000a00"], contention: 1 }),
      res("8a000002", { exclusive: true, owners: ["84000c00"], exclusiveWaiters: ["84000b00"], contention: 1 }),
    ],
    modules: [NT(), TP(), mod("afd", "afd.sys", "b9f9a000", 0x40000, true)],
  });
}

function seedWithLostIrp(): DumpSnapshot {
  const s = seedLike();
  s.threads[0].irps.push("fdd00000");
  return s;
}

function x64OwnerWaitsInThirdParty(): DumpSnapshot {
  const P64 = "ffffc10a2b3c4080";
  return snap({
    pointerSize: 8,
    processes: [{ address: P64, pid: 0x1f4, name: "w3wp.exe" }],
    threads: [
      thr("ffff988d80d05a90", { proc: P64, state: "Waiting", waitReason: "Executive", kernel: 40, stack: WAIT_IN("tpdrv") }),
      thr("ffff988d80d06080", { proc: P64, state: "Waiting", waitReason: "WrResource", stack: ACQUIRE_FROM("Ntfs") }),
    ],
    resources: [res("ffff988d7f3a1008", { exclusive: true, owners: ["ffff988d80d05a90"], exclusiveWaiters: ["ffff988d80d06080"], contention: 77 })],
    modules: [
      mod("nt", "ntoskrnl.exe", "fffff80412000000", 0x1046000, true),
      mod("tpdrv", "tpdrv.sys", "fffff8041a000000", 0x20000, false),
      mod("Ntfs", "Ntfs.sys", "fffff80415000000", 0x300000, true),
    ],
  });
}

interface Row {
  name: string;
  build: () => DumpSnapshot;
  kind: string;
  culprit: string | null;
  confidence?: string;
  check?: (a: Analysis) => void;
}

const rows: Row[] = [
  {
    name: "third-party filter in the owner's I/O path (seed-like)",
    build: seedLike,
    kind: "culprit",
    culprit: "idmtdi.sys",
    confidence: "high",
    check: (a) => {
      expect(a.verdict.culprit!.driver).toBe("\\Driver\\IDMTDI");
      expect(a.verdict.summary).toContain("14 of 15 IRPs");
      expect(a.verdict.summary).toContain("wspsrv.exe is the victim");
      const s = a.suspects[0];
      expect(s.kinds.sort()).toEqual(["attached-over", "completion-hook", "irp-passes"]);
      // Microsoft drivers on the same path are suspects below threshold, never the culprit.
      const tcpip = a.suspects.filter((x) => x.module === "tcpip")[0];
      expect(tcpip.aboveThreshold).toBe(false);
      expect(a.blockers.map((b) => b.thread)).toEqual(["84149020"]);
    },
  },
  {
    name: "owner waiting inside a third-party driver",
    build: ownerWaitsInThirdParty,
    kind: "culprit",
    culprit: "tpdrv.sys",
    check: (a) => {
      expect(a.suspects[0].kinds).toContain("blocker-stack");
      expect(a.verdict.summary).toContain("waits inside it");
    },
  },
  {
    name: "only Microsoft components (redirector waits for the network)",
    build: redirectorTimeout,
    kind: "no-culprit",
    culprit: null,
    check: (a) => {
      expect(a.verdict.blockingComponent!.module).toBe("nwrdr.sys");
      expect(a.verdict.blockingComponent!.thirdParty).toBe(false);
      expect(a.verdict.summary).not.toMatch(/nwrdr\.sys \([^)]*third-party/);
      expect(a.verdict.summary).toContain("app.exe is the victim");
    },
  },
  {
    name: "held locks with no waiters",
    build: healthyLocks,
    kind: "no-culprit",
    culprit: null,
    check: (a) => {
      expect(a.contention).toEqual([]);
      expect(a.verdict.blockingComponent).toBeNull();
      expect(a.verdict.summary).toContain("no contended ERESOURCE");
    },
  },
  {
    name: "deadlock cycle",
    build: deadlock,
    kind: "culprit",
    culprit: "tpdrv.sys",
    check: (a) => {
      expect(a.deadlocks).toHaveLength(1);
      expect(a.deadlocks[0].threads).toEqual(["84000100", "84000200"]);
      expect(a.deadlocks[0].resources).toEqual(["8a000200", "8a000100"]);
      expect(a.chains.some((c) => c.endsInCycle)).toBe(true);
      expect(a.blockers.every((b) => b.role === "deadlock")).toBe(true);
    },
  },
  {
    name: "orphaned locks (terminated and unreadable owners)",
    build: orphan,
    kind: "no-culprit",
    culprit: null,
    check: (a) => {
      const reasons = a.orphans.map((o) => o.resource + ":" + o.reason).sort();
      expect(reasons).toEqual(["8a000100:terminated", "8a000200:unreadable"]);
      expect(a.dataQuality.chainEvidenceLost).toBe(true);
      expect(a.verdict.confidence).toBe("low");
      expect(a.verdict.summary).toMatch(/terminated|could not be read/);
    },
  },
  {
    name: "shared waiter flagged in the owner table is a waiter, not an owner",
    build: () => sharedWaiterInOwnerTable(true),
    kind: "no-culprit",
    culprit: null,
    check: (a) => {
      expect(a.contention[0].owners.map((o) => o.thread)).toEqual(["84000100"]);
      expect(a.contention[0].sharedWaiters).toEqual(["84000200"]);
      expect(a.blockers.map((b) => b.thread)).toEqual(["84000100"]);
    },
  },
  {
    name: "owner-table entry waiting on SharedWaiters is a waiter even unflagged",
    build: () => sharedWaiterInOwnerTable(false),
    kind: "no-culprit",
    culprit: null,
    check: (a) => {
      expect(a.contention[0].owners.map((o) => o.thread)).toEqual(["84000100"]);
      expect(a.contention[0].waiterEntriesInOwnerTable).toEqual(["84000200"]);
      expect(a.deadlocks).toEqual([]);
    },
  },
  {
    name: "IRP current location alone is a lead, not a culprit",
    build: irpCurrentOnly,
    kind: "no-culprit",
    culprit: null,
    check: (a) => {
      const tp = a.suspects.filter((s) => s.module === "tpdrv")[0];
      expect(tp.kinds).toEqual(["irp-pending-in"]);
      expect(tp.aboveThreshold).toBe(false);
      expect(a.verdict.summary).toContain("strongest lead: tpdrv.sys");
    },
  },
  {
    name: "hot third-party code without contention",
    build: hotThirdPartyNoContention,
    kind: "culprit",
    culprit: "tpdrv.sys",
    confidence: "low",
    check: (a) => {
      expect(a.contention).toEqual([]);
      expect(a.cpu.hotThreads).toEqual(["84000100"]);
      expect(a.suspects[0].kinds).toEqual(["hot-thread-stack"]);
    },
  },
  {
    name: "third-party code only outside any chain or hot thread",
    build: leadOnly,
    kind: "no-culprit",
    culprit: null,
    check: (a) => {
      expect(a.suspects[0].module).toBe("tpdrv");
      expect(a.suspects[0].leadOnly).toBe(true);
      expect(a.suspects[0].score).toBe(0);
    },
  },
  {
    name: "chain through two resources to a head waiting in a third-party driver",
    build: longChain,
    kind: "culprit",
    culprit: "tpdrv.sys",
    check: (a) => {
      const full = a.chains.filter((c) => c.steps.length === 2)[0];
      expect(full.steps.map((s) => s.resource)).toEqual(["8a000001", "8a000002"]);
      expect(full.head).toBe("84000c00");
      expect(a.blockers.map((b) => b.thread)).toEqual(["84000c00"]);
    },
  },
  {
    name: "lost IRP on the chain lowers confidence one level",
    build: seedWithLostIrp,
    kind: "culprit",
    culprit: "idmtdi.sys",
    confidence: "medium",
    check: (a) => {
      expect(a.dataQuality.notes.some((n) => /1 of 16 IRPs .* could not be read/.test(n))).toBe(true);
    },
  },
  {
    name: "x64 addresses above 2^53",
    build: x64OwnerWaitsInThirdParty,
    kind: "culprit",
    culprit: "tpdrv.sys",
    check: (a) => {
      expect(a.contention[0].owners[0].thread).toBe("ffff988d80d05a90");
      expect(a.verdict.summary).toContain("ffff988d`80d05a90");
    },
  },
  {
    name: "not applicable",
    build: () => snap({ notApplicable: "this is a user-mode dump; !isaCpuCheck needs a kernel dump" }),
    kind: "not-applicable",
    culprit: null,
    check: (a) => expect(a.verdict.summary).toContain("user-mode dump"),
  },
];

describe("analyze: verdict by shape", () => {
  for (const r of rows) {
    test(r.name, () => {
      const a = analyze(r.build(), { topThreads: 10 });
      expect(a.verdict.kind).toBe(r.kind);
      expect(a.verdict.culprit ? a.verdict.culprit.module : null).toBe(r.culprit);
      if (r.confidence) expect(a.verdict.confidence).toBe(r.confidence);
      expect(a.verdict.summary).not.toMatch(/\n/);
      if (a.verdict.culprit) expect(a.verdict.culprit.thirdParty).toBe(true);
      if (r.check) r.check(a);
    });
  }
});

describe("analyze: general rules", () => {
  test("a Microsoft module is never the culprit, even when it has the highest score", () => {
    for (const build of [seedLike, redirectorTimeout, healthyLocks, deadlock, orphan, longChain]) {
      const a = analyze(build(), { topThreads: 5 });
      if (a.verdict.culprit) {
        const m = a.snapshot.modules.filter((x) => x.image === a.verdict.culprit!.module)[0];
        expect(m.classification).toBe("third-party");
      }
    }
  });

  test("the same module made Microsoft turns the seed into no-culprit naming it", () => {
    const s = seedLike();
    const m = s.modules.filter((x) => x.name === "idmtdi")[0];
    m.classification = "microsoft";
    m.classificationReason = "CompanyName Microsoft Corporation";
    const a = analyze(s, { topThreads: 5 });
    expect(a.verdict.kind).toBe("no-culprit");
    expect(a.verdict.blockingComponent!.module).toBe("idmtdi.sys");
  });

  test("the filter in fewer than half the IRPs weighs less", () => {
    const s = seedLike();
    // keep the filter in only 3 of the 15 IRPs: the others go straight from AFD to Tcpip
    s.irps.slice(4).forEach((i) => {
      i.locations[2].device = "0";
      i.locations[2].completion = "0";
      i.locations[1].completion = "0";
      i.locations[1].completionModule = null;
    });
    const a = analyze(s, { topThreads: 5 });
    const idm = a.suspects.filter((x) => x.module === "idmtdi")[0];
    const passes = idm.items.filter((i) => i.kind === "irp-passes")[0];
    expect(passes.covered).toBe(3);
    expect(passes.weight).toBe(1);
  });

  test("topThreads bounds the CPU table and sorts by kernel time", () => {
    const a = analyze(seedLike(), { topThreads: 3 });
    expect(a.cpu.topThreads).toHaveLength(3);
    const k = a.cpu.topThreads.map((r) => r.kernelTicks);
    expect(k.slice().sort((x, y) => y - x)).toEqual(k);
    expect(a.cpu.topThreads[0].thread).toBe("84149020");
    expect(a.cpu.hotThreads).toEqual(["84149020"]);
  });

  test("an internal error becomes a no-culprit verdict with a data-quality note", () => {
    const s = seedLike();
    (s as unknown as { resources: unknown }).resources = [null];
    const a = analyze(s, { topThreads: 5 });
    expect(a.verdict.kind).toBe("no-culprit");
    expect(a.dataQuality.notes.some((n) => n.indexOf("analysis error") === 0)).toBe(true);
  });

  test("a dense wait-for graph is walked within bounds and still reports cycles", () => {
    const n = 30;
    const ids = Array.from({ length: n }, (_, i) => (0x84000000 + i * 0x100).toString(16));
    const rids = Array.from({ length: n }, (_, i) => (0x8a000000 + i * 0x100).toString(16));
    const s = snap({
      processes: proc,
      threads: ids.map((t) => thr(t, { proc: P, state: "Waiting", waitReason: "WrResource", stack: ACQUIRE_FROM("tpdrv") })),
      // every thread owns its own resource and waits on every other one
      resources: rids.map((r, i) => res(r, { exclusive: true, owners: [ids[i]], exclusiveWaiters: ids.filter((_, j) => j !== i) })),
      modules: [NT(), TP()],
    });
    const a = analyze(s, { topThreads: 5 });
    expect(a.deadlocks.length).toBeGreaterThan(0);
    expect(a.verdict.kind).toBe("culprit");
  });

  test("evidence graph edges record their fields", () => {
    const a = analyze(seedLike(), { topThreads: 5 });
    const owns = a.graph.from("thread:84149020", "owns");
    expect(owns.map((e) => e.to)).toContain("resource:8a7f3008");
    expect(a.graph.to("resource:8a7f3008", "waits-on")).toHaveLength(4);
    const passes = a.graph.from("irp:88bb1a68", "irp-passes-driver");
    expect(passes.map((e) => e.position)).toEqual(["current", "passed", "first"]);
    expect(passes[1].field).toBe("IO_STACK_LOCATION[3].DeviceObject");
    expect(a.graph.edges.some((e) => e.kind === "attached-over" && e.from === "device:8a85d020" && e.to === "device:8a94ddf0")).toBe(true);
    expect(a.graph.from("irp:88bb1a68", "completion-hooked-by").map((e) => e.to)).toEqual(["module:idmtdi", "module:afd"]);
  });
});
