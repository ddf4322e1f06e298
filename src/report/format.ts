// Small formatting helpers shared by the renderers: WinDbg-style times, thread states, padding.
// Used by console.ts and dx.ts.
import { millisFromTicks } from "../analysis/describe";

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
export function stateText(state: string, waitReason: string, waitMode: string | null): string {
  if (state === "Waiting") return "WAIT: (" + waitReason + ")" + (waitMode ? " " + waitMode : "");
  return state.toUpperCase();
}

export function hex(n: number): string {
  return (n >>> 0).toString(16);
}
