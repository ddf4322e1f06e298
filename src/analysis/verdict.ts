// The verdict (culprit, no-culprit naming a Microsoft blocking component, not-applicable), its confidence, the leads to
// rule out and a one-line summary; principle (c) of suspects.ts lives here. Called by analyze().
import { SnapshotIndex } from "./model";
import { Describer } from "./describe";
import {
  BlockerInfo,
  BlockingPoint,
  ComponentRef,
  Confidence,
  ContentionInfo,
  CpuPicture,
  DeadlockCycle,
  OrphanInfo,
  Suspect,
  Verdict,
} from "./types";

export interface VerdictContext {
  idx: SnapshotIndex;
  d: Describer;
  suspects: Suspect[];
  contention: ContentionInfo[];
  deadlocks: DeadlockCycle[];
  orphans: OrphanInfo[];
  blockers: BlockerInfo[];
  blockingPoints: { [blocker: string]: BlockingPoint };
  cpu: CpuPicture;
  chainEvidenceLost: boolean;
}

function component(s: Suspect): ComponentRef {
  return {
    name: s.module,
    module: s.image,
    driver: s.driver,
    thirdParty: s.classification === "third-party",
    reason: s.classificationReason,
  };
}

/** The target processes' image names, each once (several processes may share one). */
function targetNames(ctx: VerdictContext): string[] {
  const names: string[] = [];
  for (const p of ctx.cpu.targets) if (names.indexOf(p.name) < 0) names.push(p.name);
  return names;
}

function victims(ctx: VerdictContext): string {
  const names = targetNames(ctx);
  if (names.length === 0) return "";
  return "; " + names.join(", ") + (names.length === 1 ? " is the victim" : " are the victims");
}

/** The victim clause, or, when the strongest evidence comes only from other processes' chains, a warning saying so. */
function scopeClause(ctx: VerdictContext, s: Suspect): string {
  const names = targetNames(ctx);
  if (s.relevant || names.length === 0) return victims(ctx);
  return "; no thread of " + names.join(", ") + " is in this chain";
}

function topClause(s: Suspect): string {
  for (const it of s.items) if (it.scope !== "outside") return it.clause;
  return s.items.length > 0 ? s.items[0].clause : "";
}

/** "; deadlock: thread A and thread B wait on each other (ERESOURCE …)" when a cycle was found. */
function deadlockClause(ctx: VerdictContext): string {
  if (ctx.deadlocks.length === 0) return "";
  const c = ctx.deadlocks[0];
  return (
    "; deadlock: " + c.threads.map((t) => ctx.d.thread(t)).join(" and ") + " wait on each other (" +
    c.resources.map((r) => "ERESOURCE " + ctx.d.fmt(r)).join(", ") + ")" +
    (ctx.deadlocks.length > 1 ? " and " + ctx.d.plural(ctx.deadlocks.length - 1, "more cycle") : "")
  );
}

function lowered(c: Confidence): Confidence {
  return c === "high" ? "medium" : "low";
}

/** Data-quality kinds that mean objects were skipped (not mere disagreements between counters and lists). */
const LOSSY_KINDS = ["read-error", "bad-type", "absurd-value", "cycle", "bound", "inconsistent", "stack-unavailable"];

function walkLostEvidence(ctx: VerdictContext): boolean {
  const counts = ctx.idx.snapshot.dataQuality ? ctx.idx.snapshot.dataQuality.counts : {};
  return LOSSY_KINDS.some((k) => (counts[k] || 0) > 0);
}

export function notApplicableVerdict(reason: string): Verdict {
  return { kind: "not-applicable", culprit: null, blockingComponent: null, confidence: "low", summary: reason, leads: [] };
}

/**
 * Principle (b)'s leads: third-party modules present on a chain that involves the target (or any chain when it is in
 * none) but stuck elsewhere, strongest presence first; never the culprit.
 */
function leadsOf(ctx: VerdictContext, culprit: Suspect | null): Suspect[] {
  const anyRelevant = ctx.suspects.some((s) => s.relevant);
  const weight = (s: Suspect) => {
    let w = 0;
    const best: { [k: string]: number } = {};
    for (const it of s.items) if (it.lead && (it.relevant || !anyRelevant) && (!(it.kind in best) || it.weight > best[it.kind])) best[it.kind] = it.weight;
    for (const k in best) w += best[k];
    return w;
  };
  const out = ctx.suspects
    .filter((s) => s !== culprit && s.classification === "third-party" && !s.aboveThreshold && s.hasLeads && weight(s) >= 1)
    .map((s, i) => ({ s, i, w: weight(s) }));
  out.sort((a, b) => b.w - a.w || a.i - b.i);
  return out.map((x) => x.s);
}

function leadClause(s: Suspect): string {
  for (const it of s.items) if (it.lead) return it.clause;
  return "";
}

export function decideVerdict(ctx: VerdictContext): Verdict {
  const { d } = ctx;
  const eligible = ctx.suspects.filter((s) => !s.leadOnly);
  const strongest = eligible.length > 0 ? eligible[0] : null;
  // A third-party module above the threshold on the same footing (a chain that involves the target, or any chain when
  // the strongest does not) is the culprit even when a Microsoft module scores higher: the Microsoft one is where the
  // work is stuck (the blocking component), the third-party one is what no inbox configuration would have.
  const thirdParty = strongest
    ? eligible.filter((s) => s.aboveThreshold && s.classification === "third-party" && (s.relevant || !strongest.relevant))[0] || null
    : null;
  if (strongest && thirdParty) {
    const c = component(thirdParty);
    const label = thirdParty.image + " (" + (c.driver ? c.driver + ", " : "") + "third-party, " + c.reason + ")";
    // A Microsoft module above the threshold on the same chain (scored there, so at its blocking point or on a chain
    // whose blocking point is unknown) is where the work is stuck too: named, and the culprit is one level less sure.
    const sameChain = (s: Suspect) => s.blockers.some((t) => thirdParty.blockers.indexOf(t) >= 0);
    const ms = eligible.filter((s) => s.aboveThreshold && s.classification === "microsoft" && sameChain(s))[0] || null;
    const outscored = ms !== null;
    const blocking = ms ? component(ms) : null;
    return {
      kind: "culprit",
      culprit: c,
      leads: leadsOf(ctx, thirdParty).map(component),
      blockingComponent: blocking,
      // Two components explain the hang; naming the third-party one is a judgement the evidence only half makes.
      confidence: outscored ? lowered(thirdParty.confidence) : thirdParty.confidence,
      summary:
        label + " is the likely cause: " + topClause(thirdParty) +
        (ms ? "; the work is stuck in " + ms.image + " (Microsoft): " + topClause(ms) : "") +
        deadlockClause(ctx) + scopeClause(ctx, thirdParty),
    };
  }
  if (strongest && strongest.aboveThreshold) {
    // The strongest component is Microsoft's: it blocks, but it is never called third-party or a culprit.
    const c = component(strongest);
    const others = eligible.filter((s) => s !== strongest && s.aboveThreshold && s.classification === "third-party");
    const also =
      others.length > 0
        ? "; also implicated: " + others.map((s) => s.image + " (third-party, score " + s.score + ")").join(", ")
        : "";
    const leads = leadsOf(ctx, null);
    const leadText =
      leads.length > 0
        ? "; lead to rule out: " + leads[0].image + " (third-party, present on the chain but not where it is stuck: " + leadClause(leads[0]) + ")" +
          (leads.length > 1 ? " and " + d.plural(leads.length - 1, "more lead") : "")
        : "";
    return {
      kind: "no-culprit",
      culprit: null,
      leads: leads.map(component),
      blockingComponent: c,
      confidence: strongest.confidence,
      summary:
        "no third-party culprit: the blocking component is " + strongest.image + " (" + (c.driver ? c.driver + ", " : "") +
        "Microsoft): " + topClause(strongest) + deadlockClause(ctx) + also + leadText + scopeClause(ctx, strongest),
    };
  }
  const lead = strongest || (ctx.suspects.length > 0 ? ctx.suspects[0] : null);
  const leadText = lead
    ? "; strongest lead: " + lead.image + " (" + (lead.classification === "third-party" ? "third-party" : "Microsoft") +
      ", score " + lead.score + "): " + topClause(lead)
    : "";
  let what: string;
  let confidence: Confidence = "medium";
  // (c): the target is the victim unless the chain is stuck in its own code.
  const own = ctx.blockers.map((b) => ctx.blockingPoints[b.thread]).filter((bp) => bp && bp.kind === "target-code")[0];
  if (own) {
    const c = ctx.contention.filter((x) => ctx.blockers.some((b) => b.thread === own.blocker && b.resources.indexOf(x.resource) >= 0))[0];
    what = (c ? d.resource(c, c.resource) + " is blocked by " + d.thread(own.blocker) + ": " : "") + own.text +
      "; the target is not merely the victim";
    if (ctx.chainEvidenceLost || walkLostEvidence(ctx)) confidence = lowered(confidence);
    return { kind: "no-culprit", culprit: null, leads: leadsOf(ctx, null).map(component), blockingComponent: null, confidence, summary: "no culprit identified: " + what + leadText };
  }
  if (ctx.deadlocks.length > 0) {
    what = deadlockClause(ctx).slice(2);
    confidence = "low";
  } else if (ctx.orphans.some((o) => ctx.contention.some((c) => c.resource === o.resource))) {
    const o = ctx.orphans.filter((x) => ctx.contention.some((c) => c.resource === x.resource))[0];
    what = o.text;
    confidence = "low";
  } else if (ctx.contention.length > 0) {
    const c = ctx.contention[0];
    const b = ctx.blockers.length > 0 ? ctx.blockers[0] : null;
    const t = b ? ctx.idx.thread(b.thread) : null;
    what =
      d.resource(c, c.resource) +
      (b ? " is blocked by " + d.thread(b.thread) + (t ? ", " + t.state + (t.state === "Waiting" ? " (" + t.waitReason + ")" : "") : "") : " has no readable owner");
    confidence = "low";
  } else {
    const names = ctx.cpu.targets.map((p) => p.name + " (pid " + p.pid.toString(16) + ")");
    const who = names.length > 0 ? names.join(", ") : "the target";
    const pct = ctx.cpu.kernelPercent !== null ? "; kernel time is " + ctx.cpu.kernelPercent + "% of its CPU time" : "";
    const hot = ctx.cpu.hotThreads.length;
    what =
      "no contended ERESOURCE and no hot third-party kernel code in " + who +
      (hot > 0 ? " (" + d.plural(hot, "runnable hot thread") + ")" : "") + pct;
    if (ctx.cpu.targets.length === 0) {
      what = "no contended ERESOURCE; target process not found";
      confidence = "low";
    }
  }
  // "Nothing found" is only as good as what could be read: a lost resource, thread or IRP may have held the culprit.
  if (ctx.chainEvidenceLost || walkLostEvidence(ctx)) confidence = lowered(confidence);
  return {
    kind: "no-culprit",
    culprit: null,
    leads: leadsOf(ctx, null).map(component),
    blockingComponent: null,
    confidence,
    summary: "no culprit identified: " + what + leadText + (ctx.contention.length > 0 ? victims(ctx) : ""),
  };
}
