// Table-driven tests of src/addr.ts, the host-independent address type: exact arithmetic above 2^53 (x64 kernel
// addresses), canonical form, and WinDbg's display. Values are typical x86 and x64 kernel addresses.
import { describe, expect, test } from "vitest";
import {
  addrAdd,
  addrCompare,
  addrDiff,
  addrFromNumber,
  addrFromParts,
  addrInRange,
  addrLowBits,
  addrParts,
  addrToNumber,
  formatAddr,
  jsonAddr,
  parseAddr,
} from "../../src/addr";

describe("parseAddr", () => {
  test.each([
    ["0x8A7F3008", "8a7f3008"],
    ["8a7f3008", "8a7f3008"],
    ["ffff988d`80d05a90", "ffff988d80d05a90"],
    ["0xFFFFFA800C2D8B60", "fffffa800c2d8b60"],
    ["00000000", "0"],
    ["0x0001", "1"],
    ["", null],
    ["0x", null],
    ["12345678123456789", null],
    ["8a7f300g", null],
  ] as [string, string | null][])("%s -> %s", (text, want) => {
    expect(parseAddr(text)).toBe(want);
  });
});

describe("arithmetic stays exact above 2^53", () => {
  test.each([
    ["ffff988d80d05a90", 0x18, "ffff988d80d05aa8", 0x18],
    ["ffff988dfffffff8", 0x10, "ffff988e00000008", 0x10],
    ["ffff988e00000008", -0x10, "ffff988dfffffff8", -0x10],
    ["8a7f3008", 0x38, "8a7f3040", 0x38],
    // wrapping modulo 2^64: the sum wraps, the difference does not fit in 53 bits
    ["ffffffffffffffff", 1, "0", null],
    ["0", -1, "ffffffffffffffff", null],
  ] as [string, number, string, number | null][])("%s + %i = %s", (a, d, want, diff) => {
    expect(addrAdd(a, d)).toBe(want);
    expect(addrDiff(want, a)).toBe(diff);
  });

  test("compare orders by value, not by text", () => {
    expect(addrCompare("fffffa800c2d8b60", "fffffa800c2d8b61")).toBe(-1);
    expect(addrCompare("8a7f3008", "ffff988d80d05a90")).toBe(-1);
    expect(addrCompare("9", "10")).toBe(-1);
    expect(addrCompare("ffff988d80d05a90", "ffff988d80d05a90")).toBe(0);
  });

  test("ranges, parts, low bits", () => {
    expect(addrInRange("fffff88003c380a0", "fffff88003c00000", 0x40000)).toBe(true);
    expect(addrInRange("fffff88003c40000", "fffff88003c00000", 0x40000)).toBe(false);
    expect(addrParts("ffff988d80d05a90")).toEqual({ hi: 0xffff988d, lo: 0x80d05a90 });
    expect(addrFromParts(0xffff988d, 0x5a90)).toBe("ffff988d00005a90");
    expect(addrLowBits("80ed0023", 2)).toBe(3);
    expect(addrToNumber("ffff988d80d05a90")).toBeNull();
    expect(addrToNumber(addrFromNumber(0x1fffffffffffff))).toBe(0x1fffffffffffff);
  });
});

describe("display", () => {
  test.each([
    ["8a7f3008", 4, "8a7f3008"],
    ["8", 4, "00000008"],
    ["ffff988d80d05a90", 8, "ffff988d`80d05a90"],
    ["5a90", 8, "00000000`00005a90"],
  ] as [string, number, string][])("formatAddr(%s, %i) = %s", (a, ps, want) => {
    expect(formatAddr(a, ps)).toBe(want);
  });
  test("JSON form", () => {
    expect(jsonAddr("ffff988d80d05a90")).toBe("0xffff988d80d05a90");
  });
});
