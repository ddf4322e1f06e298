// The text !isaCpuCheck prints to the debugger console: title; a VERDICT block that fits a screen (verdict, the named
// component and why it is or is not third-party, confidence, at most three lines of evidence); then the details — the
// chains that matter, other contention in one line each, suspects, the target's top threads, data-quality notes,
// follow-up commands — and always a last `Verdict: …` line. Long lists show their first LIST_HEAD elements and
// "+N more" with the command that shows them all; the "verbose" argument prints everything. No line is longer than
// MAX_LINE except that last one. Called by src/commands/cpu-check.ts; every dump-derived string goes through escapeDumpText.
// Sections are functions from (context) to lines, in SECTIONS order: a new section (e.g. processors.ts) is one more entry.
import { Addr, addrDiff, formatAddr } from "../addr";
import { IrpRecord, ModuleRecord, ThreadRecord } from "../kernel/records";
import { CULPRIT_THRESHOLD } from "../analysis/suspects";
import { SCOPE_NOTE } from "../analysis/analyze";
import { Analysis, BlockerInfo, ContentionInfo, EvidenceItem, IrpGroup, Suspect } from "../analysis/types";
import { escapeDumpText as esc } from "./escape";
import { focusOf, Focus, namedSuspect } from "./focus";
import { hex, irpLocationHeader, irpLocationRow, padLeft, padRight, stateText, threadTime } from "./format";
import { fitLines, headOf, lineList, ListOptions, moreText, wordList } from "./lists";
import { renderProcessorLines } from "./processors";

export interface ConsoleOptions {
  /** Print every element of every list and every IRP's stack locations (the "verbose" argument). */
  verbose?: boolean;
}

/** How many lines of evidence the VERDICT block shows. */
const VERDICT_EVIDENCE = 3;
/** Evidence items shown per suspect in the short form (the rest: "+N more" and the dx path that lists them). */
const SUSPECT_ITEMS = 3;
/** Follow-up commands the short form lists (the dx FollowUps rows keep all). */
const FOLLOW_UPS = 7;

export function renderConsole(a: Analysis, options?: ConsoleOptions): string {
  return renderConsoleLines(a, options).join("\n") + "\n";
}

/** The one-line verdict that always ends the output: head and summary. */
export function verdictLine(a: Analysis): string {
  return verdictHead(a) + ": " + esc(a.verdict.summary);
}

/** "Verdict: culprit fltx.sys (\Driver\FLTX), confidence high" — the dx object's display string. */
export function verdictHead(a: Analysis): string {
  const v = a.verdict;
  return verdictHeadFrom(
    v.kind,
    v.culprit ? esc(v.culprit.module) : null,
    v.culprit && v.culprit.driver ? esc(v.culprit.driver) : null,
    v.blockingComponent ? esc(v.blockingComponent.module) : null,
    v.confidence,
  );
}

/** The verdict head from already-escaped parts (shared with the dx object's toString). */
export function verdictHeadFrom(kind: string, culprit: string | null, culpritDriver: string | null, blocking: string | null, confidence: string): string {
  const who = culprit
    ? " " + culprit + (culpritDriver ? " (" + culpritDriver + ")" : "")
    : blocking
      ? " (blocking component " + blocking + ", Microsoft)"
      : "";
  return "Verdict: " + kind + who + ", confidence " + confidence;
}

/** What every section sees: the analysis, the list rule, and lookups over the snapshot. */
export interface ConsoleContext {
  a: Analysis;
  list: ListOptions;
  verbose: boolean;
  focus: Focus;
  fmt(x: Addr): string;
  thread(x: Addr): ThreadRecord | null;
  irp(x: Addr): IrpRecord | null;
  module(name: string | null): ModuleRecord | null;
  /** `!isaCpuCheck ("<target>", "verbose")`, the command that prints every list in full. */
  verboseCommand: string;
  /** `@$isaCpuCheck("<target>")`, for dx paths to the full lists. */
  dxCall: string;
  /** The suspect the verdict names, and the lines of evidence the VERDICT block gives for it (said there, once). */
  named: Suspect | null;
  chainLine: string | null;
  verdictItems: EvidenceItem[];
}

export type ConsoleSection = (c: ConsoleContext) => string[];

/** The detail sections after the VERDICT block, in print order; each returns [] when it has nothing to say. */
export const SECTIONS: ConsoleSection[] = [
  chainSection, otherContentionSection, suspectsSection, threadsSection, processorSection, dataQualitySection, followUpSection,
];

/** What each processor runs, DPC/interrupt shares and the target's stack groups (src/report/processors.ts). */
function processorSection(c: ConsoleContext): string[] {
  const lines = renderProcessorLines(c.a);
  while (lines.length > 0 && lines[0] === "") lines.shift(); // the section list puts the blank line before it
  return lines;
}

export function renderConsoleLines(a: Analysis, options?: ConsoleOptions): string[] {
  const c = consoleContext(a, !!(options && options.verbose));
  const out: string[] = [];
  out.push(titleLine(c));
  out.push("");
  for (const l of verdictBlock(c)) out.push(l);
  if (a.verdict.kind !== "not-applicable") {
    for (const section of SECTIONS) {
      const lines = section(c);
      if (lines.length === 0) continue;
      out.push("");
      for (const l of lines) out.push(l);
    }
  }
  const fitted = fitLines(out);
  fitted.push("");
  fitted.push(verdictLine(a));
  return fitted;
}

function consoleContext(a: Analysis, verbose: boolean): ConsoleContext {
  const s = a.snapshot;
  const threads: { [t: string]: ThreadRecord } = {};
  for (const t of s.threads) if (!threads[t.address]) threads[t.address] = t;
  const irps: { [i: string]: IrpRecord } = {};
  for (const i of s.irps) if (!irps[i.address]) irps[i.address] = i;
  const target = a.cpu.targets.length > 0 ? a.cpu.targets[0].name : a.targetName;
  // The process name comes from the dump: only a plain image name is repeated inside a command the user may copy.
  const quoted = /^[A-Za-z0-9_.$ -]{1,64}$/.test(target) ? '"' + target + '"' : '"<image.exe>"';
  const c: ConsoleContext = {
    a,
    verbose,
    list: { all: verbose },
    // The verbose form is today's full picture: every contended resource and every blocker in full.
    focus: focusOf(a, verbose),
    fmt: (x) => formatAddr(x, a.pointerSize),
    thread: (x) => (Object.prototype.hasOwnProperty.call(threads, x) ? threads[x] : null),
    irp: (x) => (Object.prototype.hasOwnProperty.call(irps, x) ? irps[x] : null),
    module: (n) => {
      if (!n) return null;
      for (const m of s.modules) if (m.name.toLowerCase() === n.toLowerCase()) return m;
      return null;
    },
    verboseCommand: "!isaCpuCheck (" + quoted + ', "verbose")',
    dxCall: "@$isaCpuCheck(" + quoted + ")",
    named: namedSuspect(a),
    chainLine: null,
    verdictItems: [],
  };
  if (c.named) {
    c.chainLine = chainLine(c, c.named);
    c.verdictItems = leadingItems(c.named, c.chainLine ? VERDICT_EVIDENCE - 1 : VERDICT_EVIDENCE);
  }
  return c;
}

function titleLine(c: ConsoleContext): string {
  const a = c.a;
  const s = a.snapshot;
  const targets = a.cpu.targets.length > 0
    ? a.cpu.targets.map((p) => esc(p.name) + " (pid " + hex(p.pid) + ")").join(", ")
    : esc(a.targetName) + " (not found)";
  const osText = s.os ? esc(s.os.build) + " (" + (a.pointerSize === 8 ? "64" : "32") + "-bit pointers)" : "unknown OS";
  return "isaCpuCheck: " + targets + " - " + osText;
}

function componentText(module: string, driver: string | null): string {
  return esc(module) + (driver ? " (" + esc(driver) + ")" : "");
}

/** In-scope evidence of a suspect, strongest first (the analysis sorts items by weight), one per kind. */
function leadingItems(sp: Suspect, n: number): EvidenceItem[] {
  const seen: { [k: string]: boolean } = {};
  const out: EvidenceItem[] = [];
  for (const it of sp.items) {
    if (it.scope === "outside" || seen[it.kind]) continue;
    seen[it.kind] = true;
    out.push(it);
    if (out.length >= n) break;
  }
  return out;
}

function evidenceLine(it: EvidenceItem): string {
  return "    - " + esc(it.text) + (it.command ? "  (" + esc(it.command) + ")" : "");
}

/** The VERDICT block: what a reader needs at a glance, each fact once. */
function verdictBlock(c: ConsoleContext): string[] {
  const a = c.a;
  const v = a.verdict;
  const out: string[] = [];
  if (v.kind === "not-applicable") {
    out.push("VERDICT: NOT APPLICABLE");
    out.push("  " + esc(v.summary));
    return out;
  }
  if (v.kind === "culprit" && v.culprit) {
    out.push("VERDICT: CULPRIT " + componentText(v.culprit.module, v.culprit.driver) + ", third-party, confidence " + v.confidence);
    out.push("  Why third-party: " + esc(v.culprit.reason));
    if (v.blockingComponent) {
      out.push(
        "  Blocking component: " + componentText(v.blockingComponent.module, v.blockingComponent.driver) +
          ", Microsoft (" + esc(v.blockingComponent.reason) + "): where the work is stuck, not the culprit",
      );
    }
  } else if (v.blockingComponent) {
    out.push(
      "VERDICT: NO CULPRIT IDENTIFIED - blocking component " + componentText(v.blockingComponent.module, v.blockingComponent.driver) +
        ", Microsoft, not third-party, confidence " + v.confidence,
    );
    out.push("  Why Microsoft: " + esc(v.blockingComponent.reason));
  } else {
    out.push("VERDICT: NO CULPRIT IDENTIFIED, confidence " + v.confidence);
  }
  const named = c.named;
  if (named) {
    out.push(
      "  Evidence (" + named.kinds.length + " agreeing kind" + (named.kinds.length === 1 ? "" : "s") +
        (named.kinds.length > 0 ? ": " + named.kinds.join(", ") : "") + ")" +
        (named.structure.length > 0 ? "; structure: " + named.structure.join(", ") : "") +
        (a.dataQuality.chainEvidenceLost ? "; never above medium: evidence on the chain was lost" : "") + ":",
    );
    if (c.chainLine) out.push(c.chainLine);
    for (const it of c.verdictItems) out.push(evidenceLine(it));
  } else {
    for (const l of leadsLines(c)) out.push(l);
  }
  // Where the chains are stuck (known blocking points only, at most 3) and the third-party modules merely present on
  // them (leads, principle (b) in src/analysis/suspects.ts).
  const shownPoints: string[] = [];
  for (const bp of a.blockingPoints) if (bp.kind !== "unknown" && shownPoints.indexOf(bp.text) < 0 && shownPoints.length < 3) shownPoints.push(bp.text);
  for (const t of shownPoints) out.push("  Blocking point: " + esc(t));
  if (v.leads.length > 0) {
    const leads = v.leads.map((l) => componentText(l.module, l.driver));
    for (const l of wordList("  Leads to rule out (present on a chain stuck elsewhere, not blamed):", leads, "  ", "dx " + c.dxCall + ".Suspects", c.list)) out.push(l);
  }
  return out;
}

/** "ERESOURCE 8a5c2040 (1200 contentions, 5 exclusive waiters)". */
function resourceText(c: ConsoleContext, r: ContentionInfo): string {
  const parts = [r.contentionCount + " contention" + (r.contentionCount === 1 ? "" : "s")];
  const ex = Math.max(r.numberOfExclusiveWaiters, r.exclusiveWaiters.length);
  const sh = Math.max(r.numberOfSharedWaiters, r.sharedWaiters.length);
  if (ex > 0) parts.push(ex + " exclusive waiter" + (ex === 1 ? "" : "s"));
  if (sh > 0) parts.push(sh + " shared waiter" + (sh === 1 ? "" : "s"));
  return "ERESOURCE " + c.fmt(r.resource) + (r.symbol ? " " + esc(r.symbol) : "") + " (" + parts.join(", ") + ")";
}

function threadText(c: ConsoleContext, x: Addr): string {
  const t = c.thread(x);
  return "thread " + c.fmt(x) + (t && t.processName ? " (" + esc(t.processName) + ")" : "");
}

/** The lock the named component's evidence hangs on, in plain words; null when its evidence is not on a lock chain. */
function chainLine(c: ConsoleContext, named: Suspect): string | null {
  const a = c.a;
  for (const t of named.blockers) {
    const b = a.blockers.filter((x) => x.thread === t)[0];
    if (!b) continue;
    const held = a.contention.filter((r) => b.resources.indexOf(r.resource) >= 0);
    const lock = held.length > 0 ? resourceText(c, held[0]) + (held.length > 1 ? " and " + (held.length - 1) + " more" : "") : null;
    if (b.role === "chain-head" && lock) return "    - " + threadText(c, t) + " holds " + lock + " and waits on no other ERESOURCE";
    if (b.role === "deadlock") return "    - " + threadText(c, t) + " is in a deadlock" + (lock ? ", holding " + lock : "");
    const o = a.orphans.filter((x) => b.resources.indexOf(x.resource) >= 0)[0];
    if (o) return "    - " + esc(o.text);
  }
  return null;
}

/** When nothing is named: the strongest leads, and the first evidence of the strongest one. */
function leadsLines(c: ConsoleContext): string[] {
  const leads = c.a.suspects.filter((s) => s.score > 0).slice(0, 3);
  if (leads.length === 0) return [];
  const out: string[] = [];
  out.push(
    "  Leads (below the culprit threshold " + CULPRIT_THRESHOLD + "): " +
      leads.map((s) => esc(s.image) + " (" + (s.classification === "third-party" ? "third-party" : "Microsoft") + ", score " + s.score + ")").join(", "),
  );
  const first = leadingItems(leads[0], 2);
  const items = first.length > 0 ? first : leads[0].items.slice(0, 2);
  for (const it of items) out.push(evidenceLine(it));
  return out;
}

function pad2(n: number): string {
  return n < 16 ? "0" + hex(n) : hex(n);
}

/** The chains that matter: each resource like `!locks`, each blocker like `!thread`, its IRPs grouped by path. */
function chainSection(c: ConsoleContext): string[] {
  const a = c.a;
  const f = c.fmt;
  const focus = c.focus;
  const out: string[] = [];
  out.push(focus.others.length > 0 ? "Evidence chain (the chains that involve the target or the verdict):" : "Evidence chain:");
  if (a.contention.length === 0) out.push("  No ERESOURCE has waiters (no lock contention).");
  const rs = headOf(focus.resources, c.list);
  for (const r of rs.shown) for (const l of resourceLines(c, r)) out.push(l);
  if (rs.more > 0) out.push("  " + moreText(rs.more, "!isaLocks"));
  const cycles = a.deadlocks.filter((cy) => cy.resources.some(focus.matters));
  const cs = headOf(cycles, { all: c.verbose, head: c.verbose ? undefined : 10 });
  for (const cy of cs.shown) {
    const steps = cy.threads.map((t, i) => f(t) + " waits on " + f(cy.resources[i]) + (i < cy.threads.length - 1 ? "," : ""));
    for (const l of wordList("  DEADLOCK cycle of " + cy.threads.length + " threads, each waiting on a lock the next one owns:", steps, "  ", "!isaLocks", c.list)) out.push(l);
  }
  if (cs.more > 0) out.push("  " + moreText(cs.more, "deadlock cycles in dx " + c.dxCall + ".Findings"));
  const orphans = a.orphans.filter((o) => focus.matters(o.resource));
  for (const o of lineList(orphans.map((x) => "  ORPHANED: " + esc(x.text)), "  ", "!isaLocks", c.list)) out.push(o);
  const bs = headOf(focus.blockers, c.list);
  for (const b of bs.shown) for (const l of blockerLines(c, b)) out.push(l);
  if (bs.more > 0) out.push("  " + moreText(bs.more, "blockers: " + c.verboseCommand));
  return out;
}

function resourceLines(c: ConsoleContext, r: ContentionInfo): string[] {
  const f = c.fmt;
  const out: string[] = [];
  const owners = r.owners.length;
  out.push(
    "  Resource @ " + f(r.resource) + (r.symbol ? " (" + esc(r.symbol) + ")" : "") + " " +
      (r.exclusive ? "Exclusively owned" : "Shared " + owners + " owning thread" + (owners === 1 ? "" : "s")),
  );
  out.push("    Contention Count = " + r.contentionCount);
  const all = "!locks -v " + f(r.resource);
  const entries = r.owners.map((o) => f(o.thread) + "-" + pad2(o.count) + "<*>" + (o.ownerPointer ? " (owner pointer " + f(o.raw) + ")" : ""));
  for (const w of r.waiterEntriesInOwnerTable) entries.push(f(w) + "-01 (shared waiter, not an owner)");
  if (entries.length === 0) out.push("    Threads: (no owner)");
  else for (const l of wordList("    Threads:", entries, "    ", all, c.list)) out.push(l);
  const waiters = (label: string, counted: number, found: Addr[]) => {
    const head = "    " + label + " waiters: " + counted + " counted, " + found.length + " found" + (found.length > 0 ? ":" : "");
    if (found.length === 0) out.push(head);
    else for (const l of wordList(head, found.map(f), "    ", all, c.list)) out.push(l);
  };
  // The short form leaves out a kind of waiter that is neither counted nor found.
  if (c.verbose || r.numberOfExclusiveWaiters > 0 || r.exclusiveWaiters.length > 0) waiters("Exclusive", r.numberOfExclusiveWaiters, r.exclusiveWaiters);
  if (c.verbose || r.numberOfSharedWaiters > 0 || r.sharedWaiters.length > 0) waiters("Shared", r.numberOfSharedWaiters, r.sharedWaiters);
  return out;
}

function blockerLines(c: ConsoleContext, b: BlockerInfo): string[] {
  const a = c.a;
  const f = c.fmt;
  const inc = a.snapshot.os ? a.snapshot.os.keMaximumIncrement : 0;
  const out: string[] = [];
  const t = c.thread(b.thread);
  const role = b.role === "deadlock" ? "deadlocked thread" : b.role === "orphan-owner" ? "owner of an orphaned lock" : "chain head: waits on no ERESOURCE";
  const owns = headOf(b.resources.map(f), c.list);
  out.push(
    "  Blocker " + f(b.thread) + " (" + role + ")" +
      (b.resources.length > 0 ? ", owns " + owns.shown.join(" ") + (owns.more > 0 ? " " + moreText(owns.more, "!isaLocks") : "") : ""),
  );
  if (!t) {
    out.push("    (thread could not be read)");
    return out;
  }
  out.push(
    "    THREAD " + f(t.address) + " Cid " + hex(t.pid) + "." + hex(t.tid) + " " + esc(stateText(t.state, t.waitReason, t.waitMode)) +
      "  Process " + (t.processAddress ? f(t.processAddress) + " " : "") + "Image: " + esc(t.processName || "?"),
  );
  const waitObjects = headOf(t.waitObjects.map(f), c.list);
  out.push(
    "    UserTime " + threadTime(t.userTicks, inc, t.userSeconds) + "  KernelTime " + threadTime(t.kernelTicks, inc, t.kernelSeconds) +
      (t.waitObjects.length > 0 ? "  Wait objects: " + waitObjects.shown.join(" ") + (waitObjects.more > 0 ? " +" + waitObjects.more + " more" : "") : ""),
  );
  if (!t.stack) out.push("    Stack: unavailable");
  else if (b.innermostFrame) out.push("    Innermost non-nt frame: " + esc(b.innermostFrame) + (b.acquiringLock ? " (calling into ERESOURCE acquisition)" : ""));
  const groups = a.irpGroups.filter((g) => g.thread === b.thread);
  const readable = groups.reduce((n, g) => n + g.irps.length, 0);
  out.push(
    "    IRP List: " + t.irps.length + " IRP" + (t.irps.length === 1 ? "" : "s") + (readable !== t.irps.length ? " (" + readable + " readable)" : "") +
      (t.irps.length === 0 ? " (its I/O is unknown, not healthy)" : ""),
  );
  const gs = headOf(groups, c.list);
  for (const g of gs.shown) for (const l of groupLines(c, g)) out.push(l);
  if (gs.more > 0) out.push("      " + moreText(gs.more, "IRP paths: !isaIrps 0x" + b.thread));
  return out;
}

function driverLabel(c: ConsoleContext, name: string | null, module: string | null, device: Addr): string {
  const m = c.module(module);
  const base = name ? esc(name) : "device " + c.fmt(device);
  if (m && m.classification === "third-party") return base + " (" + esc(m.image) + ", third-party)";
  return base;
}

function groupLines(c: ConsoleContext, g: IrpGroup): string[] {
  const ps = c.a.pointerSize;
  const f = c.fmt;
  const out: string[] = [];
  const p = g.path;
  const n = g.irps.length;
  const cmd = p.major !== null ? "[" + hex(p.major) + "," + hex(p.minor || 0) + "] " + esc(p.majorName || "") + (p.minorName ? "/" + esc(p.minorName) : "") : "";
  const where = p.steps.map((st) => driverLabel(c, st.driverName, st.module, st.device)).join(" <- ");
  const state = p.state === "complete" ? "complete, last in " : p.pending ? "pending in " : "active (not pending) in ";
  const head = "      " + n + " IRP" + (n === 1 ? "" : "s") + ": " + (cmd ? cmd + " " : "") + state + (where || "(no device)");
  const rec = c.irp(g.example);
  if (!c.verbose) {
    // The short form names one example; `!irp` (or the verbose form) shows its stack locations.
    out.push(head + (rec ? "  (e.g. !irp " + f(rec.address) + ")" : ""));
    return out;
  }
  out.push(head);
  if (!rec) return out;
  out.push(
    "        e.g. !irp " + f(rec.address) + ": Irp is " + (rec.state === "active" ? "active" : "complete") + " with " + rec.stackCount +
      " stacks " + rec.currentLocation + " is current",
  );
  out.push("             " + irpLocationHeader(ps));
  for (const l of rec.locations) {
    out.push("          " + irpLocationRow(l, ps));
    if (l.driverName || l.completion !== "0") {
      out.push("                   " + esc(l.driverName || "") + (l.completion !== "0" ? "  " + completionText(c, l.completion, l.completionSymbol, l.completionModule) : ""));
    }
  }
  return out;
}

function completionText(c: ConsoleContext, addr: Addr, symbol: string | null, module: string | null): string {
  if (symbol) return esc(symbol);
  const m = c.module(module);
  if (m) {
    const off = addrDiff(addr, m.base);
    if (off !== null && off >= 0) return esc(m.name) + "+0x" + off.toString(16);
  }
  return c.fmt(addr);
}

/** Contended resources on no chain that matters: one line each, or a count when there are many. */
function otherContentionSection(c: ConsoleContext): string[] {
  const others = c.focus.others;
  if (others.length === 0) return [];
  const f = c.fmt;
  const out: string[] = [];
  out.push("Other contention (" + others.length + " ERESOURCE" + (others.length === 1 ? "" : "s") + " on no chain of the target; !isaLocks shows them):");
  const rows = others.map((r) => {
    const owner = r.owners.length > 0 ? r.owners[0].thread : null;
    const t = owner ? c.thread(owner) : null;
    const waiters = Math.max(r.numberOfExclusiveWaiters, r.exclusiveWaiters.length) + Math.max(r.numberOfSharedWaiters, r.sharedWaiters.length);
    return (
      "  " + f(r.resource) + (r.symbol ? " " + esc(r.symbol) : "") + " " + (r.exclusive ? "exclusive" : "shared") +
      ", owner " + (owner ? f(owner) + (t && t.processName ? " (" + esc(t.processName) + ")" : "") + (r.owners.length > 1 ? " +" + (r.owners.length - 1) : "") : "none") +
      ", " + waiters + " waiter" + (waiters === 1 ? "" : "s") + ", " + r.contentionCount + " contentions  (!locks " + f(r.resource) + ")"
    );
  });
  for (const l of lineList(rows, "  ", "!isaLocks", c.list)) out.push(l);
  return out;
}

function suspectsSection(c: ConsoleContext): string[] {
  const a = c.a;
  if (a.suspects.length === 0) return [];
  const named = c.named;
  const out: string[] = [];
  out.push("Suspects (modules; score = strongest item per kind; culprit threshold " + CULPRIT_THRESHOLD + "):");
  // The short form shows the named suspect, leads and suspects with some weight (score >= 2), at most 6; the rest are a
  // count and the dx query that lists them.
  const worth = c.verbose ? a.suspects : a.suspects.filter((sp) => sp === named || sp.hasLeads || sp.score >= 2);
  const ss = headOf(worth, { all: c.verbose, head: c.verbose ? undefined : 6 });
  const hidden = a.suspects.length - ss.shown.length;
  ss.shown.forEach((sp, i) => {
    const mark = sp.classification === "third-party" ? "third-party" : "Microsoft";
    const isNamed = sp === named && !c.verbose;
    out.push(
      "  " + (i + 1) + ". " + componentText(sp.image, sp.driver) + " - " + mark +
        // The named component's classification reason is in the VERDICT block; the verbose form repeats it for each.
        (c.verbose ? " (" + esc(sp.classificationReason) + ")" : "") + ", score " + sp.score +
        (sp.leadOnly ? ", lead only (outside every blocking chain and hot thread)" : sp.aboveThreshold ? "" : sp.hasLeads && !sp.atBlockingPoint ? ", lead (on a chain stuck elsewhere)" : ", below threshold") +
        (sp.kinds.length > 0 ? "; kinds: " + sp.kinds.join(", ") : "") +
        (isNamed && c.verdictItems.length > 0 ? "; " + c.verdictItems.length + " of its items " + (c.verdictItems.length === 1 ? "is" : "are") + " in the VERDICT block" : ""),
    );
    // The named component's leading items are already in the VERDICT block; show only what it did not.
    const shownAbove = isNamed ? c.verdictItems : [];
    const rest = sp.items.filter((it) => shownAbove.indexOf(it) < 0);
    const lines = rest.map(
      (it) => "     - " + it.kind + (it.scope === "outside" || it.lead ? " (lead)" : "") + " [" + it.weight + "]: " + esc(it.text) + (it.command ? "  (" + esc(it.command) + ")" : ""),
    );
    // Short form: the named suspect's items, one for the others; a Microsoft module below the threshold (never a
    // culprit, not the blocking component) only by its kinds and the dx query of its items.
    const quiet = sp.classification !== "third-party" && !sp.aboveThreshold && !sp.hasLeads;
    const head = c.verbose ? lines.length : isNamed ? SUSPECT_ITEMS : quiet ? 0 : 1;
    const where = "dx -r3 " + c.dxCall + ".Suspects[" + a.suspects.indexOf(sp) + "].Evidence";
    if (head === 0 && lines.length > 0) out.push("     " + lines.length + " item" + (lines.length === 1 ? "" : "s") + ": " + where);
    else for (const l of lineList(lines, "     ", where, { all: c.verbose, head })) out.push(l);
  });
  if (hidden > 0) out.push("  " + moreText(hidden, "dx -r2 " + c.dxCall + ".Suspects"));
  return out;
}

function threadsSection(c: ConsoleContext): string[] {
  const a = c.a;
  const ps = a.pointerSize;
  const f = c.fmt;
  const inc = a.snapshot.os ? a.snapshot.os.keMaximumIncrement : 0;
  const out: string[] = [];
  const names = a.cpu.targets.map((p) => esc(p.name)).join(", ") || esc(a.targetName);
  out.push(
    "Top threads of " + names + " by kernel time (like !runaway 7, from KTHREAD times): " +
      "kernel " + threadTime(0, 0, a.cpu.kernelSeconds) + ", user " + threadTime(0, 0, a.cpu.userSeconds) +
      (a.cpu.kernelPercent !== null ? ", " + a.cpu.kernelPercent + "% kernel" : "") + ", " + a.cpu.threadCount + " threads",
  );
  const busiest = a.snapshot.busiestProcesses || [];
  if (a.cpu.targets.length === 0 && busiest.length > 0) {
    // The name matched nothing: show where the kernel time went instead, so the next command can name it.
    out.push("  No process named " + esc(a.targetName) + ". The processes with the most kernel time:");
    out.push("  " + padRight("Process", ps === 8 ? 17 : 8) + "  " + padRight("Pid", 6) + padRight("Image", 16) + padLeft("Kernel", 13) + padLeft("User", 13));
    for (const p of busiest) {
      out.push(
        "  " + padRight(f(p.address), ps === 8 ? 17 : 8) + "  " + padRight(hex(p.pid), 6) + padRight(esc(p.name), 16) +
          padLeft(threadTime(p.kernelTicks, inc, (p.kernelTicks * inc) / 1e7), 13) +
          padLeft(threadTime(p.userTicks, inc, (p.userTicks * inc) / 1e7), 13),
      );
    }
  } else if (a.cpu.topThreads.length === 0) out.push("  (no threads)");
  else {
    out.push("  " + padRight("Thread", ps === 8 ? 17 : 8) + "  " + padRight("Cid", 11) + padLeft("Kernel", 13) + padLeft("User", 13) + "  State");
    // The table is the `N` the user asked for (default 10): it is shown whole.
    for (const r of a.cpu.topThreads) {
      const tags: string[] = [];
      if (r.hot) tags.push("hot");
      if (r.blocker) tags.push("blocker");
      if (r.waiter) tags.push("waiter");
      out.push(
        "  " + padRight(f(r.thread), ps === 8 ? 17 : 8) + "  " + padRight(hex(r.pid) + "." + hex(r.tid), 11) +
          padLeft(threadTime(r.kernelTicks, inc, r.kernelSeconds), 13) + padLeft(threadTime(r.userTicks, inc, r.userSeconds), 13) +
          "  " + esc(r.state + (r.state === "Waiting" ? " (" + r.waitReason + ")" : "")) + (tags.length > 0 ? "  [" + tags.join(", ") + "]" : ""),
      );
    }
  }
  return out;
}

function dataQualitySection(c: ConsoleContext): string[] {
  // The scope statement is the same on every dump (README, Limits): the short form leaves it to verbose and dx.
  const notes = c.verbose ? c.a.dataQuality.notes : c.a.dataQuality.notes.filter((n) => n !== SCOPE_NOTE);
  if (notes.length === 0) return [];
  const out: string[] = ["Data quality:"];
  for (const l of lineList(notes.map((n) => "  - " + esc(n)), "  ", "dx " + c.dxCall + ".DataQuality", c.list)) out.push(l);
  return out;
}

function followUpSection(c: ConsoleContext): string[] {
  const fus = c.a.followUps;
  if (fus.length === 0) return [];
  const out: string[] = ["Confirm with:"];
  for (const l of lineList(fus.map((fu) => "  " + esc(fu.command)), "  ", "dx " + c.dxCall + ".FollowUps", { all: c.verbose, head: FOLLOW_UPS })) out.push(l);
  return out;
}
