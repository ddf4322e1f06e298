// Decodes the processors: nt!KiProcessorBlock -> each _KPRCB (current/next/idle thread, tick counters, DPC queues,
// whether a DPC runs) and the queued _KDPCs' DeferredRoutines. Called by collect.ts once per run (bounded by the CPU count).
import { Addr, addrAdd, addrDiff, addrIsNull } from "../addr";
import { FieldInfo, FrameInfo, Target } from "../host/target";
import { isKernelPointer } from "./lists";
import { frameModule, ModuleTable } from "./modules";
import { Quality } from "./quality";
import { DumpSnapshot, FrameRecord, ProcessorRecord, QueuedDpcRecord, ThreadRecord } from "./records";
import { StructView } from "./struct";
import { ThreadContext } from "./threads";

/** MAXIMUM_PROCESSORS is 32 (x86) / 64 (x64 up to Windows 7); later x64 kernels allow more. */
export const MAX_PROCESSORS = 640;
export const MAX_DPCS_PER_QUEUE = 256;
/** Distinct DPC routines given a symbol (`ln`) per run. */
const MAX_DPC_SYMBOLS = 32;
/** Fields closer than this are read in one Target.read (a KPRCB spans 4 to 44 KB; its fields sit in a few clusters). */
const CLUSTER_GAP = 0x200;

/** _KDPC object types: DpcObject (19) and ThreadedDpcObject (24). */
const DPC_TYPES = [0x13, 0x18];

interface PrcbLayout {
  currentThread: FieldInfo;
  nextThread: FieldInfo | null;
  idleThread: FieldInfo;
  number: FieldInfo | null;
  kernelTime: FieldInfo | null;
  userTime: FieldInfo | null;
  dpcTime: FieldInfo | null;
  interruptTime: FieldInfo | null;
  dpcRoutineActive: FieldInfo | null;
  currentDpcRoutine: FieldInfo | null;
  /** DpcData[k] base offsets (normal, threaded), with the KDPC_DATA fields. */
  dpcData: number[];
  /** Doubly linked DpcListHead (up to Windows 8) or singly linked DpcList.ListHead (8.1 and later). */
  listHead: FieldInfo | null;
  singlyLinked: boolean;
  queueDepth: FieldInfo | null;
  dpcDataSize: number;
  /** _KDPC. */
  dpcType: FieldInfo | null;
  dpcListEntry: FieldInfo | null;
  deferredRoutine: FieldInfo | null;
  /** KeNumberProcessors is a CCHAR when KPRCB.Number is a UCHAR (through Server 2003), a ULONG later. */
  numberIsByte: boolean;
}

function prcbLayout(target: Target, missing: string[]): PrcbLayout | null {
  const p = target.getType("_KPRCB");
  if (p === null) {
    missing.push("_KPRCB");
    return null;
  }
  const currentThread = p.field("CurrentThread");
  const idleThread = p.field("IdleThread");
  if (currentThread === null || idleThread === null) {
    missing.push("_KPRCB.CurrentThread");
    return null;
  }
  const data = target.getType("_KDPC_DATA");
  const dpc = target.getType("_KDPC");
  const dd = p.field("DpcData");
  const ddSize = data !== null ? data.size : 0;
  const dpcData: number[] = [];
  if (dd !== null && ddSize > 0) for (let k = 0; k * ddSize < dd.size && k < 2; k++) dpcData.push(dd.offset + k * ddSize);
  let listHead = data !== null ? data.field("DpcListHead") : null;
  let singly = false;
  if (listHead === null && data !== null) {
    listHead = data.field("DpcList.ListHead");
    singly = listHead !== null;
  }
  if (dpcData.length === 0 || listHead === null || dpc === null) missing.push("_KPRCB.DpcData");
  const number = p.field("Number");
  return {
    currentThread: currentThread,
    nextThread: p.field("NextThread"),
    idleThread: idleThread,
    number: number,
    kernelTime: p.field("KernelTime"),
    userTime: p.field("UserTime"),
    dpcTime: p.field("DpcTime"),
    interruptTime: p.field("InterruptTime"),
    dpcRoutineActive: p.field("DpcRoutineActive"),
    currentDpcRoutine: p.field("CurrentDpcRoutine"),
    dpcData: dpcData,
    listHead: listHead,
    singlyLinked: singly,
    queueDepth: data !== null ? data.field("DpcQueueDepth") : null,
    dpcDataSize: ddSize,
    dpcType: dpc !== null ? dpc.field("Type") : null,
    dpcListEntry: dpc !== null ? dpc.field("DpcListEntry") : null,
    deferredRoutine: dpc !== null ? dpc.field("DeferredRoutine") : null,
    numberIsByte: number !== null && number.size === 1,
  };
}

/** A struct read as a few clustered reads: only the bytes of the fields asked for are fetched. */
class ClusteredView {
  private readonly views: StructView[] = [];
  private readonly offsets: number[] = [];

  constructor(target: Target, address: Addr, ranges: { offset: number; size: number }[]) {
    const sorted = ranges.filter((r) => r.size > 0).sort((a, b) => a.offset - b.offset);
    let i = 0;
    while (i < sorted.length) {
      const start = sorted[i].offset;
      let end = start + sorted[i].size;
      let j = i + 1;
      while (j < sorted.length && sorted[j].offset <= end + CLUSTER_GAP) {
        end = Math.max(end, sorted[j].offset + sorted[j].size);
        j++;
      }
      const at = addrAdd(address, start);
      this.views.push(new StructView(at, target.read(at, end - start), target.pointerSize));
      this.offsets.push(start);
      i = j;
    }
  }

  private locate(offset: number): { v: StructView; o: number } {
    for (let i = this.views.length - 1; i >= 0; i--) {
      if (offset >= this.offsets[i]) return { v: this.views[i], o: offset - this.offsets[i] };
    }
    throw new RangeError("offset 0x" + offset.toString(16) + " was not read");
  }

  field(f: FieldInfo): number {
    const a = this.locate(f.offset);
    return a.v.field({ offset: a.o, size: f.size, typeName: f.typeName, bitPosition: f.bitPosition, bitLength: f.bitLength });
  }

  ptr(offset: number): Addr {
    const a = this.locate(offset);
    return a.v.ptr(a.o);
  }

  u32(offset: number): number {
    const a = this.locate(offset);
    return a.v.u32(a.o);
  }
}

export interface ProcessorsResult {
  /** KeNumberProcessors, null when unreadable. */
  count: number | null;
  processors: ProcessorRecord[];
}

/** nt!KeNumberProcessors, or null when unknown, unreadable or absurd. */
function readCount(target: Target, byte: boolean, dq: Quality): number | null {
  const a = target.getSymbolAddress("nt", "KeNumberProcessors");
  if (a === null) {
    dq.note("missing-symbol", "nt!KeNumberProcessors is not in the symbols: the processors were not decoded");
    return null;
  }
  try {
    const v = new StructView(a, target.read(a, 4), target.pointerSize).u32(0);
    const n = byte ? v & 0xff : v;
    if (n >= 1 && n <= MAX_PROCESSORS) return n;
    dq.fail("absurd-value", "processor counts (nt!KeNumberProcessors)", a);
  } catch (e) {
    dq.fail("read-error", "processor counts (nt!KeNumberProcessors)", a);
  }
  return null;
}

/**
 * Every processor's KPRCB: one read of KiProcessorBlock, a few clustered reads per KPRCB, its DPC queues walked
 * (bounded, cycle-safe) and each queued KDPC read once. Failures are per processor, counted in dq.
 */
export function readProcessors(target: Target, dq: Quality, modules: ModuleTable): ProcessorsResult {
  const missing: string[] = [];
  const L = prcbLayout(target, missing);
  if (missing.length > 0) dq.note("missing-type", "the nt symbols lack " + missing.join(", ") + "; the processors were " + (L === null ? "not decoded" : "decoded without it"));
  if (L === null) return { count: null, processors: [] };
  const count = readCount(target, L.numberIsByte, dq);
  const block = target.getSymbolAddress("nt", "KiProcessorBlock");
  if (count === null) return { count: null, processors: [] };
  if (block === null) {
    dq.note("missing-symbol", "nt!KiProcessorBlock is not in the symbols: the processors were not decoded");
    return { count: count, processors: [] };
  }
  const ps = target.pointerSize;
  let table: StructView;
  try {
    table = new StructView(block, target.read(block, count * ps), ps);
  } catch (e) {
    dq.fail("read-error", "processor tables (nt!KiProcessorBlock)", block);
    return { count: count, processors: [] };
  }
  const ranges: { offset: number; size: number }[] = [];
  const want = (f: FieldInfo | null) => {
    if (f !== null) ranges.push({ offset: f.offset, size: f.bitLength > 0 ? f.size : Math.max(1, f.size) });
  };
  [L.currentThread, L.nextThread, L.idleThread, L.number, L.kernelTime, L.userTime, L.dpcTime, L.interruptTime,
    L.dpcRoutineActive, L.currentDpcRoutine].forEach(want);
  for (const base of L.dpcData) {
    if (L.listHead !== null) ranges.push({ offset: base + L.listHead.offset, size: 2 * ps });
    if (L.queueDepth !== null) ranges.push({ offset: base + L.queueDepth.offset, size: 4 });
  }
  const symbols = new Map<Addr, string | null>();
  const out: ProcessorRecord[] = [];
  const seenPrcb = new Set<Addr>();
  for (let n = 0; n < count; n++) {
    const prcb = table.ptr(n * ps);
    if (addrIsNull(prcb) || !isKernelPointer(prcb, ps) || seenPrcb.has(prcb)) {
      dq.fail("absurd-value", "KiProcessorBlock entries", prcb);
      continue;
    }
    seenPrcb.add(prcb);
    let v: ClusteredView;
    try {
      v = new ClusteredView(target, prcb, ranges);
    } catch (e) {
      dq.fail("read-error", "KPRCBs", prcb);
      continue;
    }
    try {
      out.push(decodePrcb(target, dq, modules, L, v, prcb, n, symbols));
    } catch (e) {
      dq.fail("read-error", "KPRCBs", prcb);
    }
  }
  return { count: count, processors: out };
}

function decodePrcb(
  target: Target, dq: Quality, modules: ModuleTable, L: PrcbLayout, v: ClusteredView, prcb: Addr, n: number,
  symbols: Map<Addr, string | null>,
): ProcessorRecord {
  const current = v.ptr(L.currentThread.offset);
  const idle = v.ptr(L.idleThread.offset);
  const next = L.nextThread !== null ? v.ptr(L.nextThread.offset) : "0";
  const num = (f: FieldInfo | null) => (f !== null ? v.field(f) : 0);
  const queued: QueuedDpcRecord[] = [];
  let depth = 0;
  for (const base of L.dpcData) {
    if (L.queueDepth !== null) depth += Math.max(0, v.u32(base + L.queueDepth.offset) | 0);
    if (L.listHead === null) continue;
    const head = addrAdd(prcb, base + L.listHead.offset);
    const entries = walkQueue(target, dq, L.singlyLinked ? "0" : head, v.ptr(base + L.listHead.offset), prcb);
    for (const e of entries) {
      const d = readDpc(target, dq, modules, L, e, symbols);
      if (d !== null) queued.push(d);
    }
  }
  if (L.queueDepth !== null && L.listHead !== null && depth !== queued.length && depth <= MAX_DPCS_PER_QUEUE * L.dpcData.length) {
    dq.note("count-mismatch", "processor " + n + ": DpcQueueDepth says " + depth + " queued DPCs, " + queued.length + " found on the queues");
  }
  const routine = L.currentDpcRoutine !== null ? v.ptr(L.currentDpcRoutine.offset) : "0";
  const routineModule = addrIsNull(routine) ? null : modules.byAddress(routine);
  return {
    number: L.number !== null ? v.field(L.number) : n,
    prcb: prcb,
    currentThread: current,
    nextThread: addrIsNull(next) ? null : next,
    idleThread: idle,
    idle: current === idle,
    kernelTicks: num(L.kernelTime),
    userTicks: num(L.userTime),
    dpcTicks: num(L.dpcTime),
    interruptTicks: num(L.interruptTime),
    dpcActive: L.dpcRoutineActive !== null ? v.field(L.dpcRoutineActive) !== 0 : null,
    currentDpcRoutine: addrIsNull(routine) ? null : routine,
    currentDpcSymbol: addrIsNull(routine) ? null : symbolOf(modules, routine, symbols),
    currentDpcModule: routineModule !== null ? modules.touch(routineModule) : null,
    dpcQueueDepth: depth,
    queuedDpcs: queued,
    idleStack: null,
  };
}

function symbolOf(modules: ModuleTable, a: Addr, cache: Map<Addr, string | null>): string | null {
  if (cache.has(a)) return cache.get(a) as string | null;
  let s: string | null;
  if (cache.size < MAX_DPC_SYMBOLS) s = modules.symbolize(a);
  else {
    // Past the cap no `ln` runs: "module+0xoff" is what the debugger shows without symbols.
    const m = modules.byAddress(a);
    const off = m !== null ? addrDiff(a, m.base) : null;
    s = m !== null && off !== null ? m.name + "+0x" + off.toString(16) : null;
  }
  cache.set(a, s);
  return s;
}

/**
 * KDPC.DpcListEntry addresses of a DPC queue, following the first pointer of each entry until `end`: the list head
 * for the doubly linked LIST_ENTRY queue (2003, 2008 R2), NULL for the singly linked KDPC_LIST (Windows 10).
 * Bounded and cycle-safe; a link that is no kernel pointer stops the walk and is counted.
 */
function walkQueue(target: Target, dq: Quality, end: Addr, first: Addr, prcb: Addr): Addr[] {
  const out: Addr[] = [];
  const seen = new Set<Addr>([end]);
  const ps = target.pointerSize;
  let at = first;
  while (at !== end) {
    if (addrIsNull(at) || !isKernelPointer(at, ps)) {
      dq.fail("absurd-value", "DPC queues", prcb);
      break;
    }
    if (seen.has(at)) {
      dq.fail("cycle", "DPC queues", prcb);
      break;
    }
    if (out.length >= MAX_DPCS_PER_QUEUE) {
      dq.fail("bound", "DPC queues", prcb);
      break;
    }
    seen.add(at);
    out.push(at);
    try {
      at = new StructView(at, target.read(at, ps), ps).ptr(0);
    } catch (e) {
      dq.fail("read-error", "DPC queues", prcb);
      break;
    }
  }
  return out;
}

/** One queued KDPC from its DpcListEntry: one read up to DeferredRoutine; a wrong Type is skipped and counted. */
function readDpc(target: Target, dq: Quality, modules: ModuleTable, L: PrcbLayout, entry: Addr, symbols: Map<Addr, string | null>): QueuedDpcRecord | null {
  if (L.dpcListEntry === null || L.deferredRoutine === null) return null;
  const dpc = addrAdd(entry, -L.dpcListEntry.offset);
  const ps = target.pointerSize;
  let view: StructView;
  try {
    view = new StructView(dpc, target.read(dpc, L.deferredRoutine.offset + ps), ps);
  } catch (e) {
    dq.fail("read-error", "queued DPCs", dpc);
    return null;
  }
  if (L.dpcType !== null && DPC_TYPES.indexOf(view.field(L.dpcType)) < 0) {
    dq.fail("bad-type", "queued DPCs", dpc);
    return null;
  }
  const routine = view.ptr(L.deferredRoutine.offset);
  const m = modules.byAddress(routine);
  return {
    dpc: dpc,
    routine: routine,
    symbol: m !== null ? symbolOf(modules, routine, symbols) : null,
    module: m !== null ? modules.touch(m) : null,
  };
}

/**
 * The frames of processor `n`'s idle thread, from the data model's Idle process (pid 0), whose threads the kernel
 * debugger keys by processor number; null when the host has none. Read only when a DPC runs on the idle thread.
 */
export function idleStack(target: Target, modules: ModuleTable, dq: Quality, p: ProcessorRecord): FrameRecord[] | null {
  let frames: FrameInfo[] | null;
  try {
    frames = target.stackFrames(0, p.number);
  } catch (e) {
    frames = null;
  }
  if (frames === null) {
    dq.fail("stack-unavailable", "idle threads running a DPC", p.idleThread);
    return null;
  }
  return framesToRecords(modules, frames);
}

/**
 * Data-model frames as records, each attributed to a module ("module!Function + 0x1f" becomes k's "+0x1f"). `touch`:
 * the modules are evidence (lmv runs for them); stack-group samples are not, so they leave the modules alone.
 */
export function framesToRecords(modules: ModuleTable, frames: FrameInfo[], touch = true): FrameRecord[] {
  const out: FrameRecord[] = [];
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i];
    const text = f.text.replace(/ \+ 0x/, "+0x");
    const m = frameModule(modules, text, f.instructionOffset);
    out.push({ text: text, module: m === null ? null : touch ? modules.touch(m) : m.name, address: f.instructionOffset });
  }
  return out;
}

/** Target threads whose stacks are sampled for the stack groups (one data-model stack walk each: not cheap in WinDbg). */
export const MAX_STACK_SAMPLES = 64;

/**
 * The processors into the snapshot: their KPRCBs, the current thread of each busy processor decoded with its stack
 * (whatever process it belongs to: bounded by the CPU count), the idle thread's frames where a DPC runs on it, and
 * stack samples of the target's threads for the stack groups.
 */
export function collectProcessors(
  ctx: ThreadContext, modules: ModuleTable, snap: DumpSnapshot, targetThreads: ThreadRecord[],
  decode: (a: Addr) => ThreadRecord | null, stack: (t: ThreadRecord) => void,
): void {
  const dq = ctx.dq;
  const r = readProcessors(ctx.target, dq, modules);
  snap.processorCount = r.count;
  snap.processors = r.processors;
  for (const p of r.processors) {
    if (p.idle) {
      if (p.dpcActive === true) p.idleStack = idleStack(ctx.target, modules, dq, p);
      continue;
    }
    if (addrIsNull(p.currentThread) || !isKernelPointer(p.currentThread, ctx.target.pointerSize)) {
      dq.fail("absurd-value", "KPRCB current threads", p.prcb);
      continue;
    }
    const t = decode(p.currentThread);
    if (t !== null) stack(t);
  }
  // Stack groups: every target thread (bounded), reusing stacks already read.
  const cids: { [cid: string]: number } = {};
  for (const t of targetThreads) cids[t.pid + "." + t.tid] = (cids[t.pid + "." + t.tid] || 0) + 1;
  // Threads whose stacks were read already come first (free); the report says when the groups are a sample.
  const sampled = targetThreads.filter((t) => t.stack !== null).concat(targetThreads.filter((t) => t.stack === null)).slice(0, MAX_STACK_SAMPLES);
  for (const t of sampled) {
    let frames: FrameRecord[] | null = t.stack;
    if (frames === null && cids[t.pid + "." + t.tid] === 1 && t.pid >= 0 && t.tid >= 0) {
      let f: FrameInfo[] | null = null;
      try {
        f = ctx.target.stackFrames(t.pid, t.tid);
      } catch (e) {
        f = null;
      }
      frames = f !== null ? framesToRecords(modules, f, false) : null;
    }
    if (frames !== null) snap.stackSamples.push({ thread: t.address, state: t.state, waitReason: t.waitReason, frames: frames });
  }
}
