// Writes a new text file through the debugger's own file API, for `!isaScenario (…, "case.json")` (called by
// src/commands/scenario-export.ts). Lives in src/host because only this folder touches `host`; phase 2 only.
//
// The documented API (learn.microsoft.com/windows-hardware/drivers/debugger/, Nov 2025), used exactly as shown:
// - dbgmodel-namespace-file-system: `Debugger.Utility.FileSystem.FileExists(path)` → true or false;
//   `CreateFile(path, [disposition])` "Creates a new file at the specified path and opens it for writing", disposition
//   one of "OpenExisting", "CreateNew", "CreateAlways"; `CreateTextWriter(file | path, [encoding])`, encoding one of
//   "Ascii", "Utf8", "Utf16" (default "Ascii").
// - dbgmodel-object-text-writer: `WriteLine(object)` "Writes the string conversion of the given object to the file
//   followed by a newline".
// - dbgmodel-object-file: `Close()`; `Delete()` "Deletes the file"; `Path` "A string containing the fully qualified path to the file"; and, from a
//   garbage-collected environment such as JavaScript, files "should be closed when no longer in use".
// - microsoft/WinDbg-Samples FileSystem/FileSystemSample.js: FileExists, CreateFile(name), CreateTextWriter(file),
//   textWriter.WriteLine(...), file.Close().
// UNCONFIRMED (so handled defensively): that "CreateNew" throws on an existing file (FileExists is asked first, and a
// throw from CreateFile is reported either way); the exact error text (never matched on); whether "Utf8" writes a
// byte-order mark ("Ascii" is used: the document is ASCII-only by construction, src/export/print.ts).
declare const host: any;

export class FileWriteError extends Error {}

function message(e: unknown): string {
  if (e && typeof e === "object" && "message" in (e as any)) return String((e as any).message);
  return String(e);
}

function fileSystem(): any {
  const fs = host.namespace.Debugger.Utility.FileSystem;
  if (!fs) throw new FileWriteError("this debugger has no Debugger.Utility.FileSystem");
  return fs;
}

/** True when a file exists at `path`; throws FileWriteError when the debugger cannot say. */
export function fileExists(path: string): boolean {
  try {
    return fileSystem().FileExists(path) === true;
  } catch (e) {
    if (e instanceof FileWriteError) throw e;
    throw new FileWriteError("the debugger could not check " + path + " (" + message(e) + ")");
  }
}

/**
 * Creates `path` (never over an existing file), writes `lines` (ASCII) and closes it. Returns the fully qualified path
 * the debugger reports (the file's `Path`), or `path` when it gives none. Throws FileWriteError saying what failed.
 */
export function writeNewTextFile(path: string, lines: string[]): string {
  if (fileExists(path)) throw new FileWriteError(path + " already exists (an existing file is never overwritten)");
  const fs = fileSystem();
  let file: any;
  try {
    file = fs.CreateFile(path, "CreateNew");
  } catch (e) {
    throw new FileWriteError("the debugger could not create " + path + " (" + message(e) + ")");
  }
  let written = path;
  let failure: string | null = null;
  try {
    const writer = fs.CreateTextWriter(file, "Ascii");
    for (let i = 0; i < lines.length; i++) writer.WriteLine(lines[i]);
    try {
      const p = file.Path;
      if (typeof p === "string" && p.length > 0) written = p;
    } catch (e) {
      // the path as typed is still true
    }
  } catch (e) {
    failure = message(e);
  }
  try {
    file.Close();
  } catch (e) {
    if (failure === null) failure = "closing it failed: " + message(e);
  }
  if (failure !== null) {
    // A half-written case is worse than none: remove it (file object `Delete()`), so the next try can create it anew.
    let removed = false;
    try {
      file.Delete();
      removed = true;
    } catch (e) {
      removed = false;
    }
    throw new FileWriteError("writing " + path + " failed (" + failure + ")" + (removed ? "; the partial file was deleted" : "; the file may be incomplete"));
  }
  return written;
}
