// Kernel modules: short names as `lm` shows them, address → module attribution, `lm`/`lmv` output parsing, symbol
// lookup through `ln`, and the Microsoft / third-party classification. Used by collect.ts, threads.ts, irps.ts.
import { Addr, addrCompare, addrDiff, addrInRange, parseAddr } from "../addr";
import { Target } from "../host/target";
import { ModuleClass, ModuleRecord } from "./records";
import { Quality } from "./quality";

/** One module as `lm` / `lmv` prints it. */
export interface LmEntry {
  start: Addr;
  end: Addr;
  name: string;
  /** "pdb" | "export" | "none" | "deferred" | "unknown". */
  symbols: string;
  /** `lmv` details when present. */
  image: string | null;
  company: string | null;
  /**
   * A detail key (CompanyName, Image name) appeared twice for this module: a string from the dump spans lines and
   * forged one (a CompanyName "Evil\n        CompanyName: Microsoft Corporation"). Both values are then distrusted.
   */
  ambiguous: boolean;
}

const LM_LINE = /^\s*([0-9a-fA-F`]{8,17})\s+([0-9a-fA-F`]{8,17})\s+(\S+)(.*)$/;

/** The status is the first parenthesised group after the name; what follows (a pdb path, an image name) is dump text. */
function symbolStatus(rest: string): string {
  const first = /^\s*(\([^)]*\))/.exec(rest);
  const r = first !== null ? first[1].toLowerCase() : "";
  if (r.indexOf("(deferred)") >= 0) return "deferred";
  if (r.indexOf("(no symbols)") >= 0) return "none";
  if (r.indexOf("(export symbols)") >= 0) return "export";
  if (/\((private )?pdb symbols\)|\((codeview|coff|sym) symbols\)/.test(r)) return "pdb";
  return "unknown";
}

/** Parses `lm` / `lmv` output: module lines ("start end name (status) [pdb]") and, for lmv, their detail lines. */
export function parseLm(lines: string[]): LmEntry[] {
  const out: LmEntry[] = [];
  let current: LmEntry | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = String(lines[i]).replace(/\r?\n$/, "");
    if (/^\s*Unloaded modules:/i.test(line)) break;
    const m = LM_LINE.exec(line);
    if (m !== null) {
      const start = parseAddr(m[1]);
      const end = parseAddr(m[2]);
      if (start !== null && end !== null) {
        current = { start: start, end: end, name: m[3], symbols: symbolStatus(m[4]), image: null, company: null, ambiguous: false };
        out.push(current);
        continue;
      }
    }
    if (current === null) continue;
    const kv = /^\s+([A-Za-z][A-Za-z ]*[A-Za-z]):\s*(.*?)\s*$/.exec(line);
    if (kv === null) continue;
    const key = kv[1].toLowerCase();
    if (key === "image name" || key === "companyname") {
      const seen = key === "image name" ? current.image : current.company;
      if (seen !== null || (current.ambiguous && kv[2] !== "")) {
        current.ambiguous = true;
        current.image = null;
        current.company = null;
      } else if (kv[2] !== "") {
        if (key === "image name") current.image = kv[2];
        else current.company = kv[2];
      }
    }
  }
  return out;
}

/** `ln` output → "module!symbol" or "module!symbol+0xoff" of the nearest preceding symbol; null when none. */
export function parseLn(lines: string[]): string | null {
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*\(([0-9a-fA-F`]+)\)\s+(\S+)/.exec(String(lines[i]));
    if (m !== null && m[2].indexOf("!") > 0) return m[2];
  }
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*Exact matches:/i.test(String(lines[i])) && i + 1 < lines.length) {
      const m = /^\s*(\S+!\S+?)(\s|\(|$)/.exec(String(lines[i + 1]));
      if (m !== null) return m[1];
    }
  }
  return null;
}

const KERNEL_IMAGES = ["ntoskrnl", "ntkrnlpa", "ntkrnlmp", "ntkrpamp"];

/** The name `lm` gives a module whose data-model Name is `path`: base name without extension; nt and hal special. */
export function shortModuleName(path: string): string {
  let base = path;
  const slash = Math.max(base.lastIndexOf("\\"), base.lastIndexOf("/"));
  if (slash >= 0) base = base.slice(slash + 1);
  const dot = base.lastIndexOf(".");
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const lower = stem.toLowerCase();
  if (lower === "nt" || KERNEL_IMAGES.indexOf(lower) >= 0) return "nt";
  if (lower.slice(0, 3) === "hal") return "hal";
  return stem;
}

/** Image file name from a data-model module Name ("\\SystemRoot\\system32\\drivers\\afd.sys" → "afd.sys"). */
export function imageFileName(path: string): string {
  const slash = Math.max(path.lastIndexOf("\\"), path.lastIndexOf("/"));
  return slash >= 0 ? path.slice(slash + 1) : path;
}

/**
 * Kernel modules that ship with Windows. Used only when the version resource gives no CompanyName (kernel dumps often
 * lack resource pages). A trailing * matches a prefix.
 */
const INBOX_MODULES = [
  "nt", "ntoskrnl", "ntkrnlpa", "ntkrnlmp", "ntkrpamp", "hal*", "kdcom", "kd*", "bootvid", "ci", "clfs", "tm", "pshed",
  "werkernel", "acpi", "acpiex", "pci", "pciide", "pciidex", "intelide", "atapi", "ataport", "msahci", "storahci",
  "stornvme", "storport", "scsiport", "disk", "classpnp", "cdrom", "partmgr", "volmgr", "volmgrx", "volsnap", "mountmgr",
  "ftdisk", "dmio", "dmload", "fs_rec", "ntfs", "fastfat", "cdfs", "udfs", "refs", "npfs", "msfs", "fltmgr", "ksecdd",
  "ksecpkg", "cng", "ipsec", "http", "mup", "rdbss", "mrxsmb*", "srv*", "nwrdr", "nwlnk*", "wanarp", "tdi", "tdx",
  "netio", "msrpc", "ks", "ksthunk", "usbport", "usbhub", "usbd", "usbccgp", "usbehci", "usbuhci", "usbohci", "usbxhci",
  "ucx01000", "hidclass", "hidparse", "hidusb", "kbdclass", "mouclass", "kbdhid", "mouhid", "i8042prt", "afd", "afunix",
  "tcpip", "tcpip6", "tcpipreg", "netbt", "netbios", "ndis", "ndiswan", "ndistapi", "ndisuio", "ndproxy", "raspppoe",
  "raspptp", "rasl2tp", "raspti", "rasacd", "ptilink", "gpc", "msgpc", "psched", "pacer", "ipnat", "ipfltdrv",
  "nsiproxy", "nsi", "fwpkclnt", "wfplwfs", "mpsdrv", "bowser", "dfsc", "csc", "lanman*", "termdd", "rdpdr", "rdpwd",
  "tdtcp", "rdpbus", "win32k", "win32kbase", "win32kfull", "dxgkrnl", "dxgmms1", "dxgmms2", "videoprt", "vga*",
  "watchdog", "beep", "null", "swenum", "update", "mssmbios", "processr", "intelppm", "amdppm", "crashdmp", "dump_*",
  "wmilib", "wdf01000", "wdfldr", "serial", "serenum", "parport", "flpydisk", "fdc", "sr", "redbook", "audstub",
  "mnmdd", "rdprefmp", "rasman", "spaceport", "vmbus", "storvsc", "netvsc", "vdrvroot", "msisadrv", "pdc", "sysmon",
  "luafv", "fileinfo", "wof", "bindflt", "wcifs", "cldflt", "mmcss", "srvnet", "condrv", "clipsp", "ahcache", "peauth",
];

export function isInboxModule(name: string, image: string | null): boolean {
  const candidates = [name.toLowerCase()];
  if (image !== null) {
    const stem = imageFileName(image).toLowerCase();
    const dot = stem.lastIndexOf(".");
    candidates.push(dot > 0 ? stem.slice(0, dot) : stem);
  }
  for (let c = 0; c < candidates.length; c++) {
    const n = candidates[c];
    for (let i = 0; i < INBOX_MODULES.length; i++) {
      const p = INBOX_MODULES[i];
      if (p.charAt(p.length - 1) === "*" ? n.slice(0, p.length - 1) === p.slice(0, p.length - 1) : n === p) return true;
    }
  }
  return false;
}

/**
 * Microsoft's own binaries say exactly this; "Not Microsoft", "Contoso (a Microsoft partner)" or "Microsoft Corp
 * compatible" do not make a module Microsoft's (a CompanyName is the vendor's own text).
 */
const MICROSOFT_COMPANY = /^microsoft corporation\.?$/i;

/**
 * Microsoft or third-party, with the reason the report prints. A CompanyName decides; without one, only a curated
 * inbox name makes a module Microsoft. `versionRead` is false when `lmv` was not run for the module; `ambiguous` when
 * its version information was forged across lines (see LmEntry), which no Microsoft module does.
 */
export function classifyModule(
  name: string,
  image: string | null,
  company: string | null,
  symbols: string,
  versionRead: boolean,
  ambiguous?: boolean,
): { classification: ModuleClass; reason: string } {
  if (ambiguous) {
    return { classification: "third-party", reason: "its version information is ambiguous (a version string spans several lines)" };
  }
  if (company !== null && company.trim() !== "") {
    if (MICROSOFT_COMPANY.test(company.trim().replace(/\s+/g, " "))) return { classification: "microsoft", reason: "CompanyName " + company };
    return { classification: "third-party", reason: "CompanyName " + company + " (not Microsoft)" };
  }
  if (isInboxModule(name, image)) return { classification: "microsoft", reason: "inbox Windows module" };
  if (!versionRead) {
    return { classification: "third-party", reason: "not an inbox Windows module; version information not read (module not in the evidence)" };
  }
  return {
    classification: "third-party",
    reason: "not an inbox Windows module and no Microsoft version information (symbols: " + symbols + ")",
  };
}

/** `lmv` runs for modules outside the evidence (non-inbox names only); each is one debugger command. */
const MAX_EXTRA_LMV = 64;

export interface ModuleEntry {
  name: string;
  image: string;
  base: Addr;
  size: number;
  symbols: string;
  company: string | null;
  versionRead: boolean;
  /** lmv gave contradictory details (see LmEntry.ambiguous). */
  versionAmbiguous: boolean;
}

/**
 * Modules as `lm`/`lmv` list them, for a host whose data model gives none: the image name where lmv gave one (else the
 * module name), start and size. A start address listed twice (a forged line) is left out, as are absurd sizes.
 */
function modulesFromLm(lm: LmEntry[], dq: Quality): { name: string; base: Addr; size: number }[] {
  const starts: { [start: string]: number } = {};
  for (let i = 0; i < lm.length; i++) starts[lm[i].start] = (starts[lm[i].start] || 0) + 1;
  const out: { name: string; base: Addr; size: number }[] = [];
  for (let i = 0; i < lm.length; i++) {
    const e = lm[i];
    const size = addrDiff(e.end, e.start);
    if (starts[e.start] !== 1 || size === null || size <= 0 || size > 0x40000000) continue;
    out.push({ name: e.image !== null && !e.ambiguous ? e.image : e.name, base: e.start, size: size });
  }
  if (out.length > 0) dq.note("fallback", "the data model listed no kernel modules; the module list is the one `lm` prints");
  return out;
}

/** The kernel module list of one run: lookups by address and name, `lmv` once per module in evidence, `ln` cache. */
export class ModuleTable {
  readonly entries: ModuleEntry[] = [];
  private readonly symbolCache = new Map<Addr, string | null>();

  constructor(private readonly target: Target, private readonly dq: Quality) {
    let infos: { name: string; base: Addr; size: number }[] = [];
    try {
      infos = target.modules();
    } catch (e) {
      dq.fail("read-error", "module lists", null);
    }
    // `lm` gives the names the debugger prints; without it the names are derived from the image paths.
    const lmNames = new Map<Addr, LmEntry | null>();
    let lm: LmEntry[] = [];
    try {
      lm = parseLm(target.executeCommand("lm"));
      // Two lines for one start address: a name spanning lines forged one; neither is trusted (derived names are).
      for (let i = 0; i < lm.length; i++) lmNames.set(lm[i].start, lmNames.has(lm[i].start) ? null : lm[i]);
    } catch (e) {
      // derived names are used
    }
    // A host whose data model lists no modules still has the engine's own list: `lmv` once for it with the image
    // names (only those are taken from it; version details are read per module in evidence, see touch()), `lm` if
    // that fails.
    if (infos.length === 0) {
      let verbose: LmEntry[] = [];
      try {
        verbose = parseLm(target.executeCommand("lmv"));
      } catch (e) {
        verbose = [];
      }
      infos = modulesFromLm(verbose.length > 0 ? verbose : lm, dq);
    }
    for (let i = 0; i < infos.length; i++) {
      const m = infos[i];
      const lm = lmNames.get(m.base);
      this.entries.push({
        name: lm !== undefined && lm !== null ? lm.name : shortModuleName(m.name),
        image: imageFileName(m.name),
        base: m.base,
        size: m.size,
        symbols: lm !== undefined && lm !== null ? lm.symbols : "unknown",
        company: null,
        versionRead: false,
        versionAmbiguous: false,
      });
    }
    this.entries.sort((a, b) => addrCompare(a.base, b.base));
  }

  byAddress(a: Addr | null): ModuleEntry | null {
    if (a === null || a === "0") return null;
    for (let i = 0; i < this.entries.length; i++) {
      const m = this.entries[i];
      if (addrInRange(a, m.base, m.size)) return m;
    }
    return null;
  }

  byName(name: string): ModuleEntry | null {
    const n = name.toLowerCase();
    for (let i = 0; i < this.entries.length; i++) if (this.entries[i].name.toLowerCase() === n) return this.entries[i];
    for (let i = 0; i < this.entries.length; i++) if (shortModuleName(this.entries[i].image).toLowerCase() === n) return this.entries[i];
    return null;
  }

  /** The modules marked as evidence so far (touched), third-party by what is known of them now (their lmv was read). */
  thirdPartyEvidence(): ModuleEntry[] {
    return this.entries.filter(
      (m) => m.versionRead && classifyModule(m.name, m.image, m.company, m.symbols, true, m.versionAmbiguous).classification === "third-party",
    );
  }

  /** Marks a module as evidence: runs `lmv a 0x<base>` once for its symbol status and CompanyName. Returns its name. */
  touch(m: ModuleEntry): string {
    if (m.versionRead) return m.name;
    m.versionRead = true;
    try {
      const lm = parseLm(this.target.executeCommand("lmv a 0x" + m.base));
      let e: LmEntry | null = null;
      for (let i = 0; i < lm.length; i++) if (lm[i].start === m.base && e === null) e = lm[i];
      if (e === null && lm.length > 0) e = lm[0];
      // `lmv a <address>` prints one module: a second module line, or a detail given twice, was forged by a string.
      if (e !== null && (lm.length > 1 || e.ambiguous)) {
        m.versionAmbiguous = true;
        this.dq.fail("inconsistent", "modules whose lmv output was ambiguous (a version string spans lines); not trusted", m.base);
      } else if (e !== null) {
        m.symbols = e.symbols;
        m.company = e.company;
        if (e.image !== null) m.image = e.image;
      }
    } catch (e) {
      this.dq.fail("command-failed", "lmv", m.base);
    }
    return m.name;
  }

  /**
   * "module!Function+0x1f" via `ln` for addresses in modules with symbols (cached per address); otherwise
   * "module+0x1f" when `moduleOffset` (the default), else null. Null outside every module.
   */
  symbolize(a: Addr, moduleOffset?: boolean): string | null {
    if (a === "0") return null;
    const m = this.byAddress(a);
    if (m === null) return null;
    let s: string | null;
    const cached = this.symbolCache.get(a);
    if (cached !== undefined) s = cached;
    else s = this.lookup(a, m);
    if (s === null && moduleOffset !== false) s = m.name + "+0x" + (addrDiff(a, m.base) as number).toString(16);
    return s;
  }

  private lookup(a: Addr, m: ModuleEntry): string | null {
    let s: string | null = null;
    this.touch(m);
    if (m.symbols === "pdb" || m.symbols === "export" || m.symbols === "deferred") {
      try {
        s = parseLn(this.target.executeCommand("ln 0x" + a));
      } catch (e) {
        this.dq.fail("command-failed", "ln", a);
      }
    }
    this.symbolCache.set(a, s);
    return s;
  }

  /**
   * Every module classified. Modules outside the evidence that are not inbox names still get their `lmv` (at most
   * MAX_EXTRA_LMV of them), so a Microsoft module that merely is not on the inbox list is never called third-party.
   */
  records(): ModuleRecord[] {
    const out: ModuleRecord[] = [];
    let extra = 0;
    for (let i = 0; i < this.entries.length; i++) {
      const m = this.entries[i];
      if (!m.versionRead && !isInboxModule(m.name, m.image) && extra < MAX_EXTRA_LMV) {
        extra++;
        this.touch(m);
      }
      const c = classifyModule(m.name, m.image, m.company, m.symbols, m.versionRead, m.versionAmbiguous);
      out.push({
        name: m.name,
        image: m.image,
        base: m.base,
        size: m.size,
        symbolStatus: m.symbols,
        company: m.company,
        classification: c.classification,
        classificationReason: c.reason,
      });
    }
    return out;
  }
}

/** The module of a frame: by address, else by the "mod!" / "mod+" prefix of its text. */
export function frameModule(table: ModuleTable, text: string, address: Addr | null): ModuleEntry | null {
  const byAddr = table.byAddress(address);
  if (byAddr !== null) return byAddr;
  const m = /^\s*([A-Za-z0-9_.$-]+?)(!|\+0x)/.exec(text);
  if (m === null) return null;
  return table.byName(m[1]);
}
