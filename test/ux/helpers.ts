// Helpers for the test/ux suites: scenario paths and facts, console-line helpers, and a way to call a registered alias
// with JS values the dx literal syntax cannot express (1.5, objects), by loading the bundle as the sandbox does.
import * as vm from "node:vm";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildDump } from "../sim/build-dump";
import { createHost, type SimHost } from "../sim/host";
import { ensureBundle } from "../sim/run";
import { aliasExpression, createContext, loadScript } from "../sim/sandbox";
import { loadScenario } from "../sim/scenario";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SHARED_SCENARIOS = resolve(REPO, "../shared/scenarios");
export const SEED = join(SHARED_SCENARIOS, "seed-isa-idmtdi.json");

/** Every scenario file: the shared ones and test/scenarios. */
export function scenarioFiles(): string[] {
  const dirs = [SHARED_SCENARIOS, resolve(REPO, "test/scenarios")].filter((d) => existsSync(d));
  return dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith(".json")).sort().map((f) => join(d, f)));
}

/** The scenario JSON as written (facts to compare the output with). */
export function scenarioJson(path: string): any {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** Hex as a scenario writes it ("0x", backtick, case) → bare lowercase without leading zeros. */
export function bareHex(text: unknown): string {
  const s = String(text).trim().toLowerCase().replace(/`/g, "").replace(/^0x/, "").replace(/^0+(?=.)/, "");
  return s;
}

/** WinDbg's display of an address for the pointer size ("8a7f3008", "fffffa80`0c2d8b60"). */
export function shown(text: unknown, pointerSize: 4 | 8): string {
  const h = bareHex(text);
  if (pointerSize === 4) return h.padStart(8, "0");
  const p = h.padStart(16, "0");
  return p.slice(0, 8) + "`" + p.slice(8);
}

/** The console lines a command printed before dx rendered its result (non-empty lines only). */
export function consoleLines(stdout: string, alias: string, arg?: string): string[] {
  const expr = aliasExpression(alias, arg);
  const lines = stdout.split("\n");
  const at = lines.findIndex((l) => l.startsWith(expr));
  return (at < 0 ? lines : lines.slice(0, at)).filter((l) => l.trim() !== "");
}

export interface DirectCall {
  console: string;
  returned: unknown;
  threw?: unknown;
}

/**
 * Loads dist/isatriage.js on a scenario's dump the way test/sim/sandbox.ts does (context, root code, initializeScript,
 * records, phase 2) and returns a caller that invokes an alias with already-evaluated JS values.
 */
export function loadDirect(scenarioPath: string): { sim: SimHost; aliases: string[]; call(name: string, ...args: unknown[]): DirectCall } {
  const { text } = ensureBundle();
  const sim = createHost(buildDump(loadScenario(scenarioPath)));
  const { context, realm } = createContext(sim.host);
  sim.setRealm(realm);
  new vm.Script(text, { filename: "isatriage.js" }).runInContext(context);
  const records = vm.runInContext("initializeScript()", context) as unknown[];
  const fns = new Map<string, Function>();
  for (const r of records) {
    const reg = sim.registrationOf(r);
    if (reg?.kind === "apiVersionSupport") sim.setApiVersion(reg.args[0] as number, (reg.args[1] as number | undefined) ?? 0);
    if (reg?.kind === "functionAlias") fns.set(reg.args[1] as string, reg.args[0] as Function);
  }
  sim.phase2();
  return {
    sim,
    aliases: [...fns.keys()],
    call(name: string, ...args: unknown[]): DirectCall {
      const fn = fns.get(name);
      if (!fn) throw new Error(`no alias ${name}`);
      sim.resetOutput();
      try {
        const returned = fn.apply(undefined, args);
        return { console: sim.output(), returned };
      } catch (e) {
        return { console: sim.output(), returned: undefined, threw: e };
      }
    },
  };
}

/** The aliases initializeScript registers, as the sandbox loader sees them. */
export function registeredAliases(): string[] {
  const { path, text } = ensureBundle();
  const sim = createHost(buildDump(loadScenario(SEED)));
  return loadScript(text, sim, { filename: path }).aliases();
}
