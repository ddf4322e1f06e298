// Every alias and argument form, run through the simulator exactly as `!alias <arg>` in WinDbg (test/sim/run.ts) on the
// seed scenario (../shared/scenarios/seed-isa-idmtdi.json, the published ISA case) and, for x64 and not-applicable
// paths, on the team's scenarios; expected facts are read from the scenario files, never typed in here.
import { describe, expect, it } from "vitest";
import { runScenario } from "../sim/run";
import { int64 } from "../sim/int64";
import { bareHex, consoleLines, loadDirect, registeredAliases, scenarioFiles, scenarioJson, SEED, shown } from "./helpers";

const seed = scenarioJson(SEED);
const seedProcess = seed.processes.find((p: any) => (p.threads ?? []).some((t: any) => (t.irps ?? []).length > 0));
const seedOwner = seedProcess.threads.find((t: any) => (t.irps ?? []).length > 0);
const seedResource = seed.resources[0];
const seedCulprit: string = seed.expect.culprit[0];

function run(alias: string, arg?: string, path = SEED) {
  const r = runScenario(path, { alias, arg });
  return { ...r, lines: consoleLines(r.stdout, alias, arg) };
}

const USAGE_ERROR = (alias: string) => new RegExp(`^!${alias}: .+\\. Usage: !${alias}\\b`);

describe("!isaCpuCheck argument forms (seed)", () => {
  const verdictCases: { arg?: string; title: RegExp }[] = [
    { arg: undefined, title: /^isaCpuCheck: wspsrv\.exe \(pid / },
    { arg: '"w3wp.exe"', title: /^isaCpuCheck: w3wp\.exe \(not found\)/ },
    { arg: '("x.exe", 5)', title: /^isaCpuCheck: x\.exe \(not found\)/ },
    { arg: `("${seedProcess.name}", 3)`, title: new RegExp(`^isaCpuCheck: ${seedProcess.name.replace(".", "\\.")} \\(pid `) },
  ];
  it.each(verdictCases)("!isaCpuCheck $arg ends with the verdict line", ({ arg, title }) => {
    const r = run("isaCpuCheck", arg);
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.lines[0]).toMatch(title);
    expect(r.lines[r.lines.length - 1]).toMatch(/^Verdict: (culprit|no-culprit|not-applicable)\b/);
    expect(r.stdout).not.toMatch(/^Error:/m);
  });

  it("!isaCpuCheck on the seed names the scenario's culprit in its last line", () => {
    const r = run("isaCpuCheck");
    expect(r.lines[r.lines.length - 1]).toMatch(new RegExp(`^Verdict: culprit ${seedCulprit}`, "i"));
  });

  it("a process that is not in the dump still reports where the contention is, and says the name was not found", () => {
    const r = run("isaCpuCheck", '"w3wp.exe"');
    expect(r.lines[0]).toContain("(not found)");
    expect(r.stdout).toContain("Resource @ " + shown(seedResource.object, 4));
  });

  it('!isaCpuCheck ("x.exe", 5) shows at most 5 threads in the table', () => {
    const r = run("isaCpuCheck", `("${seedProcess.name}", 5)`);
    const at = r.lines.findIndex((l) => l.startsWith("Top threads of"));
    const rows = r.lines.slice(at + 2).filter((l) => /^ {2}[0-9a-f]{8} /.test(l));
    expect(rows.length).toBe(5);
  });

  it('!isaCpuCheck "json" prints exactly one line: the JSON contract', () => {
    const r = run("isaCpuCheck", '"json"');
    const lines = r.lines;
    expect(lines).toHaveLength(1);
    expect(r.returned).toBeUndefined();
    const j = JSON.parse(lines[0]);
    expect(["culprit", "no-culprit", "not-applicable"]).toContain(j.verdict.kind);
    expect(Array.isArray(j.contention)).toBe(true);
    expect(Array.isArray(j.dataQuality.notes)).toBe(true);
    expect(j.contention.map((c: any) => bareHex(c.resource))).toContain(bareHex(seedResource.object));
  });

  it.each(['"?"', '"help"'])("!isaCpuCheck %s prints the usage and nothing else", (arg) => {
    const r = run("isaCpuCheck", arg);
    expect(r.lines[0]).toMatch(/^Usage: !isaCpuCheck/);
    expect(r.stdout).not.toMatch(/Verdict:/);
    expect(r.returned).toBeUndefined();
  });

  it.each(["true", "0", "1001", '""', '("a.exe", false)', '"a|b.exe"'])("!isaCpuCheck %s is a one-line usage error", (arg) => {
    const r = run("isaCpuCheck", arg);
    expect(r.exitCode).toBe(0);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(USAGE_ERROR("isaCpuCheck"));
    expect(r.returned).toBeUndefined();
  });

  // The simulator's dx literals are integers only, so a fraction is handed over as WinDbg would: a JS number.
  it.each([[1.5], [true], [null], [{}], [NaN], [-3]])("!isaCpuCheck called with %s gives a one-line usage error", (value) => {
    const d = loadDirect(SEED).call("isaCpuCheck", value);
    expect(d.threw).toBeUndefined();
    const lines = d.console.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(USAGE_ERROR("isaCpuCheck"));
  });

  it("a host Int64 thread count is accepted", () => {
    const d = loadDirect(SEED).call("isaCpuCheck", seedProcess.name, int64(4n));
    expect(d.threw).toBeUndefined();
    expect(d.console.trimEnd().split("\n").pop()).toMatch(/^Verdict: /);
  });
});

describe("!isaLocks", () => {
  const waiters: string[] = seedResource.exclusiveWaiters;

  it("lists every contended ERESOURCE with its owner and waiters, each with process, state and wait reason", () => {
    const r = run("isaLocks");
    expect(r.exitCode).toBe(0);
    expect(r.lines[0]).toMatch(/^isaLocks: 1 contended ERESOURCE \(\d+ walked\)/);
    expect(r.stdout).toContain("Resource @ " + shown(seedResource.object, 4));
    expect(r.stdout).toContain("Contention Count = " + seedResource.contentionCount);
    for (const o of seedResource.owners) {
      const t = seedProcess.threads.find((x: any) => x.object === o.thread);
      const row = r.lines.find((l) => l.trim().startsWith("Owner ") && l.includes(shown(o.thread, 4) + "-01<*>"));
      expect(row, `owner row for ${o.thread}`).toBeDefined();
      expect(row).toContain(seedProcess.name);
      expect(row).toContain(t.state);
    }
    for (const w of waiters) {
      const row = r.lines.find((l) => l.trim().startsWith("Exclusive ") && l.includes(shown(w, 4)));
      expect(row, `waiter row for ${w}`).toBeDefined();
      expect(row).toMatch(/Waiting \(WrResource\)/);
      expect(row).toContain(seedProcess.name);
    }
    expect(r.lines[r.lines.length - 1]).toMatch(/^Summary: 1 contended ERESOURCE, 4 waiting threads found; most waited-on /);
    expect(r.stdout).toContain("!isaIrps 0x" + bareHex(seedOwner.object));
  });

  it('!isaLocks "<process>" keeps the locks that process is in; a missing process says so', () => {
    const mine = run("isaLocks", `"${seedProcess.name}"`);
    expect(mine.stdout).toContain("Resource @ " + shown(seedResource.object, 4));
    const none = run("isaLocks", '"w3wp.exe"');
    expect(none.stdout).not.toContain("Resource @");
    expect(none.lines[none.lines.length - 1]).toMatch(/^Summary: no process named w3wp\.exe in this dump/);
  });

  it.each(['"?"', '"help"'])("!isaLocks %s prints the usage", (arg) => {
    const r = run("isaLocks", arg);
    expect(r.lines[0]).toMatch(/^Usage: !isaLocks/);
    expect(r.stdout).not.toContain("Summary:");
  });

  it.each(["5", "true", '"json"', '("a.exe", 2)'])("!isaLocks %s is a one-line usage error", (arg) => {
    const r = run("isaLocks", arg);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(USAGE_ERROR("isaLocks"));
  });
});

describe("!isaIrps", () => {
  const owner = seedOwner.object as string;
  const irps: any[] = seed.irps.filter((i: any) => bareHex(i.thread) === bareHex(owner));

  it("decodes every IRP of the thread like !irp, the current location marked", () => {
    const r = run("isaIrps", "0x" + owner);
    expect(r.exitCode).toBe(0);
    expect(r.lines[0]).toMatch(new RegExp(`^isaIrps: THREAD ${shown(owner, 4)} .*Image: ${seedProcess.name.replace(".", "\\.")} .* - ${seedOwner.irps.length} IRPs`));
    for (const irp of irps) {
      const at = r.lines.findIndex((l) => l.startsWith("!irp " + shown(irp.object, 4) + ": Irp is "));
      expect(at, `IRP ${irp.object}`).toBeGreaterThanOrEqual(0);
      expect(r.lines[at]).toContain(`with ${irp.stackCount} stacks ${irp.currentLocation} is current`);
      const rows = r.lines.slice(at + 3).filter((l) => /^[ >]\[/.test(l)).slice(0, irp.stackCount);
      expect(rows).toHaveLength(irp.stackCount);
      expect(rows.map((l) => l.startsWith(">"))).toEqual(irp.locations.map((_: unknown, k: number) => k + 1 === irp.currentLocation));
    }
    // Every IRP of the thread is on its IrpList in the scenario, so each one is printed once.
    expect(r.lines.filter((l) => l.startsWith("!irp ")).length).toBe(seedOwner.irps.length);
    expect(r.lines[r.lines.length - 1]).toMatch(new RegExp(`^Summary: thread ${shown(owner, 4)} \\(${seedProcess.name.replace(".", "\\.")}\\) has ${seedOwner.irps.length} IRPs: `));
  });

  it("names drivers and completion routines, and flags the third-party module", () => {
    const r = run("isaIrps", "0x" + owner);
    const culpritDriver = seed.drivers.find((d: any) => bareHex(d.module) === bareHex(seedCulprit.replace(/\.sys$/i, "")) || d.module === seedCulprit.replace(/\.sys$/i, ""));
    expect(r.stdout).toContain(culpritDriver.name + " (" + seedCulprit);
    expect(r.stdout).toMatch(/third-party\)/);
    expect(r.stdout).toMatch(/\\Driver\\Tcpip {2}\S+\+0x[0-9a-f]+ \(third-party\)/);
    expect(r.lines[r.lines.length - 1]).toContain("third-party drivers in their stacks: " + seedCulprit);
  });

  it("accepts the address as a quoted hex string, as WinDbg prints it", () => {
    const a = run("isaIrps", "0x" + owner);
    const b = run("isaIrps", `"${owner}"`);
    expect(b.lines.slice(0, -1)).toEqual(a.lines.slice(0, -1));
  });

  it.each([
    ["0x1234", /^Summary: no IRPs shown: memory at 00001234 cannot be read/],
    ["0x" + seedProcess.object, /^Summary: no IRPs shown: [0-9a-f]{8} is not a thread/],
    ["-1", /^Summary: no IRPs shown: memory at ffffffff cannot be read/],
    ["0x100000000", /^Summary: no IRPs shown: 0x100000000 is not an address on this x86 target/],
  ])("a garbage address %s ends cleanly with a Summary line", (arg, last) => {
    const r = run("isaIrps", arg);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toMatch(/^Error:/m);
    expect(r.lines[r.lines.length - 1]).toMatch(last);
    expect(r.returned).toBeUndefined();
  });

  it.each(["", "true", '"w3wp.exe"', "(1, 2)", '"json"'])("!isaIrps %s is a one-line usage error", (arg) => {
    const r = run("isaIrps", arg === "" ? undefined : arg);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(USAGE_ERROR("isaIrps"));
  });

  it('!isaIrps "?" prints the usage', () => {
    const r = run("isaIrps", '"?"');
    expect(r.lines[0]).toMatch(/^Usage: !isaIrps/);
  });

  it("accepts a data-model Thread (KernelObject.address), a typed object (.address) and a host Int64", () => {
    const d = loadDirect(SEED);
    const big = int64(BigInt("0x" + owner));
    const forms: unknown[] = [{ KernelObject: { address: big } }, { address: big }, big, parseInt(owner, 16)];
    const outs = forms.map((f) => d.call("isaIrps", f));
    for (const o of outs) {
      expect(o.threw).toBeUndefined();
      expect(o.console.trimEnd().split("\n").pop()).toMatch(/^Summary: thread /);
    }
    expect(new Set(outs.map((o) => o.console)).size).toBe(1);
  });

  const refused: [string, unknown][] = [
    ["1.5", 1.5],
    ["null", null],
    ["{}", {}],
    ["[]", []],
    ["an object whose address getter throws", { get address() { throw new Error("no address"); } }],
  ];
  it.each(refused)("called with %s: a usage error, never a throw", (_label, value) => {
    const o = loadDirect(SEED).call("isaIrps", value);
    expect(o.threw).toBeUndefined();
    expect(o.console.split("\n").filter((l) => l)).toHaveLength(1);
    expect(o.console).toMatch(USAGE_ERROR("isaIrps"));
  });
});

describe("x64 and not-applicable dumps", () => {
  const files = scenarioFiles().map((p) => ({ p, s: scenarioJson(p) }));
  const x64 = files.find(({ s }) => s.dump.kind !== "user" && /x64/.test(s.dump.os) && s.dump.ntSymbols !== false && (s.irps ?? []).length > 0);
  const userDump = files.find(({ s }) => s.dump.kind === "user");
  const noSymbols = files.find(({ s }) => s.dump.ntSymbols === false);

  it("an x64 thread given as a 64-bit literal (host Int64) and as a backtick string", () => {
    expect(x64, "an x64 scenario with IRPs").toBeDefined();
    const { p, s } = x64!;
    const thread = s.processes.flatMap((q: any) => q.threads ?? []).find((t: any) => (t.irps ?? []).length > 0);
    const literal = "0x" + shown(thread.object, 8);
    const a = run("isaIrps", literal, p);
    expect(a.lines[a.lines.length - 1], a.stdout).toMatch(new RegExp(`^Summary: thread ${shown(thread.object, 8)} \\(.*\\) has ${thread.irps.length} IRPs?`));
    const b = run("isaIrps", `"${shown(thread.object, 8)}"`, p);
    expect(b.lines).toEqual(a.lines.map((l) => l));
    const locks = run("isaLocks", undefined, p);
    expect(locks.lines[locks.lines.length - 1]).toMatch(/^Summary: /);
  });

  it.each([
    ["user-mode dump", () => userDump, /needs a kernel dump/],
    ["no nt symbols", () => noSymbols, /symbols/],
  ])("%s: !isaLocks and !isaIrps say why and end with a Summary line", (_n, pick, why) => {
    const f = pick();
    expect(f, "scenario").toBeDefined();
    for (const [alias, arg] of [["isaLocks", undefined], ["isaIrps", "0x1000"]] as const) {
      const r = run(alias, arg, f!.p);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).not.toMatch(/^Error:/m);
      const last = r.lines[r.lines.length - 1];
      expect(last).toMatch(/^Summary: (not applicable|no IRPs shown): /);
      expect(last).toMatch(why);
    }
  });
});

describe("!isaHelp", () => {
  it("lists every registered alias with its syntax, and nothing runs against the dump", () => {
    const r = run("isaHelp");
    const aliases = registeredAliases();
    expect(aliases).toContain("isaHelp");
    for (const a of aliases) expect(r.stdout, a).toMatch(new RegExp(`^!${a}\\b`, "m"));
    expect(r.returned).toBeUndefined();
    expect(r.counters?.commandsRun ?? []).toEqual([]);
  });

  it("ignores arguments rather than failing", () => {
    const r = run("isaHelp", '"?"');
    expect(r.lines[0]).toMatch(/^isatriage: /);
  });
});

describe("no alias ever throws into the debugger", () => {
  const odd: unknown[] = [undefined, null, NaN, Infinity, -0, "", " ", "\u0000", {}, [], () => 1, Symbol("s"), { toString() { throw new Error("x"); } },
    { get KernelObject() { throw new Error("gone"); } }, int64(-1n), int64(0n), "0xffffffffffffffffff"];
  it.each(["isaCpuCheck", "isaLocks", "isaIrps", "isaHelp"])("%s with odd values", (alias) => {
    const d = loadDirect(SEED);
    for (const v of odd) {
      const o = d.call(alias, v);
      expect(o.threw, `${alias} with odd value #${odd.indexOf(v)}`).toBeUndefined();
      expect(o.console.length).toBeGreaterThan(0);
    }
  });
});

describe("!isaLocks and !isaIrps on every scenario: clean ending, escaped output, safe commands", () => {
  const cases = scenarioFiles().map((p) => {
    const s = scenarioJson(p);
    const threads = (s.processes ?? []).flatMap((q: any) => q.threads ?? []).filter((t: any) => t.object && (t.irps ?? []).length > 0);
    return { name: p.split("/").pop()!, p, s, thread: threads.length > 0 ? "0x" + bareHex(threads[0].object) : "0x1000" };
  });
  it.each(cases)("$name", ({ p, s, thread }) => {
    const exp = s.expect ?? {};
    for (const [alias, arg] of [["isaLocks", undefined], ["isaIrps", thread]] as const) {
      const r = run(alias, arg, p);
      expect(r.exitCode, `${alias}: ${r.stdout.slice(0, 500)}`).toBe(0);
      expect(r.stdout).not.toMatch(/^Error:/m);
      expect(r.lines[r.lines.length - 1], alias).toMatch(/^Summary: /);
      for (const bad of exp.outputMustNotContain ?? []) expect(r.stdout, `${alias} output`).not.toContain(bad);
      // Dump strings are escaped: no control character but the line breaks the command itself writes.
      expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
      for (const cmd of r.counters?.commandsRun ?? []) {
        expect(cmd).toMatch(/^(lm|lmv a 0x[0-9a-f]+|ln 0x[0-9a-f]+)$/);
        for (const bad of exp.commandsMustNotContain ?? []) expect(cmd.toLowerCase()).not.toContain(String(bad).toLowerCase());
      }
    }
  });
});
