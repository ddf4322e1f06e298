// Test helpers for the exporter: decode a scenario through the simulator (scenario → buildDump → mock JsProvider host
// → the real createJsProviderTarget → collectSnapshot/analyze), export it in-process, and list the scenario corpus.
// Fixtures: the shared scenarios (/work/shared/scenarios, provenance in each file's "source") and test/scenarios
// (provenance in test/scenarios/README.md), read at test time.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { analyze } from "../../src/analysis";
import { readDumpInfo, DumpInfo } from "../../src/export/dump-info";
import { buildScenario, ExportOptions, ExportResult } from "../../src/export/scenario";
import { createJsProviderTarget } from "../../src/host/jsprovider";
import { collectSnapshot } from "../../src/kernel/collect";
import { DumpSnapshot } from "../../src/kernel/records";
import { ContractJson, toContractJson } from "../../src/report";
import { buildDump } from "../sim/build-dump";
import { createHost } from "../sim/host";
import { parseScenario } from "../sim/scenario";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SHARED_DIR = resolve(REPO, "../shared/scenarios");
export const OWN_DIR = resolve(REPO, "test/scenarios");

/** Every scenario file of both corpora, read now (the scenarios engineer keeps adding files). */
export function scenarioFiles(): string[] {
  const list = (d: string) => (existsSync(d) ? readdirSync(d).filter((f) => f.endsWith(".json")).sort().map((f) => join(d, f)) : []);
  return [...list(SHARED_DIR), ...list(OWN_DIR)];
}

export function loadJson(path: string): any {
  return JSON.parse(readFileSync(path, "utf8"));
}

export interface Decoded {
  snapshot: DumpSnapshot;
  contract: ContractJson;
  info: DumpInfo;
}

/** What !isaScenario would see for `json` (a scenario document) and these targets. */
export function decode(json: unknown, targetNames: string[], topThreads = 10): Decoded {
  const sim = createHost(buildDump(parseScenario(json, "inline")));
  sim.phase2();
  (globalThis as any).host = sim.host;
  try {
    const target = createJsProviderTarget();
    const snapshot = collectSnapshot(target, { targetNames, topThreads });
    const contract = toContractJson(analyze(snapshot, { topThreads }));
    return { snapshot, contract, info: readDumpInfo(target) };
  } finally {
    delete (globalThis as any).host;
  }
}

export function options(targetNames: string[], extra: Partial<ExportOptions> = {}): ExportOptions {
  return {
    targetNames,
    topThreads: 10,
    defaultTargetNames: ["wspsrv.exe"],
    defaultTopThreads: 10,
    redact: false,
    exportedOn: "2024-01-01T00:00:00Z",
    ...extra,
  };
}

export function exportOf(d: Decoded, o: ExportOptions): ExportResult {
  return buildScenario(d.snapshot, d.contract, d.info, o);
}

/** The console text of an alias run up to the dx echo of its expression (what the user copies). */
export function consoleText(stdout: string, expression: string): string {
  const at = stdout.lastIndexOf("\n" + expression);
  if (at >= 0) return stdout.slice(0, at + 1);
  return stdout.startsWith(expression) ? "" : stdout;
}
