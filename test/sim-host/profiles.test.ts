// Each host profile of test/sim/profiles.ts against the behaviour it claims, on real scenario dumps, next to the
// default host: a profile that silently became a no-op fails here. Scenarios: the shared seed (2003 x86), one of ours
// with a non-resident stack (2003 x86) and one Windows 10 x64 dump (addresses above 2^53).
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildDump } from "../sim/build-dump";
import type { SimDump } from "../sim/dump";
import { createHost } from "../sim/host";
import { isInt64 } from "../sim/int64";
import { DEFAULT_BEHAVIOUR, HOST_PROFILE_NAMES, HOST_PROFILES, HostProfileError, resolveHostProfiles } from "../sim/profiles";
import { loadScenario } from "../sim/scenario";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const dumps = new Map<string, SimDump>();
function dumpOf(file: string): SimDump {
  let d = dumps.get(file);
  if (!d) dumps.set(file, (d = buildDump(loadScenario(resolve(repo, file)))));
  return d;
}
const SEED = "../shared/scenarios/seed-isa-idmtdi.json";
const STACKLESS = "test/scenarios/ws2003-wspsrv-orphaned-lock-no-evidence.json"; // wspsrv 0x8ac, thread 0xd94: "unavailable"
const X64 = "test/scenarios/win10-sqlservr-deadlock-3way-pwdlp.json";

/** A phase-2 host over a scenario's dump under the named profiles ("" = default). */
function hostFor(file: string, profiles: string): any {
  const sim = createHost(dumpOf(file), { behaviour: resolveHostProfiles(profiles) });
  sim.phase2();
  return sim.host;
}

const hex = (v: any) => String(v.toString(16)).replace(/^0x/, "");
const ctl = (h: any) => h.namespace.Debugger.Utility.Control;
const system = (h: any) => {
  for (const p of h.currentSession.Processes) if (hex(p.Id) === "4") return p;
  throw new Error("no System process");
};
const firstModule = (mods: any) => {
  for (const m of mods) return m;
  return undefined;
};
const countOf = (c: any) => {
  let n = 0;
  for (const _ of c) n++;
  return n;
};

describe("profile registry", () => {
  it("lists the names the issue asks for, default first and strict last", () => {
    expect(HOST_PROFILE_NAMES).toEqual([
      "default", "x86-sign-extended", "int64-scalars", "bare-hex", "no-getvalueat", "crash-process", "no-modules",
      "volatile-views", "partial-pages", "empty-stacks", "strict",
    ]);
  });
  it("each profile but default changes something, and writes down its evidence", () => {
    for (const p of HOST_PROFILES) {
      expect(p.evidence.length, p.name).toBeGreaterThan(30);
      expect(Object.keys(p.flags).length > 0, p.name).toBe(p.name !== "default");
    }
  });
  it("strict is every behaviour at once; names combine with commas; unknown names are refused", () => {
    const strict = resolveHostProfiles("strict");
    for (const k of Object.keys(DEFAULT_BEHAVIOUR)) expect((strict as any)[k], k).toBe(true);
    expect(resolveHostProfiles("bare-hex,no-modules")).toEqual({ ...DEFAULT_BEHAVIOUR, bareHex: true, noModules: true });
    expect(resolveHostProfiles(undefined)).toEqual(DEFAULT_BEHAVIOUR);
    expect(() => resolveHostProfiles("default,nosuch")).toThrow(HostProfileError);
  });
});

describe("x86-sign-extended", () => {
  it("module bases, symbol addresses, frame offsets and .address come sign-extended on x86", () => {
    for (const [profile, prefix] of [["", /^[0-7]?[0-9a-f]{1,7}$|^[89a-f][0-9a-f]{7}$/], ["x86-sign-extended", /^ffffffff[89a-f][0-9a-f]{7}$/]] as const) {
      const h = hostFor(SEED, profile);
      const nt = firstModule(system(h).Modules);
      expect(hex(nt.BaseAddress), profile).toMatch(prefix);
      expect(hex(h.getModuleSymbolAddress("nt", "PsActiveProcessHead")), profile).toMatch(prefix);
      const head = h.createTypedObject(h.getModuleSymbolAddress("nt", "PsActiveProcessHead"), "nt", "_LIST_ENTRY");
      expect(hex(head.address), profile).toMatch(prefix);
      expect(hex(head.Flink.address), profile).toMatch(prefix);
    }
  });
  it("frames' InstructionOffset too; memory reads and ln take either form", () => {
    const plain = hostFor(SEED, "");
    const ext = hostFor(SEED, "x86-sign-extended");
    const frameIp = (h: any) => {
      for (const p of h.currentSession.Processes) {
        for (const t of p.Threads) {
          try {
            for (const f of t.Stack.Frames) return f.Attributes.InstructionOffset;
          } catch {
            // no stack
          }
        }
      }
    };
    const a = frameIp(plain);
    const b = frameIp(ext);
    expect(hex(b)).toBe("ffffffff" + hex(a).padStart(8, "0"));
    const sym = ext.getModuleSymbolAddress("nt", "PsActiveProcessHead");
    const low = plain.getModuleSymbolAddress("nt", "PsActiveProcessHead");
    expect(Array.from(ext.memory.readMemoryValues(sym, 8, 1))).toEqual(Array.from(ext.memory.readMemoryValues(low, 8, 1)));
    expect(() => plain.memory.readMemoryValues(sym, 8, 1)).toThrow();
    const ln = (h: any, x: any) => Array.from(ctl(h).ExecuteCommand("ln 0x" + hex(x))).join("\n");
    expect(ln(ext, b)).toBe(ln(ext, a));
    expect(ln(ext, a)).toMatch(/!/);
  });
  it("changes nothing on x64, and leaves raw memory (8-byte elements) as it is", () => {
    const a = hostFor(X64, "");
    const b = hostFor(X64, "x86-sign-extended");
    expect(hex(b.getModuleSymbolAddress("nt", "PsActiveProcessHead"))).toBe(hex(a.getModuleSymbolAddress("nt", "PsActiveProcessHead")));
    const s = hostFor(SEED, "x86-sign-extended");
    const head = s.getModuleSymbolAddress("nt", "PsActiveProcessHead");
    const [q] = s.memory.readMemoryValues(head, 1, 8);
    expect(q.getHighPart()).not.toBe(0xffffffff);
  });
});

describe("int64-scalars", () => {
  it("PointerSize, Id, module Size, field offset, type size and bit positions arrive as Int64", () => {
    for (const [profile, want] of [["", false], ["int64-scalars", true]] as const) {
      const h = hostFor(X64, profile);
      expect(isInt64(h.currentSession.Attributes.Machine.PointerSize), profile).toBe(want);
      const sys = system(h);
      expect(isInt64(sys.Id), profile).toBe(want);
      expect(isInt64(firstModule(sys.Modules).Size), profile).toBe(want);
      let tid: unknown;
      for (const t of sys.Threads) {
        tid = t.Id;
        break;
      }
      expect(isInt64(tid), profile).toBe(want);
      const t = h.getModuleType("nt", "_ERESOURCE");
      expect(isInt64(t.fields.ContentionCount.offset), profile).toBe(want);
      expect(isInt64(t.size), profile).toBe(true); // the default already serves type sizes as Int64
    }
    const ws = hostFor("test/scenarios/ws2008r2-w3wp-orphaned-lock-lwnfw.json", "int64-scalars");
    const pos = ws.getModuleType("nt", "_ERESOURCE").fields.OwnerEntry.type.fields.OwnerCount.type.bitFieldPositions;
    expect(isInt64(pos.lsb) && isInt64(pos.length)).toBe(true);
    expect(hex(pos.length)).toBe("1e");
  });
});

describe("bare-hex", () => {
  it("toString(16) has no 0x; the parts are signed", () => {
    const a = hostFor(SEED, "");
    const b = hostFor(SEED, "bare-hex");
    expect(a.parseInt64("0x8a7f3008", 16).toString(16)).toBe("0x8a7f3008");
    expect(b.parseInt64("0x8a7f3008", 16).toString(16)).toBe("8a7f3008");
    expect(b.Int64(255).toString(16)).toBe("ff");
    expect(a.parseInt64("ffffffff8a7f3008", 16).getLowPart()).toBe(0x8a7f3008);
    expect(b.parseInt64("ffffffff8a7f3008", 16).getLowPart()).toBe(0x8a7f3008 | 0);
    expect(b.parseInt64("ffffffff8a7f3008", 16).getHighPart()).toBe(-1);
    // Arithmetic keeps the flavour; values the host produces have it too.
    expect(b.Int64(1).add(0xff).toString(16)).toBe("100");
    expect(b.getModuleSymbolAddress("nt", "PsActiveProcessHead").toString(16)).not.toMatch(/^0x/);
  });
});

describe("no-getvalueat", () => {
  it("Processes and Threads lose getValueAt; indexing by key works", () => {
    const a = hostFor(SEED, "");
    const b = hostFor(SEED, "no-getvalueat");
    expect(typeof a.currentSession.Processes.getValueAt).toBe("function");
    expect(a.currentSession.Processes[4]).toBeUndefined();
    expect(b.currentSession.Processes.getValueAt).toBeUndefined();
    const sys = b.currentSession.Processes[4];
    expect(sys.Name).toBe("System");
    expect(b.currentSession.Processes[0x1074].Name).toBe("wspsrv.exe");
    expect(b.currentSession.Processes[0x1074].Threads.getValueAt).toBeUndefined();
    expect(b.currentSession.Processes[0x1074].Threads[0x18a8].Id).toBe(0x18a8);
    expect(b.currentSession.Processes[0x9999]).toBeUndefined();
  });
});

describe("crash-process", () => {
  it("currentProcess is a user process whose Modules lists user-mode images before the kernel's", () => {
    const a = hostFor(SEED, "");
    const b = hostFor(SEED, "crash-process");
    expect(a.currentProcess.Name).toBe("System");
    expect(b.currentProcess.Name).not.toBe("System");
    const first = firstModule(b.currentProcess.Modules);
    expect(Number(first.BaseAddress.compareTo(0x80000000))).toBe(-1);
    const names = Array.from(b.currentProcess.Modules, (m: any) => String(m.Name));
    expect(names.some((n) => /ntdll\.dll$/i.test(n))).toBe(true);
    expect(names.some((n) => /idmtdi\.sys$/i.test(n))).toBe(true);
    expect(countOf(system(b).Modules)).toBe(countOf(system(a).Modules));
  });
});

describe("no-modules", () => {
  it("the current process's Modules throws, the others list nothing, lm still lists the modules", () => {
    const a = hostFor(SEED, "");
    const b = hostFor(SEED, "no-modules");
    expect(countOf(a.currentProcess.Modules)).toBeGreaterThan(3);
    expect(() => b.currentProcess.Modules).toThrow();
    let listed = 0;
    for (const p of b.currentSession.Processes) {
      try {
        listed += countOf(p.Modules);
      } catch {
        // the current process
      }
    }
    expect(listed).toBe(0);
    const lm = Array.from(ctl(b).ExecuteCommand("lm"), String);
    expect(lm.some((l) => /\bidmtdi\b/.test(l))).toBe(true);
  });
});

describe("volatile-views", () => {
  it("a kept readMemoryValues result is overwritten by the next host call", () => {
    for (const [profile, overwritten] of [["", false], ["volatile-views", true]] as const) {
      const h = hostFor(SEED, profile);
      const head = h.getModuleSymbolAddress("nt", "PsActiveProcessHead");
      const first = h.memory.readMemoryValues(head, 8, 1);
      const kept = Array.from(first);
      h.memory.readMemoryValues(head.add(0x100), 8, 1);
      expect(Array.from(first).join() !== kept.join(), profile).toBe(overwritten);
      const again = h.memory.readMemoryValues(head, 8, 1);
      h.getModuleType("nt", "_ERESOURCE");
      expect(Array.from(again).join() !== kept.join(), profile).toBe(overwritten);
    }
  });
});

describe("partial-pages", () => {
  it("a whole-page read of a partly held page fails where the exact bytes read", () => {
    const d = dumpOf(SEED);
    // The seed's ERESOURCE 8a7f3008 sits in a page the dump holds only in part.
    const page = 0x8a7f3000n;
    expect(d.memory.isReadable(page, 4096)).toBe(true);
    expect(d.memory.isHeld(page, 4096)).toBe(false);
    for (const [profile, pageReads] of [["", true], ["partial-pages", false]] as const) {
      const h = hostFor(SEED, profile);
      let ok = true;
      try {
        h.memory.readMemoryValues(h.parseInt64("0x8a7f3000", 16), 4096, 1);
      } catch {
        ok = false;
      }
      expect(ok, profile).toBe(pageReads);
      expect(h.memory.readMemoryValues(h.parseInt64("0x8a7f3008", 16), 0x20, 1).length, profile).toBe(0x20);
    }
  });
});

describe("empty-stacks", () => {
  it("a non-resident stack is an empty Frames instead of a throw", () => {
    const a = hostFor(STACKLESS, "");
    const b = hostFor(STACKLESS, "empty-stacks");
    expect(() => countOf(a.currentSession.Processes.getValueAt(0x8ac).Threads.getValueAt(0xd94).Stack.Frames)).toThrow();
    expect(countOf(b.currentSession.Processes.getValueAt(0x8ac).Threads.getValueAt(0xd94).Stack.Frames)).toBe(0);
    expect(String(b.currentSession.Processes.getValueAt(0x8ac).Threads.getValueAt(0xd94).toString())).toBe("<Unable to get stack trace>");
  });
});
