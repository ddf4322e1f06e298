// Unit tests of src/host/jsprovider.ts: Int64 → Addr conversion (never through valueOf), the command whitelist, the
// page cache (one host call per page, bad pages remembered) and type-layout descent, and the one path through the
// host behaviours of test/sim/profiles.ts (sign-extended addresses, bare hex, lent views, partly held pages,
// processes found without getValueAt, modules from the System process, empty Frames). The host here is a small
// hand-written JsProvider stand-in using the simulator's Int64 (test/sim/int64.ts); full-host tests are in
// collect.test.ts.
import { afterEach, describe, expect, it } from "vitest";
import { createJsProviderTarget, hostAddress, hostValueToAddr, hostValueToNumber, isAllowedCommand } from "../../src/host/jsprovider";
import { ReadError } from "../../src/host/target";
import { createInt64Flavour, int64, parseInt64 } from "../sim/int64";

afterEach(() => {
  delete (globalThis as any).host;
});

describe("hostValueToAddr", () => {
  it.each([
    [int64(0xffff988d80d05a90n), "ffff988d80d05a90"],
    [int64(0x8a7f3008n), "8a7f3008"],
    [int64(0n), "0"],
    [0x8a7f3008, "8a7f3008"],
    [0, "0"],
    [-1, "ffffffffffffffff"],
    [null, null],
    [undefined, null],
  ])("%s", (v, want) => expect(hostValueToAddr(v)).toBe(want));
  it("uses the parts when toString is unusable", () => {
    const v = { toString: () => "garbage", getHighPart: () => 0xfffff780, getLowPart: () => 0x320 };
    expect(hostValueToAddr(v)).toBe("fffff78000000320");
  });
  it("converts sizes", () => {
    expect(hostValueToNumber(int64(0x68n))).toBe(0x68);
    expect(hostValueToNumber(0x498)).toBe(0x498);
    expect(hostValueToNumber(int64(0xffff800000000000n))).toBe(null);
  });
});

describe("command whitelist", () => {
  it.each([
    ["lmv a 0xb9e90000", true],
    ["ln 0xfffff80004a064d0", true],
    ["lm", true],
    ["lmv", true],
    ["lmvm idmtdi", false],
    ["lmv a 0xb9e90000; .shell calc", false],
    ["ln 0xB9E90000", false],
    ["ln b9e90000", false],
    ["lmv m idmtdi", false],
    ["!locks", false],
    ["ln 0x12345678901234567", false],
    ["lm\n.shell", false],
  ])("%j → %s", (cmd, ok) => expect(isAllowedCommand(cmd)).toBe(ok));
  it("refuses other commands before reaching the host", () => {
    let ran = 0;
    (globalThis as any).host = fakeHost({ execute: () => ran++ });
    const t = createJsProviderTarget();
    expect(() => t.executeCommand("dt nt!_EPROCESS")).toThrow(/not allowed/);
    expect(ran).toBe(0);
  });
});

interface Fake {
  reads: string[];
}

function fakeHost(opts: { bad?: bigint[]; execute?: () => void; pointerSize?: number } = {}, fake: Fake = { reads: [] }) {
  return {
    parseInt64,
    currentSession: { Attributes: { Machine: { PointerSize: opts.pointerSize ?? 8 }, Target: { IsKernelTarget: true } } },
    memory: {
      readMemoryValues(loc: any, n: number, size: number) {
        const a = BigInt(loc.toString(16));
        fake.reads.push(a.toString(16));
        if (n !== 4096 || size !== 1) throw new Error("unexpected read shape");
        if ((opts.bad ?? []).includes(a)) throw new Error("Unable to read memory at Address 0x" + a.toString(16));
        const out = new Uint8Array(n);
        for (let i = 0; i < n; i++) out[i] = Number((a + BigInt(i)) & 0xffn);
        return out;
      },
    },
    namespace: { Debugger: { Utility: { Control: { ExecuteCommand: () => { opts.execute?.(); return ["x"]; } } } } },
    getModuleType(mod: string, name: string) {
      if (name !== "_T") return null;
      const dword = { name: "unsigned long", size: int64(4n), isBitField: true, bitFieldPositions: { lsb: 3, length: 29 } };
      const inner = { name: "_INNER", size: int64(16n), fields: { Count: { offset: 8, type: dword } } };
      return { name: "_T", size: int64(0x68n), fields: { Inner: { offset: 0x30, type: inner } } };
    },
  };
}

describe("page cache", () => {
  it("reads each 4 KiB page once, across page boundaries, with addresses above 2^53", () => {
    const fake: Fake = { reads: [] };
    (globalThis as any).host = fakeHost({}, fake);
    const t = createJsProviderTarget();
    const a = t.read("ffff988d80d05ff8", 16);
    expect(Array.from(a)).toEqual([0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]);
    t.read("ffff988d80d05a90", 8);
    t.read("ffff988d80d06000", 8);
    expect(fake.reads).toEqual(["ffff988d80d05000", "ffff988d80d06000"]);
  });
  it("remembers a bad page and throws ReadError for every read touching it", () => {
    const fake: Fake = { reads: [] };
    (globalThis as any).host = fakeHost({ bad: [0x8a7f3000n] }, fake);
    const t = createJsProviderTarget();
    expect(() => t.read("8a7f3008", 0x38)).toThrow(ReadError);
    expect(() => t.read("8a7f3ff0", 0x20)).toThrow(ReadError);
    expect(() => t.read("8a7f2ff0", 0x20)).toThrow(ReadError);
    expect(fake.reads.filter((r) => r === "8a7f3000")).toHaveLength(1);
    expect(t.read("8a7f4000", 4)[0]).toBe(0x00);
  });
});

describe("type layouts", () => {
  it("descends dotted paths, adds offsets and reads bit-field positions from the field's type", () => {
    (globalThis as any).host = fakeHost();
    const t = createJsProviderTarget();
    const ty = t.getType("_T")!;
    expect(ty.size).toBe(0x68);
    expect(ty.field("Inner.Count")).toEqual({ offset: 0x38, size: 4, typeName: "unsigned long", bitPosition: 3, bitLength: 29 });
    expect(ty.field("Inner.Missing")).toBe(null);
    expect(ty.field("Nope.Count")).toBe(null);
    expect(t.getType("_NOPE")).toBe(null);
    expect(t.pointerSize).toBe(8);
    expect(t.isKernelTarget()).toBe(true);
  });
});

describe("hostAddress: addresses at the target's pointer width", () => {
  const bare = createInt64Flavour({ bareHex: true, signedParts: true });
  it.each([
    [int64(0xffffffff80800000n), 4, "80800000"],
    [int64(0x80800000n), 4, "80800000"],
    [bare.int64(0xffffffff8a7f3008n), 4, "8a7f3008"],
    [int64(0x7c80000n), 4, "7c80000"],
    [int64(0x1234567880800000n), 4, null],
    [int64(0xffffffff00001000n), 4, null],
    [int64(0xffffffff80800000n), 8, "ffffffff80800000"],
    [bare.int64(0xffff988d80d05a90n), 8, "ffff988d80d05a90"],
  ] as const)("%s (pointer size %i) -> %s", (v, ps, want) => expect(hostAddress(v, ps)).toBe(want));
});

/** A host for the data-model paths: processes are plain objects; `keyed` adds getValueAt and/or key indexing. */
function modelHost(opts: { getValueAt?: "ok" | "throws" | "absent"; indexer?: boolean; frames?: unknown[]; currentModules?: unknown[]; systemModules?: unknown[] }) {
  const thread = { Id: int64(0x18a8n), Stack: { Frames: opts.frames ?? [] } };
  const threads: any = [thread];
  const sys: any = { Id: 4, Name: "System", Threads: [], Modules: opts.systemModules ?? [] };
  const app: any = { Id: int64(0x1074n), Name: "app.exe", Threads: threads, Modules: [] };
  const processes: any = [sys, app];
  for (const coll of [processes, threads]) {
    if (opts.getValueAt === "ok") coll.getValueAt = (k: number) => coll.find((x: any) => hostValueToNumber(x.Id) === k);
    if (opts.getValueAt === "throws") coll.getValueAt = () => { throw new Error("No element with key"); };
  }
  if (opts.indexer) {
    processes[4] = sys;
    processes[0x1074] = app;
    threads[0x18a8] = thread;
  }
  return {
    parseInt64,
    currentSession: { Attributes: { Machine: { PointerSize: int64(4n) }, Target: { IsKernelTarget: true } }, Processes: processes },
    currentProcess: { Id: 0x1074, Name: "app.exe", Modules: opts.currentModules ?? [] },
  };
}

const frame = (text: string, ip: unknown) => ({ toString: () => text, Attributes: { InstructionOffset: ip } });

describe("stacks through every host", () => {
  it.each([
    ["getValueAt", { getValueAt: "ok" as const }],
    ["getValueAt throws, key indexer", { getValueAt: "throws" as const, indexer: true }],
    ["no getValueAt, no indexer: iteration matching Id (Int64 or number)", { getValueAt: "absent" as const }],
  ])("%s", (_name, opts) => {
    (globalThis as any).host = modelHost({ ...opts, frames: [frame("nt!KiSwapContext + 0x26", int64(0xffffffff80833ec5n))] });
    const t = createJsProviderTarget();
    expect(t.pointerSize).toBe(4);
    expect(t.stackFrames(0x1074, 0x18a8)).toEqual([{ text: "nt!KiSwapContext + 0x26", instructionOffset: "80833ec5" }]);
    expect(t.stackFrames(0x1074, 0x9999)).toBe(null);
    expect(t.stackFrames(0x7777, 0x18a8)).toBe(null);
  });
  it("an empty Frames is a stack that could not be had", () => {
    (globalThis as any).host = modelHost({ getValueAt: "ok", frames: [] });
    expect(createJsProviderTarget().stackFrames(0x1074, 0x18a8)).toBe(null);
  });
});

describe("the kernel module list", () => {
  const mod = (name: string, base: bigint, size: unknown) => ({ Name: name, BaseAddress: int64(base), Size: size });
  it("comes from the System process, kernel range only, bases cut to 32 bits on x86", () => {
    (globalThis as any).host = modelHost({
      getValueAt: "absent",
      systemModules: [mod("ntkrnlpa.exe", 0xffffffff80800000n, int64(0x25c000n)), mod("user.dll", 0x7c800000n, 0x1000)],
      currentModules: [mod("app.exe", 0x400000n, 0x1000)],
    });
    expect(createJsProviderTarget().modules()).toEqual([{ name: "ntkrnlpa.exe", base: "80800000", size: 0x25c000 }]);
  });
  it("falls back to the current process when the System process lists none", () => {
    (globalThis as any).host = modelHost({ getValueAt: "ok", currentModules: [mod("app.exe", 0x400000n, 0x1000), mod("hal.dll", 0x806d0000n, 0x20000)] });
    expect(createJsProviderTarget().modules()).toEqual([{ name: "hal.dll", base: "806d0000", size: 0x20000 }]);
  });
});

describe("memory the host lends or holds in parts", () => {
  it("copies what readMemoryValues returns (the host may reuse the buffer)", () => {
    const lent = new Uint8Array(4096);
    (globalThis as any).host = {
      ...fakeHost(),
      memory: {
        readMemoryValues(loc: any) {
          lent.fill(Number(BigInt(loc.toString(16)) >> 12n) & 0xff);
          return lent;
        },
      },
    };
    const t = createJsProviderTarget();
    expect(t.read("8a7f3008", 4)[0]).toBe(0xf3);
    expect(t.read("8a7f4008", 4)[0]).toBe(0xf4);
    expect(t.read("8a7f3010", 4)[0]).toBe(0xf3);
  });
  it("retries a page that cannot be read whole with the exact bytes; a page failing again and again is bad", () => {
    const reads: string[] = [];
    (globalThis as any).host = {
      ...fakeHost(),
      memory: {
        readMemoryValues(loc: any, n: number) {
          const a = BigInt(loc.toString(16));
          reads.push(a.toString(16) + ":" + n);
          if (n === 4096) throw new Error("Unable to read memory");
          if (a >= 0x8a7f3800n) throw new Error("Unable to read memory");
          return new Uint8Array(n).fill(0x5a);
        },
      },
    };
    const t = createJsProviderTarget();
    expect(Array.from(t.read("8a7f3008", 4))).toEqual([0x5a, 0x5a, 0x5a, 0x5a]);
    expect(Array.from(t.read("8a7f3100", 2))).toEqual([0x5a, 0x5a]);
    expect(reads).toEqual(["8a7f3000:4096", "8a7f3008:4", "8a7f3100:2"]);
    for (let i = 0; i < 12; i++) expect(() => t.read("8a7f3900", 4)).toThrow(ReadError);
    expect(reads.filter((r) => r === "8a7f3900:4")).toHaveLength(8);
    expect(() => t.read("8a7f3008", 4)).toThrow(ReadError);
  });
});
