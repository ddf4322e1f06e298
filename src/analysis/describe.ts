// Short phrases shared by the suspects, verdict and findings ("thread 81234560 (app.exe)", "ERESOURCE 81200000
// (12 contentions, 2 exclusive waiters)"). Dump strings stay raw; the renderers escape whole sentences.
import { Addr, formatAddr } from "../addr";
import { SnapshotIndex } from "./model";
import { ContentionInfo } from "./types";

/** Milliseconds from KTHREAD ticks (exact integer arithmetic, truncated as !thread does); falls back to seconds. */
export function millisFromTicks(ticks: number, keMaximumIncrement: number, seconds: number): number {
  if (keMaximumIncrement > 0 && ticks >= 0) return Math.floor((ticks * keMaximumIncrement) / 10000);
  return Math.floor(seconds * 1000 + 1e-6);
}

/** "62.906 s" with milliseconds truncated. */
export function secondsText(ms: number): string {
  const s = Math.floor(ms / 1000);
  const r = ms % 1000;
  return s + "." + (r < 10 ? "00" : r < 100 ? "0" : "") + r + " s";
}

export interface Describer {
  fmt(a: Addr): string;
  thread(a: Addr): string;
  resource(c: ContentionInfo | null, a: Addr): string;
  plural(n: number, one: string, many?: string): string;
  /** Kernel and user time of a thread, truncated to the millisecond: "62.906 s". */
  kernelTime(t: { kernelTicks: number; kernelSeconds: number }): string;
  userTime(t: { userTicks: number; userSeconds: number }): string;
}

export function makeDescriber(idx: SnapshotIndex): Describer {
  const ps = idx.snapshot.os.pointerSize;
  const fmt = (a: Addr) => formatAddr(a, ps);
  const plural = (n: number, one: string, many?: string) => n + " " + (n === 1 ? one : many || one + "s");
  const inc = idx.snapshot.os.keMaximumIncrement;
  return {
    fmt,
    plural,
    kernelTime: (t) => secondsText(millisFromTicks(t.kernelTicks, inc, t.kernelSeconds)),
    userTime: (t) => secondsText(millisFromTicks(t.userTicks, inc, t.userSeconds)),
    thread: (a) => {
      const t = idx.thread(a);
      return "thread " + fmt(a) + (t && t.processName ? " (" + t.processName + ")" : "");
    },
    resource: (c, a) => {
      if (!c) return "ERESOURCE " + fmt(a);
      const parts: string[] = [plural(c.contentionCount, "contention")];
      const ex = Math.max(c.numberOfExclusiveWaiters, c.exclusiveWaiters.length);
      const sh = Math.max(c.numberOfSharedWaiters, c.sharedWaiters.length);
      if (ex > 0) parts.push(plural(ex, "exclusive waiter"));
      if (sh > 0) parts.push(plural(sh, "shared waiter"));
      return "ERESOURCE " + fmt(a) + (c.symbol ? " " + c.symbol : "") + " (" + parts.join(", ") + ")";
    },
  };
}
