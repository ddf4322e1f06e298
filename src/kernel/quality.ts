// Collects what the decoders could not read or trust (per object, counted by kind) and turns it into the
// `dataQuality` sentences the report prints. Every decoder in src/kernel reports through one instance per run.
import { Addr } from "../addr";
import { DataQuality } from "./records";

/** Kinds counted in DataQuality.counts. */
export type QualityKind =
  | "read-error"
  | "bad-type"
  | "absurd-value"
  | "cycle"
  | "bound"
  | "missing-type"
  | "missing-symbol"
  | "stack-unavailable"
  | "command-failed"
  | "count-mismatch"
  | "inconsistent"
  /** Nothing lost: a fact came from a second source (the module list from `lm` when the data model gave none). */
  | "fallback";

interface Group {
  kind: QualityKind;
  what: string;
  count: number;
  examples: Addr[];
}

const MAX_EXAMPLES = 3;
const MAX_NOTES = 60;

export class Quality {
  private readonly counts: { [kind: string]: number } = {};
  private readonly groups: Group[] = [];
  private readonly groupIndex: { [key: string]: Group } = {};
  private readonly notes: string[] = [];

  /**
   * One failure on one object, summarised later per (kind, what): "could not read 3 threads (at 0x…, 0x…)".
   * `what` is a plural noun phrase ("threads", "ERESOURCE owner tables").
   */
  fail(kind: QualityKind, what: string, at: Addr | null): void {
    this.counts[kind] = (this.counts[kind] || 0) + 1;
    const key = kind + "|" + what;
    let g = this.groupIndex[key];
    if (g === undefined) {
      g = { kind: kind, what: what, count: 0, examples: [] };
      this.groupIndex[key] = g;
      this.groups.push(g);
    }
    g.count++;
    if (at !== null && g.examples.length < MAX_EXAMPLES && g.examples.indexOf(at) < 0) g.examples.push(at);
  }

  /** A finding that needs its own sentence ("resource 0x…: 5 exclusive waiters counted, 4 found"). */
  note(kind: QualityKind, text: string): void {
    this.counts[kind] = (this.counts[kind] || 0) + 1;
    if (this.notes.length < MAX_NOTES) this.notes.push(text);
    else if (this.notes.length === MAX_NOTES) this.notes.push("(further data-quality notes omitted)");
  }

  count(kind: QualityKind): number {
    return this.counts[kind] || 0;
  }

  result(): DataQuality {
    const notes = this.notes.slice();
    for (let i = 0; i < this.groups.length; i++) notes.push(summarise(this.groups[i]));
    const counts: { [kind: string]: number } = {};
    for (const k in this.counts) counts[k] = this.counts[k];
    return { notes: notes, counts: counts };
  }
}

function summarise(g: Group): string {
  const at = g.examples.length > 0 ? " (at 0x" + g.examples.join(", 0x") + (g.count > g.examples.length ? ", …" : "") + ")" : "";
  switch (g.kind) {
    case "read-error":
      return "could not read " + g.count + " " + g.what + at;
    case "bad-type":
      return g.count + " " + g.what + " had the wrong object type and were skipped" + at;
    case "absurd-value":
      return g.count + " " + g.what + " had implausible values and were ignored" + at;
    case "cycle":
      return g.count + " " + g.what + " looped back on themselves; walks stopped there" + at;
    case "bound":
      return g.count + " " + g.what + " hit the walk limit and were cut short" + at;
    case "stack-unavailable":
      return "no stack available for " + g.count + " " + g.what + at;
    case "command-failed":
      return g.count + " debugger commands failed (" + g.what + ")" + at;
    default:
      return g.count + " " + g.what + at;
  }
}
