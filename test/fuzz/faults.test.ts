// The simulator's damage faults (test/sim/build-dump.ts header table, scenario.ts readFault): corrupt (field by name,
// `->` through pointers, an IRP's Location[k], raw offsets and raw addresses; value, xor, bytes, text), wild pointers,
// non-resident stacks; plus the object registry and lists that BuiltDump exposes for the fuzzer. Fixtures: the shared
// scenarios (/work/shared/scenarios) and test/scenarios (provenance in each file / its README), background trimmed.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type BuiltDump, buildDump } from "../sim/build-dump";
import { parseScenario, ScenarioError } from "../sim/scenario";

const SHARED = "/work/shared/scenarios/";
const OWN = resolve(dirname(fileURLToPath(import.meta.url)), "../scenarios") + "/";

function scenario(name: string, faults: unknown[] = []): any {
  const j = JSON.parse(readFileSync(name.startsWith("/") ? name : SHARED + name, "utf8"));
  if (j.background) j.background.resources = 50;
  j.faults = faults;
  return j;
}

const seed = (faults: unknown[] = []) => buildDump(parseScenario(scenario("seed-isa-idmtdi.json", faults), "seed"));

function u(d: BuiltDump, a: bigint, size: number): bigint {
  const b = d.memory.read(a, size);
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
}

const off = (d: BuiltDump, type: string, path: string) => BigInt(d.layout.offset(type, path));

describe("corrupt", () => {
  it("writes a field by name through the layout, with the field's size", () => {
    const d = seed([{ kind: "corrupt", what: "irp:88bb1a68", field: "StackCount", value: "0xff" }]);
    expect(u(d, 0x88bb1a68n + off(d, "_IRP", "StackCount"), 1)).toBe(0xffn);
    // The neighbour (CurrentLocation) is untouched.
    expect(u(d, 0x88bb1a68n + off(d, "_IRP", "CurrentLocation"), 1)).toBe(2n);
  });

  it("xors, and writes raw bytes", () => {
    const clean = seed();
    const flags = u(clean, 0x8a7f3008n + off(clean, "_ERESOURCE", "Flag"), 2);
    const d = seed([
      { kind: "corrupt", what: "resource:8a7f3008", field: "Flag", xor: "0x80" },
      { kind: "corrupt", what: "resource:8a7f3008", field: "ContentionCount", bytes: "01020304" },
    ]);
    expect(u(d, 0x8a7f3008n + off(d, "_ERESOURCE", "Flag"), 2)).toBe(flags ^ 0x80n);
    expect(u(d, 0x8a7f3008n + off(d, "_ERESOURCE", "ContentionCount"), 4)).toBe(0x04030201n);
  });

  it("reaches thread fields through KTHREAD and an IRP's stack locations by !irp number", () => {
    const d = seed([
      { kind: "corrupt", what: "thread:84149020", field: "State", value: 5 },
      { kind: "corrupt", what: "irp:88bb1a68", field: "Location[2].DeviceObject", value: "0x8a85d020" },
    ]);
    expect(u(d, 0x84149020n + off(d, "_KTHREAD", "State"), 1)).toBe(5n);
    const loc2 = 0x88bb1a68n + BigInt(d.layout.sizeOf("_IRP") + d.layout.sizeOf("_IO_STACK_LOCATION"));
    expect(u(d, loc2 + off(d, "_IO_STACK_LOCATION", "DeviceObject"), 4)).toBe(0x8a85d020n);
  });

  it("follows pointers with ->", () => {
    const clean = seed();
    const drv = u(clean, 0x8a85d020n + off(clean, "_DEVICE_OBJECT", "DriverObject"), 4);
    const d = seed([{ kind: "corrupt", what: "device:8a85d020", field: "DriverObject->DriverName.Length", value: 3 }]);
    expect(u(d, drv + off(d, "_DRIVER_OBJECT", "DriverName.Length"), 2)).toBe(3n);
  });

  it("indexes an owner table through ->[k] and keeps bit-field neighbours", () => {
    const j = scenario(OWN + "ws2008r2-wspsrv-registry-lock-shared-waiters.json");
    const withTable = (j.resources as any[]).find((r) => r.owners.length + (r.sharedWaiters ?? []).length > 1);
    expect(withTable, "a resource with an owner table").toBeTruthy();
    const registry = (faults: unknown[] = []) => buildDump(parseScenario(scenario(OWN + "ws2008r2-wspsrv-registry-lock-shared-waiters.json", faults), "registry"));
    const clean = registry();
    const res = BigInt("0x" + String(withTable.object).replace(/[`]|^0x/g, ""));
    const table = u(clean, res + off(clean, "_ERESOURCE", "OwnerTable"), 8);
    const entry1 = table + BigInt(clean.layout.sizeOf("_OWNER_ENTRY"));
    const before = u(clean, entry1 + off(clean, "_OWNER_ENTRY", "OwnerCount"), 4);
    const d = registry([{ kind: "corrupt", what: `resource:${withTable.object}`, field: "OwnerTable->[1].OwnerCount", value: 7 }]);
    const after = u(d, entry1 + off(d, "_OWNER_ENTRY", "OwnerCount"), 4);
    const f = d.layout.field("_OWNER_ENTRY", "OwnerCount");
    expect(after >> BigInt(f.bitPosition!)).toBe(7n);
    expect(after & ((1n << BigInt(f.bitPosition!)) - 1n)).toBe(before & ((1n << BigInt(f.bitPosition!)) - 1n));
  });

  it("gives a UNICODE_STRING a new buffer for text, and a char array Latin-1 with a NUL", () => {
    const d = seed([
      { kind: "corrupt", what: "driver:\\Driver\\IDMTDI", field: "DriverName", text: "<exec>\n" },
      { kind: "corrupt", what: "process:89f4ead8", field: "ImageFileName", text: "a\n;.shell calc and more than fifteen" },
    ]);
    const drv = d.drivers.get("\\driver\\idmtdi")!;
    const us = drv + off(d, "_DRIVER_OBJECT", "DriverName");
    const len = Number(u(d, us + off(d, "_UNICODE_STRING", "Length"), 2));
    const buf = u(d, us + off(d, "_UNICODE_STRING", "Buffer"), 4);
    expect(Buffer.from(d.memory.read(buf, len)).toString("utf16le")).toBe("<exec>\n");
    const size = d.layout.field("_EPROCESS", "ImageFileName").size;
    const name = Buffer.from(d.memory.read(0x89f4ead8n + off(d, "_EPROCESS", "ImageFileName"), size)).toString("latin1");
    expect(name).toBe("a\n;.shell calc and more than fifteen".slice(0, size - 1) + "\u0000");
  });

  it("writes at a raw address and at a raw offset into an object", () => {
    const d = seed([
      { kind: "corrupt", at: "0x8a7f3008", size: 4, value: "0x11223344" },
      { kind: "corrupt", what: "irp:88bb1a68", field: "+0x1", value: "0x7f" },
    ]);
    expect(u(d, 0x8a7f3008n, 4)).toBe(0x11223344n);
    expect(u(d, 0x88bb1a69n, 1)).toBe(0x7fn);
  });

  it.each([
    [{ kind: "corrupt", what: "irp:88bb1a68", field: "NoSuchField", value: 1 }, /_IRP has no field NoSuchField/],
    [{ kind: "corrupt", what: "irp:88bb1a68", field: "Location[5].MajorFunction", value: 1 }, /has 4 stack locations/],
    [{ kind: "corrupt", what: "irp:88bb1a68", field: "StackCount", value: "0x100" }, /does not fit 1 bytes/],
    [{ kind: "corrupt", what: "irp:88bb1a68", field: "StackCount", text: "x" }, /not a _UNICODE_STRING or char array/],
    [{ kind: "corrupt", what: "irp:88bb1a68", field: "StackCount", value: 1, xor: 1 }, /exactly one of value, xor, bytes, text/],
    [{ kind: "corrupt", what: "irp:88bb1a68", field: "Type->X", value: 1 }, /is not a pointer/],
    [{ kind: "corrupt", what: "irp:12345678", field: "Type", value: 1 }, /is not a kernel address|is not a irp of the scenario/],
    [{ kind: "wild", what: "irp:88bb1a68", field: "StackCount" }, /is not pointer-sized/],
    [{ kind: "unreadable", what: "stack:8a7f3008" }, /is not a thread of the scenario/],
  ])("refuses %j with one line", (fault, message) => {
    expect(() => seed([fault])).toThrow(ScenarioError);
    expect(() => seed([fault])).toThrow(message);
  });
});

describe("wild", () => {
  it("rewrites a pointer, by default to an unmapped kernel address", () => {
    const d = seed([
      { kind: "wild", what: "thread:84149020", field: "IrpList.Flink" },
      { kind: "wild", what: "resource:8a7f3008", field: "OwnerTable", value: "0x7ffde000" },
    ]);
    const flink = u(d, 0x84149020n + off(d, "_ETHREAD", "IrpList.Flink"), 4);
    expect(flink).toBe(0xdeadbee0n);
    expect(d.memory.isReadable(flink, 4)).toBe(false);
    expect(u(d, 0x8a7f3008n + off(d, "_ERESOURCE", "OwnerTable"), 4)).toBe(0x7ffde000n);
  });
});

describe("unreadable stack", () => {
  it("makes the data model's stack unavailable and the stack pages unreadable", () => {
    const d = seed([{ kind: "unreadable", what: "stack:84149020" }]);
    const t = d.processes.flatMap((p) => p.threads).find((x) => x.address === 0x84149020n)!;
    expect(t.stack).toBe("unavailable");
    const st = d.threadStacks.get(0x84149020n)!;
    expect(d.memory.isReadable(st.kernelStack, 4)).toBe(false);
    // The thread object itself stays readable.
    expect(d.memory.isReadable(0x84149020n, 16)).toBe(true);
  });
});

describe("what BuiltDump exposes for aiming faults", () => {
  const d = seed();
  it("registers scenario objects and their parts, flagged apart from the background", () => {
    const irp = d.objects.find((o) => o.address === 0x88bb1a68n)!;
    expect(irp).toMatchObject({ kind: "irp", type: "_IRP", scenario: true });
    const locs = d.objects.filter((o) => o.kind === "stack-location" && o.owner === 0x88bb1a68n);
    expect(locs).toHaveLength(4);
    expect(d.objects.find((o) => o.address === 0x8a7f3008n)).toMatchObject({ kind: "resource", scenario: true });
    expect(d.objects.some((o) => o.kind === "resource" && !o.scenario)).toBe(true);
    expect(d.objects.some((o) => o.kind === "waiter-object" && o.owner === 0x8a7f3008n)).toBe(true);
    expect(d.objects.some((o) => o.kind === "string" && o.owner === d.drivers.get("\\driver\\idmtdi"))).toBe(true);
    for (const o of d.objects) expect(d.memory.isReadable(o.address, o.size), `${o.kind} ${o.address.toString(16)}`).toBe(true);
  });
  it("lists the linked lists by the names cycle faults use", () => {
    expect(d.lists.get("irp-list:84149020")!.entries).toHaveLength(15);
    expect(d.lists.get("resource-list")!.entries.length).toBe(d.resourceList.length);
    expect(d.lists.get("waiters-exclusive:8a7f3008")!.entries.length).toBeGreaterThanOrEqual(4);
  });
});
