// IRPs of the threads that matter: header and every IO_STACK_LOCATION from one read, each location's device, driver,
// completion routine and its module/symbol. Called by collect.ts with IRP addresses from ThreadRecord.irps.
import { Addr, addrAdd, addrIsNull } from "../addr";
import { Target } from "../host/target";
import { DeviceTable } from "./devices";
import { controlText, IO_TYPE_IRP, irpMajorName, irpMinorName, SL_PENDING_RETURNED } from "./enums";
import { Layout } from "./layout";
import { ModuleTable } from "./modules";
import { Quality } from "./quality";
import { IrpLocationRecord, IrpRecord } from "./records";
import { StructView } from "./struct";

export const MAX_STACK_COUNT = 32;

/** One IRP, or null (counted in dq) when unreadable, not an IRP, or with impossible stack fields. */
export function decodeIrp(target: Target, layout: Layout, dq: Quality, devices: DeviceTable, modules: ModuleTable, a: Addr): IrpRecord | null {
  const l = layout.irp;
  const s = layout.stackLocation;
  if (l === null || s === null) return null;
  const ps = target.pointerSize;
  let header: StructView;
  try {
    header = new StructView(a, target.read(a, l.size), ps);
  } catch (e) {
    dq.fail("read-error", "IRPs", a);
    return null;
  }
  if (header.field(l.type) !== IO_TYPE_IRP) {
    dq.fail("bad-type", "IRPs", a);
    return null;
  }
  const stackCount = header.field(l.stackCount);
  const currentLocation = header.field(l.currentLocation);
  if (stackCount < 1 || stackCount > MAX_STACK_COUNT || currentLocation < 1 || currentLocation > stackCount + 1) {
    dq.fail("absurd-value", "IRPs (StackCount/CurrentLocation)", a);
    return null;
  }
  let v: StructView;
  try {
    // The stack locations follow the IRP header: location k is at IRP + sizeof(IRP) + (k-1)·sizeof(IO_STACK_LOCATION).
    v = new StructView(a, target.read(a, l.size + stackCount * s.size), ps);
  } catch (e) {
    dq.fail("read-error", "IRP stack locations", a);
    return null;
  }
  const active = currentLocation <= stackCount;
  const pendingReturned = v.field(l.pendingReturned) !== 0;
  const locations: IrpLocationRecord[] = [];
  for (let k = 1; k <= stackCount; k++) {
    const base = l.size + (k - 1) * s.size;
    const at = (f: { offset: number }) => base + f.offset;
    const major = v.u8(at(s.major));
    const minor = v.u8(at(s.minor));
    const device = v.ptr(at(s.device));
    const completion = v.ptr(at(s.completion));
    const dev = devices.deviceWithAttached(device);
    const driverName = dev !== null ? dev.driverName : null;
    const driver = dev !== null ? devices.driver(dev.driverObject) : null;
    const completionModule = modules.byAddress(completion);
    const control = v.u8(at(s.control));
    locations.push({
      index: k,
      isCurrent: k === currentLocation,
      major: major,
      minor: minor,
      majorName: irpMajorName(major),
      minorName: irpMinorName(major, minor, driverName),
      flags: v.u8(at(s.flags)),
      control: control,
      controlText: controlText(control),
      device: device,
      file: v.ptr(at(s.file)),
      completion: completion,
      context: v.ptr(at(s.context)),
      args: s.args.map((f) => v.ptr(at(f))),
      driverName: driverName,
      driverModule: driver !== null ? driver.module : null,
      completionModule: completionModule !== null ? modules.touch(completionModule) : null,
      completionSymbol: addrIsNull(completion) ? null : modules.symbolize(completion),
    });
  }
  const current = active ? locations[currentLocation - 1] : null;
  return {
    address: a,
    thread: v.addr(l.thread),
    type: v.field(l.type),
    size: v.field(l.irpSize),
    flags: v.field(l.flags),
    mdl: v.addr(l.mdl),
    systemBuffer: l.systemBuffer !== null ? v.addr(l.systemBuffer) : "0",
    stackCount: stackCount,
    currentLocation: currentLocation,
    currentStackLocation:
      l.currentStackLocation !== null ? v.addr(l.currentStackLocation) : addrAdd(a, l.size + (currentLocation - 1) * s.size),
    pendingReturned: pendingReturned,
    cancel: v.field(l.cancel) !== 0,
    state: active ? "active" : "complete",
    pending: active && (pendingReturned || (current !== null && (current.control & SL_PENDING_RETURNED) !== 0)),
    locations: locations,
  };
}
