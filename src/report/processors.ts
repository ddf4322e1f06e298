// The "Processors" section (like `!running -ti`: what each CPU runs, DPC/interrupt share, queued DPCs by module) and
// the target's stack groups (like `!stacks 2`) for the console, plus their dx and JSON forms. Called by console.ts,
// dx.ts and json.ts. Lists are capped at MAX_ROWS with "+N more"; no line is longer than MAX_LINE.
import { Addr, formatAddr, jsonAddr } from "../addr";
import { groupWhere, ProcessorRow, StackGroup } from "../analysis/processors";
import { Analysis } from "../analysis/types";
import { escapeDumpText as esc } from "./escape";
import { padLeft, padRight } from "./format";

export const MAX_ROWS = 8;
export const MAX_LINE = 200;

function clip(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, Math.max(0, n - 3)) + "...";
}

function pct(v: number | null): string {
  return v === null ? "-" : v.toFixed(1) + "%";
}

/** A processor worth a row: busy, running a DPC, with queued DPCs, or with a DPC/interrupt share far above normal. */
function interesting(r: ProcessorRow): boolean {
  return !r.idle || r.dpcActive || r.queuedTotal > 0 || r.heavy;
}

/** Frame texts are clipped so the queued DPCs still fit the line. */
const MAX_FRAME = 70;

function running(r: ProcessorRow): string {
  const fr = (t: string) => clip(esc(t), MAX_FRAME);
  let s = r.frame !== null ? fr(r.frame) : r.idle ? "(idle loop)" : "(nt/hal only)";
  if (r.dpcActive) s = "DPC " + (r.runningDpc !== null ? fr(r.runningDpc) : "(routine unknown)") + (r.frame !== null && r.runningDpc !== r.frame ? " / " + fr(r.frame) : "");
  if (r.spinning) s += " [spinning on a spin lock]";
  else if (r.acquiring) s += " [acquiring an ERESOURCE]";
  return s;
}

function queuedText(r: ProcessorRow): string {
  if (r.queuedTotal === 0) return "-";
  const shown = r.queued.slice(0, 3).map((q) => esc(q.module) + " " + q.count);
  return r.queuedTotal + " (" + shown.join(", ") + (r.queued.length > 3 ? ", +" + (r.queued.length - 3) + " more" : "") + ")";
}

/** Console lines of the Processors and Stack groups sections (empty when no processor was decoded). */
export function renderProcessorLines(a: Analysis): string[] {
  const out: string[] = [];
  const p = a.processors;
  if (!p) return out;
  const ps = a.pointerSize;
  const f = (x: Addr) => formatAddr(x, ps);
  if (p.rows.length === 0 && a.snapshot.notApplicable === null) {
    out.push("");
    out.push("Processors: not decoded (the data-quality notes say why)");
  }
  if (p.rows.length > 0) {
    out.push("");
    const idle = p.rows.filter((r) => !interesting(r)).length;
    const heavy = p.rows.filter((r) => r.heavy).length;
    out.push(
      "Processors (like !running -ti, from the KPRCBs): " + p.rows.length + " processor" + (p.rows.length === 1 ? "" : "s") + (p.count !== null && p.count !== p.rows.length ? " of " + p.count : "") +
        ", " + p.busy + " busy" + (heavy > 0 ? ", " + heavy + " with DPC+interrupt time far above normal" : "") +
        (idle > 0 ? ", " + idle + " idle with nothing queued" : ""),
    );
    const rows = p.rows.filter(interesting);
    if (rows.length === 0) {
      out[out.length - 1] = "Processors (like !running -ti, from the KPRCBs): " + p.rows.length + " processor" + (p.rows.length === 1 ? "" : "s") +
        (p.count !== null && p.count !== p.rows.length ? " of " + p.count : "") + ", all idle: no DPC running or queued, DPC and interrupt time normal";
    }
    if (rows.length > 0) {
      const w = ps === 8 ? 17 : 8;
      out.push("  " + padLeft("CPU", 3) + "  " + padRight("Thread", w) + "  " + padRight("Process", 16) + padLeft("DPC", 7) + padLeft("Int", 7) + "  Running / queued DPCs");
      for (const r of rows.slice(0, MAX_ROWS)) {
        const who = r.idle ? padRight("(idle)", w) + "  " + padRight("Idle", 16) : padRight(f(r.currentThread), w) + "  " + padRight(clip(esc(r.processName || "?"), 15), 16);
        const line = "  " + padLeft(String(r.number), 3) + "  " + who + padLeft(pct(r.dpcPercent), 7) + padLeft(pct(r.interruptPercent), 7) + "  " + running(r) +
          (r.queuedTotal > 0 ? "; queued " + queuedText(r) : "");
        out.push(clip(line, MAX_LINE));
      }
      if (rows.length > MAX_ROWS) out.push("  +" + (rows.length - MAX_ROWS) + " more busy processors (!running -ti)");
    }
    if (p.spin) {
      const mods = p.spin.modules.map(esc);
      const list = mods.slice(0, MAX_ROWS).join(", ") + (mods.length > MAX_ROWS ? ", +" + (mods.length - MAX_ROWS) + " more" : "");
      out.push(clip(
        "  Spin-lock storm: " + p.spin.spinners.length + " processors/threads spin acquiring from " + mods.length + " module" + (mods.length === 1 ? "" : "s") + " (" + list + ")" +
          (p.spin.lead !== null ? ": every spinner comes from " + esc(p.spin.lead) + " and nothing else runs" : mods.length > 1 ? ": one lock taken from many places, no culprit from the spinners" : ""),
        MAX_LINE,
      ));
    }
  }
  if (p.stackGroups.length > 0) {
    const names = a.cpu.targets.map((t) => esc(t.name)).join(", ") || esc(a.targetName);
    const of = p.stackGroups[0].of;
    const sample = a.cpu.threadCount > of ? " (a sample of " + a.cpu.threadCount + ")" : "";
    out.push(clip("Stack groups of " + names + " (like !stacks 2, innermost frames first): " + of + " threads" + sample + ", " + p.stackGroups.length + " groups", MAX_LINE));
    for (const g of p.stackGroups.slice(0, MAX_ROWS)) out.push(clip("  " + padLeft(String(g.count), 4) + "  " + padRight(esc(groupWhere(g)), 24) + " " + groupFrames(g), MAX_LINE));
    if (p.stackGroups.length > MAX_ROWS) out.push("  +" + (p.stackGroups.length - MAX_ROWS) + " more groups");
  }
  return out;
}

/** From the innermost frame outside nt/hal outward (three frames), or the innermost three when none. */
function groupFrames(g: StackGroup): string {
  let start = g.moduleFrame !== null ? g.frames.indexOf(g.moduleFrame) : 0;
  if (start < 0) start = 0;
  const shown = g.frames.slice(start, start + 3).map(esc);
  return shown.length > 0 ? shown.join(" <- ") + (g.frames.length > start + 3 ? " <- ..." : "") : "(no frames)";
}

export class DxProcessor {
  constructor(
    public Number: number,
    public Prcb: string,
    public Idle: boolean,
    public CurrentThread: string,
    public Process: string,
    public Running: string,
    public Module: string,
    public DpcActive: boolean,
    public RunningDpc: string,
    public Spinning: boolean,
    public DpcPercent: number,
    public InterruptPercent: number,
    public QueuedDpcs: number,
    public QueuedByModule: string[],
  ) {}
  toString(): string {
    return "CPU " + this.Number + ": " + (this.Idle ? "idle" : this.CurrentThread + " " + this.Process) + (this.Running ? " " + this.Running : "") +
      (this.DpcActive ? " [DPC " + this.RunningDpc + "]" : "") + (this.Spinning ? " [spinning]" : "") + ", DPC " + this.DpcPercent + "% int " + this.InterruptPercent + "%" +
      (this.QueuedDpcs > 0 ? ", " + this.QueuedDpcs + " queued DPCs" : "");
  }
}

export class DxStackGroup {
  constructor(
    public Count: number,
    public Of: number,
    public State: string,
    public WaitReason: string,
    public Module: string,
    public Frames: string[],
    public Threads: string[],
  ) {}
  toString(): string {
    return this.Count + " of " + this.Of + " " + this.State + (this.WaitReason ? " (" + this.WaitReason + ")" : "") + (this.Frames.length > 0 ? " " + this.Frames[0] : "");
  }
}

export function dxProcessors(a: Analysis): DxProcessor[] {
  const f = (x: Addr) => formatAddr(x, a.pointerSize);
  return (a.processors ? a.processors.rows : []).map((r) =>
    new DxProcessor(r.number, f(r.prcb), r.idle, r.idle ? "" : f(r.currentThread), esc(r.processName || ""), esc(r.frame || ""), esc(r.module || ""),
      r.dpcActive, esc(r.runningDpc || ""), r.spinning, r.dpcPercent === null ? 0 : r.dpcPercent, r.interruptPercent === null ? 0 : r.interruptPercent,
      r.queuedTotal, r.queued.map((q) => esc(q.module) + " " + q.count)));
}

export function dxStackGroups(a: Analysis): DxStackGroup[] {
  const f = (x: Addr) => formatAddr(x, a.pointerSize);
  return (a.processors ? a.processors.stackGroups : []).map((g) =>
    new DxStackGroup(g.count, g.of, esc(g.state), esc(g.waitReason), esc(g.module || ""), g.frames.map(esc), g.threads.map(f)));
}

export function jsonProcessors(a: Analysis): unknown[] {
  return (a.processors ? a.processors.rows : []).map((r) => ({
    number: r.number,
    prcb: jsonAddr(r.prcb),
    idle: r.idle,
    currentThread: jsonAddr(r.currentThread),
    process: r.processName,
    pid: r.pid,
    tid: r.tid,
    frame: r.frame,
    module: r.module,
    dpcActive: r.dpcActive,
    runningDpc: r.runningDpc,
    runningDpcModule: r.runningDpcModule,
    spinning: r.spinning,
    dpcPercent: r.dpcPercent,
    interruptPercent: r.interruptPercent,
    heavy: r.heavy,
    queuedDpcs: r.queuedTotal,
    queuedByModule: r.queued.map((q) => ({ module: q.module, count: q.count, example: q.example })),
  }));
}

export function jsonStackGroups(a: Analysis): unknown[] {
  return (a.processors ? a.processors.stackGroups : []).map((g) => ({
    count: g.count,
    of: g.of,
    state: g.state,
    waitReason: g.waitReason || null,
    module: g.module,
    frames: g.frames,
    threads: g.threads.map(jsonAddr),
  }));
}

/** For JSON consumers: the spin-lock storm, if any. */
export function jsonSpin(a: Analysis): unknown {
  const s = a.processors ? a.processors.spin : null;
  return s ? { spinners: s.spinners, modules: s.modules, lead: s.lead } : null;
}

