// The `!isaLocks` command: every contended ERESOURCE with its owners and waiters (the `!locks` view), each thread with
// its process, state, wait reason and wait time; also returned as an object for dx. Registered by src/index.ts.
// Reuses collectSnapshot (one walk of ExpSystemResourcesList, owners and waiters decoded) with no target's threads.
import { Addr, formatAddr } from "../addr";
import { SCOPE_NOTE } from "../analysis";
import { collectSnapshot, NOT_KERNEL } from "../kernel/collect";
import { imageNameMatches } from "../kernel/processes";
import { DumpSnapshot, ResourceRecord, ThreadRecord } from "../kernel/records";
import { escapeDumpText as esc } from "../report/escape";
import { formatDuration, hex, padRight, shownWaitReason } from "../report/format";
import { parseLocksArgs } from "./args";
import { guarded } from "./guard";
import { openTarget, parsedArguments } from "./prologue";

const NOT_KERNEL_DUMP = "this is a user-mode dump; !isaLocks needs a kernel dump (e.g. a complete or kernel memory dump)";

/** Follow-up commands printed at most (the object has them all). */
const MAX_FOLLOW_UPS = 12;

export type LockRole = "owner" | "exclusive waiter" | "shared waiter";

/** One thread of a lock as dx shows it: `Resources[0].Owners[0]`. */
export class DxLockThread {
  constructor(
    public Thread: string,
    public Role: LockRole,
    public Process: string,
    public Pid: number,
    public Tid: number,
    public State: string,
    /** The wait reason while Waiting, else "" (KTHREAD keeps a stale one). */
    public WaitReason: string,
    /** OWNER_ENTRY.OwnerCount for owners, 0 for waiters. */
    public OwnerCount: number,
    /** Entries on ETHREAD.IrpList (`!isaIrps <thread>` decodes them). */
    public IrpCount: number,
    /** How long it has waited (KTHREAD.WaitTime to now), -1 when unknown or not waiting. */
    public WaitSeconds: number,
    public Readable: boolean,
    public Command: string,
  ) {}
  toString(): string {
    if (!this.Readable) return this.Thread + " " + this.Role + " (thread could not be read)";
    return (
      this.Thread + " " + this.Role + " " + this.Process + " " + hex(this.Pid) + "." + hex(this.Tid) + " " + this.State +
      (this.WaitReason ? " (" + this.WaitReason + ")" : "") + (this.IrpCount > 0 ? ", " + this.IrpCount + " IRPs" : "")
    );
  }
}

/** One ERESOURCE: `Resources[0]`. */
export class DxLock {
  constructor(
    public Resource: string,
    public Symbol: string,
    public Exclusive: boolean,
    public ContentionCount: number,
    public NumberOfExclusiveWaiters: number,
    public NumberOfSharedWaiters: number,
    public Owners: DxLockThread[],
    public ExclusiveWaiters: DxLockThread[],
    public SharedWaiters: DxLockThread[],
    public Notes: string[],
    public Command: string,
  ) {}
  toString(): string {
    return (
      this.Resource + (this.Symbol ? " " + this.Symbol : "") + (this.Exclusive ? " exclusive" : " shared") + ", owners " +
      (this.Owners.map((o) => o.Thread).join(" ") || "none") + ", contention " + this.ContentionCount + ", waiters " +
      this.NumberOfExclusiveWaiters + " exclusive / " + this.NumberOfSharedWaiters + " shared"
    );
  }
}

/** What `dx @$isaLocks()` shows; its display string is the summary line. */
export class IsaLocksResult {
  constructor(
    public Summary: string,
    public Resources: DxLock[],
    /** ERESOURCEs on nt!ExpSystemResourcesList that were walked. */
    public Walked: number,
    public DataQuality: string[],
  ) {}
  toString(): string {
    return this.Summary;
  }
}

function contended(r: ResourceRecord): boolean {
  return r.numberOfExclusiveWaiters + r.numberOfSharedWaiters > 0 || r.exclusiveWaiters.length + r.sharedWaiters.length > 0;
}

function plural(n: number, word: string): string {
  return n + " " + word + (n === 1 ? "" : "s");
}

interface Built {
  result: IsaLocksResult;
  lines: string[];
}

function build(snapshot: DumpSnapshot, names: string[], pointerSize: 4 | 8): Built {
  const f = (a: Addr) => formatAddr(a, pointerSize);
  const inc = snapshot.os.keMaximumIncrement;
  const threads: { [a: string]: ThreadRecord } = {};
  snapshot.threads.forEach((t) => (threads[t.address] = t));
  const inTargets = (a: Addr) => {
    const t = threads[a];
    return t !== undefined && t.processName !== null && names.some((n) => imageNameMatches(t.processName as string, n));
  };
  const involved = (r: ResourceRecord) =>
    r.ownerEntries.some((o) => inTargets(o.thread)) || r.exclusiveWaiters.some(inTargets) || r.sharedWaiters.some(inTargets);
  const chosen = snapshot.resources.filter((r) => (names.length === 0 ? contended(r) : involved(r)));

  const person = (a: Addr, role: LockRole, count: number): DxLockThread => {
    const t = threads[a];
    const cmd = "!thread " + f(a);
    if (t === undefined) return new DxLockThread(f(a), role, "", -1, -1, "", "", count, 0, -1, false, cmd);
    const waiting = t.state === "Waiting";
    const waitSeconds = waiting && t.elapsedTicks !== null ? (t.elapsedTicks * inc) / 1e7 : -1;
    return new DxLockThread(f(a), role, esc(t.processName || "?"), t.pid, t.tid, esc(t.state), shownWaitReason(t.state, t.waitReason), count,
      t.irps.length, waitSeconds, true, cmd);
  };
  const locks = chosen.map((r) => {
    const owners = r.ownerEntries.filter((o) => !o.isWaiter).map((o) => person(o.thread, "owner", o.count));
    const shared = r.sharedWaiters.slice();
    // A shared waiter that pre-filled an owner entry is a waiter, not an owner (`!locks` lists it among the owners).
    r.ownerEntries.forEach((o) => {
      if (o.isWaiter && shared.indexOf(o.thread) < 0) shared.push(o.thread);
    });
    return new DxLock(f(r.address), esc(r.symbol || ""), r.exclusive, r.contentionCount, r.numberOfExclusiveWaiters, r.numberOfSharedWaiters,
      owners, r.exclusiveWaiters.map((a) => person(a, "exclusive waiter", 0)), shared.map((a) => person(a, "shared waiter", 0)),
      r.notes.map((n) => esc(n)), "!locks " + f(r.address));
  });

  const lines: string[] = [];
  const what = names.length === 0 ? "contended ERESOURCE" : "ERESOURCE";
  const whose =
    names.length === 0
      ? ""
      : " owned or awaited by " + (snapshot.targets.length > 0
        ? snapshot.targets.map((p) => esc(p.name) + " (pid " + hex(p.pid) + ")").join(", ")
        : names.map(esc).join(", ") + " (not found)");
  lines.push("isaLocks: " + plural(locks.length, what) + whose + " (" + snapshot.resourcesVisited + " walked) - " + esc(snapshot.os.build) +
    " (" + (pointerSize === 8 ? "64" : "32") + "-bit pointers)");
  const threadWidth = (pointerSize === 8 ? 17 : 8) + 6;
  const row = (label: string, t: DxLockThread, suffix: string) => {
    if (!t.Readable) return "    " + padRight(label, 11) + padRight(t.Thread + suffix, threadWidth) + "  (thread could not be read)";
    const state = t.State + (t.WaitReason ? " (" + t.WaitReason + ")" : "");
    const extra = (t.WaitSeconds >= 0 ? "  waited " + formatDuration(t.WaitSeconds * 1000) : "") + (t.IrpCount > 0 ? "  IRPs " + t.IrpCount : "");
    return "    " + padRight(label, 11) + padRight(t.Thread + suffix, threadWidth) + "  Cid " + padRight(hex(t.Pid) + "." + hex(t.Tid), 11) +
      padRight(t.Process, 16) + " " + padRight(state, 22) + extra;
  };
  for (let i = 0; i < locks.length; i++) {
    const l = locks[i];
    const r = chosen[i];
    lines.push("");
    const owning = l.Exclusive ? "Exclusively owned" : "Shared " + plural(l.Owners.length, "owning thread");
    lines.push("Resource @ " + (l.Symbol ? l.Symbol + " (" + l.Resource + ")" : l.Resource) + "    " + owning + "    Contention Count = " +
      l.ContentionCount + (contended(r) ? "" : "    (held, no waiters)"));
    // The counters as `!locks` prints them; "(n found)" when the wait lists hold a different number of threads.
    const counted = (n: number, found: number) => n + (found !== n ? " (" + found + " found)" : "");
    lines.push("    NumberOfExclusiveWaiters = " + counted(l.NumberOfExclusiveWaiters, l.ExclusiveWaiters.length) +
      "    NumberOfSharedWaiters = " + counted(l.NumberOfSharedWaiters, l.SharedWaiters.length));
    if (l.Owners.length === 0) lines.push("    Owner      (no owner entry in use)");
    l.Owners.forEach((o) => lines.push(row("Owner", o, "-" + (o.OwnerCount < 16 ? "0" : "") + hex(o.OwnerCount) + "<*>")));
    l.ExclusiveWaiters.forEach((w) => lines.push(row("Exclusive", w, "")));
    l.SharedWaiters.forEach((w) => lines.push(row("Shared", w, "")));
  }
  if (locks.length === 0) {
    lines.push("");
    lines.push(names.length === 0 ? "No ERESOURCE has waiters." : "No ERESOURCE is owned or awaited by these processes' threads.");
  }

  const notes = snapshot.dataQuality.notes.map((n) => esc(n));
  if (notes.indexOf(SCOPE_NOTE) < 0) notes.push(SCOPE_NOTE);
  lines.push("");
  lines.push("Data quality:");
  notes.forEach((n) => lines.push("  - " + n));

  const followUps: string[] = [];
  locks.forEach((l) => {
    followUps.push(l.Command);
    l.Owners.forEach((o) => {
      if (followUps.indexOf(o.Command) < 0) followUps.push(o.Command);
      if (o.IrpCount > 0) followUps.push("!isaIrps 0x" + o.Thread.replace("`", ""));
    });
  });
  if (followUps.length > 0) {
    lines.push("");
    lines.push("Confirm with:");
    followUps.slice(0, MAX_FOLLOW_UPS).forEach((c) => lines.push("  " + c));
    if (followUps.length > MAX_FOLLOW_UPS) lines.push("  ... " + (followUps.length - MAX_FOLLOW_UPS) + " more (dx @$isaLocks() has every lock's Command)");
  }

  const summary = summaryOf(locks, chosen, names, snapshot.targets.length > 0, snapshot.resourcesVisited);
  lines.push("");
  lines.push("Summary: " + summary);
  return { result: new IsaLocksResult(summary, locks, snapshot.resourcesVisited, notes), lines: lines };
}

function summaryOf(locks: DxLock[], records: ResourceRecord[], names: string[], found: boolean, walked: number): string {
  const filtered = names.length > 0;
  if (locks.length === 0 && filtered && !found) {
    return "no process named " + names.map(esc).join(", ") + " in this dump (!isaLocks with no argument shows every contended ERESOURCE)";
  }
  if (locks.length === 0) {
    return (filtered ? "no ERESOURCE is owned or awaited by these processes" : "no ERESOURCE has waiters") + " (" + walked +
      " walked; push locks, fast mutexes and spin locks are not covered)";
  }
  const waiting: { [t: string]: boolean } = {};
  const weight = (l: DxLock) => l.NumberOfExclusiveWaiters + l.NumberOfSharedWaiters;
  let top = 0;
  for (let i = 0; i < locks.length; i++) {
    locks[i].ExclusiveWaiters.concat(locks[i].SharedWaiters).forEach((w) => (waiting[w.Thread] = true));
    if (weight(locks[i]) > weight(locks[top]) || (weight(locks[i]) === weight(locks[top]) && locks[i].ContentionCount > locks[top].ContentionCount)) top = i;
  }
  const t = locks[top];
  const owners = t.Owners.map((o) => o.Thread + (o.Readable ? " (" + o.Process + ", " + o.State + ")" : "")).join(", ") || "no owner";
  const n = records.filter(contended).length;
  return (
    plural(n, "contended ERESOURCE") + (locks.length > n ? " and " + (locks.length - n) + " held without waiters" : "") + ", " +
    plural(Object.keys(waiting).length, "waiting thread") + " found; most waited-on " + t.Resource + " (" + t.ContentionCount + " contentions, " +
    t.NumberOfExclusiveWaiters + " exclusive / " + t.NumberOfSharedWaiters + " shared waiters), owned by " + owners
  );
}

function run(...args: unknown[]): unknown {
  const options = parsedArguments("isaLocks", parseLocksArgs, args);
  if (options === null) return undefined;
  const target = openTarget((why) => "Summary: not applicable: " + why);
  if (target === null) return undefined;
  const snapshot = collectSnapshot(target, { targetNames: options.targetNames, topThreads: 0 });
  if (snapshot.notApplicable !== null) {
    const why = esc(snapshot.notApplicable === NOT_KERNEL ? NOT_KERNEL_DUMP : snapshot.notApplicable);
    target.log("isaLocks: " + why + "\nSummary: not applicable: " + why + "\n");
    return undefined;
  }
  const built = build(snapshot, options.targetNames, target.pointerSize);
  target.log(built.lines.join("\n") + "\n");
  return built.result;
}

/** `!isaLocks ["image.exe"]`; registered by src/index.ts. Never throws: the last line is always a `Summary:` line. */
export const isaLocks = guarded("isaLocks", run, (m) => "Summary: !isaLocks stopped on an internal error (" + m + ")");
