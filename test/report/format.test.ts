// WinDbg-style durations: hours unpadded, milliseconds truncated (as !thread computes them from ticks).
import { describe, expect, test } from "vitest";
import { formatDuration, threadTime } from "../../src/report/format";

describe("formatDuration / threadTime", () => {
  const rows: [number, string][] = [
    [0, "0:00:00.000"],
    [62906, "0:01:02.906"],
    [3600000 + 59999, "1:00:59.999"],
    [36000000 * 3, "30:00:00.000"],
  ];
  for (const [ms, text] of rows) test(text, () => expect(formatDuration(ms)).toBe(text));
  test("53 ticks of 156250 are 0.828125 s, printed .828 (truncated, not rounded)", () => {
    expect(threadTime(53, 156250, 0)).toBe("0:00:00.828");
  });
  test("4835 ticks (75.546875 s) print 1:15.546", () => {
    expect(threadTime(4835, 156250, 0)).toBe("0:01:15.546");
  });
  test("without KeMaximumIncrement the seconds are used", () => {
    expect(threadTime(0, 0, 1.2349)).toBe("0:00:01.234");
  });
});
