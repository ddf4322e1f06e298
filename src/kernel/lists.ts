// Bounded, cycle-safe walk of a LIST_ENTRY chain (IrpList, dispatcher wait lists). Used by threads.ts and
// resources.ts; the process and resource walks read whole structs instead and follow the same rules there.
import { Addr, addrAdd, addrFromParts, addrIsNull, addrParts } from "../addr";
import { Target } from "../host/target";
import { Quality, QualityKind } from "./quality";
import { StructView } from "./struct";

/**
 * Whether a link (as its 32-bit halves) can point at a LIST_ENTRY at all: kernel lists live in kernel space
 * (x86: 0x80000000 and up; x64: the canonical high half) and LIST_ENTRYs are pointer-aligned. Anything else is a
 * wild pointer: following it would turn garbage into "entries" (a user address or a small value minus a field offset).
 */
export function isKernelLink(hi: number, lo: number, pointerSize: 4 | 8): boolean {
  if (pointerSize === 4) return hi === 0 && lo >= 0x80000000 && (lo & 3) === 0;
  return hi >= 0xffff8000 && (lo & 7) === 0;
}

/** isKernelLink for an Addr. */
export function isKernelPointer(a: Addr, pointerSize: 4 | 8): boolean {
  const p = addrParts(a);
  return isKernelLink(p.hi, p.lo, pointerSize);
}

export interface ListWalk {
  /** Addresses of the LIST_ENTRYs after the head, in Flink order. */
  entries: Addr[];
  /** True when the walk came back to the head. */
  complete: boolean;
}

/**
 * Follows Flink from `head` until it returns to `head`. Stops (and reports to `dq` under `what`, with `owner` as the
 * place) on an unreadable entry, a NULL or wild link, a link back into the middle of the list, or after `max` entries. After
 * a break (not after the bound), what is left is recovered by following Blink back from the head.
 */
export function walkList(
  target: Target,
  dq: Quality,
  head: Addr,
  listEntry: { flink: number; blink: number },
  max: number,
  what: string,
  owner: Addr,
): ListWalk {
  const flinkOffset = listEntry.flink;
  const blinkOffset = listEntry.blink;
  const entries: Addr[] = [];
  const seen = new Set<Addr>();
  seen.add(head);
  const ps = target.pointerSize;
  const link = (at: Addr, offset: number): Addr => new StructView(at, target.read(addrAdd(at, offset), ps), ps).ptr(0);
  let at = head;
  for (;;) {
    let next: Addr;
    try {
      next = link(at, flinkOffset);
    } catch (e) {
      dq.fail("read-error", what, owner);
      break;
    }
    if (next === head) return { entries: entries, complete: true };
    if (addrIsNull(next)) {
      dq.fail("inconsistent", what + " with a NULL link", owner);
      break;
    }
    if (!isKernelPointer(next, ps)) {
      dq.fail("inconsistent", what + " with a wild link", owner);
      break;
    }
    if (seen.has(next)) {
      dq.fail("cycle", what, owner);
      break;
    }
    if (entries.length >= max) {
      dq.fail("bound", what, owner);
      return { entries: entries, complete: false };
    }
    seen.add(next);
    entries.push(next);
    at = next;
  }
  const tail: Addr[] = [];
  try {
    let back = link(head, blinkOffset);
    while (back !== head && isKernelPointer(back, ps) && !seen.has(back) && entries.length + tail.length < max) {
      seen.add(back);
      tail.push(back);
      back = link(back, blinkOffset);
    }
  } catch (e) {
    // nothing more to recover
  }
  return { entries: entries.concat(tail.reverse()), complete: false };
}

export interface StructWalk {
  /** Structs read and visited. */
  visited: number;
  /** True when the forward walk came back to the head. */
  complete: boolean;
}

/**
 * An exact set of 64-bit addresses held as numbers (high half -> set of low halves). The ERESOURCE walk keeps one
 * entry per resource (150,000 on a big server); numbers cost no string building, hashing or GC per entry.
 */
class AddrSet {
  private readonly byHi = new Map<number, Set<number>>();
  has(hi: number, lo: number): boolean {
    const s = this.byHi.get(hi);
    return s !== undefined && s.has(lo | 0);
  }
  add(hi: number, lo: number): void {
    let s = this.byHi.get(hi);
    if (s === undefined) {
      s = new Set<number>();
      this.byHi.set(hi, s);
    }
    s.add(lo | 0);
  }
}

const TWO32 = 4294967296;

/**
 * Walks a list of structs linked through a LIST_ENTRY at `linkOffset` inside each struct, reading each struct in ONE
 * read of `span` bytes (the next link comes from the same bytes). If the forward walk breaks (unreadable struct, NULL
 * link, cycle), the rest is recovered by walking Blink back from the head until it meets what was already seen.
 * `visit` gets each struct; its own failures are its business (it should catch per object).
 * Links are followed as (high, low) numbers and only the struct's own address becomes an Addr: this loop runs once
 * per ERESOURCE, so it avoids formatting and re-parsing addresses it only compares.
 */
export function walkStructList(
  target: Target,
  dq: Quality,
  head: Addr,
  linkOffset: number,
  flinkOffset: number,
  blinkOffset: number,
  span: number,
  max: number,
  what: string,
  visit: (view: StructView) => void,
): StructWalk {
  const ps = target.pointerSize;
  let headView: StructView;
  try {
    headView = new StructView(head, target.read(head, Math.max(flinkOffset, blinkOffset) + ps), ps);
  } catch (e) {
    dq.note("read-error", "the head of the " + what + " list at 0x" + head + " could not be read: nothing on it was walked");
    return { visited: 0, complete: false };
  }
  const headParts = addrParts(head);
  const seen = new AddrSet();
  seen.add(headParts.hi, headParts.lo);
  let visited = 0;
  let brokeAt = "";
  let breakKind: QualityKind = "inconsistent";
  // The current link (an address of a LIST_ENTRY) as its two halves.
  let hi = ps === 8 ? headView.u32(flinkOffset + 4) : 0;
  let lo = headView.u32(flinkOffset);
  /** The struct that holds the LIST_ENTRY at (hi, lo): (hi, lo) - linkOffset modulo 2^64, as an Addr. */
  const structAt = (): Addr => {
    let l = lo - linkOffset;
    let h = hi;
    if (l < 0) {
      l += TWO32;
      h = h === 0 ? TWO32 - 1 : h - 1;
    }
    return addrFromParts(h, l);
  };
  let complete = false;
  for (;;) {
    if (hi === headParts.hi && lo === headParts.lo) {
      complete = true;
      break;
    }
    if (hi === 0 && lo === 0) {
      brokeAt = "a NULL link";
      break;
    }
    if (!isKernelLink(hi, lo, ps)) {
      brokeAt = "a wild link 0x" + addrFromParts(hi, lo);
      break;
    }
    if (seen.has(hi, lo)) {
      breakKind = "cycle";
      brokeAt = "a link back into the list at 0x" + addrFromParts(hi, lo);
      break;
    }
    if (visited >= max) {
      dq.note("bound", "the " + what + " list was cut at " + max + " entries (walk limit)");
      return { visited: visited, complete: false };
    }
    const base = structAt();
    let view: StructView;
    try {
      view = new StructView(base, target.read(base, span), ps);
    } catch (e) {
      breakKind = "read-error";
      brokeAt = "an unreadable entry at 0x" + base;
      break;
    }
    seen.add(hi, lo);
    visited++;
    visit(view);
    const next = linkOffset + flinkOffset;
    hi = ps === 8 ? view.u32(next + 4) : 0;
    lo = view.u32(next);
  }
  if (complete) return { visited: visited, complete: true };
  // Recover the tail of the list from the other direction.
  let back = 0;
  hi = ps === 8 ? headView.u32(blinkOffset + 4) : 0;
  lo = headView.u32(blinkOffset);
  while (!(hi === headParts.hi && lo === headParts.lo) && isKernelLink(hi, lo, ps) && !seen.has(hi, lo) && visited < max) {
    const base = structAt();
    let view: StructView;
    try {
      view = new StructView(base, target.read(base, span), ps);
    } catch (e) {
      dq.fail("read-error", what + " entries", base);
      break;
    }
    seen.add(hi, lo);
    visited++;
    back++;
    visit(view);
    const prev = linkOffset + blinkOffset;
    hi = ps === 8 ? view.u32(prev + 4) : 0;
    lo = view.u32(prev);
  }
  dq.note(
    breakKind,
    "the " + what + " list is broken (" + brokeAt + ") after " + (visited - back) + " entries; " + back + " more were recovered walking it backwards",
  );
  return { visited: visited, complete: false };
}
