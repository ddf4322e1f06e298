// Unit tests of src/kernel/enums.ts against the values in reference/kernel-structures.md §3–§4 and the `!irp` text
// seen in the seed case (reference/isa-wspsrv-high-cpu-case.txt) and MS Docs (!irp, LJ sample).
import { describe, expect, it } from "vitest";
import {
  controlText,
  irpMajorName,
  irpMinorName,
  isTdiTransport,
  threadStateName,
  waitModeName,
  waitReasonName,
} from "../../src/kernel/enums";

describe("controlText", () => {
  it.each([
    [0xe1, "Success Error Cancel pending"],
    [0xe0, "Success Error Cancel"],
    [0x00, ""],
    [0x01, "pending"],
    [0x40, "Success"],
    [0x80, "Error"],
    [0x20, "Cancel"],
    [0x41, "Success pending"],
    [0x02, ""],
  ])("0x%s → %j", (c, want) => {
    expect(controlText(c)).toBe(want);
  });
});

describe("thread states", () => {
  it.each([
    [0, "Initialized"],
    [1, "Ready"],
    [2, "Running"],
    [4, "Terminated"],
    [5, "Waiting"],
    [7, "DeferredReady"],
    [8, "GateWait"],
    [12, "State(12)"],
  ])("%i → %s", (c, want) => expect(threadStateName(c)).toBe(want));
});

describe("wait reasons", () => {
  it.each([
    [0, true, "Executive"],
    [6, false, "UserRequest"],
    [13, false, "WrUserRequest"],
    [15, true, "WrQueue"],
    [21, true, "Spare2"],
    [25, true, "Spare6"],
    [21, false, "WrKeyedEvent"],
    [25, false, "WrCalloutStack"],
    [26, true, "WrKernel"],
    [27, true, "WrResource"],
    [27, false, "WrResource"],
    [36, false, "WrRundown"],
    [37, false, "WrAlertByThreadId"],
    [99, false, "WaitReason(99)"],
  ])("%i (legacy %s) → %s", (c, legacy, want) => expect(waitReasonName(c, legacy)).toBe(want));
  it("wait modes", () => {
    expect(waitModeName(0)).toBe("KernelMode");
    expect(waitModeName(1)).toBe("UserMode");
  });
});

describe("IRP major and TDI minor names", () => {
  it.each([
    [0, "IRP_MJ_CREATE"],
    [0xe, "IRP_MJ_DEVICE_CONTROL"],
    [0xf, "IRP_MJ_INTERNAL_DEVICE_CONTROL"],
    [0x1b, "IRP_MJ_PNP"],
    [0x1c, "IRP_MJ(0x1c)"],
  ])("major %i → %s", (c, want) => expect(irpMajorName(c)).toBe(want));
  it.each([
    [0xf, 8, "\\Driver\\Tcpip", "TDI_RECEIVE"],
    [0xf, 7, "\\Driver\\TCPIP6", "TDI_SEND"],
    [0xf, 3, "\\Driver\\NetBT", "TDI_CONNECT"],
    [0xf, 8, "\\Driver\\IDMTDI", null],
    [0xf, 8, null, null],
    [0xe, 8, "\\Driver\\Tcpip", null],
    [0xf, 0x63, "\\Driver\\Tcpip", null],
  ])("[%i,%i] on %s → %s", (maj, min, drv, want) => expect(irpMinorName(maj, min, drv)).toBe(want));
  it("knows the TDI transports only", () => {
    expect(isTdiTransport("\\Driver\\AFD")).toBe(false);
    expect(isTdiTransport("\\Driver\\Tcpip")).toBe(true);
  });
});
