// The object !isaCpuCheck returns to dx: display string = the verdict head (the summary sentence is its Summary row, said
// once); properties are small objects with their
// own toString() so dx shows one readable line per element and LINQ can query the fields. Called by src/commands/cpu-check.ts.
// Numbers stay JS numbers; addresses are strings as WinDbg prints them (dx has no address type for JS values).
// Whether dx renders DML inside JS strings is UNCONFIRMED: every dump string is escaped here too (the stricter choice),
// and our own text avoids `<`, `>` and `&`.
import { Addr, formatAddr } from "../addr";
import { Analysis, EvidenceItem, Suspect } from "../analysis/types";
import { escapeDumpText as esc } from "./escape";
import { hex, shownWaitReason, threadTime } from "./format";
import { verdictHeadFrom } from "./console";
import { followUpRows } from "./followups";
import { DxProcessor, dxProcessors, DxStackGroup, dxStackGroups } from "./processors";

export class DxComponent {
  constructor(
    public Module: string,
    public Driver: string,
    public ThirdParty: boolean,
    public Reason: string,
  ) {}
  toString(): string {
    return this.Module + (this.Driver ? " (" + this.Driver + ")" : "") + (this.ThirdParty ? ", third-party" : ", Microsoft");
  }
}

export class DxEvidence {
  constructor(
    public Kind: string,
    public Scope: string,
    public Weight: number,
    public Text: string,
    public Covered: number,
    public Of: number,
    public Command: string,
  ) {}
  toString(): string {
    return this.Kind + (this.Scope === "outside" ? " (lead)" : "") + ": " + this.Text;
  }
}

export class DxSuspect {
  constructor(
    public Module: string,
    public Driver: string,
    public ThirdParty: boolean,
    public Classification: string,
    public Score: number,
    public Kinds: string[],
    public LeadOnly: boolean,
    public AboveThreshold: boolean,
    public Confidence: string,
    public Evidence: DxEvidence[],
  ) {}
  toString(): string {
    return (
      this.Module + (this.ThirdParty ? " (third-party)" : " (Microsoft)") + " score " + this.Score +
      (this.Kinds.length > 0 ? " [" + this.Kinds.join(", ") + "]" : "") + (this.LeadOnly ? " lead only" : "")
    );
  }
}

export class DxResource {
  constructor(
    public Resource: string,
    public Exclusive: boolean,
    public ContentionCount: number,
    public Owners: string[],
    public ExclusiveWaiters: string[],
    public SharedWaiters: string[],
    public NumberOfExclusiveWaiters: number,
    public NumberOfSharedWaiters: number,
    public Symbol: string,
  ) {}
  toString(): string {
    return (
      this.Resource + (this.Symbol ? " " + this.Symbol : "") + (this.Exclusive ? " exclusive" : " shared") + ", owners " +
      (this.Owners.join(" ") || "none") + ", contention " + this.ContentionCount + ", waiters " +
      this.NumberOfExclusiveWaiters + " exclusive / " + this.NumberOfSharedWaiters + " shared"
    );
  }
}

export class DxThread {
  constructor(
    public Thread: string,
    public Process: string,
    public Pid: number,
    public Tid: number,
    public State: string,
    public WaitReason: string,
    public KernelSeconds: number,
    public UserSeconds: number,
    public KernelTime: string,
    public UserTime: string,
    public Hot: boolean,
    public Blocker: boolean,
    public Waiter: boolean,
  ) {}
  toString(): string {
    const tags = (this.Hot ? " hot" : "") + (this.Blocker ? " blocker" : "") + (this.Waiter ? " waiter" : "");
    return this.Thread + " " + this.Process + " " + hex(this.Pid) + "." + hex(this.Tid) + " " + this.State + " kernel " + this.KernelTime + " user " + this.UserTime + tags;
  }
}

export class DxIrp {
  constructor(
    public Irp: string,
    public Thread: string,
    public Pending: boolean,
    public State: string,
    public Major: string,
    public Minor: string,
    public Path: string[],
    public Current: string,
  ) {}
  toString(): string {
    return this.Irp + " " + (this.Pending ? "pending" : this.State) + (this.Major ? " " + this.Major + (this.Minor ? "/" + this.Minor : "") : "") +
      (this.Path.length > 0 ? " in " + this.Path.join(", then ") : "");
  }
}

export class DxFinding {
  constructor(public Text: string, public Command: string, public Refs: string[]) {}
  toString(): string {
    return this.Text;
  }
}

/** One follow-up command (verb + validated address, never dump text); dx makes each row a link that opens it. */
export class DxFollowUp {
  constructor(public Command: string, public Why: string, public Verb: string, public Address: string) {}
  toString(): string {
    return this.Command;
  }
}

export class DxNote {
  constructor(public Note: string) {}
  toString(): string {
    return this.Note;
  }
}

export class IsaCpuCheckResult {
  constructor(
    public Verdict: string,
    /** The culprit, or the string "(none)" (a null property's dx display is UNCONFIRMED). */
    public Culprit: DxComponent | string,
    public BlockingComponent: DxComponent | string,
    public Confidence: string,
    public Summary: string,
    public Suspects: DxSuspect[],
    public Contention: DxResource[],
    public Threads: DxThread[],
    public Irps: DxIrp[],
    public Findings: DxFinding[],
    public FollowUps: DxFollowUp[],
    public DataQuality: DxNote[],
    public Processors: DxProcessor[] = [],
    public StackGroups: DxStackGroup[] = [],
  ) {}
  toString(): string {
    const c = this.Culprit;
    const b = this.BlockingComponent;
    return verdictHeadFrom(
      this.Verdict,
      typeof c === "string" ? null : c.Module,
      typeof c === "string" ? null : c.Driver || null,
      typeof b === "string" ? null : b.Module,
      this.Confidence,
    );
  }
}

export function toDataModelObject(a: Analysis): IsaCpuCheckResult {
  const ps = a.pointerSize;
  const f = (x: Addr) => formatAddr(x, ps);
  const inc = a.snapshot.os ? a.snapshot.os.keMaximumIncrement : 0;
  const v = a.verdict;
  const comp = (c: typeof v.culprit) => (c ? new DxComponent(esc(c.module), esc(c.driver || ""), c.thirdParty, esc(c.reason)) : "(none)");
  const evidence = (it: EvidenceItem) =>
    new DxEvidence(it.kind, it.scope, it.weight, esc(it.text), it.covered === null ? 0 : it.covered, it.of === null ? 0 : it.of, esc(it.command || ""));
  const suspect = (s: Suspect) =>
    new DxSuspect(esc(s.image), esc(s.driver || ""), s.classification === "third-party", s.classification, s.score, s.kinds.slice(), s.leadOnly,
      s.aboveThreshold, s.confidence, s.items.map(evidence));
  const threads: DxThread[] = [];
  const seen: { [t: string]: boolean } = {};
  for (const r of a.cpu.topThreads) {
    seen[r.thread] = true;
    threads.push(new DxThread(f(r.thread), esc(r.processName || ""), r.pid, r.tid, esc(r.state), shownWaitReason(r.state, r.waitReason), r.kernelSeconds, r.userSeconds,
      threadTime(r.kernelTicks, inc, r.kernelSeconds), threadTime(r.userTicks, inc, r.userSeconds), r.hot, r.blocker, r.waiter));
  }
  for (const b of a.blockers) {
    if (seen[b.thread]) continue;
    seen[b.thread] = true;
    const t = a.snapshot.threads.filter((x) => x.address === b.thread)[0];
    if (!t) continue;
    threads.push(new DxThread(f(t.address), esc(t.processName || ""), t.pid, t.tid, esc(t.state), shownWaitReason(t.state, t.waitReason), t.kernelSeconds, t.userSeconds,
      threadTime(t.kernelTicks, inc, t.kernelSeconds), threadTime(t.userTicks, inc, t.userSeconds), false, true, false));
  }
  const irps: DxIrp[] = [];
  for (const g of a.irpGroups) {
    for (const irp of g.irps) {
      const p = a.irpPaths.filter((x) => x.irp === irp)[0] || g.path;
      const path = p.steps.map((s) => esc(s.driverName || f(s.device)));
      irps.push(new DxIrp(f(irp), f(g.thread), p.pending, p.state, esc(p.majorName || ""), esc(p.minorName || ""), path, path.length > 0 && p.steps[0].position === "current" ? path[0] : ""));
    }
  }
  return new IsaCpuCheckResult(
    v.kind,
    comp(v.culprit),
    comp(v.blockingComponent),
    v.confidence,
    esc(v.summary),
    a.suspects.map(suspect),
    a.contention.map((c) =>
      new DxResource(f(c.resource), c.exclusive, c.contentionCount, c.owners.map((o) => f(o.thread)), c.exclusiveWaiters.map(f), c.sharedWaiters.map(f),
        c.numberOfExclusiveWaiters, c.numberOfSharedWaiters, esc(c.symbol || ""))),
    threads,
    irps,
    a.findings.map((x) => new DxFinding(esc(x.text), esc(x.command || ""), x.refs.map(f))),
    followUpRows(a).map((x) => new DxFollowUp(x.command.command, esc(x.why), x.command.verb, f(x.command.address))),
    a.dataQuality.notes.map((n) => new DxNote(esc(n))),
    dxProcessors(a),
    dxStackGroups(a),
  );
}
