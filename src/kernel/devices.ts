// DEVICE_OBJECTs and DRIVER_OBJECTs seen in the IRPs that matter: driver name, the module holding the driver's code,
// and the AttachedDevice chain upward (which filter sits over which device). Used by irps.ts and collect.ts.
import { Addr, addrIsNull } from "../addr";
import { FieldInfo, Target } from "../host/target";
import { IO_TYPE_DEVICE, IO_TYPE_DRIVER } from "./enums";
import { Layout } from "./layout";
import { ModuleTable } from "./modules";
import { Quality } from "./quality";
import { DeviceRecord, DriverRecord } from "./records";
import { StructView, utf16 } from "./struct";

export const MAX_ATTACHED_DEPTH = 16;
/** UNICODE_STRING lengths above this are damage, not driver names. */
export const MAX_NAME_BYTES = 1024;

export class DeviceTable {
  private readonly devices = new Map<Addr, DeviceRecord | null>();
  private readonly drivers = new Map<Addr, DriverRecord | null>();

  constructor(
    private readonly target: Target,
    private readonly layout: Layout,
    private readonly dq: Quality,
    private readonly modules: ModuleTable,
  ) {}

  /** The device (decoded once), with its driver; null when unreadable or not a device. */
  device(a: Addr): DeviceRecord | null {
    if (addrIsNull(a)) return null;
    const known = this.devices.get(a);
    if (known !== undefined) return known;
    const rec = this.decodeDevice(a);
    this.devices.set(a, rec);
    return rec;
  }

  /** The device and every device attached above it (AttachedDevice chain, bounded, cycle-safe). */
  deviceWithAttached(a: Addr): DeviceRecord | null {
    const first = this.device(a);
    let d = first;
    const seen = new Set<Addr>();
    let depth = 0;
    while (d !== null && !addrIsNull(d.attachedDevice)) {
      seen.add(d.address);
      if (seen.has(d.attachedDevice)) {
        this.dq.fail("cycle", "device attachment chains", a);
        break;
      }
      if (++depth > MAX_ATTACHED_DEPTH) {
        this.dq.fail("bound", "device attachment chains", a);
        break;
      }
      d = this.device(d.attachedDevice);
    }
    return first;
  }

  driver(a: Addr): DriverRecord | null {
    if (addrIsNull(a)) return null;
    const known = this.drivers.get(a);
    if (known !== undefined) return known;
    const rec = this.decodeDriver(a);
    this.drivers.set(a, rec);
    return rec;
  }

  deviceRecords(): DeviceRecord[] {
    const out: DeviceRecord[] = [];
    this.devices.forEach((d) => {
      if (d !== null) out.push(d);
    });
    return out;
  }

  driverRecords(): DriverRecord[] {
    const out: DriverRecord[] = [];
    this.drivers.forEach((d) => {
      if (d !== null) out.push(d);
    });
    return out;
  }

  /** The object at `a` in one read, or null (counted under `what`) when unreadable or its Type is not `type`. */
  private readObject(a: Addr, span: number, typeField: FieldInfo, type: number, what: string): StructView | null {
    let v: StructView;
    try {
      v = new StructView(a, this.target.read(a, span), this.target.pointerSize);
    } catch (e) {
      this.dq.fail("read-error", what, a);
      return null;
    }
    if (v.field(typeField) !== type) {
      this.dq.fail("bad-type", what, a);
      return null;
    }
    return v;
  }

  private decodeDevice(a: Addr): DeviceRecord | null {
    const l = this.layout.device;
    if (l === null) return null;
    const v = this.readObject(a, l.span, l.type, IO_TYPE_DEVICE, "device objects");
    if (v === null) return null;
    const driverObject = v.addr(l.driverObject);
    const driver = this.driver(driverObject);
    return {
      address: a,
      driverObject: driverObject,
      driverName: driver !== null ? driver.name : null,
      attachedDevice: v.addr(l.attachedDevice),
      deviceType: l.deviceType !== null ? v.field(l.deviceType) : 0,
      stackSize: l.stackSize !== null ? v.field(l.stackSize) : 0,
    };
  }

  private decodeDriver(a: Addr): DriverRecord | null {
    const l = this.layout.driver;
    if (l === null) return null;
    const v = this.readObject(a, l.span, l.type, IO_TYPE_DRIVER, "driver objects");
    if (v === null) return null;
    const length = v.field(l.nameLength);
    const buffer = v.addr(l.nameBuffer);
    let name = "";
    if (length > MAX_NAME_BYTES || length % 2 !== 0) {
      this.dq.fail("absurd-value", "driver names", a);
    } else if (length > 0 && !addrIsNull(buffer)) {
      try {
        name = utf16(this.target.read(buffer, length));
      } catch (e) {
        this.dq.fail("read-error", "driver names", a);
      }
    }
    const driverStart = v.addr(l.driverStart);
    let m = this.modules.byAddress(driverStart);
    if (m === null && name !== "") {
      // DriverStart cleared or outside the module list: the driver's own name is the next best key.
      m = this.modules.byName(name.slice(name.lastIndexOf("\\") + 1));
    }
    return {
      address: a,
      name: name,
      driverStart: driverStart,
      driverSize: v.field(l.driverSize),
      module: m !== null ? this.modules.touch(m) : null,
    };
  }
}
