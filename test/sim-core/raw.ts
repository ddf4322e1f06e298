// Test helper: reads a built SimDump back through raw memory and its own type info, the way the kernel decoders must
// (offsets from dump.type("nt", …), never from the builder). Used by test/sim-core/*.test.ts.
import { createHash } from "node:crypto";
import type { SimDump } from "../sim/dump";

export class Raw {
  readonly ps: number;
  constructor(readonly d: SimDump) {
    this.ps = d.pointerSize;
  }

  /** Offset of a dotted field path, resolved through the dump's type info (nested types followed by name). */
  off(type: string, path: string): number {
    let t = this.d.type("nt", type);
    let off = 0;
    for (const part of path.split(".")) {
      const m = /^(\w+)(?:\[(\d+)\])?$/.exec(part)!;
      const f = t?.fields?.find((x) => x.name === m[1]);
      if (!t || !f) throw new Error(`no ${type}.${path}`);
      off += f.offset;
      t = this.d.type("nt", f.type);
      if (m[2] !== undefined) {
        t = this.d.type("nt", t!.target!);
        off += t!.size * Number(m[2]);
      }
    }
    return off;
  }

  size(type: string): number {
    return this.d.type("nt", type)!.size;
  }

  bytes(a: bigint, n: number): Uint8Array {
    return this.d.memory.read(a, n);
  }

  u8(a: bigint): number {
    return this.bytes(a, 1)[0];
  }

  u16(a: bigint): number {
    const b = this.bytes(a, 2);
    return b[0] | (b[1] << 8);
  }

  u32(a: bigint): number {
    const b = this.bytes(a, 4);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }

  ptr(a: bigint): bigint {
    const b = this.bytes(a, this.ps);
    let v = 0n;
    for (let i = this.ps - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    return v;
  }

  /** Field of a struct at `a`, by type and path: pointer-sized or by size. */
  field(a: bigint, type: string, path: string, size?: 1 | 2 | 4): bigint {
    const at = a + BigInt(this.off(type, path));
    if (size === 1) return BigInt(this.u8(at));
    if (size === 2) return BigInt(this.u16(at));
    if (size === 4) return BigInt(this.u32(at));
    return this.ptr(at);
  }

  /**
   * Flink walk from a list head: the entry addresses, stopping at the head. Throws on a revisit (cycle) or past
   * `max`; `headless` walks a ring that starts at its first element.
   */
  walk(head: bigint, max = 1_000_000, headless = false): bigint[] {
    const out: bigint[] = [];
    const seen = new Set<bigint>();
    let e = headless ? head : this.ptr(head);
    if (headless) {
      out.push(head);
      seen.add(head);
      e = this.ptr(head);
    }
    while (e !== head) {
      if (seen.has(e)) throw new Error(`cycle at 0x${e.toString(16)}`);
      if (out.length >= max) throw new Error("list too long");
      seen.add(e);
      out.push(e);
      e = this.ptr(e);
    }
    return out;
  }

  /** Blink consistency of a headed list. */
  blinksConsistent(head: bigint): boolean {
    let prev = head;
    for (const e of this.walk(head)) {
      if (this.ptr(e + BigInt(this.ps)) !== prev) return false;
      prev = e;
    }
    return this.ptr(head + BigInt(this.ps)) === prev;
  }
}

/** SHA-1 over every present page (number, unreadable flag, bytes): equal memories hash equal. */
export function memoryHash(pages: Iterable<{ pageNo: number; bytes: Uint8Array; unreadable: boolean }>): string {
  const h = createHash("sha1");
  for (const p of pages) {
    h.update(`${p.pageNo}:${p.unreadable ? 1 : 0};`);
    h.update(p.bytes);
  }
  return h.digest("hex");
}
