// End-to-end: every scenario in ../shared/scenarios and test/scenarios is run through the simulator in-process
// (test/sim/run.ts, the same path as `npm run simulate`) with the bundled extension, and its `expect` block is checked
// against the --json result (test/e2e/expect.ts); a console run must end with the verdict line and never throw.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runScenario } from "../sim/run";
import { aliasExpression } from "../sim/sandbox";
import { checkConsole, checkJson, checkOutputSafety, type Expect } from "./expect";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SHARED = resolve(repo, "../shared/scenarios");
const OWN = resolve(repo, "test/scenarios");

function scenarioFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => join(dir, f));
}

const files = [...(existsSync(SHARED) ? scenarioFiles(SHARED) : []), ...scenarioFiles(OWN)];

function expectOf(path: string): Expect {
  const e = JSON.parse(readFileSync(path, "utf8")).expect as Expect | undefined;
  if (!e) throw new Error(`${basename(path)} has no expect block`);
  return e;
}

describe("scenario corpus", () => {
  it("finds the shared scenarios and ours", () => {
    expect(existsSync(SHARED), SHARED).toBe(true);
    expect(scenarioFiles(SHARED).length).toBeGreaterThanOrEqual(3);
    expect(scenarioFiles(OWN).length).toBeGreaterThanOrEqual(10);
  });
});

describe.each(files.map((f) => [basename(f), f]))("%s", (_name, path) => {
  const exp = expectOf(path);

  it("--json result satisfies the expect block", () => {
    const r = runScenario(path, { json: true, arg: exp.arg });
    expect(r.stderr, "stderr").toBe("");
    expect(r.exitCode, r.stdout.slice(0, 2000)).toBe(0);
    expect(checkJson(exp, r.json)).toEqual([]);
    expect(checkOutputSafety({ verdict: [], commandsMustNotContain: exp.commandsMustNotContain }, "", r.counters?.commandsRun ?? [])).toEqual([]);
  });

  it("console run ends with the verdict line, no uncaught error", () => {
    const r = runScenario(path, { arg: exp.arg });
    expect(r.stderr, "stderr").toBe("");
    expect(checkConsole(r.exitCode, r.stdout, aliasExpression("isaCpuCheck", exp.arg))).toEqual([]);
    expect(checkOutputSafety(exp, r.stdout, r.counters?.commandsRun ?? [])).toEqual([]);
  });
});
