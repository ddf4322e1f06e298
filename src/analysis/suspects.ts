// Suspects are kernel modules; each collects evidence items of independent kinds from the blocking chains, the
// blockers' IRPs, the target's hot threads, and (as leads only) everything else. Judged here against each chain's
// blocking point (blocking.ts); called by analyze().
import { Addr } from "../addr";
import { ModuleRecord } from "../kernel/records";
import { reachThroughOwners } from "./chains";
import { RunningCodeSource, elsewhere, lockModule, orphanAcquirers, runningCode, stepModule } from "./blocking";
import { Describer } from "./describe";
import { SnapshotIndex, driversOfModule, innermostNonCoreFrame, isCoreModule, stackModules } from "./model";
import {
  BlockerInfo,
  BlockingPoint,
  Confidence,
  ContentionInfo,
  CpuPicture,
  EvidenceItem,
  EvidenceKind,
  EvidenceScope,
  IrpPath,
  IrpPathStep,
  Suspect,
} from "./types";

/**
 * The decision, in four principles (README "How it decides"):
 *  (a) Each blocking chain has a blocking point, where it is stuck (blocking.ts): the code a running head runs in;
 *      what a waiting head waits for, followed through its own pending I/O to the driver holding it; through a closed
 *      cycle to the module whose locks (or whose nested request) form it; the module whose abandoned lock it is.
 *  (b) Suspects at the blocking point are judged first. Evidence that a module is merely present on the chain (its
 *      device in the IRP's path, its completion routine, its device attached over a Microsoft one, its frames deeper on
 *      the head's or on the waiters' stacks, the lock lying in its image) is scored only when the chain's blocking
 *      point is unknown or is this module's own code or I/O; on a chain stuck elsewhere it is a lead (item.lead), listed
 *      and never scored.
 *  (c) Microsoft modules can be the blocking component, never the culprit (verdict.ts); the target is the victim.
 *  (d) Confidence comes from the structure of the evidence (confidenceOf): a closed cycle formed in the module, a chain
 *      head stuck in it (or hot target threads running inside it), several independent kinds agreeing; never high when
 *      evidence on the chain was lost.
 *
 * Scoring (what "present" and "at the blocking point" weigh). A suspect's score is the sum, over evidence kinds, of the
 * strongest scored item of that kind (so many items of one kind never add up). A culprit needs CULPRIT_THRESHOLD.
 *  - blocker-stack 5: a blocker waits or runs inside the module (innermost non-nt frame): the blocking point itself.
 *    4 for the module whose nested request closed a deadlock cycle (blocking point "reentry"). 2 when the module is
 *    deeper on that stack; 1 when the innermost frame only calls nt's ERESOURCE acquisition (a lock client: the head
 *    is taking a lock there, the module is not where the work is). A head waiting inside M for its own I/O pending in
 *    another driver gives M its 5 too, but the chain is stuck at that driver, so for M it is a lead (principle b).
 *  - waits-for-irp-in 5: the blocker waits inside module M for its own IRPs that passed M and are pending in this
 *    driver (halved for a minority of those IRPs). With irp-pending-in (the same IRPs) it adds up to 6, but the two
 *    count as one kind.
 *  - wait-object-in-module 2: a Waiting blocker's wait object lies in the module's image (its own global event).
 *  - orphan-acquirers 2: the owner of the contended ERESOURCE is gone and every readable waiter acquires it from the
 *    module's code; with lock-in-module (the lock lies in the same image) that reaches the threshold.
 *  - hot-thread-stack 4: innermost frame of a Running/Ready target thread burning kernel time; 1 deeper on the stack
 *    or when it only acquires a lock.
 *  - irp-passes 2: its device at a location between the current one and the first driver (a filter in the path),
 *    halved when it covers fewer than half the blocker's IRPs; 0.5 as the first driver called (the issuer).
 *  - completion-hook 1.5 (0.5 when set by the issuer); attached-over 1.5; lock-in-module 2; thread-start 2;
 *    irp-pending-in 1 (its driver holds the current location: never enough alone); waiter-stack 0.5.
 *  - outside any chain or hot thread: 0.5, and never counted in the score (a lead).
 * Ranking: a suspect above the threshold on a chain that involves the target process (a target thread owns or waits
 * on one of its resources, directly or through owners that wait in turn) comes before one found only in other
 * processes' chains, whatever the scores: the question is why the target is stuck.
 */
export const CULPRIT_THRESHOLD = 4;
const W = {
  blockerInside: 5,
  blockerDeeper: 2,
  reentry: 4,
  lockClient: 1,
  waitsForIrp: 5,
  waitObjectIn: 2,
  orphanAcquirers: 2,
  hotInside: 4,
  hotDeeper: 1,
  irpPasses: 2,
  irpIssuer: 0.5,
  completion: 1.5,
  completionIssuer: 0.5,
  attachedOver: 1.5,
  lockIn: 2,
  threadStart: 2,
  irpCurrent: 1,
  waiterStack: 0.5,
  outside: 0.5,
};

export interface SuspectContext {
  idx: SnapshotIndex;
  d: Describer;
  contention: ContentionInfo[];
  blockers: BlockerInfo[];
  blockingPoints: { [blocker: string]: BlockingPoint };
  cpu: CpuPicture;
  paths: { [irp: string]: IrpPath };
  chainEvidenceLost: boolean;
  /** Where running threads run (blocking.ts runningCode): the stack, after any other source of running code. */
  runningSources: RunningCodeSource[];
  /** Evidence found elsewhere (the processors: running code), joined into the same buckets and scoring. */
  extra?: { module: ModuleRecord; item: EvidenceItem }[];
}

interface Bucket {
  module: ModuleRecord;
  items: EvidenceItem[];
  drivers: string[];
}

export function collectSuspects(ctx: SuspectContext): Suspect[] {
  const { idx, d } = ctx;
  const buckets: { [k: string]: Bucket } = {};
  const order: string[] = [];
  function add(m: ModuleRecord | null, item: EvidenceItem, driver?: string | null): void {
    if (!m) return;
    const k = m.name.toLowerCase();
    let b = buckets[k];
    if (!b) {
      b = buckets[k] = { module: m, items: [], drivers: [] };
      order.push(k);
    }
    // (b): on a chain whose blocking point is known and lies in another module, presence is a lead only.
    if (item.scope === "chain" && item.blocker !== null && elsewhere(ctx.blockingPoints[item.blocker], m.name)) item.lead = true;
    b.items.push(item);
    if (driver && b.drivers.indexOf(driver) < 0) b.drivers.push(driver);
  }
  function item(
    kind: EvidenceKind,
    scope: EvidenceScope,
    weight: number,
    text: string,
    clause: string,
    refs: Addr[],
    covered: number | null,
    of: number | null,
    command: string | null,
  ): EvidenceItem {
    return { kind, scope, weight, text, clause, refs, covered, of, command, relevant: relevantNow, blocker: blockerNow, lead: false };
  }
  // Which chains concern the process we were asked about: evidence from a chain of other processes can be a real
  // problem, but it must not outrank the chain the target's threads are stuck in.
  const relevantBlocker = targetRelevantBlockers(idx, ctx.contention, ctx.blockers);
  let relevantNow = true;
  let blockerNow: Addr | null = null;
  const resByAddr: { [a: string]: ContentionInfo } = {};
  for (const c of ctx.contention) resByAddr[c.resource] = c;
  const blockerSet: { [t: string]: boolean } = {};
  for (const b of ctx.blockers) blockerSet[b.thread] = true;
  const waiterSet: { [t: string]: boolean } = {};
  for (const c of ctx.contention) for (const w of c.exclusiveWaiters.concat(c.sharedWaiters)) waiterSet[w] = true;

  function blockerDesc(b: BlockerInfo): string {
    const th = d.thread(b.thread);
    const first = b.resources.length > 0 ? d.resource(resByAddr[b.resources[0]] || null, b.resources[0]) : null;
    const more = b.resources.length > 1 ? " and " + d.plural(b.resources.length - 1, "more resource") : "";
    if (b.role === "deadlock") return th + ", deadlocked" + (first ? " holding " + first + more : "");
    if (b.role === "orphan-owner") return th + ", the vanished owner" + (first ? " of " + first + more : "");
    return th + (first ? ", the owner of " + first + more : ", the head of a wait chain");
  }

  // --- the blockers: their stacks, start addresses, IRPs, locks and waiters (scope "chain")
  const waitersSeen: { [k: string]: boolean } = {};
  // The ERESOURCEs and their waiter objects: waiting on one of these is waiting for a lock, not on a driver's object.
  const resourceObjects: { [a: string]: boolean } = {};
  for (const r of idx.snapshot.resources) {
    resourceObjects[r.address] = true;
    if (r.sharedWaitersObject !== "0") resourceObjects[r.sharedWaitersObject] = true;
    if (r.exclusiveWaitersObject !== "0") resourceObjects[r.exclusiveWaitersObject] = true;
  }

  for (const b of ctx.blockers) {
    relevantNow = relevantBlocker[b.thread] === true;
    blockerNow = b.thread;
    const t = idx.thread(b.thread);
    const bp = ctx.blockingPoints[b.thread];
    const desc = blockerDesc(b);
    const cmdThread = "!thread " + d.fmt(b.thread);
    if (t && t.stack) {
      const inner = innermostNonCoreFrame(idx, t.stack);
      if (inner) {
        const f = inner.frame.text;
        if (b.role === "deadlock") {
          add(inner.module, item("blocker-stack", "chain", W.blockerInside, desc + ", is acquiring a lock from " + inner.module.name + " (" + f + ")",
            desc + ", is stuck acquiring a lock in its code (" + f + ")", [b.thread], null, null, cmdThread));
        } else if (inner.inLockAcquisition) {
          add(inner.module, item("blocker-stack", "chain", W.lockClient,
            desc + (inner.acquiringLock ? ", acquires an ERESOURCE from " : ", acquires a lock (spin lock, push lock or mutex) from ") + inner.module.name + " (" + f + ")" +
              (inner.acquiringLock ? ": the same path its waiters take" : ": it waits for that lock's holder"),
            desc + ", acquires a lock from its code (" + f + ")", [b.thread], null, null, cmdThread));
        } else if (bp && bp.kind === "io-pending-in") {
          // It waits inside M, but for I/O M sent down that another driver holds pending: that driver is blocking.
          const where = bp.io.filter((g) => g.majority).map((g) => g.driver).join(", ");
          add(inner.module, item("blocker-stack", "chain", W.blockerInside,
            desc + ", waits inside " + inner.module.name + " (" + f + ") for its own I/O, which is pending in " + where,
            desc + ", waits inside it (" + f + ") for its own I/O, which is pending in " + where, [b.thread], null, null, cmdThread));
          for (const g of bp.io) {
            const n = g.irps.length;
            const what = "its own " + (g.major ? g.major + " " : "") + (n === 1 ? "IRP" : "IRPs");
            const counted = " (" + n + " of " + bp.ioOf + " IRPs of the thread)";
            add(idx.module(g.module), item("waits-for-irp-in", "chain", g.majority ? W.waitsForIrp : W.waitsForIrp / 2,
              desc + ", waits inside " + inner.module.name + " (" + f + ") for " + what + ", which passed " + inner.module.name +
                " and " + (n === 1 ? "is" : "are") + " pending in " + g.driver + counted,
              desc + ", waits inside " + inner.module.name + " (" + f + ") and " + what + " " + (n === 1 ? "is" : "are") + " pending in " + g.driver + counted,
              g.irps, n, bp.ioOf, "!irp " + d.fmt(g.irps[0])), g.driverName);
          }
        } else {
          const verb = t.state === "Waiting" ? "waits inside it" : t.state === "Running" ? "is running inside it" : "is " + t.state + " inside it";
          add(inner.module, item("blocker-stack", "chain", W.blockerInside, desc + ", " + verb.replace(" it", " " + inner.module.name) + " (" + f + ")",
            desc + ", " + verb + " (" + f + ")", [b.thread], null, null, cmdThread));
        }
        for (const sm of stackModules(idx, t.stack)) {
          if (sm.module.name === inner.module.name) continue;
          if (bp && bp.kind === "waits-in" && bp.via === inner.module.name && bp.modules.indexOf(sm.module.name) >= 0) {
            add(sm.module, item("blocker-stack", "chain", W.blockerInside,
              desc + ", waits inside " + inner.module.name + " (" + f + ") on behalf of " + sm.module.name + " (" + sm.frame.text + "), whose callback called it",
              desc + ", waits inside " + inner.module.name + " (" + f + ") on behalf of its callback (" + sm.frame.text + ")",
              [b.thread], null, null, cmdThread));
            continue;
          }
          if (bp && bp.kind === "reentry" && bp.modules.indexOf(sm.module.name) >= 0) {
            add(sm.module, item("blocker-stack", "chain", W.reentry,
              sm.module.name + " re-entered the driver stack from its code (" + sm.frame.text + ") on the stack of " + desc + ", closing the cycle",
              "its code (" + sm.frame.text + ") re-entered the driver stack while " + desc + ", closing the deadlock cycle",
              [b.thread], null, null, cmdThread));
            continue;
          }
          add(sm.module, item("blocker-stack", "chain", W.blockerDeeper, sm.module.name + " is deeper on the stack of " + desc + " (" + sm.frame.text + ")",
            "its code is on the stack of " + desc + " (" + sm.frame.text + ")", [b.thread], null, null, cmdThread));
        }
      }
    }
    if (t && t.state === "Waiting") {
      const seenObj: { [k: string]: boolean } = {};
      for (const o of t.waitObjects) {
        const om = idx.moduleContaining(o);
        if (!om || isCoreModule(om, null) || resourceObjects[o] || seenObj[om.name.toLowerCase()]) continue;
        seenObj[om.name.toLowerCase()] = true;
        add(om, item("wait-object-in-module", "chain", W.waitObjectIn,
          desc + ", waits on an object at " + d.fmt(o) + " inside the image of " + om.name + " (a global event or object of that driver)",
          desc + ", waits on an object inside its image (" + d.fmt(o) + ")", [b.thread, o], null, null, cmdThread));
      }
    }
    if (t) {
      const sm = idx.moduleContaining(t.startAddress);
      if (sm && !isCoreModule(sm, null))
        add(sm, item("thread-start", "chain", W.threadStart, desc + ", was started in " + sm.name + " (start address " + d.fmt(t.startAddress || "0") + ")",
          desc + ", was started in its code", [b.thread], null, null, cmdThread));
      collectIrpEvidence(b, t.irps, desc, "chain");
    }
    for (const r of b.resources) {
      const c = resByAddr[r];
      const lm = lockModule(idx, c || null, r);
      const acq = c && b.role === "orphan-owner" ? orphanAcquirers(idx, c) : null;
      if (acq) {
        // The owner is gone: who takes this lock (and where it lives) is what is left to say whose lock it is.
        const inImage = lm !== null && lm.name.toLowerCase() === acq.m.name.toLowerCase();
        const gone = t && t.state === "Terminated" ? " has terminated without releasing it" : " cannot be read";
        const every = "every readable waiter (" + acq.n + " of " + acq.of + ")";
        add(acq.m, item("orphan-acquirers", "chain", W.orphanAcquirers,
          every + " of the orphaned " + d.resource(c, r) + " acquires it from " + acq.m.name + " (" + acq.frame + ")" +
            (inImage ? ", and the lock lies in its image" : "") + "; its owner " + d.thread(b.thread) + gone,
          inImage
            ? "the orphaned " + d.resource(c, r) + " lies in its image and " + every + " acquires it from its code (" + acq.frame +
                "); its owner " + d.thread(b.thread) + gone
            : every + " of the orphaned " + d.resource(c, r) + " acquires it from its code (" + acq.frame + ")",
          [r].concat(acq.threads), acq.n, acq.of, "!locks " + d.fmt(r)));
      }
      if (lm)
        add(lm, item("lock-in-module", "chain", W.lockIn, "the contended " + d.resource(c || null, r) + " lies in the image of " + lm.name,
          "the contended " + d.resource(c || null, r) + ", held by " + d.thread(b.thread) + ", lies in its image", [r], null, null, "!locks " + d.fmt(r)));
      if (!c) continue;
      const waiters = c.exclusiveWaiters.concat(c.sharedWaiters);
      const perModule: { [k: string]: { m: ModuleRecord; n: number; ex: string } } = {};
      let readable = 0;
      for (const w of waiters) {
        const wt = idx.thread(w);
        if (!wt || !wt.stack) continue;
        readable++;
        for (const sm of stackModules(idx, wt.stack)) {
          const k = sm.module.name.toLowerCase();
          const e = (perModule[k] = perModule[k] || { m: sm.module, n: 0, ex: sm.frame.text });
          e.n++;
        }
      }
      for (const k in perModule) {
        const e = perModule[k];
        const key = r + "|" + k;
        if (waitersSeen[key]) continue;
        waitersSeen[key] = true;
        add(e.m, item("waiter-stack", "chain", W.waiterStack,
          e.n + " of " + readable + " waiters of " + d.resource(c, r) + " have " + e.m.name + " on their stacks (" + e.ex + ")",
          e.n + " of " + readable + " waiters of " + d.resource(c, r) + " have its code on their stacks", [r], e.n, readable, "!locks " + d.fmt(r)));
      }
    }
  }

  function stepModuleOf(st: IrpPathStep): ModuleRecord | null {
    return stepModule(idx, st);
  }

  function driverOfDevice(dev: Addr): { name: string | null; module: ModuleRecord | null } {
    const rec = idx.device(dev);
    if (!rec) return { name: null, module: null };
    const drv = idx.driverByAddress(rec.driverObject) || (rec.driverName ? idx.driverByName(rec.driverName) : null);
    const m = drv ? idx.module(drv.module) || idx.moduleContaining(drv.driverStart) : null;
    return { name: rec.driverName || (drv ? drv.name : null), module: m };
  }

  function collectIrpEvidence(b: BlockerInfo, irps: Addr[], desc: string, scope: EvidenceScope): void {
    // A completed IRP is history: where it went says nothing about what blocks now.
    const paths: IrpPath[] = [];
    for (const a of irps) {
      const r = idx.irp(a);
      if (ctx.paths[a] && (!r || r.state === "active")) paths.push(ctx.paths[a]);
    }
    const of = paths.length;
    if (of === 0) return;
    interface Agg {
      m: ModuleRecord;
      driver: string | null;
      current: Addr[];
      pending: number;
      passed: Addr[];
      first: Addr[];
      hooks: Addr[];
      issuerHooks: Addr[];
      routine: Addr | null;
    }
    const agg: { [k: string]: Agg } = {};
    const get = (m: ModuleRecord, driver: string | null): Agg => {
      const k = m.name.toLowerCase();
      return (agg[k] = agg[k] || { m, driver, current: [], pending: 0, passed: [], first: [], hooks: [], issuerHooks: [], routine: null });
    };
    const push = (l: Addr[], a: Addr) => {
      if (l.indexOf(a) < 0) l.push(a);
    };
    // Microsoft devices in these IRPs (for attached-over), with the IRPs they appear in.
    const msDevices: { [dev: string]: Addr[] } = {};
    for (const p of paths) {
      // The first driver called issued the request, unless its device is layered over another: then it is a filter
      // on top of the stack the request was sent to, and weighs like any filter in the path.
      let firstLocation = 0;
      for (const st of p.steps) if (st.position === "first" && idx.attachedUnder(st.device).length === 0) firstLocation = st.location;
      for (const st of p.steps) {
        const m = stepModuleOf(st);
        if (m && m.classification === "microsoft") push((msDevices[st.device] = msDevices[st.device] || []), p.irp);
        if (!m) continue;
        const a = get(m, st.driverName);
        if (st.position === "current") {
          push(a.current, p.irp);
          if (p.pending) a.pending++;
        } else if (st.position === "passed" || st.location !== firstLocation) push(a.passed, p.irp);
        else push(a.first, p.irp);
      }
      for (const c of p.completions) {
        const m = idx.module(c.module) || idx.moduleContaining(c.routine);
        if (!m) continue;
        const a = get(m, null);
        if (firstLocation > 0 && c.location + 1 === firstLocation) push(a.issuerHooks, p.irp);
        else push(a.hooks, p.irp);
        if (!a.routine) a.routine = c.routine;
      }
    }
    // attached-over: devices layered over a Microsoft device seen in these IRPs (walk AttachedDevice upward, bounded).
    const over: { [k: string]: { m: ModuleRecord; device: Addr; lower: Addr; lowerDriver: string | null; irps: Addr[] } } = {};
    for (const dev in msDevices) {
      const lower = driverOfDevice(dev);
      let cur = idx.device(dev);
      const visited: { [a: string]: boolean } = {};
      for (let hop = 0; cur && cur.attachedDevice !== "0" && hop < 16; hop++) {
        if (visited[cur.attachedDevice]) break;
        visited[cur.attachedDevice] = true;
        const upper = driverOfDevice(cur.attachedDevice);
        if (upper.module && (!lower.module || upper.module.name !== lower.module.name)) {
          const k = upper.module.name.toLowerCase();
          if (!over[k]) over[k] = { m: upper.module, device: cur.attachedDevice, lower: dev, lowerDriver: lower.name, irps: [] };
          for (const i of msDevices[dev]) push(over[k].irps, i);
          const a = agg[k];
          if (a && !a.driver) a.driver = upper.name;
        }
        cur = idx.device(cur.attachedDevice);
      }
    }
    const th = d.thread(b.thread);
    for (const k in over) {
      const o = over[k];
      add(o.m, item("attached-over", scope, W.attachedOver,
        "its device " + d.fmt(o.device) + " is attached over " + d.fmt(o.lower) + (o.lowerDriver ? " (" + o.lowerDriver + ")" : "") +
          ", which is in " + o.irps.length + " of " + of + " IRPs of " + th,
        "its device is layered over " + (o.lowerDriver || d.fmt(o.lower)), [o.device, o.lower], o.irps.length, of, "!devobj " + d.fmt(o.device)));
    }
    for (const k in agg) {
      const a = agg[k];
      const drvText = a.driver ? a.driver : a.m.name;
      const example = (l: Addr[]) => "!irp " + d.fmt(l[0]);
      if (a.current.length > 0) {
        const n = a.current.length;
        const how =
          a.pending === n
            ? " are pending in "
            : " have their current location in " + drvText + (a.pending > 0 ? " (" + a.pending + " pending)" : " (not pending)");
        add(a.m, item("irp-pending-in", scope, W.irpCurrent,
          n + " of " + of + " IRPs of " + th + (a.pending === n ? how + drvText : how),
          "its driver " + drvText + " holds the current location of " + n + " of " + of + " IRPs of " + desc, a.current, n, of, example(a.current)), a.driver);
      }
      if (a.passed.length > 0) {
        const n = a.passed.length;
        const o = over[k];
        const what = o ? "its filter device over " + (o.lowerDriver || d.fmt(o.lower)) : "its driver " + drvText;
        add(a.m, item("irp-passes", scope, n * 2 >= of ? W.irpPasses : W.irpPasses / 2,
          drvText + " is a driver the IRP passed through in " + n + " of " + of + " IRPs of " + th,
          what + " sits in " + n + " of " + of + " IRPs of " + desc, a.passed, n, of, example(a.passed)), a.driver);
      }
      if (a.first.length > 0) {
        const n = a.first.length;
        add(a.m, item("irp-passes", scope, W.irpIssuer,
          drvText + " is the first driver called (location StackCount) in " + n + " of " + of + " IRPs of " + th,
          "its driver " + drvText + " issued " + n + " of " + of + " IRPs of " + desc, a.first, n, of, example(a.first)), a.driver);
      }
      if (a.hooks.length > 0) {
        const n = a.hooks.length;
        add(a.m, item("completion-hook", scope, W.completion,
          "its code (" + d.fmt(a.routine || "0") + ") is a completion routine in " + n + " of " + of + " IRPs of " + th,
          "its completion routine is hooked into " + n + " of " + of + " IRPs of " + desc, a.hooks, n, of, example(a.hooks)));
      }
      if (a.issuerHooks.length > 0) {
        const n = a.issuerHooks.length;
        add(a.m, item("completion-hook", scope, W.completionIssuer,
          "the first driver set its completion routine in " + n + " of " + of + " IRPs of " + th,
          "its completion routine, set by the issuing driver, is in " + n + " of " + of + " IRPs of " + desc, a.issuerHooks, n, of, example(a.issuerHooks)));
      }
    }
  }

  // --- hot threads of the target (Running/Ready, burning kernel time) that are neither blockers nor waiters
  relevantNow = true;
  blockerNow = null;
  const hot = ctx.cpu.hotThreads.filter((a) => !blockerSet[a] && !waiterSet[a]);
  const hotInner: { [k: string]: { m: ModuleRecord; threads: Addr[]; acquiring: boolean; frame: string } } = {};
  const hotDeeper: { [k: string]: { m: ModuleRecord; threads: Addr[]; frame: string } } = {};
  for (const a of hot) {
    const t = idx.thread(a);
    if (!t) continue;
    // The code it runs in comes from the one entry point for running code (blocking.ts), like a running chain head's.
    const inner = runningCode(idx, t, ctx.runningSources);
    if (!inner) continue;
    const k = inner.module.name.toLowerCase();
    const e = (hotInner[k] = hotInner[k] || { m: inner.module, threads: [], acquiring: true, frame: inner.frame });
    e.threads.push(a);
    if (!inner.acquiringLock) {
      e.acquiring = false;
      e.frame = inner.frame;
    }
    for (const sm of stackModules(idx, t.stack)) {
      if (sm.module.name === inner.module.name) continue;
      const kk = sm.module.name.toLowerCase();
      const h = (hotDeeper[kk] = hotDeeper[kk] || { m: sm.module, threads: [], frame: sm.frame.text });
      h.threads.push(a);
    }
  }
  const hotOf = hot.length;
  for (const k in hotInner) {
    const e = hotInner[k];
    const t = idx.thread(e.threads[0]);
    const first = d.thread(e.threads[0]) + (t ? ", " + t.state + ", " + d.kernelTime(t) + " kernel" : "");
    add(e.m, item("hot-thread-stack", "hot", e.acquiring ? W.hotDeeper : W.hotInside,
      e.threads.length + " of " + hotOf + " hot threads of the target " + (e.acquiring ? "acquire a lock from " : "run inside ") + e.m.name + " (" + first + ": " + e.frame + ")",
      e.threads.length + " of " + hotOf + " hot threads of the target " + (e.acquiring ? "acquire a lock from its code" : "run inside it") + " (" + first + ", " + e.frame + ")",
      e.threads, e.threads.length, hotOf, "!thread " + d.fmt(e.threads[0])));
  }
  for (const k in hotDeeper) {
    const e = hotDeeper[k];
    add(e.m, item("hot-thread-stack", "hot", W.hotDeeper,
      e.m.name + " is on the stacks of " + e.threads.length + " of " + hotOf + " hot threads of the target (" + e.frame + ")",
      "its code is on the stacks of " + e.threads.length + " of " + hotOf + " hot threads of the target", e.threads, e.threads.length, hotOf, "!thread " + d.fmt(e.threads[0])));
  }

  // --- leads: third-party code on other target threads, and in IRPs of threads outside every chain
  const leadStack: { [k: string]: { m: ModuleRecord; threads: Addr[]; frame: string } } = {};
  for (const t of idx.snapshot.threads) {
    if (blockerSet[t.address] || waiterSet[t.address] || hot.indexOf(t.address) >= 0 || !idx.isTarget(t)) continue;
    for (const sm of stackModules(idx, t.stack)) {
      if (sm.module.classification !== "third-party") continue;
      const k = sm.module.name.toLowerCase();
      const e = (leadStack[k] = leadStack[k] || { m: sm.module, threads: [], frame: sm.frame.text });
      e.threads.push(t.address);
    }
  }
  for (const k in leadStack) {
    const e = leadStack[k];
    add(e.m, item("thread-stack", "outside", W.outside,
      e.m.name + " is on the stacks of " + e.threads.length + " other thread(s) of the target (" + e.frame + "), outside any blocking chain",
      "its code is on " + d.plural(e.threads.length, "other thread") + " of the target", e.threads, e.threads.length, null, "!thread " + d.fmt(e.threads[0])));
  }
  const leadIrp: { [k: string]: { m: ModuleRecord; irps: Addr[]; driver: string | null } } = {};
  for (const irpAddr in ctx.paths) {
    const p = ctx.paths[irpAddr];
    if (blockerSet[p.thread]) continue;
    for (const st of p.steps) {
      const m = stepModuleOf(st);
      if (!m || m.classification !== "third-party") continue;
      const k = m.name.toLowerCase();
      const e = (leadIrp[k] = leadIrp[k] || { m, irps: [], driver: st.driverName });
      if (e.irps.indexOf(p.irp) < 0) e.irps.push(p.irp);
    }
  }
  for (const k in leadIrp) {
    const e = leadIrp[k];
    add(e.m, item("irp-passes", "outside", W.outside,
      (e.driver || e.m.name) + " is in " + d.plural(e.irps.length, "IRP") + " of threads outside any blocking chain",
      "its driver is in " + d.plural(e.irps.length, "IRP") + " outside any blocking chain", e.irps, e.irps.length, null, "!irp " + d.fmt(e.irps[0])), e.driver);
  }

  // Corroborating items never open a suspect: they join modules other evidence already names.
  const extra = ctx.extra || [];
  for (const x of extra) if (!x.item.corroborates) add(x.module, x.item);
  for (const x of extra) if (x.item.corroborates && buckets[x.module.name.toLowerCase()]) add(x.module, x.item);

  const out: Suspect[] = [];
  for (const k of order) {
    const b = buckets[k];
    out.push(scoreSuspect(idx, b.module, b.items, b.drivers, ctx.chainEvidenceLost, structureOf(b.module, ctx.blockingPoints, b.items)));
  }
  out.sort(compareSuspects);
  return out;
}

/** What the blocking points say about a module (principle d): a closed cycle formed in it, a chain head stuck in it. */
interface Structure {
  atBlockingPoint: boolean;
  cycle: boolean;
  stuck: boolean;
}

function structureOf(m: ModuleRecord, bps: { [blocker: string]: BlockingPoint }, items: EvidenceItem[]): Structure {
  const k = m.name.toLowerCase();
  // Hot target threads running inside it (not merely taking a lock there) are the running heads of a CPU problem.
  const runningInside = items.some((it) => it.kind === "hot-thread-stack" && it.weight >= W.hotInside);
  const out: Structure = { atBlockingPoint: false, cycle: false, stuck: runningInside };
  for (const b in bps) {
    const bp = bps[b];
    if (!bp.modules.some((x) => x.toLowerCase() === k)) continue;
    out.atBlockingPoint = true;
    if (bp.kind === "cycle" || bp.kind === "reentry") out.cycle = true;
    if (bp.kind === "runs-in" || bp.kind === "waits-in" || bp.kind === "io-pending-in" || bp.kind === "cycle") out.stuck = true;
  }
  return out;
}

function scoreSuspect(idx: SnapshotIndex, m: ModuleRecord, items: EvidenceItem[], drivers: string[], lost: boolean, st: Structure): Suspect {
  const best: { [k: string]: number } = {};
  let inScope = 0;
  const leading = items.some((it) => it.scope !== "outside" && !it.corroborates);
  for (const it of items) {
    if (it.scope === "outside" || (it.corroborates && !leading)) continue;
    inScope++;
    if (it.lead) continue;
    if (!(it.kind in best) || it.weight > best[it.kind]) best[it.kind] = it.weight;
  }
  // The IRPs a blocker waits for are the IRPs whose current location names this driver: the lead and the transferred
  // wait add up in the score, but they are one observation, so they count as one kind of agreeing evidence.
  const sameFact = "waits-for-irp-in" in best;
  let score = 0;
  const kinds: EvidenceKind[] = [];
  for (const k in best) {
    score += best[k];
    if (best[k] >= 1 && !(sameFact && k === "irp-pending-in")) kinds.push(k as EvidenceKind);
  }
  // Scored chain evidence first, then hot threads, then leads; ties keep the order the evidence was collected in.
  const rank = (it: EvidenceItem) => (it.scope === "outside" ? 3 : it.lead ? 2 : it.scope === "hot" ? 1 : 0);
  const ranked = items.map((it, i) => ({ it, i }));
  ranked.sort((a, b) => rank(a.it) - rank(b.it) || b.it.weight - a.it.weight || a.i - b.i);
  items = ranked.map((x) => x.it);
  const leadOnly = inScope === 0;
  const counted = items.filter((it) => it.scope !== "outside" && !it.lead);
  const relevant = counted.some((it) => it.relevant);
  const blockers: Addr[] = [];
  for (const it of counted) if (it.blocker !== null && blockers.indexOf(it.blocker) < 0) blockers.push(it.blocker);
  let driver = drivers.length > 0 ? drivers[0] : null;
  if (!driver) {
    // Its DRIVER_OBJECT, when one was read (DriverStart inside the module), even if no IRP of the chain passed it.
    const ds = driversOfModule(idx.snapshot, m);
    if (ds.length > 0) driver = ds[0].name;
  }
  return {
    module: m.name,
    image: m.image,
    classification: m.classification,
    classificationReason: m.classificationReason,
    driver,
    score: Math.round(score * 100) / 100,
    kinds,
    items,
    leadOnly,
    relevant,
    blockers,
    aboveThreshold: !leadOnly && score >= CULPRIT_THRESHOLD,
    confidence: confidenceOf(kinds.length, lost, st.cycle, st.stuck),
    atBlockingPoint: st.atBlockingPoint,
    structure: (st.cycle ? ["closed cycle formed in it"] : []).concat(st.stuck ? ["chain head stuck in it"] : []),
    hasLeads: items.some((it) => it.lead),
  };
}

/**
 * Principle (d): how likely an experienced engineer would agree, from the structure of the evidence. One point for a
 * closed cycle formed in the module, one for a chain head stuck in it, one per agreeing kind beyond the first (at most
 * two): two points high, one medium, none low. Never high when evidence on the chain was lost.
 */
export function confidenceOf(kinds: number, lost: boolean, cycle = false, stuck = false): Confidence {
  let level = (cycle ? 1 : 0) + (stuck ? 1 : 0) + Math.min(2, Math.max(0, kinds - 1));
  level = Math.min(level, 2);
  if (lost) level = Math.min(level, 1);
  return level === 2 ? "high" : level === 1 ? "medium" : "low";
}

/**
 * Which blockers head a chain that involves the target: a target thread owns or waits on one of its resources,
 * directly or through owners that wait in turn (followed toward the head). With no target thread in the snapshot,
 * every blocker counts: the system-wide picture is then all there is.
 */
export function targetRelevantBlockers(idx: SnapshotIndex, contention: ContentionInfo[], blockers: BlockerInfo[]): { [t: string]: boolean } {
  const out: { [t: string]: boolean } = {};
  const isTargetThread = (a: Addr): boolean => {
    const t = idx.thread(a);
    return t !== null && idx.isTarget(t);
  };
  const anyTarget = idx.snapshot.threads.some((t) => idx.isTarget(t));
  if (!anyTarget) {
    for (const b of blockers) out[b.thread] = true;
    return out;
  }
  const reached: { [r: string]: boolean } = {};
  const start: ContentionInfo[] = [];
  for (const c of contention) {
    const threads = c.owners.map((o) => o.thread).concat(c.exclusiveWaiters, c.sharedWaiters);
    if (threads.some(isTargetThread)) {
      reached[c.resource] = true;
      start.push(c);
    }
  }
  reachThroughOwners(contention, start, reached);
  for (const b of blockers) out[b.thread] = isTargetThread(b.thread) || b.resources.some((r) => reached[r] === true);
  return out;
}

/**
 * Strongest first: in-scope before leads; a suspect above the threshold on a chain that involves the target before
 * one found only in other processes' chains; then score, agreeing kinds, third-party before Microsoft, name.
 */
export function compareSuspects(a: Suspect, b: Suspect): number {
  if (a.leadOnly !== b.leadOnly) return a.leadOnly ? 1 : -1;
  const ra = a.aboveThreshold && a.relevant;
  const rb = b.aboveThreshold && b.relevant;
  if (ra !== rb) return ra ? -1 : 1;
  if (a.score !== b.score) return b.score - a.score;
  if (a.kinds.length !== b.kinds.length) return b.kinds.length - a.kinds.length;
  if (a.classification !== b.classification) return a.classification === "third-party" ? -1 : 1;
  return a.module.toLowerCase() < b.module.toLowerCase() ? -1 : 1;
}
