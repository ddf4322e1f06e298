// Checks the simulator's type tables (test/sim/layouts.ts) against every offset and size in the shared reference
// ../shared/reference/kernel-structures.md, parsed from its tables, for the three layout sets we implement.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import type { OsName } from "../sim/dump";
import { layoutFor } from "../sim/layouts";

const REF = resolve(__dirname, "../../../shared/reference/kernel-structures.md");
const COLUMNS: Record<string, OsName> = {
  "2003 SP2 x86": "ws2003sp2-x86",
  "2008 R2 SP1 x64": "ws2008r2sp1-x64",
  "Win10 2004+ x64": "win10-2004-x64",
};

interface Row {
  struct: string;
  field: string; // "*sizeof*" for the size row
  type: string;
  values: Partial<Record<OsName, number | null>>;
  typeNames: Partial<Record<OsName, string>>;
}

function parseTables(md: string): Row[] {
  const rows: Row[] = [];
  let struct = "";
  let header: string[] | null = null;
  for (const line of md.split("\n")) {
    const h = /^####\s+(_[A-Z_0-9]+)/.exec(line);
    if (h) {
      struct = h[1];
      header = null;
      continue;
    }
    if (!struct || !line.startsWith("|")) continue;
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    if (cells[0] === "field") {
      header = cells;
      continue;
    }
    if (!header || /^-+$/.test(cells[0])) continue;
    const row: Row = { struct, field: cells[0], type: cells[1], values: {}, typeNames: {} };
    const unnamed = cells[1].split("/").map((x) => x.trim());
    header.forEach((col, i) => {
      const os = COLUMNS[col];
      if (!os) return;
      const v = cells[i];
      row.values[os] = v === "—" ? null : parseInt(v, 16);
      if (unnamed.length === 4 && unnamed.every((u) => u.startsWith("__unnamed_"))) row.typeNames[os] = unnamed[i - 2];
    });
    rows.push(row);
  }
  return rows;
}

const md = readFileSync(REF, "utf8");
const rows = parseTables(md);
const cases = rows.flatMap((r) => (Object.keys(r.values) as OsName[]).map((os) => ({ ...r, os, expected: r.values[os]! })));

describe("layouts match reference/kernel-structures.md", () => {
  test("the reference was parsed (tables for every structure we lay out)", () => {
    const structs = new Set(rows.map((r) => r.struct));
    for (const s of ["_ERESOURCE", "_OWNER_ENTRY", "_DISPATCHER_HEADER", "_KSEMAPHORE", "_KWAIT_BLOCK", "_KTHREAD",
      "_ETHREAD", "_KPROCESS", "_EPROCESS", "_IRP", "_IO_STACK_LOCATION", "_DEVICE_OBJECT", "_DRIVER_OBJECT",
      "_FILE_OBJECT", "_UNICODE_STRING", "_CLIENT_ID"]) expect(structs.has(s), s).toBe(true);
    expect(cases.length).toBeGreaterThan(400);
  });

  test.each(cases.map((c) => [c.struct, c.field, c.os, c.expected] as const))("%s.%s on %s = %s", (struct, field, os, expected) => {
    const L = layoutFor(os);
    if (field === "*sizeof*") {
      expect(L.type(struct)?.size).toBe(expected);
      return;
    }
    const f = L.tryField(struct, field);
    if (expected === null) expect(f).toBeNull();
    else expect(f?.offset).toBe(expected);
  });

  test.each(cases.filter((c) => c.typeNames[c.os]).map((c) => [c.struct, c.field, c.os, c.typeNames[c.os]!] as const))(
    "%s.%s on %s is typed %s", (struct, field, os, name) => {
      expect(layoutFor(os).field(struct, field).type).toBe(name);
    });
});

describe("layout facts stated in the reference's prose", () => {
  // "Other 2003 x86 KTHREAD fields [VOL]: WaitStatus 0x50, Alertable 0x58, ..." (kernel-structures.md, Threads)
  const other = /Other 2003 x86 KTHREAD fields \[VOL\]: ([^\n]+)/.exec(md)![1];
  const pairs = Array.from(other.matchAll(/([A-Za-z]+)(?: \([A-Z]+\))? (0x[0-9a-f]+)/g)).map((m) => [m[1], parseInt(m[2], 16)] as const);
  test("the 2003 KTHREAD note lists several fields", () => expect(pairs.length).toBeGreaterThanOrEqual(8));
  test.each(pairs)("2003 KTHREAD.%s = 0x%s", (field, off) => {
    expect(layoutFor("ws2003sp2-x86").offset("_KTHREAD", field)).toBe(off);
  });

  test.each([
    // "_LIST_ENTRY is {Flink +0, Blink +4} with size 8 on x86, and {Flink +0, Blink +8} with size 0x10 on x64"
    ["ws2003sp2-x86", "_LIST_ENTRY", "Blink", 4, 8],
    ["ws2008r2sp1-x64", "_LIST_ENTRY", "Blink", 8, 0x10],
    ["win10-2004-x64", "_LIST_ENTRY", "Blink", 8, 0x10],
    // "_KEVENT is just Header: 0x10 bytes on x86, 0x18 on x64"
    ["ws2003sp2-x86", "_KEVENT", "Header", 0, 0x10],
    ["win10-2004-x64", "_KEVENT", "Header", 0, 0x18],
    // Addendum: _KWAIT_CHAIN_ENTRY {ListEntry +0x0, Thread +0x10, Event +0x18; size 0x30}
    ["win10-2004-x64", "_KWAIT_CHAIN_ENTRY", "Thread", 0x10, 0x30],
    ["win10-2004-x64", "_KWAIT_CHAIN_ENTRY", "Event", 0x18, 0x30],
    // "KUSER_SHARED_DATA.TickCount at +0x320 (KSYSTEM_TIME) on all three versions"
    ["ws2003sp2-x86", "_KUSER_SHARED_DATA", "TickCount.LowPart", 0x320, 0x338],
    ["ws2008r2sp1-x64", "_KUSER_SHARED_DATA", "TickCount.LowPart", 0x320, 0x5f0],
    ["win10-2004-x64", "_KUSER_SHARED_DATA", "TickCount.LowPart", 0x320, 0x720],
  ] as const)("%s %s.%s at 0x%s (size 0x%s)", (os, struct, field, off, size) => {
    const L = layoutFor(os);
    expect(L.offset(struct, field)).toBe(off);
    expect(L.sizeOf(struct)).toBe(size);
  });

  test("_KWAIT_CHAIN_ENTRY exists only on win10 (modelled from public Win10+ layouts)", () => {
    expect(layoutFor("ws2003sp2-x86").type("_KWAIT_CHAIN_ENTRY")).toBeUndefined();
    expect(layoutFor("ws2008r2sp1-x64").type("_KWAIT_CHAIN_ENTRY")).toBeUndefined();
  });

  // OwnerCount: 2003 full long; 2008 R2 bits 2..31 (IoPriorityBoosted 0, OwnerReferenced 1); Win10 bits 3..31.
  test.each([
    ["ws2003sp2-x86", undefined, undefined, ["OwnerThread", "OwnerCount", "TableSize"]],
    ["ws2008r2sp1-x64", 2, 30, ["OwnerThread", "IoPriorityBoosted", "OwnerReferenced", "OwnerCount", "TableSize"]],
    ["win10-2004-x64", 3, 29, ["OwnerThread", "IoPriorityBoosted", "OwnerReferenced", "IoQoSPriorityBoosted", "OwnerCount", "TableSize"]],
  ] as const)("_OWNER_ENTRY.OwnerCount on %s: bit %s, %s bits", (os, pos, len, fields) => {
    const t = layoutFor(os).type("_OWNER_ENTRY")!;
    const oc = t.fields!.find((f) => f.name === "OwnerCount")!;
    expect(oc.bitPosition).toBe(pos);
    expect(oc.bitLength).toBe(len);
    expect(t.fields!.map((f) => f.name).sort()).toEqual([...fields].sort());
  });

  test.each([
    ["ws2003sp2-x86", true, false, false],
    ["ws2008r2sp1-x64", false, true, false],
    ["win10-2004-x64", false, true, true],
  ] as const)("version-specific fields on %s", (os, ownerThreads, ownerEntry, waitBlockCount) => {
    const L = layoutFor(os);
    expect(L.has("_ERESOURCE", "OwnerThreads")).toBe(ownerThreads);
    expect(L.has("_ERESOURCE", "OwnerEntry")).toBe(ownerEntry);
    expect(L.has("_ERESOURCE", "ActiveEntries")).toBe(ownerEntry);
    expect(L.has("_KTHREAD", "WaitBlockCount")).toBe(waitBlockCount);
    expect(L.has("_KWAIT_BLOCK", "NextWaitBlock")).toBe(!waitBlockCount);
  });
});

describe("derived type names", () => {
  test.each([
    ["ws2003sp2-x86", "_KTHREAD *", "pointer", 4, "_KTHREAD", undefined],
    ["win10-2004-x64", "_KTHREAD *", "pointer", 8, "_KTHREAD", undefined],
    ["ws2003sp2-x86", "_OWNER_ENTRY[2]", "array", 16, "_OWNER_ENTRY", 2],
    ["ws2008r2sp1-x64", "void *[28]", "array", 28 * 8, "void *", 28],
    ["ws2003sp2-x86", "unsigned char[16]", "array", 16, "unsigned char", 16],
    ["ws2008r2sp1-x64", "unsigned long", "intrinsic", 4, undefined, undefined],
    ["ws2008r2sp1-x64", "unsigned __int64", "intrinsic", 8, undefined, undefined],
  ] as const)("%s %s", (os, name, kind, size, target, count) => {
    const t = layoutFor(os).type(name)!;
    expect(t.kind).toBe(kind);
    expect(t.size).toBe(size);
    expect(t.target).toBe(target);
    expect(t.count).toBe(count);
  });

  test("unknown names resolve to nothing", () => {
    const L = layoutFor("ws2003sp2-x86");
    expect(L.type("_NO_SUCH_TYPE")).toBeUndefined();
    expect(L.type("_NO_SUCH_TYPE *")).toBeUndefined();
    expect(L.type("_NO_SUCH_TYPE[3]")).toBeUndefined();
  });

  test("every field type of every struct resolves (nested unnamed types included)", () => {
    for (const os of Object.values(COLUMNS)) {
      const L = layoutFor(os);
      for (const n of L.names()) {
        const t = L.type(n)!;
        for (const f of t.fields ?? []) {
          const ft = L.type(f.type);
          expect(ft, `${os} ${n}.${f.name}: ${f.type}`).toBeDefined();
          expect(f.offset + (f.bitLength ? 0 : ft!.size), `${os} ${n}.${f.name} inside the struct`).toBeLessThanOrEqual(t.size);
        }
      }
    }
  });
});
