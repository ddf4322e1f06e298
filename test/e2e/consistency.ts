// Checks that a scenario's `expect` block agrees with the scenario's own facts (an expected owner really owns it, an
// expected culprit is a listed non-Microsoft module, an expected deadlock really closes). Used by
// test/e2e/scenario-files.test.ts, which also proves it can fail.
import type { Scenario } from "../sim/scenario";
import { normAddr, normModule, type Expect } from "./expect";

const VERDICTS = ["culprit", "no-culprit", "not-applicable"];
const LEVELS = ["low", "medium", "high"];

const hex = (a: bigint) => a.toString(16);

/** Problems of one expect block against the scenario's facts. */
export function checkScenarioExpect(s: Scenario, e: Expect): string[] {
  const out: string[] = [];
  if (!Array.isArray(e.verdict) || e.verdict.length === 0 || e.verdict.some((v) => !VERDICTS.includes(v))) {
    out.push(`expect.verdict ${JSON.stringify(e.verdict)} is not a non-empty list of verdict kinds`);
  }
  for (const k of ["confidenceAtMost", "confidenceAtLeast"] as const) {
    if (e[k] !== undefined && !LEVELS.includes(e[k]!)) out.push(`expect.${k} ${JSON.stringify(e[k])} is not a level`);
  }
  const modules = new Map<string, { company: string | null }>();
  for (const m of s.modules) {
    modules.set(normModule(m.name), m);
    modules.set(normModule(m.image), m);
  }
  if (Array.isArray(e.culprit)) {
    if (!e.verdict.includes("culprit")) out.push("expect.culprit lists modules but the verdict cannot be culprit");
    for (const c of e.culprit) {
      const m = modules.get(normModule(c));
      if (!m) out.push(`expected culprit ${JSON.stringify(c)} is not a module of the scenario`);
      else if (/microsoft/i.test(m.company ?? "")) out.push(`expected culprit ${JSON.stringify(c)} is a Microsoft module`);
      if ((e.mustNotBlame ?? []).map(normModule).includes(normModule(c))) out.push(`${JSON.stringify(c)} is both culprit and mustNotBlame`);
    }
  }
  for (const b of Array.isArray(e.blockingComponent) ? e.blockingComponent : []) {
    const m = modules.get(normModule(b));
    if (!m) out.push(`expected blocking component ${JSON.stringify(b)} is not a module of the scenario`);
    else if (!/microsoft/i.test(m.company ?? "")) out.push(`expected blocking component ${JSON.stringify(b)} is not a Microsoft module`);
  }
  for (const l of e.leadsInclude ?? []) {
    const m = modules.get(normModule(l));
    if (!m) out.push(`expected lead ${JSON.stringify(l)} is not a module of the scenario`);
    if ((e.culprit ?? []).map(normModule).includes(normModule(l))) out.push(`${JSON.stringify(l)} is both culprit and lead`);
  }
  const resources = new Map(s.resources.map((r) => [hex(r.object), r]));
  for (const c of e.contention ?? []) {
    const r = resources.get(normAddr(c.resource));
    if (!r) {
      out.push(`expect.contention resource ${c.resource} is not a resource of the scenario`);
      continue;
    }
    const owners = new Set(r.owners.map((o) => hex(o.thread)));
    if (c.owners) {
      const want = new Set(c.owners.map(normAddr));
      if (want.size !== owners.size || [...want].some((o) => !owners.has(o))) {
        out.push(`${c.resource}: expected owners ${[...want]} but the scenario's owners are ${[...owners]}`);
      }
    }
    const xw = new Set(r.exclusiveWaiters.map(hex));
    const sw = new Set(r.sharedWaiters.map(hex));
    for (const w of (c.exclusiveWaitersInclude ?? []).map(normAddr)) if (!xw.has(w)) out.push(`${c.resource}: ${w} is not an exclusive waiter in the scenario`);
    for (const w of (c.sharedWaitersInclude ?? []).map(normAddr)) if (!sw.has(w)) out.push(`${c.resource}: ${w} is not a shared waiter in the scenario`);
    for (const n of (c.notOwners ?? []).map(normAddr)) if (owners.has(n)) out.push(`${c.resource}: notOwner ${n} owns it in the scenario`);
    if (r.exclusiveWaiters.length + r.sharedWaiters.length + r.numberOfExclusiveWaiters + r.numberOfSharedWaiters === 0) {
      out.push(`${c.resource}: expected in contention but has no waiters`);
    }
  }
  const waited = (r: Scenario["resources"][number]) =>
    r.exclusiveWaiters.length + r.sharedWaiters.length + r.numberOfExclusiveWaiters + r.numberOfSharedWaiters > 0;
  if (e.noContention) {
    for (const r of s.resources) if (waited(r)) out.push(`noContention, but ${hex(r.object)} has waiters`);
    if ((e.contention ?? []).length) out.push("noContention with a non-empty expect.contention");
  }
  for (const n of (e.notContended ?? []).map(normAddr)) {
    const r = resources.get(n);
    if (!r) out.push(`notContended ${n} is not a resource of the scenario`);
    else if (waited(r)) out.push(`notContended ${n} has waiters`);
  }
  if (e.deadlockCycle) {
    // thread -> thread it waits for (the owners of the resources it waits on); a cycle must exist.
    const next = new Map<string, string[]>();
    for (const r of s.resources) {
      for (const w of [...r.exclusiveWaiters, ...r.sharedWaiters]) {
        next.set(hex(w), [...(next.get(hex(w)) ?? []), ...r.owners.map((o) => hex(o.thread))]);
      }
    }
    const onCycle = [...next.keys()].some((start) => {
      const seen = new Set<string>();
      const stack = [...(next.get(start) ?? [])];
      while (stack.length) {
        const t = stack.pop()!;
        if (t === start) return true;
        if (seen.has(t)) continue;
        seen.add(t);
        stack.push(...(next.get(t) ?? []));
      }
      return false;
    });
    if (!onCycle) out.push("deadlockCycle, but the scenario's owners and waiters form no cycle");
  }
  if (e.verdict?.length === 1 && e.verdict[0] === "not-applicable") {
    if (s.dump.kind === "kernel" && s.dump.ntSymbols) out.push("not-applicable expected for a kernel dump with nt symbols");
  }
  return out;
}

