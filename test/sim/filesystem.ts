// The mock `Debugger.Utility.FileSystem` (phase 2, under host.namespace): files are real files on this machine, at
// the path given (relative paths from the current directory), so `!isaScenario (…, "out/case.json")` leaves a file a
// test or a user can replay. Used by test/sim/host.ts.
//
// Reproduced from the documentation (dbgmodel-namespace-file-system, dbgmodel-object-file, dbgmodel-object-text-writer):
// FileExists(path) → boolean; CreateFile(path, [disposition]) with "OpenExisting" | "CreateNew" | "CreateAlways";
// CreateTextWriter(file | path, [encoding]) with "Ascii" | "Utf8" | "Utf16" (default "Ascii"); writer Write/WriteLine;
// file Close(), Delete(), Path (fully qualified), Name, Extension, Size, Position.
// Choices where the documentation is silent (the stricter side):
// - CreateFile's default disposition is "CreateAlways" (the doc's "creates a new file ... for writing");
// - "CreateNew" throws when the file exists, "OpenExisting" when it does not; a missing directory throws (as the Win32
//   CreateFile dispositions of the same names do);
// - WriteLine ends lines with "\r\n" (a Windows debugger); "Utf8" writes no byte-order mark; "Ascii" refuses a
//   character above 0x7f; "Utf16" writes UTF-16LE;
// - writing to, or through a writer of, a closed file throws;
// - a Windows path (a drive letter, backslashes) on another OS: backslashes are separators, and a drive-letter path
//   throws as a missing directory, so nothing lands in a file literally named "C:\cases\case.json".
import { closeSync, existsSync, openSync, unlinkSync, writeSync, fstatSync } from "node:fs";
import { basename, extname, resolve } from "node:path";
import { nativeObject, type HostContext } from "./native";

const DISPOSITIONS = ["OpenExisting", "CreateNew", "CreateAlways"];
const ENCODINGS = ["Ascii", "Utf8", "Utf16"];

/** The path as this machine's file system reads it. */
function localPath(ctx: HostContext, path: unknown, what: string): string {
  if (typeof path !== "string" || path === "") throw ctx.error(`${what}: the path must be a non-empty string`);
  if (process.platform === "win32") return resolve(path);
  if (/^[A-Za-z]:/.test(path) || path.startsWith("\\\\")) throw ctx.error(`${what}: the system cannot find the path specified (${path})`);
  return resolve(path.replace(/\\/g, "/"));
}

interface SimFile {
  fd: number | null;
  path: string;
}

export function fileSystemNamespace(ctx: HostContext): unknown {
  const open = (file: SimFile, disposition: string) => {
    const flags = disposition === "CreateNew" ? "wx" : disposition === "CreateAlways" ? "w" : "r+";
    try {
      file.fd = openSync(file.path, flags);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === "EEXIST" ? "the file exists" : code === "ENOENT" ? "the system cannot find the path specified" : code;
      throw ctx.error(`CreateFile: ${why} (${file.path})`);
    }
  };
  const fileObject = (file: SimFile): unknown =>
    nativeObject(
      ctx,
      {
        Close: () => () => {
          if (file.fd !== null) closeSync(file.fd);
          file.fd = null;
        },
        Delete: () => () => {
          if (file.fd !== null) closeSync(file.fd);
          file.fd = null;
          unlinkSync(file.path);
        },
        Open: () => (disposition: unknown) => {
          if (typeof disposition !== "string" || !DISPOSITIONS.includes(disposition)) throw ctx.error("Open: unknown disposition");
          if (file.fd !== null) throw ctx.error("Open: the file is already open");
          open(file, disposition);
        },
        Path: () => file.path,
        Name: () => basename(file.path),
        Extension: () => extname(file.path),
        Size: () => (file.fd !== null ? fstatSync(file.fd).size : 0),
      },
      () => file.path,
    );
  const files = new WeakMap<object, SimFile>();
  const writerFor = (file: SimFile, encoding: string): unknown => {
    const write = (text: string) => {
      if (file.fd === null) throw ctx.error("the file is closed");
      if (encoding === "Ascii" && /[^\x00-\x7f]/.test(text)) throw ctx.error("Ascii text writer: a character cannot be encoded");
      writeSync(file.fd, text, null, encoding === "Utf16" ? "utf16le" : "utf8");
    };
    return nativeObject(ctx, {
      Write: () => (o: unknown) => write(String(o)),
      WriteLine: () => (o: unknown) => write(String(o) + "\r\n"),
      WriteContents: () => (o: Iterable<unknown>) => {
        for (const x of o) write(String(x));
      },
      WriteLineContents: () => (o: Iterable<unknown>) => {
        for (const x of o) write(String(x) + "\r\n");
      },
    });
  };
  return nativeObject(ctx, {
    FileExists: () => (path: unknown) => {
      if (typeof path !== "string") throw ctx.error("FileExists: the path must be a string");
      try {
        return existsSync(localPath(ctx, path, "FileExists"));
      } catch {
        return false; // a drive this machine does not have holds no file
      }
    },
    CreateFile: () => (path: unknown, disposition?: unknown) => {
      const d = disposition === undefined ? "CreateAlways" : disposition;
      if (typeof d !== "string" || !DISPOSITIONS.includes(d)) throw ctx.error(`CreateFile: disposition must be one of ${DISPOSITIONS.join(", ")}`);
      const file: SimFile = { fd: null, path: localPath(ctx, path, "CreateFile") };
      open(file, d);
      const obj = fileObject(file) as object;
      files.set(obj, file);
      return obj;
    },
    CreateTextWriter: () => (fileOrPath: unknown, encoding?: unknown) => {
      const e = encoding === undefined ? "Ascii" : encoding;
      if (typeof e !== "string" || !ENCODINGS.includes(e)) throw ctx.error(`CreateTextWriter: encoding must be one of ${ENCODINGS.join(", ")}`);
      let file = typeof fileOrPath === "object" && fileOrPath !== null ? files.get(fileOrPath) : undefined;
      if (!file) {
        if (typeof fileOrPath !== "string") throw ctx.error("CreateTextWriter takes a file object or a path");
        file = { fd: null, path: localPath(ctx, fileOrPath, "CreateTextWriter") };
        open(file, "CreateAlways");
      }
      return writerFor(file, e);
    },
  });
}
