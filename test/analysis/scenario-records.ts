// Turns a shared scenario file (isatriage-scenario/1) straight into the DumpSnapshot records the decoders would
// produce, so the analysis can be checked against each scenario's `expect` block without the simulator.
// Provenance: reads /work/shared/scenarios/*.json (see each file's "source"); the background bulk is not modelled
// (it only adds idle objects), and module classification here is "CompanyName contains Microsoft".
import { readFileSync } from "node:fs";
import { Addr, addrAdd, addrInRange, parseAddr } from "../../src/addr";
import { DumpSnapshot, IrpRecord, ModuleRecord, ResourceRecord, ThreadRecord } from "../../src/kernel/records";
import { INC, dev, drv, frames, irp, snap, thr } from "./fixtures";

/* eslint-disable @typescript-eslint/no-explicit-any */
type J = any;

function a(x: string | undefined | null): Addr {
  if (!x) return "0";
  const p = parseAddr(String(x));
  if (p === null) throw new Error("bad address " + x);
  return p;
}

function seconds(t: string | { ticks: number } | undefined): number {
  if (!t) return 0;
  if (typeof t === "object") return (t.ticks * INC) / 1e7;
  const m = /^(\d+):(\d+):(\d+)\.(\d+)$/.exec(t);
  if (!m) throw new Error("bad time " + t);
  return +m[1] * 3600 + +m[2] * 60 + +m[3] + +("0." + m[4]);
}

function hexNum(x: string | number | undefined): number {
  if (x === undefined) return 0;
  return typeof x === "number" ? x : parseInt(String(x).replace(/^0x/, ""), 16);
}

export function loadScenario(path: string): { scenario: J; snapshot: DumpSnapshot } {
  const sc: J = JSON.parse(readFileSync(path, "utf8"));
  const modules: ModuleRecord[] = sc.modules.map((m: J) => {
    const ms = typeof m.company === "string" && /microsoft/i.test(m.company);
    return {
      name: m.name,
      image: m.image,
      base: a(m.base),
      size: hexNum(m.size),
      symbolStatus: m.symbols || "unknown",
      company: m.company || null,
      classification: ms ? "microsoft" : "third-party",
      classificationReason: ms ? "CompanyName " + m.company : "no Microsoft version info",
    } as ModuleRecord;
  });
  let next = "8f000000";
  const driverAddr: { [name: string]: Addr } = {};
  const drivers = (sc.drivers || []).map((d: J) => {
    const addr = d.object ? a(d.object) : (next = addrAdd(next, 0x200));
    driverAddr[d.name] = addr;
    const m = modules.filter((x) => x.name === d.module)[0];
    return drv(addr, d.name, d.module, m ? m.base : "0");
  });
  const devices = (sc.devices || []).map((d: J) => dev(a(d.object), driverAddr[d.driver] || "0", d.driver));
  for (const d of sc.devices || []) {
    if (!d.attachedTo) continue;
    const lower = devices.filter((x: J) => x.address === a(d.attachedTo))[0];
    if (lower) lower.attachedDevice = a(d.object);
  }
  const threads: ThreadRecord[] = [];
  const processes: { address: string; pid: number; name: string }[] = [];
  let fake = "8e000000";
  for (const p of sc.processes) {
    const paddr = p.object ? a(p.object) : (fake = addrAdd(fake, 0x1000));
    processes.push({ address: paddr, pid: hexNum(p.pid), name: p.name });
    for (const t of p.threads) {
      const taddr = t.object ? a(t.object) : (fake = addrAdd(fake, 0x300));
      const rec = thr(taddr, {
        proc: paddr,
        tid: hexNum(t.tid),
        state: t.state,
        waitReason: t.waitReason,
        kernel: seconds(t.kernelTime),
        user: seconds(t.userTime),
        irps: t.irps || [],
        waitObjects: t.waitObjects || [],
        start: t.startAddress || null,
        stack: t.stack === "unavailable" ? null : t.stack || [],
      });
      if (rec.stack) rec.stack = frames(t.stack).map((f) => ({ ...f, module: f.module && modules.some((m) => m.name === f.module) ? f.module : null }));
      threads.push(rec);
    }
  }
  const resources: ResourceRecord[] = (sc.resources || []).map((r: J) => {
    const owners = (r.owners || []).map((o: J) => ({ thread: o.thread, count: o.count || 1, ownerPointer: !!o.ownerPointer }));
    // On 2003/2008 R2 shared waiters pre-fill an owner-table entry (SCENARIO-FORMAT.md): model what the decoder sees.
    for (const w of r.sharedWaiters || []) owners.push({ thread: w, count: 1, isWaiter: true });
    const rec: ResourceRecord = {
      address: a(r.object),
      symbol: r.symbol || null,
      flag: r.exclusive ? 0x80 : 0,
      exclusive: !!r.exclusive,
      activeCount: owners.length,
      ownerEntries: owners.map((o: J) => ({ thread: a(o.thread), raw: o.ownerPointer ? addrAdd(a(o.thread), 3) : a(o.thread), count: o.count, ownerPointer: !!o.ownerPointer, isWaiter: !!o.isWaiter })),
      exclusiveWaiters: (r.exclusiveWaiters || []).map(a),
      sharedWaiters: (r.sharedWaiters || []).map(a),
      numberOfExclusiveWaiters: r.numberOfExclusiveWaiters === undefined ? (r.exclusiveWaiters || []).length : r.numberOfExclusiveWaiters,
      numberOfSharedWaiters: r.numberOfSharedWaiters === undefined ? (r.sharedWaiters || []).length : r.numberOfSharedWaiters,
      contentionCount: r.contentionCount || 0,
      sharedWaitersObject: a(r.sharedWaitersObject),
      exclusiveWaitersObject: a(r.exclusiveWaitersObject),
      notes: [],
    };
    return rec;
  });
  const irps: IrpRecord[] = (sc.irps || []).map((i: J) =>
    irp(a(i.object), a(i.thread), {
      stackCount: i.stackCount,
      current: i.currentLocation,
      pending: !!i.pendingReturned,
      locations: i.locations.map((l: J) => ({
        major: hexNum(l.major),
        minor: hexNum(l.minor),
        control: hexNum(l.control),
        device: l.device,
        completion: l.completion,
        context: l.context,
      })),
    }),
  );
  const s = snap({
    pointerSize: /x64/.test(sc.dump.os) ? 8 : 4,
    targetName: sc.expect && sc.expect.arg ? JSON.parse(sc.expect.arg) : "wspsrv.exe",
    processes,
    threads,
    resources,
    irps,
    devices,
    drivers,
    modules,
  });
  const want = s.targetName.toLowerCase();
  s.targets = s.busiestProcesses.filter((p) => p.name.toLowerCase() === want);
  // Frames whose module the scenario names but `lm` does not list stay unattributed, as in the debugger.
  for (const t of s.threads) if (t.stack) for (const f of t.stack) if (f.address && !modules.some((m) => addrInRange(f.address!, m.base, m.size))) f.module = null;
  return { scenario: sc, snapshot: s };
}
