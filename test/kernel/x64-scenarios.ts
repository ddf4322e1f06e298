// Small x64 scenarios (format isatriage-scenario/1) for the decoder tests in collect.test.ts, one per x64 layout set.
// Provenance: synthesized for these tests. The shape follows the seed case (a socket-creating thread owns a contended
// ERESOURCE while its TDI IRP is pending in \Driver\Tcpip below a third-party filter), moved to x64 so every address
// is above 2^53; module, device and object addresses are invented, in the canonical kernel ranges of the two layouts
// (fffff800`/fffff880`/fffffa80` on 7601, ffff8000`-ffffffff` pool and stack addresses on Windows 10). The vendor
// name "Acme Filters Ltd." is fictitious. Counts are chosen to exercise the cross-checks (one missing exclusive
// waiter), an owner pointer, and a shared waiter that pre-filled an owner entry (reference/kernel-structures.md §1).

function base(os: "ws2008r2sp1-x64" | "win10-2004-x64", a: (s: string) => string) {
  return {
    format: "isatriage-scenario/1",
    title: "x64 decoder test (" + os + ")",
    source: "synthesized for test/kernel/collect.test.ts",
    dump: { kind: "kernel", os, keMaximumIncrement: 156001, tickCount: 900000, processors: 8 },
    modules: [
      { name: "nt", image: "ntkrnlmp.exe", base: a("nt"), size: "5e0000", company: "Microsoft Corporation", symbols: "pdb" },
      { name: "tcpip", image: "tcpip.sys", base: a("tcpip"), size: "200000", company: "Microsoft Corporation", symbols: "pdb" },
      { name: "afd", image: "afd.sys", base: a("afd"), size: "90000", company: "Microsoft Corporation", symbols: "pdb" },
      { name: "acmeflt", image: "acmeflt.sys", base: a("acmeflt"), size: "10000", company: "Acme Filters Ltd.", symbols: "none" },
    ],
    drivers: [
      { name: "\\Driver\\Tcpip", module: "tcpip" },
      { name: "\\Driver\\AFD", module: "afd" },
      { name: "\\Driver\\acmeflt", module: "acmeflt" },
    ],
    devices: [
      { object: a("devTcp"), driver: "\\Driver\\Tcpip", name: "\\Device\\Tcp" },
      { object: a("devFlt"), driver: "\\Driver\\acmeflt", attachedTo: a("devTcp") },
      { object: a("devAfd"), driver: "\\Driver\\AFD", name: "\\Device\\Afd" },
    ],
    processes: [
      {
        object: a("sys"),
        name: "System",
        pid: "4",
        threads: [
          {
            object: a("worker"), tid: "2c", state: "Waiting", waitReason: "WrQueue", kernelTime: "0:00:01.000", userTime: "0:00:00.000",
            stack: ["nt!KiSwapContext+0x7a", "nt!KeRemoveQueueEx+0x2d2", "nt!ExpWorkerThread+0xe8"],
          },
        ],
      },
      {
        object: a("app"),
        name: "longservicename.exe",
        pid: "6a4",
        threads: [
          {
            object: a("owner"), tid: "7c8", state: "Running", waitReason: "Executive", kernelTime: "0:02:00.000", userTime: "0:00:30.000",
            contextSwitches: 5000, priority: 9, basePriority: 8, startAddress: a("ntStart"), teb: "7fffffde000",
            stack: ["acmeflt+0x1063", "tcpip!TcpReceive+0x30", "acmeflt+0x2200", "afd!AfdReceive+0x120", "nt!IopXxxControlFile+0x607"],
            irps: [a("irp1"), a("irp2")],
          },
          {
            object: a("xw1"), tid: "7cc", state: "Waiting", waitReason: "WrResource", waitStartTick: 899990,
            kernelTime: "0:00:20.000", userTime: "0:00:01.000",
            stack: ["nt!KiSwapContext+0x7a", "nt!KeWaitForSingleObject+0x1cf", "nt!ExpWaitForResource+0xae", "afd!AfdGetTransportInfo+0x6e"],
          },
          {
            object: a("xw2"), tid: "7d0", state: "Waiting", waitReason: "WrResource", waitStartTick: 899900,
            kernelTime: "0:00:19.000", userTime: "0:00:01.000",
            stack: ["nt!KiSwapContext+0x7a", "nt!KeWaitForSingleObject+0x1cf", "nt!ExpWaitForResource+0xae", "afd!AfdGetTransportInfo+0x6e"],
          },
          {
            object: a("sw"), tid: "7d4", state: "Waiting", waitReason: "WrResource", waitStartTick: 899950,
            kernelTime: "0:00:18.000", userTime: "0:00:01.000",
            stack: ["nt!KiSwapContext+0x7a", "nt!KeWaitForSingleObject+0x1cf", "nt!ExpWaitForResource+0xae", "afd!AfdGetTransportInfo+0x1b"],
          },
          {
            object: a("idle"), tid: "7d8", state: "Waiting", waitReason: "UserRequest", waitMode: "UserMode",
            kernelTime: "0:00:00.500", userTime: "0:00:00.100", stack: "unavailable",
          },
        ],
      },
    ],
    resources: [
      {
        object: a("res"),
        exclusive: true,
        owners: [{ thread: a("owner"), count: 1 }],
        exclusiveWaiters: [a("xw1"), a("xw2")],
        sharedWaiters: [a("sw")],
        numberOfExclusiveWaiters: 3,
        numberOfSharedWaiters: 1,
        contentionCount: 4242,
      },
      {
        object: a("held"),
        exclusive: false,
        owners: [{ thread: a("worker"), count: 1, ownerPointer: true }],
        exclusiveWaiters: [],
        sharedWaiters: [],
        contentionCount: 0,
      },
    ],
    irps: [
      {
        object: a("irp1"), thread: a("owner"), flags: "0", mdl: a("mdl1"), stackCount: 3, currentLocation: 1, pendingReturned: true,
        locations: [
          { major: "f", minor: "8", control: "e1", device: a("devTcp"), file: a("file1"), completion: a("fltCompletion"), context: a("ctx1"), args: ["1000", "20", "0", "0"] },
          { major: "f", minor: "8", control: "e0", device: a("devFlt"), file: a("file1"), completion: a("afdCompletion"), context: a("ctx2"), args: ["1000", "20", "0", "0"] },
          { major: "e", minor: "0", flags: "5", device: a("devAfd"), file: a("file2"), args: ["0", "0", "12017", "0"] },
        ],
      },
      {
        object: a("irp2"), thread: a("owner"), flags: "884", mdl: "0", stackCount: 2, currentLocation: 3, pendingReturned: false,
        locations: [{ major: "0", minor: "0" }, { major: "2", minor: "0", device: a("devAfd"), file: a("file2") }],
      },
    ],
  };
}

const ADDR_2008R2: Record<string, string> = {
  nt: "fffff80001a00000", ntStart: "fffff80001a1c2d0", tcpip: "fffff88001600000", afd: "fffff88002a00000",
  acmeflt: "fffff88003000000", fltCompletion: "fffff88003001a40", afdCompletion: "fffff88002a1b720",
  devTcp: "fffffa8003c2e060", devFlt: "fffffa8003d11c20", devAfd: "fffffa8004010e30",
  sys: "fffffa8003c6e990", worker: "fffffa8003c9b040", app: "fffffa8004a10b30",
  owner: "fffffa8004a1b060", xw1: "fffffa8004a2c060", xw2: "fffffa8004a2d060", sw: "fffffa8004a2e060", idle: "fffffa8004a2f060",
  res: "fffffa8004c00a80", held: "fffffa8004c01b40", irp1: "fffffa8004b3c010", irp2: "fffffa8004b3d4a0",
  mdl1: "fffffa8004b50000", file1: "fffffa8004e10070", file2: "fffffa8004e110b0", ctx1: "fffffa8004f20000", ctx2: "fffffa8004f21000",
};

const ADDR_WIN10: Record<string, string> = {
  nt: "fffff80774a00000", ntStart: "fffff80774b1c2d0", tcpip: "fffff80779600000", afd: "fffff8077aa00000",
  acmeflt: "fffff8077b000000", fltCompletion: "fffff8077b001a40", afdCompletion: "fffff8077aa1b720",
  devTcp: "ffffd086d1c2e060", devFlt: "ffffd086d1d11c20", devAfd: "ffffd086d2010e30",
  sys: "ffffd086cd26e040", worker: "ffffd086cd29b080", app: "ffffd086d3a10080",
  owner: "ffffd086d3a1b080", xw1: "ffffd086d3a2c080", xw2: "ffffd086d3a2d080", sw: "ffffd086d3a2e080", idle: "ffffd086d3a2f080",
  res: "ffffd086d1972010", held: "ffffd086d1973b40", irp1: "ffffd086d4b3c010", irp2: "ffffd086d4b3d4a0",
  mdl1: "ffffd086d4b50000", file1: "ffffd086d4e10070", file2: "ffffd086d4e110b0", ctx1: "ffffd086d4f20000", ctx2: "ffffd086d4f21000",
};

export const SCENARIO_2008R2 = base("ws2008r2sp1-x64", (k) => ADDR_2008R2[k]);
export const SCENARIO_WIN10 = base("win10-2004-x64", (k) => ADDR_WIN10[k]);
export const ADDRS = { "ws2008r2sp1-x64": ADDR_2008R2, "win10-2004-x64": ADDR_WIN10 };
