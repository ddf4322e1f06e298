// Graceful degradation, one damage at a time (scenario faults, test/sim/build-dump.ts): !isaCpuCheck runs through the
// bundle on the damaged dump, ends with its verdict line, names each skip in dataQuality.notes (what, where, how
// many), keeps what could still be read, and lowers its confidence when evidence of the chain was lost. Refusals:
// the user-mode and no-nt-symbols dumps are test/scenarios/*-not-applicable.json (run by test/e2e) and
// test/kernel/collect.test.ts; a name that matches no process is test/commands/target-not-found.test.ts.
// Fixtures: the shared seed scenario (/work/shared/scenarios, provenance in the file) and test/scenarios (README).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkConsole } from "../e2e/expect";
import { buildDump } from "../sim/build-dump";
import { runDump } from "../sim/run";
import { aliasExpression } from "../sim/sandbox";
import { parseScenario } from "../sim/scenario";
import { checkContract, checkInert } from "./fuzzer";

const SEED = "/work/shared/scenarios/seed-isa-idmtdi.json";
const OWN = resolve(dirname(fileURLToPath(import.meta.url)), "../scenarios");
const REGISTRY = OWN + "/ws2008r2-wspsrv-registry-lock-shared-waiters.json";
const WIN10 = OWN + "/win10-w3wp-ntfs-slow-disk-ms-only.json";

interface Json {
  verdict: { kind: string; culprit: { module: string } | null; confidence: string; summary: string };
  contention: { resource: string; owners: string[]; exclusiveWaiters: string[]; sharedWaiters: string[]; numberOfExclusiveWaiters: number }[];
  dataQuality: { notes: string[] };
}

const RANK: Record<string, number> = { low: 0, medium: 1, high: 2 };

function run(path: string, faults: unknown[]): Json {
  const j = JSON.parse(readFileSync(path, "utf8"));
  if (j.background) j.background.resources = 200;
  j.faults = faults;
  const dump = buildDump(parseScenario(j, path));
  const arg: string | undefined = j.expect?.arg;
  const r = runDump(dump, { json: true, arg });
  expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  expect(checkContract(r.json)).toEqual([]);
  const c = runDump(dump, { arg });
  expect(checkConsole(c.exitCode, c.stdout, aliasExpression("isaCpuCheck", arg))).toEqual([]);
  expect(checkInert(c.stdout)).toEqual([]);
  return r.json as Json;
}

const cache = new Map<string, Json>();
const clean = (path: string) => cache.get(path) ?? (cache.set(path, run(path, [])), cache.get(path)!);

type Expectation = "lowered" | "kept" | "any";

interface Row {
  name: string;
  path: string;
  faults: unknown[];
  /** Every pattern must match some data-quality note. */
  notes: RegExp[];
  /** What happens to the verdict's confidence (and culprit) compared with the clean dump. */
  confidence: Expectation;
  /** Further facts the damaged result keeps. */
  check?: (j: Json) => void;
}

const seedResource = (j: Json) => j.contention.find((c) => c.resource === "0x8a7f3008")!;

const ROWS: Row[] = [
  {
    name: "the lock owner's ETHREAD is freed (unreadable)",
    path: SEED, faults: [{ kind: "unreadable", what: "thread:84149020" }],
    notes: [/could not read 1 threads \(at 0x84149020\)/, /blocking thread 84149020 could not be read/],
    confidence: "lowered",
    check: (j) => expect(seedResource(j).owners).toEqual(["0x84149020"]),
  },
  {
    name: "the lock owner's kernel stack is not resident",
    path: SEED, faults: [{ kind: "unreadable", what: "stack:84149020" }],
    notes: [/no stack available for 1 threads \(at 0x84149020\)/, /kernel stack of blocking thread 84149020 .* unavailable/],
    confidence: "lowered",
    check: (j) => expect(j.verdict.culprit?.module).toBe("idmtdi.sys"),
  },
  {
    name: "the owner's Cid names another thread, as a reused Cid does (regression: the owner got its waiter's stack)",
    path: SEED, faults: [{ kind: "corrupt", what: "thread:84149020", field: "Cid.UniqueThread", value: "0x1a3c" }],
    notes: [/2 threads sharing their Cid with another thread \(stack not used\) \(at 0x84149020, 0x84166a80\)/, /kernel stack of blocking thread 84149020/],
    confidence: "lowered",
  },
  {
    name: "one IRP of the owner is paged out",
    path: SEED, faults: [{ kind: "unreadable", what: "irp:88bb1a68" }],
    notes: [/could not read 1 IRPs \(at 0x88bb1a68\)/, /1 of 15 IRPs of blocking thread 84149020/],
    confidence: "lowered",
  },
  {
    name: "the owner's IrpList.Flink is a wild user-mode pointer (regression: it became an 'IRP' at 0x7ffddff0)",
    path: SEED, faults: [{ kind: "wild", what: "thread:84149020", field: "IrpList.Flink", value: "0x7ffde000" }],
    notes: [/1 thread IRP lists with a wild link \(at 0x84149020\)/],
    confidence: "kept",
    check: (j) => {
      expect(j.dataQuality.notes.join("\n")).not.toMatch(/7ffd/);
      expect(j.verdict.summary).toMatch(/14 of 15 IRPs/);
    },
  },
  {
    name: "the owner's IrpList.Flink points into unmapped kernel memory",
    path: SEED, faults: [{ kind: "wild", what: "thread:84149020", field: "IrpList.Flink" }],
    notes: [/could not read 1 thread IRP lists \(at 0x84149020\)/, /could not read 1 IRPs \(at 0xdeadbed0\)/],
    confidence: "lowered",
    check: (j) => expect(j.verdict.culprit?.module).toBe("idmtdi.sys"),
  },
  {
    name: "the owner's IRP list loops",
    path: SEED, faults: [{ kind: "cycle", what: "irp-list:84149020" }],
    notes: [/1 thread IRP lists looped back on themselves; walks stopped there \(at 0x84149020\)/],
    confidence: "kept",
  },
  {
    name: "a Windows 10 wait chain loops",
    path: WIN10, faults: [{ kind: "cycle", what: "waiters:ffff988d82c4e1d0" }],
    notes: [/1 ERESOURCE exclusive wait chains looped back on themselves/],
    confidence: "any",
    check: (j) => expect(j.contention[0].exclusiveWaiters).toHaveLength(3),
  },
  {
    name: "a Windows 10 waiter's stack (holding its wait-chain entry) is paged out (regression: 1 of 3 waiters found)",
    path: WIN10, faults: [{ kind: "unreadable", what: "stack:ffff988d85102080" }],
    notes: [/could not read 1 ERESOURCE exclusive wait-chain entries/, /no stack available for 1 threads \(at 0xffff988d85102080\)/],
    confidence: "any",
    check: (j) => expect(j.contention[0].exclusiveWaiters.slice().sort()).toEqual(["0xffff988d83e7c080", "0xffff988d849d3080", "0xffff988d85102080"]),
  },
  {
    name: "StackCount past 32",
    path: SEED, faults: [{ kind: "corrupt", what: "irp:88bb1a68", field: "StackCount", value: 33 }],
    notes: [/1 IRPs \(StackCount\/CurrentLocation\) had implausible values and were ignored \(at 0x88bb1a68\)/],
    confidence: "lowered",
  },
  {
    name: "CurrentLocation out of range",
    path: SEED, faults: [{ kind: "corrupt", what: "irp:88bb1a68", field: "CurrentLocation", value: "0x40" }],
    notes: [/IRPs \(StackCount\/CurrentLocation\) had implausible values and were ignored \(at 0x88bb1a68\)/],
    confidence: "lowered",
  },
  {
    name: "an OwnerTable claiming 2^31 entries (regression: the whole table was dropped)",
    path: REGISTRY, faults: [{ kind: "corrupt", what: "resource:fffff80002d055e0", field: "OwnerTable->TableSize", value: "0x7fffffff" }],
    notes: [/1 OwnerTable sizes had implausible values and were ignored \(at 0xfffff80002d055e0\)/],
    confidence: "any",
    check: (j) => {
      const r = j.contention[0];
      expect(r.owners).toEqual(["0xfffffa8006701b60"]);
      expect(r.sharedWaiters).toHaveLength(3);
      expect(j.dataQuality.notes.join("\n")).not.toMatch(/could not read 1 ERESOURCE owner tables/);
    },
  },
  {
    name: "an OwnerTable entry holding a value that is no pointer",
    path: REGISTRY, faults: [{ kind: "corrupt", what: "resource:fffff80002d055e0", field: "OwnerTable->[1].OwnerThread", value: "0x41" }],
    notes: [/1 OwnerTable entries holding no thread pointer had implausible values and were ignored \(at 0xfffff80002d055e0\)/],
    confidence: "any",
    check: (j) => expect(j.contention[0].owners).not.toContain("0x41"),
  },
  {
    name: "NumberOfExclusiveWaiters absurd",
    path: SEED, faults: [{ kind: "corrupt", what: "resource:8a7f3008", field: "NumberOfExclusiveWaiters", value: "0xffff" }],
    notes: [/resource 0x8a7f3008: 65535 exclusive waiters counted, 4 found/],
    confidence: "any",
    check: (j) => expect(seedResource(j).exclusiveWaiters).toHaveLength(4),
  },
  {
    name: "WaitBlockCount absurd (Windows 10)",
    path: WIN10, faults: [{ kind: "corrupt", what: "thread:ffff988d83e7c080", field: "WaitBlockCount", value: "0xff" }],
    notes: [/1 WaitBlockCount values had implausible values and were ignored \(at 0xffff988d83e7c080\)/],
    confidence: "any",
  },
  {
    name: "the owner's DISPATCHER_HEADER.Type is not Thread",
    path: SEED, faults: [{ kind: "corrupt", what: "thread:84149020", field: "Tcb.Header.Type", value: 5 }],
    notes: [/1 threads had the wrong object type and were skipped \(at 0x84149020\)/],
    confidence: "lowered",
  },
  {
    name: "an IRP whose Type is not IRP",
    path: SEED, faults: [{ kind: "corrupt", what: "irp:88bb1a68", field: "Type", value: 5 }],
    notes: [/1 IRPs had the wrong object type and were skipped \(at 0x88bb1a68\)/],
    confidence: "lowered",
  },
  {
    name: "a device whose Type is not DEVICE_OBJECT",
    path: SEED, faults: [{ kind: "corrupt", what: "device:8a94ddf0", field: "Type", value: 0 }],
    notes: [/1 device objects had the wrong object type and were skipped \(at 0x8a94ddf0\)/],
    confidence: "any",
  },
  {
    name: "a stack location's DeviceObject is a thread",
    path: SEED, faults: [{ kind: "corrupt", what: "irp:88bb1a68", field: "Location[2].DeviceObject", value: "0x84166a80" }],
    notes: [/device objects had the wrong object type and were skipped \(at 0x84166a80\)/],
    confidence: "any",
  },
  {
    name: "a driver name with an odd, absurd Length",
    path: SEED, faults: [{ kind: "corrupt", what: "driver:\\Driver\\IDMTDI", field: "DriverName.Length", value: "0xfffd" }],
    notes: [/1 driver names had implausible values and were ignored/],
    confidence: "any",
    check: (j) => expect(j.verdict.culprit?.module).toBe("idmtdi.sys"),
  },
  {
    name: "a driver name whose Buffer is wild",
    path: SEED, faults: [{ kind: "wild", what: "driver:\\Driver\\IDMTDI", field: "DriverName.Buffer" }],
    notes: [/could not read 1 driver names/],
    confidence: "any",
  },
  {
    name: "the resource list loses its contended ERESOURCE's neighbour and loops",
    path: SEED, faults: [{ kind: "cycle", what: "resource-list" }, { kind: "cycle", what: "process-list" }],
    notes: [/the ERESOURCE list is broken \(a link back into the list/, /the process list is broken/],
    confidence: "any",
    check: (j) => expect(seedResource(j)).toBeTruthy(),
  },
];

describe("graceful degradation", () => {
  it.each(ROWS.map((r) => [r.name, r] as const))("%s", (_name, row) => {
    const base = clean(row.path);
    const j = run(row.path, row.faults);
    const notes = j.dataQuality.notes.join("\n");
    for (const re of row.notes) expect(notes, `notes:\n${notes}`).toMatch(re);
    if (row.confidence === "lowered") {
      const lowered = RANK[j.verdict.confidence] < RANK[base.verdict.confidence] || (base.verdict.kind === "culprit" && j.verdict.kind !== "culprit");
      expect(lowered, `clean ${base.verdict.kind}/${base.verdict.confidence}, damaged ${j.verdict.kind}/${j.verdict.confidence}`).toBe(true);
    } else if (row.confidence === "kept") {
      expect([j.verdict.kind, j.verdict.culprit?.module, j.verdict.confidence]).toEqual([base.verdict.kind, base.verdict.culprit?.module, base.verdict.confidence]);
    }
    row.check?.(j);
  });

  it("the clean dumps come out as their scenarios expect (so the rows above compare against a sound baseline)", () => {
    expect(clean(SEED).verdict).toMatchObject({ kind: "culprit", confidence: "high" });
    expect(clean(REGISTRY).contention[0].owners).toEqual(["0xfffffa8006701b60"]);
    expect(clean(WIN10).contention[0].exclusiveWaiters).toHaveLength(3);
  });
});
