// The dump fuzzer's engine: seeded mutations of the simulated memory (and a few hostile names) of every scenario,
// each case run through the normal path (scenario faults -> buildDump -> mock host -> sandboxed dist/isatriage.js)
// and checked: no crash, a Verdict line, well-formed JSON, host calls within budget, inert output. Used by
// scripts/fuzz.ts (`npm run fuzz`) and test/fuzz/fuzz.test.ts (a fast seeded subset inside `npm test`).
//
// Every mutation is a scenario fault (SCENARIO-FORMAT.md `faults`, the kinds in test/sim/build-dump.ts) or an edit of
// the scenario JSON, so a failing case prints something that can be pasted into a scenario file to replay it. Cases are
// independent: case N of seed S always draws the same mutations (its own PRNG), whatever ran before.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { isAllowedCommand } from "../../src/host/jsprovider";
import { checkConsole } from "../e2e/expect";
import { type BuiltDump, buildDump, type SimObjectInfo } from "../sim/build-dump";
import type { Layout } from "../sim/layouts";
import { type RunResult, repoRoot, runDump } from "../sim/run";
import { aliasExpression } from "../sim/sandbox";
import { parseScenario, ScenarioError } from "../sim/scenario";

const repo = repoRoot();
export const SHARED_SCENARIOS = resolve(repo, "../shared/scenarios");
export const OWN_SCENARIOS = resolve(repo, "test/scenarios");

/** Host calls a fuzzed run may make, relative to the clean run of the same scenario and mode. */
export const BUDGET_FACTOR = 10;
/** Background resources per fuzzed scenario (the bulk only costs time; the walk's robustness is exercised anyway). */
export const FUZZ_BACKGROUND_RESOURCES = 300;

// ---- PRNG ----------------------------------------------------------------------------------------------------------

/** mulberry32: small, fast, good enough to spread mutations; deterministic across Node versions. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** An index by weights. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) if ((x -= weights[i]) < 0) return i;
    return weights.length - 1;
  }
}

/** The PRNG seed of case `index` of run `seed` (so any case can be replayed alone). */
export function caseSeed(seed: number, index: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

// ---- corpus --------------------------------------------------------------------------------------------------------

export interface Cost {
  memoryCalls: number;
  fieldReads: number;
  dataModelCalls: number;
  total: number;
}

export interface CorpusEntry {
  name: string;
  /** The scenario JSON with the background trimmed (never mutated: cases clone it). */
  json: any;
  arg?: string;
  /** The clean dump (addresses to aim at; never run or mutated). */
  dump: BuiltDump;
  /** The target process names (not renamed by hostile edits, so the analysis still has its target). */
  targets: Set<string>;
  clean: { json: Cost; console: Cost };
  /** Clean costs under host profiles other than the default (filled on first use by cleanCost). */
  cleanUnder?: Record<string, { json: Cost; console: Cost }>;
}

/** The clean run's cost under a host profile: the baseline a case under that profile is held to. */
function cleanCost(entry: CorpusEntry, hostProfile: string | undefined): { json: Cost; console: Cost } {
  if (hostProfile === undefined || hostProfile === "default") return entry.clean;
  const cache = (entry.cleanUnder ??= {});
  if (!cache[hostProfile]) {
    const cj = runDump(entry.dump, { json: true, arg: entry.arg, hostProfile });
    const cc = runDump(entry.dump, { arg: entry.arg, hostProfile });
    cache[hostProfile] = { json: costOf(cj), console: costOf(cc) };
  }
  return cache[hostProfile];
}

export function costOf(r: RunResult): Cost {
  const c = r.counters;
  if (!c) return { memoryCalls: 0, fieldReads: 0, dataModelCalls: 0, total: 0 };
  return { memoryCalls: c.memoryCalls, fieldReads: c.fieldReads, dataModelCalls: c.dataModelCalls, total: c.memoryCalls + c.fieldReads + c.dataModelCalls };
}

/** Scenario files to fuzz: the shared ones and test/scenarios, kernel dumps with nt symbols only. */
export function scenarioFiles(): string[] {
  const out: string[] = [];
  for (const dir of [SHARED_SCENARIOS, OWN_SCENARIOS]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".json")).sort()) {
      const j = JSON.parse(readFileSync(join(dir, f), "utf8"));
      if (j.dump?.kind === "user" || j.dump?.ntSymbols === false) continue;
      out.push(join(dir, f));
    }
  }
  return out;
}

function targetNames(arg: string | undefined): Set<string> {
  const out = new Set<string>();
  if (arg === undefined) out.add("wspsrv.exe");
  else for (const m of arg.matchAll(/"((?:[^"\\]|\\.)*)"/g)) out.add(m[1].toLowerCase());
  return out;
}

export function loadCorpus(files: string[] = scenarioFiles()): CorpusEntry[] {
  return files.map((path) => {
    const json = JSON.parse(readFileSync(path, "utf8"));
    if (json.background) json.background.resources = Math.min(json.background.resources ?? 0, FUZZ_BACKGROUND_RESOURCES);
    delete json.faults;
    const arg: string | undefined = json.expect?.arg;
    const dump = buildDump(parseScenario(json, basename(path)));
    const cj = runDump(dump, { json: true, arg });
    const cc = runDump(dump, { arg });
    if (cj.exitCode !== 0 || cc.exitCode !== 0) throw new Error(`${basename(path)}: the clean run failed: ${cj.stderr}${cc.stdout.slice(-500)}`);
    return { name: basename(path), json, arg, dump, targets: targetNames(arg), clean: { json: costOf(cj), console: costOf(cc) } };
  });
}

// ---- mutations -----------------------------------------------------------------------------------------------------

/** One mutation: a scenario fault, or an edit of the scenario JSON (hostile names). `label` says it for humans. */
export interface Mutation {
  label: string;
  fault?: Record<string, unknown>;
  edit?: { path: (string | number)[]; value: string } | { renameDriver: string; to: string };
}

export interface FuzzCase {
  index: number;
  seed: number;
  scenario: string;
  mutations: Mutation[];
}

/** Strings a hostile dump may carry: DML, command separators, control characters, odd Unicode, sheer length. */
export const HOSTILE_STRINGS: readonly string[] = [
  '<exec cmd=".shell calc">x</exec>',
  '"><link cmd="!process 0 7">click</link>',
  "\n; .shell calc",
  "\r\n!process 0 0\r\n",
  "a\u0007\u001b[31mred\u001b[0m",
  "&lt;exec&gt; &amp;",
  "\"; .shell -ci \"dir\" calc",
  "x\u2028.shell calc\u2029",
  "\u0085NEL\u009bC1",
  "nul\u0000hidden",
  "$$>a< c:\\evil.txt",
  ".block { .shell calc }",
  "\ud800\udfff\ud800",
  "A".repeat(3000),
  "\\Driver\\<col fg=\"changed\">x</col>",
  // Forged debugger output: a version string that spans lines, a company that merely mentions Microsoft.
  "Contoso\n        CompanyName:      Microsoft Corporation",
  "x.sys\nb9e90000 b9e98000   nt         (pdb symbols)          c:\\x.pdb",
  "Not Microsoft",
];

const hex = (v: bigint) => "0x" + v.toString(16);

interface Leaf {
  path: string;
  offset: number;
  size: number;
  type: string;
}

const leafCache = new Map<string, Leaf[]>();

/** Leaf fields of a type (nested structs flattened, arrays expanded up to 4 elements), as dotted paths. */
export function leafFields(L: Layout, typeName: string): Leaf[] {
  const key = L.os + "|" + typeName;
  const hit = leafCache.get(key);
  if (hit) return hit;
  const out: Leaf[] = [];
  const walk = (tn: string, prefix: string, base: number, depth: number) => {
    const t = L.type(tn);
    if (!t) return;
    if (t.kind === "array") {
      const n = Math.min(t.count ?? 0, 4);
      const elem = L.type(t.target!);
      for (let i = 0; i < n && elem; i++) walk(t.target!, `${prefix}[${i}]`, base + i * elem.size, depth + 1);
      return;
    }
    if (t.kind !== "udt" || depth > 5) {
      if (t.size > 0 && t.size <= 8) out.push({ path: prefix, offset: base, size: t.size, type: t.name });
      return;
    }
    for (const f of t.fields ?? []) walk(f.type, prefix ? `${prefix}.${f.name}` : f.name, base + f.offset, depth + 1);
  };
  walk(typeName, "", 0, 0);
  // Unions list every member at its offset: keep one leaf per (offset, size).
  const seen = new Set<string>();
  const unique = out.filter((l) => {
    const k = l.offset + ":" + l.size;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  leafCache.set(key, unique);
  return unique;
}

/** Counters and type fields worth hitting with absurd values (field path suffixes, any object type). */
const ABSURD_FIELDS = [
  "StackCount", "CurrentLocation", "TableSize", "OwnerCount", "NumberOfSharedWaiters", "NumberOfExclusiveWaiters",
  "ActiveCount", "ActiveEntries", "ContentionCount", "WaitBlockCount", "Type", "Header.Type", "Tcb.Header.Type",
  "Pcb.Header.Type", "State", "WaitReason", "Flag", "Size", "Length", "MaximumLength", "StackSize", "MajorFunction",
  "KernelTime", "UserTime", "WaitTime", "Priority", "ActiveThreads",
];

interface Ctx {
  rng: Rng;
  entry: CorpusEntry;
  dump: BuiltDump;
  L: Layout;
  ps: 4 | 8;
  /** Objects weighted towards the scenario's own (the background is mostly skipped by the extension). */
  objects: SimObjectInfo[];
}

function pickObject(c: Ctx, filter?: (o: SimObjectInfo) => boolean): SimObjectInfo | null {
  const pool = filter ? c.objects.filter(filter) : c.objects;
  if (pool.length === 0) return null;
  const own = pool.filter((o) => o.scenario);
  if (own.length > 0 && c.rng.chance(0.85)) return c.rng.pick(own);
  return c.rng.pick(pool);
}

function maxOf(size: number): bigint {
  return (1n << BigInt(8 * size)) - 1n;
}

function readValue(c: Ctx, at: bigint, size: number): bigint {
  const b = c.dump.memory.read(at, size);
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
}

function nastyValue(c: Ctx, at: bigint, size: number): bigint {
  const max = maxOf(size);
  const old = c.dump.memory.isReadable(at, size) ? readValue(c, at, size) : 0n;
  const choices = [
    () => 0n, () => max, () => max - 1n, () => 1n << BigInt(8 * size - 1), () => (old + 1n) & max,
    () => (old - 1n) & max, () => BigInt(2 + c.rng.int(60)), () => BigInt(c.rng.int(0x100)) & max,
    () => BigInt(Math.floor(c.rng.next() * 2 ** 32)) & max, () => old ^ (1n << BigInt(c.rng.int(8 * size))),
  ];
  return c.rng.pick(choices)();
}

function pointerValue(c: Ctx, field: bigint, self?: SimObjectInfo): { value: bigint; why: string } {
  const ps = c.ps;
  const other = c.rng.pick(c.objects);
  const kin = self ? pickObject(c, (o) => o.kind === self.kind) : null;
  const kernelHole = ps === 4 ? 0xdeadbee0n : 0xffffdeadbeef0000n;
  const options: { value: bigint; why: string }[] = [
    { value: 0n, why: "NULL" },
    { value: kernelHole + BigInt(c.rng.int(0x100) * 8), why: "unmapped" },
    { value: field, why: "itself" },
    { value: other.address, why: `a ${other.kind}` },
    { value: other.address + BigInt(1 + c.rng.int(7)), why: `inside a ${other.kind} (misaligned)` },
    { value: ps === 4 ? 0x7ffde000n : 0x7fffffde000n, why: "a user-mode address" },
    { value: field - BigInt(ps * (1 + c.rng.int(8))), why: "just below itself" },
  ];
  if (ps === 8) options.push({ value: 0x0000800000000000n + BigInt(c.rng.int(0x1000) * 16), why: "non-canonical" });
  if (self) options.push({ value: self.address, why: "its own object" });
  // Another object of the same kind: links that look valid but make loops, shared entries, crossed lists.
  if (kin) options.push({ value: kin.address, why: `another ${kin.kind}` }, { value: kin.address, why: `another ${kin.kind}` });
  const res = c.dump.resourceList;
  if (res.length > 0) options.push({ value: c.rng.pick(res), why: "an ERESOURCE" });
  return c.rng.pick(options);
}

/** A corrupt fault at a raw address (works for every laid-out object, scenario or background). */
function rawFault(at: bigint, size: number, value: bigint, op: "value" | "xor" = "value"): Record<string, unknown> {
  return { kind: "corrupt", at: hex(at), size, [op]: hex(value) };
}

function describe(o: SimObjectInfo): string {
  return `${o.kind} ${hex(o.address)}${o.owner !== undefined ? ` (of ${hex(o.owner)})` : ""}${o.scenario ? "" : " [background]"}`;
}

/** Leaves of an object's type (arrays of entries expanded), or raw bytes for strings. */
function leavesOf(c: Ctx, o: SimObjectInfo): Leaf[] {
  if (o.kind === "string") return [];
  return leafFields(c.L, o.type).filter((l) => l.offset + l.size <= o.size);
}

type Gen = (c: Ctx) => Mutation | null;

const genField: Gen = (c) => {
  const o = pickObject(c, (x) => x.kind !== "string");
  if (!o) return null;
  const leaves = leavesOf(c, o);
  if (leaves.length === 0) return null;
  const l = c.rng.pick(leaves);
  const at = o.address + BigInt(l.offset);
  const v = nastyValue(c, at, l.size);
  return { label: `${describe(o)} ${l.path} = ${hex(v)}`, fault: rawFault(at, l.size, v) };
};

const genFlip: Gen = (c) => {
  const o = pickObject(c);
  if (!o) return null;
  const off = c.rng.int(o.size);
  const bit = c.rng.int(8);
  return { label: `${describe(o)} +0x${off.toString(16)} bit ${bit} flipped`, fault: rawFault(o.address + BigInt(off), 1, 1n << BigInt(bit), "xor") };
};

const genPointer: Gen = (c) => {
  const o = pickObject(c, (x) => x.kind !== "string");
  if (!o) return null;
  // OWNER_ENTRY.OwnerThread is a ULONG_PTR in the symbols but a thread pointer (low bits: owner pointer) in fact.
  const ptrs = leavesOf(c, o).filter((l) => (l.type.endsWith("*") || l.path.endsWith("OwnerThread")) && l.size === c.ps);
  if (ptrs.length === 0) return null;
  const l = c.rng.pick(ptrs);
  const at = o.address + BigInt(l.offset);
  const p = pointerValue(c, at, o);
  return { label: `${describe(o)} ${l.path} -> ${hex(p.value)} (${p.why})`, fault: rawFault(at, c.ps, p.value) };
};

/** One object's bytes copied over another of the same kind (a stale or duplicated struct). */
const genClone: Gen = (c) => {
  const o = pickObject(c, (x) => x.kind !== "string");
  if (!o) return null;
  const src = pickObject(c, (x) => x.kind === o.kind && x.address !== o.address);
  if (!src) return null;
  const n = Math.min(o.size, src.size);
  const bytes = Buffer.from(c.dump.memory.read(src.address, n));
  return { label: `${describe(o)} overwritten with the bytes of ${describe(src)}`, fault: { kind: "corrupt", at: hex(o.address), bytes: bytes.toString("hex") } };
};

const genAbsurd: Gen = (c) => {
  const o = pickObject(c, (x) => x.kind !== "string");
  if (!o) return null;
  const leaves = leavesOf(c, o).filter((l) => ABSURD_FIELDS.some((f) => l.path === f || l.path.endsWith("." + f) || l.path.endsWith("]." + f)));
  if (leaves.length === 0) return null;
  const l = c.rng.pick(leaves);
  const at = o.address + BigInt(l.offset);
  const max = maxOf(l.size);
  const v = c.rng.pick([0n, max, max >> 1n, 33n & max, 0xffn & max, 0x7fffn & max, 2n, 7n & max, 0x41n & max]);
  return { label: `${describe(o)} ${l.path} = ${hex(v)} (absurd/type)`, fault: rawFault(at, l.size, v) };
};

const genUnreadable: Gen = (c) => {
  const mode = c.rng.int(4);
  if (mode === 0) {
    // A thread's kernel stack paged out (frames gone; win10 wait-chain entries live there too).
    const threads = c.entry.json.processes.flatMap((p: any) => p.threads.filter((t: any) => t.object).map((t: any) => t.object as string));
    if (threads.length === 0) return null;
    const t = c.rng.pick(threads) as string;
    return { label: `kernel stack of thread ${t} not resident`, fault: { kind: "unreadable", what: `stack:${t}` } };
  }
  const o = pickObject(c);
  if (!o) return null;
  let from = o.address;
  let to = o.address + BigInt(o.size) - 1n;
  let what = "";
  if (mode === 2 && o.size > 16) {
    // Only the object's last page(s): a struct straddling into a page that is not in the dump.
    from = (to & ~0xfffn);
    if (from <= o.address) from = o.address + BigInt(o.size >> 1);
    what = " (tail)";
  } else if (mode === 3) {
    from = o.address & ~0xfffn;
    to = from + 0xfffn;
    what = " (its page)";
  }
  return { label: `${describe(o)} unreadable${what}`, fault: { kind: "unreadable", from: hex(from), to: hex(to) } };
};

const genCycle: Gen = (c) => {
  const names: string[] = [];
  for (const [k, l] of c.dump.lists) {
    if (l.entries.length < 2 || k.startsWith("kthread-list:")) continue;
    if (k.startsWith("thread-list:") && (c.dump.lists.get("k" + k)?.entries.length ?? 0) < 2) continue;
    if (k.startsWith("waiters-shared:")) {
      // cycle waiters:R picks the exclusive list when it has two entries
      const ex = c.dump.lists.get("waiters-exclusive:" + k.slice(15));
      if (ex && ex.entries.length >= 2) continue;
    }
    names.push(k);
  }
  if (names.length === 0) return null;
  // Prefer the lists of scenario objects (the background's thread lists are many and never walked).
  const own = names.filter((n) => {
    const m = /:([0-9a-f]+)$/.exec(n);
    if (!m) return true;
    const a = BigInt("0x" + m[1]);
    return c.objects.some((o) => o.address === a && o.scenario);
  });
  const k = c.rng.pick(own.length > 0 && c.rng.chance(0.9) ? own : names);
  const what = k.startsWith("waiters-") ? "waiters:" + k.split(":")[1] : k;
  // Cycle faults name scenario objects only (scenario.ts checks): a background list gets its loop as a pointer.
  const m = /:([0-9a-f]+)$/.exec(k);
  const scenarioTarget = !m || inScenarioJson(c, k.split(":")[0], m[1]);
  if (scenarioTarget) return { label: `cycle in ${k}`, fault: { kind: "cycle", what } };
  const l = c.dump.lists.get(k)!;
  const n = l.entries.length;
  const from = l.entries[Math.max(1, Math.floor((2 * n) / 3))];
  const to = l.entries[Math.floor(n / 3)];
  return { label: `cycle in ${k} [background]`, fault: rawFault(from, c.ps, to) };
};

function inScenarioJson(c: Ctx, list: string, addr: string): boolean {
  const a = BigInt("0x" + addr);
  const j = c.entry.json;
  const eq = (x: unknown) => typeof x === "string" && BigInt("0x" + x.replace(/^0x/i, "").replace("`", "")) === a;
  if (list === "thread-list") return j.processes.some((p: any) => eq(p.object));
  if (list === "irp-list") return j.processes.some((p: any) => p.threads.some((t: any) => eq(t.object)));
  return (j.resources ?? []).some((r: any) => eq(r.object));
}

const genString: Gen = (c) => {
  const drivers = c.objects.filter((o) => o.kind === "driver");
  if (drivers.length === 0) return null;
  const d = c.rng.pick(drivers.filter((x) => x.scenario).length > 0 && c.rng.chance(0.85) ? drivers.filter((x) => x.scenario) : drivers);
  const us = (f: string) => d.address + BigInt(c.L.offset("_DRIVER_OBJECT", "DriverName." + f));
  const mode = c.rng.int(6);
  switch (mode) {
    case 0: {
      const v = c.rng.pick([1n, 3n, 0xfffen, 0xffffn, 0x7ffn, 0n]);
      return { label: `driver ${hex(d.address)} DriverName.Length = ${hex(v)}`, fault: rawFault(us("Length"), 2, v) };
    }
    case 1: {
      const p = pointerValue(c, us("Buffer"));
      return { label: `driver ${hex(d.address)} DriverName.Buffer -> ${hex(p.value)} (${p.why})`, fault: rawFault(us("Buffer"), c.ps, p.value) };
    }
    case 2: {
      const buf = c.objects.find((o) => o.kind === "string" && o.owner === d.address);
      if (!buf) return null;
      return { label: `name buffer of driver ${hex(d.address)} unreadable`, fault: { kind: "unreadable", from: hex(buf.address), to: hex(buf.address + BigInt(buf.size) - 1n) } };
    }
    default: {
      // Hostile text: a new buffer when the scenario names the driver object, else bytes over the existing buffer.
      const text = c.rng.pick(HOSTILE_STRINGS);
      const named = findDriverJson(c, d.address);
      if (named) return { label: `driver ${named} DriverName = hostile text`, fault: { kind: "corrupt", what: `driver:${named}`, field: "DriverName", text } };
      const buf = c.objects.find((o) => o.kind === "string" && o.owner === d.address);
      if (!buf) return null;
      const bytes = Buffer.from(text, "utf16le").subarray(0, buf.size - 2);
      return { label: `name buffer of driver ${hex(d.address)} overwritten with hostile text`, fault: { kind: "corrupt", at: hex(buf.address), bytes: bytes.toString("hex") || "00" } };
    }
  }
};

/** The scenario's name of the driver object at `a` (faults can name a driver by name), or null for background ones. */
function findDriverJson(c: Ctx, a: bigint): string | null {
  for (const d of c.entry.json.drivers ?? []) {
    if (typeof d.name === "string" && c.dump.drivers.get(d.name.toLowerCase()) === a) return d.name;
  }
  return null;
}

/** Payloads a frame's function name can carry (the scenario's frame syntax is one line). */
const ONE_LINE_HOSTILE = HOSTILE_STRINGS.filter((h) => !/[\n\r\u2028\u2029]/.test(h) && !h.includes("+0x"));

const genHostile: Gen = (c) => {
  const j = c.entry.json;
  const text = c.rng.pick(HOSTILE_STRINGS);
  const mode = c.rng.int(7);
  if (mode >= 5) {
    // A frame's function name (shown by Stack.Frames and by ln for addresses inside it).
    const frames: { p: number; t: number; f: number; text: string }[] = [];
    (j.processes as any[]).forEach((p, pi) => (p.threads as any[]).forEach((t, ti) => {
      if (Array.isArray(t.stack)) t.stack.forEach((f: string, fi: number) => frames.push({ p: pi, t: ti, f: fi, text: f }));
    }));
    const named = frames.filter((f) => /^[^!+\s]+![^+]+(\+0x[0-9a-fA-F]+)?$/.test(f.text.trim()));
    if (named.length === 0) return null;
    const f = c.rng.pick(named);
    const m = /^([^!+\s]+)!([^+]+)(\+0x[0-9a-fA-F]+)?$/.exec(f.text.trim())!;
    const value = `${m[1]}!${m[2]}${c.rng.pick(ONE_LINE_HOSTILE).trim()}${m[3] ?? ""}`;
    return { label: `frame ${f.text} renamed to hostile text`, edit: { path: ["processes", f.p, "threads", f.t, "stack", f.f], value } };
  }
  if (mode === 0 || mode === 1) {
    const mods: any[] = j.modules ?? [];
    if (mods.length === 0) return null;
    const i = c.rng.int(mods.length);
    const key = mode === 0 ? "image" : "company";
    return { label: `module ${mods[i].name} ${key} = hostile text`, edit: { path: ["modules", i, key], value: mods[i].name + text } };
  }
  if (mode === 2) {
    const procs = (j.processes as any[]).map((p, i) => ({ p, i })).filter((x) => !c.entry.targets.has(String(x.p.name).toLowerCase()));
    if (procs.length === 0) return null;
    const x = c.rng.pick(procs);
    return { label: `process ${x.p.name} renamed to hostile text`, edit: { path: ["processes", x.i, "name"], value: text } };
  }
  if (mode === 3) {
    const procs = (j.processes as any[]).filter((p) => p.object && !c.entry.targets.has(String(p.name).toLowerCase()));
    if (procs.length === 0) return null;
    const p = c.rng.pick(procs);
    return { label: `process ${p.object} ImageFileName = hostile bytes`, fault: { kind: "corrupt", what: `process:${p.object}`, field: "ImageFileName", text } };
  }
  const drivers: any[] = j.drivers ?? [];
  if (drivers.length === 0) return null;
  const d = c.rng.pick(drivers);
  return { label: `driver ${d.name} renamed to hostile text`, edit: { renameDriver: d.name, to: "\\Driver\\" + text } };
};

const GENERATORS: { gen: Gen; weight: number }[] = [
  { gen: genField, weight: 24 },
  { gen: genFlip, weight: 12 },
  { gen: genPointer, weight: 20 },
  { gen: genClone, weight: 5 },
  { gen: genAbsurd, weight: 12 },
  { gen: genUnreadable, weight: 12 },
  { gen: genCycle, weight: 7 },
  { gen: genString, weight: 7 },
  { gen: genHostile, weight: 6 },
];

/** Case `index` of run `seed`: a scenario (round robin) and 1..5 mutations drawn from the case's own PRNG. */
export function generateCase(corpus: CorpusEntry[], seed: number, index: number): FuzzCase {
  const s = caseSeed(seed, index);
  const rng = new Rng(s);
  const entry = corpus[index % corpus.length];
  const c: Ctx = { rng, entry, dump: entry.dump, L: entry.dump.layout, ps: entry.dump.pointerSize, objects: entry.dump.objects };
  const n = 1 + rng.weighted([35, 25, 20, 12, 8]);
  const mutations: Mutation[] = [];
  for (let tries = 0; mutations.length < n && tries < 50; tries++) {
    const g = GENERATORS[rng.weighted(GENERATORS.map((x) => x.weight))];
    const m = g.gen(c);
    if (m) mutations.push(m);
  }
  return { index, seed, scenario: entry.name, mutations };
}

// ---- applying and checking -----------------------------------------------------------------------------------------

/** The scenario JSON of a case: edits applied, faults appended (writes first, loops next, unreadable pages last). */
export function caseScenario(entry: CorpusEntry, fc: FuzzCase): any {
  const j = structuredClone(entry.json);
  const renamed = new Map<string, string>();
  for (const m of fc.mutations) {
    if (!m.edit) continue;
    if ("renameDriver" in m.edit) {
      const { renameDriver: from, to } = m.edit;
      const same = (x: unknown) => typeof x === "string" && x.toLowerCase() === from.toLowerCase();
      for (const d of j.drivers ?? []) if (same(d.name)) d.name = to;
      for (const d of j.devices ?? []) if (same(d.driver)) d.driver = to;
      renamed.set(from.toLowerCase(), to);
    } else {
      let o = j;
      const p = m.edit.path;
      for (let i = 0; i < p.length - 1; i++) o = o[p[i]];
      o[p[p.length - 1]] = m.edit.value;
    }
  }
  const rank = (f: Record<string, unknown>) => (f.kind === "unreadable" ? 2 : f.kind === "cycle" ? 1 : 0);
  // Faults of the same case that name a renamed driver follow the rename.
  const follow = (f: Record<string, unknown>) => {
    const w = typeof f.what === "string" && f.what.startsWith("driver:") ? renamed.get(f.what.slice(7).toLowerCase()) : undefined;
    return w === undefined ? f : { ...f, what: "driver:" + w };
  };
  j.faults = fc.mutations.filter((m) => m.fault).map((m) => follow(m.fault!)).sort((a, b) => rank(a) - rank(b));
  return j;
}

export interface CaseResult {
  index: number;
  scenario: string;
  crashes: string[];
  overruns: string[];
  malformed: string[];
  /** The case could not be built (a generator bug, not an extension failure). */
  invalid: string | null;
  /** Host calls of the case over those of the clean run (the larger of the two modes). */
  ratio: number;
  ms: number;
}

const VERDICT_KINDS = ["culprit", "no-culprit", "not-applicable"];
const CONFIDENCES = ["high", "medium", "low"];

/** The contract keys of DESIGN.md's JSON object; returns what is wrong. */
export function checkContract(json: unknown): string[] {
  const out: string[] = [];
  const o = json as any;
  if (!o || typeof o !== "object" || Array.isArray(o)) return ["the result is not a JSON object"];
  const v = o.verdict;
  if (!v || typeof v !== "object") out.push("verdict is missing");
  else {
    if (!VERDICT_KINDS.includes(v.kind)) out.push(`verdict.kind ${JSON.stringify(v.kind)}`);
    if (!CONFIDENCES.includes(v.confidence)) out.push(`verdict.confidence ${JSON.stringify(v.confidence)}`);
    if (typeof v.summary !== "string" || v.summary === "") out.push("verdict.summary is not a non-empty string");
    if (v.culprit !== null && (typeof v.culprit !== "object" || typeof v.culprit.module !== "string")) out.push("verdict.culprit is neither null nor {module}");
    if (v.kind === "culprit" && v.culprit === null) out.push("verdict.kind culprit without a culprit");
  }
  if (!Array.isArray(o.contention)) out.push("contention is not an array");
  else {
    for (const c of o.contention) {
      if (!c || typeof c.resource !== "string" || !/^0x[0-9a-f]+$/.test(c.resource)) out.push(`contention resource ${JSON.stringify(c?.resource)}`);
      for (const k of ["owners", "exclusiveWaiters", "sharedWaiters"]) {
        if (!Array.isArray(c?.[k]) || c[k].some((a: unknown) => typeof a !== "string" || !/^0x[0-9a-f]+$/.test(a))) out.push(`contention.${k} of ${c?.resource}`);
      }
      for (const k of ["contentionCount", "numberOfExclusiveWaiters", "numberOfSharedWaiters"]) {
        if (typeof c?.[k] !== "number" || !Number.isFinite(c[k]) || c[k] < 0) out.push(`contention.${k} of ${c?.resource}`);
      }
    }
  }
  if (!o.dataQuality || !Array.isArray(o.dataQuality.notes) || o.dataQuality.notes.some((n: unknown) => typeof n !== "string")) out.push("dataQuality.notes is not an array of strings");
  return out;
}

/** Raw characters that must never reach the console from a dump string: C0 (but \n), DEL, C1, U+2028/9. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;
/** DML markup that would be live if the console interpreted the output as DML. */
const RAW_MARKUP = /<\s*\/?\s*(exec|link|col|b|i|u|s)\b|&(lt|gt|amp|quot);/i;

/** Inertness of console output: no raw control characters other than line ends, no DML markup. */
export function checkInert(text: string): string[] {
  const out: string[] = [];
  const c = RAW_CONTROL.exec(text);
  if (c) out.push(`raw control character U+${c[0].charCodeAt(0).toString(16).padStart(4, "0")} near ${JSON.stringify(text.slice(Math.max(0, c.index - 30), c.index + 10))}`);
  const m = RAW_MARKUP.exec(text);
  if (m) out.push(`raw markup ${JSON.stringify(m[0])} near ${JSON.stringify(text.slice(Math.max(0, m.index - 30), m.index + 30))}`);
  return out;
}

/** Every command the extension ran must match the adapter's whitelist (numbers only). */
export function checkCommands(commands: string[]): string[] {
  return commands.filter((c) => !isAllowedCommand(c)).map((c) => `command outside the whitelist: ${JSON.stringify(c)}`);
}

function guard<T>(what: string, crashes: string[], fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    crashes.push(`${what} threw in the harness: ${e instanceof Error ? e.stack?.split("\n").slice(0, 4).join(" | ") : String(e)}`);
    return undefined;
  }
}

/** Builds and runs one case in both modes and checks every rule. `scriptText` replaces dist/isatriage.js (tests);
 * `hostProfile` serves the case through those host profiles (test/sim/profiles.ts). */
export function runCase(corpus: CorpusEntry[], fc: FuzzCase, scriptText?: string, hostProfile?: string): CaseResult {
  const t0 = performance.now();
  const entry = corpus.find((e) => e.name === fc.scenario)!;
  const res: CaseResult = { index: fc.index, scenario: fc.scenario, crashes: [], overruns: [], malformed: [], invalid: null, ratio: 0, ms: 0 };
  let dump: BuiltDump;
  try {
    dump = buildDump(parseScenario(caseScenario(entry, fc), fc.scenario));
  } catch (e) {
    res.invalid = e instanceof ScenarioError ? e.message : `buildDump threw: ${(e as Error).stack ?? e}`;
    res.ms = performance.now() - t0;
    return res;
  }
  for (const mode of ["json", "console"] as const) {
    const r = guard(`${mode} run`, res.crashes, () => runDump(dump, { json: mode === "json", arg: entry.arg, scriptText, hostProfile }));
    if (!r) continue;
    const cost = costOf(r);
    const clean = cleanCost(entry, hostProfile)[mode].total;
    const limit = BUDGET_FACTOR * clean;
    res.ratio = Math.max(res.ratio, cost.total / Math.max(1, clean));
    if (cost.total > limit) {
      res.overruns.push(`${mode}: ${cost.total} host calls (memory ${cost.memoryCalls}, fields ${cost.fieldReads}, data model ${cost.dataModelCalls}) > ${limit} (${BUDGET_FACTOR}x clean)`);
    }
    res.malformed.push(...checkCommands(r.counters?.commandsRun ?? []).map((m) => `${mode}: ${m}`));
    if (mode === "json") {
      if (r.exitCode !== 0 && /Error:/.test(r.stdout)) res.crashes.push(`json: uncaught error: ${firstError(r.stdout)}`);
      else if (r.exitCode !== 0 || r.json === undefined) res.malformed.push(`json: not one JSON line (${r.stderr.trim() || "exit " + r.exitCode}): ${JSON.stringify(r.stdout.slice(0, 200))}`);
      else {
        res.malformed.push(...checkContract(r.json).map((m) => "json: " + m));
        // The JSON line is ASCII with markup and control characters \u-escaped: anything raw is malformed.
        res.malformed.push(...checkInert(r.stdout.replace(/\n$/, "")).map((m) => "json: " + m));
      }
    } else {
      const problems = checkConsole(r.exitCode, r.stdout, aliasExpression("isaCpuCheck", entry.arg));
      for (const p of problems) (/uncaught|exit code/.test(p) ? res.crashes : res.malformed).push("console: " + p);
      res.malformed.push(...checkInert(r.stdout).map((m) => "console: " + m));
    }
  }
  res.ms = performance.now() - t0;
  return res;
}

function firstError(stdout: string): string {
  return stdout.split(/\r?\n/).find((l) => /Error:/.test(l))?.slice(0, 300) ?? "";
}

/** JSON with the characters JSON leaves raw (DEL, C1, U+2028/9) escaped too, so a printed case stays one safe line. */
function safeJson(v: unknown): string {
  return JSON.stringify(v).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/** What to print for a failing case so it can be replayed (as a command, and as scenario faults). */
export function describeCase(fc: FuzzCase, r: CaseResult): string {
  const lines = [`case ${fc.index} (seed ${fc.seed}, ${fc.scenario}):`];
  for (const p of r.crashes) lines.push(`  CRASH ${p}`);
  for (const p of r.overruns) lines.push(`  BUDGET ${p}`);
  for (const p of r.malformed) lines.push(`  MALFORMED ${p}`);
  if (r.invalid) lines.push(`  INVALID (generator) ${r.invalid}`);
  for (const m of fc.mutations) lines.push(`  - ${m.label}`);
  const faults = fc.mutations.filter((m) => m.fault).map((m) => m.fault);
  if (faults.length) lines.push(`  faults: ${safeJson(faults)}`);
  const edits = fc.mutations.filter((m) => m.edit).map((m) => m.edit);
  if (edits.length) lines.push(`  edits: ${safeJson(edits)}`);
  lines.push(`  replay: npm run --silent fuzz -- --seed ${fc.seed} --case ${fc.index}`);
  return lines.join("\n");
}

export function failed(r: CaseResult): boolean {
  return r.crashes.length + r.overruns.length + r.malformed.length > 0 || r.invalid !== null;
}
