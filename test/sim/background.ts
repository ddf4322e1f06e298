// Deterministic idle bulk for a scenario's `background` block (seeded mulberry32): idle ERESOURCEs packed in
// pool-like pages, idle processes and threads with nt-only stacks, pending IRPs in inbox Microsoft drivers.
// Called by build-dump.ts, which lays the returned records out exactly like scenario objects.
//
// Choices (the format is silent):
// - background IRPs always go to two inbox file systems, Npfs (\Device\NamedPipe, FSCTL_PIPE_LISTEN) and Msfs
//   (\Device\Mailslot, IRP_MJ_READ); their modules/drivers/devices are added when the scenario lacks them, so
//   background I/O never passes through (or blames) a scenario driver;
// - about 1.5% of background resources are held (shared by 1-3 threads or exclusively by 1) by background threads,
//   never with waiters or contention; with no background threads, none is held;
// - with irps > 0 and no background processes, one background svchost.exe with 4 threads receives them;
// - background process names avoid wspsrv.exe (the extension's default target) and every scenario process name.
import type { Layout } from "./layouts";
import type {
  ParsedFrame, Scenario, ScenarioDevice, ScenarioProcess, ScenarioResource, ScenarioThread,
} from "./scenario";
import { parseFrame, WAIT_REASONS } from "./scenario";
import type { OsName } from "./dump";

/** mulberry32: tiny, fast, good enough for layout decisions. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Reason = "UserRequest" | "WrQueue" | "DelayExecution";

const TEMPLATES: Record<OsName, Record<Reason, string[]>> = {
  "ws2003sp2-x86": {
    UserRequest: ["nt!KiSwapContext+0x26", "nt!KiSwapThread+0x2e5", "nt!KeWaitForSingleObject+0x346",
      "nt!NtWaitForSingleObject+0x9a", "nt!KiFastCallEntry+0xfc"],
    WrQueue: ["nt!KiSwapContext+0x26", "nt!KiSwapThread+0x2e5", "nt!KeRemoveQueue+0x288",
      "nt!NtRemoveIoCompletion+0xdc", "nt!KiFastCallEntry+0xfc"],
    DelayExecution: ["nt!KiSwapContext+0x26", "nt!KiSwapThread+0x2e5", "nt!KeDelayExecutionThread+0x2ab",
      "nt!NtDelayExecution+0x84", "nt!KiFastCallEntry+0xfc"],
  },
  "ws2008r2sp1-x64": {
    UserRequest: ["nt!KiSwapContext+0x7a", "nt!KiCommitThreadWait+0x1d2", "nt!KeWaitForSingleObject+0x19f",
      "nt!NtWaitForSingleObject+0xde", "nt!KiSystemServiceCopyEnd+0x13"],
    WrQueue: ["nt!KiSwapContext+0x7a", "nt!KiCommitThreadWait+0x1d2", "nt!KeRemoveQueueEx+0x323",
      "nt!IoRemoveIoCompletion+0x47", "nt!NtRemoveIoCompletion+0x135", "nt!KiSystemServiceCopyEnd+0x13"],
    DelayExecution: ["nt!KiSwapContext+0x7a", "nt!KiCommitThreadWait+0x1d2", "nt!KeDelayExecutionThread+0x186",
      "nt!NtDelayExecution+0x59", "nt!KiSystemServiceCopyEnd+0x13"],
  },
  "win10-2004-x64": {
    UserRequest: ["nt!KiSwapContext+0x76", "nt!KiSwapThread+0x500", "nt!KiCommitThreadWait+0x14f",
      "nt!KeWaitForSingleObject+0x233", "nt!ObWaitForSingleObject+0x91", "nt!NtWaitForSingleObject+0x6a",
      "nt!KiSystemServiceCopyEnd+0x28"],
    WrQueue: ["nt!KiSwapContext+0x76", "nt!KiSwapThread+0x500", "nt!KiCommitThreadWait+0x14f",
      "nt!KeRemoveQueueEx+0x263", "nt!IoRemoveIoCompletion+0x98", "nt!NtRemoveIoCompletion+0x160",
      "nt!KiSystemServiceCopyEnd+0x28"],
    DelayExecution: ["nt!KiSwapContext+0x76", "nt!KiSwapThread+0x500", "nt!KiCommitThreadWait+0x14f",
      "nt!KeDelayExecutionThread+0x122", "nt!NtDelayExecution+0x5f", "nt!KiSystemServiceCopyEnd+0x28"],
  },
};

/** Extra nt functions every dump has (system thread start, worker loop), so defaults can point at them. */
const NT_EXTRA = ["nt!ExpWorkerThread+0x1f0", "nt!PspSystemThreadStartup+0x5a"];

const frameCache = new Map<string, ParsedFrame[]>();

/** The parsed stack template for a wait reason (shared arrays: thousands of threads reuse one). */
function stackTemplate(os: OsName, reason: Reason): ParsedFrame[] {
  const key = os + "|" + reason;
  let f = frameCache.get(key);
  if (!f) {
    f = TEMPLATES[os][reason].map((t) => parseFrame(t)!);
    frameCache.set(key, f);
  }
  return f;
}

/** Every nt frame the background may use (placed in nt's symbol table whether or not a background exists). */
export function backgroundFrames(os: OsName): ParsedFrame[] {
  const all = Object.values(TEMPLATES[os]).flat().concat(NT_EXTRA);
  return all.map((t) => parseFrame(t)!);
}

export interface BackgroundEnv {
  scenario: Scenario;
  layout: Layout;
  /** A pool allocation for an object of `size` bytes (pool/object headers in front, never on a reserved range). */
  allocObject(size: number): bigint;
  /** A free 4 KiB pool page. */
  allocPage(): bigint;
  /** A free module range. */
  allocModule(size: number): bigint;
  /** Process and thread ids already used by the scenario (background ids avoid them). */
  usedIds: Set<number>;
}

/** The bulk, as scenario records: build-dump.ts appends each list to the scenario's own. */
export type BackgroundPlan = Pick<Scenario, "modules" | "drivers" | "devices" | "processes" | "resources" | "irps">;

const NAMES = ["svchost.exe", "dllhost.exe", "spoolsv.exe", "msdtc.exe", "wmiprvse.exe", "alg.exe", "inetinfo.exe",
  "sqlservr.exe", "csrss.exe", "winlogon.exe", "mstsc.exe", "explorer.exe", "taskmgr.exe", "snmp.exe"];

const MS = "Microsoft Corporation";
/** Shared empty lists for the bulk (never mutated): 150,000 resources would otherwise allocate 450,000 arrays. */
const NONE: never[] = Object.freeze([]) as unknown as never[];

export function planBackground(env: BackgroundEnv): BackgroundPlan {
  const s = env.scenario;
  const bg = s.background!;
  const L = env.layout;
  const os = s.dump.os;
  const rnd = mulberry32(bg.seed ^ 0x9e3779b9);
  const int = (n: number) => Math.floor(rnd() * n);
  const plan: BackgroundPlan = { modules: [], drivers: [], devices: [], processes: [], resources: [], irps: [] };

  let nextId = 0x100;
  const newId = () => {
    while (env.usedIds.has(nextId)) nextId += 4;
    const id = nextId;
    env.usedIds.add(id);
    nextId += 4;
    return id;
  };

  // Processes and threads.
  let nProcs = bg.processes;
  let perProc = bg.threadsPerProcess;
  if (bg.irps > 0 && (nProcs === 0 || perProc === 0)) {
    nProcs = 1;
    perProc = 4;
  }
  // A background process never shares a name with a scenario process: it would become an extra target of the command.
  const taken = new Set(s.processes.map((p) => p.name.toLowerCase()));
  const names = NAMES.filter((n) => !taken.has(n));
  const threads: ScenarioThread[] = [];
  const ethreadSize = L.sizeOf("_ETHREAD");
  const eprocessSize = L.sizeOf("_EPROCESS");
  const reasons: Reason[] = ["UserRequest", "WrQueue", "WrQueue", "UserRequest", "DelayExecution"];
  for (let i = 0; i < nProcs; i++) {
    const where = `background.processes[${i}]`;
    const proc: ScenarioProcess = {
      where, object: env.allocObject(eprocessSize), name: names[(i + int(3)) % names.length], pid: newId(), threads: [],
    };
    for (let k = 0; k < perProc; k++) {
      const reason = reasons[int(reasons.length)];
      const kt = int(rnd() < 0.1 ? 2000 : 64);
      const ut = int(rnd() < 0.1 ? 3000 : 96);
      const t: ScenarioThread = {
        where: "background.threads", object: env.allocObject(ethreadSize), tid: newId(),
        state: "Waiting", stateCode: 5, waitReason: reason, waitReasonCode: WAIT_REASONS.indexOf(reason),
        waitMode: "UserMode", waitObjects: null,
        waitStartTick: Math.max(0, s.dump.tickCount - 1 - int(200000)),
        kernelTime: { kind: "ticks", ticks: kt }, userTime: { kind: "ticks", ticks: ut },
        contextSwitches: 10 + (kt + ut) * 4 + int(500), priority: 8 + int(3), basePriority: 8,
        startAddress: null, win32StartAddress: null, teb: null,
        stack: stackTemplate(os, reason), irps: [],
      };
      proc.threads.push(t);
      threads.push(t);
    }
    plan.processes.push(proc);
  }

  // Resources. "packed": pool pages of ERESOURCE-sized blocks with gaps, in list order (a page cache helps a decoder
  // most). "scattered" (the realistic pool): each ERESOURCE is embedded in a bigger allocation (an FCB, a device
  // extension: 0x100-0x800 bytes, the ERESOURCE 16-byte aligned somewhere inside); those allocations fill ~40% of the
  // pages they use (the rest is other pool), pages are never shared with the "packed" kind, and while 3 of 4 land
  // next to the previous one (created together), 1 of 4 reuses a hole on a random earlier page (pool reuse after
  // frees), so list order and address order part ways.
  const poolHeader = L.pointerSize === 4 ? 8 : 16;
  const block = Math.ceil((L.sizeOf("_ERESOURCE") + poolHeader) / 16) * 16;
  const perPage = Math.floor(4096 / block);
  const resourceSize = L.sizeOf("_ERESOURCE");
  const scattered = bg.pool === "scattered";
  const spread: { base: bigint; used: number; limit: number }[] = [];
  const scatteredAt = (): bigint => {
    const size = 0x100 + int(0x71) * 0x10;
    const inner = poolHeader + 16 * int(Math.max(1, Math.floor((size - poolHeader - resourceSize) / 16)));
    let pg = spread.length > 0 ? spread[spread.length - 1] : null;
    let reuse = false;
    if (spread.length > 8 && rnd() < 0.25) {
      const pick = spread[int(spread.length - 1)];
      if (pick.used + size <= 4096) {
        pg = pick;
        reuse = true;
      }
    }
    if (pg === null || (!reuse && pg.used + size > pg.limit)) {
      pg = { base: env.allocPage(), used: int(0x200) & ~0xf, limit: 4096 };
      // ~40% of the page is ours: the other pool allocations take the rest (a random share of the holes).
      pg.limit = Math.min(4096, pg.used + 0x600 + int(0x300));
      spread.push(pg);
    }
    const at = pg.base + BigInt(pg.used + inner);
    pg.used += size + (int(4) === 0 ? 0x10 * (1 + int(0x20)) : 0);
    return at;
  };
  let made = 0;
  let page = 0n;
  let slot = perPage;
  while (made < bg.resources) {
    let object: bigint;
    if (scattered) object = scatteredAt();
    else {
      if (slot >= perPage) {
        page = env.allocPage();
        slot = 0;
      }
      const here = slot++;
      if (rnd() < 0.18) continue;
      object = page + BigInt(here * block + poolHeader);
    }
    const r: ScenarioResource = {
      where: "background.resources", object, symbol: null, exclusive: false, owners: NONE,
      sharedWaiters: NONE, exclusiveWaiters: NONE, numberOfSharedWaiters: 0, numberOfExclusiveWaiters: 0,
      contentionCount: 0, sharedWaitersObject: null, exclusiveWaitersObject: null,
    };
    if (threads.length > 0 && rnd() < 0.015) {
      r.owners = [];
      if (rnd() < 0.4) {
        r.exclusive = true;
        r.owners.push({ thread: threads[int(threads.length)].object!, count: 1 + int(2), ownerPointer: false });
      } else {
        const n = 1 + int(3);
        const seen = new Set<bigint>();
        for (let k = 0; k < n; k++) {
          const t = threads[int(threads.length)].object!;
          if (seen.has(t)) continue;
          seen.add(t);
          r.owners.push({ thread: t, count: 1, ownerPointer: false });
        }
      }
    }
    plan.resources.push(r);
    made++;
  }

  // IRPs pending in inbox file systems.
  if (bg.irps > 0) {
    const fsd = [
      { name: "Npfs", image: "Npfs.SYS", size: 0x10000, driver: "\\FileSystem\\Npfs", device: "\\Device\\NamedPipe", type: 0x11 },
      { name: "Msfs", image: "Msfs.SYS", size: 0xb000, driver: "\\FileSystem\\Msfs", device: "\\Device\\Mailslot", type: 0x0c },
    ];
    const devices: bigint[] = [];
    for (const f of fsd) {
      let mod = s.modules.find((m) => m.name.toLowerCase() === f.name.toLowerCase());
      if (!mod) {
        mod = { where: `background.modules.${f.name}`, name: f.name, image: f.image, base: env.allocModule(f.size), size: f.size, company: MS, symbols: "pdb" };
        plan.modules.push(mod);
      }
      let drv = s.drivers.find((d) => d.name.toLowerCase() === f.driver.toLowerCase());
      if (!drv) {
        drv = { where: `background.drivers.${f.name}`, name: f.driver, module: mod.name, object: null };
        plan.drivers.push(drv);
      }
      const dev: ScenarioDevice = {
        where: `background.devices.${f.name}`, object: env.allocObject(L.sizeOf("_DEVICE_OBJECT")), driver: drv.name,
        attachedTo: null, name: f.device, deviceType: f.type, stackSize: 1,
      };
      plan.devices.push(dev);
      devices.push(dev.object);
    }
    const irpSize = L.sizeOf("_IRP") + L.sizeOf("_IO_STACK_LOCATION");
    const fileSize = L.sizeOf("_FILE_OBJECT");
    for (let i = 0; i < bg.irps; i++) {
      const t = threads[int(threads.length)];
      const pipe = rnd() < 0.7;
      const object = env.allocObject(irpSize);
      const file = env.allocObject(fileSize);
      t.irps.push(object);
      plan.irps.push({
        where: "background.irps", object, thread: t.object, flags: pipe ? 0x00060000 : 0x00060900, mdl: 0n,
        stackCount: 1, currentLocation: 1, cancel: false, pendingReturned: true, requestorMode: 1,
        systemBuffer: 0n, userBuffer: pipe ? 0n : 0x00a00000n + BigInt(int(0x1000) * 0x10), userEvent: 0n, userIosb: 0n,
        ioStatus: { status: 0, information: 0n }, originalFileObject: file,
        locations: [pipe
          ? { major: 0x0d, minor: 0, flags: 0, control: 1, device: devices[0], file, completion: 0n, context: 0n, args: [0n, 0n, 0x110008n, 0n] }
          : { major: 0x03, minor: 0, flags: 0, control: 1, device: devices[1], file, completion: 0n, context: 0n, args: [0x1a4n, 0n, 0n, 0n] }],
      });
    }
  }
  return plan;
}
