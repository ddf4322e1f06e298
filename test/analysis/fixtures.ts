// Small factories that build DumpSnapshot records by hand for the analysis and report tests.
// Provenance: the record shapes follow src/kernel/records.ts; the values of the seed-like and redirector cases are
// taken from the shared scenarios (../shared/scenarios/seed-isa-idmtdi.json, ms-nwrdr-timeout.json, which cite the
// ISA team blog post and the MS Docs "Resource Time Outs" page); every other shape (deadlock, orphan, third-party
// wait, x64) is synthesized for the test that uses it, with addresses chosen only to be distinct.
import { Addr, addrAdd, addrInRange, parseAddr } from "../../src/addr";
import {
  DeviceRecord,
  DriverRecord,
  DumpSnapshot,
  FrameRecord,
  IrpLocationRecord,
  IrpRecord,
  ModuleRecord,
  OwnerEntryRecord,
  ProcessorRecord,
  ProcessRecord,
  ResourceRecord,
  StackSample,
  ThreadRecord,
} from "../../src/kernel/records";

export const INC = 156250;

function a(x: string): Addr {
  const p = parseAddr(x);
  if (p === null) throw new Error("bad address " + x);
  return p;
}

export function mod(name: string, image: string, base: string, size: number, microsoft: boolean, company?: string | null): ModuleRecord {
  return {
    name,
    image,
    base: a(base),
    size,
    symbolStatus: microsoft ? "pdb" : "none",
    company: company === undefined ? (microsoft ? "Microsoft Corporation" : null) : company,
    classification: microsoft ? "microsoft" : "third-party",
    classificationReason: microsoft ? "CompanyName Microsoft Corporation" : "no Microsoft version info",
  };
}

export function drv(address: string, name: string, module: string, driverStart: string): DriverRecord {
  return { address: a(address), name, driverStart: a(driverStart), driverSize: 0x1000, module };
}

export function dev(address: string, driverObject: string, driverName: string, attachedDevice = "0"): DeviceRecord {
  return { address: a(address), driverObject: a(driverObject), driverName, attachedDevice: a(attachedDevice), deviceType: 0x12, stackSize: 3 };
}

/** Frames from debugger text; the module is the text before "!" or "+" (null for a bare address). */
export function frames(texts: string[]): FrameRecord[] {
  return texts.map((text) => {
    const m = /^([A-Za-z0-9_]+)[!+]/.exec(text);
    return { text, module: m ? m[1] : null, address: /^0x/.test(text) ? a(text) : null };
  });
}

export interface ThreadOpts {
  pid?: number;
  tid?: number;
  proc?: string | null;
  procName?: string | null;
  state?: string;
  waitReason?: string;
  kernel?: number;
  user?: number;
  stack?: string[] | null;
  irps?: string[];
  waitObjects?: string[];
  start?: string | null;
}

const STATE_CODES: { [s: string]: number } = { Initialized: 0, Ready: 1, Running: 2, Standby: 3, Terminated: 4, Waiting: 5, Transition: 6, DeferredReady: 7 };

export function thr(address: string, o: ThreadOpts = {}): ThreadRecord {
  const kernelTicks = Math.round(((o.kernel || 0) * 1e7) / INC);
  const userTicks = Math.round(((o.user || 0) * 1e7) / INC);
  const state = o.state || "Waiting";
  return {
    address: a(address),
    pid: o.pid === undefined ? 0x100 : o.pid,
    tid: o.tid === undefined ? 0x200 : o.tid,
    processAddress: o.proc ? a(o.proc) : null,
    processName: o.procName === undefined ? null : o.procName,
    stateCode: STATE_CODES[state] === undefined ? 99 : STATE_CODES[state],
    state,
    waitReasonCode: o.waitReason === "WrResource" ? 27 : 0,
    waitReason: o.waitReason || "Executive",
    waitMode: "KernelMode",
    waitObjects: (o.waitObjects || []).map(a),
    waitTime: 0,
    elapsedTicks: null,
    kernelTicks,
    userTicks,
    kernelSeconds: (kernelTicks * INC) / 1e7,
    userSeconds: (userTicks * INC) / 1e7,
    contextSwitches: 0,
    priority: 8,
    basePriority: 8,
    startAddress: o.start ? a(o.start) : null,
    win32StartAddress: null,
    teb: null,
    irps: (o.irps || []).map(a),
    stack: o.stack === null ? null : frames(o.stack || ["nt!KiSwapContext+0x26", "nt!KiSwapThread+0x2e5"]),
  };
}

export interface OwnerOpts {
  thread: string;
  count?: number;
  ownerPointer?: boolean;
  isWaiter?: boolean;
}

export interface ResourceOpts {
  symbol?: string | null;
  exclusive?: boolean;
  owners?: (string | OwnerOpts)[];
  exclusiveWaiters?: string[];
  sharedWaiters?: string[];
  nEx?: number;
  nSh?: number;
  contention?: number;
  sharedWaitersObject?: string;
  exclusiveWaitersObject?: string;
  notes?: string[];
}

export function res(address: string, o: ResourceOpts = {}): ResourceRecord {
  const owners: OwnerEntryRecord[] = (o.owners || []).map((x) => {
    const e: OwnerOpts = typeof x === "string" ? { thread: x } : x;
    const t = a(e.thread);
    return {
      thread: t,
      raw: e.ownerPointer ? addrAdd(t, 3) : t,
      count: e.count === undefined ? 1 : e.count,
      ownerPointer: !!e.ownerPointer,
      isWaiter: !!e.isWaiter,
    };
  });
  const ex = (o.exclusiveWaiters || []).map(a);
  const sh = (o.sharedWaiters || []).map(a);
  return {
    address: a(address),
    symbol: o.symbol || null,
    flag: o.exclusive ? 0x80 : 0,
    exclusive: !!o.exclusive,
    activeCount: owners.length,
    ownerEntries: owners,
    exclusiveWaiters: ex,
    sharedWaiters: sh,
    numberOfExclusiveWaiters: o.nEx === undefined ? ex.length : o.nEx,
    numberOfSharedWaiters: o.nSh === undefined ? sh.length : o.nSh,
    contentionCount: o.contention || 0,
    sharedWaitersObject: a(o.sharedWaitersObject || "0"),
    exclusiveWaitersObject: a(o.exclusiveWaitersObject || "0"),
    notes: o.notes || [],
  };
}

export interface LocOpts {
  major?: number;
  minor?: number;
  control?: number;
  device?: string;
  completion?: string;
  context?: string;
}

export interface IrpOpts {
  stackCount: number;
  current: number;
  pending?: boolean;
  /** Index 0 = location 1 (the top row of !irp). */
  locations: LocOpts[];
}

const MJ: { [n: number]: string } = { 0: "IRP_MJ_CREATE", 3: "IRP_MJ_READ", 4: "IRP_MJ_WRITE", 0xe: "IRP_MJ_DEVICE_CONTROL", 0xf: "IRP_MJ_INTERNAL_DEVICE_CONTROL" };

export function irp(address: string, thread: string, o: IrpOpts): IrpRecord {
  const locations: IrpLocationRecord[] = o.locations.map((l, i) => ({
    index: i + 1,
    isCurrent: i + 1 === o.current,
    major: l.major || 0,
    minor: l.minor || 0,
    majorName: MJ[l.major || 0] || "IRP_MJ_" + (l.major || 0).toString(16),
    minorName: l.major === 0xf && l.minor === 8 ? "TDI_RECEIVE" : null,
    flags: 0,
    control: l.control || 0,
    controlText: "",
    device: a(l.device || "0"),
    file: "0",
    completion: a(l.completion || "0"),
    context: a(l.context || "0"),
    args: ["0", "0", "0", "0"],
    driverName: null,
    driverModule: null,
    completionModule: null,
    completionSymbol: null,
  }));
  const active = o.current >= 1 && o.current <= o.stackCount;
  return {
    address: a(address),
    thread: a(thread),
    type: 6,
    size: 0x70 + o.stackCount * 0x24,
    flags: 0,
    mdl: "0",
    systemBuffer: "0",
    stackCount: o.stackCount,
    currentLocation: o.current,
    currentStackLocation: "0",
    pendingReturned: !!o.pending,
    cancel: false,
    state: active ? "active" : "complete",
    pending: active && !!o.pending,
    locations,
  };
}

export interface SnapOpts {
  pointerSize?: 4 | 8;
  targetName?: string;
  processes?: { address: string; pid: number; name: string }[];
  /** Addresses of the target processes (default: every process listed). */
  targets?: string[];
  threads?: ThreadRecord[];
  resources?: ResourceRecord[];
  irps?: IrpRecord[];
  devices?: DeviceRecord[];
  drivers?: DriverRecord[];
  modules?: ModuleRecord[];
  notes?: string[];
  notApplicable?: string | null;
  processors?: ProcessorRecord[];
  stackSamples?: StackSample[];
}

/** Assembles a snapshot and fills the derived fields a decoder would (process totals, driver/completion modules). */
export function snap(o: SnapOpts): DumpSnapshot {
  const threads = o.threads || [];
  const modules = o.modules || [];
  const drivers = o.drivers || [];
  const devices = o.devices || [];
  const procs: ProcessRecord[] = (o.processes || []).map((p) => {
    const mine = threads.filter((t) => t.processAddress === a(p.address));
    for (const t of mine) {
      t.pid = p.pid;
      t.processName = p.name;
    }
    return {
      address: a(p.address),
      pid: p.pid,
      name: p.name,
      kernelTicks: mine.reduce((s, t) => s + t.kernelTicks, 0),
      userTicks: mine.reduce((s, t) => s + t.userTicks, 0),
      threadCount: mine.length,
    };
  });
  const targetSet = o.targets ? o.targets.map(a) : procs.map((p) => p.address);
  const irps = o.irps || [];
  for (const i of irps) {
    for (const l of i.locations) {
      const d = devices.filter((x) => x.address === l.device)[0];
      if (d) {
        l.driverName = d.driverName;
        const dr = drivers.filter((x) => x.address === d.driverObject)[0];
        l.driverModule = dr ? dr.module : null;
      }
      if (l.completion !== "0") {
        const m = modules.filter((x) => addrInRange(l.completion, x.base, x.size))[0];
        l.completionModule = m ? m.name : null;
      }
    }
  }
  return {
    notApplicable: o.notApplicable === undefined ? null : o.notApplicable,
    os: { pointerSize: o.pointerSize || 4, keMaximumIncrement: INC, tickCount: null, build: o.pointerSize === 8 ? "win10-2004-x64" : "ws2003sp2-x86" },
    targetName: o.targetName || (procs.length > 0 ? procs[0].name : "wspsrv.exe"),
    targets: procs.filter((p) => targetSet.indexOf(p.address) >= 0),
    busiestProcesses: procs,
    threads,
    resources: o.resources || [],
    resourcesVisited: (o.resources || []).length,
    irps,
    devices,
    drivers,
    modules,
    processorCount: o.processors ? o.processors.length : null,
    processors: o.processors || [],
    stackSamples: o.stackSamples || [],
    dataQuality: { notes: o.notes || [], counts: {} },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Ready-made shapes

const NT_X86 = () => mod("nt", "ntkrnlpa.exe", "80800000", 0x1d0000, true);

/** Seed-like: a third-party TDI filter over \Driver\Tcpip in 14 of 15 IRPs of the owner of a contended resource. */
export function seedLike(): DumpSnapshot {
  const owner = "84149020";
  const irps: IrpRecord[] = [irp("fe5eae28", owner, { stackCount: 4, current: 4, locations: [{}, {}, {}, { device: "8a9bc030" }] })];
  for (let i = 0; i < 14; i++) {
    irps.push(
      irp(addrAdd("88bb1a68", i * 0x1000), owner, {
        stackCount: 4,
        current: 2,
        pending: true,
        locations: [
          {},
          { major: 0xf, minor: 8, control: 0xe1, device: "8a94ddf0", completion: "b9e964d0" },
          { major: 0xf, minor: 8, control: 0xe0, device: "8a85d020", completion: "b9fc1b72" },
          { major: 0xe, minor: 5, device: "8a9bc030" },
        ],
      }),
    );
  }
  const acquire = [
    "nt!KiSwapContext+0x26",
    "nt!KiSwapThread+0x2e5",
    "nt!KeWaitForSingleObject+0x346",
    "nt!ExpWaitForResource+0x30",
  ];
  const waiterStack = acquire.concat(["nt!ExAcquireResourceExclusiveLite+0x8d", "afd!AfdGetTransportInfo+0x6e", "afd!AfdAllocateEndpoint+0x1e", "afd!AfdCreate+0x13b", "nt!IofCallDriver+0x45"]);
  const proc = "89f4ead8";
  const waiters = ["84166a80", "8961d620", "84166750", "89649240"];
  const threads = [
    thr(owner, {
      proc,
      tid: 0x18a8,
      state: "Ready",
      waitReason: "WrResource",
      waitObjects: ["88f99718"],
      kernel: 62.906,
      user: 75.546,
      irps: irps.map((i) => i.address),
      start: "77e617ec",
      stack: acquire.concat(["nt!ExAcquireResourceSharedLite+0xf5", "nt!ExEnterCriticalRegionAndAcquireResourceShared+0x19", "afd!AfdGetTransportInfo+0x1b", "afd!AfdAllocateEndpoint+0x1e", "afd!AfdCreate+0x13b", "afd!AfdDispatch+0x79", "nt!IofCallDriver+0x45", "nt!NtCreateFile+0x30", "0x7c82860c"]),
    }),
  ].concat(
    waiters.map((w, i) => thr(w, { proc, tid: 0x1a00 + i, state: "Waiting", waitReason: "WrResource", kernel: 30 - i, user: 20 + i, stack: waiterStack })),
    [0, 1, 2].map((i) => thr(addrAdd("89100020", i * 0x2a8), { proc, tid: 0x1310 + i, state: "Waiting", waitReason: "WrQueue", kernel: 49.5 - i * 3, user: 12, stack: ["nt!KiSwapContext+0x26", "nt!KeRemoveQueue+0x288", "nt!NtRemoveIoCompletion+0xdc"] })),
  );
  return snap({
    targetName: "wspsrv.exe",
    processes: [{ address: proc, pid: 0x1074, name: "wspsrv.exe" }],
    threads,
    resources: [
      res("8a7f3008", { owners: [owner], exclusiveWaiters: waiters, nEx: 5, contention: 856651, sharedWaitersObject: "88f99718" }),
      res("8a000100", { owners: ["89100020"], contention: 3 }),
    ],
    irps,
    modules: [
      NT_X86(),
      mod("tcpip", "tcpip.sys", "b9de0000", 0x59000, true),
      mod("idmtdi", "idmtdi.sys", "b9e90000", 0x8000, false),
      mod("afd", "afd.sys", "b9f9a000", 0x40000, true),
    ],
    drivers: [
      drv("8a900000", "\\Driver\\Tcpip", "tcpip", "b9de0000"),
      drv("8a900100", "\\Driver\\IDMTDI", "idmtdi", "b9e90000"),
      drv("8a900200", "\\Driver\\AFD", "afd", "b9f9a000"),
    ],
    devices: [
      dev("8a94ddf0", "8a900000", "\\Driver\\Tcpip", "8a85d020"),
      dev("8a85d020", "8a900100", "\\Driver\\IDMTDI"),
      dev("8a9bc030", "8a900200", "\\Driver\\AFD"),
    ],
  });
}

/** Microsoft only: the owner of a redirector's lock waits inside the redirector for a network exchange. */
export function redirectorTimeout(): DumpSnapshot {
  const proc = "ffaf5690";
  return snap({
    targetName: "app.exe",
    processes: [{ address: proc, pid: 0xe7, name: "app.exe" }],
    threads: [
      thr("ffaf5410", {
        proc,
        state: "Waiting",
        waitReason: "Executive",
        kernel: 61.018,
        user: 23.015,
        irps: ["fef29208"],
        start: "77f04644",
        stack: ["nt!KiSwapContext+0x25", "nt!KeWaitForSingleObject+0x218", "nwrdr!ExchangeWithWait+0x38", "nwrdr!CreateScb+0x2ff", "nwrdr!NwFsdCreate+0x56", "nt!IofCallDriver+0x38", "nt!KiSystemService+0x83", "0x77f716ab"],
      }),
      thr("ffab45d0", {
        proc,
        state: "Running",
        waitReason: "WrResource",
        kernel: 5.906,
        user: 2.187,
        stack: ["nt!DbgBreakPoint", "nt!ExpWaitForResource+0x114", "nt!ExAcquireResourceExclusiveLite+0xa5", "nwrdr!CreateScb+0x2ff"],
      }),
    ],
    resources: [res("fc664ee0", { symbol: "nwrdr!NwScavengerSpinLock", exclusive: true, owners: ["ffaf5410"], exclusiveWaiters: ["ffab45d0"], contention: 45 })],
    irps: [irp("fef29208", "ffaf5410", { stackCount: 2, current: 2, locations: [{}, { major: 0, device: "fee50b60" }] })],
    modules: [mod("nt", "ntoskrnl.exe", "80100000", 0x15b000, true), mod("nwrdr", "nwrdr.sys", "fc640000", 0x2a000, true)],
    drivers: [drv("fee50000", "\\FileSystem\\NwRdr", "nwrdr", "fc640000")],
    devices: [dev("fee50b60", "fee50000", "\\FileSystem\\NwRdr")],
  });
}
