// Decoder tests: collectSnapshot over the simulator (scenario → buildDump → mock JsProvider host → the real
// createJsProviderTarget), on all three layout sets. Fixtures: the shared scenarios (/work/shared/scenarios, whose
// provenance is in each file's "source") and the synthesized x64 scenarios of x64-scenarios.ts.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createJsProviderTarget } from "../../src/host/jsprovider";
import { collectSnapshot, NO_NT_SYMBOLS, NOT_KERNEL } from "../../src/kernel/collect";
import { DumpSnapshot, ResourceRecord, ThreadRecord } from "../../src/kernel/records";
import { buildDump } from "../sim/build-dump";
import { createHost, SimHost } from "../sim/host";
import { parseScenario } from "../sim/scenario";
import { ADDRS, SCENARIO_2008R2, SCENARIO_WIN10 } from "./x64-scenarios";

const SHARED = "/work/shared/scenarios/";

function load(name: string): any {
  return JSON.parse(readFileSync(SHARED + name, "utf8"));
}

let sim: SimHost | null = null;

function collect(json: any, targetNames: string[], topThreads = 8): DumpSnapshot {
  const dump = buildDump(parseScenario(json, "inline"));
  sim = createHost(dump);
  sim.phase2();
  (globalThis as any).host = sim.host;
  return collectSnapshot(createJsProviderTarget(), { targetNames, topThreads });
}

afterEach(() => {
  delete (globalThis as any).host;
  sim = null;
});

const thread = (s: DumpSnapshot, a: string): ThreadRecord => {
  const t = s.threads.find((x) => x.address === a);
  if (!t) throw new Error("thread " + a + " not decoded");
  return t;
};
const resource = (s: DumpSnapshot, a: string): ResourceRecord => {
  const r = s.resources.find((x) => x.address === a);
  if (!r) throw new Error("resource " + a + " not found");
  return r;
};
const module = (s: DumpSnapshot, name: string) => s.modules.find((m) => m.name.toLowerCase() === name.toLowerCase());

describe("seed (ws2003sp2-x86): ISA wspsrv.exe, idmtdi in the owner's IRPs", () => {
  const s = collect(load("seed-isa-idmtdi.json"), ["wspsrv.exe"]);

  it("lists the busiest processes by kernel time", () => {
    expect(s.busiestProcesses).toHaveLength(5);
    const ticks = s.busiestProcesses.map((p) => p.kernelTicks);
    expect(ticks).toEqual([...ticks].sort((a, b) => b - a));
    expect(ticks[0]).toBeGreaterThan(0);
  });

  it("reads the clock and the target", () => {
    expect(s.notApplicable).toBe(null);
    expect(s.os.pointerSize).toBe(4);
    expect(s.os.keMaximumIncrement).toBe(156250);
    expect(s.os.tickCount).toBe(4518588);
    expect(s.targets.map((p) => [p.name, p.pid])).toEqual([["wspsrv.exe", 0x1074]]);
    expect(s.resourcesVisited).toBeGreaterThanOrEqual(2264);
  });

  it("finds the contended resource, its owner (not a waiter) and 4 of 5 exclusive waiters", () => {
    const contended = s.resources.filter((r) => r.numberOfExclusiveWaiters + r.numberOfSharedWaiters > 0);
    expect(contended.map((r) => r.address)).toEqual(["8a7f3008"]);
    const r = resource(s, "8a7f3008");
    expect(r.contentionCount).toBe(856651);
    expect(r.exclusive).toBe(false);
    expect(r.ownerEntries.map((o) => [o.thread, o.count, o.isWaiter, o.ownerPointer])).toEqual([["84149020", 1, false, false]]);
    expect([...r.exclusiveWaiters].sort()).toEqual(["84166750", "84166a80", "8961d620", "89649240"]);
    expect(r.sharedWaiters).toEqual([]);
    expect(r.numberOfExclusiveWaiters).toBe(5);
    expect(r.notes).toContain("5 exclusive waiters counted, 4 found");
    expect(s.dataQuality.notes).toContain("resource 0x8a7f3008: 5 exclusive waiters counted, 4 found");
    expect(r.sharedWaitersObject).toBe("88f99718");
  });

  it("decodes the owner thread as !thread shows it", () => {
    const t = thread(s, "84149020");
    expect([t.pid, t.tid, t.state, t.processName, t.processAddress]).toEqual([0x1074, 0x18a8, "Ready", "wspsrv.exe", "89f4ead8"]);
    expect(t.waitReason).toBe("WrResource");
    expect(t.waitObjects).toEqual([]);
    expect(t.waitTime).toBe(4518588);
    expect(t.elapsedTicks).toBe(0);
    expect(t.contextSwitches).toBe(3718083);
    expect([t.priority, t.basePriority]).toEqual([8, 8]);
    expect([t.startAddress, t.win32StartAddress, t.teb]).toEqual(["77e617ec", "44bf26", "7ff12000"]);
    expect(t.kernelSeconds).toBeCloseTo(62.906, 2);
    expect(t.userSeconds).toBeCloseTo(75.546, 2);
    expect(t.irps).toHaveLength(15);
    expect(t.irps[0]).toBe("fe5eae28");
    expect(t.irps[1]).toBe("88bb1a68");
    expect(t.stack).not.toBe(null);
    const frames = t.stack!;
    expect(frames[6]).toMatchObject({ text: "afd!AfdGetTransportInfo+0x1b", module: "afd" });
    expect(frames[0].module).toBe("nt");
    expect(frames[frames.length - 1]).toMatchObject({ text: "0x7c82860c", module: null });
  });

  it("decodes the waiters as Waiting on the exclusive-waiters event", () => {
    const r = resource(s, "8a7f3008");
    for (const a of r.exclusiveWaiters) {
      const t = thread(s, a);
      expect(t.state).toBe("Waiting");
      expect(t.waitReason).toBe("WrResource");
      expect(t.waitObjects).toEqual([r.exclusiveWaitersObject]);
      expect(t.processName).toBe("wspsrv.exe");
    }
  });

  it("decodes the owner's 15 IRPs; 88bb1a68 is pending in Tcpip with IDMTDI below", () => {
    const owned = s.irps.filter((i) => i.thread === "84149020");
    expect(owned).toHaveLength(15);
    const irp = s.irps.find((i) => i.address === "88bb1a68")!;
    expect([irp.stackCount, irp.currentLocation, irp.state, irp.pending, irp.mdl]).toEqual([4, 2, "active", true, "89128478"]);
    expect(irp.currentStackLocation).toBe("88bb1afc");
    const [l1, l2, l3, l4] = irp.locations;
    expect(l1).toMatchObject({ index: 1, isCurrent: false, major: 0, minor: 0, device: "0", driverName: null });
    expect(l2).toMatchObject({
      index: 2, isCurrent: true, major: 0xf, minor: 8, majorName: "IRP_MJ_INTERNAL_DEVICE_CONTROL", minorName: "TDI_RECEIVE",
      control: 0xe1, controlText: "Success Error Cancel pending", device: "8a94ddf0", file: "870404b0",
      completion: "b9e964d0", context: "870f66c8", driverName: "\\Driver\\Tcpip", driverModule: "tcpip",
      completionModule: "idmtdi", completionSymbol: "idmtdi+0x64d0",
    });
    expect(l2.args).toEqual(["127b", "10020", "0", "0"]);
    expect(l3).toMatchObject({
      device: "8a85d020", driverName: "\\Driver\\IDMTDI", driverModule: "idmtdi", minorName: null,
      controlText: "Success Error Cancel", completionModule: "afd",
    });
    expect(l3.completionSymbol).toMatch(/^afd!/);
    expect(l4).toMatchObject({ major: 0xe, minor: 5, flags: 5, majorName: "IRP_MJ_DEVICE_CONTROL", minorName: null, driverName: "\\Driver\\AFD" });
  });

  it("sees the IDMTDI device attached over the Tcp device", () => {
    const tcp = s.devices.find((d) => d.address === "8a94ddf0")!;
    const flt = s.devices.find((d) => d.address === "8a85d020")!;
    expect(tcp.attachedDevice).toBe("8a85d020");
    expect(tcp.driverName).toBe("\\Driver\\Tcpip");
    expect(flt.driverName).toBe("\\Driver\\IDMTDI");
    expect(flt.attachedDevice).toBe("0");
    const drv = s.drivers.find((d) => d.name === "\\Driver\\IDMTDI")!;
    expect(drv.module).toBe("idmtdi");
  });

  it("classifies idmtdi third-party and afd/tcpip/nt Microsoft", () => {
    expect(module(s, "idmtdi")).toMatchObject({ classification: "third-party", symbolStatus: "none", company: null, image: "idmtdi.sys" });
    expect(module(s, "idmtdi")!.classificationReason).toMatch(/not an inbox Windows module/);
    for (const n of ["afd", "tcpip", "nt"]) expect(module(s, n)!.classification).toBe("microsoft");
    expect(module(s, "afd")).toMatchObject({ symbolStatus: "pdb", company: "Microsoft Corporation" });
    // fweng is in no evidence and not an inbox name: its version information is still read, so it is Microsoft.
    expect(module(s, "fweng")).toMatchObject({ classification: "microsoft", company: "Microsoft Corporation" });
  });
});

describe("seed: host call budget", () => {
  it("makes at most one memory call per ERESOURCE visited; host field reads do not grow with the dump", () => {
    const small = collect(load("seed-isa-idmtdi.json"), ["wspsrv.exe"]);
    const smallCounters = { ...sim!.counters };
    const j = load("seed-isa-idmtdi.json");
    j.background = { seed: 2, resources: 20000, processes: 60, threadsPerProcess: 50, irps: 2000 };
    const big = collect(j, ["wspsrv.exe"]);
    const c = sim!.counters;
    expect(big.resourcesVisited).toBe(20001);
    expect(c.memoryCalls).toBeLessThanOrEqual(big.resourcesVisited);
    expect(smallCounters.memoryCalls).toBeLessThanOrEqual(small.resourcesVisited);
    // Type layouts once per type, typed/data-model reads only for the few objects that matter.
    expect(c.typeLookups).toBe(smallCounters.typeLookups);
    expect(c.fieldReads).toBe(smallCounters.fieldReads);
    expect(c.typedObjects).toBe(0);
    expect(big.resources.map((r) => r.address)).toEqual(small.resources.map((r) => r.address));
  });
});

describe("healthy-locks (ws2003sp2-x86): no contention, an owner pointer", () => {
  const s = collect(load("healthy-locks.json"), ["wspsrv.exe", "System"]);
  it("reports no contended resource", () => {
    expect(s.resources.filter((r) => r.numberOfExclusiveWaiters + r.numberOfSharedWaiters > 0)).toEqual([]);
    expect(s.resources.every((r) => r.exclusiveWaiters.length === 0 && r.sharedWaiters.length === 0)).toBe(true);
    expect(s.resourcesVisited).toBeGreaterThanOrEqual(2263);
  });
  it("resolves owner pointer 80ed0023 to the actual thread 80ed0020 (held by a watched System thread)", () => {
    for (const a of ["80e23f38", "80d8b0b0"]) {
      const r = resource(s, a);
      expect(r.ownerEntries).toEqual([{ thread: "80ed0020", raw: "80ed0023", count: 1, ownerPointer: true, isWaiter: false }]);
    }
    expect(thread(s, "80ed0020")).toMatchObject({ processName: "System", state: "Waiting", waitReason: "WrQueue", waitObjects: ["8055e100"] });
  });
  it("decodes all 30 wspsrv.exe threads", () => {
    const w = s.targets.find((p) => p.name === "wspsrv.exe")!;
    expect(w.threadCount).toBe(30);
  });
});

describe("ms-nwrdr-timeout (ws2003sp2-x86): owner waiting in nwrdr", () => {
  const s = collect(load("ms-nwrdr-timeout.json"), ["app.exe"]);
  it("finds the owner waiting (Executive) in nwrdr frames with its IRP", () => {
    const r = resource(s, "fc664ee0");
    expect(r.exclusive).toBe(true);
    expect(r.ownerEntries.map((o) => [o.thread, o.isWaiter])).toEqual([["ffaf5410", false]]);
    expect(r.exclusiveWaiters).toEqual(["ffab45d0"]);
    expect(r.contentionCount).toBe(45);
    expect(r.symbol).toMatch(/^nwrdr!NwScavengerSpinLock/);
    const t = thread(s, "ffaf5410");
    expect([t.state, t.waitReason, t.waitMode]).toEqual(["Waiting", "Executive", "KernelMode"]);
    expect(t.waitObjects).toEqual(["feecf698"]);
    expect(t.stack!.filter((f) => f.module === "nwrdr").map((f) => f.text)).toContain("nwrdr!ExchangeWithWait+0x38");
    const irp = s.irps.find((i) => i.address === "fef29208")!;
    expect(irp.locations[1]).toMatchObject({ isCurrent: true, driverName: "\\FileSystem\\NwRdr", majorName: "IRP_MJ_CREATE" });
    expect(irp.pending).toBe(false);
    expect(module(s, "nwrdr")!.classification).toBe("microsoft");
  });
});

describe.each([
  ["ws2008r2sp1-x64", SCENARIO_2008R2],
  ["win10-2004-x64", SCENARIO_WIN10],
] as const)("%s: x64 layout, addresses above 2^53", (os, json) => {
  const A = ADDRS[os];
  const s = collect(json, ["longservicename.exe", "System"], 10);

  it("matches the truncated image name and reads the clock", () => {
    expect(s.notApplicable).toBe(null);
    expect(s.os.pointerSize).toBe(8);
    expect(s.os.keMaximumIncrement).toBe(156001);
    expect(s.os.tickCount).toBe(900000);
    expect(s.targets.map((p) => p.address).sort()).toEqual([A.app, A.sys].sort());
  });

  it("finds owner, exclusive waiters, and the shared waiter that pre-filled an owner entry", () => {
    const r = resource(s, A.res);
    expect(r.exclusive).toBe(true);
    expect(r.contentionCount).toBe(4242);
    const real = r.ownerEntries.filter((o) => !o.isWaiter).map((o) => o.thread);
    expect(real).toEqual([A.owner]);
    expect([...r.exclusiveWaiters].sort()).toEqual([A.xw1, A.xw2].sort());
    expect(r.sharedWaiters).toEqual([A.sw]);
    expect(r.notes).toContain("3 exclusive waiters counted, 2 found");
    if (os === "ws2008r2sp1-x64") {
      // 7601 pre-fills an owner entry for a shared waiter (reference §1); it must be marked a waiter.
      expect(r.ownerEntries.find((o) => o.thread === A.sw)).toMatchObject({ isWaiter: true });
    }
  });

  it("resolves the owner pointer of the held resource", () => {
    expect(resource(s, A.held).ownerEntries).toEqual([{ thread: A.worker, raw: A.worker.slice(0, -1) + "3", count: 1, ownerPointer: true, isWaiter: false }]);
  });

  it("decodes threads with x64 addresses", () => {
    const o = thread(s, A.owner);
    expect([o.pid, o.tid, o.state, o.startAddress, o.processAddress]).toEqual([0x6a4, 0x7c8, "Running", A.ntStart, A.app]);
    expect(o.irps).toEqual([A.irp1, A.irp2]);
    expect(o.stack!.map((f) => f.module)).toEqual(["acmeflt", "tcpip", "acmeflt", "afd", "nt"]);
    const w = thread(s, A.xw1);
    expect([w.state, w.waitReason, w.elapsedTicks]).toEqual(["Waiting", "WrResource", 10]);
    expect(w.waitObjects).toHaveLength(1);
    expect(thread(s, A.idle).stack).toBe(null);
    expect(s.dataQuality.counts["stack-unavailable"]).toBeGreaterThanOrEqual(1);
  });

  it("decodes the pending TDI IRP and the completed one", () => {
    const irp = s.irps.find((i) => i.address === A.irp1)!;
    expect([irp.currentLocation, irp.state, irp.pending, irp.mdl]).toEqual([1, "active", true, A.mdl1]);
    expect(irp.locations[0]).toMatchObject({
      isCurrent: true, driverName: "\\Driver\\Tcpip", minorName: "TDI_RECEIVE", completion: A.fltCompletion,
      completionModule: "acmeflt", completionSymbol: "acmeflt+0x1a40", context: A.ctx1,
    });
    expect(irp.locations[1]).toMatchObject({ device: A.devFlt, driverModule: "acmeflt", completionModule: "afd" });
    expect(irp.locations[2].args).toEqual(["0", "0", "12017", "0"]);
    const done = s.irps.find((i) => i.address === A.irp2)!;
    expect([done.state, done.pending, done.flags]).toEqual(["complete", false, 0x884]);
    expect(s.devices.find((d) => d.address === A.devTcp)!.attachedDevice).toBe(A.devFlt);
  });

  it("classifies the vendor filter by its CompanyName", () => {
    expect(module(s, "acmeflt")).toMatchObject({ classification: "third-party", company: "Acme Filters Ltd.", classificationReason: "CompanyName Acme Filters Ltd. (not Microsoft)" });
    expect(module(s, "tcpip")!.classification).toBe("microsoft");
  });
});

describe("not applicable", () => {
  it("user-mode dump", () => {
    const j = load("seed-isa-idmtdi.json");
    j.dump.kind = "user";
    const s = collect(j, ["wspsrv.exe"]);
    expect(s.notApplicable).toBe(NOT_KERNEL);
  });
  it("nt symbols missing", () => {
    const j = load("ms-nwrdr-timeout.json");
    j.dump.ntSymbols = false;
    const s = collect(j, ["app.exe"]);
    expect(s.notApplicable).toBe(NO_NT_SYMBOLS);
  });
});

describe("damage", () => {
  it("an unreadable waiter thread is counted and the walk carries on", () => {
    const j = load("seed-isa-idmtdi.json");
    j.faults = [{ kind: "unreadable", what: "thread:8961d620" }];
    const s = collect(j, ["wspsrv.exe"]);
    const r = resource(s, "8a7f3008");
    expect(r.ownerEntries.map((o) => o.thread)).toEqual(["84149020"]);
    expect(r.exclusiveWaiters).toEqual(expect.arrayContaining(["84166a80", "84166750", "89649240"]));
    expect(s.dataQuality.counts["read-error"]).toBeGreaterThanOrEqual(1);
    expect(s.dataQuality.notes.join("\n")).toMatch(/8961d620/);
  });
  it("a looping resource list is reported and the contended resource still found", () => {
    const j = load("seed-isa-idmtdi.json");
    j.faults = [{ kind: "cycle", what: "resource-list" }];
    const s = collect(j, ["wspsrv.exe"]);
    expect(s.dataQuality.counts["cycle"]).toBeGreaterThanOrEqual(1);
    expect(s.resources.map((r) => r.address)).toContain("8a7f3008");
  });
  it("a looping process list is reported and the target still found", () => {
    const j = load("seed-isa-idmtdi.json");
    j.faults = [{ kind: "cycle", what: "process-list" }];
    const s = collect(j, ["wspsrv.exe"]);
    expect(s.dataQuality.counts["cycle"]).toBeGreaterThanOrEqual(1);
    expect(s.targets.map((p) => p.name)).toEqual(["wspsrv.exe"]);
  });
});
