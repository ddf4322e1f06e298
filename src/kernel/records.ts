// Plain records the decoders (src/kernel) produce from dump memory and the analysis (src/analysis) consumes.
// No host objects, no Int64: addresses are `Addr` strings, everything else numbers, strings and arrays.
import { Addr } from "../addr";

/** One stack frame of a thread, attributed to a module by the frame's address (or its text when no address). */
export interface FrameRecord {
  /** As the debugger prints it: "module!Function+0x1f", "module+0x1f" without symbols, "0x<address>" outside every module. */
  text: string;
  /** Short module name as `lm` shows it ("afd", "nt", "acmeflt"), null for a frame outside every kernel module. */
  module: string | null;
  address: Addr | null;
}

export interface ProcessRecord {
  /** EPROCESS. */
  address: Addr;
  pid: number;
  /** EPROCESS.ImageFileName (at most 15 characters on 2003). */
  name: string;
  /** Sum over the process's threads (ticks, as KTHREAD keeps them) and the same in seconds. */
  kernelTicks: number;
  userTicks: number;
  threadCount: number;
}

export interface ThreadRecord {
  /** ETHREAD (== KTHREAD). */
  address: Addr;
  /** Cid.UniqueProcess / Cid.UniqueThread. */
  pid: number;
  tid: number;
  processAddress: Addr | null;
  processName: string | null;
  /** KTHREAD.State: numeric and named ("Waiting", "Ready", "Running", "Terminated", … or "State(12)"). */
  stateCode: number;
  state: string;
  /** KTHREAD.WaitReason: numeric and named ("WrResource", "Executive", …). Meaningful only when state is Waiting. */
  waitReasonCode: number;
  waitReason: string;
  waitMode: "KernelMode" | "UserMode";
  /** Objects of the wait block chain (the thread's own timer block skipped). */
  waitObjects: Addr[];
  /** KTHREAD.WaitTime and (tick count now − WaitTime), null when the tick count is unknown. */
  waitTime: number;
  elapsedTicks: number | null;
  kernelTicks: number;
  userTicks: number;
  /** ticks × KeMaximumIncrement / 10^7. */
  kernelSeconds: number;
  userSeconds: number;
  contextSwitches: number;
  priority: number;
  basePriority: number;
  startAddress: Addr | null;
  win32StartAddress: Addr | null;
  teb: Addr | null;
  /** ETHREAD.IrpList in list order (IRP addresses). */
  irps: Addr[];
  /** Kernel stack from the data model; null when not read or not resident. */
  stack: FrameRecord[] | null;
}

/** One OWNER_ENTRY in use (inline entries first, then the OwnerTable). */
export interface OwnerEntryRecord {
  /** The owning thread: OwnerThread with the owner-pointer low bits cleared. */
  thread: Addr;
  /** OwnerThread as stored. */
  raw: Addr;
  count: number;
  /** (OwnerThread & 3) == 3: set by ExSetResourceOwnerPointer, `thread` is the "Actual Thread". */
  ownerPointer: boolean;
  /** The entry's thread is in fact waiting on SharedWaiters (it pre-filled the entry): a waiter, not an owner. */
  isWaiter: boolean;
}

export interface ResourceRecord {
  /** ERESOURCE. */
  address: Addr;
  /** `module!name` when the resource is a global the symbols know, else null. */
  symbol: string | null;
  flag: number;
  /** Flag & ResourceOwnedExclusive (0x80). */
  exclusive: boolean;
  /** ActiveCount (2003) or ActiveEntries (Vista+). */
  activeCount: number;
  /** Entries of the owner table in use; the real owners are those with isWaiter false. */
  ownerEntries: OwnerEntryRecord[];
  exclusiveWaiters: Addr[];
  sharedWaiters: Addr[];
  numberOfExclusiveWaiters: number;
  numberOfSharedWaiters: number;
  contentionCount: number;
  sharedWaitersObject: Addr;
  exclusiveWaitersObject: Addr;
  /** Disagreements and read problems specific to this resource ("5 exclusive waiters counted, 4 found"). */
  notes: string[];
}

export interface IrpLocationRecord {
  /** 1-based, as `!irp` numbers the rows (location 1 is the top row). */
  index: number;
  isCurrent: boolean;
  major: number;
  minor: number;
  /** "IRP_MJ_INTERNAL_DEVICE_CONTROL"; minorName "TDI_RECEIVE" on a TDI transport device, else null. */
  majorName: string;
  minorName: string | null;
  flags: number;
  control: number;
  /** Control bits as `!irp` prints them: "Success Error Cancel pending". */
  controlText: string;
  device: Addr;
  file: Addr;
  completion: Addr;
  context: Addr;
  /** Parameters.Others.Argument1..4. */
  args: Addr[];
  /** The device's driver (DRIVER_OBJECT.DriverName), null when no device or unreadable. */
  driverName: string | null;
  /** Module that contains the device's DriverObject code (by DriverStart) — short name. */
  driverModule: string | null;
  /** Module whose image holds the completion routine (short name) and its symbol when known. */
  completionModule: string | null;
  completionSymbol: string | null;
}

export interface IrpRecord {
  address: Addr;
  /** Tail.Overlay.Thread. */
  thread: Addr;
  type: number;
  size: number;
  flags: number;
  mdl: Addr;
  systemBuffer: Addr;
  stackCount: number;
  currentLocation: number;
  currentStackLocation: Addr;
  pendingReturned: boolean;
  cancel: boolean;
  /** "active" (1 <= CurrentLocation <= StackCount), "complete" or "not dispatched" (CurrentLocation > StackCount). */
  state: "active" | "complete";
  /** Pending in the current location's driver: active and (PendingReturned or current Control has SL_PENDING_RETURNED). */
  pending: boolean;
  locations: IrpLocationRecord[];
}

export interface DeviceRecord {
  address: Addr;
  driverObject: Addr;
  driverName: string | null;
  /** DEVICE_OBJECT.AttachedDevice: the device layered directly over this one (a filter), NULL when none. */
  attachedDevice: Addr;
  deviceType: number;
  stackSize: number;
}

export interface DriverRecord {
  address: Addr;
  name: string;
  driverStart: Addr;
  driverSize: number;
  /** Short module name of the module containing DriverStart, null when none. */
  module: string | null;
}

export type ModuleClass = "microsoft" | "third-party";

export interface ModuleRecord {
  /** Short name as `lm` shows it ("nt", "afd", "acmeflt"). */
  name: string;
  /** Image file name ("ntkrnlpa.exe", "acmeflt.sys"). */
  image: string;
  base: Addr;
  size: number;
  /** From `lmv`: "pdb" | "export" | "none" | "deferred" | "unknown". */
  symbolStatus: string;
  /** Version-resource CompanyName when the debugger shows it, else null. */
  company: string | null;
  classification: ModuleClass;
  /** Why it was classified so ("CompanyName Microsoft Corporation", "inbox Windows module", "not an inbox module; …"). */
  classificationReason: string;
}

/** A KDPC on a processor's DPC queue. */
export interface QueuedDpcRecord {
  dpc: Addr;
  /** KDPC.DeferredRoutine, its symbol ("ndis!ndisInterruptDpc", "nicdrv+0x1234") and module (short name). */
  routine: Addr;
  symbol: string | null;
  module: string | null;
}

/** One processor as its KPRCB shows it (nt!KiProcessorBlock[n]). */
export interface ProcessorRecord {
  number: number;
  prcb: Addr;
  currentThread: Addr;
  nextThread: Addr | null;
  idleThread: Addr;
  /** CurrentThread == IdleThread. */
  idle: boolean;
  /** KPRCB tick counters (idle time counts as kernel time). */
  kernelTicks: number;
  userTicks: number;
  dpcTicks: number;
  interruptTicks: number;
  /** DpcRoutineActive: a DPC runs on this processor now; null when the symbols lack the field. */
  dpcActive: boolean | null;
  /** KPRCB.CurrentDpcRoutine (Windows 10), its symbol and module; null elsewhere. */
  currentDpcRoutine: Addr | null;
  currentDpcSymbol: string | null;
  currentDpcModule: string | null;
  /** Sum of DpcData[k].DpcQueueDepth, and the KDPCs found on the queues. */
  dpcQueueDepth: number;
  queuedDpcs: QueuedDpcRecord[];
  /** The idle thread's frames when a DPC runs on it, else null. */
  idleStack: FrameRecord[] | null;
}

/** A thread of the target with its frames, read for the stack groups only (not evidence by itself). */
export interface StackSample {
  thread: Addr;
  state: string;
  waitReason: string;
  frames: FrameRecord[];
}

/** What could not be read, counted by kind; `notes` are the sentences the report prints. */
export interface DataQuality {
  notes: string[];
  counts: { [kind: string]: number };
}

/** Everything the decoders found, handed to the analysis. */
export interface DumpSnapshot {
  /** Set when the dump cannot be analysed (user-mode dump, nt symbols missing): the reason, one plain sentence. */
  notApplicable: string | null;
  os: { pointerSize: 4 | 8; keMaximumIncrement: number; tickCount: number | null; build: string };
  /** The processes the user asked about (all matches), and the names requested. */
  targetName: string;
  targets: ProcessRecord[];
  /** Processes with the most kernel time system-wide (for "no such process" and context). */
  busiestProcesses: ProcessRecord[];
  /** Every thread that was decoded (target threads and threads involved in contention), keyed by address. */
  threads: ThreadRecord[];
  /** Resources with waiters, plus resources owned by threads that matter. */
  resources: ResourceRecord[];
  resourcesVisited: number;
  irps: IrpRecord[];
  devices: DeviceRecord[];
  drivers: DriverRecord[];
  modules: ModuleRecord[];
  /** nt!KeNumberProcessors (null when unknown) and every KPRCB decoded. */
  processorCount: number | null;
  processors: ProcessorRecord[];
  /** Stacks of the target's threads for the stack groups (bounded). */
  stackSamples: StackSample[];
  dataQuality: DataQuality;
}
