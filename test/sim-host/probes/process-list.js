// Probe: the process list as hugsy/windbg_js_scripts (CheatSheet.md, EnumApc.js) walk it: FromListEntry over
// nt!PsActiveProcessHead, ImageFileName through readString(.address), UniqueProcessId through .address.
// Loaded by test/sim-host/probes.test.ts under every host profile.
"use strict";

function probe() {
    var headAddr = host.getModuleSymbolAddress("nt", "PsActiveProcessHead");
    var head = host.createTypedObject(headAddr, "nt", "_LIST_ENTRY");
    var out = [];
    var list = host.namespace.Debugger.Utility.Collections.FromListEntry(head, "nt!_EPROCESS", "ActiveProcessLinks");
    for (var p of list) {
        out.push({ name: host.memory.readString(p.ImageFileName.address), pid: p.UniqueProcessId.address.toString(16) });
        if (out.length > 1000) break;
    }
    return out;
}

function initializeScript() {
    return [new host.apiVersionSupport(1, 3), new host.functionAlias(probe, "probe")];
}
