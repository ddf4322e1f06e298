// Clear refusals through the bundle: a dump the command cannot analyse gives verdict not-applicable with one plain
// sentence saying why and, where a command fixes it, which (`.reload /f nt`), and the run still ends normally with
// its verdict line. The user-dump and no-nt-symbols scenario files are also run by test/e2e (verdict kind only); the
// missing nt!ExpSystemResourcesList case exists only here (nt types present, the global absent from the symbols).
// Fixtures: test/scenarios/*-not-applicable.json and the shared seed scenario (provenance in each file / README).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkConsole } from "../e2e/expect";
import { type BuiltDump, buildDump } from "../sim/build-dump";
import { runDump } from "../sim/run";
import { aliasExpression } from "../sim/sandbox";
import { parseScenario } from "../sim/scenario";
import { checkContract } from "./fuzzer";

const OWN = resolve(dirname(fileURLToPath(import.meta.url)), "../scenarios");

function dumpOf(path: string): { dump: BuiltDump; arg?: string } {
  const j = JSON.parse(readFileSync(path, "utf8"));
  if (j.background) j.background.resources = 100;
  return { dump: buildDump(parseScenario(j, path)), arg: j.expect?.arg };
}

/** The seed dump whose nt symbols know every type but not nt!ExpSystemResourcesList. */
function withoutResourceList(): { dump: BuiltDump; arg?: string } {
  const { dump } = dumpOf("/work/shared/scenarios/seed-isa-idmtdi.json");
  const symbolAddress = dump.symbolAddress;
  dump.symbolAddress = (module, name) => (name === "ExpSystemResourcesList" ? undefined : symbolAddress(module, name));
  return { dump };
}

describe("refusals: not-applicable, one sentence, the fixing command", () => {
  it.each([
    ["a user-mode dump", () => dumpOf(OWN + "/win10-user-dump-not-applicable.json"), /user-mode dump.*needs a kernel dump/, null],
    ["nt symbols missing", () => dumpOf(OWN + "/ws2008r2-no-nt-symbols-not-applicable.json"), /nt symbols are not loaded/, /\.reload \/f nt/],
    ["nt!ExpSystemResourcesList missing", withoutResourceList, /ExpSystemResourcesList/, /\.reload \/f nt/],
  ] as const)("%s", (_what, make, why, fix) => {
    const { dump, arg } = make();
    const r = runDump(dump, { json: true, arg });
    expect(r.exitCode).toBe(0);
    expect(checkContract(r.json)).toEqual([]);
    const v = (r.json as any).verdict;
    expect(v.kind).toBe("not-applicable");
    expect(v.culprit).toBe(null);
    expect(v.summary).toMatch(why);
    if (fix) expect(v.summary).toMatch(fix);
    // One plain sentence: one line, no sentence break inside.
    expect(v.summary).not.toMatch(/[\r\n]|\.\s+[A-Z]/);
    expect((r.json as any).contention).toEqual([]);
    const c = runDump(dump, { arg });
    expect(checkConsole(c.exitCode, c.stdout, aliasExpression("isaCpuCheck", arg))).toEqual([]);
    const own = c.stdout.split("\n").filter((l) => l.startsWith("Verdict:"));
    expect(own).toHaveLength(1);
    expect(own[0]).toMatch(/^Verdict: not-applicable/);
  });
});
