// `!isaScenario ("image.exe", "<file>")` writes the case through the debugger's file API (simulated on this machine's
// file system, in a temporary folder): the file replays to the same verdict, an existing file is never overwritten,
// a failed write says so in one line; and `npm run simulate` replays a debugger log that holds a printed document.
// Fixture: the shared seed scenario (provenance in its "source").
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureBundle, runScenario, type RunOptions } from "../sim/run";
import { aliasExpression } from "../sim/sandbox";
import { consoleText, SHARED_DIR } from "./helpers";
import { loadDirect } from "../ux/helpers";

const SEED = SHARED_DIR + "/seed-isa-idmtdi.json";
const bundle = ensureBundle();
const run = (path: string, o: RunOptions = {}) => runScenario(path, { ...o, scriptText: bundle.text, scriptPath: bundle.path });
const dir = mkdtempSync(join(tmpdir(), "isatriage-write-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A dx string literal of a path (backslashes doubled, as the user types them). */
const lit = (p: string) => JSON.stringify(p).replace(/\\u00([0-9a-f]{2})/g, "\\x$1");

function exportTo(file: string, extra = ""): string[] {
  const arg = `("wspsrv.exe", ${lit(file)}${extra})`;
  const r = run(SEED, { alias: "isaScenario", arg });
  expect(r.exitCode, r.stderr).toBe(0);
  return consoleText(r.stdout, aliasExpression("isaScenario", arg)).split("\n").filter((l) => l !== "");
}

const original = run(SEED, { json: true }).json as any;

function sameVerdict(j: any): void {
  expect(j.verdict.kind).toBe(original.verdict.kind);
  expect(j.verdict.culprit).toEqual(original.verdict.culprit);
  expect(j.verdict.confidence).toBe(original.verdict.confidence);
  expect(j.contention.map((c: any) => c.resource)).toEqual(original.contention.map((c: any) => c.resource));
}

describe("!isaScenario with a file name", () => {
  it("writes the document, says where in one line, and the file replays to the same verdict", () => {
    const file = join(dir, "case.json");
    const lines = exportTo(file);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp("^!isaScenario: wrote " + file.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&") + " \\(\\d+ lines, isatriage-scenario/1\\)"));
    const doc = JSON.parse(readFileSync(file, "utf8"));
    expect(doc.format).toBe("isatriage-scenario/1");
    sameVerdict(run(file, { json: true, arg: doc.expect.arg }).json);
  });

  it("a relative path is taken from the current directory, as the debugger's own is", () => {
    const rel = ".cache/write-test-" + process.pid + "-" + Date.now();
    mkdirSync(rel, { recursive: true });
    try {
      const lines = exportTo(rel + "/case.json");
      expect(lines[0]).toContain("wrote " + join(process.cwd(), rel, "case.json"));
      expect(JSON.parse(readFileSync(join(rel, "case.json"), "utf8")).format).toBe("isatriage-scenario/1");
    } finally {
      rmSync(rel, { recursive: true, force: true });
    }
  });

  it('"redact" writes the redacted document', () => {
    const file = join(dir, "redacted.json");
    expect(exportTo(file, ', "redact"')[0]).toMatch(/, redacted\)/);
    const doc = JSON.parse(readFileSync(file, "utf8"));
    expect(doc.processes.map((p: any) => p.name)).not.toContain("wspsrv.exe");
    expect(run(file, { json: true, arg: doc.expect.arg }).json).toMatchObject({ verdict: { kind: original.verdict.kind } });
  });

  it("never overwrites an existing file", () => {
    const file = join(dir, "existing.json");
    writeFileSync(file, "my notes\n");
    const lines = exportTo(file);
    expect(lines).toEqual(["!isaScenario: nothing written: " + file + " already exists (an existing file is never overwritten); give a new file name"]);
    expect(readFileSync(file, "utf8")).toBe("my notes\n");
  });

  it("a missing directory: one line, no file, no document on the console", () => {
    const file = join(dir, "no", "such", "dir.json");
    const lines = exportTo(file);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^!isaScenario: nothing written: the debugger could not create /);
    expect(existsSync(file)).toBe(false);
  });

  it.each([
    ["a control character", "case\u0007.json", /control characters/],
    ["a wildcard", "c:\\cases\\*.json", /not a file path/],
    ["two files", ["a.json", "b.json"], /one output file/],
  ])("refuses a path with %s in one usage line", (_n, p, why) => {
    const arg = Array.isArray(p) ? `("wspsrv.exe", ${p.map(lit).join(", ")})` : `("wspsrv.exe", ${lit(p)})`;
    const r = run(SEED, { alias: "isaScenario", arg });
    const text = consoleText(r.stdout, aliasExpression("isaScenario", arg));
    expect(text.split("\n")[0]).toMatch(/^!isaScenario: argument|^!isaScenario: one output file/);
    expect(text).toMatch(why);
  });
});

describe("a file API that fails half-way", () => {
  /** The seed loaded directly, with the FileSystem namespace wrapped so that `break` can make a member fail. */
  function withFaultyFileSystem(fault: (fs: any, name: string) => unknown | undefined) {
    const d = loadDirect(SEED);
    const namespace = Object.getOwnPropertyDescriptor(d.sim.host, "namespace")!.get!;
    const wrap = (real: any) =>
      new Proxy(real, {
        get(t, k) {
          const hit = typeof k === "string" ? fault(t, k) : undefined;
          return hit !== undefined ? hit : t[k];
        },
      });
    Object.defineProperty(d.sim.host, "namespace", {
      get() {
        // Everything else of the namespace stays the simulator's own (the collection reads through it).
        const dbg = namespace().Debugger;
        const utility = dbg.Utility;
        const u = new Proxy(utility, { get: (t, k) => (k === "FileSystem" ? wrap(t.FileSystem) : t[k]) });
        return { Debugger: new Proxy(dbg, { get: (t, k) => (k === "Utility" ? u : t[k]) }) };
      },
      configurable: true,
    });
    return d;
  }

  it("a writer that throws: one line, and the partial file is deleted so the next try can create it", () => {
    const file = join(dir, "half.json");
    const d = withFaultyFileSystem((fs, name) => {
      if (name !== "CreateTextWriter") return undefined;
      return (f: unknown, e: unknown) => {
        const w = fs.CreateTextWriter(f, e);
        let n = 0;
        return { WriteLine: (x: unknown) => (++n > 10 ? (() => { throw new Error("disk full"); })() : w.WriteLine(x)) };
      };
    });
    const r = d.call("isaScenario", "wspsrv.exe", file);
    expect(r.threw).toBeUndefined();
    expect(r.console.trimEnd().split("\n")).toEqual(["!isaScenario: nothing written: writing " + file + " failed (disk full); the partial file was deleted"]);
    expect(existsSync(file)).toBe(false);
  });

  it("FileExists that throws: nothing is collected or written, one line says why", () => {
    const file = join(dir, "unknown.json");
    const d = withFaultyFileSystem((_fs, name) => (name === "FileExists" ? () => { throw new Error("access denied"); } : undefined));
    const r = d.call("isaScenario", "wspsrv.exe", file);
    expect(r.console.trimEnd().split("\n")).toEqual(["!isaScenario: nothing written: the debugger could not check " + file + " (access denied)"]);
    expect(existsSync(file)).toBe(false);
  });

  it("a debugger without Debugger.Utility.FileSystem: one line, no exception", () => {
    const d = loadDirect(SEED);
    const namespace = Object.getOwnPropertyDescriptor(d.sim.host, "namespace")!.get!;
    Object.defineProperty(d.sim.host, "namespace", {
      get: () => {
        const dbg = namespace().Debugger;
        const u = new Proxy(dbg.Utility, { get: (t, k) => (k === "FileSystem" ? undefined : t[k]) });
        return { Debugger: new Proxy(dbg, { get: (t, k) => (k === "Utility" ? u : t[k]) }) };
      },
      configurable: true,
    });
    const r = d.call("isaScenario", "wspsrv.exe", join(dir, "none.json"));
    expect(r.threw).toBeUndefined();
    expect(r.console).toMatch(/^!isaScenario: nothing written: this debugger has no Debugger\.Utility\.FileSystem\n$/);
  });
});

describe("npm run simulate on a debugger log", () => {
  const printed = run(SEED, { alias: "isaScenario" });
  const doc = consoleText(printed.stdout, aliasExpression("isaScenario"));

  it("replays the document inside a log, ignoring the text around it (braces included)", () => {
    const log = [
      "Opened log file 'C:\\cases\\session.log'",
      "0: kd> dx -r0 @$curprocess",
      "@$curprocess : System [Switch To] {x}",
      "0: kd> !isaScenario",
      doc,
      "@$isaScenario()",
      "0: kd> .logclose",
      "Closing open log file C:\\cases\\session.log {not json}",
    ].join("\r\n");
    const file = join(dir, "session.log");
    writeFileSync(file, log);
    const r = run(file, { json: true });
    expect(r.exitCode, r.stderr).toBe(0);
    sameVerdict(r.json);
  });

  it("refuses a log without a document in one line", () => {
    const file = join(dir, "empty.log");
    writeFileSync(file, "0: kd> !isaCpuCheck\r\n{\"verdict\": 1}\r\nVerdict: culprit x\r\n");
    const r = run(file);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^empty\.log: not valid JSON, and no isatriage-scenario\/1 document inside/);
  });
});
