// Building blocks of the mock JsProvider's native objects: the shared context (dump, counters, the script's realm),
// counted property bags and lazy data-model collections with the LINQ-ish methods. Used by host.ts, typed.ts,
// datamodel.ts and commands.ts.
import type { SimDump } from "./dump";
import { SimMemoryError } from "./dump";
import { isInt64, toBig, type Int64 } from "./int64";
import type { HostBehaviour } from "./profiles";

/** Every way the script reaches the host, counted. One object per host; readable after a run, resettable. */
export interface HostCounters {
  /** host.memory.* calls. */
  memoryCalls: number;
  /** Bytes those calls returned. */
  memoryBytes: number;
  /** Typed objects created (createTypedObject, createPointerObject, struct/array/pointer fields, KernelObject, ...). */
  typedObjects: number;
  /** Every property read on a typed object, type object, field object or data-model object (projections included),
   * and every getObjectValue(name) call. */
  fieldReads: number;
  /** host.getModuleType calls. */
  typeLookups: number;
  /** host.getModuleSymbolAddress / getModuleSymbol calls. */
  symbolLookups: number;
  /** Control.ExecuteCommand calls. */
  commands: number;
  /** Data-model method calls: LINQ methods, getValueAt, FromListEntry, iterations started, methods of typed objects
   * that reach the target (getObjectValue, dereference, toString). */
  dataModelCalls: number;
  /** Elements the script pulled from data-model iterators (for...of over Processes, Threads, Stack.Frames, Modules,
   * FromListEntry, ExecuteCommand output): each is one GetNext round trip, and FromListEntry reads a link for it. */
  dataModelElements: number;
  /** Every command string passed to ExecuteCommand, in order. */
  commandsRun: string[];
}

export function newCounters(): HostCounters {
  return {
    memoryCalls: 0,
    memoryBytes: 0,
    typedObjects: 0,
    fieldReads: 0,
    typeLookups: 0,
    symbolLookups: 0,
    commands: 0,
    dataModelCalls: 0,
    dataModelElements: 0,
    commandsRun: [],
  };
}

/** The script context's own constructors, so what the host hands out passes `instanceof` checks inside the script. */
export interface Realm {
  Error: ErrorConstructor;
  Array: ArrayConstructor;
  Uint8Array: Uint8ArrayConstructor;
  Uint16Array: Uint16ArrayConstructor;
  Uint32Array: Uint32ArrayConstructor;
  Int8Array: Int8ArrayConstructor;
  Int16Array: Int16ArrayConstructor;
  Int32Array: Int32ArrayConstructor;
}

export const NODE_REALM: Realm = {
  Error,
  Array,
  Uint8Array,
  Uint16Array,
  Uint32Array,
  Int8Array,
  Int16Array,
  Int32Array,
};

/** What every piece of the mock host shares. */
export interface HostContext {
  dump: SimDump;
  counters: HostCounters;
  realm: Realm;
  /** The API version the script registered (apiVersionSupport), 1.0 without one; as major*100+minor. */
  apiVersion(): number;
  /** A JsProvider-style Error in the script's realm. */
  error(message: string): Error;
  /** The host profile in force (test/sim/profiles.ts). */
  behaviour: HostBehaviour;
  /** host.Int64 values of the profile's flavour. */
  int64(v: bigint): Int64;
}

const LOW32 = 0xffffffffn;
const SIGN_EXTENSION = 0xffffffff00000000n;

/** An address the host hands to the script: sign-extended on 32-bit targets under `x86-sign-extended`. */
export function producedAddress(ctx: HostContext, addr: bigint): bigint {
  if (ctx.behaviour.signExtend32 && ctx.dump.pointerSize === 4 && addr <= LOW32 && (addr & 0x80000000n) !== 0n) {
    return addr | SIGN_EXTENSION;
  }
  return addr;
}

/** An address the script hands to the host: on 32-bit targets under `x86-sign-extended`, either form is taken. */
export function consumedAddress(ctx: HostContext, addr: bigint): bigint {
  if (ctx.behaviour.signExtend32 && ctx.dump.pointerSize === 4 && (addr & SIGN_EXTENSION) === SIGN_EXTENSION && (addr & 0x80000000n) !== 0n) {
    return addr & LOW32;
  }
  return addr;
}

/** A scalar of the data model or type info: a number, or an Int64 under `int64-scalars`. */
export function scalar(ctx: HostContext, v: number): number | Int64 {
  return ctx.behaviour.int64Scalars ? ctx.int64(BigInt(v)) : v;
}

/** Reads target memory; unreadable memory becomes a JsProvider-style Error in the script's realm. */
export function readBytes(ctx: HostContext, addr: bigint, length: number, view = false): Uint8Array {
  try {
    const a = consumedAddress(ctx, addr);
    // partial-pages: only the ranges the dump holds are there, whatever the page.
    if (ctx.behaviour.partialPages && length > 0 && !ctx.dump.memory.isHeld(a, length)) {
      throw new SimMemoryError(addr, length);
    }
    return ctx.dump.memory.read(a, length, view);
  } catch (e) {
    if (e instanceof SimMemoryError) throw ctx.error(e.message);
    throw e;
  }
}

/** Little-endian unsigned integer of 1..8 bytes. */
export function leUnsigned(bytes: Uint8Array, offset = 0, size = bytes.length): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[offset + i]);
  return v;
}

/** A key for getValueAt: numbers and Int64 compare by value, strings by text. */
function sameKey(a: unknown, b: unknown): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  if (typeof b === "bigint") return toBig(a) === b;
  try {
    return toBig(a) === toBig(b);
  } catch {
    return false;
  }
}

export type Props = Record<string, () => unknown>;

/** Proxy traps of every native object: the dump is read-only, so writes fail (TypeError in strict code). */
export const READ_ONLY_TRAPS = {
  set: () => false,
  defineProperty: () => false,
  deleteProperty: () => false,
};

/**
 * A data-model object: a property bag whose every read is counted (fieldReads) and evaluated on access (nothing is
 * cached, like the data model). `display` is what toString() and dx show. Writes fail (TypeError in strict code).
 */
export function nativeObject(ctx: HostContext, props: Props, display?: () => string): any {
  const target = Object.create(null);
  return new Proxy(target, {
    get(_t, key) {
      if (typeof key === "symbol") return undefined;
      ctx.counters.fieldReads++;
      if (Object.prototype.hasOwnProperty.call(props, key)) return props[key]();
      if (key === "toString") return () => (display ? display() : "[object Object]");
      return undefined;
    },
    has(_t, key) {
      if (typeof key !== "string") return false;
      ctx.counters.fieldReads++;
      return Object.prototype.hasOwnProperty.call(props, key);
    },
    ownKeys() {
      return Object.keys(props);
    },
    getOwnPropertyDescriptor(_t, key) {
      if (typeof key !== "string" || !Object.prototype.hasOwnProperty.call(props, key)) return undefined;
      ctx.counters.fieldReads++;
      // An accessor, so enumerating keys (Object.keys, dx) evaluates nothing.
      return { get: props[key], set: undefined, enumerable: true, configurable: true };
    },
    ...READ_ONLY_TRAPS,
  });
}

export interface CollectionOptions {
  /** `coll[i]` gives the i-th element (stack frames). Otherwise JS indexing gives undefined: use getValueAt. */
  indexable?: boolean;
  /** `coll[key]` gives the element with that key (Processes[4] under the `no-getvalueat` profile). */
  keyIndexable?: boolean;
  /** No getValueAt method (the `no-getvalueat` profile). */
  noGetValueAt?: boolean;
  /** Every iteration pulls from one shared cursor, so the collection can be walked once (ExecuteCommand output). */
  consumeOnce?: boolean;
  /** What toString() gives (dx shows collections without a display string when absent). */
  display?: () => string;
}

const collections = new WeakMap<object, () => Generator<[unknown, unknown]>>();

export function isCollection(x: unknown): boolean {
  return typeof x === "object" && x !== null && collections.has(x);
}

/**
 * A lazy data-model collection of [key, value] pairs: iterable with for...of (values), LINQ-ish methods (Count, Where,
 * Select, First, Last, Any, All, Take, Skip) and getValueAt(key). Every method call counts as a data-model call.
 */
export function collection(ctx: HostContext, source: () => Iterator<[unknown, unknown]>, opts: CollectionOptions = {}): any {
  let shared: Iterator<[unknown, unknown]> | null = null;
  const open = (): Iterator<[unknown, unknown]> => {
    if (!opts.consumeOnce) return source();
    if (!shared) shared = source();
    return shared;
  };
  function* pairs(): Generator<[unknown, unknown]> {
    const it = open();
    for (;;) {
      const r = it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  const call = <T>(f: () => T) => {
    ctx.counters.dataModelCalls++;
    return f();
  };
  const derived = (gen: () => Generator<[unknown, unknown]>) => collection(ctx, gen, {});
  const methods: Record<string, Function> = {
    Count: () =>
      call(() => {
        let n = 0;
        for (const _ of pairs()) n++;
        return n;
      }),
    Where: (fn: (v: unknown) => unknown) =>
      call(() => {
        requireFn(ctx, fn, "Where");
        return derived(function* () {
          for (const [k, v] of pairs()) if (fn(v)) yield [k, v];
        });
      }),
    Select: (fn: (v: unknown) => unknown) =>
      call(() => {
        requireFn(ctx, fn, "Select");
        return derived(function* () {
          for (const [k, v] of pairs()) yield [k, fn(v)];
        });
      }),
    First: (fn?: (v: unknown) => unknown) =>
      call(() => {
        for (const [, v] of pairs()) if (!fn || fn(v)) return v;
        throw ctx.error("Sequence contains no elements");
      }),
    Last: (fn?: (v: unknown) => unknown) =>
      call(() => {
        let found = false;
        let last: unknown;
        for (const [, v] of pairs()) {
          if (!fn || fn(v)) {
            found = true;
            last = v;
          }
        }
        if (!found) throw ctx.error("Sequence contains no elements");
        return last;
      }),
    Any: (fn?: (v: unknown) => unknown) =>
      call(() => {
        for (const [, v] of pairs()) if (!fn || fn(v)) return true;
        return false;
      }),
    All: (fn: (v: unknown) => unknown) =>
      call(() => {
        requireFn(ctx, fn, "All");
        for (const [, v] of pairs()) if (!fn(v)) return false;
        return true;
      }),
    Take: (n: number) =>
      call(() =>
        derived(function* () {
          let i = 0;
          if (i >= n) return;
          for (const p of pairs()) {
            yield p;
            if (++i >= n) return;
          }
        }),
      ),
    Skip: (n: number) =>
      call(() =>
        derived(function* () {
          let i = 0;
          for (const p of pairs()) if (i++ >= n) yield p;
        }),
      ),
    getValueAt: (key: unknown) =>
      call(() => {
        for (const [k, v] of pairs()) if (sameKey(k, key)) return v;
        throw ctx.error(`No element with key ${describeKey(key)}`);
      }),
    toString: () => (opts.display ? opts.display() : ""),
  };
  const iterate = function () {
    ctx.counters.dataModelCalls++;
    const it = pairs();
    return {
      next() {
        const r = it.next();
        if (r.done) return { done: true, value: undefined };
        ctx.counters.dataModelElements++;
        return { done: false, value: r.value[1] };
      },
      [Symbol.iterator]() {
        return this;
      },
    };
  };
  const proxy = new Proxy(Object.create(null), {
    get(_t, key) {
      if (key === Symbol.iterator) return iterate;
      if (typeof key === "symbol") return undefined;
      ctx.counters.fieldReads++;
      if (Object.prototype.hasOwnProperty.call(methods, key)) {
        if (key === "getValueAt" && opts.noGetValueAt) return undefined;
        return methods[key];
      }
      if (opts.keyIndexable && /^(0|[1-9][0-9]*)$/.test(key)) {
        ctx.counters.dataModelCalls++;
        const want = BigInt(key);
        for (const [k, v] of pairs()) if (typeof k !== "string" && sameKey(k, want)) return v;
        return undefined;
      }
      if (opts.indexable && /^(0|[1-9][0-9]*)$/.test(key)) {
        const want = Number(key);
        let i = 0;
        for (const [, v] of pairs()) if (i++ === want) return v;
        return undefined;
      }
      return undefined;
    },
    has(_t, key) {
      if (key === "getValueAt" && opts.noGetValueAt) return false;
      return typeof key === "string" && Object.prototype.hasOwnProperty.call(methods, key);
    },
    ownKeys() {
      return [];
    },
    set() {
      return false;
    },
  });
  collections.set(proxy, pairs);
  return proxy;
}

/** The [key, value] pairs of a collection, uncounted: dx rendering of returned collections shows their keys. */
export function collectionPairs(c: object): Iterator<[unknown, unknown]> {
  const pairs = collections.get(c);
  if (!pairs) throw new TypeError("not a data-model collection");
  return pairs();
}

function requireFn(ctx: HostContext, fn: unknown, method: string): void {
  if (typeof fn !== "function") throw ctx.error(`${method}: expected a function argument`);
}

function describeKey(key: unknown): string {
  if (isInt64(key)) return key.toString(16);
  if (typeof key === "number") return "0x" + key.toString(16);
  return String(key);
}
