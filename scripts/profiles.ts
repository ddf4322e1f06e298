// `npm run --silent profiles -- [scenario.json | folder ...]`: runs each scenario under every host profile of
// test/sim/profiles.ts and prints one line per scenario — the default verdict and the profiles that differ from it —
// then a total. Exit 1 when any profile differs. Default: ../shared/scenarios and test/scenarios. The same check runs
// as a test in test/e2e/profiles.test.ts; this is the form to run on scenarios kept outside the repository.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { buildDump } from "../test/sim/build-dump";
import { HOST_PROFILE_NAMES } from "../test/sim/profiles";
import { repoRoot, runDump } from "../test/sim/run";
import { loadScenario, ScenarioError } from "../test/sim/scenario";

function verdictKey(json: unknown): string {
  const v = (json as { verdict?: { kind?: string; culprit?: { module?: string } | null; confidence?: string } } | undefined)?.verdict;
  if (!v) return "no JSON";
  return `${v.kind} ${v.culprit ? String(v.culprit.module).toLowerCase() : "-"} ${v.confidence}`;
}

function files(args: string[]): string[] {
  const root = repoRoot();
  const targets = args.length > 0 ? args : [resolve(root, "../shared/scenarios"), resolve(root, "test/scenarios")];
  const out: string[] = [];
  for (const t of targets) {
    if (!existsSync(t)) continue;
    if (statSync(t).isDirectory()) out.push(...readdirSync(t).filter((f) => f.endsWith(".json")).sort().map((f) => join(t, f)));
    else out.push(t);
  }
  return out;
}

let differing = 0;
const list = files(process.argv.slice(2));
for (const path of list) {
  let scenario;
  try {
    scenario = loadScenario(path);
  } catch (e) {
    process.stdout.write(`${basename(path)}: not loaded (${e instanceof ScenarioError ? e.message.split("\n")[0] : String(e)})\n`);
    continue;
  }
  let arg: string | undefined;
  try {
    arg = JSON.parse(readFileSync(path, "utf8")).expect?.arg;
  } catch {
    arg = undefined; // a debugger log or a file without an expect block: no argument
  }
  const dump = buildDump(scenario);
  const want = verdictKey(runDump(dump, { json: true, arg }).json);
  const off: string[] = [];
  for (const profile of HOST_PROFILE_NAMES) {
    if (profile === "default") continue;
    const got = verdictKey(runDump(dump, { json: true, arg, hostProfile: profile }).json);
    if (got !== want) off.push(`${profile}: ${got}`);
  }
  if (off.length > 0) differing++;
  const tail = off.length === 0 ? `same under all ${HOST_PROFILE_NAMES.length - 1} other profiles` : `DIFFERS — ${off.join("; ")}`;
  process.stdout.write(`${basename(path)}: ${want}; ${tail}\n`);
}
process.stdout.write(`profiles: ${list.length} scenarios x ${HOST_PROFILE_NAMES.length} host profiles, ${differing} scenarios differ\n`);
process.exitCode = differing > 0 ? 1 : 0;
