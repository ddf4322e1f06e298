// The commands isatriage registers, with their syntax and usage text: one source for `!isaHelp`, each command's "?"
// and its one-line usage errors (Manifest/manifest.1.xml repeats the syntax; test/ux/manifest.test.ts keeps them equal).
import { escapeDumpText } from "../report/escape";
import { DEFAULT_TARGET, DEFAULT_TOP_THREADS } from "./args";

export interface CommandHelp {
  /** Alias name as registered (`!name`, `dx @$name(...)`). */
  name: string;
  /** One line: every argument form. */
  syntax: string;
  /** One sentence: what it is for. */
  description: string;
  /** [form, what it does] rows for the usage text. */
  forms: [string, string][];
}

export const COMMANDS: CommandHelp[] = [
  {
    name: "isaCpuCheck",
    syntax: '!isaCpuCheck ["image.exe" | ("image.exe", N) | ("image.exe", "verbose") | ("image.exe", "json") | "?"]',
    description:
      "Root cause of a server process burning CPU or hanging, from a kernel dump: threads and times, contended ERESOURCEs, " +
      "the owners' IRPs, devices and drivers; prints the component to blame, the evidence chain, confidence and the commands that confirm it.",
    forms: [
      ["!isaCpuCheck", "analyse " + DEFAULT_TARGET + " (the default target)"],
      ['!isaCpuCheck "image.exe"', "analyse any process, by image name"],
      ['!isaCpuCheck ("image.exe", N)', "... and show its N busiest threads (default " + DEFAULT_TOP_THREADS + ")"],
      ['!isaCpuCheck ("image.exe", "verbose")', "every list in full and every IRP's stack locations (the default shows 8 and \"+N more\")"],
      ['!isaCpuCheck ("image.exe", "json")', "one line of JSON (the batch-triage contract) and nothing else"],
      ['dx @$isaCpuCheck("image.exe")', "the same result as a data-model object (LINQ-queryable)"],
    ],
  },
  {
    name: "isaLocks",
    syntax: '!isaLocks ["image.exe" | "?"]',
    description:
      "Every contended ERESOURCE with its owners and waiters, like !locks, plus each thread's process, state and wait reason.",
    forms: [
      ["!isaLocks", "every ERESOURCE that has waiters"],
      ['!isaLocks "image.exe"', "only locks the process's threads own or wait for (also held ones without waiters)"],
      ["dx @$isaLocks()", "the same as an object: Resources[i].Owners / ExclusiveWaiters / SharedWaiters"],
    ],
  },
  {
    name: "isaIrps",
    syntax: '!isaIrps <thread> | "?"',
    description:
      "The IRPs of one thread (ETHREAD address), every stack location decoded like !irp: driver names, completion routines, " +
      "the current location marked, third-party modules flagged.",
    forms: [
      ["!isaIrps <thread>", "the thread's IrpList, e.g. !isaIrps 0x<ETHREAD address> (a number, or a quoted hex string)"],
      ["dx @$isaIrps(<thread>)", "the same as an object: Irps[i].Locations[j]"],
    ],
  },
  {
    name: "isaScenario",
    syntax: '!isaScenario ["image.exe" | ("image.exe", "file.json") | ("image.exe", "redact") | ("image.exe", N) | "?"]',
    description:
      "Exports the facts !isaCpuCheck reads from the dump as an isatriage-scenario/1 JSON document (optionally redacted), " +
      "printed or written to a new file, to attach to a bug report.",
    forms: [
      ['!isaScenario "image.exe"', "the scenario JSON for the process (default " + DEFAULT_TARGET + ")"],
      ['!isaScenario ("image.exe", "C:\\\\cases\\\\case.json")', "... written to that file (a new one: an existing file is never overwritten)"],
      ['!isaScenario ("image.exe", "redact")', "... with process names and user-mode addresses replaced by placeholders"],
      ['!isaScenario ("image.exe", N)', "... analysing its N busiest threads (default " + DEFAULT_TOP_THREADS + ")"],
    ],
  },
  {
    name: "isaHelp",
    syntax: "!isaHelp",
    description: "Lists the isatriage commands and their arguments.",
    forms: [["!isaHelp", "this list"]],
  },
];

export function commandHelp(name: string): CommandHelp {
  for (let i = 0; i < COMMANDS.length; i++) if (COMMANDS[i].name === name) return COMMANDS[i];
  throw new Error("no such command: " + name);
}

function padTo(s: string, width: number): string {
  while (s.length < width) s += " ";
  return s;
}

/** The forms of one command, aligned, as `!name "?"` prints them. */
export function usageText(name: string): string {
  const c = commandHelp(name);
  let width = 0;
  c.forms.forEach((f) => (width = Math.max(width, f[0].length)));
  const lines = c.forms.map((f, i) => (i === 0 ? "Usage: " : "       ") + padTo(f[0], width) + "   " + f[1]);
  if (name !== "isaHelp") lines.push("       " + padTo("!" + name + ' "?"', width) + "   this help; !isaHelp lists every command");
  return lines.join("\n") + "\n";
}

/** The one line a wrong argument gets: the reason, then the syntax. */
export function usageErrorLine(name: string, reason: string): string {
  return "!" + name + ": " + escapeDumpText(reason) + ". Usage: " + commandHelp(name).syntax + "\n";
}
