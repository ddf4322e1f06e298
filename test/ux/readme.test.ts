// README.md cannot go stale: its newcomer lines stay on top, the demo block between <!-- demo:begin --> and
// <!-- demo:end --> is exactly what `npm run demo` prints today (the seed scenario through runScenario, plain mode), it
// names every registered command, and the batch-triage recipe's JSON mode prints one parseable line on every scenario.
// After an intended output change: `UPDATE_README=1 npx vitest run test/ux/readme.test.ts` rewrites the demo block.
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScenario } from "../sim/run";
import { consoleLines, registeredAliases, REPO, scenarioFiles, scenarioJson, SEED } from "./helpers";

const README = join(REPO, "README.md");
const BEGIN = "<!-- demo:begin -->";
const END = "<!-- demo:end -->";

const TOP = [
  "# isatriage",
  "",
  "```",
  "npm ci && npm run demo     # the seed case's analysis, exactly as WinDbg prints it",
  "npm test                   # type-check, prove dist/ is a fresh build, run every test",
  "```",
];

/** The demo block as the README must hold it: a ```text fence around today's output. */
function demoBlock(stdout: string): string {
  return BEGIN + "\n```text\n" + stdout.replace(/\n$/, "") + "\n```\n" + END;
}

describe("README.md", () => {
  const demo = runScenario(SEED);

  it("the demo run itself succeeds", () => {
    expect(demo.exitCode, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/^Verdict: /m);
  });

  it("keeps the two newcomer commands at the top", () => {
    const text = readFileSync(README, "utf8");
    expect(text.split("\n").slice(0, TOP.length)).toEqual(TOP);
  });

  it("holds exactly today's `npm run demo` output between the demo markers", () => {
    const want = demoBlock(demo.stdout);
    const block = (text: string) => {
      const a = text.indexOf(BEGIN);
      const b = text.indexOf(END);
      expect(a, "demo:begin marker").toBeGreaterThan(0);
      expect(b, "demo:end marker").toBeGreaterThan(a);
      return { a, end: b + END.length, text: text.slice(a, b + END.length) };
    };
    let text = readFileSync(README, "utf8");
    const now = block(text);
    if (process.env.UPDATE_README === "1" && now.text !== want) {
      text = text.slice(0, now.a) + want + text.slice(now.end);
      writeFileSync(README, text);
    }
    expect(block(text).text).toBe(want);
  });

  it("documents every registered command", () => {
    const text = readFileSync(README, "utf8");
    for (const a of registeredAliases()) expect(text, a).toContain("!" + a);
  });

  it("shows the batch recipe with the JSON form of !isaCpuCheck", () => {
    const text = readFileSync(README, "utf8");
    expect(text).toContain('!isaCpuCheck ("wspsrv.exe", "json")');
    expect(text).toContain("kd -z");
  });
});

describe("batch triage: the JSON form prints exactly one line that parses as the contract, on every scenario", () => {
  it.each(scenarioFiles().map((p) => [basename(p), p]))("%s", (_name, path) => {
    const s = scenarioJson(path);
    const name = typeof s.expect?.arg === "string" && /^"[^"]+"$/.test(s.expect.arg) ? s.expect.arg : '"wspsrv.exe"';
    const arg = `(${name}, "json")`;
    const r = runScenario(path, { arg });
    expect(r.exitCode).toBe(0);
    const lines = consoleLines(r.stdout, "isaCpuCheck", arg);
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith("{")).toBe(true);
    const j = JSON.parse(lines[0]);
    expect(["culprit", "no-culprit", "not-applicable"]).toContain(j.verdict.kind);
    expect(["high", "medium", "low"]).toContain(j.verdict.confidence);
    expect(typeof j.verdict.summary).toBe("string");
    expect(j.verdict.culprit === null || typeof j.verdict.culprit.module === "string").toBe(true);
    expect(Array.isArray(j.contention)).toBe(true);
    for (const c of j.contention) expect(c.resource).toMatch(/^0x[0-9a-f]+$/);
    expect(Array.isArray(j.dataQuality.notes)).toBe(true);
  });
});
