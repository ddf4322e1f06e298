// Renderers: console text (verdict first and last, escaping, x64 addresses), the JSON contract, the dx object.
import { describe, expect, test } from "vitest";
import { analyze } from "../../src/analysis";
import { renderConsole, renderConsoleLines } from "../../src/report/console";
import { toDataModelObject } from "../../src/report/dx";
import { toContractJson } from "../../src/report/json";
import { dev, drv, mod, redirectorTimeout, res, seedLike, snap, thr } from "../analysis/fixtures";
import { DumpSnapshot } from "../../src/kernel/records";

const EVIL = '"><exec cmd=".shell calc">';

function hostileSeed(): DumpSnapshot {
  const s = seedLike();
  for (const d of s.drivers) if (d.name === "\\Driver\\IDMTDI") d.name = EVIL;
  for (const d of s.devices) if (d.driverName === "\\Driver\\IDMTDI") d.driverName = EVIL;
  for (const i of s.irps) for (const l of i.locations) if (l.driverName === "\\Driver\\IDMTDI") l.driverName = EVIL;
  s.targets[0].name = "wsp\nsrv<b>.exe";
  for (const t of s.threads) t.processName = "wsp\nsrv<b>.exe";
  s.threads[0].stack![6].text = "afd!Afd<GetTransportInfo>&+0x1b";
  s.dataQuality.notes.push("thread 89000000: unreadable <x>");
  return s;
}

function x64Snapshot(): DumpSnapshot {
  const P = "ffffc10a2b3c4080";
  return snap({
    pointerSize: 8,
    processes: [{ address: P, pid: 0x1f4, name: "w3wp.exe" }],
    threads: [
      thr("ffff988d80d05a90", {
        proc: P,
        state: "Waiting",
        kernel: 40,
        stack: ["nt!KiSwapContext+0x26", "nt!KeWaitForSingleObject+0x346", "tpdrv!Wait+0x40"],
      }),
      thr("ffff988d80d06080", {
        proc: P,
        state: "Waiting",
        waitReason: "WrResource",
        stack: ["nt!ExpWaitForResource+0x30", "nt!ExAcquireResourceExclusiveLite+0x8d", "Ntfs!NtfsAcquire+0x20"],
      }),
    ],
    resources: [res("ffff988d7f3a1008", { exclusive: true, owners: ["ffff988d80d05a90"], exclusiveWaiters: ["ffff988d80d06080"], contention: 77 })],
    modules: [
      mod("nt", "ntoskrnl.exe", "fffff80412000000", 0x1046000, true),
      mod("tpdrv", "tpdrv.sys", "fffff8041a000000", 0x20000, false),
      mod("Ntfs", "Ntfs.sys", "fffff80415000000", 0x300000, true),
    ],
    drivers: [drv("ffffc10a2b000000", "\\Driver\\tpdrv", "tpdrv", "fffff8041a000000")],
    devices: [dev("ffffc10a2b000100", "ffffc10a2b000000", "\\Driver\\tpdrv")],
  });
}

const shapes: [string, () => DumpSnapshot][] = [
  ["seed-like", seedLike],
  ["redirector", redirectorTimeout],
  ["hostile strings", hostileSeed],
  ["x64", x64Snapshot],
  ["no contention", () => snap({ processes: [{ address: "81a00000", pid: 0x6f0, name: "wspsrv.exe" }], threads: [thr("81a41620", { proc: "81a00000" })] })],
  ["not applicable", () => snap({ notApplicable: "this is a user-mode dump; a kernel dump is needed" })],
];

describe("console", () => {
  for (const [name, build] of shapes) {
    test(name + ": verdict first, Verdict: last and once", () => {
      const a = analyze(build(), { topThreads: 5 });
      const lines = renderConsoleLines(a);
      expect(lines[0]).toMatch(/^isaCpuCheck: /);
      const firstVerdict = lines.findIndex((l) => /^VERDICT: /.test(l));
      expect(firstVerdict).toBe(2);
      const last = lines[lines.length - 1];
      expect(last).toMatch(/^Verdict: (culprit|no-culprit|not-applicable)/);
      expect(lines.filter((l) => /^Verdict: /.test(l))).toHaveLength(1);
      expect(last).toContain(a.verdict.kind);
      expect(renderConsole(a).endsWith(last + "\n")).toBe(true);
      for (const l of lines) expect(l).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    });
  }

  test("hostile dump strings print as inert text", () => {
    const a = analyze(hostileSeed(), { topThreads: 5 });
    const text = renderConsole(a);
    expect(a.verdict.kind).toBe("culprit");
    expect(text).not.toContain("<exec");
    expect(text).not.toContain("<b>");
    expect(text).not.toContain("Afd<Get");
    expect(text).not.toContain("&+0x1b");
    expect(text).toContain('"\\x3e\\x3cexec cmd=".shell calc"\\x3e');
    expect(text).toContain("wsp\\nsrv\\x3cb\\x3e.exe");
    expect(text).toContain("unreadable \\x3cx\\x3e");
    // Our own markers survive: the owner mark and the IRP path arrows.
    expect(text).toContain("84149020-01<*>");
    expect(text).toContain(" <- ");
    // The verdict line stays one line even though the process name had a newline.
    expect(renderConsoleLines(a).filter((l) => /^Verdict: /.test(l))).toHaveLength(1);
  });

  test("seed-like: IRP group line names the path and the third-party filter", () => {
    const text = renderConsole(analyze(seedLike(), { topThreads: 5 }));
    expect(text).toContain(
      "14 IRPs: [f,8] IRP_MJ_INTERNAL_DEVICE_CONTROL/TDI_RECEIVE pending in \\Driver\\Tcpip <- \\Driver\\IDMTDI (idmtdi.sys, third-party) <- \\Driver\\AFD",
    );
    expect(text).toContain("e.g. !irp 88bb1a68");
    expect(text).toContain("UserTime 0:01:15.546  KernelTime 0:01:02.906");
    expect(text).toMatch(/Confirm with:\n  !locks 8a7f3008\n  !thread 84149020\n/);
    expect(text).toContain("lmvm idmtdi");
    expect(text).toContain("Exclusive waiters: 5 counted, 4 found");
  });

  test("x64 addresses are printed with the backtick", () => {
    const text = renderConsole(analyze(x64Snapshot(), { topThreads: 5 }));
    expect(text).toContain("ffff988d`80d05a90");
    expect(text).toContain("Resource @ ffff988d`7f3a1008");
    expect(text).toContain("!locks ffff988d`7f3a1008");
    expect(text).not.toMatch(/[^`0-9a-f]ffff988d80d05a90/);
  });

  test("Microsoft blocking component is not called third-party", () => {
    const lines = renderConsoleLines(analyze(redirectorTimeout(), { topThreads: 5 }));
    expect(lines[2]).toContain("blocking component nwrdr.sys");
    expect(lines[2]).toContain("not third-party");
    expect(lines.join("\n")).not.toMatch(/nwrdr\.sys[^\n]{0,40}, third-party/);
  });
});

describe("console: the chains that matter, other contention, verbose", () => {
  /** The seed plus an unrelated contended resource of another process (owner and waiter outside the target). */
  function seedPlusOther(): DumpSnapshot {
    const s = seedLike();
    const other = snap({
      processes: [{ address: "8c400020", pid: 0x3f0, name: "svchost.exe" }],
      threads: [
        thr("8c401020", { proc: "8c400020", state: "Waiting", stack: ["nt!KiSwapContext+0x26", "nt!KeWaitForSingleObject+0x346"] }),
        thr("8c401520", { proc: "8c400020", state: "Waiting", waitReason: "WrResource", stack: ["nt!ExpWaitForResource+0x30", "nt!ExAcquireResourceExclusiveLite+0x8d"] }),
      ],
      resources: [res("8c403008", { exclusive: true, owners: ["8c401020"], exclusiveWaiters: ["8c401520"], contention: 1204 })],
    });
    s.threads.push(...other.threads);
    s.resources.push(...other.resources);
    return s;
  }

  test("an unrelated resource is one line under Other contention, not in the evidence chain", () => {
    const lines = renderConsoleLines(analyze(seedPlusOther(), { topThreads: 5 }));
    const other = lines.findIndex((l) => l.startsWith("Other contention (1 ERESOURCE"));
    expect(other).toBeGreaterThan(0);
    expect(lines[other + 1]).toMatch(/^ {2}8c403008 exclusive, owner 8c401020 \(svchost\.exe\), 1 waiter, 1204 contentions {2}\(!locks 8c403008\)$/);
    expect(lines.filter((l) => l.startsWith("  Resource @ "))).toEqual(["  Resource @ 8a7f3008 Shared 1 owning thread"]);
  });

  test("verbose: every resource in the chain section and the IRP stack locations", () => {
    const lines = renderConsoleLines(analyze(seedPlusOther(), { topThreads: 5 }), { verbose: true });
    expect(lines.filter((l) => l.startsWith("  Resource @ "))).toEqual(["  Resource @ 8a7f3008 Shared 1 owning thread", "  Resource @ 8c403008 Exclusively owned"]);
    expect(lines.some((l) => l.startsWith("Other contention"))).toBe(false);
    expect(lines.join("\n")).toContain("e.g. !irp 88bb1a68: Irp is active with");
    expect(lines.join("\n")).not.toMatch(/\+\d+ more/);
  });

  test("the culprit's classification reason is said once (the VERDICT block); the verdict line carries the summary", () => {
    const a = analyze(seedLike(), { topThreads: 5 });
    const lines = renderConsoleLines(a);
    const reason = a.verdict.culprit!.reason;
    expect(lines.slice(0, -1).filter((l) => l.includes(reason))).toHaveLength(1);
    expect(lines[3]).toBe("  Why third-party: " + reason);
  });
});

describe("JSON contract", () => {
  for (const [name, build] of shapes) {
    test(name + ": shape and address format", () => {
      const a = analyze(build(), { topThreads: 5 });
      const j = JSON.parse(JSON.stringify(toContractJson(a)));
      expect(["culprit", "no-culprit", "not-applicable"]).toContain(j.verdict.kind);
      expect(["high", "medium", "low"]).toContain(j.verdict.confidence);
      expect(typeof j.verdict.summary).toBe("string");
      if (j.verdict.kind === "culprit") {
        expect(Object.keys(j.verdict.culprit).sort()).toEqual(["driver", "module", "thirdParty"]);
        expect(j.verdict.culprit.thirdParty).toBe(true);
        expect(j.verdict.culprit.module).toMatch(/\.sys$/);
      } else expect(j.verdict.culprit).toBeNull();
      expect(Array.isArray(j.dataQuality.notes)).toBe(true);
      for (const c of j.contention) {
        for (const k of ["resource", "contentionCount", "owners", "exclusiveWaiters", "sharedWaiters", "numberOfExclusiveWaiters", "numberOfSharedWaiters"])
          expect(c).toHaveProperty(k);
        for (const x of [c.resource].concat(c.owners, c.exclusiveWaiters, c.sharedWaiters)) expect(x).toMatch(/^0x[0-9a-f]+$/);
        expect(typeof c.contentionCount).toBe("number");
      }
    });
  }

  test("seed-like values", () => {
    const j = toContractJson(analyze(seedLike(), { topThreads: 5 }));
    expect(j.verdict.culprit).toEqual({ module: "idmtdi.sys", driver: "\\Driver\\IDMTDI", thirdParty: true });
    expect(j.verdict.confidence).toBe("high");
    expect(j.contention).toHaveLength(1);
    const c = j.contention[0];
    expect(c.resource).toBe("0x8a7f3008");
    expect(c.owners).toEqual(["0x84149020"]);
    expect(c.exclusiveWaiters).toEqual(["0x84166a80", "0x8961d620", "0x84166750", "0x89649240"]);
    expect(c.numberOfExclusiveWaiters).toBe(5);
    expect(c.contentionCount).toBe(856651);
  });

  test("x64 addresses keep all 64 bits", () => {
    const j = toContractJson(analyze(x64Snapshot(), { topThreads: 5 }));
    expect(j.contention[0].resource).toBe("0xffff988d7f3a1008");
    expect(j.contention[0].owners).toEqual(["0xffff988d80d05a90"]);
  });

  test("not-applicable carries the reason in summary", () => {
    const j = toContractJson(analyze(snap({ notApplicable: "no nt symbols" }), { topThreads: 5 }));
    expect(j.verdict).toEqual({ kind: "not-applicable", culprit: null, confidence: "low", summary: "no nt symbols" });
    expect(j.contention).toEqual([]);
  });
});

describe("dx object", () => {
  test("display string is the verdict line's head (the summary is the Summary row); properties are small objects with toString", () => {
    const a = analyze(seedLike(), { topThreads: 5 });
    const o = toDataModelObject(a);
    const lines = renderConsoleLines(a);
    expect(String(o)).toBe("Verdict: culprit idmtdi.sys (\\Driver\\IDMTDI), confidence high");
    expect(lines[lines.length - 1]).toBe(String(o) + ": " + o.Summary);
    expect(o.Verdict).toBe("culprit");
    expect(o.Confidence).toBe("high");
    expect(String(o.Culprit)).toBe("idmtdi.sys (\\Driver\\IDMTDI), third-party");
    expect(o.Suspects[0].Module).toBe("idmtdi.sys");
    expect(String(o.Suspects[0])).toContain("score 5");
    expect(o.Contention[0].Resource).toBe("8a7f3008");
    expect(o.Contention[0].ContentionCount).toBe(856651);
    const owner = o.Threads.filter((t) => t.Thread === "84149020")[0];
    expect(typeof owner.KernelSeconds).toBe("number");
    expect(owner.KernelTime).toBe("0:01:02.906");
    // The owner is Ready: its KTHREAD.WaitReason is left over from its last wait and is not shown as current.
    expect(owner.WaitReason).toBe("(not waiting)");
    expect(o.Threads.filter((t) => t.Waiter)[0].WaitReason).toBe("WrResource");
    expect(o.Irps).toHaveLength(15);
    expect(String(o.Irps.filter((i) => i.Irp === "88bb1a68")[0])).toBe(
      "88bb1a68 pending IRP_MJ_INTERNAL_DEVICE_CONTROL/TDI_RECEIVE in \\Driver\\Tcpip, then \\Driver\\IDMTDI, then \\Driver\\AFD",
    );
    expect(o.FollowUps.map(String)).toContain("!locks 8a7f3008");
    expect(o.DataQuality.length).toBeGreaterThan(0);
    for (const arr of [o.Suspects, o.Contention, o.Threads, o.Irps, o.Findings, o.FollowUps, o.DataQuality])
      for (const x of arr as object[]) expect(x.toString).not.toBe(Object.prototype.toString);
  });

  test("no culprit: Culprit is the string (none), blocking component named", () => {
    const o = toDataModelObject(analyze(redirectorTimeout(), { topThreads: 5 }));
    expect(o.Culprit).toBe("(none)");
    expect(String(o.BlockingComponent)).toBe("nwrdr.sys (\\FileSystem\\NwRdr), Microsoft");
  });

  test("hostile strings are escaped in dx too", () => {
    const o = toDataModelObject(analyze(hostileSeed(), { topThreads: 5 }));
    const all = JSON.stringify(o) + String(o);
    expect(all).not.toContain("<exec");
    expect(all).not.toContain("<b>");
  });

  test.each(shapes)("%s: every follow-up row is a whitelisted verb and a validated address, never dump text", (_n, build) => {
    const a = analyze(build(), { topThreads: 5 });
    const o = toDataModelObject(a);
    for (const fu of o.FollowUps) {
      expect(fu.Command).toMatch(/^(!locks|!thread|!irp|!devobj|!drvobj|lmv a) [0-9a-f]{8}(`[0-9a-f]{8})?$/);
      expect(fu.Command).toBe(fu.Verb + " " + fu.Address);
    }
    if (a.followUps.some((f) => /^!locks /.test(f.command))) expect(o.FollowUps.length).toBeGreaterThan(0);
  });

  test("x64 addresses in dx are WinDbg strings", () => {
    const o = toDataModelObject(analyze(x64Snapshot(), { topThreads: 5 }));
    expect(o.Contention[0].Owners).toEqual(["ffff988d`80d05a90"]);
  });
});
