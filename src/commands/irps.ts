// The `!isaIrps <thread>` command: the thread's IrpList with every IO_STACK_LOCATION decoded like `!irp` (device,
// driver, completion routine and its module, current location marked, third-party modules flagged); also returned as
// an object for dx. Registered by src/index.ts. Composes the src/kernel decoders for one thread only.
import { Addr, addrIsNull, formatAddr } from "../addr";
import { Target } from "../host/target";
import { NO_NT_SYMBOLS } from "../kernel/collect";
import { DeviceTable } from "../kernel/devices";
import { decodeIrp } from "../kernel/irps";
import { resolveLayout } from "../kernel/layout";
import { ModuleTable } from "../kernel/modules";
import { Quality } from "../kernel/quality";
import { IrpLocationRecord, IrpRecord, ModuleRecord, ThreadRecord } from "../kernel/records";
import { decodeThread, threadContext } from "../kernel/threads";
import { describeBuild, readKeMaximumIncrement, readTickCount } from "../kernel/time";
import { escapeDumpText as esc } from "../report/escape";
import { hex, irpLocationHeader, irpLocationRow, shownWaitReason, stateText, threadTime } from "../report/format";
import { fitToPointer } from "./address";
import { parseIrpsArgs } from "./args";
import { guarded } from "./guard";
import { openTarget, parsedArguments } from "./prologue";

const NOT_KERNEL_DUMP = "this is a user-mode dump; !isaIrps needs a kernel dump (e.g. a complete or kernel memory dump)";

/** IRPs decoded per run (ETHREAD.IrpList itself is cut at 1024 by the decoder). */
const MAX_DECODED = 256;
/** IRPs printed with every stack location; the rest get one line each (the object has them all). */
const MAX_PRINTED = 64;

/** One IO_STACK_LOCATION: `Irps[0].Locations[1]`. */
export class DxIrpLocation {
  constructor(
    /** 1-based, top row first, as `!irp` lists them. */
    public Location: number,
    public Current: boolean,
    public Major: number,
    public Minor: number,
    public MajorName: string,
    public MinorName: string,
    public Flags: number,
    public Control: number,
    public ControlText: string,
    public Device: string,
    public File: string,
    public Driver: string,
    public DriverModule: string,
    public DriverThirdParty: boolean,
    /** CompletionRoutine address, and as `!irp` names it ("afd!AfdRestart...+0x..", "module+0x..."). */
    public CompletionRoutine: string,
    public Completion: string,
    public CompletionThirdParty: boolean,
    public Context: string,
    public Args: string[],
  ) {}
  toString(): string {
    return (
      this.Location + (this.Current ? " (current)" : "") + ": [" + hex(this.Major) + "," + hex(this.Minor) + "] " +
      (this.Driver || (this.Device === "" ? "(unused)" : "device " + this.Device)) + (this.Completion ? ", completion " + this.Completion : "")
    );
  }
}

/** One IRP: `Irps[0]`. */
export class DxIrpDetail {
  constructor(
    public Irp: string,
    /** "active" or "complete" (CurrentLocation beyond StackCount). */
    public State: string,
    public Pending: boolean,
    public StackCount: number,
    public CurrentLocation: number,
    public CurrentStackLocation: string,
    /** Major/minor function of the current location ("" when complete). */
    public MajorName: string,
    public MinorName: string,
    public CurrentDriver: string,
    public Flags: number,
    public Mdl: string,
    public Cancel: boolean,
    public Locations: DxIrpLocation[],
    public Command: string,
  ) {}
  toString(): string {
    return this.Irp + " " + (this.Pending ? "pending" : this.State) + (this.CurrentDriver ? " in " + this.CurrentDriver : "") +
      (this.MajorName ? " " + this.MajorName + (this.MinorName ? "/" + this.MinorName : "") : "");
  }
}

/** What `dx @$isaIrps(<thread>)` shows; its display string is the summary line. */
export class IsaIrpsResult {
  constructor(
    public Summary: string,
    public Thread: string,
    public Process: string,
    public Pid: number,
    public Tid: number,
    public State: string,
    public WaitReason: string,
    /** Entries on ETHREAD.IrpList (Irps holds the ones that could be decoded). */
    public IrpCount: number,
    public Irps: DxIrpDetail[],
    public DataQuality: string[],
  ) {}
  toString(): string {
    return this.Summary;
  }
}

interface Decoded {
  thread: ThreadRecord;
  irps: IrpRecord[];
  modules: ModuleRecord[];
  build: string;
  keMaximumIncrement: number;
  notes: string[];
}

/** Why the thread cannot be shown (one sentence), or the decoded thread and IRPs. */
function decode(target: Target, thread: Addr): Decoded | string {
  if (!target.isKernelTarget()) return NOT_KERNEL_DUMP;
  const layout = resolveLayout(target);
  if (layout.thread === null || layout.irp === null || layout.stackLocation === null) return NO_NT_SYMBOLS;
  const dq = new Quality();
  const modules = new ModuleTable(target, dq);
  const inc = readKeMaximumIncrement(target, dq);
  const ctx = threadContext(target, layout, dq, inc, readTickCount(target, layout, dq), new Map());
  const t = decodeThread(ctx, thread);
  if (t === null) {
    const f = formatAddr(thread, target.pointerSize);
    if (dq.count("bad-type") > 0) return f + " is not a thread: its DISPATCHER_HEADER.Type is not Thread (6); pass an ETHREAD address (!process 0 2 lists them)";
    return "memory at " + f + " cannot be read (not in the dump): not a thread address";
  }
  const devices = new DeviceTable(target, layout, dq, modules);
  const irps: IrpRecord[] = [];
  const list = t.irps.slice(0, MAX_DECODED);
  for (let i = 0; i < list.length; i++) {
    if (addrIsNull(list[i])) continue;
    try {
      const irp = decodeIrp(target, layout, dq, devices, modules, list[i]);
      if (irp !== null) irps.push(irp);
    } catch (e) {
      dq.fail("read-error", "IRPs", list[i]);
    }
  }
  if (t.irps.length > MAX_DECODED) dq.note("bound", t.irps.length + " IRPs on the IrpList; the first " + MAX_DECODED + " were decoded");
  return { thread: t, irps: irps, modules: modules.records(), build: describeBuild(target, layout), keMaximumIncrement: inc, notes: dq.result().notes };
}

function build(d: Decoded, pointerSize: 4 | 8): { result: IsaIrpsResult; lines: string[] } {
  const f = (a: Addr) => formatAddr(a, pointerSize);
  const t = d.thread;
  const byName: { [name: string]: ModuleRecord } = {};
  d.modules.forEach((m) => (byName[m.name.toLowerCase()] = m));
  const moduleOf = (name: string | null) => (name ? byName[name.toLowerCase()] || null : null);
  const thirdParty = (name: string | null) => {
    const m = moduleOf(name);
    return m !== null && m.classification === "third-party";
  };
  const location = (l: IrpLocationRecord) =>
    new DxIrpLocation(l.index, l.isCurrent, l.major, l.minor, esc(l.majorName), esc(l.minorName || ""), l.flags, l.control, esc(l.controlText),
      addrIsNull(l.device) ? "" : f(l.device), addrIsNull(l.file) ? "" : f(l.file), esc(l.driverName || ""),
      esc(moduleOf(l.driverModule) !== null ? (moduleOf(l.driverModule) as ModuleRecord).image : l.driverModule || ""), thirdParty(l.driverModule),
      addrIsNull(l.completion) ? "" : f(l.completion), esc(l.completionSymbol || (addrIsNull(l.completion) ? "" : f(l.completion))),
      thirdParty(l.completionModule), addrIsNull(l.context) ? "" : f(l.context), l.args.map(f));
  const details = d.irps.map((r) => {
    const cur = r.state === "active" ? r.locations[r.currentLocation - 1] : null;
    return new DxIrpDetail(f(r.address), r.state, r.pending, r.stackCount, r.currentLocation, f(r.currentStackLocation),
      cur !== null ? esc(cur.majorName) : "", cur !== null ? esc(cur.minorName || "") : "", cur !== null ? esc(cur.driverName || "") : "",
      r.flags, addrIsNull(r.mdl) ? "" : f(r.mdl), r.cancel, r.locations.map(location), "!irp " + f(r.address));
  });

  const lines: string[] = [];
  const process = esc(t.processName || "?");
  lines.push(
    "isaIrps: THREAD " + f(t.address) + "  Cid " + hex(t.pid) + "." + hex(t.tid) + "  " + esc(stateText(t.state, t.waitReason, t.waitMode)) +
      "  Image: " + process + "  KernelTime " + threadTime(t.kernelTicks, d.keMaximumIncrement, t.kernelSeconds) + " - " +
      t.irps.length + " IRP" + (t.irps.length === 1 ? "" : "s") + " - " + esc(d.build) + " (" + (pointerSize === 8 ? "64" : "32") + "-bit pointers)",
  );
  for (let i = 0; i < details.length; i++) {
    const x = details[i];
    const r = d.irps[i];
    lines.push("");
    const where = x.Pending ? ", pending in " + (x.CurrentDriver || "?") : x.State === "active" ? ", active in " + (x.CurrentDriver || "?") + " (not pending)" : "";
    if (i >= MAX_PRINTED) {
      lines.push("!irp " + x.Irp + ": " + x.State + where);
      continue;
    }
    lines.push(
      "!irp " + x.Irp + ": Irp is " + (x.State === "active" ? "active" : "complete") + " with " + x.StackCount + " stacks " + x.CurrentLocation +
        " is current (= 0x" + r.currentStackLocation + ")" + where,
    );
    lines.push(" Mdl " + f(r.mdl) + "  SystemBuffer " + f(r.systemBuffer) + "  Flags " + pad8(r.flags) + "  Thread " + f(r.thread) +
      (r.cancel ? "  Cancel" : ""));
    lines.push("     " + irpLocationHeader(pointerSize));
    x.Locations.forEach((l, k) => {
      lines.push(irpLocationRow(r.locations[k], pointerSize));
      if (l.Device === "" && l.Completion === "") return;
      const driver = l.Driver ? l.Driver + (l.DriverThirdParty ? " (" + l.DriverModule + ", third-party)" : "") : l.Device ? "device " + l.Device : "";
      const completion = l.Completion ? (driver ? "  " : "") + l.Completion + (l.CompletionThirdParty ? " (third-party)" : "") : "";
      lines.push("            " + driver + completion);
      lines.push("            " + l.MajorName + (l.MinorName ? " " + l.MinorName : "") + "  Args: " + l.Args.join(" "));
    });
  }
  if (t.irps.length === 0) {
    lines.push("");
    lines.push("ETHREAD.IrpList is empty: the thread has no IRPs queued.");
  }
  if (d.notes.length > 0) {
    lines.push("");
    lines.push("Data quality:");
    d.notes.forEach((n) => lines.push("  - " + esc(n)));
  }
  const summary = summaryOf(f(t.address), process, t.irps.length, details);
  lines.push("");
  lines.push("Summary: " + summary);
  const result = new IsaIrpsResult(summary, f(t.address), process, t.pid, t.tid, esc(t.state), shownWaitReason(t.state, t.waitReason),
    t.irps.length, details, d.notes.map((n) => esc(n)));
  return { result: result, lines: lines };
}

function pad8(n: number): string {
  const s = hex(n);
  return "00000000".slice(s.length) + s;
}

/** "thread X (p.exe) has 15 IRPs: 14 pending in \Driver\Tcpip, 1 active in \Driver\AFD; third-party in their stacks: ..." */
function summaryOf(thread: string, process: string, total: number, irps: DxIrpDetail[]): string {
  const head = "thread " + thread + " (" + process + ") has " + total + " IRP" + (total === 1 ? "" : "s");
  if (total === 0) return head + " (ETHREAD.IrpList is empty)";
  const groups: { key: string; n: number }[] = [];
  const party: { key: string; n: number }[] = [];
  const count = (list: { key: string; n: number }[], key: string) => {
    const known = list.filter((g) => g.key === key)[0];
    if (known !== undefined) known.n++;
    else list.push({ key: key, n: 1 });
  };
  irps.forEach((x) => {
    count(groups, (x.Pending ? "pending" : x.State) + (x.CurrentDriver ? " in " + x.CurrentDriver : ""));
    const seen: { [m: string]: boolean } = {};
    x.Locations.forEach((l) => {
      if (l.DriverThirdParty && l.DriverModule) seen[l.DriverModule] = true;
    });
    Object.keys(seen).forEach((m) => count(party, m));
  });
  groups.sort((a, b) => b.n - a.n);
  party.sort((a, b) => b.n - a.n);
  const unread = total - irps.length;
  return (
    head + ": " + groups.map((g) => g.n + " " + g.key).join(", ") + (unread > 0 ? ", " + unread + " not decoded" : "") +
    (party.length > 0 ? "; third-party drivers in their stacks: " + party.map((p) => p.key + " in " + p.n).join(", ") : "")
  );
}

function run(...args: unknown[]): unknown {
  const options = parsedArguments("isaIrps", parseIrpsArgs, args);
  // A null thread comes only with help, which parsedArguments has printed.
  if (options === null || options.thread === null) return undefined;
  const target = openTarget((why) => "Summary: not applicable: " + why);
  if (target === null) return undefined;
  const thread = fitToPointer(options.thread, target.pointerSize);
  if (thread === null) {
    const why = "0x" + options.thread + " is not an address on this x86 target";
    target.log("isaIrps: " + why + "\nSummary: no IRPs shown: " + why + "\n");
    return undefined;
  }
  const d = decode(target, thread);
  if (typeof d === "string") {
    target.log("isaIrps: " + esc(d) + "\nSummary: no IRPs shown: " + esc(d) + "\n");
    return undefined;
  }
  const built = build(d, target.pointerSize);
  target.log(built.lines.join("\n") + "\n");
  return built.result;
}

/** `!isaIrps <thread>`; registered by src/index.ts. Never throws: the last line is always a `Summary:` line. */
export const isaIrps = guarded("isaIrps", run, (m) => "Summary: !isaIrps stopped on an internal error (" + m + ")");
