// Checks a scenario's `expect` block (SCENARIO-FORMAT.md "Expectations") against what the extension produced: the
// --json object, the console text and the commands it ran. Pure functions; used by test/e2e/scenarios.test.ts and
// proven able to fail by test/e2e/expect.test.ts.
//
// Two keys beyond the format, read only here (unknown keys are ignored by the simulator):
// - `confidenceAtLeast`: when a culprit is named, its confidence must be at least this;
// - `outputMustNotContain` / `commandsMustNotContain`: substrings that may not appear in the console output, or in
//   any command the extension passed to ExecuteCommand (used by the hostile-strings scenario);
// - `blockingComponent`: acceptable blocking-component modules (null: none may be named), from the JSON's
//   `blockingComponent`; `leadsInclude`: modules that must be listed in the JSON's `leads` (present, not blamed).

export type Confidence = "low" | "medium" | "high";

export interface ContentionExpect {
  resource: string;
  owners?: string[];
  exclusiveWaitersInclude?: string[];
  sharedWaitersInclude?: string[];
  notOwners?: string[];
}

export interface Expect {
  arg?: string;
  verdict: string[];
  /** Acceptable culprit modules; null: no culprit may be named; absent: not checked. */
  culprit?: string[] | null;
  mustNotBlame?: string[];
  contention?: ContentionExpect[];
  noContention?: boolean;
  notContended?: string[];
  deadlockCycle?: boolean;
  confidenceAtMost?: Confidence;
  confidenceAtLeast?: Confidence;
  outputMustNotContain?: string[];
  commandsMustNotContain?: string[];
  blockingComponent?: string[] | null;
  leadsInclude?: string[];
}

const CONFIDENCE: Confidence[] = ["low", "medium", "high"];

/** "0x8A7F3008", "ffff988d`80d05a90", "0000000080d05a90" -> "8a7f3008" / "ffff988d80d05a90" / "80d05a90". */
export function normAddr(text: unknown): string {
  let s = String(text).trim().toLowerCase().replace(/`/g, "");
  if (s.startsWith("0x")) s = s.slice(2);
  s = s.replace(/^0+/, "");
  return s === "" ? "0" : s;
}

/**
 * A module name reduced for comparison: the base name after the last path separator, lower case, without an image
 * extension, with escape sequences a renderer may have produced (`\n`, `\x0a`, `\u2028`) and every character that is
 * not a letter or digit removed. So "idmtdi.sys", "IDMTDI" and "\SystemRoot\system32\drivers\idmtdi.sys" agree, and
 * a hostile name agrees with itself whether it arrives raw or escaped. Two different real driver names never differ
 * only in punctuation, so this does not make a wrong culprit pass.
 */
export function normModule(text: unknown): string {
  let s = String(text).trim();
  // A path ("\SystemRoot\system32\drivers\x.sys", "C:\...\x.sys"): keep the file name. Only for text that starts like
  // a path, because an escaped name ("trx\n; ...") also contains backslashes.
  if (/^(\\|[a-z]:\\)/i.test(s)) s = s.slice(s.lastIndexOf("\\") + 1);
  s = s.toLowerCase().replace(/\.(sys|dll|exe|drv)$/, "");
  s = s.replace(/\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[nrt])/g, "");
  return s.replace(/[^a-z0-9]/g, "");
}

type Json = Record<string, unknown>;

function asObj(v: unknown): Json | null {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function show(a: string[]): string {
  return "[" + a.join(", ") + "]";
}

/** Every failed expectation as one line; an empty list means the result satisfies `expect`. */
export function checkJson(expect: Expect, json: unknown): string[] {
  const out: string[] = [];
  const root = asObj(json);
  if (!root) return ["the result is not a JSON object"];
  const verdict = asObj(root.verdict);
  if (!verdict) return ["the result has no verdict object"];
  const kind = String(verdict.kind);
  if (!expect.verdict.includes(kind)) out.push(`verdict.kind is "${kind}", expected one of ${show(expect.verdict)}`);

  const culprit = asObj(verdict.culprit);
  const culpritName = culprit ? normModule(culprit.module) : null;
  if (verdict.culprit !== null && verdict.culprit !== undefined && !culprit) out.push("verdict.culprit is neither null nor an object");
  if (expect.culprit === null && culprit) out.push(`a culprit is named (${String(culprit.module)}), expected none`);
  if (Array.isArray(expect.culprit)) {
    if (!culprit) out.push(`no culprit is named, expected one of ${show(expect.culprit)}`);
    else if (!expect.culprit.map(normModule).includes(culpritName!)) {
      out.push(`culprit is ${JSON.stringify(String(culprit.module))}, expected one of ${show(expect.culprit)}`);
    }
  }
  if (culprit && (expect.mustNotBlame ?? []).map(normModule).includes(culpritName!)) {
    out.push(`culprit ${JSON.stringify(String(culprit.module))} is in mustNotBlame`);
  }
  if (culprit) {
    const rank = CONFIDENCE.indexOf(verdict.confidence as Confidence);
    if (rank < 0) out.push(`verdict.confidence is ${JSON.stringify(verdict.confidence)}, not low/medium/high`);
    if (expect.confidenceAtMost && rank > CONFIDENCE.indexOf(expect.confidenceAtMost)) {
      out.push(`confidence is ${String(verdict.confidence)}, expected at most ${expect.confidenceAtMost}`);
    }
    if (expect.confidenceAtLeast && rank < CONFIDENCE.indexOf(expect.confidenceAtLeast)) {
      out.push(`confidence is ${String(verdict.confidence)}, expected at least ${expect.confidenceAtLeast}`);
    }
  }

  if (expect.blockingComponent !== undefined) {
    const bc = asObj(root.blockingComponent);
    const name = bc ? normModule(bc.module) : null;
    if (expect.blockingComponent === null && bc) out.push(`a blocking component is named (${String(bc.module)}), expected none`);
    if (Array.isArray(expect.blockingComponent)) {
      if (!bc) out.push(`no blocking component is named, expected one of ${show(expect.blockingComponent)}`);
      else if (!expect.blockingComponent.map(normModule).includes(name!)) {
        out.push(`blocking component is ${JSON.stringify(String(bc.module))}, expected one of ${show(expect.blockingComponent)}`);
      }
    }
  }
  if (expect.leadsInclude) {
    const leads = asList(root.leads).map((l) => {
      const o = asObj(l);
      return o ? normModule(o.module) : "";
    });
    for (const want of expect.leadsInclude) if (!leads.includes(normModule(want))) out.push(`leads: ${want} is not listed (leads: ${show(leads)})`);
  }

  if (!Array.isArray(root.contention)) {
    out.push("the result has no contention array");
  } else {
    const entries = root.contention.map(asObj);
    if (entries.some((e) => e === null)) out.push("a contention entry is not an object");
    const byResource = new Map<string, Json>();
    for (const e of entries) if (e) byResource.set(normAddr(e.resource), e);
    const set = (v: unknown) => new Set(asList(v).map(normAddr));
    for (const c of expect.contention ?? []) {
      const r = normAddr(c.resource);
      const e = byResource.get(r);
      if (!e) {
        out.push(`contention: resource ${r} is missing`);
        continue;
      }
      const owners = set(e.owners);
      if (c.owners) {
        const want = new Set(c.owners.map(normAddr));
        const extra = [...owners].filter((o) => !want.has(o));
        const missing = [...want].filter((o) => !owners.has(o));
        if (extra.length || missing.length) {
          out.push(`contention ${r}: owners ${show([...owners])}, expected ${show([...want])}`);
        }
      }
      const xw = set(e.exclusiveWaiters);
      for (const w of (c.exclusiveWaitersInclude ?? []).map(normAddr)) {
        if (!xw.has(w)) out.push(`contention ${r}: exclusive waiter ${w} is missing`);
      }
      const sw = set(e.sharedWaiters);
      for (const w of (c.sharedWaitersInclude ?? []).map(normAddr)) {
        if (!sw.has(w)) out.push(`contention ${r}: shared waiter ${w} is missing`);
      }
      for (const n of (c.notOwners ?? []).map(normAddr)) {
        if (owners.has(n)) out.push(`contention ${r}: ${n} is reported as an owner`);
      }
    }
    if (expect.noContention && entries.length > 0) {
      out.push(`noContention: contention lists ${entries.length} resource(s): ${show([...byResource.keys()])}`);
    }
    for (const n of (expect.notContended ?? []).map(normAddr)) {
      if (byResource.has(n)) out.push(`notContended: resource ${n} is listed in contention`);
    }
  }

  if (expect.deadlockCycle !== undefined) {
    const found = asList(root.deadlocks).length > 0;
    if (!Array.isArray(root.deadlocks)) out.push("the result has no deadlocks array");
    else if (expect.deadlockCycle && !found) out.push("deadlockCycle: no deadlock is reported");
    else if (!expect.deadlockCycle && found) out.push("deadlockCycle false: a deadlock is reported");
  }
  return out;
}

/** The lines of the extension's own console output (stdout before the dx rendering of the returned object). */
export function ownConsoleLines(stdout: string, dxExpression: string): string[] {
  const lines = stdout.split(/\r?\n/);
  const at = lines.findIndex((l) => l.startsWith(dxExpression));
  return at < 0 ? lines : lines.slice(0, at);
}

/** Console-mode rules every scenario must meet: ends with the verdict line, no uncaught error. */
export function checkConsole(exitCode: number, stdout: string, dxExpression: string): string[] {
  const out: string[] = [];
  if (exitCode !== 0) out.push(`exit code ${exitCode}, expected 0`);
  const own = ownConsoleLines(stdout, dxExpression).filter((l) => l.trim() !== "");
  const last = own.length ? own[own.length - 1] : "";
  if (!last.trimStart().startsWith("Verdict:")) out.push(`the last console line is ${JSON.stringify(last)}, not "Verdict: ..."`);
  const err = stdout.split(/\r?\n/).find((l) => /^Error:/.test(l.trimStart()));
  if (err !== undefined) out.push(`an uncaught error was printed: ${JSON.stringify(err)}`);
  return out;
}

/** outputMustNotContain / commandsMustNotContain. */
export function checkOutputSafety(expect: Expect, stdout: string, commandsRun: string[]): string[] {
  const out: string[] = [];
  for (const bad of expect.outputMustNotContain ?? []) {
    const at = stdout.indexOf(bad);
    if (at >= 0) {
      const around = stdout.slice(Math.max(0, at - 40), at + bad.length + 20);
      out.push(`output contains ${JSON.stringify(bad)}: ...${JSON.stringify(around)}...`);
    }
  }
  for (const cmd of commandsRun) {
    for (const bad of expect.commandsMustNotContain ?? []) {
      if (cmd.toLowerCase().includes(bad.toLowerCase())) {
        out.push(`command ${JSON.stringify(cmd)} contains ${JSON.stringify(bad)}`);
      }
    }
  }
  return out;
}
