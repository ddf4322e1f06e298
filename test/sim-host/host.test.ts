// Tests of the mock host (test/sim/host.ts): the two phases, debugLog, host.memory, type and symbol lookups, counters.
import { describe, expect, it } from "vitest";
import { createHost } from "../sim/host";
import { int64, isInt64 } from "../sim/int64";
import { makeFixture } from "./fixtures";

function ready(options: Parameters<typeof makeFixture>[0] = {}) {
  const fx = makeFixture(options);
  const sim = createHost(fx.dump);
  sim.phase2();
  return { ...fx, sim, host: sim.host as any };
}

describe("two-phase host", () => {
  const PHASE1 = [
    "Int64",
    "parseInt64",
    "apiVersionSupport",
    "functionAlias",
    "namedModelParent",
    "namedModelRegistration",
    "typeSignatureRegistration",
    "typeSignatureExtension",
    "namespacePropertyParent",
    "optionalRecord",
    "diagnostics",
  ];
  const PHASE2 = [
    "memory",
    "currentSession",
    "currentProcess",
    "currentThread",
    "namespace",
    "getModuleType",
    "getModuleSymbolAddress",
    "getModuleSymbol",
    "createTypedObject",
    "createPointerObject",
  ];
  it("before phase2 only the phase-1 members exist", () => {
    const sim = createHost(makeFixture().dump);
    const host = sim.host as any;
    for (const name of PHASE1) expect(host[name], name).toBeDefined();
    for (const name of PHASE2) expect(host[name], name).toBeUndefined();
    expect(sim.phase).toBe(1);
  });
  it("after phase2 the target can be touched", () => {
    const { host, sim } = ready();
    for (const name of PHASE2) expect(host[name], name).toBeDefined();
    expect(sim.phase).toBe(2);
    expect(host.evaluateExpression).toBeUndefined();
  });
  it("registration constructors need new and record their arguments", () => {
    const sim = createHost(makeFixture().dump);
    const host = sim.host as any;
    const fn = () => 1;
    const rec = new host.functionAlias(fn, "isaCpuCheck");
    expect(sim.registrationOf(rec)).toEqual({ kind: "functionAlias", args: [fn, "isaCpuCheck"] });
    expect(sim.registrationOf(new host.apiVersionSupport(1, 7))).toEqual({ kind: "apiVersionSupport", args: [1, 7] });
    expect(() => host.functionAlias(fn, "x")).toThrow(TypeError);
    expect(() => new host.functionAlias("notfn", "x")).toThrow();
    expect(() => new host.functionAlias(fn, "bad name")).toThrow();
    expect(sim.registrationOf({})).toBeUndefined();
  });
});

describe("diagnostics.debugLog", () => {
  it("concatenates String(arg) of each argument; Int64 prints its toString() (decimal)", () => {
    const sim = createHost(makeFixture().dump);
    const host = sim.host as any;
    host.diagnostics.debugLog("a", 1, " ", true, " ", int64(0x10n), "\n");
    host.diagnostics.debugLog("x64: ", int64(0xffff988d80d05a90n), "\n");
    expect(sim.output()).toBe("a1 true 16\nx64: 18446630332251789968\n");
    sim.resetOutput();
    expect(sim.output()).toBe("");
  });
});

describe("host.memory.readMemoryValues", () => {
  it.each([
    [1, false, Uint8Array, [0xfe, 0xfe, 0xfe, 0xff]],
    [1, true, Int8Array, [-2, -2, -2, -1]],
    [2, false, Uint16Array, [0xfefe, 0xfffe, 0xbeef, 0xdead]],
    [2, true, Int16Array, [-258, -2, -16657, -8531]],
    [4, false, Uint32Array, [0xfffefefe, 0xdeadbeef]],
    [4, true, Int32Array, [-65794, -559038737]],
  ])("element size %i signed %s", (size, signed, ctor, values) => {
    const { host, at } = ready();
    const r = host.memory.readMemoryValues(int64(at.test), values.length, size, signed);
    expect(r).toBeInstanceOf(ctor);
    expect(Array.from(r)).toEqual(values);
  });
  it("element size 8 gives a JS array of Int64", () => {
    const { host, at } = ready();
    const r = host.memory.readMemoryValues(int64(at.test + 8n), 2, 8);
    expect(Array.isArray(r)).toBe(true);
    expect(isInt64(r[0])).toBe(true);
    expect(r[0].toString(16)).toBe("0xffff988d80d05a90");
    expect(r[1].toString(16)).toBe("0x" + at.test2.toString(16)); // the Next pointer
  });
  it("accepts a number, an Int64, a typed object (its .address) and a pointer (its value)", () => {
    const { host, at } = ready({ pointerSize: 4 });
    const obj = host.createTypedObject(int64(at.test), "nt", "_TEST");
    expect(host.memory.readMemoryValues(Number(at.test) + 4, 1, 4)[0]).toBe(0xdeadbeef);
    expect(host.memory.readMemoryValues(obj, 1, 4)[0]).toBe(0xfffefefe);
    expect(host.memory.readMemoryValues(obj.Next, 1, 4)[0]).toBe(0); // test2 starts with zero
    expect(host.memory.readMemoryValues(obj.Next, 2, 4)[1]).toBe(2); // test2.Long
  });
  it("throws a JsProvider-style Error on unreadable or absent memory", () => {
    const { host, at } = ready();
    expect(() => host.memory.readMemoryValues(int64(at.unreadable), 4, 1)).toThrow(/Unable to read memory at Address 0x/);
    expect(() => host.memory.readMemoryValues(int64(at.unreadable - 2n), 4, 1)).toThrow(Error);
    expect(() => host.memory.readMemoryValues(int64(0x1000n), 1, 1)).toThrow(/Unable to read memory/);
  });
  it("rejects other element sizes and bad locations", () => {
    const { host, at } = ready();
    expect(() => host.memory.readMemoryValues(int64(at.test), 1, 3)).toThrow();
    expect(() => host.memory.readMemoryValues("8a7f3008", 1, 1)).toThrow();
  });
  it("counts calls and bytes", () => {
    const { host, at, sim } = ready();
    host.memory.readMemoryValues(int64(at.test), 16, 4);
    host.memory.readMemoryValues(int64(at.test), 3, 8);
    expect(sim.counters.memoryCalls).toBe(2);
    expect(sim.counters.memoryBytes).toBe(64 + 24);
    sim.resetCounters();
    expect(sim.counters.memoryCalls).toBe(0);
  });
});

describe("host.memory.readString / readWideString", () => {
  it("read to the terminator or the given length", () => {
    const { host, at } = ready();
    expect(host.memory.readString(int64(at.text))).toBe("wspsrv.exe");
    expect(host.memory.readString(int64(at.text), 6)).toBe("wspsrv");
    expect(host.memory.readWideString(int64(at.wtext))).toBe("\\Driver\\IDMTDI");
    expect(host.memory.readWideString(int64(at.wtext), 7)).toBe("\\Driver");
  });
  it("take a pointer object (its value) as location", () => {
    const { host, at } = ready();
    const us = host.createTypedObject(int64(at.ustr), "nt", "_UNICODE_STRING");
    expect(host.memory.readWideString(us.Buffer, us.Length / 2)).toBe("\\Driver\\IDMTDI");
    expect(host.memory.readWideString(us.Buffer.address, us.Length / 2)).toBe("\\Driver\\IDMTDI");
  });
  it("throw on unreadable memory", () => {
    const { host, at } = ready();
    expect(() => host.memory.readString(int64(at.unreadable))).toThrow(/Unable to read memory/);
    expect(() => host.memory.readWideString(int64(at.unreadable), 4)).toThrow(/Unable to read memory/);
  });
});

describe("types and symbols", () => {
  it("getModuleType gives a type object with size as Int64 and field offsets as numbers", () => {
    const { host, sim } = ready();
    const t = host.getModuleType("nt", "_TEST");
    expect(t.name).toBe("_TEST");
    expect(isInt64(t.size)).toBe(true);
    expect(t.size.asNumber()).toBe(0x60);
    expect(t.typeKind).toBe("udt");
    expect(t.fields.Links.offset).toBe(0x30);
    expect(t.fields.Links.type.name).toBe("_LIST_ENTRY");
    expect(t.fields.Links.locationKind).toBe("member");
    expect(t.fields.Next.type.typeKind).toBe("pointer");
    expect(t.fields.Next.type.baseType.name).toBe("_TEST");
    expect(t.fields.Arr.type.typeKind).toBe("array");
    expect(t.fields.Arr.type.baseType.name).toBe("unsigned short");
    expect(t.fields.High.type.isBitField).toBe(true);
    expect(t.fields.High.type.bitFieldPositions).toEqual({ lsb: 3, length: 5 });
    expect(t.fields.Long.type.isBitField).toBe(false);
    expect(t.fields.NoSuch).toBeUndefined();
    expect(sim.counters.typeLookups).toBe(1);
    expect(sim.counters.fieldReads).toBeGreaterThan(10);
  });
  it("a missing type throws with API 1.0 and gives null with API >= 1.1", () => {
    const { host, sim } = ready();
    expect(() => host.getModuleType("nt", "_NOPE")).toThrow();
    sim.setApiVersion(1, 1);
    expect(host.getModuleType("nt", "_NOPE")).toBeNull();
    expect(host.getModuleType("nosuchmodule", "_TEST")).toBeNull();
  });
  it("getModuleSymbolAddress gives Int64 and throws for unknown symbols (even with API >= 1.1)", () => {
    const { host, sim, dump } = ready();
    sim.setApiVersion(1, 7);
    const a = host.getModuleSymbolAddress("nt", "PsActiveProcessHead");
    expect(isInt64(a)).toBe(true);
    expect(a.toString(16)).toBe("0x" + dump.symbolAddress("nt", "PsActiveProcessHead")!.toString(16));
    expect(() => host.getModuleSymbolAddress("nt", "NoSuchSymbol")).toThrow();
    expect(sim.counters.symbolLookups).toBe(2);
  });
  it("getModuleSymbol needs a type name and gives the typed global", () => {
    const { host, dump, mem } = ready();
    const addr = dump.symbolAddress("nt", "PsActiveProcessHead")!;
    mem.commit(addr, 16);
    mem.writeU64(addr, addr);
    expect(() => host.getModuleSymbol("nt", "PsActiveProcessHead")).toThrow();
    const head = host.getModuleSymbol("nt", "PsActiveProcessHead", "_LIST_ENTRY");
    expect(head.address.toString(16)).toBe("0x" + addr.toString(16));
    expect(head.Flink.address.toString(16)).toBe("0x" + addr.toString(16));
  });
});
