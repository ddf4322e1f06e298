// Entry point of the decoders: Target → DumpSnapshot. src/index.ts calls collectSnapshot once per command run and
// hands the snapshot to src/analysis. Never throws for dump damage: problems go to dataQuality.
import { Addr, addrInRange, addrIsNull } from "../addr";
import { Target } from "../host/target";
import { DeviceTable } from "./devices";
import { findDriverObjects } from "./drivers";
import { decodeIrp } from "./irps";
import { Layout, resolveLayout } from "./layout";
import { ModuleTable } from "./modules";
import { busiest, imageNameMatches, ProcessEntry, walkProcesses } from "./processes";
import { Quality } from "./quality";
import { DumpSnapshot, IrpRecord, ProcessRecord, ResourceRecord, ThreadRecord } from "./records";
import { finishResource, readOwnersAndWaiters, ResourceParts, scanResources, threadsOf } from "./resources";
import { attachStack, decodeThread, processThreadAddresses, threadContext } from "./threads";
import { collectProcessors } from "./processors";
import { describeBuild, readKeMaximumIncrement, readTickCount, DEFAULT_MAXIMUM_INCREMENT } from "./time";

export interface CollectOptions {
  /** Image names of the processes to analyse (case-insensitive; every match is a target). */
  targetNames: string[];
  /** How many of the targets' threads (by kernel time) get stacks and IRPs. */
  topThreads: number;
}

export const NOT_KERNEL = "this is a user-mode dump; !isaCpuCheck needs a kernel dump (e.g. a complete or kernel memory dump)";
export const NO_NT_SYMBOLS = "nt symbols are not loaded: run .symfix; .reload /f nt and retry";
export const NO_RESOURCE_LIST =
  "nt!ExpSystemResourcesList is not in the nt symbols, so ERESOURCEs cannot be walked: run .symfix; .reload /f nt and retry";

const MAX_THREADS_PER_PROCESS = 65536;
const MAX_STACK_OWNERS = 64;
const MAX_STACK_WAITERS = 16;
const MAX_IRPS_PER_TOP_THREAD = 64;
const MAX_IRPS_TOTAL = 4096;
const BUSIEST = 5;

/** A snapshot with nothing found yet; also what a command reports when collection itself could not run. */
export function emptySnapshot(target: Target, options: CollectOptions): DumpSnapshot {
  return {
    notApplicable: null,
    os: { pointerSize: target.pointerSize, keMaximumIncrement: DEFAULT_MAXIMUM_INCREMENT, tickCount: null, build: "" },
    targetName: options.targetNames.join(", "),
    targets: [],
    busiestProcesses: [],
    threads: [],
    resources: [],
    resourcesVisited: 0,
    irps: [],
    devices: [],
    drivers: [],
    modules: [],
    processorCount: null,
    processors: [],
    stackSamples: [],
    dataQuality: { notes: [], counts: {} },
  };
}

/** Why the dump cannot be analysed, or null. */
function applicability(target: Target, layout: Layout): string | null {
  if (!target.isKernelTarget()) return NOT_KERNEL;
  if (layout.process === null || layout.thread === null || layout.resource === null || layout.ownerEntry === null) {
    return NO_NT_SYMBOLS;
  }
  if (target.getSymbolAddress("nt", "ExpSystemResourcesList") === null) return NO_RESOURCE_LIST;
  return null;
}

function byKernelTime(a: ThreadRecord, b: ThreadRecord): number {
  return b.kernelTicks - a.kernelTicks || b.userTicks - a.userTicks;
}

/** Everything the analysis needs from the dump, read through `target` (bounded, per-object failure tolerant). */
export function collectSnapshot(target: Target, options: CollectOptions): DumpSnapshot {
  const snap = emptySnapshot(target, options);
  const dq = new Quality();
  try {
    collectInto(target, options, snap, dq);
  } catch (e) {
    // A decoder bug must not cost the user the verdict line: say what happened and keep what was found.
    dq.note("inconsistent", "decoding stopped early: " + (e && (e as Error).message ? (e as Error).message : String(e)));
  }
  snap.dataQuality = dq.result();
  return snap;
}

function collectInto(target: Target, options: CollectOptions, snap: DumpSnapshot, dq: Quality): void {
  if (!target.isKernelTarget()) {
    snap.notApplicable = NOT_KERNEL;
    return;
  }
  const layout = resolveLayout(target);
  snap.notApplicable = applicability(target, layout);
  if (snap.notApplicable !== null) return;
  if (layout.missing.length > 0) {
    dq.note("missing-type", "the nt symbols lack " + layout.missing.join(", ") + "; what depends on them was not decoded");
  }

  const keMaximumIncrement = readKeMaximumIncrement(target, dq);
  const tickCount = readTickCount(target, layout, dq);
  snap.os = { pointerSize: target.pointerSize, keMaximumIncrement: keMaximumIncrement, tickCount: tickCount, build: describeBuild(target, layout) };

  const modules = new ModuleTable(target, dq);
  const processes = walkProcesses(target, layout, dq);
  const processMap = new Map<Addr, ProcessRecord>();
  processes.forEach((p) => processMap.set(p.record.address, p.record));
  snap.busiestProcesses = busiest(processes, BUSIEST);

  const ctx = threadContext(target, layout, dq, keMaximumIncrement, tickCount, processMap);
  const threads = new Map<Addr, ThreadRecord | null>();
  const order: Addr[] = [];
  const decode = (a: Addr): ThreadRecord | null => {
    if (threads.has(a)) return threads.get(a) as ThreadRecord | null;
    const t = decodeThread(ctx, a);
    threads.set(a, t);
    if (t !== null) order.push(a);
    return t;
  };

  // Target processes and all their threads.
  const targetEntries: ProcessEntry[] = processes.filter((p) => options.targetNames.some((n) => imageNameMatches(p.record.name, n)));
  const targetThreads: ThreadRecord[] = [];
  for (let i = 0; i < targetEntries.length; i++) {
    const p = targetEntries[i];
    const addrs = processThreadAddresses(ctx, p.threadListHead, p.threadListFlink, p.record.address, MAX_THREADS_PER_PROCESS);
    let kernel = 0;
    let user = 0;
    let count = 0;
    for (let j = 0; j < addrs.length; j++) {
      const t = decode(addrs[j]);
      if (t === null) continue;
      targetThreads.push(t);
      kernel += t.kernelTicks;
      user += t.userTicks;
      count++;
    }
    snap.targets.push({ address: p.record.address, pid: p.record.pid, name: p.record.name, kernelTicks: kernel, userTicks: user, threadCount: count });
  }

  // ERESOURCEs: one walk; then owners and waiters of the contended ones, and the threads they name.
  const watch = new Set<Addr>();
  targetThreads.forEach((t) => watch.add(t.address));
  const scan = scanResources(ctx, watch);
  snap.resourcesVisited = scan.visited;
  const parts: ResourceParts[] = [];
  for (let i = 0; i < scan.headers.length; i++) {
    try {
      const p = readOwnersAndWaiters(ctx, scan.headers[i]);
      parts.push(p);
      threadsOf(p).forEach((a) => decode(a));
    } catch (e) {
      dq.fail("read-error", "ERESOURCEs", scan.headers[i].address);
    }
  }
  const resources: ResourceRecord[] = [];
  for (let i = 0; i < parts.length; i++) {
    try {
      resources.push(finishResource(ctx, parts[i], threads, modules));
    } catch (e) {
      dq.fail("read-error", "ERESOURCEs", parts[i].header.address);
    }
  }
  snap.resources = resources;

  // The threads that matter: owners (chain heads are owners too), some waiters, the targets' busiest threads.
  const owners: ThreadRecord[] = [];
  const waiters: ThreadRecord[] = [];
  const addTo = (list: ThreadRecord[], a: Addr) => {
    const t = threads.get(a);
    if (t !== undefined && t !== null && list.indexOf(t) < 0) list.push(t);
  };
  resources.forEach((r) => {
    const contended = r.numberOfExclusiveWaiters + r.numberOfSharedWaiters > 0 || r.exclusiveWaiters.length + r.sharedWaiters.length > 0;
    if (!contended) return;
    r.ownerEntries.forEach((o) => {
      if (!o.isWaiter) addTo(owners, o.thread);
    });
    r.exclusiveWaiters.forEach((a) => addTo(waiters, a));
    r.sharedWaiters.forEach((a) => addTo(waiters, a));
  });
  if (owners.length > MAX_STACK_OWNERS) dq.note("bound", owners.length + " lock owners found; stacks and IRPs were read for the first " + MAX_STACK_OWNERS);
  const readOwners = owners.slice(0, MAX_STACK_OWNERS);
  const topThreads = targetThreads.slice().sort(byKernelTime).slice(0, Math.max(0, options.topThreads));

  // The debugger finds a stack by Cid (pid.tid). Two decoded ETHREADs with one Cid (a freed owner's Cid reused by a
  // newer thread, or damage) would be given the same stack, which is at most one of theirs: neither gets it.
  const byCid: { [cid: string]: number } = {};
  threads.forEach((t) => {
    if (t !== null) byCid[t.pid + "." + t.tid] = (byCid[t.pid + "." + t.tid] || 0) + 1;
  });
  const stacked = new Set<Addr>();
  const stack = (t: ThreadRecord) => {
    if (stacked.has(t.address)) return;
    stacked.add(t.address);
    if (byCid[t.pid + "." + t.tid] > 1) {
      dq.fail("inconsistent", "threads sharing their Cid with another thread (stack not used)", t.address);
      return;
    }
    attachStack(ctx, modules, t);
    if (t.startAddress !== null) {
      const m = modules.byAddress(t.startAddress);
      if (m !== null) modules.touch(m);
    }
  };
  readOwners.forEach(stack);
  waiters.slice(0, MAX_STACK_WAITERS).forEach(stack);
  topThreads.forEach(stack);
  collectProcessors(ctx, modules, snap, targetThreads, decode, stack);

  // IRPs: every IRP of the owners, the first few of each top thread.
  const devices = new DeviceTable(target, layout, dq, modules);
  const irps: IrpRecord[] = [];
  const seenIrps = new Set<Addr>();
  let irpBoundNoted = false;
  const readIrps = (t: ThreadRecord, cap: number) => {
    const list = t.irps.slice(0, cap);
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      if (seenIrps.has(a) || addrIsNull(a)) continue;
      if (seenIrps.size >= MAX_IRPS_TOTAL) {
        if (!irpBoundNoted) dq.note("bound", "more than " + MAX_IRPS_TOTAL + " IRPs matter; the rest were not decoded");
        irpBoundNoted = true;
        return;
      }
      seenIrps.add(a);
      try {
        const irp = decodeIrp(target, layout, dq, devices, modules, a);
        if (irp !== null) irps.push(irp);
      } catch (e) {
        dq.fail("read-error", "IRPs", a);
      }
    }
  };
  readOwners.forEach((t) => readIrps(t, t.irps.length));
  topThreads.forEach((t) => readIrps(t, MAX_IRPS_PER_TOP_THREAD));
  snap.irps = irps;
  // A third-party module in the evidence (a possible culprit) whose DRIVER_OBJECT no IRP's device led to: its
  // DRIVER_OBJECT is looked up in the object namespace (\Driver, \FileSystem), only then and only for those modules.
  const known = devices.driverRecords();
  const driverless = modules.thirdPartyEvidence().filter(
    (m) => !known.some((d) => d.module === m.name || (d.module === null && addrInRange(d.driverStart, m.base, m.size))),
  );
  if (driverless.length > 0) findDriverObjects(target, layout, dq, devices, driverless);
  snap.devices = devices.deviceRecords();
  snap.drivers = devices.driverRecords();

  snap.threads = order.map((a) => threads.get(a) as ThreadRecord);
  snap.modules = modules.records();
}
