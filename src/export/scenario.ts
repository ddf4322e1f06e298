// Builds the isatriage-scenario/1 document (SCENARIO-FORMAT.md) from one run's DumpSnapshot and JSON contract; pure,
// called by src/commands/scenario-export.ts. Only decoded facts are written; what the format cannot hold is counted in `notes`.
import { Addr, addrCompare, addrDiff, addrInRange, addrIsNull } from "../addr";
import { byCpuTime } from "../analysis/cpu";
import { DumpSnapshot, FrameRecord, IrpRecord, ModuleRecord, ResourceRecord, ThreadRecord } from "../kernel/records";
import { ContractJson } from "../report/json";
import { DumpInfo } from "./dump-info";
import { JsonValue } from "./print";
import { Redactor } from "./redact";

export const SCENARIO_FORMAT = "isatriage-scenario/1";

export interface ExportOptions {
  /** Target image names as requested (they go into `expect.arg`). */
  targetNames: string[];
  topThreads: number;
  /** The command's defaults: an argument equal to them is left out of `expect.arg`. */
  defaultTargetNames: string[];
  defaultTopThreads: number;
  redact: boolean;
  /** When the export was made ("2024-05-01T10:00:00Z"): goes into `source`. */
  exportedOn: string;
}

export interface ExportResult {
  document: { [key: string]: JsonValue };
  /** What could not be carried over (also in document.notes). */
  omissions: string[];
}

type Obj = { [key: string]: JsonValue };

/** KTHREAD states and KWAIT_REASON names the format accepts (SCENARIO-FORMAT.md, reference §3). */
const STATES = ["Initialized", "Ready", "Running", "Standby", "Terminated", "Waiting", "Transition", "DeferredReady", "GateWait"];
const MAX_WAIT_REASON = 41;
const MODULE_NAME = /^[A-Za-z0-9_.$-]+$/;
const SYMBOL_NAME = /^[^!\s]+![A-Za-z_$?@][\w$?@]*$/;

const hex = (n: number) => (n >>> 0).toString(16);

function normalizeFrameText(text: string): string {
  // The data model prints "afd!AfdDispatch + 0x79"; the format (and `k`) write "afd!AfdDispatch+0x79".
  return text.replace(/\s+\+\s+0x/g, "+0x").replace(/^\s+|\s+$/g, "");
}

/** "module!function+0xoff" / "module+0xoff" → "module"; a bare address or anything else → null. */
function frameTextModule(text: string): string | null {
  if (/^0x[0-9a-fA-F`]+$/.test(text)) return null;
  const m = /^([^!+\s]+)(!.+|\+0x[0-9a-fA-F]+)$/.exec(text);
  return m !== null ? m[1] : null;
}

class Builder {
  readonly omissions: string[] = [];
  private readonly omissionCounts: { [what: string]: number } = {};
  private readonly moduleNames = new Set<string>();
  private readonly modules: ModuleRecord[];
  private readonly red: Redactor;
  private readonly exportedThreads = new Map<Addr, ThreadRecord>();
  private readonly exportedIrps = new Set<Addr>();
  /** Per process: the threads the analysis only added up (not exported), as a sentence for `notes`. */
  private readonly counted: string[] = [];

  constructor(readonly s: DumpSnapshot, readonly contract: ContractJson, readonly info: DumpInfo, readonly options: ExportOptions) {
    this.modules = s.modules.slice().sort((a, b) => addrCompare(a.base, b.base));
    this.red = new Redactor(options.redact, s.os.pointerSize);
  }

  /** An address the format accepts for a kernel object: x86 from 0x80000000, x64 in the canonical upper half. */
  kernel(a: Addr): boolean {
    return addrCompare(a, this.s.os.pointerSize === 4 ? "80000000" : "ffff800000000000") >= 0 && (this.s.os.pointerSize === 8 || a.length <= 8);
  }

  omit(what: string): void {
    this.omissionCounts[what] = (this.omissionCounts[what] || 0) + 1;
  }

  moduleAt(a: Addr | null): ModuleRecord | null {
    if (a === null || addrIsNull(a)) return null;
    for (let i = 0; i < this.modules.length; i++) if (addrInRange(a, this.modules[i].base, this.modules[i].size)) return this.modules[i];
    return null;
  }

  moduleNamed(name: string): ModuleRecord | null {
    const n = name.toLowerCase();
    for (let i = 0; i < this.modules.length; i++) if (this.modules[i].name.toLowerCase() === n) return this.modules[i];
    return null;
  }

  /** A module the format can hold (valid name, page-aligned base, at least a page). */
  exportable(m: ModuleRecord | null): boolean {
    if (m === null || !MODULE_NAME.test(m.name) || m.size < 0x1000) return false;
    return /000$/.test(m.base);
  }

  /** Marks the module as referenced; false when it cannot be exported. */
  useModule(m: ModuleRecord | null): boolean {
    if (!this.exportable(m)) return false;
    this.moduleNames.add((m as ModuleRecord).name.toLowerCase());
    return true;
  }

  useAddress(a: Addr | null): void {
    const m = this.moduleAt(a);
    if (m !== null) this.useModule(m);
  }

  /** One frame in the format's form, or null when it names nothing the file can hold. */
  frame(f: FrameRecord): string | null {
    const text = normalizeFrameText(f.text);
    const named = frameTextModule(text);
    if (named !== null) {
      const m = this.moduleNamed(named);
      // "module+0xoff" must lie inside the module (the format checks it); otherwise the address decides.
      const off = /^[^!]+\+0x([0-9a-fA-F]+)$/.exec(text);
      const inside = m !== null && (off === null || parseInt(off[1], 16) < m.size);
      if (inside && this.useModule(m)) return text;
    }
    const at = f.address;
    if (at !== null && !addrIsNull(at)) {
      const m = this.moduleAt(at);
      if (m !== null && this.useModule(m)) {
        const off = addrDiff(at, m.base);
        if (off !== null) return m.name + "+0x" + off.toString(16);
      }
      // Outside every kernel module (user mode, or a module the list lacks): the bare address, as `k` prints it.
      if (m === null) return "0x" + this.red.address(at);
    } else if (/^0x[0-9a-fA-F`]+$/.test(text)) {
      return "0x" + this.red.address(text.slice(2).replace("`", "").replace(/^0+(?=.)/, "").toLowerCase());
    }
    this.omit("stack frames naming no module the file can hold");
    return null;
  }

  // ---- threads ------------------------------------------------------------------------------------------------

  /**
   * How much of each decoded thread is exported: "chain" (owners, waiters, IRP holders, threads waiting on a
   * resource's waiter object: every decoded field), "table" (the busiest target threads the report lists and whose
   * stacks were read: what the table and the stack evidence use) or absent (threads the analysis only added up).
   */
  threadTiers(): Map<Addr, "chain" | "table"> {
    const s = this.s;
    const tiers = new Map<Addr, "chain" | "table">();
    const waiterObjects = new Set<Addr>();
    s.resources.forEach((r) => {
      r.ownerEntries.forEach((o) => tiers.set(o.thread, "chain"));
      r.exclusiveWaiters.forEach((a) => tiers.set(a, "chain"));
      r.sharedWaiters.forEach((a) => tiers.set(a, "chain"));
      if (!addrIsNull(r.sharedWaitersObject)) waiterObjects.add(r.sharedWaitersObject);
      if (!addrIsNull(r.exclusiveWaitersObject)) waiterObjects.add(r.exclusiveWaitersObject);
    });
    const irpSet = new Set<Addr>(s.irps.map((i) => i.address));
    s.threads.forEach((t) => {
      if (t.irps.some((a) => irpSet.has(a)) || t.waitObjects.some((o) => waiterObjects.has(o))) tiers.set(t.address, "chain");
      else if (t.stack !== null && !tiers.has(t.address)) tiers.set(t.address, "table");
    });
    // The `!runaway`-like table: the busiest target threads, sorted as the analysis sorts them.
    const targets = new Set<Addr>(s.targets.map((p) => p.address));
    const mine = s.threads.filter((t) => t.processAddress !== null && targets.has(t.processAddress));
    mine.sort(byCpuTime);
    mine.slice(0, Math.max(0, this.options.topThreads)).forEach((t) => {
      if (!tiers.has(t.address)) tiers.set(t.address, "table");
    });
    return tiers;
  }

  /** The object a listed ERESOURCE waiter waits on in the simulator's model when `waitObjects` is left out. */
  private impliedWaitObject(t: ThreadRecord): "none" | "any" | Addr {
    let found: "none" | "any" | Addr = "none";
    let count = 0;
    for (let i = 0; i < this.s.resources.length; i++) {
      const r = this.s.resources[i];
      const ex = r.exclusiveWaiters.indexOf(t.address) >= 0;
      const sh = r.sharedWaiters.indexOf(t.address) >= 0;
      if (!ex && !sh) continue;
      count++;
      // win10: each waiter waits on the event inside its own KWAIT_CHAIN_ENTRY, which the simulator lays itself.
      found = this.info.layoutSet === "win10-2004-x64" ? "any" : ex ? r.exclusiveWaitersObject : r.sharedWaitersObject;
    }
    return count === 1 ? found : "none";
  }

  thread(t: ThreadRecord, tier: "chain" | "table"): Obj | null {
    const deep = tier === "chain";
    if (t.tid < 0 || STATES.indexOf(t.state) < 0) {
      this.omit("threads in a state the format cannot express or without a thread id");
      return null;
    }
    let waitReason: JsonValue = t.waitReason;
    if (/^WaitReason\(/.test(t.waitReason)) {
      if (t.waitReasonCode < 0 || t.waitReasonCode > MAX_WAIT_REASON) {
        this.omit("threads with a wait reason the format cannot express");
        return null;
      }
      waitReason = t.waitReasonCode;
    }
    const o: Obj = { object: t.address, tid: hex(t.tid), state: t.state, waitReason: waitReason };
    if (deep) o.waitMode = t.waitMode;
    // A table thread waits on none of a resource's waiter objects (threadTiers), so its wait objects are left out.
    if (deep && t.state === "Waiting") {
      const implied = this.impliedWaitObject(t);
      const same = implied === "any" ? t.waitObjects.length <= 1 : implied !== "none" && t.waitObjects.length === 1 && t.waitObjects[0] === implied;
      if (!same) {
        const objects = t.waitObjects.filter((a) => this.kernel(a));
        if (objects.length < t.waitObjects.length) this.omit("wait objects outside kernel space");
        o.waitObjects = objects;
        objects.forEach((a) => this.useAddress(a));
      }
    }
    if (deep) o.waitStartTick = t.waitTime;
    o.kernelTime = { ticks: t.kernelTicks };
    o.userTime = { ticks: t.userTicks };
    if (deep) {
      o.contextSwitches = t.contextSwitches;
      // KPRIORITY is 0..31; anything else is damage the format cannot hold (the simulator then picks a default).
      if (t.priority >= 0 && t.priority <= 31) o.priority = t.priority;
      if (t.basePriority >= 0 && t.basePriority <= 31) o.basePriority = t.basePriority;
    }
    const addrs: [string, Addr | null][] = [["startAddress", t.startAddress], ["win32StartAddress", t.win32StartAddress], ["teb", t.teb]];
    for (let i = 0; i < addrs.length; i++) {
      const a = addrs[i][1];
      if (a === null) continue;
      // Table threads keep a start address only when it lies in a kernel module (the analysis looks for that).
      if (!deep && (i === 2 || this.moduleAt(a) === null)) continue;
      this.useAddress(a);
      o[addrs[i][0]] = this.red.address(a);
    }
    if (t.stack === null) o.stack = "unavailable";
    else {
      const frames: JsonValue[] = [];
      t.stack.forEach((f) => {
        const x = this.frame(f);
        if (x !== null) frames.push(x);
      });
      o.stack = frames;
    }
    if (deep) {
      const irps = t.irps.filter((a) => this.exportedIrps.has(a));
      if (irps.length < t.irps.length) {
        for (let i = irps.length; i < t.irps.length; i++) this.omit("IRP addresses of thread IRP lists whose IRP was not decoded");
      }
      if (irps.length > 0) o.irps = irps;
    }
    this.exportedThreads.set(t.address, t);
    return o;
  }

  processes(): Obj[] {
    const s = this.s;
    const names = new Map<Addr, { name: string; pid: number }>();
    s.targets.concat(s.busiestProcesses).forEach((p) => {
      if (!names.has(p.address)) names.set(p.address, { name: p.name, pid: p.pid });
    });
    const order: Addr[] = s.targets.map((p) => p.address);
    const threadsOf = new Map<Addr, ThreadRecord[]>();
    s.threads.forEach((t) => {
      const p = t.processAddress;
      if (p === null || (!names.has(p) && t.processName === null)) {
        this.omit("threads whose process could not be read");
        return;
      }
      if (!names.has(p)) names.set(p, { name: t.processName as string, pid: t.pid });
      if (order.indexOf(p) < 0) order.push(p);
      const list = threadsOf.get(p);
      if (list !== undefined) list.push(t);
      else threadsOf.set(p, [t]);
    });
    // Placeholders in a stable order: targets first (process1.exe is the target), then as met.
    s.targets.forEach((p) => {
      this.red.processName(p.name);
      this.options.targetNames.forEach((n) => {
        if (n.toLowerCase() !== p.name.toLowerCase() && n.toLowerCase().indexOf(p.name.toLowerCase()) === 0) this.red.aliasName(n, p.name);
      });
    });
    const tiers = this.threadTiers();
    const out: Obj[] = [];
    order.forEach((p) => {
      const info = names.get(p) as { name: string; pid: number };
      if (info.pid < 0) {
        this.omit("processes without a process id");
        return;
      }
      const threads: JsonValue[] = [];
      let counted = 0;
      let kernel = 0;
      let user = 0;
      (threadsOf.get(p) || []).forEach((t) => {
        const tier = tiers.get(t.address);
        if (tier === undefined) {
          counted++;
          kernel += t.kernelTicks;
          user += t.userTicks;
          return;
        }
        const x = this.thread(t, tier);
        if (x !== null) threads.push(x);
      });
      const name = this.red.processName(info.name);
      if (counted > 0) {
        this.counted.push(
          name + " (pid " + hex(info.pid) + "): " + counted + " more thread" + (counted === 1 ? "" : "s") + ", " + kernel +
            " kernel and " + user + " user ticks in all",
        );
      }
      out.push({ object: p, name: name, pid: hex(info.pid), threads: threads });
    });
    return out;
  }

  // ---- resources, IRPs, devices -------------------------------------------------------------------------------

  resource(r: ResourceRecord): Obj {
    const waiters = (list: Addr[]) =>
      list.filter((a) => {
        if (this.exportedThreads.has(a)) return true;
        this.omit("ERESOURCE waiters whose thread could not be decoded");
        return false;
      });
    const sharedWaiters = waiters(r.sharedWaiters);
    // 2003 / 2008 R2: a listed shared waiter pre-fills an owner-table entry, and the simulator lays that entry itself.
    const prefilled = this.info.layoutSet !== "win10-2004-x64";
    const owners: JsonValue[] = [];
    r.ownerEntries.forEach((e) => {
      if (e.isWaiter && prefilled && sharedWaiters.indexOf(e.thread) >= 0) return;
      if (!this.kernel(e.thread)) {
        this.omit("owner-table entries naming no kernel address");
        return;
      }
      const o: Obj = { thread: e.thread, count: e.count };
      if (e.ownerPointer) o.ownerPointer = true;
      owners.push(o);
    });
    const o: Obj = { object: r.address };
    if (r.symbol !== null && SYMBOL_NAME.test(r.symbol)) {
      const m = this.moduleNamed(r.symbol.slice(0, r.symbol.indexOf("!")));
      if (this.useModule(m) || /^(nt|hal)!/i.test(r.symbol)) o.symbol = r.symbol;
    }
    this.useAddress(r.address);
    o.exclusive = r.exclusive;
    o.owners = owners;
    o.sharedWaiters = sharedWaiters;
    o.exclusiveWaiters = waiters(r.exclusiveWaiters);
    // The counters are USHORTs on 2003; a larger value is damage the format cannot hold (it then counts the lists).
    if (r.numberOfSharedWaiters <= 0xffff) o.numberOfSharedWaiters = r.numberOfSharedWaiters;
    else this.omit("waiter counters above 0xffff");
    if (r.numberOfExclusiveWaiters <= 0xffff) o.numberOfExclusiveWaiters = r.numberOfExclusiveWaiters;
    else this.omit("waiter counters above 0xffff");
    o.contentionCount = r.contentionCount;
    if (this.kernel(r.sharedWaitersObject)) o.sharedWaitersObject = r.sharedWaitersObject;
    if (this.kernel(r.exclusiveWaitersObject)) o.exclusiveWaitersObject = r.exclusiveWaitersObject;
    return o;
  }

  irp(i: IrpRecord): Obj {
    const o: Obj = { object: i.address };
    if (!addrIsNull(i.thread)) o.thread = i.thread;
    o.flags = hex(i.flags);
    if (!addrIsNull(i.mdl)) o.mdl = i.mdl;
    if (!addrIsNull(i.systemBuffer)) o.systemBuffer = i.systemBuffer;
    o.stackCount = i.stackCount;
    o.currentLocation = i.currentLocation;
    if (i.cancel) o.cancel = true;
    o.pendingReturned = i.pendingReturned;
    const n = Math.min(i.stackCount, i.locations.reduce((m, l) => Math.max(m, l.index), 0));
    const locations: JsonValue[] = [];
    for (let k = 1; k <= n; k++) {
      let loc: Obj = {};
      for (let j = 0; j < i.locations.length; j++) {
        const l = i.locations[j];
        if (l.index !== k) continue;
        // Zero fields are left out: the format reads a missing location field as 0.
        loc = { major: hex(l.major), minor: hex(l.minor) };
        if (l.flags !== 0) loc.flags = hex(l.flags);
        if (l.control !== 0) loc.control = hex(l.control);
        const ptrs: [string, Addr][] = [["device", l.device], ["file", l.file], ["completion", l.completion], ["context", l.context]];
        ptrs.forEach((p) => {
          if (!addrIsNull(p[1])) loc[p[0]] = p[1];
        });
        this.useAddress(l.completion);
        let last = l.args.length;
        while (last > 0 && addrIsNull(l.args[last - 1])) last--;
        if (last > 0) loc.args = l.args.slice(0, last);
      }
      locations.push(loc);
    }
    o.locations = locations;
    return o;
  }

  driversAndDevices(): { drivers: Obj[]; devices: Obj[] } {
    const s = this.s;
    const drivers: Obj[] = [];
    const driverByObject = new Map<Addr, string>();
    const seenNames = new Set<string>();
    s.drivers.forEach((d) => {
      const m = d.module !== null ? this.moduleNamed(d.module) : null;
      if (d.name === "" || seenNames.has(d.name.toLowerCase()) || !this.useModule(m)) {
        this.omit("drivers without a name or a module the file can hold");
        return;
      }
      seenNames.add(d.name.toLowerCase());
      driverByObject.set(d.address, d.name);
      drivers.push({ name: d.name, module: (m as ModuleRecord).name, object: d.address });
    });
    const exported = new Set<Addr>();
    s.devices.forEach((d) => {
      if (driverByObject.has(d.driverObject)) exported.add(d.address);
    });
    // AttachedDevice points up the stack; the format says it the other way round (attachedTo = the device below).
    const below = new Map<Addr, Addr>();
    s.devices.forEach((d) => {
      if (!exported.has(d.address) || addrIsNull(d.attachedDevice) || d.attachedDevice === d.address) return;
      if (exported.has(d.attachedDevice)) below.set(d.attachedDevice, d.address);
      else this.omit("AttachedDevice links to devices that were not decoded");
    });
    // A damaged dump can link devices in a ring; the format cannot hold one, so the link closing it is dropped.
    below.forEach((_b, start) => {
      const seen = new Set<Addr>([start]);
      let at = below.get(start);
      while (at !== undefined) {
        if (at === start) {
          below.delete(start);
          this.omit("AttachedDevice links closing a ring");
          return;
        }
        // A tail into a ring that does not hold `start`: the ring is cut when one of its own devices comes up.
        if (seen.has(at)) return;
        seen.add(at);
        at = below.get(at);
      }
    });
    const devices: Obj[] = [];
    s.devices.forEach((d) => {
      if (!exported.has(d.address)) {
        this.omit("devices whose driver could not be exported");
        return;
      }
      const o: Obj = { object: d.address, driver: driverByObject.get(d.driverObject) as string };
      const b = below.get(d.address);
      if (b !== undefined) o.attachedTo = b;
      devices.push(o);
    });
    return { drivers: drivers, devices: devices };
  }

  moduleList(): Obj[] {
    ["nt", "hal"].forEach((n) => this.useModule(this.moduleNamed(n)));
    const out: Obj[] = [];
    this.modules.forEach((m) => {
      if (!this.moduleNames.has(m.name.toLowerCase())) return;
      const o: Obj = { name: m.name, image: m.image, base: m.base, size: hex(m.size) };
      if (m.company !== null) o.company = m.company;
      let symbols = m.symbolStatus;
      // `lm` "(deferred)": symbols load on first use, as with a pdb; a status the output did not show: none.
      if (symbols === "deferred") symbols = "pdb";
      else if (symbols !== "pdb" && symbols !== "export" && symbols !== "none") {
        this.omit("modules whose symbol status was unknown (written as none)");
        symbols = "none";
      }
      o.symbols = symbols;
      out.push(o);
    });
    return out;
  }

  // ---- background, expect, document ---------------------------------------------------------------------------

  background(resourceCount: number, processes: Obj[]): Obj {
    const o: Obj = { seed: 1, resources: Math.max(0, this.s.resourcesVisited - resourceCount) };
    const exported = new Set<string>(processes.map((p) => p.object as string));
    const all = this.info.processes;
    if (all !== null) {
      const rest = all.filter((p) => !exported.has(p.address));
      o.processes = Math.min(rest.length, 20000);
      const threads = rest.reduce((n, p) => n + p.threadCount, 0);
      o.threadsPerProcess = rest.length > 0 ? Math.min(1000, Math.round(threads / rest.length)) : 0;
    } else {
      this.omit("background processes (the process list could not be walked)");
    }
    return o;
  }

  expect(resources: Obj[]): Obj {
    const c = this.contract;
    const o: Obj = {};
    const arg = this.argument();
    if (arg !== null) o.arg = arg;
    o.verdict = [c.verdict.kind];
    let culprit: JsonValue = null;
    if (c.verdict.culprit !== null) {
      const image = c.verdict.culprit.module;
      const stem = image.replace(/\.[A-Za-z0-9]+$/, "");
      let name = stem;
      this.modules.forEach((m) => {
        if (m.image.toLowerCase() === image.toLowerCase() || m.name.toLowerCase() === stem.toLowerCase()) {
          name = m.name;
          this.useModule(m);
        }
      });
      // The image too when its stem is not the `lm` name, so either spelling of the culprit matches.
      culprit = stem.toLowerCase() === name.toLowerCase() ? [name] : [name, image];
    }
    o.culprit = culprit;
    const byAddress = new Map<string, Obj>();
    resources.forEach((r) => byAddress.set(r.object as string, r));
    const contention: JsonValue[] = [];
    c.contention.forEach((e) => {
      const a = e.resource.replace(/^0x/, "");
      const r = byAddress.get(a);
      if (r === undefined) return;
      const xw = r.exclusiveWaiters as string[];
      const sw = r.sharedWaiters as string[];
      const counted = (r.numberOfExclusiveWaiters as number) + (r.numberOfSharedWaiters as number);
      if (xw.length + sw.length + counted === 0) return;
      const owners = e.owners.map((x) => x.replace(/^0x/, ""));
      const fileOwners = (r.owners as Obj[]).map((x) => x.thread as string);
      const x: Obj = { resource: a };
      // `owners` is an exact set: only when the file's owner table says the same (otherwise name the non-owners).
      if (owners.length === fileOwners.length && owners.every((w) => fileOwners.indexOf(w) >= 0)) x.owners = owners;
      else x.notOwners = fileOwners.filter((w) => owners.indexOf(w) < 0);
      x.exclusiveWaitersInclude = e.exclusiveWaiters.map((w) => w.replace(/^0x/, "")).filter((w) => xw.indexOf(w) >= 0);
      x.sharedWaitersInclude = e.sharedWaiters.map((w) => w.replace(/^0x/, "")).filter((w) => sw.indexOf(w) >= 0);
      contention.push(x);
    });
    if (c.contention.length === 0) o.noContention = true;
    else o.contention = contention;
    const deadlocks = c.deadlocks;
    if (Array.isArray(deadlocks) && deadlocks.length > 0) o.deadlockCycle = true;
    if (c.verdict.culprit !== null) {
      o.confidenceAtLeast = c.verdict.confidence;
      o.confidenceAtMost = c.verdict.confidence;
    }
    return o;
  }

  /** The dx argument that selects the same targets (and thread count), or null for the command's defaults. */
  argument(): string | null {
    const o = this.options;
    const names = o.targetNames.map((n) => this.red.processName(n));
    const sameNames =
      o.targetNames.length === o.defaultTargetNames.length &&
      o.targetNames.every((n, i) => n.toLowerCase() === o.defaultTargetNames[i].toLowerCase());
    if (sameNames && o.topThreads === o.defaultTopThreads && !o.redact) return null;
    const parts: string[] = names.map((n) => '"' + n.replace(/["\\]/g, "") + '"');
    if (o.topThreads !== o.defaultTopThreads) parts.push(String(o.topThreads));
    return parts.length === 1 ? parts[0] : "(" + parts.join(", ") + ")";
  }

  /** The KPRCBs as the format's `processors` (absent when none was decoded: the simulator then derives them). */
  processors(): Obj[] | null {
    const ps = this.s.processors || [];
    if (ps.length === 0) return null;
    return ps.map((p) => {
      const o: Obj = {};
      const current = !p.idle && this.exportedThreads.has(p.currentThread);
      if (!p.idle && !current) this.omit("current threads of processors whose thread was not exported (written as idle)");
      o.currentThread = current ? p.currentThread : "idle";
      if (p.nextThread !== null && this.exportedThreads.has(p.nextThread)) o.nextThread = p.nextThread;
      o.kernelTime = { ticks: p.kernelTicks };
      o.userTime = { ticks: p.userTicks };
      o.dpcTime = { ticks: p.dpcTicks };
      o.interruptTime = { ticks: p.interruptTicks };
      if (p.dpcActive === true) o.dpcActive = true;
      const queue: JsonValue[] = [];
      p.queuedDpcs.forEach((q) => {
        const x = this.frame({ text: q.symbol || "0x" + q.routine, module: q.module, address: q.routine });
        if (x !== null) queue.push(x);
      });
      if (queue.length > 0) o.dpcQueue = queue;
      if (p.idle && p.idleStack !== null) {
        const frames: JsonValue[] = [];
        p.idleStack.forEach((f) => {
          const x = this.frame(f);
          if (x !== null) frames.push(x);
        });
        o.stack = frames;
      }
      return o;
    });
  }

  build(): ExportResult {
    const s = this.s;
    // IRPs first: thread IRP lists may only name IRPs the file holds.
    const irps: Obj[] = [];
    s.irps.forEach((i) => {
      // CurrentLocation runs from 1 to StackCount + 1 (not yet dispatched); other values are damage.
      if (!this.kernel(i.address) || i.stackCount > 0x7f || i.currentLocation < 1 || i.currentLocation > i.stackCount + 1) {
        this.omit("IRPs with a stack count or current location the format cannot hold");
        return;
      }
      this.exportedIrps.add(i.address);
      irps.push(this.irp(i));
    });
    const processes = this.processes();
    const processors = this.processors();
    const resources = s.resources.map((r) => this.resource(r));
    const dd = this.driversAndDevices();
    const expect = this.expect(resources);
    const background = this.background(resources.length, processes);
    const modules = this.moduleList();

    for (const what in this.omissionCounts) this.omissions.push(this.omissionCounts[what] + " " + what);
    const o = this.options;
    const targets = o.targetNames.map((n) => this.red.processName(n)).join(", ");
    const verdict = this.contract.verdict;
    const culprit = Array.isArray(expect.culprit) ? ", culprit " + expect.culprit[0] : "";
    const dump: Obj = { kind: "kernel", os: this.info.layoutSet, keMaximumIncrement: s.os.keMaximumIncrement };
    if (s.os.tickCount !== null) dump.tickCount = s.os.tickCount;
    if (processors !== null) dump.processors = processors.length;
    else if (this.info.processors !== null) dump.processors = this.info.processors;
    const notes = [
      "Facts as !isaScenario decoded them from the dump (addresses, times in clock ticks, owner tables, wait lists, IRP stack " +
        "locations, frames) and, in expect, what that run concluded. Lock owners, waiters and IRP holders carry every decoded " +
        "field; the other busiest threads of the target carry what the thread table and stack evidence use; a stack " +
        "\"unavailable\" was not read by the analysis or not resident. Threads the analysis only added up are not exported (so a re-run shows smaller " +
        "process totals), and background stands in for the resources and processes that were walked but not exported.",
    ];
    if (this.counted.length > 0) notes.push("Only added up: " + this.counted.join("; ") + ".");
    if (this.info.layoutNote !== null) notes.push(this.info.layoutNote + ".");
    if (o.redact) notes.push("Redacted: process image names and user-mode addresses are placeholders.");
    if (this.omissions.length > 0) notes.push("Not exported: " + this.omissions.join("; ") + ".");
    const document: Obj = {
      format: SCENARIO_FORMAT,
      title: "Exported case: " + targets + " on " + this.info.layoutSet + ", verdict " + verdict.kind + culprit,
      source:
        "exported by !isaScenario from a kernel dump (" + (s.os.build || "build unknown") + ") on " + o.exportedOn +
        "; no text beyond the decoded facts",
      notes: notes.join(" "),
      dump: dump,
      modules: modules,
      drivers: dd.drivers,
      devices: dd.devices,
      processes: processes,
      resources: resources,
      irps: irps,
    };
    if (processors !== null) document.processors = processors;
    document.background = background;
    document.expect = expect;
    return { document: document, omissions: this.omissions };
  }
}

/** The scenario document for one analysed snapshot. The snapshot must be applicable (notApplicable null). */
export function buildScenario(snapshot: DumpSnapshot, contract: ContractJson, info: DumpInfo, options: ExportOptions): ExportResult {
  return new Builder(snapshot, contract, info, options).build();
}
