// Lookup indexes over a DumpSnapshot (threads, IRPs, devices, drivers, modules by address or name) and stack helpers.
// Built once by analyze(); every other analysis module takes a SnapshotIndex instead of searching arrays.
import { Addr, addrInRange } from "../addr";
import {
  DeviceRecord,
  DriverRecord,
  DumpSnapshot,
  FrameRecord,
  IrpRecord,
  ModuleRecord,
  ResourceRecord,
  ThreadRecord,
} from "../kernel/records";

export interface SnapshotIndex {
  snapshot: DumpSnapshot;
  thread(a: Addr): ThreadRecord | null;
  irp(a: Addr): IrpRecord | null;
  device(a: Addr): DeviceRecord | null;
  driverByAddress(a: Addr): DriverRecord | null;
  driverByName(name: string): DriverRecord | null;
  /** Case-insensitive short name ("afd", "NTFS" → Ntfs). */
  module(name: string | null): ModuleRecord | null;
  moduleContaining(a: Addr | null): ModuleRecord | null;
  resource(a: Addr): ResourceRecord | null;
  /** Devices whose AttachedDevice is `a` (the devices `a` is layered over). */
  attachedUnder(a: Addr): DeviceRecord[];
  isTarget(t: ThreadRecord): boolean;
}

function keyed<T>(items: T[], key: (t: T) => string): { [k: string]: T } {
  const m: { [k: string]: T } = {};
  for (const it of items) {
    const k = key(it);
    if (!Object.prototype.hasOwnProperty.call(m, k)) m[k] = it;
  }
  return m;
}

function get<T>(m: { [k: string]: T }, k: string): T | null {
  return Object.prototype.hasOwnProperty.call(m, k) ? m[k] : null;
}

export function indexSnapshot(s: DumpSnapshot): SnapshotIndex {
  const threads = keyed(s.threads, (t) => t.address);
  const irps = keyed(s.irps, (i) => i.address);
  const devices = keyed(s.devices, (d) => d.address);
  const drivers = keyed(s.drivers, (d) => d.address);
  const driverNames = keyed(s.drivers, (d) => d.name.toLowerCase());
  const modules = keyed(s.modules, (m) => m.name.toLowerCase());
  const resources = keyed(s.resources, (r) => r.address);
  const under: { [k: string]: DeviceRecord[] } = {};
  for (const d of s.devices) {
    if (d.attachedDevice && d.attachedDevice !== "0") {
      (under[d.attachedDevice] = under[d.attachedDevice] || []).push(d);
    }
  }
  const targetProcs: { [k: string]: boolean } = {};
  for (const p of s.targets) targetProcs[p.address] = true;
  const targetPids: { [k: string]: boolean } = {};
  for (const p of s.targets) targetPids[String(p.pid)] = true;
  return {
    snapshot: s,
    thread: (a) => get(threads, a),
    irp: (a) => get(irps, a),
    device: (a) => get(devices, a),
    driverByAddress: (a) => get(drivers, a),
    driverByName: (n) => get(driverNames, n.toLowerCase()),
    module: (n) => (n === null ? null : get(modules, n.toLowerCase())),
    moduleContaining: (a) => {
      if (a === null || a === "0") return null;
      for (const m of s.modules) if (addrInRange(a, m.base, m.size)) return m;
      return null;
    },
    resource: (a) => get(resources, a),
    attachedUnder: (a) => under[a] || [],
    isTarget: (t) =>
      t.processAddress !== null ? get(targetProcs, t.processAddress) !== null : get(targetPids, String(t.pid)) !== null,
  };
}

/** The kernel and HAL: present on every stack, never the component a triage is after. */
export function isCoreModule(m: ModuleRecord | null, name: string | null): boolean {
  const n = (m ? m.name : name || "").toLowerCase();
  if (n === "nt" || n === "hal") return true;
  const image = m ? m.image.toLowerCase() : "";
  return /^(ntoskrnl|ntkrnlpa|ntkrnlmp|ntkrpamp)\.exe$/.test(image) || /^hal.*\.dll$/.test(image);
}

/** The kernel module a frame lies in: its recorded module, else the module whose image contains its address. */
export function frameModule(idx: SnapshotIndex, f: FrameRecord): ModuleRecord | null {
  const byName = idx.module(f.module);
  if (byName) return byName;
  return idx.moduleContaining(f.address);
}

const ACQUIRE_FRAME = /^(nt|ntoskrnl|ntkrnlpa|ntkrnlmp|ntkrpamp)!(ExpWaitForResource|ExAcquireResource|ExAcquireShared|ExEnterCriticalRegionAndAcquireResource|ExEnterPriorityRegionAndAcquireResource|ExAcquireFastResource|ExpAcquireResource)/i;

/**
 * nt/hal spin-lock acquisition: KxWaitForSpinLockAndAcquire, KeAcquireSpinLockRaiseToDpc, KfAcquireSpinLock,
 * KeAcquireInStackQueuedSpinLock, ExAcquireSpinLockShared, and the queued-lock wait KxWaitForLockOwnerShip (releases
 * are not acquisitions).
 */
const SPIN_FRAME = /^(nt|ntoskrnl|ntkrnlpa|ntkrnlmp|ntkrpamp|hal\w*)!\w*(Acquire\w*SpinLock|WaitForSpinLock|WaitForLockOwnerShip|AcquireQueuedLock)/i;

/** True when the frame is a kernel spin-lock acquire routine (the thread spins, or is about to, on a spin lock). */
export function isSpinFrame(text: string): boolean {
  return SPIN_FRAME.test(text);
}

/** True when the frame text is nt's ERESOURCE or spin-lock acquisition path (the thread is taking a lock). */
export function isAcquireFrame(text: string): boolean {
  return ACQUIRE_FRAME.test(text) || SPIN_FRAME.test(text);
}

/** nt's and the HAL's other lock acquisition: spin locks (plain, queued, in-stack, reader/writer), push locks, fast and
 *  guarded mutexes. A thread in one of these is waiting (or spinning) for a lock someone else holds. */
const OTHER_LOCK_FRAME = /^(nt|ntoskrnl|ntkrnlpa|ntkrnlmp|ntkrpamp|hal[a-z]*)!(Kx|Ke|Kf|Ki|Ex|Exf|Exp|Kxf)(WaitForSpinLock|AcquireSpinLock|AcquireInStackQueuedSpinLock|AcquireQueuedSpinLock|WaitForLockOwnerShip|AcquireSpinLockExclusive|AcquireSpinLockShared|AcquirePushLock|WaitForPushLock|AcquireFastMutex|AcquireGuardedMutex|WaitForFastMutex|AcquireFastMutexContended)/i;

/** True for any nt lock acquisition frame: ERESOURCE, spin lock, push lock, fast or guarded mutex. */
export function isLockAcquireFrame(text: string): boolean {
  return ACQUIRE_FRAME.test(text) || OTHER_LOCK_FRAME.test(text);
}

export interface InnermostFrame {
  frame: FrameRecord;
  module: ModuleRecord;
  /** An nt ERESOURCE acquisition frame sits between the top of the stack and this frame. */
  acquiringLock: boolean;
  /** Any nt lock acquisition frame (ERESOURCE, spin lock, push lock, mutex) sits above it: the module only takes a lock. */
  inLockAcquisition: boolean;
}

/** The innermost frame outside nt/hal that lies in a known kernel module (user-mode frames are skipped). */
export function innermostNonCoreFrame(idx: SnapshotIndex, stack: FrameRecord[] | null): InnermostFrame | null {
  if (!stack) return null;
  let acquiring = false;
  let anyLock = false;
  for (const f of stack) {
    const m = frameModule(idx, f);
    if (isAcquireFrame(f.text)) acquiring = true;
    if (isLockAcquireFrame(f.text)) anyLock = true;
    if (!m) continue;
    if (isCoreModule(m, f.module)) continue;
    return { frame: f, module: m, acquiringLock: acquiring, inLockAcquisition: anyLock };
  }
  return null;
}

/** Non-core kernel modules on a stack, each with its first (innermost) frame, innermost first. */
export function stackModules(idx: SnapshotIndex, stack: FrameRecord[] | null): { module: ModuleRecord; frame: FrameRecord }[] {
  const out: { module: ModuleRecord; frame: FrameRecord }[] = [];
  if (!stack) return out;
  const seen: { [k: string]: boolean } = {};
  for (const f of stack) {
    const m = frameModule(idx, f);
    if (!m || isCoreModule(m, f.module)) continue;
    const k = m.name.toLowerCase();
    if (seen[k]) continue;
    seen[k] = true;
    out.push({ module: m, frame: f });
  }
  return out;
}

/** Driver records whose image is the given module. */
export function driversOfModule(s: DumpSnapshot, m: ModuleRecord): DriverRecord[] {
  const out: DriverRecord[] = [];
  for (const d of s.drivers) {
    if (d.module !== null && d.module.toLowerCase() === m.name.toLowerCase()) out.push(d);
    else if (d.module === null && d.driverStart !== "0" && addrInRange(d.driverStart, m.base, m.size)) out.push(d);
  }
  return out;
}

export const RUNNABLE_STATES: { [state: string]: boolean } = {
  Running: true,
  Ready: true,
  Standby: true,
  DeferredReady: true,
};
