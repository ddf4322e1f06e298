// Table-driven tests of test/e2e/expect.ts on hand-made results: each rule passes a correct result and fails a wrong
// one, so the scenario suite built on it can fail. Fixtures are invented here (no scenario file is read).
import { describe, expect, it } from "vitest";
import { checkConsole, checkJson, checkOutputSafety, normAddr, normModule, ownConsoleLines, type Expect } from "./expect";

/** A result in the DESIGN.md JSON contract; `patch` overrides top-level keys, `verdict` merges into the verdict. */
function result(patch: Record<string, unknown> = {}, verdict: Record<string, unknown> = {}) {
  return {
    verdict: {
      kind: "culprit",
      culprit: { module: "idmtdi.sys", driver: "\\Driver\\IDMTDI", thirdParty: true },
      confidence: "high",
      summary: "x",
      ...verdict,
    },
    contention: [
      {
        resource: "0x8a7f3008", contentionCount: 856651, owners: ["0x84149020"],
        exclusiveWaiters: ["0x84166a80", "0x8961d620"], sharedWaiters: ["0x896d2020"],
        numberOfExclusiveWaiters: 5, numberOfSharedWaiters: 1,
      },
    ],
    deadlocks: [],
    dataQuality: { notes: [] },
    ...patch,
  };
}

const base: Expect = {
  verdict: ["culprit"],
  culprit: ["idmtdi"],
  mustNotBlame: ["nt", "afd", "wspsrv"],
  contention: [{
    resource: "8a7f3008", owners: ["84149020"], exclusiveWaitersInclude: ["84166a80"],
    sharedWaitersInclude: ["896d2020"], notOwners: ["896d2020"],
  }],
};

describe("normAddr", () => {
  it.each([
    ["0x8A7F3008", "8a7f3008"],
    ["ffff988d`80d05a90", "ffff988d80d05a90"],
    ["0xffff988d`80d05a90", "ffff988d80d05a90"],
    ["00000000`80d05a90", "80d05a90"],
    ["0", "0"],
    ["0x0", "0"],
  ])("%s -> %s", (input, want) => expect(normAddr(input)).toBe(want));
});

describe("normModule", () => {
  it.each([
    ["idmtdi.sys", "idmtdi"],
    ["IDMTDI", "idmtdi"],
    ["\\SystemRoot\\system32\\drivers\\idmtdi.sys", "idmtdi"],
    ["C:\\Windows\\System32\\drivers\\Ntfs.sys", "ntfs"],
    ["ntkrnlpa.exe", "ntkrnlpa"],
    ["trx\n; .shell calc.sys", "trxshellcalc"],
    ["trx\\n; .shell calc.sys", "trxshellcalc"],
    ["trx\\x0a; .shell calc", "trxshellcalc"],
    ["e1i65x64.sys", "e1i65x64"],
  ])("%j -> %s", (input, want) => expect(normModule(input)).toBe(want));
  it("keeps different drivers different", () => {
    expect(normModule("ntfs.sys")).not.toBe(normModule("nt"));
    expect(normModule("fltmgr.sys")).not.toBe(normModule("fltmgr2.sys"));
  });
});

describe("checkJson", () => {
  const cases: { name: string; exp: Expect; res: unknown; fails: RegExp | null }[] = [
    { name: "a correct result passes", exp: base, res: result(), fails: null },
    { name: "not an object", exp: base, res: [1], fails: /not a JSON object/ },
    { name: "no verdict", exp: base, res: { contention: [] }, fails: /no verdict/ },
    { name: "wrong verdict kind", exp: base, res: result({}, { kind: "no-culprit", culprit: null }), fails: /verdict\.kind is "no-culprit"/ },
    { name: "verdict kind in a list", exp: { ...base, verdict: ["culprit", "no-culprit"], culprit: undefined }, res: result({}, { kind: "no-culprit", culprit: null }), fails: null },
    { name: "wrong culprit", exp: base, res: result({}, { culprit: { module: "afd.sys", driver: null, thirdParty: true } }), fails: /culprit is "afd\.sys"/ },
    { name: "culprit expected, none named", exp: base, res: result({}, { culprit: null }), fails: /no culprit is named/ },
    { name: "culprit named, none expected", exp: { ...base, verdict: ["culprit", "no-culprit"], culprit: null }, res: result(), fails: /a culprit is named \(idmtdi\.sys\)/ },
    { name: "culprit null as expected", exp: { ...base, verdict: ["no-culprit"], culprit: null }, res: result({}, { kind: "no-culprit", culprit: null }), fails: null },
    { name: "culprit by path and case", exp: base, res: result({}, { culprit: { module: "\\SystemRoot\\system32\\drivers\\IdmTdi.SYS", driver: null, thirdParty: true } }), fails: null },
    { name: "culprit in mustNotBlame", exp: { ...base, culprit: undefined }, res: result({}, { culprit: { module: "wspsrv.exe", driver: null, thirdParty: false } }), fails: /in mustNotBlame/ },
    { name: "confidence above the cap", exp: { ...base, confidenceAtMost: "medium" }, res: result(), fails: /expected at most medium/ },
    { name: "confidence at the cap", exp: { ...base, confidenceAtMost: "medium" }, res: result({}, { confidence: "medium" }), fails: null },
    { name: "confidence below the floor", exp: { ...base, confidenceAtLeast: "high" }, res: result({}, { confidence: "medium" }), fails: /expected at least high/ },
    { name: "confidence not a level", exp: base, res: result({}, { confidence: "very" }), fails: /not low\/medium\/high/ },
    { name: "no contention array", exp: base, res: result({ contention: undefined }), fails: /no contention array/ },
    { name: "resource missing", exp: base, res: result({ contention: [] }), fails: /resource 8a7f3008 is missing/ },
    { name: "resource matched in any address form", exp: { ...base, contention: [{ resource: "0x8A7F3008", owners: ["0x84149020"] }] }, res: result(), fails: null },
    { name: "extra owner", exp: base, res: result({ contention: [{ ...result().contention[0], owners: ["0x84149020", "0x80ed0020"] }] }), fails: /owners \[84149020, 80ed0020\], expected \[84149020\]/ },
    { name: "missing owner", exp: base, res: result({ contention: [{ ...result().contention[0], owners: [] }] }), fails: /owners \[\], expected/ },
    { name: "exclusive waiter missing", exp: base, res: result({ contention: [{ ...result().contention[0], exclusiveWaiters: ["0x8961d620"] }] }), fails: /exclusive waiter 84166a80 is missing/ },
    { name: "shared waiter missing", exp: base, res: result({ contention: [{ ...result().contention[0], sharedWaiters: [] }] }), fails: /shared waiter 896d2020 is missing/ },
    { name: "a notOwner reported as owner", exp: { ...base, contention: [{ resource: "8a7f3008", notOwners: ["896d2020"] }] }, res: result({ contention: [{ ...result().contention[0], owners: ["0x84149020", "0x896d2020"] }] }), fails: /896d2020 is reported as an owner/ },
    { name: "noContention with contention", exp: { verdict: ["culprit"], noContention: true }, res: result(), fails: /noContention: contention lists 1/ },
    { name: "noContention satisfied", exp: { verdict: ["culprit"], noContention: true }, res: result({ contention: [] }), fails: null },
    { name: "notContended listed", exp: { verdict: ["culprit"], notContended: ["0x8a7f3008"] }, res: result(), fails: /notContended: resource 8a7f3008/ },
    { name: "deadlock expected, none", exp: { ...base, deadlockCycle: true }, res: result(), fails: /no deadlock is reported/ },
    { name: "deadlock expected, no key", exp: { ...base, deadlockCycle: true }, res: result({ deadlocks: undefined }), fails: /no deadlocks array/ },
    { name: "deadlock found", exp: { ...base, deadlockCycle: true }, res: result({ deadlocks: [{ threads: ["0x1"], resources: ["0x2"] }] }), fails: null },
    { name: "blocking component as expected", exp: { ...base, blockingComponent: ["disk"] }, res: result({ blockingComponent: { module: "disk.sys", driver: null, thirdParty: false } }), fails: null },
    { name: "wrong blocking component", exp: { ...base, blockingComponent: ["disk"] }, res: result({ blockingComponent: { module: "Ntfs.sys", driver: null, thirdParty: false } }), fails: /blocking component is "Ntfs\.sys"/ },
    { name: "blocking component expected, none", exp: { ...base, blockingComponent: ["disk"] }, res: result({ blockingComponent: null }), fails: /no blocking component is named/ },
    { name: "blocking component named, none expected", exp: { ...base, blockingComponent: null }, res: result({ blockingComponent: { module: "afd.sys" } }), fails: /a blocking component is named \(afd\.sys\)/ },
    { name: "lead listed", exp: { ...base, leadsInclude: ["tpav"] }, res: result({ leads: [{ module: "tpav.sys", driver: null, thirdParty: true }] }), fails: null },
    { name: "lead missing", exp: { ...base, leadsInclude: ["tpav"] }, res: result({ leads: [] }), fails: /leads: tpav is not listed/ },
    { name: "deadlock not expected but found", exp: { ...base, deadlockCycle: false }, res: result({ deadlocks: [{ threads: [], resources: [] }] }), fails: /a deadlock is reported/ },
  ];
  it.each(cases)("$name", ({ exp, res, fails }) => {
    const problems = checkJson(exp, res);
    if (fails === null) expect(problems).toEqual([]);
    else expect(problems.join("\n")).toMatch(fails);
  });
  it("reports every failed rule, not only the first", () => {
    const problems = checkJson(base, result({ contention: [] }, { kind: "no-culprit", culprit: null }));
    expect(problems).toHaveLength(3);
  });
});

describe("console checks", () => {
  const dx = '@$isaCpuCheck("w3wp.exe")';
  const good = ["isaCpuCheck: analysing...", "Findings:", "  owner 84149020", "Verdict: culprit idmtdi.sys (high)", "",
    dx + "                 : Verdict: culprit idmtdi.sys", "    verdict          : [object Object]", ""].join("\n");
  it.each([
    ["a console run ending with the verdict passes", 0, good, null],
    ["exit code 1 fails", 1, good, /exit code 1/],
    ["a last line that is not the verdict fails", 0, good.replace("Verdict: culprit idmtdi.sys (high)\n", "Verdict: culprit idmtdi.sys (high)\ntrailing text\n"), /last console line is "trailing text"/],
    ["no verdict at all fails", 0, "hello\n", /last console line is "hello"/],
    ["an uncaught error fails", 0, "Verdict: x\nError: TypeError: boom [at isatriage (line 1 col 2)]\n", /uncaught error/],
  ] as const)("%s", (_n, code, stdout, fails) => {
    const problems = checkConsole(code, stdout, dx);
    if (fails === null) expect(problems).toEqual([]);
    else expect(problems.join("\n")).toMatch(fails);
  });
  it("separates the extension's own lines from the dx rendering", () => {
    expect(ownConsoleLines(good, dx).filter((l) => l).pop()).toBe("Verdict: culprit idmtdi.sys (high)");
  });
});

describe("checkOutputSafety", () => {
  const exp: Expect = {
    verdict: ["culprit"],
    outputMustNotContain: ["<exec", "\n; .shell calc"],
    commandsMustNotContain: [".shell", "\n", "trx"],
  };
  it.each([
    ["escaped output and constant commands pass", "driver \\Driver\\\"\\x3e\\x3cexec cmd=... module trx\\n; .shell calc", ["lm", "!locks"], null],
    ["a raw DML tag fails", 'driver \\Driver\\"><exec cmd=".shell calc">', [], /output contains "<exec"/],
    ["a raw newline inside a name fails", "module trx\n; .shell calc.sys", [], /output contains "\\n; \.shell calc"/],
    ["a dump string in a command fails", "", ["lmvm trx"], /command "lmvm trx" contains "trx"/],
    ["a newline in a command fails", "", ["lm\n.shell calc"], /contains "\.shell"/],
  ] as const)("%s", (_n, stdout, commands, fails) => {
    const problems = checkOutputSafety(exp, stdout, [...commands]);
    if (fails === null) expect(problems).toEqual([]);
    else expect(problems.join("\n")).toMatch(fails);
  });
});
