// Tests of Control.ExecuteCommand in the mock host (test/sim/commands.ts): WinDbg's lm/lmv/ln text, error lines,
// the once-only result collection and the command log.
import { describe, expect, it } from "vitest";
import { createHost } from "../sim/host";
import { makeFixture } from "./fixtures";

function run(command: string, pointerSize: 4 | 8 = 4): string[] {
  const sim = createHost(makeFixture({ pointerSize }).dump);
  sim.phase2();
  return Array.from((sim.host as any).namespace.Debugger.Utility.Control.ExecuteCommand(command)) as string[];
}

describe("lm family", () => {
  it("lm on x86: header and one line per module, sorted by base", () => {
    const lines = run("lm");
    expect(lines.length).toBe(3);
    expect(lines[0]).toBe("start    end        module name");
    expect(lines[1]).toMatch(/^80800000 809d0000   nt         \(pdb symbols\)          c:\\symbols\\ntkrnlpa\.pdb\\[0-9A-F]{33}\\ntkrnlpa\.pdb$/);
    expect(lines[2]).toBe("b9e90000 b9e98000   idmtdi     (no symbols)");
  });
  it("lm on x64: backtick addresses, wider header, export symbols column", () => {
    const lines = run("lm", 8);
    expect(lines[0]).toBe("start             end                 module name");
    expect(lines).toContain("fffff880`03a00000 fffff880`03a40000   afd        (export symbols)       afd.sys");
    expect(lines).toContain("fffff880`03e00000 fffff880`03e08000   idmtdi     (no symbols)");
    expect(lines[1]).toMatch(/^fffff800`02c5f000 fffff800`0323c000   nt         \(pdb symbols\)          c:\\symbols\\ntkrnlmp\.pdb\\[0-9A-F]{33}\\ntkrnlmp\.pdb$/);
  });
  it.each(["lmv a 0xb9e964d0", "lmv a b9e964d0", "lmvm idmtdi", "lmv m idmtdi", "lmv m idm*"])(
    "%s gives the verbose block of idmtdi with its company",
    (cmd) => {
      expect(run(cmd)).toEqual([
        "start    end        module name",
        "b9e90000 b9e98000   idmtdi     (no symbols)",
        "    Image path: \\SystemRoot\\system32\\DRIVERS\\idmtdi.sys",
        "    Image name: idmtdi.sys",
        "    Timestamp:        unavailable (FFFFFFFE)",
        "    CheckSum:         missing",
        "    ImageSize:        00008000",
        "    Translations:     0409.04b0",
        "    Information from resource tables:",
        "        CompanyName:      Tonec Inc.",
      ]);
    },
  );
  it("lmv of a module without company has no CompanyName; pdb modules show the loaded image", () => {
    const lines = run("lmvm idmtdi", 8);
    expect(lines.some((l) => l.includes("CompanyName"))).toBe(false);
    expect(run("lmvm nt")).toContain("    Loaded symbol image file: ntkrnlpa.exe");
    expect(run("lmvm nt")).toContain("        CompanyName:      Microsoft Corporation");
  });
  it("lm a <addr> gives only the module line; an address outside every module gives the header only", () => {
    expect(run("lm a 0x80801000")).toEqual(["start    end        module name", expect.stringMatching(/^80800000 809d0000   nt /)]);
    expect(run("lm a 0x1000")).toEqual(["start    end        module name"]);
    expect(run("lmvm nosuch")).toEqual(["start    end        module name"]);
  });
});

describe("ln", () => {
  it("exact match in a module with symbols", () => {
    expect(run("ln 0x80801000")).toEqual([
      "Browse module",
      "Set bu breakpoint",
      "",
      "(80801000)   nt!KiSwapContext",
      "Exact matches:",
      "    nt!KiSwapContext (<no parameter info>)",
    ]);
  });
  it("inside a function: start of the symbol and mod!sym+0xoff", () => {
    expect(run("ln 80802346")).toEqual(["Browse module", "Set bu breakpoint", "", "(80802000)   nt!KeWaitForSingleObject+0x346"]);
  });
  it("x64 address, module without symbols", () => {
    expect(run("ln 0xfffff880`03e064d0", 8)).toEqual(["Browse module", "Set bu breakpoint", "", "(fffff880`03e00000)   idmtdi+0x64d0"]);
  });
  it("outside every module prints nothing", () => {
    expect(run("ln 0x1000")).toEqual([]);
  });
});

describe("anything else is a WinDbg error line, never executed", () => {
  it.each([
    ["!thread 84149020", "No export thread found"],
    [".shell dir", "Couldn't resolve error at '.shell dir'"],
    ["lm; .shell dir", "Couldn't resolve error at 'lm; .shell dir'"],
    ["ln wspsrv.exe", "Couldn't resolve error at 'wspsrv.exe'"],
    ["lmx", "Couldn't resolve error at 'lmx'"],
    ["lm a", "Couldn't resolve error at 'lm a'"],
    ["g", "Couldn't resolve error at 'g'"],
  ])("%s", (cmd, line) => {
    expect(run(cmd)).toEqual([line]);
  });
});

describe("the result collection and the command log", () => {
  it("iterates once (copy it with Array.from); First and Count consume", () => {
    const sim = createHost(makeFixture({ pointerSize: 4 }).dump);
    sim.phase2();
    const exec = (sim.host as any).namespace.Debugger.Utility.Control.ExecuteCommand;
    const out = exec("lm");
    expect(out.First()).toBe("start    end        module name");
    expect(Array.from(out).length).toBe(2); // the rest
    expect(Array.from(out)).toEqual([]);
    expect(exec("lm").Count()).toBe(3);
    expect(sim.counters.commands).toBe(2);
    expect(sim.counters.commandsRun).toEqual(["lm", "lm"]);
  });
  it("rejects a non-string command", () => {
    const sim = createHost(makeFixture().dump);
    sim.phase2();
    expect(() => (sim.host as any).namespace.Debugger.Utility.Control.ExecuteCommand(5)).toThrow();
  });
});
