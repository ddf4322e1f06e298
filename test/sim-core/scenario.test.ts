// Scenario reading (test/sim/scenario.ts): the shared scenarios load, value syntaxes normalise, defaults apply, and
// malformed files are refused with one line naming the file and the field.
import { buildDump } from "../sim/build-dump";
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { loadScenario, parseFrame, parseScenario, ScenarioError } from "../sim/scenario";

const SHARED = resolve(__dirname, "../../../shared/scenarios");
const sharedFiles = readdirSync(SHARED).filter((f) => f.endsWith(".json"));

// Provenance: minimal synthetic scenario (not from a case); each test below edits one field of a copy.
function base(): any {
  return {
    format: "isatriage-scenario/1",
    dump: { os: "ws2003sp2-x86", tickCount: 1000 },
    modules: [{ name: "nt", image: "ntkrnlpa.exe", base: "80800000", size: "1d0000", symbols: "pdb" },
      { name: "drv", image: "drv.sys", base: "0xf7a00000", size: 0x8000, symbols: "none", company: "Contoso" }],
    drivers: [{ name: "\\Driver\\Drv", module: "drv" }],
    devices: [{ object: "89000000", driver: "\\Driver\\Drv" }],
    processes: [{ object: "8a000020", name: "app.exe", pid: "0x1f0", threads: [
      { object: "8b000020", tid: "1f4", state: "Waiting", waitReason: "WrResource", kernelTime: "0:00:01.500",
        userTime: { ticks: 3 }, stack: ["nt!KiSwapContext+0x26", "drv+0x1063", "0x7c82860c"], irps: ["8c000008"] },
      { object: "8b000320", tid: "1f8", state: "Running", waitReason: "Executive", kernelTime: "1:02:03.004",
        userTime: "0:00:00.000", stack: "unavailable" },
    ] }],
    resources: [{ object: "8d000000", owners: [{ thread: "8b000320", count: 1 }], exclusiveWaiters: ["8b000020"], contentionCount: 7 }],
    irps: [{ object: "8c000008", thread: "8b000020", stackCount: 2, currentLocation: 2,
      locations: [{ major: "0", minor: "0" }, { major: "f", minor: "8", device: "89000000", args: ["127b"] }] }],
  };
}

describe("shared scenarios", () => {
  test("there are shared scenarios to load", () => expect(sharedFiles.length).toBeGreaterThanOrEqual(3));
  test.each(sharedFiles)("%s loads", (f) => {
    const s = loadScenario(resolve(SHARED, f));
    expect(s.file).toBe(f);
    expect(s.processes.length).toBeGreaterThan(0);
    expect(s.dump.keMaximumIncrement).toBeGreaterThan(0);
  });
});

describe("normalisation", () => {
  test("hex with/without 0x and backtick, numbers, times, defaults", () => {
    const j = base();
    j.dump.os = "win10-2004-x64";
    j.modules = [{ name: "nt", image: "ntoskrnl.exe", base: "fffff806`1b000000", size: "0xab6000", symbols: "pdb" }];
    j.drivers = [];
    j.devices = [];
    j.processes[0].object = "0xffff988d`80d05a90";
    j.processes[0].threads[0].object = "ffff988d80d06080";
    j.processes[0].threads[0].stack = ["nt!KiSwapContext+0x26"];
    j.processes[0].threads[0].irps = [];
    j.processes[0].threads[1].object = 18446629394566397056; // not a safe integer: refused below
    expect(() => parseScenario(j, "n.json")).toThrow(/n\.json: processes\[0\]\.threads\[1\]\.object: .* is not an address/);
    j.processes[0].threads[1].object = "ffff988d`80d07080";
    j.resources[0] = { object: "ffff988d`80e00000", owners: [{ thread: "ffff988d80d07080" }], exclusiveWaiters: ["0xffff988d80d06080"] };
    j.irps = [];
    const s = parseScenario(j, "n.json");
    expect(s.modules[0].base).toBe(0xfffff8061b000000n);
    expect(s.modules[0].size).toBe(0xab6000);
    expect(s.processes[0].object).toBe(0xffff988d80d05a90n);
    expect(s.processes[0].pid).toBe(0x1f0);
    const [t0, t1] = s.processes[0].threads;
    expect(t0.kernelTime).toEqual({ kind: "time", hundredNs: 15_000_000 });
    expect(t0.userTime).toEqual({ kind: "ticks", ticks: 3 });
    expect(t1.kernelTime).toEqual({ kind: "time", hundredNs: 3723_004_0000 });
    expect(t0.waitMode).toBe("KernelMode");
    expect(t0.waitReasonCode).toBe(27);
    expect(t1.stack).toBe("unavailable");
    expect(s.resources[0].owners[0]).toEqual({ thread: 0xffff988d80d07080n, count: 1, ownerPointer: false });
    expect(s.resources[0].numberOfExclusiveWaiters).toBe(1);
    expect(s.resources[0].contentionCount).toBe(0);
    expect(s.dump.keMaximumIncrement).toBe(156250);
    expect(s.dump.ntSymbols).toBe(true);
    expect(s.dump.kind).toBe("kernel");
  });

  test("unknown keys are ignored everywhere", () => {
    const j = base();
    j.notes = "x";
    j.expect = { verdict: ["culprit"] };
    j.processes[0].threads[0].notes = { anything: 1 };
    j.irps[0].locations[1].whatever = true;
    expect(() => parseScenario(j, "k.json")).not.toThrow();
  });

  test.each([
    ["nt!KiSwapContext+0x26", { kind: "symbol", module: "nt", func: "KiSwapContext", offset: 0x26 }],
    ["afd!AfdDispatch", { kind: "symbol", module: "afd", func: "AfdDispatch", offset: 0 }],
    ["idmtdi+0x1063", { kind: "module", module: "idmtdi", offset: 0x1063 }],
    ["0x7c82860c", { kind: "address", address: 0x7c82860cn }],
  ])("frame %s", (text, want) => expect(parseFrame(text)).toMatchObject(want));
});

describe("user-mode dumps", () => {
  test("list the process's own images at user-mode addresses; a kernel dump may not", () => {
    const j = base();
    j.modules.push({ name: "w3wp", image: "w3wp.exe", base: "00400000", size: "10000", symbols: "pdb" });
    expect(() => parseScenario(j, "k.json")).toThrowError(/modules\[\d+\]\.base: .* is not a kernel address/);
    j.dump.kind = "user";
    expect(parseScenario(j, "u.json").modules.some((m) => m.base === 0x400000n)).toBe(true);
  });
});

describe("modules named but not listed", () => {
  test("a frame, a driver or a resource symbol may name a module the file does not list: it is implied", () => {
    const j = base();
    j.processes[0].threads[0].stack[1] = "fltmgr!FltpDispatch+0x1";
    j.drivers[0].module = "zzdrv";
    const s = parseScenario(j, "k.json");
    expect(s.impliedModules).toEqual(["zzdrv", "fltmgr"]);
    const dump = buildDump(s);
    const m = dump.modules.find((x) => x.name === "fltmgr")!;
    expect(m).toMatchObject({ image: "fltmgr.sys", company: null, symbols: "pdb" });
    const frame = (dump.processes.find((p) => p.threads.length > 0)!.threads[0].stack as { instructionOffset: bigint }[])[1];
    expect(frame.instructionOffset >= m.base && frame.instructionOffset < m.base + BigInt(m.size)).toBe(true);
  });
});

// Each case: one broken field, the message it must produce (one line: file, field path, what is wrong).
const malformed: [string, (j: any) => void, RegExp][] = [
  ["bad thread state", (j) => (j.processes[0].threads[0].state = "Sleeping"),
    /^bad\.json: processes\[0\]\.threads\[0\]\.state: "Sleeping" is not a thread state$/],
  ["unknown wait reason", (j) => (j.processes[0].threads[1].waitReason = "WrNothing"),
    /^bad\.json: processes\[0\]\.threads\[1\]\.waitReason: "WrNothing" is not a KWAIT_REASON name$/],
  ["bad os", (j) => (j.dump.os = "win11"), /^bad\.json: dump\.os: "win11" is not one of /],
  ["wrong format", (j) => (j.format = "other/2"), /^bad\.json: format: "other\/2" is not "isatriage-scenario\/1"$/],
  ["bad hex", (j) => (j.resources[0].object = "8d00zz00"), /^bad\.json: resources\[0\]\.object: "8d00zz00" is not an address$/],
  ["64-bit address on x86", (j) => (j.irps[0].object = "ffff988d80d05a90"), /^bad\.json: irps\[0\]\.object: .* is not a 32-bit address$/],
  ["user address as object", (j) => (j.devices[0].object = "7ffd0000"), /^bad\.json: devices\[0\]\.object: "7ffd0000" is not a kernel address$/],
  ["bad time", (j) => (j.processes[0].threads[0].kernelTime = "1:75:00"), /^bad\.json: processes\[0\]\.threads\[0\]\.kernelTime: .*minutes\/seconds over 59/],
  ["missing stack", (j) => delete j.processes[0].threads[1].stack, /^bad\.json: processes\[0\]\.threads\[1\]\.stack: undefined is not an array$|is not an array/],
  ["frame in a module that cannot exist", (j) => (j.processes[0].threads[0].stack[1] = "no such!Fn+0x1"),
    /^bad\.json: processes\[0\]\.threads\[0\]\.stack\[1\]: /],
  ["frame outside module", (j) => (j.processes[0].threads[0].stack[1] = "drv+0x9000"), /stack\[1\]: offset 0x9000 is outside drv/],
  ["waiter not a thread", (j) => (j.resources[0].exclusiveWaiters = ["8b999999"]),
    /^bad\.json: resources\[0\]\.exclusiveWaiters\[0\]: 0x8b999999 is not a thread of the scenario$/],
  ["irp list names unknown IRP", (j) => (j.processes[0].threads[0].irps = ["8c000999"]),
    /^bad\.json: processes\[0\]\.threads\[0\]\.irps\[0\]: 0x8c000999 is not an IRP of the scenario$/],
  ["current location beyond stack", (j) => (j.irps[0].currentLocation = 4), /^bad\.json: irps\[0\]\.currentLocation: 4 is outside 1\.\.stackCount\+1 \(3\)$/],
  ["too many locations", (j) => (j.irps[0].stackCount = 1, j.irps[0].currentLocation = 1), /^bad\.json: irps\[0\]\.locations: 2 locations for stackCount 1$/],
  ["major out of range", (j) => (j.irps[0].locations[1].major = "1ff"), /irps\[0\]\.locations\[1\]\.major: "1ff" is out of range/],
  ["device of unknown driver", (j) => (j.devices[0].driver = "\\Driver\\Nope"), /^bad\.json: devices\[0\]\.driver: .* is not a driver of the scenario$/],
  ["attached to unknown device", (j) => (j.devices[0].attachedTo = "89999999"), /devices\[0\]\.attachedTo: 0x89999999 is not a device of the scenario/],
  ["driver of a module that cannot exist", (j) => (j.drivers[0].module = "z z"), /^bad\.json: drivers\[0\]\.module: "z z" is not a module of the scenario$/],
  ["overlapping modules", (j) => (j.modules[1].base = "80900000"), /^bad\.json: modules\[1\]\.base: overlaps module nt$/],
  ["bad symbols kind", (j) => (j.modules[1].symbols = "private"), /modules\[1\]\.symbols: "private" is not pdb, export or none/],
  ["duplicate object", (j) => (j.devices[0].object = "8d000000", j.irps[0].locations[1].device = "8d000000"),
    /^bad\.json: devices\[0\]\.object: 0x8d000000 is also resources\[0\]\.object$/],
  ["exclusive with two owners", (j) => (j.resources[0].exclusive = true, j.resources[0].owners.push({ thread: "8b000020", count: 1 })),
    /resources\[0\]\.owners: an exclusively owned resource has 2 owners/],
  ["fault on unknown object", (j) => (j.faults = [{ kind: "unreadable", what: "thread:8b999999" }]),
    /^bad\.json: faults\[0\]\.what: 0x8b999999 is not a thread of the scenario$/],
  ["unknown fault kind", (j) => (j.faults = [{ kind: "explode" }]), /^bad\.json: faults\[0\]\.kind: "explode" is not a fault kind/],
  ["bad cycle target", (j) => (j.faults = [{ kind: "cycle", what: "waiters:8b000020" }]), /faults\[0\]\.what: 0x8b000020 is not a resource of the scenario/],
  ["negative count", (j) => (j.resources[0].contentionCount = -1), /resources\[0\]\.contentionCount: -1 is not a number/],
  ["processes not an array", (j) => (j.processes = {}), /^bad\.json: processes: \{\} is not an array$/],
];

describe("malformed scenarios are refused with one line naming the field", () => {
  test.each(malformed)("%s", (_name, mutate, message) => {
    const j = base();
    mutate(j);
    let err: unknown;
    try {
      parseScenario(j, "bad.json");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    const msg = (err as Error).message;
    expect(msg).not.toContain("\n");
    expect(msg).toMatch(message);
  });

  test("the base scenario itself is valid", () => expect(() => parseScenario(base(), "ok.json")).not.toThrow());

  test("unreadable or invalid files name the file", () => {
    expect(() => loadScenario("/nonexistent/x.json")).toThrow(/^x\.json: cannot read the file/);
    expect(() => loadScenario(resolve(__dirname, "scenario.test.ts"))).toThrow(/^scenario\.test\.ts: not valid JSON/);
  });
});
