// Small formatting helpers shared by the renderers: WinDbg-style times, thread states, padding, `!irp` rows.
// Used by console.ts and dx.ts, and by the commands in src/commands that print their own views.
import { Addr, formatAddr } from "../addr";
import { millisFromTicks } from "../analysis/describe";
import { IrpLocationRecord } from "../kernel/records";
import { escapeDumpText } from "./escape";

/** "0:01:02.906": hours unpadded, milliseconds truncated (as !thread and !runaway print them). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms));
  const msPart = total % 1000;
  const secs = Math.floor(total / 1000);
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  return h + ":" + pad0(m, 2) + ":" + pad0(s, 2) + "." + pad0(msPart, 3);
}

/** A thread's kernel or user time from its ticks: "0:01:02.906". */
export function threadTime(ticks: number, keMaximumIncrement: number, seconds: number): string {
  return formatDuration(millisFromTicks(ticks, keMaximumIncrement, seconds));
}

export function pad0(n: number, width: number): string {
  let s = String(n);
  while (s.length < width) s = "0" + s;
  return s;
}

export function padLeft(s: string, width: number): string {
  while (s.length < width) s = " " + s;
  return s;
}

export function padRight(s: string, width: number): string {
  while (s.length < width) s += " ";
  return s;
}

/** The state word as !thread prints it: "WAIT: (WrResource) KernelMode", "READY", "RUNNING". */
/** KTHREAD.WaitReason keeps the reason of the last wait; like `!thread`, show it only for a thread that is waiting. */
export function shownWaitReason(state: string, waitReason: string): string {
  return state === "Waiting" ? escapeDumpText(waitReason) : "(not waiting)";
}

export function stateText(state: string, waitReason: string, waitMode: string | null): string {
  if (state === "Waiting") return "WAIT: (" + waitReason + ")" + (waitMode ? " " + waitMode : "");
  return state.toUpperCase();
}

export function hex(n: number): string {
  return (n >>> 0).toString(16);
}

/** The column header `!irp` prints above its stack locations, aligned for 8- or 16-digit addresses. */
export function irpLocationHeader(pointerSize: 4 | 8): string {
  const pad = pointerSize === 8 ? "          " : "  ";
  return "cmd  flg cl Device" + pad + " File" + pad + "   Completion-Context";
}

/** One IO_STACK_LOCATION as `!irp` lists it, `>` marking the current one; the control text is a dump string, escaped. */
export function irpLocationRow(l: IrpLocationRecord, pointerSize: 4 | 8): string {
  const f = (a: Addr) => formatAddr(a, pointerSize);
  return (
    (l.isCurrent ? ">" : " ") + "[" + padLeft(hex(l.major), 2) + "," + padLeft(hex(l.minor), 2) + "]" + padLeft(hex(l.flags), 4) +
    padLeft(hex(l.control), 3) + " " + f(l.device) + " " + f(l.file) + " " + f(l.completion) + "-" + f(l.context) +
    (l.controlText ? " " + escapeDumpText(l.controlText) : "")
  );
}
