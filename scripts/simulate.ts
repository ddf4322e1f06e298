// `npm run --silent simulate -- <scenario.json> [--json] [--arg <dx-expression>] [--alias NAME] [--recursion N]`:
// runs dist/isatriage.js on a simulated dump and prints what WinDbg would (see test/sim/run.ts for the exit codes).
// The file may be a debugger log holding a scenario (test/sim/scenario.ts loadScenario finds the document in it).
import { runScenario, type RunOptions } from "../test/sim/run";

const USAGE = "usage: npm run --silent simulate -- <scenario.json | debugger log> [--json] [--arg <dx-expression>] [--alias NAME] [--recursion N]\n";

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
    else if (a === "-h" || a === "--help") {
      process.stdout.write(USAGE);
      return 0;
    } else if (a.startsWith("-") || path !== undefined) throw new UsageError(`unexpected argument '${a}'`);
    else path = a;
  }
  if (path === undefined) throw new UsageError("no scenario file given");
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
