// The `!isaCpuCheck` command: arguments → Target → snapshot → analysis → console text and the object dx shows.
// Registered by src/index.ts. Whatever fails, the console gets a final `Verdict:` line; nothing escapes uncaught.
import { analyze } from "../analysis";
import { rawLog } from "../host/registration";
import { Target } from "../host/target";
import { collectSnapshot, emptySnapshot } from "../kernel/collect";
import { DumpSnapshot } from "../kernel/records";
import { renderConsole, toContractJson, toDataModelObject } from "../report";
import { escapeDumpText } from "../report/escape";
import { compactJson, JsonValue } from "../export/print";
import { CpuCheckOptions, parseCpuCheckArgs } from "./args";
import { guarded, messageOf } from "./guard";
import { openTarget, parsedArguments } from "./prologue";

/** A snapshot for a run whose collection itself failed (host broken, not dump damage): analysed as not applicable. */
function failedSnapshot(target: Target, options: CpuCheckOptions, reason: string): DumpSnapshot {
  const s = emptySnapshot(target, options);
  s.notApplicable = reason;
  s.dataQuality.notes.push(reason);
  return s;
}

/** The closing line when the command itself failed: still a verdict line, and in JSON mode still one JSON line. */
function failureLine(json: boolean, summary: string): string {
  if (!json) return "Verdict: not-applicable, confidence low: " + summary;
  return compactJson({
    verdict: { kind: "not-applicable", culprit: null, confidence: "low", summary: summary },
    contention: [],
    dataQuality: { notes: [summary] },
  });
}

function run(...args: unknown[]): unknown {
  const options = parsedArguments("isaCpuCheck", parseCpuCheckArgs, args);
  if (options === null) return undefined;
  try {
    return analyseAndReport(options);
  } catch (e) {
    rawLog(failureLine(options.json, internalError(messageOf(e))) + "\n");
    return undefined;
  }
}

function internalError(message: string): string {
  return "the analysis stopped on an internal error (" + escapeDumpText(message) + "); nothing can be concluded";
}

function analyseAndReport(options: CpuCheckOptions): unknown {
  const target = openTarget((why) => failureLine(options.json, why));
  if (target === null) return undefined;
  let snapshot: DumpSnapshot;
  try {
    snapshot = collectSnapshot(target, { targetNames: options.targetNames, topThreads: options.topThreads });
  } catch (e) {
    snapshot = failedSnapshot(target, options, "reading the dump failed: " + messageOf(e));
  }
  const analysis = analyze(snapshot, { topThreads: options.topThreads });
  if (options.json) {
    // ASCII-only, with < > & and control characters \u-escaped: a dump string can neither break the line nor inject markup.
    target.log(compactJson(toContractJson(analysis) as unknown as JsonValue) + "\n");
    return undefined;
  }
  target.log(renderConsole(analysis, { verbose: options.verbose }));
  return toDataModelObject(analysis);
}

/** `!isaCpuCheck [...]`; registered by src/index.ts. Never throws: the last line is always the verdict line. */
export const isaCpuCheck = guarded("isaCpuCheck", run, (m) => failureLine(false, internalError(m)));
