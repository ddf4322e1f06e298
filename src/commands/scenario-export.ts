// The `!isaScenario` command (`dx @$isaScenario()`): the same collection and analysis as !isaCpuCheck, printed as an
// isatriage-scenario/1 JSON document (src/export) to attach to a bug report. Registered by src/index.ts.
import { analyze } from "../analysis";
import { buildScenario } from "../export/scenario";
import { readDumpInfo } from "../export/dump-info";
import { printJson } from "../export/print";
import { collectSnapshot } from "../kernel/collect";
import { DumpSnapshot } from "../kernel/records";
import { escapeDumpText, toContractJson } from "../report";
import { DEFAULT_TARGET, DEFAULT_TOP_THREADS, parseCpuCheckArgs } from "./args";
import { guarded, messageOf } from "./guard";
import { openTarget, parsedArguments } from "./prologue";

/** Printed after the help text: what to do with the output. */
const SAVE_HINT = "Save the printed JSON (from the first { to the last }) as a .json file and attach it to the report.\n";

const REDACT = "redact";

/** "2024-05-01T10:00:00Z", or "an unknown date" when the engine's clock is unusable. */
function now(): string {
  try {
    return new Date().toISOString().replace(/\.\d+Z$/, "Z");
  } catch (e) {
    return "an unknown date";
  }
}

function run(...args: unknown[]): unknown {
  let redact = false;
  const rest: unknown[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (typeof a === "string" && a.trim().toLowerCase() === REDACT) redact = true;
    else rest.push(a);
  }
  const options = parsedArguments("isaScenario", parseCpuCheckArgs, rest, SAVE_HINT);
  if (options === null) return undefined;
  const target = openTarget((why) => "!isaScenario: nothing exported: " + why);
  if (target === null) return undefined;
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

/** `!isaScenario [...]`; registered by src/index.ts. Never throws: it prints the document or plain lines saying why there is none. */
export const isaScenario = guarded("isaScenario", run, (m) => "!isaScenario: nothing exported: the export failed (" + m + ")");
