// Reads and validates scenario files (format isatriage-scenario/1, /work/shared/SCENARIO-FORMAT.md) into a normalised
// Scenario with bigint addresses. Called by build-dump.ts users (tests, scripts/simulate.ts, the bench).
//
// Normalisation rules (where the format is silent the choice is noted):
// - hex strings with or without 0x and with a WinDbg backtick; numbers as JSON numbers or hex strings ("0n123" is
//   accepted as decimal, as WinDbg reads it); times "h:mm:ss.mmm" (also "d:hh:mm:ss.mmm", any number of fraction
//   digits) or {"ticks": n};
// - unknown keys are ignored; (opt) fields get defaults here when they do not depend on the memory layout
//   (waitMode, priorities, contextSwitches, waitStartTick); addresses of (opt) objects stay null and build-dump.ts
//   allocates them;
// - strict where the format does not say (opt): a thread needs tid, state, waitReason, kernelTime, userTime, stack;
//   a module needs name, image, base, size, symbols; resources/IRPs/devices need object.
// - references are checked here so errors can name the field: waiters and IRP lists must name scenario objects,
//   frames must name known modules (nt and hal are always known), devices/drivers/modules must exist. Resource owners
//   and an IRP's thread may name addresses outside the scenario (a freed owner thread is a real case).
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { OsName } from "./dump";

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScenarioError";
  }
}

export const OS_NAMES: OsName[] = ["ws2003sp2-x86", "ws2008r2sp1-x64", "win10-2004-x64"];

export const THREAD_STATES = [
  "Initialized", "Ready", "Running", "Standby", "Terminated", "Waiting", "Transition", "DeferredReady", "GateWait",
] as const;
export type ThreadStateName = (typeof THREAD_STATES)[number];

/** KWAIT_REASON by value; alternative names (2003 spares, later renames) map to the same value. */
export const WAIT_REASONS: string[] = [
  "Executive", "FreePage", "PageIn", "PoolAllocation", "DelayExecution", "Suspended", "UserRequest",
  "WrExecutive", "WrFreePage", "WrPageIn", "WrPoolAllocation", "WrDelayExecution", "WrSuspended", "WrUserRequest",
  "WrEventPair", "WrQueue", "WrLpcReceive", "WrLpcReply", "WrVirtualMemory", "WrPageOut", "WrRendezvous",
  "WrKeyedEvent", "WrTerminated", "WrProcessInSwap", "WrCpuRateControl", "WrCalloutStack", "WrKernel", "WrResource",
  "WrPushLock", "WrMutex", "WrQuantumEnd", "WrDispatchInt", "WrPreempted", "WrYieldExecution", "WrFastMutex",
  "WrGuardedMutex", "WrRundown", "WrAlertByThreadId", "WrDeferredPreempt", "WrPhysicalFault", "WrIoRing", "WrMdlCache",
];
const WAIT_REASON_ALIASES: Record<string, number> = {
  WrSpare0: 14, Spare2: 21, Spare3: 22, Spare4: 23, Spare5: 24, Spare6: 25,
};

export type WaitModeName = "KernelMode" | "UserMode";

/** A duration as given: exact 100 ns units (from h:mm:ss.mmm) or clock ticks. */
export type Duration = { kind: "time"; hundredNs: number } | { kind: "ticks"; ticks: number };

export type ParsedFrame =
  | { kind: "symbol"; text: string; module: string; func: string; offset: number }
  | { kind: "module"; text: string; module: string; offset: number }
  | { kind: "address"; text: string; address: bigint };

export interface ScenarioModule {
  where: string;
  name: string;
  image: string;
  base: bigint;
  size: number;
  company: string | null;
  symbols: "pdb" | "export" | "none";
}

export interface ScenarioDriver {
  where: string;
  name: string;
  module: string;
  object: bigint | null;
}

export interface ScenarioDevice {
  where: string;
  object: bigint;
  driver: string;
  attachedTo: bigint | null;
  name: string | null;
  deviceType: number | null;
  stackSize: number | null;
}

export interface ScenarioThread {
  where: string;
  object: bigint | null;
  tid: number;
  state: ThreadStateName;
  stateCode: number;
  waitReason: string;
  waitReasonCode: number;
  waitMode: WaitModeName;
  waitObjects: bigint[] | null;
  waitStartTick: number;
  kernelTime: Duration;
  userTime: Duration;
  contextSwitches: number;
  priority: number;
  basePriority: number;
  startAddress: bigint | null;
  win32StartAddress: bigint | null;
  teb: bigint | null;
  stack: ParsedFrame[] | "unavailable";
  irps: bigint[];
}

export interface ScenarioProcess {
  where: string;
  object: bigint | null;
  name: string;
  pid: number;
  threads: ScenarioThread[];
}

export interface ScenarioOwner {
  thread: bigint;
  count: number;
  ownerPointer: boolean;
}

export interface ScenarioResource {
  where: string;
  object: bigint;
  symbol: { module: string; name: string } | null;
  exclusive: boolean;
  owners: ScenarioOwner[];
  sharedWaiters: bigint[];
  exclusiveWaiters: bigint[];
  numberOfSharedWaiters: number;
  numberOfExclusiveWaiters: number;
  contentionCount: number;
  sharedWaitersObject: bigint | null;
  exclusiveWaitersObject: bigint | null;
}

export interface ScenarioIrpLocation {
  major: number;
  minor: number;
  flags: number;
  control: number;
  device: bigint;
  file: bigint;
  completion: bigint;
  context: bigint;
  args: [bigint, bigint, bigint, bigint];
}

export interface ScenarioIrp {
  where: string;
  object: bigint;
  /** Tail.Overlay.Thread; null: the thread whose `irps` lists it (or none). */
  thread: bigint | null;
  flags: number;
  mdl: bigint;
  stackCount: number;
  currentLocation: number;
  cancel: boolean;
  pendingReturned: boolean;
  requestorMode: number;
  systemBuffer: bigint;
  userBuffer: bigint;
  userEvent: bigint;
  userIosb: bigint;
  ioStatus: { status: number; information: bigint };
  /** null: the file object of the location StackCount (the first driver called), if any. */
  originalFileObject: bigint | null;
  /** Index 0 = location 1. At most stackCount entries; missing ones are zero. */
  locations: ScenarioIrpLocation[];
}

/** One processor (SCENARIO-FORMAT `processors[i]`; index = processor number). */
export interface ScenarioProcessor {
  where: string;
  /** The listed thread running there, or "idle" (the processor's own idle thread). */
  current: ScenarioThread | "idle";
  next: ScenarioThread | null;
  kernelTime: Duration | null;
  userTime: Duration | null;
  dpcTime: Duration | null;
  interruptTime: Duration | null;
  dpcActive: boolean;
  /** DeferredRoutines of the queued KDPCs, in queue order. */
  dpcQueue: ParsedFrame[];
  /** Frames of the idle thread (only with current "idle"). */
  stack: ParsedFrame[] | null;
  /** Not in the file: derived from the Running threads (the format's rule for scenarios without `processors`). */
  derived: boolean;
}

export interface ScenarioBackground {
  seed: number;
  resources: number;
  processes: number;
  threadsPerProcess: number;
  irps: number;
  /** How background ERESOURCEs lie in the pool: "packed" (default; pool-page slots in list order) or "scattered"
   *  (embedded in bigger allocations over a wide range, with pool reuse: see background.ts). A simulator extension. */
  pool: "packed" | "scattered";
}

export type ObjectKind = "thread" | "resource" | "irp" | "process" | "device" | "driver";

/** A scenario object a fault names: "<kind>:<address>" (drivers also by name). */
export interface FaultObject {
  kind: ObjectKind;
  /** 0n for a driver named without an object address (corrupt/wild only): build-dump.ts resolves `name`. */
  address: bigint;
  name?: string;
}

/**
 * How a `corrupt` fault changes the bytes of its place: write `value` (little-endian, the place's size; bit fields
 * keep their neighbours), `xor` it into what is there, put raw `bytes` there, or `text` (a _UNICODE_STRING gets a new
 * buffer with that UTF-16 text; a char array gets Latin-1 bytes, NUL-terminated, truncated to fit).
 */
export type CorruptChange =
  | { op: "value"; value: bigint }
  | { op: "xor"; value: bigint }
  | { op: "bytes"; bytes: Uint8Array }
  | { op: "text"; text: string };

export type ScenarioFault =
  | { where: string; kind: "unreadable"; object: FaultObject | null; stack: bigint | null; from: bigint; to: bigint }
  | { where: string; kind: "cycle"; list: "resource-list" | "process-list"; target: null }
  | { where: string; kind: "cycle"; list: "waiters" | "thread-list" | "irp-list"; target: bigint }
  /** `object` + `field` (a path through the layout, see build-dump.ts), or a raw address `at` with `size`. */
  | { where: string; kind: "corrupt"; object: FaultObject | null; field: string | null; at: bigint | null; size: number; change: CorruptChange }
  /** A pointer-sized field rewritten to `value` (default: an unmapped kernel address). */
  | { where: string; kind: "wild"; object: FaultObject; field: string; value: bigint | null };

export interface Scenario {
  file: string;
  format: string;
  title: string;
  source: string;
  dump: {
    kind: "kernel" | "user";
    os: OsName;
    ntSymbols: boolean;
    keMaximumIncrement: number;
    tickCount: number;
    processors: number;
  };
  modules: ScenarioModule[];
  drivers: ScenarioDriver[];
  devices: ScenarioDevice[];
  processes: ScenarioProcess[];
  resources: ScenarioResource[];
  irps: ScenarioIrp[];
  /** One entry per processor (dump.processors of them), given or derived. */
  processors: ScenarioProcessor[];
  background: ScenarioBackground | null;
  faults: ScenarioFault[];
  /** Modules named by frames, drivers or resource symbols but not listed (nt and hal aside), in order of mention. */
  impliedModules: string[];
}

// ---------------------------------------------------------------------------------------------------------------

type J = unknown;

function show(v: J): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  s = s.replace(/[\r\n]+/g, " ");
  return s.length > 60 ? s.slice(0, 57) + "..." : s;
}

/** Validation context: every failure is one line "<file>: <path>: <problem>". */
class Reader {
  constructor(readonly file: string, readonly addrBits: 32 | 64) {}

  fail(path: string, what: string): never {
    throw new ScenarioError(`${this.file}: ${path}: ${what}`.replace(/[\r\n]+/g, " "));
  }

  obj(v: J, path: string): Record<string, J> {
    if (v === null || typeof v !== "object" || Array.isArray(v)) this.fail(path, `${show(v)} is not an object`);
    return v as Record<string, J>;
  }

  arr(v: J, path: string): J[] {
    if (!Array.isArray(v)) this.fail(path, `${show(v)} is not an array`);
    return v;
  }

  optArr(v: J, path: string): J[] {
    return v === undefined || v === null ? [] : this.arr(v, path);
  }

  str(v: J, path: string): string {
    if (typeof v !== "string") this.fail(path, v === undefined ? "is missing" : `${show(v)} is not a string`);
    return v;
  }

  optStr(v: J, path: string): string | null {
    return v === undefined || v === null ? null : this.str(v, path);
  }

  bool(v: J, path: string, dflt: boolean): boolean {
    if (v === undefined || v === null) return dflt;
    if (typeof v !== "boolean") this.fail(path, `${show(v)} is not true or false`);
    return v;
  }

  /** A non-negative integer: JSON number, hex string (0x, backtick optional) or "0n" decimal string. */
  big(v: J, path: string, what = "a number"): bigint {
    if (typeof v === "number") {
      if (!Number.isSafeInteger(v) || v < 0) this.fail(path, `${show(v)} is not ${what}`);
      return BigInt(v);
    }
    if (typeof v === "string") {
      const t = v.trim();
      if (/^0n[0-9]+$/i.test(t)) return BigInt(t.slice(2));
      let h = t.toLowerCase().startsWith("0x") ? t.slice(2) : t;
      if ((h.match(/`/g) ?? []).length <= 1) h = h.replace("`", "");
      if (/^[0-9a-fA-F]{1,16}$/.test(h)) return BigInt("0x" + h);
      this.fail(path, `${show(v)} is not ${what}`);
    }
    this.fail(path, v === undefined ? "is missing" : `${show(v)} is not ${what}`);
  }

  num(v: J, path: string, max = Number.MAX_SAFE_INTEGER, what = "a number"): number {
    const b = this.big(v, path, what);
    if (b > BigInt(max)) this.fail(path, `${show(v)} is out of range (max 0x${max.toString(16)})`);
    return Number(b);
  }

  optNum(v: J, path: string, max?: number): number | null {
    return v === undefined || v === null ? null : this.num(v, path, max);
  }

  addr(v: J, path: string): bigint {
    const b = this.big(v, path, "an address");
    if (this.addrBits === 32 && b > 0xffffffffn) this.fail(path, `${show(v)} is not a 32-bit address`);
    return b;
  }

  optAddr(v: J, path: string): bigint | null {
    return v === undefined || v === null ? null : this.addr(v, path);
  }

  /** A kernel-space object address (non-NULL; x86 >= 0x80000000; x64 canonical high half). */
  kaddr(v: J, path: string): bigint {
    const a = this.addr(v, path);
    const ok = this.addrBits === 32 ? a >= 0x80000000n : a >= 0xffff800000000000n;
    if (!ok) this.fail(path, `${show(v)} is not a kernel address`);
    return a;
  }

  optKaddr(v: J, path: string): bigint | null {
    return v === undefined || v === null ? null : this.kaddr(v, path);
  }

  duration(v: J, path: string): Duration {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, J>;
      return { kind: "ticks", ticks: this.num(o.ticks, path + ".ticks", 0xffffffff) };
    }
    if (typeof v !== "string") this.fail(path, v === undefined ? "is missing" : `${show(v)} is not a time`);
    const m = /^\s*(?:(\d+):)?(\d+):(\d{1,2}):(\d{1,2})(?:\.(\d+))?\s*$/.exec(v);
    if (!m) this.fail(path, `${show(v)} is not a time (h:mm:ss.mmm or {"ticks": n})`);
    const [, d, h, mi, s, frac] = m;
    if (Number(mi) > 59 || Number(s) > 59) this.fail(path, `${show(v)} is not a time (minutes/seconds over 59)`);
    const whole = ((Number(d ?? 0) * 24 + Number(h)) * 60 + Number(mi)) * 60 + Number(s);
    const fr = frac ? Math.round(Number("0." + frac) * 1e7) : 0;
    return { kind: "time", hundredNs: whole * 1e7 + fr };
  }
}

function ticksOf(d: Duration, keMaximumIncrement: number): number {
  return d.kind === "ticks" ? d.ticks : Math.round(d.hundredNs / keMaximumIncrement);
}

export { ticksOf };

/** Parses a frame string as the debugger prints it. Null when it has none of the three shapes. */
export function parseFrame(text: string): ParsedFrame | null {
  const t = text.trim();
  let m = /^0x([0-9a-fA-F]{1,16})$/.exec(t.replace("`", ""));
  if (m) return { kind: "address", text, address: BigInt("0x" + m[1]) };
  m = /^([^!+\s]+)!(.+?)(?:\+0x([0-9a-fA-F]+))?$/.exec(t);
  if (m) return { kind: "symbol", text, module: m[1], func: m[2], offset: m[3] ? parseInt(m[3], 16) : 0 };
  m = /^([^!+\s]+)\+0x([0-9a-fA-F]+)$/.exec(t);
  if (m) return { kind: "module", text, module: m[1], offset: parseInt(m[2], 16) };
  return null;
}

const DEFAULT_INCREMENT = 156250;

export function loadScenario(path: string): Scenario {
  const label = basename(path);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ScenarioError(`${label}: cannot read the file (${(e as Error).message.split("\n")[0]})`);
  }
  let json: J;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    // A debugger log (`.logopen` … `.logclose`) around a printed document: the text around it is ignored.
    const found = scenarioInLog(text);
    if (found === undefined) {
      throw new ScenarioError(`${label}: not valid JSON, and no isatriage-scenario/1 document inside (${(e as Error).message.split("\n")[0]})`);
    }
    json = found;
  }
  return parseScenario(json, label);
}

/**
 * The outermost JSON object in `text` that parses as an isatriage-scenario/1 document (by its "format"), or undefined.
 * Each `{` is matched to its closing `}` by a scan that knows JSON strings, so braces inside strings do not count.
 */
export function scenarioInLog(text: string): J | undefined {
  for (let start = text.indexOf("{"); start >= 0; start = text.indexOf("{", start + 1)) {
    let depth = 0;
    let inString = false;
    let end = -1;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (c === 0x5c) i++;
        else if (c === 0x22) inString = false;
      } else if (c === 0x22) inString = true;
      else if (c === 0x7b) depth++;
      else if (c === 0x7d && --depth === 0) {
        end = i;
        break;
      }
    }
    if (end < 0) continue;
    let value: J;
    try {
      value = JSON.parse(text.slice(start, end + 1));
    } catch {
      continue;
    }
    if (value && typeof value === "object" && (value as { format?: unknown }).format === "isatriage-scenario/1") return value;
    start = end; // a JSON object that is not a scenario: nothing inside it is the outermost document
  }
  return undefined;
}

export function parseScenario(json: J, fileLabel: string): Scenario {
  const pre: Reader = new Reader(fileLabel, 64);
  const root = pre.obj(json, "(top level)");
  const format = pre.str(root.format, "format");
  if (format !== "isatriage-scenario/1") pre.fail("format", `${show(format)} is not "isatriage-scenario/1"`);
  const dj = pre.obj(root.dump, "dump");
  const os = pre.str(dj.os, "dump.os") as OsName;
  if (!OS_NAMES.includes(os)) pre.fail("dump.os", `${show(os)} is not one of ${OS_NAMES.join(", ")}`);
  const r: Reader = new Reader(fileLabel, os === "ws2003sp2-x86" ? 32 : 64);
  const kind = dj.kind === undefined ? "kernel" : r.str(dj.kind, "dump.kind");
  if (kind !== "kernel" && kind !== "user") r.fail("dump.kind", `${show(kind)} is not "kernel" or "user"`);
  const keMaximumIncrement = r.optNum(dj.keMaximumIncrement, "dump.keMaximumIncrement", 0xffffffff) ?? DEFAULT_INCREMENT;
  if (keMaximumIncrement === 0) r.fail("dump.keMaximumIncrement", "must not be 0");
  const givenProcessors = r.optNum(dj.processors, "dump.processors", 64);
  const processors = givenProcessors ?? 2;
  if (processors === 0) r.fail("dump.processors", "must not be 0");
  const dump = {
    kind: kind as "kernel" | "user",
    os,
    ntSymbols: r.bool(dj.ntSymbols, "dump.ntSymbols", true),
    keMaximumIncrement,
    tickCount: 0,
    processors,
  };
  const givenTick = r.optNum(dj.tickCount, "dump.tickCount", 0xffffffff);

  // Modules.
  const modules: ScenarioModule[] = r.optArr(root.modules, "modules").map((mj, i) => {
    const p = `modules[${i}]`;
    const m = r.obj(mj, p);
    const symbols = r.str(m.symbols, p + ".symbols");
    if (symbols !== "pdb" && symbols !== "export" && symbols !== "none") {
      r.fail(p + ".symbols", `${show(symbols)} is not pdb, export or none`);
    }
    const name = r.str(m.name, p + ".name");
    if (!/^[A-Za-z0-9_.$-]+$/.test(name)) r.fail(p + ".name", `${show(name)} is not a module name`);
    const size = r.num(m.size, p + ".size", 0x7fffffff);
    if (size < 0x1000) r.fail(p + ".size", `${show(m.size)} is smaller than one page`);
    // A user-mode dump lists the process's own images (w3wp.exe at 0x7ff6…); a kernel dump's modules are kernel images.
    const base = kind === "user" ? r.addr(m.base, p + ".base") : r.kaddr(m.base, p + ".base");
    if (base & 0xfffn) r.fail(p + ".base", `${show(m.base)} is not page aligned`);
    return {
      where: p, name, image: r.str(m.image, p + ".image"), base, size,
      company: m.company === undefined || m.company === null ? null : r.str(m.company, p + ".company"),
      symbols: symbols as ScenarioModule["symbols"],
    };
  });
  const modByName = new Map<string, ScenarioModule>();
  modules.forEach((m) => {
    const k = m.name.toLowerCase();
    if (modByName.has(k)) r.fail(m.where + ".name", `${show(m.name)} is listed twice`);
    modByName.set(k, m);
  });
  const sortedMods = modules.slice().sort((a, b) => (a.base < b.base ? -1 : 1));
  for (let i = 1; i < sortedMods.length; i++) {
    const a = sortedMods[i - 1];
    const b = sortedMods[i];
    if (a.base + BigInt(a.size) > b.base) r.fail(b.where + ".base", `overlaps module ${a.name}`);
  }
  // A module named by a frame, a driver or a resource symbol but not listed is still loaded in the dump the scenario
  // describes: the builder lays it out with plausible values (like nt and hal), company unknown. Only a name that
  // cannot be a module is refused.
  const impliedModules: string[] = [];
  const knownModule = (name: string) => {
    if (modByName.has(name.toLowerCase()) || /^(nt|hal)$/i.test(name)) return true;
    if (!/^[A-Za-z0-9_.$-]+$/.test(name)) return false;
    if (!impliedModules.some((n) => n.toLowerCase() === name.toLowerCase())) impliedModules.push(name);
    return true;
  };

  // Drivers and devices.
  const drivers: ScenarioDriver[] = r.optArr(root.drivers, "drivers").map((dj2, i) => {
    const p = `drivers[${i}]`;
    const d = r.obj(dj2, p);
    const module = r.str(d.module, p + ".module");
    if (!knownModule(module)) r.fail(p + ".module", `${show(module)} is not a module of the scenario`);
    return { where: p, name: r.str(d.name, p + ".name"), module, object: r.optKaddr(d.object, p + ".object") };
  });
  const driverNames = new Set<string>();
  drivers.forEach((d) => {
    const k = d.name.toLowerCase();
    if (driverNames.has(k)) r.fail(d.where + ".name", `${show(d.name)} is listed twice`);
    driverNames.add(k);
  });
  const devices: ScenarioDevice[] = r.optArr(root.devices, "devices").map((vj, i) => {
    const p = `devices[${i}]`;
    const v = r.obj(vj, p);
    const driver = r.str(v.driver, p + ".driver");
    if (!driverNames.has(driver.toLowerCase())) r.fail(p + ".driver", `${show(driver)} is not a driver of the scenario`);
    return {
      where: p, object: r.kaddr(v.object, p + ".object"), driver,
      attachedTo: r.optKaddr(v.attachedTo, p + ".attachedTo"),
      name: r.optStr(v.name, p + ".name"),
      deviceType: r.optNum(v.deviceType, p + ".deviceType", 0xffffffff),
      stackSize: r.optNum(v.stackSize, p + ".stackSize", 0x7f),
    };
  });
  const deviceSet = new Set(devices.map((d) => d.object));
  devices.forEach((d) => {
    if (d.attachedTo !== null && !deviceSet.has(d.attachedTo)) {
      r.fail(d.where + ".attachedTo", `0x${d.attachedTo.toString(16)} is not a device of the scenario`);
    }
    if (d.attachedTo === d.object) r.fail(d.where + ".attachedTo", "a device cannot be attached to itself");
  });
  const attachedOver = new Map<bigint, string>();
  devices.forEach((d) => {
    if (d.attachedTo === null) return;
    if (attachedOver.has(d.attachedTo)) {
      r.fail(d.where + ".attachedTo", `device 0x${d.attachedTo.toString(16)} already has ${attachedOver.get(d.attachedTo)} attached`);
    }
    attachedOver.set(d.attachedTo, d.where);
  });

  // Processes and threads (tickCount defaults need the wait ticks first).
  const rawProcs = r.optArr(root.processes, "processes");
  let maxWaitTick = 0;
  rawProcs.forEach((pj, i) => {
    const p = r.obj(pj, `processes[${i}]`);
    r.arr(p.threads ?? [], `processes[${i}].threads`).forEach((tj, k) => {
      const t = r.obj(tj, `processes[${i}].threads[${k}]`);
      const w = r.optNum(t.waitStartTick, `processes[${i}].threads[${k}].waitStartTick`, 0xffffffff);
      if (w !== null && w > maxWaitTick) maxWaitTick = w;
    });
  });
  dump.tickCount = givenTick ?? Math.max(maxWaitTick + 64, 0x44aa20);

  const processes: ScenarioProcess[] = rawProcs.map((pj, i) => {
    const p = `processes[${i}]`;
    const po = r.obj(pj, p);
    const name = r.str(po.name, p + ".name");
    const isSystem = name.toLowerCase() === "system";
    const threads = r.arr(po.threads ?? [], p + ".threads").map((tj, k) =>
      readThread(r, tj, `${p}.threads[${k}]`, isSystem, dump, knownModule, modByName));
    return { where: p, object: r.optKaddr(po.object, p + ".object"), name, pid: r.num(po.pid, p + ".pid", 0xffffffff), threads };
  });
  const threadByAddr = new Map<bigint, ScenarioThread>();
  for (const p of processes) for (const t of p.threads) {
    if (t.object !== null) {
      if (threadByAddr.has(t.object)) r.fail(t.where + ".object", `0x${t.object.toString(16)} is also ${threadByAddr.get(t.object)!.where}`);
      threadByAddr.set(t.object, t);
    }
  }

  // Resources.
  const resources: ScenarioResource[] = r.optArr(root.resources, "resources").map((rj, i) => {
    const p = `resources[${i}]`;
    const o = r.obj(rj, p);
    const owners = r.optArr(o.owners, p + ".owners").map((oj, k) => {
      const q = `${p}.owners[${k}]`;
      const ow = r.obj(oj, q);
      const count = r.num(ow.count ?? 1, q + ".count", 0x1fffffff);
      return { thread: r.kaddr(ow.thread, q + ".thread"), count, ownerPointer: r.bool(ow.ownerPointer, q + ".ownerPointer", false) };
    });
    const waiters = (key: "sharedWaiters" | "exclusiveWaiters") => r.optArr(o[key], `${p}.${key}`).map((wj, k) => {
      const q = `${p}.${key}[${k}]`;
      const a = r.kaddr(wj, q);
      if (!threadByAddr.has(a)) r.fail(q, `0x${a.toString(16)} is not a thread of the scenario`);
      return a;
    });
    const sharedWaiters = waiters("sharedWaiters");
    const exclusiveWaiters = waiters("exclusiveWaiters");
    const exclusive = r.bool(o.exclusive, p + ".exclusive", false);
    if (exclusive && owners.length > 1) r.fail(p + ".owners", `an exclusively owned resource has ${owners.length} owners`);
    let symbol: { module: string; name: string } | null = null;
    const sym = r.optStr(o.symbol, p + ".symbol");
    if (sym !== null) {
      const m = /^([^!\s]+)!([A-Za-z_$?@][\w$?@]*)$/.exec(sym);
      if (!m) r.fail(p + ".symbol", `${show(sym)} is not "module!name"`);
      if (!knownModule(m[1])) r.fail(p + ".symbol", `module ${show(m[1])} is not a module of the scenario`);
      symbol = { module: m[1], name: m[2] };
    }
    return {
      where: p, object: r.kaddr(o.object, p + ".object"), symbol, exclusive, owners, sharedWaiters, exclusiveWaiters,
      numberOfSharedWaiters: r.optNum(o.numberOfSharedWaiters, p + ".numberOfSharedWaiters", 0xffff) ?? sharedWaiters.length,
      numberOfExclusiveWaiters: r.optNum(o.numberOfExclusiveWaiters, p + ".numberOfExclusiveWaiters", 0xffff) ?? exclusiveWaiters.length,
      contentionCount: r.num(o.contentionCount ?? 0, p + ".contentionCount", 0xffffffff),
      sharedWaitersObject: r.optKaddr(o.sharedWaitersObject, p + ".sharedWaitersObject"),
      exclusiveWaitersObject: r.optKaddr(o.exclusiveWaitersObject, p + ".exclusiveWaitersObject"),
    };
  });

  // IRPs.
  const ptrMax = r.addrBits === 32 ? 0xffffffffn : (1n << 64n) - 1n;
  const irps: ScenarioIrp[] = r.optArr(root.irps, "irps").map((ij, i) => {
    const p = `irps[${i}]`;
    const o = r.obj(ij, p);
    const stackCount = r.num(o.stackCount, p + ".stackCount", 0x7f);
    const currentLocation = r.num(o.currentLocation, p + ".currentLocation", 0x7f);
    if (currentLocation < 1 || currentLocation > stackCount + 1) {
      r.fail(p + ".currentLocation", `${currentLocation} is outside 1..stackCount+1 (${stackCount + 1})`);
    }
    const locs = r.optArr(o.locations, p + ".locations");
    if (locs.length > stackCount) r.fail(p + ".locations", `${locs.length} locations for stackCount ${stackCount}`);
    const locations = locs.map((lj, k) => {
      const q = `${p}.locations[${k}]`;
      const l = r.obj(lj, q);
      const args = r.optArr(l.args, q + ".args");
      if (args.length > 4) r.fail(q + ".args", `${args.length} arguments (at most 4)`);
      const a = [0n, 0n, 0n, 0n] as [bigint, bigint, bigint, bigint];
      args.forEach((x, n) => {
        a[n] = r.big(x, `${q}.args[${n}]`);
        if (a[n] > ptrMax) r.fail(`${q}.args[${n}]`, `${show(x)} does not fit a pointer`);
      });
      return {
        major: r.num(l.major ?? 0, q + ".major", 0xff), minor: r.num(l.minor ?? 0, q + ".minor", 0xff),
        flags: r.num(l.flags ?? 0, q + ".flags", 0xff), control: r.num(l.control ?? 0, q + ".control", 0xff),
        device: r.optAddr(l.device, q + ".device") ?? 0n, file: r.optAddr(l.file, q + ".file") ?? 0n,
        completion: r.optAddr(l.completion, q + ".completion") ?? 0n, context: r.optAddr(l.context, q + ".context") ?? 0n,
        args: a,
      };
    });
    const io = o.ioStatus === undefined || o.ioStatus === null ? {} : r.obj(o.ioStatus, p + ".ioStatus");
    const mode = o.requestorMode === undefined ? 0 : o.requestorMode === "UserMode" ? 1 : o.requestorMode === "KernelMode" ? 0
      : r.num(o.requestorMode, p + ".requestorMode", 1);
    return {
      where: p, object: r.kaddr(o.object, p + ".object"), thread: r.optAddr(o.thread, p + ".thread"),
      flags: r.num(o.flags ?? 0, p + ".flags", 0xffffffff), mdl: r.optAddr(o.mdl, p + ".mdl") ?? 0n,
      stackCount, currentLocation,
      cancel: r.bool(o.cancel, p + ".cancel", false), pendingReturned: r.bool(o.pendingReturned, p + ".pendingReturned", false),
      requestorMode: mode,
      systemBuffer: r.optAddr(o.systemBuffer, p + ".systemBuffer") ?? 0n,
      userBuffer: r.optAddr(o.userBuffer, p + ".userBuffer") ?? 0n,
      userEvent: r.optAddr(o.userEvent, p + ".userEvent") ?? 0n,
      userIosb: r.optAddr(o.userIosb, p + ".userIosb") ?? 0n,
      ioStatus: {
        status: r.num((io as Record<string, J>).status ?? 0, p + ".ioStatus.status", 0xffffffff),
        information: r.optAddr((io as Record<string, J>).information, p + ".ioStatus.information") ?? 0n,
      },
      originalFileObject: r.optAddr(o.originalFileObject, p + ".originalFileObject"),
      locations,
    };
  });
  const irpSet = new Map(irps.map((x) => [x.object, x]));
  const listedBy = new Map<bigint, string>();
  for (const p of processes) for (const t of p.threads) t.irps.forEach((a, k) => {
    const q = `${t.where}.irps[${k}]`;
    if (!irpSet.has(a)) r.fail(q, `0x${a.toString(16)} is not an IRP of the scenario`);
    if (listedBy.has(a)) r.fail(q, `0x${a.toString(16)} is already listed by ${listedBy.get(a)}`);
    listedBy.set(a, q);
  });

  const cpus = readProcessors(r, root.processors, processes, threadByAddr, givenProcessors, knownModule, modByName);
  dump.processors = cpus.length;

  // Background.
  let background: ScenarioBackground | null = null;
  if (root.background !== undefined && root.background !== null) {
    const b = r.obj(root.background, "background");
    background = {
      seed: r.num(b.seed ?? 1, "background.seed", 0xffffffff),
      resources: r.num(b.resources ?? 0, "background.resources", 2_000_000),
      processes: r.num(b.processes ?? 0, "background.processes", 20_000),
      threadsPerProcess: r.num(b.threadsPerProcess ?? 0, "background.threadsPerProcess", 1000),
      irps: r.num(b.irps ?? 0, "background.irps", 500_000),
      pool: b.pool === undefined || b.pool === null ? "packed" : b.pool === "packed" || b.pool === "scattered" ? b.pool
        : r.fail("background.pool", `${show(b.pool)} is not "packed" or "scattered"`),
    };
  }

  const scenario: Scenario = {
    file: fileLabel, format, title: typeof root.title === "string" ? root.title : "",
    source: typeof root.source === "string" ? root.source : "",
    dump, modules, drivers, devices, processes, resources, irps, processors: cpus, background, faults: [], impliedModules,
  };
  scenario.faults = r.optArr(root.faults, "faults").map((fj, i) => readFault(r, fj, `faults[${i}]`, scenario));
  checkUnique(r, scenario);
  return scenario;
}

function readFrames(
  r: Reader, v: J, p: string, knownModule: (n: string) => boolean, mods: Map<string, ScenarioModule>,
): ParsedFrame[] {
  return r.arr(v, p).map((fj, k) => {
    const q = `${p}[${k}]`;
    const text = r.str(fj, q);
    const f = parseFrame(text);
    if (!f) r.fail(q, `${show(text)} is not "module!function+0xoff", "module+0xoff" or "0xaddress"`);
    if (f.kind !== "address") {
      if (!knownModule(f.module)) r.fail(q, `module ${show(f.module)} is not a module of the scenario`);
      const m = mods.get(f.module.toLowerCase());
      if (f.kind === "module" && m && f.offset >= m.size) r.fail(q, `offset 0x${f.offset.toString(16)} is outside ${m.name} (size 0x${m.size.toString(16)})`);
    }
    return f;
  });
}

/**
 * `processors` as given, or (absent) one processor per Running thread in list order and the rest idle; the count is
 * dump.processors when given, else max(2, Running threads). Given, dump.processors must equal its length.
 */
function readProcessors(
  r: Reader, v: J, processes: ScenarioProcess[], threadByAddr: Map<bigint, ScenarioThread>, givenCount: number | null,
  knownModule: (n: string) => boolean, mods: Map<string, ScenarioModule>,
): ScenarioProcessor[] {
  const blank = (where: string, current: ScenarioThread | "idle", derived: boolean): ScenarioProcessor => ({
    where, current, next: null, kernelTime: null, userTime: null, dpcTime: null, interruptTime: null, dpcActive: false,
    dpcQueue: [], stack: null, derived,
  });
  if (v === undefined || v === null) {
    const running: ScenarioThread[] = [];
    for (const p of processes) for (const t of p.threads) if (t.state === "Running") running.push(t);
    const n = givenCount ?? Math.max(2, running.length);
    const out: ScenarioProcessor[] = [];
    for (let i = 0; i < n; i++) out.push(blank(`processors[${i}] (derived)`, i < running.length ? running[i] : "idle", true));
    return out;
  }
  const arr = r.arr(v, "processors");
  if (arr.length === 0) r.fail("processors", "is empty (a dump has at least one processor)");
  if (arr.length > 64) r.fail("processors", `${arr.length} processors (at most 64)`);
  if (givenCount !== null && givenCount !== arr.length) r.fail("processors", `${arr.length} processors but dump.processors is ${givenCount}`);
  const runningOn = new Map<ScenarioThread, string>();
  const thread = (x: J, q: string): ScenarioThread => {
    const a = r.kaddr(x, q);
    const t = threadByAddr.get(a);
    if (!t) r.fail(q, `0x${a.toString(16)} is not a listed thread (with an object address)`);
    return t;
  };
  const dur = (x: J, q: string) => (x === undefined || x === null ? null : r.duration(x, q));
  return arr.map((cj, i) => {
    const p = `processors[${i}]`;
    const c = r.obj(cj, p);
    const current = c.currentThread === "idle" ? "idle" : thread(c.currentThread, p + ".currentThread");
    if (current !== "idle") {
      if (runningOn.has(current)) r.fail(p + ".currentThread", `the thread is already current on ${runningOn.get(current)}`);
      runningOn.set(current, p);
    }
    const out = blank(p, current, false);
    out.next = c.nextThread === undefined || c.nextThread === null ? null : thread(c.nextThread, p + ".nextThread");
    out.kernelTime = dur(c.kernelTime, p + ".kernelTime");
    out.userTime = dur(c.userTime, p + ".userTime");
    out.dpcTime = dur(c.dpcTime, p + ".dpcTime");
    out.interruptTime = dur(c.interruptTime, p + ".interruptTime");
    out.dpcActive = r.bool(c.dpcActive, p + ".dpcActive", false);
    out.dpcQueue = c.dpcQueue === undefined || c.dpcQueue === null ? [] : readFrames(r, c.dpcQueue, p + ".dpcQueue", knownModule, mods);
    if (out.dpcQueue.length > 256) r.fail(p + ".dpcQueue", `${out.dpcQueue.length} queued DPCs (at most 256)`);
    if (c.stack !== undefined && c.stack !== null) {
      if (current !== "idle") r.fail(p + ".stack", "only an idle processor's stack is given here (a listed thread has its own)");
      out.stack = readFrames(r, c.stack, p + ".stack", knownModule, mods);
    }
    return out;
  });
}

function readThread(
  r: Reader, tj: J, p: string, isSystem: boolean, dump: Scenario["dump"],
  knownModule: (n: string) => boolean, mods: Map<string, ScenarioModule>,
): ScenarioThread {
  const t = r.obj(tj, p);
  const state = r.str(t.state, p + ".state");
  const stateCode = (THREAD_STATES as readonly string[]).indexOf(state);
  if (stateCode < 0) r.fail(p + ".state", `${show(state)} is not a thread state`);
  let waitReasonCode: number;
  let waitReason: string;
  if (typeof t.waitReason === "number") {
    waitReasonCode = r.num(t.waitReason, p + ".waitReason", WAIT_REASONS.length - 1);
    waitReason = WAIT_REASONS[waitReasonCode];
  } else {
    waitReason = r.str(t.waitReason, p + ".waitReason");
    waitReasonCode = WAIT_REASONS.indexOf(waitReason);
    if (waitReasonCode < 0) waitReasonCode = WAIT_REASON_ALIASES[waitReason] ?? -1;
    if (waitReasonCode < 0) r.fail(p + ".waitReason", `${show(waitReason)} is not a KWAIT_REASON name`);
  }
  let waitMode: WaitModeName;
  if (t.waitMode === undefined || t.waitMode === null) {
    const userish = ["UserRequest", "WrUserRequest", "WrQueue", "DelayExecution", "WrLpcReceive", "WrLpcReply"];
    waitMode = !isSystem && userish.includes(waitReason) ? "UserMode" : "KernelMode";
  } else {
    const wm = r.str(t.waitMode, p + ".waitMode");
    if (wm !== "KernelMode" && wm !== "UserMode") r.fail(p + ".waitMode", `${show(wm)} is not KernelMode or UserMode`);
    waitMode = wm;
  }
  const kernelTime = r.duration(t.kernelTime, p + ".kernelTime");
  const userTime = r.duration(t.userTime, p + ".userTime");
  let stack: ParsedFrame[] | "unavailable";
  if (t.stack === "unavailable") stack = "unavailable";
  else {
    stack = readFrames(r, t.stack, p + ".stack", knownModule, mods);
  }
  const kt = ticksOf(kernelTime, dump.keMaximumIncrement);
  const ut = ticksOf(userTime, dump.keMaximumIncrement);
  const defaultPriority = isSystem ? 13 : 8;
  const priority = r.optNum(t.priority, p + ".priority", 31) ?? defaultPriority;
  const tid = r.num(t.tid, p + ".tid", 0xffffffff);
  const waitObjects = t.waitObjects === undefined || t.waitObjects === null ? null
    : r.arr(t.waitObjects, p + ".waitObjects").map((w, k) => r.kaddr(w, `${p}.waitObjects[${k}]`));
  if (waitObjects && waitObjects.length > 64) r.fail(p + ".waitObjects", `${waitObjects.length} objects (at most 64)`);
  return {
    where: p, object: r.optKaddr(t.object, p + ".object"), tid, state: state as ThreadStateName, stateCode,
    waitReason, waitReasonCode, waitMode, waitObjects,
    waitStartTick: r.optNum(t.waitStartTick, p + ".waitStartTick", 0xffffffff)
      ?? Math.max(0, dump.tickCount - 1 - ((tid * 2654435761) >>> 0) % 997),
    kernelTime, userTime,
    contextSwitches: r.optNum(t.contextSwitches, p + ".contextSwitches", 0xffffffff) ?? Math.min(0xffffffff, 17 + (kt + ut) * 3),
    priority, basePriority: r.optNum(t.basePriority, p + ".basePriority", 31) ?? Math.min(priority, defaultPriority),
    startAddress: r.optAddr(t.startAddress, p + ".startAddress"),
    win32StartAddress: r.optAddr(t.win32StartAddress, p + ".win32StartAddress"),
    teb: r.optAddr(t.teb, p + ".teb"),
    stack,
    irps: r.optArr(t.irps, p + ".irps").map((x, k) => r.kaddr(x, `${p}.irps[${k}]`)),
  };
}

const OBJECT_KINDS: ObjectKind[] = ["thread", "resource", "irp", "process", "device", "driver"];

/** "<kind>:<address>" (a driver also by name) naming an object of the scenario. */
function readFaultObject(r: Reader, what: string, p: string, s: Scenario, unplacedDriver = false): FaultObject {
  const m = /^([a-z]+):(.+)$/.exec(what);
  if (!m || !OBJECT_KINDS.includes(m[1] as ObjectKind)) {
    r.fail(p, `${show(what)} is not "<${OBJECT_KINDS.join("|")}>:<address>"`);
  }
  const ok = m[1] as ObjectKind;
  let address: bigint;
  if (ok === "driver" && !/^(0x)?[0-9a-fA-F`]+$/.test(m[2])) {
    const d = s.drivers.find((x) => x.name.toLowerCase() === m[2].toLowerCase());
    if (!d) r.fail(p, `${show(m[2])} is not a driver of the scenario`);
    if (d.object === null) {
      if (unplacedDriver) return { kind: ok, address: 0n, name: d.name };
      r.fail(p, `driver ${show(m[2])} has no object address in the scenario`);
    }
    address = d.object;
  } else {
    address = r.kaddr(m[2], p);
  }
  if (!objectExists(s, ok, address)) r.fail(p, `0x${address.toString(16)} is not a ${ok} of the scenario`);
  return { kind: ok, address };
}

/** The one change of a corrupt fault: exactly one of value, xor, bytes (hex), text. */
function readChange(r: Reader, f: Record<string, J>, p: string): CorruptChange {
  const given = ["value", "xor", "bytes", "text"].filter((k) => f[k] !== undefined && f[k] !== null);
  if (given.length !== 1) r.fail(p, `needs exactly one of value, xor, bytes, text (has ${given.length ? given.join(", ") : "none"})`);
  switch (given[0]) {
    case "value": return { op: "value", value: r.big(f.value, p + ".value") };
    case "xor": return { op: "xor", value: r.big(f.xor, p + ".xor") };
    case "bytes": {
      const h = r.str(f.bytes, p + ".bytes").replace(/\s+/g, "");
      if (!/^([0-9a-fA-F]{2})+$/.test(h) || h.length > 2 * 65536) r.fail(p + ".bytes", `${show(f.bytes)} is not hex bytes ("ff00...")`);
      return { op: "bytes", bytes: Uint8Array.from(Buffer.from(h, "hex")) };
    }
    default: {
      const t = r.str(f.text, p + ".text");
      if (t.length > 32767) r.fail(p + ".text", "is longer than a UNICODE_STRING can hold");
      return { op: "text", text: t };
    }
  }
}

function readFault(r: Reader, fj: J, p: string, s: Scenario): ScenarioFault {
  const f = r.obj(fj, p);
  const kind = r.str(f.kind, p + ".kind");
  if (kind === "unreadable") {
    if (f.what !== undefined) {
      const what = r.str(f.what, p + ".what");
      if (what.startsWith("stack:")) {
        const t = r.kaddr(what.slice(6), p + ".what");
        if (!objectExists(s, "thread", t)) r.fail(p + ".what", `0x${t.toString(16)} is not a thread of the scenario`);
        return { where: p, kind: "unreadable", object: null, stack: t, from: 0n, to: 0n };
      }
      return { where: p, kind: "unreadable", object: readFaultObject(r, what, p + ".what", s), stack: null, from: 0n, to: 0n };
    }
    const from = r.addr(f.from, p + ".from");
    const to = r.addr(f.to, p + ".to");
    if (to < from) r.fail(p + ".to", "is below from");
    return { where: p, kind: "unreadable", object: null, stack: null, from, to };
  }
  if (kind === "corrupt") {
    const change = readChange(r, f, p);
    if (f.at !== undefined && f.at !== null) {
      if (f.what !== undefined || f.field !== undefined) r.fail(p + ".at", "is given with what/field: use one or the other");
      if (change.op === "text") r.fail(p + ".text", "needs what and field (a UNICODE_STRING or char array), not at");
      const size = r.num(f.size ?? 1, p + ".size", 8);
      if (![1, 2, 4, 8].includes(size)) r.fail(p + ".size", `${show(f.size)} is not 1, 2, 4 or 8`);
      return { where: p, kind: "corrupt", object: null, field: null, at: r.addr(f.at, p + ".at"), size, change };
    }
    const object = readFaultObject(r, r.str(f.what, p + ".what"), p + ".what", s, true);
    const field = r.str(f.field, p + ".field").trim();
    if (field === "") r.fail(p + ".field", "is empty");
    const size = f.size === undefined || f.size === null ? 0 : r.num(f.size, p + ".size", 8);
    if (size !== 0 && ![1, 2, 4, 8].includes(size)) r.fail(p + ".size", `${show(f.size)} is not 1, 2, 4 or 8`);
    return { where: p, kind: "corrupt", object, field, at: null, size, change };
  }
  if (kind === "wild") {
    const object = readFaultObject(r, r.str(f.what, p + ".what"), p + ".what", s, true);
    const field = r.str(f.field, p + ".field").trim();
    if (field === "") r.fail(p + ".field", "is empty");
    return { where: p, kind: "wild", object, field, value: r.optAddr(f.value, p + ".value") };
  }
  if (kind === "cycle") {
    const what = r.str(f.what, p + ".what");
    if (what === "resource-list" || what === "process-list") return { where: p, kind: "cycle", list: what, target: null };
    const m = /^(waiters|thread-list|irp-list):(.+)$/.exec(what);
    if (!m) r.fail(p + ".what", `${show(what)} is not resource-list, process-list, waiters:<resource>, thread-list:<process> or irp-list:<thread>`);
    const target = r.kaddr(m[2], p + ".what");
    const need: ObjectKind = m[1] === "waiters" ? "resource" : m[1] === "thread-list" ? "process" : "thread";
    if (!objectExists(s, need, target)) r.fail(p + ".what", `0x${target.toString(16)} is not a ${need} of the scenario`);
    return { where: p, kind: "cycle", list: m[1] as "waiters" | "thread-list" | "irp-list", target };
  }
  r.fail(p + ".kind", `${show(kind)} is not a fault kind (unreadable, cycle, corrupt, wild)`);
}

function objectExists(s: Scenario, kind: ObjectKind, a: bigint): boolean {
  switch (kind) {
    case "thread": return s.processes.some((p) => p.threads.some((t) => t.object === a));
    case "process": return s.processes.some((p) => p.object === a);
    case "resource": return s.resources.some((x) => x.object === a);
    case "irp": return s.irps.some((x) => x.object === a);
    case "device": return s.devices.some((x) => x.object === a);
    case "driver": return s.drivers.some((x) => x.object === a);
  }
}

/** The same address may not name two scenario objects of different kinds (or two of one kind). */
function checkUnique(r: Reader, s: Scenario): void {
  const seen = new Map<bigint, string>();
  const add = (a: bigint | null, where: string) => {
    if (a === null) return;
    const prev = seen.get(a);
    if (prev !== undefined) r.fail(where, `0x${a.toString(16)} is also ${prev}`);
    seen.set(a, where);
  };
  s.processes.forEach((p) => add(p.object, p.where + ".object"));
  s.resources.forEach((x) => add(x.object, x.where + ".object"));
  s.irps.forEach((x) => add(x.object, x.where + ".object"));
  s.devices.forEach((x) => add(x.object, x.where + ".object"));
  s.drivers.forEach((x) => add(x.object, x.where + ".object"));
}
