// Names the debugger prints for kernel enumerations and bit masks (KTHREAD State, KWAIT_REASON, IRP_MJ, TDI minors,
// IO_STACK_LOCATION Control). Used by threads.ts and irps.ts; sources in reference/kernel-structures.md §3–§4.

/** KTHREAD_STATE. 8 is GateWait on 2003–7 (GateWaitObsolete later); 9 appears on newer builds. */
const THREAD_STATES = [
  "Initialized",
  "Ready",
  "Running",
  "Standby",
  "Terminated",
  "Waiting",
  "Transition",
  "DeferredReady",
  "GateWait",
  "WaitingForProcessInSwap",
];

export const THREAD_STATE_WAITING = 5;

export function threadStateName(code: number): string {
  return code >= 0 && code < THREAD_STATES.length ? THREAD_STATES[code] : "State(" + code + ")";
}

const WAIT_REASONS_COMMON = [
  "Executive",
  "FreePage",
  "PageIn",
  "PoolAllocation",
  "DelayExecution",
  "Suspended",
  "UserRequest",
  "WrExecutive",
  "WrFreePage",
  "WrPageIn",
  "WrPoolAllocation",
  "WrDelayExecution",
  "WrSuspended",
  "WrUserRequest",
  "WrEventPair",
  "WrQueue",
  "WrLpcReceive",
  "WrLpcReply",
  "WrVirtualMemory",
  "WrPageOut",
  "WrRendezvous",
];
/** 21..25 on XP / Server 2003. */
const WAIT_REASONS_2003 = ["Spare2", "Spare3", "Spare4", "Spare5", "Spare6"];
/** 21..25 from Windows 7 on (Vista already has WrCalloutStack = 25). */
const WAIT_REASONS_WIN7 = ["WrKeyedEvent", "WrTerminated", "WrProcessInSwap", "WrCpuRateControl", "WrCalloutStack"];
const WAIT_REASONS_TAIL = [
  "WrKernel",
  "WrResource",
  "WrPushLock",
  "WrMutex",
  "WrQuantumEnd",
  "WrDispatchInt",
  "WrPreempted",
  "WrYieldExecution",
  "WrFastMutex",
  "WrGuardedMutex",
  "WrRundown",
  "WrAlertByThreadId",
  "WrDeferredPreempt",
  "WrPhysicalFault",
  "WrIoRing",
  "WrMdlCache",
];

/** KWAIT_REASON name; `legacy` selects the XP/2003 names for 21..25 (Spare2..Spare6). */
export function waitReasonName(code: number, legacy: boolean): string {
  if (code >= 0 && code < 21) return WAIT_REASONS_COMMON[code];
  if (code >= 21 && code <= 25) return (legacy ? WAIT_REASONS_2003 : WAIT_REASONS_WIN7)[code - 21];
  if (code >= 26 && code < 26 + WAIT_REASONS_TAIL.length) return WAIT_REASONS_TAIL[code - 26];
  return "WaitReason(" + code + ")";
}

export function waitModeName(code: number): "KernelMode" | "UserMode" {
  return code === 1 ? "UserMode" : "KernelMode";
}

const IRP_MJ = [
  "CREATE",
  "CREATE_NAMED_PIPE",
  "CLOSE",
  "READ",
  "WRITE",
  "QUERY_INFORMATION",
  "SET_INFORMATION",
  "QUERY_EA",
  "SET_EA",
  "FLUSH_BUFFERS",
  "QUERY_VOLUME_INFORMATION",
  "SET_VOLUME_INFORMATION",
  "DIRECTORY_CONTROL",
  "FILE_SYSTEM_CONTROL",
  "DEVICE_CONTROL",
  "INTERNAL_DEVICE_CONTROL",
  "SHUTDOWN",
  "LOCK_CONTROL",
  "CLEANUP",
  "CREATE_MAILSLOT",
  "QUERY_SECURITY",
  "SET_SECURITY",
  "POWER",
  "SYSTEM_CONTROL",
  "DEVICE_CHANGE",
  "QUERY_QUOTA",
  "SET_QUOTA",
  "PNP",
];

export const IRP_MJ_INTERNAL_DEVICE_CONTROL = 0xf;

export function irpMajorName(code: number): string {
  return code >= 0 && code < IRP_MJ.length ? "IRP_MJ_" + IRP_MJ[code] : "IRP_MJ(0x" + code.toString(16) + ")";
}

const TDI_MINOR: { [code: number]: string } = {
  0x1: "TDI_ASSOCIATE_ADDRESS",
  0x2: "TDI_DISASSOCIATE_ADDRESS",
  0x3: "TDI_CONNECT",
  0x4: "TDI_LISTEN",
  0x5: "TDI_ACCEPT",
  0x6: "TDI_DISCONNECT",
  0x7: "TDI_SEND",
  0x8: "TDI_RECEIVE",
  0x9: "TDI_SEND_DATAGRAM",
  0xa: "TDI_RECEIVE_DATAGRAM",
  0xb: "TDI_SET_EVENT_HANDLER",
  0xc: "TDI_QUERY_INFORMATION",
  0xd: "TDI_SET_INFORMATION",
  0xe: "TDI_ACTION",
  0x27: "TDI_DIRECT_SEND",
  0x29: "TDI_DIRECT_SEND_DATAGRAM",
};

export function tdiMinorName(code: number): string | null {
  return Object.prototype.hasOwnProperty.call(TDI_MINOR, code) ? TDI_MINOR[code] : null;
}

/** Drivers whose IRP_MJ_INTERNAL_DEVICE_CONTROL minor codes are TDI requests (the TDI transports). */
const TDI_TRANSPORTS = ["\\driver\\tcpip", "\\driver\\tcpip6", "\\driver\\netbt", "\\driver\\nwlnkipx", "\\driver\\nwlnkspx", "\\driver\\nwlnknb", "\\driver\\tdx", "\\driver\\smb"];

export function isTdiTransport(driverName: string | null): boolean {
  if (driverName === null) return false;
  return TDI_TRANSPORTS.indexOf(driverName.toLowerCase()) >= 0;
}

/**
 * The minor function's name: TDI names only for IRP_MJ_INTERNAL_DEVICE_CONTROL sent to a TDI transport (other
 * drivers define their own minor codes for that major), null otherwise.
 */
export function irpMinorName(major: number, minor: number, driverName: string | null): string | null {
  if (major === IRP_MJ_INTERNAL_DEVICE_CONTROL && isTdiTransport(driverName)) return tdiMinorName(minor);
  return null;
}

export const SL_PENDING_RETURNED = 0x01;
export const SL_INVOKE_ON_CANCEL = 0x20;
export const SL_INVOKE_ON_SUCCESS = 0x40;
export const SL_INVOKE_ON_ERROR = 0x80;

/** IO_STACK_LOCATION.Control as `!irp` prints it: 0xe1 ⇒ "Success Error Cancel pending", 0 ⇒ "". */
export function controlText(control: number): string {
  const words: string[] = [];
  if (control & SL_INVOKE_ON_SUCCESS) words.push("Success");
  if (control & SL_INVOKE_ON_ERROR) words.push("Error");
  if (control & SL_INVOKE_ON_CANCEL) words.push("Cancel");
  if (control & SL_PENDING_RETURNED) words.push("pending");
  return words.join(" ");
}

/** DISPATCHER_HEADER.Type / object Type values the decoders validate. */
export const OBJECT_TYPE_THREAD = 6;
export const IO_TYPE_DEVICE = 3;
export const IO_TYPE_DRIVER = 4;
export const IO_TYPE_IRP = 6;

/** ERESOURCE.Flag bit: owned exclusively. */
export const RESOURCE_OWNED_EXCLUSIVE = 0x80;
