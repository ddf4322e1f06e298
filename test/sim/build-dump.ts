// Turns a normalised Scenario into a SimDump: every object laid into sparse memory with the real layouts of the
// scenario's OS (layouts.ts), lists linked for real, symbols placed, faults applied. Called by tests, the mock host
// (test/sim/host.ts via scripts/simulate.ts) and the bench.
//
// Faults (scenario `faults`, applied after layout; add a kind with a reader in scenario.ts readFault and an applier
// in FAULTS below):
// | kind       | what                                   | effect                                                      |
// |------------|----------------------------------------|-------------------------------------------------------------|
// | unreadable | thread:X resource:X irp:X process:X    | every page the object covers (IRP: with its stack           |
// |            | device:X driver:X (address or name)    | locations) becomes unreadable (neighbours on those pages    |
// |            |                                        | too, as in a real dump)                                     |
// | unreadable | from/to (inclusive range)              | every page touching the range becomes unreadable            |
// | cycle      | resource-list, process-list            | element ~2/3 down the list gets Flink -> element ~1/3 down  |
// | cycle      | thread-list:<EPROCESS>                 | same on the process's ETHREAD and KTHREAD thread lists      |
// | cycle      | irp-list:<ETHREAD>                     | same on the thread's IrpList                                |
// | cycle      | waiters:<ERESOURCE>                    | same on the exclusive (else shared) waiter list: the        |
// |            |                                        | event/semaphore WaitListHead (2003/2008 R2) or the headless |
// |            |                                        | KWAIT_CHAIN_ENTRY ring (win10: never returns to the first)  |
// | unreadable | stack:<ETHREAD>                        | kernel stack not resident: Stack.Frames throws and the      |
// |            |                                        | stack's pages [StackLimit, InitialStack] are unreadable     |
// |            |                                        | (on win10 the wait-chain entries living there go too)       |
// | corrupt    | what:<kind>:X field:<path> and one of  | the field's bytes are rewritten: value (its size, bit       |
// |            | value | xor | bytes (hex) | text       | fields keep their neighbours), xor, raw bytes (at most the  |
// |            |                                        | field's size), text (UNICODE_STRING: new buffer, Length,    |
// |            |                                        | MaximumLength, Buffer; char array: Latin-1 + NUL, truncated)|
// | corrupt    | at:<address> size:1|2|4|8 + one of     | the same at a raw address (bytes: any length)               |
// |            | value | xor | bytes                    |                                                             |
// | wild       | what:<kind>:X field:<pointer path>     | the pointer is rewritten to value (default: an unmapped     |
// |            | value (opt)                            | kernel address, x86 0xdeadbee0, x64 0xffffdeadbeef0000)     |
// A cycle needs at least two elements (ScenarioError otherwise).
// Field paths (corrupt, wild): dotted fields of the object's type as `dt` names them (thread: _ETHREAD, then _KTHREAD;
// process: _EPROCESS, then _KPROCESS; resource _ERESOURCE; irp _IRP; device _DEVICE_OBJECT; driver _DRIVER_OBJECT),
// with array indexes ("WaitBlock[1].Object"); "A->B" follows pointer A as laid out in memory to its pointee type
// ("OwnerTable->[2].OwnerThread", "DriverObject->DriverName.Length", "ExclusiveWaiters->Header.WaitListHead.Flink");
// an IRP's "Location[k]" is IO_STACK_LOCATION k (1-based, as !irp numbers them); "+0x1c" is a raw byte offset into
// the object (size from `size`, default 1). Faults apply in file order, so put unreadable ones last (a corrupt or
// wild fault cannot read through an unreadable page).
//
// Choices where the format/reference is silent (also in the sim-core report):
// - address regions: x86 pool 0x82000000-0xa0000000, stacks 0xa0000000-0xf0000000; 2008 R2 pool fffffa80`00c00000+,
//   stacks fffff880`04000000+; win10 pool ffff9a8c`00000000+, stacks ffffe781`00000000+; scenario objects, modules
//   and KUSER_SHARED_DATA are reserved first, so allocations never overlap them;
// - kernel stacks are address ranges only (0x3000 x86, 0x6000 x64); only what lives on them (win10 wait chain
//   entries) is backed by memory;
// - DISPATCHER_HEADER.Size is sizeof/4 truncated to 8 bits (win10 KTHREAD/KPROCESS overflow it; the real byte there
//   is a flags union anyway);
// - owner tables: TableSize = entries needed + header, rounded up to a multiple of 4 (free slots are zero);
//   2003 ActiveCount = number of owners; Vista+ ActiveCount = owners ? 1 : 0 and ActiveEntries = number of owners;
// - shared waiters pre-fill owner entries on 2003/2008 R2 only (SCENARIO-FORMAT), not on win10;
// - a waiting thread without waitObjects waits on: its resource's event/semaphore (2003/2008 R2) or its chain
//   entry's Event (win10) when a resource lists it; else a per-process KQUEUE (WrQueue) or a per-thread
//   SynchronizationEvent. Wait blocks of Waiting threads are linked on their objects' WaitListHead; the waiter
//   objects of a resource link exactly the resource's listed waiters (WaitBlock[0]), whatever their state;
// - win10: a given sharedWaitersObject/exclusiveWaitersObject becomes the address of the first chain entry (the
//   others stay on their waiters' stacks); given without waiters, a self-linked entry with Thread NULL is laid there;
// - unknown addresses in waitObjects get a KEVENT (KQUEUE for WrQueue) unless they start or overlap another object;
//   IRP file objects get a FILE_OBJECT whose DeviceObject is the device of the lowest location using it;
// - KWAIT_BLOCK.BlockState: 2 (2008 R2) / 4 (win10) for linked waits, 3 / 5 otherwise; WaitType WaitAny.
// - processors (laid last, so no other object moves): nt!KiProcessorBlock has 32 (x86) / 64 (x64) slots; on x86 each
//   KPRCB sits at +0x120 of a page-aligned KPCR-sized block, on x64 on its own pages; each processor has an idle
//   thread (ETHREAD, Cid 0.0, Running when current, else Ready) of an "Idle" EPROCESS (pid 0) that is not on
//   PsActiveProcessHead, as in the real kernel (the format says "System process"; the Idle process is what the
//   debugger shows). Tick counters not given: user 25% (8% when idle) of tickCount, kernel the rest, DPC ~0.4-0.6%,
//   interrupt ~0.2-0.3%. Queued KDPCs go on DpcData[0] (Type DpcObject, Importance Medium). Win10 CurrentDpcRoutine
//   is the function of the frame just inside nt!KiRetireDpcList/KiExecuteAllDpcs on the stack of a processor with
//   dpcActive, 0 otherwise. When an idle processor has `stack`, the data model gains a process pid 0 "Idle" whose
//   threads are keyed by processor number (how the kernel debugger lists idle threads; modelled, not confirmed).
//   Derived processors (no `processors`): dump.processors of them (default max(2, Running threads)), the Running
//   threads in list order first; Running threads beyond the count are current nowhere.
import { backgroundFrames, planBackground } from "./background";
import type { OsName, SimDump, SimFrame, SimModule, SimProcess, SimThread } from "./dump";
import { type Layout, layoutFor } from "./layouts";
import { Region, RegionExhausted, Reservations, SimMemoryImpl } from "./memory";
import {
  type CorruptChange, type FaultObject, type ParsedFrame, type Scenario, ScenarioError, type ScenarioDevice, type ScenarioFault, type ScenarioDriver, type ScenarioIrp,
  type ScenarioModule, type ScenarioProcess, type ScenarioResource, type ScenarioThread, ticksOf,
} from "./scenario";
import { fnv1a, SymbolTable } from "./symbols";

interface OsProfile {
  pool: [bigint, bigint];
  stacks: [bigint, bigint];
  modules: [bigint, bigint];
  nt: { base: bigint; size: number; image: string };
  hal: { base: bigint; size: number; image: string };
  sharedData: bigint;
  stackSize: number;
  objectHeader: number;
  peb: bigint;
  tebTop: bigint;
  tebStep: bigint;
  userStart: bigint;
  win32Base: bigint;
}

const PROFILES: Record<OsName, OsProfile> = {
  "ws2003sp2-x86": {
    pool: [0x82000000n, 0xa0000000n], stacks: [0xa0000000n, 0xf0000000n], modules: [0xf7400000n, 0xf8000000n],
    nt: { base: 0x80800000n, size: 0x1d0000, image: "ntkrnlpa.exe" },
    hal: { base: 0x806d0000n, size: 0x20000, image: "halmacpi.dll" },
    sharedData: 0xffdf0000n, stackSize: 0x3000, objectHeader: 0x20,
    peb: 0x7ffdf000n, tebTop: 0x7ffde000n, tebStep: 0x1000n, userStart: 0x77e617ecn, win32Base: 0x01001000n,
  },
  "ws2008r2sp1-x64": {
    pool: [0xfffffa8000c00000n, 0xfffffa8100000000n], stacks: [0xfffff88004000000n, 0xfffff88200000000n],
    modules: [0xfffff88000c00000n, 0xfffff88004000000n],
    nt: { base: 0xfffff80002a4d000n, size: 0x5e7000, image: "ntoskrnl.exe" },
    hal: { base: 0xfffff80002a04000n, size: 0x49000, image: "hal.dll" },
    sharedData: 0xfffff78000000000n, stackSize: 0x6000, objectHeader: 0x40,
    peb: 0x7fffffdf000n, tebTop: 0x7fffffde000n, tebStep: 0x2000n, userStart: 0x77a6f56dn, win32Base: 0x13f001000n,
  },
  "win10-2004-x64": {
    pool: [0xffff9a8c00000000n, 0xffff9a8d00000000n], stacks: [0xffffe78100000000n, 0xffffe78300000000n],
    modules: [0xfffff80620000000n, 0xfffff80640000000n],
    nt: { base: 0xfffff8061b000000n, size: 0xab6000, image: "ntoskrnl.exe" },
    hal: { base: 0xfffff8061aa00000n, size: 0x6c000, image: "hal.dll" },
    sharedData: 0xfffff78000000000n, stackSize: 0x6000, objectHeader: 0x40,
    peb: 0xe81a2b3000n, tebTop: 0xe81a2b4000n, tebStep: 0x2000n, userStart: 0x7ffcd1f4ce50n, win32Base: 0x7ff65a3c1000n,
  },
};

/** What buildDump returns: the SimDump contract plus build facts for tests (additive; the host ignores them). */
export interface BuiltDump extends SimDump {
  memory: SimMemoryImpl;
  /** Address of every laid-out ERESOURCE in ExpSystemResourcesList order. */
  resourceList: bigint[];
  /** Waiter objects per resource (2003/2008 R2: event/semaphore; win10: first chain entry), 0n when none. */
  waiterObjects: Map<bigint, { shared: bigint; exclusive: bigint }>;
  /** Win10 chain entry of each waiting thread (by ETHREAD). */
  chainEntries: Map<bigint, bigint>;
  /** Kernel stack of each thread (by ETHREAD): InitialStack, StackLimit, KernelStack as laid out. */
  threadStacks: Map<bigint, { initialStack: bigint; stackLimit: bigint; kernelStack: bigint }>;
  /** DRIVER_OBJECT address by lower-case driver name ("\\driver\\tcpip"). */
  drivers: Map<string, bigint>;
  /** Object directories laid out, by name ("\\" for the root, "Driver", "FileSystem", ...). */
  directories: Map<string, bigint>;
  layout: Layout;
  /** Every struct laid out (scenario objects, their parts, background), for tests and the fuzzer to aim faults at. */
  objects: SimObjectInfo[];
  /** Lists as linked (before faults), by the names cycle faults use: process-list, resource-list,
   *  thread-list:<eprocess>, kthread-list:<eprocess>, irp-list:<ethread>, waiters-exclusive:<eresource>,
   *  waiters-shared:<eresource> (hex without 0x); entries are LIST_ENTRY addresses. */
  lists: Map<string, { head: bigint | null; entries: bigint[] }>;
}

/** One laid-out struct. `owner`: the object it belongs to (the resource of an owner table, the IRP of a location). */
export interface SimObjectInfo {
  kind:
    | "process" | "thread" | "wait-block" | "resource" | "owner-table" | "waiter-object" | "wait-object" | "irp"
    | "stack-location" | "device" | "driver" | "string" | "file" | "processor" | "dpc";
  address: bigint;
  size: number;
  /** Type name in the layout ("_IRP", "_OWNER_ENTRY[4]"; "unsigned short[n]" for a string buffer). */
  type: string;
  /** Listed in the scenario (or part of something listed), as opposed to background bulk. */
  scenario: boolean;
  owner?: bigint;
}

class Buf {
  readonly bytes: Uint8Array;
  private readonly dv: DataView;
  constructor(size: number, private readonly ps: 4 | 8) {
    this.bytes = new Uint8Array(size);
    this.dv = new DataView(this.bytes.buffer);
  }
  u8(off: number, v: number): void {
    this.bytes[off] = v & 0xff;
  }
  u16(off: number, v: number): void {
    this.dv.setUint16(off, v & 0xffff, true);
  }
  u32(off: number, v: number): void {
    this.dv.setUint32(off, v >>> 0, true);
  }
  u64(off: number, v: bigint): void {
    this.dv.setBigUint64(off, BigInt.asUintN(64, v), true);
  }
  ptr(off: number, v: bigint): void {
    if (this.ps === 4) this.dv.setUint32(off, Number(v & 0xffffffffn), true);
    else this.dv.setBigUint64(off, v, true);
  }
  /** An empty LIST_ENTRY at `off` of an object at `base`. */
  emptyList(off: number, base: bigint): void {
    const self = base + BigInt(off);
    this.ptr(off, self);
    this.ptr(off + this.ps, self);
  }
}

/** Offsets used by the writer, resolved once per layout set. */
function offsets(L: Layout) {
  const o = (t: string, p: string) => L.offset(t, p);
  const opt = (t: string, p: string) => L.tryField(t, p)?.offset ?? -1;
  return {
    dh: { type: o("_DISPATCHER_HEADER", "Type"), size: o("_DISPATCHER_HEADER", "Size"), signal: o("_DISPATCHER_HEADER", "SignalState"), waitList: o("_DISPATCHER_HEADER", "WaitListHead") },
    sem: { limit: o("_KSEMAPHORE", "Limit") },
    queue: { entryList: o("_KQUEUE", "EntryListHead"), maximum: o("_KQUEUE", "MaximumCount"), threadList: o("_KQUEUE", "ThreadListHead") },
    wb: {
      size: L.sizeOf("_KWAIT_BLOCK"), thread: o("_KWAIT_BLOCK", "Thread"), object: o("_KWAIT_BLOCK", "Object"),
      next: opt("_KWAIT_BLOCK", "NextWaitBlock"), key: o("_KWAIT_BLOCK", "WaitKey"), type: o("_KWAIT_BLOCK", "WaitType"),
      state: opt("_KWAIT_BLOCK", "BlockState"),
    },
    chain: L.type("_KWAIT_CHAIN_ENTRY") ? { thread: o("_KWAIT_CHAIN_ENTRY", "Thread"), event: o("_KWAIT_CHAIN_ENTRY", "Event"), size: L.sizeOf("_KWAIT_CHAIN_ENTRY") } : null,
    kt: {
      initialStack: o("_KTHREAD", "InitialStack"), stackLimit: o("_KTHREAD", "StackLimit"), kernelStack: o("_KTHREAD", "KernelStack"),
      stackBase: opt("_KTHREAD", "StackBase"), apcList0: o("_KTHREAD", "ApcState.ApcListHead"), apcProcess: o("_KTHREAD", "ApcState.Process"),
      contextSwitches: o("_KTHREAD", "ContextSwitches"), state: o("_KTHREAD", "State"), waitMode: o("_KTHREAD", "WaitMode"),
      waitBlockList: o("_KTHREAD", "WaitBlockList"), waitReason: o("_KTHREAD", "WaitReason"), priority: o("_KTHREAD", "Priority"),
      waitTime: o("_KTHREAD", "WaitTime"), teb: o("_KTHREAD", "Teb"), waitBlock: o("_KTHREAD", "WaitBlock"),
      basePriority: o("_KTHREAD", "BasePriority"), waitBlockCount: opt("_KTHREAD", "WaitBlockCount"),
      process: o("_KTHREAD", "Process"), kernelTime: o("_KTHREAD", "KernelTime"), userTime: o("_KTHREAD", "UserTime"),
      threadListEntry: o("_KTHREAD", "ThreadListEntry"), waitListEntry: o("_KTHREAD", "WaitListEntry"),
      alertable: opt("_KTHREAD", "Alertable"),
    },
    et: {
      createTime: o("_ETHREAD", "CreateTime"), startAddress: o("_ETHREAD", "StartAddress"),
      cidProcess: o("_ETHREAD", "Cid.UniqueProcess"), cidThread: o("_ETHREAD", "Cid.UniqueThread"),
      irpList: o("_ETHREAD", "IrpList"), threadsProcess: opt("_ETHREAD", "ThreadsProcess"),
      win32StartAddress: o("_ETHREAD", "Win32StartAddress"), threadListEntry: o("_ETHREAD", "ThreadListEntry"),
      crossThreadFlags: o("_ETHREAD", "CrossThreadFlags"),
    },
    kp: {
      dirBase: o("_KPROCESS", "DirectoryTableBase"), threadListHead: o("_KPROCESS", "ThreadListHead"),
      kernelTime: o("_KPROCESS", "KernelTime"), userTime: o("_KPROCESS", "UserTime"), basePriority: o("_KPROCESS", "BasePriority"),
      processListEntry: o("_KPROCESS", "ProcessListEntry"),
    },
    ep: {
      pid: o("_EPROCESS", "UniqueProcessId"), links: o("_EPROCESS", "ActiveProcessLinks"), inherited: o("_EPROCESS", "InheritedFromUniqueProcessId"),
      peb: o("_EPROCESS", "Peb"), imageFileName: o("_EPROCESS", "ImageFileName"), imageFileNameSize: L.field("_EPROCESS", "ImageFileName").size,
      threadListHead: o("_EPROCESS", "ThreadListHead"), activeThreads: o("_EPROCESS", "ActiveThreads"),
    },
    oe: { size: L.sizeOf("_OWNER_ENTRY"), thread: o("_OWNER_ENTRY", "OwnerThread"), count: o("_OWNER_ENTRY", "OwnerCount"), shift: L.field("_OWNER_ENTRY", "OwnerCount").bitPosition ?? 0 },
    er: {
      ownerTable: o("_ERESOURCE", "OwnerTable"), activeCount: o("_ERESOURCE", "ActiveCount"), flag: o("_ERESOURCE", "Flag"),
      sharedWaiters: o("_ERESOURCE", "SharedWaiters"), exclusiveWaiters: o("_ERESOURCE", "ExclusiveWaiters"),
      ownerThreads: opt("_ERESOURCE", "OwnerThreads"), ownerEntry: opt("_ERESOURCE", "OwnerEntry"), activeEntries: opt("_ERESOURCE", "ActiveEntries"),
      contention: o("_ERESOURCE", "ContentionCount"), nShared: o("_ERESOURCE", "NumberOfSharedWaiters"),
      nExclusive: o("_ERESOURCE", "NumberOfExclusiveWaiters"), counterSize: L.field("_ERESOURCE", "NumberOfSharedWaiters").size,
    },
    irp: {
      size: L.sizeOf("_IRP"), type: o("_IRP", "Type"), sz: o("_IRP", "Size"), mdl: o("_IRP", "MdlAddress"), flags: o("_IRP", "Flags"),
      systemBuffer: o("_IRP", "AssociatedIrp.SystemBuffer"), threadListEntry: o("_IRP", "ThreadListEntry"),
      status: o("_IRP", "IoStatus.Status"), information: o("_IRP", "IoStatus.Information"),
      requestorMode: o("_IRP", "RequestorMode"), pendingReturned: o("_IRP", "PendingReturned"), stackCount: o("_IRP", "StackCount"),
      currentLocation: o("_IRP", "CurrentLocation"), cancel: o("_IRP", "Cancel"), userIosb: o("_IRP", "UserIosb"),
      userEvent: o("_IRP", "UserEvent"), userBuffer: o("_IRP", "UserBuffer"), thread: o("_IRP", "Tail.Overlay.Thread"),
      csl: o("_IRP", "Tail.Overlay.CurrentStackLocation"), ofo: o("_IRP", "Tail.Overlay.OriginalFileObject"),
    },
    iosl: {
      size: L.sizeOf("_IO_STACK_LOCATION"), major: o("_IO_STACK_LOCATION", "MajorFunction"), minor: o("_IO_STACK_LOCATION", "MinorFunction"),
      flags: o("_IO_STACK_LOCATION", "Flags"), control: o("_IO_STACK_LOCATION", "Control"),
      args: [1, 2, 3, 4].map((n) => o("_IO_STACK_LOCATION", `Parameters.Others.Argument${n}`)),
      device: o("_IO_STACK_LOCATION", "DeviceObject"), file: o("_IO_STACK_LOCATION", "FileObject"),
      completion: o("_IO_STACK_LOCATION", "CompletionRoutine"), context: o("_IO_STACK_LOCATION", "Context"),
    },
    dev: {
      size: L.sizeOf("_DEVICE_OBJECT"), type: o("_DEVICE_OBJECT", "Type"), sz: o("_DEVICE_OBJECT", "Size"), refs: o("_DEVICE_OBJECT", "ReferenceCount"),
      driver: o("_DEVICE_OBJECT", "DriverObject"), next: o("_DEVICE_OBJECT", "NextDevice"), attached: o("_DEVICE_OBJECT", "AttachedDevice"),
      flags: o("_DEVICE_OBJECT", "Flags"), deviceType: o("_DEVICE_OBJECT", "DeviceType"), stackSize: o("_DEVICE_OBJECT", "StackSize"),
    },
    drv: {
      size: L.sizeOf("_DRIVER_OBJECT"), type: o("_DRIVER_OBJECT", "Type"), sz: o("_DRIVER_OBJECT", "Size"), device: o("_DRIVER_OBJECT", "DeviceObject"),
      flags: o("_DRIVER_OBJECT", "Flags"), start: o("_DRIVER_OBJECT", "DriverStart"), dsize: o("_DRIVER_OBJECT", "DriverSize"),
      name: o("_DRIVER_OBJECT", "DriverName"), major: o("_DRIVER_OBJECT", "MajorFunction"),
    },
    file: { size: L.sizeOf("_FILE_OBJECT"), type: o("_FILE_OBJECT", "Type"), sz: o("_FILE_OBJECT", "Size"), device: o("_FILE_OBJECT", "DeviceObject") },
    us: { length: o("_UNICODE_STRING", "Length"), max: o("_UNICODE_STRING", "MaximumLength"), buffer: o("_UNICODE_STRING", "Buffer") },
  };
}


/** A thread with everything resolved. */
interface WThread {
  src: ScenarioThread;
  address: bigint;
  process: WProcess;
  initialStack: bigint;
  stackLimit: bigint;
  stackBase: bigint;
  kernelStack: bigint;
  kernelTicks: number;
  userTicks: number;
  /** Wait block addresses (0 when the thread does not wait), and what they point at. */
  blocks: bigint[];
  objects: bigint[];
  /** Whether the thread is listed as a resource waiter (then WaitBlock[0] is on the resource's list). */
  resourceWaiter: boolean;
  irps: bigint[];
}

interface WProcess {
  src: ScenarioProcess;
  address: bigint;
  threads: WThread[];
  queue: bigint;
}

/** A list as laid out, for cycle faults. `head` null: a headless ring (win10 wait chain). */
interface LaidList {
  head: bigint | null;
  /** Address of each element's LIST_ENTRY. */
  entries: bigint[];
}

const hex = (a: bigint) => "0x" + a.toString(16);

interface FaultEnv {
  mem: SimMemoryImpl;
  layout: Layout;
  /** Laid lists by name: process-list, resource-list, thread-list:<eprocess>, kthread-list:<eprocess>,
   *  irp-list:<ethread>, waiters-exclusive:<eresource>, waiters-shared:<eresource> (hex without 0x). */
  lists: Map<string, LaidList>;
  objectSize(kind: string, address: bigint): number;
  /** StackCount of a laid-out IRP (for Location[k]). */
  irpStackCount(address: bigint): number;
  threadStacks: Map<bigint, { initialStack: bigint; stackLimit: bigint; kernelStack: bigint }>;
  /** Threads whose kernel stack a fault made non-resident. */
  stacksGone: Set<bigint>;
  /** Fresh pool bytes (text faults' new string buffers). */
  allocRaw(size: number): bigint;
  /** DRIVER_OBJECT by lower-case name (drivers the scenario names without an object address). */
  driverAddress(name: string): bigint | undefined;
  fail(where: string, what: string): never;
}

/** Where a field path lands: address, size in bytes, type name, bit-field placement. */
interface Place {
  address: bigint;
  size: number;
  type: string;
  bitPosition?: number;
  bitLength?: number;
}

const ROOT_TYPES: Record<FaultObject["kind"], string[]> = {
  thread: ["_ETHREAD", "_KTHREAD"], process: ["_EPROCESS", "_KPROCESS"], resource: ["_ERESOURCE"], irp: ["_IRP"],
  device: ["_DEVICE_OBJECT"], driver: ["_DRIVER_OBJECT"],
};

/** Resolves a fault's field path (header comment: dotted fields, `->`, an IRP's Location[k], "+0x1c"). */
function resolvePlace(env: FaultEnv, where: string, named: FaultObject, path: string, rawSize: number): Place {
  const L = env.layout;
  const obj = named.name !== undefined ? { kind: named.kind, address: env.driverAddress(named.name.toLowerCase())! } : named;
  const raw = /^\+(0x[0-9a-fA-F]+|[0-9]+)$/.exec(path);
  if (raw) {
    const off = Number(raw[1]);
    const size = env.objectSize(obj.kind, obj.address);
    if (off >= size) env.fail(where + ".field", `offset ${path} is past the ${size} bytes of the ${obj.kind}`);
    return { address: obj.address + BigInt(off), size: rawSize || 1, type: "raw" };
  }
  const pieces = path.split("->");
  let cur: Place | null = null;
  for (let i = 0; i < pieces.length; i++) {
    let piece = pieces[i].trim();
    let base: bigint;
    let types: string[];
    if (i === 0) {
      base = obj.address;
      types = ROOT_TYPES[obj.kind];
      const loc = obj.kind === "irp" ? /^Location\[(\d+)\](?:\.(.*))?$/.exec(piece) : null;
      if (loc) {
        const k = Number(loc[1]);
        const n = env.irpStackCount(obj.address);
        if (k < 1 || k > n) env.fail(where + ".field", `Location[${k}]: the IRP has ${n} stack locations (1..${n})`);
        base += BigInt(L.sizeOf("_IRP") + (k - 1) * L.sizeOf("_IO_STACK_LOCATION"));
        types = ["_IO_STACK_LOCATION"];
        piece = loc[2] ?? "";
        if (piece === "") cur = { address: base, size: L.sizeOf("_IO_STACK_LOCATION"), type: "_IO_STACK_LOCATION" };
      }
    } else {
      const prev: Place = cur!;
      if (!prev.type.endsWith("*") || prev.size !== L.pointerSize) env.fail(where + ".field", `${pieces.slice(0, i).join("->")} is not a pointer (${prev.type})`);
      const pointee = prev.type.slice(0, -1).trim();
      const pt = L.type(pointee);
      if (!pt || pt.size === 0) env.fail(where + ".field", `${pieces.slice(0, i).join("->")} points to ${pointee}, which has no layout`);
      if (!env.mem.isReadable(prev.address, L.pointerSize)) env.fail(where + ".field", `cannot follow ${pieces.slice(0, i).join("->")}: unreadable`);
      base = env.mem.readPtr(prev.address);
      types = [pointee];
      const idx = /^\[(\d+)\]\.?(.*)$/.exec(piece);
      if (idx) {
        base += BigInt(Number(idx[1]) * pt.size);
        piece = idx[2];
      }
      if (piece === "") cur = { address: base, size: pt.size, type: pointee };
    }
    if (piece === "") {
      if (cur === null || (i === 0 && types[0] !== "_IO_STACK_LOCATION")) env.fail(where + ".field", `${show(path)} names no field`);
      continue;
    }
    let f = null as ReturnType<Layout["tryField"]>;
    for (const t of types) if ((f = L.tryField(t, piece)) !== null) break;
    if (!f) env.fail(where + ".field", `${types.join("/")} has no field ${piece}`);
    cur = { address: base + BigInt(f.offset), size: f.size, type: f.type, bitPosition: f.bitPosition, bitLength: f.bitLength };
  }
  return cur!;
}

function show(s: string): string {
  return JSON.stringify(s);
}

const le = (v: bigint, size: number): Uint8Array => {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
};

function readLe(env: FaultEnv, where: string, a: bigint, size: number): bigint {
  if (!env.mem.isReadable(a, size)) env.fail(where, `0x${a.toString(16)} is unreadable (put unreadable faults after this one)`);
  const b = env.mem.read(a, size);
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
}

/** Writes a corrupt fault's change at a place. */
function applyChange(env: FaultEnv, where: string, place: Place, change: CorruptChange): void {
  const { address, size } = place;
  switch (change.op) {
    case "value":
    case "xor": {
      if (place.bitLength !== undefined) {
        const mask = ((1n << BigInt(place.bitLength)) - 1n) << BigInt(place.bitPosition ?? 0);
        const old = readLe(env, where, address, size);
        const bits = (change.value << BigInt(place.bitPosition ?? 0)) & mask;
        if (change.op === "value" && change.value >> BigInt(place.bitLength) !== 0n) env.fail(where + ".value", `does not fit the ${place.bitLength}-bit field`);
        env.mem.write(address, le(change.op === "value" ? (old & ~mask) | bits : old ^ bits, size));
        return;
      }
      if (change.value >> BigInt(8 * size) !== 0n) env.fail(where + "." + change.op, `does not fit ${size} bytes`);
      const v = change.op === "value" ? change.value : readLe(env, where, address, size) ^ change.value;
      env.mem.write(address, le(v, size));
      return;
    }
    case "bytes":
      if (place.type !== "raw" && change.bytes.length > size) env.fail(where + ".bytes", `${change.bytes.length} bytes do not fit the ${size}-byte field`);
      env.mem.write(address, change.bytes);
      return;
    case "text": {
      const L = env.layout;
      if (place.type === "_UNICODE_STRING") {
        const text = Buffer.from(change.text, "utf16le");
        const buffer = env.allocRaw(text.length + 2);
        env.mem.write(buffer, new Uint8Array(text.buffer, text.byteOffset, text.length));
        env.mem.writeU16(buffer + BigInt(text.length), 0);
        env.mem.writeU16(address + BigInt(L.offset("_UNICODE_STRING", "Length")), Math.min(text.length, 0xffff));
        env.mem.writeU16(address + BigInt(L.offset("_UNICODE_STRING", "MaximumLength")), Math.min(text.length + 2, 0xffff));
        env.mem.writePtr(address + BigInt(L.offset("_UNICODE_STRING", "Buffer")), buffer);
        return;
      }
      if (/^(unsigned )?char\[\d+\]$/.test(place.type)) {
        const out = new Uint8Array(size);
        out.set(Buffer.from(change.text, "latin1").subarray(0, size - 1));
        env.mem.write(address, out);
        return;
      }
      env.fail(where + ".text", `the field is ${place.type}, not a _UNICODE_STRING or char array`);
    }
  }
}

/** Element ~2/3 down the list gets its Flink pointed back at element ~1/3 down (never the head / first element). */
function makeCycle(env: FaultEnv, where: string, l: LaidList | undefined, what: string): void {
  if (!l || l.entries.length < 2) env.fail(where, `${what} has fewer than two elements: cannot make a cycle`);
  const n = l.entries.length;
  const k = Math.max(1, Math.floor((2 * n) / 3));
  const j = l.head === null ? Math.max(1, Math.floor(k / 2)) : Math.floor(k / 2);
  env.mem.writePtr(l.entries[Math.min(k, n - 1)], l.entries[Math.min(j, k)]);
}

type FaultOf<K extends ScenarioFault["kind"]> = Extract<ScenarioFault, { kind: K }>;

/** One applier per fault kind (the table in the header comment); scenario.ts parses the same kinds. */
const FAULTS: { [K in ScenarioFault["kind"]]: (f: FaultOf<K>, env: FaultEnv) => void } = {
  unreadable(f, env) {
    if (f.stack !== null) {
      const st = env.threadStacks.get(f.stack)!;
      env.stacksGone.add(f.stack);
      env.mem.makeUnreadable(st.stackLimit, st.initialStack - 1n);
    } else if (f.object) env.mem.makeUnreadable(f.object.address, f.object.address + BigInt(env.objectSize(f.object.kind, f.object.address)) - 1n);
    else env.mem.makeUnreadable(f.from, f.to);
  },
  corrupt(f, env) {
    const place: Place = f.object === null
      ? { address: f.at!, size: f.size, type: "raw" }
      : resolvePlace(env, f.where, f.object, f.field!, f.size);
    applyChange(env, f.where, place, f.change);
  },
  wild(f, env) {
    const place = resolvePlace(env, f.where, f.object, f.field, 0);
    const ps = env.layout.pointerSize;
    if (place.size !== ps || place.bitLength !== undefined) env.fail(f.where + ".field", `${show(f.field)} is not pointer-sized (${place.type})`);
    const value = f.value ?? (ps === 4 ? 0xdeadbee0n : 0xffffdeadbeef0000n);
    env.mem.write(place.address, le(value, ps));
  },
  cycle(f, env) {
    if (f.target === null) {
      makeCycle(env, f.where, env.lists.get(f.list), f.list);
      return;
    }
    const k = f.target.toString(16);
    if (f.list === "thread-list") {
      makeCycle(env, f.where, env.lists.get(`thread-list:${k}`), `thread list of ${hex(f.target)}`);
      makeCycle(env, f.where, env.lists.get(`kthread-list:${k}`), `thread list of ${hex(f.target)}`);
    } else if (f.list === "irp-list") {
      makeCycle(env, f.where, env.lists.get(`irp-list:${k}`), `IRP list of ${hex(f.target)}`);
    } else {
      const ex = env.lists.get(`waiters-exclusive:${k}`);
      const pick = ex && ex.entries.length >= 2 ? ex : env.lists.get(`waiters-shared:${k}`) ?? ex;
      makeCycle(env, f.where, pick, `waiter list of ${hex(f.target)}`);
    }
  },
};

export function buildDump(s: Scenario): BuiltDump {
  try {
    return build(s);
  } catch (e) {
    if (e instanceof RegionExhausted) {
      throw new ScenarioError(`${s.file}: ${s.background ? "background" : "processes"}: the objects do not fit the ${e.region} address region of ${s.dump.os}`);
    }
    throw e;
  }
}

function build(s: Scenario): BuiltDump {
  const os = s.dump.os;
  const L = layoutFor(os);
  const O = offsets(L);
  const ps = L.pointerSize;
  const P = PROFILES[os];
  const mem = new SimMemoryImpl(ps);
  const fail: (where: string, what: string) => never = (where, what) => {
    throw new ScenarioError(`${s.file}: ${where}: ${what}`);
  };
  const psB = BigInt(ps);
  // Reused zeroed buffers (one per size and slot): the bulk layout would otherwise allocate hundreds of thousands.
  const scratchBufs = new Map<number, Buf>();
  const scratch = (size: number, slot = 0): Buf => {
    const key = size * 4 + slot;
    let b = scratchBufs.get(key);
    if (!b) scratchBufs.set(key, (b = new Buf(size, ps)));
    else b.bytes.fill(0);
    return b;
  };

  // ---- 1. Reservations: everything the scenario places, so allocations avoid it. -----------------------------
  const reserved = new Reservations();
  /** Objects only (not modules): for allocations inside a module image (nt's data). */
  const objectsReserved = new Reservations();
  interface Hard { start: bigint; end: bigint; where: string }
  const hard: Hard[] = [];
  const addHard = (a: bigint, size: number, where: string) => {
    hard.push({ start: a, end: a + BigInt(size), where });
    reserved.add(a, a + BigInt(size));
    objectsReserved.add(a, a + BigInt(size));
  };
  const threadSize = L.sizeOf("_ETHREAD");
  const processSize = L.sizeOf("_EPROCESS");
  const irpSizeOf = (n: number) => O.irp.size + n * O.iosl.size;
  for (const m of s.modules) reserved.add(m.base, m.base + BigInt(m.size));
  reserved.add(P.sharedData, P.sharedData + 0x1000n);
  for (const p of s.processes) {
    if (p.object !== null) addHard(p.object, processSize, p.where);
    for (const t of p.threads) if (t.object !== null) addHard(t.object, threadSize, t.where);
  }
  for (const r of s.resources) {
    addHard(r.object, L.sizeOf("_ERESOURCE"), r.where);
    if (L.col !== 2) {
      if (r.sharedWaitersObject !== null) addHard(r.sharedWaitersObject, L.sizeOf("_KSEMAPHORE"), r.where + ".sharedWaitersObject");
      if (r.exclusiveWaitersObject !== null) addHard(r.exclusiveWaitersObject, L.sizeOf("_KEVENT"), r.where + ".exclusiveWaitersObject");
    } else {
      if (r.sharedWaitersObject !== null) addHard(r.sharedWaitersObject, O.chain!.size, r.where + ".sharedWaitersObject");
      if (r.exclusiveWaitersObject !== null) addHard(r.exclusiveWaitersObject, O.chain!.size, r.where + ".exclusiveWaitersObject");
    }
  }
  for (const x of s.irps) addHard(x.object, irpSizeOf(x.stackCount), x.where);
  for (const d of s.devices) addHard(d.object, O.dev.size, d.where);
  for (const d of s.drivers) if (d.object !== null) addHard(d.object, O.drv.size, d.where);
  // Overlaps between scenario objects are scenario errors (a waiter object may coincide with nothing else either).
  {
    const sorted = hard.slice().sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i].start < sorted[i - 1].end) {
        const a = sorted[i - 1];
        const b = sorted[i];
        // The same semaphore/event named by two resources is fine; anything else overlapping is not.
        if (!(a.start === b.start && a.where.includes("WaitersObject") && b.where.includes("WaitersObject"))) {
          fail(b.where, `${hex(b.start)} overlaps ${a.where} (${hex(a.start)})`);
        }
      }
    }
    hard.length = 0;
    hard.push(...sorted);
  }
  const hardAt = (a: bigint): Hard | undefined => {
    let lo = 0;
    let hi = hard.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (hard[mid].start <= a) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best >= 0 && a < hard[best].end ? hard[best] : undefined;
  };
  const overlapsHard = (a: bigint, size: number): Hard | undefined => {
    const h = hardAt(a);
    if (h) return h;
    // A hard object starting inside [a, a+size)?
    let lo = 0;
    let hi = hard.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (hard[mid].start < a) lo = mid + 1;
      else hi = mid;
    }
    return lo < hard.length && hard[lo].start < a + BigInt(size) ? hard[lo] : undefined;
  };

  // Soft objects at scenario addresses: files of IRP locations, unknown wait objects. Reserved as well.
  const files = new Map<bigint, bigint>(); // file -> device
  for (const x of s.irps) {
    for (let k = x.locations.length - 1; k >= 0; k--) {
      const l = x.locations[k];
      if (l.file !== 0n && (!files.has(l.file) || l.device !== 0n)) files.set(l.file, l.device);
    }
  }
  const scenarioFiles = new Set(files.keys());
  for (const f of files.keys()) {
    if (overlapsHard(f, O.file.size)) continue;
    reserved.add(f, f + BigInt(O.file.size));
    objectsReserved.add(f, f + BigInt(O.file.size));
  }
  for (const p of s.processes) for (const t of p.threads) for (const w of t.waitObjects ?? []) {
    if (hardAt(w)) continue;
    reserved.add(w, w + BigInt(L.sizeOf("_KQUEUE")));
    objectsReserved.add(w, w + BigInt(L.sizeOf("_KQUEUE")));
  }

  // ---- 2. Regions and modules. --------------------------------------------------------------------------------
  const pool = new Region("pool", P.pool[0], P.pool[1], reserved);
  const stacks = new Region("stacks", P.stacks[0], P.stacks[1], reserved);
  const modRegion = new Region("modules", P.modules[0], P.modules[1], reserved);
  const allocObject = (size: number) => pool.alloc(size + P.objectHeader, 16) + BigInt(P.objectHeader);
  const allocRaw = (size: number) => pool.alloc(size, 16);
  // Named objects (DRIVER_OBJECTs, directories) carry an _OBJECT_HEADER_NAME_INFO right before their _OBJECT_HEADER,
  // the only optional header here (step 11c writes both); the prefix is rounded to the pool's 16-byte granule.
  const nameInfoSize = L.sizeOf("_OBJECT_HEADER_NAME_INFO");
  const bodyOffset = L.offset("_OBJECT_HEADER", "Body");
  const namedPrefix = Math.ceil((nameInfoSize + bodyOffset) / 16) * 16;
  const allocNamed = (size: number) => pool.alloc(size + namedPrefix, 16) + BigInt(namedPrefix);

  const scenarioMods = s.modules.slice();
  const hasMod = (n: string) => scenarioMods.some((m) => m.name.toLowerCase() === n);
  const defaultModule = (name: string, d: { base: bigint; size: number; image: string }) => {
    let base = d.base;
    while (reserved.overlap(base, base + BigInt(d.size)) !== null) base += 0x100000n;
    reserved.add(base, base + BigInt(d.size));
    return { where: `modules.${name}`, name, image: d.image, base, size: d.size, company: "Microsoft Corporation", symbols: "pdb" as const };
  };
  const extraFront: ScenarioModule[] = [];
  if (!hasMod("nt")) extraFront.push(defaultModule("nt", P.nt));
  if (!hasMod("hal")) extraFront.push(defaultModule("hal", P.hal));
  // Modules the scenario names without listing them: loaded somewhere free, symbols as a frame's function name
  // implies, no version information (so the extension has to decide from what the dump shows).
  for (const name of s.impliedModules || []) {
    const size = 0x100000; // room for any "module+0xoff" frame a scenario writes
    const base = modRegion.alloc(size, 0x10000);
    reserved.add(base, base + BigInt(size));
    scenarioMods.push({ where: `modules.${name}`, name, image: name + ".sys", base, size, company: null, symbols: "pdb" });
  }

  // ---- 3. Background plan (allocates its own objects). ----------------------------------------------------------
  // Fail fast when the bulk cannot fit its regions (instead of building most of it first).
  if (s.background) {
    const b = s.background;
    const nThreads = s.processes.reduce((n, p) => n + p.threads.length, 0) + b.processes * b.threadsPerProcess + 4;
    if (BigInt(nThreads) * BigInt(P.stackSize + 0x1000) > P.stacks[1] - P.stacks[0]) throw new RegionExhausted("stacks");
    const bytes = BigInt(b.processes) * BigInt(processSize + P.objectHeader) + BigInt(nThreads) * BigInt(threadSize + P.objectHeader)
      + BigInt(b.resources) * BigInt(L.sizeOf("_ERESOURCE") + 0x20) + BigInt(b.irps) * BigInt(irpSizeOf(1) + O.file.size + 2 * P.objectHeader);
    if (bytes > P.pool[1] - P.pool[0]) throw new RegionExhausted("pool");
  }
  const usedIds = new Set<number>();
  for (const p of s.processes) {
    usedIds.add(p.pid);
    for (const t of p.threads) usedIds.add(t.tid);
  }
  const bgPlan = s.background
    ? planBackground({
      scenario: s, layout: L, allocObject, usedIds,
      allocPage: () => pool.alloc(0x1000, 0x1000),
      allocModule: (size) => {
        const a = modRegion.alloc(size, 0x1000);
        reserved.add(a, a + BigInt(size));
        return a;
      },
    })
    : { modules: [], drivers: [], devices: [], processes: [], resources: [], irps: [] };

  // Module list in load order: nt, hal, the scenario's others, then background ones.
  const allMods: ScenarioModule[] = [...extraFront, ...scenarioMods, ...bgPlan.modules];
  const rank = (m: ScenarioModule) => (m.name.toLowerCase() === "nt" ? 0 : m.name.toLowerCase() === "hal" ? 1 : 2);
  allMods.sort((a, b) => rank(a) - rank(b));
  const modules: SimModule[] = allMods.map((m) => ({
    name: m.name, image: m.image,
    path: rank(m) < 2 ? m.image : `\\SystemRoot\\system32\\drivers\\${m.image}`,
    base: m.base, size: m.size, company: m.company, symbols: m.symbols,
  }));
  const symbols = new SymbolTable(modules, s.dump.ntSymbols);
  const ntMod = symbols.module("nt")!;

  // ---- 4. Symbols: functions named by frames, resource symbols, nt globals. -----------------------------------
  const processes: ScenarioProcess[] = [...s.processes, ...bgPlan.processes];
  const funcs = new Map<string, Map<string, number>>();
  const noteFrame = (f: ParsedFrame) => {
    if (f.kind !== "symbol") return;
    const k = f.module.toLowerCase();
    let m = funcs.get(k);
    if (!m) funcs.set(k, (m = new Map()));
    m.set(f.func, Math.max(m.get(f.func) ?? 0, f.offset));
  };
  backgroundFrames(os).forEach(noteFrame);
  for (const p of s.processes) for (const t of p.threads) if (t.stack !== "unavailable") t.stack.forEach(noteFrame);
  for (const c of s.processors) {
    c.dpcQueue.forEach(noteFrame);
    if (c.stack) c.stack.forEach(noteFrame);
  }
  for (const [k, fm] of Array.from(funcs.entries()).sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    symbols.placeFunctions(symbols.module(k)!.name, fm, s.file);
  }
  for (const r of s.resources) if (r.symbol) symbols.add(symbols.module(r.symbol.module)!.name, r.symbol.name, r.object);
  // nt data lives in the module's upper quarter.
  const ntDataStart = ntMod.base + BigInt(Math.floor((ntMod.size * 0.75) / 0x1000) * 0x1000);
  const ntData = new Region("nt-data", ntDataStart, ntMod.base + BigInt(ntMod.size), objectsReserved);
  const global = (name: string, size: number) => {
    const a = ntData.alloc(size, 8);
    symbols.add("nt", name, a);
    return a;
  };
  const psActiveProcessHead = global("PsActiveProcessHead", 2 * ps);
  const expSystemResourcesList = global("ExpSystemResourcesList", 2 * ps);
  const keMaximumIncrement = global("KeMaximumIncrement", 4);
  const keTimeIncrement = global("KeTimeIncrement", 4);
  const keNumberProcessors = global("KeNumberProcessors", 4);
  const keTickCount = L.col === 0 ? global("KeTickCount", 0xc) : 0n;
  // KiProcessorBlock: MAXIMUM_PROCESSORS pointers (32 on x86, 64 here on x64), the first KeNumberProcessors used.
  const kiProcessorBlockSlots = Math.max(s.processors.length, ps === 4 ? 32 : 64);
  const kiProcessorBlock = global("KiProcessorBlock", kiProcessorBlockSlots * ps);
  const obpRootDirectoryObject = global("ObpRootDirectoryObject", ps);
  // Vista+ find an optional header through InfoMask: ObpInfoMaskToOffset[InfoMask & (bit | (bit - 1))] (256 bytes).
  const obpInfoMaskToOffset = L.tryField("_OBJECT_HEADER", "InfoMask") !== null ? global("ObpInfoMaskToOffset", 0x100) : 0n;
  mem.writeU32(keMaximumIncrement, s.dump.keMaximumIncrement);
  mem.writeU32(keTimeIncrement, s.dump.keMaximumIncrement);
  mem.writeU32(keNumberProcessors, s.dump.processors); // 2003: a CCHAR, the rest of the slot stays zero
  if (keTickCount) mem.writeU32(keTickCount, s.dump.tickCount);
  // KUSER_SHARED_DATA
  {
    const us = P.sharedData;
    mem.commit(us, 0x1000);
    mem.writeU32(us + BigInt(L.offset("_KUSER_SHARED_DATA", L.col === 0 ? "TickCountLow" : "TickCountLowDeprecated")), s.dump.tickCount);
    mem.writeU32(us + BigInt(L.offset("_KUSER_SHARED_DATA", "TickCountMultiplier")),
      Number((BigInt(s.dump.keMaximumIncrement) << 24n) / 10000n) >>> 0);
    mem.writeU32(us + BigInt(L.offset("_KUSER_SHARED_DATA", "TickCount.LowPart")), s.dump.tickCount);
    const sys = 0x01c8a5e9_00000000n + BigInt(s.dump.tickCount) * BigInt(s.dump.keMaximumIncrement);
    const st = us + BigInt(L.offset("_KUSER_SHARED_DATA", "SystemTime"));
    mem.writeU32(st, Number(sys & 0xffffffffn));
    mem.writeU32(st + 4n, Number(sys >> 32n));
    mem.writeU32(st + 8n, Number(sys >> 32n));
  }
  const ntFunc = (name: string) => symbols.rawAddress("nt", name) ?? ntMod.base + 0x1000n;

  // ---- 5. Resolve processes and threads (addresses, stacks, times). -------------------------------------------
  const wprocs: WProcess[] = [];
  const threadByAddr = new Map<bigint, WThread>();
  const jitter = (n: number, mod: number) => ((n * 2654435761) >>> 0) % mod;
  for (const p of processes) {
    const wp: WProcess = { src: p, address: p.object ?? allocObject(processSize), threads: [], queue: 0n };
    wprocs.push(wp);
    p.threads.forEach((t) => {
      const address = t.object ?? allocObject(threadSize);
      const region = stacks.alloc(P.stackSize + 0x1000, 0x1000) + 0x1000n; // a guard page below
      const stackBase = region + BigInt(P.stackSize);
      const initialStack = stackBase - (ps === 4 ? 0x210n : 0x50n);
      const kernelStack = initialStack - BigInt(0x1c0 + jitter(t.tid, 0x20) * 0x10);
      const wt: WThread = {
        src: t, address, process: wp, initialStack, stackLimit: region, stackBase, kernelStack,
        kernelTicks: ticksOf(t.kernelTime, s.dump.keMaximumIncrement), userTicks: ticksOf(t.userTime, s.dump.keMaximumIncrement),
        blocks: [], objects: [], resourceWaiter: false, irps: t.irps,
      };
      wp.threads.push(wt);
      threadByAddr.set(address, wt);
    });
  }

  // ---- 6. Resources: order, waiter objects, wait chains. -------------------------------------------------------
  const allResources: ScenarioResource[] = [];
  {
    const bgr = bgPlan.resources;
    const m = s.resources.length;
    let next = 0;
    for (let i = 0; i < m; i++) {
      const pos = Math.floor(((i + 1) * bgr.length) / (m + 1));
      while (next < pos) allResources.push(bgr[next++]);
      allResources.push(s.resources[i]);
    }
    while (next < bgr.length) allResources.push(bgr[next++]);
  }
  const waiterObjects = new Map<bigint, { shared: bigint; exclusive: bigint }>();
  const chainEntries = new Map<bigint, bigint>();
  const objects: SimObjectInfo[] = [];
  const reg = (kind: SimObjectInfo["kind"], address: bigint, size: number, type: string, scenario: boolean, owner?: bigint) => {
    objects.push(owner === undefined ? { kind, address, size, type, scenario } : { kind, address, size, type, scenario, owner });
  };
  const scenarioProcesses = new Set<ScenarioProcess>(s.processes);
  /** Dispatcher objects we lay out, with the wait blocks on their WaitListHead (in order). */
  const waitLists = new Map<bigint, bigint[]>();
  const lists = new Map<string, LaidList>();
  const waiterOf = new Map<bigint, { resource: ScenarioResource; exclusive: boolean }>();
  for (const r of s.resources) {
    for (const [arr, exclusive, key] of [[r.exclusiveWaiters, true, "exclusiveWaiters"], [r.sharedWaiters, false, "sharedWaiters"]] as const) {
      arr.forEach((w, k) => {
        const prev = waiterOf.get(w);
        if (prev) fail(`${r.where}.${key}[${k}]`, `thread ${hex(w)} already waits for ${prev.resource.where}`);
        waiterOf.set(w, { resource: r, exclusive });
      });
    }
  }
  const eventSize = L.sizeOf("_KEVENT");
  const semSize = L.sizeOf("_KSEMAPHORE");
  const layEvent = (a: bigint, type: number) => {
    const b = scratch(eventSize);
    b.u8(O.dh.type, type);
    b.u8(O.dh.size, eventSize / 4);
    b.emptyList(O.dh.waitList, a);
    mem.write(a, b.bytes);
    if (!waitLists.has(a)) waitLists.set(a, []);
  };
  const laySemaphore = (a: bigint) => {
    const b = scratch(semSize);
    b.u8(O.dh.type, 5);
    b.u8(O.dh.size, semSize / 4);
    b.u32(O.sem.limit, 0x7fffffff);
    b.emptyList(O.dh.waitList, a);
    mem.write(a, b.bytes);
    if (!waitLists.has(a)) waitLists.set(a, []);
  };
  // Wait block 0 of a thread (inside its KTHREAD).
  const block0 = (t: WThread) => t.address + BigInt(O.kt.waitBlock);
  for (const r of s.resources) {
    const objs = { shared: 0n, exclusive: 0n };
    if (L.col !== 2) {
      if (r.sharedWaitersObject !== null || r.sharedWaiters.length > 0 || r.numberOfSharedWaiters > 0) {
        objs.shared = r.sharedWaitersObject ?? allocObject(semSize);
        if (!waitLists.has(objs.shared)) {
          laySemaphore(objs.shared);
          reg("waiter-object", objs.shared, semSize, "_KSEMAPHORE", true, r.object);
        }
      }
      if (r.exclusiveWaitersObject !== null || r.exclusiveWaiters.length > 0 || r.numberOfExclusiveWaiters > 0) {
        objs.exclusive = r.exclusiveWaitersObject ?? allocObject(eventSize);
        if (!waitLists.has(objs.exclusive)) {
          layEvent(objs.exclusive, 1);
          reg("waiter-object", objs.exclusive, eventSize, "_KEVENT", true, r.object);
        }
      }
      for (const [arr, obj, key] of [[r.exclusiveWaiters, objs.exclusive, "exclusive"], [r.sharedWaiters, objs.shared, "shared"]] as const) {
        const wl = waitLists.get(obj);
        for (const w of arr) {
          const t = threadByAddr.get(w)!;
          t.resourceWaiter = true;
          if (t.src.waitObjects === null) t.objects = [obj];
          wl!.push(block0(t));
        }
        if (obj !== 0n) lists.set(`waiters-${key}:${r.object.toString(16)}`, { head: obj + BigInt(O.dh.waitList), entries: wl! });
      }
    } else {
      const C = O.chain!;
      for (const [arr, given, key] of [[r.exclusiveWaiters, r.exclusiveWaitersObject, "exclusive"], [r.sharedWaiters, r.sharedWaitersObject, "shared"]] as const) {
        const entries: bigint[] = [];
        arr.forEach((w, k) => {
          const t = threadByAddr.get(w)!;
          t.resourceWaiter = true;
          const e = k === 0 && given !== null ? given : (t.kernelStack + 0x90n) & ~0xfn;
          entries.push(e);
          chainEntries.set(w, e);
          const b = scratch(C.size);
          b.ptr(C.thread, w);
          b.u8(C.event + O.dh.type, 1);
          b.u8(C.event + O.dh.size, eventSize / 4);
          b.emptyList(C.event + O.dh.waitList, e);
          mem.write(e, b.bytes);
          reg("waiter-object", e, C.size, "_KWAIT_CHAIN_ENTRY", true, r.object);
          waitLists.set(e + BigInt(C.event), [block0(t)]);
          if (t.src.waitObjects === null) t.objects = [e + BigInt(C.event)];
        });
        if (entries.length === 0 && given !== null) {
          const b = scratch(C.size);
          b.emptyList(0, given);
          b.u8(C.event + O.dh.type, 1);
          b.u8(C.event + O.dh.size, eventSize / 4);
          b.emptyList(C.event + O.dh.waitList, given);
          mem.write(given, b.bytes);
          reg("waiter-object", given, C.size, "_KWAIT_CHAIN_ENTRY", true, r.object);
          entries.push(given);
        }
        if (entries.length > 0) {
          // Headless circular list of the entries.
          entries.forEach((e, i) => {
            mem.writePtr(e, entries[(i + 1) % entries.length]);
            mem.writePtr(e + psB, entries[(i - 1 + entries.length) % entries.length]);
          });
          if (arr.length > 0) lists.set(`waiters-${key}:${r.object.toString(16)}`, { head: null, entries });
        }
        if (key === "exclusive") objs.exclusive = entries[0] ?? 0n;
        else objs.shared = entries[0] ?? 0n;
      }
    }
    waiterObjects.set(r.object, objs);
  }

  // ---- 7. Wait objects of the other threads; wait blocks. ------------------------------------------------------
  const queueSize = L.sizeOf("_KQUEUE");
  const layQueue = (a: bigint) => {
    const b = scratch(queueSize);
    b.u8(O.dh.type, 4);
    b.u8(O.dh.size, queueSize / 4);
    b.emptyList(O.dh.waitList, a);
    b.emptyList(O.queue.entryList, a);
    b.emptyList(O.queue.threadList, a);
    b.u32(O.queue.maximum, s.dump.processors);
    mem.write(a, b.bytes);
    waitLists.set(a, []);
  };
  const processAddrs = new Set(wprocs.map((p) => p.address));
  const resourceWaiterObjects = new Set<bigint>(waitLists.keys());
  const dispatcherAt = new Set<bigint>([...threadByAddr.keys(), ...processAddrs, ...waitLists.keys()]);
  const waiting = (t: WThread) => t.src.stateCode === 5;
  for (const wp of wprocs) {
    for (const t of wp.threads) {
      if (t.src.waitObjects !== null) {
        t.objects = t.src.waitObjects.slice();
        for (const w of t.objects) {
          if (waitLists.has(w) || dispatcherAt.has(w)) continue;
          if (overlapsHard(w, eventSize)) continue; // inside another object: pointer only
          if (t.src.waitReason === "WrQueue") layQueue(w);
          else layEvent(w, 1);
          reg("wait-object", w, t.src.waitReason === "WrQueue" ? queueSize : eventSize, t.src.waitReason === "WrQueue" ? "_KQUEUE" : "_KEVENT", scenarioProcesses.has(wp.src), t.address);
        }
      } else if (t.objects.length === 0 && waiting(t)) {
        if (t.src.waitReason === "WrQueue") {
          if (wp.queue === 0n) {
            wp.queue = allocObject(queueSize);
            layQueue(wp.queue);
            reg("wait-object", wp.queue, queueSize, "_KQUEUE", scenarioProcesses.has(wp.src), wp.address);
          }
          t.objects = [wp.queue];
        } else {
          const e = allocObject(eventSize);
          layEvent(e, t.src.waitReason === "DelayExecution" ? 0 : 1);
          reg("wait-object", e, eventSize, "_KEVENT", scenarioProcesses.has(wp.src), t.address);
          t.objects = [e];
        }
      }
      // Blocks: inline WaitBlock[0..2] (WaitBlock[3] is the timer block), else an external array.
      const n = t.objects.length;
      if (n <= 3) {
        for (let i = 0; i < Math.max(1, n); i++) t.blocks.push(t.address + BigInt(O.kt.waitBlock + i * O.wb.size));
      } else {
        const arr = allocRaw(n * O.wb.size);
        for (let i = 0; i < n; i++) t.blocks.push(arr + BigInt(i * O.wb.size));
      }
      // Link on the objects' lists. A resource's waiter objects link exactly its listed waiters (filled above).
      if (waiting(t)) {
        t.objects.forEach((obj, i) => {
          if (i === 0 && t.resourceWaiter) return;
          if (resourceWaiterObjects.has(obj)) return;
          const wl = waitLists.get(obj);
          if (wl) wl.push(t.blocks[i]);
          else if (threadByAddr.has(obj) || processAddrs.has(obj)) waitLists.set(obj, [t.blocks[i]]);
        });
      }
    }
  }

  // ---- 8. Write processes and threads. -------------------------------------------------------------------------
  const kthreadSize = L.sizeOf("_KTHREAD");
  const kprocessSize = L.sizeOf("_KPROCESS");
  const linkedBlocks = new Set<bigint>();
  for (const wl of waitLists.values()) for (const b of wl) linkedBlocks.add(b);
  const threadBuf = new Buf(threadSize, ps);
  let pIndex = 0;
  for (const wp of wprocs) {
    const p = wp.src;
    const isSystem = p.name.toLowerCase() === "system";
    const b = scratch(processSize);
    b.u8(O.dh.type, 3);
    b.u8(O.dh.size, (kprocessSize / 4) & 0xff);
    b.emptyList(O.dh.waitList, wp.address);
    const dtb = 0x00b00000n + BigInt(pIndex++) * 0x20000n + (ps === 4 ? 0x20n : 0n);
    b.ptr(O.kp.dirBase, dtb);
    let kt = 0;
    let ut = 0;
    for (const t of wp.threads) {
      kt += t.kernelTicks;
      ut += t.userTicks;
    }
    b.u32(O.kp.kernelTime, Math.min(kt, 0xffffffff));
    b.u32(O.kp.userTime, Math.min(ut, 0xffffffff));
    b.u8(O.kp.basePriority, 8);
    b.emptyList(O.kp.threadListHead, wp.address);
    b.emptyList(O.kp.processListEntry, wp.address);
    b.ptr(O.ep.pid, BigInt(p.pid));
    b.emptyList(O.ep.links, wp.address);
    b.ptr(O.ep.inherited, isSystem ? 0n : 4n);
    b.ptr(O.ep.peb, isSystem ? 0n : P.peb);
    const nameBytes = Buffer.from(p.name, "latin1").subarray(0, O.ep.imageFileNameSize - 1);
    b.bytes.set(nameBytes, O.ep.imageFileName);
    b.emptyList(O.ep.threadListHead, wp.address);
    b.u32(O.ep.activeThreads, wp.threads.length);
    mem.write(wp.address, b.bytes);
    const inScenario = scenarioProcesses.has(p);
    reg("process", wp.address, processSize, "_EPROCESS", inScenario);

    wp.threads.forEach((t, idx) => {
      const src = t.src;
      const tb = threadBuf;
      tb.bytes.fill(0);
      const a = t.address;
      tb.u8(O.dh.type, 6);
      tb.u8(O.dh.size, (kthreadSize / 4) & 0xff);
      tb.emptyList(O.dh.waitList, a);
      tb.ptr(O.kt.initialStack, t.initialStack);
      tb.ptr(O.kt.stackLimit, t.stackLimit);
      tb.ptr(O.kt.kernelStack, t.kernelStack);
      if (O.kt.stackBase >= 0) tb.ptr(O.kt.stackBase, t.stackBase);
      tb.emptyList(O.kt.apcList0, a);
      tb.emptyList(O.kt.apcList0 + 2 * ps, a);
      tb.ptr(O.kt.apcProcess, wp.address);
      tb.u32(O.kt.contextSwitches, src.contextSwitches);
      tb.u8(O.kt.state, src.stateCode);
      tb.u8(O.kt.waitMode, src.waitMode === "UserMode" ? 1 : 0);
      tb.ptr(O.kt.waitBlockList, t.blocks[0]);
      tb.u8(O.kt.waitReason, src.waitReasonCode);
      tb.u8(O.kt.priority, src.priority);
      tb.u32(O.kt.waitTime, src.waitStartTick);
      const teb = src.teb ?? (isSystem ? 0n : P.tebTop - P.tebStep * BigInt(idx % 200));
      tb.ptr(O.kt.teb, teb);
      tb.u8(O.kt.basePriority, src.basePriority);
      if (O.kt.waitBlockCount >= 0) tb.u8(O.kt.waitBlockCount, t.objects.length);
      tb.ptr(O.kt.process, wp.address);
      tb.u32(O.kt.kernelTime, Math.min(t.kernelTicks, 0xffffffff));
      tb.u32(O.kt.userTime, Math.min(t.userTicks, 0xffffffff));
      tb.emptyList(O.kt.threadListEntry, a);
      // Wait blocks (inline ones in the buffer, an external array written separately).
      const inline = t.blocks.length > 0 && t.blocks[0] === a + BigInt(O.kt.waitBlock);
      const ext = inline ? null : new Buf(t.blocks.length * O.wb.size, ps);
      t.blocks.forEach((blk, i) => {
        const base = inline ? O.kt.waitBlock + i * O.wb.size : i * O.wb.size;
        const w = inline ? tb : ext!;
        w.ptr(base, blk); // WaitListEntry: self until linked
        w.ptr(base + ps, blk);
        w.ptr(base + O.wb.thread, a);
        w.ptr(base + O.wb.object, t.objects[i] ?? 0n);
        if (O.wb.next >= 0) w.ptr(base + O.wb.next, t.blocks[(i + 1) % t.blocks.length]);
        w.u16(base + O.wb.key, i);
        w.u8(base + O.wb.type, 1);
        if (O.wb.state >= 0) {
          const linked = linkedBlocks.has(blk);
          w.u8(base + O.wb.state, L.col === 1 ? (linked ? 2 : 3) : linked ? 4 : 5);
        }
      });
      if (ext) mem.write(t.blocks[0], ext.bytes);
      reg("thread", a, threadSize, "_ETHREAD", inScenario);
      for (const blk of t.blocks) reg("wait-block", blk, O.wb.size, "_KWAIT_BLOCK", inScenario, a);
      // ETHREAD
      tb.u64(O.et.createTime, 0x01c8a5e800000000n + BigInt(src.tid) * 0x2710n);
      const start = src.startAddress ?? (isSystem ? ntFunc("ExpWorkerThread") : P.userStart);
      const w32 = src.win32StartAddress ?? (isSystem ? start : P.win32Base + BigInt(jitter(p.pid, 0x800) * 0x10));
      tb.ptr(O.et.startAddress, start);
      tb.ptr(O.et.win32StartAddress, w32);
      tb.ptr(O.et.cidProcess, BigInt(p.pid));
      tb.ptr(O.et.cidThread, BigInt(src.tid));
      tb.emptyList(O.et.irpList, a);
      if (O.et.threadsProcess >= 0) tb.ptr(O.et.threadsProcess, wp.address);
      tb.emptyList(O.et.threadListEntry, a);
      tb.u32(O.et.crossThreadFlags, (src.stateCode === 4 ? 1 : 0) | (isSystem ? 0x10 : 0));
      mem.write(a, tb.bytes);
    });
  }

  // ---- 9. Resources. -------------------------------------------------------------------------------------------
  const resourceSize = L.sizeOf("_ERESOURCE");
  const resBuf = new Buf(resourceSize, ps);
  const prefill = L.col !== 2;
  const countMax = L.col === 0 ? 0x7fffffff : 0xffffffff >>> O.oe.shift;
  const scenarioResources = new Set(s.resources);
  for (const r of allResources) {
    const b = resBuf;
    b.bytes.fill(0);
    const a = r.object;
    b.emptyList(0, a);
    b.u16(O.er.flag, r.exclusive ? 0x80 : 0);
    const entries: { thread: bigint; count: number }[] = r.owners.map((o) => ({ thread: o.ownerPointer ? o.thread | 3n : o.thread, count: o.count }));
    if (prefill) for (const w of r.sharedWaiters) entries.push({ thread: w, count: 1 });
    const putEntry = (w: Buf, off: number, e: { thread: bigint; count: number }) => {
      w.ptr(off + O.oe.thread, e.thread);
      w.u32(off + O.oe.count, Math.min(e.count, countMax) << O.oe.shift);
    };
    const inlineSlots = L.col === 0 ? 2 : 1;
    const inlineOff = L.col === 0 ? O.er.ownerThreads : O.er.ownerEntry;
    for (let i = 0; i < Math.min(inlineSlots, entries.length); i++) putEntry(b, inlineOff + i * O.oe.size, entries[i]);
    const rest = entries.slice(inlineSlots);
    if (rest.length > 0) {
      const n = Math.ceil((rest.length + 1) / 4) * 4;
      const table = allocRaw(n * O.oe.size);
      const tb = scratch(n * O.oe.size, 1);
      tb.u32(O.oe.count, n); // entry 0: TableSize (shares the dword with OwnerCount)
      rest.forEach((e, i) => putEntry(tb, (i + 1) * O.oe.size, e));
      mem.write(table, tb.bytes);
      b.ptr(O.er.ownerTable, table);
      reg("owner-table", table, n * O.oe.size, `_OWNER_ENTRY[${n}]`, scenarioResources.has(r), a);
    }
    if (L.col === 0) b.u16(O.er.activeCount, r.owners.length);
    else {
      b.u16(O.er.activeCount, r.owners.length > 0 ? 1 : 0);
      b.u32(O.er.activeEntries, r.owners.length);
    }
    b.u32(O.er.contention, r.contentionCount);
    if (O.er.counterSize === 2) {
      b.u16(O.er.nShared, r.numberOfSharedWaiters);
      b.u16(O.er.nExclusive, r.numberOfExclusiveWaiters);
    } else {
      b.u32(O.er.nShared, r.numberOfSharedWaiters);
      b.u32(O.er.nExclusive, r.numberOfExclusiveWaiters);
    }
    const wo = waiterObjects.get(a);
    if (wo) {
      b.ptr(O.er.sharedWaiters, wo.shared);
      b.ptr(O.er.exclusiveWaiters, wo.exclusive);
    }
    mem.write(a, b.bytes);
    reg("resource", a, resourceSize, "_ERESOURCE", scenarioResources.has(r));
  }

  // ---- 10. Devices, drivers, files, IRPs. ----------------------------------------------------------------------
  const allDevices: ScenarioDevice[] = [...s.devices, ...bgPlan.devices];
  const allDrivers: ScenarioDriver[] = [...s.drivers, ...bgPlan.drivers];
  const driverAddr = new Map<string, bigint>();
  for (const d of allDrivers) driverAddr.set(d.name.toLowerCase(), d.object ?? allocNamed(O.drv.size));
  const deviceByAddr = new Map(allDevices.map((d) => [d.object, d]));
  const stackSizeOf = new Map<bigint, number>();
  const stackSize = (d: ScenarioDevice, seen: Set<bigint>): number => {
    const known = stackSizeOf.get(d.object);
    if (known !== undefined) return known;
    if (seen.has(d.object)) fail(d.where + ".attachedTo", "attachment cycle");
    seen.add(d.object);
    const v = d.stackSize ?? (d.attachedTo !== null ? stackSize(deviceByAddr.get(d.attachedTo)!, seen) + 1 : 1);
    stackSizeOf.set(d.object, v);
    return v;
  };
  const attachedOver = new Map<bigint, bigint>();
  for (const d of allDevices) if (d.attachedTo !== null) attachedOver.set(d.attachedTo, d.object);
  const devicesOf = new Map<string, bigint[]>();
  for (const d of allDevices) {
    const k = d.driver.toLowerCase();
    if (!devicesOf.has(k)) devicesOf.set(k, []);
    devicesOf.get(k)!.push(d.object);
  }
  const scenarioDevices = new Set(s.devices);
  const scenarioDrivers = new Set(s.drivers);
  for (const d of allDevices) {
    const b = scratch(O.dev.size);
    b.u16(O.dev.type, 3);
    b.u16(O.dev.sz, O.dev.size);
    b.u32(O.dev.refs, 1);
    b.ptr(O.dev.driver, driverAddr.get(d.driver.toLowerCase())!);
    const sib = devicesOf.get(d.driver.toLowerCase())!;
    const i = sib.indexOf(d.object);
    b.ptr(O.dev.next, i + 1 < sib.length ? sib[i + 1] : 0n);
    b.ptr(O.dev.attached, attachedOver.get(d.object) ?? 0n);
    b.u32(O.dev.flags, d.name ? 0x40 : 0);
    b.u32(O.dev.deviceType, d.deviceType ?? (d.driver.toLowerCase().startsWith("\\filesystem\\") ? 0x8 : 0x22));
    b.u8(O.dev.stackSize, stackSize(d, new Set()));
    mem.write(d.object, b.bytes);
    reg("device", d.object, O.dev.size, "_DEVICE_OBJECT", scenarioDevices.has(d));
  }
  for (const d of allDrivers) {
    const a = driverAddr.get(d.name.toLowerCase())!;
    const m = symbols.module(d.module)!;
    const b = scratch(O.drv.size);
    b.u16(O.drv.type, 4);
    b.u16(O.drv.sz, O.drv.size);
    b.ptr(O.drv.device, devicesOf.get(d.name.toLowerCase())?.[0] ?? 0n);
    b.u32(O.drv.flags, 0x12);
    b.ptr(O.drv.start, m.base);
    b.u32(O.drv.dsize, m.size);
    const text = Buffer.from(d.name, "utf16le");
    const buffer = allocRaw(text.length + 2);
    mem.write(buffer, new Uint8Array(text.buffer, text.byteOffset, text.length));
    mem.writeU16(buffer + BigInt(text.length), 0);
    b.u16(O.drv.name + O.us.length, text.length);
    b.u16(O.drv.name + O.us.max, text.length + 2);
    b.ptr(O.drv.name + O.us.buffer, buffer);
    const dispatch = m.base + 0x1000n + BigInt(fnv1a(m.name) % 0x100) * 0x10n;
    for (let k = 0; k < 28; k++) b.ptr(O.drv.major + k * ps, dispatch);
    mem.write(a, b.bytes);
    reg("driver", a, O.drv.size, "_DRIVER_OBJECT", scenarioDrivers.has(d));
    reg("string", buffer, text.length + 2, `unsigned short[${text.length / 2 + 1}]`, scenarioDrivers.has(d), a);
  }
  const allIrps: ScenarioIrp[] = [...s.irps, ...bgPlan.irps];
  for (const x of bgPlan.irps) for (const l of x.locations) if (l.file !== 0n) files.set(l.file, l.device);
  for (const [f, dev] of files) {
    if (overlapsHard(f, O.file.size)) continue;
    const b = scratch(O.file.size);
    b.u16(O.file.type, 5);
    b.u16(O.file.sz, O.file.size);
    b.ptr(O.file.device, dev);
    mem.write(f, b.bytes);
    reg("file", f, O.file.size, "_FILE_OBJECT", scenarioFiles.has(f));
  }
  // IRP lists: each thread's `irps` order, then IRPs naming the thread that it does not list.
  const irpOwner = new Map<bigint, bigint>();
  for (const t of threadByAddr.values()) for (const i of t.irps) irpOwner.set(i, t.address);
  for (const x of allIrps) {
    if (!irpOwner.has(x.object) && x.thread !== null) {
      const t = threadByAddr.get(x.thread);
      if (t) {
        if (t.irps === t.src.irps) t.irps = t.irps.slice();
        t.irps.push(x.object);
        irpOwner.set(x.object, t.address);
      }
    }
  }
  const scenarioIrps = new Set(s.irps);
  for (const x of allIrps) {
    const size = irpSizeOf(x.stackCount);
    const b = scratch(size);
    const a = x.object;
    b.u16(O.irp.type, 6);
    b.u16(O.irp.sz, size);
    b.ptr(O.irp.mdl, x.mdl);
    b.u32(O.irp.flags, x.flags);
    b.ptr(O.irp.systemBuffer, x.systemBuffer);
    b.emptyList(O.irp.threadListEntry, a);
    b.u32(O.irp.status, x.ioStatus.status);
    b.ptr(O.irp.information, x.ioStatus.information);
    b.u8(O.irp.requestorMode, x.requestorMode);
    b.u8(O.irp.pendingReturned, x.pendingReturned ? 1 : 0);
    b.u8(O.irp.stackCount, x.stackCount);
    b.u8(O.irp.currentLocation, x.currentLocation);
    b.u8(O.irp.cancel, x.cancel ? 1 : 0);
    b.ptr(O.irp.userIosb, x.userIosb);
    b.ptr(O.irp.userEvent, x.userEvent);
    b.ptr(O.irp.userBuffer, x.userBuffer);
    b.ptr(O.irp.thread, x.thread ?? irpOwner.get(a) ?? 0n);
    b.ptr(O.irp.csl, a + BigInt(O.irp.size + (x.currentLocation - 1) * O.iosl.size));
    const top = x.locations[x.stackCount - 1];
    b.ptr(O.irp.ofo, x.originalFileObject ?? (top ? top.file : 0n));
    x.locations.forEach((l, k) => {
      const base = O.irp.size + k * O.iosl.size;
      b.u8(base + O.iosl.major, l.major);
      b.u8(base + O.iosl.minor, l.minor);
      b.u8(base + O.iosl.flags, l.flags);
      b.u8(base + O.iosl.control, l.control);
      l.args.forEach((v, n) => b.ptr(base + O.iosl.args[n], v));
      b.ptr(base + O.iosl.device, l.device);
      b.ptr(base + O.iosl.file, l.file);
      b.ptr(base + O.iosl.completion, l.completion);
      b.ptr(base + O.iosl.context, l.context);
    });
    mem.write(a, b.bytes);
    const inScenario = scenarioIrps.has(x);
    reg("irp", a, size, "_IRP", inScenario);
    for (let k = 0; k < x.stackCount; k++) reg("stack-location", a + BigInt(O.irp.size + k * O.iosl.size), O.iosl.size, "_IO_STACK_LOCATION", inScenario, a);
  }

  // ---- 11. Lists. ----------------------------------------------------------------------------------------------
  const link = (key: string | null, head: bigint, entries: bigint[]) => {
    const n = entries.length;
    mem.writeListEntry(head, n ? entries[0] : head, n ? entries[n - 1] : head);
    for (let i = 0; i < n; i++) mem.writeListEntry(entries[i], i + 1 < n ? entries[i + 1] : head, i > 0 ? entries[i - 1] : head);
    if (key) lists.set(key, { head, entries });
  };
  link("process-list", psActiveProcessHead, wprocs.map((p) => p.address + BigInt(O.ep.links)));
  for (const wp of wprocs) {
    const k = wp.address.toString(16);
    link(`thread-list:${k}`, wp.address + BigInt(O.ep.threadListHead), wp.threads.map((t) => t.address + BigInt(O.et.threadListEntry)));
    link(`kthread-list:${k}`, wp.address + BigInt(O.kp.threadListHead), wp.threads.map((t) => t.address + BigInt(O.kt.threadListEntry)));
  }
  for (const t of threadByAddr.values()) {
    if (t.irps.length > 0) link(`irp-list:${t.address.toString(16)}`, t.address + BigInt(O.et.irpList), t.irps.map((i) => i + BigInt(O.irp.threadListEntry)));
  }
  link("resource-list", expSystemResourcesList, allResources.map((r) => r.object));
  for (const [obj, blocks] of waitLists) link(null, obj + BigInt(O.dh.waitList), blocks);

  // ---- 11b. Processors: KiProcessorBlock -> KPRCBs, idle threads (Idle process, not on PsActiveProcessHead, as in
  // the real kernel), queued KDPCs. Laid last so no other object's address moves. --------------------------------
  const wthreadOf = new Map<ScenarioThread, WThread>();
  for (const t of threadByAddr.values()) wthreadOf.set(t.src, t);
  const prcbSize = L.sizeOf("_KPRCB");
  const kpcrPrcb = ps === 4 ? 0x120 : 0; // x86: the KPRCB is _KPCR.PrcbData (+0x120); x64: allocated on its own page here
  const dpcSize = L.sizeOf("_KDPC");
  const pr = (f: string) => L.offset("_KPRCB", f);
  const dd = (f: string) => L.offset("_KDPC_DATA", f);
  const dpc = (f: string) => L.offset("_KDPC", f);
  const idleProcess = allocObject(processSize);
  const idleThreads: bigint[] = [];
  const prcbs: bigint[] = [];
  s.processors.forEach((c, n) => {
    const prcb = pool.alloc(kpcrPrcb + prcbSize, 0x1000) + BigInt(kpcrPrcb);
    prcbs.push(prcb);
    const idle = allocObject(threadSize);
    idleThreads.push(idle);
    mem.writePtr(kiProcessorBlock + BigInt(n * ps), prcb);
    const b = new Buf(prcbSize, ps);
    const cur = c.current === "idle" ? idle : wthreadOf.get(c.current)!.address;
    b.ptr(pr("CurrentThread"), cur);
    b.ptr(pr("NextThread"), c.next ? wthreadOf.get(c.next)!.address : 0n);
    b.ptr(pr("IdleThread"), idle);
    if (L.field("_KPRCB", "Number").size === 1) b.u8(pr("Number"), n);
    else b.u32(pr("Number"), n);
    // Tick counters: given, else plausible for a server up tickCount ticks (idle time counts as kernel time).
    const total = Math.max(1000, s.dump.tickCount);
    const tick = (d: typeof c.kernelTime, dflt: number) => (d ? ticksOf(d, s.dump.keMaximumIncrement) : Math.round(dflt));
    const user = tick(c.userTime, total * (c.current === "idle" ? 0.08 : 0.25));
    b.u32(pr("UserTime"), Math.min(user, 0xffffffff));
    b.u32(pr("KernelTime"), Math.min(tick(c.kernelTime, total - user), 0xffffffff));
    b.u32(pr("DpcTime"), Math.min(tick(c.dpcTime, total * (0.004 + jitter(n + 1, 20) / 10000)), 0xffffffff));
    b.u32(pr("InterruptTime"), Math.min(tick(c.interruptTime, total * (0.002 + jitter(n + 7, 10) / 10000)), 0xffffffff));
    b.u32(pr("InterruptCount"), Math.min(total * 3 + n, 0xffffffff));
    b.u8(pr("DpcRoutineActive"), c.dpcActive ? 1 : 0);
    // DPC queue of DpcData[0] (the normal DPCs): doubly linked through KDPC.DpcListEntry up to Windows 7, a
    // singly linked KDPC_LIST {ListHead, LastEntry} since Windows 8.1.
    const data = pr("DpcData");
    const dpcs = c.dpcQueue.map(() => allocObject(dpcSize));
    const routine = (f: ParsedFrame): bigint => {
      if (f.kind === "address") return f.address;
      const m = symbols.module(f.module)!;
      return f.kind === "module" ? m.base + BigInt(f.offset) : symbols.rawAddress(m.name, f.func)! + BigInt(f.offset);
    };
    const singly = L.has("_KDPC_DATA", "DpcList");
    const entryOff = dpc("DpcListEntry");
    const headAddr = prcb + BigInt(data + (singly ? dd("DpcList.ListHead") : dd("DpcListHead")));
    dpcs.forEach((d, k) => {
      const kb = new Buf(dpcSize, ps);
      kb.u8(dpc("Type"), 0x13); // DpcObject
      kb.u8(dpc("Importance"), 1); // MediumImportance
      if (L.field("_KDPC", "Number").size === 1) kb.u8(dpc("Number"), 0);
      else kb.u16(dpc("Number"), 0);
      const next = k + 1 < dpcs.length ? dpcs[k + 1] + BigInt(entryOff) : singly ? 0n : headAddr;
      kb.ptr(entryOff, next);
      if (!singly) kb.ptr(entryOff + ps, k > 0 ? dpcs[k - 1] + BigInt(entryOff) : headAddr);
      kb.ptr(dpc("DeferredRoutine"), routine(c.dpcQueue[k]));
      kb.ptr(dpc("DeferredContext"), allocRaw(0x40));
      kb.ptr(dpc("DpcData"), prcb + BigInt(data));
      mem.write(d, kb.bytes);
    });
    const first = dpcs.length ? dpcs[0] + BigInt(entryOff) : singly ? 0n : headAddr;
    const last = dpcs.length ? dpcs[dpcs.length - 1] + BigInt(entryOff) : singly ? 0n : headAddr;
    b.ptr(data + (singly ? dd("DpcList.ListHead") : dd("DpcListHead")) - 0, first);
    b.ptr(data + (singly ? dd("DpcList.LastEntry") : dd("DpcListHead") + ps), last);
    b.u32(data + dd("DpcQueueDepth"), dpcs.length);
    b.u32(data + dd("DpcCount"), Math.min(total * 2 + dpcs.length, 0xffffffff));
    for (const k of [1]) {
      const h = data + k * L.sizeOf("_KDPC_DATA");
      if (singly) b.ptr(h + dd("DpcList.LastEntry"), 0n);
      else b.emptyList(h + dd("DpcListHead"), prcb);
    }
    // Win10 names the routine being run: the function the DPC-retiring frames of the stack called.
    if (L.has("_KPRCB", "CurrentDpcRoutine") && c.dpcActive) {
      const frames = c.stack ?? (c.current !== "idle" && c.current.stack !== "unavailable" ? c.current.stack : []);
      const at = frames.findIndex((f) => f.kind === "symbol" && /^nt$/i.test(f.module) && /^Ki(ExecuteAllDpcs|RetireDpcList|ExecuteDpc)$/.test(f.func));
      const f = at > 0 ? frames[at - 1] : null;
      if (f && f.kind === "symbol") b.ptr(pr("CurrentDpcRoutine"), symbols.rawAddress(symbols.module(f.module)!.name, f.func)!);
      else if (f) b.ptr(pr("CurrentDpcRoutine"), routine(f));
    }
    mem.write(prcb, b.bytes);
    reg("processor", prcb, prcbSize, "_KPRCB", true);
    for (const d of dpcs) reg("dpc", d, dpcSize, "_KDPC", true, prcb);
  });
  // The idle threads and their process.
  {
    const b = scratch(processSize);
    b.u8(O.dh.type, 3);
    b.u8(O.dh.size, (kprocessSize / 4) & 0xff);
    b.emptyList(O.dh.waitList, idleProcess);
    b.emptyList(O.ep.links, idleProcess);
    b.bytes.set(Buffer.from("Idle", "latin1"), O.ep.imageFileName);
    b.u32(O.ep.activeThreads, idleThreads.length);
    mem.write(idleProcess, b.bytes);
    reg("process", idleProcess, processSize, "_EPROCESS", true);
    idleThreads.forEach((a, n) => {
      const c = s.processors[n];
      const tb = new Buf(threadSize, ps);
      const region = stacks.alloc(P.stackSize + 0x1000, 0x1000) + 0x1000n;
      const initialStack = region + BigInt(P.stackSize) - (ps === 4 ? 0x210n : 0x50n);
      tb.u8(O.dh.type, 6);
      tb.u8(O.dh.size, (kthreadSize / 4) & 0xff);
      tb.emptyList(O.dh.waitList, a);
      tb.ptr(O.kt.initialStack, initialStack);
      tb.ptr(O.kt.stackLimit, region);
      tb.ptr(O.kt.kernelStack, initialStack - 0x100n);
      if (O.kt.stackBase >= 0) tb.ptr(O.kt.stackBase, region + BigInt(P.stackSize));
      tb.emptyList(O.kt.apcList0, a);
      tb.emptyList(O.kt.apcList0 + 2 * ps, a);
      tb.ptr(O.kt.apcProcess, idleProcess);
      tb.u8(O.kt.state, c.current === "idle" ? 2 : 1); // Running when current, else Ready
      tb.u8(O.kt.priority, 0);
      tb.ptr(O.kt.process, idleProcess);
      tb.u32(O.kt.kernelTime, Math.min(Math.round(Math.max(1000, s.dump.tickCount) * 0.6), 0xffffffff));
      if (O.et.threadsProcess >= 0) tb.ptr(O.et.threadsProcess, idleProcess);
      tb.emptyList(O.et.irpList, a);
      tb.u32(O.et.crossThreadFlags, 0x10);
      mem.write(a, tb.bytes);
      reg("thread", a, threadSize, "_ETHREAD", true);
    });
    link(null, idleProcess + BigInt(O.ep.threadListHead), idleThreads.map((t) => t + BigInt(O.et.threadListEntry)));
    link(null, idleProcess + BigInt(O.kp.threadListHead), idleThreads.map((t) => t + BigInt(O.kt.threadListEntry)));
  }

  const directories = new Map<string, bigint>();
  // ---- 11c. The object namespace, as `!object \` shows it: nt!ObpRootDirectoryObject -> the root _OBJECT_DIRECTORY
  // holding the directories Driver and FileSystem (and two empty ones, Device and ObjectTypes), which hold every
  // DRIVER_OBJECT by its name's last component. Each entry sits in bucket HashValue % 37 of ObpLookupDirectoryEntry's
  // hash (ReactOS ntoskrnl/ob/obdir.c: h += (h << 1) + (h >> 1), then the upcased character), newest first as
  // ObpInsertEntryDirectory links them. Object headers carry only name info (Type / TypeIndex 0: object types are not
  // modelled); a scenario-placed driver with another object in the way of its header gets none and no entry.
  {
    const hdr = (f: string) => L.offset("_OBJECT_HEADER", f);
    const ni = (f: string) => L.offset("_OBJECT_HEADER_NAME_INFO", f);
    const de = (f: string) => L.offset("_OBJECT_DIRECTORY_ENTRY", f);
    const dirSize = L.sizeOf("_OBJECT_DIRECTORY");
    const entrySize = L.sizeOf("_OBJECT_DIRECTORY_ENTRY");
    const hasHashValue = L.tryField("_OBJECT_DIRECTORY_ENTRY", "HashValue") !== null;
    const nameInfoOffset = L.tryField("_OBJECT_HEADER", "NameInfoOffset");
    const hashOf = (name: string) => {
      let h = 0;
      for (const ch of name) {
        h = (h + ((h << 1) >>> 0) + (h >>> 1)) >>> 0;
        const c = ch.charCodeAt(0);
        h = (h + (c >= 0x61 && c <= 0x7a ? c - 0x20 : c > 0x7a ? ch.toUpperCase().charCodeAt(0) : c)) >>> 0;
      }
      return h;
    };
    const named = (body: bigint, name: string, directory: bigint): boolean => {
      if (overlapsHard(body - BigInt(namedPrefix), namedPrefix)) return false;
      const text = Buffer.from(name, "utf16le");
      const buffer = allocRaw(text.length + 2);
      mem.write(buffer, new Uint8Array(text.buffer, text.byteOffset, text.length));
      mem.writeU16(buffer + BigInt(text.length), 0);
      const b = scratch(namedPrefix);
      const h = namedPrefix - bodyOffset;
      const n = h - nameInfoSize;
      b.ptr(n + ni("Directory"), directory);
      b.u16(n + ni("Name") + O.us.length, text.length);
      b.u16(n + ni("Name") + O.us.max, text.length + 2);
      b.ptr(n + ni("Name") + O.us.buffer, buffer);
      b.u32(h + hdr("PointerCount"), 1);
      if (nameInfoOffset) b.u8(h + nameInfoOffset.offset, nameInfoSize);
      else b.u8(h + hdr("InfoMask"), 0x2);
      b.u8(h + hdr("Flags"), 0x10); // OB_FLAG_PERMANENT_OBJECT
      mem.write(body - BigInt(namedPrefix), b.bytes);
      return true;
    };
    const directory = (name: string, parent: bigint): bigint => {
      const a = allocNamed(dirSize);
      mem.write(a, scratch(dirSize).bytes);
      named(a, name, parent);
      return a;
    };
    const insert = (dir: bigint, name: string, object: bigint) => {
      const hash = hashOf(name);
      const bucket = dir + BigInt((hash % 37) * ps);
      const e = allocRaw(entrySize);
      const b = scratch(entrySize);
      b.ptr(de("ChainLink"), mem.readPtr(bucket));
      b.ptr(de("Object"), object);
      if (hasHashValue) b.u32(de("HashValue"), hash);
      mem.write(e, b.bytes);
      mem.writePtr(bucket, e);
    };
    const root = directory("\\", 0n);
    directories.set("\\", root);
    mem.writePtr(obpRootDirectoryObject, root);
    const dirs = new Map<string, bigint>();
    for (const n of ["ObjectTypes", "Driver", "Device", "FileSystem"]) {
      const d = directory(n, root);
      insert(root, n, d);
      dirs.set(n.toLowerCase(), d);
      directories.set(n, d);
    }
    for (const d of allDrivers) {
      const m = /^\\(Driver|FileSystem)\\([^\\]+)$/i.exec(d.name);
      if (!m) continue;
      const dir = dirs.get(m[1].toLowerCase())!;
      const a = driverAddr.get(d.name.toLowerCase())!;
      if (named(a, m[2], dir)) insert(dir, m[2], a);
    }
    if (obpInfoMaskToOffset !== 0n) {
      // Sizes of the optional headers by InfoMask bit, lowest bit nearest the header: creator, name, handle, quota, process.
      const sizes = [L.sizeOf("_OBJECT_HEADER_CREATOR_INFO"), nameInfoSize, 0x10, 0x20, 0x10];
      const table = new Uint8Array(0x100);
      for (let i = 0; i < 0x100; i++) {
        let sum = 0;
        for (let bit = 0; bit < sizes.length; bit++) if (i & (1 << bit)) sum += sizes[bit];
        table[i] = sum;
      }
      mem.write(obpInfoMaskToOffset, table);
    }
  }

  // ---- 12. Faults. ---------------------------------------------------------------------------------------------
  const objectSize = (kind: string, a: bigint): number => {
    switch (kind) {
      case "thread": return threadSize;
      case "process": return processSize;
      case "resource": return resourceSize;
      case "irp": return irpSizeOf(allIrps.find((x) => x.object === a)!.stackCount);
      case "device": return O.dev.size;
      default: return O.drv.size;
    }
  };
  const threadStacks = new Map<bigint, { initialStack: bigint; stackLimit: bigint; kernelStack: bigint }>();
  for (const t of threadByAddr.values()) threadStacks.set(t.address, { initialStack: t.initialStack, stackLimit: t.stackLimit, kernelStack: t.kernelStack });
  // Snapshot of the lists as linked, for BuiltDump.lists (cycle faults rewrite memory, not these arrays).
  const laidLists = new Map<string, { head: bigint | null; entries: bigint[] }>();
  for (const [k, l] of lists) laidLists.set(k, { head: l.head, entries: l.entries.slice() });
  const irpStackCount = new Map(allIrps.map((x) => [x.object, x.stackCount]));
  const stacksGone = new Set<bigint>();
  const faultEnv: FaultEnv = {
    mem, layout: L, lists, objectSize, fail, threadStacks, stacksGone,
    irpStackCount: (a) => irpStackCount.get(a) ?? 0,
    allocRaw,
    driverAddress: (name) => driverAddr.get(name),
  };
  for (const f of s.faults) FAULTS[f.kind](f as never, faultEnv);

  // ---- 13. The SimDump. ----------------------------------------------------------------------------------------
  const frameCache = new Map<ParsedFrame[], SimFrame[]>();
  const framesOf = (stack: ParsedFrame[]): SimFrame[] => {
    let out = frameCache.get(stack);
    if (out) return out;
    out = stack.map((f) => {
      if (f.kind === "address") return { text: f.text, instructionOffset: f.address };
      const m = symbols.module(f.module)!;
      if (f.kind === "module") return { text: f.text, instructionOffset: m.base + BigInt(f.offset) };
      const ip = symbols.rawAddress(m.name, f.func)! + BigInt(f.offset);
      // Without symbols for the module (symbols "none", or nt with ntSymbols false) the debugger can only show
      // "module+0xoff": the scenario's function name must not reach the extension.
      const text = symbols.symbolAddress(m.name, f.func) === undefined ? symbols.symbolize(ip)! : f.text;
      return { text, instructionOffset: ip };
    });
    frameCache.set(stack, out);
    return out;
  };
  const simProcesses: SimProcess[] = wprocs.map((wp) => ({
    address: wp.address, pid: wp.src.pid, name: wp.src.name,
    threads: wp.threads.map((t): SimThread => ({
      address: t.address, tid: t.src.tid,
      stack: t.src.stack === "unavailable" || stacksGone.has(t.address) ? "unavailable" : framesOf(t.src.stack),
    })),
  }));
  // An idle processor's frames (given in the scenario) are served as the data model's Idle process (pid 0), whose
  // threads are keyed by processor number, as the kernel debugger lists them (modelled, not confirmed).
  if (s.processors.some((c) => c.stack !== null)) {
    simProcesses.unshift({
      address: idleProcess, pid: 0, name: "Idle",
      threads: idleThreads.map((a, n): SimThread => ({ address: a, tid: n, stack: framesOf(s.processors[n].stack ?? []) })),
    });
  }
  const ntSymbols = s.dump.ntSymbols;
  return {
    os, pointerSize: ps, kind: s.dump.kind, ntSymbols, memory: mem,
    type(module: string, name: string) {
      if (module.toLowerCase() !== "nt" || !ntSymbols) return undefined;
      return L.type(name);
    },
    symbolAddress: (module: string, name: string) => symbols.symbolAddress(module, name),
    symbolize: (addr: bigint) => symbols.symbolize(addr),
    modules, processes: simProcesses,
    stats: {
      processes: wprocs.length, threads: threadByAddr.size, resources: allResources.length, irps: allIrps.length,
      devices: allDevices.length,
    },
    resourceList: allResources.map((r) => r.object), waiterObjects, chainEntries, threadStacks, drivers: driverAddr, directories, layout: L,
    objects, lists: laidLists,
  };
}
