// Lock contention: which ERESOURCEs have waiters, who really owns them, wait chains to their heads, deadlock
// cycles and orphaned resources. Called by analyze(); pure functions of the snapshot index.
import { Addr, addrCompare } from "../addr";
import { ResourceRecord } from "../kernel/records";
import { SnapshotIndex, innermostNonCoreFrame } from "./model";
import { BlockerInfo, ContentionInfo, DeadlockCycle, OrphanInfo, OwnerInfo, WaitChain } from "./types";

/** Hard cap on chain length (a chain longer than this is cut and noted). */
const MAX_CHAIN = 64;
/** Hard cap on walk steps over the whole wait-for graph (dense shared ownership could otherwise explode). */
const MAX_VISITS = 20000;
/** At most this many chains per contended resource, and deadlock cycles overall, are reported (the first found). */
const MAX_CHAINS = 50;
const MAX_CYCLES = 100;

function uniq(list: Addr[]): Addr[] {
  const seen: { [k: string]: boolean } = {};
  const out: Addr[] = [];
  for (const a of list) {
    if (!a || a === "0" || seen[a]) continue;
    seen[a] = true;
    out.push(a);
  }
  return out;
}

/**
 * True when an owner-table entry is a shared waiter that pre-filled its entry: the decoder said so, the thread is on
 * the SharedWaiters list, or it is Waiting (WrResource) on this resource's SharedWaiters object.
 */
function entryIsWaiter(idx: SnapshotIndex, r: ResourceRecord, thread: Addr, isWaiter: boolean): boolean {
  if (isWaiter) return true;
  if (r.sharedWaiters.indexOf(thread) >= 0) return true;
  const t = idx.thread(thread);
  if (t && t.state === "Waiting" && r.sharedWaitersObject !== "0" && t.waitObjects.indexOf(r.sharedWaitersObject) >= 0)
    return true;
  return false;
}

export function realOwners(idx: SnapshotIndex, r: ResourceRecord): OwnerInfo[] {
  const out: OwnerInfo[] = [];
  const seen: { [k: string]: boolean } = {};
  for (const e of r.ownerEntries) {
    if (!e.thread || e.thread === "0") continue;
    if (entryIsWaiter(idx, r, e.thread, e.isWaiter)) continue;
    if (seen[e.thread]) continue;
    seen[e.thread] = true;
    out.push({ thread: e.thread, count: e.count, ownerPointer: e.ownerPointer, raw: e.raw });
  }
  return out;
}

function waiterEntries(idx: SnapshotIndex, r: ResourceRecord): Addr[] {
  const out: Addr[] = [];
  for (const e of r.ownerEntries) {
    if (e.thread && e.thread !== "0" && entryIsWaiter(idx, r, e.thread, e.isWaiter)) out.push(e.thread);
  }
  return uniq(out);
}

/** Threads Waiting with WrResource on this resource's waiter objects (corroborates lists that could not be walked). */
function waitersByWaitObject(idx: SnapshotIndex, r: ResourceRecord): { exclusive: Addr[]; shared: Addr[] } {
  const ex: Addr[] = [];
  const sh: Addr[] = [];
  for (const t of idx.snapshot.threads) {
    if (t.state !== "Waiting") continue;
    if (r.exclusiveWaitersObject !== "0" && t.waitObjects.indexOf(r.exclusiveWaitersObject) >= 0) ex.push(t.address);
    if (r.sharedWaitersObject !== "0" && t.waitObjects.indexOf(r.sharedWaitersObject) >= 0) sh.push(t.address);
  }
  return { exclusive: ex, shared: sh };
}

/** Every resource with waiters (found or counted), as the contract's `contention` list wants it. */
export function findContention(idx: SnapshotIndex): ContentionInfo[] {
  const out: ContentionInfo[] = [];
  const seen: { [k: string]: boolean } = {};
  for (const r of idx.snapshot.resources) {
    if (seen[r.address]) continue;
    seen[r.address] = true;
    const inTable = waiterEntries(idx, r);
    const byObject = waitersByWaitObject(idx, r);
    const exclusiveWaiters = uniq(r.exclusiveWaiters.concat(byObject.exclusive));
    const sharedWaiters = uniq(r.sharedWaiters.concat(inTable, byObject.shared));
    const counted = r.numberOfExclusiveWaiters + r.numberOfSharedWaiters;
    if (counted <= 0 && exclusiveWaiters.length === 0 && sharedWaiters.length === 0) continue;
    const notes = r.notes.slice();
    if (r.numberOfExclusiveWaiters !== exclusiveWaiters.length)
      notes.push(r.numberOfExclusiveWaiters + " exclusive waiters counted, " + exclusiveWaiters.length + " found");
    if (r.numberOfSharedWaiters !== sharedWaiters.length)
      notes.push(r.numberOfSharedWaiters + " shared waiters counted, " + sharedWaiters.length + " found");
    if (inTable.length > 0)
      notes.push(inTable.length + " owner-table entr" + (inTable.length === 1 ? "y is a shared waiter" : "ies are shared waiters") + ", not an owner");
    out.push({
      resource: r.address,
      symbol: r.symbol,
      exclusive: r.exclusive,
      contentionCount: r.contentionCount,
      owners: realOwners(idx, r),
      exclusiveWaiters,
      sharedWaiters,
      waiterEntriesInOwnerTable: inTable,
      numberOfExclusiveWaiters: r.numberOfExclusiveWaiters,
      numberOfSharedWaiters: r.numberOfSharedWaiters,
      notes: uniqStrings(notes),
    });
  }
  return out;
}

function uniqStrings(list: string[]): string[] {
  const out: string[] = [];
  for (const s of list) if (out.indexOf(s) < 0) out.push(s);
  return out;
}

/** thread → resources it waits on, from the contended resources' waiter lists. */
/**
 * Marks in `reached` every resource reachable from `start` through owners that wait in turn (toward the chain head):
 * what blocks a lock is part of its chain. `reached` may come pre-filled; `start` should be marked in it. Bounded.
 */
export function reachThroughOwners(contention: ContentionInfo[], start: ContentionInfo[], reached: { [r: string]: boolean }): void {
  const waitsOn: { [t: string]: ContentionInfo[] } = {};
  for (const c of contention) for (const w of c.exclusiveWaiters.concat(c.sharedWaiters)) (waitsOn[w] = waitsOn[w] || []).push(c);
  const queue = start.slice();
  for (let i = 0; i < queue.length && i < 100000; i++) {
    for (const o of queue[i].owners) {
      for (const next of waitsOn[o.thread] || []) {
        if (reached[next.resource]) continue;
        reached[next.resource] = true;
        queue.push(next);
      }
    }
  }
}

export function waitsOnMap(contention: ContentionInfo[]): { [thread: string]: Addr[] } {
  const m: { [thread: string]: Addr[] } = {};
  for (const c of contention) {
    for (const w of c.exclusiveWaiters.concat(c.sharedWaiters)) {
      const l = (m[w] = m[w] || []);
      if (l.indexOf(c.resource) < 0) l.push(c.resource);
    }
  }
  return m;
}

function ownersMap(contention: ContentionInfo[]): { [resource: string]: Addr[] } {
  const m: { [resource: string]: Addr[] } = {};
  for (const c of contention) m[c.resource] = c.owners.map((o) => o.thread);
  return m;
}

/**
 * Wait chains: from each contended resource through each owner; an owner that waits on another contended resource
 * continues the chain; the head is the owner that waits on none. Cycles stop the walk (see findDeadlocks).
 */
export function buildChains(contention: ContentionInfo[]): WaitChain[] {
  const waits = waitsOnMap(contention);
  const owners = ownersMap(contention);
  const out: WaitChain[] = [];
  // Budgets are per contended resource, so a dense tangle around one resource cannot hide the others' chains.
  let visits = 0;
  let found = 0;
  const perResourceVisits = Math.max(200, Math.floor(MAX_VISITS / Math.max(1, contention.length)));
  const full = () => found >= MAX_CHAINS || visits > perResourceVisits;
  for (const c of contention) {
    visits = 0;
    found = 0;
    for (const o of c.owners) {
      if (full()) break;
      walk([{ resource: c.resource, owner: o.thread }], { [o.thread]: true });
    }
  }
  function walk(steps: { resource: Addr; owner: Addr }[], onPath: { [t: string]: boolean }): void {
    visits++;
    const last = steps[steps.length - 1];
    const next = waits[last.owner] || [];
    if (next.length === 0 || steps.length >= MAX_CHAIN || full()) {
      found++;
      out.push({ steps, head: next.length === 0 ? last.owner : null, endsInCycle: false });
      return;
    }
    let extended = false;
    for (const r of next) {
      for (const o of owners[r] || []) {
        if (full()) return;
        extended = true;
        if (onPath[o]) {
          found++;
          out.push({ steps: steps.concat([{ resource: r, owner: o }]), head: null, endsInCycle: true });
          continue;
        }
        const p: { [t: string]: boolean } = {};
        for (const k in onPath) p[k] = onPath[k];
        p[o] = true;
        walk(steps.concat([{ resource: r, owner: o }]), p);
      }
    }
    // Waiting on resources none of which has a known owner: the chain is cut here, head unknown.
    if (!extended) {
      found++;
      out.push({ steps, head: null, endsInCycle: false });
    }
  }
  return dedupeChains(out);
}

function dedupeChains(chains: WaitChain[]): WaitChain[] {
  const seen: { [k: string]: boolean } = {};
  const out: WaitChain[] = [];
  for (const c of chains) {
    const k = c.steps.map((s) => s.resource + ">" + s.owner).join("|") + "#" + c.head + c.endsInCycle;
    if (seen[k]) continue;
    seen[k] = true;
    out.push(c);
  }
  return out;
}

/**
 * Deadlock cycles in the wait-for graph (thread waits on a resource another thread owns), each reported once,
 * rotated to start at its lowest thread address. A thread that waits on a resource it owns is a cycle of one.
 */
export function findDeadlocks(contention: ContentionInfo[]): DeadlockCycle[] {
  const waits = waitsOnMap(contention);
  const owners = ownersMap(contention);
  const cycles: DeadlockCycle[] = [];
  const seen: { [k: string]: boolean } = {};
  const starts = Object.keys(waits).sort(addrCompare);
  let visits = 0;
  for (const start of starts) {
    // DFS bounded by MAX_CHAIN; only cycles through `start` with all other threads > start are kept (canonical form).
    const stackT: Addr[] = [start];
    const stackR: Addr[] = [];
    dfs(start);
    function dfs(t: Addr): void {
      if (stackT.length > MAX_CHAIN || ++visits > MAX_VISITS || cycles.length >= MAX_CYCLES) return;
      for (const r of waits[t] || []) {
        for (const o of owners[r] || []) {
          if (o === start) {
            const key = stackT.join(",") + "/" + stackR.concat([r]).join(",");
            if (!seen[key]) {
              seen[key] = true;
              cycles.push({ threads: stackT.slice(), resources: stackR.concat([r]) });
            }
            continue;
          }
          if (addrCompare(o, start) < 0 || stackT.indexOf(o) >= 0) continue;
          stackT.push(o);
          stackR.push(r);
          dfs(o);
          stackT.pop();
          stackR.pop();
        }
      }
    }
  }
  return cycles;
}

/** Contended resources whose owner is Terminated, cannot be read, or missing altogether. */
export function findOrphans(idx: SnapshotIndex, contention: ContentionInfo[], fmt: (a: Addr) => string): OrphanInfo[] {
  const out: OrphanInfo[] = [];
  for (const c of contention) {
    if (c.owners.length === 0) {
      out.push({
        resource: c.resource,
        owner: null,
        reason: "no-owner",
        text: "ERESOURCE " + fmt(c.resource) + " has waiters but no owner in its owner table",
      });
      continue;
    }
    for (const o of c.owners) {
      const t = idx.thread(o.thread);
      if (!t) {
        out.push({
          resource: c.resource,
          owner: o.thread,
          reason: "unreadable",
          text: "the owner " + fmt(o.thread) + " of ERESOURCE " + fmt(c.resource) + " could not be read as a thread",
        });
      } else if (t.state === "Terminated") {
        out.push({
          resource: c.resource,
          owner: o.thread,
          reason: "terminated",
          text: "the owner " + fmt(o.thread) + " of ERESOURCE " + fmt(c.resource) + " has terminated without releasing it",
        });
      }
    }
  }
  // Held resources without waiters whose decoded owner is Terminated: not contended yet, but orphaned all the same.
  for (const r of idx.snapshot.resources) {
    if (contention.some((c) => c.resource === r.address)) continue;
    for (const o of realOwners(idx, r)) {
      const t = idx.thread(o.thread);
      if (t && t.state === "Terminated")
        out.push({
          resource: r.address,
          owner: o.thread,
          reason: "terminated",
          text: "the owner " + fmt(o.thread) + " of ERESOURCE " + fmt(r.address) + " (no waiters yet) has terminated without releasing it",
        });
    }
  }
  return out;
}

/**
 * The threads that block others: chain heads, deadlock members, and owners of orphaned resources (a terminated or
 * unreadable owner is still the head of its chain). Each with the resources it owns and its innermost non-nt frame.
 */
export function findBlockers(
  idx: SnapshotIndex,
  contention: ContentionInfo[],
  chains: WaitChain[],
  deadlocks: DeadlockCycle[],
  orphans: OrphanInfo[],
): BlockerInfo[] {
  const out: BlockerInfo[] = [];
  const byThread: { [t: string]: BlockerInfo } = {};
  function add(thread: Addr, role: BlockerInfo["role"]): void {
    let b = byThread[thread];
    if (b) {
      // deadlock > orphan-owner > chain-head: the more specific role wins.
      const rank = { "chain-head": 0, "orphan-owner": 1, deadlock: 2 };
      if (rank[role] > rank[b.role]) b.role = role;
      return;
    }
    const t = idx.thread(thread);
    const inner = t ? innermostNonCoreFrame(idx, t.stack) : null;
    const owned: Addr[] = [];
    for (const c of contention) if (c.owners.some((o) => o.thread === thread)) owned.push(c.resource);
    b = byThread[thread] = {
      thread,
      resources: owned,
      role,
      innermostFrame: inner ? inner.frame.text : null,
      innermostModule: inner ? inner.module.name : null,
      acquiringLock: inner ? inner.acquiringLock : false,
    };
    out.push(b);
  }
  for (const ch of chains) if (ch.head) add(ch.head, "chain-head");
  for (const d of deadlocks) for (const t of d.threads) add(t, "deadlock");
  for (const o of orphans)
    if (o.owner && o.reason !== "no-owner" && contention.some((c) => c.resource === o.resource)) add(o.owner, "orphan-owner");
  return out;
}
