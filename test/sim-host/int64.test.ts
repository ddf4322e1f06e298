// Tests of the mock host.Int64 (test/sim/int64.ts): the traps real scripts hit with kernel x64 addresses.
import { describe, expect, it } from "vitest";
import { Int64, parseInt64, int64, numberMethod } from "../sim/int64";

const KADDR = 0xffff988d80d05a90n;

describe("Int64 construction", () => {
  it.each([
    ["Int64(5)", () => Int64(5), "5"],
    ["new Int64(5)", () => new Int64(5), "5"],
    ["Int64(lo, hi)", () => Int64(0x80d05a90, 0xffff988d), "18446630332251789968"],
    ["new Int64(lo, hi)", () => new Int64(0x80d05a90, 0xffff988d), "18446630332251789968"],
    ["Int64(-1) wraps", () => Int64(-1), "18446744073709551615"],
    ["Int64(Int64) is itself", () => Int64(Int64(7)), "7"],
  ])("%s", (_name, make, decimal) => {
    const v = make();
    expect(v.toString()).toBe(decimal);
    expect(v instanceof Int64).toBe(true);
  });

  it("rejects non-numbers", () => {
    expect(() => Int64("12" as unknown as number)).toThrow();
    expect(() => Int64(NaN)).toThrow();
  });
});

describe("parseInt64", () => {
  it.each([
    ["0xffff988d80d05a90", 16, "0xffff988d80d05a90"],
    ["ffff988d80d05a90", 16, "0xffff988d80d05a90"],
    ["0XAB", 16, "0xab"],
    ["1234", 10, "0x4d2"],
    ["1234", undefined, "0x4d2"],
    ["777", 8, "0x1ff"],
    ["1010", 2, "0xa"],
  ])("parseInt64(%s, %s)", (text, radix, hex) => {
    expect(parseInt64(text, radix).toString(16)).toBe(hex);
  });

  it.each([
    ["0x10", undefined],
    ["0x10", 10],
    ["12z", 10],
    ["", 16],
    ["1ffffffffffffffff", 16],
    ["10", 7],
  ])("parseInt64(%s, %s) throws", (text, radix) => {
    expect(() => parseInt64(text, radix)).toThrow();
  });
});

describe("Int64 valueOf trap past 2^53", () => {
  const big = int64(KADDR);
  const small = int64(0x8a7f3008n);
  it("valueOf throws the JsProvider message for a kernel x64 address", () => {
    expect(() => big.valueOf()).toThrow("64 bit value loses precision on conversion to number");
  });
  it("comparison operators throw", () => {
    expect(() => (big as unknown as number) < 5).toThrow(/loses precision/);
    expect(() => (big as unknown as number) > (small as unknown as number)).toThrow(/loses precision/);
  });
  it("string concatenation throws (goes through valueOf), template literals do not", () => {
    expect(() => "addr " + (big as unknown as string)).toThrow(/loses precision/);
    expect(`${big}`).toBe("18446630332251789968");
  });
  it("arithmetic throws", () => {
    expect(() => (big as unknown as number) + 1).toThrow(/loses precision/);
  });
  it("2^53 - 1 converts, 2^53 does not", () => {
    expect(int64(2n ** 53n - 1n).valueOf()).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => int64(2n ** 53n).valueOf()).toThrow(/loses precision/);
  });
  it("small values work with operators", () => {
    expect((small as unknown as number) < 0x8a7f3009).toBe(true);
    expect((small as unknown as number) + 1).toBe(0x8a7f3009);
  });
  it("asNumber throws, convertToNumber does not", () => {
    expect(() => big.asNumber()).toThrow(/loses precision/);
    expect(big.convertToNumber()).toBe(Number(KADDR));
    expect(small.asNumber()).toBe(0x8a7f3008);
  });
});

describe("Int64 methods", () => {
  const big = int64(KADDR);
  it.each([
    ["getLowPart", () => big.getLowPart(), 0x80d05a90],
    ["getHighPart", () => big.getHighPart(), 0xffff988d],
    ["compareTo greater", () => big.compareTo(int64(0x1000n)), 1],
    ["compareTo equal", () => big.compareTo(int64(KADDR)), 0],
    ["compareTo less", () => int64(1n).compareTo(big), -1],
    ["compareTo number", () => int64(5n).compareTo(5), 0],
    ["compareTo number less", () => int64(4n).compareTo(5), -1],
  ])("%s", (_n, f, want) => {
    expect(f()).toBe(want);
  });

  it.each([
    ["add", () => big.add(0x10), "0xffff988d80d05aa0"],
    ["add Int64", () => big.add(int64(0x10n)), "0xffff988d80d05aa0"],
    ["add wraps", () => int64(2n ** 64n - 1n).add(1), "0x0"],
    ["subtract", () => big.subtract(0x90), "0xffff988d80d05a00"],
    ["multiply", () => int64(0x10n).multiply(0x10), "0x100"],
    ["divide", () => int64(0x100n).divide(0x10), "0x10"],
    ["modulo", () => int64(0x105n).modulo(0x10), "0x5"],
    ["bitwiseAnd", () => big.bitwiseAnd(0xfff), "0xa90"],
    ["bitwiseOr", () => int64(0xf0n).bitwiseOr(0x0f), "0xff"],
    ["bitwiseXor", () => int64(0xffn).bitwiseXor(0x0f), "0xf0"],
    ["bitwiseShiftLeft", () => int64(1n).bitwiseShiftLeft(63), "0x8000000000000000"],
    ["bitwiseShiftRight", () => big.bitwiseShiftRight(32), "0xffff988d"],
  ])("%s", (_n, f, hex) => {
    expect(f().toString(16)).toBe(hex);
  });

  it("toString radixes: 16 has 0x and lowercase, default is decimal", () => {
    expect(int64(0xabcn).toString(16)).toBe("0xabc");
    expect(int64(0xabcn).toString()).toBe("2748");
    expect(int64(5n).toString(2)).toBe("101");
    expect(() => int64(5n).toString(36)).toThrow();
  });

  it("divide by zero throws", () => {
    expect(() => int64(5n).divide(0)).toThrow();
  });

  it("has no equals and no bitwiseNot (undocumented)", () => {
    expect((big as unknown as Record<string, unknown>).equals).toBeUndefined();
    expect((big as unknown as Record<string, unknown>).bitwiseNot).toBeUndefined();
  });
});

describe("Int64 interning", () => {
  it("the same value gives the same object, so == compares values", () => {
    const a = parseInt64("0xffff988d80d05a90", 16);
    const b = int64(KADDR);
    const c = Int64(0x80d05a90, 0xffff988d);
    expect(a === b).toBe(true);
    expect(a === c).toBe(true);
    // eslint-disable-next-line eqeqeq
    expect((a as unknown) == (int64(KADDR + 1n) as unknown)).toBe(false);
  });
  it("results of arithmetic are interned too", () => {
    expect(int64(0x10n).add(0x10) === int64(0x20n)).toBe(true);
  });
});

describe("Number methods (host adds them to numbers)", () => {
  it("return Int64", () => {
    const add = numberMethod("add");
    const r = add.call(5, 7);
    expect(r.toString(16)).toBe("0xc");
    expect(numberMethod("multiply").call(0x10, int64(0x10n)).toString(16)).toBe("0x100");
  });
});
