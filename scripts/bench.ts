// `npm run bench [-- --json] [--runs N] [--only small,large] [--pool packed|scattered|both] [--script file.js]`: host-call
// cost of `!isaCpuCheck` at server scale, on two pool layouts side by side ("packed": background ERESOURCEs in pool
// pages in list order; "scattered": embedded in bigger allocations over a wide range with pool reuse, the realistic one). Builds scale scenarios (test/bench/scale.ts: the seed case + extra contention + a `background` of idle
// bulk), runs the bundled dist/isatriage.js in the script sandbox on each, and prints wall and CPU time (medians; dump
// building and .scriptload are not timed) and the mock host's counters. Figures live here; test/bench/budget.test.ts
// asserts the behaviour. Exit 1 when the analysis comes out wrong (the figures would measure a broken command).
import { availableParallelism, cpus, loadavg } from "node:os";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { buildDump, type BuiltDump } from "../test/sim/build-dump";
import { createHost, type HostCounters } from "../test/sim/host";
import { ensureBundle } from "../test/sim/run";
import { loadScript } from "../test/sim/sandbox";
import { parseScenario } from "../test/sim/scenario";
import { CONTENDED, SCALES, type Scale, scaleScenario } from "../test/bench/scale";

interface Run {
  name: string;
  pool: "packed" | "scattered";
  resources: number;
  threads: number;
  irps: number;
  processes: number;
  wallMsMedian: number;
  wallMsMin: number;
  wallMsMax: number;
  /** CPU time of the process during the command (user + system, all threads: GC included); steadier than wall
   * time on a busy machine. */
  cpuMsMedian: number;
  buildMs: number;
  memoryCalls: number;
  memoryBytes: number;
  fieldReads: number;
  typedObjects: number;
  typeLookups: number;
  typeLookupsDistinct: number;
  symbolLookups: number;
  commands: number;
  dataModelCalls: number;
  dataModelElements: number;
  hostCalls: number;
  memoryCallsPerResource: number;
  hostCallsPerResource: number;
  wallUsPerResource: number;
  /** Distinct 4 KiB pages holding ERESOURCEs: the floor of a walk that reads whole pages. */
  resourcePages: number;
  /** Memory calls that read a page holding an ERESOURCE / only ETHREADs (attribution by address). */
  memoryCallsOnResourcePages: number;
  memoryCallsOnThreadPages: number;
  /** Every memory call by the page it read: ERESOURCE pages, EPROCESS pages, ETHREAD-only pages, anything else
   * (IRPs, devices, drivers, owner tables, wait blocks, globals). */
  memoryCallsByKind: { resourcePages: number; processPages: number; threadPages: number; other: number };
  /** Bytes the memory calls read, against the page floor (ERESOURCE pages x 4 KiB). */
  bytesOverFloor: number;
  verdict: string;
  culprit: string | null;
  contended: number;
}

/** A full GC before each timed run, so garbage of dump building or of the previous run is not collected on its clock. */
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function pagesOf(addresses: Iterable<bigint>, size: number): Set<bigint> {
  const pages = new Set<bigint>();
  for (const a of addresses) for (let p = a & ~0xfffn; p < a + BigInt(size); p += 0x1000n) pages.add(p);
  return pages;
}

/** One command run on a fresh host and sandbox (a fresh page cache, as in a new WinDbg session). */
function runOnce(dump: BuiltDump, script: { path: string; text: string }, arg: string | undefined) {
  const sim = createHost(dump);
  const loaded = loadScript(script.text, sim, { filename: script.path });
  // Instrument (not count): which pages the command read, and which types it looked up. Installed after phase 2.
  const reads: bigint[] = [];
  const types: string[] = [];
  const memory = sim.host.memory;
  const readMemoryValues = memory.readMemoryValues;
  memory.readMemoryValues = function (loc: any, ...rest: unknown[]) {
    try {
      const hex = String(loc.toString(16));
      reads.push(BigInt(hex.startsWith("0x") ? hex : "0x" + hex));
    } catch {
      // not an Int64: the host call itself will reject it
    }
    return readMemoryValues.call(this, loc, ...rest);
  };
  const getModuleType = sim.host.getModuleType;
  sim.host.getModuleType = (m: unknown, t: unknown, ...rest: unknown[]) => {
    types.push(String(m) + "!" + String(t));
    return getModuleType(m, t, ...rest);
  };
  sim.resetCounters();
  sim.resetOutput();
  collectGarbage();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = loaded.invokeAlias("isaCpuCheck", arg);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  if (r.error) throw new Error(`!isaCpuCheck threw: ${r.error.line}`);
  return { ms, cpuMs: (c.user + c.system) / 1000, counters: { ...sim.counters } as HostCounters, console: r.console, reads, types };
}

function hostCalls(c: HostCounters): number {
  return c.memoryCalls + c.fieldReads + c.typeLookups + c.symbolLookups + c.commands + c.dataModelCalls + c.dataModelElements;
}

function measure(scale: Scale, runs: number, script: { path: string; text: string }, log: (s: string) => void): Run {
  const t0 = performance.now();
  const dump = buildDump(parseScenario(scaleScenario(scale), `bench:${scale.name}`));
  const buildMs = performance.now() - t0;
  log(`${scale.name} (${scale.pool ?? "packed"} pool): dump built in ${(buildMs / 1000).toFixed(1)} s (${dump.stats.resources} resources, ${dump.stats.threads} threads, ${dump.stats.irps} IRPs)`);

  // The verdict must still be right, or the figures measure a broken analysis.
  const check = runOnce(dump, script, '"json"');
  const json = JSON.parse(check.console.trim());
  const culprit: string | null = json.verdict.culprit ? json.verdict.culprit.module : null;
  const contended: string[] = json.contention.map((c: any) => c.resource);
  if (json.verdict.kind !== "culprit" || culprit !== "idmtdi.sys" || CONTENDED.some((w) => !contended.includes(w))) {
    throw new Error(`${scale.name}: wrong analysis: ${json.verdict.kind} ${culprit}; contention ${contended.join(" ")}`);
  }

  const times: number[] = [];
  const cpuTimes: number[] = [];
  let first: ReturnType<typeof runOnce> | undefined;
  for (let i = 0; i < runs; i++) {
    const r = runOnce(dump, script, undefined);
    if (!/idmtdi\.sys/.test(r.console)) throw new Error(`${scale.name}: the console output does not name idmtdi.sys`);
    if (first && JSON.stringify(r.counters) !== JSON.stringify(first.counters)) throw new Error(`${scale.name}: counters differ between runs`);
    first ??= r;
    times.push(r.ms);
    cpuTimes.push(r.cpuMs);
  }
  const c = first!.counters;
  const L = dump.layout;
  const resourcePages = pagesOf(dump.resourceList, L.sizeOf("_ERESOURCE"));
  // Pages holding an ETHREAD but no EPROCESS or ERESOURCE: reads there are thread decoding, not the process or
  // resource walks (background processes and their threads share pool pages).
  const processPages = pagesOf(dump.processes.map((p) => p.address), L.sizeOf("_EPROCESS"));
  const threadPages = pagesOf(dump.processes.flatMap((p) => p.threads.map((t) => t.address)), L.sizeOf("_ETHREAD"));
  for (const p of processPages) threadPages.delete(p);
  for (const p of resourcePages) threadPages.delete(p);
  const byKind = { resourcePages: 0, processPages: 0, threadPages: 0, other: 0 };
  for (const a of first!.reads) {
    const p = a & ~0xfffn;
    if (resourcePages.has(p)) byKind.resourcePages++;
    else if (processPages.has(p)) byKind.processPages++;
    else if (threadPages.has(p)) byKind.threadPages++;
    else byKind.other++;
  }
  const resources = dump.resourceList.length;
  const wall = median(times);
  return {
    name: scale.name,
    pool: scale.pool ?? "packed",
    resources,
    threads: dump.stats.threads,
    irps: dump.stats.irps,
    processes: dump.stats.processes,
    wallMsMedian: round(wall, 1),
    wallMsMin: round(Math.min(...times), 1),
    wallMsMax: round(Math.max(...times), 1),
    cpuMsMedian: round(median(cpuTimes), 1),
    buildMs: round(buildMs, 0),
    memoryCalls: c.memoryCalls,
    memoryBytes: c.memoryBytes,
    fieldReads: c.fieldReads,
    typedObjects: c.typedObjects,
    typeLookups: c.typeLookups,
    typeLookupsDistinct: new Set(first!.types).size,
    symbolLookups: c.symbolLookups,
    commands: c.commands,
    dataModelCalls: c.dataModelCalls,
    dataModelElements: c.dataModelElements,
    hostCalls: hostCalls(c),
    memoryCallsPerResource: round(c.memoryCalls / resources, 4),
    hostCallsPerResource: round(hostCalls(c) / resources, 4),
    wallUsPerResource: round((wall * 1000) / resources, 2),
    resourcePages: resourcePages.size,
    memoryCallsOnResourcePages: byKind.resourcePages,
    memoryCallsOnThreadPages: byKind.threadPages,
    memoryCallsByKind: byKind,
    bytesOverFloor: round(c.memoryBytes / (resourcePages.size * 4096), 3),
    verdict: json.verdict.kind,
    culprit,
    contended: contended.length,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const BUDGET = { memoryCallsPerResource: 1.0, linearity: 1.3, wallMs: 2000 };

/**
 * The budget, checked on the largest scale measured (and on small vs large for growth): issue 5's on the packed pool;
 * on the scattered pool issue 13's (memory calls per ERESOURCE, per-resource host calls at 10x within 1.3x). There the
 * wall-time and page-cache rows are shown for information: the walk must read one page per scattered ERESOURCE, and
 * each page read costs the mock host ~25 us of its own work (copies, Int64 interning, script-realm arrays) that a
 * real dbgeng reading a mapped dump does not pay, so wall time there measures the simulator, not the extension.
 */
function budget(runs: Run[], linearity: number | null, linearityHostCalls: number | null) {
  const big = runs[runs.length - 1];
  const small = runs[0];
  const items = budgetItems(runs, big, small, linearity, linearityHostCalls);
  return { items, ok: items.every((i) => i.ok || i.info) };
}

function budgetItems(runs: Run[], big: Run, small: Run, linearity: number | null, linearityHostCalls: number | null) {
  const pool = big.pool + " pool: ";
  const info = big.pool === "scattered";
  return [
    { what: `memory calls per ERESOURCE (${big.name})`, value: big.memoryCallsPerResource, limit: `<= ${BUDGET.memoryCallsPerResource}`, ok: big.memoryCallsPerResource <= BUDGET.memoryCallsPerResource },
    { what: `field reads (type info, data model; typed objects: ${big.typedObjects}), ${small.name} -> ${big.name}`, value: `${small.fieldReads} -> ${big.fieldReads}`, limit: "no growth, no typed objects", ok: big.fieldReads <= small.fieldReads && big.typedObjects === 0 },
    { what: "type look-ups repeated", value: big.typeLookups - big.typeLookupsDistinct, limit: "0", ok: big.typeLookups === big.typeLookupsDistinct },
    { what: `linearity (per-resource host calls, ${big.name}/${small.name})`, value: linearityHostCalls ?? "n/a", limit: `<= ${BUDGET.linearity}`, ok: linearityHostCalls === null || linearityHostCalls <= BUDGET.linearity },
    { what: `ETHREAD-only pages read, ${small.name} -> ${big.name}`, value: `${small.memoryCallsOnThreadPages} -> ${big.memoryCallsOnThreadPages}`, limit: "no growth", ok: big.memoryCallsOnThreadPages <= small.memoryCallsOnThreadPages, info },
    { what: `linearity (per-resource wall time, ${big.name}/${small.name})`, value: linearity ?? "n/a", limit: `<= ${BUDGET.linearity}`, ok: linearity === null || linearity <= BUDGET.linearity, info },
    { what: `wall time (${big.name}, median)`, value: `${big.wallMsMedian} ms`, limit: `< ${BUDGET.wallMs} ms`, ok: big.wallMsMedian < BUDGET.wallMs, info },
  ].map((i) => ({ ...i, what: pool + i.what, info: !!(i as { info?: boolean }).info }));
}

function table(runs: Run[]): string {
  const cols: [string, (r: Run) => string][] = [
    ["scale", (r) => r.name],
    ["pool", (r) => r.pool],
    ["ERESOURCEs", (r) => r.resources.toLocaleString("en-US")],
    ["threads", (r) => r.threads.toLocaleString("en-US")],
    ["IRPs", (r) => r.irps.toLocaleString("en-US")],
    ["wall ms (med)", (r) => r.wallMsMedian.toFixed(0)],
    ["cpu ms", (r) => r.cpuMsMedian.toFixed(0)],
    ["mem calls", (r) => String(r.memoryCalls)],
    ["mem KiB", (r) => (r.memoryBytes / 1024).toFixed(0)],
    ["field reads", (r) => String(r.fieldReads)],
    ["types", (r) => `${r.typeLookups}/${r.typeLookupsDistinct}`],
    ["symbols", (r) => String(r.symbolLookups)],
    ["cmds", (r) => String(r.commands)],
    ["dm calls+elems", (r) => `${r.dataModelCalls}+${r.dataModelElements}`],
    ["mem/ERES", (r) => r.memoryCallsPerResource.toFixed(4)],
    ["host/ERES", (r) => r.hostCallsPerResource.toFixed(4)],
    ["us/ERES", (r) => r.wallUsPerResource.toFixed(2)],
    ["ERES pages", (r) => String(r.resourcePages)],
    ["bytes/floor", (r) => r.bytesOverFloor.toFixed(2)],
  ];
  const rows = [cols.map((c) => c[0]), ...runs.map((r) => cols.map((c) => c[1](r)))];
  const widths = cols.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ")).join("\n");
}

const USAGE = "usage: npm run --silent bench -- [--json] [--runs N] [--only small,medium,large] [--pool packed|scattered|both] [--script path/to/isatriage.js]\n";

function main(argv: string[]): number {
  let json = false;
  let runs = 5;
  let only: string[] | null = null;
  let scriptPath: string | null = null;
  let pools: ("packed" | "scattered")[] = ["packed", "scattered"];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") json = true;
    else if (a === "--pool" && i + 1 < argv.length) {
      const p = argv[++i];
      if (p !== "packed" && p !== "scattered" && p !== "both") {
        process.stderr.write(`bench: --pool takes packed, scattered or both\n${USAGE}`);
        return 2;
      }
      pools = p === "both" ? ["packed", "scattered"] : [p];
    }
    else if (a === "--runs" && i + 1 < argv.length) runs = Number(argv[++i]);
    else if (a === "--only" && i + 1 < argv.length) only = argv[++i].split(",").map((s) => s.trim());
    else if (a === "--script" && i + 1 < argv.length) scriptPath = argv[++i];
    else if (a === "-h" || a === "--help") {
      process.stdout.write(USAGE);
      return 0;
    } else {
      process.stderr.write(`bench: unexpected argument '${a}'\n${USAGE}`);
      return 2;
    }
  }
  if (!(Number.isInteger(runs) && runs >= 1)) {
    process.stderr.write(`bench: --runs takes a positive integer\n${USAGE}`);
    return 2;
  }
  const scales = SCALES.filter((s) => only === null || only.includes(s.name));
  if (scales.length === 0 || (only !== null && only.some((n) => !SCALES.some((s) => s.name === n)))) {
    process.stderr.write(`bench: --only takes ${SCALES.map((s) => s.name).join(", ")}\n`);
    return 2;
  }
  // --script: another build of the extension (e.g. an older bundle, to compare); default the fresh dist/isatriage.js.
  const script = scriptPath !== null ? { path: resolve(scriptPath), text: readFileSync(scriptPath, "utf8") } : ensureBundle();
  const log = (s: string) => {
    if (!json) process.stderr.write(s + "\n");
  };
  const results: Run[] = [];
  const perPool: { pool: string; runs: Run[]; linearity: number | null; linearityCpu: number | null; linearityHostCalls: number | null }[] = [];
  const items: ReturnType<typeof budget>["items"] = [];
  for (const pool of pools) {
    const rs: Run[] = [];
    for (const s of scales) rs.push(measure({ ...s, pool }, runs, script, log));
    results.push(...rs);
    const small = rs[0];
    const large = rs[rs.length - 1];
    const linearity = rs.length > 1 ? round(large.wallUsPerResource / small.wallUsPerResource, 2) : null;
    const linearityHostCalls = rs.length > 1 ? round(large.hostCallsPerResource / small.hostCallsPerResource, 2) : null;
    const linearityCpu = rs.length > 1 ? round(large.cpuMsMedian / large.resources / (small.cpuMsMedian / small.resources), 2) : null;
    perPool.push({ pool, runs: rs, linearity, linearityCpu, linearityHostCalls });
    items.push(...budget(rs, linearity, linearityHostCalls).items);
  }
  const b = { items, ok: items.every((i) => i.ok || i.info) };
  const { linearity, linearityCpu, linearityHostCalls } = perPool[0];
  const machine = { loadAverage1m: round(loadavg()[0], 2), node: process.version, cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? "", platform: `${process.platform}-${process.arch}` };
  if (json) {
    process.stdout.write(JSON.stringify({ runs: results, pools: perPool.map((p) => ({ pool: p.pool, linearity: p.linearity, linearityCpu: p.linearityCpu, linearityHostCalls: p.linearityHostCalls })), linearity, linearityCpu, linearityHostCalls, runsPerScale: runs, machine, budget: b }) + "\n");
    return 0;
  }
  const out = [
    `isatriage bench: ${scriptPath ?? "dist/isatriage.js"}, !isaCpuCheck on the seed case (ws2003sp2-x86) + background; ${runs} run(s) per scale; pools ${pools.join(", ")}`,
    `machine: ${machine.cpus} CPUs (${machine.cpuModel}), node ${machine.node}, ${machine.platform}; load average ${machine.loadAverage1m} at the end`,
    "",
    table(results),
    "",
    ...perPool.map((p) =>
      `${p.pool} pool: linearity (per-resource wall time ${p.runs[p.runs.length - 1].name}/${p.runs[0].name}): ${p.linearity ?? "n/a (one scale)"}; ` +
        `per-resource CPU time: ${p.linearityCpu ?? "n/a"}; per-resource host calls: ${p.linearityHostCalls ?? "n/a"}`),
    `ERESOURCE pages (the floor of a page-wise walk): ${results.map((r) => `${r.name}/${r.pool} ${r.resourcePages}`).join(", ")}; ` +
      `memory calls on them: ${results.map((r) => r.memoryCallsOnResourcePages).join(", ")}`,
    `memory calls by page read (ERESOURCE / EPROCESS / ETHREAD-only / other): ` +
      results.map((r) => `${r.name}/${r.pool} ${r.memoryCallsByKind.resourcePages}/${r.memoryCallsByKind.processPages}/${r.memoryCallsByKind.threadPages}/${r.memoryCallsByKind.other}`).join(", "),
    "",
    `budget (${b.ok ? "met" : "NOT met"}):`,
    ...b.items.map((i) => `  ${i.ok ? "ok  " : i.info ? "info" : "OVER"}  ${i.what}: ${i.value} (${i.limit}${i.info ? "; information only, see budget()" : ""})`),
    "",
    "wall: !isaCpuCheck only (dump building and .scriptload excluded), fresh host per run; host calls = memory + field reads +",
    "type + symbol look-ups + commands + data-model calls + iterator elements.",
  ];
  process.stdout.write(out.join("\n") + "\n");
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
}
