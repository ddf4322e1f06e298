// Small hand-built SimDumps for the mock-host tests (test/sim-host/*.test.ts), independent of the scenario builder.
// Provenance: invented for these tests; the field names mirror nt's (_LIST_ENTRY, _UNICODE_STRING, ThreadListEntry)
// and the x64 addresses sit above 2^53 like real kernel addresses. Layouts are NOT the real OS layouts.
import type { SimDump, SimFrame, SimModule, SimProcess, SimType, SimTypeField } from "../sim/dump";
import { SimMemoryImpl } from "../sim/memory";

export interface Fixture {
  dump: SimDump;
  mem: SimMemoryImpl;
  /** Addresses of the laid-out objects. */
  at: {
    test: bigint;
    test2: bigint;
    inner: bigint;
    ustr: bigint;
    text: bigint;
    wtext: bigint;
    listHead: bigint;
    items: bigint[];
    unreadable: bigint;
    eprocess: bigint;
    ethread: bigint;
  };
}

const f = (name: string, offset: number, type: string, bits?: [number, number]): SimTypeField =>
  bits ? { name, offset, type, bitPosition: bits[0], bitLength: bits[1] } : { name, offset, type };

function baseTypes(ps: 4 | 8): Record<string, SimType> {
  const P = ps;
  return {
    "unsigned char": { name: "unsigned char", kind: "intrinsic", size: 1 },
    char: { name: "char", kind: "intrinsic", size: 1 },
    short: { name: "short", kind: "intrinsic", size: 2 },
    "unsigned short": { name: "unsigned short", kind: "intrinsic", size: 2 },
    long: { name: "long", kind: "intrinsic", size: 4 },
    "unsigned long": { name: "unsigned long", kind: "intrinsic", size: 4 },
    "unsigned __int64": { name: "unsigned __int64", kind: "intrinsic", size: 8 },
    wchar_t: { name: "wchar_t", kind: "intrinsic", size: 2 },
    void: { name: "void", kind: "intrinsic", size: 0 },
    _KTHREAD_STATE: { name: "_KTHREAD_STATE", kind: "enum", size: 4 },
    _LIST_ENTRY: {
      name: "_LIST_ENTRY",
      kind: "udt",
      size: 2 * P,
      fields: [f("Flink", 0, "_LIST_ENTRY *"), f("Blink", P, "_LIST_ENTRY *")],
    },
    _INNER: { name: "_INNER", kind: "udt", size: 8, fields: [f("A", 0, "unsigned long"), f("B", 4, "unsigned long")] },
    _TEST: {
      name: "_TEST",
      kind: "udt",
      size: 0x60,
      fields: [
        f("Byte", 0, "unsigned char"),
        f("Signed8", 1, "char"),
        f("Short", 2, "short"),
        f("Long", 4, "unsigned long"),
        f("Quad", 8, "unsigned __int64"),
        f("Next", 0x10, "_TEST *"),
        f("Inner", 0x18, "_INNER"),
        f("Arr", 0x20, "unsigned short[4]"),
        f("Low", 0x28, "unsigned long", [0, 3]),
        f("High", 0x28, "unsigned long", [3, 5]),
        f("address", 0x2c, "unsigned long"),
        f("Links", 0x30, "_LIST_ENTRY"),
        f("Opaque", 0x40, "void *"),
        f("InnerPtr", 0x48, "_INNER *"),
        f("State", 0x50, "_KTHREAD_STATE"),
      ],
    },
    _UNICODE_STRING: {
      name: "_UNICODE_STRING",
      kind: "udt",
      size: 2 * P,
      fields: [f("Length", 0, "unsigned short"), f("MaximumLength", 2, "unsigned short"), f("Buffer", P, "wchar_t *")],
    },
    _EPROCESS: { name: "_EPROCESS", kind: "udt", size: 0x40, fields: [f("UniqueProcessId", 0, "void *"), f("ThreadListHead", 0x10, "_LIST_ENTRY")] },
    _ETHREAD: { name: "_ETHREAD", kind: "udt", size: 0x40, fields: [f("ThreadListEntry", 0, "_LIST_ENTRY"), f("Tid", 0x20, "unsigned long")] },
    _ITEM: {
      name: "_ITEM",
      kind: "udt",
      size: 0x40,
      fields: [f("Value", 0, "unsigned long"), f("Tail", 0x10, "_TAIL")],
    },
    _TAIL: { name: "_TAIL", kind: "udt", size: 0x20, fields: [f("Pad", 0, "unsigned __int64"), f("ListEntry", 8, "_LIST_ENTRY")] },
  };
}

/** Resolves "T *" and "T[n]" from the base table, as SimDump.type does. */
function resolver(ps: 4 | 8, table: Record<string, SimType>) {
  return (module: string, name: string): SimType | undefined => {
    if (module !== "nt") return undefined;
    const n = name.trim();
    if (n.endsWith("*")) {
      const target = n.slice(0, -1).trim();
      return { name: n, kind: "pointer", size: ps, target };
    }
    const arr = /^(.*)\[(\d+)\]$/.exec(n);
    if (arr) {
      const el = resolver(ps, table)(module, arr[1].trim());
      if (!el) return undefined;
      return { name: n, kind: "array", size: el.size * Number(arr[2]), target: arr[1].trim(), count: Number(arr[2]) };
    }
    return table[n];
  };
}

const MODULES64: SimModule[] = [
  { name: "nt", image: "ntkrnlmp.exe", path: "ntkrnlmp.exe", base: 0xfffff80002c5f000n, size: 0x5dd000, company: "Microsoft Corporation", symbols: "pdb" },
  { name: "idmtdi", image: "idmtdi.sys", path: "\\SystemRoot\\system32\\DRIVERS\\idmtdi.sys", base: 0xfffff88003e00000n, size: 0x8000, company: null, symbols: "none" },
  { name: "afd", image: "afd.sys", path: "\\SystemRoot\\system32\\drivers\\afd.sys", base: 0xfffff88003a00000n, size: 0x40000, company: "Microsoft Corporation", symbols: "export" },
];

const MODULES32: SimModule[] = [
  { name: "nt", image: "ntkrnlpa.exe", path: "ntkrnlpa.exe", base: 0x80800000n, size: 0x1d0000, company: "Microsoft Corporation", symbols: "pdb" },
  { name: "idmtdi", image: "idmtdi.sys", path: "\\SystemRoot\\system32\\DRIVERS\\idmtdi.sys", base: 0xb9e90000n, size: 0x8000, company: "Tonec Inc.", symbols: "none" },
];

/** symbolize() over a tiny symbol table: exact name, name+0xoff, module+0xoff for modules without symbols. */
function symbolizer(modules: SimModule[], symbols: Record<string, bigint>) {
  return (addr: bigint): string | null => {
    const m = modules.find((x) => addr >= x.base && addr < x.base + BigInt(x.size));
    if (!m) return null;
    if (m.symbols === "none") return `${m.name}+0x${(addr - m.base).toString(16)}`;
    let best: [string, bigint] | null = null;
    for (const [name, a] of Object.entries(symbols)) {
      if (name.startsWith(m.name + "!") && a <= addr && (!best || a > best[1])) best = [name, a];
    }
    if (!best) return `${m.name}+0x${(addr - m.base).toString(16)}`;
    return addr === best[1] ? best[0] : `${best[0]}+0x${(addr - best[1]).toString(16)}`;
  };
}

function frames(list: [string, bigint][]): SimFrame[] {
  return list.map(([text, instructionOffset]) => ({ text, instructionOffset }));
}

/** An x64 kernel dump (addresses above 2^53) or, with pointerSize 4, an x86 one. kind "user" for a user dump. */
export function makeFixture(options: { pointerSize?: 4 | 8; kind?: "kernel" | "user" } = {}): Fixture {
  const ps = options.pointerSize ?? 8;
  const mem = new SimMemoryImpl(ps);
  const table = baseTypes(ps);
  const base = ps === 8 ? 0xffff988d80d05000n : 0x8a7f3000n;
  const at = {
    test: base + 0x100n,
    test2: base + 0x200n,
    inner: base + 0x300n,
    ustr: base + 0x400n,
    text: base + 0x500n,
    wtext: base + 0x600n,
    listHead: base + 0x700n,
    items: [base + 0x800n, base + 0x880n, base + 0x900n],
    unreadable: base + 0x2000n,
    eprocess: base + 0xa00n,
    ethread: base + 0xb00n,
  };
  mem.commit(base, 0x3000);
  mem.makeUnreadable(at.unreadable, at.unreadable + 0xfffn);

  // _TEST at at.test
  const t = at.test;
  mem.writeU8(t, 0xfe);
  mem.writeU8(t + 1n, 0xfe); // char -2
  mem.writeU16(t + 2n, 0xfffe); // short -2
  mem.writeU32(t + 4n, 0xdeadbeef);
  mem.writeU64(t + 8n, 0xffff988d80d05a90n);
  mem.writePtr(t + 0x10n, at.test2);
  mem.writeU32(t + 0x18n, 0x11);
  mem.writeU32(t + 0x1cn, 0x22);
  for (let i = 0; i < 4; i++) mem.writeU16(t + 0x20n + BigInt(2 * i), 0x100 + i);
  mem.writeU32(t + 0x28n, (0x15 << 3) | 0x5); // High = 0x15, Low = 5
  mem.writeU32(t + 0x2cn, 0x77); // the field named "address"
  mem.writePtr(t + 0x40n, at.inner); // void *
  mem.writePtr(t + 0x48n, at.inner); // _INNER *
  mem.writeU32(t + 0x50n, 5); // enum
  // _TEST #2: Next points into unreadable memory, Long = 2
  mem.writeU32(at.test2 + 4n, 2);
  mem.writePtr(at.test2 + 0x10n, at.unreadable + 0x10n);
  mem.writePtr(at.test2 + 0x48n, 0n); // NULL _INNER *
  mem.writeU32(at.inner, 0xaaaa);
  mem.writeU32(at.inner + 4n, 0xbbbb);

  // strings
  mem.write(at.text, new TextEncoder().encode("wspsrv.exe\0"));
  const w = "\\Driver\\IDMTDI";
  for (let i = 0; i < w.length; i++) mem.writeU16(at.wtext + BigInt(2 * i), w.charCodeAt(i));
  mem.writeU16(at.wtext + BigInt(2 * w.length), 0);
  mem.writeU16(at.ustr, 2 * w.length);
  mem.writeU16(at.ustr + 2n, 2 * w.length + 2);
  mem.writePtr(at.ustr + BigInt(ps), at.wtext);

  // A list head -> items[0..2] (_ITEM via Tail.ListEntry at +0x18), circular back to the head.
  const linkOf = (item: bigint) => item + 0x18n;
  const nodes = [at.listHead, ...at.items.map(linkOf)];
  for (let i = 0; i < nodes.length; i++) {
    mem.writePtr(nodes[i], nodes[(i + 1) % nodes.length]);
    mem.writePtr(nodes[i] + BigInt(ps), nodes[(i + nodes.length - 1) % nodes.length]);
  }
  at.items.forEach((it, i) => mem.writeU32(it, 100 + i));

  // EPROCESS/ETHREAD for KernelObject
  mem.writePtr(at.eprocess, 0x4n);
  mem.writeU32(at.ethread + 0x20n, 0x18a8);

  const modules = ps === 8 ? MODULES64 : MODULES32;
  const nt = modules[0].base;
  const symbols: Record<string, bigint> = {
    "nt!KiSwapContext": nt + 0x1000n,
    "nt!KeWaitForSingleObject": nt + 0x2000n,
    "nt!PsActiveProcessHead": nt + 0x100000n,
    "afd!AfdDispatch": ps === 8 ? 0xfffff88003a01000n : 0n,
  };
  const processes: SimProcess[] = [
    {
      address: at.eprocess,
      pid: 4,
      name: "System",
      threads: [
        {
          address: at.ethread,
          tid: 8,
          stack: frames([
            ["nt!KiSwapContext+0x26", nt + 0x1026n],
            ["nt!KeWaitForSingleObject+0x346", nt + 0x2346n],
          ]),
        },
      ],
    },
    {
      address: at.eprocess + 0x40n,
      pid: 0x1074,
      name: "wspsrv.exe",
      threads: [
        {
          address: at.ethread + 0x40n,
          tid: 0x18a8,
          stack: frames([
            ["nt!KiSwapContext+0x26", nt + 0x1026n],
            ["idmtdi+0x1063", modules[1].base + 0x1063n],
            ["0x7c82860c", 0x7c82860cn],
          ]),
        },
        { address: at.ethread + 0x80n, tid: 0x18c8, stack: "unavailable" },
      ],
    },
  ];
  const dump: SimDump = {
    os: ps === 8 ? "ws2008r2sp1-x64" : "ws2003sp2-x86",
    pointerSize: ps,
    kind: options.kind ?? "kernel",
    ntSymbols: true,
    memory: mem,
    type: resolver(ps, table),
    symbolAddress: (module, name) => symbols[`${module}!${name}`],
    symbolize: symbolizer(modules, symbols),
    modules,
    processes,
    stats: { processes: 2, threads: 3, resources: 0, irps: 0, devices: 0 },
  };
  return { dump, mem, at };
}
