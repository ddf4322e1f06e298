// buildDump (test/sim/build-dump.ts): what is laid into memory must be rediscoverable through raw memory and the
// dump's own type info on each layout set — lists, ERESOURCE owners and waiters, IRPs, devices, symbols, faults.
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { buildDump, type BuiltDump } from "../sim/build-dump";
import { type OsName, SimMemoryError } from "../sim/dump";
import { loadScenario, parseScenario, ScenarioError } from "../sim/scenario";
import { memoryHash, Raw } from "./raw";

const SHARED = resolve(__dirname, "../../../shared/scenarios");
const OSES: OsName[] = ["ws2003sp2-x86", "ws2008r2sp1-x64", "win10-2004-x64"];
const TWO53 = 2n ** 53n;

/** Per-OS object addresses for the inline scenario: distinct pages in the kernel pool of that OS. */
function addrs(os: OsName) {
  const pool = os === "ws2003sp2-x86" ? 0x8a000000n : os === "ws2008r2sp1-x64" ? 0xfffffa8010000000n : 0xffff988d80000000n;
  const mods = os === "ws2003sp2-x86" ? 0xb9000000n : os === "ws2008r2sp1-x64" ? 0xfffff88001000000n : 0xfffff80650000000n;
  const nt = os === "ws2003sp2-x86" ? 0x80800000n : os === "ws2008r2sp1-x64" ? 0xfffff80002a4d000n : 0xfffff8061b000000n;
  const A = (n: number) => pool + BigInt(n) * 0x1000n + 0x20n;
  return { A, mods, nt, hex: (a: bigint) => a.toString(16) };
}

// Provenance: synthetic scenario shaped like the seed case (contended resource, owner holding socket IRPs through a
// third-party filter), written for these tests; same facts on every layout set.
function contention(os: OsName, extra: Record<string, unknown> = {}): any {
  const { A, mods, nt, hex } = addrs(os);
  const T = (n: number) => hex(A(10 + n));
  return {
    format: "isatriage-scenario/1",
    dump: { os, keMaximumIncrement: 156250, tickCount: 4518588, processors: 4 },
    modules: [
      { name: "nt", image: os === "ws2003sp2-x86" ? "ntkrnlpa.exe" : "ntoskrnl.exe", base: hex(nt), size: "1d0000", company: "Microsoft Corporation", symbols: "pdb" },
      { name: "tcpip", image: "tcpip.sys", base: hex(mods), size: "59000", company: "Microsoft Corporation", symbols: "pdb" },
      { name: "afd", image: "afd.sys", base: hex(mods + 0x100000n), size: "40000", company: "Microsoft Corporation", symbols: "pdb" },
      { name: "tdifilt", image: "tdifilt.sys", base: hex(mods + 0x200000n), size: "8000", company: "Contoso", symbols: "none" },
    ],
    drivers: [{ name: "\\Driver\\Tcpip", module: "tcpip" }, { name: "\\Driver\\TDIFILT", module: "tdifilt", object: hex(A(90)) },
      { name: "\\Driver\\AFD", module: "afd" }],
    devices: [{ object: hex(A(80)), driver: "\\Driver\\Tcpip", name: "\\Device\\Tcp" },
      { object: hex(A(81)), driver: "\\Driver\\TDIFILT", attachedTo: hex(A(80)) },
      { object: hex(A(82)), driver: "\\Driver\\AFD", name: "\\Device\\Afd" }],
    processes: [
      { name: "System", pid: "4", threads: [{ tid: "8", state: "Waiting", waitReason: "WrQueue", kernelTime: "0:00:01.000", userTime: "0:00:00.000",
        stack: ["nt!KiSwapContext+0x26", "nt!KeRemoveQueue+0x288", "nt!ExpWorkerThread+0xeb"] }] },
      { object: hex(A(1)), name: "averyverylongprocessname.exe", pid: "1074", threads: [
        { object: T(1), tid: "18a8", state: "Ready", waitReason: "WrResource", waitObjects: os === "win10-2004-x64" ? undefined : [hex(A(50))],
          kernelTime: "0:01:02.906", userTime: "0:01:15.546", contextSwitches: 3718083, priority: 9, basePriority: 8,
          startAddress: "77e617ec", win32StartAddress: "0044bf26", teb: "7ff12000",
          stack: ["nt!KiSwapContext+0x26", "nt!ExpWaitForResource+0x30", "afd!AfdGetTransportInfo+0x1b", "tdifilt+0x1063", "0x7c82860c"],
          irps: [hex(A(61)), hex(A(60))] },
        { object: T(2), tid: "1a3c", state: "Waiting", waitReason: "WrResource", kernelTime: "0:00:31.250", userTime: "0:00:20.500", waitStartTick: 4518585,
          stack: ["nt!KiSwapContext+0x26", "nt!ExAcquireResourceExclusiveLite+0x8d", "afd!AfdGetTransportInfo+0x6e"] },
        { object: T(3), tid: "f54", state: "Waiting", waitReason: "WrResource", kernelTime: { ticks: 77 }, userTime: "0:00:00.015",
          stack: ["nt!KiSwapContext+0x26", "nt!ExAcquireResourceExclusiveLite+0x8d", "afd!AfdGetTransportInfo+0x6e"] },
        { object: T(4), tid: "f58", state: "Waiting", waitReason: "WrResource", kernelTime: "0:00:00.100", userTime: "0:00:00.100", stack: "unavailable" },
        ...[5, 6, 7, 8].map((n) => ({ object: T(n), tid: (0x2000 + n * 4).toString(16), state: "Waiting", waitReason: "UserRequest",
          kernelTime: "0:00:00.010", userTime: "0:00:00.020", stack: ["nt!KiSwapContext+0x26", "nt!KeWaitForSingleObject+0x346"] })),
        { object: T(9), tid: "3000", state: "Waiting", waitReason: "WrQueue", kernelTime: "0:00:00.000", userTime: "0:00:00.000",
          stack: ["nt!KiSwapContext+0x26", "nt!KeRemoveQueue+0x288"] },
      ] },
    ],
    resources: [
      { object: hex(A(40)), exclusive: true, owners: [{ thread: T(1), count: 2 }], exclusiveWaiters: [T(2), T(3)], sharedWaiters: [T(4)],
        numberOfExclusiveWaiters: 5, contentionCount: 856651, sharedWaitersObject: hex(A(50)) },
      { object: hex(A(41)), exclusive: false, owners: [{ thread: T(5), count: 1 }, { thread: T(6), count: 3 },
        { thread: T(7), count: 1, ownerPointer: true }, { thread: T(8), count: 1 }] },
      { object: hex(A(42)), symbol: "afd!AfdResource" },
    ],
    irps: [
      { object: hex(A(60)), thread: T(1), flags: "00000000", mdl: hex(A(70)), stackCount: 4, currentLocation: 2, pendingReturned: true,
        locations: [{ major: "0", minor: "0" },
          { major: "f", minor: "8", control: "e1", device: hex(A(80)), file: hex(A(71)), completion: hex(mods + 0x164d0n), context: hex(A(72)), args: ["127b", "10020", "0", "0"] },
          { major: "f", minor: "8", control: "e0", device: hex(A(81)), file: hex(A(71)), completion: hex(mods + 0x200000n + 0x64d0n), context: hex(A(73)), args: ["127b", "10020", "0", "0"] },
          { major: "e", minor: "5", flags: "5", device: hex(A(82)), file: hex(A(74)), args: ["127b", "0", "20000020", "0"] }] },
      { object: hex(A(61)), thread: T(1), flags: "884", stackCount: 3, currentLocation: 4, locations: [] },
    ],
    background: { seed: 3, resources: 50, processes: 3, threadsPerProcess: 4, irps: 5 },
    ...extra,
  };
}

const built = new Map<OsName, BuiltDump>();
function dumpFor(os: OsName): BuiltDump {
  let d = built.get(os);
  if (!d) built.set(os, (d = buildDump(parseScenario(contention(os), `contention-${os}.json`))));
  return d;
}

describe("shared scenarios build", () => {
  const files = readdirSync(SHARED).filter((f) => f.endsWith(".json"));
  test.each(files)("%s", (f) => {
    const s = loadScenario(resolve(SHARED, f));
    const d = buildDump(s);
    const r = new Raw(d);
    const procs = r.walk(d.symbolAddress("nt", "PsActiveProcessHead")!).map((e) => e - BigInt(r.off("_EPROCESS", "ActiveProcessLinks")));
    expect(procs).toEqual(d.processes.map((p) => p.address));
    for (const p of s.processes) if (p.object !== null) expect(procs).toContain(p.object);
    const res = r.walk(d.symbolAddress("nt", "ExpSystemResourcesList")!);
    expect(res.length).toBe(d.stats.resources);
    for (const x of s.resources) expect(res).toContain(x.object);
    expect(d.stats.resources).toBe(s.resources.length + (s.background?.resources ?? 0));
    expect(d.stats.irps).toBe(s.irps.length + (s.background?.irps ?? 0));
  });

  test("seed: owner Ready on the SharedWaiters semaphore but not linked on it; 4 exclusive waiters on the event", () => {
    const d = buildDump(loadScenario(resolve(SHARED, "seed-isa-idmtdi.json")));
    const r = new Raw(d);
    const res = 0x8a7f3008n;
    const sem = r.field(res, "_ERESOURCE", "SharedWaiters");
    expect(sem).toBe(0x88f99718n);
    expect(r.u8(sem)).toBe(5);
    expect(r.walk(sem + BigInt(r.off("_DISPATCHER_HEADER", "WaitListHead")))).toEqual([]);
    const owner = 0x84149020n;
    const wb = r.field(owner, "_KTHREAD", "WaitBlockList");
    expect(wb).toBe(owner + BigInt(r.off("_KTHREAD", "WaitBlock")));
    expect(r.field(wb, "_KWAIT_BLOCK", "Object")).toBe(sem);
    expect(r.field(owner, "_KTHREAD", "State", 1)).toBe(1n);
    const ev = r.field(res, "_ERESOURCE", "ExclusiveWaiters");
    const waiters = r.walk(ev + BigInt(r.off("_DISPATCHER_HEADER", "WaitListHead"))).map((b) => r.field(b, "_KWAIT_BLOCK", "Thread"));
    expect(waiters).toEqual([0x84166a80n, 0x8961d620n, 0x84166750n, 0x89649240n]);
    expect(r.field(res, "_ERESOURCE", "NumberOfExclusiveWaiters", 2)).toBe(5n);
    expect(r.field(res, "_ERESOURCE", "ContentionCount", 4)).toBe(856651n);
    // 15 IRPs on the owner's IrpList, in the scenario's order.
    const irps = r.walk(owner + BigInt(r.off("_ETHREAD", "IrpList"))).map((e) => e - BigInt(r.off("_IRP", "ThreadListEntry")));
    expect(irps.length).toBe(15);
    expect(irps[0]).toBe(0xfe5eae28n);
    expect(irps[1]).toBe(0x88bb1a68n);
    // IDMTDI's device is attached over \Device\Tcp.
    expect(r.field(0x8a94ddf0n, "_DEVICE_OBJECT", "AttachedDevice")).toBe(0x8a85d020n);
    expect(d.symbolize(0xb9e964d0n)).toBe("idmtdi+0x64d0");
  });
});

describe.each(OSES)("contention scenario on %s", (os) => {
  const { A } = addrs(os);
  const T = (n: number) => A(10 + n);

  test("process list from PsActiveProcessHead reaches every process and ends at the head", () => {
    const d = dumpFor(os);
    const r = new Raw(d);
    const head = d.symbolAddress("nt", "PsActiveProcessHead")!;
    const procs = r.walk(head).map((e) => e - BigInt(r.off("_EPROCESS", "ActiveProcessLinks")));
    expect(procs).toEqual(d.processes.map((p) => p.address));
    expect(procs.length).toBe(2 + 3);
    expect(r.blinksConsistent(head)).toBe(true);
    for (const p of d.processes) {
      expect(r.u8(p.address)).toBe(3);
      expect(Number(r.field(p.address, "_EPROCESS", "UniqueProcessId"))).toBe(p.pid);
      const eth = r.walk(p.address + BigInt(r.off("_EPROCESS", "ThreadListHead"))).map((e) => e - BigInt(r.off("_ETHREAD", "ThreadListEntry")));
      const kth = r.walk(p.address + BigInt(r.off("_KPROCESS", "ThreadListHead"))).map((e) => e - BigInt(r.off("_KTHREAD", "ThreadListEntry")));
      expect(eth).toEqual(p.threads.map((t) => t.address));
      expect(kth).toEqual(eth);
      for (const t of p.threads) {
        expect(r.u8(t.address)).toBe(6);
        expect(r.field(t.address, "_KTHREAD", "Process")).toBe(p.address);
        expect(r.field(t.address, "_KTHREAD", "ApcState.Process")).toBe(p.address);
        expect(Number(r.field(t.address, "_ETHREAD", "Cid.UniqueThread"))).toBe(t.tid);
        expect(Number(r.field(t.address, "_ETHREAD", "Cid.UniqueProcess"))).toBe(p.pid);
      }
    }
  });

  test("x64 addresses exceed 2^53, allocated ones included", () => {
    const d = dumpFor(os);
    if (d.pointerSize === 4) {
      for (const p of d.processes) expect(p.address >= 0x80000000n && p.address < 2n ** 32n).toBe(true);
      return;
    }
    const all = [...d.processes.map((p) => p.address), ...d.processes.flatMap((p) => p.threads.map((t) => t.address)), ...d.resourceList,
      d.symbolAddress("nt", "PsActiveProcessHead")!, ...d.drivers.values()];
    for (const a of all) expect(a > TWO53, a.toString(16)).toBe(true);
  });

  test("thread fields: times in ticks, priorities, start addresses, image name truncated", () => {
    const d = dumpFor(os);
    const r = new Raw(d);
    const t1 = T(1);
    expect(r.field(t1, "_KTHREAD", "KernelTime", 4)).toBe(BigInt(Math.round(62.906e7 / 156250)));
    expect(r.field(t1, "_KTHREAD", "UserTime", 4)).toBe(BigInt(Math.round(75.546e7 / 156250)));
    expect(r.field(T(3), "_KTHREAD", "KernelTime", 4)).toBe(77n);
    expect(r.field(t1, "_KTHREAD", "ContextSwitches", 4)).toBe(3718083n);
    expect(r.field(t1, "_KTHREAD", "Priority", 1)).toBe(9n);
    expect(r.field(t1, "_KTHREAD", "BasePriority", 1)).toBe(8n);
    expect(r.field(t1, "_KTHREAD", "WaitReason", 1)).toBe(27n);
    expect(r.field(T(2), "_KTHREAD", "State", 1)).toBe(5n);
    expect(r.field(T(2), "_KTHREAD", "WaitTime", 4)).toBe(4518585n);
    expect(r.field(t1, "_ETHREAD", "StartAddress")).toBe(0x77e617ecn);
    expect(r.field(t1, "_ETHREAD", "Win32StartAddress")).toBe(0x44bf26n);
    expect(r.field(t1, "_KTHREAD", "Teb")).toBe(0x7ff12000n);
    const init = r.field(t1, "_KTHREAD", "InitialStack");
    const limit = r.field(t1, "_KTHREAD", "StackLimit");
    const ks = r.field(t1, "_KTHREAD", "KernelStack");
    expect(limit < ks && ks < init).toBe(true);
    const p = A(1);
    const name = r.bytes(p + BigInt(r.off("_EPROCESS", "ImageFileName")), os === "ws2003sp2-x86" ? 16 : 15);
    const text = Buffer.from(name).toString("latin1");
    expect(text).toBe(os === "ws2003sp2-x86" ? "averyverylongpr\0" : "averyverylongp\0");
    // KPROCESS times are the sums over its threads.
    const threads = d.processes.find((x) => x.address === p)!.threads;
    let kt = 0n;
    for (const t of threads) kt += r.field(t.address, "_KTHREAD", "KernelTime", 4);
    expect(r.field(p, "_KPROCESS", "KernelTime", 4)).toBe(kt);
  });

  test("ERESOURCE owners read back through the owner entries and table", () => {
    const d = dumpFor(os);
    const r = new Raw(d);
    const oe = d.type("nt", "_OWNER_ENTRY")!;
    const shift = oe.fields!.find((f) => f.name === "OwnerCount")!.bitPosition ?? 0;
    const owners = (res: bigint) => {
      const inline = d.type("nt", "_ERESOURCE")!.fields!.some((f) => f.name === "OwnerThreads")
        ? [0, 1].map((i) => res + BigInt(r.off("_ERESOURCE", "OwnerThreads") + i * oe.size))
        : [res + BigInt(r.off("_ERESOURCE", "OwnerEntry"))];
      const table = r.field(res, "_ERESOURCE", "OwnerTable");
      const entries = [...inline];
      if (table !== 0n) {
        const n = r.u32(table + BigInt(r.off("_OWNER_ENTRY", "TableSize")));
        expect(r.ptr(table)).toBe(0n); // entry 0 is the header
        for (let i = 1; i < n; i++) entries.push(table + BigInt(i * oe.size));
      }
      return entries.map((e) => ({ thread: r.ptr(e), count: r.u32(e + BigInt(r.off("_OWNER_ENTRY", "OwnerCount"))) >>> shift }))
        .filter((e) => e.thread !== 0n);
    };
    const r1 = A(40);
    const prefill = os !== "win10-2004-x64";
    expect(owners(r1)).toEqual([{ thread: T(1), count: 2 }, ...(prefill ? [{ thread: T(4), count: 1 }] : [])]);
    expect(r.field(r1, "_ERESOURCE", "Flag", 2) & 0x80n).toBe(0x80n);
    expect(r.field(r1, "_ERESOURCE", "ContentionCount", 4)).toBe(856651n);
    const wsize = os === "ws2003sp2-x86" ? 2 : 4;
    expect(r.field(r1, "_ERESOURCE", "NumberOfExclusiveWaiters", wsize)).toBe(5n);
    expect(r.field(r1, "_ERESOURCE", "NumberOfSharedWaiters", wsize)).toBe(1n);
    const r2 = A(41);
    expect(owners(r2)).toEqual([{ thread: T(5), count: 1 }, { thread: T(6), count: 3 }, { thread: T(7) | 3n, count: 1 }, { thread: T(8), count: 1 }]);
    expect(r.field(r2, "_ERESOURCE", "Flag", 2)).toBe(0n);
    if (os === "ws2003sp2-x86") expect(r.field(r2, "_ERESOURCE", "ActiveCount", 2)).toBe(4n);
    else expect(r.field(r2, "_ERESOURCE", "ActiveEntries", 4)).toBe(4n);
    const r3 = A(42);
    expect(owners(r3)).toEqual([]);
    expect(r.field(r3, "_ERESOURCE", "SharedWaiters")).toBe(0n);
    expect(d.symbolAddress("afd", "AfdResource")).toBe(r3);
  });

  test("ERESOURCE waiters: wait lists (2003/2008 R2) or the wait chain (win10)", () => {
    const d = dumpFor(os);
    const r = new Raw(d);
    const r1 = A(40);
    const wlh = BigInt(r.off("_DISPATCHER_HEADER", "WaitListHead"));
    const block0 = (t: bigint) => t + BigInt(r.off("_KTHREAD", "WaitBlock"));
    const ex = r.field(r1, "_ERESOURCE", "ExclusiveWaiters");
    const sh = r.field(r1, "_ERESOURCE", "SharedWaiters");
    if (os !== "win10-2004-x64") {
      expect(r.u8(ex)).toBe(1); // SynchronizationEvent
      expect(r.u8(ex + BigInt(r.off("_DISPATCHER_HEADER", "Size")))).toBe(r.size("_KEVENT") / 4);
      expect(r.u8(sh)).toBe(5);
      expect(sh).toBe(A(50));
      expect(r.field(sh, "_KSEMAPHORE", "Limit", 4)).toBe(0x7fffffffn);
      expect(r.walk(ex + wlh)).toEqual([block0(T(2)), block0(T(3))]);
      expect(r.walk(sh + wlh)).toEqual([block0(T(4))]);
      expect(r.blinksConsistent(ex + wlh)).toBe(true);
      for (const [t, obj] of [[T(2), ex], [T(3), ex], [T(4), sh]] as const) {
        const b = r.field(t, "_KTHREAD", "WaitBlockList");
        expect(b).toBe(block0(t));
        expect(r.field(b, "_KWAIT_BLOCK", "Thread")).toBe(t);
        expect(r.field(b, "_KWAIT_BLOCK", "Object")).toBe(obj);
        expect(r.field(b, "_KWAIT_BLOCK", "NextWaitBlock")).toBe(b); // single object: circular to itself
      }
      // The owner waits (Ready) on the semaphore via waitObjects but is not on its list.
      expect(r.field(r.field(T(1), "_KTHREAD", "WaitBlockList"), "_KWAIT_BLOCK", "Object")).toBe(sh);
    } else {
      expect(sh).toBe(A(50));
      for (const [head, want] of [[ex, [T(2), T(3)]], [sh, [T(4)]]] as const) {
        const ring = r.walk(head, 100, true);
        expect(ring.map((e) => r.field(e, "_KWAIT_CHAIN_ENTRY", "Thread"))).toEqual(want);
        ring.forEach((e, i) => {
          const t = want[i];
          const limit = r.field(t, "_KTHREAD", "StackLimit");
          const init = r.field(t, "_KTHREAD", "InitialStack");
          // A given sharedWaitersObject becomes the first entry's address (documented choice); others sit on the stack.
          if (e !== A(50)) expect(e >= limit && e < init, "entry on the waiter's own stack").toBe(true);
          const event = e + BigInt(r.off("_KWAIT_CHAIN_ENTRY", "Event"));
          expect(r.u8(event)).toBe(1);
          const b = r.field(t, "_KTHREAD", "WaitBlockList");
          expect(b).toBe(block0(t));
          expect(r.field(b, "_KWAIT_BLOCK", "Object")).toBe(event);
          expect(r.field(b, "_KWAIT_BLOCK", "Thread")).toBe(t);
          expect(r.field(t, "_KTHREAD", "WaitBlockCount", 1)).toBe(1n);
          expect(r.walk(event + wlh)).toEqual([b]);
        });
      }
    }
  });

  test("IRPs: header, stack locations right after the IRP, CurrentStackLocation, IrpList order", () => {
    const d = dumpFor(os);
    const r = new Raw(d);
    const irpSize = r.size("_IRP");
    const loc = r.size("_IO_STACK_LOCATION");
    const i1 = A(60);
    expect(r.u16(i1)).toBe(6);
    expect(r.u16(i1 + 2n)).toBe(irpSize + 4 * loc);
    expect(r.field(i1, "_IRP", "StackCount", 1)).toBe(4n);
    expect(r.field(i1, "_IRP", "CurrentLocation", 1)).toBe(2n);
    expect(r.field(i1, "_IRP", "PendingReturned", 1)).toBe(1n);
    expect(r.field(i1, "_IRP", "Tail.Overlay.Thread")).toBe(T(1));
    expect(r.field(i1, "_IRP", "Tail.Overlay.CurrentStackLocation")).toBe(i1 + BigInt(irpSize + loc));
    expect(r.field(i1, "_IRP", "MdlAddress")).toBe(A(70));
    const k = (n: number) => i1 + BigInt(irpSize + (n - 1) * loc);
    expect(r.u8(k(2))).toBe(0xf);
    expect(r.u8(k(2) + 1n)).toBe(8);
    expect(r.field(k(2), "_IO_STACK_LOCATION", "Control", 1)).toBe(0xe1n);
    expect(r.field(k(2), "_IO_STACK_LOCATION", "DeviceObject")).toBe(A(80));
    expect(r.field(k(3), "_IO_STACK_LOCATION", "DeviceObject")).toBe(A(81));
    expect(r.field(k(2), "_IO_STACK_LOCATION", "Parameters.Others.Argument1")).toBe(0x127bn);
    expect(r.field(k(2), "_IO_STACK_LOCATION", "Parameters.Others.Argument2")).toBe(0x10020n);
    expect(r.field(k(4), "_IO_STACK_LOCATION", "Parameters.Others.Argument3")).toBe(0x20000020n);
    expect(r.field(k(4), "_IO_STACK_LOCATION", "Flags", 1)).toBe(5n);
    expect(d.symbolize(r.field(k(3), "_IO_STACK_LOCATION", "CompletionRoutine"))).toBe("tdifilt+0x64d0");
    expect(d.symbolize(r.field(k(2), "_IO_STACK_LOCATION", "CompletionRoutine"))).toMatch(/^tcpip(!\w+)?\+0x[0-9a-f]+$/);
    // Completed IRP: CurrentLocation > StackCount, CurrentStackLocation one past the last location.
    const i2 = A(61);
    expect(r.field(i2, "_IRP", "Tail.Overlay.CurrentStackLocation")).toBe(i2 + BigInt(irpSize + 3 * loc));
    const list = r.walk(T(1) + BigInt(r.off("_ETHREAD", "IrpList"))).map((e) => e - BigInt(r.off("_IRP", "ThreadListEntry")));
    expect(list).toEqual([i2, i1]);
    // The file object of location 2 exists, on the lowest device using it.
    expect(r.u16(A(71))).toBe(5);
    expect(r.field(A(71), "_FILE_OBJECT", "DeviceObject")).toBe(A(80));
  });

  test("devices and drivers", () => {
    const d = dumpFor(os);
    const r = new Raw(d);
    const tcp = A(80);
    const filt = A(81);
    expect(r.u16(tcp)).toBe(3);
    expect(r.field(tcp, "_DEVICE_OBJECT", "AttachedDevice")).toBe(filt);
    expect(r.field(filt, "_DEVICE_OBJECT", "AttachedDevice")).toBe(0n);
    expect(r.field(filt, "_DEVICE_OBJECT", "StackSize", 1)).toBe(2n);
    const drv = r.field(filt, "_DEVICE_OBJECT", "DriverObject");
    expect(drv).toBe(A(90));
    expect(r.u16(drv)).toBe(4);
    expect(r.field(drv, "_DRIVER_OBJECT", "DeviceObject")).toBe(filt);
    const mod = d.modules.find((m) => m.name === "tdifilt")!;
    expect(r.field(drv, "_DRIVER_OBJECT", "DriverStart")).toBe(mod.base);
    expect(r.field(drv, "_DRIVER_OBJECT", "DriverSize", 4)).toBe(BigInt(mod.size));
    const len = Number(r.field(drv, "_DRIVER_OBJECT", "DriverName.Length", 2));
    const buf = r.field(drv, "_DRIVER_OBJECT", "DriverName.Buffer");
    expect(Buffer.from(r.bytes(buf, len)).toString("utf16le")).toBe("\\Driver\\TDIFILT");
    expect(mod.path).toBe("\\SystemRoot\\system32\\drivers\\tdifilt.sys");
    expect(d.modules[0].name).toBe("nt");
    expect(d.modules[0].path).toBe(d.modules[0].image);
  });

  test("resource list: every resource once, scenario ones interleaved among background ones, ends at the head", () => {
    const d = dumpFor(os);
    const r = new Raw(d);
    const head = d.symbolAddress("nt", "ExpSystemResourcesList")!;
    const list = r.walk(head);
    expect(list).toEqual(d.resourceList);
    expect(list.length).toBe(3 + 50);
    expect(new Set(list).size).toBe(list.length);
    const pos = [A(40), A(41), A(42)].map((a) => list.indexOf(a));
    expect(pos.every((p) => p > 0 && p < list.length - 1)).toBe(true);
    expect(r.blinksConsistent(head)).toBe(true);
  });

  test("frames resolve inside their modules; symbols and ln", () => {
    const d = dumpFor(os);
    const t1 = d.processes.flatMap((p) => p.threads).find((t) => t.address === T(1))!;
    const frames = t1.stack as { text: string; instructionOffset: bigint }[];
    expect(frames.map((f) => f.text)).toEqual(["nt!KiSwapContext+0x26", "nt!ExpWaitForResource+0x30", "afd!AfdGetTransportInfo+0x1b", "tdifilt+0x1063", "0x7c82860c"]);
    const afd = d.modules.find((m) => m.name === "afd")!;
    const filt = d.modules.find((m) => m.name === "tdifilt")!;
    expect(frames[2].instructionOffset).toBe(d.symbolAddress("afd", "AfdGetTransportInfo")! + 0x1bn);
    expect(frames[2].instructionOffset >= afd.base && frames[2].instructionOffset < afd.base + BigInt(afd.size)).toBe(true);
    expect(frames[3].instructionOffset).toBe(filt.base + 0x1063n);
    expect(frames[4].instructionOffset).toBe(0x7c82860cn);
    for (const f of frames.slice(0, 3)) expect(d.symbolize(f.instructionOffset)).toBe(f.text);
    expect(d.symbolize(frames[3].instructionOffset)).toBe("tdifilt+0x1063");
    expect(d.symbolize(0x7c82860cn)).toBeNull();
    expect(d.symbolAddress("tdifilt", "Anything")).toBeUndefined();
    // Same function, different offsets: one address.
    const t2 = d.processes.flatMap((p) => p.threads).find((t) => t.address === T(2))!;
    expect((t2.stack as any[])[2].instructionOffset - 0x6en).toBe(frames[2].instructionOffset - 0x1bn);
    expect((d.processes.flatMap((p) => p.threads).find((t) => t.address === T(4))!).stack).toBe("unavailable");
    // Globals.
    const r = new Raw(d);
    expect(r.u32(d.symbolAddress("nt", "KeMaximumIncrement")!)).toBe(156250);
    expect(r.u32(d.symbolAddress("nt", "KeNumberProcessors")!)).toBe(4);
    const usd = os === "ws2003sp2-x86" ? 0xffdf0000n : 0xfffff78000000000n;
    expect(r.u32(usd + BigInt(r.off("_KUSER_SHARED_DATA", "TickCount.LowPart")))).toBe(4518588);
    if (os === "ws2003sp2-x86") expect(r.u32(d.symbolAddress("nt", "KeTickCount")!)).toBe(4518588);
    else expect(d.symbolAddress("nt", "KeTickCount")).toBeUndefined();
  });
});

describe("dump kinds and missing symbols", () => {
  test("ntSymbols false: no nt types or symbols, ln shows nt+offset", () => {
    const d = buildDump(parseScenario(contention("ws2008r2sp1-x64", { dump: { os: "ws2008r2sp1-x64", ntSymbols: false } }), "nosym.json"));
    expect(d.ntSymbols).toBe(false);
    expect(d.type("nt", "_ERESOURCE")).toBeUndefined();
    expect(d.symbolAddress("nt", "PsActiveProcessHead")).toBeUndefined();
    expect(d.symbolAddress("afd", "AfdResource")).toBeDefined();
    const nt = d.modules[0];
    expect(d.symbolize(nt.base + 0x1234n)).toBe("nt+0x1234");
  });

  test("ntSymbols false: stack frames in nt show nt+offset, as ln does; other modules keep their names", () => {
    const d = buildDump(parseScenario(contention("ws2008r2sp1-x64", { dump: { os: "ws2008r2sp1-x64", ntSymbols: false } }), "nosym.json"));
    const frames = d.processes.flatMap((p) => p.threads).flatMap((t) => (t.stack === "unavailable" ? [] : t.stack));
    const nt = frames.filter((f) => f.text.startsWith("nt"));
    expect(nt.length).toBeGreaterThan(0);
    for (const f of nt) {
      expect(f.text).toMatch(/^nt\+0x[0-9a-f]+$/);
      expect(f.text).toBe(d.symbolize(f.instructionOffset));
    }
    expect(frames.some((f) => f.text.startsWith("afd!"))).toBe(true);
  });

  test("a user dump says so", () => {
    const d = buildDump(parseScenario(contention("ws2003sp2-x86", { dump: { os: "ws2003sp2-x86", kind: "user" } }), "user.json"));
    expect(d.kind).toBe("user");
  });

  test("type info is served for nt only, and derived names resolve", () => {
    const d = dumpFor("win10-2004-x64");
    expect(d.type("afd", "_IRP")).toBeUndefined();
    expect(d.type("NT", "_IRP")?.size).toBe(0xd0);
    expect(d.type("nt", "_KWAIT_CHAIN_ENTRY *")?.kind).toBe("pointer");
  });
});

describe("faults", () => {
  test.each(OSES)("unreadable objects and ranges throw SimMemoryError on %s", (os) => {
    const { A } = addrs(os);
    const d = buildDump(parseScenario(contention(os, { faults: [
      { kind: "unreadable", what: `thread:${A(13).toString(16)}` },
      { kind: "unreadable", what: `irp:${A(60).toString(16)}` },
      { kind: "unreadable", what: "driver:\\Driver\\TDIFILT" },
      { kind: "unreadable", from: A(41).toString(16), to: (A(41) + 8n).toString(16) },
    ] }), "faults.json"));
    const m = d.memory;
    expect(() => m.read(A(13), 8)).toThrow(SimMemoryError);
    expect(() => m.read(A(13) + 0x200n, 4)).toThrow(/Unable to read memory at Address 0x/);
    expect(m.isReadable(A(13), 1)).toBe(false);
    expect(() => m.read(A(60) + BigInt(d.layout.sizeOf("_IRP")), 4)).toThrow(SimMemoryError);
    expect(() => m.read(A(90), 2)).toThrow(SimMemoryError);
    expect(() => m.read(A(41), 4)).toThrow(SimMemoryError);
    expect(m.isReadable(A(12), 4)).toBe(true);
    expect(m.read(A(12), 1)[0]).toBe(6);
    // A read crossing from a readable page into an unreadable one fails as a whole.
    expect(() => m.read(A(13) - 4n, 16)).toThrow(SimMemoryError);
    // Absent memory is unreadable too.
    expect(() => m.read(A(300), 4)).toThrow(SimMemoryError);
  });

  test.each(OSES)("cycles: resource list, process list, thread list, IRP list and waiter list loop mid-list on %s", (os) => {
    const { A } = addrs(os);
    const T = (n: number) => A(10 + n);
    const clean = dumpFor(os);
    const d = buildDump(parseScenario(contention(os, { faults: [
      { kind: "cycle", what: "resource-list" }, { kind: "cycle", what: "process-list" },
      { kind: "cycle", what: `thread-list:${A(1).toString(16)}` }, { kind: "cycle", what: `irp-list:${T(1).toString(16)}` },
      { kind: "cycle", what: `waiters:${A(40).toString(16)}` },
    ] }), "cycles.json"));
    const r = new Raw(d);
    const rc = new Raw(clean);
    expect(() => r.walk(d.symbolAddress("nt", "ExpSystemResourcesList")!)).toThrow(/cycle/);
    expect(() => rc.walk(clean.symbolAddress("nt", "ExpSystemResourcesList")!)).not.toThrow();
    expect(() => r.walk(d.symbolAddress("nt", "PsActiveProcessHead")!)).toThrow(/cycle/);
    expect(() => r.walk(A(1) + BigInt(r.off("_EPROCESS", "ThreadListHead")))).toThrow(/cycle/);
    expect(() => r.walk(A(1) + BigInt(r.off("_KPROCESS", "ThreadListHead")))).toThrow(/cycle/);
    expect(() => r.walk(T(1) + BigInt(r.off("_ETHREAD", "IrpList")))).toThrow(/cycle/);
    const ex = r.field(A(40), "_ERESOURCE", "ExclusiveWaiters");
    if (os === "win10-2004-x64") expect(() => r.walk(ex, 100, true)).toThrow(/cycle/);
    else expect(() => r.walk(ex + BigInt(r.off("_DISPATCHER_HEADER", "WaitListHead")))).toThrow(/cycle/);
  });

  test("a cycle needs two elements", () => {
    const { A } = addrs("ws2003sp2-x86");
    const j = contention("ws2003sp2-x86", { faults: [{ kind: "cycle", what: `irp-list:${A(12).toString(16)}` }] });
    expect(() => buildDump(parseScenario(j, "c.json"))).toThrow(ScenarioError);
    expect(() => buildDump(parseScenario(j, "c.json"))).toThrow(/^c\.json: faults\[0\]: IRP list of 0x8a00c020 has fewer than two elements/);
  });

  test("overlapping scenario objects are refused", () => {
    const { A } = addrs("ws2003sp2-x86");
    const j = contention("ws2003sp2-x86");
    j.resources[2].object = (A(11) + 0x10n).toString(16); // inside thread T(1)'s ETHREAD
    expect(() => buildDump(parseScenario(j, "o.json"))).toThrow(/^o\.json: resources\[2\]: 0x8a00b030 overlaps processes\[1\]\.threads\[0\]/);
  });
});

describe("background", () => {
  const bg = (seed: number, os: OsName = "ws2008r2sp1-x64") => buildDump(parseScenario(contention(os, {
    background: { seed, resources: 3000, processes: 20, threadsPerProcess: 10, irps: 100 } }), "bg.json"));

  test("same seed, same memory; another seed, other memory", () => {
    const a = memoryHash(bg(5).memory.entries());
    expect(memoryHash(bg(5).memory.entries())).toBe(a);
    expect(memoryHash(bg(6).memory.entries())).not.toBe(a);
  });

  test("background objects are idle, owned without waiters, and counted", () => {
    const d = bg(9);
    const r = new Raw(d);
    expect(d.stats).toEqual({ processes: 2 + 20, threads: 10 + 200, resources: 3 + 3000, irps: 2 + 100, devices: 3 + 2 });
    let held = 0;
    for (const res of d.resourceList.filter((x) => x !== addrs("ws2008r2sp1-x64").A(40))) {
      expect(r.field(res, "_ERESOURCE", "NumberOfExclusiveWaiters", 4)).toBe(0n);
      expect(r.field(res, "_ERESOURCE", "NumberOfSharedWaiters", 4)).toBe(0n);
      expect(r.field(res, "_ERESOURCE", "ExclusiveWaiters")).toBe(0n);
      if (r.ptr(res + BigInt(r.off("_ERESOURCE", "OwnerEntry.OwnerThread"))) !== 0n) held++;
    }
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(300);
    // Resources share pool pages.
    const pages = new Set(d.resourceList.map((x) => x >> 12n));
    expect(pages.size).toBeLessThan(d.resourceList.length / 10);
    // Background IRPs are queued to background threads and pending in Microsoft file systems.
    const npfs = d.modules.find((m) => m.name === "Npfs")!;
    expect(npfs.company).toBe("Microsoft Corporation");
    const irps = d.processes.slice(2).flatMap((p) => p.threads).flatMap((t) =>
      r.walk(t.address + BigInt(r.off("_ETHREAD", "IrpList"))).map((e) => e - BigInt(r.off("_IRP", "ThreadListEntry"))));
    expect(irps.length).toBe(100);
    for (const i of irps) {
      const dev = r.field(i + BigInt(r.size("_IRP")), "_IO_STACK_LOCATION", "DeviceObject");
      const drv = r.field(dev, "_DEVICE_OBJECT", "DriverObject");
      const start = r.field(drv, "_DRIVER_OBJECT", "DriverStart");
      expect(["Npfs", "Msfs"]).toContain(d.modules.find((m) => m.base === start)!.name);
    }
    // No background name is the extension's default target.
    expect(d.processes.some((p) => p.name.toLowerCase() === "wspsrv.exe")).toBe(false);
  });

  test("scale smoke: 20,000 resources and 2,000 threads build and walk", () => {
    const d = buildDump(parseScenario({ format: "isatriage-scenario/1", dump: { os: "win10-2004-x64" },
      background: { seed: 1, resources: 20000, processes: 100, threadsPerProcess: 20, irps: 2000 } }, "scale.json"));
    const r = new Raw(d);
    expect(r.walk(d.symbolAddress("nt", "ExpSystemResourcesList")!).length).toBe(20000);
    expect(d.stats.threads).toBe(2000);
    expect(r.walk(d.symbolAddress("nt", "PsActiveProcessHead")!).length).toBe(100);
  });
});

describe("limits", () => {
  test("a background too big for the x86 address space is a scenario error", () => {
    // Provenance: synthetic; 20,000 x 1,000 threads need ~80 GB of x86 kernel stacks.
    const j = { format: "isatriage-scenario/1", dump: { os: "ws2003sp2-x86" }, background: { seed: 1, processes: 20000, threadsPerProcess: 1000 } };
    expect(() => buildDump(parseScenario(j, "huge.json"))).toThrow(/^huge\.json: background: the objects do not fit the (pool|stacks) address region of ws2003sp2-x86$/);
  });
});
