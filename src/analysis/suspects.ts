// Suspects are kernel modules; each collects evidence items of independent kinds from the blocking chains, the
// blockers' IRPs, the target's hot threads, and (as leads only) everything else. Scored here; called by analyze().
import { Addr } from "../addr";
import { ModuleRecord } from "../kernel/records";
import { Describer } from "./describe";
import { SnapshotIndex, driversOfModule, innermostNonCoreFrame, isCoreModule, stackModules } from "./model";
import {
  BlockerInfo,
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
 * Scoring. A suspect's score is the sum, over evidence kinds, of the strongest in-scope item of that kind (so many
 * items of one kind never add up). A culprit needs CULPRIT_THRESHOLD.
 *  - blocker-stack 5: a blocker (chain head / deadlock thread) waits or runs inside the module (innermost non-nt
 *    frame): enough alone. 2 when the module is deeper on that stack. 1 when the innermost frame only calls nt's
 *    ERESOURCE acquisition (the blocker is taking a lock from there: the same path its waiters take, a lock client).
 *    1 as well when the blocker waits inside it for its own I/O that is pending in another driver (see next).
 *    4 for a module deeper on a deadlocked thread's stack when every thread of the cycle takes its locks in one
 *    module: that module's own lock order is not in question; the caller that entered it holding a lock is.
 *  - waits-for-irp-in 5: a blocker waits inside module M while pending IRPs it holds have passed a device of M and
 *    sit at their current location in this driver: M is waiting for that I/O, so the wait is this driver's. Halved
 *    when it holds fewer than half of those IRPs. Nothing transfers when one of them is pending at M itself, or when
 *    the blocker waits on an object inside M's image (M is then doing its own waiting), nor for IRPs whose path never
 *    passed M (unrelated I/O of the same thread).
 *    With irp-pending-in (the same IRPs) it adds up to 6, above any one Microsoft driver the IRP merely passed
 *    (irp-passes + completion-hook + attached-over = 5), but the two count as one kind for confidence.
 *  - wait-object-in-module 2: a Waiting blocker's wait object lies in the module's image (its own global event).
 *  - orphan-acquirers 2: the owner of the contended ERESOURCE is gone (Terminated / unreadable) and every readable
 *    waiter acquires it from the module's code (innermost non-nt frame). With lock-in-module (the lock lies in the
 *    same image) that reaches the threshold: the module took its own lock and never released it.
 *  - hot-thread-stack 4: innermost frame of a Running/Ready target thread burning kernel time (enough alone when
 *    there is no contention); 1 deeper on the stack or when it only acquires a lock.
 *  - irp-passes 2: its device at a location between the current one and the first driver (a filter in the path),
 *    halved when it covers fewer than half the blocker's IRPs; 0.5 as the first driver called (the issuer).
 *  - completion-hook 1.5: its code is a completion routine in those IRPs (0.5 when set by the issuer).
 *  - attached-over 1.5: its device is layered over a Microsoft driver's device seen in those IRPs.
 *  - lock-in-module 2: the contended ERESOURCE lies in its image (1 when its live owner waits or runs inside another
 *    module's code, or waits for its I/O pending in another driver: that place says more about who blocks it).
 *    thread-start 2: the blocker was started in it.
 *  - irp-pending-in 1: its driver holds the current location: a lead, never enough alone.
 *  - waiter-stack 0.5: waiters of the contended resource have frames in it (they are the victims).
 *  - outside any chain or hot thread: 0.5, and never counted in the score (a lead).
 * Confidence counts the distinct kinds with an in-scope item of weight >= 1: >=3 high, 2 medium, 1 low; never above
 * medium when evidence on the chain was lost (an unreadable blocker stack or IRP could have pointed elsewhere).
 * Ranking: a suspect above the threshold on a chain that involves the target process (a target thread owns or waits
 * on one of its resources, directly or through owners that wait in turn) comes before one found only in other
 * processes' chains, whatever the scores: the question is why the target is stuck.
 */
export const CULPRIT_THRESHOLD = 4;
const W = {
  blockerInside: 5,
  blockerDeeper: 2,
  deadlockCaller: 4,
  lockClient: 1,
  waitsOnOwnIo: 1,
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
  lockInElsewhere: 1,
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
  cpu: CpuPicture;
  paths: { [irp: string]: IrpPath };
  chainEvidenceLost: boolean;
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
    return { kind, scope, weight, text, clause, refs, covered, of, command, relevant: relevantNow, blocker: blockerNow };
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

  /** When every readable waiter of `c` (at least half of them readable) acquires it from one non-nt module. */
  function orphanAcquirers(c: ContentionInfo): { m: ModuleRecord; n: number; of: number; frame: string; threads: Addr[] } | null {
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

  function stepModule(st: IrpPathStep): ModuleRecord | null {
    return idx.module(st.module) || driverOfDevice(st.device).module;
  }

  interface IoElsewhere {
    m: ModuleRecord;
    driver: string;
    driverName: string | null;
    irps: Addr[];
    major: string | null;
  }
  /**
   * The pending IRPs of a blocker waiting inside module M that passed a device of M and now sit in another driver,
   * grouped by that driver (largest first). Empty when any pending IRP through M sits at M itself (M does its own
   * waiting) or none passed M. `of`: the thread's readable IRPs; `through`: the pending IRPs that passed M.
   */
  function ownIoWait(irps: Addr[], m: ModuleRecord): { elsewhere: IoElsewhere[]; of: number; through: number } {
    const key = m.name.toLowerCase();
    const groups: { [k: string]: IoElsewhere } = {};
    const order: string[] = [];
    let of = 0;
    let through = 0;
    let atSelf = false;
    for (const a of irps) {
      const p = ctx.paths[a];
      if (!p) continue;
      of++;
      if (!p.pending) continue;
      let cur: { st: IrpPathStep; m: ModuleRecord | null } | null = null;
      let passed = false;
      for (const st of p.steps) {
        const sm = stepModule(st);
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
        const name = cur.st.driverName || driverOfDevice(cur.st.device).name;
        g = groups[k] = { m: cur.m, driver: name || cur.m.name, driverName: name, irps: [], major: majorWord(p) };
        order.push(k);
      }
      if (g.irps.indexOf(p.irp) < 0) g.irps.push(p.irp);
      if (g.major !== majorWord(p)) g.major = null;
    }
    if (atSelf) return { elsewhere: [], of, through };
    const list = order.map((k, i) => ({ g: groups[k], i }));
    list.sort((x, y) => y.g.irps.length - x.g.irps.length || x.i - y.i);
    return { elsewhere: list.map((x) => x.g), of, through };
  }
  // A deadlock whose threads all take their locks in one module: that module's own lock order is not in question, so
  // the code that called into it while holding a lock (deeper on a cycle thread's stack) is what made the cycle.
  let cycleAcquireModule: string | null = null;
  {
    const sites: string[] = [];
    for (const b of ctx.blockers) {
      if (b.role !== "deadlock") continue;
      const t = idx.thread(b.thread);
      const inner = t && t.stack ? innermostNonCoreFrame(idx, t.stack) : null;
      sites.push(inner ? inner.module.name.toLowerCase() : "");
    }
    if (sites.length >= 2 && sites[0] !== "" && sites.every((x) => x === sites[0])) cycleAcquireModule = sites[0];
  }
  for (const b of ctx.blockers) {
    relevantNow = relevantBlocker[b.thread] === true;
    blockerNow = b.thread;
    const t = idx.thread(b.thread);
    const desc = blockerDesc(b);
    const cmdThread = "!thread " + d.fmt(b.thread);
    // The module the live blocker is stuck in (where it waits or runs, or the driver its own I/O is pending in).
    let stuckIn: string | null = null;
    if (t && t.stack) {
      const inner = innermostNonCoreFrame(idx, t.stack);
      if (inner) {
        const f = inner.frame.text;
        if (b.role === "deadlock") {
          add(inner.module, item("blocker-stack", "chain", W.blockerInside, desc + ", is acquiring a lock from " + inner.module.name + " (" + f + ")",
            desc + ", is stuck acquiring a lock in its code (" + f + ")", [b.thread], null, null, cmdThread));
        } else if (inner.acquiringLock) {
          add(inner.module, item("blocker-stack", "chain", W.lockClient,
            desc + ", acquires an ERESOURCE from " + inner.module.name + " (" + f + "): the same path its waiters take",
            desc + ", acquires a lock from its code (" + f + ")", [b.thread], null, null, cmdThread));
        } else {
          // Waiting on an object in M's own image is waiting on M's own event, not on an I/O completion: no transfer.
          const ownObject = t.waitObjects.some((o) => {
            const om = idx.moduleContaining(o);
            return om !== null && om.name.toLowerCase() === inner.module.name.toLowerCase();
          });
          const io = t.state === "Waiting" && !ownObject ? ownIoWait(t.irps, inner.module) : null;
          if (io && io.elsewhere.length > 0) {
            // It waits inside M, but for I/O M sent down that another driver holds pending: that driver is blocking.
            const where = io.elsewhere.map((g) => g.driver).join(", ");
            add(inner.module, item("blocker-stack", "chain", W.waitsOnOwnIo,
              desc + ", waits inside " + inner.module.name + " (" + f + ") for its own I/O, which is pending in " + where,
              desc + ", waits inside it (" + f + ") for its own I/O, which is pending in " + where, [b.thread], null, null, cmdThread));
            stuckIn = io.elsewhere[0].m.name;
            for (const g of io.elsewhere) {
              const n = g.irps.length;
              const what = "its own " + (g.major ? g.major + " " : "") + (n === 1 ? "IRP" : "IRPs");
              const counted = " (" + n + " of " + io.of + " IRPs of the thread)";
              add(g.m, item("waits-for-irp-in", "chain", n * 2 >= io.through ? W.waitsForIrp : W.waitsForIrp / 2,
                desc + ", waits inside " + inner.module.name + " (" + f + ") for " + what + ", which passed " + inner.module.name +
                  " and " + (n === 1 ? "is" : "are") + " pending in " + g.driver + counted,
                desc + ", waits inside " + inner.module.name + " (" + f + ") and " + what + " " + (n === 1 ? "is" : "are") + " pending in " + g.driver + counted,
                g.irps, n, io.of, "!irp " + d.fmt(g.irps[0])), g.driverName);
            }
          } else {
            stuckIn = inner.module.name;
            const verb = t.state === "Waiting" ? "waits inside it" : t.state === "Running" ? "is running inside it" : "is " + t.state + " inside it";
            add(inner.module, item("blocker-stack", "chain", W.blockerInside, desc + ", " + verb.replace(" it", " " + inner.module.name) + " (" + f + ")",
              desc + ", " + verb + " (" + f + ")", [b.thread], null, null, cmdThread));
          }
        }
        const reentered = b.role === "deadlock" && cycleAcquireModule === inner.module.name.toLowerCase();
        for (const sm of stackModules(idx, t.stack)) {
          if (sm.module.name === inner.module.name) continue;
          if (reentered) {
            add(sm.module, item("blocker-stack", "chain", W.deadlockCaller,
              sm.module.name + " called into " + inner.module.name + " on the stack of " + desc + " (" + sm.frame.text + "), and every thread of the cycle takes its locks in " + inner.module.name,
              "its code called into " + inner.module.name + ", where every thread of the deadlock takes its locks (" + sm.frame.text + " on the stack of " + desc + ")",
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
      const symMod = c && c.symbol && c.symbol.indexOf("!") > 0 ? idx.module(c.symbol.slice(0, c.symbol.indexOf("!"))) : null;
      const lm = symMod || idx.moduleContaining(r);
      const acq = c && b.role === "orphan-owner" ? orphanAcquirers(c) : null;
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
      // The lock being a module's global says whose lock it is; when its live owner is stuck in another module's code,
      // that says less about who blocks it than the place it is stuck.
      const lockInWeight = stuckIn !== null && lm !== null && stuckIn.toLowerCase() !== lm.name.toLowerCase() ? W.lockInElsewhere : W.lockIn;
      if (lm)
        add(lm, item("lock-in-module", "chain", lockInWeight, "the contended " + d.resource(c || null, r) + " lies in the image of " + lm.name,
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
        const m = stepModule(st);
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
    if (!t || !t.stack) continue;
    const inner = innermostNonCoreFrame(idx, t.stack);
    if (!inner) continue;
    const k = inner.module.name.toLowerCase();
    const e = (hotInner[k] = hotInner[k] || { m: inner.module, threads: [], acquiring: true, frame: inner.frame.text });
    e.threads.push(a);
    if (!inner.acquiringLock) {
      e.acquiring = false;
      e.frame = inner.frame.text;
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
      const m = stepModule(st);
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
    out.push(scoreSuspect(idx, b.module, b.items, b.drivers, ctx.chainEvidenceLost));
  }
  out.sort(compareSuspects);
  return out;
}

/** "write", "device control" from the current location's IRP_MJ_ name, null when unknown. */
function majorWord(p: IrpPath): string | null {
  if (!p.majorName || !/^IRP_MJ_[A-Z_]+$/.test(p.majorName)) return null;
  return p.majorName.slice(7).toLowerCase().replace(/_/g, " ");
}

function scoreSuspect(idx: SnapshotIndex, m: ModuleRecord, items: EvidenceItem[], drivers: string[], lost: boolean): Suspect {
  const best: { [k: string]: number } = {};
  let inScope = 0;
  const leading = items.some((it) => it.scope !== "outside" && !it.corroborates);
  for (const it of items) {
    if (it.scope === "outside" || (it.corroborates && !leading)) continue;
    inScope++;
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
  // Ties keep the order the evidence was collected in (the engine's sort need not be stable).
  const ranked = items.map((it, i) => ({ it, i }));
  ranked.sort((a, b) => scopeRank(a.it.scope) - scopeRank(b.it.scope) || b.it.weight - a.it.weight || a.i - b.i);
  items = ranked.map((x) => x.it);
  const leadOnly = inScope === 0;
  const relevant = items.some((it) => it.scope !== "outside" && it.relevant);
  const blockers: Addr[] = [];
  for (const it of items) if (it.scope !== "outside" && it.blocker !== null && blockers.indexOf(it.blocker) < 0) blockers.push(it.blocker);
  let driver = drivers.length > 0 ? drivers[0] : null;
  if (!driver) {
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
    confidence: confidenceOf(kinds.length, lost),
  };
}

function scopeRank(s: EvidenceScope): number {
  return s === "chain" ? 0 : s === "hot" ? 1 : 2;
}

export function confidenceOf(kinds: number, lost: boolean): Confidence {
  let level = kinds >= 3 ? 2 : kinds === 2 ? 1 : 0;
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
  const waitsOn: { [t: string]: ContentionInfo[] } = {};
  for (const c of contention)
    for (const w of c.exclusiveWaiters.concat(c.sharedWaiters)) (waitsOn[w] = waitsOn[w] || []).push(c);
  const reached: { [r: string]: boolean } = {};
  const queue: ContentionInfo[] = [];
  for (const c of contention) {
    const threads = c.owners.map((o) => o.thread).concat(c.exclusiveWaiters, c.sharedWaiters);
    if (threads.some(isTargetThread)) {
      reached[c.resource] = true;
      queue.push(c);
    }
  }
  for (let i = 0; i < queue.length && i < 100000; i++) {
    for (const o of queue[i].owners) {
      for (const next of waitsOn[o.thread] || []) {
        if (reached[next.resource]) continue;
        reached[next.resource] = true;
        queue.push(next);
      }
    }
  }
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
