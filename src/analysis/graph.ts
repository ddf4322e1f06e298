// The evidence graph: every link between threads, resources, IRPs, devices and modules, each recording the
// structure field it was read from. Built by analyze(); the suspects and the report read facts from it.
import { Addr } from "../addr";
import { SnapshotIndex, frameModule, isCoreModule } from "./model";
import { ContentionInfo, Edge, EdgeKind, EvidenceGraph, IrpPath, NodeRef } from "./types";
import { realOwners } from "./chains";

export function threadNode(a: Addr): NodeRef {
  return "thread:" + a;
}
export function resourceNode(a: Addr): NodeRef {
  return "resource:" + a;
}
export function irpNode(a: Addr): NodeRef {
  return "irp:" + a;
}
export function deviceNode(a: Addr): NodeRef {
  return "device:" + a;
}
export function moduleNode(name: string): NodeRef {
  return "module:" + name.toLowerCase();
}

export function makeGraph(edges: Edge[]): EvidenceGraph {
  const byFrom: { [n: string]: Edge[] } = {};
  const byTo: { [n: string]: Edge[] } = {};
  for (const e of edges) {
    (byFrom[e.from] = byFrom[e.from] || []).push(e);
    (byTo[e.to] = byTo[e.to] || []).push(e);
  }
  const pick = (list: Edge[] | undefined, kind?: EdgeKind) =>
    (list || []).filter((e) => kind === undefined || e.kind === kind);
  return {
    edges,
    from: (n, kind) => pick(byFrom[n], kind),
    to: (n, kind) => pick(byTo[n], kind),
  };
}

export function buildEvidenceGraph(idx: SnapshotIndex, contention: ContentionInfo[], paths: IrpPath[]): EvidenceGraph {
  const s = idx.snapshot;
  const edges: Edge[] = [];
  for (const r of s.resources) {
    const owners = realOwners(idx, r);
    for (const o of owners) {
      const i = indexOfEntry(r.ownerEntries, o.thread);
      edges.push({
        kind: "owns",
        from: threadNode(o.thread),
        to: resourceNode(r.address),
        field:
          "ERESOURCE owner entry " + i + " OwnerThread" + (o.ownerPointer ? " (owner pointer, low bits 3 cleared)" : ""),
      });
    }
  }
  for (const c of contention) {
    for (const w of c.exclusiveWaiters)
      edges.push({ kind: "waits-on", from: threadNode(w), to: resourceNode(c.resource), field: "ERESOURCE.ExclusiveWaiters wait list" });
    for (const w of c.sharedWaiters)
      edges.push({
        kind: "waits-on",
        from: threadNode(w),
        to: resourceNode(c.resource),
        field:
          c.waiterEntriesInOwnerTable.indexOf(w) >= 0
            ? "ERESOURCE owner-table entry of a shared waiter (SharedWaiters)"
            : "ERESOURCE.SharedWaiters wait list",
      });
  }
  for (const t of s.threads) {
    for (const irp of t.irps) edges.push({ kind: "holds-irp", from: threadNode(t.address), to: irpNode(irp), field: "ETHREAD.IrpList" });
    if (t.stack) {
      const seen: { [m: string]: boolean } = {};
      for (let i = 0; i < t.stack.length; i++) {
        const m = frameModule(idx, t.stack[i]);
        if (!m || seen[m.name]) continue;
        seen[m.name] = true;
        edges.push({ kind: "frame-in-module", from: threadNode(t.address), to: moduleNode(m.name), field: "Stack.Frames[" + i + "]" });
      }
    }
    if (t.state === "Waiting") {
      for (let i = 0; i < t.waitObjects.length; i++) {
        const m = idx.moduleContaining(t.waitObjects[i]);
        if (m && !isCoreModule(m, null))
          edges.push({ kind: "waits-on-object-in-module", from: threadNode(t.address), to: moduleNode(m.name), field: "KTHREAD.WaitBlockList[" + i + "].Object" });
      }
    }
    const start = idx.moduleContaining(t.startAddress);
    if (start && !isCoreModule(start, null))
      edges.push({ kind: "started-in-module", from: threadNode(t.address), to: moduleNode(start.name), field: "ETHREAD.StartAddress" });
  }
  for (const p of paths) {
    for (const st of p.steps)
      edges.push({
        kind: "irp-passes-driver",
        from: irpNode(p.irp),
        to: deviceNode(st.device),
        field: "IO_STACK_LOCATION[" + st.location + "].DeviceObject",
        location: st.location,
        position: st.position,
      });
    for (const c of p.completions)
      if (c.module)
        edges.push({
          kind: "completion-hooked-by",
          from: irpNode(p.irp),
          to: moduleNode(c.module),
          field: "IO_STACK_LOCATION[" + c.location + "].CompletionRoutine (set by the driver of location " + (c.location + 1) + ")",
          location: c.location,
        });
  }
  for (const d of s.devices) {
    if (d.attachedDevice && d.attachedDevice !== "0")
      edges.push({ kind: "attached-over", from: deviceNode(d.attachedDevice), to: deviceNode(d.address), field: "DEVICE_OBJECT.AttachedDevice" });
  }
  return makeGraph(edges);
}

function indexOfEntry(entries: { thread: Addr }[], thread: Addr): number {
  for (let i = 0; i < entries.length; i++) if (entries[i].thread === thread) return i;
  return -1;
}
