// Resolves, once per run, every structure offset the decoders use from the dump's own type info (Target.getType),
// and reports missing types and fields. Called by collect.ts; the result is passed to every decoder.
import { FieldInfo, Target, TypeLayout } from "../host/target";

const NO_FIELD: FieldInfo = { offset: 0, size: 0, typeName: "", bitPosition: 0, bitLength: 0 };

/** `f` moved `base` bytes further in: a field of a struct embedded at `base` (KPROCESS in EPROCESS, an OWNER_ENTRY in a table). */
export function fieldAt(f: FieldInfo, base: number): FieldInfo {
  return { offset: base + f.offset, size: f.size, typeName: f.typeName, bitPosition: f.bitPosition, bitLength: f.bitLength };
}

/** Collects a type's fields; `ok` turns false when a required one is missing. `span` = bytes to read to cover them. */
class TypeReader {
  ok: boolean;
  span = 0;
  readonly size: number;
  constructor(private readonly t: TypeLayout | null, readonly name: string, private readonly missing: string[], private readonly base = 0) {
    this.ok = t !== null;
    this.size = t !== null ? t.size : 0;
    if (t === null) missing.push(name);
  }
  req(path: string): FieldInfo {
    const f = this.opt(path);
    if (f === null) {
      if (this.t !== null) this.missing.push(this.name + "." + path);
      this.ok = false;
      return NO_FIELD;
    }
    return f;
  }
  opt(path: string): FieldInfo | null {
    if (this.t === null) return null;
    const f = this.t.field(path);
    if (f === null) return null;
    const g = this.base === 0 ? f : fieldAt(f, this.base);
    this.span = Math.max(this.span, g.offset + Math.max(g.size, 1));
    return g;
  }
  /** First of several alternative paths that exists. */
  optAny(paths: string[]): FieldInfo | null {
    for (let i = 0; i < paths.length; i++) {
      const f = this.opt(paths[i]);
      if (f !== null) return f;
    }
    return null;
  }
}

export interface ListEntryLayout {
  size: number;
  flink: number;
  blink: number;
}

export interface ProcessLayout {
  span: number;
  activeProcessLinks: FieldInfo;
  uniqueProcessId: FieldInfo;
  imageFileName: FieldInfo;
  threadListHead: FieldInfo;
  kernelTime: FieldInfo | null;
  userTime: FieldInfo | null;
  activeThreads: FieldInfo | null;
  /** Thread list entry inside ETHREAD (or KTHREAD) matching threadListHead. */
  threadListEntry: FieldInfo;
}

export interface ThreadLayout {
  span: number;
  size: number;
  type: FieldInfo;
  state: FieldInfo;
  waitReason: FieldInfo;
  waitMode: FieldInfo | null;
  waitBlockList: FieldInfo | null;
  waitBlockCount: FieldInfo | null;
  waitTime: FieldInfo | null;
  contextSwitches: FieldInfo | null;
  priority: FieldInfo | null;
  basePriority: FieldInfo | null;
  teb: FieldInfo | null;
  kernelTime: FieldInfo;
  userTime: FieldInfo;
  process: FieldInfo | null;
  apcStateProcess: FieldInfo | null;
  timer: FieldInfo | null;
  startAddress: FieldInfo | null;
  win32StartAddress: FieldInfo | null;
  cidProcess: FieldInfo;
  cidThread: FieldInfo;
  irpList: FieldInfo | null;
}

export interface WaitBlockLayout {
  size: number;
  span: number;
  waitListEntry: FieldInfo;
  thread: FieldInfo;
  object: FieldInfo;
  /** 2003 / 2008 R2 only: circular chain. Absent from Windows 8 on (KTHREAD.WaitBlockCount instead). */
  nextWaitBlock: FieldInfo | null;
}

export interface ResourceLayout {
  size: number;
  span: number;
  systemResourcesList: FieldInfo;
  ownerTable: FieldInfo;
  activeCount: FieldInfo | null;
  activeEntries: FieldInfo | null;
  flag: FieldInfo;
  sharedWaiters: FieldInfo;
  exclusiveWaiters: FieldInfo;
  /** 2003: OwnerThreads[2]; Vista+: OwnerEntry. */
  inlineOwners: FieldInfo;
  inlineOwnerCount: number;
  contentionCount: FieldInfo;
  numberOfSharedWaiters: FieldInfo;
  numberOfExclusiveWaiters: FieldInfo;
}

export interface OwnerEntryLayout {
  size: number;
  ownerThread: FieldInfo;
  ownerCount: FieldInfo;
  tableSize: FieldInfo;
}

export interface WaitChainEntryLayout {
  size: number;
  span: number;
  listEntry: FieldInfo;
  thread: FieldInfo | null;
  event: FieldInfo;
}

export interface IrpLayout {
  size: number;
  type: FieldInfo;
  irpSize: FieldInfo;
  mdl: FieldInfo;
  flags: FieldInfo;
  systemBuffer: FieldInfo | null;
  threadListEntry: FieldInfo;
  pendingReturned: FieldInfo;
  stackCount: FieldInfo;
  currentLocation: FieldInfo;
  cancel: FieldInfo;
  thread: FieldInfo;
  currentStackLocation: FieldInfo | null;
}

export interface StackLocationLayout {
  size: number;
  major: FieldInfo;
  minor: FieldInfo;
  flags: FieldInfo;
  control: FieldInfo;
  args: FieldInfo[];
  device: FieldInfo;
  file: FieldInfo;
  completion: FieldInfo;
  context: FieldInfo;
}

export interface DeviceLayout {
  span: number;
  type: FieldInfo;
  driverObject: FieldInfo;
  attachedDevice: FieldInfo;
  deviceType: FieldInfo | null;
  stackSize: FieldInfo | null;
}

export interface DriverLayout {
  span: number;
  type: FieldInfo;
  driverStart: FieldInfo;
  driverSize: FieldInfo;
  nameLength: FieldInfo;
  nameBuffer: FieldInfo;
  /** DRIVER_OBJECT.Size (what the I/O manager stores: the type's size), null when the symbols lack it. */
  size: FieldInfo | null;
  /** sizeof(_DRIVER_OBJECT) from the type info. */
  objectSize: number;
}

export interface Layout {
  pointerSize: 4 | 8;
  listEntry: ListEntryLayout;
  process: ProcessLayout | null;
  thread: ThreadLayout | null;
  waitBlock: WaitBlockLayout | null;
  /** DISPATCHER_HEADER.WaitListHead offset inside a KEVENT / KSEMAPHORE (Header at offset 0 of both). */
  dispatcherWaitListHead: number | null;
  resource: ResourceLayout | null;
  ownerEntry: OwnerEntryLayout | null;
  waitChainEntry: WaitChainEntryLayout | null;
  irp: IrpLayout | null;
  stackLocation: StackLocationLayout | null;
  device: DeviceLayout | null;
  driver: DriverLayout | null;
  /** KUSER_SHARED_DATA.TickCount offset when the type is known. */
  userSharedTickCount: number | null;
  /** "_TYPE" or "_TYPE.Field" the symbols lacked. */
  missing: string[];
}

function listEntry(target: Target, missing: string[]): ListEntryLayout {
  const t = target.getType("_LIST_ENTRY");
  const flink = t !== null ? t.field("Flink") : null;
  const blink = t !== null ? t.field("Blink") : null;
  if (t === null || flink === null || blink === null) missing.push("_LIST_ENTRY");
  // LIST_ENTRY is {Flink, Blink} on every Windows; the fallback only matters when the symbols are broken.
  return {
    size: t !== null ? t.size : target.pointerSize * 2,
    flink: flink !== null ? flink.offset : 0,
    blink: blink !== null ? blink.offset : target.pointerSize,
  };
}

function processLayout(target: Target, missing: string[]): ProcessLayout | null {
  const e = new TypeReader(target.getType("_EPROCESS"), "_EPROCESS", missing);
  const pcb = e.opt("Pcb");
  const k = new TypeReader(target.getType("_KPROCESS"), "_KPROCESS", missing, pcb !== null ? pcb.offset : 0);
  const activeProcessLinks = e.req("ActiveProcessLinks");
  const uniqueProcessId = e.req("UniqueProcessId");
  const imageFileName = e.req("ImageFileName");
  let threadListHead = e.opt("ThreadListHead");
  let threadListEntry: FieldInfo | null = null;
  if (threadListHead !== null) {
    const et = target.getType("_ETHREAD");
    threadListEntry = et !== null ? et.field("ThreadListEntry") : null;
  }
  if (threadListHead === null || threadListEntry === null) {
    threadListHead = k.opt("ThreadListHead");
    const kt = target.getType("_KTHREAD");
    threadListEntry = kt !== null ? kt.field("ThreadListEntry") : null;
  }
  if (threadListHead === null || threadListEntry === null) {
    missing.push("_EPROCESS.ThreadListHead");
    return null;
  }
  const kernelTime = k.opt("KernelTime");
  const userTime = k.opt("UserTime");
  const activeThreads = e.opt("ActiveThreads");
  if (!e.ok) return null;
  return {
    span: Math.max(e.span, k.span),
    activeProcessLinks: activeProcessLinks,
    uniqueProcessId: uniqueProcessId,
    imageFileName: imageFileName,
    threadListHead: threadListHead,
    kernelTime: kernelTime,
    userTime: userTime,
    activeThreads: activeThreads,
    threadListEntry: threadListEntry,
  };
}

function threadLayout(target: Target, missing: string[]): ThreadLayout | null {
  const e = new TypeReader(target.getType("_ETHREAD"), "_ETHREAD", missing);
  const tcb = e.opt("Tcb");
  const k = new TypeReader(target.getType("_KTHREAD"), "_KTHREAD", missing, tcb !== null ? tcb.offset : 0);
  let type = k.opt("Header.Type");
  if (type === null) {
    const dh = target.getType("_DISPATCHER_HEADER");
    const header = k.opt("Header");
    const t = dh !== null ? dh.field("Type") : null;
    if (header !== null && t !== null) type = { offset: header.offset + t.offset, size: 1, typeName: t.typeName, bitPosition: 0, bitLength: 0 };
  }
  if (type === null) missing.push("_KTHREAD.Header.Type");
  const layout: ThreadLayout = {
    span: 0,
    size: e.size,
    type: type !== null ? type : NO_FIELD,
    state: k.req("State"),
    waitReason: k.req("WaitReason"),
    waitMode: k.opt("WaitMode"),
    waitBlockList: k.opt("WaitBlockList"),
    waitBlockCount: k.opt("WaitBlockCount"),
    waitTime: k.opt("WaitTime"),
    contextSwitches: k.opt("ContextSwitches"),
    priority: k.opt("Priority"),
    basePriority: k.opt("BasePriority"),
    teb: k.opt("Teb"),
    kernelTime: k.req("KernelTime"),
    userTime: k.req("UserTime"),
    process: k.opt("Process"),
    apcStateProcess: k.opt("ApcState.Process"),
    timer: k.opt("Timer"),
    startAddress: e.opt("StartAddress"),
    win32StartAddress: e.opt("Win32StartAddress"),
    cidProcess: e.req("Cid.UniqueProcess"),
    cidThread: e.req("Cid.UniqueThread"),
    irpList: e.opt("IrpList"),
  };
  if (!e.ok || !k.ok || type === null) return null;
  layout.span = Math.max(e.span, k.span);
  return layout;
}

function waitBlockLayout(target: Target, missing: string[]): WaitBlockLayout | null {
  const w = new TypeReader(target.getType("_KWAIT_BLOCK"), "_KWAIT_BLOCK", missing);
  const l: WaitBlockLayout = {
    size: w.size,
    span: 0,
    waitListEntry: w.req("WaitListEntry"),
    thread: w.req("Thread"),
    object: w.req("Object"),
    nextWaitBlock: w.opt("NextWaitBlock"),
  };
  l.span = w.span;
  return w.ok ? l : null;
}

function dispatcherWaitListHead(target: Target, missing: string[]): number | null {
  const dh = target.getType("_DISPATCHER_HEADER");
  const f = dh !== null ? dh.field("WaitListHead") : null;
  if (f === null) {
    missing.push("_DISPATCHER_HEADER.WaitListHead");
    return null;
  }
  const ev = target.getType("_KEVENT");
  const header = ev !== null ? ev.field("Header") : null;
  return f.offset + (header !== null ? header.offset : 0);
}

function resourceLayout(target: Target, missing: string[]): ResourceLayout | null {
  const r = new TypeReader(target.getType("_ERESOURCE"), "_ERESOURCE", missing);
  const oe = target.getType("_OWNER_ENTRY");
  let inlineOwners = r.opt("OwnerEntry");
  let inlineOwnerCount = 1;
  if (inlineOwners === null) {
    inlineOwners = r.opt("OwnerThreads");
    // OwnerThreads is OWNER_ENTRY[2] on 2003: the count comes from the array's size.
    inlineOwnerCount = inlineOwners !== null && oe !== null && oe.size > 0 ? Math.max(1, Math.floor(inlineOwners.size / oe.size)) : 2;
  }
  if (inlineOwners === null) {
    missing.push("_ERESOURCE.OwnerEntry");
    r.ok = false;
  }
  const l: ResourceLayout = {
    size: r.size,
    span: 0,
    systemResourcesList: r.req("SystemResourcesList"),
    ownerTable: r.req("OwnerTable"),
    activeCount: r.opt("ActiveCount"),
    activeEntries: r.opt("ActiveEntries"),
    flag: r.req("Flag"),
    sharedWaiters: r.req("SharedWaiters"),
    exclusiveWaiters: r.req("ExclusiveWaiters"),
    inlineOwners: inlineOwners !== null ? inlineOwners : NO_FIELD,
    inlineOwnerCount: inlineOwnerCount,
    contentionCount: r.req("ContentionCount"),
    numberOfSharedWaiters: r.req("NumberOfSharedWaiters"),
    numberOfExclusiveWaiters: r.req("NumberOfExclusiveWaiters"),
  };
  l.span = Math.max(r.span, r.size);
  return r.ok ? l : null;
}

function ownerEntryLayout(target: Target, missing: string[]): OwnerEntryLayout | null {
  const o = new TypeReader(target.getType("_OWNER_ENTRY"), "_OWNER_ENTRY", missing);
  const l: OwnerEntryLayout = {
    size: o.size,
    ownerThread: o.req("OwnerThread"),
    ownerCount: o.req("OwnerCount"),
    tableSize: o.req("TableSize"),
  };
  return o.ok && o.size > 0 ? l : null;
}

function waitChainEntryLayout(target: Target): WaitChainEntryLayout | null {
  // Only Windows 8+ has it; absence is normal on older builds, so it is not reported missing.
  const t = target.getType("_KWAIT_CHAIN_ENTRY");
  if (t === null) return null;
  const dummy: string[] = [];
  const c = new TypeReader(t, "_KWAIT_CHAIN_ENTRY", dummy);
  const l: WaitChainEntryLayout = {
    size: c.size,
    span: 0,
    listEntry: c.req("ListEntry"),
    thread: c.opt("Thread"),
    event: c.req("Event"),
  };
  l.span = Math.max(c.span, c.size);
  return c.ok ? l : null;
}

function irpLayout(target: Target, missing: string[]): IrpLayout | null {
  const i = new TypeReader(target.getType("_IRP"), "_IRP", missing);
  const l: IrpLayout = {
    size: i.size,
    type: i.req("Type"),
    irpSize: i.req("Size"),
    mdl: i.req("MdlAddress"),
    flags: i.req("Flags"),
    systemBuffer: i.opt("AssociatedIrp.SystemBuffer"),
    threadListEntry: i.req("ThreadListEntry"),
    pendingReturned: i.req("PendingReturned"),
    stackCount: i.req("StackCount"),
    currentLocation: i.req("CurrentLocation"),
    cancel: i.req("Cancel"),
    thread: i.req("Tail.Overlay.Thread"),
    currentStackLocation: i.opt("Tail.Overlay.CurrentStackLocation"),
  };
  return i.ok && i.size > 0 ? l : null;
}

function stackLocationLayout(target: Target, missing: string[]): StackLocationLayout | null {
  const s = new TypeReader(target.getType("_IO_STACK_LOCATION"), "_IO_STACK_LOCATION", missing);
  const l: StackLocationLayout = {
    size: s.size,
    major: s.req("MajorFunction"),
    minor: s.req("MinorFunction"),
    flags: s.req("Flags"),
    control: s.req("Control"),
    args: [
      s.req("Parameters.Others.Argument1"),
      s.req("Parameters.Others.Argument2"),
      s.req("Parameters.Others.Argument3"),
      s.req("Parameters.Others.Argument4"),
    ],
    device: s.req("DeviceObject"),
    file: s.req("FileObject"),
    completion: s.req("CompletionRoutine"),
    context: s.req("Context"),
  };
  return s.ok && s.size > 0 ? l : null;
}

function deviceLayout(target: Target, missing: string[]): DeviceLayout | null {
  const d = new TypeReader(target.getType("_DEVICE_OBJECT"), "_DEVICE_OBJECT", missing);
  const l: DeviceLayout = {
    span: 0,
    type: d.req("Type"),
    driverObject: d.req("DriverObject"),
    attachedDevice: d.req("AttachedDevice"),
    deviceType: d.opt("DeviceType"),
    stackSize: d.opt("StackSize"),
  };
  l.span = d.span;
  return d.ok ? l : null;
}

function driverLayout(target: Target, missing: string[]): DriverLayout | null {
  const d = new TypeReader(target.getType("_DRIVER_OBJECT"), "_DRIVER_OBJECT", missing);
  const l: DriverLayout = {
    span: 0,
    type: d.req("Type"),
    driverStart: d.req("DriverStart"),
    driverSize: d.req("DriverSize"),
    nameLength: d.req("DriverName.Length"),
    nameBuffer: d.req("DriverName.Buffer"),
    size: d.opt("Size"),
    objectSize: d.size,
  };
  l.span = d.span;
  return d.ok ? l : null;
}

/** Every layout the decoders need, from the dump's type info (each type read once: Target.getType caches). */
export function resolveLayout(target: Target): Layout {
  const missing: string[] = [];
  const us = target.getType("_KUSER_SHARED_DATA");
  const tick = us !== null ? us.field("TickCount") : null;
  return {
    pointerSize: target.pointerSize,
    listEntry: listEntry(target, missing),
    process: processLayout(target, missing),
    thread: threadLayout(target, missing),
    waitBlock: waitBlockLayout(target, missing),
    dispatcherWaitListHead: dispatcherWaitListHead(target, missing),
    resource: resourceLayout(target, missing),
    ownerEntry: ownerEntryLayout(target, missing),
    waitChainEntry: waitChainEntryLayout(target),
    irp: irpLayout(target, missing),
    stackLocation: stackLocationLayout(target, missing),
    device: deviceLayout(target, missing),
    driver: driverLayout(target, missing),
    userSharedTickCount: tick !== null ? tick.offset : null,
    missing: missing,
  };
}
