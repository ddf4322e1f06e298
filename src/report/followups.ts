// Follow-up commands as rows of the dx object: each one rebuilt from a whitelisted verb and a validated hex address,
// never from dump text. Called by dx.ts. WinDbg documents no way for a JavaScript extension to print DML links
// (jsprovider-api.md §5: `<link>` through debugLog and `.printf /D` through ExecuteCommand are UNCONFIRMED); what it
// does document is that dx renders "DML links to complex objects ... automatically" for what a function alias returns
// (debugger-data-model-function-aliases.md), so each follow-up is an object row the user can click open in dx.
import { Addr, formatAddr, parseAddr } from "../addr";
import { Analysis } from "../analysis/types";

/** Verbs a follow-up may use; each takes exactly one address. */
const VERBS = ["!locks", "!thread", "!irp", "!devobj", "!drvobj", "lmv a"];

export interface FollowUpCommand {
  verb: string;
  address: Addr;
  /** verb + " " + the address as WinDbg prints it (backtick on x64). */
  command: string;
}

/** The command as verb + validated address, or null when it is not of that form (e.g. `lmvm <name>`, `lm`). */
export function followUpCommand(text: string, pointerSize: 4 | 8): FollowUpCommand | null {
  for (const verb of VERBS) {
    if (text.slice(0, verb.length + 1) !== verb + " ") continue;
    const arg = text.slice(verb.length + 1).trim();
    if (!/^(0x)?[0-9a-fA-F]{1,8}(`?[0-9a-fA-F]{8})?$/.test(arg)) return null;
    const a = parseAddr(arg.replace(/^0x/, "").replace("`", "").toLowerCase());
    if (a === null || a === "0") return null;
    return { verb, address: a, command: verb + " " + formatAddr(a, pointerSize) };
  }
  return null;
}

/**
 * Every follow-up as a verb-and-address command. `lmvm <module>` becomes `lmv a <base>` from the module list (the
 * module name is dump text); a follow-up with no address form is left out of the rows (the console still prints it).
 */
export function followUpRows(a: Analysis): { command: FollowUpCommand; why: string }[] {
  const rows: { command: FollowUpCommand; why: string }[] = [];
  const seen: { [c: string]: boolean } = {};
  for (const fu of a.followUps) {
    let cmd = followUpCommand(fu.command, a.pointerSize);
    if (!cmd && fu.command.slice(0, 5) === "lmvm ") {
      const name = fu.command.slice(5).toLowerCase();
      const m = a.snapshot.modules.filter((x) => x.name.toLowerCase() === name)[0];
      if (m) cmd = followUpCommand("lmv a " + m.base, a.pointerSize);
    }
    if (!cmd || seen[cmd.command]) continue;
    seen[cmd.command] = true;
    rows.push({ command: cmd, why: fu.why });
  }
  return rows;
}
