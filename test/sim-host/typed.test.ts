// Tests of typed objects (test/sim/typed.ts through the mock host): lookup order, pointers, .address, bit fields,
// arrays, unreadable memory, API-version gated projections, counting.
import { describe, expect, it } from "vitest";
import { createHost } from "../sim/host";
import { int64, isInt64 } from "../sim/int64";
import { makeFixture } from "./fixtures";

function ready(pointerSize: 4 | 8 = 8, api: [number, number] = [1, 7]) {
  const fx = makeFixture({ pointerSize });
  const sim = createHost(fx.dump);
  sim.setApiVersion(api[0], api[1]);
  sim.phase2();
  const host = sim.host as any;
  const hex = (v: bigint) => "0x" + v.toString(16);
  return { ...fx, sim, host, hex, obj: host.createTypedObject(int64(fx.at.test), "nt", "_TEST") };
}

describe("field values are marshalled like JsProvider", () => {
  it.each([
    ["Byte", 0xfe],
    ["Signed8", -2],
    ["Short", -2],
    ["Long", 0xdeadbeef],
    ["Low", 5],
    ["High", 0x15],
    ["State", 5],
  ])("%s is the JS number %d", (field, value) => {
    const { obj } = ready();
    expect(obj[field]).toBe(value);
  });
  it("an 8-byte field is an Int64 whose valueOf throws past 2^53", () => {
    const { obj } = ready();
    expect(isInt64(obj.Quad)).toBe(true);
    expect(obj.Quad.toString(16)).toBe("0xffff988d80d05a90");
    expect(() => obj.Quad < 1).toThrow(/loses precision/);
  });
  it("a struct field is a typed object at its own location", () => {
    const { obj, at, hex } = ready();
    expect(obj.Inner.A).toBe(0x11);
    expect(obj.Inner.B).toBe(0x22);
    expect(obj.Inner.address.toString(16)).toBe(hex(at.test + 0x18n));
  });
  it("an array field indexes with [i], iterates, has no length and throws out of range", () => {
    const { obj, at, hex } = ready();
    expect([obj.Arr[0], obj.Arr[3]]).toEqual([0x100, 0x103]);
    expect(Array.from(obj.Arr)).toEqual([0x100, 0x101, 0x102, 0x103]);
    expect(obj.Arr.length).toBeUndefined();
    expect(() => obj.Arr[4]).toThrow(/out of bounds/);
    expect(obj.Arr.address.toString(16)).toBe(hex(at.test + 0x20n));
  });
  it("unknown names are undefined", () => {
    const { obj } = ready();
    expect(obj.NoSuchField).toBeUndefined();
    expect("Long" in obj).toBe(true);
    expect("NoSuchField" in obj).toBe(false);
  });
  it("fields enumerate", () => {
    const { obj } = ready();
    expect(Object.keys(obj)).toContain("Links");
  });
  it("createTypedObject of an integer type gives the number itself", () => {
    const { host, at } = ready();
    expect(host.createTypedObject(int64(at.test + 4n), "nt", "unsigned long")).toBe(0xdeadbeef);
  });
  it("createTypedObject accepts a type object", () => {
    const { host, at } = ready();
    const t = host.getModuleType("nt", "_INNER");
    expect(host.createTypedObject(int64(at.inner), t).B).toBe(0xbbbb);
  });
  it("writes fail", () => {
    const { obj } = ready();
    expect(() => {
      "use strict";
      obj.Long = 1;
    }).toThrow(TypeError);
  });
});

describe("pointers", () => {
  it(".address of a pointer is its VALUE; of a struct its own location", () => {
    const { obj, at, hex } = ready();
    expect(obj.address.toString(16)).toBe(hex(at.test));
    expect(obj.Next.address.toString(16)).toBe(hex(at.test2));
    expect(obj.Links.address.toString(16)).toBe(hex(at.test + 0x30n));
  });
  it("auto-dereference: ptr.Field reads the pointee's field", () => {
    const { obj } = ready();
    expect(obj.Next.Long).toBe(2);
    expect(obj.InnerPtr.A).toBe(0xaaaa);
  });
  it("dereference() gives the pointee", () => {
    const { obj, at, hex } = ready();
    const t2 = obj.Next.dereference();
    expect(t2.Long).toBe(2);
    expect(t2.address.toString(16)).toBe(hex(at.test2));
  });
  it("a pointer into unreadable memory: the value reads, following it throws", () => {
    const { obj, at, hex } = ready();
    const bad = obj.Next.Next;
    expect(bad.address.toString(16)).toBe(hex(at.unreadable + 0x10n));
    expect(() => bad.Long).toThrow(/Unable to read memory/);
    expect(() => bad.dereference()).toThrow(/Unable to read memory/);
  });
  it("isNull, and a NULL pointer throws when followed", () => {
    const { obj } = ready();
    expect(obj.InnerPtr.isNull).toBe(false);
    const nil = obj.Next.InnerPtr;
    expect(nil.isNull).toBe(true);
    expect(() => nil.A).toThrow(/Unable to read memory at Address 0x0/);
  });
  it("add(n) scales by the element size", () => {
    const { obj, at, hex } = ready();
    expect(obj.Next.add(1).address.toString(16)).toBe(hex(at.test2 + 0x60n));
    expect(obj.InnerPtr.add(int64(2n)).address.toString(16)).toBe(hex(at.inner + 16n));
  });
  it("void pointers cannot be followed or stepped", () => {
    const { obj, at, hex } = ready();
    expect(obj.Opaque.address.toString(16)).toBe(hex(at.inner));
    expect(() => obj.Opaque.dereference()).toThrow();
    expect(() => obj.Opaque.add(1)).toThrow();
  });
  it("createPointerObject makes a pointer with a value; toString shows it in hex", () => {
    const { host, at, hex } = ready(4);
    const p = host.createPointerObject(int64(at.test), "nt", "_TEST *");
    expect(p.address.toString(16)).toBe(hex(at.test));
    expect(p.Long).toBe(0xdeadbeef);
    expect(p.toString()).toBe(hex(at.test));
    expect(() => p.targetLocation).toThrow();
    expect(() => host.createPointerObject(int64(at.test), "nt", "_TEST")).toThrow();
  });
  it("projections only on pointers: a struct has no dereference/isNull/add", () => {
    const { obj } = ready();
    expect(obj.dereference).toBeUndefined();
    expect(obj.isNull).toBeUndefined();
    expect(obj.add).toBeUndefined();
  });
});

describe("lookup order and API versions", () => {
  it("the `address` projection shadows a field named address; getObjectValue reaches the field (API >= 1.1)", () => {
    const { obj, at, hex } = ready();
    expect(obj.address.toString(16)).toBe(hex(at.test));
    expect(obj.getObjectValue("address")).toBe(0x77);
    expect(() => obj.getObjectValue("Nope")).toThrow();
  });
  it("getObjectValue is absent with API 1.0, compareTo/equals below 1.2", () => {
    const old = ready(8, [1, 0]);
    expect(old.obj.getObjectValue).toBeUndefined();
    expect(old.obj.compareTo).toBeUndefined();
    const v11 = ready(8, [1, 1]);
    expect(typeof v11.obj.getObjectValue).toBe("function");
    expect(v11.obj.equals).toBeUndefined();
  });
  it("compareTo/equals with API >= 1.2 compare addresses", () => {
    const { obj, host, at } = ready(8, [1, 2]);
    const same = host.createTypedObject(int64(at.test), "nt", "_TEST");
    expect(obj.equals(same)).toBe(true);
    expect(obj.compareTo(obj.Next)).toBe(-1);
    expect(obj.Next.compareTo(obj)).toBe(1);
  });
  it("targetType and targetLocation", () => {
    const { obj, at, hex } = ready();
    expect(obj.targetType.name).toBe("_TEST");
    expect(obj.targetLocation.toString()).toBe(hex(at.test));
    expect(obj.targetLocation.add(4).toString()).toBe(hex(at.test + 4n));
  });
  it("toString: _UNICODE_STRING shows its quoted text, other structs their type", () => {
    const { host, at, obj } = ready();
    expect(host.createTypedObject(int64(at.ustr), "nt", "_UNICODE_STRING").toString()).toBe('"\\Driver\\IDMTDI"');
    expect(String(obj)).toBe("[Type: _TEST]");
  });
});

describe("counting and laziness", () => {
  it("every property read is counted, typed objects created are counted", () => {
    const { sim, obj } = ready();
    const before = { ...sim.counters };
    void obj.Long;
    void obj.Next.Long; // Next, then Long through the pointer
    expect(sim.counters.fieldReads - before.fieldReads).toBe(3);
    expect(sim.counters.typedObjects - before.typedObjects).toBeGreaterThanOrEqual(2);
  });
  it("a struct at unreadable memory reads nothing until a scalar is read", () => {
    const { host, at } = ready();
    const o = host.createTypedObject(int64(at.unreadable), "nt", "_TEST");
    const inner = o.Inner;
    expect(inner.address.toString(16)).toBe("0x" + (at.unreadable + 0x18n).toString(16));
    expect(() => o.Long).toThrow(/Unable to read memory/);
    expect(() => inner.A).toThrow(/Unable to read memory/);
    expect(() => o.Next).toThrow(/Unable to read memory/);
  });
});
