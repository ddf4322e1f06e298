// Table-driven tests of the !isaCpuCheck argument parser (src/commands/args.ts): values as WinDbg hands them over.
import { describe, expect, test } from "vitest";
import { parseCpuCheckArgs, parseScenarioArgs, UsageError, DEFAULT_TARGET, DEFAULT_TOP_THREADS } from "../../src/commands/args";

const int64Like = (n: number) => ({ asNumber: () => n, convertToNumber: () => n });

const accepted: { args: unknown[]; targets: string[]; top?: number; json?: boolean; verbose?: boolean; help?: boolean }[] = [
  { args: [], targets: [DEFAULT_TARGET] },
  { args: [undefined], targets: [DEFAULT_TARGET] },
  { args: ["w3wp.exe"], targets: ["w3wp.exe"] },
  { args: ["  app.exe "], targets: ["app.exe"] },
  { args: ["w3wp.exe", 20], targets: ["w3wp.exe"], top: 20 },
  { args: ["w3wp.exe", int64Like(5)], targets: ["w3wp.exe"], top: 5 },
  { args: ["json"], targets: [DEFAULT_TARGET], json: true },
  { args: ["app.exe", "json"], targets: ["app.exe"], json: true },
  { args: ["app.exe", 3, "JSON"], targets: ["app.exe"], top: 3, json: true },
  { args: ["verbose"], targets: [DEFAULT_TARGET], verbose: true },
  { args: ["w3wp.exe", "VERBOSE", 20], targets: ["w3wp.exe"], top: 20, verbose: true },
  { args: ["?"], targets: [DEFAULT_TARGET], help: true },
  { args: ["help"], targets: [DEFAULT_TARGET], help: true },
  { args: ["a.exe", "b.exe"], targets: ["a.exe", "b.exe"] },
];

describe("parseCpuCheckArgs accepts", () => {
  test.each(accepted)("$args", ({ args, targets, top, json, verbose, help }) => {
    const o = parseCpuCheckArgs(args);
    expect(o.targetNames).toEqual(targets);
    expect(o.topThreads).toBe(top ?? DEFAULT_TOP_THREADS);
    expect(o.json).toBe(json ?? false);
    expect(o.verbose).toBe(verbose ?? false);
    expect(o.help).toBe(help ?? false);
  });
});

const refused: { args: unknown[]; message: RegExp }[] = [
  { args: [""], message: /empty process name/ },
  { args: ["a\nb.exe"], message: /not a process image name/ },
  { args: ['x"><exec cmd=".shell calc">'], message: /not a process image name/ },
  { args: [0], message: /whole number from 1/ },
  { args: [2.5], message: /whole number from 1/ },
  { args: [100000], message: /whole number from 1/ },
  { args: [true], message: /argument 1 is boolean true/ },
  { args: [{}], message: /argument 1 is an object/ },
  { args: ["a.exe", null], message: /argument 2 is null/ },
];

describe("parseCpuCheckArgs refuses", () => {
  test.each(refused)("$args", ({ args, message }) => {
    expect(() => parseCpuCheckArgs(args)).toThrowError(UsageError);
    expect(() => parseCpuCheckArgs(args)).toThrowError(message);
  });
});

const scenarioAccepted: { args: unknown[]; targets: string[]; path: string | null; redact?: boolean; top?: number }[] = [
  { args: [], targets: [DEFAULT_TARGET], path: null },
  { args: ["w3wp.exe", "C:\\cases\\case.json"], targets: ["w3wp.exe"], path: "C:\\cases\\case.json" },
  { args: ["w3wp.exe", "out/case.json", "redact"], targets: ["w3wp.exe"], path: "out/case.json", redact: true },
  { args: ["case.JSON", "w3wp.exe", 5], targets: ["w3wp.exe"], path: "case.JSON", top: 5 },
  { args: ["\\\\server\\share\\case.txt"], targets: [DEFAULT_TARGET], path: "\\\\server\\share\\case.txt" },
  { args: ["REDACT"], targets: [DEFAULT_TARGET], path: null, redact: true },
];

describe("parseScenarioArgs: a string ending in .json or holding a path separator is the output file", () => {
  test.each(scenarioAccepted)("$args", ({ args, targets, path, redact, top }) => {
    const o = parseScenarioArgs(args);
    expect(o.targetNames).toEqual(targets);
    expect(o.outputPath).toBe(path);
    expect(o.redact).toBe(redact ?? false);
    expect(o.topThreads).toBe(top ?? DEFAULT_TOP_THREADS);
  });

  test.each([
    [["a.json", "b.json"], /one output file/],
    [["case\u0007.json"], /control characters/],
    [["C:\\cases\\case\u2028.json"], /control characters/],
    [["C:\\cases\\*.json"], /not a file path/],
    [['out/"x".json'], /not a file path/],
    [["C:\\cases\\"], /names a folder/],
    [["x".repeat(1100) + ".json"], /longer than 1024/],
  ])("refuses %j", (args, message) => {
    expect(() => parseScenarioArgs(args as unknown[])).toThrowError(UsageError);
    expect(() => parseScenarioArgs(args as unknown[])).toThrowError(message);
  });
});
