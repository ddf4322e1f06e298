// DRIVER_OBJECTs found the way `!object \Driver` finds them: nt!ObpRootDirectoryObject -> the root directory's
// "Driver" and "FileSystem" directories -> their entries. collect.ts calls it for evidence modules no IRP's device named.
import { Addr, addrAdd, addrInRange, addrIsNull } from "../addr";
import { FieldInfo, Target } from "../host/target";
import { DeviceTable } from "./devices";
import { IO_TYPE_DRIVER } from "./enums";
import { Layout } from "./layout";
import { Quality } from "./quality";
import { StructView, utf16 } from "./struct";

/** _OBJECT_DIRECTORY.HashBuckets has 37 chains on every Windows so far (ObpLookupDirectoryEntry: HashValue % 37). */
export const HASH_BUCKETS = 37;
/** Entries followed per directory (all buckets together); a real \Driver holds a few hundred. */
export const MAX_DIRECTORY_ENTRIES = 1024;
/** Object names longer than this are damage (a directory's entries are short names). */
const MAX_OBJECT_NAME_BYTES = 512;
/** The directories holding DRIVER_OBJECTs: \Driver (drivers) and \FileSystem (file systems and their recognizers). */
const DRIVER_DIRECTORIES = ["driver", "filesystem"];
const WHAT = "object directory entries";

interface NamespaceLayout {
  entryObject: FieldInfo;
  entryChainLink: FieldInfo;
  entrySpan: number;
  /** _OBJECT_HEADER.Body: the header starts this far before the object. */
  body: number;
  headerSpan: number;
  /** 2003: the byte giving the name info's distance before the header. */
  nameInfoOffset: FieldInfo | null;
  /** Vista+: the bit mask of optional headers (0x1 creator info, 0x2 name info). */
  infoMask: FieldInfo | null;
  nameInfoSize: number;
  creatorInfoSize: number | null;
  nameLength: FieldInfo;
  nameBuffer: FieldInfo;
  nameSpan: number;
  /** nt!ObpInfoMaskToOffset (Vista+), null when the symbols do not give it. */
  infoMaskToOffset: Addr | null;
}

function namespaceLayout(target: Target): NamespaceLayout | null {
  const header = target.getType("_OBJECT_HEADER");
  const nameInfo = target.getType("_OBJECT_HEADER_NAME_INFO");
  const entry = target.getType("_OBJECT_DIRECTORY_ENTRY");
  if (header === null || nameInfo === null || entry === null) return null;
  const body = header.field("Body");
  const nameInfoOffset = header.field("NameInfoOffset");
  const infoMask = header.field("InfoMask");
  const entryObject = entry.field("Object");
  const entryChainLink = entry.field("ChainLink");
  const nameLength = nameInfo.field("Name.Length");
  const nameBuffer = nameInfo.field("Name.Buffer");
  if (body === null || (nameInfoOffset === null && infoMask === null) || entryObject === null || entryChainLink === null) return null;
  if (nameLength === null || nameBuffer === null) return null;
  const creator = target.getType("_OBJECT_HEADER_CREATOR_INFO");
  const marker = nameInfoOffset !== null ? nameInfoOffset : (infoMask as FieldInfo);
  return {
    entryObject: entryObject,
    entryChainLink: entryChainLink,
    entrySpan: Math.max(entryObject.offset, entryChainLink.offset) + target.pointerSize,
    body: body.offset,
    headerSpan: marker.offset + 1,
    nameInfoOffset: nameInfoOffset,
    infoMask: nameInfoOffset !== null ? null : infoMask,
    nameInfoSize: nameInfo.size,
    creatorInfoSize: creator !== null ? creator.size : null,
    nameLength: nameLength,
    nameBuffer: nameBuffer,
    nameSpan: nameBuffer.offset + target.pointerSize,
    infoMaskToOffset: infoMask !== null && nameInfoOffset === null ? target.getSymbolAddress("nt", "ObpInfoMaskToOffset") : null,
  };
}

/** The name an object's header gives it ("" when it has none), or null when unreadable (counted). */
function objectName(target: Target, l: NamespaceLayout, dq: Quality, object: Addr): string | null {
  try {
    const header = addrAdd(object, -l.body);
    const h = new StructView(header, target.read(header, l.headerSpan), target.pointerSize);
    let distance: number;
    if (l.nameInfoOffset !== null) {
      distance = h.field(l.nameInfoOffset);
      if (distance === 0) return "";
    } else {
      const mask = h.field(l.infoMask as FieldInfo);
      if ((mask & 0x2) === 0) return "";
      if (l.infoMaskToOffset !== null) {
        distance = new StructView(l.infoMaskToOffset, target.read(addrAdd(l.infoMaskToOffset, mask & 0x3), 1), target.pointerSize).u8(0);
      } else if ((mask & 0x1) === 0) {
        distance = l.nameInfoSize;
      } else if (l.creatorInfoSize !== null) {
        distance = l.nameInfoSize + l.creatorInfoSize;
      } else {
        dq.fail("missing-type", "object names (no _OBJECT_HEADER_CREATOR_INFO to step over)", object);
        return null;
      }
    }
    if (distance < l.nameInfoSize) {
      dq.fail("absurd-value", "object names", object);
      return null;
    }
    const at = addrAdd(header, -distance);
    const n = new StructView(at, target.read(at, l.nameSpan), target.pointerSize);
    const length = n.field(l.nameLength);
    const buffer = n.addr(l.nameBuffer);
    if (length > MAX_OBJECT_NAME_BYTES || length % 2 !== 0) {
      dq.fail("absurd-value", "object names", object);
      return null;
    }
    if (length === 0 || addrIsNull(buffer)) return "";
    return utf16(target.read(buffer, length));
  } catch (e) {
    dq.fail("read-error", "object names", object);
    return null;
  }
}

/** Every entry's Object in a directory: all 37 buckets, each chain bounded and cycle-safe. */
function directoryObjects(target: Target, l: NamespaceLayout, dq: Quality, directory: Addr): Addr[] {
  const ps = target.pointerSize;
  let buckets: StructView;
  try {
    buckets = new StructView(directory, target.read(directory, HASH_BUCKETS * ps), ps);
  } catch (e) {
    dq.fail("read-error", "object directories", directory);
    return [];
  }
  const out: Addr[] = [];
  const seen = new Set<Addr>();
  for (let b = 0; b < HASH_BUCKETS; b++) {
    let e = buckets.ptr(b * ps);
    while (!addrIsNull(e)) {
      if (seen.has(e)) {
        dq.fail("cycle", WHAT, directory);
        break;
      }
      if (seen.size >= MAX_DIRECTORY_ENTRIES) {
        dq.fail("bound", WHAT, directory);
        return out;
      }
      seen.add(e);
      let v: StructView;
      try {
        v = new StructView(e, target.read(e, l.entrySpan), ps);
      } catch (err) {
        dq.fail("read-error", WHAT, e);
        break;
      }
      const object = v.addr(l.entryObject);
      if (!addrIsNull(object)) out.push(object);
      e = v.addr(l.entryChainLink);
    }
  }
  return out;
}

/**
 * Decodes (into `devices`) the DRIVER_OBJECTs of \Driver and \FileSystem whose DriverStart lies in one of `modules`
 * (base/size ranges), stopping once each has one. An entry counts as a DRIVER_OBJECT only when its Type is
 * IO_TYPE_DRIVER and its Size the type's size. Returns how many were decoded; failures go to `dq`.
 */
export function findDriverObjects(
  target: Target,
  layout: Layout,
  dq: Quality,
  devices: DeviceTable,
  modules: { base: Addr; size: number }[],
): number {
  const dl = layout.driver;
  if (dl === null || modules.length === 0) return 0;
  const rootSymbol = target.getSymbolAddress("nt", "ObpRootDirectoryObject");
  const l = namespaceLayout(target);
  if (rootSymbol === null || l === null) {
    dq.note(rootSymbol === null ? "missing-symbol" : "missing-type",
      "the object namespace could not be walked (" + (rootSymbol === null ? "no nt!ObpRootDirectoryObject" : "no object header types") +
        "): modules no IRP passed are not matched to their DRIVER_OBJECTs");
    return 0;
  }
  let root: Addr;
  try {
    root = new StructView(rootSymbol, target.read(rootSymbol, target.pointerSize), target.pointerSize).ptr(0);
  } catch (e) {
    dq.fail("read-error", "object directories", rootSymbol);
    return 0;
  }
  if (addrIsNull(root)) return 0;
  const directories: Addr[] = [];
  const rootObjects = directoryObjects(target, l, dq, root);
  for (let i = 0; i < rootObjects.length; i++) {
    const name = objectName(target, l, dq, rootObjects[i]);
    if (name !== null && DRIVER_DIRECTORIES.indexOf(name.toLowerCase()) >= 0 && directories.indexOf(rootObjects[i]) < 0) {
      directories.push(rootObjects[i]);
    }
  }
  const open = modules.slice();
  let found = 0;
  for (let d = 0; d < directories.length && open.length > 0; d++) {
    const objects = directoryObjects(target, l, dq, directories[d]);
    for (let i = 0; i < objects.length && open.length > 0; i++) {
      let v: StructView;
      try {
        v = new StructView(objects[i], target.read(objects[i], dl.span), target.pointerSize);
      } catch (e) {
        dq.fail("read-error", "driver objects", objects[i]);
        continue;
      }
      // Other object types live in these directories too (e.g. symbolic links); only DRIVER_OBJECTs are taken.
      if (v.field(dl.type) !== IO_TYPE_DRIVER || (dl.size !== null && v.field(dl.size) !== dl.objectSize)) continue;
      const start = v.addr(dl.driverStart);
      let k = 0;
      while (k < open.length && !addrInRange(start, open[k].base, open[k].size)) k++;
      if (k === open.length) continue;
      if (devices.driver(objects[i]) !== null) {
        open.splice(k, 1);
        found++;
      }
    }
  }
  return found;
}
