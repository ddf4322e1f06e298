// Tests of the dx rendering (test/sim/dx.ts). The expected texts of the first cases are the outputs printed in
// Microsoft's "Debugger Data Model Function Aliases" page (!constants, dx -r1 ...math_constants, !neg 42, !add (5, 7)).
import { describe, expect, it } from "vitest";
import { renderDx } from "../sim/dx";
import { createHost } from "../sim/host";
import { int64 } from "../sim/int64";
import { makeFixture } from "./fixtures";

const lines = (...l: string[]) => l.join("\n") + "\n";

describe("the samples of the function-alias documentation", () => {
  const constants = { math_constants: { pi: 3.1415926535, e: 2.7182818284 }, description: "Archimedes' pi and Euler's number e" };
  it("!constants", () => {
    expect(renderDx("@$constants()", constants)).toBe(
      lines(
        "@$constants()                 : [object Object]",
        "    math_constants   : [object Object]",
        "    description      : Archimedes' pi and Euler's number e",
      ),
    );
  });
  it("dx -r1 @$constants().math_constants", () => {
    expect(renderDx("@$constants().math_constants", constants.math_constants)).toBe(
      lines("@$constants().math_constants                 : [object Object]", "    pi               : 3.141593", "    e                : 2.718282"),
    );
  });
  it("!neg 42 and !add (5, 7)", () => {
    expect(renderDx("@$neg(42)", -42)).toBe(lines("@$neg(42)        : -42"));
    expect(renderDx("@$add(5, 7)", 12)).toBe(lines("@$add(5, 7)      : 0xc"));
    expect(renderDx("@$add(99, 77)", 176)).toBe(lines("@$add(99, 77)    : 0xb0"));
  });
});

describe("display strings", () => {
  it.each([
    ["a string, unquoted", "wspsrv.exe", "wspsrv.exe"],
    ["zero", 0, "0x0"],
    ["a negative integer", -1, "-1"],
    ["a fraction", 0.5, "0.500000"],
    ["an Int64", int64(0xffff988d80d05a90n), "0xffff988d80d05a90"],
    ["true", true, "true"],
    ["false", false, "false"],
    ["null", null, "null"],
    ["an object with toString", { toString: () => "verdict: culprit idmtdi.sys" }, "verdict: culprit idmtdi.sys"],
    ["a class instance with toString", new (class R { toString() { return "R!"; } })(), "R!"],
  ])("%s", (_n, value, display) => {
    expect(renderDx("@$x()", value)).toBe(`@$x()            : ${display}\n`);
  });
  it("undefined: the expression line alone", () => {
    expect(renderDx("@$isaCpuCheck(\"json\")", undefined)).toBe('@$isaCpuCheck("json")\n');
  });
});

describe("children", () => {
  it("hides __private names and methods; shows class getters; recursion depth", () => {
    class Result {
      verdict = { kind: "culprit", module: "idmtdi.sys" };
      __internal = 1;
      count = 5;
      get Summary() {
        return "idmtdi.sys in every IRP";
      }
      method() {
        return 1;
      }
      toString() {
        return "culprit: idmtdi.sys";
      }
    }
    const r = new Result();
    expect(renderDx("@$isaCpuCheck()", r)).toBe(
      lines(
        "@$isaCpuCheck()                 : culprit: idmtdi.sys",
        "    verdict          : [object Object]",
        "    count            : 0x5",
        "    Summary          : idmtdi.sys in every IRP",
      ),
    );
    expect(renderDx("@$isaCpuCheck()", r, { recursion: 2 })).toBe(
      lines(
        "@$isaCpuCheck()                 : culprit: idmtdi.sys",
        "    verdict          : [object Object]",
        "        kind             : culprit",
        "        module           : idmtdi.sys",
        "    count            : 0x5",
        "    Summary          : idmtdi.sys in every IRP",
      ),
    );
  });
  it("arrays: no display string, children [0x0]...; more than 100 end with [...]", () => {
    expect(renderDx("@$a()", ["x", 2])).toBe(lines("@$a()", "    [0x0]            : x", "    [0x1]            : 0x2"));
    const many = renderDx("@$a()", Array.from({ length: 150 }, (_, i) => i)).split("\n");
    expect(many[100]).toBe("    [0x63]           : 0x63");
    expect(many[101]).toBe("    [...]");
    expect(many.length).toBe(103);
  });
  it("an array child without display shows just its name, expanded with -r2", () => {
    expect(renderDx("@$a()", { list: [1] }, { recursion: 2 })).toBe(lines("@$a()                 : [object Object]", "    list", "        [0x0]            : 0x1"));
  });
  it("a getter that throws shows the error", () => {
    const o = {
      get Bad() {
        throw new Error("Unable to read memory at Address 0x0");
      },
    };
    expect(renderDx("@$o()", o)).toBe(lines("@$o()                 : [object Object]", "    Bad              : Error: Unable to read memory at Address 0x0"));
  });
  it("data-model collections show their keys (e.g. PIDs)", () => {
    const sim = createHost(makeFixture().dump);
    sim.phase2();
    const procs = (sim.host as any).currentSession.Processes;
    expect(renderDx("@$cursession.Processes", procs)).toBe(
      lines("@$cursession.Processes", "    [0x4]            : System", "    [0x1074]         : wspsrv.exe"),
    );
  });
  it("a typed object shows its fields; unreadable ones show the read error instead of failing the display", () => {
    const fx = makeFixture();
    const sim = createHost(fx.dump);
    sim.phase2();
    const inner = (sim.host as any).createTypedObject(int64(fx.at.inner), "nt", "_INNER");
    expect(renderDx("@$inner", inner)).toBe(lines("@$inner                 : [Type: _INNER]", "    A                : 0xaaaa", "    B                : 0xbbbb"));
    const bad = (sim.host as any).createTypedObject(int64(fx.at.unreadable), "nt", "_INNER");
    expect(renderDx("@$bad", bad).split("\n")[1]).toBe(`    A                : Error: Unable to read memory at Address 0x${fx.at.unreadable.toString(16)}`);
  });
});
