// Entry of the analysis: DumpSnapshot (from src/kernel) → Analysis (verdict, evidence, findings) for src/report.
// Called by src/commands (cpu-check, scenario-export) after collectSnapshot; pure, never throws (an internal error becomes a data-quality note).
import { Addr } from "../addr";
import { DumpSnapshot } from "../kernel/records";
import { RunningCodeSource, findBlockingPoints, runningSourcesWith } from "./blocking";
import { buildChains, findBlockers, findContention, findDeadlocks, findOrphans } from "./chains";
import { cpuPicture } from "./cpu";
import { makeDescriber } from "./describe";
import { buildFindings, chainLossNotes } from "./findings";
import { buildEvidenceGraph, makeGraph } from "./graph";
import { groupIrps, irpPath } from "./irps";
import { indexSnapshot } from "./model";
import { dpcRunningCode, processorFollowUps, processorPicture } from "./processors";
import { collectSuspects } from "./suspects";
import { Analysis, AnalyzeOptions, IrpGroup, IrpPath } from "./types";
import { decideVerdict, notApplicableVerdict } from "./verdict";

/** What the analysis says about the scope of its evidence, once per run. */
export const SCOPE_NOTE = "only ERESOURCE locks are analysed; pushlocks, fast mutexes and spinlocks need other evidence";

function emptyAnalysis(snapshot: DumpSnapshot, notes: string[], summary: string, notApplicable: boolean): Analysis {
  return {
    snapshot,
    pointerSize: snapshot.os && snapshot.os.pointerSize === 8 ? 8 : 4,
    targetName: snapshot.targetName,
    verdict: notApplicable
      ? notApplicableVerdict(summary)
      : { kind: "no-culprit", culprit: null, blockingComponent: null, confidence: "low", summary, leads: [] },
    contention: [],
    chains: [],
    deadlocks: [],
    orphans: [],
    blockers: [],
    cpu: { targets: snapshot.targets || [], kernelSeconds: 0, userSeconds: 0, kernelPercent: null, topThreads: [], hotThreads: [], threadCount: 0 },
    irpPaths: [],
    irpGroups: [],
    blockingPoints: [],
    suspects: [],
    findings: [],
    followUps: [],
    processors: { count: null, rows: [], busy: 0, spin: null, stackGroups: [], evidence: [], verdictNote: null, groupModules: [] },
    dataQuality: { notes, chainEvidenceLost: !notApplicable },
    graph: makeGraph([]),
  };
}

export function analyze(snapshot: DumpSnapshot, options: AnalyzeOptions): Analysis {
  const baseNotes = snapshot.dataQuality && snapshot.dataQuality.notes ? snapshot.dataQuality.notes.slice() : [];
  if (snapshot.notApplicable) return emptyAnalysis(snapshot, baseNotes, snapshot.notApplicable, true);
  try {
    return analyzeSnapshot(snapshot, options, baseNotes);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return emptyAnalysis(snapshot, baseNotes.concat(["analysis error: " + msg]), "no culprit identified: the analysis failed (" + msg + ")", false);
  }
}

function analyzeSnapshot(snapshot: DumpSnapshot, options: AnalyzeOptions, baseNotes: string[]): Analysis {
  const idx = indexSnapshot(snapshot);
  const d = makeDescriber(idx);
  const contention = findContention(idx);
  const chains = buildChains(contention);
  const deadlocks = findDeadlocks(contention);
  const orphans = findOrphans(idx, contention, d.fmt);
  const blockers = findBlockers(idx, contention, chains, deadlocks, orphans);

  const paths: { [irp: string]: IrpPath } = {};
  const irpPaths: IrpPath[] = [];
  for (const irp of snapshot.irps) {
    if (paths[irp.address]) continue;
    const p = irpPath(idx, irp);
    paths[irp.address] = p;
    irpPaths.push(p);
  }
  const blockerSet: { [t: string]: boolean } = {};
  for (const b of blockers) blockerSet[b.thread] = true;
  const waiterSet: { [t: string]: boolean } = {};
  for (const c of contention) for (const w of c.exclusiveWaiters.concat(c.sharedWaiters)) waiterSet[w] = true;

  const cpu = cpuPicture(idx, options.topThreads, blockerSet, waiterSet);
  const irpGroups: IrpGroup[] = [];
  const groupedThreads: Addr[] = blockers.map((b) => b.thread);
  for (const h of cpu.hotThreads) if (groupedThreads.indexOf(h) < 0) groupedThreads.push(h);
  for (const t of groupedThreads) {
    const rec = idx.thread(t);
    if (!rec) continue;
    const ps: IrpPath[] = [];
    for (const i of rec.irps) if (paths[i]) ps.push(paths[i]);
    const gs = groupIrps(t, ps);
    for (const g of gs) irpGroups.push(g);
  }

  const lossNotes = chainLossNotes(idx, d, blockers);
  const chainEvidenceLost = lossNotes.length > 0;
  const graph = buildEvidenceGraph(idx, contention, irpPaths);
  const inEvidence: { [t: string]: boolean } = {};
  for (const t in blockerSet) inEvidence[t] = true;
  for (const t in waiterSet) inEvidence[t] = true;
  for (const t of cpu.hotThreads) inEvidence[t] = true;
  const processors = processorPicture(idx, d, inEvidence);
  // Evidence of running code beyond the stacks joins here, in front of the stack: one entry point for "a running head
  // runs in code X", for chain heads and hot threads alike (a processor running a DPC on a thread runs the DPC's code).
  const extraRunning: RunningCodeSource[] = [dpcRunningCode(processors)];
  const bps = findBlockingPoints({ idx, contention, blockers, deadlocks, paths, fmt: d.fmt, runningSources: extraRunning });
  const blockingPoints = blockers.map((b) => bps[b.thread]);
  const suspects = collectSuspects({
    idx, d, contention, blockers, blockingPoints: bps, cpu, paths, chainEvidenceLost, runningSources: runningSourcesWith(extraRunning),
    extra: processors.evidence,
  });
  const verdict = decideVerdict({ idx, d, suspects, contention, deadlocks, orphans, blockers, blockingPoints: bps, cpu, chainEvidenceLost });
  if (verdict.kind === "no-culprit" && processors.verdictNote) verdict.summary += "; " + processors.verdictNote;
  const { findings, followUps } = buildFindings({ idx, d, contention, deadlocks, orphans, blockers, irpGroups, cpu, suspects, verdict });
  for (const f of processorFollowUps(processors)) if (!followUps.some((x) => x.command === f.command)) followUps.push(f);

  const notes = baseNotes.slice();
  for (const n of lossNotes) if (notes.indexOf(n) < 0) notes.push(n);
  // The decoders already reported the resource's own notes; add only what the analysis noticed on top.
  for (const c of contention) {
    const rec = idx.resource(c.resource);
    for (const n of c.notes) if (!rec || rec.notes.indexOf(n) < 0) notes.push("ERESOURCE " + d.fmt(c.resource) + ": " + n);
  }
  if (deadlocks.length >= 100) notes.push("the wait-for graph is dense: only the first " + deadlocks.length + " deadlock cycles are reported");
  if (snapshot.targets.length === 0)
    notes.push("no process named " + JSON.stringify(snapshot.targetName) + " was found; the CPU picture is empty");
  notes.push(SCOPE_NOTE);

  return {
    snapshot,
    pointerSize: snapshot.os.pointerSize,
    targetName: snapshot.targetName,
    verdict,
    contention,
    chains,
    deadlocks,
    orphans,
    blockers,
    cpu,
    irpPaths,
    irpGroups,
    blockingPoints,
    suspects,
    findings,
    followUps,
    processors,
    dataQuality: { notes, chainEvidenceLost },
    graph,
  };
}
