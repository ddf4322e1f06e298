// Symbols of the simulated dump: where each `module!function` named by a stack frame lives, global data symbols
// (nt!PsActiveProcessHead, a resource's "mod!name"), and what `ln` prints for an address. Built by build-dump.ts,
// served through SimDump.symbolAddress/symbolize.
//
// Placement (deterministic and stable for a given set of names): a module's code region is
// [base+0x1000, base+0.6*size) cut into 0x1000-byte slots; a function goes to the slot its FNV-1a name hash picks
// (linear probing over names in sorted order, several slots when its largest frame offset needs them), at a
// 16-byte-aligned jitter inside the slot. When slots run out the remaining functions are packed after the last used
// address. Data symbols are given addresses (build-dump.ts allocates nt's in the module's upper part).
import type { SimModule } from "./dump";
import { ScenarioError } from "./scenario";

const SLOT = 0x1000;

export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

interface Sym {
  addr: bigint;
  name: string;
}

interface ModSyms {
  module: SimModule;
  byName: Map<string, bigint>;
  sorted: Sym[] | null;
  list: Sym[];
}

export class SymbolTable {
  private readonly mods = new Map<string, ModSyms>();
  private byBase: ModSyms[] = [];

  constructor(modules: SimModule[], private readonly ntSymbols: boolean) {
    for (const m of modules) this.mods.set(m.name.toLowerCase(), { module: m, byName: new Map(), sorted: null, list: [] });
    this.byBase = Array.from(this.mods.values()).sort((a, b) => (a.module.base < b.module.base ? -1 : 1));
  }

  module(name: string): SimModule | undefined {
    return this.mods.get(name.toLowerCase())?.module;
  }

  /** The module containing an address, if any. */
  moduleAt(addr: bigint): SimModule | undefined {
    let lo = 0;
    let hi = this.byBase.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = this.byBase[mid].module;
      if (addr < m.base) hi = mid - 1;
      else if (addr >= m.base + BigInt(m.size)) lo = mid + 1;
      else return m;
    }
    return undefined;
  }

  add(moduleName: string, name: string, addr: bigint): void {
    const ms = this.mods.get(moduleName.toLowerCase());
    if (!ms) throw new Error(`symbols: no module ${moduleName}`);
    if (ms.byName.has(name)) return;
    ms.byName.set(name, addr);
    ms.list.push({ addr, name });
    ms.sorted = null;
  }

  /**
   * Places functions of one module. `funcs` maps a function name to the largest offset any frame uses. Returns the
   * addresses (also added to the table).
   */
  placeFunctions(moduleName: string, funcs: Map<string, number>, fileLabel: string): Map<string, bigint> {
    const ms = this.mods.get(moduleName.toLowerCase());
    if (!ms) throw new Error(`symbols: no module ${moduleName}`);
    const m = ms.module;
    const out = new Map<string, bigint>();
    const regionStart = 0x1000;
    const regionEnd = Math.max(regionStart + SLOT, Math.floor((m.size * 0.6) / SLOT) * SLOT);
    const nSlots = Math.max(1, Math.floor((regionEnd - regionStart) / SLOT));
    const used = new Uint8Array(nSlots);
    const names = Array.from(funcs.keys()).filter((n) => !ms.byName.has(n)).sort();
    const leftovers: string[] = [];
    let highest = regionStart;
    for (const name of names) {
      const h = fnv1a(m.name.toLowerCase() + "!" + name);
      const jitter = ((h >>> 16) % 0x40) * 0x10;
      const need = Math.ceil((jitter + funcs.get(name)! + 1) / SLOT);
      let placed = -1;
      if (need <= nSlots) {
        const start = h % nSlots;
        for (let i = 0; i < nSlots && placed < 0; i++) {
          const s = (start + i) % nSlots;
          if (s + need > nSlots) continue;
          let free = true;
          for (let k = 0; k < need && free; k++) if (used[s + k]) free = false;
          if (free) placed = s;
        }
      }
      if (placed < 0) {
        leftovers.push(name);
        continue;
      }
      for (let k = 0; k < need; k++) used[placed + k] = 1;
      const off = regionStart + placed * SLOT + jitter;
      highest = Math.max(highest, regionStart + (placed + need) * SLOT);
      out.set(name, m.base + BigInt(off));
    }
    let cursor = highest;
    for (const name of leftovers) {
      const off = cursor;
      cursor = off + Math.ceil((funcs.get(name)! + 1 + 0x10) / 0x10) * 0x10;
      if (cursor > m.size) {
        throw new ScenarioError(`${fileLabel}: modules: ${m.name} (size 0x${m.size.toString(16)}) is too small for the ${funcs.size} functions its frames name`);
      }
      out.set(name, m.base + BigInt(off));
    }
    for (const [n, a] of out) this.add(m.name, n, a);
    return out;
  }

  /** Address of a global (function or data), undefined when unknown or when the module has no symbols. */
  symbolAddress(moduleName: string, name: string): bigint | undefined {
    const ms = this.mods.get(moduleName.toLowerCase());
    if (!ms || !this.hasSymbols(ms.module)) return undefined;
    return ms.byName.get(name);
  }

  /** The placed address regardless of symbol availability (frames need it even without symbols). */
  rawAddress(moduleName: string, name: string): bigint | undefined {
    return this.mods.get(moduleName.toLowerCase())?.byName.get(name);
  }

  private hasSymbols(m: SimModule): boolean {
    if (m.symbols === "none") return false;
    if (m.name.toLowerCase() === "nt" && !this.ntSymbols) return false;
    return true;
  }

  /** What `ln` shows: "mod!name", "mod!name+0xoff", "mod+0xoff" (no symbols / none below), null outside modules. */
  symbolize(addr: bigint): string | null {
    const m = this.moduleAt(addr);
    if (!m) return null;
    const modOff = `${m.name}+0x${(addr - m.base).toString(16)}`;
    if (!this.hasSymbols(m)) return modOff;
    const ms = this.mods.get(m.name.toLowerCase())!;
    if (!ms.sorted) ms.sorted = ms.list.slice().sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : a.name < b.name ? -1 : 1));
    const s = ms.sorted;
    let lo = 0;
    let hi = s.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid].addr <= addr) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best < 0) return modOff;
    // Several symbols at one address: the first by name, as the sort put it.
    let b = best;
    while (b > 0 && s[b - 1].addr === s[best].addr) b--;
    const d = addr - s[b].addr;
    return d === 0n ? `${m.name}!${s[b].name}` : `${m.name}!${s[b].name}+0x${d.toString(16)}`;
  }
}
