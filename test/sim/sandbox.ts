// The script sandbox: runs a JsProvider script (dist/isatriage.js) in a fresh `vm` context that has only the ES2017
// built-ins plus `host`, the way WinDbg loads it (.scriptload), and invokes its function aliases like `!name <expr>`.
// Used by test/sim/run.ts (npm run simulate), bench and fuzz; tests in test/sim-host/sandbox.test.ts.
//
// Reproduced (reference/jsprovider-api.md §1-2): root code, then initializeScript() whose result must be an array of
// registration records, then the host's phase 2; aliases receive already-evaluated dx arguments (`!a 42`, `!a "s"`,
// `!a (5, 7)`); an uncaught exception prints `Error: <msg> [at <script> (line N col M)]` (V8 style: the error's name
// precedes the message unless it is a plain Error); host number methods (add, subtract, ...) on Number.prototype.
// Choices where the reference is UNCONFIRMED (stricter side):
// - syntax is checked with acorn at ecmaVersion 2017 (what both engines take); newer library members and every Node
//   global are removed from the context (list below; Symbol is a wrapper without asyncIterator/matchAll because
//   well-known symbols cannot be deleted); `eval`/`new Function` text is not re-checked;
// - initializeScript and uninitializeScript are each optional (the scripting doc says so; Microsoft's SimpleIntro.js has
//   no uninitializeScript), but one that is defined must be a top-level function declaration (not `var f = function`),
//   and initializeScript must return an array whose every element is a registration record;
// - the unparenthesised comma form `!a "x", "y"` is an error; an alias is called with `this` undefined;
// - dx literals: C-style strings (escapes \\ \" \' \n \r \t \0 \a \b \f \v \xHH; anything else is an error),
//   decimal and 0x integers (a backtick may split hex digits), decimal floating-point literals (as numbers), optional
//   leading '-', true/false; integers beyond 2^53
//   arrive as Int64, beyond 64 bits are an error; any identifier gives `Error: Unable to bind name '<x>'`.
import * as vm from "node:vm";
import { basename } from "node:path";
import { parse } from "acorn";
import { DEFAULT_INT64, NUMBER_METHODS, type Int64Flavour } from "./int64";
import type { Realm } from "./native";
import type { SimHost } from "./host";

/** The script could not be loaded (.scriptload would fail): syntax, root code, entry points or records. */
export class ScriptLoadError extends Error {}

/** A dx argument expression that cannot be evaluated. `message` is what WinDbg prints ("Error: ..."). */
export class ArgumentError extends Error {}

export interface InvokeResult {
  /** The dx expression the alias call displays as: `@$isaCpuCheck("app.exe")`. */
  expression: string;
  /** What the alias returned (undefined when it threw or its arguments failed). */
  returned: unknown;
  /** Console output of this invocation: debugLog text, then the error line if the alias threw. */
  console: string;
  /** The uncaught error (or argument error), if any, with the line WinDbg prints for it. */
  error?: { value: unknown; line: string };
}

export interface LoadedScript {
  /** Alias names registered by initializeScript. */
  aliases(): string[];
  /** The API version the script registered, e.g. "1.7" ("1.0" without a record). */
  apiVersion(): string;
  /** `!name <argExpression>` */
  invokeAlias(name: string, argExpression?: string): InvokeResult;
  /** .scriptunload: calls uninitializeScript(). */
  unload(): void;
}

/** Globals and members newer than ES2017 or foreign to a debugger host; removed from the script's context. */
const REMOVED_GLOBALS = [
  "globalThis",
  "BigInt",
  "BigInt64Array",
  "BigUint64Array",
  "WeakRef",
  "FinalizationRegistry",
  "AggregateError",
  "SharedArrayBuffer",
  "Atomics",
  "WebAssembly",
  "console",
  "structuredClone",
  "queueMicrotask",
  "require",
  "module",
  "exports",
  "process",
  "Buffer",
  "setTimeout",
  "setInterval",
  "setImmediate",
  "clearTimeout",
  "clearInterval",
  "clearImmediate",
  "fetch",
  "global",
];
const REMOVED_MEMBERS: Record<string, string[]> = {
  "Array.prototype": ["flat", "flatMap", "at", "findLast", "findLastIndex", "toSorted", "toReversed", "toSpliced", "with"],
  Array: ["fromAsync"],
  Object: ["fromEntries", "hasOwn", "groupBy"],
  "String.prototype": ["replaceAll", "matchAll", "trimStart", "trimEnd", "at", "isWellFormed", "toWellFormed"],
  Promise: ["allSettled", "any", "withResolvers"],
  "Promise.prototype": ["finally"],
  "Symbol.prototype": ["description"],
  "RegExp.prototype": ["dotAll", "hasIndices"],
  "Object.getPrototypeOf(Uint8Array.prototype)": ["at", "findLast", "findLastIndex", "toSorted", "toReversed", "with"],
  "ArrayBuffer.prototype": ["resize", "transfer", "transferToFixedLength", "maxByteLength", "resizable", "detached"],
  Map: ["groupBy"],
  Error: ["captureStackTrace"],
};

/** Well-known symbols are non-configurable, so Symbol itself is replaced by a wrapper without the ES2018+ ones. */
const SYMBOL_WRAPPER = `
  var S = g.Symbol;
  var W = function Symbol(description) {
    if (new.target) throw new TypeError("Symbol is not a constructor");
    return arguments.length === 0 ? S() : S(description);
  };
  Object.getOwnPropertyNames(S).forEach(function (k) {
    if (k === "asyncIterator" || k === "matchAll" || k === "prototype" || k === "length" || k === "name") return;
    Object.defineProperty(W, k, Object.getOwnPropertyDescriptor(S, k));
  });
  Object.defineProperty(W, "prototype", { value: S.prototype, writable: false });
  Object.defineProperty(S.prototype, "constructor", { value: W, writable: true, configurable: true });
  Object.defineProperty(g, "Symbol", { value: W, writable: true, configurable: true, enumerable: false });
`;

function prelude(): string {
  const lines = [`"use strict";`, `var g = this;`, SYMBOL_WRAPPER];
  for (const name of REMOVED_GLOBALS) lines.push(`delete g[${JSON.stringify(name)}];`);
  for (const [owner, names] of Object.entries(REMOVED_MEMBERS)) {
    for (const n of names) lines.push(`delete (${owner})[${JSON.stringify(n)}];`);
  }
  return `(function () { ${lines.join("\n")} }).call(this);`;
}

const REALM_NAMES = ["Error", "Array", "Uint8Array", "Uint16Array", "Uint32Array", "Int8Array", "Int16Array", "Int32Array"];

/** Creates the script context: ES2017 built-ins, `host`, the host's Number methods; returns it with its realm. */
export function createContext(host: object, flavour: Int64Flavour = DEFAULT_INT64): { context: vm.Context; realm: Realm } {
  const context = vm.createContext({});
  const realm = vm.runInContext(`({ ${REALM_NAMES.join(", ")} })`, context) as Realm;
  vm.runInContext(prelude(), context);
  const numberProto = vm.runInContext("Number.prototype", context) as object;
  for (const name of NUMBER_METHODS) {
    Object.defineProperty(numberProto, name, { value: flavour.numberMethod(name), writable: true, configurable: true, enumerable: false });
  }
  Object.defineProperty(vm.runInContext("this", context), "host", { value: host, writable: false, enumerable: false, configurable: false });
  return { context, realm };
}

function checkSyntax(text: string, filename: string): void {
  let ast: any;
  try {
    ast = parse(text, { ecmaVersion: 2017, sourceType: "script", locations: true });
  } catch (e) {
    throw new ScriptLoadError(`JavaScript script load failed (${filename}): SyntaxError: ${(e as Error).message}`);
  }
  const declares = (n: any, name: string): boolean =>
    (n.type === "FunctionDeclaration" && n.id && n.id.name === name) ||
    (n.type === "VariableDeclaration" && n.declarations.some((d: any) => d.id && d.id.name === name)) ||
    (n.type === "ClassDeclaration" && n.id && n.id.name === name);
  for (const entry of ["initializeScript", "uninitializeScript"]) {
    const decl = ast.body.find((n: any) => declares(n, entry));
    if (!decl) continue;
    if (decl.type !== "FunctionDeclaration") {
      throw new ScriptLoadError(`JavaScript script load failed (${filename}): ${entry} must be a top-level function declaration`);
    }
    if (decl.async || decl.generator) {
      throw new ScriptLoadError(`JavaScript script load failed (${filename}): ${entry} must be a plain function`);
    }
  }
}

/** `Error: <msg> [at <script> (line N col M)]`, as WinDbg prints an uncaught exception. */
export function formatUncaught(e: unknown, scriptName: string, filename: string): string {
  let msg: string;
  if (typeof e === "object" && e !== null && "message" in e) {
    const name = String((e as Error).name ?? "Error");
    msg = name && name !== "Error" ? `${name}: ${String((e as Error).message)}` : String((e as Error).message);
  } else {
    msg = String(e);
  }
  const stack = typeof e === "object" && e !== null ? String((e as Error).stack ?? "") : "";
  const esc = filename.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(esc + ":(\\d+):(\\d+)").exec(stack);
  return m ? `Error: ${msg} [at ${scriptName} (line ${m[1]} col ${m[2]})]` : `Error: ${msg} [at ${scriptName}]`;
}

// ---- dx argument expressions ---------------------------------------------------------------------------------

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  '"': '"',
  "'": "'",
  n: "\n",
  r: "\r",
  t: "\t",
  "0": "\0",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
};

class ArgParser {
  pos = 0;
  constructor(private text: string, private flavour: Int64Flavour) {}
  private ws() {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }
  private rest(): string {
    return this.text.slice(this.pos);
  }
  atEnd(): boolean {
    this.ws();
    return this.pos >= this.text.length;
  }
  peek(): string {
    this.ws();
    return this.text[this.pos] ?? "";
  }
  expect(c: string) {
    if (this.peek() !== c) throw new ArgumentError(`Error: Expected '${c}' at '${this.rest()}'`);
    this.pos++;
  }
  item(): unknown {
    const c = this.peek();
    if (c === '"') return this.string();
    if (c === "(") {
      this.pos++;
      const v = this.item();
      this.expect(")");
      return v;
    }
    // dx evaluates floating-point literals to doubles; they reach JavaScript as numbers.
    const real = /^-?[0-9]+\.[0-9]+(?:[eE][-+]?[0-9]+)?(?![A-Za-z0-9_`.])/.exec(this.rest());
    if (real) {
      this.pos += real[0].length;
      return Number(real[0]);
    }
    const num = /^-?(?:0[xX][0-9a-fA-F`]+|[0-9]+)(?![A-Za-z0-9_`])/.exec(this.rest());
    if (num) {
      this.pos += num[0].length;
      return numberLiteral(num[0], this.flavour);
    }
    const ident = /^[A-Za-z_$@][A-Za-z0-9_$]*/.exec(this.rest());
    if (ident) {
      this.pos += ident[0].length;
      if (ident[0] === "true") return true;
      if (ident[0] === "false") return false;
      throw new ArgumentError(`Error: Unable to bind name '${ident[0]}'`);
    }
    throw new ArgumentError(`Error: Syntax error at '${this.rest()}'`);
  }
  private string(): string {
    this.pos++; // opening quote
    let s = "";
    for (;;) {
      if (this.pos >= this.text.length) throw new ArgumentError("Error: Unterminated string literal");
      const c = this.text[this.pos++];
      if (c === '"') return s;
      if (c !== "\\") {
        s += c;
        continue;
      }
      const e = this.text[this.pos++] ?? "";
      if (e === "x") {
        const h = /^[0-9a-fA-F]{1,2}/.exec(this.text.slice(this.pos));
        if (!h) throw new ArgumentError("Error: Invalid escape sequence '\\x'");
        this.pos += h[0].length;
        s += String.fromCharCode(parseInt(h[0], 16));
      } else if (Object.prototype.hasOwnProperty.call(SIMPLE_ESCAPES, e)) {
        s += SIMPLE_ESCAPES[e];
      } else {
        throw new ArgumentError(`Error: Invalid escape sequence '\\${e}'`);
      }
    }
  }
}

function numberLiteral(text: string, flavour: Int64Flavour): unknown {
  const negative = text.startsWith("-");
  const body = (negative ? text.slice(1) : text).replace(/`/g, "");
  const v = BigInt(body);
  if (v > (1n << 64n) - 1n) throw new ArgumentError(`Error: Integer literal '${text}' is too large`);
  if (v <= BigInt(Number.MAX_SAFE_INTEGER)) return negative ? -Number(v) : Number(v);
  return flavour.int64(negative ? -v : v);
}

/** Evaluates what follows `!alias`: no text = no argument; `(a, b)` = several; anything else = one. */
export function evaluateArguments(text: string | undefined, flavour: Int64Flavour = DEFAULT_INT64): unknown[] {
  const src = (text ?? "").trim();
  if (src === "") return [];
  const p = new ArgParser(src, flavour);
  const args: unknown[] = [];
  if (p.peek() === "(") {
    p.expect("(");
    if (p.peek() === ")") {
      p.expect(")");
    } else {
      args.push(p.item());
      while (p.peek() === ",") {
        p.expect(",");
        args.push(p.item());
      }
      p.expect(")");
    }
  } else {
    args.push(p.item());
  }
  if (!p.atEnd()) {
    if (p.peek() === ",") throw new ArgumentError("Error: Several arguments must be parenthesized: (a, b)");
    throw new ArgumentError(`Error: Syntax error at '${src.slice(p.pos)}'`);
  }
  return args;
}

/** The dx expression of an alias call: `!neg 42` -> `@$neg(42)`, `!add (5, 7)` -> `@$add(5, 7)`. */
export function aliasExpression(name: string, argExpression?: string): string {
  const src = (argExpression ?? "").trim();
  if (src === "") return `@$${name}()`;
  if (src.startsWith("(") && src.endsWith(")")) return `@$${name}${src}`;
  return `@$${name}(${src})`;
}

/** .scriptload: parse, run the root code, initializeScript(), validate the records, then the host's phase 2. */
export function loadScript(scriptText: string, sim: SimHost, options: { filename: string }): LoadedScript {
  const filename = options.filename;
  const scriptName = basename(filename).replace(/\.[^.]*$/, "");
  checkSyntax(scriptText, filename);
  const { context, realm } = createContext(sim.host, sim.int64Flavour);
  sim.setRealm(realm);
  try {
    new vm.Script(scriptText, { filename }).runInContext(context);
  } catch (e) {
    throw new ScriptLoadError(`JavaScript script load failed: ${formatUncaught(e, scriptName, filename)}`);
  }
  const globals = vm.runInContext("this", context) as Record<string, unknown>;
  const init = globals.initializeScript;
  const uninit = globals.uninitializeScript;
  if ((init !== undefined && typeof init !== "function") || (uninit !== undefined && typeof uninit !== "function")) {
    throw new ScriptLoadError(`JavaScript script load failed (${filename}): initializeScript/uninitializeScript are not functions`);
  }
  let records: unknown = [];
  try {
    if (init !== undefined) records = (init as () => unknown)();
  } catch (e) {
    throw new ScriptLoadError(`initializeScript failed: ${formatUncaught(e, scriptName, filename)}`);
  }
  if (!Array.isArray(records)) throw new ScriptLoadError("initializeScript must return an array of registration records");
  const aliases = new Map<string, Function>();
  let version = "1.0";
  for (const r of records) {
    let reg = sim.registrationOf(r);
    if (reg && reg.kind === "optionalRecord") reg = sim.registrationOf(reg.args[0]);
    if (!reg) throw new ScriptLoadError(`initializeScript returned something that is not a registration record: ${String(r)}`);
    if (reg.kind === "apiVersionSupport") {
      const major = reg.args[0] as number;
      const minor = (reg.args[1] as number | undefined) ?? 0;
      sim.setApiVersion(major, minor);
      version = `${major}.${minor}`;
    } else if (reg.kind === "functionAlias") {
      const name = reg.args[1] as string;
      if (aliases.has(name)) throw new ScriptLoadError(`function alias '${name}' registered twice`);
      aliases.set(name, reg.args[0] as Function);
    }
  }
  sim.phase2();

  return {
    aliases: () => [...aliases.keys()],
    apiVersion: () => version,
    invokeAlias(name: string, argExpression?: string): InvokeResult {
      const expression = aliasExpression(name, argExpression);
      sim.resetOutput();
      const fn = aliases.get(name);
      const fail = (value: unknown, line: string): InvokeResult => {
        sim.print(line + "\n");
        return { expression, returned: undefined, console: sim.output(), error: { value, line } };
      };
      if (!fn) return fail(undefined, `No export ${name} found`);
      let args: unknown[];
      try {
        args = evaluateArguments(argExpression, sim.int64Flavour);
      } catch (e) {
        if (e instanceof ArgumentError) return fail(e, e.message);
        throw e;
      }
      try {
        const returned = fn.apply(undefined, args);
        return { expression, returned, console: sim.output() };
      } catch (e) {
        return fail(e, formatUncaught(e, scriptName, filename));
      }
    },
    unload() {
      if (uninit !== undefined) (uninit as () => void)();
    },
  };
}
