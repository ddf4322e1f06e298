// The mock JsProvider `host` served over a SimDump: two-phase host object, memory, symbols, types, typed objects, the
// data model, ExecuteCommand and the FileSystem namespace (test/sim/filesystem.ts), every call counted. Used by test/sim/sandbox.ts and test/sim/run.ts.
//
// Reproduced (reference/jsprovider-api.md): before phase2() (i.e. until initializeScript returns) only Int64,
// parseInt64, the registration constructors and diagnostics.debugLog exist; everything else is absent. Registration
// constructors must be called with `new` and record their arguments. getModuleType returns null for a missing type
// with API >= 1.1 and throws below. readMemoryValues gives typed arrays for 1/2/4-byte elements (signed variants when
// isSigned) and a JS array of Int64 for 8; readString/readWideString read up to the terminator or `length` characters.
// Every host call that touches memory throws a JsProvider-style Error ("Unable to read memory at Address 0x...") on
// unreadable memory.
// Choices where the reference is UNCONFIRMED (stricter side):
// - debugLog writes String(arg) of each argument, so an Int64 argument prints as its toString(): decimal;
// - getModuleSymbolAddress throws for an unknown symbol whatever the API version (never null);
// - getModuleSymbol(module, name) without a type name throws (the doc says always to give one for public symbols);
// - readString/readWideString without a length fail when no terminator is found within 0x10000 characters;
// - the context argument of host calls is ignored (a SimDump has one address space) but a non-object one is rejected;
// - ExecuteCommand's result can be walked once (an iterator over the output shared by every for...of, Count(),
//   First(), ...): copy it with Array.from;
// - no evaluateExpression, indexedValue, setModuleSymbol, memory writes or metadata: absent members are undefined.
// Host profiles (test/sim/profiles.ts, HostOptions.behaviour) switch the behaviours §8 of the reference leaves open:
// here the Int64 flavour, sign-extended symbol addresses, volatile readMemoryValues views and either address form in
// commands; the data model and typed objects follow the same HostContext.behaviour.
import type { SimDump } from "./dump";
import { createInt64Flavour, DEFAULT_INT64, toBig, isInt64, type Int64Flavour } from "./int64";
import {
  collection, consumedAddress, nativeObject, producedAddress, type HostContext, type HostCounters, NODE_REALM, newCounters,
  type Realm, readBytes,
} from "./native";
import { DEFAULT_BEHAVIOUR, type HostBehaviour } from "./profiles";
import { TypedObjects } from "./typed";
import { DataModel } from "./datamodel";
import { executeCommand as commandOutput } from "./commands";
import { fileSystemNamespace } from "./filesystem";

export type { HostCounters, Realm } from "./native";

/** One record returned by initializeScript (what a registration constructor recorded). */
export interface Registration {
  kind:
    | "apiVersionSupport"
    | "functionAlias"
    | "namedModelParent"
    | "namedModelRegistration"
    | "typeSignatureRegistration"
    | "typeSignatureExtension"
    | "namespacePropertyParent"
    | "optionalRecord";
  args: unknown[];
}

export interface HostOptions {
  /** The script context's constructors (the sandbox passes its own); Node's by default. */
  realm?: Realm;
  /** The host profile (resolveHostProfiles); the default behaviour when absent. */
  behaviour?: HostBehaviour;
}

export interface SimHost {
  /** The object placed in the sandbox as `host`. */
  host: Record<string, any>;
  /** Adds the phase-2 members (after initializeScript returned). */
  phase2(): void;
  readonly phase: 1 | 2;
  counters: HostCounters;
  resetCounters(): void;
  /** Everything debugLog printed since the last resetOutput(). */
  output(): string;
  resetOutput(): void;
  /** Appends text to the console buffer (the sandbox prints uncaught errors through it). */
  print(text: string): void;
  /** Registration records, from the object a constructor made. */
  registrationOf(x: unknown): Registration | undefined;
  /** Sets the script's API version from the records initializeScript returned (apiVersionSupport), 1.0 without one. */
  setApiVersion(major: number, minor: number): void;
  /** API version as major*100+minor. */
  apiVersion(): number;
  setRealm(realm: Realm): void;
  /** The profile in force. */
  readonly behaviour: HostBehaviour;
  /** The host.Int64 flavour this host serves (the sandbox patches Number.prototype with its methods). */
  readonly int64Flavour: Int64Flavour;
}

const MAX_STRING = 0x10000;

export function createHost(dump: SimDump, options: HostOptions = {}): SimHost {
  let realm = options.realm ?? NODE_REALM;
  let api = 100;
  let phase: 1 | 2 = 1;
  let out = "";
  const counters = newCounters();
  const behaviour: HostBehaviour = { ...DEFAULT_BEHAVIOUR, ...(options.behaviour ?? {}) };
  const flavour = behaviour.bareHex ? createInt64Flavour({ bareHex: true, signedParts: true }) : DEFAULT_INT64;
  const ctx: HostContext = {
    dump,
    counters,
    get realm() {
      return realm;
    },
    apiVersion: () => api,
    error: (message: string) => new realm.Error(message),
    behaviour,
    int64: flavour.int64,
  };
  const typed = new TypedObjects(ctx);
  const model = new DataModel(ctx, typed);
  const records = new WeakMap<object, Registration>();

  const registration = (kind: Registration["kind"], check: (args: unknown[]) => void) =>
    class {
      constructor(...args: unknown[]) {
        if (!new.target) throw new TypeError(`host.${kind} must be called with new`);
        check(args);
        records.set(this, { kind, args });
      }
    };
  const needFunctionOrObject = (what: string) => (args: unknown[]) => {
    if ((typeof args[0] !== "object" && typeof args[0] !== "function") || args[0] === null) {
      throw ctx.error(`${what}: the first argument must be an object or class`);
    }
    if (typeof args[1] !== "string") throw ctx.error(`${what}: the second argument must be a string`);
  };

  const host: Record<string, any> = {
    Int64: flavour.Int64,
    parseInt64: flavour.parseInt64,
    apiVersionSupport: registration("apiVersionSupport", (args) => {
      if (typeof args[0] !== "number" || (args[1] !== undefined && typeof args[1] !== "number")) {
        throw ctx.error("apiVersionSupport(major, [minor]) takes numbers");
      }
    }),
    functionAlias: registration("functionAlias", (args) => {
      if (typeof args[0] !== "function") throw ctx.error("functionAlias: the first argument must be a function");
      if (typeof args[1] !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(args[1])) {
        throw ctx.error("functionAlias: the alias name must be an identifier");
      }
    }),
    namedModelParent: registration("namedModelParent", needFunctionOrObject("namedModelParent")),
    namedModelRegistration: registration("namedModelRegistration", needFunctionOrObject("namedModelRegistration")),
    typeSignatureRegistration: registration("typeSignatureRegistration", needFunctionOrObject("typeSignatureRegistration")),
    typeSignatureExtension: registration("typeSignatureExtension", needFunctionOrObject("typeSignatureExtension")),
    namespacePropertyParent: registration("namespacePropertyParent", needFunctionOrObject("namespacePropertyParent")),
    optionalRecord: registration("optionalRecord", (args) => {
      if (typeof args[0] !== "object" || args[0] === null || !records.has(args[0])) {
        throw ctx.error("optionalRecord: the argument must be a registration record");
      }
    }),
    diagnostics: {
      debugLog(...args: unknown[]) {
        for (const a of args) out += String(a);
      },
    },
  };

  const location = (loc: unknown) => typed.addressOf(loc);
  const checkContext = (c: unknown) => {
    if (c !== undefined && (typeof c !== "object" || c === null)) throw ctx.error("Invalid context argument");
  };
  const count = (n: unknown, what: string): number => {
    const v = isInt64(n) ? Number(toBig(n)) : n;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw ctx.error(`${what} must be a non-negative integer`);
    return v;
  };

  // volatile-views: one buffer behind every typed array readMemoryValues returns, overwritten by the next host call
  // that reads the target (and scribbled over by the other host calls, so a kept view shows garbage, not old data).
  let scratch = new ArrayBuffer(0);
  const scribble = () => {
    if (behaviour.volatileViews && scratch.byteLength > 0) new Uint8Array(scratch).fill(0xcd);
  };
  const scratchView = <T>(ctor: new (b: ArrayBuffer, off: number, n: number) => T, bytes: number, items: number): T => {
    if (scratch.byteLength < bytes) {
      new Uint8Array(scratch).fill(0xcd); // views kept over the old buffer see garbage too
      scratch = new ArrayBuffer(Math.max(bytes, 2 * scratch.byteLength, 0x10000));
    }
    return new ctor(scratch, 0, items);
  };

  function readMemoryValues(loc: unknown, n: unknown, elementSize: unknown = 1, isSigned: unknown = false, c?: unknown) {
    counters.memoryCalls++;
    scribble();
    checkContext(c);
    const addr = location(loc);
    const items = count(n, "count");
    const size = elementSize;
    if (size !== 1 && size !== 2 && size !== 4 && size !== 8) throw ctx.error("elementSize must be 1, 2, 4 or 8");
    // A view of the dump's storage: every path below copies it into the result before returning.
    const bytes = readBytes(ctx, addr, items * size, true);
    counters.memoryBytes += bytes.length;
    const signed = Boolean(isSigned);
    if (size === 8) {
      const result = new realm.Array<unknown>();
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < items; i++) result.push(ctx.int64(view.getBigUint64(i * 8, true)));
      return result;
    }
    const ctor =
      size === 1
        ? signed
          ? realm.Int8Array
          : realm.Uint8Array
        : size === 2
          ? signed
            ? realm.Int16Array
            : realm.Uint16Array
          : signed
            ? realm.Int32Array
            : realm.Uint32Array;
    // The view is made in the script's realm over a host buffer: `instanceof Uint8Array` holds inside the script.
    const result = behaviour.volatileViews ? scratchView(ctor as any, items * size, items) as InstanceType<typeof ctor> : new ctor(items);
    if (size === 1 && !signed) {
      // Byte reads (a page at a time, the extension's usual call): one copy instead of a DataView loop.
      result.set(bytes);
      return result;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < items; i++) {
      result[i] =
        size === 1
          ? signed ? view.getInt8(i) : view.getUint8(i)
          : size === 2
            ? signed ? view.getInt16(2 * i, true) : view.getUint16(2 * i, true)
            : signed ? view.getInt32(4 * i, true) : view.getUint32(4 * i, true);
    }
    return result;
  }

  function readText(loc: unknown, length: unknown, c: unknown, charSize: 1 | 2): string {
    counters.memoryCalls++;
    scribble();
    checkContext(c);
    const addr = location(loc);
    const units: number[] = [];
    if (length !== undefined) {
      const n = count(length, "length");
      const bytes = readBytes(ctx, addr, n * charSize);
      counters.memoryBytes += bytes.length;
      for (let i = 0; i < n; i++) {
        const u = charSize === 1 ? bytes[i] : bytes[2 * i] | (bytes[2 * i + 1] << 8);
        if (u === 0) break;
        units.push(u);
      }
    } else {
      // Up to the terminator, in 64-byte pieces (a character at a time where a piece is not all there), so a string
      // ending before unreadable memory reads fine, also where the dump holds ranges rather than pages.
      let p = addr;
      for (;;) {
        const pieceEnd = (p | 0x3fn) + 1n;
        let bytes: Uint8Array;
        try {
          bytes = readBytes(ctx, p, Number(pieceEnd - p));
        } catch (e) {
          bytes = readBytes(ctx, p, charSize);
        }
        const next = p + BigInt(bytes.length);
        counters.memoryBytes += bytes.length;
        let done = false;
        for (let i = 0; i + charSize <= bytes.length; i += charSize) {
          const u = charSize === 1 ? bytes[i] : bytes[i] | (bytes[i + 1] << 8);
          if (u === 0) {
            done = true;
            break;
          }
          units.push(u);
        }
        if (done) break;
        if (units.length >= MAX_STRING) throw ctx.error(`No string terminator within 0x${MAX_STRING.toString(16)} characters`);
        p = next;
      }
    }
    let s = "";
    for (let i = 0; i < units.length; i += 4096) s += String.fromCharCode(...units.slice(i, i + 4096));
    return s;
  }

  const phase2Members: Record<string, unknown> = {
    memory: {
      readMemoryValues,
      readString: (loc: unknown, length?: unknown, c?: unknown) => readText(loc, length, c, 1),
      readWideString: (loc: unknown, length?: unknown, c?: unknown) => readText(loc, length, c, 2),
    },
    getModuleType(module: unknown, name: unknown, c?: unknown) {
      counters.typeLookups++;
      scribble();
      checkContext(c);
      if (typeof module !== "string" || typeof name !== "string") throw ctx.error("getModuleType(module, type) takes strings");
      const t = typed.types.find(module, name);
      if (!t) {
        if (api >= 101) return null;
        throw ctx.error(`Unable to find type '${name}' in module '${module}'`);
      }
      return typed.typeObject(module, t);
    },
    getModuleSymbolAddress(module: unknown, name: unknown, c?: unknown) {
      counters.symbolLookups++;
      scribble();
      checkContext(c);
      if (typeof module !== "string" || typeof name !== "string") throw ctx.error("getModuleSymbolAddress(module, symbol) takes strings");
      const a = dump.symbolAddress(module, name);
      if (a === undefined) throw ctx.error(`Unable to resolve symbol '${module}!${name}'`);
      return ctx.int64(producedAddress(ctx, a));
    },
    getModuleSymbol(module: unknown, name: unknown, typeName?: unknown, c?: unknown) {
      counters.symbolLookups++;
      checkContext(c);
      if (typeof module !== "string" || typeof name !== "string") throw ctx.error("getModuleSymbol(module, symbol, type) takes strings");
      const a = dump.symbolAddress(module, name);
      if (a === undefined) {
        if (api >= 101) return null;
        throw ctx.error(`Unable to resolve symbol '${module}!${name}'`);
      }
      if (typeof typeName !== "string") throw ctx.error(`No type information for '${module}!${name}': give a type name`);
      const t = typed.types.find(module, typeName);
      if (!t) throw ctx.error(`Unable to find type '${typeName}' in module '${module}'`);
      return typed.valueAt(module, t, a);
    },
    createTypedObject(loc: unknown, moduleOrType: unknown, typeName?: unknown, c?: unknown) {
      const addr = location(loc);
      let module: string;
      let t;
      const ts = typed.stateOfType(moduleOrType);
      if (ts) {
        module = ts.module;
        t = ts.type;
        checkContext(typeName);
      } else {
        if (typeof moduleOrType !== "string" || typeof typeName !== "string") {
          throw ctx.error("createTypedObject(location, module, type) or (location, typeObject)");
        }
        checkContext(c);
        module = moduleOrType;
        t = typed.types.get(module, typeName);
      }
      return typed.valueAt(module, t, addr);
    },
    createPointerObject(address: unknown, module: unknown, typeName: unknown, c?: unknown) {
      checkContext(c);
      if (typeof module !== "string" || typeof typeName !== "string") {
        throw ctx.error("createPointerObject(address, module, 'T *') takes strings");
      }
      const t = typed.types.get(module, typeName);
      if (t.kind !== "pointer") throw ctx.error(`'${typeName}' is not a pointer type`);
      return typed.pointer(module, t, location(address));
    },
  };

  const dataModelMembers = {
    currentSession: () => model.session(),
    currentProcess: () => model.currentProcess(),
    currentThread: () => model.currentThread(),
  };

  // Namespace objects are data-model objects too: every property read on them is counted.
  function namespace() {
    const sessions = () =>
      collection(
        ctx,
        function* () {
          yield [0, model.session()] as [unknown, unknown];
        },
        { indexable: true },
      );
    const executeCommandFn = (command: unknown) => {
      counters.commands++;
      scribble();
      if (typeof command !== "string") throw ctx.error("ExecuteCommand takes a command string");
      counters.commandsRun.push(command);
      const lines = commandOutput(dump, command, (a) => consumedAddress(ctx, a));
      return collection(
        ctx,
        function* () {
          for (let i = 0; i < lines.length; i++) yield [i, lines[i]] as [unknown, unknown];
        },
        { consumeOnce: true },
      );
    };
    const fromListEntry = (h: unknown, t: unknown, f: unknown) => model.fromListEntry(h, t, f);
    const utility = nativeObject(ctx, {
      Collections: () => nativeObject(ctx, { FromListEntry: () => fromListEntry }),
      Control: () => nativeObject(ctx, { ExecuteCommand: () => executeCommandFn }),
      FileSystem: () => fileSystemNamespace(ctx),
    });
    return nativeObject(ctx, {
      Debugger: () => nativeObject(ctx, { Sessions: sessions, Utility: () => utility }),
    });
  }

  return {
    host,
    get phase() {
      return phase;
    },
    phase2() {
      if (phase === 2) return;
      phase = 2;
      for (const [k, v] of Object.entries(phase2Members)) host[k] = v;
      for (const [k, getter] of Object.entries(dataModelMembers)) {
        Object.defineProperty(host, k, {
          get() {
            counters.fieldReads++;
            return getter();
          },
          enumerable: true,
          configurable: true,
        });
      }
      Object.defineProperty(host, "namespace", {
        get() {
          counters.fieldReads++;
          return namespace();
        },
        enumerable: true,
        configurable: true,
      });
    },
    counters,
    resetCounters() {
      Object.assign(counters, newCounters());
    },
    output: () => out,
    resetOutput() {
      out = "";
    },
    print(text: string) {
      out += text;
    },
    registrationOf: (x: unknown) => (typeof x === "object" && x !== null ? records.get(x) : undefined),
    setApiVersion(major: number, minor: number) {
      api = major * 100 + minor;
    },
    apiVersion: () => api,
    setRealm(r: Realm) {
      realm = r;
    },
    behaviour,
    int64Flavour: flavour,
  };
}
