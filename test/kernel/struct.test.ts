// Unit tests of src/kernel/struct.ts: little-endian decoding, pointers as Addr on both pointer sizes, bit fields,
// UNICODE_STRING text. Fixtures are hand-made byte arrays (values chosen to hit sign bits and >2^53 addresses).
import { describe, expect, it } from "vitest";
import { extractBits, StructView, utf16 } from "../../src/kernel/struct";

const bytes = (...b: number[]) => new Uint8Array(b);

describe("StructView scalars", () => {
  const v = new StructView("1000", bytes(0x08, 0x30, 0x7f, 0x8a, 0xff, 0xff, 0xff, 0xff, 0x41, 0x42, 0, 0x43), 4);
  it.each([
    ["u8", 0, 0x08],
    ["u16", 0, 0x3008],
    ["u32", 0, 0x8a7f3008],
    ["i32", 0, 0x8a7f3008 | 0],
    ["i16", 4, -1],
    ["u16", 4, 0xffff],
    ["u32", 4, 0xffffffff],
  ] as const)("%s at %d", (fn, off, want) => {
    expect((v as any)[fn](off)).toBe(want);
  });
  it("reads x86 pointers as Addr", () => {
    expect(v.ptr(0)).toBe("8a7f3008");
  });
  it("stops ascii at NUL", () => {
    expect(v.ascii(8, 4)).toBe("AB");
  });
  it("throws past the end", () => {
    expect(() => v.u32(10)).toThrow(RangeError);
    expect(() => v.u8(-1)).toThrow(RangeError);
  });
});

describe("StructView x64 pointers", () => {
  it.each([
    [[0x90, 0x5a, 0xd0, 0x80, 0x8d, 0x98, 0xff, 0xff], "ffff988d80d05a90"],
    [[0, 0, 0, 0, 0, 0, 0, 0], "0"],
    [[0x01, 0, 0, 0, 0x01, 0, 0, 0], "100000001"],
    [[0x03, 0x00, 0x00, 0x80, 0x78, 0xf7, 0xff, 0xff], "fffff77880000003"],
  ])("%j → %s", (b, want) => {
    expect(new StructView("0", new Uint8Array(b), 8).ptr(0)).toBe(want);
  });
});

describe("bit fields", () => {
  // OWNER_ENTRY.OwnerCount: bits 2..31 on 7601, 3..31 on Windows 10 (reference/kernel-structures.md).
  const dword = (n: number) => new StructView("0", new Uint8Array(new Uint32Array([n >>> 0]).buffer), 8);
  it.each([
    [(5 << 2) | 3, 4, 2, 30, 5],
    [(7 << 3) | 4, 4, 3, 29, 7],
    [0xffffffff, 4, 3, 29, 0x1fffffff],
    [0xffffffff, 4, 0, 32, 0xffffffff],
    [0x80, 1, 7, 1, 1],
  ])("dword %i size %i bits %i:%i → %i", (val, size, pos, len, want) => {
    expect(extractBits(dword(val), 0, size, pos, len)).toBe(want);
    expect(dword(val).field({ offset: 0, size, typeName: "", bitPosition: pos, bitLength: len })).toBe(want);
  });
  it("reads the high dword of an 8-byte unit", () => {
    const v = new StructView("0", bytes(0, 0, 0, 0, 0x10, 0, 0, 0), 8);
    expect(extractBits(v, 0, 8, 36, 4)).toBe(1);
  });
});

describe("field by type info", () => {
  const v = new StructView("0", bytes(1, 2, 3, 4, 5, 6, 7, 8), 8);
  it.each([
    [1, 0x01],
    [2, 0x0201],
    [4, 0x04030201],
    [8, 0x0807060504030201],
  ])("size %i", (size, want) => {
    expect(v.field({ offset: 0, size, typeName: "", bitPosition: 0, bitLength: 0 })).toBe(want);
  });
});

describe("utf16", () => {
  it("decodes \\Driver\\Tcpip", () => {
    const s = "\\Driver\\Tcpip";
    const b = new Uint8Array(s.length * 2);
    for (let i = 0; i < s.length; i++) b[2 * i] = s.charCodeAt(i);
    expect(utf16(b)).toBe(s);
  });
});
