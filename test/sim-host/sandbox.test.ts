// Tests of the script sandbox (test/sim/sandbox.ts): ES2017-only context, entry points and records, the two phases
// as a script sees them, alias invocation with dx argument evaluation, uncaught error lines.
import { describe, expect, it } from "vitest";
import { createHost } from "../sim/host";
import { isInt64 } from "../sim/int64";
import { evaluateArguments, loadScript, ScriptLoadError } from "../sim/sandbox";
import { renderDx } from "../sim/dx";
import { makeFixture } from "./fixtures";

const ENTRY = `
function initializeScript() { return [new host.apiVersionSupport(1, 7), new host.functionAlias(run, "t")]; }
function uninitializeScript() {}
`;

/** A script whose alias `!t` runs `body` (a function body) and returns its result. */
function script(body: string, extra = ""): string {
  return `"use strict";\n${extra}\nfunction run(a, b, c) {\n${body}\n}\n${ENTRY}`;
}

function load(text: string, options: Parameters<typeof makeFixture>[0] = {}) {
  const sim = createHost(makeFixture(options).dump);
  const loaded = loadScript(text, sim, { filename: "isatriage.js" });
  return { sim, loaded };
}

describe("the context has only ES2017 built-ins plus host", () => {
  it.each([
    ["BigInt", "return typeof BigInt;"],
    ["globalThis", "return typeof globalThis;"],
    ["Array.prototype.flat", "return typeof [].flat;"],
    ["Array.prototype.flatMap", "return typeof [].flatMap;"],
    ["Array.prototype.at", "return typeof [].at;"],
    ["Array.prototype.findLast", "return typeof [].findLast;"],
    ["Object.fromEntries", "return typeof Object.fromEntries;"],
    ["Object.hasOwn", "return typeof Object.hasOwn;"],
    ["String.prototype.replaceAll", "return typeof ''.replaceAll;"],
    ["String.prototype.matchAll", "return typeof ''.matchAll;"],
    ["String.prototype.trimStart", "return typeof ''.trimStart;"],
    ["Promise.allSettled", "return typeof Promise.allSettled;"],
    ["Promise.prototype.finally", "return typeof Promise.resolve().finally;"],
    ["Symbol.asyncIterator", "return typeof Symbol.asyncIterator;"],
    ["WeakRef", "return typeof WeakRef;"],
    ["FinalizationRegistry", "return typeof FinalizationRegistry;"],
    ["AggregateError", "return typeof AggregateError;"],
    ["SharedArrayBuffer", "return typeof SharedArrayBuffer;"],
    ["Atomics", "return typeof Atomics;"],
    ["structuredClone", "return typeof structuredClone;"],
    ["queueMicrotask", "return typeof queueMicrotask;"],
    ["require", "return typeof require;"],
    ["module", "return typeof module;"],
    ["process", "return typeof process;"],
    ["console", "return typeof console;"],
    ["setTimeout", "return typeof setTimeout;"],
    ["Buffer", "return typeof Buffer;"],
  ])("%s is absent", (_name, body) => {
    const { loaded } = load(script(body));
    expect(loaded.invokeAlias("t").returned).toBe("undefined");
  });

  it.each([
    ["Object.entries", "return typeof Object.entries;"],
    ["String.prototype.padStart", "return typeof ''.padStart;"],
    ["Array.prototype.includes", "return typeof [].includes;"],
    ["host", "return typeof host;"],
    ["Map", "return typeof Map;"],
  ])("%s is present", (_name, body) => {
    const { loaded } = load(script(body));
    expect(loaded.invokeAlias("t").returned).not.toBe("undefined");
  });

  it("using a removed member fails at run time", () => {
    const { loaded } = load(script("return [[1], [2]].flat();"));
    const r = loaded.invokeAlias("t");
    expect(r.error?.line).toMatch(/^Error: TypeError: .*flat is not a function \[at isatriage \(line \d+ col \d+\)\]$/);
  });

  it("host number methods are on Number.prototype and return Int64", () => {
    const { loaded } = load(script("return (5).add(7);"));
    const v = loaded.invokeAlias("t").returned;
    expect(isInt64(v)).toBe(true);
    expect((v as any).toString(16)).toBe("0xc");
  });

  it("what the host hands out passes instanceof in the script's realm", () => {
    const { loaded } = load(
      script(
        `var r = host.memory.readMemoryValues(host.parseInt64("${"0x" + makeFixture().at.test.toString(16)}", 16), 4, 1);
         var e; try { host.memory.readMemoryValues(0x1000, 1, 1); } catch (x) { e = x; }
         return [r instanceof Uint8Array, e instanceof Error, Array.isArray(host.memory.readMemoryValues(host.parseInt64("${"0x" + makeFixture().at.test.toString(16)}", 16), 1, 8))];`,
      ),
    );
    expect(loaded.invokeAlias("t").returned).toEqual([true, true, true]);
  });
});

describe("syntax newer than ES2017 fails to load", () => {
  it.each([
    ["object spread", "var o = { ...{ a: 1 } }; return o;"],
    ["object rest", "var { a, ...r } = { a: 1 }; return r;"],
    ["async iteration", "async function f() { for await (const x of []) {} } return 1;"],
    ["regex named groups", "return /(?<y>\\d+)/.exec('1');"],
    ["regex lookbehind", "return /(?<=a)b/.test('ab');"],
    ["regex s flag", "return /a.b/s.test('a\\nb');"],
    ["optional catch binding", "try { } catch { } return 1;"],
    ["optional chaining", "return host?.Int64;"],
    ["nullish coalescing", "return null ?? 1;"],
    ["BigInt literal", "return 10n;"],
    ["numeric separator", "return 1_000;"],
    ["class fields", "return 1; } class A { x = 1; } function z() {"],
  ])("%s", (_name, body) => {
    expect(() => load(script(body))).toThrow(ScriptLoadError);
  });

  it("ES2017 syntax loads: async functions, classes, generators, destructuring, template literals", () => {
    const { loaded } = load(
      script(
        "class A { *[Symbol.iterator]() { yield 1; yield 2; } } const [x, y] = [...new A()]; return `${x + y}`;",
        "async function f() { await 1; }",
      ),
    );
    expect(loaded.invokeAlias("t").returned).toBe("3");
  });
});

describe("entry points and records", () => {
  it.each([
    ["initializeScript as a var", `var initializeScript = function () { return []; }; function uninitializeScript() {}`],
    ["uninitializeScript as a class", `function initializeScript() { return []; } class uninitializeScript {}`],
    ["initializeScript returns a non-array", `function initializeScript() { return {}; } function uninitializeScript() {}`],
    ["initializeScript returns a non-record", `function initializeScript() { return [{}]; } function uninitializeScript() {}`],
    ["initializeScript throws", `function initializeScript() { throw new Error("boom"); } function uninitializeScript() {}`],
    ["root code throws", `throw new Error("root"); function initializeScript() { return []; } function uninitializeScript() {}`],
    [
      "root code touches the target (phase 1)",
      `var p = host.currentProcess.Name; function initializeScript() { return []; } function uninitializeScript() {}`,
    ],
    [
      "initializeScript touches memory (phase 1)",
      `function initializeScript() { host.memory.readMemoryValues(0, 1); return []; } function uninitializeScript() {}`,
    ],
  ])("%s fails to load", (_name, text) => {
    expect(() => load(text)).toThrow(ScriptLoadError);
  });

  // Both entry points are optional (scripting doc; Microsoft's SimpleIntro.js has no uninitializeScript).
  it.each([
    ["no uninitializeScript", `function initializeScript() { return [new host.functionAlias(function () { return typeof host.memory; }, "t")]; }`, ["t"]],
    ["no initializeScript", `var loadedAt = typeof host.memory; function uninitializeScript() {}`, []],
    ["neither", `var x = 1;`, []],
    ["initializeScript only nested (not an entry point)", `(function () { function initializeScript() { return [{}]; } })();`, []],
  ])("%s loads", (_name, text, aliases) => {
    const { loaded } = load(text);
    expect(loaded.aliases()).toEqual(aliases);
    if (aliases.length > 0) expect(loaded.invokeAlias("t").returned).toBe("object");
    expect(() => loaded.unload()).not.toThrow();
  });

  it("phase-1 members work at load time; phase 2 exists once initializeScript returned", () => {
    const text = `"use strict";
      var seen = typeof host.memory + "," + typeof host.Int64 + "," + typeof host.diagnostics.debugLog;
      function initializeScript() { seen += "," + typeof host.currentSession; return [new host.functionAlias(function () { return seen + "," + typeof host.memory; }, "t")]; }
      function uninitializeScript() {}`;
    const { loaded } = load(text);
    expect(loaded.invokeAlias("t").returned).toBe("undefined,function,function,undefined,object");
  });

  it("a good tiny script registers an alias whose result renders in dx form", () => {
    const text = `"use strict";
      function __constants() { return { math_constants: { pi: 3.1415926535, e: 2.7182818284 }, description: "Archimedes' pi and Euler's number e" }; }
      function initializeScript() { return [new host.apiVersionSupport(1, 3), new host.functionAlias(__constants, "constants")]; }
      function uninitializeScript() {}`;
    const { loaded } = load(text);
    expect(loaded.aliases()).toEqual(["constants"]);
    expect(loaded.apiVersion()).toBe("1.3");
    const r = loaded.invokeAlias("constants");
    expect(r.error).toBeUndefined();
    expect(renderDx(r.expression, r.returned)).toBe(
      [
        "@$constants()                 : [object Object]",
        "    math_constants   : [object Object]",
        "    description      : Archimedes' pi and Euler's number e",
        "",
      ].join("\n"),
    );
  });

  it("optionalRecord wraps a record; apiVersionSupport sets the version (null for missing types at 1.1+)", () => {
    const text = `"use strict";
      function initializeScript() { return [new host.optionalRecord(new host.apiVersionSupport(1, 1)), new host.functionAlias(function () { return host.getModuleType("nt", "_NOPE"); }, "t")]; }
      function uninitializeScript() {}`;
    const { loaded } = load(text);
    expect(loaded.invokeAlias("t").returned).toBeNull();
  });
});

describe("alias invocation", () => {
  it("passes evaluated arguments and collects debugLog output", () => {
    const { loaded } = load(script(`host.diagnostics.debugLog("got ", typeof a, " ", a, "\\n"); return b === undefined ? a : [a, b, c];`));
    const r = loaded.invokeAlias("t", '"wspsrv.exe"');
    expect(r.expression).toBe('@$t("wspsrv.exe")');
    expect(r.returned).toBe("wspsrv.exe");
    expect(r.console).toBe("got string wspsrv.exe\n");
    const r2 = loaded.invokeAlias("t", '("a", 0x10, true)');
    expect(r2.expression).toBe('@$t("a", 0x10, true)');
    expect(r2.returned).toEqual(["a", 16, true]);
    expect(r2.console).toBe("got string a\n");
  });

  it("an uncaught exception prints WinDbg's error line with the script location", () => {
    const { loaded } = load(script(`var x;\n  return x.address;`));
    const r = loaded.invokeAlias("t");
    expect(r.returned).toBeUndefined();
    expect(r.error?.line).toMatch(/^Error: TypeError: Cannot read properties of undefined \(reading 'address'\) \[at isatriage \(line 5 col \d+\)\]$/);
    expect(r.console).toBe(r.error!.line + "\n");
  });

  it("a plain Error prints its message only; a host error reaches the script as an Error", () => {
    const { loaded } = load(script(`if (a === 1) throw new Error("plain"); return host.memory.readMemoryValues(0x1000, 1, 1);`));
    expect(loaded.invokeAlias("t", "1").error?.line).toMatch(/^Error: plain \[at isatriage \(line \d+ col \d+\)\]$/);
    expect(loaded.invokeAlias("t", "2").error?.line).toMatch(/^Error: Unable to read memory at Address 0x1000 \[at isatriage/);
  });

  it("bad arguments print the dx error and do not call the alias", () => {
    const { loaded } = load(script(`host.diagnostics.debugLog("called\\n"); return 1;`));
    const r = loaded.invokeAlias("t", "wspsrv.exe");
    expect(r.console).toBe("Error: Unable to bind name 'wspsrv'\n");
    expect(loaded.invokeAlias("nosuch").console).toBe("No export nosuch found\n");
  });

  it("Int64 arguments beyond 2^53 keep their value", () => {
    const { loaded } = load(script(`return a.toString(16);`));
    expect(loaded.invokeAlias("t", "0xffff988d80d05a90").returned).toBe("0xffff988d80d05a90");
    expect(loaded.invokeAlias("t", "0xffff988d`80d05a90").returned).toBe("0xffff988d80d05a90");
  });
});

describe("dx argument evaluation", () => {
  it.each([
    ["", []],
    ["   ", []],
    ["()", []],
    ['"wspsrv.exe"', ["wspsrv.exe"]],
    ['"a\\"b\\\\c\\n\\t\\x41"', ['a"b\\c\n\tA']],
    ["42", [42]],
    ["1.5", [1.5]],
    ["(\"a.exe\", -2.25)", ["a.exe", -2.25]],
    ["-42", [-42]],
    ["0x1f", [0x1f]],
    ["0X1F", [0x1f]],
    ["true", [true]],
    ["false", [false]],
    ["(5, 7)", [5, 7]],
    ['("app.exe", "json")', ["app.exe", "json"]],
    ['( "x" )', ["x"]],
    ["(0x10)", [16]],
    ["9007199254740991", [9007199254740991]],
  ])("%j", (text, want) => {
    expect(evaluateArguments(text)).toEqual(want);
  });

  it("integers beyond 2^53 become Int64", () => {
    const [v] = evaluateArguments("0xffff988d80d05a90") as any[];
    expect(isInt64(v)).toBe(true);
    expect(v.toString(16)).toBe("0xffff988d80d05a90");
    expect(isInt64(evaluateArguments("9007199254740992")[0])).toBe(true);
  });

  it.each([
    ["wspsrv", "Error: Unable to bind name 'wspsrv'"],
    ["wspsrv.exe", "Error: Unable to bind name 'wspsrv'"],
    ["(1, foo)", "Error: Unable to bind name 'foo'"],
    ['"a", "b"', /parenthesized/],
    ['"unterminated', /Unterminated/],
    ['"bad \\q escape"', /escape/],
    ["(1, 2", /Expected '\)'/],
    ["1 + 2", /Syntax error/],
    ["0x1ffffffffffffffff", /too large/],
    ["'c'", /Syntax error/],
    ["; .shell dir", /Syntax error/],
  ])("%j is an error", (text, message) => {
    expect(() => evaluateArguments(text)).toThrow(message);
  });
});
