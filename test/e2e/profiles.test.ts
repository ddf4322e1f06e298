// Every plausible WinDbg, one verdict: each scenario of ../shared/scenarios and test/scenarios is run under every host
// profile of test/sim/profiles.ts and must give the default's verdict kind, culprit module and confidence, and satisfy
// its own expect block. The dump is built once per scenario and served by a fresh host per profile.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runDump } from "../sim/run";
import { buildDump } from "../sim/build-dump";
import { loadScenario } from "../sim/scenario";
import { HOST_PROFILE_NAMES } from "../sim/profiles";
import { checkJson, type Expect } from "./expect";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const list = (d: string) => (existsSync(d) ? readdirSync(d).filter((f) => f.endsWith(".json")).sort().map((f) => join(d, f)) : []);
const files = [...list(resolve(repo, "../shared/scenarios")), ...list(resolve(repo, "test/scenarios"))];

/** What must not change from one WinDbg to another. */
export function verdictKey(json: unknown): string {
  const v = (json as { verdict?: { kind?: string; culprit?: { module?: string } | null; confidence?: string } }).verdict ?? {};
  return `${v.kind} ${v.culprit ? String(v.culprit.module).toLowerCase() : "-"} ${v.confidence}`;
}

const PROFILES = HOST_PROFILE_NAMES.filter((p) => p !== "default");

describe.each(files.map((f) => [basename(f), f]))("%s under every host profile", (_name, path) => {
  it("same verdict, culprit and confidence as the default host; expect block holds", () => {
    const exp = JSON.parse(readFileSync(path, "utf8")).expect as Expect;
    const dump = buildDump(loadScenario(path));
    const base = runDump(dump, { json: true, arg: exp.arg });
    expect(base.exitCode, base.stderr + base.stdout.slice(0, 500)).toBe(0);
    const want = verdictKey(base.json);
    const got: Record<string, string> = {};
    const broken: Record<string, string[]> = {};
    for (const profile of PROFILES) {
      const r = runDump(dump, { json: true, arg: exp.arg, hostProfile: profile });
      got[profile] = r.exitCode === 0 ? verdictKey(r.json) : `exit ${r.exitCode}: ${(r.stderr + r.stdout).slice(0, 300)}`;
      if (r.exitCode === 0) {
        const problems = checkJson(exp, r.json);
        if (problems.length > 0) broken[profile] = problems;
      }
    }
    const expected: Record<string, string> = {};
    for (const profile of PROFILES) expected[profile] = want;
    expect(got).toEqual(expected);
    expect(broken).toEqual({});
  });

  it("under strict, the console text is the default's word for word (bar the note on where the module list came from)", () => {
    const arg = (JSON.parse(readFileSync(path, "utf8")).expect as Expect).arg;
    const dump = buildDump(loadScenario(path));
    const text = (hostProfile?: string) => consoleText(runDump(dump, { arg, hostProfile }).stdout);
    expect(text("strict")).toBe(text());
  });
});

/** Console output without the data-quality note a module list from `lm` adds (and its section, when that is all). */
function consoleText(stdout: string): string {
  const note = /  - the data model listed no kernel modules[^\n]*\n/;
  return stdout.replace(new RegExp("\n\nData quality:\n" + note.source + "(?=\n)"), "\n").replace(note, "");
}
