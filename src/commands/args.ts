// Parses the already-evaluated dx arguments of `!isaCpuCheck` (and its companions) into options. Pure; called by the
// command functions in src/commands/*. WinDbg evaluates `!isaCpuCheck ("w3wp.exe", 20)` into JS values before the call.

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
  /** Print usage instead of analysing. */
  help: boolean;
}

export class UsageError extends Error {}

/** Option words; a process can still be named so by writing its image name with the extension. */
const OPTION_WORDS: { [word: string]: "json" | "help" } = { json: "json", "-json": "json", "?": "help", help: "help", "-?": "help" };

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

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value + " " + String(value);
}

/** Validates and interprets the arguments; throws UsageError with a one-line reason on anything unexpected. */
export function parseCpuCheckArgs(args: unknown[]): CpuCheckOptions {
  const options: CpuCheckOptions = { targetNames: [], topThreads: DEFAULT_TOP_THREADS, json: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const value = args[i];
    if (value === undefined) continue;
    if (typeof value === "string") {
      const text = value.trim();
      const word = OPTION_WORDS[text.toLowerCase()];
      if (word === "json") options.json = true;
      else if (word === "help") options.help = true;
      else if (text.length === 0) throw new UsageError("argument " + (i + 1) + " is an empty process name");
      else if (/[\u0000-\u001f"*?<>|]/.test(text)) throw new UsageError("argument " + (i + 1) + " is not a process image name");
      else options.targetNames.push(text);
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

export const CPU_CHECK_USAGE = [
  "Usage: !isaCpuCheck [\"image.exe\"]                    analyse a kernel dump for the process (default " + DEFAULT_TARGET + ")",
  "       !isaCpuCheck (\"image.exe\", N)                 ... and show its N busiest threads (default " + DEFAULT_TOP_THREADS + ")",
  "       !isaCpuCheck (\"image.exe\", \"json\")            one line of JSON (the batch-triage contract), nothing else",
  "       !isaCpuCheck \"?\"                                this help",
  "       dx @$isaCpuCheck(\"image.exe\")                   the same result as a data-model object (LINQ-queryable)",
].join("\n");
