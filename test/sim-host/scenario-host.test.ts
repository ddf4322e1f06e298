// Cross-checks the mock host over dumps built from the shared scenarios (/work/shared/scenarios via ../shared): what a
// script finds through memory and type info (list walks) agrees with the data model and with what was laid out.
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { buildDump } from "../sim/build-dump";
import { createHost } from "../sim/host";
import { loadScenario } from "../sim/scenario";

const DIR = resolve(__dirname, "../../../shared/scenarios");
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".json"));

function ready(file: string) {
  const dump = buildDump(loadScenario(join(DIR, file)));
  const sim = createHost(dump);
  sim.setApiVersion(1, 7);
  sim.phase2();
  return { dump, sim, host: sim.host as any };
}

describe.each(FILES)("%s", (file) => {
  it("walking PsActiveProcessHead finds the data model's processes, in order", () => {
    const { dump, host } = ready(file);
    const head = host.getModuleSymbol("nt", "PsActiveProcessHead", "_LIST_ENTRY");
    const walked: string[] = [];
    for (const p of host.namespace.Debugger.Utility.Collections.FromListEntry(head, "nt!_EPROCESS", "ActiveProcessLinks")) {
      walked.push(`${host.memory.readString(p.ImageFileName.address, 15)}:${p.UniqueProcessId.address.toString(16)}`);
      if (walked.length > 10000) break;
    }
    const model = Array.from(host.currentSession.Processes).map((p: any) => `${p.Name.slice(0, 15)}:0x${p.Id.toString(16)}`);
    expect(walked).toEqual(model);
    expect(model.length).toBe(dump.processes.length);
  });

  it("KernelObject of each thread is the ETHREAD whose Cid names the thread", () => {
    const { host } = ready(file);
    for (const p of host.currentSession.Processes) {
      for (const t of p.Threads) {
        expect(t.KernelObject.Cid.UniqueThread.address.toString(16)).toBe("0x" + t.Id.toString(16));
      }
    }
  });

  it("ExpSystemResourcesList walks exactly the laid-out resources", () => {
    const { dump, host } = ready(file);
    const head = host.getModuleSymbol("nt", "ExpSystemResourcesList", "_LIST_ENTRY");
    let n = 0;
    for (const _ of host.namespace.Debugger.Utility.Collections.FromListEntry(head, "nt!_ERESOURCE", "SystemResourcesList")) {
      if (++n > 100000) break;
    }
    expect(n).toBe(dump.stats.resources);
  });

  it("lm lists every module; lmvm of each module names it", () => {
    const { dump, host } = ready(file);
    const exec = host.namespace.Debugger.Utility.Control.ExecuteCommand;
    expect(Array.from(exec("lm")).length).toBe(dump.modules.length + 1);
    for (const m of dump.modules) {
      const lines = Array.from(exec(`lmvm ${m.name}`)) as string[];
      expect(lines[1].split(/\s+/)[2]).toBe(m.name);
      expect(lines.includes(`        CompanyName:      ${m.company}`)).toBe(m.company !== null);
    }
  });
});
