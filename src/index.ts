// Script entry: WinDbg calls initializeScript/uninitializeScript through the bundle footer (scripts/build.mjs);
// the records returned here register each command as a function alias (`!isaCpuCheck`, `dx @$isaCpuCheck()`).
import { isaCpuCheck } from "./commands/cpu-check";
import { isaHelp } from "./commands/help";
import { isaIrps } from "./commands/irps";
import { isaLocks } from "./commands/locks";
import { isaScenario } from "./commands/scenario-export";
import { registrationRecords } from "./host/registration";

export function initializeScript(): unknown[] {
  return registrationRecords([
    { name: "isaCpuCheck", fn: isaCpuCheck },
    { name: "isaLocks", fn: isaLocks },
    { name: "isaIrps", fn: isaIrps },
    { name: "isaHelp", fn: isaHelp },
    { name: "isaScenario", fn: isaScenario },
  ]);
}

export function uninitializeScript(): void {
  // Function aliases are removed by the provider itself; there is no imperative state to undo.
}
