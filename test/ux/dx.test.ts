// What `dx @$isaCpuCheck()`, `dx @$isaLocks()` and `dx @$isaIrps(<thread>)` give a WinDbg user, on the seed scenario
// (../shared/scenarios/seed-isa-idmtdi.json): display strings, arrays of objects with their own display strings, JS
// numbers, and LINQ-style queries from JS; rendered by the simulator's dx renderer (test/sim/dx.ts) with recursion.
import { describe, expect, it } from "vitest";
import { renderDx } from "../sim/dx";
import { runScenario } from "../sim/run";
import { aliasExpression } from "../sim/sandbox";
import { bareHex, consoleLines, scenarioJson, SEED, shown } from "./helpers";

const seed = scenarioJson(SEED);
const owner = seed.resources[0].owners[0].thread as string;

/** The display string dx gives a value: its own toString, never Object.prototype's. */
function display(v: unknown): string {
  const s = String(v);
  expect(s).not.toBe("[object Object]");
  return s;
}

function result(alias: string, arg?: string): { value: any; lines: string[] } {
  const r = runScenario(SEED, { alias, arg });
  expect(r.exitCode).toBe(0);
  return { value: r.returned as any, lines: consoleLines(r.stdout, alias, arg) };
}

describe("dx @$isaCpuCheck()", () => {
  const { value: v, lines } = result("isaCpuCheck");

  it("shows the verdict line's head as its display string, the summary once as its Summary row", () => {
    expect(lines[lines.length - 1]).toBe(display(v) + ": " + v.Summary);
    expect(display(v)).toMatch(/^Verdict: /);
    expect(display(v)).not.toContain(v.Summary);
  });

  it.each(["Suspects", "Contention", "Threads", "Irps"])("%s is an array of objects with their own display strings", (name) => {
    const arr = v[name];
    expect(Array.isArray(arr)).toBe(true);
    expect(arr.length).toBeGreaterThan(0);
    for (const el of arr) {
      expect(typeof el).toBe("object");
      display(el);
    }
  });

  it("numbers are JS numbers, so LINQ-style filters work from JS", () => {
    const threads: any[] = v.Threads;
    for (const t of threads) {
      expect(typeof t.KernelSeconds).toBe("number");
      expect(typeof t.UserSeconds).toBe("number");
      expect(typeof t.Pid).toBe("number");
    }
    const busy = threads.filter((t) => t.KernelSeconds > 10);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.length).toBeLessThanOrEqual(threads.length);
    // The console's "Top threads" table lists the same threads, in the same order.
    const at = lines.findIndex((l) => l.startsWith("Top threads of"));
    const table = lines.slice(at + 2).filter((l) => /^ {2}[0-9a-f]{8} /.test(l)).map((l) => l.trim().split(/\s+/)[0]);
    expect(table.length).toBeGreaterThan(0);
    expect(threads.slice(0, table.length).map((t) => t.Thread)).toEqual(table);
    expect(typeof v.Contention[0].ContentionCount).toBe("number");
    expect(v.Contention[0].ContentionCount).toBe(seed.resources[0].contentionCount);
    expect(v.Suspects.map((s: any) => s.Score).every((x: unknown) => typeof x === "number")).toBe(true);
  });

  it("dx -r2 shows each array element with its display string, -r3 its fields", () => {
    const expr = aliasExpression("isaCpuCheck");
    const r2 = renderDx(expr, v, { recursion: 2 }).split("\n");
    const at = r2.indexOf("    Threads");
    expect(at).toBeGreaterThan(0);
    expect(r2[at + 1]).toMatch(/^ {8}\[0x0\] +: \S+ /);
    expect(r2[at + 1]).toContain(display(v.Threads[0]));
    const r3 = renderDx(expr, v, { recursion: 3 });
    expect(r3).toMatch(/^ {12}KernelSeconds +: \d+\.\d{6}$/m);
  });
});

describe("dx @$isaLocks()", () => {
  const { value: v, lines } = result("isaLocks");

  it("has the summary as display string, and Resources with Owners/ExclusiveWaiters/SharedWaiters", () => {
    expect("Summary: " + display(v)).toBe(lines[lines.length - 1]);
    const r = v.Resources.find((x: any) => bareHex(x.Resource) === bareHex(seed.resources[0].object));
    expect(r).toBeDefined();
    display(r);
    expect(r.Owners.map((o: any) => bareHex(o.Thread))).toEqual(seed.resources[0].owners.map((o: any) => bareHex(o.thread)));
    expect(r.ExclusiveWaiters.map((o: any) => bareHex(o.Thread))).toEqual(seed.resources[0].exclusiveWaiters.map(bareHex));
    expect(r.SharedWaiters).toHaveLength(0);
    for (const t of [...r.Owners, ...r.ExclusiveWaiters]) {
      display(t);
      expect(typeof t.Pid).toBe("number");
      expect(typeof t.WaitSeconds).toBe("number");
      expect(t.Command).toBe("!thread " + t.Thread);
    }
    expect(r.ExclusiveWaiters.filter((t: any) => t.WaitReason === "WrResource")).toHaveLength(r.ExclusiveWaiters.length);
    expect(r.Owners[0].IrpCount).toBe(seed.processes.flatMap((p: any) => p.threads).find((t: any) => t.object === owner).irps.length);
  });
});

describe("dx @$isaIrps(<thread>)", () => {
  const arg = "0x" + owner;
  const { value: v, lines } = result("isaIrps", arg);
  const irps = seed.irps.filter((i: any) => bareHex(i.thread) === bareHex(owner));

  it("has the summary as display string and one Irps element per IRP", () => {
    expect("Summary: " + display(v)).toBe(lines[lines.length - 1]);
    expect(v.Thread).toBe(shown(owner, 4));
    expect(v.Irps).toHaveLength(irps.length);
    expect(v.IrpCount).toBe(irps.length);
  });

  it("each IRP's Locations mark exactly the current one (LINQ-style from JS)", () => {
    for (const x of v.Irps) {
      display(x);
      const fact = irps.find((i: any) => bareHex(i.object) === bareHex(x.Irp));
      expect(fact).toBeDefined();
      expect(x.Locations).toHaveLength(fact.stackCount);
      const current = x.Locations.filter((l: any) => l.Current);
      expect(current.map((l: any) => l.Location)).toEqual(x.State === "active" ? [fact.currentLocation] : []);
      for (const l of x.Locations) {
        display(l);
        expect(typeof l.Major).toBe("number");
      }
    }
    const pending = v.Irps.filter((x: any) => x.Pending);
    const thirdParty = v.Irps.filter((x: any) => x.Locations.some((l: any) => l.DriverThirdParty));
    expect(pending.length).toBeGreaterThan(0);
    expect(thirdParty.length).toBeGreaterThan(0);
    expect(v.Irps.every((x: any) => x.Command === "!irp " + x.Irp)).toBe(true);
  });
});
