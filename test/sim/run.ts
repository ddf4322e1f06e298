// The core of `npm run simulate`: scenario -> simulated dump -> mock host -> sandboxed dist/isatriage.js -> what WinDbg
// would print. Called by scripts/simulate.ts, and in-process by tests, bench and fuzz (no child process per run).
//
// Exit codes: 0 the command ran (whatever the verdict); 2 the scenario file is unreadable or invalid (one line on
// stderr); 1 the script failed to load, the alias threw an uncaught exception (its WinDbg error line is on stdout), or
// --json output was not one JSON line (these break the extension's own contract, so CI must see them).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { SimDump } from "./dump";
import { createHost, type HostCounters } from "./host";
import { loadScript, ScriptLoadError } from "./sandbox";
import { renderDx } from "./dx";
import { loadScenario, ScenarioError } from "./scenario";
import { buildDump } from "./build-dump";
import { resolveHostProfiles } from "./profiles";

export interface RunOptions {
  /** The extension's JSON mode: the dx argument "json" is appended to the argument list. */
  json?: boolean;
  /** The dx argument expression after `!isaCpuCheck`, e.g. `"app.exe"` or `("app.exe", 5)`. */
  arg?: string;
  /** Alias to invoke (default isaCpuCheck). */
  alias?: string;
  /** dx -r<n> for the rendering of the returned object (default 1). */
  recursion?: number;
  /** Script to load (default <repo>/dist/isatriage.js, rebuilt first when older than src/). */
  scriptPath?: string;
  /** Script text to load instead of a file (tests). */
  scriptText?: string;
  /** Host profiles to combine, "a,b" or a list (test/sim/profiles.ts); the default host when absent. */
  hostProfile?: string | readonly string[];
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Host counters after the run (undefined when the scenario did not load). */
  counters?: HostCounters;
  /** --json: the parsed JSON line. */
  json?: unknown;
  /** What the alias returned. */
  returned?: unknown;
}

/** The repository root: this file may run from test/sim or bundled into .cache/ by scripts/run.mjs. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && /"name":\s*"isatriage"/.test(readFileSync(pkg, "utf8"))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find the isatriage repository root above " + fileURLToPath(import.meta.url));
    dir = up;
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Runs `fn` holding <repo>/.cache/build.lock (a directory: mkdir is atomic), so parallel test workers neither
 * build at once nor read a bundle while another writes it. A lock older than a minute is taken as abandoned. */
function withBuildLock<T>(root: string, fn: () => T): T {
  const lock = join(root, ".cache", "build.lock");
  mkdirSync(join(root, ".cache"), { recursive: true });
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 60_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      Atomics.wait(sleeper, 0, 0, 50);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** dist/isatriage.js, rebuilt with scripts/build.mjs when missing or older than anything in src/; returns its text. */
export function ensureBundle(): { path: string; text: string } {
  const root = repoRoot();
  const bundle = join(root, "dist", "isatriage.js");
  return withBuildLock(root, () => {
    const stale = !existsSync(bundle) || statSync(bundle).mtimeMs < newestMtime(join(root, "src"));
    if (stale) {
      const r = spawnSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`build failed: ${(r.stderr || r.stdout || "").trim()}`);
    }
    return { path: bundle, text: readFileSync(bundle, "utf8") };
  });
}

/** The argument expression with "json" appended: `"app.exe"` -> `("app.exe", "json")`, none -> `"json"`. */
export function withJsonArgument(arg?: string): string {
  const text = (arg ?? "").trim();
  if (text === "") return '"json"';
  if (text.startsWith("(") && text.endsWith(")")) {
    const inner = text.slice(1, -1).trim();
    return inner === "" ? '("json")' : `(${inner}, "json")`;
  }
  return `(${text}, "json")`;
}

/** Loads the script on a dump and invokes the alias, as `.scriptload` + `!alias <arg>` would. */
export function runDump(dump: SimDump, options: RunOptions = {}): RunResult {
  let scriptPath: string;
  let text: string;
  if (options.scriptText !== undefined) {
    scriptPath = options.scriptPath ?? "isatriage.js";
    text = options.scriptText;
  } else if (options.scriptPath !== undefined) {
    scriptPath = options.scriptPath;
    text = readFileSync(scriptPath, "utf8");
  } else {
    ({ path: scriptPath, text } = ensureBundle());
  }
  const sim = createHost(dump, { behaviour: resolveHostProfiles(options.hostProfile) });
  let loaded;
  try {
    loaded = loadScript(text, sim, { filename: resolve(scriptPath) });
  } catch (e) {
    if (e instanceof ScriptLoadError) return { stdout: sim.output(), stderr: e.message + "\n", exitCode: 1, counters: sim.counters };
    throw e;
  }
  const alias = options.alias ?? "isaCpuCheck";
  const arg = options.json ? withJsonArgument(options.arg) : options.arg;
  const r = loaded.invokeAlias(alias, arg);
  const base = { counters: sim.counters, returned: r.returned };
  if (r.error) return { ...base, stdout: r.console, stderr: "", exitCode: 1 };
  if (options.json) {
    const lines = r.console.split("\n").filter((l) => l.trim() !== "");
    let json: unknown;
    try {
      if (lines.length !== 1) throw new Error(`${lines.length} lines`);
      json = JSON.parse(lines[0]);
    } catch (e) {
      return { ...base, stdout: r.console, stderr: `simulate: --json: the command did not print one JSON line (${(e as Error).message})\n`, exitCode: 1 };
    }
    return { ...base, stdout: r.console, stderr: "", exitCode: 0, json };
  }
  const stdout = r.console + renderDx(r.expression, r.returned, { recursion: options.recursion });
  return { ...base, stdout, stderr: "", exitCode: 0 };
}

/** `npm run simulate -- <scenario.json> ...` in-process. */
export function runScenario(path: string, options: RunOptions = {}): RunResult {
  let dump: SimDump;
  try {
    dump = buildDump(loadScenario(path));
  } catch (e) {
    if (e instanceof ScenarioError) return { stdout: "", stderr: e.message.split("\n")[0] + "\n", exitCode: 2 };
    throw e;
  }
  return runDump(dump, options);
}
