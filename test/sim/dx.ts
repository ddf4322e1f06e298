// Renders a value the way `!alias` / `dx` displays it in WinDbg. Used by test/sim/run.ts (npm run simulate) after an
// alias returns; tests in test/sim-host/dx.test.ts.
//
// The docs are thin; every rule below is taken from the dx samples in debugger-data-model-function-aliases.md
// (`!constants`, `!neg 42`, `!add (5, 7)`, `!Processes`) or is a choice (marked CHOICE):
// - first line: the expression. A value with children: expression + 17 spaces + ": " + display (`@$constants()` +
//   17 spaces); a leaf: expression padded to 16 + " : " + display (`@$neg(42)        : -42`); an iterable without a
//   display string: the expression alone. An `undefined` return: the expression line alone (as for dx of a void
//   function).
// - child rows: 4 spaces per level + name padded to 16 + " : " + display (`    description      : Archimedes' ...`);
//   an iterable child without display shows just its name. dx -r<n>: rows are expanded n levels deep (default 1).
// - display strings: strings as-is, unquoted (`description : Archimedes' pi ...`); integers >= 0 in hex (`0xc`),
//   negative integers in decimal (`-42`); other numbers with 6 decimals (`3.141593`); Int64 in hex; booleans
//   true/false; objects: their toString() if they define one (own or inherited, not Object.prototype's), otherwise
//   `[object Object]`; CHOICE: null and undefined show as `null` / `undefined`; a getter that throws shows
//   `Error: <message>`.
// - children: own enumerable properties, then getters of the prototype chain (JS classes), in definition order;
//   names starting "__" are hidden (private by convention); CHOICE: function-valued properties (methods) are hidden.
// - iterables (JS arrays, data-model collections): no display string; children `[0x0]`, `[0x1]`, ... (data-model
//   collections use their keys, e.g. PIDs); at most 100, then a `[...]` row (dx shows about 100).
import { isInt64 } from "./int64";
import { collectionPairs, isCollection } from "./native";

export interface DxOptions {
  /** dx -r<n>: levels of children to expand (default 1). */
  recursion?: number;
}

const MAX_CHILDREN = 100;

interface Node {
  display: string | null;
  children: () => { rows: [string, unknown][]; more: boolean } | null;
}

function numberDisplay(n: number): string {
  if (Number.isInteger(n)) return n < 0 ? String(n) : "0x" + n.toString(16);
  if (!Number.isFinite(n)) return String(n);
  return n.toFixed(6);
}

function customToString(o: object): (() => unknown) | null {
  let toString: unknown;
  try {
    toString = (o as { toString?: unknown }).toString;
  } catch {
    return null;
  }
  if (typeof toString !== "function") return null;
  // Object.prototype.toString of any realm gives "[object ...]": treat as "not defined".
  if (toString.name === "toString" && /\[native code\]/.test(Function.prototype.toString.call(toString))) {
    const probe = String(Object.prototype.toString.call(o));
    try {
      if (String(toString.call(o)) === probe) return null;
    } catch {
      return null;
    }
  }
  return () => (toString as () => unknown).call(o);
}

function objectRows(o: object): [string, unknown][] {
  const rows: [string, unknown][] = [];
  const seen = new Set<string>();
  const add = (name: string, get: () => unknown) => {
    if (seen.has(name) || name.startsWith("__")) return;
    seen.add(name);
    let v: unknown;
    try {
      v = get();
    } catch (e) {
      v = new ThrownDisplay(e);
    }
    if (typeof v === "function") return;
    rows.push([name, v]);
  };
  for (const k of Object.keys(o)) add(k, () => (o as Record<string, unknown>)[k]);
  let proto = Object.getPrototypeOf(o);
  while (proto && proto !== Object.prototype && Object.getPrototypeOf(proto) !== null) {
    for (const k of Object.getOwnPropertyNames(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, k);
      if (d && d.get) add(k, () => (o as Record<string, unknown>)[k]);
    }
    proto = Object.getPrototypeOf(proto);
  }
  return rows;
}

class ThrownDisplay {
  constructor(public error: unknown) {}
}

function keyName(k: unknown): string {
  if (typeof k === "number") return `[0x${k.toString(16)}]`;
  if (isInt64(k)) return `[${k.toString(16)}]`;
  return `["${String(k)}"]`;
}

function node(v: unknown): Node {
  const leaf = (display: string): Node => ({ display, children: () => null });
  if (v instanceof ThrownDisplay) {
    const e = v.error as { message?: unknown };
    return leaf(`Error: ${e && typeof e === "object" && "message" in e ? String(e.message) : String(v.error)}`);
  }
  if (v === undefined) return leaf("undefined");
  if (v === null) return leaf("null");
  if (typeof v === "string") return leaf(v);
  if (typeof v === "number") return leaf(numberDisplay(v));
  if (typeof v === "boolean") return leaf(v ? "true" : "false");
  if (isInt64(v)) return leaf(v.toString(16));
  if (typeof v !== "object") return leaf(String(v));
  if (Array.isArray(v)) {
    return {
      display: null,
      children: () => {
        const rows: [string, unknown][] = [];
        for (let i = 0; i < v.length && i < MAX_CHILDREN; i++) rows.push([keyName(i), v[i]]);
        return { rows, more: v.length > MAX_CHILDREN };
      },
    };
  }
  if (isCollection(v)) {
    return {
      display: null,
      children: () => {
        const rows: [string, unknown][] = [];
        const it = collectionPairs(v);
        for (;;) {
          const r = it.next();
          if (r.done) return { rows, more: false };
          if (rows.length >= MAX_CHILDREN) return { rows, more: true };
          rows.push([keyName(r.value[0]), r.value[1]]);
        }
      },
    };
  }
  const ts = customToString(v);
  let display = "[object Object]";
  if (ts) {
    try {
      display = String(ts());
    } catch (e) {
      display = node(new ThrownDisplay(e)).display!;
    }
  }
  return {
    display,
    children: () => {
      const rows = objectRows(v);
      return rows.length > 0 ? { rows, more: false } : null;
    },
  };
}

function row(indent: number, name: string, n: Node): string {
  const pad = " ".repeat(4 * indent);
  if (n.display === null) return (pad + name).trimEnd();
  return `${pad}${name.padEnd(16)} : ${n.display}`;
}

function expand(lines: string[], n: Node, depth: number, levels: number): void {
  if (depth > levels) return;
  const c = n.children();
  if (!c) return;
  for (const [name, value] of c.rows) {
    const child = node(value);
    lines.push(row(depth, name, child));
    expand(lines, child, depth + 1, levels);
  }
  if (c.more) lines.push(" ".repeat(4 * depth) + "[...]");
}

/** The lines `!alias` prints for a returned value (joined with "\n", ending with "\n"). */
export function renderDx(expression: string, value: unknown, options: DxOptions = {}): string {
  const levels = options.recursion ?? 1;
  if (value === undefined) return expression + "\n";
  const n = node(value);
  const lines: string[] = [];
  const childLines: string[] = [];
  expand(childLines, n, 1, levels);
  if (n.display === null) lines.push(expression);
  else if (childLines.length > 0) lines.push(`${expression}${" ".repeat(17)}: ${n.display}`);
  else lines.push(`${expression.padEnd(16)} : ${n.display}`);
  return [...lines, ...childLines].join("\n") + "\n";
}
