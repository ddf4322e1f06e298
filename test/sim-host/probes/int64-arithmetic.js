// Probe: Int64 arithmetic the way the scripting docs and 0vercl0k/windbg-scripts basics/Int64.js use it.
// Loaded by test/sim-host/probes.test.ts under every host profile. No uninitializeScript (SimpleIntro.js has none).
"use strict";

function probe() {
    var big = host.parseInt64("0xdeadbeefbaadc0de", 16);
    var small = host.Int64(1337);
    var lossy = false;
    try { big.asNumber(); } catch (e) { lossy = true; }
    var viaOperator = false;
    try { var x = big + 1; } catch (e) { viaOperator = true; }
    return {
        high: big.getHighPart() >>> 0,
        low: big.getLowPart() >>> 0,
        sum: small.add(0x10).asNumber(),
        masked: big.bitwiseAnd(0xffff).asNumber(),
        shifted: big.bitwiseShiftRight(32).asNumber(),
        cmp: [big.compareTo(small), small.compareTo(big), small.compareTo(1337)],
        lossy: lossy,
        viaOperator: viaOperator,
        hex: big.toString(16),
        pair: new host.Int64(0x80000000, 0xffffffff).compareTo(host.parseInt64("ffffffff80000000", 16)),
        numberAdd: (5).add(7).asNumber()
    };
}

function initializeScript() {
    return [new host.apiVersionSupport(1, 3), new host.functionAlias(probe, "probe")];
}
