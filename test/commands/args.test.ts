// Table-driven tests of the !isaCpuCheck argument parser (src/commands/args.ts): values as WinDbg hands them over.
import { describe, expect, test } from "vitest";
import { parseCpuCheckArgs, UsageError, DEFAULT_TARGET, DEFAULT_TOP_THREADS } from "../../src/commands/args";

const int64Like = (n: number) => ({ asNumber: () => n, convertToNumber: () => n });

const accepted: { args: unknown[]; targets: string[]; top?: number; json?: boolean; help?: boolean }[] = [
  { args: [], targets: [DEFAULT_TARGET] },
  { args: [undefined], targets: [DEFAULT_TARGET] },
  { args: ["w3wp.exe"], targets: ["w3wp.exe"] },
  { args: ["  app.exe "], targets: ["app.exe"] },
  { args: ["w3wp.exe", 20], targets: ["w3wp.exe"], top: 20 },
  { args: ["w3wp.exe", int64Like(5)], targets: ["w3wp.exe"], top: 5 },
  { args: ["json"], targets: [DEFAULT_TARGET], json: true },
  { args: ["app.exe", "json"], targets: ["app.exe"], json: true },
  { args: ["app.exe", 3, "JSON"], targets: ["app.exe"], top: 3, json: true },
  { args: ["?"], targets: [DEFAULT_TARGET], help: true },
  { args: ["help"], targets: [DEFAULT_TARGET], help: true },
  { args: ["a.exe", "b.exe"], targets: ["a.exe", "b.exe"] },
];

describe("parseCpuCheckArgs accepts", () => {
  test.each(accepted)("$args", ({ args, targets, top, json, help }) => {
    const o = parseCpuCheckArgs(args);
    expect(o.targetNames).toEqual(targets);
    expect(o.topThreads).toBe(top ?? DEFAULT_TOP_THREADS);
    expect(o.json).toBe(json ?? false);
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
