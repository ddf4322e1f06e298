// Parses the already-evaluated dx arguments of `!isaCpuCheck` (and `!isaScenario`), `!isaLocks` and `!isaIrps`. Pure; called by
// the command functions in src/commands/*. WinDbg evaluates `!isaCpuCheck ("w3wp.exe", 20)` into JS values before the call.
import { Addr } from "../addr";
import { addressArgument } from "./address";

export const DEFAULT_TARGET = "wspsrv.exe";
export const DEFAULT_TOP_THREADS = 10;
const MAX_TOP_THREADS = 1000;

export interface CpuCheckOptions {
  /** Image names to analyse (case-insensitive); the default target when none is given. */
  targetNames: string[];
  /** How many of the target's threads the `!runaway`-like table shows (and whose stacks and IRPs are read). */
  topThreads: number;
  /** Print the DESIGN.md JSON contract as one line and nothing else (batch triage). */
  json: boolean;
  /** Print every list in full and every IRP's stack locations (the default folds long lists after 8 elements). */
  verbose: boolean;
  /** Print usage instead of analysing. */
  help: boolean;
}

export class UsageError extends Error {}

/** Option words; a process can still be named so by writing its image name with the extension. */
const OPTION_WORDS: { [word: string]: "json" | "help" | "verbose" } = {
  json: "json",
  "-json": "json",
  verbose: "verbose",
  "-verbose": "verbose",
  "?": "help",
  help: "help",
  "-?": "help",
};

/** Converts a number-like argument (a JS number, or a host Int64 with asNumber/convertToNumber) to a JS number. */
function numberOf(value: unknown): number | null {
  if (typeof value === "number") return value;
  if (value !== null && typeof value === "object") {
    const v = value as { asNumber?: () => number; convertToNumber?: () => number };
    try {
      if (typeof v.asNumber === "function") return v.asNumber();
      if (typeof v.convertToNumber === "function") return v.convertToNumber();
    } catch (e) {
      return null;
    }
  }
  return null;
}

/** A process image name as typed, or a UsageError naming the argument. */
function imageName(text: string, i: number): string {
  if (text.length === 0) throw new UsageError("argument " + (i + 1) + " is an empty process name");
  if (/[\u0000-\u001f"*?<>|]/.test(text)) throw new UsageError("argument " + (i + 1) + " is not a process image name");
  return text;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value + " " + String(value);
}

/** Validates and interprets the arguments; throws UsageError with a one-line reason on anything unexpected. */
export function parseCpuCheckArgs(args: unknown[]): CpuCheckOptions {
  const options: CpuCheckOptions = { targetNames: [], topThreads: DEFAULT_TOP_THREADS, json: false, verbose: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const value = args[i];
    if (value === undefined) continue;
    if (typeof value === "string") {
      const text = value.trim();
      const word = OPTION_WORDS[text.toLowerCase()];
      if (word === "json") options.json = true;
      else if (word === "verbose") options.verbose = true;
      else if (word === "help") options.help = true;
      else options.targetNames.push(imageName(text, i));
      continue;
    }
    const n = numberOf(value);
    if (n !== null) {
      if (Math.floor(n) !== n || n < 1 || n > MAX_TOP_THREADS) {
        throw new UsageError("the thread count must be a whole number from 1 to " + MAX_TOP_THREADS + " (got " + n + ")");
      }
      options.topThreads = n;
      continue;
    }
    throw new UsageError("argument " + (i + 1) + " is " + describe(value) + "; expected a quoted image name or a number");
  }
  if (options.targetNames.length === 0) options.targetNames.push(DEFAULT_TARGET);
  return options;
}

export interface ScenarioOptions extends CpuCheckOptions {
  /** Replace process names and user-mode addresses with placeholders. */
  redact: boolean;
  /** The file to write the document to (as the user typed it), or null to print it. */
  outputPath: string | null;
}

const REDACT = "redact";

/** A string argument names the output file when it ends in .json or holds a path separator; image names do neither. */
function looksLikePath(text: string): boolean {
  return /\.json$/i.test(text) || /[\\/]/.test(text);
}

/**
 * The output file as typed. It comes from the user, not the dump, but is still checked: no control characters (they
 * could hide what the path really is when it is echoed), none of the characters Windows refuses in a path, a sane length.
 */
export function outputPath(text: string, i: number): string {
  if (text.length > 1024) throw new UsageError("argument " + (i + 1) + " is a path longer than 1024 characters");
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(text)) throw new UsageError("argument " + (i + 1) + " is a path with control characters");
  if (/["*?<>|]/.test(text)) throw new UsageError("argument " + (i + 1) + ' is not a file path (it holds one of " * ? < > |)');
  const name = text.slice(Math.max(text.lastIndexOf("\\"), text.lastIndexOf("/")) + 1);
  if (!/[^.\s]/.test(name)) throw new UsageError("argument " + (i + 1) + " names a folder, not a file");
  return text;
}

/** `!isaScenario` takes !isaCpuCheck's arguments plus "redact" and an output file ("C:\\cases\\case.json"). */
export function parseScenarioArgs(args: unknown[]): ScenarioOptions {
  let redact = false;
  let path: string | null = null;
  const rest: unknown[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (typeof a === "string" && a.trim().toLowerCase() === REDACT) redact = true;
    else if (typeof a === "string" && looksLikePath(a.trim())) {
      if (path !== null) throw new UsageError("one output file is expected, got a second one in argument " + (i + 1));
      path = outputPath(a.trim(), i);
    } else rest.push(a);
  }
  const o = parseCpuCheckArgs(rest);
  return {
    targetNames: o.targetNames,
    topThreads: o.topThreads,
    json: o.json,
    verbose: o.verbose,
    help: o.help,
    redact: redact,
    outputPath: path,
  };
}

export interface LocksOptions {
  /** Only locks whose owners or waiters belong to these processes; none = every contended ERESOURCE. */
  targetNames: string[];
  help: boolean;
}

/** `!isaLocks`, `!isaLocks "app.exe"`, `!isaLocks ("a.exe", "b.exe")`, `!isaLocks "?"`. */
export function parseLocksArgs(args: unknown[]): LocksOptions {
  const options: LocksOptions = { targetNames: [], help: false };
  for (let i = 0; i < args.length; i++) {
    const value = args[i];
    if (value === undefined) continue;
    if (typeof value !== "string") throw new UsageError("argument " + (i + 1) + " is " + describe(value) + "; expected a quoted image name");
    const text = value.trim();
    const word = OPTION_WORDS[text.toLowerCase()];
    if (word === "help") options.help = true;
    else if (word === "json") throw new UsageError("JSON output is !isaCpuCheck's (batch triage); dx @$isaLocks() gives the data");
    else if (word === "verbose") throw new UsageError("!isaLocks always lists every owner and waiter");
    else options.targetNames.push(imageName(text, i));
  }
  return options;
}

export interface IrpsOptions {
  /** The ETHREAD whose IrpList is shown (null only with help). */
  thread: Addr | null;
  help: boolean;
}

/** `!isaIrps 0x<ETHREAD>` (a number, a host Int64, a typed object, or a quoted hex string) or `!isaIrps "?"`. */
export function parseIrpsArgs(args: unknown[]): IrpsOptions {
  const given = args.filter((a) => a !== undefined);
  if (given.length === 0) throw new UsageError("a thread address is needed");
  if (given.length > 1) throw new UsageError("one thread address is expected, got " + given.length + " arguments");
  const value = given[0];
  if (typeof value === "string" && OPTION_WORDS[value.trim().toLowerCase()] === "help") return { thread: null, help: true };
  const a = addressArgument(value);
  if (a === null) {
    throw new UsageError(
      "argument 1 is " + (typeof value === "string" ? "a string that is not a hex address" : describe(value)) + "; expected a thread address",
    );
  }
  return { thread: a, help: false };
}
