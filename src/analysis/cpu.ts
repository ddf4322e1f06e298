// CPU picture of the target process(es) from kernel data: a `!runaway 7`-like table of threads by kernel time,
// the kernel/user split, and which hot threads are runnable. Called by analyze().
import { Addr } from "../addr";
import { ThreadRecord } from "../kernel/records";
import { RUNNABLE_STATES, SnapshotIndex } from "./model";
import { CpuPicture, ThreadRow } from "./types";

/** The `!runaway` order: most kernel time first, then most user time, then by address so ties sort the same every run. */
export function byCpuTime(a: ThreadRecord, b: ThreadRecord): number {
  return b.kernelTicks - a.kernelTicks || b.userTicks - a.userTicks || (a.address < b.address ? -1 : 1);
}

export function cpuPicture(
  idx: SnapshotIndex,
  topThreads: number,
  blockers: { [t: string]: boolean },
  waiters: { [t: string]: boolean },
): CpuPicture {
  const s = idx.snapshot;
  const threads: ThreadRecord[] = s.threads.filter((t) => idx.isTarget(t));
  threads.sort(byCpuTime);
  const n = Math.max(0, Math.floor(topThreads));
  const top = threads.slice(0, n);
  const hot: Addr[] = [];
  const rows: ThreadRow[] = top.map((t) => {
    const isHot = RUNNABLE_STATES[t.state] === true && t.kernelTicks > 0;
    if (isHot) hot.push(t.address);
    return {
      thread: t.address,
      pid: t.pid,
      tid: t.tid,
      processName: t.processName,
      state: t.state,
      waitReason: t.waitReason,
      kernelSeconds: t.kernelSeconds,
      userSeconds: t.userSeconds,
      kernelTicks: t.kernelTicks,
      userTicks: t.userTicks,
      hot: isHot,
      blocker: blockers[t.address] === true,
      waiter: waiters[t.address] === true,
    };
  });
  // Process totals: the decoders sum every thread of the process; fall back to the decoded threads.
  let kTicks = 0;
  let uTicks = 0;
  let count = 0;
  for (const p of s.targets) {
    kTicks += p.kernelTicks;
    uTicks += p.userTicks;
    count += p.threadCount;
  }
  if (s.targets.length === 0 || (kTicks === 0 && uTicks === 0)) {
    kTicks = 0;
    uTicks = 0;
    for (const t of threads) {
      kTicks += t.kernelTicks;
      uTicks += t.userTicks;
    }
    if (count === 0) count = threads.length;
  }
  const inc = s.os.keMaximumIncrement;
  const kernelSeconds = inc > 0 ? (kTicks * inc) / 1e7 : sumSeconds(threads, true);
  const userSeconds = inc > 0 ? (uTicks * inc) / 1e7 : sumSeconds(threads, false);
  const total = kTicks + uTicks;
  return {
    targets: s.targets,
    kernelSeconds,
    userSeconds,
    kernelPercent: total > 0 ? Math.round((kTicks * 1000) / total) / 10 : null,
    topThreads: rows,
    hotThreads: hot,
    threadCount: count,
  };
}

function sumSeconds(threads: ThreadRecord[], kernel: boolean): number {
  let s = 0;
  for (const t of threads) s += kernel ? t.kernelSeconds : t.userSeconds;
  return s;
}
