// A process name that matches nothing: !isaCpuCheck still reports system-wide contention, lists where the kernel time
// went, and ends with its verdict line. Fixture: the shared seed scenario (../shared/scenarios, provenance in the file).
import { describe, expect, test } from "vitest";
import { resolve } from "node:path";
import { runScenario } from "../sim/run";

const seed = resolve(__dirname, "../../../shared/scenarios/seed-isa-idmtdi.json");

describe("!isaCpuCheck with a name that matches no process", () => {
  const r = runScenario(seed, { arg: '"nosuch.exe"' });
  const lines = r.stdout.split("\n");

  test("lists the processes with the most kernel time, busiest first", () => {
    const i = lines.findIndex((l) => l.includes("No process named nosuch.exe"));
    expect(i).toBeGreaterThan(0);
    const rows = lines.slice(i + 2, i + 4).map((l) => l.trim().split(/\s+/));
    expect(rows[0][2]).toBe("wspsrv.exe");
    expect(rows[1][2]).toBe("System");
  });

  test("still reports the system-wide contention and ends with the verdict line", () => {
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("Resource @ 8a7f3008");
    const verdict = lines.filter((l) => l.startsWith("Verdict:"));
    expect(verdict).toHaveLength(1);
    expect(lines.indexOf(verdict[0])).toBeLessThan(lines.findIndex((l) => l.startsWith("@$isaCpuCheck(")));
  });
});
