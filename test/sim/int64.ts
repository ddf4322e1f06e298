// host.Int64 of the mock JsProvider: the 64-bit library type scripts receive for every 64-bit native value.
// Used by test/sim/host.ts (and the sandbox's Number.prototype patch); tests in test/sim-host/int64.test.ts.
//
// Faithful to reference/jsprovider-api.md §3:
// - callable with or without `new`: Int64(v), Int64(lo, hi); parseInt64(str, radix) (radix 16 accepts a "0x" prefix);
// - valueOf throws "64 bit value loses precision on conversion to number" past 2^53, so `<`, `+`, `"s" + x` throw for
//   kernel x64 addresses, exactly as the real provider does;
// - interned: one live object per value, so `a == b` compares values;
// - no `equals`, no `bitwiseNot`, no `toJSON` (undocumented => absent).
// Choices where the reference is UNCONFIRMED (stricter side):
// - values are stored as unsigned 64-bit (two's complement for negatives): Int64(-1) is 0xffffffffffffffff and its
//   valueOf throws; arithmetic wraps modulo 2^64; compareTo compares unsigned;
// - toString() defaults to decimal; toString(16) gives "0x" + lowercase hex; other radixes give bare digits;
// - Int64(string) and parseInt64 of text that is not a complete number in the radix throw; parseInt64 without a radix
//   is decimal, so "0x10" without radix 16 throws.
// Flavours (test/sim/profiles.ts): the `bare-hex` host profile gets an Int64 whose toString(16) has no "0x" and whose
// getLowPart/getHighPart are signed 32-bit numbers. Each flavour has its own prototype and interning table; results of
// arithmetic keep the flavour of `this`; isInt64/toBig accept every flavour.

const MASK64 = (1n << 64n) - 1n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** What scripts see: the methods of the library type. */
export interface Int64 {
  asNumber(): number;
  convertToNumber(): number;
  getLowPart(): number;
  getHighPart(): number;
  add(v: Int64 | number): Int64;
  subtract(v: Int64 | number): Int64;
  multiply(v: Int64 | number): Int64;
  divide(v: Int64 | number): Int64;
  modulo(v: Int64 | number): Int64;
  bitwiseAnd(v: Int64 | number): Int64;
  bitwiseOr(v: Int64 | number): Int64;
  bitwiseXor(v: Int64 | number): Int64;
  bitwiseShiftLeft(v: Int64 | number): Int64;
  bitwiseShiftRight(v: Int64 | number): Int64;
  compareTo(v: Int64 | number): number;
  toString(radix?: number): string;
  valueOf(): number;
}

export type Int64Constructor = { (value: unknown, high?: unknown): Int64; new (value: unknown, high?: unknown): Int64; prototype: Int64 };

/** How one flavour of the library type differs from the default (see the header). */
export interface Int64FlavourOptions {
  /** toString(16) without the "0x" prefix. */
  bareHex?: boolean;
  /** getLowPart/getHighPart as signed 32-bit numbers. */
  signedParts?: boolean;
}

/** One flavour of host.Int64 and the host functions that make its values. */
export interface Int64Flavour {
  Int64: Int64Constructor;
  parseInt64(text: unknown, radix?: unknown): Int64;
  /** The flavour's Int64 for a value (wrapped modulo 2^64). */
  int64(v: bigint): Int64;
  /** Number.prototype methods returning this flavour's Int64. */
  numberMethod(name: (typeof NUMBER_METHODS)[number]): (this: number, v: Int64 | number) => Int64;
}

const values = new WeakMap<object, bigint>();
type Table = Map<bigint, WeakRef<Int64>>;
/** Interning table of each flavour, by prototype. */
const tables = new WeakMap<object, Table>();
// A FinalizationRegistry drops entries whose object was collected, so the "same object while live" guarantee holds
// without keeping every value ever seen alive.
const registry = new FinalizationRegistry<{ value: bigint; table: Table }>(({ value, table }) => {
  const ref = table.get(value);
  if (ref && ref.deref() === undefined) table.delete(value);
});

function intern(v: bigint, proto: object): Int64 {
  const value = v & MASK64;
  const table = tables.get(proto)!;
  const ref = table.get(value);
  const existing = ref && ref.deref();
  if (existing) return existing;
  const obj = Object.create(proto) as Int64;
  values.set(obj, value);
  table.set(value, new WeakRef(obj));
  registry.register(obj, { value, table });
  return obj;
}

export function isInt64(x: unknown): x is Int64 {
  return typeof x === "object" && x !== null && values.has(x);
}

/** The unsigned value of an Int64, or of a JS number (truncated to an integer; negatives as two's complement). */
export function toBig(x: unknown, what = "argument"): bigint {
  if (isInt64(x)) return values.get(x)!;
  if (typeof x === "number" && Number.isFinite(x)) return BigInt(Math.trunc(x)) & MASK64;
  throw new TypeError(`Illegal ${what}: expected a 64-bit value or a number`);
}

function self(x: unknown): bigint {
  if (!isInt64(x)) throw new TypeError("Int64 method called on an object that is not an Int64");
  return values.get(x)!;
}

function toNumberChecked(v: bigint): number {
  if (v > MAX_SAFE) throw new Error("64 bit value loses precision on conversion to number");
  return Number(v);
}

/** Number.prototype methods the real provider adds ("all the math functions ... are also present on JavaScript
 * numbers", RN 1.0.14.0). They return Int64 (UNCONFIRMED: the stricter result type). */
export const NUMBER_METHODS = [
  "add",
  "subtract",
  "multiply",
  "divide",
  "modulo",
  "bitwiseAnd",
  "bitwiseOr",
  "bitwiseXor",
  "bitwiseShiftLeft",
  "bitwiseShiftRight",
] as const;

/** A flavour of host.Int64: its constructor, parseInt64 and value maker. */
export function createInt64Flavour(options: Int64FlavourOptions = {}): Int64Flavour {
  const make = (v: bigint) => intern(v, Int64.prototype);
  const Int64 = function Int64(this: unknown, value: unknown, high?: unknown): Int64 {
    if (arguments.length >= 2 && high !== undefined) {
      if (typeof value !== "number" || typeof high !== "number") throw new TypeError("Int64(low, high) takes two numbers");
      return make((BigInt(high >>> 0) << 32n) | BigInt(value >>> 0));
    }
    if (isInt64(value)) return value;
    if (typeof value !== "number" || !Number.isFinite(value)) throw new TypeError("Int64 expects a number");
    return make(toBig(value));
  } as unknown as Int64Constructor;
  tables.set(Int64.prototype, new Map());

  // Arithmetic keeps the flavour of `this`.
  const binary = (op: (a: bigint, b: bigint) => bigint) =>
    function (this: unknown, v: Int64 | number): Int64 {
      return make(op(self(this), toBig(v)));
    };
  const part = (v: bigint) => (options.signedParts ? Number(BigInt.asIntN(32, v)) : Number(v));
  const methods: Record<string, Function> = {
    asNumber(this: unknown) {
      return toNumberChecked(self(this));
    },
    convertToNumber(this: unknown) {
      return Number(self(this));
    },
    getLowPart(this: unknown) {
      return part(self(this) & 0xffffffffn);
    },
    getHighPart(this: unknown) {
      return part(self(this) >> 32n);
    },
    add: binary((a, b) => a + b),
    subtract: binary((a, b) => a - b),
    multiply: binary((a, b) => a * b),
    divide: binary((a, b) => {
      if (b === 0n) throw new Error("Division by zero");
      return a / b;
    }),
    modulo: binary((a, b) => {
      if (b === 0n) throw new Error("Division by zero");
      return a % b;
    }),
    bitwiseAnd: binary((a, b) => a & b),
    bitwiseOr: binary((a, b) => a | b),
    bitwiseXor: binary((a, b) => a ^ b),
    bitwiseShiftLeft: binary((a, b) => (b >= 64n ? 0n : a << b)),
    bitwiseShiftRight: binary((a, b) => (b >= 64n ? 0n : a >> b)),
    compareTo(this: unknown, v: Int64 | number) {
      const a = self(this);
      const b = toBig(v);
      return a < b ? -1 : a > b ? 1 : 0;
    },
    toString(this: unknown, radix?: number) {
      const v = self(this);
      const r = radix === undefined ? 10 : radix;
      if (r === 16) return (options.bareHex ? "" : "0x") + v.toString(16);
      if (r !== 2 && r !== 8 && r !== 10) throw new RangeError("Int64.toString: radix must be 2, 8, 10 or 16");
      return v.toString(r);
    },
    valueOf(this: unknown) {
      return toNumberChecked(self(this));
    },
  };
  for (const [name, fn] of Object.entries(methods)) {
    Object.defineProperty(Int64.prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
  }

  /** host.parseInt64(text, radix): radix 2, 8, 10 (default) or 16; "0x" is accepted with radix 16. */
  function parseInt64(text: unknown, radix?: unknown): Int64 {
    if (typeof text !== "string") throw new TypeError("parseInt64 expects a string");
    const r = radix === undefined ? 10 : radix;
    if (r !== 2 && r !== 8 && r !== 10 && r !== 16) throw new RangeError("parseInt64: radix must be 2, 8, 10 or 16");
    let s = text.trim();
    let negative = false;
    if (s.startsWith("-")) {
      negative = true;
      s = s.slice(1);
    }
    if (r === 16 && /^0x/i.test(s)) s = s.slice(2);
    const digits = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[r];
    if (!digits.test(s)) throw new Error(`parseInt64: '${text}' is not a number in radix ${r}`);
    const prefix = { 2: "0b", 8: "0o", 10: "", 16: "0x" }[r];
    const v = BigInt(prefix + s);
    if (v > MASK64) throw new Error(`parseInt64: '${text}' does not fit in 64 bits`);
    return make(negative ? -v : v);
  }

  function numberMethod(name: (typeof NUMBER_METHODS)[number]) {
    const fn = methods[name];
    return function (this: number, v: Int64 | number): Int64 {
      return fn.call(make(toBig(Number(this))), v) as Int64;
    };
  }

  return { Int64, parseInt64, int64: make, numberMethod };
}

/** The default flavour: what the simulator's host serves unless a profile says otherwise. */
export const DEFAULT_INT64 = createInt64Flavour();
export const Int64 = DEFAULT_INT64.Int64;
export const parseInt64 = DEFAULT_INT64.parseInt64;
export const int64 = DEFAULT_INT64.int64;
export const numberMethod = DEFAULT_INT64.numberMethod;
