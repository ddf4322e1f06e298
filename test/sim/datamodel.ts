// The debugger data model of the mock JsProvider: Sessions/Processes/Threads/Stack.Frames/Modules and
// Debugger.Utility.Collections.FromListEntry. Built by host.ts from a SimDump; tests in test/sim-host/datamodel.test.ts.
//
// Reproduced (reference/jsprovider-api.md §5-6): Processes/Threads are lazy collections keyed by PID/TID with LINQ
// methods and getValueAt; Attributes.Target.{IsKernelTarget, IsUserTarget} booleans; Attributes.Machine.PointerSize;
// KernelObject is the typed _EPROCESS/_ETHREAD; Stack.Frames is iterable and indexable, a frame's toString() is its
// display text and Attributes.InstructionOffset an Int64; Modules (kernel modules in a kernel session) give Name,
// BaseAddress (Int64), Size; FromListEntry(headObject, "mod!Type", "Field.Path") follows Flinks lazily (a cycle
// iterates forever, as in WinDbg).
// Choices where the reference is UNCONFIRMED (stricter side):
// - Processes[4] / Threads[0x18a8] (JS indexing by key) give undefined: use getValueAt;
// - Process.Id, Thread.Id and Frame.Attributes.FrameNumber are JS numbers; Module.Size is a number;
// - a frame's display text is "module!function + 0xoff" (spaces around "+", as dx prints frames), whatever spacing
//   the scenario used; "idmtdi+0x1063" becomes "idmtdi + 0x1063"; a bare "0x7c82860c" stays as it is;
// - a stack that is not resident: reading Stack.Frames throws;
// - FromListEntry takes a _LIST_ENTRY typed object (not a pointer) and a type name with its module ("nt!_ETHREAD");
//   the head itself is skipped; a link that cannot be read throws during iteration;
// - KernelObject is undefined when the dump has no nt symbols (public scripts saw typed objects become undefined);
// - host.currentProcess is the process with PID 4 (System) in a kernel dump, else the first process;
//   host.currentThread is its first thread (undefined when it has none).
// Host profiles (test/sim/profiles.ts) change: address and scalar marshalling (producedAddress, scalar), getValueAt
// and key indexing of Processes/Threads, which process is current and what its Modules lists, empty Frames.
import type { SimFrame, SimModule, SimProcess, SimThread } from "./dump";
import { collection, type HostContext, leUnsigned, nativeObject, producedAddress, readBytes, scalar } from "./native";
import type { TypedObjects } from "./typed";

/** User-mode images of a process as a kernel session's Modules would list them (the `crash-process` profile). */
export function userImages(pointerSize: 4 | 8, p: SimProcess): SimModule[] {
  const at = (x86: bigint, x64: bigint) => (pointerSize === 4 ? x86 : x64);
  const sys = "C:\\Windows\\System32\\";
  const image = (name: string, path: string, base: bigint, size: number): SimModule => ({
    name: name.replace(/\.[^.]*$/, ""), image: name, path, base, size, company: "Microsoft Corporation", symbols: "pdb",
  });
  return [
    { ...image(p.name, "C:\\Program Files\\" + p.name, at(0x00400000n, 0x00007ff6_12340000n), 0x200000), company: null, symbols: "none" },
    image("ntdll.dll", sys + "ntdll.dll", at(0x7c800000n, 0x00007ffc_1a2b0000n), 0x1c0000),
    image("kernel32.dll", sys + "kernel32.dll", at(0x77e40000n, 0x00007ffc_18e40000n), 0x100000),
  ];
}

export function frameDisplay(text: string): string {
  const m = /^(.*[^ ])\s*\+\s*(0x[0-9a-fA-F]+)$/.exec(text);
  return m ? `${m[1]} + ${m[2]}` : text;
}

export class DataModel {
  constructor(
    private ctx: HostContext,
    private typed: TypedObjects,
  ) {}

  private kernelObject(address: bigint, typeName: string): unknown {
    if (this.ctx.dump.kind !== "kernel") return undefined;
    const t = this.typed.types.find("nt", typeName);
    if (!t) return undefined;
    return this.typed.valueAt("nt", t, address);
  }

  frame(f: SimFrame, index: number): any {
    const ctx = this.ctx;
    return nativeObject(
      ctx,
      {
        Attributes: () =>
          nativeObject(ctx, {
            InstructionOffset: () => ctx.int64(producedAddress(ctx, f.instructionOffset)),
            FrameNumber: () => index,
          }),
      },
      () => frameDisplay(f.text),
    );
  }

  thread(t: SimThread): any {
    const ctx = this.ctx;
    const model = this;
    const frames = () => {
      if (t.stack === "unavailable" && !ctx.behaviour.emptyStacks) throw ctx.error("Unable to get stack trace");
      const stack = t.stack === "unavailable" ? [] : t.stack;
      return collection(
        ctx,
        function* () {
          for (let i = 0; i < stack.length; i++) yield [i, model.frame(stack[i], i)] as [unknown, unknown];
        },
        { indexable: true },
      );
    };
    return nativeObject(
      ctx,
      {
        Id: () => scalar(ctx, t.tid),
        KernelObject: () => this.kernelObject(t.address, "_ETHREAD"),
        Stack: () => nativeObject(ctx, { Frames: frames }),
      },
      () => (t.stack === "unavailable" || t.stack.length === 0 ? "<Unable to get stack trace>" : frameDisplay(t.stack[0].text)),
    );
  }

  module(m: SimModule): any {
    const ctx = this.ctx;
    return nativeObject(
      ctx,
      {
        Name: () => m.path,
        BaseAddress: () => ctx.int64(producedAddress(ctx, m.base)),
        Size: () => scalar(ctx, m.size),
      },
      () => m.path,
    );
  }

  /** Options of the keyed collections (Processes, Threads) under the profile in force. */
  private keyed() {
    const b = this.ctx.behaviour;
    return { noGetValueAt: b.noGetValueAt, keyIndexable: b.noGetValueAt };
  }

  process(p: SimProcess): any {
    const ctx = this.ctx;
    const model = this;
    const b = ctx.behaviour;
    const current = this.currentSimProcess() === p;
    const modules = (): SimModule[] => {
      if (b.noModules) {
        if (current) throw ctx.error("Unable to enumerate modules");
        return [];
      }
      if (b.crashProcess && current && ctx.dump.kind === "kernel") return [...userImages(ctx.dump.pointerSize, p), ...ctx.dump.modules];
      return ctx.dump.modules;
    };
    return nativeObject(
      ctx,
      {
        Name: () => p.name,
        Id: () => scalar(ctx, p.pid),
        KernelObject: () => this.kernelObject(p.address, "_EPROCESS"),
        Threads: () =>
          collection(ctx, function* () {
            for (const t of p.threads) yield [t.tid, model.thread(t)] as [unknown, unknown];
          }, model.keyed()),
        Modules: () => {
          const list = modules();
          return collection(ctx, function* () {
            for (let i = 0; i < list.length; i++) yield [i, model.module(list[i])] as [unknown, unknown];
          });
        },
      },
      () => p.name,
    );
  }

  session(): any {
    const ctx = this.ctx;
    const dump = ctx.dump;
    const model = this;
    return nativeObject(
      ctx,
      {
        Id: () => 0,
        Processes: () =>
          collection(ctx, function* () {
            for (const p of dump.processes) yield [p.pid, model.process(p)] as [unknown, unknown];
          }, model.keyed()),
        Attributes: () =>
          nativeObject(ctx, {
            Target: () =>
              nativeObject(ctx, {
                IsKernelTarget: () => dump.kind === "kernel",
                IsUserTarget: () => dump.kind === "user",
                IsTTDTarget: () => false,
              }),
            Machine: () => nativeObject(ctx, { PointerSize: () => scalar(ctx, dump.pointerSize), PageSize: () => scalar(ctx, 0x1000) }),
          }),
      },
      () => (dump.kind === "kernel" ? "Kernel dump" : "User dump"),
    );
  }

  currentSimProcess(): SimProcess | undefined {
    const ps = this.ctx.dump.processes;
    if (this.ctx.dump.kind !== "kernel") return ps[0];
    // crash-process: the first user process (scenarios list the process of interest first) stands for the one that
    // was current when the dump was written.
    if (this.ctx.behaviour.crashProcess) {
      const user = ps.find((p) => p.pid !== 0 && p.pid !== 4 && p.threads.length > 0);
      if (user) return user;
    }
    return ps.find((p) => p.pid === 4) ?? ps[0];
  }

  currentProcess(): any {
    const p = this.currentSimProcess();
    return p ? this.process(p) : undefined;
  }

  currentThread(): any {
    const p = this.currentSimProcess();
    return p && p.threads.length > 0 ? this.thread(p.threads[0]) : undefined;
  }

  /** Debugger.Utility.Collections.FromListEntry(listHead, "mod!Type", "Field.Path"). */
  fromListEntry(head: unknown, typeSpec: unknown, fieldPath: unknown): any {
    const ctx = this.ctx;
    ctx.counters.dataModelCalls++;
    const hs = this.typed.stateOf(head);
    if (!hs || hs.type.name !== "_LIST_ENTRY" || hs.location === null) {
      throw ctx.error("FromListEntry: the list head must be a _LIST_ENTRY object");
    }
    if (typeof typeSpec !== "string" || typeSpec.indexOf("!") <= 0) {
      throw ctx.error("FromListEntry: the type must be given as 'module!type'");
    }
    if (typeof fieldPath !== "string" || fieldPath === "") throw ctx.error("FromListEntry: a field name is required");
    const module = typeSpec.slice(0, typeSpec.indexOf("!"));
    const type = this.typed.types.get(module, typeSpec.slice(typeSpec.indexOf("!") + 1));
    let offset = 0n;
    let t = type;
    for (const part of fieldPath.split(".")) {
      const f = t.kind === "udt" ? (t.fields ?? []).find((x) => x.name === part) : undefined;
      if (!f) throw ctx.error(`FromListEntry: '${type.name}' has no field '${fieldPath}'`);
      offset += BigInt(f.offset);
      t = this.typed.types.get(module, f.type);
    }
    const headAddr = hs.location;
    const ps = ctx.dump.pointerSize;
    const mask = ps === 4 ? 0xffffffffn : 0xffffffffffffffffn;
    const typed = this.typed;
    return collection(ctx, function* () {
      let entry = leUnsigned(readBytes(ctx, headAddr, ps));
      let i = 0;
      while (entry !== headAddr) {
        const obj = typed.valueAt(module, type, (entry - offset) & mask);
        yield [i++, obj] as [unknown, unknown];
        entry = leUnsigned(readBytes(ctx, entry, ps));
      }
    });
  }
}
