// Walks nt!PsActiveProcessHead once (one read per EPROCESS) and picks the target processes by image name.
// Called by collect.ts; threads.ts uses the result to name the process of any thread it decodes.
import { Addr, addrAdd, addrToNumber } from "../addr";
import { Target } from "../host/target";
import { Layout, ProcessLayout } from "./layout";
import { walkStructList } from "./lists";
import { Quality } from "./quality";
import { ProcessRecord } from "./records";
import { StructView } from "./struct";

export const MAX_PROCESSES = 65536;

export interface ProcessEntry {
  record: ProcessRecord;
  /** EPROCESS.ThreadListHead address and its Flink (== head when the list is empty). */
  threadListHead: Addr;
  threadListFlink: Addr;
}

export function decodeProcess(view: StructView, p: ProcessLayout, layout: Layout): ProcessEntry {
  const pid = addrToNumber(view.addr(p.uniqueProcessId));
  const nameLength = Math.min(Math.max(p.imageFileName.size, 1), 16);
  const kernelTicks = p.kernelTime !== null ? view.field(p.kernelTime) : 0;
  const userTicks = p.userTime !== null ? view.field(p.userTime) : 0;
  const threadCount = p.activeThreads !== null ? view.field(p.activeThreads) : 0;
  return {
    record: {
      address: view.address,
      pid: pid !== null ? pid : -1,
      name: view.ascii(p.imageFileName.offset, nameLength),
      kernelTicks: kernelTicks,
      userTicks: userTicks,
      threadCount: threadCount,
    },
    threadListHead: addrAdd(view.address, p.threadListHead.offset),
    threadListFlink: view.ptr(p.threadListHead.offset + layout.listEntry.flink),
  };
}

/** Every process on PsActiveProcessHead (bounded, cycle-safe), in list order. */
export function walkProcesses(target: Target, layout: Layout, dq: Quality): ProcessEntry[] {
  const out: ProcessEntry[] = [];
  const p = layout.process;
  if (p === null) return out;
  const head = target.getSymbolAddress("nt", "PsActiveProcessHead");
  if (head === null) {
    dq.note("missing-symbol", "nt!PsActiveProcessHead is not in the symbols: no process could be listed");
    return out;
  }
  walkStructList(
    target,
    dq,
    head,
    p.activeProcessLinks.offset,
    layout.listEntry.flink,
    layout.listEntry.blink,
    p.span,
    MAX_PROCESSES,
    "process",
    (view) => {
      try {
        out.push(decodeProcess(view, p, layout));
      } catch (e) {
        dq.fail("read-error", "processes", view.address);
      }
    },
  );
  return out;
}

/**
 * Case-insensitive image-name match. ImageFileName keeps at most 15 characters (14 + NUL on some builds), so a long
 * requested name matches its truncated form.
 */
export function imageNameMatches(imageFileName: string, requested: string): boolean {
  const have = imageFileName.toLowerCase();
  const want = requested.toLowerCase();
  if (have === want) return true;
  if (have.length >= 14 && have.length < want.length && want.slice(0, have.length) === have) return true;
  return false;
}

/** Processes with the most kernel time (KPROCESS.KernelTime), at most `count`. */
export function busiest(processes: ProcessEntry[], count: number): ProcessRecord[] {
  const recs = processes.map((p) => p.record);
  recs.sort((a, b) => b.kernelTicks - a.kernelTicks || b.userTicks - a.userTicks);
  return recs.slice(0, count);
}
