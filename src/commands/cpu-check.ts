// The `!isaCpuCheck` command: arguments → Target → snapshot → analysis → console text and the object dx shows.
// Registered by src/index.ts. Whatever fails, the console gets a final `Verdict:` line; nothing escapes uncaught.
import { analyze } from "../analysis";
import { createJsProviderTarget } from "../host/jsprovider";
import { rawLog } from "../host/registration";
import { Target } from "../host/target";
import { collectSnapshot } from "../kernel/collect";
import { DumpSnapshot } from "../kernel/records";
import { renderConsole, toContractJson, toDataModelObject } from "../report";
import { CPU_CHECK_USAGE, parseCpuCheckArgs, UsageError } from "./args";

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A snapshot for a run whose collection itself failed (host broken, not dump damage): analysed as not applicable. */
function failedSnapshot(target: Target, names: string[], reason: string): DumpSnapshot {
  return {
    notApplicable: reason,
    os: { pointerSize: target.pointerSize, keMaximumIncrement: 0, tickCount: null, build: "" },
    targetName: names.join(", "),
    targets: [],
    busiestProcesses: [],
    threads: [],
    resources: [],
    resourcesVisited: 0,
    irps: [],
    devices: [],
    drivers: [],
    modules: [],
    dataQuality: { notes: [reason], counts: {} },
  };
}

export function isaCpuCheck(...args: unknown[]): unknown {
  let options;
  try {
    options = parseCpuCheckArgs(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    rawLog("!isaCpuCheck: " + e.message + "\n" + CPU_CHECK_USAGE + "\n");
    return undefined;
  }
  if (options.help) {
    rawLog(CPU_CHECK_USAGE + "\n");
    return undefined;
  }
  let target: Target;
  try {
    target = createJsProviderTarget();
  } catch (e) {
    rawLog("Verdict: not-applicable: the debugger host could not be read (" + messageOf(e) + ")\n");
    return undefined;
  }
  let snapshot: DumpSnapshot;
  try {
    snapshot = collectSnapshot(target, { targetNames: options.targetNames, topThreads: options.topThreads });
  } catch (e) {
    snapshot = failedSnapshot(target, options.targetNames, "reading the dump failed: " + messageOf(e));
  }
  const analysis = analyze(snapshot, { topThreads: options.topThreads });
  if (options.json) {
    target.log(JSON.stringify(toContractJson(analysis)) + "\n");
    return undefined;
  }
  target.log(renderConsole(analysis));
  return toDataModelObject(analysis);
}
