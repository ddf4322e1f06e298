// Tests of the simulate core (test/sim/run.ts) and the CLI (scripts/simulate.ts): plain and --json output, exit codes.
// The script under test here is a tiny stand-in written below, not the real extension (the e2e tests run that).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDump, runScenario, withJsonArgument } from "../sim/run";
import { makeFixture } from "./fixtures";

/** A stand-in extension: `!isaCpuCheck [name] ["json"]` counts the threads of the named process. */
const STAND_IN = `"use strict";
function check(name, mode) {
  if (name === "json") { mode = "json"; name = undefined; }
  var target = name || "wspsrv.exe";
  var p = host.currentSession.Processes.Where(function (x) { return x.Name === target; });
  if (p.Count() === 0) throw new Error("no process " + target);
  var threads = p.First().Threads.Count();
  var result = { process: target, threads: threads, toString: function () { return target + ": " + threads + " threads"; } };
  if (mode === "json") { host.diagnostics.debugLog(JSON.stringify({ process: target, threads: threads }) + "\\n"); return undefined; }
  host.diagnostics.debugLog("isaCpuCheck: looking at " + target + "\\n");
  return result;
}
function initializeScript() { return [new host.apiVersionSupport(1, 7), new host.functionAlias(check, "isaCpuCheck")]; }
function uninitializeScript() {}
`;

describe("runDump", () => {
  it("plain mode prints the console output, then the dx rendering", () => {
    const r = runDump(makeFixture().dump, { scriptText: STAND_IN });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        "isaCpuCheck: looking at wspsrv.exe",
        "@$isaCpuCheck()                 : wspsrv.exe: 2 threads",
        "    process          : wspsrv.exe",
        "    threads          : 0x2",
        "",
      ].join("\n"),
    );
    expect(r.counters!.dataModelCalls).toBeGreaterThan(0);
  });
  it("--arg passes a dx expression", () => {
    const r = runDump(makeFixture().dump, { scriptText: STAND_IN, arg: '"System"' });
    expect(r.stdout).toContain('@$isaCpuCheck("System")                 : System: 1 threads');
  });
  it.each([
    [undefined, '"json"'],
    ['"app.exe"', '("app.exe", "json")'],
    ['("app.exe", 5)', '("app.exe", 5, "json")'],
    ["()", '("json")'],
  ])("--json appends the json argument to %s", (arg, want) => {
    expect(withJsonArgument(arg)).toBe(want);
  });
  it("--json prints only the one JSON line and parses it", () => {
    const r = runDump(makeFixture().dump, { scriptText: STAND_IN, json: true });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('{"process":"wspsrv.exe","threads":2}\n');
    expect(r.json).toEqual({ process: "wspsrv.exe", threads: 2 });
    const r2 = runDump(makeFixture().dump, { scriptText: STAND_IN, json: true, arg: '"System"' });
    expect(r2.json).toEqual({ process: "System", threads: 1 });
  });
  it("an uncaught exception prints WinDbg's error line and exits 1", () => {
    const r = runDump(makeFixture().dump, { scriptText: STAND_IN, arg: '"nosuch.exe"' });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^Error: no process nosuch\.exe \[at isatriage \(line \d+ col \d+\)\]\n$/);
  });
  it("a script that does not load exits 1 with the reason on stderr", () => {
    const r = runDump(makeFixture().dump, { scriptText: "var initializeScript = function () { return []; };" });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/initializeScript must be a top-level function declaration/);
  });
});

describe("runScenario and the CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "isatriage-sim-"));
  const bad = join(dir, "bad.json");
  writeFileSync(bad, '{"format": "isatriage-scenario/1", "dump": {"os": "vista"}}');
  it("an invalid scenario: exit 2, one line on stderr", () => {
    const r = runScenario(bad);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(runScenario(join(dir, "missing.json")).exitCode).toBe(2);
  });
  it("npm run simulate exits 2 on an invalid scenario and on bad options", () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, ["scripts/run.mjs", "scripts/simulate.ts", ...args], { encoding: "utf8" });
    const r = cli(bad);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(cli("--bogus").status).toBe(2);
  });
});
