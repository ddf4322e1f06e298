// The JSON contract of DESIGN.md (verdict, contention, dataQuality) plus extra keys (suspects, deadlocks, orphans,
// topThreads, findings, followUps). Called by src/commands/cpu-check.ts ("json") and scenario-export.ts. Addresses: 0x-hex.
import { Addr, jsonAddr } from "../addr";
import { Analysis, EvidenceItem } from "../analysis/types";
import { jsonProcessors, jsonSpin, jsonStackGroups } from "./processors";

export interface ContractJson {
  verdict: {
    kind: "culprit" | "no-culprit" | "not-applicable";
    culprit: null | { module: string; driver: string | null; thirdParty: boolean };
    confidence: "high" | "medium" | "low";
    summary: string;
  };
  contention: {
    resource: string;
    contentionCount: number;
    owners: string[];
    exclusiveWaiters: string[];
    sharedWaiters: string[];
    numberOfExclusiveWaiters: number;
    numberOfSharedWaiters: number;
  }[];
  dataQuality: { notes: string[] };
  [extra: string]: unknown;
}

const j = (a: Addr) => jsonAddr(a);

function itemJson(it: EvidenceItem) {
  return {
    kind: it.kind,
    scope: it.scope,
    weight: it.weight,
    text: it.text,
    refs: it.refs.map(j),
    covered: it.covered,
    of: it.of,
    command: it.command,
    lead: it.lead,
  };
}

export function toContractJson(a: Analysis): ContractJson {
  const v = a.verdict;
  return {
    verdict: {
      kind: v.kind,
      culprit: v.culprit ? { module: v.culprit.module, driver: v.culprit.driver, thirdParty: v.culprit.thirdParty } : null,
      confidence: v.confidence,
      summary: v.summary,
    },
    contention: a.contention.map((c) => ({
      resource: j(c.resource),
      contentionCount: c.contentionCount,
      owners: c.owners.map((o) => j(o.thread)),
      exclusiveWaiters: c.exclusiveWaiters.map(j),
      sharedWaiters: c.sharedWaiters.map(j),
      numberOfExclusiveWaiters: c.numberOfExclusiveWaiters,
      numberOfSharedWaiters: c.numberOfSharedWaiters,
      exclusive: c.exclusive,
      symbol: c.symbol,
      ownerPointers: c.owners.filter((o) => o.ownerPointer).map((o) => j(o.raw)),
      waiterEntriesInOwnerTable: c.waiterEntriesInOwnerTable.map(j),
      notes: c.notes,
    })),
    dataQuality: { notes: a.dataQuality.notes.slice() },
    target: {
      name: a.targetName,
      processes: a.cpu.targets.map((p) => ({ process: j(p.address), pid: p.pid, name: p.name })),
      pointerSize: a.pointerSize,
    },
    blockingComponent: v.blockingComponent
      ? { module: v.blockingComponent.module, driver: v.blockingComponent.driver, thirdParty: false }
      : null,
    leads: v.leads.map((l) => ({ module: l.module, driver: l.driver, thirdParty: l.thirdParty })),
    blockingPoints: a.blockingPoints.map((bp) => ({
      blocker: j(bp.blocker),
      kind: bp.kind,
      modules: bp.modules,
      frame: bp.frame,
      irps: bp.io.filter((g) => g.majority).reduce((l: string[], g) => l.concat(g.irps.map(j)), []),
      text: bp.text,
    })),
    chains: a.chains.map((c) => ({
      steps: c.steps.map((s) => ({ resource: j(s.resource), owner: j(s.owner) })),
      head: c.head ? j(c.head) : null,
      endsInCycle: c.endsInCycle,
    })),
    deadlocks: a.deadlocks.map((c) => ({ threads: c.threads.map(j), resources: c.resources.map(j) })),
    orphans: a.orphans.map((o) => ({ resource: j(o.resource), owner: o.owner ? j(o.owner) : null, reason: o.reason, text: o.text })),
    blockers: a.blockers.map((b) => ({
      thread: j(b.thread),
      role: b.role,
      resources: b.resources.map(j),
      innermostFrame: b.innermostFrame,
      acquiringLock: b.acquiringLock,
    })),
    suspects: a.suspects.map((s) => ({
      module: s.image,
      name: s.module,
      driver: s.driver,
      thirdParty: s.classification === "third-party",
      classificationReason: s.classificationReason,
      score: s.score,
      kinds: s.kinds,
      leadOnly: s.leadOnly,
      aboveThreshold: s.aboveThreshold,
      atBlockingPoint: s.atBlockingPoint,
      structure: s.structure,
      confidence: s.confidence,
      evidence: s.items.map(itemJson),
    })),
    cpu: {
      kernelSeconds: a.cpu.kernelSeconds,
      userSeconds: a.cpu.userSeconds,
      kernelPercent: a.cpu.kernelPercent,
      hotThreads: a.cpu.hotThreads.map(j),
    },
    topThreads: a.cpu.topThreads.map((r) => ({
      thread: j(r.thread),
      pid: r.pid,
      tid: r.tid,
      process: r.processName,
      state: r.state,
      waitReason: r.waitReason,
      kernelSeconds: r.kernelSeconds,
      userSeconds: r.userSeconds,
      hot: r.hot,
      blocker: r.blocker,
      waiter: r.waiter,
    })),
    irpGroups: a.irpGroups.map((g) => ({
      thread: j(g.thread),
      irps: g.irps.map(j),
      example: j(g.example),
      pending: g.path.pending,
      major: g.path.majorName,
      minor: g.path.minorName,
      path: g.path.steps.map((s) => ({ location: s.location, device: j(s.device), driver: s.driverName, module: s.module, position: s.position })),
    })),
    findings: a.findings.map((f) => ({ text: f.text, refs: f.refs.map(j), command: f.command })),
    followUps: a.followUps.map((f) => ({ command: f.command, why: f.why })),
    processors: jsonProcessors(a),
    spinLockStorm: jsonSpin(a),
    stackGroups: jsonStackGroups(a),
  };
}
