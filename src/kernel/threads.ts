// Decodes ETHREAD/KTHREAD into ThreadRecords (one read per thread, wait blocks and IrpList walked bounded) and
// attaches stacks from the data model. Called by collect.ts for target threads and for owners/waiters of resources.
import { Addr, addrAdd, addrIsNull, addrToNumber } from "../addr";
import { FrameInfo, Target } from "../host/target";
import {
  OBJECT_TYPE_THREAD,
  THREAD_STATE_WAITING,
  threadStateName,
  waitModeName,
  waitReasonName,
} from "./enums";
import { Layout } from "./layout";
import { walkList } from "./lists";
import { frameModule, ModuleTable } from "./modules";
import { decodeProcess } from "./processes";
import { Quality } from "./quality";
import { FrameRecord, ProcessRecord, ThreadRecord } from "./records";
import { StructView } from "./struct";
import { elapsedTicks, ticksToSeconds } from "./time";

export const MAX_IRPS_PER_THREAD = 1024;
/** THREAD_WAIT_OBJECTS is 3 (+1 timer block); WaitForMultipleObjects allows 64 with caller-supplied blocks. */
export const MAX_WAIT_BLOCKS = 64;

export interface ThreadContext {
  target: Target;
  layout: Layout;
  dq: Quality;
  keMaximumIncrement: number;
  tickCount: number | null;
  /** EPROCESS → process, filled by the process walk; processes found later through threads are added. */
  processes: Map<Addr, ProcessRecord>;
  /** XP/2003 names for wait reasons 21..25. */
  legacyWaitReasons: boolean;
}

/** The context for decoding threads; the wait-reason naming follows the layout (one rule for every command). */
export function threadContext(
  target: Target,
  layout: Layout,
  dq: Quality,
  keMaximumIncrement: number,
  tickCount: number | null,
  processes: Map<Addr, ProcessRecord>,
): ThreadContext {
  return {
    target: target,
    layout: layout,
    dq: dq,
    keMaximumIncrement: keMaximumIncrement,
    tickCount: tickCount,
    processes: processes,
    // 2003's ERESOURCE (ActiveCount, no ActiveEntries) goes with the XP/2003 names for wait reasons 21..25.
    legacyWaitReasons: layout.resource !== null && layout.resource.activeEntries === null,
  };
}

/** True when `a` is readable and its DISPATCHER_HEADER.Type is Thread (6). */
export function isThread(ctx: ThreadContext, a: Addr): boolean {
  const t = ctx.layout.thread;
  if (t === null || addrIsNull(a)) return false;
  try {
    return ctx.target.read(addrAdd(a, t.type.offset), 1)[0] === OBJECT_TYPE_THREAD;
  } catch (e) {
    return false;
  }
}

function processOf(ctx: ThreadContext, eprocess: Addr): ProcessRecord | null {
  if (addrIsNull(eprocess)) return null;
  const known = ctx.processes.get(eprocess);
  if (known !== undefined) return known;
  const p = ctx.layout.process;
  if (p === null) return null;
  try {
    const rec = decodeProcess(new StructView(eprocess, ctx.target.read(eprocess, p.span), ctx.target.pointerSize), p, ctx.layout).record;
    ctx.processes.set(eprocess, rec);
    return rec;
  } catch (e) {
    ctx.dq.fail("read-error", "processes of threads", eprocess);
    return null;
  }
}

/** Objects the thread waits on (only when Waiting): NextWaitBlock ring (≤ 7601) or WaitBlockCount array (Win8+). */
function waitObjects(ctx: ThreadContext, view: StructView): Addr[] {
  const t = ctx.layout.thread!;
  const wb = ctx.layout.waitBlock;
  if (wb === null || t.waitBlockList === null) return [];
  const first = view.addr(t.waitBlockList);
  if (addrIsNull(first)) return [];
  const timer = t.timer !== null ? addrAdd(view.address, t.timer.offset) : null;
  const ps = ctx.target.pointerSize;
  const out: Addr[] = [];
  const add = (o: Addr) => {
    if (!addrIsNull(o) && o !== timer && out.indexOf(o) < 0) out.push(o);
  };
  try {
    if (wb.nextWaitBlock !== null) {
      const seen = new Set<Addr>();
      let at = first;
      for (;;) {
        const block = new StructView(at, ctx.target.read(at, wb.span), ps);
        seen.add(at);
        add(block.addr(wb.object));
        const next = block.addr(wb.nextWaitBlock);
        if (next === first || addrIsNull(next)) break;
        if (seen.has(next)) {
          ctx.dq.fail("cycle", "wait-block chains", view.address);
          break;
        }
        if (seen.size >= MAX_WAIT_BLOCKS) {
          ctx.dq.fail("bound", "wait-block chains", view.address);
          break;
        }
        at = next;
      }
    } else {
      // Only called for Waiting threads, which wait on at least one block.
      let count = t.waitBlockCount !== null ? Math.max(1, view.field(t.waitBlockCount)) : 1;
      if (count > MAX_WAIT_BLOCKS) {
        ctx.dq.fail("absurd-value", "WaitBlockCount values", view.address);
        count = MAX_WAIT_BLOCKS;
      }
      if (count > 0) {
        const blocks = new StructView(first, ctx.target.read(first, count * wb.size), ps);
        for (let i = 0; i < count; i++) add(blocks.ptr(i * wb.size + wb.object.offset));
      }
    }
  } catch (e) {
    ctx.dq.fail("read-error", "wait blocks", view.address);
  }
  return out;
}

function irpList(ctx: ThreadContext, view: StructView): Addr[] {
  const t = ctx.layout.thread!;
  const irp = ctx.layout.irp;
  if (t.irpList === null || irp === null) return [];
  const head = addrAdd(view.address, t.irpList.offset);
  // An empty list (Flink back at the head) costs no read.
  if (view.ptr(t.irpList.offset + ctx.layout.listEntry.flink) === head) return [];
  const walk = walkList(ctx.target, ctx.dq, head, ctx.layout.listEntry, MAX_IRPS_PER_THREAD, "thread IRP lists", view.address);
  // IopQueueIrpToThread links IRP.ThreadListEntry into ETHREAD.IrpList.
  return walk.entries.map((e) => addrAdd(e, -irp.threadListEntry.offset));
}

function optionalAddr(view: StructView, f: { offset: number } | null): Addr | null {
  return f === null ? null : view.ptr(f.offset);
}

/** One thread from one read, or null (counted in dq) when unreadable or not a thread. */
export function decodeThread(ctx: ThreadContext, address: Addr): ThreadRecord | null {
  const t = ctx.layout.thread;
  if (t === null) return null;
  let view: StructView;
  try {
    view = new StructView(address, ctx.target.read(address, t.span), ctx.target.pointerSize);
  } catch (e) {
    ctx.dq.fail("read-error", "threads", address);
    return null;
  }
  try {
    if (view.field(t.type) !== OBJECT_TYPE_THREAD) {
      ctx.dq.fail("bad-type", "threads", address);
      return null;
    }
    const stateCode = view.field(t.state);
    const waitReasonCode = view.field(t.waitReason);
    const kernelTicks = view.field(t.kernelTime);
    const userTicks = view.field(t.userTime);
    const waitTime = t.waitTime !== null ? view.field(t.waitTime) : 0;
    let eprocess: Addr = "0";
    if (t.process !== null) eprocess = view.addr(t.process);
    if (addrIsNull(eprocess) && t.apcStateProcess !== null) eprocess = view.addr(t.apcStateProcess);
    const proc = processOf(ctx, eprocess);
    const pid = addrToNumber(view.addr(t.cidProcess));
    const tid = addrToNumber(view.addr(t.cidThread));
    return {
      address: address,
      pid: pid !== null ? pid : -1,
      tid: tid !== null ? tid : -1,
      processAddress: addrIsNull(eprocess) ? null : eprocess,
      processName: proc !== null ? proc.name : null,
      stateCode: stateCode,
      state: threadStateName(stateCode),
      waitReasonCode: waitReasonCode,
      waitReason: waitReasonName(waitReasonCode, ctx.legacyWaitReasons),
      waitMode: waitModeName(t.waitMode !== null ? view.field(t.waitMode) : 0),
      waitObjects: stateCode === THREAD_STATE_WAITING ? waitObjects(ctx, view) : [],
      waitTime: waitTime,
      elapsedTicks: t.waitTime !== null ? elapsedTicks(ctx.tickCount, waitTime) : null,
      kernelTicks: kernelTicks,
      userTicks: userTicks,
      kernelSeconds: ticksToSeconds(kernelTicks, ctx.keMaximumIncrement),
      userSeconds: ticksToSeconds(userTicks, ctx.keMaximumIncrement),
      contextSwitches: t.contextSwitches !== null ? view.field(t.contextSwitches) : 0,
      priority: t.priority !== null ? view.field(t.priority) : 0,
      basePriority: t.basePriority !== null ? view.field(t.basePriority) : 0,
      startAddress: optionalAddr(view, t.startAddress),
      win32StartAddress: optionalAddr(view, t.win32StartAddress),
      teb: optionalAddr(view, t.teb),
      irps: irpList(ctx, view),
      stack: null,
    };
  } catch (e) {
    ctx.dq.fail("read-error", "threads", address);
    return null;
  }
}

/** Thread addresses on a process's ThreadListHead (ETHREAD = entry − ThreadListEntry), bounded and cycle-safe. */
export function processThreadAddresses(ctx: ThreadContext, threadListHead: Addr, threadListFlink: Addr, process: Addr, max: number): Addr[] {
  const p = ctx.layout.process;
  if (p === null || threadListFlink === threadListHead) return [];
  const walk = walkList(ctx.target, ctx.dq, threadListHead, ctx.layout.listEntry, max, "process thread lists", process);
  return walk.entries.map((e) => addrAdd(e, -p.threadListEntry.offset));
}

/** The thread's kernel stack from the data model, each frame attributed to a module (evidence: lmv runs for it). */
export function attachStack(ctx: ThreadContext, modules: ModuleTable, thread: ThreadRecord): void {
  if (thread.pid < 0 || thread.tid < 0) return;
  let frames: FrameInfo[] | null;
  try {
    frames = ctx.target.stackFrames(thread.pid, thread.tid);
  } catch (e) {
    frames = null;
  }
  if (frames === null) {
    ctx.dq.fail("stack-unavailable", "threads", thread.address);
    return;
  }
  const out: FrameRecord[] = [];
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i];
    // The data model shows "module!Function + 0x1f"; records keep `k`'s form "module!Function+0x1f".
    const text = f.text.replace(/ \+ 0x/, "+0x");
    const m = frameModule(modules, text, f.instructionOffset);
    out.push({ text: text, module: m !== null ? modules.touch(m) : null, address: f.instructionOffset });
  }
  thread.stack = out;
}
