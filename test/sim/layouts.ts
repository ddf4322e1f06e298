// Type info of the simulated nt module for the three layout sets (reference/kernel-structures.md: 2003 SP2 x86,
// 2008 R2 SP1 x64 = 7601 RTM column, Win10 2004+ x64). Used by build-dump.ts to lay objects out and served by the mock
// host through SimDump.type(); checked against the reference tables by test/sim-core/layouts.test.ts.
//
// Choices where the reference is silent (documented here and in the sim-core report):
// - Only the fields the reference lists (plus a few neighbours needed for plausible objects) exist; struct sizes are
//   the reference's. Pointers to types the simulator does not model (_HANDLE_TABLE, _PEB, _KTRAP_FRAME,
//   _DRIVER_EXTENSION, function pointers) are typed "void *".
// - Nested unnamed structs/unions (IRP.AssociatedIrp, IRP.Tail, IRP.Tail.Overlay, IO_STACK_LOCATION.Parameters, ...)
//   are real types named "__unnamed_XXXX" (the reference's names where it gives them), resolvable by name. Anonymous
//   unions inside a struct are flattened (CurrentStackLocation / PacketType), as dt shows them.
// - _KUSER_SHARED_DATA sizes 0x338 / 0x5f0 / 0x720 are not in the reference (only TickCount +0x320 is).
import type { OsName, SimType, SimTypeField } from "./dump";

/** Column index into the per-version tables: 0 = ws2003sp2-x86, 1 = ws2008r2sp1-x64, 2 = win10-2004-x64. */
export type Col = 0 | 1 | 2;

export function osColumn(os: OsName): Col {
  return os === "ws2003sp2-x86" ? 0 : os === "ws2008r2sp1-x64" ? 1 : 2;
}

type T3 = string | [string, string, string];
type O = number | null;
/** [field, type, offset 2003, offset 2008 R2, offset Win10, bit fields [pos,len] per column]. */
type Row = [string, T3, O, O, O, ([number, number] | null)[]?];
interface Def {
  /** A name per column for unnamed types, one name otherwise. */
  name: T3;
  size: [O, O, O];
  rows: Row[];
}

// "PTRINT" = ULONG_PTR-like integers (unsigned long on x86, unsigned __int64 on x64).
const UPTR = "PTRINT";
const SPTR = "SPTRINT";

const DEFS: Def[] = [
  { name: "_LIST_ENTRY", size: [0x8, 0x10, 0x10], rows: [
    ["Flink", "_LIST_ENTRY *", 0x0, 0x0, 0x0],
    ["Blink", "_LIST_ENTRY *", 0x4, 0x8, 0x8],
  ] },
  { name: "_SINGLE_LIST_ENTRY", size: [0x4, 0x8, 0x8], rows: [
    ["Next", "_SINGLE_LIST_ENTRY *", 0x0, 0x0, 0x0],
  ] },
  { name: "_LARGE_INTEGER", size: [0x8, 0x8, 0x8], rows: [
    ["LowPart", "unsigned long", 0x0, 0x0, 0x0],
    ["HighPart", "long", 0x4, 0x4, 0x4],
    ["QuadPart", "__int64", 0x0, 0x0, 0x0],
  ] },
  { name: "_ULARGE_INTEGER", size: [0x8, 0x8, 0x8], rows: [
    ["LowPart", "unsigned long", 0x0, 0x0, 0x0],
    ["HighPart", "unsigned long", 0x4, 0x4, 0x4],
    ["QuadPart", "unsigned __int64", 0x0, 0x0, 0x0],
  ] },
  { name: "_KSYSTEM_TIME", size: [0xc, 0xc, 0xc], rows: [
    ["LowPart", "unsigned long", 0x0, 0x0, 0x0],
    ["High1Time", "long", 0x4, 0x4, 0x4],
    ["High2Time", "long", 0x8, 0x8, 0x8],
  ] },
  { name: "_DISPATCHER_HEADER", size: [0x10, 0x18, 0x18], rows: [
    ["Type", "unsigned char", 0x0, 0x0, 0x0],
    ["Absolute", "unsigned char", 0x1, null, null],
    ["Abandoned", "unsigned char", null, 0x1, 0x1],
    ["Size", "unsigned char", 0x2, 0x2, 0x2],
    ["Inserted", "unsigned char", 0x3, null, null],
    ["DebugActive", "unsigned char", null, 0x3, 0x3],
    ["SignalState", "long", 0x4, 0x4, 0x4],
    ["WaitListHead", "_LIST_ENTRY", 0x8, 0x8, 0x8],
  ] },
  { name: "_KEVENT", size: [0x10, 0x18, 0x18], rows: [
    ["Header", "_DISPATCHER_HEADER", 0x0, 0x0, 0x0],
  ] },
  { name: "_KSEMAPHORE", size: [0x14, 0x20, 0x20], rows: [
    ["Header", "_DISPATCHER_HEADER", 0x0, 0x0, 0x0],
    ["Limit", "long", 0x10, 0x18, 0x18],
  ] },
  { name: "_KQUEUE", size: [0x28, 0x40, 0x40], rows: [
    ["Header", "_DISPATCHER_HEADER", 0x0, 0x0, 0x0],
    ["EntryListHead", "_LIST_ENTRY", 0x10, 0x18, 0x18],
    ["CurrentCount", "unsigned long", 0x18, 0x28, 0x28],
    ["MaximumCount", "unsigned long", 0x1c, 0x2c, 0x2c],
    ["ThreadListHead", "_LIST_ENTRY", 0x20, 0x30, 0x30],
  ] },
  { name: "_KTIMER", size: [0x28, 0x40, 0x40], rows: [
    ["Header", "_DISPATCHER_HEADER", 0x0, 0x0, 0x0],
    ["DueTime", "_ULARGE_INTEGER", 0x10, 0x18, 0x18],
    ["TimerListEntry", "_LIST_ENTRY", 0x18, 0x20, 0x20],
    ["Dpc", "void *", 0x20, 0x30, 0x30],
    ["Period", "unsigned long", 0x24, 0x3c, 0x3c],
  ] },
  { name: "_KWAIT_BLOCK", size: [0x18, 0x30, 0x30], rows: [
    ["WaitListEntry", "_LIST_ENTRY", 0x0, 0x0, 0x0],
    ["WaitType", "unsigned char", 0x16, 0x2a, 0x10],
    ["BlockState", "unsigned char", null, 0x2b, 0x11],
    ["WaitKey", "unsigned short", 0x14, 0x28, 0x12],
    ["Thread", "_KTHREAD *", 0x8, 0x10, 0x18],
    ["Object", "void *", 0xc, 0x18, 0x20],
    ["NextWaitBlock", "_KWAIT_BLOCK *", 0x10, 0x20, null],
    ["SparePtr", "void *", null, null, 0x28],
  ] },
  { name: "_KWAIT_CHAIN_ENTRY", size: [null, null, 0x30], rows: [
    ["ListEntry", "_LIST_ENTRY", null, null, 0x0],
    ["Thread", "_KTHREAD *", null, null, 0x10],
    ["Event", "_KEVENT", null, null, 0x18],
  ] },
  { name: "_KAPC_STATE", size: [0x18, 0x30, 0x30], rows: [
    ["ApcListHead", "_LIST_ENTRY[2]", 0x0, 0x0, 0x0],
    ["Process", "_KPROCESS *", 0x10, 0x20, 0x20],
    ["KernelApcInProgress", "unsigned char", 0x14, 0x28, 0x28],
    ["KernelApcPending", "unsigned char", 0x15, 0x29, 0x29],
    ["UserApcPending", "unsigned char", 0x16, 0x2a, 0x2a],
  ] },
  { name: "_CLIENT_ID", size: [0x8, 0x10, 0x10], rows: [
    ["UniqueProcess", "void *", 0x0, 0x0, 0x0],
    ["UniqueThread", "void *", 0x4, 0x8, 0x8],
  ] },
  { name: "_KTHREAD", size: [0x1b8, 0x360, 0x430], rows: [
    ["Header", "_DISPATCHER_HEADER", 0x0, 0x0, 0x0],
    ["InitialStack", "void *", 0x18, 0x28, 0x28],
    ["StackLimit", "void *", 0x1c, 0x30, 0x30],
    ["KernelStack", "void *", 0x20, 0x38, 0x58],
    ["ApcState", "_KAPC_STATE", 0x28, 0x50, 0x98],
    ["ContextSwitches", "unsigned long", 0x48, 0x134, 0x154],
    ["State", "unsigned char", 0x4c, 0x164, 0x184],
    ["WaitIrql", "unsigned char", 0x4e, 0x166, 0x186],
    ["WaitMode", "char", 0x4f, 0x167, 0x187],
    ["WaitStatus", "long", 0x50, null, null],
    ["WaitBlockList", "_KWAIT_BLOCK *", 0x54, 0x98, 0xd0],
    ["Alertable", "unsigned char", 0x58, null, null],
    ["WaitNext", "unsigned char", 0x59, null, null],
    ["WaitReason", "unsigned char", 0x5a, 0x26b, 0x283],
    ["Priority", "char", 0x5b, 0x7b, 0xc3],
    ["WaitListEntry", "_LIST_ENTRY", 0x60, 0xa0, 0xd8],
    ["Queue", "_KQUEUE *", 0x68, null, null],
    ["WaitTime", "unsigned long", 0x6c, 0x194, 0x1b4],
    ["KernelApcDisable", "short", 0x70, null, null],
    ["Teb", "void *", 0x74, 0xb8, 0xf0],
    ["Timer", "_KTIMER", 0x78, null, null],
    ["WaitBlock", "_KWAIT_BLOCK[4]", 0xa8, 0x108, 0x140],
    ["TrapFrame", "void *", 0x110, null, null],
    ["BasePriority", "char", 0x121, 0x1f1, 0x233],
    ["WaitBlockCount", "unsigned char", null, null, 0x24b],
    ["Process", "_KPROCESS *", 0x128, 0x210, 0x220],
    ["Win32Thread", "void *", 0x154, 0x270, 0x1c8],
    ["StackBase", "void *", 0x158, null, null],
    ["KernelTime", "unsigned long", 0x160, 0x284, 0x28c],
    ["UserTime", "unsigned long", 0x18c, 0x2d4, 0x2dc],
    ["ThreadListEntry", "_LIST_ENTRY", 0x1a8, 0x2f8, 0x2f8],
  ] },
  { name: "_ETHREAD", size: [0x250, 0x498, 0x898], rows: [
    ["Tcb", "_KTHREAD", 0x0, 0x0, 0x0],
    ["CreateTime", "_LARGE_INTEGER", 0x1b8, 0x360, 0x430],
    ["StartAddress", "void *", 0x21c, 0x388, 0x450],
    ["Cid", "_CLIENT_ID", 0x1e4, 0x3b0, 0x478],
    ["IrpList", "_LIST_ENTRY", 0x208, 0x3e8, 0x4b0],
    ["TopLevelIrp", UPTR, 0x210, 0x3f8, 0x4c0],
    ["ThreadsProcess", "_EPROCESS *", 0x218, null, null],
    ["Win32StartAddress", "void *", 0x220, 0x410, 0x4d0],
    ["ThreadListEntry", "_LIST_ENTRY", 0x224, 0x420, 0x4e8],
    ["CrossThreadFlags", "unsigned long", 0x240, 0x448, 0x510],
  ] },
  { name: "_KPROCESS", size: [0x78, 0x160, 0x438], rows: [
    ["Header", "_DISPATCHER_HEADER", 0x0, 0x0, 0x0],
    ["DirectoryTableBase", ["unsigned long[2]", "unsigned __int64", "unsigned __int64"], 0x18, 0x28, 0x28],
    ["ThreadListHead", "_LIST_ENTRY", 0x50, 0x30, 0x30],
    ["KernelTime", "unsigned long", 0x38, 0xf8, 0x37c],
    ["UserTime", "unsigned long", 0x3c, 0xfc, 0x380],
    ["BasePriority", "char", 0x64, 0xb4, 0x280],
    ["ProcessListEntry", "_LIST_ENTRY", 0x70, 0xe0, 0x350],
  ] },
  { name: "_EPROCESS", size: [0x278, 0x4d0, 0xa40], rows: [
    ["Pcb", "_KPROCESS", 0x0, 0x0, 0x0],
    ["UniqueProcessId", "void *", 0x94, 0x180, 0x440],
    ["ActiveProcessLinks", "_LIST_ENTRY", 0x98, 0x188, 0x448],
    ["ObjectTable", "void *", 0xd4, 0x200, 0x570],
    ["InheritedFromUniqueProcessId", "void *", 0x138, 0x290, 0x540],
    ["Peb", "void *", 0x1a0, 0x338, 0x550],
    ["ImageFileName", ["unsigned char[16]", "unsigned char[15]", "unsigned char[15]"], 0x164, 0x2e0, 0x5a8],
    ["ThreadListHead", "_LIST_ENTRY", 0x180, 0x308, 0x5e0],
    ["ActiveThreads", "unsigned long", 0x190, 0x328, 0x5f0],
  ] },
  { name: "_OWNER_ENTRY", size: [0x8, 0x10, 0x10], rows: [
    ["OwnerThread", UPTR, 0x0, 0x0, 0x0],
    ["IoPriorityBoosted", "unsigned long", null, 0x8, 0x8, [null, [0, 1], [0, 1]]],
    ["OwnerReferenced", "unsigned long", null, 0x8, 0x8, [null, [1, 1], [1, 1]]],
    ["IoQoSPriorityBoosted", "unsigned long", null, null, 0x8, [null, null, [2, 1]]],
    ["OwnerCount", ["long", "unsigned long", "unsigned long"], 0x4, 0x8, 0x8, [null, [2, 30], [3, 29]]],
    ["TableSize", "unsigned long", 0x4, 0x8, 0x8],
  ] },
  { name: "_ERESOURCE", size: [0x38, 0x68, 0x68], rows: [
    ["SystemResourcesList", "_LIST_ENTRY", 0x0, 0x0, 0x0],
    ["OwnerTable", "_OWNER_ENTRY *", 0x8, 0x10, 0x10],
    ["ActiveCount", "short", 0xc, 0x18, 0x18],
    ["Flag", "unsigned short", 0xe, 0x1a, 0x1a],
    ["SharedWaiters", ["_KSEMAPHORE *", "_KSEMAPHORE *", "void *"], 0x10, 0x20, 0x20],
    ["ExclusiveWaiters", ["_KEVENT *", "_KEVENT *", "void *"], 0x14, 0x28, 0x28],
    ["OwnerThreads", "_OWNER_ENTRY[2]", 0x18, null, null],
    ["OwnerEntry", "_OWNER_ENTRY", null, 0x30, 0x30],
    ["ActiveEntries", "unsigned long", null, 0x40, 0x40],
    ["ContentionCount", "unsigned long", 0x28, 0x44, 0x44],
    ["NumberOfSharedWaiters", ["unsigned short", "unsigned long", "unsigned long"], 0x2c, 0x48, 0x48],
    ["NumberOfExclusiveWaiters", ["unsigned short", "unsigned long", "unsigned long"], 0x2e, 0x4c, 0x4c],
    ["Address", "void *", 0x30, 0x58, 0x58],
    ["CreatorBackTraceIndex", UPTR, 0x30, 0x58, 0x58],
    ["SpinLock", UPTR, 0x34, 0x60, 0x60],
  ] },
  { name: "_IO_STATUS_BLOCK", size: [0x8, 0x10, 0x10], rows: [
    ["Status", "long", 0x0, 0x0, 0x0],
    ["Pointer", "void *", 0x0, 0x0, 0x0],
    ["Information", UPTR, 0x4, 0x8, 0x8],
  ] },
  { name: "_MDL", size: [0x1c, 0x30, 0x30], rows: [
    ["Next", "_MDL *", 0x0, 0x0, 0x0],
    ["Size", "short", 0x4, 0x8, 0x8],
    ["MdlFlags", "short", 0x6, 0xa, 0xa],
    ["Process", "_EPROCESS *", 0x8, 0x10, 0x10],
    ["MappedSystemVa", "void *", 0xc, 0x18, 0x18],
    ["StartVa", "void *", 0x10, 0x20, 0x20],
    ["ByteCount", "unsigned long", 0x14, 0x28, 0x28],
    ["ByteOffset", "unsigned long", 0x18, 0x2c, 0x2c],
  ] },
  // IRP.AssociatedIrp
  { name: ["__unnamed_1280", "__unnamed_1640", "__unnamed_1188"], size: [0x4, 0x8, 0x8], rows: [
    ["MasterIrp", "_IRP *", 0x0, 0x0, 0x0],
    ["IrpCount", "long", 0x0, 0x0, 0x0],
    ["SystemBuffer", "void *", 0x0, 0x0, 0x0],
  ] },
  // IRP.Overlay
  { name: ["__unnamed_1284", "__unnamed_1644", "__unnamed_118c"], size: [0x8, 0x10, 0x10], rows: [
    ["AllocationSize", "_LARGE_INTEGER", 0x0, 0x0, 0x0],
  ] },
  // IRP.Tail.Overlay
  { name: ["__unnamed_128c", "__unnamed_164c", "__unnamed_1194"], size: [0x28, 0x50, 0x58], rows: [
    ["DriverContext", "void *[4]", 0x0, 0x0, 0x0],
    ["Thread", "_ETHREAD *", 0x10, 0x20, 0x20],
    ["AuxiliaryBuffer", "char *", 0x14, 0x28, 0x28],
    ["ListEntry", "_LIST_ENTRY", 0x18, 0x30, 0x30],
    ["CurrentStackLocation", "_IO_STACK_LOCATION *", 0x20, 0x40, 0x40],
    ["PacketType", "unsigned long", 0x20, 0x40, 0x40],
    ["OriginalFileObject", "_FILE_OBJECT *", 0x24, 0x48, 0x48],
    ["IrpExtension", "void *", null, null, 0x50],
  ] },
  // IRP.Tail
  { name: ["__unnamed_1290", "__unnamed_1650", "__unnamed_1198"], size: [0x30, 0x58, 0x58], rows: [
    ["Overlay", ["__unnamed_128c", "__unnamed_164c", "__unnamed_1194"], 0x0, 0x0, 0x0],
    ["CompletionKey", "void *", 0x0, 0x0, 0x0],
  ] },
  { name: "_IRP", size: [0x70, 0xd0, 0xd0], rows: [
    ["Type", "short", 0x0, 0x0, 0x0],
    ["Size", "unsigned short", 0x2, 0x2, 0x2],
    ["AllocationProcessorNumber", "unsigned short", null, null, 0x4],
    ["MdlAddress", "_MDL *", 0x4, 0x8, 0x8],
    ["Flags", "unsigned long", 0x8, 0x10, 0x10],
    ["AssociatedIrp", ["__unnamed_1280", "__unnamed_1640", "__unnamed_1188"], 0xc, 0x18, 0x18],
    ["ThreadListEntry", "_LIST_ENTRY", 0x10, 0x20, 0x20],
    ["IoStatus", "_IO_STATUS_BLOCK", 0x18, 0x30, 0x30],
    ["RequestorMode", "char", 0x20, 0x40, 0x40],
    ["PendingReturned", "unsigned char", 0x21, 0x41, 0x41],
    ["StackCount", "char", 0x22, 0x42, 0x42],
    ["CurrentLocation", "char", 0x23, 0x43, 0x43],
    ["Cancel", "unsigned char", 0x24, 0x44, 0x44],
    ["CancelIrql", "unsigned char", 0x25, 0x45, 0x45],
    ["ApcEnvironment", "char", 0x26, 0x46, 0x46],
    ["AllocationFlags", "unsigned char", 0x27, 0x47, 0x47],
    ["UserIosb", "_IO_STATUS_BLOCK *", 0x28, 0x48, 0x48],
    ["UserEvent", "_KEVENT *", 0x2c, 0x50, 0x50],
    ["Overlay", ["__unnamed_1284", "__unnamed_1644", "__unnamed_118c"], 0x30, 0x58, 0x58],
    ["CancelRoutine", "void *", 0x38, 0x68, 0x68],
    ["UserBuffer", "void *", 0x3c, 0x70, 0x70],
    ["Tail", ["__unnamed_1290", "__unnamed_1650", "__unnamed_1198"], 0x40, 0x78, 0x78],
  ] },
  // IO_STACK_LOCATION.Parameters.Others
  { name: ["__unnamed_1910", "__unnamed_1369", "__unnamed_11a8"], size: [0x10, 0x20, 0x20], rows: [
    ["Argument1", "void *", 0x0, 0x0, 0x0],
    ["Argument2", "void *", 0x4, 0x8, 0x8],
    ["Argument3", "void *", 0x8, 0x10, 0x10],
    ["Argument4", "void *", 0xc, 0x18, 0x18],
  ] },
  // IO_STACK_LOCATION.Parameters.DeviceIoControl
  { name: ["__unnamed_1908", "__unnamed_1361", "__unnamed_11a0"], size: [0x10, 0x20, 0x20], rows: [
    ["OutputBufferLength", "unsigned long", 0x0, 0x0, 0x0],
    ["InputBufferLength", "unsigned long", 0x4, 0x8, 0x8],
    ["IoControlCode", "unsigned long", 0x8, 0x10, 0x10],
    ["Type3InputBuffer", "void *", 0xc, 0x18, 0x18],
  ] },
  // IO_STACK_LOCATION.Parameters.FileSystemControl
  { name: ["__unnamed_1904", "__unnamed_135d", "__unnamed_119c"], size: [0x10, 0x20, 0x20], rows: [
    ["OutputBufferLength", "unsigned long", 0x0, 0x0, 0x0],
    ["InputBufferLength", "unsigned long", 0x4, 0x8, 0x8],
    ["FsControlCode", "unsigned long", 0x8, 0x10, 0x10],
    ["Type3InputBuffer", "void *", 0xc, 0x18, 0x18],
  ] },
  // IO_STACK_LOCATION.Parameters.Read
  { name: ["__unnamed_18f0", "__unnamed_1349", "__unnamed_1190"], size: [0x10, 0x18, 0x18], rows: [
    ["Length", "unsigned long", 0x0, 0x0, 0x0],
    ["Key", "unsigned long", 0x4, 0x8, 0x8],
    ["ByteOffset", "_LARGE_INTEGER", 0x8, 0x10, 0x10],
  ] },
  // IO_STACK_LOCATION.Parameters
  { name: ["__unnamed_1914", "__unnamed_1371", "__unnamed_11b0"], size: [0x10, 0x20, 0x20], rows: [
    ["Read", ["__unnamed_18f0", "__unnamed_1349", "__unnamed_1190"], 0x0, 0x0, 0x0],
    ["FileSystemControl", ["__unnamed_1904", "__unnamed_135d", "__unnamed_119c"], 0x0, 0x0, 0x0],
    ["DeviceIoControl", ["__unnamed_1908", "__unnamed_1361", "__unnamed_11a0"], 0x0, 0x0, 0x0],
    ["Others", ["__unnamed_1910", "__unnamed_1369", "__unnamed_11a8"], 0x0, 0x0, 0x0],
  ] },
  { name: "_IO_STACK_LOCATION", size: [0x24, 0x48, 0x48], rows: [
    ["MajorFunction", "unsigned char", 0x0, 0x0, 0x0],
    ["MinorFunction", "unsigned char", 0x1, 0x1, 0x1],
    ["Flags", "unsigned char", 0x2, 0x2, 0x2],
    ["Control", "unsigned char", 0x3, 0x3, 0x3],
    ["Parameters", ["__unnamed_1914", "__unnamed_1371", "__unnamed_11b0"], 0x4, 0x8, 0x8],
    ["DeviceObject", "_DEVICE_OBJECT *", 0x14, 0x28, 0x28],
    ["FileObject", "_FILE_OBJECT *", 0x18, 0x30, 0x30],
    ["CompletionRoutine", "void *", 0x1c, 0x38, 0x38],
    ["Context", "void *", 0x20, 0x40, 0x40],
  ] },
  { name: "_DEVICE_OBJECT", size: [0xb8, 0x150, 0x150], rows: [
    ["Type", "short", 0x0, 0x0, 0x0],
    ["Size", "unsigned short", 0x2, 0x2, 0x2],
    ["ReferenceCount", "long", 0x4, 0x4, 0x4],
    ["DriverObject", "_DRIVER_OBJECT *", 0x8, 0x8, 0x8],
    ["NextDevice", "_DEVICE_OBJECT *", 0xc, 0x10, 0x10],
    ["AttachedDevice", "_DEVICE_OBJECT *", 0x10, 0x18, 0x18],
    ["CurrentIrp", "_IRP *", 0x14, 0x20, 0x20],
    ["Flags", "unsigned long", 0x1c, 0x30, 0x30],
    ["Characteristics", "unsigned long", 0x20, 0x34, 0x34],
    ["DeviceExtension", "void *", 0x28, 0x40, 0x40],
    ["DeviceType", "unsigned long", 0x2c, 0x48, 0x48],
    ["StackSize", "char", 0x30, 0x4c, 0x4c],
  ] },
  { name: "_DRIVER_OBJECT", size: [0xa8, 0x150, 0x150], rows: [
    ["Type", "short", 0x0, 0x0, 0x0],
    ["Size", "short", 0x2, 0x2, 0x2],
    ["DeviceObject", "_DEVICE_OBJECT *", 0x4, 0x8, 0x8],
    ["Flags", "unsigned long", 0x8, 0x10, 0x10],
    ["DriverStart", "void *", 0xc, 0x18, 0x18],
    ["DriverSize", "unsigned long", 0x10, 0x20, 0x20],
    ["DriverSection", "void *", 0x14, 0x28, 0x28],
    ["DriverExtension", "void *", 0x18, 0x30, 0x30],
    ["DriverName", "_UNICODE_STRING", 0x1c, 0x38, 0x38],
    ["HardwareDatabase", "_UNICODE_STRING *", 0x24, 0x48, 0x48],
    ["FastIoDispatch", "void *", 0x28, 0x50, 0x50],
    ["DriverInit", "void *", 0x2c, 0x58, 0x58],
    ["DriverStartIo", "void *", 0x30, 0x60, 0x60],
    ["DriverUnload", "void *", 0x34, 0x68, 0x68],
    ["MajorFunction", "void *[28]", 0x38, 0x70, 0x70],
  ] },
  { name: "_FILE_OBJECT", size: [0x70, 0xd8, 0xd8], rows: [
    ["Type", "short", 0x0, 0x0, 0x0],
    ["Size", "short", 0x2, 0x2, 0x2],
    ["DeviceObject", "_DEVICE_OBJECT *", 0x4, 0x8, 0x8],
    ["Vpb", "void *", 0x8, 0x10, 0x10],
    ["FsContext", "void *", 0xc, 0x18, 0x18],
    ["FsContext2", "void *", 0x10, 0x20, 0x20],
    ["FileName", "_UNICODE_STRING", 0x30, 0x58, 0x58],
  ] },
  { name: "_UNICODE_STRING", size: [0x8, 0x10, 0x10], rows: [
    ["Length", "unsigned short", 0x0, 0x0, 0x0],
    ["MaximumLength", "unsigned short", 0x2, 0x2, 0x2],
    ["Buffer", "wchar_t *", 0x4, 0x8, 0x8],
  ] },
  // Object manager namespace (issue 12: a culprit's DRIVER_OBJECT found the way `!object \\Driver` finds it). Sources,
  // all from the kernels' public symbols: Geoff Chappell, studies/windows/km/ntoskrnl/inc/ntos/ob/object_directory.htm
  //   (_OBJECT_DIRECTORY: HashBuckets[37] at 0; 5.2 x86 Lock 0x94, DeviceMap 0x98, SessionId 0x9c, size 0xa0; 6.1 x64
  //   Lock 0x128, DeviceMap 0x130, SessionId 0x138, NamespaceEntry 0x140, Flags 0x148, size 0x150; 2004 x64
  //   ShadowDirectory 0x138, size 0x158) and object_directory_entry.htm (ChainLink 0, Object 4/8, HashValue 8/0x10 from
  //   late 5.2, i.e. 2003 SP1+ has it too: size 0xc / 0x18); terminus.rewolf.pl _OBJECT_DIRECTORY_combined;
  //   _OBJECT_HEADER / _OBJECT_HEADER_NAME_INFO / _OBJECT_HEADER_CREATOR_INFO as `dt nt!_OBJECT_HEADER` prints them
  //   (2003: NameInfoOffset byte +0xc, Body +0x18; 6.1+ x64: TypeIndex +0x18, InfoMask +0x1a, Body +0x30) and ReactOS
  //   sdk/include/ndk/obtypes.h (OBJECT_HEADER_NAME_INFO {Directory, Name, QueryReferences}).
  { name: "_OBJECT_HEADER", size: [0x20, 0x38, 0x38], rows: [
    ["PointerCount", SPTR, 0x0, 0x0, 0x0],
    ["HandleCount", SPTR, 0x4, 0x8, 0x8],
    ["Lock", UPTR, null, 0x10, 0x10],
    ["Type", "void *", 0x8, null, null],
    ["NameInfoOffset", "unsigned char", 0xc, null, null],
    ["HandleInfoOffset", "unsigned char", 0xd, null, null],
    ["QuotaInfoOffset", "unsigned char", 0xe, null, null],
    ["TypeIndex", "unsigned char", null, 0x18, 0x18],
    ["TraceFlags", "unsigned char", null, 0x19, 0x19],
    ["InfoMask", "unsigned char", null, 0x1a, 0x1a],
    ["Flags", "unsigned char", 0xf, 0x1b, 0x1b],
    ["ObjectCreateInfo", "void *", 0x10, 0x20, 0x20],
    ["SecurityDescriptor", "void *", 0x14, 0x28, 0x28],
    ["Body", "_QUAD", 0x18, 0x30, 0x30],
  ] },
  { name: "_QUAD", size: [0x8, 0x8, 0x8], rows: [
    ["UseThisFieldToCopy", "__int64", 0x0, 0x0, 0x0],
  ] },
  { name: "_OBJECT_HEADER_NAME_INFO", size: [0x10, 0x20, 0x20], rows: [
    ["Directory", "_OBJECT_DIRECTORY *", 0x0, 0x0, 0x0],
    ["Name", "_UNICODE_STRING", 0x4, 0x8, 0x8],
    ["QueryReferences", "unsigned long", 0xc, null, null],
    ["ReferenceCount", "long", null, 0x18, 0x18],
  ] },
  { name: "_OBJECT_HEADER_CREATOR_INFO", size: [0x10, 0x20, 0x20], rows: [
    ["TypeList", "_LIST_ENTRY", 0x0, 0x0, 0x0],
    ["CreatorUniqueProcess", "void *", 0x8, 0x10, 0x10],
    ["CreatorBackTraceIndex", "unsigned short", 0xc, 0x18, 0x18],
  ] },
  { name: "_OBJECT_DIRECTORY_ENTRY", size: [0xc, 0x18, 0x18], rows: [
    ["ChainLink", "_OBJECT_DIRECTORY_ENTRY *", 0x0, 0x0, 0x0],
    ["Object", "void *", 0x4, 0x8, 0x8],
    ["HashValue", "unsigned long", 0x8, 0x10, 0x10],
  ] },
  { name: "_OBJECT_DIRECTORY", size: [0xa0, 0x150, 0x158], rows: [
    ["HashBuckets", "_OBJECT_DIRECTORY_ENTRY *[37]", 0x0, 0x0, 0x0],
    ["Lock", UPTR, 0x94, 0x128, 0x128],
    ["DeviceMap", "void *", 0x98, 0x130, 0x130],
    ["ShadowDirectory", "_OBJECT_DIRECTORY *", null, null, 0x138],
    ["SessionId", "unsigned long", 0x9c, 0x138, null],
    ["NamespaceEntry", "void *", null, 0x140, null],
    ["Flags", "unsigned long", null, 0x148, null],
  ] },
  // Processors (issue 13). Sources, all generated from the kernels' public PDBs:
  // 2003 SP2 x86: volatilityfoundation/volatility volatility/plugins/overlays/windows/win2003_sp2_x86_vtypes.py
  //   (_KPRCB 0xec0, _KDPC 0x20; _KPCR.PrcbData at 0x120); _KDPC_DATA x86 {DpcListHead 0, DpcLock 8, DpcQueueDepth 0xc,
  //   DpcCount 0x10; 0x14}: ntdiff/headers Win7_SP1/x86/System32/ntdll.dll/Standalone/_KDPC_DATA.h, the same 0x14 that
  //   the 2003 profile leaves between DpcData (0x920) and DpcStack (0x948) for two of them.
  // 2008 R2 SP1 x64 (7601): ntdiff/headers Win7_SP1/x64/System32/ntoskrnl.exe/Standalone/_KPRCB.h (_KPRCB 0x4d00,
  //   _KDPC_DATA 0x20, _KDPC 0x40 with a doubly linked DpcListEntry).
  // Win10 2004+ x64: ntdiff/headers Win10_20H2_20H2/x64/System32/ntdll.dll/Standalone/_KPRCB.h (20H2 = 19042, the
  //   19041 kernel line; _KPRCB 0xaf00; _KDPC_DATA 0x28 with a singly linked _KDPC_LIST and ActiveDpc; _KDPC 0x40 whose
  //   DpcListEntry is a _SINGLE_LIST_ENTRY; CurrentDpcRoutine at 0x30a0).
  { name: "_KDPC", size: [0x20, 0x40, 0x40], rows: [
    ["Type", "unsigned char", 0x0, 0x0, 0x0],
    ["Importance", "unsigned char", 0x1, 0x1, 0x1],
    ["Number", ["unsigned char", "unsigned short", "unsigned short"], 0x2, 0x2, 0x2],
    ["DpcListEntry", ["_LIST_ENTRY", "_LIST_ENTRY", "_SINGLE_LIST_ENTRY"], 0x4, 0x8, 0x8],
    ["ProcessorHistory", "unsigned __int64", null, null, 0x10],
    ["DeferredRoutine", "void *", 0xc, 0x18, 0x18],
    ["DeferredContext", "void *", 0x10, 0x20, 0x20],
    ["SystemArgument1", "void *", 0x14, 0x28, 0x28],
    ["SystemArgument2", "void *", 0x18, 0x30, 0x30],
    ["DpcData", "void *", 0x1c, 0x38, 0x38],
  ] },
  { name: "_KDPC_LIST", size: [null, null, 0x10], rows: [
    ["ListHead", "_SINGLE_LIST_ENTRY", null, null, 0x0],
    ["LastEntry", "_SINGLE_LIST_ENTRY *", null, null, 0x8],
  ] },
  { name: "_KDPC_DATA", size: [0x14, 0x20, 0x28], rows: [
    ["DpcListHead", "_LIST_ENTRY", 0x0, 0x0, null],
    ["DpcList", "_KDPC_LIST", null, null, 0x0],
    ["DpcLock", UPTR, 0x8, 0x10, 0x10],
    ["DpcQueueDepth", "long", 0xc, 0x18, 0x18],
    ["DpcCount", "unsigned long", 0x10, 0x1c, 0x1c],
    ["ActiveDpc", "_KDPC *", null, null, 0x20],
  ] },
  { name: "_KPRCB", size: [0xec0, 0x4d00, 0xaf00], rows: [
    ["CurrentThread", "_KTHREAD *", 0x4, 0x8, 0x8],
    ["NextThread", "_KTHREAD *", 0x8, 0x10, 0x10],
    ["IdleThread", "_KTHREAD *", 0xc, 0x18, 0x18],
    ["Number", ["unsigned char", "unsigned long", "unsigned long"], 0x10, 0x24, 0x24],
    ["InterruptCount", "unsigned long", 0x524, 0x4700, 0x7e80],
    ["KernelTime", "unsigned long", 0x528, 0x4704, 0x7e84],
    ["UserTime", "unsigned long", 0x52c, 0x4708, 0x7e88],
    ["DpcTime", "unsigned long", 0x530, 0x470c, 0x7e8c],
    ["InterruptTime", "unsigned long", 0x538, 0x4710, 0x7e90],
    ["DpcData", "_KDPC_DATA[2]", 0x920, 0x2180, 0x30c0],
    ["DpcRoutineActive", "unsigned char", 0x95a, 0x21da, 0x312a],
    ["CurrentDpcRoutine", "void *", null, null, 0x30a0],
  ] },
  { name: "_KUSER_SHARED_DATA", size: [0x338, 0x5f0, 0x720], rows: [
    ["TickCountLow", "unsigned long", 0x0, null, null],
    ["TickCountLowDeprecated", "unsigned long", null, 0x0, 0x0],
    ["TickCountMultiplier", "unsigned long", 0x4, 0x4, 0x4],
    ["InterruptTime", "_KSYSTEM_TIME", 0x8, 0x8, 0x8],
    ["SystemTime", "_KSYSTEM_TIME", 0x14, 0x14, 0x14],
    ["TickCount", "_KSYSTEM_TIME", 0x320, 0x320, 0x320],
    ["TickCountQuad", "unsigned __int64", 0x320, 0x320, 0x320],
  ] },
];

const INTRINSICS: [string, number][] = [
  ["void", 0], ["char", 1], ["unsigned char", 1], ["short", 2], ["unsigned short", 2], ["wchar_t", 2],
  ["long", 4], ["unsigned long", 4], ["int", 4], ["unsigned int", 4], ["__int64", 8], ["unsigned __int64", 8],
];

/** Resolved field of a type path ("Tail.Overlay.Thread"): offset from the outer type, size, type name. */
export interface FieldInfo {
  offset: number;
  size: number;
  type: string;
  bitPosition?: number;
  bitLength?: number;
}

/** The type table of one layout set, with derived names ("T *", "T[n]") resolved on demand. */
export class Layout {
  readonly col: Col;
  readonly pointerSize: 4 | 8;
  private readonly named = new Map<string, SimType>();
  private readonly derived = new Map<string, SimType | null>();
  private readonly paths = new Map<string, FieldInfo>();

  constructor(readonly os: OsName) {
    this.col = osColumn(os);
    this.pointerSize = this.col === 0 ? 4 : 8;
    for (const [n, s] of INTRINSICS) this.named.set(n, { name: n, kind: "intrinsic", size: s });
    for (const d of DEFS) {
      const size = d.size[this.col];
      if (size === null) continue;
      const name = this.pick(d.name);
      const fields: SimTypeField[] = [];
      for (const r of d.rows) {
        const off = r[2 + this.col] as O;
        if (off === null) continue;
        const f: SimTypeField = { name: r[0], offset: off, type: this.pick(r[1]) };
        const bits = r[5] ? r[5][this.col] : null;
        if (bits) {
          f.bitPosition = bits[0];
          f.bitLength = bits[1];
        }
        fields.push(f);
      }
      fields.sort((a, b) => a.offset - b.offset);
      this.named.set(name, { name, kind: "udt", size, fields });
    }
  }

  private pick(t: T3): string {
    const s = typeof t === "string" ? t : t[this.col];
    if (s === UPTR) return this.pointerSize === 4 ? "unsigned long" : "unsigned __int64";
    if (s === SPTR) return this.pointerSize === 4 ? "long" : "__int64";
    return s;
  }

  /** Every named (non-derived) type. */
  names(): string[] {
    return Array.from(this.named.keys());
  }

  /** A type by name, including "T *" pointers and "T[n]" arrays of known element types. */
  type(name: string): SimType | undefined {
    const n = this.named.get(name);
    if (n) return n;
    let d = this.derived.get(name);
    if (d === undefined) {
      d = this.derive(name);
      this.derived.set(name, d);
    }
    return d ?? undefined;
  }

  private derive(name: string): SimType | null {
    const t = name.trim();
    if (t.endsWith("*")) {
      const target = t.slice(0, -1).trim();
      if (!this.type(target)) return null;
      return { name: t, kind: "pointer", size: this.pointerSize, target };
    }
    const m = /^(.*)\[(\d+)\]$/.exec(t);
    if (m) {
      const elem = this.type(m[1].trim());
      if (!elem || elem.size === 0) return null;
      const count = Number(m[2]);
      return { name: t, kind: "array", size: elem.size * count, target: elem.name, count };
    }
    return null;
  }

  sizeOf(name: string): number {
    const t = this.type(name);
    if (!t) throw new Error(`layout ${this.os}: no type ${name}`);
    return t.size;
  }

  has(typeName: string, path: string): boolean {
    return this.tryField(typeName, path) !== null;
  }

  /** Offset of a dotted path ("ApcState.Process", "WaitBlock[1].Object") from the start of `typeName`. */
  offset(typeName: string, path: string): number {
    return this.field(typeName, path).offset;
  }

  field(typeName: string, path: string): FieldInfo {
    const f = this.tryField(typeName, path);
    if (!f) throw new Error(`layout ${this.os}: ${typeName} has no field ${path}`);
    return f;
  }

  tryField(typeName: string, path: string): FieldInfo | null {
    const key = typeName + "\u0000" + path;
    const hit = this.paths.get(key);
    if (hit) return hit;
    let cur = this.type(typeName);
    let offset = 0;
    let result: FieldInfo | null = null;
    for (const part of path.split(".")) {
      if (!cur || cur.kind !== "udt") return null;
      const m = /^([A-Za-z_0-9]+)(?:\[(\d+)\])?$/.exec(part);
      if (!m) return null;
      const f = cur.fields!.find((x) => x.name === m[1]);
      if (!f) return null;
      offset += f.offset;
      let ft = this.type(f.type);
      if (!ft) return null;
      if (m[2] !== undefined) {
        if (ft.kind !== "array" || Number(m[2]) >= ft.count!) return null;
        const elem = this.type(ft.target!)!;
        offset += elem.size * Number(m[2]);
        ft = elem;
      }
      result = { offset, size: ft.size, type: ft.name };
      if (f.bitLength !== undefined && m[2] === undefined) {
        result.bitPosition = f.bitPosition;
        result.bitLength = f.bitLength;
      }
      cur = ft;
    }
    if (result) this.paths.set(key, result);
    return result;
  }
}

const cache = new Map<OsName, Layout>();

/** The (immutable, shared) layout set of an OS. */
export function layoutFor(os: OsName): Layout {
  let l = cache.get(os);
  if (!l) {
    l = new Layout(os);
    cache.set(os, l);
  }
  return l;
}
