// The one place a command argument becomes an address: `!isaIrps 0x84...` arrives as a JS number, a 64-bit value as a
// host Int64, `@$curthread` as a data-model object, `(nt!_ETHREAD*)0x...` as a typed object. Used by args.ts.
// Only duck-typing of the value handed to us (getLowPart, toString(16), .address); the `host` global is never touched.
import { Addr, addrFromParts, addrParts, parseAddr } from "../addr";
import { hostValueToAddr } from "../host/jsprovider";

/** How deep `.KernelObject` / `.address` are followed (a data-model Thread → its _ETHREAD → its address). */
const MAX_UNWRAP = 3;

function isInt64Like(v: unknown): boolean {
  if (v === null || typeof v !== "object") return false;
  const o = v as { getLowPart?: unknown; getHighPart?: unknown };
  return typeof o.getLowPart === "function" && typeof o.getHighPart === "function";
}

/** Reads a property of a host object; getters of native objects may throw (e.g. `.address` of a value without one). */
function property(v: object, name: string): unknown {
  try {
    return (v as { [k: string]: unknown })[name];
  } catch (e) {
    return undefined;
  }
}

/**
 * The address an argument names, or null when it is not one (booleans, fractions, text that is not hex, objects
 * without an address). Strings are hex as WinDbg prints addresses ("8a1c2020", "0xfffffa80`0c2d8b60").
 */
export function addressArgument(value: unknown, depth?: number): Addr | null {
  const level = depth === undefined ? 0 : depth;
  if (typeof value === "number") {
    if (Math.floor(value) !== value || !isFinite(value)) return null;
    return hostValueToAddr(value);
  }
  if (typeof value === "string") return parseAddr(value);
  if (value === null || typeof value !== "object" || level > MAX_UNWRAP) return null;
  if (isInt64Like(value)) return hostValueToAddr(value);
  // A data-model Thread (@$curthread, Threads[0x18a8]) carries its _ETHREAD as KernelObject.
  const kernelObject = property(value, "KernelObject");
  if (kernelObject !== undefined && kernelObject !== null && typeof kernelObject === "object") {
    const a = addressArgument(kernelObject, level + 1);
    if (a !== null) return a;
  }
  // A typed object: `.address` is where it lives; for a pointer, the value it points to (jsprovider-api.md §4).
  const address = property(value, "address");
  if (address !== undefined && address !== null && address !== value) return addressArgument(address, level + 1);
  return null;
}

/**
 * The address as a pointer of the target: on x86 a sign-extended 32-bit value (how a negative JS number or a
 * 64-bit register form arrives) is cut to 32 bits; anything else above 4 GB is not an x86 address (null).
 */
export function fitToPointer(a: Addr, pointerSize: 4 | 8): Addr | null {
  if (pointerSize === 8) return a;
  const p = addrParts(a);
  if (p.hi === 0) return a;
  if (p.hi === 0xffffffff && p.lo >= 0x80000000) return addrFromParts(0, p.lo);
  return null;
}
