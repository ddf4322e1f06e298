// Probe: ExecuteCommand lines iterated with for...of (scripting doc) and copied once; modules of the System process
// filtered to kernel addresses (0vercl0k telescope.js), PointerSize compared with compareTo (telescope.js).
// Loaded by test/sim-host/probes.test.ts under every host profile.
"use strict";

function probe() {
    var lines = [];
    for (var line of host.namespace.Debugger.Utility.Control.ExecuteCommand("lm")) lines.push(String(line));
    var ps = host.currentSession.Attributes.Machine.PointerSize;
    var is64 = typeof ps === "number" ? ps === 8 : ps.compareTo(8) === 0;
    var system = host.currentSession.Processes.Where(function (p) { return p.Name === "System"; }).First();
    var modules = 0;
    try {
        for (var m of system.Modules) if (String(m.Name).length > 0) modules++;
    } catch (e) {
        modules = -1;
    }
    return { lmLines: lines.length, ntLine: lines.some(function (l) { return / nt /.test(l); }), is64: is64, modules: modules };
}

function initializeScript() {
    return [new host.apiVersionSupport(1, 3), new host.functionAlias(probe, "probe")];
}
