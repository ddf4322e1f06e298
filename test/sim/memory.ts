// Sparse page-granular little-endian memory of the simulated dump (SimMemory); build-dump.ts and background.ts write
// it, the mock host (test/sim/host.ts) reads it. Pages are 4 KiB, keyed by page number (exact: < 2^53 for 64-bit VAs).
import { SimMemoryError, type SimMemory } from "./dump";

export const PAGE_SIZE = 4096;
const PAGE_SHIFT = 12n;
const PAGE_MASK = 4095n;
const MAX_READ = 64 * 1024 * 1024;
/** Pages are carved from 1 MiB slabs: one zero-filled allocation per 256 pages keeps big layouts fast. */
const SLAB_PAGES = 256;
const SLAB_BYTES = SLAB_PAGES * PAGE_SIZE;

export class SimMemoryImpl implements SimMemory {
  /** Page number -> global page index (slab = index / 256, byte offset = (index % 256) * 4096). */
  private readonly index = new Map<number, number>();
  private readonly slabs: Uint8Array[] = [];
  private count = 0;
  private readonly unreadable = new Set<number>();
  /** Per page index: the lowest and highest byte offset ever written or committed ("held" by the dump; the
   * `partial-pages` host profile serves only that range). */
  private readonly heldLo: number[] = [];
  private readonly heldHi: number[] = [];
  private readonly maxPageNo: number;
  // Layout writes are mostly sequential: remember the last page touched.
  private lastNo = -1;
  private lastIdx = -1;

  constructor(readonly pointerSize: 4 | 8) {
    this.maxPageNo = pointerSize === 4 ? 2 ** 20 - 1 : 2 ** 52 - 1;
  }

  get pageCount(): number {
    return this.count;
  }

  private hold(i: number, off: number, len: number): void {
    const lo = this.heldLo[i];
    if (lo === undefined || off < lo) this.heldLo[i] = off;
    const hi = this.heldHi[i];
    if (hi === undefined || off + len > hi) this.heldHi[i] = off + len;
  }

  /** Global index of a page, created zero-filled when absent. */
  private pageIdx(pageNo: number): number {
    if (pageNo === this.lastNo) return this.lastIdx;
    let i = this.index.get(pageNo);
    if (i === undefined) {
      i = this.count++;
      if ((i & (SLAB_PAGES - 1)) === 0) this.slabs.push(new Uint8Array(SLAB_BYTES));
      this.index.set(pageNo, i);
    }
    this.lastNo = pageNo;
    this.lastIdx = i;
    return i;
  }

  /** Throws unless [addr, addr+len) lies in the address space; returns [first page number, offset in it]. */
  private locate(addr: bigint, len: number): [number, number] {
    const pageNo = Number(addr >> PAGE_SHIFT);
    const off = Number(addr & PAGE_MASK);
    if (addr < 0n || len < 0 || pageNo + Math.floor((off + Math.max(len, 1) - 1) / PAGE_SIZE) > this.maxPageNo) {
      throw new SimMemoryError(addr, len);
    }
    return [pageNo, off];
  }

  read(addr: bigint, length: number, view = false): Uint8Array {
    if (!Number.isInteger(length) || length < 0 || length > MAX_READ) throw new SimMemoryError(addr, length);
    const [first, off] = this.locate(addr, length);
    if (length === 0) return new Uint8Array(0);
    const last = first + Math.floor((off + length - 1) / PAGE_SIZE);
    let contiguous = true;
    let prev = -1;
    for (let p = first; p <= last; p++) {
      const i = this.index.get(p);
      if (i === undefined || this.unreadable.has(p)) throw new SimMemoryError(addr, length);
      if (p > first && (i !== prev + 1 || (i & (SLAB_PAGES - 1)) === 0)) contiguous = false;
      prev = i;
    }
    const i0 = this.index.get(first)!;
    if (contiguous) {
      const start = (i0 & (SLAB_PAGES - 1)) * PAGE_SIZE + off;
      const slab = this.slabs[i0 >> 8];
      return view ? slab.subarray(start, start + length) : slab.slice(start, start + length);
    }
    const out = new Uint8Array(length);
    let done = 0;
    let o = off;
    for (let p = first; p <= last; p++) {
      const i = this.index.get(p)!;
      const n = Math.min(PAGE_SIZE - o, length - done);
      const start = (i & (SLAB_PAGES - 1)) * PAGE_SIZE + o;
      out.set(this.slabs[i >> 8].subarray(start, start + n), done);
      done += n;
      o = 0;
    }
    return out;
  }

  isReadable(addr: bigint, length: number): boolean {
    if (addr < 0n || length < 0) return false;
    const first = Number(addr >> PAGE_SHIFT);
    const off = Number(addr & PAGE_MASK);
    if (length === 0) return first <= this.maxPageNo;
    const last = first + Math.floor((off + length - 1) / PAGE_SIZE);
    if (last > this.maxPageNo) return false;
    for (let p = first; p <= last; p++) {
      if (!this.index.has(p) || this.unreadable.has(p)) return false;
    }
    return true;
  }

  write(addr: bigint, bytes: Uint8Array): void {
    const len = bytes.length;
    if (len === 0) return;
    let [pageNo, off] = this.locate(addr, len);
    const i0 = this.pageIdx(pageNo);
    if (off + len <= PAGE_SIZE) {
      this.slabs[i0 >> 8].set(bytes, (i0 & (SLAB_PAGES - 1)) * PAGE_SIZE + off);
      this.hold(i0, off, len);
      return;
    }
    // Spanning pages: one copy when the pages sit next to each other in one slab (the usual bulk case).
    const last = pageNo + Math.floor((off + len - 1) / PAGE_SIZE);
    let contiguous = true;
    for (let p = pageNo + 1; p <= last; p++) {
      const i = this.pageIdx(p);
      if (i !== i0 + (p - pageNo) || (i & (SLAB_PAGES - 1)) === 0) contiguous = false;
    }
    if (contiguous) {
      this.slabs[i0 >> 8].set(bytes, (i0 & (SLAB_PAGES - 1)) * PAGE_SIZE + off);
      for (let p = pageNo, o = off, done = 0; done < len; p++, o = 0) {
        const n = Math.min(PAGE_SIZE - o, len - done);
        this.hold(i0 + (p - pageNo), o, n);
        done += n;
      }
      return;
    }
    let done = 0;
    while (done < len) {
      const n = Math.min(PAGE_SIZE - off, len - done);
      const i = this.pageIdx(pageNo);
      this.slabs[i >> 8].set(bytes.subarray(done, done + n), (i & (SLAB_PAGES - 1)) * PAGE_SIZE + off);
      this.hold(i, off, n);
      done += n;
      pageNo++;
      off = 0;
    }
  }

  isHeld(addr: bigint, length: number): boolean {
    if (!this.isReadable(addr, length)) return false;
    if (length === 0) return true;
    const first = Number(addr >> PAGE_SHIFT);
    let o = Number(addr & PAGE_MASK);
    for (let p = first, done = 0; done < length; p++, o = 0) {
      const n = Math.min(PAGE_SIZE - o, length - done);
      const i = this.index.get(p)!;
      const lo = this.heldLo[i];
      const hi = this.heldHi[i];
      if (lo === undefined || o < lo || o + n > hi) return false;
      done += n;
    }
    return true;
  }

  makeUnreadable(from: bigint, to: bigint): void {
    const first = Number(from >> PAGE_SHIFT);
    const last = Number(to >> PAGE_SHIFT);
    for (let p = first; p <= last; p++) this.unreadable.add(p);
  }

  /** Present (zero-filled) pages covering [addr, addr+length), so a region reads as zeroes. */
  commit(addr: bigint, length: number): void {
    if (length <= 0) return;
    const [first, off] = this.locate(addr, length);
    const last = first + Math.floor((off + length - 1) / PAGE_SIZE);
    for (let p = first, o = off, done = 0; p <= last; p++, o = 0) {
      const n = Math.min(PAGE_SIZE - o, length - done);
      this.hold(this.pageIdx(p), o, n);
      done += n;
    }
  }

  // Scalar helpers for patching after layout (list links, faults). Single-page fast path.
  private scalar(addr: bigint, size: number): { slab: Uint8Array; off: number } | null {
    const [pageNo, off] = this.locate(addr, size);
    if (off + size > PAGE_SIZE) return null;
    const i = this.pageIdx(pageNo);
    this.hold(i, off, size);
    return { slab: this.slabs[i >> 8], off: (i & (SLAB_PAGES - 1)) * PAGE_SIZE + off };
  }

  writeU8(addr: bigint, v: number): void {
    const s = this.scalar(addr, 1)!;
    s.slab[s.off] = v & 0xff;
  }

  writeU16(addr: bigint, v: number): void {
    this.write(addr, new Uint8Array([v & 0xff, (v >>> 8) & 0xff]));
  }

  writeU32(addr: bigint, v: number): void {
    const x = v >>> 0;
    const s = this.scalar(addr, 4);
    if (s) {
      put32(s.slab, s.off, x);
      return;
    }
    this.write(addr, new Uint8Array([x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, x >>> 24]));
  }

  writeU64(addr: bigint, v: bigint): void {
    const x = BigInt.asUintN(64, v);
    const lo = Number(x & 0xffffffffn);
    const hi = Number(x >> 32n);
    const s = this.scalar(addr, 8);
    if (s) {
      put32(s.slab, s.off, lo);
      put32(s.slab, s.off + 4, hi);
      return;
    }
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, x, true);
    this.write(addr, b);
  }

  /** A LIST_ENTRY {Flink, Blink} at `addr` (one page lookup in the usual case: list linking is the bulk's hot path). */
  writeListEntry(addr: bigint, flink: bigint, blink: bigint): void {
    const ps = this.pointerSize;
    const pageNo = Number(addr >> PAGE_SHIFT);
    const off = Number(addr & PAGE_MASK);
    if (addr < 0n || off + 2 * ps > PAGE_SIZE || pageNo > this.maxPageNo) {
      this.writePtr(addr, flink);
      this.writePtr(addr + BigInt(ps), blink);
      return;
    }
    const i = this.pageIdx(pageNo);
    this.hold(i, off, 2 * ps);
    const slab = this.slabs[i >> 8];
    const o = (i & (SLAB_PAGES - 1)) * PAGE_SIZE + off;
    if (ps === 4) {
      put32(slab, o, Number(flink & 0xffffffffn));
      put32(slab, o + 4, Number(blink & 0xffffffffn));
    } else {
      put32(slab, o, Number(flink & 0xffffffffn));
      put32(slab, o + 4, Number((flink >> 32n) & 0xffffffffn));
      put32(slab, o + 8, Number(blink & 0xffffffffn));
      put32(slab, o + 12, Number((blink >> 32n) & 0xffffffffn));
    }
  }

  writePtr(addr: bigint, v: bigint): void {
    if (this.pointerSize === 4) this.writeU32(addr, Number(BigInt.asUintN(32, v)));
    else this.writeU64(addr, v);
  }

  // Readers for the builder's fault appliers (a `->` path follows a pointer as laid out).
  readU32(addr: bigint): number {
    const b = this.read(addr, 4);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }

  readU64(addr: bigint): bigint {
    const b = this.read(addr, 8);
    return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
  }

  readPtr(addr: bigint): bigint {
    return this.pointerSize === 4 ? BigInt(this.readU32(addr)) : this.readU64(addr);
  }

  /** Present pages in address order with their unreadable flag (hashing, tests). */
  *entries(): IterableIterator<{ pageNo: number; bytes: Uint8Array; unreadable: boolean }> {
    const keys = Array.from(this.index.keys()).sort((a, b) => a - b);
    for (const k of keys) {
      const i = this.index.get(k)!;
      const start = (i & (SLAB_PAGES - 1)) * PAGE_SIZE;
      yield { pageNo: k, bytes: this.slabs[i >> 8].subarray(start, start + PAGE_SIZE), unreadable: this.unreadable.has(k) };
    }
  }
}

function put32(p: Uint8Array, o: number, x: number): void {
  p[o] = x & 0xff;
  p[o + 1] = (x >>> 8) & 0xff;
  p[o + 2] = (x >>> 16) & 0xff;
  p[o + 3] = x >>> 24;
}

/** Address ranges the allocator must not hand out (scenario-given objects, modules, fixed pages). End exclusive. */
export class Reservations {
  private starts: bigint[] = [];
  private ends: bigint[] = [];

  add(start: bigint, end: bigint): void {
    if (end <= start) return;
    // Insert keeping starts sorted; merge with neighbours that overlap or touch.
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < start) lo = mid + 1;
      else hi = mid;
    }
    let i = lo;
    if (i > 0 && this.ends[i - 1] >= start) {
      i--;
      start = this.starts[i];
      end = end > this.ends[i] ? end : this.ends[i];
      this.starts.splice(i, 1);
      this.ends.splice(i, 1);
    }
    while (i < this.starts.length && this.starts[i] <= end) {
      if (this.ends[i] > end) end = this.ends[i];
      this.starts.splice(i, 1);
      this.ends.splice(i, 1);
    }
    this.starts.splice(i, 0, start);
    this.ends.splice(i, 0, end);
  }

  /** End of the first reserved range overlapping [start, end), or null when the range is free. */
  overlap(start: bigint, end: bigint): bigint | null {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid] <= start) lo = mid + 1;
      else hi = mid;
    }
    if (lo < this.starts.length && this.starts[lo] < end) return this.ends[lo];
    return null;
  }
}

/** A Region ran out of address space (build-dump.ts turns it into a ScenarioError naming the background). */
export class RegionExhausted extends Error {
  constructor(readonly region: string) {
    super(`address region ${region} exhausted`);
  }
}

/** A bump allocator over [start, end) that skips reserved ranges. Regions of one dump never overlap each other. */
export class Region {
  private cursor: bigint;

  constructor(readonly name: string, start: bigint, readonly end: bigint, private readonly reserved: Reservations) {
    this.cursor = start;
  }

  alloc(size: number | bigint, align: number | bigint = 16n): bigint {
    const sz = BigInt(size);
    const al = BigInt(align);
    const mask = ~(al - 1n);
    let a = (this.cursor + al - 1n) & mask;
    for (;;) {
      const hit = this.reserved.overlap(a, a + sz);
      if (hit === null) break;
      a = (hit + al - 1n) & mask;
    }
    if (a + sz > this.end) throw new RegionExhausted(this.name);
    this.cursor = a + sz;
    return a;
  }
}
