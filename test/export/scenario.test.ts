// The exporter's pure parts (src/export/scenario.ts, redact.ts, dump-info.ts): snapshots decoded from the shared and
// test scenarios through the simulator (helpers.ts), then damaged or varied by hand the way a real dump can differ
// (data-model frame text, user-mode frames, undecodable waiters, unknown states, deferred symbols), exported, and read
// back by the simulator's own parser. Fixture provenance: see helpers.ts.
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { layoutSetOf } from "../../src/export/dump-info";
import { Redactor } from "../../src/export/redact";
import { buildDump } from "../sim/build-dump";
import { parseScenario } from "../sim/scenario";
import { decode, exportOf, loadJson, options, OWN_DIR, scenarioFiles, SHARED_DIR, type Decoded } from "./helpers";

const SEED = loadJson(SHARED_DIR + "/seed-isa-idmtdi.json");
const OWNER = "84149020";
const WAITER = "84166a80";

/** A fresh decode of the seed (each test damages its own copy). */
const seed = (): Decoded => decode(SEED, ["wspsrv.exe"]);

/** The exported document, checked to be a scenario the simulator accepts and can lay out. */
function exported(d: Decoded, o = options(["wspsrv.exe"])): { doc: any; omissions: string[] } {
  const r = exportOf(d, o);
  const doc = JSON.parse(JSON.stringify(r.document));
  buildDump(parseScenario(doc, "export"));
  return { doc, omissions: r.omissions };
}

const threadOf = (doc: any, a: string) => doc.processes.flatMap((p: any) => p.threads).find((t: any) => t.object === a);

describe("layoutSetOf: the layout set from the dump's own type info", () => {
  it.each([
    [{ pointerSize: 4, ownerThreads: true, nextWaitBlock: true, win8Waits: false }, "ws2003sp2-x86", false],
    [{ pointerSize: 4, ownerThreads: false, nextWaitBlock: true, win8Waits: false }, "ws2003sp2-x86", true],
    [{ pointerSize: 8, ownerThreads: false, nextWaitBlock: true, win8Waits: false }, "ws2008r2sp1-x64", false],
    [{ pointerSize: 8, ownerThreads: false, nextWaitBlock: false, win8Waits: true }, "win10-2004-x64", false],
    [{ pointerSize: 8, ownerThreads: true, nextWaitBlock: true, win8Waits: false }, "ws2008r2sp1-x64", true],
    [{ pointerSize: 8, ownerThreads: false, nextWaitBlock: false, win8Waits: false }, "ws2008r2sp1-x64", true],
  ] as const)("%j → %s", (evidence, set, nearest) => {
    const r = layoutSetOf(evidence);
    expect(r.layoutSet).toBe(set);
    expect(r.note !== null).toBe(nearest);
  });

  it.each(scenarioFiles().filter((f) => {
    const j = loadJson(f);
    return j.dump.kind !== "user" && j.dump.ntSymbols !== false;
  }).map((f) => [basename(f), f]))("%s: read from the simulated type info, with the processor count", (_n, f) => {
    const j = loadJson(f);
    const d = decode(j, ["wspsrv.exe"]);
    expect(d.info.layoutSet).toBe(j.dump.os);
    expect(d.info.layoutNote).toBe(null);
    expect(d.info.processors).toBe(j.dump.processors === undefined ? 2 : Number(j.dump.processors));
    expect(d.info.processes!.length).toBeGreaterThanOrEqual((j.processes ?? []).length);
  });
});

describe("Redactor", () => {
  it("gives each process name one placeholder, keeps System, leaves kernel addresses alone", () => {
    const r = new Redactor(true, 4);
    expect(r.processName("w3wp.exe")).toBe("process1.exe");
    expect(r.processName("lsass.exe")).toBe("process2.exe");
    expect(r.processName("W3WP.EXE")).toBe("process1.exe");
    expect(r.processName("System")).toBe("System");
    expect(r.address("7c82860c")).toBe("10000");
    expect(r.address("7ffdd000")).toBe("20000");
    expect(r.address("7c82860c")).toBe("10000");
    expect(r.address("8a7f3008")).toBe("8a7f3008");
    expect(r.address("0")).toBe("0");
    r.aliasName("averyveryverylongname.exe", "averyveryveryl");
    expect(r.processName("averyveryverylongname.exe")).toBe(r.processName("averyveryveryl"));
  });

  it("x64: user mode ends at 0x800000000000", () => {
    const r = new Redactor(true, 8);
    expect(r.isUserAddress("7ff7a1b20000")).toBe(true);
    expect(r.isUserAddress("fffffa800a6d2040")).toBe(false);
  });

  it("changes nothing when off", () => {
    const r = new Redactor(false, 4);
    expect(r.processName("w3wp.exe")).toBe("w3wp.exe");
    expect(r.address("7c82860c")).toBe("7c82860c");
  });
});

describe("buildScenario on the seed", () => {
  it("writes the decoded facts in the format's form", () => {
    const { doc, omissions } = exported(seed());
    expect(omissions).toEqual([]);
    expect(doc.dump).toEqual({ kind: "kernel", os: "ws2003sp2-x86", keMaximumIncrement: 156250, tickCount: 4518588, processors: 4 });
    const owner = threadOf(doc, OWNER);
    expect(owner.kernelTime).toEqual({ ticks: 4026 });
    expect(owner.stack[6]).toBe("afd!AfdGetTransportInfo+0x1b");
    expect(owner.stack[owner.stack.length - 1]).toBe("0x7c82860c");
    expect(owner.irps.length).toBe(15);
    // A listed waiter's wait object is the resource's (the simulator links it), so it is not repeated.
    expect(threadOf(doc, WAITER).waitObjects).toBe(undefined);
    const r = doc.resources.find((x: any) => x.object === "8a7f3008");
    expect(r).toMatchObject({ exclusive: false, owners: [{ thread: OWNER, count: 1 }], numberOfExclusiveWaiters: 5, contentionCount: 856651 });
    expect(doc.devices.find((d: any) => d.object === "8a85d020").attachedTo).toBe("8a94ddf0");
    const irp = doc.irps.find((i: any) => i.object === "88bb1a68");
    expect(irp.locations[1]).toEqual({ major: "f", minor: "8", control: "e1", device: "8a94ddf0", file: "870404b0",
      completion: "b9e964d0", context: "870f66c8", args: ["127b", "10020"] });
    expect(doc.expect).toMatchObject({ verdict: ["culprit"], culprit: ["idmtdi"] });
    expect(doc.expect.arg).toBe(undefined);
    expect(doc.background.resources).toBe(doc.background.resources | 0);
    expect(doc.notes).toMatch(/40 more threads/);
  });

  it("normalises data-model frame text and turns frames outside kernel modules into bare addresses", () => {
    const d = seed();
    const t = d.snapshot.threads.find((x) => x.address === OWNER)!;
    t.stack![6] = { ...t.stack![6], text: "afd!AfdGetTransportInfo + 0x1b" };
    t.stack!.push({ text: "ntdll!KiFastSystemCallRet", module: null, address: "7c90e4f4" });
    t.stack!.push({ text: "gone!Somewhere+0x10", module: null, address: null });
    const { doc, omissions } = exported(d);
    const stack = threadOf(doc, OWNER).stack;
    expect(stack[6]).toBe("afd!AfdGetTransportInfo+0x1b");
    expect(stack.slice(-2)).toEqual(["0x7c82860c", "0x7c90e4f4"]);
    expect(JSON.stringify(doc)).not.toContain("ntdll");
    expect(omissions.join("\n")).toMatch(/1 stack frames naming no module/);
  });

  it("redacts process names, user-mode frames, start addresses and TEBs consistently", () => {
    const d = seed();
    d.snapshot.threads.find((x) => x.address === OWNER)!.stack!.push({ text: "ntdll!X", module: null, address: "7c82860c" });
    const { doc } = exported(d, options(["wspsrv.exe"], { redact: true }));
    const text = JSON.stringify(doc);
    expect(text.toLowerCase()).not.toContain("wspsrv");
    expect(doc.processes[0].name).toBe("process1.exe");
    expect(doc.expect.arg).toBe('"process1.exe"');
    const owner = threadOf(doc, OWNER);
    const [a, b] = owner.stack.slice(-2);
    expect(a).toBe(b);
    expect(a).not.toBe("0x7c82860c");
    expect(parseInt(a, 16) % 0x10000).toBe(0);
    for (const k of ["startAddress", "win32StartAddress", "teb"]) expect(parseInt(owner[k], 16) % 0x10000).toBe(0);
    expect(text).not.toContain("7ff12000");
    expect(threadOf(doc, WAITER).startAddress).toBe(owner.startAddress);
  });

  it("drops a waiter whose thread could not be decoded, keeps the counters, and says so", () => {
    const d = seed();
    d.snapshot.threads = d.snapshot.threads.filter((t) => t.address !== WAITER);
    const { doc, omissions } = exported(d);
    const r = doc.resources[0];
    expect(r.exclusiveWaiters).not.toContain(WAITER);
    expect(r.exclusiveWaiters.length).toBe(3);
    expect(r.numberOfExclusiveWaiters).toBe(5);
    expect(omissions.join("\n")).toMatch(/1 ERESOURCE waiters whose thread could not be decoded/);
    expect(doc.notes).toMatch(/Not exported: .*ERESOURCE waiters/);
    expect(doc.expect.contention[0].exclusiveWaitersInclude).not.toContain(WAITER);
  });

  it("leaves out threads in states the format lacks and IRP addresses that were not decoded", () => {
    const d = seed();
    const w = d.snapshot.threads.find((x) => x.address === "89649240")!;
    w.stateCode = 9;
    w.state = "WaitingForProcessInSwap";
    d.snapshot.threads.find((x) => x.address === OWNER)!.irps.push("fdd00008");
    const { doc, omissions } = exported(d);
    expect(threadOf(doc, "89649240")).toBe(undefined);
    expect(doc.resources[0].exclusiveWaiters).not.toContain("89649240");
    expect(threadOf(doc, OWNER).irps).not.toContain("fdd00008");
    expect(omissions.join("\n")).toMatch(/threads in a state the format cannot express/);
    expect(omissions.join("\n")).toMatch(/1 IRP addresses of thread IRP lists whose IRP was not decoded/);
  });

  it("writes deferred symbols as pdb and an unknown status as none (noted)", () => {
    const d = seed();
    d.snapshot.modules.find((m) => m.name === "afd")!.symbolStatus = "deferred";
    d.snapshot.modules.find((m) => m.name === "tcpip")!.symbolStatus = "unknown";
    const { doc, omissions } = exported(d);
    expect(doc.modules.find((m: any) => m.name === "afd").symbols).toBe("pdb");
    expect(doc.modules.find((m: any) => m.name === "tcpip").symbols).toBe("none");
    expect(omissions.join("\n")).toMatch(/symbol status was unknown/);
  });

  it("drops a driver without a module with its devices, and notes a link to an undecoded device", () => {
    const d = seed();
    const idm = d.snapshot.drivers.find((x) => x.name === "\\Driver\\IDMTDI")!;
    idm.module = null;
    d.snapshot.devices.find((x) => x.address === "8a9bc030")!.attachedDevice = "8a000030";
    const { doc, omissions } = exported(d);
    expect(doc.drivers.map((x: any) => x.name)).not.toContain("\\Driver\\IDMTDI");
    expect(doc.devices.map((x: any) => x.object)).not.toContain("8a85d020");
    expect(omissions.join("\n")).toMatch(/drivers without a name or a module/);
    expect(omissions.join("\n")).toMatch(/AttachedDevice links to devices that were not decoded/);
  });

  it("leaves out damage the format cannot hold: a wild owner, an impossible IRP, a device ring, a bad priority", () => {
    const d = seed();
    const r = d.snapshot.resources.find((x) => x.address === "8a7f3008")!;
    r.ownerEntries.push({ thread: "12345", raw: "12345", count: 1, ownerPointer: false, isWaiter: false });
    d.snapshot.irps.find((x) => x.address === "fe5eae28")!.currentLocation = 9;
    d.snapshot.devices.find((x) => x.address === "8a85d020")!.attachedDevice = "8a94ddf0";
    d.snapshot.threads.find((x) => x.address === OWNER)!.priority = 40;
    const { doc, omissions } = exported(d);
    const text = omissions.join("\n");
    expect(doc.resources[0].owners).toEqual([{ thread: OWNER, count: 1 }]);
    expect(text).toMatch(/owner-table entries naming no kernel address/);
    expect(doc.irps.map((x: any) => x.object)).not.toContain("fe5eae28");
    expect(threadOf(doc, OWNER).irps).not.toContain("fe5eae28");
    expect(text).toMatch(/IRPs with a stack count or current location/);
    const attached = doc.devices.filter((x: any) => x.attachedTo !== undefined);
    expect(attached.length).toBe(1);
    expect(text).toMatch(/AttachedDevice links closing a ring/);
    expect(threadOf(doc, OWNER).priority).toBe(undefined);
  });

  it("writes a waiting thread's own wait objects when they are not its resource's", () => {
    const d = seed();
    d.snapshot.threads.find((x) => x.address === WAITER)!.waitObjects = ["88f99718", "8a111110"];
    const { doc } = exported(d);
    expect(threadOf(doc, WAITER).waitObjects).toEqual(["88f99718", "8a111110"]);
  });

  it.each([
    [["wspsrv.exe"], 10, false, undefined],
    [["w3wp.exe"], 10, false, '"w3wp.exe"'],
    [["wspsrv.exe"], 5, false, '("wspsrv.exe", 5)'],
    [["a.exe", "b.exe"], 10, false, '("a.exe", "b.exe")'],
    [["wspsrv.exe"], 10, true, '"process1.exe"'],
  ] as const)("expect.arg for targets %j, %i threads, redact %s: %s", (names, top, redact, arg) => {
    const { doc } = exported(seed(), options([...names], { topThreads: top, redact }));
    expect(doc.expect.arg).toBe(arg);
  });
});

describe("buildScenario on other layouts", () => {
  it("2008 R2: shared waiters that pre-filled owner-table entries are waiters, not owners", () => {
    const j = loadJson(OWN_DIR + "/ws2008r2-wspsrv-registry-lock-shared-waiters.json");
    const d = decode(j, ["wspsrv.exe"]);
    const withEntries = d.snapshot.resources.filter((r) => r.ownerEntries.some((o) => o.isWaiter));
    expect(withEntries.length).toBeGreaterThan(0);
    const { doc } = exported(d);
    for (const r of withEntries) {
      const x = doc.resources.find((y: any) => y.object === r.address);
      const owners = x.owners.map((o: any) => o.thread);
      for (const w of x.sharedWaiters) expect(owners).not.toContain(w);
    }
  });

  it("win10: waiters wait on their own wait-chain entries, which the simulator lays, so no waitObjects", () => {
    const j = loadJson(OWN_DIR + "/win10-sqlservr-deadlock-3way-pwdlp.json");
    const d = decode(j, [JSON.parse(j.expect.arg)]);
    const { doc } = exported(d, options([JSON.parse(j.expect.arg)]));
    const waiters: string[] = doc.resources.flatMap((r: any) => [...r.exclusiveWaiters, ...r.sharedWaiters]);
    expect(waiters.length).toBeGreaterThan(0);
    for (const w of waiters) expect(threadOf(doc, w).waitObjects).toBe(undefined);
    expect(doc.expect.deadlockCycle).toBe(true);
  });
});
