// The Target over WinDbg's JsProvider `host` (the only code that touches it). src/index.ts creates it once per command
// run, after initializeScript has returned (phase 2), and hands it to src/kernel/collect.ts.
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

/**
 * Commands the extension may run. Only fixed verbs followed by a hex number: no text taken from the dump can reach
 * the debugger's command line (a module or driver name could otherwise inject `; .shell ...`).
 */
const COMMAND_WHITELIST: RegExp[] = [/^(lmv a|ln) 0x[0-9a-f]{1,16}$/, /^lm$/];

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

function toInt64(addr: Addr): any {
  return host.parseInt64("0x" + addr, 16);
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
    if (start + length <= PAGE) return this.page(firstPage, addr, length).subarray(start, start + length);
    const out = new Uint8Array(length);
    let page = firstPage;
    let done = 0;
    let offset = start;
    while (done < length) {
      const bytes = this.page(page, addr, length);
      const take = Math.min(PAGE - offset, length - done);
      out.set(bytes.subarray(offset, offset + take), done);
      done += take;
      offset = 0;
      page = addrAdd(page, PAGE);
    }
    return out;
  }

  private page(page: Addr, addr: Addr, length: number): Uint8Array {
    const cached = this.pages.get(page);
    if (cached !== undefined) return cached;
    if (this.badPages.has(page)) throw new ReadError(addr, length, "page 0x" + page + " unreadable");
    let bytes: Uint8Array;
    try {
      const values = host.memory.readMemoryValues(toInt64(page), PAGE, 1);
      bytes = values instanceof Uint8Array ? values : new Uint8Array(values);
      if (bytes.length !== PAGE) throw new Error("short read (" + bytes.length + " bytes)");
    } catch (e) {
      if (this.badPages.size >= MAX_BAD_PAGES) this.badPages.clear();
      this.badPages.set(page, true);
      throw new ReadError(addr, length, message(e));
    }
    if (this.pages.size >= MAX_CACHED_PAGES) this.pages.clear();
    this.pages.set(page, bytes);
    return bytes;
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
      a = hostValueToAddr(host.getModuleSymbolAddress(module, symbol));
      if (a === "0") a = null;
    } catch (e) {
      a = null;
    }
    this.symbols[key] = a;
    return a;
  }

  modules(): ModuleInfo[] {
    if (this.moduleList !== null) return this.moduleList;
    const list: ModuleInfo[] = [];
    let mods: any = null;
    try {
      mods = host.currentProcess.Modules;
    } catch (e) {
      mods = null;
    }
    if (mods === null || mods === undefined) {
      try {
        for (const p of host.currentSession.Processes) {
          mods = p.Modules;
          break;
        }
      } catch (e) {
        mods = null;
      }
    }
    const lowest: Addr = this.pointerSize === 4 ? "80000000" : "ffff800000000000";
    if (mods !== null && mods !== undefined) {
      try {
        for (const m of mods) {
          try {
            const base = hostValueToAddr(m.BaseAddress);
            const size = hostValueToNumber(m.Size);
            if (base === null || size === null || addrCompare(base, lowest) < 0) continue;
            list.push({ name: String(m.Name), base: base, size: size });
          } catch (e) {
            // one unreadable module entry does not hide the others
          }
        }
      } catch (e) {
        // keep what was listed
      }
    }
    this.moduleList = list;
    return list;
  }

  stackFrames(pid: number, tid: number): FrameInfo[] | null {
    try {
      const thread = host.currentSession.Processes.getValueAt(pid).Threads.getValueAt(tid);
      const frames: FrameInfo[] = [];
      for (const f of thread.Stack.Frames) {
        if (frames.length >= MAX_FRAMES) break;
        const text = String(f.toString());
        let ip: Addr | null = null;
        try {
          ip = hostValueToAddr(f.Attributes.InstructionOffset);
        } catch (e) {
          ip = null;
        }
        frames.push({ text: text, instructionOffset: ip });
      }
      return frames;
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

/** The Target over the global `host`. Call only after initializeScript has returned (phase 2). */
export function createJsProviderTarget(): Target {
  return new JsProviderTarget();
}
