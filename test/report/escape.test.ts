// escapeDumpText: every dump string printed or shown by dx is made inert and kept on one line.
import { describe, expect, test } from "vitest";
import { escapeDumpText } from "../../src/report/escape";

const cases: [string, string][] = [
  ["idmtdi.sys", "idmtdi.sys"],
  ["\\Driver\\IDMTDI", "\\Driver\\IDMTDI"],
  ['"><exec cmd=".shell calc">', '"\\x3e\\x3cexec cmd=".shell calc"\\x3e'],
  ["<link cmd=\"!process 0 0\">x</link>", "\\x3clink cmd=\"!process 0 0\"\\x3ex\\x3c/link\\x3e"],
  ["a&amp;b", "a\\x26amp;b"],
  ["line1\nline2", "line1\\nline2"],
  ["cr\rtab\t", "cr\\rtab\\t"],
  ["nul\u0000bel\u0007esc\u001b", "nul\\x00bel\\x07esc\\x1b"],
  ["del\u007fc1\u0085", "del\\x7fc1\\x85"],
  ["ls\u2028ps\u2029", "ls\\u2028ps\\u2029"],
  ["caf\u00e9 \u4e2d", "caf\u00e9 \u4e2d"],
  ["", ""],
];

describe("escapeDumpText", () => {
  for (const [input, out] of cases) {
    test(JSON.stringify(input), () => {
      const got = escapeDumpText(input);
      expect(got).toBe(out);
      expect(got).not.toMatch(/[<>&\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    });
  }
  test("null and undefined print as empty", () => {
    expect(escapeDumpText(null)).toBe("");
    expect(escapeDumpText(undefined)).toBe("");
  });
});
