// The Target over WinDbg's JsProvider `host` (the only code that touches it). src/index.ts creates it once per command
// run, after initializeScript has returned (phase 2), and hands it to src/kernel/collect.ts.
//
// One path through every plausible host (reference/jsprovider-api.md §8, the simulator's host profiles): addresses the
// host produces are cut to the target's pointer width here (a 32-bit target's may come sign-extended); scalars may be
// numbers or Int64; Int64.toString(16) may lack "0x"; what readMemoryValues returns is copied before the next call (it
// may be a view the host reuses); a page that cannot be read whole is retried with the exact bytes wanted (dumps may
// hold ranges, not pages); processes and threads are found by getValueAt, then the key indexer, then by iteration
// matching Id; the kernel module list comes from the System process, then the current one (src/kernel/modules.ts
// falls back to `lm`); an empty Frames is a stack that could not be had.
import {
  Addr,
  addrAdd,
  addrCompare,
  addrFromNumber,
  addrFromParts,
  addrParts,
  addrToNumber,
  parseAddr,
} from "../addr";
import { FieldInfo, FrameInfo, ModuleInfo, ReadError, Target, TypeLayout } from "./target";

declare const host: any;

const PAGE = 4096;
/** Pages kept before the cache is dropped (64 MiB); one walk rarely revisits old pages, so a plain clear is enough. */
const MAX_CACHED_PAGES = 16384;
const MAX_BAD_PAGES = 65536;
const MAX_FRAMES = 64;
/** Exact-range reads that may fail on one page before the page is taken as unreadable (bounds the cost of a bad page). */
const MAX_EXACT_FAILURES = 8;
/** Processes/threads looked at when a process or thread has to be found by iterating (bounded, like every walk). */
const MAX_ITERATED = 100000;

/**
 * Commands the extension may run. Only fixed verbs followed by a hex number: no text taken from the dump can reach
 * the debugger's command line (a module or driver name could otherwise inject `; .shell ...`).
 */
const COMMAND_WHITELIST: RegExp[] = [/^(lmv a|ln) 0x[0-9a-f]{1,16}$/, /^lmv?$/];

export function isAllowedCommand(command: string): boolean {
  for (let i = 0; i < COMMAND_WHITELIST.length; i++) if (COMMAND_WHITELIST[i].test(command)) return true;
  return false;
}

function message(e: unknown): string {
  if (e && typeof e === "object" && "message" in (e as any)) return String((e as any).message);
  return String(e);
}

/**
 * A host 64-bit value (host.Int64) or number as an Addr. Never goes through valueOf (throws above 2^53 on the real
 * host): toString(16) gives "0x…" for an Int64 and bare hex for a number; getHighPart/getLowPart as a fallback.
 */
export function hostValueToAddr(v: any): Addr | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") {
    if (v >= 0 && Math.floor(v) === v && v <= 9007199254740991) return addrFromNumber(v);
    if (v < 0 && Math.floor(v) === v && v >= -2147483648) return addrFromParts(0xffffffff, v >>> 0);
    return null;
  }
  try {
    let s = String(v.toString(16));
    if (s.slice(0, 2).toLowerCase() === "0x") s = s.slice(2);
    const a = parseAddr(s);
    if (a !== null) return a;
  } catch (e) {
    // fall through to the parts
  }
  try {
    const hi = v.getHighPart();
    const lo = v.getLowPart();
    if (typeof hi === "number" && typeof lo === "number") return addrFromParts(hi >>> 0, lo >>> 0);
    const h2 = hostValueToAddr(hi);
    const l2 = hostValueToAddr(lo);
    if (h2 !== null && l2 !== null) return addrFromParts(addrParts(h2).lo, addrParts(l2).lo);
  } catch (e) {
    // not a 64-bit value
  }
  return null;
}

/** A host size/offset (number or Int64) as a JS number; null when absent or too large. */
export function hostValueToNumber(v: any): number | null {
  if (typeof v === "number") return v;
  const a = hostValueToAddr(v);
  return a === null ? null : addrToNumber(a);
}

/**
 * An address the host produced, at the target's pointer width. On a 32-bit target the host may sign-extend
 * (0xffffffff80800000, as dbgeng's API wants 32-bit addresses) or not; both become "80800000". Anything else above
 * 32 bits is no address of a 32-bit target: null.
 */
export function hostAddress(v: any, pointerSize: 4 | 8): Addr | null {
  const a = hostValueToAddr(v);
  if (a === null || pointerSize === 8 || a.length <= 8) return a;
  const p = addrParts(a);
  if (p.hi === 0xffffffff && p.lo >= 0x80000000) return addrFromParts(0, p.lo);
  return null;
}

function toInt64(addr: Addr): any {
  return host.parseInt64("0x" + addr, 16);
}

/**
 * A copy of what readMemoryValues returned: the host may hand out a typed array over a buffer it reuses on the next
 * call, and the array may come from another realm (so no instanceof test decides anything here).
 */
function copyBytes(values: any, length: number): Uint8Array {
  const n = values === null || values === undefined ? -1 : Number(values.length);
  if (n !== length) throw new Error("short read (" + n + " bytes)");
  const out = new Uint8Array(length);
  out.set(values);
  return out;
}

interface Node {
  offset: number;
  type: any;
}

class JsTypeLayout implements TypeLayout {
  private readonly nodes: { [path: string]: Node | null } = {};
  private readonly infos: { [path: string]: FieldInfo | null } = {};

  constructor(readonly name: string, readonly size: number, root: any) {
    this.nodes[""] = { offset: 0, type: root };
  }

  field(path: string): FieldInfo | null {
    if (Object.prototype.hasOwnProperty.call(this.infos, path)) return this.infos[path];
    let info: FieldInfo | null = null;
    const node = this.node(path);
    if (node !== null && path !== "") {
      try {
        info = describe(node);
      } catch (e) {
        info = null;
      }
    }
    this.infos[path] = info;
    return info;
  }

  /** Descends fields.A.type.fields.B…, one host access per path prefix (cached). */
  private node(path: string): Node | null {
    if (Object.prototype.hasOwnProperty.call(this.nodes, path)) return this.nodes[path];
    const dot = path.lastIndexOf(".");
    const parent = this.node(dot < 0 ? "" : path.slice(0, dot));
    const leaf = dot < 0 ? path : path.slice(dot + 1);
    let result: Node | null = null;
    if (parent !== null) {
      try {
        const fields = parent.type.fields;
        const f = fields ? fields[leaf] : undefined;
        if (f !== undefined && f !== null) {
          const off = hostValueToNumber(f.offset);
          if (off !== null) result = { offset: parent.offset + off, type: f.type };
        }
      } catch (e) {
        result = null;
      }
    }
    this.nodes[path] = result;
    return result;
  }
}

function describe(node: Node): FieldInfo {
  const t = node.type;
  let size = 0;
  let typeName = "";
  let bitPosition = 0;
  let bitLength = 0;
  try {
    size = hostValueToNumber(t.size) || 0;
  } catch (e) {
    size = 0;
  }
  try {
    typeName = String(t.name);
  } catch (e) {
    typeName = "";
  }
  // Bit-field placement belongs to the field's type (IDebugHostType::GetBitField).
  try {
    if (t.isBitField) {
      const pos = t.bitFieldPositions;
      bitPosition = hostValueToNumber(pos.lsb) || 0;
      bitLength = hostValueToNumber(pos.length) || 0;
    }
  } catch (e) {
    bitPosition = 0;
    bitLength = 0;
  }
  return { offset: node.offset, size: size, typeName: typeName, bitPosition: bitPosition, bitLength: bitLength };
}

class JsProviderTarget implements Target {
  readonly pointerSize: 4 | 8;
  private readonly kernel: boolean;
  private readonly pages = new Map<Addr, Uint8Array>();
  private readonly badPages = new Map<Addr, boolean>();
  /** Pages that could not be read whole: each read there asks for its exact bytes (count of those that failed). */
  private readonly partialPages = new Map<Addr, number>();
  private readonly types: { [key: string]: TypeLayout | null } = {};
  private readonly symbols: { [key: string]: Addr | null } = {};
  private moduleList: ModuleInfo[] | null = null;

  constructor() {
    const attrs = host.currentSession.Attributes;
    const ps = hostValueToNumber(attrs.Machine.PointerSize);
    this.pointerSize = ps === 4 ? 4 : 8;
    let kernel = false;
    try {
      kernel = attrs.Target.IsKernelTarget === true;
    } catch (e) {
      kernel = false;
    }
    this.kernel = kernel;
  }

  isKernelTarget(): boolean {
    return this.kernel;
  }

  read(addr: Addr, length: number): Uint8Array {
    if (length <= 0) return new Uint8Array(0);
    // Page and offset straight from the canonical hex (the last three digits are the offset in a 4 KiB page): this
    // runs once per struct of every walk, so it avoids parsing and re-formatting the address.
    const n = addr.length;
    const start = n <= 3 ? parseInt(addr, 16) : parseInt(addr.slice(n - 3), 16);
    const firstPage = n <= 3 ? "0" : addr.slice(0, n - 3) + "000";
    if (start + length <= PAGE) {
      const bytes = this.page(firstPage, addr, length);
      return bytes !== null ? bytes.subarray(start, start + length) : this.exact(firstPage, addr, length);
    }
    const out = new Uint8Array(length);
    let page = firstPage;
    let done = 0;
    let offset = start;
    while (done < length) {
      const bytes = this.page(page, addr, length);
      if (bytes === null) return this.exact(page, addr, length);
      const take = Math.min(PAGE - offset, length - done);
      out.set(bytes.subarray(offset, offset + take), done);
      done += take;
      offset = 0;
      page = addrAdd(page, PAGE);
    }
    return out;
  }

  /** A whole page from the cache or one bulk read; null when the page is readable only in parts. Throws ReadError. */
  private page(page: Addr, addr: Addr, length: number): Uint8Array | null {
    const cached = this.pages.get(page);
    if (cached !== undefined) return cached;
    if (this.badPages.has(page)) throw new ReadError(addr, length, "page 0x" + page + " unreadable");
    if (this.partialPages.has(page)) return null;
    let bytes: Uint8Array;
    try {
      bytes = copyBytes(host.memory.readMemoryValues(toInt64(page), PAGE, 1), PAGE);
    } catch (e) {
      // The dump may hold only part of the page: the caller retries with the exact range before calling it bad.
      if (this.partialPages.size >= MAX_BAD_PAGES) this.partialPages.clear();
      this.partialPages.set(page, 0);
      return null;
    }
    if (this.pages.size >= MAX_CACHED_PAGES) this.pages.clear();
    this.pages.set(page, bytes);
    return bytes;
  }

  /** The exact bytes wanted, on a page that could not be read whole (`page` is the one that failed). */
  private exact(page: Addr, addr: Addr, length: number): Uint8Array {
    try {
      return copyBytes(host.memory.readMemoryValues(toInt64(addr), length, 1), length);
    } catch (e) {
      const failures = (this.partialPages.get(page) || 0) + 1;
      if (failures >= MAX_EXACT_FAILURES) {
        this.partialPages.delete(page);
        if (this.badPages.size >= MAX_BAD_PAGES) this.badPages.clear();
        this.badPages.set(page, true);
      } else {
        this.partialPages.set(page, failures);
      }
      throw new ReadError(addr, length, message(e));
    }
  }

  getType(typeName: string, module?: string): TypeLayout | null {
    const mod = module || "nt";
    const key = mod + "!" + typeName;
    if (Object.prototype.hasOwnProperty.call(this.types, key)) return this.types[key];
    let layout: TypeLayout | null = null;
    try {
      const t = host.getModuleType(mod, typeName);
      if (t !== null && t !== undefined) {
        const size = hostValueToNumber(t.size);
        if (size !== null) layout = new JsTypeLayout(typeName, size, t);
      }
    } catch (e) {
      layout = null;
    }
    this.types[key] = layout;
    return layout;
  }

  getSymbolAddress(module: string, symbol: string): Addr | null {
    const key = module + "!" + symbol;
    if (Object.prototype.hasOwnProperty.call(this.symbols, key)) return this.symbols[key];
    let a: Addr | null = null;
    try {
      a = hostAddress(host.getModuleSymbolAddress(module, symbol), this.pointerSize);
      if (a === "0") a = null;
    } catch (e) {
      a = null;
    }
    this.symbols[key] = a;
    return a;
  }

  modules(): ModuleInfo[] {
    if (this.moduleList !== null) return this.moduleList;
    // The System process's Modules is the kernel's list; host.currentProcess may be the process that was current when
    // the dump was written (its list adds user-mode images, or may be missing). Kernel-range entries only, either way.
    const lowest: Addr = this.pointerSize === 4 ? "80000000" : "ffff800000000000";
    let list: ModuleInfo[] = [];
    const sources: (() => any)[] = [() => this.systemProcess(), () => host.currentProcess];
    for (let i = 0; i < sources.length && list.length === 0; i++) {
      let mods: any = null;
      try {
        const p = sources[i]();
        mods = p === null || p === undefined ? null : p.Modules;
      } catch (e) {
        mods = null;
      }
      if (mods !== null && mods !== undefined) list = this.kernelModules(mods, lowest);
    }
    this.moduleList = list;
    return list;
  }

  private kernelModules(mods: any, lowest: Addr): ModuleInfo[] {
    const list: ModuleInfo[] = [];
    try {
      for (const m of mods) {
        try {
          const base = hostAddress(m.BaseAddress, this.pointerSize);
          const size = hostValueToNumber(m.Size);
          if (base === null || size === null || addrCompare(base, lowest) < 0) continue;
          list.push({ name: String(m.Name), base: base, size: size });
        } catch (e) {
          // one unreadable module entry does not hide the others
        }
        if (list.length >= MAX_ITERATED) break;
      }
    } catch (e) {
      // keep what was listed
    }
    return list;
  }

  /** The System process (PID 4) of the data model, or null. */
  private systemProcess(): any {
    return this.processById(4);
  }

  /** `Processes[pid]` through getValueAt, then the key indexer, then iteration matching Id. */
  private processById(pid: number): any {
    let processes: any;
    try {
      processes = host.currentSession.Processes;
    } catch (e) {
      return null;
    }
    return byKey(processes, pid);
  }

  stackFrames(pid: number, tid: number): FrameInfo[] | null {
    try {
      const owner = this.processById(pid);
      if (owner === null) return null;
      const thread = byKey(owner.Threads, tid);
      if (thread === null) return null;
      const frames: FrameInfo[] = [];
      for (const f of thread.Stack.Frames) {
        if (frames.length >= MAX_FRAMES) break;
        const text = String(f.toString());
        let ip: Addr | null = null;
        try {
          ip = hostAddress(f.Attributes.InstructionOffset, this.pointerSize);
        } catch (e) {
          ip = null;
        }
        frames.push({ text: text, instructionOffset: ip });
      }
      // Every thread has at least one frame: an empty Frames is a stack the host could not read.
      return frames.length > 0 ? frames : null;
    } catch (e) {
      return null;
    }
  }

  executeCommand(command: string): string[] {
    if (!isAllowedCommand(command)) throw new Error("command not allowed: " + JSON.stringify(command));
    const out = host.namespace.Debugger.Utility.Control.ExecuteCommand(command);
    const lines: string[] = [];
    // Copied once: the returned collection may be consumed by iteration. Whether the host splits a dump string that
    // holds a line break (a CompanyName, a symbol name) into two elements is UNCONFIRMED; splitting here gives the
    // parsers the same lines either way, so a forged line is always seen as one (src/kernel/modules.ts distrusts it).
    for (const line of out) {
      const parts = String(line).split(/\r\n|\r|\n/);
      for (let i = 0; i < parts.length; i++) lines.push(parts[i]);
    }
    return lines;
  }

  log(text: string): void {
    try {
      host.diagnostics.debugLog(text);
    } catch (e) {
      // nowhere else to say it
    }
  }
}

/**
 * The element of a keyed data-model collection (Processes by PID, Threads by TID): getValueAt where the host projects
 * it, then JS indexing by key, then a bounded iteration comparing Id (a number or an Int64). null when not found.
 */
function byKey(collection: any, key: number): any {
  if (collection === null || collection === undefined) return null;
  try {
    if (typeof collection.getValueAt === "function") {
      const v = collection.getValueAt(key);
      if (v !== null && v !== undefined) return v;
    }
  } catch (e) {
    // not projected, or it rejects a number key
  }
  try {
    const v = collection[key];
    if (v !== null && v !== undefined && typeof v === "object") return v;
  } catch (e) {
    // no key indexer
  }
  try {
    let seen = 0;
    for (const item of collection) {
      if (++seen > MAX_ITERATED) break;
      try {
        if (hostValueToNumber(item.Id) === key) return item;
      } catch (e) {
        // an element without a readable Id
      }
    }
  } catch (e) {
    // not iterable
  }
  return null;
}

/** The Target over the global `host`. Call only after initializeScript has returned (phase 2). */
export function createJsProviderTarget(): Target {
  return new JsProviderTarget();
}
