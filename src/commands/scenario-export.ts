// The `!isaScenario` command (`dx @$isaScenario()`): the same collection and analysis as !isaCpuCheck, as an
// isatriage-scenario/1 JSON document (src/export) to attach to a bug report — printed, or, given a file name
// (`!isaScenario ("w3wp.exe", "C:\\cases\\case.json")`), written to that new file through the debugger's file API
// (src/host/filesystem.ts), never over an existing one. Registered by src/index.ts.
import { analyze } from "../analysis";
import { buildScenario } from "../export/scenario";
import { readDumpInfo } from "../export/dump-info";
import { printJson } from "../export/print";
import { collectSnapshot } from "../kernel/collect";
import { DumpSnapshot } from "../kernel/records";
import { escapeDumpText, toContractJson } from "../report";
import { FileWriteError, fileExists, writeNewTextFile } from "../host/filesystem";
import { DEFAULT_TARGET, DEFAULT_TOP_THREADS, parseScenarioArgs } from "./args";
import { guarded, messageOf } from "./guard";
import { openTarget, parsedArguments } from "./prologue";

/** Printed after the help text: what to do with the output. */
const SAVE_HINT = "Attach the written file (or the printed JSON, or a .logopen log that holds it) to the report.\n";

const NOTHING_WRITTEN = "!isaScenario: nothing written: ";

/** "2024-05-01T10:00:00Z", or "an unknown date" when the engine's clock is unusable. */
function now(): string {
  try {
    return new Date().toISOString().replace(/\.\d+Z$/, "Z");
  } catch (e) {
    return "an unknown date";
  }
}

function run(...args: unknown[]): unknown {
  const options = parsedArguments("isaScenario", parseScenarioArgs, args, SAVE_HINT);
  if (options === null) return undefined;
  const redact = options.redact;
  const path = options.outputPath;
  const target = openTarget((why) => "!isaScenario: nothing exported: " + why);
  if (target === null) return undefined;
  // The path is the user's own text; it is escaped all the same wherever it is echoed.
  const shownPath = path === null ? "" : escapeDumpText(path);
  if (path !== null) {
    // Before the (long) collection: an existing file is refused at once.
    try {
      if (fileExists(path)) {
        target.log(NOTHING_WRITTEN + shownPath + " already exists (an existing file is never overwritten); give a new file name\n");
        return undefined;
      }
    } catch (e) {
      target.log(NOTHING_WRITTEN + escapeDumpText(messageOf(e)) + "\n");
      return undefined;
    }
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
    const text = printJson(result.document);
    if (path === null) {
      target.log(text);
      return undefined;
    }
    try {
      const lines = text.replace(/\n$/, "").split("\n");
      const where = writeNewTextFile(path, lines);
      target.log(
        "!isaScenario: wrote " + escapeDumpText(where) + " (" + lines.length + " lines, isatriage-scenario/1" + (redact ? ", redacted" : "") +
          "); attach it to the report, with the !isaCpuCheck output and the conclusion you expect\n",
      );
    } catch (e) {
      if (!(e instanceof FileWriteError)) throw e;
      target.log(NOTHING_WRITTEN + escapeDumpText(e.message) + "\n");
    }
  } catch (e) {
    // A bug here must not look like a document: one plain line, nothing that parses as JSON.
    target.log("!isaScenario: nothing exported: the export failed (" + escapeDumpText(messageOf(e)) + ")\n");
  }
  return undefined;
}

/** `!isaScenario [...]`; registered by src/index.ts. Never throws: it prints the document or plain lines saying why there is none. */
export const isaScenario = guarded("isaScenario", run, (m) => "!isaScenario: nothing exported: the export failed (" + m + ")");
