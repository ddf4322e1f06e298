// The simulated dump: what test/sim/build-dump.ts makes of a scenario file and test/sim/host.ts serves to the script
// as a mock JsProvider `host`. Node-only (tests and scripts), so addresses here are bigint.

export type OsName = "ws2003sp2-x86" | "ws2008r2sp1-x64" | "win10-2004-x64";

/** A field of a simulated type, offset relative to the type that declares it (as `fields.X.offset` reports it). */
export interface SimTypeField {
  name: string;
  offset: number;
  /** Name of the field's type in `SimDump.type()`: "_LIST_ENTRY", "unsigned long", "_KTHREAD *", "_OWNER_ENTRY[2]". */
  type: string;
  /** Bit fields only. */
  bitPosition?: number;
  bitLength?: number;
}

export interface SimType {
  name: string;
  kind: "udt" | "pointer" | "array" | "intrinsic" | "enum";
  size: number;
  /** udt: members in offset order (unions list every member at its offset). */
  fields?: SimTypeField[];
  /** pointer: pointee type name; array: element type name. */
  target?: string;
  /** array: element count. */
  count?: number;
}

/** Thrown by SimMemory.read for unreadable memory; the mock host turns it into a JsProvider-style Error. */
export class SimMemoryError extends Error {
  constructor(public readonly address: bigint, public readonly length: number) {
    super(`Unable to read memory at Address 0x${address.toString(16)}`);
  }
}

/** Sparse little-endian memory, page-granular (4 KiB): a page is present, absent or unreadable. */
export interface SimMemory {
  /** Throws SimMemoryError when any byte of [addr, addr+length) is absent or unreadable. `view`: the result may share
   * the dump's storage (the caller copies it at once and never writes to it). */
  read(addr: bigint, length: number, view?: boolean): Uint8Array;
  isReadable(addr: bigint, length: number): boolean;
  /** Readable and inside what the dump holds of each page: the first to the last byte ever written or committed there
   * (the `partial-pages` host profile serves only these ranges). */
  isHeld(addr: bigint, length: number): boolean;
  write(addr: bigint, bytes: Uint8Array): void;
  /** Marks every page touching [from, to] (inclusive) unreadable. */
  makeUnreadable(from: bigint, to: bigint): void;
  /** Number of present pages (for tests and the bench). */
  readonly pageCount: number;
}

export interface SimModule {
  /** Short name as lm shows it ("nt", "idmtdi"). */
  name: string;
  /** Image file name ("ntkrnlpa.exe", "idmtdi.sys"). */
  image: string;
  /** What the data model's Module.Name shows: the base name for nt and hal, "\\SystemRoot\\system32\\drivers\\x.sys" otherwise. */
  path: string;
  base: bigint;
  size: number;
  company: string | null;
  symbols: "pdb" | "export" | "none";
}

export interface SimFrame {
  /** The scenario's string ("afd!AfdDispatch+0x79"); "module+0xoff" when the module has no symbols. */
  text: string;
  /** Inside the named module (symbol placed deterministically + offset); the bare address for "0x7c82860c". */
  instructionOffset: bigint;
}

export interface SimThread {
  /** ETHREAD address. */
  address: bigint;
  tid: number;
  /** "unavailable": the kernel stack is not resident (data model access throws). */
  stack: SimFrame[] | "unavailable";
}

export interface SimProcess {
  /** EPROCESS address. */
  address: bigint;
  pid: number;
  name: string;
  threads: SimThread[];
}

export interface SimDump {
  os: OsName;
  pointerSize: 4 | 8;
  kind: "kernel" | "user";
  /** false: nt type info and nt symbols are missing (getModuleType/getModuleSymbolAddress for "nt" give null). */
  ntSymbols: boolean;
  memory: SimMemory;
  /** Type info by module and name ("nt", "_ERESOURCE"); also resolves derived names ("_KTHREAD *", "_OWNER_ENTRY[2]"). */
  type(module: string, name: string): SimType | undefined;
  /** Global symbol address ("nt", "PsActiveProcessHead"), undefined when unknown. */
  symbolAddress(module: string, name: string): bigint | undefined;
  /**
   * What `ln` shows for an address: nearest symbol at or below it in a module with symbols
   * ("afd!AfdRestartBufferReceiveWithUserIrp", "afd!AfdDispatch+0x79"), "idmtdi+0x64d0" in a module without symbols,
   * null outside every module.
   */
  symbolize(addr: bigint): string | null;
  /** Kernel modules in load order. */
  modules: SimModule[];
  /** Processes as the data model lists them (PsActiveProcessHead order), with their threads. */
  processes: SimProcess[];
  /** Facts for tests and the bench: counts of what was laid out. */
  stats: { processes: number; threads: number; resources: number; irps: number; devices: number };
}
