// The mock Debugger.Utility.FileSystem (test/sim/filesystem.ts): phase 2 only, documented methods, real files in a
// temporary folder, and failures as throws (an existing file with "CreateNew", a missing directory, a closed file).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createHost } from "../sim/host";
import { makeFixture } from "./fixtures";

const dir = mkdtempSync(join(tmpdir(), "isatriage-fs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function host(phase2 = true): any {
  const sim = createHost(makeFixture().dump);
  if (phase2) sim.phase2();
  return sim.host;
}

describe("Debugger.Utility.FileSystem", () => {
  it("does not exist before initializeScript returns (phase 1 has no namespace)", () => {
    expect(host(false).namespace).toBeUndefined();
  });

  it("writes lines through CreateFile / CreateTextWriter / WriteLine / Close, and reports the full Path", () => {
    const fs = host().namespace.Debugger.Utility.FileSystem;
    const path = join(dir, "a.json");
    expect(fs.FileExists(path)).toBe(false);
    const file = fs.CreateFile(path, "CreateNew");
    const w = fs.CreateTextWriter(file, "Ascii");
    w.WriteLine("{");
    w.Write("}");
    expect(file.Path).toBe(path);
    file.Close();
    expect(readFileSync(path, "utf8")).toBe("{\r\n}");
    expect(fs.FileExists(path)).toBe(true);
    expect(() => w.WriteLine("late")).toThrow(/closed/);
  });

  it.each([
    ["CreateNew on an existing file", (fs: any, p: string) => (writeFileSync(p, "keep"), fs.CreateFile(p, "CreateNew")), /exists/],
    ["OpenExisting on a missing file", (fs: any, p: string) => fs.CreateFile(p + ".none", "OpenExisting"), /cannot find/],
    ["a missing directory", (fs: any, p: string) => fs.CreateFile(join(p + ".d", "x", "y.json"), "CreateNew"), /cannot find/],
    ["an unknown disposition", (fs: any, p: string) => fs.CreateFile(p, "Overwrite"), /disposition/],
    ["an unknown encoding", (fs: any, p: string) => fs.CreateTextWriter(fs.CreateFile(p + ".e", "CreateAlways"), "Latin1"), /encoding/],
  ])("throws on %s", (_n, act, why) => {
    const fs = host().namespace.Debugger.Utility.FileSystem;
    const p = join(dir, "t-" + Math.random().toString(16).slice(2));
    expect(() => act(fs, p)).toThrow(why);
  });

  it("an existing file survives a refused CreateNew", () => {
    const fs = host().namespace.Debugger.Utility.FileSystem;
    const p = join(dir, "kept.json");
    writeFileSync(p, "original");
    expect(() => fs.CreateFile(p, "CreateNew")).toThrow();
    expect(readFileSync(p, "utf8")).toBe("original");
  });

  it("an Ascii writer refuses a character it cannot encode; Delete removes the file", () => {
    const fs = host().namespace.Debugger.Utility.FileSystem;
    const p = join(dir, "ascii.txt");
    const file = fs.CreateFile(p, "CreateNew");
    expect(() => fs.CreateTextWriter(file, "Ascii").WriteLine("caf\u00e9")).toThrow(/encoded/);
    file.Delete();
    expect(fs.FileExists(p)).toBe(false);
  });

  if (process.platform !== "win32") {
    it("a Windows drive path is a missing directory on this machine, never a file named C:\\...", () => {
      const fs = host().namespace.Debugger.Utility.FileSystem;
      expect(fs.FileExists("C:\\cases\\case.json")).toBe(false);
      expect(() => fs.CreateFile("C:\\cases\\case.json", "CreateNew")).toThrow(/cannot find/);
    });
  }
});
