// The Processors and Stack groups sections (src/report/processors.ts) in the console text, the dx object and the
// JSON: capped lists, line lengths, escaping of dump strings, validated module names in follow-ups.
import { describe, expect, test } from "vitest";
import { analyze } from "../../src/analysis";
import { ProcessorRecord, StackSample } from "../../src/kernel/records";
import { renderConsoleLines } from "../../src/report/console";
import { toDataModelObject } from "../../src/report/dx";
import { toContractJson } from "../../src/report/json";
import { MAX_LINE, MAX_ROWS } from "../../src/report/processors";
import { frames, mod, snap, thr } from "../analysis/fixtures";

const P = "89f4ead8";
const OTHER = "89f50000";
const EVIL = '"><exec cmd=".shell calc">';

function cpu(k: number, current: string | "idle", o: Partial<ProcessorRecord> = {}): ProcessorRecord {
  return {
    number: k, prcb: (0xffdff120 + k * 0x1000).toString(16), currentThread: current === "idle" ? (0x80551000 + k).toString(16) : current,
    nextThread: null, idleThread: (0x80551000 + k).toString(16), idle: current === "idle", kernelTicks: 1000000, userTicks: 100000,
    dpcTicks: 5000, interruptTicks: 2000, dpcActive: false, currentDpcRoutine: null, currentDpcSymbol: null, currentDpcModule: null,
    dpcQueueDepth: 0, queuedDpcs: [], idleStack: null, ...o,
  };
}

/** 12 busy processors running a module with a long, hostile-looking function name, queued DPCs from 5 modules. */
function busy(moduleName: string) {
  const long = moduleName + "!" + "VeryLong".repeat(30) + "<b>&" + "+0x10";
  const threads = Array.from({ length: 12 }, (_, i) =>
    thr((0x86000020 + i * 0x1000).toString(16), { proc: OTHER, pid: 4, tid: 0x40 + i * 4, procName: "Sys" + EVIL, state: "Running", kernel: 10, stack: [long, "nt!ExpWorkerThread+0x111"] }));
  const queued = ["a", "b", "c", "d", "e"].map((m, i) => ({ dpc: (0x8a000100 + i * 0x40).toString(16), routine: "f7a01000", symbol: m + "!Dpc", module: m }));
  const processors = threads.map((t, i) => cpu(i, t.address, { queuedDpcs: queued }));
  const samples: StackSample[] = Array.from({ length: 20 }, (_, i) => ({
    thread: (0x87000020 + i * 0x1000).toString(16), state: "Waiting", waitReason: "WrQueue",
    frames: frames(["nt!KiSwapContext+0x26", "nt!KeRemoveQueue+0x" + (i % 10).toString(16)]),
  }));
  return analyze(snap({
    processes: [{ address: P, pid: 0x1074, name: "wspsrv.exe" }, { address: OTHER, pid: 4, name: "System" }], targets: [P], threads, processors,
    stackSamples: samples, modules: [mod("nt", "ntoskrnl.exe", "80800000", 0x200000, true), mod(moduleName, moduleName + ".sys", "f7a00000", 0x10000, false)],
  }), { topThreads: 10 });
}

describe("Processors section", () => {
  const a = busy("tpdrv");
  const lines = renderConsoleLines(a);
  const at = lines.findIndex((l) => l.startsWith("Processors (like !running -ti"));
  const groups = lines.findIndex((l) => l.startsWith("Stack groups of"));

  test("a header, at most MAX_ROWS processor rows and '+N more'", () => {
    expect(at).toBeGreaterThan(0);
    expect(lines[at]).toMatch(/^Processors \(like !running -ti, from the KPRCBs\): 12 processors, 12 busy/);
    const rows = lines.slice(at + 2, at + 2 + MAX_ROWS);
    expect(rows.every((l) => /^ {2,4}\d+ {2}/.test(l))).toBe(true);
    expect(lines[at + 2 + MAX_ROWS]).toBe("  +4 more busy processors (!running -ti)");
    expect(rows[0]).toMatch(/queued 5 \(a 1, b 1, c 1, \+2 more\)/);
  });

  test("stack groups capped the same way", () => {
    expect(lines[groups]).toMatch(/20 threads, 10 groups/);
    expect(lines[groups + 1 + MAX_ROWS]).toBe("  +2 more groups");
  });

  test("no line over MAX_LINE characters, dump strings escaped", () => {
    for (const l of lines.slice(at, groups + 10)) expect(l.length).toBeLessThanOrEqual(MAX_LINE);
    const text = lines.join("\n");
    expect(text).not.toContain("<exec");
    expect(text).not.toContain("<b>");
  });

  test("dx Processors / StackGroups and JSON processors[] / stackGroups[]", () => {
    const dx = toDataModelObject(a);
    expect(dx.Processors).toHaveLength(12);
    expect(String(dx.Processors[0])).toMatch(/^CPU 0: 86000020 /);
    expect(dx.Processors[0].QueuedByModule).toEqual(["a 1", "b 1", "c 1", "d 1", "e 1"]);
    expect(dx.StackGroups.length).toBe(10);
    const j = toContractJson(a) as any;
    expect(j.processors[0]).toMatchObject({ number: 0, idle: false, currentThread: "0x86000020", module: "tpdrv", queuedDpcs: 5 });
    expect(j.stackGroups[0]).toMatchObject({ count: 2, of: 20, state: "Waiting", waitReason: "WrQueue" });
    expect(j.spinLockStorm).toBeNull();
  });

  test("follow-ups: !running -ti; !stacks 2 only with a plain module name", () => {
    expect(a.followUps.map((f) => f.command)).toContain("!running -ti");
    const bad = busy("tp drv");
    expect(bad.followUps.some((f) => /!stacks 2 tp/.test(f.command))).toBe(false);
  });

  test("an idle machine: one line saying so", () => {
    const idle = analyze(snap({ processes: [{ address: P, pid: 0x1074, name: "wspsrv.exe" }], processors: [0, 1, 2, 3].map((k) => cpu(k, "idle")),
      modules: [mod("nt", "ntoskrnl.exe", "80800000", 0x200000, true)] }), { topThreads: 10 });
    const l = renderConsoleLines(idle);
    const i = l.findIndex((x) => x.startsWith("Processors ("));
    expect(l[i]).toBe("Processors (like !running -ti, from the KPRCBs): 4 processors, all idle: no DPC running or queued, DPC and interrupt time normal");
    expect(l[i + 1]).not.toMatch(/^  /);
    expect(idle.followUps.map((f) => f.command)).not.toContain("!running -ti");
  });
});
