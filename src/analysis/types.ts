// Result types of the analysis (records → evidence → verdict). Produced by analyze() in src/analysis/analyze.ts,
// consumed by the renderers in src/report. Strings that come from the dump are kept raw here; renderers escape them.
import type { ProcessorPicture } from "./processors";
import { Addr } from "../addr";
import { DumpSnapshot, ModuleClass, ProcessRecord } from "../kernel/records";

/** A node of the evidence graph: "thread:81234560", "resource:81200000", "irp:…", "device:…", "driver:<name>", "module:<short name>". */
export type NodeRef = string;

export type EdgeKind =
  | "owns"
  | "waits-on"
  | "holds-irp"
  | "irp-passes-driver"
  | "completion-hooked-by"
  | "frame-in-module"
  | "attached-over"
  | "started-in-module"
  | "waits-on-object-in-module";

/** One fact linking two objects, with the structure field it was read from. */
export interface Edge {
  kind: EdgeKind;
  from: NodeRef;
  to: NodeRef;
  /** Where the fact comes from, in the debugger's words: "ERESOURCE.OwnerTable[1].OwnerThread". */
  field: string;
  /** IRP stack location (1-based) for IRP edges. */
  location?: number;
  /** For irp-passes-driver: "current" (where it is pending), "passed" (a driver it went through), "first" (StackCount). */
  position?: "current" | "passed" | "first";
}

export interface EvidenceGraph {
  edges: Edge[];
  from(node: NodeRef, kind?: EdgeKind): Edge[];
  to(node: NodeRef, kind?: EdgeKind): Edge[];
}

/** An owner-table entry as the analysis reads it. */
export interface OwnerInfo {
  thread: Addr;
  count: number;
  ownerPointer: boolean;
  /** Raw OwnerThread value when it was an owner pointer (low bits 3). */
  raw: Addr;
}

/** A resource with waiters (counted or found): the contract's `contention` list. */
export interface ContentionInfo {
  resource: Addr;
  symbol: string | null;
  exclusive: boolean;
  contentionCount: number;
  /** Real owners: owner-table entries that are not pre-filled shared waiters. */
  owners: OwnerInfo[];
  exclusiveWaiters: Addr[];
  /** SharedWaiters found, plus owner-table entries that are in fact shared waiters. */
  sharedWaiters: Addr[];
  /** Owner-table entries recognised as shared waiters (isWaiter, or waiting on this resource's SharedWaiters). */
  waiterEntriesInOwnerTable: Addr[];
  numberOfExclusiveWaiters: number;
  numberOfSharedWaiters: number;
  notes: string[];
}

/** From one contended resource through owners that wait in turn, to the chain head (or into a cycle). */
export interface WaitChain {
  /** Alternating steps: resource, then the owner followed from it. */
  steps: { resource: Addr; owner: Addr }[];
  /** The owner that waits on no resource (the blocker), or null when the chain runs into a cycle or has no owner. */
  head: Addr | null;
  endsInCycle: boolean;
}

export interface DeadlockCycle {
  /** Threads in cycle order: threads[i] waits on resources[i], which threads[i+1] (mod n) owns. */
  threads: Addr[];
  resources: Addr[];
}

export interface OrphanInfo {
  resource: Addr;
  /** The owner-table value (or the resource itself when no owner entry exists). */
  owner: Addr | null;
  reason: "terminated" | "unreadable" | "no-owner";
  text: string;
}

/** A thread that blocks others: a chain head, a deadlock member, or an orphaned owner. */
export interface BlockerInfo {
  thread: Addr;
  /** Resources (with waiters) this thread owns. */
  resources: Addr[];
  role: "chain-head" | "deadlock" | "orphan-owner";
  /** The innermost frame outside nt/hal, or null. */
  innermostFrame: string | null;
  innermostModule: string | null;
  /** The innermost non-core frame is only the caller of an ERESOURCE acquisition (the thread is itself acquiring a lock). */
  acquiringLock: boolean;
}

export interface ThreadRow {
  thread: Addr;
  pid: number;
  tid: number;
  processName: string | null;
  state: string;
  waitReason: string;
  kernelSeconds: number;
  userSeconds: number;
  kernelTicks: number;
  userTicks: number;
  hot: boolean;
  blocker: boolean;
  waiter: boolean;
}

export interface CpuPicture {
  targets: ProcessRecord[];
  kernelSeconds: number;
  userSeconds: number;
  /** % of the target processes' time spent in kernel mode, null when they have no time at all. */
  kernelPercent: number | null;
  topThreads: ThreadRow[];
  /** Running/Ready/Standby/DeferredReady threads among the top threads with kernel time. */
  hotThreads: Addr[];
  threadCount: number;
}

/** A group of a waiting head's own pending IRPs, by the driver holding them (see blocking.ts ownIoWait). */
export interface IoHold {
  /** Short module name of the driver holding them. */
  module: string;
  driver: string;
  driverName: string | null;
  irps: Addr[];
  /** "write" when all share one major function, else null. */
  major: string | null;
  /** Holds at least half of the IRPs that passed the module the head waits in. */
  majority: boolean;
}

/**
 * Where a blocking chain is stuck (principle (a), src/analysis/blocking.ts): the code a running head runs in, what a
 * waiting head waits for (its own pending I/O followed to the driver holding it), the module whose locks or nested
 * request form a closed cycle, the module whose abandoned lock it is; "unknown" when the dump does not say.
 */
export interface BlockingPoint {
  blocker: Addr;
  kind: "runs-in" | "waits-in" | "io-pending-in" | "cycle" | "reentry" | "abandoned-lock" | "target-code" | "unknown";
  /** Short names of the modules it is stuck in (empty when unknown). */
  modules: string[];
  /** The frame that shows it, when one does. */
  frame: string | null;
  /** For io-pending-in: the module the head waits inside. */
  via: string | null;
  io: IoHold[];
  ioOf: number;
  ioThrough: number;
  /** Plain sentence (dump strings raw). */
  text: string;
}

/** One path an IRP took, by stack location: index 1 (top) … StackCount (first driver called). */
export interface IrpPathStep {
  location: number;
  device: Addr;
  driverName: string | null;
  module: string | null;
  position: "current" | "passed" | "first";
}

export interface IrpPath {
  irp: Addr;
  thread: Addr;
  pending: boolean;
  state: "active" | "complete";
  /** Current location's [major, minor] and names (null when complete). */
  major: number | null;
  minor: number | null;
  majorName: string | null;
  minorName: string | null;
  /** From the current location down to location StackCount. */
  steps: IrpPathStep[];
  /** Completion routines: location k's routine, set by the driver of location k+1. */
  completions: { location: number; routine: Addr; module: string | null; symbol: string | null; setBy: string | null }[];
}

/** A set of a thread's IRPs that took the same path. */
export interface IrpGroup {
  thread: Addr;
  key: string;
  irps: Addr[];
  example: Addr;
  path: IrpPath;
}

export type EvidenceKind =
  | "blocker-stack"
  | "waits-for-irp-in"
  | "wait-object-in-module"
  | "orphan-acquirers"
  | "irp-pending-in"
  | "irp-passes"
  | "completion-hook"
  | "attached-over"
  | "lock-in-module"
  | "waiter-stack"
  | "hot-thread-stack"
  | "thread-start"
  | "thread-stack"
  | "on-cpu"
  | "spin-lock-storm"
  | "dpc-share"
  | "stack-group";

/** Where evidence was found: on a blocking chain, on a hot thread of the target, or elsewhere (a lead only). */
export type EvidenceScope = "chain" | "hot" | "outside";

export interface EvidenceItem {
  kind: EvidenceKind;
  scope: EvidenceScope;
  weight: number;
  /** Plain sentence (dump strings raw). */
  text: string;
  /** A short clause for the verdict summary ("its filter device over \Driver\X sits in 3 of 4 IRPs of …"). */
  clause: string;
  refs: Addr[];
  /** IRPs (or threads) this item covers, out of how many. */
  covered: number | null;
  of: number | null;
  command: string | null;
  /** From a chain that involves a thread of the target process (or a hot thread of it); always true when no target
   *  process was found (then every chain is the system-wide picture). */
  relevant: boolean;
  /** The blocker (chain head, deadlock thread or vanished owner) whose chain this item comes from; null otherwise. */
  blocker: Addr | null;
  /** Presence on a chain whose blocking point is known and lies in another module: listed, never scored (principle b). */
  lead: boolean;
  /** Counts only beside in-scope evidence of another kind for the same module (it corroborates, never leads). */
  corroborates?: boolean;
}

export interface Suspect {
  /** Short module name ("afd"). */
  module: string;
  /** Image name ("afd.sys"). */
  image: string;
  classification: ModuleClass;
  classificationReason: string;
  driver: string | null;
  score: number;
  /** Distinct kinds with weight >= 1 among in-scope items: what "agree" counts. */
  kinds: EvidenceKind[];
  items: EvidenceItem[];
  /** True when every item lies outside any blocking chain or hot thread. */
  leadOnly: boolean;
  /** Some in-scope item comes from a chain or hot thread that involves a thread of the target. */
  relevant: boolean;
  /** Blockers whose chains the in-scope items come from. */
  blockers: Addr[];
  aboveThreshold: boolean;
  confidence: Confidence;
  /** The module is at the blocking point of some chain (its code, its driver holding the I/O, its locks' cycle). */
  atBlockingPoint: boolean;
  /** The structural facts its confidence rests on besides agreeing kinds ("closed cycle", "chain head stuck in it"). */
  structure: string[];
  /** Some of its chain evidence is presence on a chain stuck elsewhere (items with lead = true). */
  hasLeads: boolean;
}

export type Confidence = "high" | "medium" | "low";
export type VerdictKind = "culprit" | "no-culprit" | "not-applicable";

export interface ComponentRef {
  /** Short module name and image name. */
  name: string;
  module: string;
  driver: string | null;
  thirdParty: boolean;
  reason: string;
}

export interface Verdict {
  kind: VerdictKind;
  culprit: ComponentRef | null;
  /** For no-culprit: the strongest Microsoft component on the chain (e.g. a redirector waiting for the network). */
  blockingComponent: ComponentRef | null;
  confidence: Confidence;
  summary: string;
  /** Third-party modules present on a blocking chain that is stuck elsewhere: to rule out, not to blame. */
  leads: ComponentRef[];
}

export interface Finding {
  text: string;
  refs: Addr[];
  command: string | null;
}

export interface FollowUp {
  command: string;
  why: string;
}

export interface Analysis {
  snapshot: DumpSnapshot;
  pointerSize: 4 | 8;
  targetName: string;
  verdict: Verdict;
  contention: ContentionInfo[];
  chains: WaitChain[];
  deadlocks: DeadlockCycle[];
  orphans: OrphanInfo[];
  blockers: BlockerInfo[];
  cpu: CpuPicture;
  irpPaths: IrpPath[];
  irpGroups: IrpGroup[];
  /** Each blocker's blocking point, in blocker order. */
  blockingPoints: BlockingPoint[];
  suspects: Suspect[];
  findings: Finding[];
  followUps: FollowUp[];
  /** What each processor runs, spin-lock storms, DPC/interrupt shares and the target's stack groups. */
  processors: ProcessorPicture;
  /** The snapshot's notes plus what the analysis noticed (evidence lost on a chain). */
  dataQuality: { notes: string[]; chainEvidenceLost: boolean };
  graph: EvidenceGraph;
}

export interface AnalyzeOptions {
  topThreads: number;
}
