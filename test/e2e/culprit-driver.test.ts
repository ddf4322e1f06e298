// End-to-end: a culprit whose devices no IRP of the chain passed is still named with its DRIVER_OBJECT, found in the
// object namespace (src/kernel/drivers.ts), and `!drvobj <that object>` is a follow-up. The expect format has no
// driver key, so the three file-system deadlock scenarios (provenance in each file) are checked here.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { buildDump } from "../sim/build-dump";
import { runScenario } from "../sim/run";
import { parseScenario } from "../sim/scenario";

const CASES = [
  ["ws2003-inetinfo-fs-deadlock-fbcfs.json", "fbcfs", "\\FileSystem\\fbcfs"],
  ["ws2008r2-sqlservr-fs-deadlock-fbcfs.json", "fbcfs", "\\FileSystem\\fbcfs"],
  ["rt-win10-dokan-fcb-deadlock-own-locks.json", "dokan1", "\\FileSystem\\dokan1"],
] as const;

describe.each(CASES)("%s", (file, module, driver) => {
  const path = resolve(__dirname, "../scenarios", file);
  const json = JSON.parse(readFileSync(path, "utf8"));

  it("no IRP of the scenario passes a device of the culprit's driver (the namespace is the only way to it)", () => {
    const devices = new Set((json.devices ?? []).filter((d: any) => d.driver.toLowerCase() === driver.toLowerCase()).map((d: any) => d.object));
    const passed = (json.irps ?? []).some((i: any) => (i.locations ?? []).some((l: any) => devices.has(l.device)));
    expect(passed).toBe(false);
  });

  it("names the culprit with its DRIVER_OBJECT and follows up with !drvobj on it", () => {
    const r = runScenario(path, { json: true, arg: json.expect.arg });
    expect(r.exitCode).toBe(0);
    const out = r.json as any;
    expect(out.verdict.culprit.module.toLowerCase()).toContain(module);
    expect(out.verdict.culprit.driver).toBe(driver);
    const dump = buildDump(parseScenario(json, path));
    const object = dump.drivers.get(driver.toLowerCase())!.toString(16);
    const drvobj = (out.followUps as { command: string }[]).map((f) => f.command).filter((c) => c.startsWith("!drvobj "));
    expect(drvobj.map((c) => c.slice(8).replace(/`/g, ""))).toContain(object);
  });
});
