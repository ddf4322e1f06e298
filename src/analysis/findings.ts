// Findings (facts with addresses and the built-in command that shows each), the follow-up commands, and the
// data-quality notes about evidence lost on a blocking chain. Called by analyze().
import { Addr } from "../addr";
import { SnapshotIndex } from "./model";
import { Describer } from "./describe";
import {
  BlockerInfo,
  ContentionInfo,
  CpuPicture,
  DeadlockCycle,
  Finding,
  FollowUp,
  IrpGroup,
  OrphanInfo,
  Suspect,
  Verdict,
} from "./types";

/** Names that may appear in a printed `lmvm` command as-is; anything else is referred to by address. */
const SAFE_MODULE_NAME = /^[A-Za-z0-9_.$-]{1,64}$/;

export function moduleCommand(idx: SnapshotIndex, d: Describer, name: string): string {
  const m = idx.module(name);
  if (SAFE_MODULE_NAME.test(name)) return "lmvm " + name;
  return m ? "lmv a " + d.fmt(m.base) : "lm";
}

export function driverCommand(idx: SnapshotIndex, d: Describer, driver: string): string | null {
  const drv = idx.driverByName(driver);
  if (drv && drv.address !== "0") return "!drvobj " + d.fmt(drv.address);
  return /^[A-Za-z0-9_\\.$-]{1,128}$/.test(driver) ? "!drvobj " + driver : null;
}

/** Sentences saying what evidence on a blocking chain could not be read (counters disagreeing is not loss). */
export function chainLossNotes(idx: SnapshotIndex, d: Describer, blockers: BlockerInfo[]): string[] {
  const notes: string[] = [];
  for (const b of blockers) {
    const t = idx.thread(b.thread);
    if (!t) {
      notes.push("the blocking thread " + d.fmt(b.thread) + " could not be read: its stack and IRPs are unknown");
      continue;
    }
    if (!t.stack) notes.push("the kernel stack of blocking " + d.thread(b.thread) + " is unavailable");
    let missing = 0;
    for (const i of t.irps) if (!idx.irp(i)) missing++;
    if (missing > 0) notes.push(missing + " of " + t.irps.length + " IRPs of blocking " + d.thread(b.thread) + " could not be read or failed validation");
  }
  return notes;
}

export interface FindingsContext {
  idx: SnapshotIndex;
  d: Describer;
  contention: ContentionInfo[];
  deadlocks: DeadlockCycle[];
  orphans: OrphanInfo[];
  blockers: BlockerInfo[];
  irpGroups: IrpGroup[];
  cpu: CpuPicture;
  suspects: Suspect[];
  verdict: Verdict;
}

export function buildFindings(ctx: FindingsContext): { findings: Finding[]; followUps: FollowUp[] } {
  const { idx, d } = ctx;
  const findings: Finding[] = [];
  const add = (text: string, refs: Addr[], command: string | null) => findings.push({ text, refs, command });
  for (const c of ctx.contention) {
    const owners = c.owners.map((o) => d.fmt(o.thread) + (o.ownerPointer ? " (owner pointer " + d.fmt(o.raw) + ")" : ""));
    add(
      d.resource(c, c.resource) + ": " + (c.exclusive ? "exclusively owned by " : "shared, owned by ") +
        (owners.length > 0 ? owners.join(", ") : "no thread") +
        "; waiters: " + c.exclusiveWaiters.length + " exclusive found (" + c.numberOfExclusiveWaiters + " counted), " +
        c.sharedWaiters.length + " shared found (" + c.numberOfSharedWaiters + " counted)",
      [c.resource].concat(c.owners.map((o) => o.thread)),
      "!locks " + d.fmt(c.resource),
    );
  }
  for (const cy of ctx.deadlocks) {
    add(
      "deadlock cycle: " + cy.threads.map((t, i) => d.thread(t) + " waits on ERESOURCE " + d.fmt(cy.resources[i])).join(", ") +
        ", each owned by the next thread in the cycle",
      cy.threads.concat(cy.resources),
      "!locks " + d.fmt(cy.resources[0]),
    );
  }
  for (const o of ctx.orphans) add("orphaned lock: " + o.text, o.owner ? [o.resource, o.owner] : [o.resource], "!locks " + d.fmt(o.resource));
  for (const b of ctx.blockers) {
    const t = idx.thread(b.thread);
    const state = t ? t.state + (t.state === "Waiting" ? " (" + t.waitReason + ")" : "") : "unreadable";
    const role = b.role === "deadlock" ? "a deadlocked thread" : b.role === "orphan-owner" ? "the owner of an orphaned lock" : "the head of a wait chain (it waits on no ERESOURCE)";
    add(
      d.thread(b.thread) + " is " + role + ": " + state +
        (b.innermostFrame ? ", innermost non-nt frame " + b.innermostFrame : t && !t.stack ? ", stack unavailable" : "") +
        (t ? ", " + d.plural(t.irps.length, "IRP") + " in its IrpList" + (t.irps.length === 0 ? " (its I/O is unknown, not healthy)" : "") : ""),
      [b.thread],
      "!thread " + d.fmt(b.thread),
    );
  }
  for (const g of ctx.irpGroups) {
    const p = g.path;
    const where = p.steps.map((s) => s.driverName || d.fmt(s.device)).join(", then ");
    add(
      d.plural(g.irps.length, "IRP") + " of " + d.thread(g.thread) + " " + (p.state === "complete" ? "complete" : p.pending ? "pending" : "active") +
        (p.majorName ? " (" + p.majorName + (p.minorName ? "/" + p.minorName : "") + ")" : "") +
        (where ? ", path from the current location down: " + where : ""),
      g.irps,
      "!irp " + d.fmt(g.example),
    );
  }
  for (const r of ctx.cpu.topThreads) {
    if (!r.hot) continue;
    add(
      d.thread(r.thread) + " is " + r.state + " with " + d.kernelTime(r) + " kernel and " + d.userTime(r) + " user time",
      [r.thread],
      "!thread " + d.fmt(r.thread),
    );
  }
  for (const s of ctx.suspects) {
    if (s.leadOnly && s.classification !== "third-party") continue;
    const devItem = s.items.filter((i) => i.kind === "attached-over")[0];
    if (devItem) add(devItem.text, devItem.refs, devItem.command);
  }

  const followUps: FollowUp[] = [];
  const seen: { [c: string]: boolean } = {};
  const follow = (command: string | null, why: string) => {
    if (!command || seen[command]) return;
    seen[command] = true;
    followUps.push({ command, why });
  };
  const named = ctx.verdict.culprit || ctx.verdict.blockingComponent;
  for (const f of findings) follow(f.command, f.text);
  if (named) {
    follow(moduleCommand(idx, d, named.name), "version information of " + named.module + " (" + (named.thirdParty ? "third-party" : "Microsoft") + ")");
    if (named.driver) follow(driverCommand(idx, d, named.driver), "the driver object of " + named.driver);
  }
  for (const s of ctx.suspects.slice(0, 3)) follow(moduleCommand(idx, d, s.module), "version information of suspect " + s.image);
  return { findings, followUps };
}
