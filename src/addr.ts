// Host-independent 64-bit addresses: canonical lowercase hex strings ("8a7f1008", "ffff988d80d05a90", "0" for NULL).
// Everything below src/host/ uses these instead of the host's Int64 objects, so x64 kernel addresses above 2^53 stay exact.

/** A virtual address: lowercase hex, no `0x`, no leading zeros; "0" is NULL. Compare with `addrCompare`, not `<`. */
export type Addr = string;

const TWO32 = 4294967296;

function canonical(hex: string): Addr {
  let i = 0;
  while (i < hex.length - 1 && hex.charAt(i) === "0") i++;
  return hex.slice(i).toLowerCase();
}

/** Builds an address from its high and low 32-bit halves (each 0..2^32-1). */
export function addrFromParts(hi: number, lo: number): Addr {
  const h = hi >>> 0;
  const l = lo >>> 0;
  if (h === 0) return l.toString(16);
  const low = l.toString(16);
  return h.toString(16) + "00000000".slice(low.length) + low;
}

/** The high and low 32-bit halves of an address. */
export function addrParts(a: Addr): { hi: number; lo: number } {
  if (a.length <= 8) return { hi: 0, lo: parseInt(a, 16) >>> 0 };
  return { hi: parseInt(a.slice(0, a.length - 8), 16) >>> 0, lo: parseInt(a.slice(a.length - 8), 16) >>> 0 };
}

/** An address from a non-negative integer below 2^53. */
export function addrFromNumber(n: number): Addr {
  if (!(n >= 0) || n > 9007199254740991 || Math.floor(n) !== n) throw new Error("not an address: " + n);
  return addrFromParts(Math.floor(n / TWO32), n % TWO32);
}

/** The address as a JS number when it fits in 53 bits, otherwise null. */
export function addrToNumber(a: Addr): number | null {
  const p = addrParts(a);
  if (p.hi >= 0x200000) return null;
  return p.hi * TWO32 + p.lo;
}

/** Parses "0x8a7f1008", "8A7F1008", "ffff988d`80d05a90"; null when the text is not 1..16 hex digits. */
export function parseAddr(text: string): Addr | null {
  let s = String(text).trim().replace(/`/g, "");
  if (s.slice(0, 2).toLowerCase() === "0x") s = s.slice(2);
  if (!/^[0-9a-fA-F]{1,16}$/.test(s)) return null;
  return canonical(s);
}

export function addrIsNull(a: Addr): boolean {
  return a === "0";
}

/** -1, 0 or 1. Canonical form makes longer strings larger. */
export function addrCompare(a: Addr, b: Addr): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** a + delta (delta may be negative, |delta| < 2^53), wrapping modulo 2^64. */
export function addrAdd(a: Addr, delta: number): Addr {
  if (delta === 0) return a;
  const p = addrParts(a);
  let lo = p.lo + (delta % TWO32);
  let hi = p.hi + Math.trunc(delta / TWO32);
  if (lo >= TWO32) {
    lo -= TWO32;
    hi += 1;
  } else if (lo < 0) {
    lo += TWO32;
    hi -= 1;
  }
  hi = ((hi % TWO32) + TWO32) % TWO32;
  return addrFromParts(hi, lo);
}

/** a - b as a number when |a - b| < 2^53, otherwise null. */
export function addrDiff(a: Addr, b: Addr): number | null {
  const pa = addrParts(a);
  const pb = addrParts(b);
  const d = (pa.hi - pb.hi) * TWO32 + (pa.lo - pb.lo);
  return Math.abs(d) <= 9007199254740991 ? d : null;
}

/** True when base <= a < base + size. */
export function addrInRange(a: Addr, base: Addr, size: number): boolean {
  const d = addrDiff(a, base);
  return d !== null && d >= 0 && d < size;
}

/** The low `bits` bits (<= 31) of an address, e.g. addrLowBits(ownerThread, 2) === 3 for an owner pointer. */
export function addrLowBits(a: Addr, bits: number): number {
  return addrParts(a).lo & ((1 << bits) - 1);
}

/** WinDbg's display: 8 digits on x86 ("8a7f1008"), 16 with a backtick on x64 ("ffff988d`80d05a90"). */
export function formatAddr(a: Addr, pointerSize: number): string {
  const p = addrParts(a);
  const lo = p.lo.toString(16);
  const lo8 = "00000000".slice(lo.length) + lo;
  if (pointerSize === 4 && p.hi === 0) return lo8;
  const hi = p.hi.toString(16);
  return "00000000".slice(hi.length) + hi + "`" + lo8;
}

/** The JSON contract's form: lowercase, `0x`-prefixed ("0x8a7f1008"). */
export function jsonAddr(a: Addr): string {
  return "0x" + a;
}
