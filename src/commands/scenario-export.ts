// The `!isaScenario` command (`dx @$isaScenario()`): the same collection and analysis as !isaCpuCheck, printed as an
// isatriage-scenario/1 JSON document (src/export) to attach to a bug report. Registered by src/index.ts.
import { analyze } from "../analysis";
import { buildScenario } from "../export/scenario";
import { readDumpInfo } from "../export/dump-info";
import { printJson } from "../export/print";
import { createJsProviderTarget } from "../host/jsprovider";
import { rawLog } from "../host/registration";
import { Target } from "../host/target";
import { collectSnapshot } from "../kernel/collect";
import { DumpSnapshot } from "../kernel/records";
import { escapeDumpText, toContractJson } from "../report";
import { DEFAULT_TARGET, DEFAULT_TOP_THREADS, parseCpuCheckArgs, UsageError } from "./args";
import { usageErrorLine, usageText } from "./catalog";

/** Printed after the help text: what to do with the output. */
const SAVE_HINT = "Save the printed JSON (from the first { to the last }) as a .json file and attach it to the report.\n";

const REDACT = "redact";

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** "2024-05-01T10:00:00Z", or "an unknown date" when the engine's clock is unusable. */
function now(): string {
  try {
    return new Date().toISOString().replace(/\.\d+Z$/, "Z");
  } catch (e) {
    return "an unknown date";
  }
}

export function isaScenario(...args: unknown[]): unknown {
  let redact = false;
  const rest: unknown[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (typeof a === "string" && a.trim().toLowerCase() === REDACT) redact = true;
    else rest.push(a);
  }
  let options;
  try {
    options = parseCpuCheckArgs(rest);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    rawLog(usageErrorLine("isaScenario", e.message));
    return undefined;
  }
  if (options.help) {
    rawLog(usageText("isaScenario") + SAVE_HINT);
    return undefined;
  }
  let target: Target;
  try {
    target = createJsProviderTarget();
  } catch (e) {
    rawLog("!isaScenario: nothing exported: the debugger host could not be read (" + escapeDumpText(messageOf(e)) + ")\n");
    return undefined;
  }
  try {
    const snapshot: DumpSnapshot = collectSnapshot(target, { targetNames: options.targetNames, topThreads: options.topThreads });
    if (snapshot.notApplicable !== null) {
      target.log("!isaScenario: nothing exported: " + escapeDumpText(snapshot.notApplicable) + "\n");
      return undefined;
    }
    const contract = toContractJson(analyze(snapshot, { topThreads: options.topThreads }));
    if (contract.verdict.kind === "not-applicable") {
      target.log("!isaScenario: nothing exported: " + escapeDumpText(contract.verdict.summary) + "\n");
      return undefined;
    }
    const result = buildScenario(snapshot, contract, readDumpInfo(target), {
      targetNames: options.targetNames,
      topThreads: options.topThreads,
      defaultTargetNames: [DEFAULT_TARGET],
      defaultTopThreads: DEFAULT_TOP_THREADS,
      redact: redact,
      exportedOn: now(),
    });
    target.log(printJson(result.document));
  } catch (e) {
    // A bug here must not look like a document: one plain line, nothing that parses as JSON.
    target.log("!isaScenario: nothing exported: the export failed (" + escapeDumpText(messageOf(e)) + ")\n");
  }
  return undefined;
}
