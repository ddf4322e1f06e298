// The list-folding and line-fitting helpers (src/report/lists.ts) and the follow-up rows of the dx object
// (src/report/followups.ts): table-driven, no fixture beyond literals.
import { describe, expect, test } from "vitest";
import { fitLine, headOf, lineList, MAX_LINE, moreText, wordList } from "../../src/report/lists";
import { followUpCommand } from "../../src/report/followups";

const n = (k: number) => Array.from({ length: k }, (_, i) => "w" + i);

describe("headOf / moreText", () => {
  test.each([
    [0, false, 0, 0],
    [8, false, 8, 0],
    [9, false, 9, 0], // "+1 more" would take the line the element needs
    [10, false, 8, 2],
    [800, false, 8, 792],
    [800, true, 800, 0],
  ])("%i elements, all=%s: %i shown, %i more", (count, all, shown, more) => {
    const h = headOf(n(count), { all });
    expect(h.shown).toHaveLength(shown);
    expect(h.more).toBe(more);
  });

  test("moreText names the command that shows the rest", () => {
    expect(moreText(792, "!locks -v 8a7f3008")).toBe("+792 more: !locks -v 8a7f3008");
    expect(moreText(0, "x")).toBe("");
  });
});

describe("wordList and lineList", () => {
  test("the head on one line, then +N more on its own line", () => {
    expect(wordList("    Exclusive waiters:", n(20), "    ", "!locks -v 1", { all: false })).toEqual([
      "    Exclusive waiters: w0 w1 w2 w3 w4 w5 w6 w7",
      "      +12 more: !locks -v 1",
    ]);
    expect(lineList(n(12).map((w) => "  " + w), "  ", "!isaLocks", { all: false })).toEqual([
      ...n(8).map((w) => "  " + w),
      "  +4 more: !isaLocks",
    ]);
  });

  test("every word when all, wrapped at MAX_LINE", () => {
    const words = Array.from({ length: 400 }, (_, i) => (0x8d000020 + i * 0x400).toString(16));
    const lines = wordList("    Exclusive waiters:", words, "    ", "", { all: true });
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(MAX_LINE);
    expect(lines.join(" ").split(/\s+/).filter((w) => /^[0-9a-f]{8}$/.test(w))).toEqual(words);
  });
});

describe("fitLine", () => {
  test.each([
    ["a short line", "  short", 1],
    ["a long sentence", "  " + "word ".repeat(100).trim(), 3],
    ["a hostile name without spaces", "  " + "A".repeat(1000), 6],
  ])("%s: every part within MAX_LINE, nothing lost", (_n, line, parts) => {
    const out = fitLine(line);
    expect(out).toHaveLength(parts);
    for (const l of out) expect(l.length).toBeLessThanOrEqual(MAX_LINE);
    expect(out.join("").replace(/\s+/g, "")).toBe(line.replace(/\s+/g, ""));
    for (const l of out.slice(1)) expect(l.startsWith("      ")).toBe(true);
  });
});

describe("follow-up commands: a whitelisted verb and a validated address, nothing else", () => {
  test.each([
    ["!locks 8a7f3008", 4, "!locks 8a7f3008"],
    ["!thread 0x84149020", 4, "!thread 84149020"],
    ["!irp ffffd505`53e0f010", 8, "!irp ffffd505`53e0f010"],
    ["!devobj ffffd50553e0f010", 8, "!devobj ffffd505`53e0f010"],
    ["lmv a b9e90000", 4, "lmv a b9e90000"],
  ])("%s → %s", (text, ps, want) => {
    expect(followUpCommand(text, ps as 4 | 8)?.command).toBe(want);
  });

  test.each([
    "lmvm idmtdi",
    "lm",
    "!locks 8a7f3008; .shell calc",
    "!locks 8a7f3008 8a7f3009",
    ".shell 8a7f3008",
    "!locks 0",
    "!locks zzzz",
    "!process 0 0",
    '!irp "><exec cmd=".shell calc">',
  ])("%s is refused", (text) => {
    expect(followUpCommand(text, 4)).toBeNull();
  });
});
