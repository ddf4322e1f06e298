// The object namespace walk (src/kernel/drivers.ts) over the simulator's \Driver and \FileSystem directories on the
// three layout sets, and over damage: an unreadable directory, a cycle in a bucket chain, garbage objects, missing
// symbols. Fixtures: the three file-system deadlock scenarios of test/scenarios (provenance in each file).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createJsProviderTarget } from "../../src/host/jsprovider";
import { Target } from "../../src/host/target";
import { DeviceTable } from "../../src/kernel/devices";
import { findDriverObjects, HASH_BUCKETS } from "../../src/kernel/drivers";
import { resolveLayout } from "../../src/kernel/layout";
import { ModuleTable } from "../../src/kernel/modules";
import { Quality } from "../../src/kernel/quality";
import { BuiltDump, buildDump } from "../sim/build-dump";
import { createHost } from "../sim/host";
import { parseScenario } from "../sim/scenario";

const SCENARIOS = [
  ["ws2003sp2-x86", "ws2003-inetinfo-fs-deadlock-fbcfs.json", "fbcfs", "\\FileSystem\\fbcfs"],
  ["ws2008r2sp1-x64", "ws2008r2-sqlservr-fs-deadlock-fbcfs.json", "fbcfs", "\\FileSystem\\fbcfs"],
  ["win10-2004-x64", "rt-win10-dokan-fcb-deadlock-own-locks.json", "dokan1", "\\FileSystem\\dokan1"],
] as const;

function build(file: string): BuiltDump {
  const path = resolve(__dirname, "../scenarios", file);
  return buildDump(parseScenario(JSON.parse(readFileSync(path, "utf8")), path));
}

afterEach(() => {
  delete (globalThis as any).host;
});

const hex = (a: bigint) => a.toString(16);

/** Runs the walk for the given modules over `dump` (after `damage`), through the real JsProvider target. */
function walk(dump: BuiltDump, moduleNames: string[], wrap?: (t: Target) => Target) {
  const sim = createHost(dump);
  sim.phase2();
  (globalThis as any).host = sim.host;
  let target = createJsProviderTarget();
  if (wrap) target = wrap(target);
  const dq = new Quality();
  const layout = resolveLayout(target);
  const modules = new ModuleTable(target, dq);
  const devices = new DeviceTable(target, layout, dq, modules);
  const ranges = dump.modules
    .filter((m) => moduleNames.indexOf(m.name.toLowerCase()) >= 0)
    .map((m) => ({ base: hex(m.base), size: m.size }));
  const found = findDriverObjects(target, layout, dq, devices, ranges);
  return { found, drivers: devices.driverRecords(), quality: dq.result() };
}

/** A target that does not know `symbol` (as a dump whose nt symbols lack it). */
function without(symbol: string): (t: Target) => Target {
  return (t) => {
    const w = Object.create(t) as Target;
    w.getSymbolAddress = (module: string, name: string) => (name === symbol ? null : t.getSymbolAddress(module, name));
    return w;
  };
}

/** The entries of one bucket chain of a directory, as laid out. */
function chain(dump: BuiltDump, directory: bigint, bucket: number): bigint[] {
  const ps = BigInt(dump.pointerSize);
  const out: bigint[] = [];
  for (let e = dump.memory.readPtr(directory + BigInt(bucket) * ps); e !== 0n && out.length < 100; e = dump.memory.readPtr(e)) out.push(e);
  return out;
}

/** ObpLookupDirectoryEntry's hash (ReactOS ntoskrnl/ob/obdir.c), written out independently of the simulator. */
function reactosHash(name: string): number {
  let h = 0;
  for (const ch of name.toUpperCase()) h = (h + h * 2 + Math.floor(h / 2) + ch.charCodeAt(0)) % 2 ** 32;
  return h;
}

describe.each(SCENARIOS)("%s: %s", (os, file, module, driverName) => {
  it("finds the module's DRIVER_OBJECT in its directory and decodes it with the device table's decoder", () => {
    const dump = build(file);
    expect(dump.os).toBe(os);
    const r = walk(dump, [module]);
    expect(r.found).toBe(1);
    expect(r.drivers.map((d) => d.name)).toEqual([driverName]);
    expect(r.drivers[0].address).toBe(hex(dump.drivers.get(driverName.toLowerCase())!));
    expect(r.drivers[0].module).toBe(module);
    expect(r.quality.notes).toEqual([]);
  });

  it("reaches every DRIVER_OBJECT of the dump (asked for every module), and decodes only the ones asked for", () => {
    const dump = build(file);
    const all = walk(dump, dump.modules.map((m) => m.name.toLowerCase()));
    const expected = Array.from(dump.drivers.values()).map(hex).sort();
    expect(all.drivers.map((d) => d.address).sort()).toEqual(expected);
    expect(all.quality.notes).toEqual([]);
    expect(walk(dump, ["nt"]).drivers).toEqual([]);
  });

  it("places each entry in bucket HashValue % 37 of ObpLookupDirectoryEntry's hash", () => {
    const dump = build(file);
    const root = dump.directories.get("\\")!;
    for (const name of ["Driver", "FileSystem"]) {
      const entries = chain(dump, root, reactosHash(name) % HASH_BUCKETS);
      const objects = entries.map((e) => dump.memory.readPtr(e + BigInt(dump.pointerSize)));
      expect(objects).toContain(dump.directories.get(name));
    }
  });

  it("without nt!ObpInfoMaskToOffset, finds the name info from the header sizes in the type info", () => {
    const r = walk(build(file), [module], without("ObpInfoMaskToOffset"));
    expect(r.drivers.map((d) => d.name)).toEqual([driverName]);
    expect(r.quality.notes).toEqual([]);
  });

  it("without nt!ObpRootDirectoryObject: nothing found, said once, no throw", () => {
    const r = walk(build(file), [module], without("ObpRootDirectoryObject"));
    expect(r.found).toBe(0);
    expect(r.quality.counts).toEqual({ "missing-symbol": 1 });
    expect(r.quality.notes).toHaveLength(1);
    expect(r.quality.notes[0]).toMatch(/ObpRootDirectoryObject/);
  });

  it("an unreadable root directory: nothing found, counted, no throw", () => {
    const dump = build(file);
    const root = dump.directories.get("\\")!;
    dump.memory.makeUnreadable(root, root + 0x10n);
    const r = walk(dump, [module]);
    expect(r.drivers).toEqual([]);
    expect(r.quality.counts["read-error"]).toBe(1);
    expect(r.quality.notes[0]).toMatch(/^could not read 1 object directories/);
  });

  it("a root entry pointing at unreadable memory is counted and the walk carries on with the other directory", () => {
    const dump = build(file);
    const root = dump.directories.get("\\")!;
    const ps = BigInt(dump.pointerSize);
    const driverDir = dump.directories.get("Driver")!;
    const entry = chain(dump, root, reactosHash("Driver") % HASH_BUCKETS).find((e) => dump.memory.readPtr(e + ps) === driverDir)!;
    dump.memory.writePtr(entry + ps, dump.pointerSize === 4 ? 0xdeadbee0n : 0xffffdeadbeef0000n);
    const r = walk(dump, [module]);
    // The scenario's drivers all live in \FileSystem.
    expect(r.drivers.map((d) => d.name)).toEqual([driverName]);
    expect(r.quality.counts["read-error"]).toBe(1);
    expect(r.quality.notes[0]).toMatch(/^could not read 1 object names/);
  });

  it("a cycle in a bucket chain is counted and every entry is still visited once", () => {
    const dump = build(file);
    const dir = dump.directories.get("FileSystem")!;
    let bucket = 0;
    while (chain(dump, dir, bucket).length === 0) bucket++;
    const entries = chain(dump, dir, bucket);
    dump.memory.writePtr(entries[entries.length - 1], entries[0]);
    const r = walk(dump, dump.modules.map((m) => m.name.toLowerCase()));
    expect(r.quality.counts["cycle"]).toBe(1);
    expect(r.drivers.map((d) => d.address).sort()).toEqual(Array.from(dump.drivers.values()).map(hex).sort());
  });

  it("garbage objects (not a DRIVER_OBJECT, a DRIVER_OBJECT of the wrong Size) are not taken", () => {
    const dump = build(file);
    const target = dump.drivers.get(driverName.toLowerCase())!;
    const dir = dump.directories.get("FileSystem")!;
    const ps = BigInt(dump.pointerSize);
    let entry = 0n;
    for (let b = 0; b < HASH_BUCKETS && entry === 0n; b++) {
      for (const e of chain(dump, dir, b)) if (dump.memory.readPtr(e + ps) === target) entry = e;
    }
    expect(entry).not.toBe(0n);
    // The entry now points at an ERESOURCE, whose first bytes are no IO_TYPE_DRIVER object header.
    dump.memory.writePtr(entry + ps, dump.resourceList[0]);
    expect(walk(dump, [module]).drivers).toEqual([]);
    // The entry is restored, but the object's Size no longer matches sizeof(_DRIVER_OBJECT).
    const again = build(file);
    const sizeAt = again.drivers.get(driverName.toLowerCase())! + 2n;
    again.memory.write(sizeAt, new Uint8Array([0x10, 0x00]));
    expect(walk(again, [module]).drivers).toEqual([]);
  });
});
