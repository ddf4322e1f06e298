// Clock globals and tick arithmetic: nt!KeMaximumIncrement (100 ns per tick), the current tick count
// (KUSER_SHARED_DATA.TickCount, else nt!KeTickCount), and ticks → seconds. Used by collect.ts and threads.ts.
import { Addr, addrAdd } from "../addr";
import { Target } from "../host/target";
import { Layout } from "./layout";
import { Quality } from "./quality";
import { StructView } from "./struct";

/** 15.625 ms: the usual clock interval, assumed only when the dump's own value cannot be read. */
export const DEFAULT_MAXIMUM_INCREMENT = 156250;

/** KUSER_SHARED_DATA.TickCount offset on every version covered (used when the type is not in the symbols). */
const TICK_COUNT_OFFSET = 0x320;

export function ticksToSeconds(ticks: number, keMaximumIncrement: number): number {
  return (ticks * keMaximumIncrement) / 1e7;
}

/** now − then on the 32-bit tick counter (wraps), null when now is unknown. */
export function elapsedTicks(now: number | null, then: number): number | null {
  if (now === null) return null;
  return ((now - then) % 4294967296 + 4294967296) % 4294967296;
}

function readU32(target: Target, a: Addr): number {
  return new StructView(a, target.read(a, 4), target.pointerSize).u32(0);
}

export function readKeMaximumIncrement(target: Target, dq: Quality): number {
  const a = target.getSymbolAddress("nt", "KeMaximumIncrement");
  if (a !== null) {
    try {
      const v = readU32(target, a);
      if (v > 0 && v <= 10000000) return v;
      dq.note("absurd-value", "nt!KeMaximumIncrement reads " + v + ": assuming " + DEFAULT_MAXIMUM_INCREMENT + " (15.625 ms) per tick");
      return DEFAULT_MAXIMUM_INCREMENT;
    } catch (e) {
      // reported below
    }
  }
  dq.note("missing-symbol", "nt!KeMaximumIncrement could not be read: times assume " + DEFAULT_MAXIMUM_INCREMENT + " (15.625 ms) per tick");
  return DEFAULT_MAXIMUM_INCREMENT;
}

/** The tick count now (low 32 bits), or null with a note. */
export function readTickCount(target: Target, layout: Layout, dq: Quality): number | null {
  const shared: Addr = target.pointerSize === 4 ? "ffdf0000" : "fffff78000000000";
  const offset = layout.userSharedTickCount !== null ? layout.userSharedTickCount : TICK_COUNT_OFFSET;
  try {
    return readU32(target, addrAdd(shared, offset));
  } catch (e) {
    // KUSER_SHARED_DATA may be missing from a kernel memory dump; KeTickCount is the same counter.
  }
  const k = target.getSymbolAddress("nt", "KeTickCount");
  if (k !== null) {
    try {
      return readU32(target, k);
    } catch (e) {
      // reported below
    }
  }
  dq.note("missing-symbol", "the current tick count (KUSER_SHARED_DATA.TickCount, nt!KeTickCount) could not be read: wait durations are unknown");
  return null;
}

/** "build 3790" from nt!NtBuildNumber when readable, else a description of the structure layout. */
export function describeBuild(target: Target, layout: Layout): string {
  const arch = target.pointerSize === 4 ? "x86" : "x64";
  const a = target.getSymbolAddress("nt", "NtBuildNumber");
  if (a !== null) {
    try {
      const v = readU32(target, a) & 0xffff;
      if (v > 0) return "build " + v + " " + arch;
    } catch (e) {
      // described from the layout instead
    }
  }
  if (layout.resource !== null && layout.resource.activeEntries === null) return arch + ", Server 2003-era layout (OwnerThreads[2])";
  if (layout.waitBlock !== null && layout.waitBlock.nextWaitBlock !== null) return arch + ", Windows 7 / Server 2008 R2-era layout";
  return arch + ", Windows 8+ layout";
}
