// The one escaping door for dump-derived text (process, driver, module, symbol names, frame text) before it is
// printed to the debugger console or shown by dx. Used by the renderers here and by every command in src/commands.

const HEX = "0123456789abcdef";

function hex2(n: number): string {
  return HEX.charAt((n >> 4) & 15) + HEX.charAt(n & 15);
}

/**
 * Makes a dump string inert and visible on one line: newline, carriage return and tab become `\n`, `\r`, `\t`;
 * other control characters (C0, DEL, C1) become `\xNN`; U+2028/U+2029 become `\u2028`/`\u2029`; the DML markup
 * characters `<`, `>` and `&` become `\x3c`, `\x3e`, `\x26`, so no dump string can open a DML tag or entity.
 * Backslashes are left alone (driver names are full of them).
 */
export function escapeDumpText(text: string | null | undefined): string {
  if (text === null || text === undefined) return "";
  const s = String(text);
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c === 9) out += "\\t";
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) out += "\\x" + hex2(c);
    else if (c === 0x3c || c === 0x3e || c === 0x26) out += "\\x" + hex2(c);
    else if (c === 0x2028 || c === 0x2029) out += "\\u" + c.toString(16);
    else out += s.charAt(i);
  }
  return out;
}
