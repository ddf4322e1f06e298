// Debugger commands behind the mock's Debugger.Utility.Control.ExecuteCommand: the output lines WinDbg prints for
// lm / lmv / lm a <addr> / lmv a <addr> / lm[v]m <pattern> / ln <addr>. Used by host.ts; tests in commands.test.ts.
//
// Formats follow WinDbg's text output (module table header "start    end        module name", x64 addresses with a
// backtick, name column 10 wide, symbol column 22 wide). Nothing is ever executed: anything else gives the error line
// WinDbg prints ("No export x found" for !x, "Couldn't resolve error at '...'" otherwise).
// Choices where the reference is UNCONFIRMED or the simulator lacks the facts:
// - the symbol status is the scenario's (no "(deferred)");
// - lmv of a kernel dump: the image header is not resident, so "Timestamp: unavailable (FFFFFFFE)" and
//   "CheckSum: missing"; the CompanyName line (under "Information from resource tables:") appears only when the
//   scenario gives a company; "Loaded symbol image file:" only for pdb/export symbols;
// - ln prints WinDbg's "Browse module" / "Set bu breakpoint" lines first, then "(start)   mod!sym+0xoff" and for an
//   exact hit in a module with symbols "Exact matches:"; the "|  (next) mod!next" half is left out (the dump does not
//   list the next symbol); an address outside every module prints nothing;
// - lm lists kernel modules only, sorted by base, without the "Unloaded modules:" section.
import type { SimDump, SimModule } from "./dump";
import { fnv1a } from "./symbols";

function hex8(v: bigint): string {
  return v.toString(16).padStart(8, "0");
}

/** An address as WinDbg prints it: 8 digits on x86, "ffff988d`80d05a90" on x64. */
export function windbgAddr(dump: SimDump, v: bigint): string {
  if (dump.pointerSize === 4) return hex8(v & 0xffffffffn);
  return hex8(v >> 32n) + "`" + hex8(v & 0xffffffffn);
}

/** WinDbg's default radix is 16: "b9e90000", "0xb9e90000", "ffff988d`80d05a90". null when not an address. */
function parseAddress(text: string): bigint | null {
  let s = text.replace(/`/g, "");
  if (/^0x/i.test(s)) s = s.slice(2);
  if (!/^[0-9a-fA-F]{1,16}$/.test(s)) return null;
  return BigInt("0x" + s);
}

/** A plausible symbol-store path; the GUID is a hash of the image name (stable across runs). */
function pdbPath(m: SimModule): string {
  const base = m.image.replace(/\.[^.]*$/, "");
  let guid = "";
  for (let i = 0; i < 4; i++) guid += fnv1a(m.image.toLowerCase() + "#" + i).toString(16).padStart(8, "0");
  return `c:\\symbols\\${base}.pdb\\${guid.toUpperCase()}1\\${base}.pdb`;
}

function symbolColumn(m: SimModule): string {
  if (m.symbols === "pdb") return "(pdb symbols)".padEnd(22) + " " + pdbPath(m);
  if (m.symbols === "export") return "(export symbols)".padEnd(22) + " " + m.image;
  return "(no symbols)";
}

function header(dump: SimDump): string {
  return dump.pointerSize === 4 ? "start    end        module name" : "start             end                 module name";
}

function moduleLine(dump: SimDump, m: SimModule): string {
  const end = m.base + BigInt(m.size);
  return `${windbgAddr(dump, m.base)} ${windbgAddr(dump, end)}   ${m.name.padEnd(10)} ${symbolColumn(m)}`;
}

function verboseLines(m: SimModule): string[] {
  const lines: string[] = [];
  if (m.symbols !== "none") lines.push(`    Loaded symbol image file: ${m.image}`);
  lines.push(`    Image path: ${m.path}`);
  lines.push(`    Image name: ${m.image}`);
  lines.push("    Timestamp:        unavailable (FFFFFFFE)");
  lines.push("    CheckSum:         missing");
  lines.push(`    ImageSize:        ${m.size.toString(16).toUpperCase().padStart(8, "0")}`);
  if (m.company !== null) {
    lines.push("    Translations:     0409.04b0");
    lines.push("    Information from resource tables:");
    lines.push(`        CompanyName:      ${m.company}`);
  }
  return lines;
}

function wildcard(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp("^" + body + "$", "i");
}

function moduleTable(dump: SimDump, verbose: boolean, filter: (m: SimModule) => boolean): string[] {
  const lines = [header(dump)];
  const mods = dump.modules.filter(filter).sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
  for (const m of mods) {
    lines.push(moduleLine(dump, m));
    if (verbose) lines.push(...verboseLines(m));
  }
  return lines;
}

function unresolved(text: string): string[] {
  return [`Couldn't resolve error at '${text}'`];
}

/** What the engine makes of an address typed in a command (the `x86-sign-extended` profile takes either form). */
type AddressForm = (typed: bigint) => bigint;

function lm(dump: SimDump, glued: string, args: string[], original: string, form: AddressForm): string[] {
  let flags = glued;
  let mode: "all" | "address" | "pattern" = "all";
  let operand: string | undefined;
  if (flags.endsWith("m")) {
    mode = "pattern";
    flags = flags.slice(0, -1);
    operand = args.shift();
  } else if (args[0] === "a" || args[0] === "m") {
    mode = args[0] === "a" ? "address" : "pattern";
    args.shift();
    operand = args.shift();
  }
  if (flags !== "" && flags !== "v") return unresolved(original);
  if (args.length > 0 || (mode !== "all" && operand === undefined)) return unresolved(original);
  const verbose = flags === "v";
  if (mode === "address") {
    const typed = parseAddress(operand!);
    if (typed === null) return unresolved(operand!);
    const addr = form(typed);
    return moduleTable(dump, verbose, (m) => addr >= m.base && addr < m.base + BigInt(m.size));
  }
  if (mode === "pattern") {
    const re = wildcard(operand!);
    return moduleTable(dump, verbose, (m) => re.test(m.name));
  }
  return moduleTable(dump, verbose, () => true);
}

function ln(dump: SimDump, args: string[], original: string, form: AddressForm): string[] {
  if (args.length !== 1) return unresolved(original);
  const typed = parseAddress(args[0]);
  if (typed === null) return unresolved(args[0]);
  const addr = form(typed);
  const sym = dump.symbolize(addr);
  if (sym === null) return [];
  const m = /^(.*)\+0x([0-9a-fA-F]+)$/.exec(sym);
  const offset = m ? BigInt("0x" + m[2]) : 0n;
  const name = m ? m[1] : sym;
  const lines = ["Browse module", "Set bu breakpoint", "", `(${windbgAddr(dump, addr - offset)})   ${sym}`];
  if (offset === 0n && name.includes("!")) lines.push("Exact matches:", `    ${name} (<no parameter info>)`);
  return lines;
}

/** The output lines of one debugger command. */
export function executeCommand(dump: SimDump, command: string, form: AddressForm = (a) => a): string[] {
  const text = command.trim();
  if (text.startsWith("!")) {
    const ext = text.slice(1).split(/\s+/)[0];
    return [`No export ${ext} found`];
  }
  const tokens = text.split(/\s+/).filter((t) => t !== "");
  const verb = tokens.shift() ?? "";
  const lmVerb = /^lm([a-zA-Z]*)$/.exec(verb);
  if (lmVerb) return lm(dump, lmVerb[1], tokens, text, form);
  if (verb === "ln") return ln(dump, tokens, text, form);
  return unresolved(text);
}
