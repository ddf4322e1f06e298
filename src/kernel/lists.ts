// Bounded, cycle-safe walk of a LIST_ENTRY chain (IrpList, dispatcher wait lists). Used by threads.ts and
// resources.ts; the process and resource walks read whole structs instead and follow the same rules there.
import { Addr, addrAdd, addrIsNull } from "../addr";
import { Target } from "../host/target";
import { Quality, QualityKind } from "./quality";
import { StructView } from "./struct";

export interface ListWalk {
  /** Addresses of the LIST_ENTRYs after the head, in Flink order. */
  entries: Addr[];
  /** True when the walk came back to the head. */
  complete: boolean;
}

/**
 * Follows Flink from `head` until it returns to `head`. Stops (and reports to `dq` under `what`, with `owner` as the
 * place) on an unreadable entry, a NULL link, a link back into the middle of the list, or after `max` entries. After
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
    while (back !== head && !addrIsNull(back) && !seen.has(back) && entries.length + tail.length < max) {
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
 * Walks a list of structs linked through a LIST_ENTRY at `linkOffset` inside each struct, reading each struct in ONE
 * read of `span` bytes (the next link comes from the same bytes). If the forward walk breaks (unreadable struct, NULL
 * link, cycle), the rest is recovered by walking Blink back from the head until it meets what was already seen.
 * `visit` gets each struct; its own failures are its business (it should catch per object).
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
  const seen = new Set<Addr>();
  seen.add(head);
  let visited = 0;
  let brokeAt = "";
  let breakKind: QualityKind = "inconsistent";
  let at = headView.ptr(flinkOffset);
  let complete = false;
  for (;;) {
    if (at === head) {
      complete = true;
      break;
    }
    if (addrIsNull(at)) {
      brokeAt = "a NULL link";
      break;
    }
    if (seen.has(at)) {
      breakKind = "cycle";
      brokeAt = "a link back into the list at 0x" + at;
      break;
    }
    if (visited >= max) {
      dq.note("bound", "the " + what + " list was cut at " + max + " entries (walk limit)");
      return { visited: visited, complete: false };
    }
    const base = addrAdd(at, -linkOffset);
    let view: StructView;
    try {
      view = new StructView(base, target.read(base, span), ps);
    } catch (e) {
      breakKind = "read-error";
      brokeAt = "an unreadable entry at 0x" + base;
      break;
    }
    seen.add(at);
    visited++;
    visit(view);
    at = view.ptr(linkOffset + flinkOffset);
  }
  if (complete) return { visited: visited, complete: true };
  // Recover the tail of the list from the other direction.
  let back = 0;
  at = headView.ptr(blinkOffset);
  while (at !== head && !addrIsNull(at) && !seen.has(at) && visited < max) {
    const base = addrAdd(at, -linkOffset);
    let view: StructView;
    try {
      view = new StructView(base, target.read(base, span), ps);
    } catch (e) {
      dq.fail("read-error", what + " entries", base);
      break;
    }
    seen.add(at);
    visited++;
    back++;
    visit(view);
    at = view.ptr(linkOffset + blinkOffset);
  }
  dq.note(
    breakKind,
    "the " + what + " list is broken (" + brokeAt + ") after " + (visited - back) + " entries; " + back + " more were recovered walking it backwards",
  );
  return { visited: visited, complete: false };
}
