// Little-endian decoding of one struct's bytes (from one bulk Target.read) at offsets the type info gave.
// Used by every decoder in src/kernel; pointer-size aware, produces Addr for pointers.
import { Addr, addrFromParts } from "../addr";
import { FieldInfo } from "../host/target";

/** A struct read in one piece: `bytes[0]` is the byte at `address`. Accessors throw RangeError past the end. */
export class StructView {
  constructor(readonly address: Addr, readonly bytes: Uint8Array, readonly pointerSize: 4 | 8) {}

  private check(offset: number, length: number): void {
    if (!(offset >= 0) || offset + length > this.bytes.length) {
      throw new RangeError("offset 0x" + offset.toString(16) + "+" + length + " outside the " + this.bytes.length + " bytes read at 0x" + this.address);
    }
  }

  u8(offset: number): number {
    this.check(offset, 1);
    return this.bytes[offset];
  }

  u16(offset: number): number {
    this.check(offset, 2);
    return this.bytes[offset] | (this.bytes[offset + 1] << 8);
  }

  i16(offset: number): number {
    const v = this.u16(offset);
    return v & 0x8000 ? v - 0x10000 : v;
  }

  u32(offset: number): number {
    this.check(offset, 4);
    const b = this.bytes;
    return (b[offset] | (b[offset + 1] << 8) | (b[offset + 2] << 16) | (b[offset + 3] << 24)) >>> 0;
  }

  i32(offset: number): number {
    return this.u32(offset) | 0;
  }

  /** A pointer-sized value as an Addr. */
  ptr(offset: number): Addr {
    if (this.pointerSize === 4) return addrFromParts(0, this.u32(offset));
    return addrFromParts(this.u32(offset + 4), this.u32(offset));
  }

  /** An unsigned value of 1, 2, 4 or 8 bytes as a number (8-byte values above 2^53 lose precision: counts only). */
  uint(offset: number, size: number): number {
    if (size === 1) return this.u8(offset);
    if (size === 2) return this.u16(offset);
    if (size === 8) return this.u32(offset + 4) * 4294967296 + this.u32(offset);
    return this.u32(offset);
  }

  /** A field by its type info: bit fields extracted, pointers excluded (use ptr). Sizes other than 1/2/8 read 4 bytes. */
  field(f: FieldInfo): number {
    if (f.bitLength > 0) return extractBits(this, f.offset, f.size, f.bitPosition, f.bitLength);
    return this.uint(f.offset, f.size === 1 || f.size === 2 || f.size === 8 ? f.size : 4);
  }

  /** A field holding a pointer-sized value (pointer, ULONG_PTR, HANDLE) as an Addr. */
  addr(f: FieldInfo): Addr {
    return this.ptr(f.offset);
  }

  /** Bytes [offset, offset+length) as Latin-1 text up to the first NUL (ImageFileName). */
  ascii(offset: number, length: number): string {
    this.check(offset, length);
    let s = "";
    for (let i = 0; i < length; i++) {
      const c = this.bytes[offset + i];
      if (c === 0) break;
      s += String.fromCharCode(c);
    }
    return s;
  }
}

/** Bits [position, position+length) of the little-endian unit of `size` bytes at `offset` (length <= 32). */
export function extractBits(view: StructView, offset: number, size: number, position: number, length: number): number {
  let unit: number;
  if (size === 8 && position >= 32) {
    unit = view.u32(offset + 4);
    position -= 32;
  } else if (size === 1) {
    unit = view.u8(offset);
  } else if (size === 2) {
    unit = view.u16(offset);
  } else {
    unit = view.u32(offset);
  }
  const shifted = unit >>> position;
  return length >= 32 ? shifted >>> 0 : (shifted & (Math.pow(2, length) - 1)) >>> 0;
}

/** UTF-16LE code units to a string (UNICODE_STRING buffers). */
export function utf16(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
  return s;
}
