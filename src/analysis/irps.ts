// IRP paths: for each IRP, the drivers from its current stack location down to the first driver called, and the
// completion routines hooked on the way; IRPs of one thread grouped by identical path. Called by analyze().
import { Addr } from "../addr";
import { IrpRecord } from "../kernel/records";
import { SnapshotIndex } from "./model";
import { IrpGroup, IrpPath, IrpPathStep } from "./types";

function driverOfDevice(idx: SnapshotIndex, device: Addr): { name: string | null; module: string | null } {
  const d = idx.device(device);
  if (!d) return { name: null, module: null };
  const drv = idx.driverByAddress(d.driverObject) || (d.driverName ? idx.driverByName(d.driverName) : null);
  return { name: d.driverName || (drv ? drv.name : null), module: drv ? drv.module : null };
}

/**
 * The path of one IRP. Locations with index >= CurrentLocation are the drivers it has reached: the current one is
 * where it is pending, StackCount is the first driver called, those between are drivers it passed through (filters).
 * A completion routine on location k was set by the driver of location k+1.
 */
export function irpPath(idx: SnapshotIndex, irp: IrpRecord): IrpPath {
  const steps: IrpPathStep[] = [];
  const completions: IrpPath["completions"] = [];
  let cur: IrpRecord["locations"][number] | null = null;
  const byIndex: { [k: number]: IrpRecord["locations"][number] } = {};
  for (const l of irp.locations) byIndex[l.index] = l;
  const active = irp.state === "active" && irp.currentLocation >= 1 && irp.currentLocation <= irp.stackCount;
  const from = active ? irp.currentLocation : irp.stackCount + 1;
  for (let k = Math.max(1, from); k <= irp.stackCount; k++) {
    const l = byIndex[k];
    if (!l || !l.device || l.device === "0") continue;
    if (k === irp.currentLocation) cur = l;
    const fromDevice = driverOfDevice(idx, l.device);
    steps.push({
      location: k,
      device: l.device,
      driverName: l.driverName || fromDevice.name,
      module: l.driverModule || fromDevice.module,
      position: k === irp.currentLocation ? "current" : k === irp.stackCount ? "first" : "passed",
    });
  }
  for (const l of irp.locations) {
    if (!l.completion || l.completion === "0") continue;
    // Only routines on locations the IRP has reached or is about to complete through are meaningful.
    if (active && l.index < irp.currentLocation) continue;
    const below = byIndex[l.index + 1];
    let setBy: string | null = null;
    if (below && below.device && below.device !== "0") setBy = below.driverName || driverOfDevice(idx, below.device).name;
    const m = l.completionModule ? idx.module(l.completionModule) : idx.moduleContaining(l.completion);
    completions.push({
      location: l.index,
      routine: l.completion,
      module: m ? m.name : l.completionModule,
      symbol: l.completionSymbol,
      setBy,
    });
  }
  return {
    irp: irp.address,
    thread: irp.thread,
    pending: irp.pending,
    state: irp.state,
    major: cur ? cur.major : null,
    minor: cur ? cur.minor : null,
    majorName: cur ? cur.majorName : null,
    minorName: cur ? cur.minorName : null,
    steps,
    completions,
  };
}

function pathKey(p: IrpPath): string {
  return (
    (p.pending ? "P" : "-") +
    p.state +
    "|" +
    p.major +
    "," +
    p.minor +
    "|" +
    p.steps.map((s) => s.location + ":" + (s.driverName || s.device)).join(">") +
    "|" +
    p.completions.map((c) => c.location + ":" + (c.module || "?")).join(",")
  );
}

/** Groups each thread's IRPs by identical path, largest group first; IRPs that could not be read are skipped. */
export function groupIrps(thread: Addr, paths: IrpPath[]): IrpGroup[] {
  const groups: IrpGroup[] = [];
  const byKey: { [k: string]: IrpGroup } = {};
  for (const p of paths) {
    const k = pathKey(p);
    let g = byKey[k];
    if (!g) {
      g = byKey[k] = { thread, key: k, irps: [], example: p.irp, path: p };
      groups.push(g);
    }
    g.irps.push(p.irp);
  }
  // Stable: larger groups first, then first-seen order; prefer a pending example.
  const order = groups.map((g, i) => ({ g, i }));
  order.sort((a, b) => b.g.irps.length - a.g.irps.length || a.i - b.i);
  return order.map((o) => o.g);
}
