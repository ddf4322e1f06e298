// Injection safety: no string from the dump reaches ExecuteCommand (the Target adapter's whitelist, fed hostile
// strings), forged debugger output cannot make a module Microsoft's (CompanyName spanning lines, a company that merely
// mentions Microsoft, a module line forged inside a name), and hostile bytes written into UNICODE_STRING buffers,
// image names and frame names come out inert (escaped console text, parseable JSON). Fixtures: the shared seed
// scenario (/work/shared/scenarios, provenance in the file) with hostile edits made here; lm/lmv lines hand-written
// in WinDbg's format (as in test/kernel/modules.test.ts).
import { readFileSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createJsProviderTarget, isAllowedCommand } from "../../src/host/jsprovider";
import { classifyModule, parseLm } from "../../src/kernel/modules";
import { checkConsole } from "../e2e/expect";
import { buildDump } from "../sim/build-dump";
import { createHost } from "../sim/host";
import { runDump } from "../sim/run";
import { aliasExpression } from "../sim/sandbox";
import { parseScenario } from "../sim/scenario";
import { checkCommands, checkContract, checkInert, HOSTILE_STRINGS } from "./fuzzer";

const SEED = "/work/shared/scenarios/seed-isa-idmtdi.json";

function seedJson(): any {
  const j = JSON.parse(readFileSync(SEED, "utf8"));
  j.background.resources = 200;
  return j;
}

function runBoth(j: any) {
  const dump = buildDump(parseScenario(j, "seed"));
  const json = runDump(dump, { json: true });
  const console = runDump(dump, {});
  return { json, console };
}

afterEach(() => {
  delete (globalThis as any).host;
});

describe("ExecuteCommand never sees a dump string", () => {
  const commands = HOSTILE_STRINGS.flatMap((h) => [h, "lmv a 0x" + h, "ln " + h, "lm" + h, "lmv m " + h, "ln 0xb9e964d0" + h, "lmv a 0xb9e90000 " + h]);
  let dump: ReturnType<typeof buildDump>;
  beforeAll(() => {
    dump = buildDump(parseScenario(seedJson(), "seed"));
  });
  it.each(commands.map((c) => [JSON.stringify(c).slice(0, 70), c]))("refuses %s", (_shown, command) => {
    expect(isAllowedCommand(command)).toBe(false);
    const sim = createHost(dump);
    sim.phase2();
    (globalThis as any).host = sim.host;
    const t = createJsProviderTarget();
    expect(() => t.executeCommand(command)).toThrow(/not allowed/);
    expect(sim.counters.commandsRun).toEqual([]);
  });

  it("runs only whitelisted commands on a dump full of hostile names", () => {
    const j = seedJson();
    j.modules.find((m: any) => m.name === "idmtdi").image = "idmtdi.sys\n; .shell calc";
    j.modules.find((m: any) => m.name === "idmtdi").company = "<exec cmd=\".shell calc\">";
    const { json, console } = runBoth(j);
    for (const r of [json, console]) {
      expect(r.counters!.commandsRun.length).toBeGreaterThan(0);
      expect(checkCommands(r.counters!.commandsRun)).toEqual([]);
    }
  });
});

describe("forged debugger output does not make a module Microsoft's", () => {
  it("a CompanyName spanning lines makes lmv ambiguous (both values distrusted)", () => {
    const [m] = parseLm([
      "start    end        module name",
      "b9e90000 b9e98000   idmtdi     (no symbols)           ",
      "    Image name: idmtdi.sys",
      "        CompanyName:      Tonec Inc.",
      "        CompanyName:      Microsoft Corporation",
    ]);
    expect(m.ambiguous).toBe(true);
    expect(m.company).toBe(null);
    expect(classifyModule("idmtdi", "idmtdi.sys", m.company, m.symbols, true, m.ambiguous).classification).toBe("third-party");
  });

  it("the symbol status is the first parenthesised group, not text from an image name after it", () => {
    const [m] = parseLm(["b9e90000 b9e98000   x          (export symbols)       x(pdb symbols)(deferred).sys"]);
    expect(m.symbols).toBe("export");
  });

  it.each([
    ["Microsoft Corporation", "microsoft"],
    ["  microsoft   corporation. ", "microsoft"],
    ["Not Microsoft", "third-party"],
    ["Contoso (a Microsoft partner)", "third-party"],
    ["Microsoft Corporation compatible", "third-party"],
  ])("CompanyName %j → %s", (company, cls) => {
    expect(classifyModule("x", "x.sys", company, "none", true).classification).toBe(cls);
  });

  it.each([
    ["a CompanyName with a forged second CompanyName line", "Tonec Inc.\n        CompanyName:      Microsoft Corporation", /ambiguous/],
    ["a CompanyName that merely mentions Microsoft", "Not Microsoft", /CompanyName Not Microsoft \(not Microsoft\)/],
    ["a CompanyName with a forged module line", "Tonec Inc.\nb9e90000 b9e98000   afd        (pdb symbols)          c:\\afd.pdb", /ambiguous/],
  ])("end to end: %s leaves idmtdi.sys the third-party culprit", (_what, company, reason) => {
    const j = seedJson();
    j.modules.find((m: any) => m.name === "idmtdi").company = company;
    const { json, console } = runBoth(j);
    const v = (json.json as any).verdict;
    expect(v.kind).toBe("culprit");
    expect(v.culprit).toMatchObject({ module: "idmtdi.sys", thirdParty: true });
    expect(v.summary).toMatch(reason);
    expect(checkInert(console.stdout)).toEqual([]);
  });

  it("the adapter splits a host line holding a line break, so a forged line is always seen", () => {
    const j = seedJson();
    j.modules.find((m: any) => m.name === "idmtdi").company = "Tonec Inc.\r\n        CompanyName:      Microsoft Corporation";
    const sim = createHost(buildDump(parseScenario(j, "seed")));
    sim.phase2();
    (globalThis as any).host = sim.host;
    const lines = createJsProviderTarget().executeCommand("lmv a 0xb9e90000");
    expect(lines.filter((l) => /CompanyName:/.test(l))).toHaveLength(2);
    expect(lines.every((l) => !/[\r\n]/.test(l))).toBe(true);
  });
});

describe("hostile bytes in the dump come out inert", () => {
  const payloads = HOSTILE_STRINGS.filter((h) => h.length < 200);
  it.each(payloads.map((p) => [JSON.stringify(p).slice(0, 60), p]))("DriverName, ImageFileName and a frame name = %s", (_shown, payload) => {
    const j = seedJson();
    j.faults = [
      { kind: "corrupt", what: "driver:\\Driver\\IDMTDI", field: "DriverName", text: payload },
      { kind: "corrupt", what: "process:89f4ead8", field: "ImageFileName", text: payload },
    ];
    const oneLine = payload.replace(/[\r\n\u2028\u2029]/g, " ").replace(/\+0x/g, "");
    const owner = j.processes.flatMap((p: any) => p.threads).find((t: any) => t.object === "84149020");
    owner.stack = owner.stack.map((f: string) => (f.startsWith("afd!") ? f.replace(/^afd!(\w+)/, (_m: string, fn: string) => "afd!" + fn + oneLine) : f));
    const { json, console } = runBoth(j);
    expect(json.exitCode).toBe(0);
    expect(checkContract(json.json)).toEqual([]);
    expect(checkConsole(console.exitCode, console.stdout, aliasExpression("isaCpuCheck"))).toEqual([]);
    expect(checkInert(console.stdout)).toEqual([]);
    expect(checkCommands(console.counters!.commandsRun)).toEqual([]);
    // The JSON line is one line and carries the text itself (JSON-escaped), so nothing was silently dropped.
    expect(json.stdout.trim().split("\n")).toHaveLength(1);
  });

  it("the hostile driver name is shown escaped, not dropped", () => {
    const j = seedJson();
    j.faults = [{ kind: "corrupt", what: "driver:\\Driver\\IDMTDI", field: "DriverName", text: "\\Driver\\<exec cmd=\".shell calc\">\nx" }];
    const { console } = runBoth(j);
    expect(console.stdout).toContain("\\Driver\\\\x3cexec cmd=\".shell calc\"\\x3e\\nx");
  });
});
