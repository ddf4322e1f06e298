// The `!isaHelp` command: every isatriage command with its syntax, purpose and argument forms (from catalog.ts).
// Registered by src/index.ts; needs no target, so it works before a dump is even open.
import { rawLog } from "../host/registration";
import { COMMANDS, usageText } from "./catalog";
import { guarded } from "./guard";

export function helpText(): string {
  const out: string[] = [
    "isatriage: root-cause triage of high CPU and hangs in Windows kernel dumps (ERESOURCE contention, the owners' IRPs, drivers).",
    "Arguments are dx expressions: quote strings (\"w3wp.exe\"), parenthesise several (\"w3wp.exe\", 20); each command is also dx @$name(...).",
  ];
  COMMANDS.forEach((c) => {
    out.push("");
    out.push(c.syntax);
    out.push("  " + c.description);
    usageText(c.name)
      .replace(/\n$/, "")
      .split("\n")
      .forEach((l) => out.push("  " + l));
  });
  return out.join("\n") + "\n";
}

function run(): unknown {
  rawLog(helpText());
  return undefined;
}

/** `!isaHelp`; registered by src/index.ts. */
export const isaHelp = guarded("isaHelp", run, (m) => "isaHelp failed: " + m);
