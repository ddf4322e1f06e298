// Probe: type info as filterCommPorts.js (yardenshafir/WinDbg_Scripts) reads it: getModuleType(...).fields.X.offset,
// .size, nested .type.fields, and a typed object's fields read off createTypedObject.
// Loaded by test/sim-host/probes.test.ts under every host profile.
"use strict";

function num(v) {
    return typeof v === "number" ? v : v.asNumber();
}

function probe() {
    var t = host.getModuleType("nt", "_LIST_ENTRY");
    var e = host.getModuleType("nt", "_EPROCESS");
    var head = host.createTypedObject(host.getModuleSymbolAddress("nt", "PsActiveProcessHead"), "nt", "_LIST_ENTRY");
    var first = head.Flink;
    return {
        listEntrySize: num(t.size),
        blinkOffset: num(t.fields.Blink.offset),
        links: num(e.fields.ActiveProcessLinks.offset),
        flinkIsNull: first.isNull,
        backToHead: first.Blink.address.compareTo(head.address) === 0,
        kind: t.typeKind
    };
}

function initializeScript() {
    return [new host.apiVersionSupport(1, 3), new host.functionAlias(probe, "probe")];
}
