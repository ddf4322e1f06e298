// Keeps every registered command from throwing into the debugger: an unexpected exception becomes two console lines
// (what failed, and the command's closing line) instead of WinDbg's `Error: ...`. Used by each src/commands/* alias.
import { rawLog } from "../host/registration";
import { escapeDumpText } from "../report/escape";

export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  try {
    return String(e);
  } catch (x) {
    return "unknown error";
  }
}

/**
 * `fn` wrapped: on an exception it prints `<name>: internal error: <message>` and `closing(message)` (the line the
 * command always ends with, e.g. "Verdict: ..." or "Summary: ..."), and returns undefined.
 */
export function guarded(
  name: string,
  fn: (...args: unknown[]) => unknown,
  closing: (message: string) => string,
): (...args: unknown[]) => unknown {
  return function (...args: unknown[]): unknown {
    try {
      return fn.apply(undefined, args);
    } catch (e) {
      const m = escapeDumpText(messageOf(e));
      rawLog(name + ": internal error: " + m + "\n" + closing(m) + "\n");
      return undefined;
    }
  };
}
