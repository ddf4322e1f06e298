// Which contended resources and blockers the console shows in full: the chains that matter for the verdict. Called by
// console.ts; the rest goes one line each under "Other contention". The dx object and the JSON keep every resource.
import { Addr } from "../addr";
import { reachThroughOwners } from "../analysis/chains";
import { Analysis, BlockerInfo, ContentionInfo, Suspect } from "../analysis/types";

export interface Focus {
  /** Resources on the chains that matter, in the analysis' order. */
  resources: ContentionInfo[];
  /** Contended resources on no chain that matters. */
  others: ContentionInfo[];
  /** Blockers shown in full (those of the chains that matter; the others are named by their resource's line). */
  blockers: BlockerInfo[];
  matters(resource: Addr): boolean;
}

/** The suspect the verdict names (culprit, else blocking component), or null. */
export function namedSuspect(a: Analysis): Suspect | null {
  const named = a.verdict.culprit || a.verdict.blockingComponent;
  if (!named) return null;
  for (const s of a.suspects) if (s.module === named.name) return s;
  return null;
}

/**
 * A chain matters when a thread of the target owns or waits on one of its resources (followed through owners that wait
 * in turn), or when it is the chain the verdict's component was found on. When neither picks anything (the target is
 * in no chain and nothing is named), every chain matters: the console then shows the system-wide picture.
 */
export function focusOf(a: Analysis, everything?: boolean): Focus {
  if (everything) {
    return { resources: a.contention.slice(), others: [], blockers: a.blockers.slice(), matters: () => true };
  }
  const targetProcs: { [p: string]: boolean } = {};
  const targetPids: { [p: string]: boolean } = {};
  for (const p of a.cpu.targets) {
    targetProcs[p.address] = true;
    targetPids[String(p.pid)] = true;
  }
  const processOf: { [t: string]: boolean } = {};
  for (const t of a.snapshot.threads) {
    processOf[t.address] = t.processAddress !== null ? targetProcs[t.processAddress] === true : targetPids[String(t.pid)] === true;
  }
  const isTarget = (t: Addr) => processOf[t] === true;
  const reached: { [r: string]: boolean } = {};
  const queue: ContentionInfo[] = [];
  for (const c of a.contention) {
    const threads = c.owners.map((o) => o.thread).concat(c.exclusiveWaiters, c.sharedWaiters);
    if (threads.some(isTarget)) {
      reached[c.resource] = true;
      queue.push(c);
    }
  }
  const named = namedSuspect(a);
  const namedBlockers: { [t: string]: boolean } = {};
  if (named) for (const t of named.blockers) namedBlockers[t] = true;
  for (const b of a.blockers) {
    if (!namedBlockers[b.thread]) continue;
    for (const r of b.resources) {
      if (reached[r]) continue;
      const c = a.contention.filter((x) => x.resource === r)[0];
      if (c) {
        reached[r] = true;
        queue.push(c);
      }
    }
  }
  for (const ch of a.chains) {
    if (!ch.head || !namedBlockers[ch.head]) continue;
    for (const st of ch.steps) {
      if (reached[st.resource]) continue;
      const c = a.contention.filter((x) => x.resource === st.resource)[0];
      if (c) {
        reached[st.resource] = true;
        queue.push(c);
      }
    }
  }
  // Through owners that wait in turn: what blocks the target's lock is part of its chain.
  reachThroughOwners(a.contention, queue, reached);
  const any = a.contention.some((c) => reached[c.resource] === true);
  const matters = (r: Addr) => !any || reached[r] === true;
  const keepBlocker = (b: BlockerInfo) => !any || isTarget(b.thread) || namedBlockers[b.thread] === true || b.resources.some(matters);
  return {
    resources: a.contention.filter((c) => matters(c.resource)),
    others: a.contention.filter((c) => !matters(c.resource)),
    blockers: a.blockers.filter(keepBlocker),
    matters,
  };
}
