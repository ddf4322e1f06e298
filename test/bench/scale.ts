// Scale scenarios for the bench (scripts/bench.ts) and the budget test (test/bench/budget.test.ts): the seed case
// (/work/shared/scenarios/seed-isa-idmtdi.json) plus two contended resources, on top of a `background` of idle bulk.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** <repo>/../shared/scenarios/seed-isa-idmtdi.json, found from this file whether run from test/ or bundled in .cache/. */
function seedPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(resolve(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("scale.ts: cannot find the repository root");
    dir = up;
  }
  return resolve(dir, "..", "shared", "scenarios", "seed-isa-idmtdi.json");
}

/** The contended resources every scale scenario has (the seed's and the two added below). */
export const CONTENDED = ["0x8a7f3008", "0x8c403008", "0x8c403108"];

/** Background sizes: threads = processes × threadsPerProcess (the seed adds its own 55 threads, 1 resource, 15 IRPs). */
export interface Scale {
  name: string;
  /** Background ERESOURCE placement (test/sim/background.ts): "packed" (default) or "scattered" (the realistic pool). */
  pool?: "packed" | "scattered";
  resources: number;
  processes: number;
  threadsPerProcess: number;
  irps: number;
}

export const SCALES: Scale[] = [
  { name: "small", resources: 15000, processes: 100, threadsPerProcess: 60, irps: 2000 },
  { name: "medium", resources: 50000, processes: 250, threadsPerProcess: 80, irps: 7000 },
  { name: "large", resources: 150000, processes: 500, threadsPerProcess: 120, irps: 20000 },
];

/**
 * Two contended resources added to the seed so the analysis has more than one chain to follow: one in a svchost.exe
 * (owner in a plain nt wait, two exclusive waiters with Ntfs frames: Microsoft code only, unrelated to the target, so
 * it must not change the verdict) and a second resource held shared by the seed's blocker 84149020 with one exclusive
 * waiter. Addresses are free pool addresses of the seed's x86 layout (the simulator reserves scenario objects before it
 * places the background).
 */
export function extraContention(): { process: unknown; resources: unknown[] } {
  const wait = (tid: string, object: string, tick: number, ms: string) => ({
    object, tid, state: "Waiting", waitReason: "WrResource", waitMode: "KernelMode", waitStartTick: tick,
    kernelTime: "0:00:0" + ms, userTime: "0:00:01.000",
    stack: ["nt!KiSwapContext+0x26", "nt!KiSwapThread+0x2e5", "nt!KeWaitForSingleObject+0x346",
      "nt!ExpWaitForResource+0xd5", "nt!ExAcquireResourceExclusiveLite+0x8d", "Ntfs!NtfsAcquireExclusiveFcb+0x3f",
      "Ntfs!NtfsCommonWrite+0x1b2", "nt!IofCallDriver+0x45", "nt!NtWriteFile+0x2a3", "nt!KiFastCallEntry+0xfc"],
  });
  return {
    process: {
      object: "8c400020", name: "svchost.exe", pid: "3f0",
      threads: [
        {
          object: "8c401020", tid: "3f4", state: "Waiting", waitReason: "UserRequest", waitMode: "UserMode",
          waitStartTick: 4518000, kernelTime: "0:00:12.500", userTime: "0:00:03.250",
          stack: ["nt!KiSwapContext+0x26", "nt!KiSwapThread+0x2e5", "nt!KeWaitForSingleObject+0x346",
            "nt!NtWaitForSingleObject+0x9a", "nt!KiFastCallEntry+0xfc"],
        },
        wait("3f8", "8c401520", 4518100, "4.125"),
        wait("3fc", "8c401a20", 4518200, "3.875"),
        wait("400", "8c402020", 4518300, "2.500"),
      ],
    },
    resources: [
      { object: "8c403008", exclusive: true, owners: [{ thread: "8c401020", count: 1 }],
        sharedWaiters: [], exclusiveWaiters: ["8c401520", "8c401a20"], contentionCount: 1204 },
      { object: "8c403108", exclusive: false, owners: [{ thread: "84149020", count: 1 }],
        sharedWaiters: [], exclusiveWaiters: ["8c402020"], contentionCount: 37 },
    ],
  };
}

/** The scenario JSON of one scale: the seed, the extra contention, and the background. */
export function scaleScenario(scale: Scale, seed = 5): any {
  const j = JSON.parse(readFileSync(seedPath(), "utf8"));
  const extra = extraContention();
  j.title = `bench ${scale.name}: ${j.title}`;
  j.processes.push(extra.process);
  j.resources.push(...extra.resources);
  j.background = { seed, resources: scale.resources, processes: scale.processes, threadsPerProcess: scale.threadsPerProcess, irps: scale.irps, pool: scale.pool ?? "packed" };
  return j;
}
