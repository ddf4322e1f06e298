// Damage aimed at the processors: seeded rewrites of KPRCB and queued-KDPC fields (current/idle thread, DPC list
// links, DeferredRoutine, DpcQueueDepth, tick counters) in the processor scenarios, each run through the bundled
// extension: it must end with a Verdict line, print well-formed JSON, and never name a Microsoft module a culprit.
// Fixtures: the processor scenarios of test/scenarios (provenance in their README entries).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { buildDump } from "../sim/build-dump";
import { runDump } from "../sim/run";
import { loadScenario } from "../sim/scenario";
import { Rng } from "./fuzzer";

const FILES = ["ws2008r2-w3wp-dpc-storm-fabx10g.json", "win10-w3wp-spinlock-storm-many-modules.json", "win10-sqlservr-cpus-in-cmpflt.json", "ws2003-wspsrv-idle-server.json"];
const PRCB_FIELDS = ["CurrentThread", "IdleThread", "NextThread", "DpcData[0].DpcQueueDepth", "KernelTime", "DpcTime", "DpcRoutineActive"];

describe.each(FILES)("processor damage: %s", (file) => {
  const path = resolve(__dirname, "../scenarios", file);
  test.each(Array.from({ length: 12 }, (_, i) => i + 1))("case %i", (seed) => {
    const s = loadScenario(path);
    const arg = (JSON.parse(readFileSync(path, "utf8")).expect || {}).arg;
    const d = buildDump(s);
    const L = d.layout;
    const rng = new Rng(seed * 7919);
    const ps = BigInt(d.pointerSize);
    const wild = () => {
      const r = rng.next();
      if (r < 0.25) return 0n;
      if (r < 0.5) return d.pointerSize === 4 ? 0xdeadbee0n : 0xffffdeadbeef0000n;
      if (r < 0.75) return BigInt(Math.floor(rng.next() * 0xffffffff));
      const any = d.objects[Math.floor(rng.next() * d.objects.length)];
      return any.address;
    };
    const prcbs = d.objects.filter((o) => o.kind === "processor");
    const dpcs = d.objects.filter((o) => o.kind === "dpc");
    for (let k = 0; k < 6; k++) {
      if (dpcs.length > 0 && rng.next() < 0.4) {
        const o = dpcs[Math.floor(rng.next() * dpcs.length)];
        const f = rng.next() < 0.5 ? "DpcListEntry" : "DeferredRoutine";
        d.memory.writePtr(o.address + BigInt(L.offset("_KDPC", f)), wild());
      } else {
        const o = prcbs[Math.floor(rng.next() * prcbs.length)];
        const f = PRCB_FIELDS[Math.floor(rng.next() * PRCB_FIELDS.length)];
        const info = L.field("_KPRCB", f);
        if (info.size >= Number(ps)) d.memory.writePtr(o.address + BigInt(info.offset), wild());
        else d.memory.writeU32(o.address + BigInt(info.offset) - BigInt(info.offset % 4), Math.floor(rng.next() * 0xffffffff));
      }
    }
    const r = runDump(d, { json: true, arg });
    expect(r.exitCode).toBe(0);
    const j = r.json as any;
    expect(["culprit", "no-culprit", "not-applicable"]).toContain(j.verdict.kind);
    if (j.verdict.culprit) expect(j.verdict.culprit.thirdParty).toBe(true);
    const text = runDump(d, { arg }).stdout;
    expect(text).toMatch(/\nVerdict: [^\n]+\n/);
  });
});
