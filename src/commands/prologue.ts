// The opening every dump command shares: its arguments parsed (or its usage printed instead) and the debugger host
// opened as a Target (or the command's closing line printed instead). Used by cpu-check, locks, irps, scenario-export.
import { createJsProviderTarget } from "../host/jsprovider";
import { rawLog } from "../host/registration";
import { Target } from "../host/target";
import { escapeDumpText } from "../report/escape";
import { UsageError } from "./args";
import { usageErrorLine, usageText } from "./catalog";
import { messageOf } from "./guard";

/**
 * The parsed arguments, or null when the command has already answered: a UsageError prints its reason and the syntax
 * on one line, "?" prints the usage text (then `helpSuffix`). Any other exception is a bug and goes on to guarded().
 */
export function parsedArguments<T extends { help: boolean }>(
  name: string,
  parse: (args: unknown[]) => T,
  args: unknown[],
  helpSuffix?: string,
): T | null {
  let options: T;
  try {
    options = parse(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    rawLog(usageErrorLine(name, e.message));
    return null;
  }
  if (options.help) {
    rawLog(usageText(name) + (helpSuffix || ""));
    return null;
  }
  return options;
}

/**
 * The debugger host as a Target, or null when it cannot be read: `closing(why)` is then printed, the command's own
 * last line, so a broken host still ends the output the way the command always does.
 */
export function openTarget(closing: (why: string) => string): Target | null {
  try {
    return createJsProviderTarget();
  } catch (e) {
    rawLog(closing("the debugger host could not be read (" + escapeDumpText(messageOf(e)) + ")") + "\n");
    return null;
  }
}
