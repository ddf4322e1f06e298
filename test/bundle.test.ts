// Tests of the built artifact, dist/isatriage.js, as WinDbg receives it: ES2017 syntax, real top-level entry points,
// no library newer than ES2017, registration records, and a rebuild that reproduces it byte for byte.
import { describe, expect, test } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "acorn";
import { buildDump } from "./sim/build-dump";
import { createHost } from "./sim/host";
import { loadScript } from "./sim/sandbox";
import { loadScenario } from "./sim/scenario";
import { ensureBundle } from "./sim/run";

const root = resolve(__dirname, "..");
const { text } = ensureBundle();

// Members and globals newer than ES2017 (or Node's): none may be named anywhere in the bundle.
const NEWER_GLOBALS = ["BigInt", "globalThis", "require", "Buffer", "WeakRef", "FinalizationRegistry", "structuredClone"];
const NEWER_MEMBERS = ["flat", "flatMap", "fromEntries", "replaceAll", "matchAll", "trimStart", "trimEnd", "allSettled", "findLast", "hasOwn", "at"];

/** Globals named as such (not as property keys or member names) and members from the lists above, in source order. */
function newerNames(ast: any): string[] {
  const found: string[] = [];
  const visit = (n: any, parent: any): void => {
    if (!n || typeof n.type !== "string") return;
    if (n.type === "Identifier" && NEWER_GLOBALS.indexOf(n.name) >= 0) {
      const isProperty = parent && parent.type === "MemberExpression" && parent.property === n && !parent.computed;
      const isKey = parent && parent.type === "Property" && parent.key === n;
      if (!isProperty && !isKey) found.push(n.name);
    }
    if (n.type === "MemberExpression" && !n.computed && NEWER_MEMBERS.indexOf(n.property.name) >= 0) found.push("." + n.property.name);
    for (const k of Object.keys(n)) {
      const v = n[k];
      if (Array.isArray(v)) v.forEach((c) => visit(c, n));
      else if (v && typeof v.type === "string") visit(v, n);
    }
  };
  visit(ast, null);
  return found;
}

describe("dist/isatriage.js", () => {
  const ast = parse(text, { ecmaVersion: 2017, sourceType: "script" }) as any;

  test("parses as an ES2017 script", () => {
    expect(ast.type).toBe("Program");
  });

  test("declares initializeScript and uninitializeScript as top-level functions", () => {
    const declared = ast.body.filter((n: any) => n.type === "FunctionDeclaration").map((n: any) => n.id.name);
    expect(declared).toEqual(expect.arrayContaining(["initializeScript", "uninitializeScript"]));
  });

  test("names no global or member newer than ES2017", () => {
    expect(newerNames(ast)).toEqual([]);
  });

  test("the check above sees such names when they are there", () => {
    const probe = parse("var a = [[1]].flat(); var b = BigInt(1); var c = Object.fromEntries([]); var d = { BigInt: 1 }.BigInt;", { ecmaVersion: 2020 });
    expect(newerNames(probe)).toEqual([".flat", "BigInt", ".fromEntries"]);
  });

  test("loads in the ES2017-only sandbox and registers its commands", () => {
    const dump = buildDump(loadScenario(resolve(root, "../shared/scenarios/healthy-locks.json")));
    const loaded = loadScript(text, createHost(dump), { filename: "isatriage.js" });
    expect(loaded.apiVersion()).toBe("1.2");
    expect(loaded.aliases().sort()).toEqual(["isaCpuCheck", "isaHelp", "isaIrps", "isaLocks", "isaScenario"]);
  });

  test("a fresh build reproduces it byte for byte", () => {
    expect(readFileSync(resolve(root, "dist/isatriage.js"), "utf8")).toBe(text);
    const out = execFileSync(process.execPath, [resolve(root, "scripts/build.mjs"), "--verify"], { cwd: root, encoding: "utf8" });
    expect(out).toContain("matches a fresh build");
  });
});
