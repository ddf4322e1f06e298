// Prints an exported scenario as ASCII-only JSON text for the debugger console. Called by src/commands/scenario-export.ts.
// Everything else, control characters and < > & are \u-escaped: no dump string can break a line or inject markup.

/** One JSON value as this printer accepts it (plain data only). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const HEX = "0123456789abcdef";

function u4(code: number): string {
  return "\\u" + HEX.charAt((code >> 12) & 15) + HEX.charAt((code >> 8) & 15) + HEX.charAt((code >> 4) & 15) + HEX.charAt(code & 15);
}

/** A JSON string literal that is plain printable ASCII whatever the input (lone surrogates included). */
export function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c < 0x20 || c > 0x7e || c === 0x3c || c === 0x3e || c === 0x26) out += u4(c);
    else out += s.charAt(i);
  }
  return out + '"';
}

function scalar(v: JsonValue): string | null {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return isFinite(v) ? String(v) : "null";
  if (typeof v === "string") return jsonString(v);
  return null;
}

/** The value on one line, without spaces. */
export function compactJson(v: JsonValue): string {
  const s = scalar(v);
  if (s !== null) return s;
  if (Array.isArray(v)) return "[" + v.map(compactJson).join(",") + "]";
  const o = v as { [key: string]: JsonValue };
  const parts: string[] = [];
  for (const k in o) {
    if (Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined) parts.push(jsonString(k) + ":" + compactJson(o[k]));
  }
  return "{" + parts.join(",") + "}";
}

function pretty(v: JsonValue, indent: string, prefix: string, width: number, out: string[]): void {
  const flat = compactJson(v);
  if (scalar(v) !== null || indent.length + prefix.length + flat.length <= width) {
    out.push(indent + prefix + flat);
    return;
  }
  const inner = indent + " ";
  if (Array.isArray(v)) {
    out.push(indent + prefix + "[");
    const allScalars = v.every((x) => scalar(x) !== null);
    if (allScalars) {
      // Lists of addresses or frames: as many per line as fit.
      let line = "";
      for (let i = 0; i < v.length; i++) {
        const item = compactJson(v[i]) + (i < v.length - 1 ? "," : "");
        if (line !== "" && inner.length + line.length + item.length > width) {
          out.push(inner + line);
          line = "";
        }
        line += item;
      }
      if (line !== "") out.push(inner + line);
    } else {
      for (let i = 0; i < v.length; i++) {
        pretty(v[i], inner, "", width, out);
        if (i < v.length - 1) out[out.length - 1] += ",";
      }
    }
    out.push(indent + "]");
    return;
  }
  const o = v as { [key: string]: JsonValue };
  const keys = Object.keys(o).filter((k) => o[k] !== undefined);
  out.push(indent + prefix + "{");
  // Members that fit share lines; a member too long for a line of its own is opened on its own lines.
  let line = "";
  for (let i = 0; i < keys.length; i++) {
    const key = jsonString(keys[i]) + ": ";
    const last = i === keys.length - 1;
    const item = key + compactJson(o[keys[i]]) + (last ? "" : ",");
    if (inner.length + item.length > width) {
      if (line !== "") out.push(inner + line);
      line = "";
      pretty(o[keys[i]], inner, key, width, out);
      if (!last) out[out.length - 1] += ",";
      continue;
    }
    if (line !== "" && inner.length + line.length + 1 + item.length > width) {
      out.push(inner + line);
      line = "";
    }
    line += (line === "" ? "" : " ") + item;
  }
  if (line !== "") out.push(inner + line);
  out.push(indent + "}");
}

/**
 * The document as lines: what fits in `width` characters stays on one line (a module, an IRP location, a short
 * thread); anything larger is opened, one space of indent per level, with its short members sharing lines. Ends with
 * a newline.
 */
export function printJson(v: JsonValue, width?: number): string {
  const out: string[] = [];
  pretty(v, "", "", width !== undefined ? width : 160, out);
  return out.join("\n") + "\n";
}
