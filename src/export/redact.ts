// Redaction for `!isaScenario "redact"`: process names → process1.exe…, user-mode addresses (frames, start addresses,
// TEBs) → 0x10000…, the same placeholder for the same value within one export. Used by src/export/scenario.ts.
import { Addr, addrCompare, addrFromNumber } from "../addr";

/** The kernel's own processes: the same in every dump, so they reveal nothing and stay readable. */
const KEPT_NAMES = ["system", "idle"];

export class Redactor {
  private readonly names = new Map<string, string>();
  private nextName = 1;
  private readonly addresses = new Map<Addr, Addr>();
  /** Lowest kernel-space address: user-mode addresses lie below it. */
  private readonly kernelStart: Addr;

  constructor(readonly enabled: boolean, pointerSize: 4 | 8) {
    this.kernelStart = pointerSize === 4 ? "80000000" : "800000000000";
  }

  isUserAddress(a: Addr): boolean {
    return a !== "0" && addrCompare(a, this.kernelStart) < 0;
  }

  /** The placeholder for a process image name (case-insensitive: "W3WP.EXE" and "w3wp.exe" are one process name). */
  processName(name: string): string {
    if (!this.enabled || KEPT_NAMES.indexOf(name.toLowerCase()) >= 0) return name;
    const key = name.toLowerCase();
    let p = this.names.get(key);
    if (p === undefined) {
      p = "process" + this.nextName++ + ".exe";
      this.names.set(key, p);
    }
    return p;
  }

  /** True when `name` was given a placeholder (so a requested target name can reuse its process's placeholder). */
  knowsName(name: string): boolean {
    return this.names.has(name.toLowerCase());
  }

  /** Alias `requested` (a target name as typed) to the placeholder of the process name it matched. */
  aliasName(requested: string, matchedProcessName: string): void {
    if (!this.enabled || this.names.has(requested.toLowerCase())) return;
    const p = this.processName(matchedProcessName);
    if (KEPT_NAMES.indexOf(matchedProcessName.toLowerCase()) < 0) this.names.set(requested.toLowerCase(), p);
  }

  /** A user-mode address's placeholder (64 KB apart, in order of first use); kernel addresses unchanged. */
  address(a: Addr): Addr {
    if (!this.enabled || !this.isUserAddress(a)) return a;
    let p = this.addresses.get(a);
    if (p === undefined) {
      p = addrFromNumber((this.addresses.size + 1) * 0x10000);
      this.addresses.set(a, p);
    }
    return p;
  }

  counts(): { names: number; addresses: number } {
    return { names: this.nextName - 1, addresses: this.addresses.size };
  }
}
