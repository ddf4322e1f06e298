// Dump facts a scenario export needs beyond the DumpSnapshot (layout set from the type info, processor count, every
// process for `background`), read through the Target by src/commands/scenario-export.ts; a failed read leaves one out.
import { Addr } from "../addr";
import { Target } from "../host/target";
import { resolveLayout } from "../kernel/layout";
import { walkProcesses } from "../kernel/processes";
import { Quality } from "../kernel/quality";
import { StructView } from "../kernel/struct";

export type LayoutSet = "ws2003sp2-x86" | "ws2008r2sp1-x64" | "win10-2004-x64";

export interface DumpInfo {
  layoutSet: LayoutSet;
  /** Why the layout set is only the nearest one (the dump's layout is none of the three), else null. */
  layoutNote: string | null;
  processors: number | null;
  /** Every process on the active process list with EPROCESS.ActiveThreads; null when the list could not be walked. */
  processes: { address: Addr; threadCount: number }[] | null;
}

export interface LayoutEvidence {
  pointerSize: 4 | 8;
  /** _ERESOURCE.OwnerThreads exists (2003: OWNER_ENTRY OwnerThreads[2], no OwnerEntry). */
  ownerThreads: boolean;
  /** _KWAIT_BLOCK.NextWaitBlock exists (the wait-block ring of 2003 .. Windows 7). */
  nextWaitBlock: boolean;
  /** _KWAIT_CHAIN_ENTRY exists or KTHREAD.WaitBlockCount does (Windows 8 and later). */
  win8Waits: boolean;
}

/** The layout set (SCENARIO-FORMAT.md `dump.os`) whose structures match the evidence, or the nearest with a reason. */
export function layoutSetOf(e: LayoutEvidence): { layoutSet: LayoutSet; note: string | null } {
  if (e.pointerSize === 4) {
    if (e.ownerThreads) return { layoutSet: "ws2003sp2-x86", note: null };
    return { layoutSet: "ws2003sp2-x86", note: "x86 dump with a Vista-or-later ERESOURCE layout: ws2003sp2-x86 is only the nearest layout set" };
  }
  if (e.ownerThreads) {
    return { layoutSet: "ws2008r2sp1-x64", note: "x64 dump with the Server 2003 ERESOURCE layout: ws2008r2sp1-x64 is only the nearest layout set" };
  }
  if (e.win8Waits) return { layoutSet: "win10-2004-x64", note: null };
  if (e.nextWaitBlock) return { layoutSet: "ws2008r2sp1-x64", note: null };
  return { layoutSet: "ws2008r2sp1-x64", note: "the x64 wait-block layout could not be told from the type info: ws2008r2sp1-x64 assumed" };
}

function layoutEvidence(target: Target): LayoutEvidence {
  const resource = target.getType("_ERESOURCE");
  const waitBlock = target.getType("_KWAIT_BLOCK");
  const thread = target.getType("_KTHREAD");
  return {
    pointerSize: target.pointerSize,
    ownerThreads: resource !== null && resource.field("OwnerThreads") !== null && resource.field("OwnerEntry") === null,
    nextWaitBlock: waitBlock !== null && waitBlock.field("NextWaitBlock") !== null,
    win8Waits: target.getType("_KWAIT_CHAIN_ENTRY") !== null || (thread !== null && thread.field("WaitBlockCount") !== null),
  };
}

/** nt!KeNumberProcessors: a CCHAR on Server 2003, a ULONG later; null when unreadable or absurd. */
function readProcessors(target: Target, layoutSet: LayoutSet): number | null {
  const a = target.getSymbolAddress("nt", "KeNumberProcessors");
  if (a === null) return null;
  try {
    const v = new StructView(a, target.read(a, 4), target.pointerSize).u32(0);
    const n = layoutSet === "ws2003sp2-x86" ? v & 0xff : v;
    return n >= 1 && n <= 64 ? n : null;
  } catch (e) {
    return null;
  }
}

export function readDumpInfo(target: Target): DumpInfo {
  const which = layoutSetOf(layoutEvidence(target));
  let processes: { address: Addr; threadCount: number }[] | null = null;
  try {
    // A second walk of the process list (one read per EPROCESS): the snapshot keeps only the targets and the busiest.
    const layout = resolveLayout(target);
    if (layout.process !== null && target.getSymbolAddress("nt", "PsActiveProcessHead") !== null) {
      processes = walkProcesses(target, layout, new Quality()).map((p) => ({ address: p.record.address, threadCount: p.record.threadCount }));
    }
  } catch (e) {
    processes = null;
  }
  return { layoutSet: which.layoutSet, layoutNote: which.note, processors: readProcessors(target, which.layoutSet), processes: processes };
}
