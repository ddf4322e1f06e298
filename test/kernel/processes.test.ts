// Unit tests of target-process name matching (src/kernel/processes.ts) and data-quality summaries
// (src/kernel/quality.ts). Names are the ones of the shared scenarios; the 15-character case is EPROCESS.ImageFileName's.
import { describe, expect, it } from "vitest";
import { imageNameMatches } from "../../src/kernel/processes";
import { Quality } from "../../src/kernel/quality";

describe("imageNameMatches", () => {
  it.each([
    ["wspsrv.exe", "wspsrv.exe", true],
    ["WSPSRV.EXE", "wspsrv.exe", true],
    ["wspsrv.exe", "w3wp.exe", false],
    ["wspsrv.exe", "wspsrv", false],
    ["averyveryveryl", "averyveryverylongname.exe", true],
    ["averyveryverylo", "averyveryverylongname.exe", true],
    ["averyveryverylo", "averyveryverylxngname.exe", false],
    ["svc", "svchost.exe", false],
  ])("%s vs %s → %s", (have, want, ok) => expect(imageNameMatches(have, want)).toBe(ok));
});

describe("Quality", () => {
  it("counts by kind and summarises per (kind, what) with examples", () => {
    const q = new Quality();
    q.fail("read-error", "threads", "8961d620");
    q.fail("read-error", "threads", "84166a80");
    q.fail("read-error", "threads", "84166750");
    q.fail("read-error", "threads", "89649240");
    q.fail("cycle", "ERESOURCE lists", "80564b38");
    q.note("count-mismatch", "resource 0x8a7f3008: 5 exclusive waiters counted, 4 found");
    const r = q.result();
    expect(r.counts).toEqual({ "read-error": 4, cycle: 1, "count-mismatch": 1 });
    expect(r.notes).toEqual([
      "resource 0x8a7f3008: 5 exclusive waiters counted, 4 found",
      "could not read 4 threads (at 0x8961d620, 0x84166a80, 0x84166750, …)",
      "1 ERESOURCE lists looped back on themselves; walks stopped there (at 0x80564b38)",
    ]);
  });
});
