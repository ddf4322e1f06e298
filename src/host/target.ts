// The one interface between the analysis and a debugger host. src/host/jsprovider.ts implements it over WinDbg's
// JsProvider `host`; everything in src/kernel, src/analysis and src/report sees only this (and plain records).
import { Addr } from "../addr";

/** A field of a type, as the dump's own type info describes it (`getModuleType(...).fields.X`). */
export interface FieldInfo {
  /** Byte offset from the start of the outermost type (nested offsets already added up). */
  readonly offset: number;
  /** Size in bytes of the field's type (for a bit field: of its storage unit). */
  readonly size: number;
  /** Type name as the symbols give it, e.g. "_LIST_ENTRY", "unsigned long", "_KTHREAD *". */
  readonly typeName: string;
  /** For bit fields: lowest bit and width; otherwise bitLength is 0. */
  readonly bitPosition: number;
  readonly bitLength: number;
}

/** A type's layout, read once per type per run. `field` resolves dotted paths ("Tail.Overlay.CurrentStackLocation"). */
export interface TypeLayout {
  readonly name: string;
  readonly size: number;
  /** The field at a dotted path, or null when this build of the type has no such field. Cached. */
  field(path: string): FieldInfo | null;
}

/** A kernel module as the data model lists it (`Process.Modules`). */
export interface ModuleInfo {
  /** `Name` as the data model gives it: a path for most drivers ("\\SystemRoot\\system32\\drivers\\afd.sys"), a base name for nt/hal. */
  readonly name: string;
  readonly base: Addr;
  readonly size: number;
}

/** One frame of a thread's stack (`Stack.Frames[i]`). */
export interface FrameInfo {
  /** The display string: "module!Function+0x1f", "module+0x1f" without symbols, a bare "0x<address>" outside every module. */
  readonly text: string;
  /** `Attributes.InstructionOffset`, or null when the host does not give it. */
  readonly instructionOffset: Addr | null;
}

/** Thrown by `Target.read` when any byte of the range cannot be read. */
export class ReadError extends Error {
  constructor(public readonly address: Addr, public readonly length: number, cause?: string) {
    super("cannot read " + length + " bytes at 0x" + address + (cause ? ": " + cause : ""));
  }
}

export interface Target {
  /** 4 on x86, 8 on x64 (`Attributes.Machine.PointerSize`). */
  readonly pointerSize: 4 | 8;
  /** `Attributes.Target.IsKernelTarget`. */
  isKernelTarget(): boolean;
  /**
   * Bytes of virtual memory (kernel address space). Served from a page cache filled by bulk
   * `host.memory.readMemoryValues` calls, so neighbouring objects cost one host call. Throws ReadError.
   */
  read(addr: Addr, length: number): Uint8Array;
  /** Layout of `module!typeName` from the dump's symbols (default module "nt"); null when the symbols lack it. Cached. */
  getType(typeName: string, module?: string): TypeLayout | null;
  /** Address of a global (`host.getModuleSymbolAddress`), null when unknown. Cached. */
  getSymbolAddress(module: string, symbol: string): Addr | null;
  /** Kernel modules (read once, cached). */
  modules(): ModuleInfo[];
  /** The stack of thread `tid` in process `pid` from the data model; null when it cannot be had. */
  stackFrames(pid: number, tid: number): FrameInfo[] | null;
  /**
   * Runs a debugger command and returns its output lines. Only commands built from fixed verbs and numbers are
   * accepted ("lmv a 0x<base>", "ln 0x<address>", "lm", "lmv"); anything else throws, so no dump string can reach it.
   */
  executeCommand(command: string): string[];
  /** Prints text to the debugger console as-is (callers add "\n"). */
  log(text: string): void;
}
