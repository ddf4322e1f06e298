// Unit tests of src/kernel/modules.ts: `lm`/`lmv`/`ln` output parsing, lm-style short names, inbox matching and the
// Microsoft / third-party classification. Fixtures: lm/lmv/ln lines in WinDbg's documented format (x86 addresses
// from the seed case's module bases, an x64 line with a backtick), written by hand.
import { describe, expect, it } from "vitest";
import { classifyModule, imageFileName, isInboxModule, parseLm, parseLn, shortModuleName } from "../../src/kernel/modules";

describe("parseLm", () => {
  it("parses an lm table with every symbol status", () => {
    const lines = [
      "start    end        module name",
      "80800000 809d0000   nt         (pdb symbols)          c:\\symbols\\ntkrnlpa.pdb\\ABC1\\ntkrnlpa.pdb",
      "806d0000 806f0000   hal        (deferred)             ",
      "b9e90000 b9e98000   idmtdi     (no symbols)           ",
      "b9f9a000 b9fda000   afd        (export symbols)       afd.sys",
      "ba100000 ba114000   ipsec      (private pdb symbols)  c:\\sym\\ipsec.pdb",
      "ba200000 ba210000   weird      T (whatever)",
      "",
      "Unloaded modules:",
      "ba300000 ba310000   gone.sys",
    ];
    const mods = parseLm(lines);
    expect(mods.map((m) => [m.start, m.end, m.name, m.symbols])).toEqual([
      ["80800000", "809d0000", "nt", "pdb"],
      ["806d0000", "806f0000", "hal", "deferred"],
      ["b9e90000", "b9e98000", "idmtdi", "none"],
      ["b9f9a000", "b9fda000", "afd", "export"],
      ["ba100000", "ba114000", "ipsec", "pdb"],
      ["ba200000", "ba210000", "weird", "unknown"],
    ]);
  });

  it("parses lmv details: image name and CompanyName (indented under resource tables)", () => {
    const lines = [
      "start             end                 module name",
      "fffff800`04a00000 fffff800`04a08000   idmtdi     (no symbols)           ",
      "    Image path: \\SystemRoot\\system32\\drivers\\idmtdi.sys",
      "    Image name: idmtdi.sys",
      "    Timestamp:        unavailable (FFFFFFFE)",
      "    CheckSum:         missing",
      "    ImageSize:        00008000",
      "    Translations:     0409.04b0",
      "    Information from resource tables:",
      "        CompanyName:      Tonec Inc.",
      "        ProductName:      Internet Download Manager",
    ];
    const [m] = parseLm(lines);
    expect(m.start).toBe("fffff80004a00000");
    expect(m.end).toBe("fffff80004a08000");
    expect(m.name).toBe("idmtdi");
    expect(m.symbols).toBe("none");
    expect(m.image).toBe("idmtdi.sys");
    expect(m.company).toBe("Tonec Inc.");
  });

  it("gives nothing for an error line", () => {
    expect(parseLm(["Couldn't resolve error at 'x'"])).toEqual([]);
  });
});

describe("parseLn", () => {
  it.each([
    [["Browse module", "Set bu breakpoint", "", "(b9fc1b72)   afd!AfdRestartBufferReceiveWithUserIrp", "Exact matches:", "    afd!AfdRestartBufferReceiveWithUserIrp (<no parameter info>)"], "afd!AfdRestartBufferReceiveWithUserIrp"],
    [["(b9fc1b00)   afd!AfdFoo+0x72   |  (b9fc1c10)   afd!AfdBar"], "afd!AfdFoo+0x72"],
    [["(fffff800`04a00000)   nt!KiSwapContext+0x26"], "nt!KiSwapContext+0x26"],
    [["(b9e964d0)   idmtdi+0x64d0"], null],
    [[], null],
  ])("%j → %s", (lines, want) => expect(parseLn(lines as string[])).toBe(want));
});

describe("short names", () => {
  it.each([
    ["ntkrnlpa.exe", "nt"],
    ["ntoskrnl.exe", "nt"],
    ["ntkrnlmp", "nt"],
    ["halmacpi.dll", "hal"],
    ["\\SystemRoot\\system32\\drivers\\afd.sys", "afd"],
    ["\\SystemRoot\\System32\\Drivers\\Ntfs.sys", "Ntfs"],
    ["C:\\Windows\\system32\\drivers\\idmtdi.sys", "idmtdi"],
    ["kdcom.dll", "kdcom"],
  ])("%s → %s", (path, want) => expect(shortModuleName(path)).toBe(want));
  it("image file names", () => {
    expect(imageFileName("\\SystemRoot\\system32\\drivers\\afd.sys")).toBe("afd.sys");
    expect(imageFileName("ntkrnlpa.exe")).toBe("ntkrnlpa.exe");
  });
});

describe("inbox modules", () => {
  it.each([
    ["nt", null, true],
    ["hal", "halmacpi.dll", true],
    ["afd", null, true],
    ["Ntfs", null, true],
    ["mrxsmb10", null, true],
    ["srv2", null, true],
    ["nwlnkipx", null, true],
    ["idmtdi", "idmtdi.sys", false],
    ["symtdi", null, false],
    ["x", "tcpip.sys", true],
  ])("%s (%s) → %s", (name, image, want) => expect(isInboxModule(name, image)).toBe(want));
});

describe("classifyModule", () => {
  it.each([
    ["afd", "afd.sys", "Microsoft Corporation", "pdb", true, "microsoft", "CompanyName Microsoft Corporation"],
    ["fweng", "fweng.sys", "Microsoft Corporation", "pdb", true, "microsoft", "CompanyName Microsoft Corporation"],
    // A vendor company wins over an inbox-looking name.
    ["tcpip", "tcpip.sys", "Evil Corp", "none", true, "third-party", "CompanyName Evil Corp (not Microsoft)"],
    ["tcpip", "tcpip.sys", null, "pdb", true, "microsoft", "inbox Windows module"],
    ["idmtdi", "idmtdi.sys", null, "none", true, "third-party", "not an inbox Windows module and no Microsoft version information (symbols: none)"],
    ["idmtdi", "idmtdi.sys", "Tonec Inc.", "none", true, "third-party", "CompanyName Tonec Inc. (not Microsoft)"],
    ["foo", "foo.sys", null, "unknown", false, "third-party", "not an inbox Windows module; version information not read (module not in the evidence)"],
  ] as const)("%s company %s → %s", (name, image, company, symbols, read, cls, reason) => {
    const c = classifyModule(name, image, company, symbols, read);
    expect(c.classification).toBe(cls);
    expect(c.reason).toBe(reason);
  });
});
