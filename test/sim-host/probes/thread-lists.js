// Probe: data-model processes and threads next to the kernel's own thread list (yardenshafir's and hugsy's scripts:
// proc.KernelObject.ThreadListHead with "nt!_ETHREAD", "ThreadListEntry"; Threads iterated; Id compared as a number).
// Loaded by test/sim-host/probes.test.ts under every host profile.
"use strict";

function probe() {
    var out = [];
    for (var p of host.currentSession.Processes) {
        var viaModel = 0;
        for (var t of p.Threads) viaModel++;
        var viaList = 0;
        var kernel = p.KernelObject;
        if (kernel !== undefined) {
            for (var e of host.namespace.Debugger.Utility.Collections.FromListEntry(kernel.ThreadListHead, "nt!_ETHREAD", "ThreadListEntry")) {
                viaList++;
                if (viaList > 10000) break;
            }
        }
        out.push({ name: p.Name, id: Number(p.Id.toString()), model: viaModel, list: viaList });
    }
    return out;
}

function initializeScript() {
    return [new host.apiVersionSupport(1, 7), new host.functionAlias(probe, "probe")];
}
