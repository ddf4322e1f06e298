// The text !isaCpuCheck prints to the debugger console: title, VERDICT first, the evidence chain, suspects, the
// target's top threads, data-quality notes, follow-up commands, and always a last `Verdict: …` line.
// Called by src/commands/cpu-check.ts with the Analysis from analyze(); every dump-derived string goes through escapeDumpText.
import { Addr, addrDiff, formatAddr } from "../addr";
import { IrpRecord, ThreadRecord } from "../kernel/records";
import { CULPRIT_THRESHOLD } from "../analysis/suspects";
import { Analysis, ContentionInfo, IrpGroup, Suspect } from "../analysis/types";
import { escapeDumpText as esc } from "./escape";
import { renderProcessorLines } from "./processors";
import { hex, irpLocationHeader, irpLocationRow, padLeft, padRight, stateText, threadTime } from "./format";

export function renderConsole(a: Analysis): string {
  return renderConsoleLines(a).join("\n") + "\n";
}

/** The one-line verdict that always ends the output. */
export function verdictLine(a: Analysis): string {
  const v = a.verdict;
  return verdictLineFrom(
    v.kind,
    v.culprit ? esc(v.culprit.module) : null,
    v.culprit && v.culprit.driver ? esc(v.culprit.driver) : null,
    v.blockingComponent ? esc(v.blockingComponent.module) : null,
    v.confidence,
    esc(v.summary),
  );
}

/** The verdict line from already-escaped parts (shared with the dx object's toString). */
export function verdictLineFrom(
  kind: string,
  culprit: string | null,
  culpritDriver: string | null,
  blocking: string | null,
  confidence: string,
  summary: string,
): string {
  const who = culprit
    ? " " + culprit + (culpritDriver ? " (" + culpritDriver + ")" : "")
    : blocking
      ? " (blocking component " + blocking + ", Microsoft)"
      : "";
  return "Verdict: " + kind + who + ", confidence " + confidence + ": " + summary;
}

export function renderConsoleLines(a: Analysis): string[] {
  const out: string[] = [];
  const s = a.snapshot;
  const ps = a.pointerSize;
  const f = (x: Addr) => formatAddr(x, ps);
  const inc = s.os ? s.os.keMaximumIncrement : 0;
  const thread = (x: Addr): ThreadRecord | null => {
    for (const t of s.threads) if (t.address === x) return t;
    return null;
  };
  const irpRec = (x: Addr): IrpRecord | null => {
    for (const i of s.irps) if (i.address === x) return i;
    return null;
  };
  const moduleByName = (n: string | null) => {
    if (!n) return null;
    for (const m of s.modules) if (m.name.toLowerCase() === n.toLowerCase()) return m;
    return null;
  };

  // Title
  const targets = a.cpu.targets.length > 0
    ? a.cpu.targets.map((p) => esc(p.name) + " (pid " + hex(p.pid) + ")").join(", ")
    : esc(a.targetName) + " (not found)";
  const osText = s.os ? esc(s.os.build) + " (" + (ps === 8 ? "64" : "32") + "-bit pointers)" : "unknown OS";
  out.push("isaCpuCheck: " + targets + " - " + osText);
  out.push("");

  // VERDICT first
  const v = a.verdict;
  if (v.kind === "culprit" && v.culprit) {
    out.push(
      "VERDICT: CULPRIT " + esc(v.culprit.module) + (v.culprit.driver ? " (" + esc(v.culprit.driver) + ")" : "") +
        " - third-party (" + esc(v.culprit.reason) + "), confidence " + v.confidence,
    );
  } else if (v.kind === "no-culprit") {
    out.push(
      "VERDICT: NO CULPRIT IDENTIFIED" +
        (v.blockingComponent
          ? " - blocking component " + esc(v.blockingComponent.module) +
            (v.blockingComponent.driver ? " (" + esc(v.blockingComponent.driver) + ")" : "") +
            ", Microsoft (" + esc(v.blockingComponent.reason) + "), not third-party"
          : "") +
        ", confidence " + v.confidence,
    );
  } else {
    out.push("VERDICT: NOT APPLICABLE");
  }
  out.push("  " + esc(v.summary));
  const top = a.suspects.length > 0 ? a.suspects[0] : null;
  if (top && (v.culprit || v.blockingComponent)) {
    out.push("  Agreeing kinds of evidence (" + top.kinds.length + "): " + (top.kinds.join(", ") || "none") + (a.dataQuality.chainEvidenceLost ? "; never above medium: evidence on the chain was lost" : ""));
  }

  if (v.kind !== "not-applicable") {
    // Evidence chain
    out.push("");
    out.push("Evidence chain:");
    if (a.contention.length === 0) out.push("  No ERESOURCE has waiters (no lock contention).");
    for (const c of a.contention) renderResource(c);
    for (const cy of a.deadlocks.slice(0, 10)) {
      out.push("  DEADLOCK cycle: " + cy.threads.map((t, i) => f(t) + " waits on " + f(cy.resources[i])).join(", ") + " (each owned by the next thread)");
    }
    if (a.deadlocks.length > 10) out.push("  ... " + (a.deadlocks.length - 10) + " more deadlock cycles (see the returned object)");
    for (const o of a.orphans) out.push("  ORPHANED: " + esc(o.text));
    for (const b of a.blockers) {
      const t = thread(b.thread);
      const role = b.role === "deadlock" ? "deadlocked thread" : b.role === "orphan-owner" ? "owner of an orphaned lock" : "chain head: waits on no ERESOURCE";
      out.push("  Blocker " + f(b.thread) + " (" + role + ")" + (b.resources.length > 0 ? ", owns " + b.resources.map(f).join(" ") : ""));
      if (!t) {
        out.push("    (thread could not be read)");
        continue;
      }
      out.push(
        "    THREAD " + f(t.address) + " Cid " + hex(t.pid) + "." + hex(t.tid) + " " + esc(stateText(t.state, t.waitReason, t.waitMode)) +
          "  Process " + (t.processAddress ? f(t.processAddress) + " " : "") + "Image: " + esc(t.processName || "?"),
      );
      out.push(
        "    UserTime " + threadTime(t.userTicks, inc, t.userSeconds) + "  KernelTime " + threadTime(t.kernelTicks, inc, t.kernelSeconds) +
          (t.waitObjects.length > 0 ? "  Wait objects: " + t.waitObjects.map(f).join(" ") : ""),
      );
      if (!t.stack) out.push("    Stack: unavailable");
      else if (b.innermostFrame)
        out.push("    Innermost non-nt frame: " + esc(b.innermostFrame) + (b.acquiringLock ? " (calling into ERESOURCE acquisition)" : ""));
      const groups = a.irpGroups.filter((g) => g.thread === b.thread);
      const readable = groups.reduce((n, g) => n + g.irps.length, 0);
      out.push("    IRP List: " + t.irps.length + " IRP" + (t.irps.length === 1 ? "" : "s") + (readable !== t.irps.length ? " (" + readable + " readable)" : "") + (t.irps.length === 0 ? " (its I/O is unknown, not healthy)" : ""));
      for (const g of groups) renderGroup(g);
    }
  }

  // Suspects
  if (a.suspects.length > 0) {
    out.push("");
    out.push("Suspects (modules; score = strongest item per kind; culprit threshold " + CULPRIT_THRESHOLD + "):");
    a.suspects.slice(0, 6).forEach((sp, i) => renderSuspect(sp, i + 1));
  }

  // CPU
  if (v.kind !== "not-applicable") {
    out.push("");
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
  }

  if (v.kind !== "not-applicable") for (const line of renderProcessorLines(a)) out.push(line);

  // Data quality
  if (a.dataQuality.notes.length > 0) {
    out.push("");
    out.push("Data quality:");
    for (const n of a.dataQuality.notes) out.push("  - " + esc(n));
  }

  // Follow-ups
  if (a.followUps.length > 0) {
    out.push("");
    out.push("Confirm with:");
    for (const fu of a.followUps) out.push("  " + esc(fu.command));
  }

  out.push("");
  out.push(verdictLine(a));
  return out;

  function renderResource(c: ContentionInfo): void {
    const owners = c.owners.length;
    out.push(
      "  Resource @ " + f(c.resource) + (c.symbol ? " (" + esc(c.symbol) + ")" : "") + " " +
        (c.exclusive ? "Exclusively owned" : "Shared " + owners + " owning thread" + (owners === 1 ? "" : "s")),
    );
    out.push("    Contention Count = " + c.contentionCount);
    const entries = c.owners.map((o) => f(o.thread) + "-" + pad2(o.count) + "<*>" + (o.ownerPointer ? " (owner pointer " + f(o.raw) + ")" : ""));
    for (const w of c.waiterEntriesInOwnerTable) entries.push(f(w) + "-01 (shared waiter, not an owner)");
    out.push("    Threads: " + (entries.length > 0 ? entries.join(" ") : "(no owner)"));
    out.push(
      "    Exclusive waiters: " + c.numberOfExclusiveWaiters + " counted, " + c.exclusiveWaiters.length + " found" +
        (c.exclusiveWaiters.length > 0 ? ": " + c.exclusiveWaiters.map(f).join(" ") : ""),
    );
    out.push(
      "    Shared waiters: " + c.numberOfSharedWaiters + " counted, " + c.sharedWaiters.length + " found" +
        (c.sharedWaiters.length > 0 ? ": " + c.sharedWaiters.map(f).join(" ") : ""),
    );
  }

  function pad2(n: number): string {
    return n < 16 ? "0" + hex(n) : hex(n);
  }

  function driverLabel(name: string | null, module: string | null, device: Addr): string {
    const m = moduleByName(module);
    const base = name ? esc(name) : "device " + f(device);
    if (m && m.classification === "third-party") return base + " (" + esc(m.image) + ", third-party)";
    return base;
  }

  function renderGroup(g: IrpGroup): void {
    const p = g.path;
    const n = g.irps.length;
    const cmd = p.major !== null ? "[" + hex(p.major) + "," + hex(p.minor || 0) + "] " + esc(p.majorName || "") + (p.minorName ? "/" + esc(p.minorName) : "") : "";
    const where = p.steps.map((st) => driverLabel(st.driverName, st.module, st.device)).join(" <- ");
    const state = p.state === "complete" ? "complete, last in " : p.pending ? "pending in " : "active (not pending) in ";
    out.push("      " + n + " IRP" + (n === 1 ? "" : "s") + ": " + (cmd ? cmd + " " : "") + state + (where || "(no device)"));
    const rec = irpRec(g.example);
    if (!rec) return;
    out.push(
      "        e.g. !irp " + f(rec.address) + ": Irp is " + (rec.state === "active" ? "active" : "complete") + " with " + rec.stackCount +
        " stacks " + rec.currentLocation + " is current",
    );
    out.push("             " + irpLocationHeader(ps));
    for (const l of rec.locations) {
      out.push("          " + irpLocationRow(l, ps));
      if (l.driverName || l.completion !== "0") {
        out.push("                   " + esc(l.driverName || "") + (l.completion !== "0" ? "  " + completionText(l.completion, l.completionSymbol, l.completionModule) : ""));
      }
    }
  }

  function completionText(addr: Addr, symbol: string | null, module: string | null): string {
    if (symbol) return esc(symbol);
    const m = moduleByName(module);
    if (m) {
      const off = addrDiff(addr, m.base);
      if (off !== null && off >= 0) return esc(m.name) + "+0x" + off.toString(16);
    }
    return f(addr);
  }

  function renderSuspect(sp: Suspect, n: number): void {
    out.push(
      "  " + n + ". " + esc(sp.image) + (sp.driver ? " (" + esc(sp.driver) + ")" : "") + " - " +
        (sp.classification === "third-party" ? "third-party" : "Microsoft") + " (" + esc(sp.classificationReason) + "), score " + sp.score +
        (sp.leadOnly ? ", lead only (outside every blocking chain and hot thread)" : sp.aboveThreshold ? "" : ", below threshold") +
        (sp.kinds.length > 0 ? "; kinds: " + sp.kinds.join(", ") : ""),
    );
    for (const it of sp.items.slice(0, 6)) {
      out.push(
        "     - " + it.kind + (it.scope === "outside" ? " (lead)" : "") + " [" + it.weight + "]: " + esc(it.text) +
          (it.command ? "  (" + esc(it.command) + ")" : ""),
      );
    }
    if (sp.items.length > 6) out.push("     - ... " + (sp.items.length - 6) + " more");
  }
}
