// Type objects and typed objects of the mock JsProvider (getModuleType, createTypedObject, createPointerObject, and
// every struct/array/pointer field). Used by host.ts, datamodel.ts; tests in test/sim-host/typed.test.ts.
//
// Reproduced (reference/jsprovider-api.md §3-4):
// - lookup order: JsProvider projections (address, targetLocation, targetType, toString, and on pointers
//   dereference/isNull/add; getObjectValue with API >= 1.1; compareTo/equals with API >= 1.2) -> fields -> for a
//   pointer, dereference and repeat;
// - `.address` is the pointer's VALUE for pointers and the object's own location for structs and arrays (Int64);
// - 1/2/4-byte integer and enum fields arrive as JS numbers, 8-byte ones as Int64, bit fields as the extracted value,
//   structs and arrays as typed objects, pointers as pointer objects; arrays index with obj[i];
// - every field read is counted; reading unreadable memory throws a JsProvider-style Error.
// Choices where the reference is UNCONFIRMED (stricter side):
// - a pointer field's value is read when the field is read (so an unreadable pointer throws there); a struct field
//   or createTypedObject of a struct reads nothing until one of its scalar fields is read;
// - dereferencing (explicitly or by field lookup through a pointer) throws when the pointee's first byte is unreadable,
//   and always for void and function pointers; `add` on such pointers throws too (no element size);
// - arrays: out-of-range indexes throw, arrays are iterable, there is no `.length`;
// - a bit field in 8-byte storage arrives as Int64 (like any 64-bit value); signedness of integers follows the type
//   name (char/short/long/int/__int64 signed unless "unsigned"; ULONG-style names unsigned);
// - toString(): pointers "0x<hex>"; _UNICODE_STRING its text in double quotes (dx shows it so); other structs and
//   arrays "[Type: <name>]"; createTypedObject of an integer type gives the number itself (marshalling rule);
// - writing a property fails (TypeError in strict code): the dump is read-only.
import type { SimType, SimTypeField } from "./dump";
import { isInt64, toBig, type Int64 } from "./int64";
import { consumedAddress, type HostContext, leUnsigned, nativeObject, producedAddress, READ_ONLY_TRAPS, readBytes, scalar } from "./native";

interface TypedState {
  module: string;
  type: SimType;
  /** Where the object lives; null for a pointer made by createPointerObject (it has only a value). */
  location: bigint | null;
  /** Pointers: the value, read on first use when the pointer has a location. */
  value?: bigint;
}

const states = new WeakMap<object, TypedState>();
const typeStates = new WeakMap<object, { module: string; type: SimType }>();
const locations = new WeakMap<object, bigint>();

/** Resolves type names (cached per host: the dump's type info is immutable). */
export class TypeResolver {
  private cache = new Map<string, SimType | null>();
  constructor(private ctx: HostContext) {}
  find(module: string, name: string): SimType | null {
    const key = module + "!" + name;
    let t = this.cache.get(key);
    if (t === undefined) {
      const clean = name.trim();
      t = this.ctx.dump.type(module, clean) ?? null;
      this.cache.set(key, t);
    }
    return t;
  }
  get(module: string, name: string): SimType {
    const t = this.find(module, name);
    if (!t) throw this.ctx.error(`Unable to find type '${name}' in module '${module}'`);
    return t;
  }
}

function isSignedName(name: string): boolean {
  if (/unsigned|^U|^BOOL|^bool|wchar_t|^WCHAR|^BYTE/.test(name)) return false;
  return /^(signed |char|short|int|long|__int|LONG|CHAR|SHORT|INT|LONGLONG)/.test(name);
}

function signExtend(v: bigint, bytes: number): bigint {
  const bits = BigInt(bytes * 8);
  const sign = 1n << (bits - 1n);
  return v & sign ? v - (1n << bits) : v;
}

/** A scalar read from memory as JsProvider marshals it: number for up to 4 bytes, Int64 for 8. */
function marshalScalar(ctx: HostContext, raw: bigint, size: number, signed: boolean): number | Int64 {
  if (size >= 8) return ctx.int64(raw);
  return Number(signed ? signExtend(raw, size) : raw);
}

export class TypedObjects {
  readonly types: TypeResolver;
  constructor(private ctx: HostContext) {
    this.types = new TypeResolver(ctx);
  }

  /** host.getModuleType: a type object. */
  typeObject(module: string, type: SimType, bitField?: { lsb: number; length: number }): any {
    const ctx = this.ctx;
    const props: Record<string, () => unknown> = {
      name: () => type.name,
      size: () => ctx.int64(BigInt(type.size)),
      typeKind: () => type.kind,
      isBitField: () => bitField !== undefined,
    };
    if (bitField) props.bitFieldPositions = () => ({ lsb: scalar(ctx, bitField.lsb), length: scalar(ctx, bitField.length) });
    if ((type.kind === "pointer" || type.kind === "array") && type.target !== undefined) {
      const target = type.target;
      props.baseType = () => {
        const t = this.types.find(module, target);
        return t ? this.typeObject(module, t) : null;
      };
    }
    if (type.kind === "udt") {
      props.fields = () => {
        const fields: Record<string, () => unknown> = {};
        for (const f of type.fields ?? []) {
          if (Object.prototype.hasOwnProperty.call(fields, f.name)) continue;
          fields[f.name] = () => this.fieldObject(module, f);
        }
        return nativeObject(ctx, fields, () => "");
      };
    }
    const obj = nativeObject(ctx, props, () => type.name);
    typeStates.set(obj, { module, type });
    return obj;
  }

  /** The module and type behind a type object (createTypedObject(location, typeObject)), undefined otherwise. */
  stateOfType(x: unknown): { module: string; type: SimType } | undefined {
    return typeof x === "object" && x !== null ? typeStates.get(x) : undefined;
  }

  private fieldObject(module: string, f: SimTypeField): any {
    const t = this.types.get(module, f.type);
    const bits = f.bitLength !== undefined ? { lsb: f.bitPosition ?? 0, length: f.bitLength } : undefined;
    return nativeObject(
      this.ctx,
      {
        name: () => f.name,
        offset: () => scalar(this.ctx, f.offset),
        type: () => this.typeObject(module, t, bits),
        locationKind: () => "member",
      },
      () => f.name,
    );
  }

  /** A location object (`targetLocation`): add/subtract move it; accepted wherever a location is. */
  locationObject(addr: bigint): any {
    const obj = nativeObject(
      this.ctx,
      {
        add: () => (n: unknown) => this.locationObject((addr + toBig(n)) & 0xffffffffffffffffn),
        subtract: () => (n: unknown) => this.locationObject((addr - toBig(n)) & 0xffffffffffffffffn),
      },
      () => "0x" + addr.toString(16),
    );
    locations.set(obj, addr);
    return obj;
  }

  /** The address behind anything a host API accepts as a location: Int64, number, location object, typed object. */
  addressOf(loc: unknown): bigint {
    if (isInt64(loc)) return consumedAddress(this.ctx, toBig(loc));
    if (typeof loc === "number") {
      if (!Number.isInteger(loc) || loc < 0) throw this.ctx.error(`Invalid location ${loc}`);
      return BigInt(loc);
    }
    if (typeof loc === "object" && loc !== null) {
      const l = locations.get(loc);
      if (l !== undefined) return l;
      const s = states.get(loc);
      if (s) return s.type.kind === "pointer" ? this.pointerValue(s) : s.location!;
    }
    throw this.ctx.error("Invalid location: expected a 64-bit value, a number, a location or a typed object");
  }

  /** The internal state of a typed object (FromListEntry, memory reads), undefined for anything else. */
  stateOf(x: unknown): TypedState | undefined {
    return typeof x === "object" && x !== null ? states.get(x) : undefined;
  }

  /** host.createTypedObject / a field's value: a typed object, or the number / Int64 for a scalar type. */
  valueAt(module: string, type: SimType, addr: bigint, bits?: { lsb: number; length: number }): unknown {
    switch (type.kind) {
      case "udt":
      case "array":
        return this.make({ module, type, location: addr });
      case "pointer": {
        const value = leUnsigned(readBytes(this.ctx, addr, this.ctx.dump.pointerSize));
        return this.make({ module, type, location: addr, value });
      }
      case "intrinsic":
      case "enum": {
        if (type.size === 0) throw this.ctx.error(`Cannot read a value of type '${type.name}'`);
        const raw = leUnsigned(readBytes(this.ctx, addr, type.size));
        if (bits) {
          const v = (raw >> BigInt(bits.lsb)) & ((1n << BigInt(bits.length)) - 1n);
          return marshalScalar(this.ctx, v, type.size, false);
        }
        return marshalScalar(this.ctx, raw, type.size, type.kind === "intrinsic" && isSignedName(type.name));
      }
    }
  }

  /** host.createPointerObject: a pointer with a value and no location. */
  pointer(module: string, type: SimType, value: bigint): any {
    return this.make({ module, type, location: null, value });
  }

  private pointerValue(s: TypedState): bigint {
    if (s.value === undefined) {
      s.value = leUnsigned(readBytes(this.ctx, s.location!, this.ctx.dump.pointerSize));
    }
    return s.value;
  }

  private pointee(s: TypedState): SimType | null {
    const t = s.type.target !== undefined ? this.types.find(s.module, s.type.target) : null;
    if (!t || t.size === 0 || t.name === "void") return null;
    return t;
  }

  private dereference(s: TypedState): unknown {
    const target = this.pointee(s);
    const value = this.pointerValue(s);
    if (!target) throw this.ctx.error(`Cannot dereference a pointer of type '${s.type.name}'`);
    readBytes(this.ctx, value, 1); // the pointee must be there
    return this.valueAt(s.module, target, value);
  }

  private field(s: TypedState, name: string): { found: boolean; value?: unknown } {
    if (s.type.kind === "udt") {
      const f = (s.type.fields ?? []).find((x) => x.name === name);
      if (!f) return { found: false };
      const t = this.types.get(s.module, f.type);
      const bits = f.bitLength !== undefined ? { lsb: f.bitPosition ?? 0, length: f.bitLength } : undefined;
      return { found: true, value: this.valueAt(s.module, t, s.location! + BigInt(f.offset), bits) };
    }
    if (s.type.kind === "array" && /^(0|[1-9][0-9]*)$/.test(name)) {
      return { found: true, value: this.element(s, Number(name)) };
    }
    if (s.type.kind === "pointer") {
      const target = this.dereference(s);
      const ts = this.stateOf(target);
      if (!ts) return { found: false };
      return this.lookup(ts, name);
    }
    return { found: false };
  }

  private element(s: TypedState, i: number): unknown {
    const count = s.type.count ?? 0;
    if (!(i >= 0 && i < count)) throw this.ctx.error(`Index ${i} is out of bounds of '${s.type.name}'`);
    const el = this.types.get(s.module, s.type.target!);
    return this.valueAt(s.module, el, s.location! + BigInt(i * el.size));
  }

  private lookup(s: TypedState, name: string): { found: boolean; value?: unknown } {
    const p = this.projection(s, name);
    if (p.found) return p;
    return this.field(s, name);
  }

  private projection(s: TypedState, name: string): { found: boolean; value?: unknown } {
    const ctx = this.ctx;
    const isPtr = s.type.kind === "pointer";
    const api = ctx.apiVersion();
    const own = () => (isPtr ? this.pointerValue(s) : s.location!);
    switch (name) {
      case "address":
        return { found: true, value: ctx.int64(producedAddress(ctx, own())) };
      case "targetLocation":
        if (s.location === null) throw ctx.error("The object has no location");
        return { found: true, value: this.locationObject(s.location) };
      case "targetType":
        return { found: true, value: this.typeObject(s.module, s.type) };
      // Calling these reaches the target again (the lookup above was one round trip, the call is another).
      case "toString":
        return { found: true, value: () => (ctx.counters.dataModelCalls++, this.display(s)) };
      case "dereference":
        return isPtr ? { found: true, value: () => (ctx.counters.dataModelCalls++, this.dereference(s)) } : { found: false };
      case "isNull":
        return isPtr ? { found: true, value: this.pointerValue(s) === 0n } : { found: false };
      case "add":
        if (!isPtr) return { found: false };
        return {
          found: true,
          value: (n: unknown) => {
            const t = this.pointee(s);
            if (!t) throw ctx.error(`Pointer arithmetic on '${s.type.name}' is not possible`);
            const v = (this.pointerValue(s) + toBig(n) * BigInt(t.size)) & 0xffffffffffffffffn;
            return this.pointer(s.module, s.type, v);
          },
        };
      case "getObjectValue":
        if (api < 101) return { found: false };
        return {
          found: true,
          value: (field: unknown) => {
            ctx.counters.fieldReads++; // a field read by name: the same round trip as obj.Field
            const r = this.field(s, String(field));
            if (!r.found) throw ctx.error(`No field '${String(field)}' on '${s.type.name}'`);
            return r.value;
          },
        };
      case "compareTo":
      case "equals":
        if (api < 102) return { found: false };
        return {
          found: true,
          value: (other: unknown) => {
            const a = own();
            const b = this.addressOf(other);
            return name === "equals" ? a === b : a < b ? -1 : a > b ? 1 : 0;
          },
        };
    }
    return { found: false };
  }

  private display(s: TypedState): string {
    if (s.type.kind === "pointer") return "0x" + this.pointerValue(s).toString(16);
    if (s.type.name === "_UNICODE_STRING") {
      const len = this.field(s, "Length").value as number;
      const buf = this.field(s, "Buffer").value;
      const bs = this.stateOf(buf);
      if (bs && typeof len === "number") {
        const bytes = readBytes(this.ctx, this.pointerValue(bs), len);
        let text = "";
        for (let i = 0; i + 1 < bytes.length; i += 2) text += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
        return '"' + text + '"';
      }
    }
    return `[Type: ${s.type.name}]`;
  }

  private make(s: TypedState): any {
    const ctx = this.ctx;
    ctx.counters.typedObjects++;
    const self = this;
    const isArray = s.type.kind === "array";
    const proxy = new Proxy(Object.create(null), {
      get(_t, key) {
        if (typeof key === "symbol") {
          if (key === Symbol.iterator && isArray) {
            return function* () {
              for (let i = 0; i < (s.type.count ?? 0); i++) yield self.element(s, i);
            };
          }
          return undefined;
        }
        ctx.counters.fieldReads++;
        const r = self.lookup(s, key);
        return r.found ? r.value : undefined;
      },
      has(_t, key) {
        if (typeof key !== "string") return false;
        ctx.counters.fieldReads++;
        if (s.type.kind === "udt") return (s.type.fields ?? []).some((f) => f.name === key);
        return false;
      },
      ownKeys() {
        if (s.type.kind !== "udt") return [];
        return [...new Set((s.type.fields ?? []).map((f) => f.name))];
      },
      getOwnPropertyDescriptor(_t, key) {
        if (typeof key !== "string" || s.type.kind !== "udt") return undefined;
        if (!(s.type.fields ?? []).some((f) => f.name === key)) return undefined;
        ctx.counters.fieldReads++;
        // An accessor, so enumerating fields (Object.keys, dx) reads no memory.
        return { get: () => self.field(s, key).value, set: undefined, enumerable: true, configurable: true };
      },
      ...READ_ONLY_TRAPS,
    });
    states.set(proxy, s);
    return proxy;
  }
}
