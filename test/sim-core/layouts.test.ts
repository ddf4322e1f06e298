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

// Processor structures (not in the shared reference): each expected offset below is copied from the public
// PDB-derived source named in test/sim/layouts.ts (volatility win2003_sp2_x86_vtypes.py; ntdiff/headers Win7_SP1 x64
// _KPRCB.h; ntdiff/headers Win10_20H2 x64 _KPRCB.h). A null is "no such field in this build".
describe("processor layouts (KPRCB, KDPC_DATA, KDPC) match their public sources", () => {
  type R = [string, string, number | null, number | null, number | null];
  const rows: R[] = [
    ["_KPRCB", "*sizeof*", 0xec0, 0x4d00, 0xaf00],
    ["_KPRCB", "CurrentThread", 0x4, 0x8, 0x8],
    ["_KPRCB", "NextThread", 0x8, 0x10, 0x10],
    ["_KPRCB", "IdleThread", 0xc, 0x18, 0x18],
    ["_KPRCB", "Number", 0x10, 0x24, 0x24],
    ["_KPRCB", "KernelTime", 0x528, 0x4704, 0x7e84],
    ["_KPRCB", "UserTime", 0x52c, 0x4708, 0x7e88],
    ["_KPRCB", "DpcTime", 0x530, 0x470c, 0x7e8c],
    ["_KPRCB", "InterruptTime", 0x538, 0x4710, 0x7e90],
    ["_KPRCB", "DpcData", 0x920, 0x2180, 0x30c0],
    ["_KPRCB", "DpcData[1]", 0x934, 0x21a0, 0x30e8],
    ["_KPRCB", "DpcRoutineActive", 0x95a, 0x21da, 0x312a],
    ["_KPRCB", "CurrentDpcRoutine", null, null, 0x30a0],
    ["_KPRCB", "DpcData[0].DpcQueueDepth", 0x92c, 0x2198, 0x30d8],
    ["_KDPC_DATA", "*sizeof*", 0x14, 0x20, 0x28],
    ["_KDPC_DATA", "DpcListHead", 0x0, 0x0, null],
    ["_KDPC_DATA", "DpcList.ListHead", null, null, 0x0],
    ["_KDPC_DATA", "DpcList.LastEntry", null, null, 0x8],
    ["_KDPC_DATA", "DpcLock", 0x8, 0x10, 0x10],
    ["_KDPC_DATA", "DpcQueueDepth", 0xc, 0x18, 0x18],
    ["_KDPC_DATA", "DpcCount", 0x10, 0x1c, 0x1c],
    ["_KDPC_DATA", "ActiveDpc", null, null, 0x20],
    ["_KDPC", "*sizeof*", 0x20, 0x40, 0x40],
    ["_KDPC", "DpcListEntry", 0x4, 0x8, 0x8],
    ["_KDPC", "DeferredRoutine", 0xc, 0x18, 0x18],
    ["_KDPC", "DeferredContext", 0x10, 0x20, 0x20],
    ["_KDPC", "DpcData", 0x1c, 0x38, 0x38],
  ];
  const oses = ["ws2003sp2-x86", "ws2008r2sp1-x64", "win10-2004-x64"] as const;
  test.each(rows.flatMap((r) => oses.map((os, i) => [r[0], r[1], os, r[2 + i]] as const)))("%s.%s on %s = %s", (struct, field, os, expected) => {
    const L = layoutFor(os);
    if (field === "*sizeof*") expect(L.type(struct)?.size ?? null).toBe(expected);
    else expect(L.tryField(struct, field)?.offset ?? null).toBe(expected);
  });
  test.each([
    ["ws2003sp2-x86", "_LIST_ENTRY"], ["ws2008r2sp1-x64", "_LIST_ENTRY"], ["win10-2004-x64", "_SINGLE_LIST_ENTRY"],
  ] as const)("_KDPC.DpcListEntry on %s is a %s (Windows 8.1 made the DPC queue singly linked)", (os, type) => {
    expect(layoutFor(os).field("_KDPC", "DpcListEntry").type).toBe(type);
  });
});

// Object manager structures (not in the shared reference): each expected value is from the public sources named in
// test/sim/layouts.ts (Geoff Chappell's OBJECT_DIRECTORY / OBJECT_DIRECTORY_ENTRY pages, `dt nt!_OBJECT_HEADER`,
// ReactOS obtypes.h). A null is "no such field in this build".
describe("object namespace layouts (OBJECT_HEADER, name info, directories) match their public sources", () => {
  type R = [string, string, number | null, number | null, number | null];
  const rows: R[] = [
    ["_OBJECT_HEADER", "*sizeof*", 0x20, 0x38, 0x38],
    ["_OBJECT_HEADER", "Type", 0x8, null, null],
    ["_OBJECT_HEADER", "NameInfoOffset", 0xc, null, null],
    ["_OBJECT_HEADER", "TypeIndex", null, 0x18, 0x18],
    ["_OBJECT_HEADER", "InfoMask", null, 0x1a, 0x1a],
    ["_OBJECT_HEADER", "Flags", 0xf, 0x1b, 0x1b],
    ["_OBJECT_HEADER", "Body", 0x18, 0x30, 0x30],
    ["_OBJECT_HEADER_NAME_INFO", "*sizeof*", 0x10, 0x20, 0x20],
    ["_OBJECT_HEADER_NAME_INFO", "Directory", 0x0, 0x0, 0x0],
    ["_OBJECT_HEADER_NAME_INFO", "Name", 0x4, 0x8, 0x8],
    ["_OBJECT_HEADER_NAME_INFO", "Name.Buffer", 0x8, 0x10, 0x10],
    ["_OBJECT_HEADER_CREATOR_INFO", "*sizeof*", 0x10, 0x20, 0x20],
    ["_OBJECT_DIRECTORY_ENTRY", "*sizeof*", 0xc, 0x18, 0x18],
    ["_OBJECT_DIRECTORY_ENTRY", "ChainLink", 0x0, 0x0, 0x0],
    ["_OBJECT_DIRECTORY_ENTRY", "Object", 0x4, 0x8, 0x8],
    ["_OBJECT_DIRECTORY_ENTRY", "HashValue", 0x8, 0x10, 0x10],
    ["_OBJECT_DIRECTORY", "*sizeof*", 0xa0, 0x150, 0x158],
    ["_OBJECT_DIRECTORY", "HashBuckets", 0x0, 0x0, 0x0],
    ["_OBJECT_DIRECTORY", "HashBuckets[36]", 0x90, 0x120, 0x120],
    ["_OBJECT_DIRECTORY", "Lock", 0x94, 0x128, 0x128],
    ["_OBJECT_DIRECTORY", "DeviceMap", 0x98, 0x130, 0x130],
    ["_OBJECT_DIRECTORY", "ShadowDirectory", null, null, 0x138],
  ];
  const oses = ["ws2003sp2-x86", "ws2008r2sp1-x64", "win10-2004-x64"] as const;
  test.each(rows.flatMap((r) => oses.map((os, i) => [r[0], r[1], os, r[2 + i]] as const)))("%s.%s on %s = %s", (struct, field, os, expected) => {
    const L = layoutFor(os);
    if (field === "*sizeof*") expect(L.type(struct)?.size ?? null).toBe(expected);
    else expect(L.tryField(struct, field)?.offset ?? null).toBe(expected);
  });
});
