// Summarising long lists for the console, and keeping every console line short: the first LIST_HEAD elements, then
// "+N more" and the command that shows them all. Used by console.ts (and any section file it calls, e.g. processors.ts);
// the dx object and the JSON always keep every element, so nothing is lost, only folded.

/** How many elements a summarised list shows before "+N more". */
export const LIST_HEAD = 8;
/** No console line is longer than this, except the closing one-line verdict summary. */
export const MAX_LINE = 200;

export interface ListOptions {
  /** Print every element (the "verbose" argument). */
  all: boolean;
  /** Elements shown when not `all` (default LIST_HEAD). */
  head?: number;
}

/** The elements to print and how many were left out. */
export function headOf<T>(items: T[], o: ListOptions): { shown: T[]; more: number } {
  const head = o.head === undefined ? LIST_HEAD : o.head;
  // "+1 more" would take the line the element itself needs: show it instead.
  if (o.all || items.length <= head + 1) return { shown: items.slice(), more: 0 };
  return { shown: items.slice(0, head), more: items.length - head };
}

/** "+792 more: !locks -v 8a5c2040" (the hint says where the rest is); "" when nothing was left out. */
export function moreText(more: number, hint: string): string {
  return more > 0 ? "+" + more + " more" + (hint ? ": " + hint : "") : "";
}

/**
 * Words (addresses, owner entries) on one line after `prefix`; past the head, a last line `indent + "+N more: hint"`.
 * Long lists never run off the screen: words wrap onto continuation lines at MAX_LINE.
 */
export function wordList(prefix: string, words: string[], indent: string, hint: string, o: ListOptions): string[] {
  const { shown, more } = headOf(words, o);
  const lines = wrapWords(prefix, shown, indent + "  ");
  if (more > 0) lines.push(indent + "  " + moreText(more, hint));
  return lines;
}

/** Lines (one element each) with the same rule: the head, then one `indent + "+N more: hint"` line. */
export function lineList(lines: string[], indent: string, hint: string, o: ListOptions): string[] {
  const { shown, more } = headOf(lines, o);
  if (more > 0) shown.push(indent + moreText(more, hint));
  return shown;
}

function wrapWords(prefix: string, words: string[], continuation: string): string[] {
  const out: string[] = [];
  let line = prefix;
  let fresh = true;
  for (const w of words) {
    const sep = fresh && /\s$/.test(line) ? "" : " ";
    if (!fresh && line.length + sep.length + w.length > MAX_LINE) {
      out.push(line);
      line = continuation + w;
    } else {
      line += sep + w;
    }
    fresh = false;
  }
  out.push(line);
  return out;
}

/**
 * A line longer than MAX_LINE broken at spaces (or anywhere, for a long run without spaces such as a hostile driver
 * name) into continuation lines indented four more than the line itself. Short lines come back as they are.
 */
export function fitLine(line: string, width?: number): string[] {
  const max = width || MAX_LINE;
  if (line.length <= max) return [line];
  const lead = /^ */.exec(line)![0];
  const continuation = lead + "    ";
  const out: string[] = [];
  let rest = line;
  let first = true;
  while (rest.length > 0) {
    const prefix = first ? "" : continuation;
    const room = max - prefix.length;
    if (rest.length <= room) {
      out.push(prefix + rest);
      break;
    }
    let cut = rest.lastIndexOf(" ", room);
    if (cut <= (first ? lead.length : 0)) cut = room;
    out.push(prefix + rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ +/, "");
    first = false;
  }
  return out;
}

/** Every line fitted to MAX_LINE. */
export function fitLines(lines: string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    const parts = fitLine(l);
    for (let i = 0; i < parts.length; i++) out.push(parts[i]);
  }
  return out;
}
