// ERESOURCEs: one walk of nt!ExpSystemResourcesList (one read per resource), then owners (inline entries + OwnerTable)
// and waiters (dispatcher wait lists ≤ 7601, KWAIT_CHAIN_ENTRY rings on Windows 8+) of the contended ones.
// Called by collect.ts in three steps: scanResources → readOwnersAndWaiters → finishResource (needs decoded threads).
import { Addr, addrAdd, addrIsNull, addrLowBits, addrParts } from "../addr";
import { FieldInfo } from "../host/target";
import { RESOURCE_OWNED_EXCLUSIVE, THREAD_STATE_WAITING } from "./enums";
import { fieldAt } from "./layout";
import { isKernelPointer, walkList, walkStructList } from "./lists";
import { ModuleTable } from "./modules";
import { OwnerEntryRecord, ResourceRecord, ThreadRecord } from "./records";
import { StructView } from "./struct";
import { isThread, ThreadContext } from "./threads";

export const MAX_RESOURCES = 1000000;
export const MAX_OWNER_TABLE = 4096;
export const MAX_WAITERS = 4096;

/** Header fields of a resource kept from the walk (only for contended resources or ones a target thread holds). */
export interface ResourceHeader {
  address: Addr;
  flag: number;
  activeCount: number;
  contentionCount: number;
  numberOfSharedWaiters: number;
  numberOfExclusiveWaiters: number;
  sharedWaitersObject: Addr;
  exclusiveWaitersObject: Addr;
  ownerTable: Addr;
  /** Raw OwnerThread/OwnerCount of the inline entries (OwnerThreads[0..1] on 2003, OwnerEntry later). */
  inline: { raw: Addr; count: number }[];
  /** Waiters counted or found: the resource is contended. */
  contended: boolean;
}

export interface ResourceScan {
  visited: number;
  headers: ResourceHeader[];
}

/** The thread an OwnerThread value names: ExSetResourceOwnerPointer stores a pointer with its low two bits set (3),
 *  which `!locks` shows with the "Actual Thread" behind it. */
function actualThread(raw: Addr): Addr {
  return addrLowBits(raw, 2) === 3 ? addrAdd(raw, -3) : raw;
}

function ownerCount(view: StructView, f: FieldInfo): number {
  const v = view.field(f);
  // 2003's OwnerCount is a plain LONG; later ones are bit fields (unsigned).
  return f.bitLength === 0 && f.size === 4 ? v | 0 : v;
}

/** True when the pointer-sized value at `offset` is 0 (NULL), without formatting it. */
function ptrIsZero(view: StructView, offset: number): boolean {
  return view.u32(offset) === 0 && (view.pointerSize === 4 || view.u32(offset + 4) === 0);
}

/** True when the dispatcher object's WaitListHead is not empty (only called for held resources with zero counters). */
function waitListNonEmpty(ctx: ThreadContext, object: Addr): boolean {
  const off = ctx.layout.dispatcherWaitListHead;
  if (off === null || addrIsNull(object)) return false;
  try {
    const head = addrAdd(object, off);
    const flink = new StructView(head, ctx.target.read(head, ctx.target.pointerSize * 2), ctx.target.pointerSize).ptr(ctx.layout.listEntry.flink);
    return !addrIsNull(flink) && flink !== head;
  } catch (e) {
    return false;
  }
}

/** True when a KWAIT_CHAIN_ENTRY names a thread or links to another entry (a lone, thread-less entry is idle). */
function chainNonEmpty(ctx: ThreadContext, entry: Addr): boolean {
  const c = ctx.layout.waitChainEntry;
  if (c === null || addrIsNull(entry)) return false;
  try {
    const v = new StructView(entry, ctx.target.read(entry, c.span), ctx.target.pointerSize);
    const next = v.ptr(c.listEntry.offset + ctx.layout.listEntry.flink);
    if (!addrIsNull(next) && next !== entry) return true;
    return c.thread !== null && !addrIsNull(v.addr(c.thread));
  } catch (e) {
    return false;
  }
}

/** Windows 8+ keeps waiters on KWAIT_CHAIN_ENTRY rings; older builds on the KEVENT/KSEMAPHORE wait lists. */
export function usesWaitChains(ctx: ThreadContext): boolean {
  return ctx.layout.waitBlock !== null && ctx.layout.waitBlock.nextWaitBlock === null && ctx.layout.waitChainEntry !== null;
}

/**
 * Walks ExpSystemResourcesList once. Keeps the header of every contended resource (NumberOf*Waiters > 0, or a held
 * resource whose waiter list is not empty) and of every held resource whose inline owner is one of `watchThreads`.
 */
export function scanResources(ctx: ThreadContext, watchThreads: Set<Addr>): ResourceScan {
  const r = ctx.layout.resource;
  const oe = ctx.layout.ownerEntry;
  const headers: ResourceHeader[] = [];
  if (r === null || oe === null) return { visited: 0, headers: headers };
  const head = ctx.target.getSymbolAddress("nt", "ExpSystemResourcesList");
  if (head === null) return { visited: 0, headers: headers };
  const chains = usesWaitChains(ctx);
  const walk = walkStructList(
    ctx.target,
    ctx.dq,
    head,
    r.systemResourcesList.offset,
    ctx.layout.listEntry.flink,
    ctx.layout.listEntry.blink,
    r.span,
    MAX_RESOURCES,
    "ERESOURCE",
    (view) => {
      try {
        const nS = view.field(r.numberOfSharedWaiters);
        const nE = view.field(r.numberOfExclusiveWaiters);
        const flag = view.field(r.flag);
        const active = r.activeEntries !== null ? view.field(r.activeEntries) : r.activeCount !== null ? view.field(r.activeCount) : 0;
        let contended = nS + nE > 0;
        const inline: { raw: Addr; count: number }[] = [];
        for (let i = 0; i < r.inlineOwnerCount; i++) {
          const base = r.inlineOwners.offset + i * oe.size;
          // Most resources are free: an empty slot is recognised without making an Addr of it.
          if (ptrIsZero(view, base + oe.ownerThread.offset)) continue;
          const raw = view.ptr(base + oe.ownerThread.offset);
          inline.push({ raw: raw, count: ownerCount(view, fieldAt(oe.ownerCount, base)) });
        }
        const held = active !== 0 || (flag & RESOURCE_OWNED_EXCLUSIVE) !== 0 || inline.length > 0;
        // Neither waited on nor held (the bulk of a server's resources): nothing below can keep it, so stop here.
        if (!contended && !held) return;
        const shared = view.addr(r.sharedWaiters);
        const exclusive = view.addr(r.exclusiveWaiters);
        if (!contended && held && (!addrIsNull(shared) || !addrIsNull(exclusive))) {
          // Counters say nobody waits; a non-empty wait list says otherwise (damage or a racing dump).
          contended = chains
            ? chainNonEmpty(ctx, shared) || chainNonEmpty(ctx, exclusive)
            : waitListNonEmpty(ctx, shared) || waitListNonEmpty(ctx, exclusive);
        }
        let watched = false;
        if (!contended && watchThreads.size > 0) {
          for (let i = 0; i < inline.length; i++) if (watchThreads.has(actualThread(inline[i].raw))) watched = true;
        }
        if (!contended && !watched) return;
        headers.push({
          address: view.address,
          flag: flag,
          activeCount: active,
          contentionCount: view.field(r.contentionCount),
          numberOfSharedWaiters: nS,
          numberOfExclusiveWaiters: nE,
          sharedWaitersObject: shared,
          exclusiveWaitersObject: exclusive,
          ownerTable: view.addr(r.ownerTable),
          inline: inline,
          contended: contended,
        });
      } catch (e) {
        ctx.dq.fail("read-error", "ERESOURCEs", view.address);
      }
    },
  );
  return { visited: walk.visited, headers: headers };
}

/** Owner entries and waiter threads as read from memory, before the threads themselves are decoded. */
export interface ResourceParts {
  header: ResourceHeader;
  owners: OwnerEntryRecord[];
  exclusiveWaiters: Addr[];
  sharedWaiters: Addr[];
  /** Windows 8+: events of the chain entries whose Thread could not be read from the entry itself. */
  exclusiveChainEvents: Addr[];
  sharedChainEvents: Addr[];
  /** Every chain entry event (for matching a thread's wait object). */
  allSharedEvents: Addr[];
  notes: string[];
}

const PAGE = 4096;

/**
 * The readable start of [addr, addr+length): the whole range when it reads, else page by page up to the first page
 * that does not (an absurd OwnerTable size runs into memory the dump does not have). Throws when not even the first
 * bytes read.
 */
function readPrefix(ctx: ThreadContext, addr: Addr, length: number): Uint8Array {
  try {
    return ctx.target.read(addr, length);
  } catch (e) {
    // fall back to what can be read
  }
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const at = addrAdd(addr, done);
    const n = Math.min(length - done, PAGE - (addrParts(at).lo % PAGE));
    let bytes: Uint8Array;
    try {
      bytes = ctx.target.read(at, n);
    } catch (e) {
      if (done === 0) throw e;
      break;
    }
    out.set(bytes, done);
    done += n;
  }
  return out.subarray(0, done);
}

function readOwnerTable(ctx: ThreadContext, h: ResourceHeader, owners: OwnerEntryRecord[], notes: string[]): void {
  const oe = ctx.layout.ownerEntry!;
  if (addrIsNull(h.ownerTable)) return;
  const ps = ctx.target.pointerSize;
  try {
    const header = new StructView(h.ownerTable, ctx.target.read(h.ownerTable, oe.size), ps);
    let tableSize = header.field(oe.tableSize);
    // An absurd size says the header is damaged: the entries behind it are scanned, but only real threads count.
    const absurd = tableSize > MAX_OWNER_TABLE;
    if (absurd) {
      ctx.dq.fail("absurd-value", "OwnerTable sizes", h.address);
      notes.push("OwnerTable 0x" + h.ownerTable + " claims " + tableSize + " entries; only " + MAX_OWNER_TABLE + " were scanned, keeping entries that are threads");
      tableSize = MAX_OWNER_TABLE;
    }
    if (tableSize < 1) return;
    const bytes = readPrefix(ctx, h.ownerTable, tableSize * oe.size);
    const readable = Math.floor(bytes.length / oe.size);
    if (readable < tableSize && !absurd) {
      ctx.dq.fail("read-error", "ERESOURCE owner tables (in part)", h.address);
      notes.push("OwnerTable 0x" + h.ownerTable + ": only " + readable + " of " + tableSize + " entries could be read; owners may be missing");
    }
    const table = new StructView(h.ownerTable, bytes, ps);
    let notThreads = 0;
    // Entry 0 is the table header (its second dword is TableSize); owners are 1..TableSize-1. An entry 0 that holds a
    // real thread (the convention is inferred for 2003) is kept too.
    for (let i = 0; i < readable; i++) {
      const base = i * oe.size;
      const raw = table.ptr(base + oe.ownerThread.offset);
      if (addrIsNull(raw)) continue;
      const thread = actualThread(raw);
      if (i === 0 && !isThread(ctx, thread)) continue;
      // A freed owner is a real case (kept, and reported when it cannot be read); a value that cannot even be a
      // kernel pointer is not an owner, and behind a damaged header only threads are believed.
      if (!isKernelPointer(thread, ps) || (absurd && !isThread(ctx, thread))) {
        notThreads++;
        ctx.dq.fail("absurd-value", "OwnerTable entries holding no thread pointer", h.address);
        continue;
      }
      owners.push(ownerEntry(ctx, h, raw, ownerCount(table, fieldAt(oe.ownerCount, base)), notes));
    }
    if (notThreads > 0) {
      notes.push("OwnerTable 0x" + h.ownerTable + ": " + notThreads + " entries hold no thread pointer and were ignored");
    }
  } catch (e) {
    ctx.dq.fail("read-error", "ERESOURCE owner tables", h.address);
    notes.push("OwnerTable 0x" + h.ownerTable + " could not be read: owners may be missing");
  }
}

function ownerEntry(ctx: ThreadContext, h: ResourceHeader, raw: Addr, count: number, notes: string[]): OwnerEntryRecord {
  const thread = actualThread(raw);
  const ownerPointer = thread !== raw;
  if (ownerPointer && !isThread(ctx, thread)) {
    ctx.dq.fail("bad-type", "owner-pointer owners (not threads)", h.address);
    notes.push("owner pointer 0x" + raw + ": actual thread 0x" + thread + " is not a thread");
  }
  return { thread: thread, raw: raw, count: count, ownerPointer: ownerPointer, isWaiter: false };
}

/** Threads on a KEVENT/KSEMAPHORE wait list: each entry is a KWAIT_BLOCK.WaitListEntry; its Thread is the waiter. */
function dispatcherWaiters(ctx: ThreadContext, h: ResourceHeader, object: Addr, kind: string): Addr[] {
  const wb = ctx.layout.waitBlock;
  const off = ctx.layout.dispatcherWaitListHead;
  if (addrIsNull(object) || wb === null || off === null) return [];
  const head = addrAdd(object, off);
  const walk = walkList(ctx.target, ctx.dq, head, ctx.layout.listEntry, MAX_WAITERS, "ERESOURCE " + kind + " waiter lists", h.address);
  const out: Addr[] = [];
  for (let i = 0; i < walk.entries.length; i++) {
    const block = addrAdd(walk.entries[i], -wb.waitListEntry.offset);
    try {
      const v = new StructView(block, ctx.target.read(block, wb.span), ctx.target.pointerSize);
      const t = v.addr(wb.thread);
      if (!addrIsNull(t) && out.indexOf(t) < 0) out.push(t);
    } catch (e) {
      ctx.dq.fail("read-error", "wait blocks of ERESOURCE waiters", block);
    }
  }
  return out;
}

/**
 * Windows 8+: ExclusiveWaiters/SharedWaiters point at a ring of KWAIT_CHAIN_ENTRYs (one per waiter, on its stack).
 * How the ring is linked is not confirmed: the entry the pointer names is treated as the first member, its Thread
 * (when the type has one) must be a thread, and the counters cross-check the result. The ring is doubly linked: when
 * the Flink walk breaks (an entry on a paged-out stack, a wild or looping link), the rest is recovered along Blink
 * from the first entry; an entry that cannot be read still names its event, so a decoded thread waiting on that
 * event is matched to it later (finishResource).
 */
function chainWaiters(ctx: ThreadContext, h: ResourceHeader, first: Addr, kind: string, threads: Addr[], unresolved: Addr[], events: Addr[]): void {
  const c = ctx.layout.waitChainEntry!;
  if (addrIsNull(first)) return;
  const seen = new Set<Addr>();
  const ps = ctx.target.pointerSize;
  const what = "ERESOURCE " + kind + " wait chains";
  /** Reads and records one entry; null when it cannot be read (its event is still recorded as unresolved). */
  const visit = (at: Addr): StructView | null => {
    seen.add(at);
    const event = addrAdd(at, c.event.offset);
    events.push(event);
    let v: StructView;
    try {
      v = new StructView(at, ctx.target.read(at, c.span), ps);
    } catch (e) {
      ctx.dq.fail("read-error", "ERESOURCE " + kind + " wait-chain entries", at);
      unresolved.push(event);
      return null;
    }
    const t = c.thread !== null ? v.addr(c.thread) : "0";
    if (!addrIsNull(t) && isThread(ctx, t)) {
      if (threads.indexOf(t) < 0) threads.push(t);
    } else {
      unresolved.push(event);
    }
    return v;
  };
  /** The next entry along `link`, or null (after noting why) when the walk must stop there. Walking back, meeting
   *  an entry already seen is where the two walks join, not a loop. */
  const follow = (v: StructView, link: number, back: boolean): Addr | null => {
    const next = v.ptr(c.listEntry.offset + link);
    if (next === first) return null;
    if (addrIsNull(next)) {
      ctx.dq.fail("inconsistent", what + " with a NULL link", h.address);
      return null;
    }
    if (!isKernelPointer(next, ps)) {
      ctx.dq.fail("inconsistent", what + " with a wild link", h.address);
      return null;
    }
    if (seen.has(next)) {
      if (!back) ctx.dq.fail("cycle", what, h.address);
      return null;
    }
    if (seen.size >= MAX_WAITERS) {
      ctx.dq.fail("bound", what, h.address);
      return null;
    }
    return next;
  };
  const head = visit(first);
  if (head === null) return;
  let v: StructView | null = head;
  for (;;) {
    const next = follow(v, ctx.layout.listEntry.flink, false);
    if (next === null) {
      // Back at the first entry: the ring is whole.
      if (v.ptr(c.listEntry.offset + ctx.layout.listEntry.flink) === first) return;
      break;
    }
    v = visit(next);
    if (v === null) break;
  }
  // Recover the rest of the ring from the other side.
  v = head;
  for (;;) {
    const prev = follow(v, ctx.layout.listEntry.blink, true);
    if (prev === null) return;
    v = visit(prev);
    if (v === null) return;
  }
}

/** Owner entries (inline, then OwnerTable) and waiter threads of one resource from memory. */
export function readOwnersAndWaiters(ctx: ThreadContext, h: ResourceHeader): ResourceParts {
  const notes: string[] = [];
  const owners: OwnerEntryRecord[] = [];
  for (let i = 0; i < h.inline.length; i++) owners.push(ownerEntry(ctx, h, h.inline[i].raw, h.inline[i].count, notes));
  readOwnerTable(ctx, h, owners, notes);
  const parts: ResourceParts = {
    header: h,
    owners: owners,
    exclusiveWaiters: [],
    sharedWaiters: [],
    exclusiveChainEvents: [],
    sharedChainEvents: [],
    allSharedEvents: [],
    notes: notes,
  };
  if (!h.contended) return parts;
  if (usesWaitChains(ctx)) {
    const ignored: Addr[] = [];
    chainWaiters(ctx, h, h.exclusiveWaitersObject, "exclusive", parts.exclusiveWaiters, parts.exclusiveChainEvents, ignored);
    chainWaiters(ctx, h, h.sharedWaitersObject, "shared", parts.sharedWaiters, parts.sharedChainEvents, parts.allSharedEvents);
  } else {
    parts.exclusiveWaiters = dispatcherWaiters(ctx, h, h.exclusiveWaitersObject, "exclusive");
    parts.sharedWaiters = dispatcherWaiters(ctx, h, h.sharedWaitersObject, "shared");
  }
  return parts;
}

/** Threads the parts name (owners and waiters), to be decoded before finishResource. */
export function threadsOf(parts: ResourceParts): Addr[] {
  const out: Addr[] = [];
  const add = (a: Addr) => {
    if (!addrIsNull(a) && out.indexOf(a) < 0) out.push(a);
  };
  parts.owners.forEach((o) => add(o.thread));
  parts.exclusiveWaiters.forEach(add);
  parts.sharedWaiters.forEach(add);
  return out;
}

function waitsOnAny(t: ThreadRecord, objects: Addr[]): boolean {
  for (let i = 0; i < t.waitObjects.length; i++) if (objects.indexOf(t.waitObjects[i]) >= 0) return true;
  return false;
}

/**
 * The ResourceRecord, once owners and waiters are decoded: shared waiters that pre-filled an owner entry are marked
 * isWaiter (only while they are Waiting), chain entries without a Thread are matched to waiting threads by event,
 * and the counts are cross-checked with NumberOf*Waiters.
 */
export function finishResource(
  ctx: ThreadContext,
  parts: ResourceParts,
  threads: Map<Addr, ThreadRecord | null>,
  modules: ModuleTable,
): ResourceRecord {
  const h = parts.header;
  const notes = parts.notes.slice();
  const exclusive = parts.exclusiveWaiters.slice();
  let shared = parts.sharedWaiters.slice();

  // Windows 8+ entries without a usable Thread: the waiter is the decoded thread waiting on the entry's event.
  const resolve = (events: Addr[], into: Addr[]) => {
    threads.forEach((t) => {
      if (t !== null && t.stateCode === THREAD_STATE_WAITING && waitsOnAny(t, events) && into.indexOf(t.address) < 0) into.push(t.address);
    });
  };
  if (parts.exclusiveChainEvents.length > 0) resolve(parts.exclusiveChainEvents, exclusive);
  if (parts.sharedChainEvents.length > 0) resolve(parts.sharedChainEvents, shared);

  const sharedObjects = parts.allSharedEvents.concat(addrIsNull(h.sharedWaitersObject) ? [] : [h.sharedWaitersObject]);
  const owners: OwnerEntryRecord[] = [];
  for (let i = 0; i < parts.owners.length; i++) {
    const o = parts.owners[i];
    const t = threads.get(o.thread);
    let isWaiter: boolean;
    if (t !== undefined && t !== null) {
      // A Ready/Running thread is not waiting, whatever its stale wait block still points at.
      isWaiter = t.stateCode === THREAD_STATE_WAITING && (shared.indexOf(o.thread) >= 0 || waitsOnAny(t, sharedObjects));
      if (t.stateCode !== THREAD_STATE_WAITING && shared.indexOf(o.thread) >= 0) {
        shared = shared.filter((a) => a !== o.thread);
        notes.push("thread 0x" + o.thread + " is on the shared waiters list but " + t.state + " and holds an owner entry: counted as an owner");
        ctx.dq.fail("inconsistent", "owners found on a shared waiters list while not waiting", h.address);
      }
    } else {
      isWaiter = shared.indexOf(o.thread) >= 0;
    }
    owners.push({ thread: o.thread, raw: o.raw, count: o.count, ownerPointer: o.ownerPointer, isWaiter: isWaiter });
  }

  if (h.contended) {
    const check = (counted: number, found: number, kind: string) => {
      if (counted === found) return;
      const text = counted + " " + kind + " waiters counted, " + found + " found";
      notes.push(text);
      ctx.dq.note("count-mismatch", "resource 0x" + h.address + ": " + text);
    };
    check(h.numberOfExclusiveWaiters, exclusive.length, "exclusive");
    check(h.numberOfSharedWaiters, shared.length, "shared");
  }

  return {
    address: h.address,
    symbol: modules.symbolize(h.address, false),
    flag: h.flag,
    exclusive: (h.flag & RESOURCE_OWNED_EXCLUSIVE) !== 0,
    activeCount: h.activeCount,
    ownerEntries: owners,
    exclusiveWaiters: exclusive,
    sharedWaiters: shared,
    numberOfExclusiveWaiters: h.numberOfExclusiveWaiters,
    numberOfSharedWaiters: h.numberOfSharedWaiters,
    contentionCount: h.contentionCount,
    sharedWaitersObject: h.sharedWaitersObject,
    exclusiveWaitersObject: h.exclusiveWaitersObject,
    notes: notes,
  };
}
