// The four principles of the decision (README "How it decides"), one table each, on hand-built snapshots.
// Provenance: every shape here is synthesized for the principle it tests (storage path after the issue 12 example and
// test/scenarios/*-storage-stuck-avfilter-lead.json; deadlocks after win10-testdriver-deadlock.json and the re-entrant
// red-team case ws2008r2-store-deadlock-reentrant-qbkflt.json); addresses only need to be distinct.
import { describe, expect, test } from "vitest";
import { analyze, Analysis } from "../../src/analysis";
import { findBlockingPoints, RunningCodeSource } from "../../src/analysis/blocking";
import { buildChains, findBlockers, findContention, findDeadlocks, findOrphans } from "../../src/analysis/chains";
import { confidenceOf } from "../../src/analysis/suspects";
import { indexSnapshot } from "../../src/analysis/model";
import { irpPath } from "../../src/analysis/irps";
import { BlockingPoint, IrpPath } from "../../src/analysis/types";
import { DumpSnapshot } from "../../src/kernel/records";
import { dev, drv, irp, mod, res, seedLike, snap, thr } from "./fixtures";

const P = "89f4ead8";
const procs = [{ address: P, pid: 0x1074, name: "app.exe" }];
const NT = () => mod("nt", "ntkrnlpa.exe", "80800000", 0x1d0000, true);
const NTFS = () => mod("Ntfs", "Ntfs.sys", "f7300000", 0x90000, true);
const FLTMGR = () => mod("fltmgr", "fltmgr.sys", "f7280000", 0x20000, true);
const DISK = () => mod("disk", "disk.sys", "f7b80000", 0x10000, true);
const TPFLT = () => mod("tpflt", "tpflt.sys", "f7e00000", 0x30000, false);
const TPFS = () => mod("tpfs", "tpfs.sys", "f7e40000", 0x90000, false);
const DEVS = { flt: "8a400030", fm: "8a410030", ntfs: "8a420030", disk: "8a430030" };

const WAIT = ["nt!KiSwapContext+0x26", "nt!KiSwapThread+0x2e5", "nt!KeWaitForSingleObject+0x346"];
const ACQ = WAIT.concat(["nt!ExpWaitForResource+0xd5", "nt!ExAcquireResourceExclusiveLite+0x8d"]);
const USER = ["nt!IofCallDriver+0x45", "nt!NtWriteFile+0x5e5", "nt!KiFastCallEntry+0xfc", "0x7c82860c"];
/** Below the file system: the third-party filter forwarded the request (it is on every stack, holding nothing). */
const VIA_FILTER = ["fltmgr!FltpDispatch+0xcf", "tpflt!PassThrough+0x3e"].concat(USER);

interface ChainOpts {
  state?: string;
  stack: string[] | null;
  waitObjects?: string[];
  /** Each IRP by its devices from the current location down to the first driver called. */
  irps?: { devs: string[]; pending?: boolean }[];
  waiterStack?: string[];
  lock?: string;
  modules?: ReturnType<typeof mod>[];
}

/** One contended ERESOURCE whose owner (the chain head) does what `o` says; two waiters queue behind it. */
function chain(o: ChainOpts): DumpSnapshot {
  const owner = "84100020";
  const irps = (o.irps || []).map((x, i) =>
    irp((0x88000000 + i * 0x1000).toString(16), owner, {
      stackCount: x.devs.length + 1,
      current: 2,
      pending: x.pending !== false,
      locations: [{} as { major?: number; device?: string; completion?: string }].concat(
        x.devs.map((d, k) => ({ major: 4, device: d, completion: d === DEVS.fm && k < x.devs.length - 1 ? "f7e03a10" : undefined })),
      ),
    }),
  );
  const waiter = o.waiterStack || ACQ.concat(["Ntfs!NtfsAcquireExclusiveFcb+0x73", "Ntfs!NtfsCommonWrite+0x4c7"]).concat(VIA_FILTER);
  return snap({
    processes: procs,
    threads: [
      thr(owner, { proc: P, state: o.state || "Waiting", waitReason: "Executive", waitObjects: o.waitObjects, kernel: 20, stack: o.stack, irps: irps.map((i) => i.address) }),
      thr("84110020", { proc: P, state: "Waiting", waitReason: "WrResource", kernel: 2, stack: waiter }),
      thr("84120020", { proc: P, state: "Waiting", waitReason: "WrResource", kernel: 1, stack: waiter }),
    ],
    resources: [res(o.lock || "89a00000", { exclusive: true, owners: [owner], exclusiveWaiters: ["84110020", "84120020"], contention: 900 })],
    irps,
    modules: o.modules || [NT(), NTFS(), FLTMGR(), DISK(), TPFLT(), TPFS(), mod("afd", "afd.sys", "b9f9a000", 0x40000, true)],
    drivers: [
      drv("8a500000", "\\FileSystem\\tpflt", "tpflt", "f7e00000"),
      drv("8a500100", "\\FileSystem\\FltMgr", "fltmgr", "f7280000"),
      drv("8a500200", "\\FileSystem\\Ntfs", "Ntfs", "f7300000"),
      drv("8a500300", "\\Driver\\Disk", "disk", "f7b80000"),
    ],
    devices: [
      dev(DEVS.ntfs, "8a500200", "\\FileSystem\\Ntfs", DEVS.fm),
      dev(DEVS.fm, "8a500100", "\\FileSystem\\FltMgr", DEVS.flt),
      dev(DEVS.flt, "8a500000", "\\FileSystem\\tpflt"),
      dev(DEVS.disk, "8a500300", "\\Driver\\Disk"),
    ],
  });
}

const WRITE_PATH = [DEVS.disk, DEVS.ntfs, DEVS.fm, DEVS.flt];
const NTFS_WAIT = WAIT.concat(["Ntfs!NtfsWaitSync+0x1d", "Ntfs!NtfsNonCachedIo+0x4b0", "Ntfs!NtfsCommonWrite+0x2ca5"]).concat(VIA_FILTER);
/** A minifilter's pre-create callback sends a message to its service and waits for the reply inside FltMgr. */
const SEND_MESSAGE = WAIT.concat(["fltmgr!FltpSendMessage+0x2a4", "fltmgr!FltSendMessage+0x8c", "tpflt!ScanFile+0x1d2", "tpflt!PreCreate+0x88",
  "fltmgr!FltpPerformPreCallbacks+0x2f7", "fltmgr!FltpDispatch+0xb7"]).concat(USER);
/** The same callback's nested read, waiting inside Ntfs for its own I/O. */
const NESTED_READ = WAIT.concat(["Ntfs!NtfsWaitSync+0x1d", "Ntfs!NtfsNonCachedIo+0x4b0", "Ntfs!NtfsCommonRead+0x2c1", "fltmgr!FltpDispatch+0xcf", "tpflt!ScanFile+0x1d2",
  "fltmgr!FltpPerformPreCallbacks+0x2f7", "fltmgr!FltpDispatch+0xb7"]).concat(USER);
/** Storage path stuck, the filter merely present (the issue 12 example). */
const storageStuck = () => chain({ stack: NTFS_WAIT, irps: [{ devs: WRITE_PATH }, { devs: WRITE_PATH }] });

/** A two-thread cycle: thread i owns lock i and waits for lock i+1, each with the given stack. */
function cycle(stacks: string[][], lockIn?: string[]): DumpSnapshot {
  const ts = stacks.map((_, i) => (0x84200020 + i * 0x1000).toString(16));
  const rs = stacks.map((_, i) => (lockIn && lockIn[i]) || (0x89b00000 + i * 0x1000).toString(16));
  return snap({
    processes: procs,
    threads: stacks.map((st, i) => thr(ts[i], { proc: P, state: "Waiting", waitReason: "WrResource", kernel: 3, stack: st })),
    resources: ts.map((t, i) => res(rs[i], { exclusive: true, owners: [t], exclusiveWaiters: [ts[(i + stacks.length - 1) % stacks.length]], contention: 40 })),
    modules: [NT(), NTFS(), FLTMGR(), TPFLT(), TPFS()],
  });
}
const inTpfs = (f: string) => ACQ.concat(["tpfs+0x1b2c4", "tpfs+" + f]).concat(USER);
const tpfsCycle = () => cycle([inTpfs("0x2a610"), inTpfs("0x1c9f0")]);
const ntfsAcquire = (f: string) => ACQ.concat(["Ntfs!" + f, "Ntfs!NtfsFsdSetInformation+0x8c"]);
/** Microsoft-only cycle; the filter only forwarded one thread's request (below Ntfs's dispatch entry). */
const msCycleFilterPassed = () => cycle([ntfsAcquire("NtfsAcquireExclusiveScb+0x6a").concat(VIA_FILTER), ntfsAcquire("NtfsAcquireExclusiveFcb+0x73").concat(USER)]);
/** The filter's callback issued a nested request into the file-system stack (FltMgr on both sides of its frames). */
const reentrantCycle = () =>
  cycle([
    ntfsAcquire("NtfsAcquireSharedScb+0x40").concat(["fltmgr!FltpDispatch+0xcf", "tpflt!QuerySize+0x88", "tpflt!PreWrite+0x2f1", "fltmgr!FltpPerformPreCallbacks+0x2f7", "fltmgr!FltpDispatch+0xb7"]).concat(USER),
    ntfsAcquire("NtfsAcquireExclusiveFcb+0x73").concat(["fltmgr!FltpDispatch+0xcf"]).concat(USER),
  ]);

function orphan(lock: string): DumpSnapshot {
  const s = chain({ stack: null, lock, waiterStack: ACQ.concat(["tpfs!TakeTableLock+0x20"]).concat(USER) });
  s.threads[0].state = "Terminated";
  s.threads[0].stateCode = 4;
  return s;
}

function bpsOf(s: DumpSnapshot, extra?: RunningCodeSource[]): BlockingPoint[] {
  const idx = indexSnapshot(s);
  const contention = findContention(idx);
  const chains = buildChains(contention);
  const deadlocks = findDeadlocks(contention);
  const orphans = findOrphans(idx, contention, (a) => a);
  const blockers = findBlockers(idx, contention, chains, deadlocks, orphans);
  const paths: { [irp: string]: IrpPath } = {};
  for (const i of s.irps) paths[i.address] = irpPath(idx, i);
  const bps = findBlockingPoints({ idx, contention, blockers, deadlocks, paths, fmt: (a) => a, runningSources: extra });
  return blockers.map((b) => bps[b.thread]);
}

// ---------------------------------------------------------------------------------------------------------------
// (a) the blocking point of each chain

const onCpuInTpfs: RunningCodeSource = (idx, t) =>
  t.address === "84100020" ? { module: idx.module("tpfs")!, frame: "tpfs+0x4410", acquiringLock: false, source: "on-cpu" } : null;

const blockingRows: { name: string; build: () => DumpSnapshot; kind: BlockingPoint["kind"]; modules: string[]; extra?: RunningCodeSource[] }[] = [
  { name: "a running head: the code it runs in", build: () => chain({ state: "Running", stack: ["tpfs+0x4410", "tpfs+0x2000"].concat(USER) }), kind: "runs-in", modules: ["tpfs"] },
  { name: "a ready head only calling nt's lock acquisition: unknown (the seed)", build: seedLike, kind: "unknown", modules: [] },
  { name: "a running head spinning in nt's spin-lock acquisition for a module: unknown (it waits for the holder)", build: () => chain({ state: "Running", stack: ["nt!KxWaitForSpinLockAndAcquire+0x2c", "nt!KeAcquireSpinLockRaiseToDpc+0x5c", "tpfs+0x4410"].concat(USER) }), kind: "unknown", modules: [] },
  { name: "a head waiting for a push lock from a module: unknown", build: () => chain({ stack: WAIT.concat(["nt!ExfAcquirePushLockExclusive+0x1a0", "tpfs+0x4410"]).concat(USER) }), kind: "unknown", modules: [] },
  { name: "a running head in nt only: unknown", build: () => chain({ state: "Running", stack: ["nt!KeFlushQueuedDpcs+0x10"].concat(USER) }), kind: "unknown", modules: [] },
  { name: "another source of running code feeds the same entry point", build: () => chain({ state: "Running", stack: ["nt!KeFlushQueuedDpcs+0x10"].concat(USER) }), kind: "runs-in", modules: ["tpfs"], extra: [onCpuInTpfs] },
  { name: "a head waiting inside a module: that module", build: () => chain({ stack: WAIT.concat(["tpfs!WaitForServer+0x40"]).concat(USER) }), kind: "waits-in", modules: ["tpfs"] },
  { name: "a head waiting inside Ntfs for its own writes: the driver holding them", build: storageStuck, kind: "io-pending-in", modules: ["disk"] },
  { name: "a head waiting inside FltMgr, called by a filter's callback that FltMgr called (FltSendMessage): the filter", build: () => chain({ stack: SEND_MESSAGE }), kind: "waits-in", modules: ["tpflt"] },
  { name: "... the same stack waiting for its own I/O pending at the disk: the disk", build: () => chain({ stack: NESTED_READ, irps: [{ devs: [DEVS.disk, DEVS.ntfs, DEVS.fm] }] }), kind: "io-pending-in", modules: ["disk"] },
  { name: "... whose IRPs split: the majority's driver", build: () => chain({ stack: NTFS_WAIT, irps: [{ devs: WRITE_PATH }, { devs: WRITE_PATH }, { devs: [DEVS.flt, DEVS.ntfs] }] }), kind: "io-pending-in", modules: ["disk"] },
  { name: "... holding only I/O that never passed Ntfs: Ntfs", build: () => chain({ stack: NTFS_WAIT, irps: [{ devs: [DEVS.disk] }] }), kind: "waits-in", modules: ["Ntfs"] },
  { name: "a filter waiting on an object in its own image: its own code", build: () => chain({ stack: WAIT.concat(["tpflt!WaitScan+0x1d"]).concat(USER), waitObjects: ["f7e0c100"], irps: [{ devs: [DEVS.disk, DEVS.flt] }] }), kind: "waits-in", modules: ["tpflt"] },
  { name: "a head waiting in nt only: unknown", build: () => chain({ stack: WAIT.concat(["nt!NtWaitForSingleObject+0x9a", "0x7c82860c"]), irps: [{ devs: [DEVS.flt] }] }), kind: "unknown", modules: [] },
  { name: "a head whose stack is not resident: unknown", build: () => chain({ stack: null }), kind: "unknown", modules: [] },
  { name: "a closed cycle inside one module: that module", build: tpfsCycle, kind: "cycle", modules: ["tpfs"] },
  { name: "a Microsoft-only cycle, a filter below the file system on one stack: the lock module", build: msCycleFilterPassed, kind: "cycle", modules: ["Ntfs"] },
  { name: "a cycle closed by a nested request from a filter's callback: the filter", build: reentrantCycle, kind: "reentry", modules: ["tpflt"] },
  { name: "a vanished owner of a lock in a module's image, taken from its code: that module", build: () => orphan("f7e48000"), kind: "abandoned-lock", modules: ["tpfs"] },
  { name: "a vanished owner of a pool lock: unknown", build: () => orphan("89a00000"), kind: "unknown", modules: [] },
  { name: "a target thread running its own user-mode code: the target's code", build: () => chain({ state: "Running", stack: ["0x0044c08e"] }), kind: "target-code", modules: [] },
];

describe("(a) the blocking point: where each chain is stuck", () => {
  test.each(blockingRows)("$name", (r) => {
    const bp = bpsOf(r.build(), r.extra)[0];
    expect(bp.kind).toBe(r.kind);
    expect(bp.modules).toEqual(r.modules);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// (b) presence raises a suspect only where the chain is not known to be stuck elsewhere

interface VerdictRow {
  name: string;
  build: () => DumpSnapshot;
  culprit: string | null;
  blocking: string | null;
  leads?: string[];
  confidence?: string;
  check?: (a: Analysis) => void;
}

const run = (s: DumpSnapshot) => analyze(s, { topThreads: 10 });
const sus = (a: Analysis, m: string) => a.suspects.filter((s) => s.module === m)[0];

/** Target threads burning kernel time, each spinning in nt's spin-lock acquisition called from a different module. */
function spinStorm(): DumpSnapshot {
  const spin = (m: string) => ["nt!KxWaitForSpinLockAndAcquire+0x2c", "nt!KeAcquireSpinLockRaiseToDpc+0x5c", m + "+0x1d3e", m + "+0x18a2"].concat(USER);
  return snap({
    processes: procs,
    threads: [
      thr("84300020", { proc: P, state: "Running", kernel: 240, stack: spin("tpfs") }),
      thr("84310020", { proc: P, state: "Running", kernel: 230, stack: spin("tpflt") }),
    ],
    modules: [NT(), TPFLT(), TPFS()],
  });
}

const presenceRows: VerdictRow[] = [
  {
    name: "hot threads only spinning for a spin lock from third-party callers: no culprit (the holder is where the work is)",
    build: spinStorm,
    culprit: null,
    blocking: null,
    check: (a) => expect(a.suspects.every((x) => !x.aboveThreshold)).toBe(true),
  },
  {
    name: "storage path stuck, a filter in every IRP and on every stack: no culprit, the disk blocks, the filter a lead",
    build: storageStuck,
    culprit: null,
    blocking: "disk",
    leads: ["tpflt"],
    check: (a) => {
      const f = sus(a, "tpflt");
      expect(f.score).toBe(0);
      expect(f.items.filter((i) => i.scope === "chain").every((i) => i.lead)).toBe(true);
      expect(f.items.map((i) => i.kind)).toEqual(expect.arrayContaining(["irp-passes", "attached-over", "completion-hook", "blocker-stack", "waiter-stack"]));
    },
  },
  {
    name: "no blocking point known (the seed): presence raises the filter to culprit",
    build: seedLike,
    culprit: "idmtdi",
    blocking: null,
    confidence: "high",
  },
  {
    name: "the blocking point is the filter's own I/O (its IRPs pending at its device): presence counts for it",
    build: () => chain({ stack: NTFS_WAIT, irps: [{ devs: [DEVS.flt, DEVS.ntfs] }, { devs: [DEVS.flt, DEVS.ntfs] }] }),
    culprit: "tpflt",
    blocking: null,
    check: (a) => expect(sus(a, "tpflt").items.some((i) => i.lead)).toBe(false),
  },
  {
    name: "a filter's callback waits for its service inside FltMgr (FltSendMessage): the filter, FltMgr's frames a lead",
    build: () => chain({ stack: SEND_MESSAGE }),
    culprit: "tpflt",
    blocking: null,
    check: (a) => expect(sus(a, "fltmgr").items.filter((i) => i.kind === "blocker-stack")[0].lead).toBe(true),
  },
  {
    name: "a Microsoft-only cycle with a filter passed through on one cycle thread's stack: no culprit, the filter a lead",
    build: msCycleFilterPassed,
    culprit: null,
    blocking: "Ntfs",
    leads: ["tpflt"],
  },
  {
    name: "a cycle closed by the filter's nested request: the filter",
    build: reentrantCycle,
    culprit: "tpflt",
    blocking: null,
  },
  {
    name: "the lock lies in a third-party image but its owner waits for I/O pending at the disk: the lock's home is a lead",
    build: () => chain({ stack: NTFS_WAIT, lock: "f7e48000", irps: [{ devs: [DEVS.disk, DEVS.ntfs] }] }),
    culprit: null,
    blocking: "disk",
    check: (a) => expect(a.verdict.leads.map((l) => l.name)).toContain("tpfs"),
  },
];

// ---------------------------------------------------------------------------------------------------------------
// (c) Microsoft modules block, never culprits; the target is the victim unless the chain is stuck in its own code

const microsoftRows: VerdictRow[] = [
  {
    name: "the seed's filter made Microsoft: no culprit, it is the blocking component",
    build: () => {
      const s = seedLike();
      const m = s.modules.filter((x) => x.name === "idmtdi")[0];
      m.classification = "microsoft";
      m.classificationReason = "CompanyName Microsoft Corporation";
      return s;
    },
    culprit: null,
    blocking: "idmtdi",
  },
  {
    name: "a cycle whose threads take their locks in a third-party and a Microsoft module: the third-party culprit, Microsoft named, one level lower",
    build: () => cycle([inTpfs("0x2a610"), ntfsAcquire("NtfsAcquireExclusiveFcb+0x73").concat(USER)]),
    culprit: "tpfs",
    blocking: "Ntfs",
    confidence: "medium",
  },
  {
    name: "a chain stuck in the target's own code: no culprit, and the target is not called the victim",
    build: () => chain({ state: "Running", stack: ["0x0044c08e"], irps: [{ devs: WRITE_PATH }] }),
    culprit: null,
    blocking: null,
    check: (a) => {
      expect(a.verdict.summary).toContain("the target's own code");
      expect(a.verdict.summary).not.toContain("is the victim");
    },
  },
  {
    name: "a chain stuck in a third-party module: the target is the victim",
    build: () => chain({ stack: WAIT.concat(["tpfs!WaitForServer+0x40"]).concat(USER) }),
    culprit: "tpfs",
    blocking: null,
    check: (a) => expect(a.verdict.summary).toContain("app.exe is the victim"),
  },
  {
    name: "a culprit's DRIVER_OBJECT read from a device elsewhere names it, and !drvobj is a follow-up",
    build: () => {
      const s = chain({ stack: WAIT.concat(["tpfs!WaitForServer+0x40"]).concat(USER) });
      s.drivers.push(drv("8a500400", "\\FileSystem\\tpfs", "tpfs", "f7e40000"));
      s.devices.push(dev("8a440030", "8a500400", "\\FileSystem\\tpfs"));
      return s;
    },
    culprit: "tpfs",
    blocking: null,
    check: (a) => {
      expect(a.verdict.culprit!.driver).toBe("\\FileSystem\\tpfs");
      expect(a.followUps.map((f) => f.command)).toContain("!drvobj 8a500400");
    },
  },
];

for (const [title, rows] of [
  ["(b) presence is judged against the blocking point", presenceRows],
  ["(c) Microsoft blocks, never culprit; the target is the victim", microsoftRows],
] as [string, VerdictRow[]][]) {
  describe(title, () => {
    test.each(rows)("$name", (r) => {
      const a = run(r.build());
      expect(a.verdict.culprit ? a.verdict.culprit.name : null).toBe(r.culprit);
      expect(a.verdict.kind).toBe(r.culprit ? "culprit" : "no-culprit");
      expect(a.verdict.blockingComponent ? a.verdict.blockingComponent.name : null).toBe(r.blocking);
      if (a.verdict.culprit) expect(a.verdict.culprit.thirdParty).toBe(true);
      if (r.leads) expect(a.verdict.leads.map((l) => l.name)).toEqual(r.leads);
      if (r.confidence) expect(a.verdict.confidence).toBe(r.confidence);
      if (r.check) r.check(a);
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// (d) confidence from the structure of the evidence

describe("(d) confidence: points for a closed cycle, a head stuck in it, agreeing kinds beyond the first", () => {
  test.each([
    [1, false, false, false, "low"],
    [2, false, false, false, "medium"],
    [3, false, false, false, "high"],
    [5, false, false, false, "high"],
    [1, false, true, false, "medium"],
    [2, false, true, false, "high"],
    [1, true, true, false, "high"],
    [1, true, false, false, "medium"],
    [3, false, false, true, "medium"],
    [1, true, true, true, "medium"],
    [1, false, true, true, "medium"],
    [1, false, false, true, "low"],
  ] as [number, boolean, boolean, boolean, string][])("%i kinds, cycle %s, stuck %s, evidence lost %s: %s", (kinds, cycle, stuck, lost, want) => {
    expect(confidenceOf(kinds, lost, cycle, stuck)).toBe(want);
  });

  const rows: { name: string; build: () => DumpSnapshot; culprit: string; confidence: string }[] = [
    { name: "a cycle inside one third-party file system, frames the only kind: high", build: tpfsCycle, culprit: "tpfs", confidence: "high" },
    {
      name: "the same with a cycle thread's IRP unreadable: medium",
      build: () => {
        const s = tpfsCycle();
        s.threads[0].irps = ["88f00000"];
        return s;
      },
      culprit: "tpfs",
      confidence: "medium",
    },
    { name: "a head waiting inside it, one kind: medium", build: () => chain({ stack: WAIT.concat(["tpfs!WaitForServer+0x40"]).concat(USER) }), culprit: "tpfs", confidence: "medium" },
    { name: "three kinds of presence, no blocking point known (the seed): high", build: seedLike, culprit: "idmtdi", confidence: "high" },
    {
      name: "a hot target thread running inside it, no contention: medium",
      build: () => snap({ processes: procs, threads: [thr("84300020", { proc: P, state: "Running", kernel: 300, stack: ["tpfs+0x4410", "tpfs+0x2000"].concat(USER) })], modules: [NT(), TPFS()] }),
      culprit: "tpfs",
      confidence: "medium",
    },
  ];
  test.each(rows)("$name", (r) => {
    const a = run(r.build());
    expect(a.verdict.culprit ? a.verdict.culprit.name : null).toBe(r.culprit);
    expect(a.verdict.confidence).toBe(r.confidence);
  });
});
