// The exporter's JSON printer (src/export/print.ts): ASCII-only output that parses back to the same value, short
// members sharing lines. Inputs are synthesized strings (hostile ones modelled on test/scenarios/ws2003-w3wp-hostile-
// strings.json).
import { describe, expect, it } from "vitest";
import { compactJson, jsonString, printJson, type JsonValue } from "../../src/export/print";

const ASCII = /^[\x20-\x7e\n]*$/;

describe("jsonString", () => {
  it.each([
    ["plain", "wspsrv.exe"],
    ["quotes and backslashes", '\\Driver\\"><exec cmd=".shell calc">'],
    ["line breaks", "trx\n; .shell calc.sys\r\n"],
    ["controls", "a\u0000b\u001bc\u007f"],
    ["non-ASCII", "Société Générale – ÿ 中文"],
    ["line separators", "a\u2028b\u2029c"],
    ["lone surrogates", "x\ud800y\udfffz"],
    ["ampersand", "AT&T"],
  ])("%s: printable ASCII that parses back to the same string", (_name, s) => {
    const j = jsonString(s);
    expect(ASCII.test(j) && !j.includes("\n")).toBe(true);
    expect(j).not.toMatch(/[<>&]/);
    expect(JSON.parse(j)).toBe(s);
  });
});

describe("printJson", () => {
  const doc: JsonValue = {
    format: "isatriage-scenario/1",
    title: "t\n<exec>",
    modules: [{ name: "nt", image: "ntkrnlpa.exe", base: "80800000", size: "1d0000", symbols: "pdb" }],
    processes: [
      {
        object: "89f4ead8",
        name: "wspsrv.exe",
        pid: "1074",
        threads: [
          {
            object: "84149020",
            tid: "18a8",
            state: "Ready",
            kernelTime: { ticks: 4026 },
            stack: Array.from({ length: 30 }, (_, i) => "nt!SomeFunctionWithALongName" + i + "+0x" + (i * 16).toString(16)),
            irps: [],
          },
        ],
      },
    ],
    empty: {},
    nothing: null,
    flags: [true, false, 0, -1, 2.5],
  };

  it("parses back to the same value", () => {
    expect(JSON.parse(printJson(doc))).toEqual(doc);
    expect(JSON.parse(compactJson(doc))).toEqual(doc);
  });

  it.each([60, 100, 160])("keeps lines within %i characters unless one item is longer", (width) => {
    const text = printJson(doc, width);
    expect(text.endsWith("}\n")).toBe(true);
    expect(ASCII.test(text)).toBe(true);
    for (const line of text.split("\n")) {
      if (line.length <= width) continue;
      // Only a single member or item that cannot be split may overflow.
      expect(line.trim().replace(/,$/, "")).toMatch(/^("[^"]*": )?("[^"]*"|\{[^{}]*\}|\[[^\[\]]*\])$/);
    }
  });

  it("puts a short object on one line and opens a long one", () => {
    const text = printJson(doc, 160);
    expect(text).toContain('"modules": [{"name":"nt","image":"ntkrnlpa.exe","base":"80800000","size":"1d0000","symbols":"pdb"}],');
    expect(text).toContain('"stack": [');
    expect(text.split("\n")[0]).toBe("{");
  });
});
