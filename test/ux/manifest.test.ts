// The extension gallery files in Manifest/ (format of microsoft/WinDbg-Samples Manifest/README.MD): well-formed XML,
// exactly the aliases the bundle registers (from initializeScript in the sandbox), the syntax and descriptions of
// src/commands/catalog.ts, a script path that exists, and a ManifestVersion.txt that points at the manifest.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/commands/catalog";
import { registeredAliases, REPO } from "./helpers";

const DIR = join(REPO, "Manifest");

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** A small XML reader (elements, attributes, text, CDATA, comments, declaration); throws on unbalanced tags. */
function parseXml(src: string): XmlElement {
  const root: XmlElement = { name: "#document", attrs: {}, children: [], text: "" };
  const stack: XmlElement[] = [root];
  const token = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\/([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = token.exec(src)) !== null) {
    if (m.index !== consumed) throw new Error(`unparsable XML at offset ${consumed}: ${src.slice(consumed, consumed + 40)}`);
    consumed = token.lastIndex;
    const top = stack[stack.length - 1];
    if (m[1] !== undefined) top.text += m[1];
    else if (m[2] !== undefined) {
      if (top.name !== m[2]) throw new Error(`</${m[2]}> closes <${top.name}>`);
      stack.pop();
    } else if (m[3] !== undefined) {
      const attrs: Record<string, string> = {};
      for (const a of m[4].matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]] = a[2] ?? a[3];
      const el: XmlElement = { name: m[3], attrs, children: [], text: "" };
      top.children.push(el);
      if (m[5] !== "/") stack.push(el);
    } else if (m[6] !== undefined) top.text += m[6];
  }
  if (consumed !== src.length) throw new Error(`unparsable XML at offset ${consumed}`);
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1].name}> is not closed`);
  if (root.children.length !== 1) throw new Error("an XML document has exactly one root element");
  return root.children[0];
}

function all(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const c of e.children) {
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

function one(el: XmlElement, name: string): XmlElement {
  const found = all(el, name);
  expect(found, `<${name}>`).toHaveLength(1);
  return found[0];
}

/** The one direct child named `name`. */
function child(el: XmlElement, name: string): XmlElement {
  const found = el.children.filter((c) => c.name === name);
  expect(found, `<${el.name}>/<${name}>`).toHaveLength(1);
  return found[0];
}

const versionLines = readFileSync(join(DIR, "ManifestVersion.txt"), "utf8").split(/\r?\n/).filter((l) => l !== "");
const manifestFile = join(DIR, `manifest.${versionLines[2]}.xml`);
const manifest = parseXml(readFileSync(manifestFile, "utf8"));

describe("Manifest/", () => {
  it("ManifestVersion.txt names an existing manifest.<n>.xml", () => {
    expect(versionLines).toHaveLength(3);
    expect(versionLines[0]).toBe("1");
    expect(versionLines[1]).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(existsSync(manifestFile)).toBe(true);
  });

  it("has one ExtensionPackage whose version follows package.json", () => {
    expect(manifest.name).toBe("ExtensionPackages");
    const pkg = one(manifest, "ExtensionPackage");
    expect(child(pkg, "Name").text.trim()).toBe("isatriage");
    const version = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version as string;
    expect(child(pkg, "Version").text.trim()).toBe(version + ".0");
    expect(child(pkg, "Description").text.trim().length).toBeGreaterThan(20);
  });

  it("its ScriptComponent names the committed bundle, relative to the manifest", () => {
    const sc = one(manifest, "ScriptComponent");
    expect(sc.attrs.Type).toBe("Engine");
    expect(sc.attrs.FilePathKind).toBe("RepositoryRelative");
    const file = resolve(DIR, sc.attrs.File.replace(/\\/g, "/"));
    expect(file).toBe(join(REPO, "dist", "isatriage.js"));
    expect(existsSync(file)).toBe(true);
  });

  it("loads on kernel dumps (one trigger set: Kernel and Dump)", () => {
    const sets = all(one(manifest, "LoadTriggers"), "TriggerSet");
    expect(sets).toHaveLength(1);
    expect(sets[0].children.map((c) => `${c.name}:${c.attrs.Type}`).sort()).toEqual(["TargetTrigger:Dump", "TargetTrigger:Kernel"]);
  });

  it("declares exactly the aliases initializeScript registers", () => {
    const declared = all(manifest, "FunctionAlias").map((f) => f.attrs.Name);
    expect([...declared].sort()).toEqual([...registeredAliases()].sort());
  });

  it("each alias's Syntax and Description are the ones !isaHelp prints", () => {
    for (const fa of all(manifest, "FunctionAlias")) {
      const c = COMMANDS.find((x) => x.name === fa.attrs.Name);
      expect(c, fa.attrs.Name).toBeDefined();
      const item = one(fa, "AliasItem");
      expect(one(item, "Syntax").text.trim()).toBe(c!.syntax);
      expect(one(item, "Description").text.trim()).toBe(c!.description);
    }
  });

  it("config.xml declares one enabled repository with a GUID and a LocalCacheRootFolder", () => {
    const cfg = parseXml(readFileSync(join(DIR, "config.xml"), "utf8"));
    expect(cfg.name).toBe("Settings");
    const settings = Object.fromEntries(all(cfg, "Setting").map((s) => [s.attrs.Name, s.attrs.Value]));
    expect(settings.ExtensionRepository).toBe("Implicit");
    expect(settings.Id).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(settings.LocalCacheRootFolder).toMatch(/\\Manifest$/);
    expect(settings.IsEnabled).toBe("true");
  });
});

describe("the XML reader used above", () => {
  it.each(["<a><b></a>", "<a>", "<a></a><b></b>", "<a x=1></a>"])("refuses %s", (bad) => {
    expect(() => parseXml(bad)).toThrow();
  });
  it("reads CDATA and attributes", () => {
    const e = parseXml(`<?xml version="1.0"?><!-- c --><a k='v'><![CDATA[<x>]]></a>`);
    expect(e.attrs.k).toBe("v");
    expect(e.text).toBe("<x>");
  });
});
