// What the processors were doing (KPRCBs → rows like `!running -ti`), spin-lock storms, DPC/interrupt shares, and
// the stack groups of the target (like `!stacks 2`), with the evidence items they give. Called by analyze(); its
// items join the suspects through SuspectContext.extra (running code is a blocking point of a high-CPU chain).
//
// Evidence rules (general; the table in test/analysis/processors.test.ts exercises each):
//  - on-cpu (scope "hot"): the code a processor runs is the innermost frame outside nt/hal of its current thread, or
//    of the DPC it runs (the DPC's frames above nt!KiRetireDpcList, else KPRCB.CurrentDpcRoutine). N of M processors in module X:
//    4 when N >= 2 and N >= M/2 (most processors: a high-CPU verdict whatever process the threads belong to), 1.5 for
//    N >= 2 otherwise; one processor alone is what any busy server shows (no item). A processor whose current thread
//    is already evidence (a hot thread, blocker or waiter) is that evidence, not a second kind of it, unless it runs a
//    DPC. A processor that is acquiring a lock (spin lock or ERESOURCE) counts for the spin-lock rule instead.
//  - spin-lock-storm: at least two spinners (processors, or runnable threads of the snapshot, whose stacks are in a
//    kernel spin-lock acquire routine) grouped by the module whose code acquires. All from one module X and no
//    processor running another module's code: X is the lead (3; with any other kind enough for a culprit). Spinners
//    from several modules: one lock taken from many places; no item, and the verdict says why (no culprit from it).
//  - dpc-share: a processor whose DPC+interrupt time is at least HEAVY_SHARE (25%) of its kernel+user time is far
//    above normal (a few percent; Microsoft's perf guidance treats % DPC Time or % Interrupt Time above 20% as high:
//    TechNet blog clinth, "Choose Your Own Adventure: High DPCs or High Interrupts", 2010). Module X's DPC running on such processors: 3; only queued there: 1.5.
//  - stack-group: the largest group of the target's threads (at least 3 threads and a quarter of them) whose innermost
//    frame outside nt/hal is in X: 1, counted only when X has evidence of another kind (it corroborates, never leads).
import { Addr } from "../addr";
import { FrameRecord, ModuleRecord, ProcessorRecord, StackSample } from "../kernel/records";
import { Describer } from "./describe";
import { frameModule, innermostNonCoreFrame, isCoreModule, isSpinFrame, RUNNABLE_STATES, SnapshotIndex } from "./model";
import { EvidenceItem, EvidenceKind, FollowUp } from "./types";
import type { RunningCodeSource } from "./blocking";

export const HEAVY_SHARE = 0.25;
const W = { mostCpus: 4, severalCpus: 1.5, spinLead: 3, dpcRunning: 3, dpcQueued: 1.5, stackGroup: 1 };
const MAX_GROUP_FRAMES = 6;

/** The frames inside the DPC-retiring routine: what a running DPC executes. */
const DPC_RETIRE = /^(nt|ntoskrnl|ntkrnlpa|ntkrnlmp|ntkrpamp)!(KiRetireDpcList|KiExecuteAllDpcs|KiExecuteDpc)\b/i;

export interface ProcessorRow {
  number: number;
  prcb: Addr;
  idle: boolean;
  currentThread: Addr;
  /** "idle" or the current thread's process image name. */
  processName: string | null;
  pid: number | null;
  tid: number | null;
  /** The code it runs: the innermost frame outside nt/hal and its module (null: nothing outside the kernel). */
  frame: string | null;
  module: string | null;
  /** A DPC runs now (DpcRoutineActive), and whose (module and symbol) when known. */
  dpcActive: boolean;
  runningDpc: string | null;
  runningDpcModule: string | null;
  /** Acquiring a lock (spin lock: `spinning`; ERESOURCE: `acquiring`), from `frame`'s module's code. */
  spinning: boolean;
  acquiring: boolean;
  /** DPC and interrupt time against kernel+user time, percent (one decimal), null without counters. */
  dpcPercent: number | null;
  interruptPercent: number | null;
  heavy: boolean;
  /** Queued DPCs by module of their DeferredRoutine (most first). */
  queued: { module: string; count: number; example: string }[];
  queuedTotal: number;
}

export interface StackGroup {
  /** Threads in the group, of the target's sampled threads. */
  count: number;
  of: number;
  state: string;
  /** Wait reason for Waiting threads, else "". */
  waitReason: string;
  /** Innermost frames, innermost first (at most MAX_GROUP_FRAMES). */
  frames: string[];
  /** Module of the innermost frame outside nt/hal and that frame, null when none. */
  module: string | null;
  moduleFrame: string | null;
  threads: Addr[];
}

export interface SpinStorm {
  spinners: { where: string; module: string | null; frame: string }[];
  modules: string[];
  /** The one acquiring module when every spinner comes from it and nothing else runs; else null. */
  lead: string | null;
}

export interface ProcessorPicture {
  /** KeNumberProcessors (null when unknown) and the processors decoded. */
  count: number | null;
  rows: ProcessorRow[];
  busy: number;
  spin: SpinStorm | null;
  stackGroups: StackGroup[];
  /** Evidence items with their modules, for the suspects. */
  evidence: { module: ModuleRecord; item: EvidenceItem }[];
  /** One sentence for a no-culprit verdict when the processors explain why (a storm from many places), else null. */
  verdictNote: string | null;
  /** Module names (validated) for follow-ups: `!stacks 2 <module>`. */
  groupModules: string[];
}

function share(part: number, p: ProcessorRecord): number | null {
  const total = p.kernelTicks + p.userTicks;
  if (!(total > 0)) return null;
  return Math.round((part * 1000) / total) / 10;
}

/** The code a frame list runs: innermost non-core frame, whether a lock acquisition sits inside it. */
function runningCode(idx: SnapshotIndex, frames: FrameRecord[] | null): { frame: FrameRecord; module: ModuleRecord; spinning: boolean; acquiring: boolean } | null {
  const inner = innermostNonCoreFrame(idx, frames);
  if (!inner || !frames) return null;
  let spinning = false;
  for (const f of frames) {
    if (f === inner.frame) break;
    if (isSpinFrame(f.text)) spinning = true;
  }
  return { frame: inner.frame, module: inner.module, spinning, acquiring: inner.acquiringLock && !spinning };
}

/**
 * The code a running DPC executes: the innermost frame outside nt/hal above nt's DPC-retiring routine (a miniport's
 * code inside ndis!ndisInterruptDpc, not the dispatcher that called it), if on the stack.
 */
function dpcFrame(idx: SnapshotIndex, frames: FrameRecord[] | null): { frame: FrameRecord; module: ModuleRecord } | null {
  if (!frames) return null;
  for (let i = 1; i < frames.length; i++) {
    if (!DPC_RETIRE.test(frames[i].text)) continue;
    for (let k = 0; k < i; k++) {
      const m = frameModule(idx, frames[k]);
      if (m && !isCoreModule(m, frames[k].module)) return { frame: frames[k], module: m };
    }
    return null;
  }
  return null;
}

/**
 * `inEvidence`: threads the other rules already use (blockers, waiters, hot threads); a stack group counts only its
 * other threads, so one observation is never two kinds of evidence.
 */
export function processorPicture(idx: SnapshotIndex, d: Describer, inEvidence: { [t: string]: boolean }): ProcessorPicture {
  const s = idx.snapshot;
  const procs = s.processors || [];
  const rows: ProcessorRow[] = [];
  const codeOf: { [n: number]: { module: ModuleRecord; frame: string } | null } = {};
  const spinners: { where: string; module: string | null; frame: string; thread: Addr | null }[] = [];
  const dpcRunning: { [m: string]: number[] } = {};
  const dpcQueued: { [m: string]: number[] } = {};
  for (const p of procs) {
    const t = p.idle ? null : idx.thread(p.currentThread);
    const stack = p.idle ? p.idleStack : t ? t.stack : null;
    const dpcActive = p.dpcActive === true;
    let code = runningCode(idx, stack);
    let runningDpc: string | null = null;
    let runningDpcModule: string | null = null;
    if (dpcActive) {
      // What runs inside the DPC (its frames), else the routine the KPRCB names (Windows 10), else on the idle thread
      // whatever runs outside the kernel (nothing else runs there).
      const byRoutine = p.currentDpcModule ? idx.module(p.currentDpcModule) : null;
      const byStack = dpcFrame(idx, stack);
      if (byStack) {
        runningDpcModule = byStack.module.name;
        runningDpc = byStack.frame.text;
      } else if (byRoutine && !isCoreModule(byRoutine, null)) {
        runningDpcModule = byRoutine.name;
        runningDpc = p.currentDpcSymbol || byRoutine.name;
      } else if (p.idle && code) {
        // On the idle thread nothing but a DPC runs outside the kernel.
        runningDpcModule = code.module.name;
        runningDpc = code.frame.text;
      }
      if (runningDpcModule) {
        const rm = idx.module(runningDpcModule)!;
        if (!code || code.module.name !== rm.name) code = { frame: { text: runningDpc || rm.name, module: rm.name, address: null }, module: rm, spinning: false, acquiring: false };
      }
    }
    const queuedBy: { [m: string]: { module: string; count: number; example: string } } = {};
    const queuedOrder: string[] = [];
    for (const q of p.queuedDpcs) {
      const name = q.module || "(outside every module)";
      const k = name.toLowerCase();
      if (!queuedBy[k]) {
        queuedBy[k] = { module: name, count: 0, example: q.symbol || d.fmt(q.routine) };
        queuedOrder.push(k);
      }
      queuedBy[k].count++;
    }
    const queued = queuedOrder.map((k) => queuedBy[k]);
    queued.sort((a, b) => b.count - a.count);
    const dpcPercent = share(p.dpcTicks, p);
    const interruptPercent = share(p.interruptTicks, p);
    const heavy = dpcPercent !== null && interruptPercent !== null && dpcPercent + interruptPercent >= HEAVY_SHARE * 100;
    if (heavy) {
      if (runningDpcModule) (dpcRunning[runningDpcModule.toLowerCase()] = dpcRunning[runningDpcModule.toLowerCase()] || []).push(p.number);
      for (const q of queued) {
        const m = idx.module(q.module);
        if (!m || isCoreModule(m, null)) continue;
        const k = m.name.toLowerCase();
        if ((dpcRunning[k] || []).indexOf(p.number) >= 0) continue;
        (dpcQueued[k] = dpcQueued[k] || []).push(p.number);
      }
    }
    codeOf[p.number] = code && !code.spinning && !code.acquiring ? { module: code.module, frame: code.frame.text } : null;
    if (code && code.spinning) spinners.push({ where: "processor " + p.number, module: code.module.name, frame: code.frame.text, thread: p.idle ? null : p.currentThread });
    rows.push({
      number: p.number,
      prcb: p.prcb,
      idle: p.idle,
      currentThread: p.currentThread,
      processName: p.idle ? "Idle" : t ? t.processName : null,
      pid: t ? t.pid : null,
      tid: t ? t.tid : null,
      frame: code ? code.frame.text : null,
      module: code ? code.module.name : null,
      dpcActive,
      runningDpc,
      runningDpcModule,
      spinning: !!code && code.spinning,
      acquiring: !!code && code.acquiring,
      dpcPercent,
      interruptPercent,
      heavy,
      queued,
      queuedTotal: p.queuedDpcs.length,
    });
  }
  // Runnable threads spinning that are no processor's current thread (ready to spin again).
  const current: { [a: string]: boolean } = {};
  for (const p of procs) current[p.currentThread] = true;
  for (const t of s.threads) {
    if (current[t.address] || RUNNABLE_STATES[t.state] !== true) continue;
    const code = runningCode(idx, t.stack);
    if (code && code.spinning) spinners.push({ where: d.thread(t.address) + " (" + t.state + ")", module: code.module.name, frame: code.frame.text, thread: t.address });
  }

  const M = rows.length;
  const busy = rows.filter((r) => !r.idle || r.dpcActive).length;
  const evidence: { module: ModuleRecord; item: EvidenceItem }[] = [];
  const item = (kind: EvidenceKind, weight: number, text: string, clause: string, refs: Addr[], covered: number, of: number, command: string | null, corroborates?: boolean): EvidenceItem => {
    const it: EvidenceItem = { kind, scope: "hot", weight, text, clause, refs, covered, of, command, relevant: true, blocker: null, lead: false };
    if (corroborates) it.corroborates = true;
    return it;
  };

  // on-cpu
  const byModule: { [k: string]: { m: ModuleRecord; cpus: number[]; frame: string; refs: Addr[] } } = {};
  const moduleOrder: string[] = [];
  const evidenceBefore: { [t: string]: boolean } = {};
  for (const t in inEvidence) evidenceBefore[t] = true;
  for (const r of rows) {
    const c = codeOf[r.number];
    if (!c || (!r.idle && !r.runningDpcModule && evidenceBefore[r.currentThread] === true)) continue;
    const k = c.module.name.toLowerCase();
    if (!byModule[k]) {
      byModule[k] = { m: c.module, cpus: [], frame: c.frame, refs: [] };
      moduleOrder.push(k);
    }
    byModule[k].cpus.push(r.number);
    byModule[k].refs.push(r.idle ? r.prcb : r.currentThread);
  }
  for (const k of moduleOrder) {
    const e = byModule[k];
    const n = e.cpus.length;
    if (n < 2) continue;
    const w = n * 2 >= M ? W.mostCpus : W.severalCpus;
    const which = "processor" + (n === 1 ? " " : "s ") + e.cpus.join(", ");
    evidence.push({
      module: e.m,
      item: item("on-cpu", w,
        e.m.name + " runs on " + n + " of " + M + " processors (" + which + ": " + e.frame + ")",
        "its code runs on " + n + " of " + M + " processors (" + e.frame + ")", e.refs, n, M, "!running -ti"),
    });
  }

  // spin-lock storm
  let spin: SpinStorm | null = null;
  let verdictNote: string | null = null;
  if (spinners.length >= 2) {
    const mods: string[] = [];
    for (const x of spinners) if (x.module && mods.indexOf(x.module) < 0) mods.push(x.module);
    const othersRun = moduleOrder.some((k) => mods.length !== 1 || k !== mods[0].toLowerCase());
    const lead = mods.length === 1 && !othersRun ? mods[0] : null;
    spin = { spinners: spinners.map((x) => ({ where: x.where, module: x.module, frame: x.frame })), modules: mods, lead };
    if (lead) {
      const m = idx.module(lead)!;
      const refs: Addr[] = [];
      for (const x of spinners) if (x.thread) refs.push(x.thread);
      evidence.push({
        module: m,
        item: item("spin-lock-storm", W.spinLead,
          spinners.length + " spinners (processors or runnable threads in a kernel spin-lock acquire) all acquire from " + m.name + " (" + spinners[0].frame + ") and nothing else runs",
          "every one of " + spinners.length + " spinning processors/threads acquires its spin lock from its code (" + spinners[0].frame + ")",
          refs, spinners.length, spinners.length, "!running -ti"),
      });
    } else if (mods.length > 1) {
      verdictNote = "spin-lock storm: " + spinners.length + " processors/threads spin acquiring from " + mods.length + " modules' code (" +
        mods.slice(0, 8).join(", ") + (mods.length > 8 ? ", +" + (mods.length - 8) + " more" : "") +
        "): one lock taken from many places, so no spinner's module is the culprit (the holder is; see !running -ti, !locks does not show spin locks)";
    }
  }

  // DPC / interrupt share
  const heavyCpus = rows.filter((r) => r.heavy);
  const dpcKeys: string[] = [];
  for (const k in dpcRunning) dpcKeys.push(k);
  for (const k in dpcQueued) if (dpcKeys.indexOf(k) < 0) dpcKeys.push(k);
  for (const k of dpcKeys) {
    const m = idx.module(k);
    if (!m || isCoreModule(m, null)) continue;
    const running = dpcRunning[k] || [];
    const queued = dpcQueued[k] || [];
    const cpus = running.concat(queued);
    const maxShare = Math.max.apply(null, heavyCpus.filter((r) => cpus.indexOf(r.number) >= 0).map((r) => (r.dpcPercent || 0) + (r.interruptPercent || 0)));
    const how = running.length > 0 ? "runs" : "is queued";
    evidence.push({
      module: m,
      item: item("dpc-share", running.length > 0 ? W.dpcRunning : W.dpcQueued,
        "its DPC " + how + " on " + cpus.length + " of " + heavyCpus.length + " processors spending up to " + maxShare + "% of their time in DPCs and interrupts (processor" + (cpus.length === 1 ? " " : "s ") + cpus.join(", ") + ")",
        "its DPC " + how + " on " + cpus.length + " processor" + (cpus.length === 1 ? "" : "s") + " spending up to " + maxShare + "% of their time in DPCs and interrupts",
        rows.filter((r) => cpus.indexOf(r.number) >= 0).map((r) => r.prcb), cpus.length, M, "!dpcs"),
    });
  }

  // stack groups of the target
  const samples: StackSample[] = s.stackSamples || [];
  const stackGroups = groupStacks(idx, samples);
  const groupModules: string[] = [];
  for (const g of stackGroups) if (g.module && /^[A-Za-z0-9_.-]{1,64}$/.test(g.module) && groupModules.indexOf(g.module) < 0) groupModules.push(g.module);
  for (const r of rows) if (!r.idle) inEvidence[r.currentThread] = true;
  const top = stackGroups.filter((g) => g.module !== null)[0];
  const others = top ? top.threads.filter((t) => inEvidence[t] !== true) : [];
  if (top && others.length >= 3 && others.length * 4 >= top.of) {
    const m = idx.module(top.module);
    if (m && !isCoreModule(m, null)) {
      evidence.push({
        module: m,
        item: item("stack-group", W.stackGroup,
          top.count + " of " + top.of + " threads of the target stand " + groupWhere(top) + " in " + m.name + " (" + top.moduleFrame + ")" +
            (others.length < top.count ? ", " + others.length + " of them outside the chains and hot threads" : ""),
          top.count + " of " + top.of + " threads of the target stand in its code", others.slice(0, 8), others.length, top.of,
          /^[A-Za-z0-9_.-]{1,64}$/.test(m.name) ? "!stacks 2 " + m.name : "!stacks 2", true),
      });
    }
  }
  return { count: s.processorCount === undefined ? null : s.processorCount, rows, busy, spin, stackGroups, evidence, verdictNote, groupModules };
}

/** "Waiting (WrQueue)", "Running". */
export function groupWhere(g: StackGroup): string {
  return g.state + (g.waitReason ? " (" + g.waitReason + ")" : "");
}

/** The target's sampled threads grouped by state, wait reason and innermost frames, largest first (like `!stacks 2`). */
export function groupStacks(idx: SnapshotIndex, samples: StackSample[]): StackGroup[] {
  const groups: { [k: string]: StackGroup } = {};
  const order: string[] = [];
  for (const x of samples) {
    const frames = x.frames.slice(0, MAX_GROUP_FRAMES).map((f) => f.text);
    const waitReason = x.state === "Waiting" ? x.waitReason : "";
    const k = x.state + "|" + waitReason + "|" + frames.join("<");
    if (!groups[k]) {
      const inner = innermostNonCoreFrame(idx, x.frames);
      groups[k] = { count: 0, of: samples.length, state: x.state, waitReason, frames, module: inner ? inner.module.name : null, moduleFrame: inner ? inner.frame.text : null, threads: [] };
      order.push(k);
    }
    groups[k].count++;
    groups[k].threads.push(x.thread);
  }
  const out = order.map((k) => groups[k]);
  const pos: { [k: string]: number } = {};
  order.forEach((k, i) => (pos[k] = i));
  out.sort((a, b) => b.count - a.count || pos[a.state + "|" + a.waitReason + "|" + a.frames.join("<")] - pos[b.state + "|" + b.waitReason + "|" + b.frames.join("<")]);
  return out;
}

/**
 * Running code from the processors, for blocking.ts's one entry point: a thread that is some processor's current
 * thread while that processor runs a DPC is running the DPC's code, whatever its own stack below shows.
 */
export function dpcRunningCode(p: ProcessorPicture): RunningCodeSource {
  const byThread: { [t: string]: ProcessorRow } = {};
  for (const r of p.rows) if (!r.idle && r.dpcActive && r.runningDpcModule !== null) byThread[r.currentThread] = r;
  return (idx, t) => {
    const r = byThread[t.address];
    const m = r ? idx.module(r.runningDpcModule) : null;
    return r && m ? { module: m, frame: r.runningDpc || m.name, acquiringLock: false, source: "the DPC processor " + r.number + " runs" } : null;
  };
}

/** `!running -ti`, `!prcb N` for the processors that matter, `!dpcs`, `!stacks 2 <module>` (names validated). */
export function processorFollowUps(p: ProcessorPicture): FollowUp[] {
  const out: FollowUp[] = [];
  if (p.rows.length === 0) return out;
  if (p.busy > 0) out.push({ command: "!running -ti", why: "what every processor runs, with stacks" });
  const special = p.rows.filter((r) => r.heavy || r.spinning || r.dpcActive);
  for (const r of special.slice(0, 4)) {
    out.push({ command: "!prcb " + r.number, why: "processor " + r.number + (r.heavy ? ": DPC/interrupt share far above normal" : r.spinning ? ": spinning on a spin lock" : ": running a DPC") });
  }
  if (p.rows.some((r) => r.queuedTotal > 0 || r.heavy)) out.push({ command: "!dpcs", why: "the queued DPCs of every processor" });
  const top = p.stackGroups.filter((g) => g.module !== null && g.count > 1)[0];
  if (top && p.groupModules.indexOf(top.module as string) >= 0) {
    out.push({ command: "!stacks 2 " + top.module, why: top.count + " of " + top.of + " threads of the target stand in " + top.module });
  }
  return out;
}
