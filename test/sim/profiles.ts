// Host profiles: named variants of the mock JsProvider, one for each behaviour of the real host that public evidence
// admits but does not settle (reference/jsprovider-api.md §8). createHost (test/sim/host.ts) takes a resolved
// HostBehaviour; run.ts, scripts/simulate.ts (--host-profile a,b) and the e2e matrix resolve names with resolveHostProfiles.
//
// A user gets one of these WinDbgs and we cannot know which, so the extension must reach the same verdict under each.
// Every profile lists its evidence; test/sim-host/profiles.test.ts proves each one changes what the host does.

/** What a profile changes. `default` is every flag off. */
export interface HostBehaviour {
  /** 32-bit targets: addresses the host produces are sign-extended to 64 bits; reads take either form. */
  signExtend32: boolean;
  /** Data-model and type-info scalars arrive as host.Int64 instead of numbers. */
  int64Scalars: boolean;
  /** Int64.toString(16) without "0x"; getLowPart/getHighPart signed. */
  bareHex: boolean;
  /** Processes/Threads lack getValueAt; JS indexing by key works. */
  noGetValueAt: boolean;
  /** host.currentProcess is the process current at the dump (a user process), Modules with its user-mode images. */
  crashProcess: boolean;
  /** Modules lists nothing (the current process's throws, every other is empty); `lm` still works. */
  noModules: boolean;
  /** readMemoryValues returns a view over one host buffer that the next host call overwrites. */
  volatileViews: boolean;
  /** Memory is resident only in the ranges the dump wrote: a whole-page read of a partly written page fails. */
  partialPages: boolean;
  /** A thread whose stack is not resident gives an empty Frames instead of throwing. */
  emptyStacks: boolean;
}

export interface HostProfile {
  name: string;
  /** What a user with this WinDbg sees differently. */
  summary: string;
  /** Why the behaviour is plausible: documentation sentences and public usage. */
  evidence: string;
  flags: Partial<HostBehaviour>;
}

export const DEFAULT_BEHAVIOUR: Readonly<HostBehaviour> = Object.freeze({
  signExtend32: false,
  int64Scalars: false,
  bareHex: false,
  noGetValueAt: false,
  crashProcess: false,
  noModules: false,
  volatileViews: false,
  partialPages: false,
  emptyStacks: false,
});

const SINGLE: HostProfile[] = [
  {
    name: "default",
    summary: "the simulator's reference behaviour (the stricter side of each UNCONFIRMED choice in test/sim)",
    evidence: "reference/jsprovider-api.md §1-7, with the choices listed in the headers of test/sim/*.ts",
    flags: {},
  },
  {
    name: "x86-sign-extended",
    summary:
      "on 32-bit targets module BaseAddress, frame InstructionOffset, getModuleSymbolAddress and typed objects' .address " +
      "come sign-extended (0xffffffff80800000); memory reads and lm/ln accept either form",
    evidence:
      "dbgeng 'Memory' docs: a 32-bit address recovered from the target \"must be sign-extended to 64 bits before it " +
      "can be used in the debugger engine API\"; kd prints x86 kernel addresses in 64-bit APIs as ffffffff`8xxxxxxx. " +
      "Raw memory contents (readMemoryValues, 8-byte elements included) are data, not addresses, and stay as they are (§8)",
    flags: { signExtend32: true },
  },
  {
    name: "int64-scalars",
    summary:
      "Machine.PointerSize, process and thread Id, module Size, field offset, type size and bitFieldPositions.lsb/.length " +
      "arrive as host.Int64",
    evidence:
      "0vercl0k telescope.js calls PointerSize.compareTo(8); the type-objects doc calls size and offset \"a 64-bit " +
      "value\"; hugsy's JsProvider.d.ts (an SDK copy) types Size and offset as Int64",
    flags: { int64Scalars: true },
  },
  {
    name: "bare-hex",
    summary: "Int64.toString(16) has no 0x prefix; getLowPart/getHighPart return signed 32-bit numbers",
    evidence:
      "0vercl0k telescope.js and sm.js print '0x' + v.toString(16) and their README shows a single 0x; the doar-e blog " +
      "shows 0x-prefixed output (the other side); Dezzmeister's dynamic.d.ts types the parts differently from the docs",
    flags: { bareHex: true },
  },
  {
    name: "no-getvalueat",
    summary: "Processes and Threads have no getValueAt; Processes[pid] (JS indexing by key) and iteration work",
    evidence:
      "hugsy PageExplorer.js indexes cursession().Processes[4] directly; the debugger-objects doc projects getValueAt " +
      "only for indexers it knows, and the cookbook's claim concerns Modules",
    flags: { noGetValueAt: true },
  },
  {
    name: "crash-process",
    summary:
      "host.currentProcess is the process current when the dump was written (a user process), whose Modules lists its " +
      "user-mode images before the kernel's",
    evidence:
      "@$curprocess is the crash context's process in a kernel dump (.process shows it); yardenshafir " +
      "FindNonSystem32Modules shows kernel images in every KD process's Modules next to the user-mode ones",
    flags: { crashProcess: true },
  },
  {
    name: "no-modules",
    summary: "Modules lists nothing (the current process's throws, the others are empty); lm through ExecuteCommand still works",
    evidence:
      "Modules is filled from the loader data of the process; kernel dumps without PsLoadedModuleList pages or a " +
      "System PEB give none, while lm reads the engine's own module list",
    flags: { noModules: true },
  },
  {
    name: "volatile-views",
    summary: "readMemoryValues returns a typed array over one host buffer that the next host call overwrites",
    evidence: "native-objects doc on readMemoryValues: the host \"places a typed array on top of the view of this memory\"",
    flags: { volatileViews: true },
  },
  {
    name: "partial-pages",
    summary:
      "memory is resident only in the ranges the dump holds, not whole pages: a 4 KiB read of a partly held page fails " +
      "where a read of the object's exact bytes succeeds",
    evidence:
      "minidumps and triage dumps store memory ranges (MINIDUMP_MEMORY_DESCRIPTOR) that need not be page-aligned; " +
      "dx shows 'Unable to read memory at Address' for the rest",
    flags: { partialPages: true },
  },
  {
    name: "empty-stacks",
    summary: "a thread whose kernel stack is not resident has an empty Stack.Frames instead of one that throws",
    evidence: "the LINQ doc shows such threads displayed as <Unable to get stack trace>, which an empty collection also gives",
    flags: { emptyStacks: true },
  },
];

/** Every single behaviour at once. */
const STRICT: HostProfile = {
  name: "strict",
  summary: "all of the profiles above at once",
  evidence: "the union: a WinDbg may differ from the default in several ways together",
  flags: SINGLE.reduce((all, p) => Object.assign(all, p.flags), {} as Partial<HostBehaviour>),
};

export const HOST_PROFILES: readonly HostProfile[] = [...SINGLE, STRICT];

export const HOST_PROFILE_NAMES: readonly string[] = HOST_PROFILES.map((p) => p.name);

export class HostProfileError extends Error {}

/** "a,b" (or ["a", "b"]) → the combined behaviour. Throws HostProfileError naming an unknown profile. */
export function resolveHostProfiles(spec: string | readonly string[] | undefined): HostBehaviour {
  const names = spec === undefined ? [] : typeof spec === "string" ? spec.split(",") : spec;
  const out: HostBehaviour = { ...DEFAULT_BEHAVIOUR };
  for (const raw of names) {
    const name = raw.trim();
    if (name === "") continue;
    const p = HOST_PROFILES.find((x) => x.name === name);
    if (!p) throw new HostProfileError(`unknown host profile '${name}' (known: ${HOST_PROFILE_NAMES.join(", ")})`);
    Object.assign(out, p.flags);
  }
  return out;
}
