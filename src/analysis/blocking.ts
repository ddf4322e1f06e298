// Principle (a) of the decision: where each blocking chain is stuck, its blocking point. Called by analyze() before the
// suspects are judged (suspects.ts judges presence against it; verdict.ts names it as the blocking component).
import { Addr } from "../addr";
import { ModuleRecord, ThreadRecord } from "../kernel/records";
import { SnapshotIndex, innermostNonCoreFrame, stackModules } from "./model";
import { BlockerInfo, BlockingPoint, ContentionInfo, DeadlockCycle, IoHold, IrpPath, IrpPathStep } from "./types";

/**
 * Evidence that a thread executes code of a module. Today the only source is its stack's innermost non-nt frame;
 * other evidence of running code (a processor's current thread or DPC inside a module) is another source, given to
 * findBlockingPoints in front of the stack: the first source that answers decides.
 */
export interface RunningCode {
  module: ModuleRecord;
  /** The frame or address that shows it ("bkvfilt+0x1063"). */
  frame: string;
  /** True when the code only calls into nt's lock acquisition: it is taking a lock, it is not where the work is. */
  acquiringLock: boolean;
  /** Where the fact comes from ("stack", "on-cpu", ...), for the text. */
  source: string;
}
export type RunningCodeSource = (idx: SnapshotIndex, t: ThreadRecord) => RunningCode | null;

export const stackRunningCode: RunningCodeSource = (idx, t) => {
  const inner = innermostNonCoreFrame(idx, t.stack);
  return inner ? { module: inner.module, frame: inner.frame.text, acquiringLock: inner.inLockAcquisition, source: "stack" } : null;
};

/** The code a running thread runs in, from the first source that knows (the one entry point for running code). */
export function runningCode(idx: SnapshotIndex, t: ThreadRecord, sources: RunningCodeSource[]): RunningCode | null {
  for (const s of sources) {
    const r = s(idx, t);
    if (r) return r;
  }
  return null;
}

/** The sources of running code, extra ones (e.g. a processor's current thread or DPC) before the stack. */
export function runningSourcesWith(extra: RunningCodeSource[]): RunningCodeSource[] {
  return extra.concat([stackRunningCode]);
}

export interface BlockingContext {
  idx: SnapshotIndex;
  contention: ContentionInfo[];
  blockers: BlockerInfo[];
  deadlocks: DeadlockCycle[];
  paths: { [irp: string]: IrpPath };
  fmt: (a: Addr) => string;
  /** Extra sources of running code, consulted before the stack. */
  runningSources?: RunningCodeSource[];
}

function driverOfDevice(idx: SnapshotIndex, dev: Addr): { name: string | null; module: ModuleRecord | null } {
  const rec = idx.device(dev);
  if (!rec) return { name: null, module: null };
  const drv = idx.driverByAddress(rec.driverObject) || (rec.driverName ? idx.driverByName(rec.driverName) : null);
  const m = drv ? idx.module(drv.module) || idx.moduleContaining(drv.driverStart) : null;
  return { name: rec.driverName || (drv ? drv.name : null), module: m };
}

export function stepModule(idx: SnapshotIndex, st: IrpPathStep): ModuleRecord | null {
  return idx.module(st.module) || driverOfDevice(idx, st.device).module;
}

/** "write", "device control" from the current location's IRP_MJ_ name, null when unknown. */
export function majorWord(p: IrpPath): string | null {
  if (!p.majorName || !/^IRP_MJ_[A-Z_]+$/.test(p.majorName)) return null;
  return p.majorName.slice(7).toLowerCase().replace(/_/g, " ");
}

/**
 * The pending IRPs of a thread waiting inside module M that passed a device of M and now sit in another driver,
 * grouped by that driver (largest first). Empty when any pending IRP through M sits at M itself (M does its own
 * waiting) or none passed M (unrelated I/O of the same thread). `of`: the thread's readable IRPs; `through`: the
 * pending IRPs that passed M.
 */
export function ownIoWait(idx: SnapshotIndex, paths: { [irp: string]: IrpPath }, irps: Addr[], m: ModuleRecord): { holds: IoHold[]; of: number; through: number } {
  const key = m.name.toLowerCase();
  const groups: { [k: string]: IoHold } = {};
  const order: string[] = [];
  let of = 0;
  let through = 0;
  let atSelf = false;
  for (const a of irps) {
    const p = paths[a];
    if (!p) continue;
    of++;
    if (!p.pending) continue;
    let cur: { st: IrpPathStep; m: ModuleRecord | null } | null = null;
    let passed = false;
    for (const st of p.steps) {
      const sm = stepModule(idx, st);
      if (st.position === "current") cur = { st, m: sm };
      else if (sm && sm.name.toLowerCase() === key) passed = true;
    }
    if (!cur) continue;
    if (cur.m && cur.m.name.toLowerCase() === key) {
      atSelf = true;
      continue;
    }
    if (!passed) continue;
    through++;
    if (!cur.m) continue;
    const k = cur.m.name.toLowerCase();
    let g = groups[k];
    if (!g) {
      const name = cur.st.driverName || driverOfDevice(idx, cur.st.device).name;
      g = groups[k] = { module: cur.m.name, driver: name || cur.m.name, driverName: name, irps: [], major: majorWord(p), majority: false };
      order.push(k);
    }
    if (g.irps.indexOf(p.irp) < 0) g.irps.push(p.irp);
    if (g.major !== majorWord(p)) g.major = null;
  }
  if (atSelf) return { holds: [], of, through };
  const list = order.map((k, i) => ({ g: groups[k], i }));
  list.sort((x, y) => y.g.irps.length - x.g.irps.length || x.i - y.i);
  const holds = list.map((x) => x.g);
  for (const g of holds) g.majority = g.irps.length * 2 >= through;
  return { holds, of, through };
}

/** When every readable waiter of `c` (at least half of them readable) acquires it from one non-nt module. */
export function orphanAcquirers(idx: SnapshotIndex, c: ContentionInfo): { m: ModuleRecord; n: number; of: number; frame: string; threads: Addr[] } | null {
  const waiters = c.exclusiveWaiters.concat(c.sharedWaiters);
  let m: ModuleRecord | null = null;
  let frame = "";
  const threads: Addr[] = [];
  for (const w of waiters) {
    const wt = idx.thread(w);
    if (!wt || !wt.stack) continue;
    const inner = innermostNonCoreFrame(idx, wt.stack);
    if (!inner) return null;
    if (!m) {
      m = inner.module;
      frame = inner.frame.text;
    } else if (m.name.toLowerCase() !== inner.module.name.toLowerCase()) return null;
    threads.push(w);
  }
  if (!m || threads.length * 2 < waiters.length) return null;
  return { m, n: threads.length, of: waiters.length, frame, threads };
}

/** The module whose image holds the lock: its symbol's module, else the image containing its address. */
export function lockModule(idx: SnapshotIndex, c: ContentionInfo | null, r: Addr): ModuleRecord | null {
  const symMod = c && c.symbol && c.symbol.indexOf("!") > 0 ? idx.module(c.symbol.slice(0, c.symbol.indexOf("!"))) : null;
  return symMod || idx.moduleContaining(r);
}

/** Runs of non-core modules on a stack, innermost first (consecutive frames of one module are one run). */
function moduleRuns(idx: SnapshotIndex, t: ThreadRecord): { m: ModuleRecord; frame: string }[] {
  const runs: { m: ModuleRecord; frame: string }[] = [];
  for (const f of t.stack || []) {
    const sm = stackModules(idx, [f])[0];
    if (!sm) continue;
    const last = runs.length > 0 ? runs[runs.length - 1] : null;
    if (last && last.m.name.toLowerCase() === sm.module.name.toLowerCase()) continue;
    runs.push({ m: sm.module, frame: f.text });
  }
  return runs;
}

/**
 * A thread waiting inside module M that M itself had called back into module C (C's frames between two runs of M,
 * innermost first: M waits, C called it, M called C): C's callback called M's routine (a library call such as a
 * message to its service, a framework wait lock, a nested request), so the wait is on C's behalf. C, or null.
 */
export function callbackCaller(idx: SnapshotIndex, t: ThreadRecord, m: ModuleRecord): { m: ModuleRecord; frame: string } | null {
  const runs = moduleRuns(idx, t);
  if (runs.length < 3 || runs[0].m.name.toLowerCase() !== m.name.toLowerCase()) return null;
  const mk = m.name.toLowerCase();
  if (runs[1].m.name.toLowerCase() === mk) return null;
  for (let k = 2; k < runs.length; k++) if (runs[k].m.name.toLowerCase() === mk) return runs[1];
  return null;
}

/**
 * A thread that re-entered a driver stack from a callback: module M's code was called by module X and calls back into
 * X (X's frames on both sides of M's, innermost first). What the thread acquired before M's nested request it holds
 * across it, so M's re-entry is what can close a cycle. The innermost such M, or null.
 */
export function reentryModule(idx: SnapshotIndex, t: ThreadRecord): { m: ModuleRecord; frame: string; into: string } | null {
  if (!t.stack) return null;
  const runs = moduleRuns(idx, t);
  // First and last run of each module: M at run j sits between two runs of X when first[X] < j < last[X].
  const first: { [k: string]: number } = {};
  const last: { [k: string]: number } = {};
  runs.forEach((r, i) => {
    const k = r.m.name.toLowerCase();
    if (!(k in first)) first[k] = i;
    last[k] = i;
  });
  for (let j = 1; j < runs.length - 1; j++) {
    const mk = runs[j].m.name.toLowerCase();
    for (const xk in first) {
      if (xk !== mk && first[xk] < j && last[xk] > j) return { m: runs[j].m, frame: runs[j].frame, into: runs[first[xk]].m.name };
    }
  }
  return null;
}

function unknown(b: BlockerInfo, text: string): BlockingPoint {
  return { blocker: b.thread, kind: "unknown", modules: [], frame: null, via: null, io: [], ioOf: 0, ioThrough: 0, text };
}

function point(b: BlockerInfo, kind: BlockingPoint["kind"], modules: string[], frame: string | null, text: string, via?: string | null): BlockingPoint {
  return { blocker: b.thread, kind, modules, frame, via: via || null, io: [], ioOf: 0, ioThrough: 0, text };
}

/**
 * Each blocker's blocking point:
 *  - a running (Running/Ready/Standby) head: the code it runs in, unless that code only calls nt's lock acquisition;
 *    a target thread whose innermost frame lies in no kernel module runs in the target's own code ("target-code");
 *  - a waiting head: what it waits for — its own pending I/O that passed the module it waits in, followed to the
 *    driver holding it (the majority of those IRPs); else, when the module it waits in had called back into module C
 *    and C's callback called it, C (the wait is on C's behalf); else the module it waits inside; unknown when it waits in nt
 *    only or is acquiring a lock that is not among the contended ERESOURCEs (an ERESOURCE it waits on is followed to
 *    the next owner by the chains already: the chain's head is the blocker here);
 *  - a deadlocked thread: its closed cycle, at the module whose code re-entered a driver stack holding a lock on a
 *    cycle thread, else at the modules the cycle's threads take their locks in;
 *  - a vanished owner: the module whose lock it is when the lock lies in its image and every waiter takes it from its
 *    code; unknown otherwise.
 */
export function findBlockingPoints(ctx: BlockingContext): { [blocker: string]: BlockingPoint } {
  const { idx, fmt } = ctx;
  const sources = runningSourcesWith(ctx.runningSources || []);
  const out: { [blocker: string]: BlockingPoint } = {};
  const resByAddr: { [a: string]: ContentionInfo } = {};
  for (const c of ctx.contention) resByAddr[c.resource] = c;
  const resourceObjects: { [a: string]: boolean } = {};
  for (const r of idx.snapshot.resources) {
    resourceObjects[r.address] = true;
    if (r.sharedWaitersObject !== "0") resourceObjects[r.sharedWaitersObject] = true;
    if (r.exclusiveWaitersObject !== "0") resourceObjects[r.exclusiveWaitersObject] = true;
  }
  const cycleOf: { [t: string]: BlockingPoint | null } = {};
  function cyclePoint(b: BlockerInfo): BlockingPoint {
    const cy = ctx.deadlocks.filter((c) => c.threads.indexOf(b.thread) >= 0)[0];
    if (!cy) return unknown(b, "deadlocked, cycle not found");
    const key = cy.threads.join(",");
    const known = cycleOf[key];
    if (known) return Object.assign({}, known, { blocker: b.thread });
    const reentry: string[] = [];
    let reText = "";
    const sites: string[] = [];
    for (const th of cy.threads) {
      const t = idx.thread(th);
      if (!t || !t.stack) continue;
      const re = reentryModule(idx, t);
      if (re && reentry.indexOf(re.m.name) < 0) {
        reentry.push(re.m.name);
        if (!reText) reText = re.m.name + " (" + re.frame + ") re-entered " + re.into + " on the stack of deadlocked thread " + fmt(th);
      }
      const inner = innermostNonCoreFrame(idx, t.stack);
      if (inner && sites.indexOf(inner.module.name) < 0) sites.push(inner.module.name);
    }
    const locks = cy.resources.map((r) => "ERESOURCE " + fmt(r)).join(", ");
    const p =
      reentry.length > 0
        ? point(b, "reentry", reentry, null, "a closed cycle (" + locks + ") closed by a nested request: " + reText)
        : sites.length > 0
          ? point(b, "cycle", sites, null, "a closed cycle (" + locks + ") whose threads take their locks in " + sites.join(", "))
          : unknown(b, "a closed cycle (" + locks + ") whose threads' code could not be read");
    cycleOf[key] = p;
    return p;
  }
  for (const b of ctx.blockers) {
    const t = idx.thread(b.thread);
    if (b.role === "deadlock") {
      out[b.thread] = cyclePoint(b);
      continue;
    }
    if (b.role === "orphan-owner") {
      let p: BlockingPoint | null = null;
      for (const r of b.resources) {
        const c = resByAddr[r];
        const acq = c ? orphanAcquirers(idx, c) : null;
        const lm = lockModule(idx, c || null, r);
        if (acq && lm && lm.name.toLowerCase() === acq.m.name.toLowerCase()) {
          p = point(b, "abandoned-lock", [acq.m.name], acq.frame, "ERESOURCE " + fmt(r) + ", a lock of " + acq.m.name + " taken from its code, abandoned by its vanished owner");
          break;
        }
      }
      out[b.thread] = p || unknown(b, "the owner vanished; nothing says whose lock it is");
      continue;
    }
    if (!t) {
      out[b.thread] = unknown(b, "the head could not be read");
      continue;
    }
    if (!t.stack) {
      out[b.thread] = unknown(b, "the head's stack is unavailable");
      continue;
    }
    if (t.state !== "Waiting") {
      const rc = runningCode(idx, t, sources);
      const top = t.stack.length > 0 ? t.stack[0] : null;
      // Its innermost frame lies in no kernel module: a target thread running its own (user-mode) code.
      if (!rc && top && !top.module && !idx.moduleContaining(top.address) && idx.isTarget(t))
        out[b.thread] = point(b, "target-code", [], top.text, "the head, a thread of the target, is " + t.state + " in the target's own code (" + top.text + ")");
      else if (!rc) out[b.thread] = unknown(b, "the head is " + t.state + " in nt only");
      else if (rc.acquiringLock) out[b.thread] = unknown(b, "the head is " + t.state + " in nt's lock acquisition, called from " + rc.module.name + " (" + rc.frame + ")");
      else out[b.thread] = point(b, "runs-in", [rc.module.name], rc.frame, "the head is " + t.state + " inside " + rc.module.name + " (" + rc.frame + ")");
      continue;
    }
    const inner = innermostNonCoreFrame(idx, t.stack);
    if (!inner) {
      out[b.thread] = unknown(b, "the head waits in nt only");
      continue;
    }
    if (inner.inLockAcquisition) {
      out[b.thread] = unknown(b, "the head acquires a lock that is not a contended ERESOURCE, from " + inner.module.name + " (" + inner.frame.text + ")");
      continue;
    }
    // Waiting on an object in M's own image is waiting on M's own event, not on an I/O completion: M does its own waiting.
    const ownObject = t.waitObjects.some((o) => {
      if (resourceObjects[o]) return false;
      const om = idx.moduleContaining(o);
      return om !== null && om.name.toLowerCase() === inner.module.name.toLowerCase();
    });
    const io = ownObject ? null : ownIoWait(idx, ctx.paths, t.irps, inner.module);
    if (io && io.holds.length > 0) {
      const major = io.holds.filter((g) => g.majority);
      const p = point(b, "io-pending-in", major.map((g) => g.module), inner.frame.text,
        "the head waits inside " + inner.module.name + " (" + inner.frame.text + ") for its own I/O, pending in " + major.map((g) => g.driver).join(", "), inner.module.name);
      p.io = io.holds;
      p.ioOf = io.of;
      p.ioThrough = io.through;
      out[b.thread] = p;
      continue;
    }
    const caller = ownObject ? null : callbackCaller(idx, t, inner.module);
    if (caller) {
      out[b.thread] = point(b, "waits-in", [caller.m.name], caller.frame,
        "the head waits inside " + inner.module.name + " (" + inner.frame.text + ") on behalf of " + caller.m.name + " (" + caller.frame + "), whose callback called it",
        inner.module.name);
      continue;
    }
    out[b.thread] = point(b, "waits-in", [inner.module.name], inner.frame.text, "the head waits inside " + inner.module.name + " (" + inner.frame.text + ")");
  }
  return out;
}

/** True when the blocking point is known and `module` (short name) is not at it. */
export function elsewhere(bp: BlockingPoint | undefined, module: string): boolean {
  if (!bp || bp.kind === "unknown") return false;
  const k = module.toLowerCase();
  return !bp.modules.some((m) => m.toLowerCase() === k);
}

