// walkStructList (src/kernel/lists.ts) follows links as (high, low) numbers since the bench work: this checks it still
// visits exactly what the list holds, on x86 and on x64 addresses above 2^53, and breaks, recovers and bounds as before.
// Fixture: hand-built lists in a fake Target (invented addresses; link offset 0x18, Flink +0, Blink +ps).
import { describe, expect, it } from "vitest";
import type { Addr } from "../../src/addr";
import { ReadError, type Target } from "../../src/host/target";
import { walkStructList } from "../../src/kernel/lists";
import { Quality } from "../../src/kernel/quality";
import type { StructView } from "../../src/kernel/struct";

const LINK = 0x18;
const SPAN = 0x40;

class FakeTarget implements Target {
  readonly bytes = new Map<bigint, number>();
  reads = 0;
  readonly unreadable = new Set<bigint>();
  constructor(readonly pointerSize: 4 | 8) {}
  isKernelTarget() {
    return true;
  }
  writePtr(at: bigint, v: bigint) {
    for (let i = 0; i < this.pointerSize; i++) this.bytes.set(at + BigInt(i), Number((v >> BigInt(8 * i)) & 0xffn));
  }
  read(addr: Addr, length: number): Uint8Array {
    this.reads++;
    const a = BigInt("0x" + addr);
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const p = (a + BigInt(i)) & 0xffffffffffffffffn;
      if (this.unreadable.has(p & ~0xfffn)) throw new ReadError(addr, length, "unreadable");
      out[i] = this.bytes.get(p) ?? 0;
    }
    return out;
  }
  getType(): never {
    throw new Error("unused");
  }
  getSymbolAddress(): never {
    throw new Error("unused");
  }
  modules() {
    return [];
  }
  stackFrames() {
    return null;
  }
  executeCommand(): string[] {
    return [];
  }
  log() {}
}

/** A list head at `head` and structs at `structs` (their LIST_ENTRY at +LINK), linked both ways in order. */
function makeList(ps: 4 | 8, head: bigint, structs: bigint[]) {
  const t = new FakeTarget(ps);
  const entries = [head, ...structs.map((s) => s + BigInt(LINK))];
  for (let i = 0; i < entries.length; i++) {
    t.writePtr(entries[i], entries[(i + 1) % entries.length]);
    t.writePtr(entries[i] + BigInt(ps), entries[(i - 1 + entries.length) % entries.length]);
  }
  return t;
}

function walk(t: FakeTarget, head: bigint, max = 1000) {
  const dq = new Quality();
  const seen: string[] = [];
  const r = walkStructList(t, dq, head.toString(16), LINK, 0, t.pointerSize, SPAN, max, "test", (v: StructView) => seen.push(v.address));
  return { ...r, seen, dq: dq.result() };
}

const X86 = { ps: 4 as const, head: 0x80560000n, base: 0x8a7f3000n };
const X64 = { ps: 8 as const, head: 0xfffff80002c4e120n, base: 0xffffd086d1970000n };

describe.each([
  ["x86", X86],
  ["x64 above 2^53", X64],
])("walkStructList on %s", (_name, os) => {
  const structs = [0, 1, 2, 3, 4, 5].map((i) => os.base + BigInt(i * 0x40));
  const hex = (a: bigint) => a.toString(16);

  it("visits every struct once, in Flink order, one read each", () => {
    const t = makeList(os.ps, os.head, structs);
    const r = walk(t, os.head);
    expect(r).toMatchObject({ visited: 6, complete: true });
    expect(r.seen).toEqual(structs.map(hex));
    expect(t.reads).toBe(1 + 6);
    expect(r.dq.notes).toEqual([]);
  });

  it("an empty list visits nothing", () => {
    const r = walk(makeList(os.ps, os.head, []), os.head);
    expect(r).toMatchObject({ visited: 0, complete: true, seen: [] });
  });

  it("a link back into the list is a cycle; the tail is recovered through Blink", () => {
    const t = makeList(os.ps, os.head, structs);
    t.writePtr(structs[3] + BigInt(LINK), structs[1] + BigInt(LINK));
    const r = walk(t, os.head);
    expect(r.complete).toBe(false);
    expect(r.seen).toEqual([...structs.slice(0, 4), structs[5], structs[4]].map(hex));
    expect(r.dq.counts.cycle).toBe(1);
    expect(r.dq.notes.join("\n")).toContain("a link back into the list at 0x" + hex(structs[1] + BigInt(LINK)));
    expect(r.dq.notes.join("\n")).toContain("after 4 entries; 2 more were recovered");
  });

  it("a NULL link stops the forward walk", () => {
    const t = makeList(os.ps, os.head, structs);
    t.writePtr(structs[2] + BigInt(LINK), 0n);
    const r = walk(t, os.head);
    expect(r.seen).toEqual([...structs.slice(0, 3), structs[5], structs[4], structs[3]].map(hex));
    expect(r.dq.notes.join("\n")).toContain("a NULL link");
  });

  it("an unreadable struct stops the walk and is named", () => {
    const t = makeList(os.ps, os.head, structs.map((s, i) => (i < 3 ? s : s + 0x10000n)));
    t.unreadable.add((structs[3] + 0x10000n) & ~0xfffn);
    const r = walk(t, os.head);
    expect(r.seen).toEqual(structs.slice(0, 3).map(hex));
    expect(r.dq.counts["read-error"]).toBeGreaterThanOrEqual(1);
    expect(r.dq.notes.join("\n")).toContain("an unreadable entry at 0x" + hex(structs[3] + 0x10000n));
  });

  it("the bound cuts the walk", () => {
    const r = walk(makeList(os.ps, os.head, structs), os.head, 4);
    expect(r).toMatchObject({ visited: 4, complete: false });
    expect(r.dq.notes.join("\n")).toContain("cut at 4 entries");
  });
});

describe("walkStructList: address arithmetic", () => {
  it("a LIST_ENTRY in the low bytes of a 4 GiB block gives a struct below it (borrow into the high half)", () => {
    const head = 0xfffff80002c4e120n;
    const s = 0xffffd08700000000n - 0x10n; // its LIST_ENTRY at ...00000008: the subtraction borrows
    const r = walk(makeList(8, head, [s]), head);
    expect(r.seen).toEqual([s.toString(16)]);
    expect(r.complete).toBe(true);
  });
  it("the head's own address as a struct link ends the walk (an x86 head read as 64-bit halves)", () => {
    const r = walk(makeList(4, 0x80560000n, [0x80560000n - BigInt(LINK) + 0x100n]), 0x80560000n);
    expect(r).toMatchObject({ visited: 1, complete: true });
  });
});
