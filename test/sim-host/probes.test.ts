// Probes of documented usage: small scripts of our own (test/sim-host/probes/*.js), written the way Microsoft's docs
// and widely used public scripts call JsProvider, loaded in the sandbox on real scenario dumps under every host
// profile. Their results are checked against the dump's own facts, so the simulator is tested on usage it was not
// written for. Where a profile legitimately changes what a script sees (bare hex, an empty module list), the expected
// value says so.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildDump } from "../sim/build-dump";
import type { SimDump } from "../sim/dump";
import { createHost } from "../sim/host";
import { HOST_PROFILE_NAMES, resolveHostProfiles } from "../sim/profiles";
import { loadScenario } from "../sim/scenario";
import { loadScript } from "../sim/sandbox";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const DUMPS: [string, string][] = [
  ["2003 x86 seed", "../shared/scenarios/seed-isa-idmtdi.json"],
  ["Windows 10 x64", "test/scenarios/win10-sqlservr-deadlock-3way-pwdlp.json"],
];
const built = new Map<string, SimDump>();
const dumpOf = (file: string) => {
  let d = built.get(file);
  if (!d) built.set(file, (d = buildDump(loadScenario(resolve(repo, file)))));
  return d;
};

function runProbe(name: string, dump: SimDump, profile: string): any {
  const sim = createHost(dump, { behaviour: resolveHostProfiles(profile) });
  const file = resolve(here, "probes", name);
  const loaded = loadScript(readFileSync(file, "utf8"), sim, { filename: file });
  const r = loaded.invokeAlias("probe");
  if (r.error) throw new Error(`${name} under ${profile}: ${r.error.line}`);
  loaded.unload();
  return JSON.parse(JSON.stringify(r.returned));
}

const cases = DUMPS.flatMap(([what, file]) => HOST_PROFILE_NAMES.map((p) => [what, p, file] as const));

describe.each(cases)("%s, host profile %s", (_what, profile, file) => {
  const dump = dumpOf(file);
  const b = resolveHostProfiles(profile);

  it("Int64 arithmetic (the scripting doc's table, basics/Int64.js)", () => {
    expect(runProbe("int64-arithmetic.js", dump, profile)).toEqual({
      high: 0xdeadbeef,
      low: 0xbaadc0de,
      sum: 1353,
      masked: 0xc0de,
      shifted: 0xdeadbeef,
      cmp: [1, -1, 0],
      lossy: true,
      viaOperator: true,
      hex: b.bareHex ? "deadbeefbaadc0de" : "0xdeadbeefbaadc0de",
      pair: 0,
      numberAdd: 12,
    });
  });

  it("FromListEntry over PsActiveProcessHead with readString and .address (hugsy)", () => {
    const got = runProbe("process-list.js", dump, profile) as { name: string; pid: string }[];
    const want = dump.processes.map((p) => ({ name: p.name.slice(0, 15), pid: (b.bareHex ? "" : "0x") + p.pid.toString(16) }));
    expect(got).toEqual(want);
  });

  it("data-model Threads agree with each KernelObject.ThreadListHead", () => {
    const got = runProbe("thread-lists.js", dump, profile) as { name: string; id: number; model: number; list: number }[];
    expect(got.map((p) => [p.name, p.id, p.model])).toEqual(dump.processes.map((p) => [p.name, p.pid, p.threads.length]));
    for (const p of got) expect(p.list, p.name).toBe(p.model);
  });

  it("type info: fields.X.offset, size, typed-object navigation (filterCommPorts.js)", () => {
    const le = dump.type("nt", "_LIST_ENTRY")!;
    const ep = dump.type("nt", "_EPROCESS")!;
    expect(runProbe("type-info.js", dump, profile)).toEqual({
      listEntrySize: le.size,
      blinkOffset: le.fields!.find((f) => f.name === "Blink")!.offset,
      links: ep.fields!.find((f) => f.name === "ActiveProcessLinks")!.offset,
      flinkIsNull: false,
      backToHead: true,
      kind: "udt",
    });
  });

  it("ExecuteCommand lines and the System process's modules (telescope.js)", () => {
    expect(runProbe("commands-and-modules.js", dump, profile)).toEqual({
      lmLines: dump.modules.length + 1,
      ntLine: true,
      is64: dump.pointerSize === 8,
      // no-modules: the System process is the current one, whose Modules throws (crash-process: an empty one).
      modules: b.noModules ? (b.crashProcess ? 0 : -1) : dump.modules.length,
    });
  });
});
