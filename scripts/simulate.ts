// `npm run --silent simulate -- <scenario.json> [--json] [--arg <dx-expression>] [--alias NAME] [--recursion N]
// [--host-profile a,b]`: runs dist/isatriage.js on a simulated dump and prints what WinDbg would (see test/sim/run.ts
// for the exit codes); `--list-host-profiles` prints the profile names of test/sim/profiles.ts, one a line.
// The file may be a debugger log holding a scenario (test/sim/scenario.ts loadScenario finds the document in it).
import { runScenario, type RunOptions } from "../test/sim/run";
import { HOST_PROFILE_NAMES, HostProfileError, resolveHostProfiles } from "../test/sim/profiles";

const USAGE =
  "usage: npm run --silent simulate -- <scenario.json | debugger log> [--json] [--arg <dx-expression>] [--alias NAME] [--recursion N] [--host-profile a,b]\n" +
  "       npm run --silent simulate -- --list-host-profiles\n";

class UsageError extends Error {}

function main(argv: string[]): number {
  const options: RunOptions = {};
  let path: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--json") options.json = true;
    else if (a === "--arg") options.arg = value();
    else if (a === "--alias") options.alias = value();
    else if (a === "--recursion") options.recursion = Number(value());
    else if (a === "--host-profile") options.hostProfile = value();
    else if (a === "--list-host-profiles") {
      process.stdout.write(HOST_PROFILE_NAMES.join("\n") + "\n");
      return 0;
    } else if (a === "-h" || a === "--help") {
      process.stdout.write(USAGE);
      return 0;
    } else if (a.startsWith("-") || path !== undefined) throw new UsageError(`unexpected argument '${a}'`);
    else path = a;
  }
  if (path === undefined) throw new UsageError("no scenario file given");
  try {
    resolveHostProfiles(options.hostProfile);
  } catch (e) {
    if (e instanceof HostProfileError) throw new UsageError(e.message);
    throw e;
  }
  if (options.recursion !== undefined && !(Number.isInteger(options.recursion) && options.recursion >= 0)) {
    throw new UsageError("--recursion takes a non-negative integer");
  }
  const r = runScenario(path, options);
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  return r.exitCode;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(`simulate: ${e.message}\n${USAGE}`);
    process.exitCode = 2;
  } else {
    // A simulator bug, not a scenario problem: show where it happened.
    process.stderr.write(`simulate: internal error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  }
}
