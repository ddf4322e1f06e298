// isatriage 0.1.0: WinDbg JavaScript extension for kernel dumps of servers that burn CPU or hang.
// Load: .scriptload <path>\isatriage.js   Run: !isaCpuCheck   (or !isaCpuCheck "w3wp.exe"; help: !isaCpuCheck "?")
// Built from src/ by scripts/build.mjs (esbuild, ES2017, IIFE). Do not edit: rebuild with `npm run build`.
"use strict";
var __isatriage = (() => {
  var __defProp = Object.defineProperty;
  var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
  var __getOwnPropNames = Object.getOwnPropertyNames;
  var __hasOwnProp = Object.prototype.hasOwnProperty;
  var __export = (target, all) => {
    for (var name in all)
      __defProp(target, name, { get: all[name], enumerable: true });
  };
  var __copyProps = (to, from, except, desc) => {
    if (from && typeof from === "object" || typeof from === "function") {
      for (let key of __getOwnPropNames(from))
        if (!__hasOwnProp.call(to, key) && key !== except)
          __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
    }
    return to;
  };
  var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

  // src/index.ts
  var index_exports = {};
  __export(index_exports, {
    initializeScript: () => initializeScript,
    uninitializeScript: () => uninitializeScript
  });

  // src/addr.ts
  var TWO32 = 4294967296;
  function canonical(hex4) {
    let i = 0;
    while (i < hex4.length - 1 && hex4.charAt(i) === "0") i++;
    return hex4.slice(i).toLowerCase();
  }
  function addrFromParts(hi, lo) {
    const h = hi >>> 0;
    const l = lo >>> 0;
    if (h === 0) return l.toString(16);
    const low = l.toString(16);
    return h.toString(16) + "00000000".slice(low.length) + low;
  }
  function addrParts(a) {
    if (a.length <= 8) return { hi: 0, lo: parseInt(a, 16) >>> 0 };
    return { hi: parseInt(a.slice(0, a.length - 8), 16) >>> 0, lo: parseInt(a.slice(a.length - 8), 16) >>> 0 };
  }
  function addrFromNumber(n) {
    if (!(n >= 0) || n > 9007199254740991 || Math.floor(n) !== n) throw new Error("not an address: " + n);
    return addrFromParts(Math.floor(n / TWO32), n % TWO32);
  }
  function addrToNumber(a) {
    const p = addrParts(a);
    if (p.hi >= 2097152) return null;
    return p.hi * TWO32 + p.lo;
  }
  function parseAddr(text) {
    let s = String(text).trim().replace(/`/g, "");
    if (s.slice(0, 2).toLowerCase() === "0x") s = s.slice(2);
    if (!/^[0-9a-fA-F]{1,16}$/.test(s)) return null;
    return canonical(s);
  }
  function addrIsNull(a) {
    return a === "0";
  }
  function addrCompare(a, b) {
    if (a.length !== b.length) return a.length < b.length ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  function addrAdd(a, delta) {
    if (delta === 0) return a;
    const p = addrParts(a);
    let lo = p.lo + delta % TWO32;
    let hi = p.hi + Math.trunc(delta / TWO32);
    if (lo >= TWO32) {
      lo -= TWO32;
      hi += 1;
    } else if (lo < 0) {
      lo += TWO32;
      hi -= 1;
    }
    hi = (hi % TWO32 + TWO32) % TWO32;
    return addrFromParts(hi, lo);
  }
  function addrDiff(a, b) {
    const pa = addrParts(a);
    const pb = addrParts(b);
    const d = (pa.hi - pb.hi) * TWO32 + (pa.lo - pb.lo);
    return Math.abs(d) <= 9007199254740991 ? d : null;
  }
  function addrInRange(a, base, size) {
    const d = addrDiff(a, base);
    return d !== null && d >= 0 && d < size;
  }
  function addrLowBits(a, bits) {
    return addrParts(a).lo & (1 << bits) - 1;
  }
  function formatAddr(a, pointerSize) {
    const p = addrParts(a);
    const lo = p.lo.toString(16);
    const lo8 = "00000000".slice(lo.length) + lo;
    if (pointerSize === 4 && p.hi === 0) return lo8;
    const hi = p.hi.toString(16);
    return "00000000".slice(hi.length) + hi + "`" + lo8;
  }
  function jsonAddr(a) {
    return "0x" + a;
  }

  // src/analysis/model.ts
  function keyed(items, key) {
    const m = {};
    for (const it of items) {
      const k = key(it);
      if (!Object.prototype.hasOwnProperty.call(m, k)) m[k] = it;
    }
    return m;
  }
  function get(m, k) {
    return Object.prototype.hasOwnProperty.call(m, k) ? m[k] : null;
  }
  function indexSnapshot(s) {
    const threads = keyed(s.threads, (t) => t.address);
    const irps = keyed(s.irps, (i) => i.address);
    const devices = keyed(s.devices, (d) => d.address);
    const drivers = keyed(s.drivers, (d) => d.address);
    const driverNames = keyed(s.drivers, (d) => d.name.toLowerCase());
    const modules = keyed(s.modules, (m) => m.name.toLowerCase());
    const resources = keyed(s.resources, (r) => r.address);
    const under = {};
    for (const d of s.devices) {
      if (d.attachedDevice && d.attachedDevice !== "0") {
        (under[d.attachedDevice] = under[d.attachedDevice] || []).push(d);
      }
    }
    const targetProcs = {};
    for (const p of s.targets) targetProcs[p.address] = true;
    const targetPids = {};
    for (const p of s.targets) targetPids[String(p.pid)] = true;
    return {
      snapshot: s,
      thread: (a) => get(threads, a),
      irp: (a) => get(irps, a),
      device: (a) => get(devices, a),
      driverByAddress: (a) => get(drivers, a),
      driverByName: (n) => get(driverNames, n.toLowerCase()),
      module: (n) => n === null ? null : get(modules, n.toLowerCase()),
      moduleContaining: (a) => {
        if (a === null || a === "0") return null;
        for (const m of s.modules) if (addrInRange(a, m.base, m.size)) return m;
        return null;
      },
      resource: (a) => get(resources, a),
      attachedUnder: (a) => under[a] || [],
      isTarget: (t) => t.processAddress !== null ? get(targetProcs, t.processAddress) !== null : get(targetPids, String(t.pid)) !== null
    };
  }
  function isCoreModule(m, name) {
    const n = (m ? m.name : name || "").toLowerCase();
    if (n === "nt" || n === "hal") return true;
    const image = m ? m.image.toLowerCase() : "";
    return /^(ntoskrnl|ntkrnlpa|ntkrnlmp|ntkrpamp)\.exe$/.test(image) || /^hal.*\.dll$/.test(image);
  }
  function frameModule(idx, f) {
    const byName = idx.module(f.module);
    if (byName) return byName;
    return idx.moduleContaining(f.address);
  }
  var ACQUIRE_FRAME = /^(nt|ntoskrnl|ntkrnlpa|ntkrnlmp|ntkrpamp)!(ExpWaitForResource|ExAcquireResource|ExAcquireShared|ExEnterCriticalRegionAndAcquireResource|ExEnterPriorityRegionAndAcquireResource|ExAcquireFastResource|ExpAcquireResource)/i;
  var SPIN_FRAME = /^(nt|ntoskrnl|ntkrnlpa|ntkrnlmp|ntkrpamp|hal\w*)!\w*(Acquire\w*SpinLock|WaitForSpinLock|WaitForLockOwnerShip|AcquireQueuedLock)/i;
  function isSpinFrame(text) {
    return SPIN_FRAME.test(text);
  }
  function isAcquireFrame(text) {
    return ACQUIRE_FRAME.test(text) || SPIN_FRAME.test(text);
  }
  var OTHER_LOCK_FRAME = /^(nt|ntoskrnl|ntkrnlpa|ntkrnlmp|ntkrpamp|hal[a-z]*)!(Kx|Ke|Kf|Ki|Ex|Exf|Exp|Kxf)(WaitForSpinLock|AcquireSpinLock|AcquireInStackQueuedSpinLock|AcquireQueuedSpinLock|WaitForLockOwnerShip|AcquireSpinLockExclusive|AcquireSpinLockShared|AcquirePushLock|WaitForPushLock|AcquireFastMutex|AcquireGuardedMutex|WaitForFastMutex|AcquireFastMutexContended)/i;
  function isLockAcquireFrame(text) {
    return ACQUIRE_FRAME.test(text) || OTHER_LOCK_FRAME.test(text);
  }
  function innermostNonCoreFrame(idx, stack) {
    if (!stack) return null;
    let acquiring = false;
    let anyLock = false;
    for (const f of stack) {
      const m = frameModule(idx, f);
      if (isAcquireFrame(f.text)) acquiring = true;
      if (isLockAcquireFrame(f.text)) anyLock = true;
      if (!m) continue;
      if (isCoreModule(m, f.module)) continue;
      return { frame: f, module: m, acquiringLock: acquiring, inLockAcquisition: anyLock };
    }
    return null;
  }
  function stackModules(idx, stack) {
    const out = [];
    if (!stack) return out;
    const seen = {};
    for (const f of stack) {
      const m = frameModule(idx, f);
      if (!m || isCoreModule(m, f.module)) continue;
      const k = m.name.toLowerCase();
      if (seen[k]) continue;
      seen[k] = true;
      out.push({ module: m, frame: f });
    }
    return out;
  }
  function driversOfModule(s, m) {
    const out = [];
    for (const d of s.drivers) {
      if (d.module !== null && d.module.toLowerCase() === m.name.toLowerCase()) out.push(d);
      else if (d.module === null && d.driverStart !== "0" && addrInRange(d.driverStart, m.base, m.size)) out.push(d);
    }
    return out;
  }
  var RUNNABLE_STATES = {
    Running: true,
    Ready: true,
    Standby: true,
    DeferredReady: true
  };

  // src/analysis/blocking.ts
  var stackRunningCode = (idx, t) => {
    const inner = innermostNonCoreFrame(idx, t.stack);
    return inner ? { module: inner.module, frame: inner.frame.text, acquiringLock: inner.inLockAcquisition, source: "stack" } : null;
  };
  function runningCode(idx, t, sources) {
    for (const s of sources) {
      const r = s(idx, t);
      if (r) return r;
    }
    return null;
  }
  function runningSourcesWith(extra) {
    return extra.concat([stackRunningCode]);
  }
  function driverOfDevice(idx, dev) {
    const rec = idx.device(dev);
    if (!rec) return { name: null, module: null };
    const drv = idx.driverByAddress(rec.driverObject) || (rec.driverName ? idx.driverByName(rec.driverName) : null);
    const m = drv ? idx.module(drv.module) || idx.moduleContaining(drv.driverStart) : null;
    return { name: rec.driverName || (drv ? drv.name : null), module: m };
  }
  function stepModule(idx, st) {
    return idx.module(st.module) || driverOfDevice(idx, st.device).module;
  }
  function majorWord(p) {
    if (!p.majorName || !/^IRP_MJ_[A-Z_]+$/.test(p.majorName)) return null;
    return p.majorName.slice(7).toLowerCase().replace(/_/g, " ");
  }
  function ownIoWait(idx, paths, irps, m) {
    const key = m.name.toLowerCase();
    const groups = {};
    const order = [];
    let of = 0;
    let through = 0;
    let atSelf = false;
    for (const a of irps) {
      const p = paths[a];
      if (!p) continue;
      of++;
      if (!p.pending) continue;
      let cur = null;
      let passed = false;
      for (const st of p.steps) {
        const sm = stepModule(idx, st);
        if (st.position === "current") cur = { st, m: sm };
        else if (sm && sm.name.toLowerCase() === key) passed = true;
      }
      if (!cur) continue;
      if (cur.m && cur.m.name.toLowerCase() === key) {
        atSelf = true;
        continue;
      }
      if (!passed) continue;
      through++;
      if (!cur.m) continue;
      const k = cur.m.name.toLowerCase();
      let g = groups[k];
      if (!g) {
        const name = cur.st.driverName || driverOfDevice(idx, cur.st.device).name;
        g = groups[k] = { module: cur.m.name, driver: name || cur.m.name, driverName: name, irps: [], major: majorWord(p), majority: false };
        order.push(k);
      }
      if (g.irps.indexOf(p.irp) < 0) g.irps.push(p.irp);
      if (g.major !== majorWord(p)) g.major = null;
    }
    if (atSelf) return { holds: [], of, through };
    const list = order.map((k, i) => ({ g: groups[k], i }));
    list.sort((x, y) => y.g.irps.length - x.g.irps.length || x.i - y.i);
    const holds = list.map((x) => x.g);
    for (const g of holds) g.majority = g.irps.length * 2 >= through;
    return { holds, of, through };
  }
  function orphanAcquirers(idx, c) {
    const waiters = c.exclusiveWaiters.concat(c.sharedWaiters);
    let m = null;
    let frame = "";
    const threads = [];
    for (const w of waiters) {
      const wt = idx.thread(w);
      if (!wt || !wt.stack) continue;
      const inner = innermostNonCoreFrame(idx, wt.stack);
      if (!inner) return null;
      if (!m) {
        m = inner.module;
        frame = inner.frame.text;
      } else if (m.name.toLowerCase() !== inner.module.name.toLowerCase()) return null;
      threads.push(w);
    }
    if (!m || threads.length * 2 < waiters.length) return null;
    return { m, n: threads.length, of: waiters.length, frame, threads };
  }
  function lockModule(idx, c, r) {
    const symMod = c && c.symbol && c.symbol.indexOf("!") > 0 ? idx.module(c.symbol.slice(0, c.symbol.indexOf("!"))) : null;
    return symMod || idx.moduleContaining(r);
  }
  function moduleRuns(idx, t) {
    const runs = [];
    for (const f of t.stack || []) {
      const sm = stackModules(idx, [f])[0];
      if (!sm) continue;
      const last = runs.length > 0 ? runs[runs.length - 1] : null;
      if (last && last.m.name.toLowerCase() === sm.module.name.toLowerCase()) continue;
      runs.push({ m: sm.module, frame: f.text });
    }
    return runs;
  }
  function callbackCaller(idx, t, m) {
    const runs = moduleRuns(idx, t);
    if (runs.length < 3 || runs[0].m.name.toLowerCase() !== m.name.toLowerCase()) return null;
    const mk = m.name.toLowerCase();
    if (runs[1].m.name.toLowerCase() === mk) return null;
    for (let k = 2; k < runs.length; k++) if (runs[k].m.name.toLowerCase() === mk) return runs[1];
    return null;
  }
  function reentryModule(idx, t) {
    if (!t.stack) return null;
    const runs = moduleRuns(idx, t);
    const first = {};
    const last = {};
    runs.forEach((r, i) => {
      const k = r.m.name.toLowerCase();
      if (!(k in first)) first[k] = i;
      last[k] = i;
    });
    for (let j2 = 1; j2 < runs.length - 1; j2++) {
      const mk = runs[j2].m.name.toLowerCase();
      for (const xk in first) {
        if (xk !== mk && first[xk] < j2 && last[xk] > j2) return { m: runs[j2].m, frame: runs[j2].frame, into: runs[first[xk]].m.name };
      }
    }
    return null;
  }
  function unknown(b, text) {
    return { blocker: b.thread, kind: "unknown", modules: [], frame: null, via: null, io: [], ioOf: 0, ioThrough: 0, text };
  }
  function point(b, kind, modules, frame, text, via) {
    return { blocker: b.thread, kind, modules, frame, via: via || null, io: [], ioOf: 0, ioThrough: 0, text };
  }
  function findBlockingPoints(ctx) {
    const { idx, fmt } = ctx;
    const sources = runningSourcesWith(ctx.runningSources || []);
    const out = {};
    const resByAddr = {};
    for (const c of ctx.contention) resByAddr[c.resource] = c;
    const resourceObjects = {};
    for (const r of idx.snapshot.resources) {
      resourceObjects[r.address] = true;
      if (r.sharedWaitersObject !== "0") resourceObjects[r.sharedWaitersObject] = true;
      if (r.exclusiveWaitersObject !== "0") resourceObjects[r.exclusiveWaitersObject] = true;
    }
    const cycleOf = {};
    function cyclePoint(b) {
      const cy = ctx.deadlocks.filter((c) => c.threads.indexOf(b.thread) >= 0)[0];
      if (!cy) return unknown(b, "deadlocked, cycle not found");
      const key = cy.threads.join(",");
      const known = cycleOf[key];
      if (known) return Object.assign({}, known, { blocker: b.thread });
      const reentry = [];
      let reText = "";
      const sites = [];
      for (const th of cy.threads) {
        const t = idx.thread(th);
        if (!t || !t.stack) continue;
        const re = reentryModule(idx, t);
        if (re && reentry.indexOf(re.m.name) < 0) {
          reentry.push(re.m.name);
          if (!reText) reText = re.m.name + " (" + re.frame + ") re-entered " + re.into + " on the stack of deadlocked thread " + fmt(th);
        }
        const inner = innermostNonCoreFrame(idx, t.stack);
        if (inner && sites.indexOf(inner.module.name) < 0) sites.push(inner.module.name);
      }
      const locks = cy.resources.map((r) => "ERESOURCE " + fmt(r)).join(", ");
      const p = reentry.length > 0 ? point(b, "reentry", reentry, null, "a closed cycle (" + locks + ") closed by a nested request: " + reText) : sites.length > 0 ? point(b, "cycle", sites, null, "a closed cycle (" + locks + ") whose threads take their locks in " + sites.join(", ")) : unknown(b, "a closed cycle (" + locks + ") whose threads' code could not be read");
      cycleOf[key] = p;
      return p;
    }
    for (const b of ctx.blockers) {
      const t = idx.thread(b.thread);
      if (b.role === "deadlock") {
        out[b.thread] = cyclePoint(b);
        continue;
      }
      if (b.role === "orphan-owner") {
        let p = null;
        for (const r of b.resources) {
          const c = resByAddr[r];
          const acq = c ? orphanAcquirers(idx, c) : null;
          const lm = lockModule(idx, c || null, r);
          if (acq && lm && lm.name.toLowerCase() === acq.m.name.toLowerCase()) {
            p = point(b, "abandoned-lock", [acq.m.name], acq.frame, "ERESOURCE " + fmt(r) + ", a lock of " + acq.m.name + " taken from its code, abandoned by its vanished owner");
            break;
          }
        }
        out[b.thread] = p || unknown(b, "the owner vanished; nothing says whose lock it is");
        continue;
      }
      if (!t) {
        out[b.thread] = unknown(b, "the head could not be read");
        continue;
      }
      if (!t.stack) {
        out[b.thread] = unknown(b, "the head's stack is unavailable");
        continue;
      }
      if (t.state !== "Waiting") {
        const rc = runningCode(idx, t, sources);
        const top = t.stack.length > 0 ? t.stack[0] : null;
        if (!rc && top && !top.module && !idx.moduleContaining(top.address) && idx.isTarget(t))
          out[b.thread] = point(b, "target-code", [], top.text, "the head, a thread of the target, is " + t.state + " in the target's own code (" + top.text + ")");
        else if (!rc) out[b.thread] = unknown(b, "the head is " + t.state + " in nt only");
        else if (rc.acquiringLock) out[b.thread] = unknown(b, "the head is " + t.state + " in nt's lock acquisition, called from " + rc.module.name + " (" + rc.frame + ")");
        else out[b.thread] = point(b, "runs-in", [rc.module.name], rc.frame, "the head is " + t.state + " inside " + rc.module.name + " (" + rc.frame + ")");
        continue;
      }
      const inner = innermostNonCoreFrame(idx, t.stack);
      if (!inner) {
        out[b.thread] = unknown(b, "the head waits in nt only");
        continue;
      }
      if (inner.inLockAcquisition) {
        out[b.thread] = unknown(b, "the head acquires a lock that is not a contended ERESOURCE, from " + inner.module.name + " (" + inner.frame.text + ")");
        continue;
      }
      const ownObject = t.waitObjects.some((o) => {
        if (resourceObjects[o]) return false;
        const om = idx.moduleContaining(o);
        return om !== null && om.name.toLowerCase() === inner.module.name.toLowerCase();
      });
      const io = ownObject ? null : ownIoWait(idx, ctx.paths, t.irps, inner.module);
      if (io && io.holds.length > 0) {
        const major = io.holds.filter((g) => g.majority);
        const p = point(
          b,
          "io-pending-in",
          major.map((g) => g.module),
          inner.frame.text,
          "the head waits inside " + inner.module.name + " (" + inner.frame.text + ") for its own I/O, pending in " + major.map((g) => g.driver).join(", "),
          inner.module.name
        );
        p.io = io.holds;
        p.ioOf = io.of;
        p.ioThrough = io.through;
        out[b.thread] = p;
        continue;
      }
      const caller = ownObject ? null : callbackCaller(idx, t, inner.module);
      if (caller) {
        out[b.thread] = point(
          b,
          "waits-in",
          [caller.m.name],
          caller.frame,
          "the head waits inside " + inner.module.name + " (" + inner.frame.text + ") on behalf of " + caller.m.name + " (" + caller.frame + "), whose callback called it",
          inner.module.name
        );
        continue;
      }
      out[b.thread] = point(b, "waits-in", [inner.module.name], inner.frame.text, "the head waits inside " + inner.module.name + " (" + inner.frame.text + ")");
    }
    return out;
  }
  function elsewhere(bp, module) {
    if (!bp || bp.kind === "unknown") return false;
    const k = module.toLowerCase();
    return !bp.modules.some((m) => m.toLowerCase() === k);
  }

  // src/analysis/chains.ts
  var MAX_CHAIN = 64;
  var MAX_VISITS = 2e4;
  var MAX_CHAINS = 50;
  var MAX_CYCLES = 100;
  function uniq(list) {
    const seen = {};
    const out = [];
    for (const a of list) {
      if (!a || a === "0" || seen[a]) continue;
      seen[a] = true;
      out.push(a);
    }
    return out;
  }
  function entryIsWaiter(idx, r, thread, isWaiter) {
    if (isWaiter) return true;
    if (r.sharedWaiters.indexOf(thread) >= 0) return true;
    const t = idx.thread(thread);
    if (t && t.state === "Waiting" && r.sharedWaitersObject !== "0" && t.waitObjects.indexOf(r.sharedWaitersObject) >= 0)
      return true;
    return false;
  }
  function realOwners(idx, r) {
    const out = [];
    const seen = {};
    for (const e of r.ownerEntries) {
      if (!e.thread || e.thread === "0") continue;
      if (entryIsWaiter(idx, r, e.thread, e.isWaiter)) continue;
      if (seen[e.thread]) continue;
      seen[e.thread] = true;
      out.push({ thread: e.thread, count: e.count, ownerPointer: e.ownerPointer, raw: e.raw });
    }
    return out;
  }
  function waiterEntries(idx, r) {
    const out = [];
    for (const e of r.ownerEntries) {
      if (e.thread && e.thread !== "0" && entryIsWaiter(idx, r, e.thread, e.isWaiter)) out.push(e.thread);
    }
    return uniq(out);
  }
  function waitersByWaitObject(idx, r) {
    const ex = [];
    const sh = [];
    for (const t of idx.snapshot.threads) {
      if (t.state !== "Waiting") continue;
      if (r.exclusiveWaitersObject !== "0" && t.waitObjects.indexOf(r.exclusiveWaitersObject) >= 0) ex.push(t.address);
      if (r.sharedWaitersObject !== "0" && t.waitObjects.indexOf(r.sharedWaitersObject) >= 0) sh.push(t.address);
    }
    return { exclusive: ex, shared: sh };
  }
  function findContention(idx) {
    const out = [];
    const seen = {};
    for (const r of idx.snapshot.resources) {
      if (seen[r.address]) continue;
      seen[r.address] = true;
      const inTable = waiterEntries(idx, r);
      const byObject = waitersByWaitObject(idx, r);
      const exclusiveWaiters = uniq(r.exclusiveWaiters.concat(byObject.exclusive));
      const sharedWaiters = uniq(r.sharedWaiters.concat(inTable, byObject.shared));
      const counted = r.numberOfExclusiveWaiters + r.numberOfSharedWaiters;
      if (counted <= 0 && exclusiveWaiters.length === 0 && sharedWaiters.length === 0) continue;
      const notes = r.notes.slice();
      if (r.numberOfExclusiveWaiters !== exclusiveWaiters.length)
        notes.push(r.numberOfExclusiveWaiters + " exclusive waiters counted, " + exclusiveWaiters.length + " found");
      if (r.numberOfSharedWaiters !== sharedWaiters.length)
        notes.push(r.numberOfSharedWaiters + " shared waiters counted, " + sharedWaiters.length + " found");
      if (inTable.length > 0)
        notes.push(inTable.length + " owner-table entr" + (inTable.length === 1 ? "y is a shared waiter" : "ies are shared waiters") + ", not an owner");
      out.push({
        resource: r.address,
        symbol: r.symbol,
        exclusive: r.exclusive,
        contentionCount: r.contentionCount,
        owners: realOwners(idx, r),
        exclusiveWaiters,
        sharedWaiters,
        waiterEntriesInOwnerTable: inTable,
        numberOfExclusiveWaiters: r.numberOfExclusiveWaiters,
        numberOfSharedWaiters: r.numberOfSharedWaiters,
        notes: uniqStrings(notes)
      });
    }
    return out;
  }
  function uniqStrings(list) {
    const out = [];
    for (const s of list) if (out.indexOf(s) < 0) out.push(s);
    return out;
  }
  function reachThroughOwners(contention, start, reached) {
    const waitsOn = {};
    for (const c of contention) for (const w of c.exclusiveWaiters.concat(c.sharedWaiters)) (waitsOn[w] = waitsOn[w] || []).push(c);
    const queue = start.slice();
    for (let i = 0; i < queue.length && i < 1e5; i++) {
      for (const o of queue[i].owners) {
        for (const next of waitsOn[o.thread] || []) {
          if (reached[next.resource]) continue;
          reached[next.resource] = true;
          queue.push(next);
        }
      }
    }
  }
  function waitsOnMap(contention) {
    const m = {};
    for (const c of contention) {
      for (const w of c.exclusiveWaiters.concat(c.sharedWaiters)) {
        const l = m[w] = m[w] || [];
        if (l.indexOf(c.resource) < 0) l.push(c.resource);
      }
    }
    return m;
  }
  function ownersMap(contention) {
    const m = {};
    for (const c of contention) m[c.resource] = c.owners.map((o) => o.thread);
    return m;
  }
  function buildChains(contention) {
    const waits = waitsOnMap(contention);
    const owners = ownersMap(contention);
    const out = [];
    let visits = 0;
    let found = 0;
    const perResourceVisits = Math.max(200, Math.floor(MAX_VISITS / Math.max(1, contention.length)));
    const full = () => found >= MAX_CHAINS || visits > perResourceVisits;
    for (const c of contention) {
      visits = 0;
      found = 0;
      for (const o of c.owners) {
        if (full()) break;
        walk([{ resource: c.resource, owner: o.thread }], { [o.thread]: true });
      }
    }
    function walk(steps, onPath) {
      visits++;
      const last = steps[steps.length - 1];
      const next = waits[last.owner] || [];
      if (next.length === 0 || steps.length >= MAX_CHAIN || full()) {
        found++;
        out.push({ steps, head: next.length === 0 ? last.owner : null, endsInCycle: false });
        return;
      }
      let extended = false;
      for (const r of next) {
        for (const o of owners[r] || []) {
          if (full()) return;
          extended = true;
          if (onPath[o]) {
            found++;
            out.push({ steps: steps.concat([{ resource: r, owner: o }]), head: null, endsInCycle: true });
            continue;
          }
          const p = {};
          for (const k in onPath) p[k] = onPath[k];
          p[o] = true;
          walk(steps.concat([{ resource: r, owner: o }]), p);
        }
      }
      if (!extended) {
        found++;
        out.push({ steps, head: null, endsInCycle: false });
      }
    }
    return dedupeChains(out);
  }
  function dedupeChains(chains) {
    const seen = {};
    const out = [];
    for (const c of chains) {
      const k = c.steps.map((s) => s.resource + ">" + s.owner).join("|") + "#" + c.head + c.endsInCycle;
      if (seen[k]) continue;
      seen[k] = true;
      out.push(c);
    }
    return out;
  }
  function findDeadlocks(contention) {
    const waits = waitsOnMap(contention);
    const owners = ownersMap(contention);
    const cycles = [];
    const seen = {};
    const starts = Object.keys(waits).sort(addrCompare);
    let visits = 0;
    for (const start of starts) {
      let dfs2 = function(t) {
        if (stackT.length > MAX_CHAIN || ++visits > MAX_VISITS || cycles.length >= MAX_CYCLES) return;
        for (const r of waits[t] || []) {
          for (const o of owners[r] || []) {
            if (o === start) {
              const key = stackT.join(",") + "/" + stackR.concat([r]).join(",");
              if (!seen[key]) {
                seen[key] = true;
                cycles.push({ threads: stackT.slice(), resources: stackR.concat([r]) });
              }
              continue;
            }
            if (addrCompare(o, start) < 0 || stackT.indexOf(o) >= 0) continue;
            stackT.push(o);
            stackR.push(r);
            dfs2(o);
            stackT.pop();
            stackR.pop();
          }
        }
      };
      var dfs = dfs2;
      const stackT = [start];
      const stackR = [];
      dfs2(start);
    }
    return cycles;
  }
  function findOrphans(idx, contention, fmt) {
    const out = [];
    for (const c of contention) {
      if (c.owners.length === 0) {
        out.push({
          resource: c.resource,
          owner: null,
          reason: "no-owner",
          text: "ERESOURCE " + fmt(c.resource) + " has waiters but no owner in its owner table"
        });
        continue;
      }
      for (const o of c.owners) {
        const t = idx.thread(o.thread);
        if (!t) {
          out.push({
            resource: c.resource,
            owner: o.thread,
            reason: "unreadable",
            text: "the owner " + fmt(o.thread) + " of ERESOURCE " + fmt(c.resource) + " could not be read as a thread"
          });
        } else if (t.state === "Terminated") {
          out.push({
            resource: c.resource,
            owner: o.thread,
            reason: "terminated",
            text: "the owner " + fmt(o.thread) + " of ERESOURCE " + fmt(c.resource) + " has terminated without releasing it"
          });
        }
      }
    }
    for (const r of idx.snapshot.resources) {
      if (contention.some((c) => c.resource === r.address)) continue;
      for (const o of realOwners(idx, r)) {
        const t = idx.thread(o.thread);
        if (t && t.state === "Terminated")
          out.push({
            resource: r.address,
            owner: o.thread,
            reason: "terminated",
            text: "the owner " + fmt(o.thread) + " of ERESOURCE " + fmt(r.address) + " (no waiters yet) has terminated without releasing it"
          });
      }
    }
    return out;
  }
  function findBlockers(idx, contention, chains, deadlocks, orphans) {
    const out = [];
    const byThread = {};
    function add(thread, role) {
      let b = byThread[thread];
      if (b) {
        const rank = { "chain-head": 0, "orphan-owner": 1, deadlock: 2 };
        if (rank[role] > rank[b.role]) b.role = role;
        return;
      }
      const t = idx.thread(thread);
      const inner = t ? innermostNonCoreFrame(idx, t.stack) : null;
      const owned = [];
      for (const c of contention) if (c.owners.some((o) => o.thread === thread)) owned.push(c.resource);
      b = byThread[thread] = {
        thread,
        resources: owned,
        role,
        innermostFrame: inner ? inner.frame.text : null,
        innermostModule: inner ? inner.module.name : null,
        acquiringLock: inner ? inner.acquiringLock : false
      };
      out.push(b);
    }
    for (const ch of chains) if (ch.head) add(ch.head, "chain-head");
    for (const d of deadlocks) for (const t of d.threads) add(t, "deadlock");
    for (const o of orphans)
      if (o.owner && o.reason !== "no-owner" && contention.some((c) => c.resource === o.resource)) add(o.owner, "orphan-owner");
    return out;
  }

  // src/analysis/cpu.ts
  function byCpuTime(a, b) {
    return b.kernelTicks - a.kernelTicks || b.userTicks - a.userTicks || (a.address < b.address ? -1 : 1);
  }
  function cpuPicture(idx, topThreads, blockers, waiters) {
    const s = idx.snapshot;
    const threads = s.threads.filter((t) => idx.isTarget(t));
    threads.sort(byCpuTime);
    const n = Math.max(0, Math.floor(topThreads));
    const top = threads.slice(0, n);
    const hot = [];
    const rows = top.map((t) => {
      const isHot = RUNNABLE_STATES[t.state] === true && t.kernelTicks > 0;
      if (isHot) hot.push(t.address);
      return {
        thread: t.address,
        pid: t.pid,
        tid: t.tid,
        processName: t.processName,
        state: t.state,
        waitReason: t.waitReason,
        kernelSeconds: t.kernelSeconds,
        userSeconds: t.userSeconds,
        kernelTicks: t.kernelTicks,
        userTicks: t.userTicks,
        hot: isHot,
        blocker: blockers[t.address] === true,
        waiter: waiters[t.address] === true
      };
    });
    let kTicks = 0;
    let uTicks = 0;
    let count = 0;
    for (const p of s.targets) {
      kTicks += p.kernelTicks;
      uTicks += p.userTicks;
      count += p.threadCount;
    }
    if (s.targets.length === 0 || kTicks === 0 && uTicks === 0) {
      kTicks = 0;
      uTicks = 0;
      for (const t of threads) {
        kTicks += t.kernelTicks;
        uTicks += t.userTicks;
      }
      if (count === 0) count = threads.length;
    }
    const inc = s.os.keMaximumIncrement;
    const kernelSeconds = inc > 0 ? kTicks * inc / 1e7 : sumSeconds(threads, true);
    const userSeconds = inc > 0 ? uTicks * inc / 1e7 : sumSeconds(threads, false);
    const total = kTicks + uTicks;
    return {
      targets: s.targets,
      kernelSeconds,
      userSeconds,
      kernelPercent: total > 0 ? Math.round(kTicks * 1e3 / total) / 10 : null,
      topThreads: rows,
      hotThreads: hot,
      threadCount: count
    };
  }
  function sumSeconds(threads, kernel) {
    let s = 0;
    for (const t of threads) s += kernel ? t.kernelSeconds : t.userSeconds;
    return s;
  }

  // src/analysis/describe.ts
  function millisFromTicks(ticks, keMaximumIncrement, seconds) {
    if (keMaximumIncrement > 0 && ticks >= 0) return Math.floor(ticks * keMaximumIncrement / 1e4);
    return Math.floor(seconds * 1e3 + 1e-6);
  }
  function secondsText(ms) {
    const s = Math.floor(ms / 1e3);
    const r = ms % 1e3;
    return s + "." + (r < 10 ? "00" : r < 100 ? "0" : "") + r + " s";
  }
  function makeDescriber(idx) {
    const ps = idx.snapshot.os.pointerSize;
    const fmt = (a) => formatAddr(a, ps);
    const plural2 = (n, one, many) => n + " " + (n === 1 ? one : many || one + "s");
    const inc = idx.snapshot.os.keMaximumIncrement;
    return {
      fmt,
      plural: plural2,
      kernelTime: (t) => secondsText(millisFromTicks(t.kernelTicks, inc, t.kernelSeconds)),
      userTime: (t) => secondsText(millisFromTicks(t.userTicks, inc, t.userSeconds)),
      thread: (a) => {
        const t = idx.thread(a);
        return "thread " + fmt(a) + (t && t.processName ? " (" + t.processName + ")" : "");
      },
      resource: (c, a) => {
        if (!c) return "ERESOURCE " + fmt(a);
        const parts = [plural2(c.contentionCount, "contention")];
        const ex = Math.max(c.numberOfExclusiveWaiters, c.exclusiveWaiters.length);
        const sh = Math.max(c.numberOfSharedWaiters, c.sharedWaiters.length);
        if (ex > 0) parts.push(plural2(ex, "exclusive waiter"));
        if (sh > 0) parts.push(plural2(sh, "shared waiter"));
        return "ERESOURCE " + fmt(a) + (c.symbol ? " " + c.symbol : "") + " (" + parts.join(", ") + ")";
      }
    };
  }

  // src/analysis/findings.ts
  var SAFE_MODULE_NAME = /^[A-Za-z0-9_.$-]{1,64}$/;
  function moduleCommand(idx, d, name) {
    const m = idx.module(name);
    if (SAFE_MODULE_NAME.test(name)) return "lmvm " + name;
    return m ? "lmv a " + d.fmt(m.base) : "lm";
  }
  function driverCommand(idx, d, driver) {
    const drv = idx.driverByName(driver);
    if (drv && drv.address !== "0") return "!drvobj " + d.fmt(drv.address);
    return /^[A-Za-z0-9_\\.$-]{1,128}$/.test(driver) ? "!drvobj " + driver : null;
  }
  function chainLossNotes(idx, d, blockers) {
    const notes = [];
    for (const b of blockers) {
      const t = idx.thread(b.thread);
      if (!t) {
        notes.push("the blocking thread " + d.fmt(b.thread) + " could not be read: its stack and IRPs are unknown");
        continue;
      }
      if (!t.stack) notes.push("the kernel stack of blocking " + d.thread(b.thread) + " is unavailable");
      let missing = 0;
      for (const i of t.irps) if (!idx.irp(i)) missing++;
      if (missing > 0) notes.push(missing + " of " + t.irps.length + " IRPs of blocking " + d.thread(b.thread) + " could not be read or failed validation");
    }
    return notes;
  }
  function buildFindings(ctx) {
    const { idx, d } = ctx;
    const findings = [];
    const add = (text, refs, command) => findings.push({ text, refs, command });
    for (const c of ctx.contention) {
      const owners = c.owners.map((o) => d.fmt(o.thread) + (o.ownerPointer ? " (owner pointer " + d.fmt(o.raw) + ")" : ""));
      add(
        d.resource(c, c.resource) + ": " + (c.exclusive ? "exclusively owned by " : "shared, owned by ") + (owners.length > 0 ? owners.join(", ") : "no thread") + "; waiters: " + c.exclusiveWaiters.length + " exclusive found (" + c.numberOfExclusiveWaiters + " counted), " + c.sharedWaiters.length + " shared found (" + c.numberOfSharedWaiters + " counted)",
        [c.resource].concat(c.owners.map((o) => o.thread)),
        "!locks " + d.fmt(c.resource)
      );
    }
    for (const cy of ctx.deadlocks) {
      add(
        "deadlock cycle: " + cy.threads.map((t, i) => d.thread(t) + " waits on ERESOURCE " + d.fmt(cy.resources[i])).join(", ") + ", each owned by the next thread in the cycle",
        cy.threads.concat(cy.resources),
        "!locks " + d.fmt(cy.resources[0])
      );
    }
    for (const o of ctx.orphans) add("orphaned lock: " + o.text, o.owner ? [o.resource, o.owner] : [o.resource], "!locks " + d.fmt(o.resource));
    for (const b of ctx.blockers) {
      const t = idx.thread(b.thread);
      const state = t ? t.state + (t.state === "Waiting" ? " (" + t.waitReason + ")" : "") : "unreadable";
      const role = b.role === "deadlock" ? "a deadlocked thread" : b.role === "orphan-owner" ? "the owner of an orphaned lock" : "the head of a wait chain (it waits on no ERESOURCE)";
      add(
        d.thread(b.thread) + " is " + role + ": " + state + (b.innermostFrame ? ", innermost non-nt frame " + b.innermostFrame : t && !t.stack ? ", stack unavailable" : "") + (t ? ", " + d.plural(t.irps.length, "IRP") + " in its IrpList" + (t.irps.length === 0 ? " (its I/O is unknown, not healthy)" : "") : ""),
        [b.thread],
        "!thread " + d.fmt(b.thread)
      );
    }
    for (const g of ctx.irpGroups) {
      const p = g.path;
      const where = p.steps.map((s) => s.driverName || d.fmt(s.device)).join(", then ");
      add(
        d.plural(g.irps.length, "IRP") + " of " + d.thread(g.thread) + " " + (p.state === "complete" ? "complete" : p.pending ? "pending" : "active") + (p.majorName ? " (" + p.majorName + (p.minorName ? "/" + p.minorName : "") + ")" : "") + (where ? ", path from the current location down: " + where : ""),
        g.irps,
        "!irp " + d.fmt(g.example)
      );
    }
    for (const r of ctx.cpu.topThreads) {
      if (!r.hot) continue;
      add(
        d.thread(r.thread) + " is " + r.state + " with " + d.kernelTime(r) + " kernel and " + d.userTime(r) + " user time",
        [r.thread],
        "!thread " + d.fmt(r.thread)
      );
    }
    for (const s of ctx.suspects) {
      if (s.leadOnly && s.classification !== "third-party") continue;
      const devItem = s.items.filter((i) => i.kind === "attached-over")[0];
      if (devItem) add(devItem.text, devItem.refs, devItem.command);
    }
    const followUps = [];
    const seen = {};
    const follow = (command, why) => {
      if (!command || seen[command]) return;
      seen[command] = true;
      followUps.push({ command, why });
    };
    const named = ctx.verdict.culprit || ctx.verdict.blockingComponent;
    for (const f of findings) follow(f.command, f.text);
    if (named) {
      follow(moduleCommand(idx, d, named.name), "version information of " + named.module + " (" + (named.thirdParty ? "third-party" : "Microsoft") + ")");
      if (named.driver) follow(driverCommand(idx, d, named.driver), "the driver object of " + named.driver);
    }
    for (const s of ctx.suspects.slice(0, 3)) follow(moduleCommand(idx, d, s.module), "version information of suspect " + s.image);
    return { findings, followUps };
  }

  // src/analysis/graph.ts
  function threadNode(a) {
    return "thread:" + a;
  }
  function resourceNode(a) {
    return "resource:" + a;
  }
  function irpNode(a) {
    return "irp:" + a;
  }
  function deviceNode(a) {
    return "device:" + a;
  }
  function moduleNode(name) {
    return "module:" + name.toLowerCase();
  }
  function makeGraph(edges) {
    const byFrom = {};
    const byTo = {};
    for (const e of edges) {
      (byFrom[e.from] = byFrom[e.from] || []).push(e);
      (byTo[e.to] = byTo[e.to] || []).push(e);
    }
    const pick = (list, kind) => (list || []).filter((e) => kind === void 0 || e.kind === kind);
    return {
      edges,
      from: (n, kind) => pick(byFrom[n], kind),
      to: (n, kind) => pick(byTo[n], kind)
    };
  }
  function buildEvidenceGraph(idx, contention, paths) {
    const s = idx.snapshot;
    const edges = [];
    for (const r of s.resources) {
      const owners = realOwners(idx, r);
      for (const o of owners) {
        const i = indexOfEntry(r.ownerEntries, o.thread);
        edges.push({
          kind: "owns",
          from: threadNode(o.thread),
          to: resourceNode(r.address),
          field: "ERESOURCE owner entry " + i + " OwnerThread" + (o.ownerPointer ? " (owner pointer, low bits 3 cleared)" : "")
        });
      }
    }
    for (const c of contention) {
      for (const w of c.exclusiveWaiters)
        edges.push({ kind: "waits-on", from: threadNode(w), to: resourceNode(c.resource), field: "ERESOURCE.ExclusiveWaiters wait list" });
      for (const w of c.sharedWaiters)
        edges.push({
          kind: "waits-on",
          from: threadNode(w),
          to: resourceNode(c.resource),
          field: c.waiterEntriesInOwnerTable.indexOf(w) >= 0 ? "ERESOURCE owner-table entry of a shared waiter (SharedWaiters)" : "ERESOURCE.SharedWaiters wait list"
        });
    }
    for (const t of s.threads) {
      for (const irp of t.irps) edges.push({ kind: "holds-irp", from: threadNode(t.address), to: irpNode(irp), field: "ETHREAD.IrpList" });
      if (t.stack) {
        const seen = {};
        for (let i = 0; i < t.stack.length; i++) {
          const m = frameModule(idx, t.stack[i]);
          if (!m || seen[m.name]) continue;
          seen[m.name] = true;
          edges.push({ kind: "frame-in-module", from: threadNode(t.address), to: moduleNode(m.name), field: "Stack.Frames[" + i + "]" });
        }
      }
      if (t.state === "Waiting") {
        for (let i = 0; i < t.waitObjects.length; i++) {
          const m = idx.moduleContaining(t.waitObjects[i]);
          if (m && !isCoreModule(m, null))
            edges.push({ kind: "waits-on-object-in-module", from: threadNode(t.address), to: moduleNode(m.name), field: "KTHREAD.WaitBlockList[" + i + "].Object" });
        }
      }
      const start = idx.moduleContaining(t.startAddress);
      if (start && !isCoreModule(start, null))
        edges.push({ kind: "started-in-module", from: threadNode(t.address), to: moduleNode(start.name), field: "ETHREAD.StartAddress" });
    }
    for (const p of paths) {
      for (const st of p.steps)
        edges.push({
          kind: "irp-passes-driver",
          from: irpNode(p.irp),
          to: deviceNode(st.device),
          field: "IO_STACK_LOCATION[" + st.location + "].DeviceObject",
          location: st.location,
          position: st.position
        });
      for (const c of p.completions)
        if (c.module)
          edges.push({
            kind: "completion-hooked-by",
            from: irpNode(p.irp),
            to: moduleNode(c.module),
            field: "IO_STACK_LOCATION[" + c.location + "].CompletionRoutine (set by the driver of location " + (c.location + 1) + ")",
            location: c.location
          });
    }
    for (const d of s.devices) {
      if (d.attachedDevice && d.attachedDevice !== "0")
        edges.push({ kind: "attached-over", from: deviceNode(d.attachedDevice), to: deviceNode(d.address), field: "DEVICE_OBJECT.AttachedDevice" });
    }
    return makeGraph(edges);
  }
  function indexOfEntry(entries, thread) {
    for (let i = 0; i < entries.length; i++) if (entries[i].thread === thread) return i;
    return -1;
  }

  // src/analysis/irps.ts
  function driverOfDevice2(idx, device) {
    const d = idx.device(device);
    if (!d) return { name: null, module: null };
    const drv = idx.driverByAddress(d.driverObject) || (d.driverName ? idx.driverByName(d.driverName) : null);
    return { name: d.driverName || (drv ? drv.name : null), module: drv ? drv.module : null };
  }
  function irpPath(idx, irp) {
    const steps = [];
    const completions = [];
    let cur = null;
    const byIndex = {};
    for (const l of irp.locations) byIndex[l.index] = l;
    const active = irp.state === "active" && irp.currentLocation >= 1 && irp.currentLocation <= irp.stackCount;
    const from = active ? irp.currentLocation : irp.stackCount + 1;
    for (let k = Math.max(1, from); k <= irp.stackCount; k++) {
      const l = byIndex[k];
      if (!l || !l.device || l.device === "0") continue;
      if (k === irp.currentLocation) cur = l;
      const fromDevice = driverOfDevice2(idx, l.device);
      steps.push({
        location: k,
        device: l.device,
        driverName: l.driverName || fromDevice.name,
        module: l.driverModule || fromDevice.module,
        position: k === irp.currentLocation ? "current" : k === irp.stackCount ? "first" : "passed"
      });
    }
    for (const l of irp.locations) {
      if (!l.completion || l.completion === "0") continue;
      if (active && l.index < irp.currentLocation) continue;
      const below = byIndex[l.index + 1];
      let setBy = null;
      if (below && below.device && below.device !== "0") setBy = below.driverName || driverOfDevice2(idx, below.device).name;
      const m = l.completionModule ? idx.module(l.completionModule) : idx.moduleContaining(l.completion);
      completions.push({
        location: l.index,
        routine: l.completion,
        module: m ? m.name : l.completionModule,
        symbol: l.completionSymbol,
        setBy
      });
    }
    return {
      irp: irp.address,
      thread: irp.thread,
      pending: irp.pending,
      state: irp.state,
      major: cur ? cur.major : null,
      minor: cur ? cur.minor : null,
      majorName: cur ? cur.majorName : null,
      minorName: cur ? cur.minorName : null,
      steps,
      completions
    };
  }
  function pathKey(p) {
    return (p.pending ? "P" : "-") + p.state + "|" + p.major + "," + p.minor + "|" + p.steps.map((s) => s.location + ":" + (s.driverName || s.device)).join(">") + "|" + p.completions.map((c) => c.location + ":" + (c.module || "?")).join(",");
  }
  function groupIrps(thread, paths) {
    const groups = [];
    const byKey2 = {};
    for (const p of paths) {
      const k = pathKey(p);
      let g = byKey2[k];
      if (!g) {
        g = byKey2[k] = { thread, key: k, irps: [], example: p.irp, path: p };
        groups.push(g);
      }
      g.irps.push(p.irp);
    }
    const order = groups.map((g, i) => ({ g, i }));
    order.sort((a, b) => b.g.irps.length - a.g.irps.length || a.i - b.i);
    return order.map((o) => o.g);
  }

  // src/analysis/processors.ts
  var HEAVY_SHARE = 0.25;
  var W = { mostCpus: 4, severalCpus: 1.5, spinLead: 3, dpcRunning: 3, dpcQueued: 1.5, stackGroup: 1 };
  var MAX_GROUP_FRAMES = 6;
  var DPC_RETIRE = /^(nt|ntoskrnl|ntkrnlpa|ntkrnlmp|ntkrpamp)!(KiRetireDpcList|KiExecuteAllDpcs|KiExecuteDpc)\b/i;
  function share(part, p) {
    const total = p.kernelTicks + p.userTicks;
    if (!(total > 0)) return null;
    return Math.round(part * 1e3 / total) / 10;
  }
  function runningCode2(idx, frames) {
    const inner = innermostNonCoreFrame(idx, frames);
    if (!inner || !frames) return null;
    let spinning = false;
    for (const f of frames) {
      if (f === inner.frame) break;
      if (isSpinFrame(f.text)) spinning = true;
    }
    return { frame: inner.frame, module: inner.module, spinning, acquiring: inner.acquiringLock && !spinning };
  }
  function dpcFrame(idx, frames) {
    if (!frames) return null;
    for (let i = 1; i < frames.length; i++) {
      if (!DPC_RETIRE.test(frames[i].text)) continue;
      for (let k = 0; k < i; k++) {
        const m = frameModule(idx, frames[k]);
        if (m && !isCoreModule(m, frames[k].module)) return { frame: frames[k], module: m };
      }
      return null;
    }
    return null;
  }
  function processorPicture(idx, d, inEvidence) {
    const s = idx.snapshot;
    const procs = s.processors || [];
    const rows = [];
    const codeOf = {};
    const spinners = [];
    const dpcRunning = {};
    const dpcQueued = {};
    for (const p of procs) {
      const t = p.idle ? null : idx.thread(p.currentThread);
      const stack = p.idle ? p.idleStack : t ? t.stack : null;
      const dpcActive = p.dpcActive === true;
      let code = runningCode2(idx, stack);
      let runningDpc = null;
      let runningDpcModule = null;
      if (dpcActive) {
        const byRoutine = p.currentDpcModule ? idx.module(p.currentDpcModule) : null;
        const byStack = dpcFrame(idx, stack);
        if (byStack) {
          runningDpcModule = byStack.module.name;
          runningDpc = byStack.frame.text;
        } else if (byRoutine && !isCoreModule(byRoutine, null)) {
          runningDpcModule = byRoutine.name;
          runningDpc = p.currentDpcSymbol || byRoutine.name;
        } else if (p.idle && code) {
          runningDpcModule = code.module.name;
          runningDpc = code.frame.text;
        }
        if (runningDpcModule) {
          const rm = idx.module(runningDpcModule);
          if (!code || code.module.name !== rm.name) code = { frame: { text: runningDpc || rm.name, module: rm.name, address: null }, module: rm, spinning: false, acquiring: false };
        }
      }
      const queuedBy = {};
      const queuedOrder = [];
      for (const q of p.queuedDpcs) {
        const name = q.module || "(outside every module)";
        const k = name.toLowerCase();
        if (!queuedBy[k]) {
          queuedBy[k] = { module: name, count: 0, example: q.symbol || d.fmt(q.routine) };
          queuedOrder.push(k);
        }
        queuedBy[k].count++;
      }
      const queued = queuedOrder.map((k) => queuedBy[k]);
      queued.sort((a, b) => b.count - a.count);
      const dpcPercent = share(p.dpcTicks, p);
      const interruptPercent = share(p.interruptTicks, p);
      const heavy = dpcPercent !== null && interruptPercent !== null && dpcPercent + interruptPercent >= HEAVY_SHARE * 100;
      if (heavy) {
        if (runningDpcModule) (dpcRunning[runningDpcModule.toLowerCase()] = dpcRunning[runningDpcModule.toLowerCase()] || []).push(p.number);
        for (const q of queued) {
          const m = idx.module(q.module);
          if (!m || isCoreModule(m, null)) continue;
          const k = m.name.toLowerCase();
          if ((dpcRunning[k] || []).indexOf(p.number) >= 0) continue;
          (dpcQueued[k] = dpcQueued[k] || []).push(p.number);
        }
      }
      codeOf[p.number] = code && !code.spinning && !code.acquiring ? { module: code.module, frame: code.frame.text } : null;
      if (code && code.spinning) spinners.push({ where: "processor " + p.number, module: code.module.name, frame: code.frame.text, thread: p.idle ? null : p.currentThread });
      rows.push({
        number: p.number,
        prcb: p.prcb,
        idle: p.idle,
        currentThread: p.currentThread,
        processName: p.idle ? "Idle" : t ? t.processName : null,
        pid: t ? t.pid : null,
        tid: t ? t.tid : null,
        frame: code ? code.frame.text : null,
        module: code ? code.module.name : null,
        dpcActive,
        runningDpc,
        runningDpcModule,
        spinning: !!code && code.spinning,
        acquiring: !!code && code.acquiring,
        dpcPercent,
        interruptPercent,
        heavy,
        queued,
        queuedTotal: p.queuedDpcs.length
      });
    }
    const current = {};
    for (const p of procs) current[p.currentThread] = true;
    for (const t of s.threads) {
      if (current[t.address] || RUNNABLE_STATES[t.state] !== true) continue;
      const code = runningCode2(idx, t.stack);
      if (code && code.spinning) spinners.push({ where: d.thread(t.address) + " (" + t.state + ")", module: code.module.name, frame: code.frame.text, thread: t.address });
    }
    const M = rows.length;
    const busy = rows.filter((r) => !r.idle || r.dpcActive).length;
    const evidence = [];
    const item = (kind, weight, text, clause, refs, covered, of, command, corroborates) => {
      const it = { kind, scope: "hot", weight, text, clause, refs, covered, of, command, relevant: true, blocker: null, lead: false };
      if (corroborates) it.corroborates = true;
      return it;
    };
    const byModule = {};
    const moduleOrder = [];
    const evidenceBefore = {};
    for (const t in inEvidence) evidenceBefore[t] = true;
    for (const r of rows) {
      const c = codeOf[r.number];
      if (!c || !r.idle && !r.runningDpcModule && evidenceBefore[r.currentThread] === true) continue;
      const k = c.module.name.toLowerCase();
      if (!byModule[k]) {
        byModule[k] = { m: c.module, cpus: [], frame: c.frame, refs: [] };
        moduleOrder.push(k);
      }
      byModule[k].cpus.push(r.number);
      byModule[k].refs.push(r.idle ? r.prcb : r.currentThread);
    }
    for (const k of moduleOrder) {
      const e = byModule[k];
      const n = e.cpus.length;
      if (n < 2) continue;
      const w = n * 2 >= M ? W.mostCpus : W.severalCpus;
      const which = "processor" + (n === 1 ? " " : "s ") + e.cpus.join(", ");
      evidence.push({
        module: e.m,
        item: item(
          "on-cpu",
          w,
          e.m.name + " runs on " + n + " of " + M + " processors (" + which + ": " + e.frame + ")",
          "its code runs on " + n + " of " + M + " processors (" + e.frame + ")",
          e.refs,
          n,
          M,
          "!running -ti"
        )
      });
    }
    let spin = null;
    let verdictNote = null;
    if (spinners.length >= 2) {
      const mods = [];
      for (const x of spinners) if (x.module && mods.indexOf(x.module) < 0) mods.push(x.module);
      const othersRun = moduleOrder.some((k) => mods.length !== 1 || k !== mods[0].toLowerCase());
      const lead = mods.length === 1 && !othersRun ? mods[0] : null;
      spin = { spinners: spinners.map((x) => ({ where: x.where, module: x.module, frame: x.frame })), modules: mods, lead };
      if (lead) {
        const m = idx.module(lead);
        const refs = [];
        for (const x of spinners) if (x.thread) refs.push(x.thread);
        evidence.push({
          module: m,
          item: item(
            "spin-lock-storm",
            W.spinLead,
            spinners.length + " spinners (processors or runnable threads in a kernel spin-lock acquire) all acquire from " + m.name + " (" + spinners[0].frame + ") and nothing else runs",
            "every one of " + spinners.length + " spinning processors/threads acquires its spin lock from its code (" + spinners[0].frame + ")",
            refs,
            spinners.length,
            spinners.length,
            "!running -ti"
          )
        });
      } else if (mods.length > 1) {
        verdictNote = "spin-lock storm: " + spinners.length + " processors/threads spin acquiring from " + mods.length + " modules' code (" + mods.slice(0, 8).join(", ") + (mods.length > 8 ? ", +" + (mods.length - 8) + " more" : "") + "): one lock taken from many places, so no spinner's module is the culprit (the holder is; see !running -ti, !locks does not show spin locks)";
      }
    }
    const heavyCpus = rows.filter((r) => r.heavy);
    const dpcKeys = [];
    for (const k in dpcRunning) dpcKeys.push(k);
    for (const k in dpcQueued) if (dpcKeys.indexOf(k) < 0) dpcKeys.push(k);
    for (const k of dpcKeys) {
      const m = idx.module(k);
      if (!m || isCoreModule(m, null)) continue;
      const running2 = dpcRunning[k] || [];
      const queued = dpcQueued[k] || [];
      const cpus = running2.concat(queued);
      const maxShare = Math.max.apply(null, heavyCpus.filter((r) => cpus.indexOf(r.number) >= 0).map((r) => (r.dpcPercent || 0) + (r.interruptPercent || 0)));
      const how = running2.length > 0 ? "runs" : "is queued";
      evidence.push({
        module: m,
        item: item(
          "dpc-share",
          running2.length > 0 ? W.dpcRunning : W.dpcQueued,
          "its DPC " + how + " on " + cpus.length + " of " + heavyCpus.length + " processors spending up to " + maxShare + "% of their time in DPCs and interrupts (processor" + (cpus.length === 1 ? " " : "s ") + cpus.join(", ") + ")",
          "its DPC " + how + " on " + cpus.length + " processor" + (cpus.length === 1 ? "" : "s") + " spending up to " + maxShare + "% of their time in DPCs and interrupts",
          rows.filter((r) => cpus.indexOf(r.number) >= 0).map((r) => r.prcb),
          cpus.length,
          M,
          "!dpcs"
        )
      });
    }
    const samples = s.stackSamples || [];
    const stackGroups = groupStacks(idx, samples);
    const groupModules = [];
    for (const g of stackGroups) if (g.module && /^[A-Za-z0-9_.-]{1,64}$/.test(g.module) && groupModules.indexOf(g.module) < 0) groupModules.push(g.module);
    for (const r of rows) if (!r.idle) inEvidence[r.currentThread] = true;
    const top = stackGroups.filter((g) => g.module !== null)[0];
    const others = top ? top.threads.filter((t) => inEvidence[t] !== true) : [];
    if (top && others.length >= 3 && others.length * 4 >= top.of) {
      const m = idx.module(top.module);
      if (m && !isCoreModule(m, null)) {
        evidence.push({
          module: m,
          item: item(
            "stack-group",
            W.stackGroup,
            top.count + " of " + top.of + " threads of the target stand " + groupWhere(top) + " in " + m.name + " (" + top.moduleFrame + ")" + (others.length < top.count ? ", " + others.length + " of them outside the chains and hot threads" : ""),
            top.count + " of " + top.of + " threads of the target stand in its code",
            others.slice(0, 8),
            others.length,
            top.of,
            /^[A-Za-z0-9_.-]{1,64}$/.test(m.name) ? "!stacks 2 " + m.name : "!stacks 2",
            true
          )
        });
      }
    }
    return { count: s.processorCount === void 0 ? null : s.processorCount, rows, busy, spin, stackGroups, evidence, verdictNote, groupModules };
  }
  function groupWhere(g) {
    return g.state + (g.waitReason ? " (" + g.waitReason + ")" : "");
  }
  function groupStacks(idx, samples) {
    const groups = {};
    const order = [];
    for (const x of samples) {
      const frames = x.frames.slice(0, MAX_GROUP_FRAMES).map((f) => f.text);
      const waitReason = x.state === "Waiting" ? x.waitReason : "";
      const k = x.state + "|" + waitReason + "|" + frames.join("<");
      if (!groups[k]) {
        const inner = innermostNonCoreFrame(idx, x.frames);
        groups[k] = { count: 0, of: samples.length, state: x.state, waitReason, frames, module: inner ? inner.module.name : null, moduleFrame: inner ? inner.frame.text : null, threads: [] };
        order.push(k);
      }
      groups[k].count++;
      groups[k].threads.push(x.thread);
    }
    const out = order.map((k) => groups[k]);
    const pos = {};
    order.forEach((k, i) => pos[k] = i);
    out.sort((a, b) => b.count - a.count || pos[a.state + "|" + a.waitReason + "|" + a.frames.join("<")] - pos[b.state + "|" + b.waitReason + "|" + b.frames.join("<")]);
    return out;
  }
  function dpcRunningCode(p) {
    const byThread = {};
    for (const r of p.rows) if (!r.idle && r.dpcActive && r.runningDpcModule !== null) byThread[r.currentThread] = r;
    return (idx, t) => {
      const r = byThread[t.address];
      const m = r ? idx.module(r.runningDpcModule) : null;
      return r && m ? { module: m, frame: r.runningDpc || m.name, acquiringLock: false, source: "the DPC processor " + r.number + " runs" } : null;
    };
  }
  function processorFollowUps(p) {
    const out = [];
    if (p.rows.length === 0) return out;
    if (p.busy > 0) out.push({ command: "!running -ti", why: "what every processor runs, with stacks" });
    const special = p.rows.filter((r) => r.heavy || r.spinning || r.dpcActive);
    for (const r of special.slice(0, 4)) {
      out.push({ command: "!prcb " + r.number, why: "processor " + r.number + (r.heavy ? ": DPC/interrupt share far above normal" : r.spinning ? ": spinning on a spin lock" : ": running a DPC") });
    }
    if (p.rows.some((r) => r.queuedTotal > 0 || r.heavy)) out.push({ command: "!dpcs", why: "the queued DPCs of every processor" });
    const top = p.stackGroups.filter((g) => g.module !== null && g.count > 1)[0];
    if (top && p.groupModules.indexOf(top.module) >= 0) {
      out.push({ command: "!stacks 2 " + top.module, why: top.count + " of " + top.of + " threads of the target stand in " + top.module });
    }
    return out;
  }

  // src/analysis/suspects.ts
  var CULPRIT_THRESHOLD = 4;
  var W2 = {
    blockerInside: 5,
    blockerDeeper: 2,
    reentry: 4,
    lockClient: 1,
    waitsForIrp: 5,
    waitObjectIn: 2,
    orphanAcquirers: 2,
    hotInside: 4,
    hotDeeper: 1,
    irpPasses: 2,
    irpIssuer: 0.5,
    completion: 1.5,
    completionIssuer: 0.5,
    attachedOver: 1.5,
    lockIn: 2,
    threadStart: 2,
    irpCurrent: 1,
    waiterStack: 0.5,
    outside: 0.5
  };
  function collectSuspects(ctx) {
    const { idx, d } = ctx;
    const buckets = {};
    const order = [];
    function add(m, item2, driver) {
      if (!m) return;
      const k = m.name.toLowerCase();
      let b = buckets[k];
      if (!b) {
        b = buckets[k] = { module: m, items: [], drivers: [] };
        order.push(k);
      }
      if (item2.scope === "chain" && item2.blocker !== null && elsewhere(ctx.blockingPoints[item2.blocker], m.name)) item2.lead = true;
      b.items.push(item2);
      if (driver && b.drivers.indexOf(driver) < 0) b.drivers.push(driver);
    }
    function item(kind, scope, weight, text, clause, refs, covered, of, command) {
      return { kind, scope, weight, text, clause, refs, covered, of, command, relevant: relevantNow, blocker: blockerNow, lead: false };
    }
    const relevantBlocker = targetRelevantBlockers(idx, ctx.contention, ctx.blockers);
    let relevantNow = true;
    let blockerNow = null;
    const resByAddr = {};
    for (const c of ctx.contention) resByAddr[c.resource] = c;
    const blockerSet = {};
    for (const b of ctx.blockers) blockerSet[b.thread] = true;
    const waiterSet = {};
    for (const c of ctx.contention) for (const w of c.exclusiveWaiters.concat(c.sharedWaiters)) waiterSet[w] = true;
    function blockerDesc(b) {
      const th = d.thread(b.thread);
      const first = b.resources.length > 0 ? d.resource(resByAddr[b.resources[0]] || null, b.resources[0]) : null;
      const more = b.resources.length > 1 ? " and " + d.plural(b.resources.length - 1, "more resource") : "";
      if (b.role === "deadlock") return th + ", deadlocked" + (first ? " holding " + first + more : "");
      if (b.role === "orphan-owner") return th + ", the vanished owner" + (first ? " of " + first + more : "");
      return th + (first ? ", the owner of " + first + more : ", the head of a wait chain");
    }
    const waitersSeen = {};
    const resourceObjects = {};
    for (const r of idx.snapshot.resources) {
      resourceObjects[r.address] = true;
      if (r.sharedWaitersObject !== "0") resourceObjects[r.sharedWaitersObject] = true;
      if (r.exclusiveWaitersObject !== "0") resourceObjects[r.exclusiveWaitersObject] = true;
    }
    for (const b of ctx.blockers) {
      relevantNow = relevantBlocker[b.thread] === true;
      blockerNow = b.thread;
      const t = idx.thread(b.thread);
      const bp = ctx.blockingPoints[b.thread];
      const desc = blockerDesc(b);
      const cmdThread = "!thread " + d.fmt(b.thread);
      if (t && t.stack) {
        const inner = innermostNonCoreFrame(idx, t.stack);
        if (inner) {
          const f = inner.frame.text;
          if (b.role === "deadlock") {
            add(inner.module, item(
              "blocker-stack",
              "chain",
              W2.blockerInside,
              desc + ", is acquiring a lock from " + inner.module.name + " (" + f + ")",
              desc + ", is stuck acquiring a lock in its code (" + f + ")",
              [b.thread],
              null,
              null,
              cmdThread
            ));
          } else if (inner.inLockAcquisition) {
            add(inner.module, item(
              "blocker-stack",
              "chain",
              W2.lockClient,
              desc + (inner.acquiringLock ? ", acquires an ERESOURCE from " : ", acquires a lock (spin lock, push lock or mutex) from ") + inner.module.name + " (" + f + ")" + (inner.acquiringLock ? ": the same path its waiters take" : ": it waits for that lock's holder"),
              desc + ", acquires a lock from its code (" + f + ")",
              [b.thread],
              null,
              null,
              cmdThread
            ));
          } else if (bp && bp.kind === "io-pending-in") {
            const where = bp.io.filter((g) => g.majority).map((g) => g.driver).join(", ");
            add(inner.module, item(
              "blocker-stack",
              "chain",
              W2.blockerInside,
              desc + ", waits inside " + inner.module.name + " (" + f + ") for its own I/O, which is pending in " + where,
              desc + ", waits inside it (" + f + ") for its own I/O, which is pending in " + where,
              [b.thread],
              null,
              null,
              cmdThread
            ));
            for (const g of bp.io) {
              const n = g.irps.length;
              const what = "its own " + (g.major ? g.major + " " : "") + (n === 1 ? "IRP" : "IRPs");
              const counted = " (" + n + " of " + bp.ioOf + " IRPs of the thread)";
              add(idx.module(g.module), item(
                "waits-for-irp-in",
                "chain",
                g.majority ? W2.waitsForIrp : W2.waitsForIrp / 2,
                desc + ", waits inside " + inner.module.name + " (" + f + ") for " + what + ", which passed " + inner.module.name + " and " + (n === 1 ? "is" : "are") + " pending in " + g.driver + counted,
                desc + ", waits inside " + inner.module.name + " (" + f + ") and " + what + " " + (n === 1 ? "is" : "are") + " pending in " + g.driver + counted,
                g.irps,
                n,
                bp.ioOf,
                "!irp " + d.fmt(g.irps[0])
              ), g.driverName);
            }
          } else {
            const verb = t.state === "Waiting" ? "waits inside it" : t.state === "Running" ? "is running inside it" : "is " + t.state + " inside it";
            add(inner.module, item(
              "blocker-stack",
              "chain",
              W2.blockerInside,
              desc + ", " + verb.replace(" it", " " + inner.module.name) + " (" + f + ")",
              desc + ", " + verb + " (" + f + ")",
              [b.thread],
              null,
              null,
              cmdThread
            ));
          }
          for (const sm of stackModules(idx, t.stack)) {
            if (sm.module.name === inner.module.name) continue;
            if (bp && bp.kind === "waits-in" && bp.via === inner.module.name && bp.modules.indexOf(sm.module.name) >= 0) {
              add(sm.module, item(
                "blocker-stack",
                "chain",
                W2.blockerInside,
                desc + ", waits inside " + inner.module.name + " (" + f + ") on behalf of " + sm.module.name + " (" + sm.frame.text + "), whose callback called it",
                desc + ", waits inside " + inner.module.name + " (" + f + ") on behalf of its callback (" + sm.frame.text + ")",
                [b.thread],
                null,
                null,
                cmdThread
              ));
              continue;
            }
            if (bp && bp.kind === "reentry" && bp.modules.indexOf(sm.module.name) >= 0) {
              add(sm.module, item(
                "blocker-stack",
                "chain",
                W2.reentry,
                sm.module.name + " re-entered the driver stack from its code (" + sm.frame.text + ") on the stack of " + desc + ", closing the cycle",
                "its code (" + sm.frame.text + ") re-entered the driver stack while " + desc + ", closing the deadlock cycle",
                [b.thread],
                null,
                null,
                cmdThread
              ));
              continue;
            }
            add(sm.module, item(
              "blocker-stack",
              "chain",
              W2.blockerDeeper,
              sm.module.name + " is deeper on the stack of " + desc + " (" + sm.frame.text + ")",
              "its code is on the stack of " + desc + " (" + sm.frame.text + ")",
              [b.thread],
              null,
              null,
              cmdThread
            ));
          }
        }
      }
      if (t && t.state === "Waiting") {
        const seenObj = {};
        for (const o of t.waitObjects) {
          const om = idx.moduleContaining(o);
          if (!om || isCoreModule(om, null) || resourceObjects[o] || seenObj[om.name.toLowerCase()]) continue;
          seenObj[om.name.toLowerCase()] = true;
          add(om, item(
            "wait-object-in-module",
            "chain",
            W2.waitObjectIn,
            desc + ", waits on an object at " + d.fmt(o) + " inside the image of " + om.name + " (a global event or object of that driver)",
            desc + ", waits on an object inside its image (" + d.fmt(o) + ")",
            [b.thread, o],
            null,
            null,
            cmdThread
          ));
        }
      }
      if (t) {
        const sm = idx.moduleContaining(t.startAddress);
        if (sm && !isCoreModule(sm, null))
          add(sm, item(
            "thread-start",
            "chain",
            W2.threadStart,
            desc + ", was started in " + sm.name + " (start address " + d.fmt(t.startAddress || "0") + ")",
            desc + ", was started in its code",
            [b.thread],
            null,
            null,
            cmdThread
          ));
        collectIrpEvidence(b, t.irps, desc, "chain");
      }
      for (const r of b.resources) {
        const c = resByAddr[r];
        const lm = lockModule(idx, c || null, r);
        const acq = c && b.role === "orphan-owner" ? orphanAcquirers(idx, c) : null;
        if (acq) {
          const inImage = lm !== null && lm.name.toLowerCase() === acq.m.name.toLowerCase();
          const gone = t && t.state === "Terminated" ? " has terminated without releasing it" : " cannot be read";
          const every = "every readable waiter (" + acq.n + " of " + acq.of + ")";
          add(acq.m, item(
            "orphan-acquirers",
            "chain",
            W2.orphanAcquirers,
            every + " of the orphaned " + d.resource(c, r) + " acquires it from " + acq.m.name + " (" + acq.frame + ")" + (inImage ? ", and the lock lies in its image" : "") + "; its owner " + d.thread(b.thread) + gone,
            inImage ? "the orphaned " + d.resource(c, r) + " lies in its image and " + every + " acquires it from its code (" + acq.frame + "); its owner " + d.thread(b.thread) + gone : every + " of the orphaned " + d.resource(c, r) + " acquires it from its code (" + acq.frame + ")",
            [r].concat(acq.threads),
            acq.n,
            acq.of,
            "!locks " + d.fmt(r)
          ));
        }
        if (lm)
          add(lm, item(
            "lock-in-module",
            "chain",
            W2.lockIn,
            "the contended " + d.resource(c || null, r) + " lies in the image of " + lm.name,
            "the contended " + d.resource(c || null, r) + ", held by " + d.thread(b.thread) + ", lies in its image",
            [r],
            null,
            null,
            "!locks " + d.fmt(r)
          ));
        if (!c) continue;
        const waiters = c.exclusiveWaiters.concat(c.sharedWaiters);
        const perModule = {};
        let readable = 0;
        for (const w of waiters) {
          const wt = idx.thread(w);
          if (!wt || !wt.stack) continue;
          readable++;
          for (const sm of stackModules(idx, wt.stack)) {
            const k = sm.module.name.toLowerCase();
            const e = perModule[k] = perModule[k] || { m: sm.module, n: 0, ex: sm.frame.text };
            e.n++;
          }
        }
        for (const k in perModule) {
          const e = perModule[k];
          const key = r + "|" + k;
          if (waitersSeen[key]) continue;
          waitersSeen[key] = true;
          add(e.m, item(
            "waiter-stack",
            "chain",
            W2.waiterStack,
            e.n + " of " + readable + " waiters of " + d.resource(c, r) + " have " + e.m.name + " on their stacks (" + e.ex + ")",
            e.n + " of " + readable + " waiters of " + d.resource(c, r) + " have its code on their stacks",
            [r],
            e.n,
            readable,
            "!locks " + d.fmt(r)
          ));
        }
      }
    }
    function stepModuleOf(st) {
      return stepModule(idx, st);
    }
    function driverOfDevice3(dev) {
      const rec = idx.device(dev);
      if (!rec) return { name: null, module: null };
      const drv = idx.driverByAddress(rec.driverObject) || (rec.driverName ? idx.driverByName(rec.driverName) : null);
      const m = drv ? idx.module(drv.module) || idx.moduleContaining(drv.driverStart) : null;
      return { name: rec.driverName || (drv ? drv.name : null), module: m };
    }
    function collectIrpEvidence(b, irps, desc, scope) {
      const paths = [];
      for (const a of irps) {
        const r = idx.irp(a);
        if (ctx.paths[a] && (!r || r.state === "active")) paths.push(ctx.paths[a]);
      }
      const of = paths.length;
      if (of === 0) return;
      const agg = {};
      const get2 = (m, driver) => {
        const k = m.name.toLowerCase();
        return agg[k] = agg[k] || { m, driver, current: [], pending: 0, passed: [], first: [], hooks: [], issuerHooks: [], routine: null };
      };
      const push = (l, a) => {
        if (l.indexOf(a) < 0) l.push(a);
      };
      const msDevices = {};
      for (const p of paths) {
        let firstLocation = 0;
        for (const st of p.steps) if (st.position === "first" && idx.attachedUnder(st.device).length === 0) firstLocation = st.location;
        for (const st of p.steps) {
          const m = stepModuleOf(st);
          if (m && m.classification === "microsoft") push(msDevices[st.device] = msDevices[st.device] || [], p.irp);
          if (!m) continue;
          const a = get2(m, st.driverName);
          if (st.position === "current") {
            push(a.current, p.irp);
            if (p.pending) a.pending++;
          } else if (st.position === "passed" || st.location !== firstLocation) push(a.passed, p.irp);
          else push(a.first, p.irp);
        }
        for (const c of p.completions) {
          const m = idx.module(c.module) || idx.moduleContaining(c.routine);
          if (!m) continue;
          const a = get2(m, null);
          if (firstLocation > 0 && c.location + 1 === firstLocation) push(a.issuerHooks, p.irp);
          else push(a.hooks, p.irp);
          if (!a.routine) a.routine = c.routine;
        }
      }
      const over = {};
      for (const dev in msDevices) {
        const lower = driverOfDevice3(dev);
        let cur = idx.device(dev);
        const visited = {};
        for (let hop = 0; cur && cur.attachedDevice !== "0" && hop < 16; hop++) {
          if (visited[cur.attachedDevice]) break;
          visited[cur.attachedDevice] = true;
          const upper = driverOfDevice3(cur.attachedDevice);
          if (upper.module && (!lower.module || upper.module.name !== lower.module.name)) {
            const k = upper.module.name.toLowerCase();
            if (!over[k]) over[k] = { m: upper.module, device: cur.attachedDevice, lower: dev, lowerDriver: lower.name, irps: [] };
            for (const i of msDevices[dev]) push(over[k].irps, i);
            const a = agg[k];
            if (a && !a.driver) a.driver = upper.name;
          }
          cur = idx.device(cur.attachedDevice);
        }
      }
      const th = d.thread(b.thread);
      for (const k in over) {
        const o = over[k];
        add(o.m, item(
          "attached-over",
          scope,
          W2.attachedOver,
          "its device " + d.fmt(o.device) + " is attached over " + d.fmt(o.lower) + (o.lowerDriver ? " (" + o.lowerDriver + ")" : "") + ", which is in " + o.irps.length + " of " + of + " IRPs of " + th,
          "its device is layered over " + (o.lowerDriver || d.fmt(o.lower)),
          [o.device, o.lower],
          o.irps.length,
          of,
          "!devobj " + d.fmt(o.device)
        ));
      }
      for (const k in agg) {
        const a = agg[k];
        const drvText = a.driver ? a.driver : a.m.name;
        const example = (l) => "!irp " + d.fmt(l[0]);
        if (a.current.length > 0) {
          const n = a.current.length;
          const how = a.pending === n ? " are pending in " : " have their current location in " + drvText + (a.pending > 0 ? " (" + a.pending + " pending)" : " (not pending)");
          add(a.m, item(
            "irp-pending-in",
            scope,
            W2.irpCurrent,
            n + " of " + of + " IRPs of " + th + (a.pending === n ? how + drvText : how),
            "its driver " + drvText + " holds the current location of " + n + " of " + of + " IRPs of " + desc,
            a.current,
            n,
            of,
            example(a.current)
          ), a.driver);
        }
        if (a.passed.length > 0) {
          const n = a.passed.length;
          const o = over[k];
          const what = o ? "its filter device over " + (o.lowerDriver || d.fmt(o.lower)) : "its driver " + drvText;
          add(a.m, item(
            "irp-passes",
            scope,
            n * 2 >= of ? W2.irpPasses : W2.irpPasses / 2,
            drvText + " is a driver the IRP passed through in " + n + " of " + of + " IRPs of " + th,
            what + " sits in " + n + " of " + of + " IRPs of " + desc,
            a.passed,
            n,
            of,
            example(a.passed)
          ), a.driver);
        }
        if (a.first.length > 0) {
          const n = a.first.length;
          add(a.m, item(
            "irp-passes",
            scope,
            W2.irpIssuer,
            drvText + " is the first driver called (location StackCount) in " + n + " of " + of + " IRPs of " + th,
            "its driver " + drvText + " issued " + n + " of " + of + " IRPs of " + desc,
            a.first,
            n,
            of,
            example(a.first)
          ), a.driver);
        }
        if (a.hooks.length > 0) {
          const n = a.hooks.length;
          add(a.m, item(
            "completion-hook",
            scope,
            W2.completion,
            "its code (" + d.fmt(a.routine || "0") + ") is a completion routine in " + n + " of " + of + " IRPs of " + th,
            "its completion routine is hooked into " + n + " of " + of + " IRPs of " + desc,
            a.hooks,
            n,
            of,
            example(a.hooks)
          ));
        }
        if (a.issuerHooks.length > 0) {
          const n = a.issuerHooks.length;
          add(a.m, item(
            "completion-hook",
            scope,
            W2.completionIssuer,
            "the first driver set its completion routine in " + n + " of " + of + " IRPs of " + th,
            "its completion routine, set by the issuing driver, is in " + n + " of " + of + " IRPs of " + desc,
            a.issuerHooks,
            n,
            of,
            example(a.issuerHooks)
          ));
        }
      }
    }
    relevantNow = true;
    blockerNow = null;
    const hot = ctx.cpu.hotThreads.filter((a) => !blockerSet[a] && !waiterSet[a]);
    const hotInner = {};
    const hotDeeper = {};
    for (const a of hot) {
      const t = idx.thread(a);
      if (!t) continue;
      const inner = runningCode(idx, t, ctx.runningSources);
      if (!inner) continue;
      const k = inner.module.name.toLowerCase();
      const e = hotInner[k] = hotInner[k] || { m: inner.module, threads: [], acquiring: true, frame: inner.frame };
      e.threads.push(a);
      if (!inner.acquiringLock) {
        e.acquiring = false;
        e.frame = inner.frame;
      }
      for (const sm of stackModules(idx, t.stack)) {
        if (sm.module.name === inner.module.name) continue;
        const kk = sm.module.name.toLowerCase();
        const h = hotDeeper[kk] = hotDeeper[kk] || { m: sm.module, threads: [], frame: sm.frame.text };
        h.threads.push(a);
      }
    }
    const hotOf = hot.length;
    for (const k in hotInner) {
      const e = hotInner[k];
      const t = idx.thread(e.threads[0]);
      const first = d.thread(e.threads[0]) + (t ? ", " + t.state + ", " + d.kernelTime(t) + " kernel" : "");
      add(e.m, item(
        "hot-thread-stack",
        "hot",
        e.acquiring ? W2.hotDeeper : W2.hotInside,
        e.threads.length + " of " + hotOf + " hot threads of the target " + (e.acquiring ? "acquire a lock from " : "run inside ") + e.m.name + " (" + first + ": " + e.frame + ")",
        e.threads.length + " of " + hotOf + " hot threads of the target " + (e.acquiring ? "acquire a lock from its code" : "run inside it") + " (" + first + ", " + e.frame + ")",
        e.threads,
        e.threads.length,
        hotOf,
        "!thread " + d.fmt(e.threads[0])
      ));
    }
    for (const k in hotDeeper) {
      const e = hotDeeper[k];
      add(e.m, item(
        "hot-thread-stack",
        "hot",
        W2.hotDeeper,
        e.m.name + " is on the stacks of " + e.threads.length + " of " + hotOf + " hot threads of the target (" + e.frame + ")",
        "its code is on the stacks of " + e.threads.length + " of " + hotOf + " hot threads of the target",
        e.threads,
        e.threads.length,
        hotOf,
        "!thread " + d.fmt(e.threads[0])
      ));
    }
    const leadStack = {};
    for (const t of idx.snapshot.threads) {
      if (blockerSet[t.address] || waiterSet[t.address] || hot.indexOf(t.address) >= 0 || !idx.isTarget(t)) continue;
      for (const sm of stackModules(idx, t.stack)) {
        if (sm.module.classification !== "third-party") continue;
        const k = sm.module.name.toLowerCase();
        const e = leadStack[k] = leadStack[k] || { m: sm.module, threads: [], frame: sm.frame.text };
        e.threads.push(t.address);
      }
    }
    for (const k in leadStack) {
      const e = leadStack[k];
      add(e.m, item(
        "thread-stack",
        "outside",
        W2.outside,
        e.m.name + " is on the stacks of " + e.threads.length + " other thread(s) of the target (" + e.frame + "), outside any blocking chain",
        "its code is on " + d.plural(e.threads.length, "other thread") + " of the target",
        e.threads,
        e.threads.length,
        null,
        "!thread " + d.fmt(e.threads[0])
      ));
    }
    const leadIrp = {};
    for (const irpAddr in ctx.paths) {
      const p = ctx.paths[irpAddr];
      if (blockerSet[p.thread]) continue;
      for (const st of p.steps) {
        const m = stepModuleOf(st);
        if (!m || m.classification !== "third-party") continue;
        const k = m.name.toLowerCase();
        const e = leadIrp[k] = leadIrp[k] || { m, irps: [], driver: st.driverName };
        if (e.irps.indexOf(p.irp) < 0) e.irps.push(p.irp);
      }
    }
    for (const k in leadIrp) {
      const e = leadIrp[k];
      add(e.m, item(
        "irp-passes",
        "outside",
        W2.outside,
        (e.driver || e.m.name) + " is in " + d.plural(e.irps.length, "IRP") + " of threads outside any blocking chain",
        "its driver is in " + d.plural(e.irps.length, "IRP") + " outside any blocking chain",
        e.irps,
        e.irps.length,
        null,
        "!irp " + d.fmt(e.irps[0])
      ), e.driver);
    }
    const extra = ctx.extra || [];
    for (const x of extra) if (!x.item.corroborates) add(x.module, x.item);
    for (const x of extra) if (x.item.corroborates && buckets[x.module.name.toLowerCase()]) add(x.module, x.item);
    const out = [];
    for (const k of order) {
      const b = buckets[k];
      out.push(scoreSuspect(idx, b.module, b.items, b.drivers, ctx.chainEvidenceLost, structureOf(b.module, ctx.blockingPoints, b.items)));
    }
    out.sort(compareSuspects);
    return out;
  }
  function structureOf(m, bps, items) {
    const k = m.name.toLowerCase();
    const runningInside = items.some((it) => it.kind === "hot-thread-stack" && it.weight >= W2.hotInside);
    const out = { atBlockingPoint: false, cycle: false, stuck: runningInside };
    for (const b in bps) {
      const bp = bps[b];
      if (!bp.modules.some((x) => x.toLowerCase() === k)) continue;
      out.atBlockingPoint = true;
      if (bp.kind === "cycle" || bp.kind === "reentry") out.cycle = true;
      if (bp.kind === "runs-in" || bp.kind === "waits-in" || bp.kind === "io-pending-in" || bp.kind === "cycle") out.stuck = true;
    }
    return out;
  }
  function scoreSuspect(idx, m, items, drivers, lost, st) {
    const best = {};
    let inScope = 0;
    const leading = items.some((it) => it.scope !== "outside" && !it.corroborates);
    for (const it of items) {
      if (it.scope === "outside" || it.corroborates && !leading) continue;
      inScope++;
      if (it.lead) continue;
      if (!(it.kind in best) || it.weight > best[it.kind]) best[it.kind] = it.weight;
    }
    const sameFact = "waits-for-irp-in" in best;
    let score = 0;
    const kinds = [];
    for (const k in best) {
      score += best[k];
      if (best[k] >= 1 && !(sameFact && k === "irp-pending-in")) kinds.push(k);
    }
    const rank = (it) => it.scope === "outside" ? 3 : it.lead ? 2 : it.scope === "hot" ? 1 : 0;
    const ranked = items.map((it, i) => ({ it, i }));
    ranked.sort((a, b) => rank(a.it) - rank(b.it) || b.it.weight - a.it.weight || a.i - b.i);
    items = ranked.map((x) => x.it);
    const leadOnly = inScope === 0;
    const counted = items.filter((it) => it.scope !== "outside" && !it.lead);
    const relevant = counted.some((it) => it.relevant);
    const blockers = [];
    for (const it of counted) if (it.blocker !== null && blockers.indexOf(it.blocker) < 0) blockers.push(it.blocker);
    let driver = drivers.length > 0 ? drivers[0] : null;
    if (!driver) {
      const ds = driversOfModule(idx.snapshot, m);
      if (ds.length > 0) driver = ds[0].name;
    }
    return {
      module: m.name,
      image: m.image,
      classification: m.classification,
      classificationReason: m.classificationReason,
      driver,
      score: Math.round(score * 100) / 100,
      kinds,
      items,
      leadOnly,
      relevant,
      blockers,
      aboveThreshold: !leadOnly && score >= CULPRIT_THRESHOLD,
      confidence: confidenceOf(kinds.length, lost, st.cycle, st.stuck),
      atBlockingPoint: st.atBlockingPoint,
      structure: (st.cycle ? ["closed cycle formed in it"] : []).concat(st.stuck ? ["chain head stuck in it"] : []),
      hasLeads: items.some((it) => it.lead)
    };
  }
  function confidenceOf(kinds, lost, cycle = false, stuck = false) {
    let level = (cycle ? 1 : 0) + (stuck ? 1 : 0) + Math.min(2, Math.max(0, kinds - 1));
    level = Math.min(level, 2);
    if (lost) level = Math.min(level, 1);
    return level === 2 ? "high" : level === 1 ? "medium" : "low";
  }
  function targetRelevantBlockers(idx, contention, blockers) {
    const out = {};
    const isTargetThread = (a) => {
      const t = idx.thread(a);
      return t !== null && idx.isTarget(t);
    };
    const anyTarget = idx.snapshot.threads.some((t) => idx.isTarget(t));
    if (!anyTarget) {
      for (const b of blockers) out[b.thread] = true;
      return out;
    }
    const reached = {};
    const start = [];
    for (const c of contention) {
      const threads = c.owners.map((o) => o.thread).concat(c.exclusiveWaiters, c.sharedWaiters);
      if (threads.some(isTargetThread)) {
        reached[c.resource] = true;
        start.push(c);
      }
    }
    reachThroughOwners(contention, start, reached);
    for (const b of blockers) out[b.thread] = isTargetThread(b.thread) || b.resources.some((r) => reached[r] === true);
    return out;
  }
  function compareSuspects(a, b) {
    if (a.leadOnly !== b.leadOnly) return a.leadOnly ? 1 : -1;
    const ra = a.aboveThreshold && a.relevant;
    const rb = b.aboveThreshold && b.relevant;
    if (ra !== rb) return ra ? -1 : 1;
    if (a.score !== b.score) return b.score - a.score;
    if (a.kinds.length !== b.kinds.length) return b.kinds.length - a.kinds.length;
    if (a.classification !== b.classification) return a.classification === "third-party" ? -1 : 1;
    return a.module.toLowerCase() < b.module.toLowerCase() ? -1 : 1;
  }

  // src/analysis/verdict.ts
  function component(s) {
    return {
      name: s.module,
      module: s.image,
      driver: s.driver,
      thirdParty: s.classification === "third-party",
      reason: s.classificationReason
    };
  }
  function targetNames(ctx) {
    const names = [];
    for (const p of ctx.cpu.targets) if (names.indexOf(p.name) < 0) names.push(p.name);
    return names;
  }
  function victims(ctx) {
    const names = targetNames(ctx);
    if (names.length === 0) return "";
    return "; " + names.join(", ") + (names.length === 1 ? " is the victim" : " are the victims");
  }
  function scopeClause(ctx, s) {
    const names = targetNames(ctx);
    if (s.relevant || names.length === 0) return victims(ctx);
    return "; no thread of " + names.join(", ") + " is in this chain";
  }
  function topClause(s) {
    for (const it of s.items) if (it.scope !== "outside") return it.clause;
    return s.items.length > 0 ? s.items[0].clause : "";
  }
  function deadlockClause(ctx) {
    if (ctx.deadlocks.length === 0) return "";
    const c = ctx.deadlocks[0];
    return "; deadlock: " + c.threads.map((t) => ctx.d.thread(t)).join(" and ") + " wait on each other (" + c.resources.map((r) => "ERESOURCE " + ctx.d.fmt(r)).join(", ") + ")" + (ctx.deadlocks.length > 1 ? " and " + ctx.d.plural(ctx.deadlocks.length - 1, "more cycle") : "");
  }
  function lowered(c) {
    return c === "high" ? "medium" : "low";
  }
  var LOSSY_KINDS = ["read-error", "bad-type", "absurd-value", "cycle", "bound", "inconsistent", "stack-unavailable"];
  function walkLostEvidence(ctx) {
    const counts = ctx.idx.snapshot.dataQuality ? ctx.idx.snapshot.dataQuality.counts : {};
    return LOSSY_KINDS.some((k) => (counts[k] || 0) > 0);
  }
  function notApplicableVerdict(reason) {
    return { kind: "not-applicable", culprit: null, blockingComponent: null, confidence: "low", summary: reason, leads: [] };
  }
  function leadsOf(ctx, culprit) {
    const anyRelevant = ctx.suspects.some((s) => s.relevant);
    const weight = (s) => {
      let w = 0;
      const best = {};
      for (const it of s.items) if (it.lead && (it.relevant || !anyRelevant) && (!(it.kind in best) || it.weight > best[it.kind])) best[it.kind] = it.weight;
      for (const k in best) w += best[k];
      return w;
    };
    const out = ctx.suspects.filter((s) => s !== culprit && s.classification === "third-party" && !s.aboveThreshold && s.hasLeads && weight(s) >= 1).map((s, i) => ({ s, i, w: weight(s) }));
    out.sort((a, b) => b.w - a.w || a.i - b.i);
    return out.map((x) => x.s);
  }
  function leadClause(s) {
    for (const it of s.items) if (it.lead) return it.clause;
    return "";
  }
  function decideVerdict(ctx) {
    const { d } = ctx;
    const eligible = ctx.suspects.filter((s) => !s.leadOnly);
    const strongest = eligible.length > 0 ? eligible[0] : null;
    const thirdParty = strongest ? eligible.filter((s) => s.aboveThreshold && s.classification === "third-party" && (s.relevant || !strongest.relevant))[0] || null : null;
    if (strongest && thirdParty) {
      const c = component(thirdParty);
      const label = thirdParty.image + " (" + (c.driver ? c.driver + ", " : "") + "third-party, " + c.reason + ")";
      const sameChain = (s) => s.blockers.some((t) => thirdParty.blockers.indexOf(t) >= 0);
      const ms = eligible.filter((s) => s.aboveThreshold && s.classification === "microsoft" && sameChain(s))[0] || null;
      const outscored = ms !== null;
      const blocking = ms ? component(ms) : null;
      return {
        kind: "culprit",
        culprit: c,
        leads: leadsOf(ctx, thirdParty).map(component),
        blockingComponent: blocking,
        // Two components explain the hang; naming the third-party one is a judgement the evidence only half makes.
        confidence: outscored ? lowered(thirdParty.confidence) : thirdParty.confidence,
        summary: label + " is the likely cause: " + topClause(thirdParty) + (ms ? "; the work is stuck in " + ms.image + " (Microsoft): " + topClause(ms) : "") + deadlockClause(ctx) + scopeClause(ctx, thirdParty)
      };
    }
    if (strongest && strongest.aboveThreshold) {
      const c = component(strongest);
      const others = eligible.filter((s) => s !== strongest && s.aboveThreshold && s.classification === "third-party");
      const also = others.length > 0 ? "; also implicated: " + others.map((s) => s.image + " (third-party, score " + s.score + ")").join(", ") : "";
      const leads = leadsOf(ctx, null);
      const leadText2 = leads.length > 0 ? "; lead to rule out: " + leads[0].image + " (third-party, present on the chain but not where it is stuck: " + leadClause(leads[0]) + ")" + (leads.length > 1 ? " and " + d.plural(leads.length - 1, "more lead") : "") : "";
      return {
        kind: "no-culprit",
        culprit: null,
        leads: leads.map(component),
        blockingComponent: c,
        confidence: strongest.confidence,
        summary: "no third-party culprit: the blocking component is " + strongest.image + " (" + (c.driver ? c.driver + ", " : "") + "Microsoft): " + topClause(strongest) + deadlockClause(ctx) + also + leadText2 + scopeClause(ctx, strongest)
      };
    }
    const lead = strongest || (ctx.suspects.length > 0 ? ctx.suspects[0] : null);
    const leadText = lead ? "; strongest lead: " + lead.image + " (" + (lead.classification === "third-party" ? "third-party" : "Microsoft") + ", score " + lead.score + "): " + topClause(lead) : "";
    let what;
    let confidence = "medium";
    const own = ctx.blockers.map((b) => ctx.blockingPoints[b.thread]).filter((bp) => bp && bp.kind === "target-code")[0];
    if (own) {
      const c = ctx.contention.filter((x) => ctx.blockers.some((b) => b.thread === own.blocker && b.resources.indexOf(x.resource) >= 0))[0];
      what = (c ? d.resource(c, c.resource) + " is blocked by " + d.thread(own.blocker) + ": " : "") + own.text + "; the target is not merely the victim";
      if (ctx.chainEvidenceLost || walkLostEvidence(ctx)) confidence = lowered(confidence);
      return { kind: "no-culprit", culprit: null, leads: leadsOf(ctx, null).map(component), blockingComponent: null, confidence, summary: "no culprit identified: " + what + leadText };
    }
    if (ctx.deadlocks.length > 0) {
      what = deadlockClause(ctx).slice(2);
      confidence = "low";
    } else if (ctx.orphans.some((o) => ctx.contention.some((c) => c.resource === o.resource))) {
      const o = ctx.orphans.filter((x) => ctx.contention.some((c) => c.resource === x.resource))[0];
      what = o.text;
      confidence = "low";
    } else if (ctx.contention.length > 0) {
      const c = ctx.contention[0];
      const b = ctx.blockers.length > 0 ? ctx.blockers[0] : null;
      const t = b ? ctx.idx.thread(b.thread) : null;
      what = d.resource(c, c.resource) + (b ? " is blocked by " + d.thread(b.thread) + (t ? ", " + t.state + (t.state === "Waiting" ? " (" + t.waitReason + ")" : "") : "") : " has no readable owner");
      confidence = "low";
    } else {
      const names = ctx.cpu.targets.map((p) => p.name + " (pid " + p.pid.toString(16) + ")");
      const who = names.length > 0 ? names.join(", ") : "the target";
      const pct2 = ctx.cpu.kernelPercent !== null ? "; kernel time is " + ctx.cpu.kernelPercent + "% of its CPU time" : "";
      const hot = ctx.cpu.hotThreads.length;
      what = "no contended ERESOURCE and no hot third-party kernel code in " + who + (hot > 0 ? " (" + d.plural(hot, "runnable hot thread") + ")" : "") + pct2;
      if (ctx.cpu.targets.length === 0) {
        what = "no contended ERESOURCE; target process not found";
        confidence = "low";
      }
    }
    if (ctx.chainEvidenceLost || walkLostEvidence(ctx)) confidence = lowered(confidence);
    return {
      kind: "no-culprit",
      culprit: null,
      leads: leadsOf(ctx, null).map(component),
      blockingComponent: null,
      confidence,
      summary: "no culprit identified: " + what + leadText + (ctx.contention.length > 0 ? victims(ctx) : "")
    };
  }

  // src/analysis/analyze.ts
  var SCOPE_NOTE = "only ERESOURCE locks are analysed; pushlocks, fast mutexes and spinlocks need other evidence";
  function emptyAnalysis(snapshot, notes, summary, notApplicable) {
    return {
      snapshot,
      pointerSize: snapshot.os && snapshot.os.pointerSize === 8 ? 8 : 4,
      targetName: snapshot.targetName,
      verdict: notApplicable ? notApplicableVerdict(summary) : { kind: "no-culprit", culprit: null, blockingComponent: null, confidence: "low", summary, leads: [] },
      contention: [],
      chains: [],
      deadlocks: [],
      orphans: [],
      blockers: [],
      cpu: { targets: snapshot.targets || [], kernelSeconds: 0, userSeconds: 0, kernelPercent: null, topThreads: [], hotThreads: [], threadCount: 0 },
      irpPaths: [],
      irpGroups: [],
      blockingPoints: [],
      suspects: [],
      findings: [],
      followUps: [],
      processors: { count: null, rows: [], busy: 0, spin: null, stackGroups: [], evidence: [], verdictNote: null, groupModules: [] },
      dataQuality: { notes, chainEvidenceLost: !notApplicable },
      graph: makeGraph([])
    };
  }
  function analyze(snapshot, options) {
    const baseNotes = snapshot.dataQuality && snapshot.dataQuality.notes ? snapshot.dataQuality.notes.slice() : [];
    if (snapshot.notApplicable) return emptyAnalysis(snapshot, baseNotes, snapshot.notApplicable, true);
    try {
      return analyzeSnapshot(snapshot, options, baseNotes);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      return emptyAnalysis(snapshot, baseNotes.concat(["analysis error: " + msg]), "no culprit identified: the analysis failed (" + msg + ")", false);
    }
  }
  function analyzeSnapshot(snapshot, options, baseNotes) {
    const idx = indexSnapshot(snapshot);
    const d = makeDescriber(idx);
    const contention = findContention(idx);
    const chains = buildChains(contention);
    const deadlocks = findDeadlocks(contention);
    const orphans = findOrphans(idx, contention, d.fmt);
    const blockers = findBlockers(idx, contention, chains, deadlocks, orphans);
    const paths = {};
    const irpPaths = [];
    for (const irp of snapshot.irps) {
      if (paths[irp.address]) continue;
      const p = irpPath(idx, irp);
      paths[irp.address] = p;
      irpPaths.push(p);
    }
    const blockerSet = {};
    for (const b of blockers) blockerSet[b.thread] = true;
    const waiterSet = {};
    for (const c of contention) for (const w of c.exclusiveWaiters.concat(c.sharedWaiters)) waiterSet[w] = true;
    const cpu = cpuPicture(idx, options.topThreads, blockerSet, waiterSet);
    const irpGroups = [];
    const groupedThreads = blockers.map((b) => b.thread);
    for (const h of cpu.hotThreads) if (groupedThreads.indexOf(h) < 0) groupedThreads.push(h);
    for (const t of groupedThreads) {
      const rec = idx.thread(t);
      if (!rec) continue;
      const ps = [];
      for (const i of rec.irps) if (paths[i]) ps.push(paths[i]);
      const gs = groupIrps(t, ps);
      for (const g of gs) irpGroups.push(g);
    }
    const lossNotes = chainLossNotes(idx, d, blockers);
    const chainEvidenceLost = lossNotes.length > 0;
    const graph = buildEvidenceGraph(idx, contention, irpPaths);
    const inEvidence = {};
    for (const t in blockerSet) inEvidence[t] = true;
    for (const t in waiterSet) inEvidence[t] = true;
    for (const t of cpu.hotThreads) inEvidence[t] = true;
    const processors = processorPicture(idx, d, inEvidence);
    const extraRunning = [dpcRunningCode(processors)];
    const bps = findBlockingPoints({ idx, contention, blockers, deadlocks, paths, fmt: d.fmt, runningSources: extraRunning });
    const blockingPoints = blockers.map((b) => bps[b.thread]);
    const suspects = collectSuspects({
      idx,
      d,
      contention,
      blockers,
      blockingPoints: bps,
      cpu,
      paths,
      chainEvidenceLost,
      runningSources: runningSourcesWith(extraRunning),
      extra: processors.evidence
    });
    const verdict = decideVerdict({ idx, d, suspects, contention, deadlocks, orphans, blockers, blockingPoints: bps, cpu, chainEvidenceLost });
    if (verdict.kind === "no-culprit" && processors.verdictNote) verdict.summary += "; " + processors.verdictNote;
    const { findings, followUps } = buildFindings({ idx, d, contention, deadlocks, orphans, blockers, irpGroups, cpu, suspects, verdict });
    for (const f of processorFollowUps(processors)) if (!followUps.some((x) => x.command === f.command)) followUps.push(f);
    const notes = baseNotes.slice();
    for (const n of lossNotes) if (notes.indexOf(n) < 0) notes.push(n);
    for (const c of contention) {
      const rec = idx.resource(c.resource);
      for (const n of c.notes) if (!rec || rec.notes.indexOf(n) < 0) notes.push("ERESOURCE " + d.fmt(c.resource) + ": " + n);
    }
    if (deadlocks.length >= 100) notes.push("the wait-for graph is dense: only the first " + deadlocks.length + " deadlock cycles are reported");
    if (snapshot.targets.length === 0)
      notes.push("no process named " + JSON.stringify(snapshot.targetName) + " was found; the CPU picture is empty");
    notes.push(SCOPE_NOTE);
    return {
      snapshot,
      pointerSize: snapshot.os.pointerSize,
      targetName: snapshot.targetName,
      verdict,
      contention,
      chains,
      deadlocks,
      orphans,
      blockers,
      cpu,
      irpPaths,
      irpGroups,
      blockingPoints,
      suspects,
      findings,
      followUps,
      processors,
      dataQuality: { notes, chainEvidenceLost },
      graph
    };
  }

  // src/host/registration.ts
  var API_VERSION = { major: 1, minor: 2 };
  function registrationRecords(aliases) {
    const records = [new host.apiVersionSupport(API_VERSION.major, API_VERSION.minor)];
    for (let i = 0; i < aliases.length; i++) records.push(new host.functionAlias(aliases[i].fn, aliases[i].name));
    return records;
  }
  function rawLog(text) {
    try {
      host.diagnostics.debugLog(text);
    } catch (e) {
    }
  }

  // src/kernel/enums.ts
  var THREAD_STATES = [
    "Initialized",
    "Ready",
    "Running",
    "Standby",
    "Terminated",
    "Waiting",
    "Transition",
    "DeferredReady",
    "GateWait",
    "WaitingForProcessInSwap"
  ];
  var THREAD_STATE_WAITING = 5;
  function threadStateName(code) {
    return code >= 0 && code < THREAD_STATES.length ? THREAD_STATES[code] : "State(" + code + ")";
  }
  var WAIT_REASONS_COMMON = [
    "Executive",
    "FreePage",
    "PageIn",
    "PoolAllocation",
    "DelayExecution",
    "Suspended",
    "UserRequest",
    "WrExecutive",
    "WrFreePage",
    "WrPageIn",
    "WrPoolAllocation",
    "WrDelayExecution",
    "WrSuspended",
    "WrUserRequest",
    "WrEventPair",
    "WrQueue",
    "WrLpcReceive",
    "WrLpcReply",
    "WrVirtualMemory",
    "WrPageOut",
    "WrRendezvous"
  ];
  var WAIT_REASONS_2003 = ["Spare2", "Spare3", "Spare4", "Spare5", "Spare6"];
  var WAIT_REASONS_WIN7 = ["WrKeyedEvent", "WrTerminated", "WrProcessInSwap", "WrCpuRateControl", "WrCalloutStack"];
  var WAIT_REASONS_TAIL = [
    "WrKernel",
    "WrResource",
    "WrPushLock",
    "WrMutex",
    "WrQuantumEnd",
    "WrDispatchInt",
    "WrPreempted",
    "WrYieldExecution",
    "WrFastMutex",
    "WrGuardedMutex",
    "WrRundown",
    "WrAlertByThreadId",
    "WrDeferredPreempt",
    "WrPhysicalFault",
    "WrIoRing",
    "WrMdlCache"
  ];
  function waitReasonName(code, legacy) {
    if (code >= 0 && code < 21) return WAIT_REASONS_COMMON[code];
    if (code >= 21 && code <= 25) return (legacy ? WAIT_REASONS_2003 : WAIT_REASONS_WIN7)[code - 21];
    if (code >= 26 && code < 26 + WAIT_REASONS_TAIL.length) return WAIT_REASONS_TAIL[code - 26];
    return "WaitReason(" + code + ")";
  }
  function waitModeName(code) {
    return code === 1 ? "UserMode" : "KernelMode";
  }
  var IRP_MJ = [
    "CREATE",
    "CREATE_NAMED_PIPE",
    "CLOSE",
    "READ",
    "WRITE",
    "QUERY_INFORMATION",
    "SET_INFORMATION",
    "QUERY_EA",
    "SET_EA",
    "FLUSH_BUFFERS",
    "QUERY_VOLUME_INFORMATION",
    "SET_VOLUME_INFORMATION",
    "DIRECTORY_CONTROL",
    "FILE_SYSTEM_CONTROL",
    "DEVICE_CONTROL",
    "INTERNAL_DEVICE_CONTROL",
    "SHUTDOWN",
    "LOCK_CONTROL",
    "CLEANUP",
    "CREATE_MAILSLOT",
    "QUERY_SECURITY",
    "SET_SECURITY",
    "POWER",
    "SYSTEM_CONTROL",
    "DEVICE_CHANGE",
    "QUERY_QUOTA",
    "SET_QUOTA",
    "PNP"
  ];
  var IRP_MJ_INTERNAL_DEVICE_CONTROL = 15;
  function irpMajorName(code) {
    return code >= 0 && code < IRP_MJ.length ? "IRP_MJ_" + IRP_MJ[code] : "IRP_MJ(0x" + code.toString(16) + ")";
  }
  var TDI_MINOR = {
    1: "TDI_ASSOCIATE_ADDRESS",
    2: "TDI_DISASSOCIATE_ADDRESS",
    3: "TDI_CONNECT",
    4: "TDI_LISTEN",
    5: "TDI_ACCEPT",
    6: "TDI_DISCONNECT",
    7: "TDI_SEND",
    8: "TDI_RECEIVE",
    9: "TDI_SEND_DATAGRAM",
    10: "TDI_RECEIVE_DATAGRAM",
    11: "TDI_SET_EVENT_HANDLER",
    12: "TDI_QUERY_INFORMATION",
    13: "TDI_SET_INFORMATION",
    14: "TDI_ACTION",
    39: "TDI_DIRECT_SEND",
    41: "TDI_DIRECT_SEND_DATAGRAM"
  };
  function tdiMinorName(code) {
    return Object.prototype.hasOwnProperty.call(TDI_MINOR, code) ? TDI_MINOR[code] : null;
  }
  var TDI_TRANSPORTS = ["\\driver\\tcpip", "\\driver\\tcpip6", "\\driver\\netbt", "\\driver\\nwlnkipx", "\\driver\\nwlnkspx", "\\driver\\nwlnknb", "\\driver\\tdx", "\\driver\\smb"];
  function isTdiTransport(driverName) {
    if (driverName === null) return false;
    return TDI_TRANSPORTS.indexOf(driverName.toLowerCase()) >= 0;
  }
  function irpMinorName(major, minor, driverName) {
    if (major === IRP_MJ_INTERNAL_DEVICE_CONTROL && isTdiTransport(driverName)) return tdiMinorName(minor);
    return null;
  }
  var SL_PENDING_RETURNED = 1;
  var SL_INVOKE_ON_CANCEL = 32;
  var SL_INVOKE_ON_SUCCESS = 64;
  var SL_INVOKE_ON_ERROR = 128;
  function controlText(control) {
    const words = [];
    if (control & SL_INVOKE_ON_SUCCESS) words.push("Success");
    if (control & SL_INVOKE_ON_ERROR) words.push("Error");
    if (control & SL_INVOKE_ON_CANCEL) words.push("Cancel");
    if (control & SL_PENDING_RETURNED) words.push("pending");
    return words.join(" ");
  }
  var OBJECT_TYPE_THREAD = 6;
  var IO_TYPE_DEVICE = 3;
  var IO_TYPE_DRIVER = 4;
  var IO_TYPE_IRP = 6;
  var RESOURCE_OWNED_EXCLUSIVE = 128;

  // src/kernel/struct.ts
  var StructView = class {
    constructor(address, bytes, pointerSize) {
      this.address = address;
      this.bytes = bytes;
      this.pointerSize = pointerSize;
    }
    check(offset, length) {
      if (!(offset >= 0) || offset + length > this.bytes.length) {
        throw new RangeError("offset 0x" + offset.toString(16) + "+" + length + " outside the " + this.bytes.length + " bytes read at 0x" + this.address);
      }
    }
    u8(offset) {
      this.check(offset, 1);
      return this.bytes[offset];
    }
    u16(offset) {
      this.check(offset, 2);
      return this.bytes[offset] | this.bytes[offset + 1] << 8;
    }
    i16(offset) {
      const v = this.u16(offset);
      return v & 32768 ? v - 65536 : v;
    }
    u32(offset) {
      this.check(offset, 4);
      const b = this.bytes;
      return (b[offset] | b[offset + 1] << 8 | b[offset + 2] << 16 | b[offset + 3] << 24) >>> 0;
    }
    i32(offset) {
      return this.u32(offset) | 0;
    }
    /** A pointer-sized value as an Addr. */
    ptr(offset) {
      if (this.pointerSize === 4) return addrFromParts(0, this.u32(offset));
      return addrFromParts(this.u32(offset + 4), this.u32(offset));
    }
    /** An unsigned value of 1, 2, 4 or 8 bytes as a number (8-byte values above 2^53 lose precision: counts only). */
    uint(offset, size) {
      if (size === 1) return this.u8(offset);
      if (size === 2) return this.u16(offset);
      if (size === 8) return this.u32(offset + 4) * 4294967296 + this.u32(offset);
      return this.u32(offset);
    }
    /** A field by its type info: bit fields extracted, pointers excluded (use ptr). Sizes other than 1/2/8 read 4 bytes. */
    field(f) {
      if (f.bitLength > 0) return extractBits(this, f.offset, f.size, f.bitPosition, f.bitLength);
      return this.uint(f.offset, f.size === 1 || f.size === 2 || f.size === 8 ? f.size : 4);
    }
    /** A field holding a pointer-sized value (pointer, ULONG_PTR, HANDLE) as an Addr. */
    addr(f) {
      return this.ptr(f.offset);
    }
    /** Bytes [offset, offset+length) as Latin-1 text up to the first NUL (ImageFileName). */
    ascii(offset, length) {
      this.check(offset, length);
      let s = "";
      for (let i = 0; i < length; i++) {
        const c = this.bytes[offset + i];
        if (c === 0) break;
        s += String.fromCharCode(c);
      }
      return s;
    }
  };
  function extractBits(view, offset, size, position, length) {
    let unit;
    if (size === 8 && position >= 32) {
      unit = view.u32(offset + 4);
      position -= 32;
    } else if (size === 1) {
      unit = view.u8(offset);
    } else if (size === 2) {
      unit = view.u16(offset);
    } else {
      unit = view.u32(offset);
    }
    const shifted = unit >>> position;
    return length >= 32 ? shifted >>> 0 : (shifted & Math.pow(2, length) - 1) >>> 0;
  }
  function utf16(bytes) {
    let s = "";
    for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i] | bytes[i + 1] << 8);
    return s;
  }

  // src/kernel/devices.ts
  var MAX_ATTACHED_DEPTH = 16;
  var MAX_NAME_BYTES = 1024;
  var DeviceTable = class {
    constructor(target, layout, dq, modules) {
      this.target = target;
      this.layout = layout;
      this.dq = dq;
      this.modules = modules;
      this.devices = /* @__PURE__ */ new Map();
      this.drivers = /* @__PURE__ */ new Map();
    }
    /** The device (decoded once), with its driver; null when unreadable or not a device. */
    device(a) {
      if (addrIsNull(a)) return null;
      const known = this.devices.get(a);
      if (known !== void 0) return known;
      const rec = this.decodeDevice(a);
      this.devices.set(a, rec);
      return rec;
    }
    /** The device and every device attached above it (AttachedDevice chain, bounded, cycle-safe). */
    deviceWithAttached(a) {
      const first = this.device(a);
      let d = first;
      const seen = /* @__PURE__ */ new Set();
      let depth = 0;
      while (d !== null && !addrIsNull(d.attachedDevice)) {
        seen.add(d.address);
        if (seen.has(d.attachedDevice)) {
          this.dq.fail("cycle", "device attachment chains", a);
          break;
        }
        if (++depth > MAX_ATTACHED_DEPTH) {
          this.dq.fail("bound", "device attachment chains", a);
          break;
        }
        d = this.device(d.attachedDevice);
      }
      return first;
    }
    driver(a) {
      if (addrIsNull(a)) return null;
      const known = this.drivers.get(a);
      if (known !== void 0) return known;
      const rec = this.decodeDriver(a);
      this.drivers.set(a, rec);
      return rec;
    }
    deviceRecords() {
      const out = [];
      this.devices.forEach((d) => {
        if (d !== null) out.push(d);
      });
      return out;
    }
    driverRecords() {
      const out = [];
      this.drivers.forEach((d) => {
        if (d !== null) out.push(d);
      });
      return out;
    }
    /** The object at `a` in one read, or null (counted under `what`) when unreadable or its Type is not `type`. */
    readObject(a, span, typeField, type, what) {
      let v;
      try {
        v = new StructView(a, this.target.read(a, span), this.target.pointerSize);
      } catch (e) {
        this.dq.fail("read-error", what, a);
        return null;
      }
      if (v.field(typeField) !== type) {
        this.dq.fail("bad-type", what, a);
        return null;
      }
      return v;
    }
    decodeDevice(a) {
      const l = this.layout.device;
      if (l === null) return null;
      const v = this.readObject(a, l.span, l.type, IO_TYPE_DEVICE, "device objects");
      if (v === null) return null;
      const driverObject = v.addr(l.driverObject);
      const driver = this.driver(driverObject);
      return {
        address: a,
        driverObject,
        driverName: driver !== null ? driver.name : null,
        attachedDevice: v.addr(l.attachedDevice),
        deviceType: l.deviceType !== null ? v.field(l.deviceType) : 0,
        stackSize: l.stackSize !== null ? v.field(l.stackSize) : 0
      };
    }
    decodeDriver(a) {
      const l = this.layout.driver;
      if (l === null) return null;
      const v = this.readObject(a, l.span, l.type, IO_TYPE_DRIVER, "driver objects");
      if (v === null) return null;
      const length = v.field(l.nameLength);
      const buffer = v.addr(l.nameBuffer);
      let name = "";
      if (length > MAX_NAME_BYTES || length % 2 !== 0) {
        this.dq.fail("absurd-value", "driver names", a);
      } else if (length > 0 && !addrIsNull(buffer)) {
        try {
          name = utf16(this.target.read(buffer, length));
        } catch (e) {
          this.dq.fail("read-error", "driver names", a);
        }
      }
      const driverStart = v.addr(l.driverStart);
      let m = this.modules.byAddress(driverStart);
      if (m === null && name !== "") {
        m = this.modules.byName(name.slice(name.lastIndexOf("\\") + 1));
      }
      return {
        address: a,
        name,
        driverStart,
        driverSize: v.field(l.driverSize),
        module: m !== null ? this.modules.touch(m) : null
      };
    }
  };

  // src/kernel/drivers.ts
  var HASH_BUCKETS = 37;
  var MAX_DIRECTORY_ENTRIES = 1024;
  var MAX_OBJECT_NAME_BYTES = 512;
  var DRIVER_DIRECTORIES = ["driver", "filesystem"];
  var WHAT = "object directory entries";
  function namespaceLayout(target) {
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
    if (body === null || nameInfoOffset === null && infoMask === null || entryObject === null || entryChainLink === null) return null;
    if (nameLength === null || nameBuffer === null) return null;
    const creator = target.getType("_OBJECT_HEADER_CREATOR_INFO");
    const marker = nameInfoOffset !== null ? nameInfoOffset : infoMask;
    return {
      entryObject,
      entryChainLink,
      entrySpan: Math.max(entryObject.offset, entryChainLink.offset) + target.pointerSize,
      body: body.offset,
      headerSpan: marker.offset + 1,
      nameInfoOffset,
      infoMask: nameInfoOffset !== null ? null : infoMask,
      nameInfoSize: nameInfo.size,
      creatorInfoSize: creator !== null ? creator.size : null,
      nameLength,
      nameBuffer,
      nameSpan: nameBuffer.offset + target.pointerSize,
      infoMaskToOffset: infoMask !== null && nameInfoOffset === null ? target.getSymbolAddress("nt", "ObpInfoMaskToOffset") : null
    };
  }
  function objectName(target, l, dq, object) {
    try {
      const header = addrAdd(object, -l.body);
      const h = new StructView(header, target.read(header, l.headerSpan), target.pointerSize);
      let distance;
      if (l.nameInfoOffset !== null) {
        distance = h.field(l.nameInfoOffset);
        if (distance === 0) return "";
      } else {
        const mask = h.field(l.infoMask);
        if ((mask & 2) === 0) return "";
        if (l.infoMaskToOffset !== null) {
          distance = new StructView(l.infoMaskToOffset, target.read(addrAdd(l.infoMaskToOffset, mask & 3), 1), target.pointerSize).u8(0);
        } else if ((mask & 1) === 0) {
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
  function directoryObjects(target, l, dq, directory) {
    const ps = target.pointerSize;
    let buckets;
    try {
      buckets = new StructView(directory, target.read(directory, HASH_BUCKETS * ps), ps);
    } catch (e) {
      dq.fail("read-error", "object directories", directory);
      return [];
    }
    const out = [];
    const seen = /* @__PURE__ */ new Set();
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
        let v;
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
  function findDriverObjects(target, layout, dq, devices, modules) {
    const dl = layout.driver;
    if (dl === null || modules.length === 0) return 0;
    const rootSymbol = target.getSymbolAddress("nt", "ObpRootDirectoryObject");
    const l = namespaceLayout(target);
    if (rootSymbol === null || l === null) {
      dq.note(
        rootSymbol === null ? "missing-symbol" : "missing-type",
        "the object namespace could not be walked (" + (rootSymbol === null ? "no nt!ObpRootDirectoryObject" : "no object header types") + "): modules no IRP passed are not matched to their DRIVER_OBJECTs"
      );
      return 0;
    }
    let root;
    try {
      root = new StructView(rootSymbol, target.read(rootSymbol, target.pointerSize), target.pointerSize).ptr(0);
    } catch (e) {
      dq.fail("read-error", "object directories", rootSymbol);
      return 0;
    }
    if (addrIsNull(root)) return 0;
    const directories = [];
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
        let v;
        try {
          v = new StructView(objects[i], target.read(objects[i], dl.span), target.pointerSize);
        } catch (e) {
          dq.fail("read-error", "driver objects", objects[i]);
          continue;
        }
        if (v.field(dl.type) !== IO_TYPE_DRIVER || dl.size !== null && v.field(dl.size) !== dl.objectSize) continue;
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

  // src/kernel/irps.ts
  var MAX_STACK_COUNT = 32;
  function decodeIrp(target, layout, dq, devices, modules, a) {
    const l = layout.irp;
    const s = layout.stackLocation;
    if (l === null || s === null) return null;
    const ps = target.pointerSize;
    let header;
    try {
      header = new StructView(a, target.read(a, l.size), ps);
    } catch (e) {
      dq.fail("read-error", "IRPs", a);
      return null;
    }
    if (header.field(l.type) !== IO_TYPE_IRP) {
      dq.fail("bad-type", "IRPs", a);
      return null;
    }
    const stackCount = header.field(l.stackCount);
    const currentLocation = header.field(l.currentLocation);
    if (stackCount < 1 || stackCount > MAX_STACK_COUNT || currentLocation < 1 || currentLocation > stackCount + 1) {
      dq.fail("absurd-value", "IRPs (StackCount/CurrentLocation)", a);
      return null;
    }
    let v;
    try {
      v = new StructView(a, target.read(a, l.size + stackCount * s.size), ps);
    } catch (e) {
      dq.fail("read-error", "IRP stack locations", a);
      return null;
    }
    const active = currentLocation <= stackCount;
    const pendingReturned = v.field(l.pendingReturned) !== 0;
    const locations = [];
    for (let k = 1; k <= stackCount; k++) {
      const base = l.size + (k - 1) * s.size;
      const at = (f) => base + f.offset;
      const major = v.u8(at(s.major));
      const minor = v.u8(at(s.minor));
      const device = v.ptr(at(s.device));
      const completion = v.ptr(at(s.completion));
      const dev = devices.deviceWithAttached(device);
      const driverName = dev !== null ? dev.driverName : null;
      const driver = dev !== null ? devices.driver(dev.driverObject) : null;
      const completionModule = modules.byAddress(completion);
      const control = v.u8(at(s.control));
      locations.push({
        index: k,
        isCurrent: k === currentLocation,
        major,
        minor,
        majorName: irpMajorName(major),
        minorName: irpMinorName(major, minor, driverName),
        flags: v.u8(at(s.flags)),
        control,
        controlText: controlText(control),
        device,
        file: v.ptr(at(s.file)),
        completion,
        context: v.ptr(at(s.context)),
        args: s.args.map((f) => v.ptr(at(f))),
        driverName,
        driverModule: driver !== null ? driver.module : null,
        completionModule: completionModule !== null ? modules.touch(completionModule) : null,
        completionSymbol: addrIsNull(completion) ? null : modules.symbolize(completion)
      });
    }
    const current = active ? locations[currentLocation - 1] : null;
    return {
      address: a,
      thread: v.addr(l.thread),
      type: v.field(l.type),
      size: v.field(l.irpSize),
      flags: v.field(l.flags),
      mdl: v.addr(l.mdl),
      systemBuffer: l.systemBuffer !== null ? v.addr(l.systemBuffer) : "0",
      stackCount,
      currentLocation,
      currentStackLocation: l.currentStackLocation !== null ? v.addr(l.currentStackLocation) : addrAdd(a, l.size + (currentLocation - 1) * s.size),
      pendingReturned,
      cancel: v.field(l.cancel) !== 0,
      state: active ? "active" : "complete",
      pending: active && (pendingReturned || current !== null && (current.control & SL_PENDING_RETURNED) !== 0),
      locations
    };
  }

  // src/kernel/layout.ts
  var NO_FIELD = { offset: 0, size: 0, typeName: "", bitPosition: 0, bitLength: 0 };
  function fieldAt(f, base) {
    return { offset: base + f.offset, size: f.size, typeName: f.typeName, bitPosition: f.bitPosition, bitLength: f.bitLength };
  }
  var TypeReader = class {
    constructor(t, name, missing, base = 0) {
      this.t = t;
      this.name = name;
      this.missing = missing;
      this.base = base;
      this.span = 0;
      this.ok = t !== null;
      this.size = t !== null ? t.size : 0;
      if (t === null) missing.push(name);
    }
    req(path) {
      const f = this.opt(path);
      if (f === null) {
        if (this.t !== null) this.missing.push(this.name + "." + path);
        this.ok = false;
        return NO_FIELD;
      }
      return f;
    }
    opt(path) {
      if (this.t === null) return null;
      const f = this.t.field(path);
      if (f === null) return null;
      const g = this.base === 0 ? f : fieldAt(f, this.base);
      this.span = Math.max(this.span, g.offset + Math.max(g.size, 1));
      return g;
    }
    /** First of several alternative paths that exists. */
    optAny(paths) {
      for (let i = 0; i < paths.length; i++) {
        const f = this.opt(paths[i]);
        if (f !== null) return f;
      }
      return null;
    }
  };
  function listEntry(target, missing) {
    const t = target.getType("_LIST_ENTRY");
    const flink = t !== null ? t.field("Flink") : null;
    const blink = t !== null ? t.field("Blink") : null;
    if (t === null || flink === null || blink === null) missing.push("_LIST_ENTRY");
    return {
      size: t !== null ? t.size : target.pointerSize * 2,
      flink: flink !== null ? flink.offset : 0,
      blink: blink !== null ? blink.offset : target.pointerSize
    };
  }
  function processLayout(target, missing) {
    const e = new TypeReader(target.getType("_EPROCESS"), "_EPROCESS", missing);
    const pcb = e.opt("Pcb");
    const k = new TypeReader(target.getType("_KPROCESS"), "_KPROCESS", missing, pcb !== null ? pcb.offset : 0);
    const activeProcessLinks = e.req("ActiveProcessLinks");
    const uniqueProcessId = e.req("UniqueProcessId");
    const imageFileName2 = e.req("ImageFileName");
    let threadListHead = e.opt("ThreadListHead");
    let threadListEntry = null;
    if (threadListHead !== null) {
      const et = target.getType("_ETHREAD");
      threadListEntry = et !== null ? et.field("ThreadListEntry") : null;
    }
    if (threadListHead === null || threadListEntry === null) {
      threadListHead = k.opt("ThreadListHead");
      const kt = target.getType("_KTHREAD");
      threadListEntry = kt !== null ? kt.field("ThreadListEntry") : null;
    }
    if (threadListHead === null || threadListEntry === null) {
      missing.push("_EPROCESS.ThreadListHead");
      return null;
    }
    const kernelTime = k.opt("KernelTime");
    const userTime = k.opt("UserTime");
    const activeThreads = e.opt("ActiveThreads");
    if (!e.ok) return null;
    return {
      span: Math.max(e.span, k.span),
      activeProcessLinks,
      uniqueProcessId,
      imageFileName: imageFileName2,
      threadListHead,
      kernelTime,
      userTime,
      activeThreads,
      threadListEntry
    };
  }
  function threadLayout(target, missing) {
    const e = new TypeReader(target.getType("_ETHREAD"), "_ETHREAD", missing);
    const tcb = e.opt("Tcb");
    const k = new TypeReader(target.getType("_KTHREAD"), "_KTHREAD", missing, tcb !== null ? tcb.offset : 0);
    let type = k.opt("Header.Type");
    if (type === null) {
      const dh = target.getType("_DISPATCHER_HEADER");
      const header = k.opt("Header");
      const t = dh !== null ? dh.field("Type") : null;
      if (header !== null && t !== null) type = { offset: header.offset + t.offset, size: 1, typeName: t.typeName, bitPosition: 0, bitLength: 0 };
    }
    if (type === null) missing.push("_KTHREAD.Header.Type");
    const layout = {
      span: 0,
      size: e.size,
      type: type !== null ? type : NO_FIELD,
      state: k.req("State"),
      waitReason: k.req("WaitReason"),
      waitMode: k.opt("WaitMode"),
      waitBlockList: k.opt("WaitBlockList"),
      waitBlockCount: k.opt("WaitBlockCount"),
      waitTime: k.opt("WaitTime"),
      contextSwitches: k.opt("ContextSwitches"),
      priority: k.opt("Priority"),
      basePriority: k.opt("BasePriority"),
      teb: k.opt("Teb"),
      kernelTime: k.req("KernelTime"),
      userTime: k.req("UserTime"),
      process: k.opt("Process"),
      apcStateProcess: k.opt("ApcState.Process"),
      timer: k.opt("Timer"),
      startAddress: e.opt("StartAddress"),
      win32StartAddress: e.opt("Win32StartAddress"),
      cidProcess: e.req("Cid.UniqueProcess"),
      cidThread: e.req("Cid.UniqueThread"),
      irpList: e.opt("IrpList")
    };
    if (!e.ok || !k.ok || type === null) return null;
    layout.span = Math.max(e.span, k.span);
    return layout;
  }
  function waitBlockLayout(target, missing) {
    const w = new TypeReader(target.getType("_KWAIT_BLOCK"), "_KWAIT_BLOCK", missing);
    const l = {
      size: w.size,
      span: 0,
      waitListEntry: w.req("WaitListEntry"),
      thread: w.req("Thread"),
      object: w.req("Object"),
      nextWaitBlock: w.opt("NextWaitBlock")
    };
    l.span = w.span;
    return w.ok ? l : null;
  }
  function dispatcherWaitListHead(target, missing) {
    const dh = target.getType("_DISPATCHER_HEADER");
    const f = dh !== null ? dh.field("WaitListHead") : null;
    if (f === null) {
      missing.push("_DISPATCHER_HEADER.WaitListHead");
      return null;
    }
    const ev = target.getType("_KEVENT");
    const header = ev !== null ? ev.field("Header") : null;
    return f.offset + (header !== null ? header.offset : 0);
  }
  function resourceLayout(target, missing) {
    const r = new TypeReader(target.getType("_ERESOURCE"), "_ERESOURCE", missing);
    const oe = target.getType("_OWNER_ENTRY");
    let inlineOwners = r.opt("OwnerEntry");
    let inlineOwnerCount = 1;
    if (inlineOwners === null) {
      inlineOwners = r.opt("OwnerThreads");
      inlineOwnerCount = inlineOwners !== null && oe !== null && oe.size > 0 ? Math.max(1, Math.floor(inlineOwners.size / oe.size)) : 2;
    }
    if (inlineOwners === null) {
      missing.push("_ERESOURCE.OwnerEntry");
      r.ok = false;
    }
    const l = {
      size: r.size,
      span: 0,
      systemResourcesList: r.req("SystemResourcesList"),
      ownerTable: r.req("OwnerTable"),
      activeCount: r.opt("ActiveCount"),
      activeEntries: r.opt("ActiveEntries"),
      flag: r.req("Flag"),
      sharedWaiters: r.req("SharedWaiters"),
      exclusiveWaiters: r.req("ExclusiveWaiters"),
      inlineOwners: inlineOwners !== null ? inlineOwners : NO_FIELD,
      inlineOwnerCount,
      contentionCount: r.req("ContentionCount"),
      numberOfSharedWaiters: r.req("NumberOfSharedWaiters"),
      numberOfExclusiveWaiters: r.req("NumberOfExclusiveWaiters")
    };
    l.span = Math.max(r.span, r.size);
    return r.ok ? l : null;
  }
  function ownerEntryLayout(target, missing) {
    const o = new TypeReader(target.getType("_OWNER_ENTRY"), "_OWNER_ENTRY", missing);
    const l = {
      size: o.size,
      ownerThread: o.req("OwnerThread"),
      ownerCount: o.req("OwnerCount"),
      tableSize: o.req("TableSize")
    };
    return o.ok && o.size > 0 ? l : null;
  }
  function waitChainEntryLayout(target) {
    const t = target.getType("_KWAIT_CHAIN_ENTRY");
    if (t === null) return null;
    const dummy = [];
    const c = new TypeReader(t, "_KWAIT_CHAIN_ENTRY", dummy);
    const l = {
      size: c.size,
      span: 0,
      listEntry: c.req("ListEntry"),
      thread: c.opt("Thread"),
      event: c.req("Event")
    };
    l.span = Math.max(c.span, c.size);
    return c.ok ? l : null;
  }
  function irpLayout(target, missing) {
    const i = new TypeReader(target.getType("_IRP"), "_IRP", missing);
    const l = {
      size: i.size,
      type: i.req("Type"),
      irpSize: i.req("Size"),
      mdl: i.req("MdlAddress"),
      flags: i.req("Flags"),
      systemBuffer: i.opt("AssociatedIrp.SystemBuffer"),
      threadListEntry: i.req("ThreadListEntry"),
      pendingReturned: i.req("PendingReturned"),
      stackCount: i.req("StackCount"),
      currentLocation: i.req("CurrentLocation"),
      cancel: i.req("Cancel"),
      thread: i.req("Tail.Overlay.Thread"),
      currentStackLocation: i.opt("Tail.Overlay.CurrentStackLocation")
    };
    return i.ok && i.size > 0 ? l : null;
  }
  function stackLocationLayout(target, missing) {
    const s = new TypeReader(target.getType("_IO_STACK_LOCATION"), "_IO_STACK_LOCATION", missing);
    const l = {
      size: s.size,
      major: s.req("MajorFunction"),
      minor: s.req("MinorFunction"),
      flags: s.req("Flags"),
      control: s.req("Control"),
      args: [
        s.req("Parameters.Others.Argument1"),
        s.req("Parameters.Others.Argument2"),
        s.req("Parameters.Others.Argument3"),
        s.req("Parameters.Others.Argument4")
      ],
      device: s.req("DeviceObject"),
      file: s.req("FileObject"),
      completion: s.req("CompletionRoutine"),
      context: s.req("Context")
    };
    return s.ok && s.size > 0 ? l : null;
  }
  function deviceLayout(target, missing) {
    const d = new TypeReader(target.getType("_DEVICE_OBJECT"), "_DEVICE_OBJECT", missing);
    const l = {
      span: 0,
      type: d.req("Type"),
      driverObject: d.req("DriverObject"),
      attachedDevice: d.req("AttachedDevice"),
      deviceType: d.opt("DeviceType"),
      stackSize: d.opt("StackSize")
    };
    l.span = d.span;
    return d.ok ? l : null;
  }
  function driverLayout(target, missing) {
    const d = new TypeReader(target.getType("_DRIVER_OBJECT"), "_DRIVER_OBJECT", missing);
    const l = {
      span: 0,
      type: d.req("Type"),
      driverStart: d.req("DriverStart"),
      driverSize: d.req("DriverSize"),
      nameLength: d.req("DriverName.Length"),
      nameBuffer: d.req("DriverName.Buffer"),
      size: d.opt("Size"),
      objectSize: d.size
    };
    l.span = d.span;
    return d.ok ? l : null;
  }
  function resolveLayout(target) {
    const missing = [];
    const us = target.getType("_KUSER_SHARED_DATA");
    const tick = us !== null ? us.field("TickCount") : null;
    return {
      pointerSize: target.pointerSize,
      listEntry: listEntry(target, missing),
      process: processLayout(target, missing),
      thread: threadLayout(target, missing),
      waitBlock: waitBlockLayout(target, missing),
      dispatcherWaitListHead: dispatcherWaitListHead(target, missing),
      resource: resourceLayout(target, missing),
      ownerEntry: ownerEntryLayout(target, missing),
      waitChainEntry: waitChainEntryLayout(target),
      irp: irpLayout(target, missing),
      stackLocation: stackLocationLayout(target, missing),
      device: deviceLayout(target, missing),
      driver: driverLayout(target, missing),
      userSharedTickCount: tick !== null ? tick.offset : null,
      missing
    };
  }

  // src/kernel/modules.ts
  var LM_LINE = /^\s*([0-9a-fA-F`]{8,17})\s+([0-9a-fA-F`]{8,17})\s+(\S+)(.*)$/;
  function symbolStatus(rest) {
    const first = /^\s*(\([^)]*\))/.exec(rest);
    const r = first !== null ? first[1].toLowerCase() : "";
    if (r.indexOf("(deferred)") >= 0) return "deferred";
    if (r.indexOf("(no symbols)") >= 0) return "none";
    if (r.indexOf("(export symbols)") >= 0) return "export";
    if (/\((private )?pdb symbols\)|\((codeview|coff|sym) symbols\)/.test(r)) return "pdb";
    return "unknown";
  }
  function parseLm(lines) {
    const out = [];
    let current = null;
    for (let i = 0; i < lines.length; i++) {
      const line = String(lines[i]).replace(/\r?\n$/, "");
      if (/^\s*Unloaded modules:/i.test(line)) break;
      const m = LM_LINE.exec(line);
      if (m !== null) {
        const start = parseAddr(m[1]);
        const end = parseAddr(m[2]);
        if (start !== null && end !== null) {
          current = { start, end, name: m[3], symbols: symbolStatus(m[4]), image: null, company: null, ambiguous: false };
          out.push(current);
          continue;
        }
      }
      if (current === null) continue;
      const kv = /^\s+([A-Za-z][A-Za-z ]*[A-Za-z]):\s*(.*?)\s*$/.exec(line);
      if (kv === null) continue;
      const key = kv[1].toLowerCase();
      if (key === "image name" || key === "companyname") {
        const seen = key === "image name" ? current.image : current.company;
        if (seen !== null || current.ambiguous && kv[2] !== "") {
          current.ambiguous = true;
          current.image = null;
          current.company = null;
        } else if (kv[2] !== "") {
          if (key === "image name") current.image = kv[2];
          else current.company = kv[2];
        }
      }
    }
    return out;
  }
  function parseLn(lines) {
    for (let i = 0; i < lines.length; i++) {
      const m = /^\s*\(([0-9a-fA-F`]+)\)\s+(\S+)/.exec(String(lines[i]));
      if (m !== null && m[2].indexOf("!") > 0) return m[2];
    }
    for (let i = 0; i < lines.length; i++) {
      if (/^\s*Exact matches:/i.test(String(lines[i])) && i + 1 < lines.length) {
        const m = /^\s*(\S+!\S+?)(\s|\(|$)/.exec(String(lines[i + 1]));
        if (m !== null) return m[1];
      }
    }
    return null;
  }
  var KERNEL_IMAGES = ["ntoskrnl", "ntkrnlpa", "ntkrnlmp", "ntkrpamp"];
  function shortModuleName(path) {
    let base = path;
    const slash = Math.max(base.lastIndexOf("\\"), base.lastIndexOf("/"));
    if (slash >= 0) base = base.slice(slash + 1);
    const dot = base.lastIndexOf(".");
    const stem = dot > 0 ? base.slice(0, dot) : base;
    const lower = stem.toLowerCase();
    if (lower === "nt" || KERNEL_IMAGES.indexOf(lower) >= 0) return "nt";
    if (lower.slice(0, 3) === "hal") return "hal";
    return stem;
  }
  function imageFileName(path) {
    const slash = Math.max(path.lastIndexOf("\\"), path.lastIndexOf("/"));
    return slash >= 0 ? path.slice(slash + 1) : path;
  }
  var INBOX_MODULES = [
    "nt",
    "ntoskrnl",
    "ntkrnlpa",
    "ntkrnlmp",
    "ntkrpamp",
    "hal*",
    "kdcom",
    "kd*",
    "bootvid",
    "ci",
    "clfs",
    "tm",
    "pshed",
    "werkernel",
    "acpi",
    "acpiex",
    "pci",
    "pciide",
    "pciidex",
    "intelide",
    "atapi",
    "ataport",
    "msahci",
    "storahci",
    "stornvme",
    "storport",
    "scsiport",
    "disk",
    "classpnp",
    "cdrom",
    "partmgr",
    "volmgr",
    "volmgrx",
    "volsnap",
    "mountmgr",
    "ftdisk",
    "dmio",
    "dmload",
    "fs_rec",
    "ntfs",
    "fastfat",
    "cdfs",
    "udfs",
    "refs",
    "npfs",
    "msfs",
    "fltmgr",
    "ksecdd",
    "ksecpkg",
    "cng",
    "ipsec",
    "http",
    "mup",
    "rdbss",
    "mrxsmb*",
    "srv*",
    "nwrdr",
    "nwlnk*",
    "wanarp",
    "tdi",
    "tdx",
    "netio",
    "msrpc",
    "ks",
    "ksthunk",
    "usbport",
    "usbhub",
    "usbd",
    "usbccgp",
    "usbehci",
    "usbuhci",
    "usbohci",
    "usbxhci",
    "ucx01000",
    "hidclass",
    "hidparse",
    "hidusb",
    "kbdclass",
    "mouclass",
    "kbdhid",
    "mouhid",
    "i8042prt",
    "afd",
    "afunix",
    "tcpip",
    "tcpip6",
    "tcpipreg",
    "netbt",
    "netbios",
    "ndis",
    "ndiswan",
    "ndistapi",
    "ndisuio",
    "ndproxy",
    "raspppoe",
    "raspptp",
    "rasl2tp",
    "raspti",
    "rasacd",
    "ptilink",
    "gpc",
    "msgpc",
    "psched",
    "pacer",
    "ipnat",
    "ipfltdrv",
    "nsiproxy",
    "nsi",
    "fwpkclnt",
    "wfplwfs",
    "mpsdrv",
    "bowser",
    "dfsc",
    "csc",
    "lanman*",
    "termdd",
    "rdpdr",
    "rdpwd",
    "tdtcp",
    "rdpbus",
    "win32k",
    "win32kbase",
    "win32kfull",
    "dxgkrnl",
    "dxgmms1",
    "dxgmms2",
    "videoprt",
    "vga*",
    "watchdog",
    "beep",
    "null",
    "swenum",
    "update",
    "mssmbios",
    "processr",
    "intelppm",
    "amdppm",
    "crashdmp",
    "dump_*",
    "wmilib",
    "wdf01000",
    "wdfldr",
    "serial",
    "serenum",
    "parport",
    "flpydisk",
    "fdc",
    "sr",
    "redbook",
    "audstub",
    "mnmdd",
    "rdprefmp",
    "rasman",
    "spaceport",
    "vmbus",
    "storvsc",
    "netvsc",
    "vdrvroot",
    "msisadrv",
    "pdc",
    "sysmon",
    "luafv",
    "fileinfo",
    "wof",
    "bindflt",
    "wcifs",
    "cldflt",
    "mmcss",
    "srvnet",
    "condrv",
    "clipsp",
    "ahcache",
    "peauth"
  ];
  function isInboxModule(name, image) {
    const candidates = [name.toLowerCase()];
    if (image !== null) {
      const stem = imageFileName(image).toLowerCase();
      const dot = stem.lastIndexOf(".");
      candidates.push(dot > 0 ? stem.slice(0, dot) : stem);
    }
    for (let c = 0; c < candidates.length; c++) {
      const n = candidates[c];
      for (let i = 0; i < INBOX_MODULES.length; i++) {
        const p = INBOX_MODULES[i];
        if (p.charAt(p.length - 1) === "*" ? n.slice(0, p.length - 1) === p.slice(0, p.length - 1) : n === p) return true;
      }
    }
    return false;
  }
  var MICROSOFT_COMPANY = /^microsoft corporation\.?$/i;
  function classifyModule(name, image, company, symbols, versionRead, ambiguous) {
    if (ambiguous) {
      return { classification: "third-party", reason: "its version information is ambiguous (a version string spans several lines)" };
    }
    if (company !== null && company.trim() !== "") {
      if (MICROSOFT_COMPANY.test(company.trim().replace(/\s+/g, " "))) return { classification: "microsoft", reason: "CompanyName " + company };
      return { classification: "third-party", reason: "CompanyName " + company + " (not Microsoft)" };
    }
    if (isInboxModule(name, image)) return { classification: "microsoft", reason: "inbox Windows module" };
    if (!versionRead) {
      return { classification: "third-party", reason: "not an inbox Windows module; version information not read (module not in the evidence)" };
    }
    return {
      classification: "third-party",
      reason: "not an inbox Windows module and no Microsoft version information (symbols: " + symbols + ")"
    };
  }
  var MAX_EXTRA_LMV = 64;
  function modulesFromLm(lm, dq) {
    const starts = {};
    for (let i = 0; i < lm.length; i++) starts[lm[i].start] = (starts[lm[i].start] || 0) + 1;
    const out = [];
    for (let i = 0; i < lm.length; i++) {
      const e = lm[i];
      const size = addrDiff(e.end, e.start);
      if (starts[e.start] !== 1 || size === null || size <= 0 || size > 1073741824) continue;
      out.push({ name: e.image !== null && !e.ambiguous ? e.image : e.name, base: e.start, size });
    }
    if (out.length > 0) dq.note("fallback", "the data model listed no kernel modules; the module list is the one `lm` prints");
    return out;
  }
  var ModuleTable = class {
    constructor(target, dq) {
      this.target = target;
      this.dq = dq;
      this.entries = [];
      this.symbolCache = /* @__PURE__ */ new Map();
      let infos = [];
      try {
        infos = target.modules();
      } catch (e) {
        dq.fail("read-error", "module lists", null);
      }
      const lmNames = /* @__PURE__ */ new Map();
      let lm = [];
      try {
        lm = parseLm(target.executeCommand("lm"));
        for (let i = 0; i < lm.length; i++) lmNames.set(lm[i].start, lmNames.has(lm[i].start) ? null : lm[i]);
      } catch (e) {
      }
      if (infos.length === 0) {
        let verbose = [];
        try {
          verbose = parseLm(target.executeCommand("lmv"));
        } catch (e) {
          verbose = [];
        }
        infos = modulesFromLm(verbose.length > 0 ? verbose : lm, dq);
      }
      for (let i = 0; i < infos.length; i++) {
        const m = infos[i];
        const lm2 = lmNames.get(m.base);
        this.entries.push({
          name: lm2 !== void 0 && lm2 !== null ? lm2.name : shortModuleName(m.name),
          image: imageFileName(m.name),
          base: m.base,
          size: m.size,
          symbols: lm2 !== void 0 && lm2 !== null ? lm2.symbols : "unknown",
          company: null,
          versionRead: false,
          versionAmbiguous: false
        });
      }
      this.entries.sort((a, b) => addrCompare(a.base, b.base));
    }
    byAddress(a) {
      if (a === null || a === "0") return null;
      for (let i = 0; i < this.entries.length; i++) {
        const m = this.entries[i];
        if (addrInRange(a, m.base, m.size)) return m;
      }
      return null;
    }
    byName(name) {
      const n = name.toLowerCase();
      for (let i = 0; i < this.entries.length; i++) if (this.entries[i].name.toLowerCase() === n) return this.entries[i];
      for (let i = 0; i < this.entries.length; i++) if (shortModuleName(this.entries[i].image).toLowerCase() === n) return this.entries[i];
      return null;
    }
    /** The modules marked as evidence so far (touched), third-party by what is known of them now (their lmv was read). */
    thirdPartyEvidence() {
      return this.entries.filter(
        (m) => m.versionRead && classifyModule(m.name, m.image, m.company, m.symbols, true, m.versionAmbiguous).classification === "third-party"
      );
    }
    /** Marks a module as evidence: runs `lmv a 0x<base>` once for its symbol status and CompanyName. Returns its name. */
    touch(m) {
      if (m.versionRead) return m.name;
      m.versionRead = true;
      try {
        const lm = parseLm(this.target.executeCommand("lmv a 0x" + m.base));
        let e = null;
        for (let i = 0; i < lm.length; i++) if (lm[i].start === m.base && e === null) e = lm[i];
        if (e === null && lm.length > 0) e = lm[0];
        if (e !== null && (lm.length > 1 || e.ambiguous)) {
          m.versionAmbiguous = true;
          this.dq.fail("inconsistent", "modules whose lmv output was ambiguous (a version string spans lines); not trusted", m.base);
        } else if (e !== null) {
          m.symbols = e.symbols;
          m.company = e.company;
          if (e.image !== null) m.image = e.image;
        }
      } catch (e) {
        this.dq.fail("command-failed", "lmv", m.base);
      }
      return m.name;
    }
    /**
     * "module!Function+0x1f" via `ln` for addresses in modules with symbols (cached per address); otherwise
     * "module+0x1f" when `moduleOffset` (the default), else null. Null outside every module.
     */
    symbolize(a, moduleOffset) {
      if (a === "0") return null;
      const m = this.byAddress(a);
      if (m === null) return null;
      let s;
      const cached = this.symbolCache.get(a);
      if (cached !== void 0) s = cached;
      else s = this.lookup(a, m);
      if (s === null && moduleOffset !== false) s = m.name + "+0x" + addrDiff(a, m.base).toString(16);
      return s;
    }
    lookup(a, m) {
      let s = null;
      this.touch(m);
      if (m.symbols === "pdb" || m.symbols === "export" || m.symbols === "deferred") {
        try {
          s = parseLn(this.target.executeCommand("ln 0x" + a));
        } catch (e) {
          this.dq.fail("command-failed", "ln", a);
        }
      }
      this.symbolCache.set(a, s);
      return s;
    }
    /**
     * Every module classified. Modules outside the evidence that are not inbox names still get their `lmv` (at most
     * MAX_EXTRA_LMV of them), so a Microsoft module that merely is not on the inbox list is never called third-party.
     */
    records() {
      const out = [];
      let extra = 0;
      for (let i = 0; i < this.entries.length; i++) {
        const m = this.entries[i];
        if (!m.versionRead && !isInboxModule(m.name, m.image) && extra < MAX_EXTRA_LMV) {
          extra++;
          this.touch(m);
        }
        const c = classifyModule(m.name, m.image, m.company, m.symbols, m.versionRead, m.versionAmbiguous);
        out.push({
          name: m.name,
          image: m.image,
          base: m.base,
          size: m.size,
          symbolStatus: m.symbols,
          company: m.company,
          classification: c.classification,
          classificationReason: c.reason
        });
      }
      return out;
    }
  };
  function frameModule2(table, text, address) {
    const byAddr = table.byAddress(address);
    if (byAddr !== null) return byAddr;
    const m = /^\s*([A-Za-z0-9_.$-]+?)(!|\+0x)/.exec(text);
    if (m === null) return null;
    return table.byName(m[1]);
  }

  // src/kernel/lists.ts
  function isKernelLink(hi, lo, pointerSize) {
    if (pointerSize === 4) return hi === 0 && lo >= 2147483648 && (lo & 3) === 0;
    return hi >= 4294934528 && (lo & 7) === 0;
  }
  function isKernelPointer(a, pointerSize) {
    const p = addrParts(a);
    return isKernelLink(p.hi, p.lo, pointerSize);
  }
  function walkList(target, dq, head, listEntry2, max, what, owner) {
    const flinkOffset = listEntry2.flink;
    const blinkOffset = listEntry2.blink;
    const entries = [];
    const seen = /* @__PURE__ */ new Set();
    seen.add(head);
    const ps = target.pointerSize;
    const link = (at2, offset) => new StructView(at2, target.read(addrAdd(at2, offset), ps), ps).ptr(0);
    let at = head;
    for (; ; ) {
      let next;
      try {
        next = link(at, flinkOffset);
      } catch (e) {
        dq.fail("read-error", what, owner);
        break;
      }
      if (next === head) return { entries, complete: true };
      if (addrIsNull(next)) {
        dq.fail("inconsistent", what + " with a NULL link", owner);
        break;
      }
      if (!isKernelPointer(next, ps)) {
        dq.fail("inconsistent", what + " with a wild link", owner);
        break;
      }
      if (seen.has(next)) {
        dq.fail("cycle", what, owner);
        break;
      }
      if (entries.length >= max) {
        dq.fail("bound", what, owner);
        return { entries, complete: false };
      }
      seen.add(next);
      entries.push(next);
      at = next;
    }
    const tail = [];
    try {
      let back = link(head, blinkOffset);
      while (back !== head && isKernelPointer(back, ps) && !seen.has(back) && entries.length + tail.length < max) {
        seen.add(back);
        tail.push(back);
        back = link(back, blinkOffset);
      }
    } catch (e) {
    }
    return { entries: entries.concat(tail.reverse()), complete: false };
  }
  var AddrSet = class {
    constructor() {
      this.byHi = /* @__PURE__ */ new Map();
    }
    has(hi, lo) {
      const s = this.byHi.get(hi);
      return s !== void 0 && s.has(lo | 0);
    }
    add(hi, lo) {
      let s = this.byHi.get(hi);
      if (s === void 0) {
        s = /* @__PURE__ */ new Set();
        this.byHi.set(hi, s);
      }
      s.add(lo | 0);
    }
  };
  var TWO322 = 4294967296;
  function walkStructList(target, dq, head, linkOffset, flinkOffset, blinkOffset, span, max, what, visit) {
    const ps = target.pointerSize;
    let headView;
    try {
      headView = new StructView(head, target.read(head, Math.max(flinkOffset, blinkOffset) + ps), ps);
    } catch (e) {
      dq.note("read-error", "the head of the " + what + " list at 0x" + head + " could not be read: nothing on it was walked");
      return { visited: 0, complete: false };
    }
    const headParts = addrParts(head);
    const seen = new AddrSet();
    seen.add(headParts.hi, headParts.lo);
    let visited = 0;
    let brokeAt = "";
    let breakKind = "inconsistent";
    let hi = ps === 8 ? headView.u32(flinkOffset + 4) : 0;
    let lo = headView.u32(flinkOffset);
    const structAt = () => {
      let l = lo - linkOffset;
      let h = hi;
      if (l < 0) {
        l += TWO322;
        h = h === 0 ? TWO322 - 1 : h - 1;
      }
      return addrFromParts(h, l);
    };
    let complete = false;
    for (; ; ) {
      if (hi === headParts.hi && lo === headParts.lo) {
        complete = true;
        break;
      }
      if (hi === 0 && lo === 0) {
        brokeAt = "a NULL link";
        break;
      }
      if (!isKernelLink(hi, lo, ps)) {
        brokeAt = "a wild link 0x" + addrFromParts(hi, lo);
        break;
      }
      if (seen.has(hi, lo)) {
        breakKind = "cycle";
        brokeAt = "a link back into the list at 0x" + addrFromParts(hi, lo);
        break;
      }
      if (visited >= max) {
        dq.note("bound", "the " + what + " list was cut at " + max + " entries (walk limit)");
        return { visited, complete: false };
      }
      const base = structAt();
      let view;
      try {
        view = new StructView(base, target.read(base, span), ps);
      } catch (e) {
        breakKind = "read-error";
        brokeAt = "an unreadable entry at 0x" + base;
        break;
      }
      seen.add(hi, lo);
      visited++;
      visit(view);
      const next = linkOffset + flinkOffset;
      hi = ps === 8 ? view.u32(next + 4) : 0;
      lo = view.u32(next);
    }
    if (complete) return { visited, complete: true };
    let back = 0;
    hi = ps === 8 ? headView.u32(blinkOffset + 4) : 0;
    lo = headView.u32(blinkOffset);
    while (!(hi === headParts.hi && lo === headParts.lo) && isKernelLink(hi, lo, ps) && !seen.has(hi, lo) && visited < max) {
      const base = structAt();
      let view;
      try {
        view = new StructView(base, target.read(base, span), ps);
      } catch (e) {
        dq.fail("read-error", what + " entries", base);
        break;
      }
      seen.add(hi, lo);
      visited++;
      back++;
      visit(view);
      const prev = linkOffset + blinkOffset;
      hi = ps === 8 ? view.u32(prev + 4) : 0;
      lo = view.u32(prev);
    }
    dq.note(
      breakKind,
      "the " + what + " list is broken (" + brokeAt + ") after " + (visited - back) + " entries; " + back + " more were recovered walking it backwards"
    );
    return { visited, complete: false };
  }

  // src/kernel/processes.ts
  var MAX_PROCESSES = 65536;
  function decodeProcess(view, p, layout) {
    const pid = addrToNumber(view.addr(p.uniqueProcessId));
    const nameLength = Math.min(Math.max(p.imageFileName.size, 1), 16);
    const kernelTicks = p.kernelTime !== null ? view.field(p.kernelTime) : 0;
    const userTicks = p.userTime !== null ? view.field(p.userTime) : 0;
    const threadCount = p.activeThreads !== null ? view.field(p.activeThreads) : 0;
    return {
      record: {
        address: view.address,
        pid: pid !== null ? pid : -1,
        name: view.ascii(p.imageFileName.offset, nameLength),
        kernelTicks,
        userTicks,
        threadCount
      },
      threadListHead: addrAdd(view.address, p.threadListHead.offset),
      threadListFlink: view.ptr(p.threadListHead.offset + layout.listEntry.flink)
    };
  }
  function walkProcesses(target, layout, dq) {
    const out = [];
    const p = layout.process;
    if (p === null) return out;
    const head = target.getSymbolAddress("nt", "PsActiveProcessHead");
    if (head === null) {
      dq.note("missing-symbol", "nt!PsActiveProcessHead is not in the symbols: no process could be listed");
      return out;
    }
    walkStructList(
      target,
      dq,
      head,
      p.activeProcessLinks.offset,
      layout.listEntry.flink,
      layout.listEntry.blink,
      p.span,
      MAX_PROCESSES,
      "process",
      (view) => {
        try {
          out.push(decodeProcess(view, p, layout));
        } catch (e) {
          dq.fail("read-error", "processes", view.address);
        }
      }
    );
    return out;
  }
  function imageNameMatches(imageFileName2, requested) {
    const have = imageFileName2.toLowerCase();
    const want = requested.toLowerCase();
    if (have === want) return true;
    if (have.length >= 14 && have.length < want.length && want.slice(0, have.length) === have) return true;
    return false;
  }
  function busiest(processes, count) {
    const recs = processes.map((p) => p.record);
    recs.sort((a, b) => b.kernelTicks - a.kernelTicks || b.userTicks - a.userTicks);
    return recs.slice(0, count);
  }

  // src/kernel/quality.ts
  var MAX_EXAMPLES = 3;
  var MAX_NOTES = 60;
  var Quality = class {
    constructor() {
      this.counts = {};
      this.groups = [];
      this.groupIndex = {};
      this.notes = [];
    }
    /**
     * One failure on one object, summarised later per (kind, what): "could not read 3 threads (at 0x…, 0x…)".
     * `what` is a plural noun phrase ("threads", "ERESOURCE owner tables").
     */
    fail(kind, what, at) {
      this.counts[kind] = (this.counts[kind] || 0) + 1;
      const key = kind + "|" + what;
      let g = this.groupIndex[key];
      if (g === void 0) {
        g = { kind, what, count: 0, examples: [] };
        this.groupIndex[key] = g;
        this.groups.push(g);
      }
      g.count++;
      if (at !== null && g.examples.length < MAX_EXAMPLES && g.examples.indexOf(at) < 0) g.examples.push(at);
    }
    /** A finding that needs its own sentence ("resource 0x…: 5 exclusive waiters counted, 4 found"). */
    note(kind, text) {
      this.counts[kind] = (this.counts[kind] || 0) + 1;
      if (this.notes.length < MAX_NOTES) this.notes.push(text);
      else if (this.notes.length === MAX_NOTES) this.notes.push("(further data-quality notes omitted)");
    }
    count(kind) {
      return this.counts[kind] || 0;
    }
    result() {
      const notes = this.notes.slice();
      for (let i = 0; i < this.groups.length; i++) notes.push(summarise(this.groups[i]));
      const counts = {};
      for (const k in this.counts) counts[k] = this.counts[k];
      return { notes, counts };
    }
  };
  function summarise(g) {
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

  // src/kernel/time.ts
  var DEFAULT_MAXIMUM_INCREMENT = 156250;
  var TICK_COUNT_OFFSET = 800;
  function ticksToSeconds(ticks, keMaximumIncrement) {
    return ticks * keMaximumIncrement / 1e7;
  }
  function elapsedTicks(now2, then) {
    if (now2 === null) return null;
    return ((now2 - then) % 4294967296 + 4294967296) % 4294967296;
  }
  function readU32(target, a) {
    return new StructView(a, target.read(a, 4), target.pointerSize).u32(0);
  }
  function readKeMaximumIncrement(target, dq) {
    const a = target.getSymbolAddress("nt", "KeMaximumIncrement");
    if (a !== null) {
      try {
        const v = readU32(target, a);
        if (v > 0 && v <= 1e7) return v;
        dq.note("absurd-value", "nt!KeMaximumIncrement reads " + v + ": assuming " + DEFAULT_MAXIMUM_INCREMENT + " (15.625 ms) per tick");
        return DEFAULT_MAXIMUM_INCREMENT;
      } catch (e) {
      }
    }
    dq.note("missing-symbol", "nt!KeMaximumIncrement could not be read: times assume " + DEFAULT_MAXIMUM_INCREMENT + " (15.625 ms) per tick");
    return DEFAULT_MAXIMUM_INCREMENT;
  }
  function readTickCount(target, layout, dq) {
    const shared = target.pointerSize === 4 ? "ffdf0000" : "fffff78000000000";
    const offset = layout.userSharedTickCount !== null ? layout.userSharedTickCount : TICK_COUNT_OFFSET;
    try {
      return readU32(target, addrAdd(shared, offset));
    } catch (e) {
    }
    const k = target.getSymbolAddress("nt", "KeTickCount");
    if (k !== null) {
      try {
        return readU32(target, k);
      } catch (e) {
      }
    }
    dq.note("missing-symbol", "the current tick count (KUSER_SHARED_DATA.TickCount, nt!KeTickCount) could not be read: wait durations are unknown");
    return null;
  }
  function describeBuild(target, layout) {
    const arch = target.pointerSize === 4 ? "x86" : "x64";
    const a = target.getSymbolAddress("nt", "NtBuildNumber");
    if (a !== null) {
      try {
        const v = readU32(target, a) & 65535;
        if (v > 0) return "build " + v + " " + arch;
      } catch (e) {
      }
    }
    if (layout.resource !== null && layout.resource.activeEntries === null) return arch + ", Server 2003-era layout (OwnerThreads[2])";
    if (layout.waitBlock !== null && layout.waitBlock.nextWaitBlock !== null) return arch + ", Windows 7 / Server 2008 R2-era layout";
    return arch + ", Windows 8+ layout";
  }

  // src/kernel/threads.ts
  var MAX_IRPS_PER_THREAD = 1024;
  var MAX_WAIT_BLOCKS = 64;
  function threadContext(target, layout, dq, keMaximumIncrement, tickCount, processes) {
    return {
      target,
      layout,
      dq,
      keMaximumIncrement,
      tickCount,
      processes,
      // 2003's ERESOURCE (ActiveCount, no ActiveEntries) goes with the XP/2003 names for wait reasons 21..25.
      legacyWaitReasons: layout.resource !== null && layout.resource.activeEntries === null
    };
  }
  function isThread(ctx, a) {
    const t = ctx.layout.thread;
    if (t === null || addrIsNull(a)) return false;
    try {
      return ctx.target.read(addrAdd(a, t.type.offset), 1)[0] === OBJECT_TYPE_THREAD;
    } catch (e) {
      return false;
    }
  }
  function processOf(ctx, eprocess) {
    if (addrIsNull(eprocess)) return null;
    const known = ctx.processes.get(eprocess);
    if (known !== void 0) return known;
    const p = ctx.layout.process;
    if (p === null) return null;
    try {
      const rec = decodeProcess(new StructView(eprocess, ctx.target.read(eprocess, p.span), ctx.target.pointerSize), p, ctx.layout).record;
      ctx.processes.set(eprocess, rec);
      return rec;
    } catch (e) {
      ctx.dq.fail("read-error", "processes of threads", eprocess);
      return null;
    }
  }
  function waitObjects(ctx, view) {
    const t = ctx.layout.thread;
    const wb = ctx.layout.waitBlock;
    if (wb === null || t.waitBlockList === null) return [];
    const first = view.addr(t.waitBlockList);
    if (addrIsNull(first)) return [];
    const timer = t.timer !== null ? addrAdd(view.address, t.timer.offset) : null;
    const ps = ctx.target.pointerSize;
    const out = [];
    const add = (o) => {
      if (!addrIsNull(o) && o !== timer && out.indexOf(o) < 0) out.push(o);
    };
    try {
      if (wb.nextWaitBlock !== null) {
        const seen = /* @__PURE__ */ new Set();
        let at = first;
        for (; ; ) {
          const block = new StructView(at, ctx.target.read(at, wb.span), ps);
          seen.add(at);
          add(block.addr(wb.object));
          const next = block.addr(wb.nextWaitBlock);
          if (next === first || addrIsNull(next)) break;
          if (seen.has(next)) {
            ctx.dq.fail("cycle", "wait-block chains", view.address);
            break;
          }
          if (seen.size >= MAX_WAIT_BLOCKS) {
            ctx.dq.fail("bound", "wait-block chains", view.address);
            break;
          }
          at = next;
        }
      } else {
        let count = t.waitBlockCount !== null ? Math.max(1, view.field(t.waitBlockCount)) : 1;
        if (count > MAX_WAIT_BLOCKS) {
          ctx.dq.fail("absurd-value", "WaitBlockCount values", view.address);
          count = MAX_WAIT_BLOCKS;
        }
        if (count > 0) {
          const blocks = new StructView(first, ctx.target.read(first, count * wb.size), ps);
          for (let i = 0; i < count; i++) add(blocks.ptr(i * wb.size + wb.object.offset));
        }
      }
    } catch (e) {
      ctx.dq.fail("read-error", "wait blocks", view.address);
    }
    return out;
  }
  function irpList(ctx, view) {
    const t = ctx.layout.thread;
    const irp = ctx.layout.irp;
    if (t.irpList === null || irp === null) return [];
    const head = addrAdd(view.address, t.irpList.offset);
    if (view.ptr(t.irpList.offset + ctx.layout.listEntry.flink) === head) return [];
    const walk = walkList(ctx.target, ctx.dq, head, ctx.layout.listEntry, MAX_IRPS_PER_THREAD, "thread IRP lists", view.address);
    return walk.entries.map((e) => addrAdd(e, -irp.threadListEntry.offset));
  }
  function optionalAddr(view, f) {
    return f === null ? null : view.ptr(f.offset);
  }
  function decodeThread(ctx, address) {
    const t = ctx.layout.thread;
    if (t === null) return null;
    let view;
    try {
      view = new StructView(address, ctx.target.read(address, t.span), ctx.target.pointerSize);
    } catch (e) {
      ctx.dq.fail("read-error", "threads", address);
      return null;
    }
    try {
      if (view.field(t.type) !== OBJECT_TYPE_THREAD) {
        ctx.dq.fail("bad-type", "threads", address);
        return null;
      }
      const stateCode = view.field(t.state);
      const waitReasonCode = view.field(t.waitReason);
      const kernelTicks = view.field(t.kernelTime);
      const userTicks = view.field(t.userTime);
      const waitTime = t.waitTime !== null ? view.field(t.waitTime) : 0;
      let eprocess = "0";
      if (t.process !== null) eprocess = view.addr(t.process);
      if (addrIsNull(eprocess) && t.apcStateProcess !== null) eprocess = view.addr(t.apcStateProcess);
      const proc = processOf(ctx, eprocess);
      const pid = addrToNumber(view.addr(t.cidProcess));
      const tid = addrToNumber(view.addr(t.cidThread));
      return {
        address,
        pid: pid !== null ? pid : -1,
        tid: tid !== null ? tid : -1,
        processAddress: addrIsNull(eprocess) ? null : eprocess,
        processName: proc !== null ? proc.name : null,
        stateCode,
        state: threadStateName(stateCode),
        waitReasonCode,
        waitReason: waitReasonName(waitReasonCode, ctx.legacyWaitReasons),
        waitMode: waitModeName(t.waitMode !== null ? view.field(t.waitMode) : 0),
        waitObjects: stateCode === THREAD_STATE_WAITING ? waitObjects(ctx, view) : [],
        waitTime,
        elapsedTicks: t.waitTime !== null ? elapsedTicks(ctx.tickCount, waitTime) : null,
        kernelTicks,
        userTicks,
        kernelSeconds: ticksToSeconds(kernelTicks, ctx.keMaximumIncrement),
        userSeconds: ticksToSeconds(userTicks, ctx.keMaximumIncrement),
        contextSwitches: t.contextSwitches !== null ? view.field(t.contextSwitches) : 0,
        priority: t.priority !== null ? view.field(t.priority) : 0,
        basePriority: t.basePriority !== null ? view.field(t.basePriority) : 0,
        startAddress: optionalAddr(view, t.startAddress),
        win32StartAddress: optionalAddr(view, t.win32StartAddress),
        teb: optionalAddr(view, t.teb),
        irps: irpList(ctx, view),
        stack: null
      };
    } catch (e) {
      ctx.dq.fail("read-error", "threads", address);
      return null;
    }
  }
  function processThreadAddresses(ctx, threadListHead, threadListFlink, process, max) {
    const p = ctx.layout.process;
    if (p === null || threadListFlink === threadListHead) return [];
    const walk = walkList(ctx.target, ctx.dq, threadListHead, ctx.layout.listEntry, max, "process thread lists", process);
    return walk.entries.map((e) => addrAdd(e, -p.threadListEntry.offset));
  }
  function attachStack(ctx, modules, thread) {
    if (thread.pid < 0 || thread.tid < 0) return;
    let frames;
    try {
      frames = ctx.target.stackFrames(thread.pid, thread.tid);
    } catch (e) {
      frames = null;
    }
    if (frames === null) {
      ctx.dq.fail("stack-unavailable", "threads", thread.address);
      return;
    }
    const out = [];
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i];
      const text = f.text.replace(/ \+ 0x/, "+0x");
      const m = frameModule2(modules, text, f.instructionOffset);
      out.push({ text, module: m !== null ? modules.touch(m) : null, address: f.instructionOffset });
    }
    thread.stack = out;
  }

  // src/kernel/resources.ts
  var MAX_RESOURCES = 1e6;
  var MAX_OWNER_TABLE = 4096;
  var MAX_WAITERS = 4096;
  function actualThread(raw) {
    return addrLowBits(raw, 2) === 3 ? addrAdd(raw, -3) : raw;
  }
  function ownerCount(view, f) {
    const v = view.field(f);
    return f.bitLength === 0 && f.size === 4 ? v | 0 : v;
  }
  function ptrIsZero(view, offset) {
    return view.u32(offset) === 0 && (view.pointerSize === 4 || view.u32(offset + 4) === 0);
  }
  function waitListNonEmpty(ctx, object) {
    const off = ctx.layout.dispatcherWaitListHead;
    if (off === null || addrIsNull(object)) return false;
    try {
      const head = addrAdd(object, off);
      const flink = new StructView(head, ctx.target.read(head, ctx.target.pointerSize * 2), ctx.target.pointerSize).ptr(ctx.layout.listEntry.flink);
      return !addrIsNull(flink) && flink !== head;
    } catch (e) {
      return false;
    }
  }
  function chainNonEmpty(ctx, entry) {
    const c = ctx.layout.waitChainEntry;
    if (c === null || addrIsNull(entry)) return false;
    try {
      const v = new StructView(entry, ctx.target.read(entry, c.span), ctx.target.pointerSize);
      const next = v.ptr(c.listEntry.offset + ctx.layout.listEntry.flink);
      if (!addrIsNull(next) && next !== entry) return true;
      return c.thread !== null && !addrIsNull(v.addr(c.thread));
    } catch (e) {
      return false;
    }
  }
  function usesWaitChains(ctx) {
    return ctx.layout.waitBlock !== null && ctx.layout.waitBlock.nextWaitBlock === null && ctx.layout.waitChainEntry !== null;
  }
  function scanResources(ctx, watchThreads) {
    const r = ctx.layout.resource;
    const oe = ctx.layout.ownerEntry;
    const headers = [];
    if (r === null || oe === null) return { visited: 0, headers };
    const head = ctx.target.getSymbolAddress("nt", "ExpSystemResourcesList");
    if (head === null) return { visited: 0, headers };
    const chains = usesWaitChains(ctx);
    const walk = walkStructList(
      ctx.target,
      ctx.dq,
      head,
      r.systemResourcesList.offset,
      ctx.layout.listEntry.flink,
      ctx.layout.listEntry.blink,
      r.span,
      MAX_RESOURCES,
      "ERESOURCE",
      (view) => {
        try {
          const nS = view.field(r.numberOfSharedWaiters);
          const nE = view.field(r.numberOfExclusiveWaiters);
          const flag = view.field(r.flag);
          const active = r.activeEntries !== null ? view.field(r.activeEntries) : r.activeCount !== null ? view.field(r.activeCount) : 0;
          let contended2 = nS + nE > 0;
          const inline = [];
          for (let i = 0; i < r.inlineOwnerCount; i++) {
            const base = r.inlineOwners.offset + i * oe.size;
            if (ptrIsZero(view, base + oe.ownerThread.offset)) continue;
            const raw = view.ptr(base + oe.ownerThread.offset);
            inline.push({ raw, count: ownerCount(view, fieldAt(oe.ownerCount, base)) });
          }
          const held = active !== 0 || (flag & RESOURCE_OWNED_EXCLUSIVE) !== 0 || inline.length > 0;
          if (!contended2 && !held) return;
          const shared = view.addr(r.sharedWaiters);
          const exclusive = view.addr(r.exclusiveWaiters);
          if (!contended2 && held && (!addrIsNull(shared) || !addrIsNull(exclusive))) {
            contended2 = chains ? chainNonEmpty(ctx, shared) || chainNonEmpty(ctx, exclusive) : waitListNonEmpty(ctx, shared) || waitListNonEmpty(ctx, exclusive);
          }
          let watched = false;
          if (!contended2 && watchThreads.size > 0) {
            for (let i = 0; i < inline.length; i++) if (watchThreads.has(actualThread(inline[i].raw))) watched = true;
          }
          if (!contended2 && !watched) return;
          headers.push({
            address: view.address,
            flag,
            activeCount: active,
            contentionCount: view.field(r.contentionCount),
            numberOfSharedWaiters: nS,
            numberOfExclusiveWaiters: nE,
            sharedWaitersObject: shared,
            exclusiveWaitersObject: exclusive,
            ownerTable: view.addr(r.ownerTable),
            inline,
            contended: contended2
          });
        } catch (e) {
          ctx.dq.fail("read-error", "ERESOURCEs", view.address);
        }
      }
    );
    return { visited: walk.visited, headers };
  }
  var PAGE = 4096;
  function readPrefix(ctx, addr, length) {
    try {
      return ctx.target.read(addr, length);
    } catch (e) {
    }
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const at = addrAdd(addr, done);
      const n = Math.min(length - done, PAGE - addrParts(at).lo % PAGE);
      let bytes;
      try {
        bytes = ctx.target.read(at, n);
      } catch (e) {
        if (done === 0) throw e;
        break;
      }
      out.set(bytes, done);
      done += n;
    }
    return out.subarray(0, done);
  }
  function readOwnerTable(ctx, h, owners, notes) {
    const oe = ctx.layout.ownerEntry;
    if (addrIsNull(h.ownerTable)) return;
    const ps = ctx.target.pointerSize;
    try {
      const header = new StructView(h.ownerTable, ctx.target.read(h.ownerTable, oe.size), ps);
      let tableSize = header.field(oe.tableSize);
      const absurd = tableSize > MAX_OWNER_TABLE;
      if (absurd) {
        ctx.dq.fail("absurd-value", "OwnerTable sizes", h.address);
        notes.push("OwnerTable 0x" + h.ownerTable + " claims " + tableSize + " entries; only " + MAX_OWNER_TABLE + " were scanned, keeping entries that are threads");
        tableSize = MAX_OWNER_TABLE;
      }
      if (tableSize < 1) return;
      const bytes = readPrefix(ctx, h.ownerTable, tableSize * oe.size);
      const readable = Math.floor(bytes.length / oe.size);
      if (readable < tableSize && !absurd) {
        ctx.dq.fail("read-error", "ERESOURCE owner tables (in part)", h.address);
        notes.push("OwnerTable 0x" + h.ownerTable + ": only " + readable + " of " + tableSize + " entries could be read; owners may be missing");
      }
      const table = new StructView(h.ownerTable, bytes, ps);
      let notThreads = 0;
      for (let i = 0; i < readable; i++) {
        const base = i * oe.size;
        const raw = table.ptr(base + oe.ownerThread.offset);
        if (addrIsNull(raw)) continue;
        const thread = actualThread(raw);
        if (i === 0 && !isThread(ctx, thread)) continue;
        if (!isKernelPointer(thread, ps) || absurd && !isThread(ctx, thread)) {
          notThreads++;
          ctx.dq.fail("absurd-value", "OwnerTable entries holding no thread pointer", h.address);
          continue;
        }
        owners.push(ownerEntry(ctx, h, raw, ownerCount(table, fieldAt(oe.ownerCount, base)), notes));
      }
      if (notThreads > 0) {
        notes.push("OwnerTable 0x" + h.ownerTable + ": " + notThreads + " entries hold no thread pointer and were ignored");
      }
    } catch (e) {
      ctx.dq.fail("read-error", "ERESOURCE owner tables", h.address);
      notes.push("OwnerTable 0x" + h.ownerTable + " could not be read: owners may be missing");
    }
  }
  function ownerEntry(ctx, h, raw, count, notes) {
    const thread = actualThread(raw);
    const ownerPointer = thread !== raw;
    if (ownerPointer && !isThread(ctx, thread)) {
      ctx.dq.fail("bad-type", "owner-pointer owners (not threads)", h.address);
      notes.push("owner pointer 0x" + raw + ": actual thread 0x" + thread + " is not a thread");
    }
    return { thread, raw, count, ownerPointer, isWaiter: false };
  }
  function dispatcherWaiters(ctx, h, object, kind) {
    const wb = ctx.layout.waitBlock;
    const off = ctx.layout.dispatcherWaitListHead;
    if (addrIsNull(object) || wb === null || off === null) return [];
    const head = addrAdd(object, off);
    const walk = walkList(ctx.target, ctx.dq, head, ctx.layout.listEntry, MAX_WAITERS, "ERESOURCE " + kind + " waiter lists", h.address);
    const out = [];
    for (let i = 0; i < walk.entries.length; i++) {
      const block = addrAdd(walk.entries[i], -wb.waitListEntry.offset);
      try {
        const v = new StructView(block, ctx.target.read(block, wb.span), ctx.target.pointerSize);
        const t = v.addr(wb.thread);
        if (!addrIsNull(t) && out.indexOf(t) < 0) out.push(t);
      } catch (e) {
        ctx.dq.fail("read-error", "wait blocks of ERESOURCE waiters", block);
      }
    }
    return out;
  }
  function chainWaiters(ctx, h, first, kind, threads, unresolved, events) {
    const c = ctx.layout.waitChainEntry;
    if (addrIsNull(first)) return;
    const seen = /* @__PURE__ */ new Set();
    const ps = ctx.target.pointerSize;
    const what = "ERESOURCE " + kind + " wait chains";
    const visit = (at) => {
      seen.add(at);
      const event = addrAdd(at, c.event.offset);
      events.push(event);
      let v2;
      try {
        v2 = new StructView(at, ctx.target.read(at, c.span), ps);
      } catch (e) {
        ctx.dq.fail("read-error", "ERESOURCE " + kind + " wait-chain entries", at);
        unresolved.push(event);
        return null;
      }
      const t = c.thread !== null ? v2.addr(c.thread) : "0";
      if (!addrIsNull(t) && isThread(ctx, t)) {
        if (threads.indexOf(t) < 0) threads.push(t);
      } else {
        unresolved.push(event);
      }
      return v2;
    };
    const follow = (v2, link, back) => {
      const next = v2.ptr(c.listEntry.offset + link);
      if (next === first) return null;
      if (addrIsNull(next)) {
        ctx.dq.fail("inconsistent", what + " with a NULL link", h.address);
        return null;
      }
      if (!isKernelPointer(next, ps)) {
        ctx.dq.fail("inconsistent", what + " with a wild link", h.address);
        return null;
      }
      if (seen.has(next)) {
        if (!back) ctx.dq.fail("cycle", what, h.address);
        return null;
      }
      if (seen.size >= MAX_WAITERS) {
        ctx.dq.fail("bound", what, h.address);
        return null;
      }
      return next;
    };
    const head = visit(first);
    if (head === null) return;
    let v = head;
    for (; ; ) {
      const next = follow(v, ctx.layout.listEntry.flink, false);
      if (next === null) {
        if (v.ptr(c.listEntry.offset + ctx.layout.listEntry.flink) === first) return;
        break;
      }
      v = visit(next);
      if (v === null) break;
    }
    v = head;
    for (; ; ) {
      const prev = follow(v, ctx.layout.listEntry.blink, true);
      if (prev === null) return;
      v = visit(prev);
      if (v === null) return;
    }
  }
  function readOwnersAndWaiters(ctx, h) {
    const notes = [];
    const owners = [];
    for (let i = 0; i < h.inline.length; i++) owners.push(ownerEntry(ctx, h, h.inline[i].raw, h.inline[i].count, notes));
    readOwnerTable(ctx, h, owners, notes);
    const parts = {
      header: h,
      owners,
      exclusiveWaiters: [],
      sharedWaiters: [],
      exclusiveChainEvents: [],
      sharedChainEvents: [],
      allSharedEvents: [],
      notes
    };
    if (!h.contended) return parts;
    if (usesWaitChains(ctx)) {
      const ignored = [];
      chainWaiters(ctx, h, h.exclusiveWaitersObject, "exclusive", parts.exclusiveWaiters, parts.exclusiveChainEvents, ignored);
      chainWaiters(ctx, h, h.sharedWaitersObject, "shared", parts.sharedWaiters, parts.sharedChainEvents, parts.allSharedEvents);
    } else {
      parts.exclusiveWaiters = dispatcherWaiters(ctx, h, h.exclusiveWaitersObject, "exclusive");
      parts.sharedWaiters = dispatcherWaiters(ctx, h, h.sharedWaitersObject, "shared");
    }
    return parts;
  }
  function threadsOf(parts) {
    const out = [];
    const add = (a) => {
      if (!addrIsNull(a) && out.indexOf(a) < 0) out.push(a);
    };
    parts.owners.forEach((o) => add(o.thread));
    parts.exclusiveWaiters.forEach(add);
    parts.sharedWaiters.forEach(add);
    return out;
  }
  function waitsOnAny(t, objects) {
    for (let i = 0; i < t.waitObjects.length; i++) if (objects.indexOf(t.waitObjects[i]) >= 0) return true;
    return false;
  }
  function finishResource(ctx, parts, threads, modules) {
    const h = parts.header;
    const notes = parts.notes.slice();
    const exclusive = parts.exclusiveWaiters.slice();
    let shared = parts.sharedWaiters.slice();
    const resolve = (events, into) => {
      threads.forEach((t) => {
        if (t !== null && t.stateCode === THREAD_STATE_WAITING && waitsOnAny(t, events) && into.indexOf(t.address) < 0) into.push(t.address);
      });
    };
    if (parts.exclusiveChainEvents.length > 0) resolve(parts.exclusiveChainEvents, exclusive);
    if (parts.sharedChainEvents.length > 0) resolve(parts.sharedChainEvents, shared);
    const sharedObjects = parts.allSharedEvents.concat(addrIsNull(h.sharedWaitersObject) ? [] : [h.sharedWaitersObject]);
    const owners = [];
    for (let i = 0; i < parts.owners.length; i++) {
      const o = parts.owners[i];
      const t = threads.get(o.thread);
      let isWaiter;
      if (t !== void 0 && t !== null) {
        isWaiter = t.stateCode === THREAD_STATE_WAITING && (shared.indexOf(o.thread) >= 0 || waitsOnAny(t, sharedObjects));
        if (t.stateCode !== THREAD_STATE_WAITING && shared.indexOf(o.thread) >= 0) {
          shared = shared.filter((a) => a !== o.thread);
          notes.push("thread 0x" + o.thread + " is on the shared waiters list but " + t.state + " and holds an owner entry: counted as an owner");
          ctx.dq.fail("inconsistent", "owners found on a shared waiters list while not waiting", h.address);
        }
      } else {
        isWaiter = shared.indexOf(o.thread) >= 0;
      }
      owners.push({ thread: o.thread, raw: o.raw, count: o.count, ownerPointer: o.ownerPointer, isWaiter });
    }
    if (h.contended) {
      const check = (counted, found, kind) => {
        if (counted === found) return;
        const text = counted + " " + kind + " waiters counted, " + found + " found";
        notes.push(text);
        ctx.dq.note("count-mismatch", "resource 0x" + h.address + ": " + text);
      };
      check(h.numberOfExclusiveWaiters, exclusive.length, "exclusive");
      check(h.numberOfSharedWaiters, shared.length, "shared");
    }
    return {
      address: h.address,
      symbol: modules.symbolize(h.address, false),
      flag: h.flag,
      exclusive: (h.flag & RESOURCE_OWNED_EXCLUSIVE) !== 0,
      activeCount: h.activeCount,
      ownerEntries: owners,
      exclusiveWaiters: exclusive,
      sharedWaiters: shared,
      numberOfExclusiveWaiters: h.numberOfExclusiveWaiters,
      numberOfSharedWaiters: h.numberOfSharedWaiters,
      contentionCount: h.contentionCount,
      sharedWaitersObject: h.sharedWaitersObject,
      exclusiveWaitersObject: h.exclusiveWaitersObject,
      notes
    };
  }

  // src/kernel/processors.ts
  var MAX_PROCESSORS = 640;
  var MAX_DPCS_PER_QUEUE = 256;
  var MAX_DPC_SYMBOLS = 32;
  var CLUSTER_GAP = 512;
  var DPC_TYPES = [19, 24];
  function prcbLayout(target, missing) {
    const p = target.getType("_KPRCB");
    if (p === null) {
      missing.push("_KPRCB");
      return null;
    }
    const currentThread = p.field("CurrentThread");
    const idleThread = p.field("IdleThread");
    if (currentThread === null || idleThread === null) {
      missing.push("_KPRCB.CurrentThread");
      return null;
    }
    const data = target.getType("_KDPC_DATA");
    const dpc = target.getType("_KDPC");
    const dd = p.field("DpcData");
    const ddSize = data !== null ? data.size : 0;
    const dpcData = [];
    if (dd !== null && ddSize > 0) for (let k = 0; k * ddSize < dd.size && k < 2; k++) dpcData.push(dd.offset + k * ddSize);
    let listHead = data !== null ? data.field("DpcListHead") : null;
    let singly = false;
    if (listHead === null && data !== null) {
      listHead = data.field("DpcList.ListHead");
      singly = listHead !== null;
    }
    if (dpcData.length === 0 || listHead === null || dpc === null) missing.push("_KPRCB.DpcData");
    const number = p.field("Number");
    return {
      currentThread,
      nextThread: p.field("NextThread"),
      idleThread,
      number,
      kernelTime: p.field("KernelTime"),
      userTime: p.field("UserTime"),
      dpcTime: p.field("DpcTime"),
      interruptTime: p.field("InterruptTime"),
      dpcRoutineActive: p.field("DpcRoutineActive"),
      currentDpcRoutine: p.field("CurrentDpcRoutine"),
      dpcData,
      listHead,
      singlyLinked: singly,
      queueDepth: data !== null ? data.field("DpcQueueDepth") : null,
      dpcDataSize: ddSize,
      dpcType: dpc !== null ? dpc.field("Type") : null,
      dpcListEntry: dpc !== null ? dpc.field("DpcListEntry") : null,
      deferredRoutine: dpc !== null ? dpc.field("DeferredRoutine") : null,
      numberIsByte: number !== null && number.size === 1
    };
  }
  var ClusteredView = class {
    constructor(target, address, ranges) {
      this.views = [];
      this.offsets = [];
      const sorted = ranges.filter((r) => r.size > 0).sort((a, b) => a.offset - b.offset);
      let i = 0;
      while (i < sorted.length) {
        const start = sorted[i].offset;
        let end = start + sorted[i].size;
        let j2 = i + 1;
        while (j2 < sorted.length && sorted[j2].offset <= end + CLUSTER_GAP) {
          end = Math.max(end, sorted[j2].offset + sorted[j2].size);
          j2++;
        }
        const at = addrAdd(address, start);
        this.views.push(new StructView(at, target.read(at, end - start), target.pointerSize));
        this.offsets.push(start);
        i = j2;
      }
    }
    locate(offset) {
      for (let i = this.views.length - 1; i >= 0; i--) {
        if (offset >= this.offsets[i]) return { v: this.views[i], o: offset - this.offsets[i] };
      }
      throw new RangeError("offset 0x" + offset.toString(16) + " was not read");
    }
    field(f) {
      const a = this.locate(f.offset);
      return a.v.field({ offset: a.o, size: f.size, typeName: f.typeName, bitPosition: f.bitPosition, bitLength: f.bitLength });
    }
    ptr(offset) {
      const a = this.locate(offset);
      return a.v.ptr(a.o);
    }
    u32(offset) {
      const a = this.locate(offset);
      return a.v.u32(a.o);
    }
  };
  function readCount(target, byte, dq) {
    const a = target.getSymbolAddress("nt", "KeNumberProcessors");
    if (a === null) {
      dq.note("missing-symbol", "nt!KeNumberProcessors is not in the symbols: the processors were not decoded");
      return null;
    }
    try {
      const v = new StructView(a, target.read(a, 4), target.pointerSize).u32(0);
      const n = byte ? v & 255 : v;
      if (n >= 1 && n <= MAX_PROCESSORS) return n;
      dq.fail("absurd-value", "processor counts (nt!KeNumberProcessors)", a);
    } catch (e) {
      dq.fail("read-error", "processor counts (nt!KeNumberProcessors)", a);
    }
    return null;
  }
  function readProcessors(target, dq, modules) {
    const missing = [];
    const L = prcbLayout(target, missing);
    if (missing.length > 0) dq.note("missing-type", "the nt symbols lack " + missing.join(", ") + "; the processors were " + (L === null ? "not decoded" : "decoded without it"));
    if (L === null) return { count: null, processors: [] };
    const count = readCount(target, L.numberIsByte, dq);
    const block = target.getSymbolAddress("nt", "KiProcessorBlock");
    if (count === null) return { count: null, processors: [] };
    if (block === null) {
      dq.note("missing-symbol", "nt!KiProcessorBlock is not in the symbols: the processors were not decoded");
      return { count, processors: [] };
    }
    const ps = target.pointerSize;
    let table;
    try {
      table = new StructView(block, target.read(block, count * ps), ps);
    } catch (e) {
      dq.fail("read-error", "processor tables (nt!KiProcessorBlock)", block);
      return { count, processors: [] };
    }
    const ranges = [];
    const want = (f) => {
      if (f !== null) ranges.push({ offset: f.offset, size: f.bitLength > 0 ? f.size : Math.max(1, f.size) });
    };
    [
      L.currentThread,
      L.nextThread,
      L.idleThread,
      L.number,
      L.kernelTime,
      L.userTime,
      L.dpcTime,
      L.interruptTime,
      L.dpcRoutineActive,
      L.currentDpcRoutine
    ].forEach(want);
    for (const base of L.dpcData) {
      if (L.listHead !== null) ranges.push({ offset: base + L.listHead.offset, size: 2 * ps });
      if (L.queueDepth !== null) ranges.push({ offset: base + L.queueDepth.offset, size: 4 });
    }
    const symbols = /* @__PURE__ */ new Map();
    const out = [];
    const seenPrcb = /* @__PURE__ */ new Set();
    for (let n = 0; n < count; n++) {
      const prcb = table.ptr(n * ps);
      if (addrIsNull(prcb) || !isKernelPointer(prcb, ps) || seenPrcb.has(prcb)) {
        dq.fail("absurd-value", "KiProcessorBlock entries", prcb);
        continue;
      }
      seenPrcb.add(prcb);
      let v;
      try {
        v = new ClusteredView(target, prcb, ranges);
      } catch (e) {
        dq.fail("read-error", "KPRCBs", prcb);
        continue;
      }
      try {
        out.push(decodePrcb(target, dq, modules, L, v, prcb, n, symbols));
      } catch (e) {
        dq.fail("read-error", "KPRCBs", prcb);
      }
    }
    return { count, processors: out };
  }
  function decodePrcb(target, dq, modules, L, v, prcb, n, symbols) {
    const current = v.ptr(L.currentThread.offset);
    const idle = v.ptr(L.idleThread.offset);
    const next = L.nextThread !== null ? v.ptr(L.nextThread.offset) : "0";
    const num = (f) => f !== null ? v.field(f) : 0;
    const queued = [];
    let depth = 0;
    for (const base of L.dpcData) {
      if (L.queueDepth !== null) depth += Math.max(0, v.u32(base + L.queueDepth.offset) | 0);
      if (L.listHead === null) continue;
      const head = addrAdd(prcb, base + L.listHead.offset);
      const entries = walkQueue(target, dq, L.singlyLinked ? "0" : head, v.ptr(base + L.listHead.offset), prcb);
      for (const e of entries) {
        const d = readDpc(target, dq, modules, L, e, symbols);
        if (d !== null) queued.push(d);
      }
    }
    if (L.queueDepth !== null && L.listHead !== null && depth !== queued.length && depth <= MAX_DPCS_PER_QUEUE * L.dpcData.length) {
      dq.note("count-mismatch", "processor " + n + ": DpcQueueDepth says " + depth + " queued DPCs, " + queued.length + " found on the queues");
    }
    const routine = L.currentDpcRoutine !== null ? v.ptr(L.currentDpcRoutine.offset) : "0";
    const routineModule = addrIsNull(routine) ? null : modules.byAddress(routine);
    return {
      number: L.number !== null ? v.field(L.number) : n,
      prcb,
      currentThread: current,
      nextThread: addrIsNull(next) ? null : next,
      idleThread: idle,
      idle: current === idle,
      kernelTicks: num(L.kernelTime),
      userTicks: num(L.userTime),
      dpcTicks: num(L.dpcTime),
      interruptTicks: num(L.interruptTime),
      dpcActive: L.dpcRoutineActive !== null ? v.field(L.dpcRoutineActive) !== 0 : null,
      currentDpcRoutine: addrIsNull(routine) ? null : routine,
      currentDpcSymbol: addrIsNull(routine) ? null : symbolOf(modules, routine, symbols),
      currentDpcModule: routineModule !== null ? modules.touch(routineModule) : null,
      dpcQueueDepth: depth,
      queuedDpcs: queued,
      idleStack: null
    };
  }
  function symbolOf(modules, a, cache) {
    if (cache.has(a)) return cache.get(a);
    let s;
    if (cache.size < MAX_DPC_SYMBOLS) s = modules.symbolize(a);
    else {
      const m = modules.byAddress(a);
      const off = m !== null ? addrDiff(a, m.base) : null;
      s = m !== null && off !== null ? m.name + "+0x" + off.toString(16) : null;
    }
    cache.set(a, s);
    return s;
  }
  function walkQueue(target, dq, end, first, prcb) {
    const out = [];
    const seen = /* @__PURE__ */ new Set([end]);
    const ps = target.pointerSize;
    let at = first;
    while (at !== end) {
      if (addrIsNull(at) || !isKernelPointer(at, ps)) {
        dq.fail("absurd-value", "DPC queues", prcb);
        break;
      }
      if (seen.has(at)) {
        dq.fail("cycle", "DPC queues", prcb);
        break;
      }
      if (out.length >= MAX_DPCS_PER_QUEUE) {
        dq.fail("bound", "DPC queues", prcb);
        break;
      }
      seen.add(at);
      out.push(at);
      try {
        at = new StructView(at, target.read(at, ps), ps).ptr(0);
      } catch (e) {
        dq.fail("read-error", "DPC queues", prcb);
        break;
      }
    }
    return out;
  }
  function readDpc(target, dq, modules, L, entry, symbols) {
    if (L.dpcListEntry === null || L.deferredRoutine === null) return null;
    const dpc = addrAdd(entry, -L.dpcListEntry.offset);
    const ps = target.pointerSize;
    let view;
    try {
      view = new StructView(dpc, target.read(dpc, L.deferredRoutine.offset + ps), ps);
    } catch (e) {
      dq.fail("read-error", "queued DPCs", dpc);
      return null;
    }
    if (L.dpcType !== null && DPC_TYPES.indexOf(view.field(L.dpcType)) < 0) {
      dq.fail("bad-type", "queued DPCs", dpc);
      return null;
    }
    const routine = view.ptr(L.deferredRoutine.offset);
    const m = modules.byAddress(routine);
    return {
      dpc,
      routine,
      symbol: m !== null ? symbolOf(modules, routine, symbols) : null,
      module: m !== null ? modules.touch(m) : null
    };
  }
  function idleStack(target, modules, dq, p) {
    let frames;
    try {
      frames = target.stackFrames(0, p.number);
    } catch (e) {
      frames = null;
    }
    if (frames === null) {
      dq.fail("stack-unavailable", "idle threads running a DPC", p.idleThread);
      return null;
    }
    return framesToRecords(modules, frames);
  }
  function framesToRecords(modules, frames, touch = true) {
    const out = [];
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i];
      const text = f.text.replace(/ \+ 0x/, "+0x");
      const m = frameModule2(modules, text, f.instructionOffset);
      out.push({ text, module: m === null ? null : touch ? modules.touch(m) : m.name, address: f.instructionOffset });
    }
    return out;
  }
  var MAX_STACK_SAMPLES = 64;
  function collectProcessors(ctx, modules, snap, targetThreads, decode2, stack) {
    const dq = ctx.dq;
    const r = readProcessors(ctx.target, dq, modules);
    snap.processorCount = r.count;
    snap.processors = r.processors;
    for (const p of r.processors) {
      if (p.idle) {
        if (p.dpcActive === true) p.idleStack = idleStack(ctx.target, modules, dq, p);
        continue;
      }
      if (addrIsNull(p.currentThread) || !isKernelPointer(p.currentThread, ctx.target.pointerSize)) {
        dq.fail("absurd-value", "KPRCB current threads", p.prcb);
        continue;
      }
      const t = decode2(p.currentThread);
      if (t !== null) stack(t);
    }
    const cids = {};
    for (const t of targetThreads) cids[t.pid + "." + t.tid] = (cids[t.pid + "." + t.tid] || 0) + 1;
    const sampled = targetThreads.filter((t) => t.stack !== null).concat(targetThreads.filter((t) => t.stack === null)).slice(0, MAX_STACK_SAMPLES);
    for (const t of sampled) {
      let frames = t.stack;
      if (frames === null && cids[t.pid + "." + t.tid] === 1 && t.pid >= 0 && t.tid >= 0) {
        let f = null;
        try {
          f = ctx.target.stackFrames(t.pid, t.tid);
        } catch (e) {
          f = null;
        }
        frames = f !== null ? framesToRecords(modules, f, false) : null;
      }
      if (frames !== null) snap.stackSamples.push({ thread: t.address, state: t.state, waitReason: t.waitReason, frames });
    }
  }

  // src/kernel/collect.ts
  var NOT_KERNEL = "this is a user-mode dump; !isaCpuCheck needs a kernel dump (e.g. a complete or kernel memory dump)";
  var NO_NT_SYMBOLS = "nt symbols are not loaded: run .symfix; .reload /f nt and retry";
  var NO_RESOURCE_LIST = "nt!ExpSystemResourcesList is not in the nt symbols, so ERESOURCEs cannot be walked: run .symfix; .reload /f nt and retry";
  var MAX_THREADS_PER_PROCESS = 65536;
  var MAX_STACK_OWNERS = 64;
  var MAX_STACK_WAITERS = 16;
  var MAX_IRPS_PER_TOP_THREAD = 64;
  var MAX_IRPS_TOTAL = 4096;
  var BUSIEST = 5;
  function emptySnapshot(target, options) {
    return {
      notApplicable: null,
      os: { pointerSize: target.pointerSize, keMaximumIncrement: DEFAULT_MAXIMUM_INCREMENT, tickCount: null, build: "" },
      targetName: options.targetNames.join(", "),
      targets: [],
      busiestProcesses: [],
      threads: [],
      resources: [],
      resourcesVisited: 0,
      irps: [],
      devices: [],
      drivers: [],
      modules: [],
      processorCount: null,
      processors: [],
      stackSamples: [],
      dataQuality: { notes: [], counts: {} }
    };
  }
  function applicability(target, layout) {
    if (!target.isKernelTarget()) return NOT_KERNEL;
    if (layout.process === null || layout.thread === null || layout.resource === null || layout.ownerEntry === null) {
      return NO_NT_SYMBOLS;
    }
    if (target.getSymbolAddress("nt", "ExpSystemResourcesList") === null) return NO_RESOURCE_LIST;
    return null;
  }
  function byKernelTime(a, b) {
    return b.kernelTicks - a.kernelTicks || b.userTicks - a.userTicks;
  }
  function collectSnapshot(target, options) {
    const snap = emptySnapshot(target, options);
    const dq = new Quality();
    try {
      collectInto(target, options, snap, dq);
    } catch (e) {
      dq.note("inconsistent", "decoding stopped early: " + (e && e.message ? e.message : String(e)));
    }
    snap.dataQuality = dq.result();
    return snap;
  }
  function collectInto(target, options, snap, dq) {
    if (!target.isKernelTarget()) {
      snap.notApplicable = NOT_KERNEL;
      return;
    }
    const layout = resolveLayout(target);
    snap.notApplicable = applicability(target, layout);
    if (snap.notApplicable !== null) return;
    if (layout.missing.length > 0) {
      dq.note("missing-type", "the nt symbols lack " + layout.missing.join(", ") + "; what depends on them was not decoded");
    }
    const keMaximumIncrement = readKeMaximumIncrement(target, dq);
    const tickCount = readTickCount(target, layout, dq);
    snap.os = { pointerSize: target.pointerSize, keMaximumIncrement, tickCount, build: describeBuild(target, layout) };
    const modules = new ModuleTable(target, dq);
    const processes = walkProcesses(target, layout, dq);
    const processMap = /* @__PURE__ */ new Map();
    processes.forEach((p) => processMap.set(p.record.address, p.record));
    snap.busiestProcesses = busiest(processes, BUSIEST);
    const ctx = threadContext(target, layout, dq, keMaximumIncrement, tickCount, processMap);
    const threads = /* @__PURE__ */ new Map();
    const order = [];
    const decode2 = (a) => {
      if (threads.has(a)) return threads.get(a);
      const t = decodeThread(ctx, a);
      threads.set(a, t);
      if (t !== null) order.push(a);
      return t;
    };
    const targetEntries = processes.filter((p) => options.targetNames.some((n) => imageNameMatches(p.record.name, n)));
    const targetThreads = [];
    for (let i = 0; i < targetEntries.length; i++) {
      const p = targetEntries[i];
      const addrs = processThreadAddresses(ctx, p.threadListHead, p.threadListFlink, p.record.address, MAX_THREADS_PER_PROCESS);
      let kernel = 0;
      let user = 0;
      let count = 0;
      for (let j2 = 0; j2 < addrs.length; j2++) {
        const t = decode2(addrs[j2]);
        if (t === null) continue;
        targetThreads.push(t);
        kernel += t.kernelTicks;
        user += t.userTicks;
        count++;
      }
      snap.targets.push({ address: p.record.address, pid: p.record.pid, name: p.record.name, kernelTicks: kernel, userTicks: user, threadCount: count });
    }
    const watch = /* @__PURE__ */ new Set();
    targetThreads.forEach((t) => watch.add(t.address));
    const scan = scanResources(ctx, watch);
    snap.resourcesVisited = scan.visited;
    const parts = [];
    for (let i = 0; i < scan.headers.length; i++) {
      try {
        const p = readOwnersAndWaiters(ctx, scan.headers[i]);
        parts.push(p);
        threadsOf(p).forEach((a) => decode2(a));
      } catch (e) {
        dq.fail("read-error", "ERESOURCEs", scan.headers[i].address);
      }
    }
    const resources = [];
    for (let i = 0; i < parts.length; i++) {
      try {
        resources.push(finishResource(ctx, parts[i], threads, modules));
      } catch (e) {
        dq.fail("read-error", "ERESOURCEs", parts[i].header.address);
      }
    }
    snap.resources = resources;
    const owners = [];
    const waiters = [];
    const addTo = (list, a) => {
      const t = threads.get(a);
      if (t !== void 0 && t !== null && list.indexOf(t) < 0) list.push(t);
    };
    resources.forEach((r) => {
      const contended2 = r.numberOfExclusiveWaiters + r.numberOfSharedWaiters > 0 || r.exclusiveWaiters.length + r.sharedWaiters.length > 0;
      if (!contended2) return;
      r.ownerEntries.forEach((o) => {
        if (!o.isWaiter) addTo(owners, o.thread);
      });
      r.exclusiveWaiters.forEach((a) => addTo(waiters, a));
      r.sharedWaiters.forEach((a) => addTo(waiters, a));
    });
    if (owners.length > MAX_STACK_OWNERS) dq.note("bound", owners.length + " lock owners found; stacks and IRPs were read for the first " + MAX_STACK_OWNERS);
    const readOwners = owners.slice(0, MAX_STACK_OWNERS);
    const topThreads = targetThreads.slice().sort(byKernelTime).slice(0, Math.max(0, options.topThreads));
    const byCid = {};
    threads.forEach((t) => {
      if (t !== null) byCid[t.pid + "." + t.tid] = (byCid[t.pid + "." + t.tid] || 0) + 1;
    });
    const stacked = /* @__PURE__ */ new Set();
    const stack = (t) => {
      if (stacked.has(t.address)) return;
      stacked.add(t.address);
      if (byCid[t.pid + "." + t.tid] > 1) {
        dq.fail("inconsistent", "threads sharing their Cid with another thread (stack not used)", t.address);
        return;
      }
      attachStack(ctx, modules, t);
      if (t.startAddress !== null) {
        const m = modules.byAddress(t.startAddress);
        if (m !== null) modules.touch(m);
      }
    };
    readOwners.forEach(stack);
    waiters.slice(0, MAX_STACK_WAITERS).forEach(stack);
    topThreads.forEach(stack);
    collectProcessors(ctx, modules, snap, targetThreads, decode2, stack);
    const devices = new DeviceTable(target, layout, dq, modules);
    const irps = [];
    const seenIrps = /* @__PURE__ */ new Set();
    let irpBoundNoted = false;
    const readIrps = (t, cap) => {
      const list = t.irps.slice(0, cap);
      for (let i = 0; i < list.length; i++) {
        const a = list[i];
        if (seenIrps.has(a) || addrIsNull(a)) continue;
        if (seenIrps.size >= MAX_IRPS_TOTAL) {
          if (!irpBoundNoted) dq.note("bound", "more than " + MAX_IRPS_TOTAL + " IRPs matter; the rest were not decoded");
          irpBoundNoted = true;
          return;
        }
        seenIrps.add(a);
        try {
          const irp = decodeIrp(target, layout, dq, devices, modules, a);
          if (irp !== null) irps.push(irp);
        } catch (e) {
          dq.fail("read-error", "IRPs", a);
        }
      }
    };
    readOwners.forEach((t) => readIrps(t, t.irps.length));
    topThreads.forEach((t) => readIrps(t, MAX_IRPS_PER_TOP_THREAD));
    snap.irps = irps;
    const known = devices.driverRecords();
    const driverless = modules.thirdPartyEvidence().filter(
      (m) => !known.some((d) => d.module === m.name || d.module === null && addrInRange(d.driverStart, m.base, m.size))
    );
    if (driverless.length > 0) findDriverObjects(target, layout, dq, devices, driverless);
    snap.devices = devices.deviceRecords();
    snap.drivers = devices.driverRecords();
    snap.threads = order.map((a) => threads.get(a));
    snap.modules = modules.records();
  }

  // src/report/escape.ts
  var HEX = "0123456789abcdef";
  function hex2(n) {
    return HEX.charAt(n >> 4 & 15) + HEX.charAt(n & 15);
  }
  function escapeDumpText(text) {
    if (text === null || text === void 0) return "";
    const s = String(text);
    let out = "";
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 10) out += "\\n";
      else if (c === 13) out += "\\r";
      else if (c === 9) out += "\\t";
      else if (c < 32 || c >= 127 && c <= 159) out += "\\x" + hex2(c);
      else if (c === 60 || c === 62 || c === 38) out += "\\x" + hex2(c);
      else if (c === 8232 || c === 8233) out += "\\u" + c.toString(16);
      else out += s.charAt(i);
    }
    return out;
  }

  // src/report/focus.ts
  function namedSuspect(a) {
    const named = a.verdict.culprit || a.verdict.blockingComponent;
    if (!named) return null;
    for (const s of a.suspects) if (s.module === named.name) return s;
    return null;
  }
  function focusOf(a, everything) {
    if (everything) {
      return { resources: a.contention.slice(), others: [], blockers: a.blockers.slice(), matters: () => true };
    }
    const targetProcs = {};
    const targetPids = {};
    for (const p of a.cpu.targets) {
      targetProcs[p.address] = true;
      targetPids[String(p.pid)] = true;
    }
    const processOf2 = {};
    for (const t of a.snapshot.threads) {
      processOf2[t.address] = t.processAddress !== null ? targetProcs[t.processAddress] === true : targetPids[String(t.pid)] === true;
    }
    const isTarget = (t) => processOf2[t] === true;
    const reached = {};
    const queue = [];
    for (const c of a.contention) {
      const threads = c.owners.map((o) => o.thread).concat(c.exclusiveWaiters, c.sharedWaiters);
      if (threads.some(isTarget)) {
        reached[c.resource] = true;
        queue.push(c);
      }
    }
    const named = namedSuspect(a);
    const namedBlockers = {};
    if (named) for (const t of named.blockers) namedBlockers[t] = true;
    for (const b of a.blockers) {
      if (!namedBlockers[b.thread]) continue;
      for (const r of b.resources) {
        if (reached[r]) continue;
        const c = a.contention.filter((x) => x.resource === r)[0];
        if (c) {
          reached[r] = true;
          queue.push(c);
        }
      }
    }
    for (const ch of a.chains) {
      if (!ch.head || !namedBlockers[ch.head]) continue;
      for (const st of ch.steps) {
        if (reached[st.resource]) continue;
        const c = a.contention.filter((x) => x.resource === st.resource)[0];
        if (c) {
          reached[st.resource] = true;
          queue.push(c);
        }
      }
    }
    reachThroughOwners(a.contention, queue, reached);
    const any = a.contention.some((c) => reached[c.resource] === true);
    const matters = (r) => !any || reached[r] === true;
    const keepBlocker = (b) => !any || isTarget(b.thread) || namedBlockers[b.thread] === true || b.resources.some(matters);
    return {
      resources: a.contention.filter((c) => matters(c.resource)),
      others: a.contention.filter((c) => !matters(c.resource)),
      blockers: a.blockers.filter(keepBlocker),
      matters
    };
  }

  // src/report/format.ts
  function formatDuration(ms) {
    const total = Math.max(0, Math.floor(ms));
    const msPart = total % 1e3;
    const secs = Math.floor(total / 1e3);
    const h = Math.floor(secs / 3600);
    const m = Math.floor(secs % 3600 / 60);
    const s = secs % 60;
    return h + ":" + pad0(m, 2) + ":" + pad0(s, 2) + "." + pad0(msPart, 3);
  }
  function threadTime(ticks, keMaximumIncrement, seconds) {
    return formatDuration(millisFromTicks(ticks, keMaximumIncrement, seconds));
  }
  function pad0(n, width) {
    let s = String(n);
    while (s.length < width) s = "0" + s;
    return s;
  }
  function padLeft(s, width) {
    while (s.length < width) s = " " + s;
    return s;
  }
  function padRight(s, width) {
    while (s.length < width) s += " ";
    return s;
  }
  function shownWaitReason(state, waitReason) {
    return state === "Waiting" ? escapeDumpText(waitReason) : "(not waiting)";
  }
  function stateText(state, waitReason, waitMode) {
    if (state === "Waiting") return "WAIT: (" + waitReason + ")" + (waitMode ? " " + waitMode : "");
    return state.toUpperCase();
  }
  function hex(n) {
    return (n >>> 0).toString(16);
  }
  function irpLocationHeader(pointerSize) {
    const pad = pointerSize === 8 ? "          " : "  ";
    return "cmd  flg cl Device" + pad + " File" + pad + "   Completion-Context";
  }
  function irpLocationRow(l, pointerSize) {
    const f = (a) => formatAddr(a, pointerSize);
    return (l.isCurrent ? ">" : " ") + "[" + padLeft(hex(l.major), 2) + "," + padLeft(hex(l.minor), 2) + "]" + padLeft(hex(l.flags), 4) + padLeft(hex(l.control), 3) + " " + f(l.device) + " " + f(l.file) + " " + f(l.completion) + "-" + f(l.context) + (l.controlText ? " " + escapeDumpText(l.controlText) : "");
  }

  // src/report/lists.ts
  var LIST_HEAD = 8;
  var MAX_LINE = 200;
  function headOf(items, o) {
    const head = o.head === void 0 ? LIST_HEAD : o.head;
    if (o.all || items.length <= head + 1) return { shown: items.slice(), more: 0 };
    return { shown: items.slice(0, head), more: items.length - head };
  }
  function moreText(more, hint) {
    return more > 0 ? "+" + more + " more" + (hint ? ": " + hint : "") : "";
  }
  function wordList(prefix, words, indent, hint, o) {
    const { shown, more } = headOf(words, o);
    const lines = wrapWords(prefix, shown, indent + "  ");
    if (more > 0) lines.push(indent + "  " + moreText(more, hint));
    return lines;
  }
  function lineList(lines, indent, hint, o) {
    const { shown, more } = headOf(lines, o);
    if (more > 0) shown.push(indent + moreText(more, hint));
    return shown;
  }
  function wrapWords(prefix, words, continuation) {
    const out = [];
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
  function fitLine(line, width) {
    const max = width || MAX_LINE;
    if (line.length <= max) return [line];
    const lead = /^ */.exec(line)[0];
    const continuation = lead + "    ";
    const out = [];
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
  function fitLines(lines) {
    const out = [];
    for (const l of lines) {
      const parts = fitLine(l);
      for (let i = 0; i < parts.length; i++) out.push(parts[i]);
    }
    return out;
  }

  // src/report/processors.ts
  var MAX_ROWS = 8;
  var MAX_LINE2 = 200;
  function clip(s, n) {
    return s.length <= n ? s : s.slice(0, Math.max(0, n - 3)) + "...";
  }
  function pct(v) {
    return v === null ? "-" : v.toFixed(1) + "%";
  }
  function interesting(r) {
    return !r.idle || r.dpcActive || r.queuedTotal > 0 || r.heavy;
  }
  var MAX_FRAME = 70;
  function running(r) {
    const fr = (t) => clip(escapeDumpText(t), MAX_FRAME);
    let s = r.frame !== null ? fr(r.frame) : r.idle ? "(idle loop)" : "(nt/hal only)";
    if (r.dpcActive) s = "DPC " + (r.runningDpc !== null ? fr(r.runningDpc) : "(routine unknown)") + (r.frame !== null && r.runningDpc !== r.frame ? " / " + fr(r.frame) : "");
    if (r.spinning) s += " [spinning on a spin lock]";
    else if (r.acquiring) s += " [acquiring an ERESOURCE]";
    return s;
  }
  function queuedText(r) {
    if (r.queuedTotal === 0) return "-";
    const shown = r.queued.slice(0, 3).map((q) => escapeDumpText(q.module) + " " + q.count);
    return r.queuedTotal + " (" + shown.join(", ") + (r.queued.length > 3 ? ", +" + (r.queued.length - 3) + " more" : "") + ")";
  }
  function renderProcessorLines(a) {
    const out = [];
    const p = a.processors;
    if (!p) return out;
    const ps = a.pointerSize;
    const f = (x) => formatAddr(x, ps);
    if (p.rows.length === 0 && a.snapshot.notApplicable === null) {
      out.push("");
      out.push("Processors: not decoded (the data-quality notes say why)");
    }
    if (p.rows.length > 0) {
      out.push("");
      const idle = p.rows.filter((r) => !interesting(r)).length;
      const heavy = p.rows.filter((r) => r.heavy).length;
      out.push(
        "Processors (like !running -ti, from the KPRCBs): " + p.rows.length + " processor" + (p.rows.length === 1 ? "" : "s") + (p.count !== null && p.count !== p.rows.length ? " of " + p.count : "") + ", " + p.busy + " busy" + (heavy > 0 ? ", " + heavy + " with DPC+interrupt time far above normal" : "") + (idle > 0 ? ", " + idle + " idle with nothing queued" : "")
      );
      const rows = p.rows.filter(interesting);
      if (rows.length === 0) {
        out[out.length - 1] = "Processors (like !running -ti, from the KPRCBs): " + p.rows.length + " processor" + (p.rows.length === 1 ? "" : "s") + (p.count !== null && p.count !== p.rows.length ? " of " + p.count : "") + ", all idle: no DPC running or queued, DPC and interrupt time normal";
      }
      if (rows.length > 0) {
        const w = ps === 8 ? 17 : 8;
        out.push("  " + padLeft("CPU", 3) + "  " + padRight("Thread", w) + "  " + padRight("Process", 16) + padLeft("DPC", 7) + padLeft("Int", 7) + "  Running / queued DPCs");
        for (const r of rows.slice(0, MAX_ROWS)) {
          const who = r.idle ? padRight("(idle)", w) + "  " + padRight("Idle", 16) : padRight(f(r.currentThread), w) + "  " + padRight(clip(escapeDumpText(r.processName || "?"), 15), 16);
          const line = "  " + padLeft(String(r.number), 3) + "  " + who + padLeft(pct(r.dpcPercent), 7) + padLeft(pct(r.interruptPercent), 7) + "  " + running(r) + (r.queuedTotal > 0 ? "; queued " + queuedText(r) : "");
          out.push(clip(line, MAX_LINE2));
        }
        if (rows.length > MAX_ROWS) out.push("  +" + (rows.length - MAX_ROWS) + " more busy processors (!running -ti)");
      }
      if (p.spin) {
        const mods = p.spin.modules.map(escapeDumpText);
        const list = mods.slice(0, MAX_ROWS).join(", ") + (mods.length > MAX_ROWS ? ", +" + (mods.length - MAX_ROWS) + " more" : "");
        out.push(clip(
          "  Spin-lock storm: " + p.spin.spinners.length + " processors/threads spin acquiring from " + mods.length + " module" + (mods.length === 1 ? "" : "s") + " (" + list + ")" + (p.spin.lead !== null ? ": every spinner comes from " + escapeDumpText(p.spin.lead) + " and nothing else runs" : mods.length > 1 ? ": one lock taken from many places, no culprit from the spinners" : ""),
          MAX_LINE2
        ));
      }
    }
    if (p.stackGroups.length > 0) {
      const names = a.cpu.targets.map((t) => escapeDumpText(t.name)).join(", ") || escapeDumpText(a.targetName);
      const of = p.stackGroups[0].of;
      const sample = a.cpu.threadCount > of ? " (a sample of " + a.cpu.threadCount + ")" : "";
      out.push(clip("Stack groups of " + names + " (like !stacks 2, innermost frames first): " + of + " threads" + sample + ", " + p.stackGroups.length + " groups", MAX_LINE2));
      for (const g of p.stackGroups.slice(0, MAX_ROWS)) out.push(clip("  " + padLeft(String(g.count), 4) + "  " + padRight(escapeDumpText(groupWhere(g)), 24) + " " + groupFrames(g), MAX_LINE2));
      if (p.stackGroups.length > MAX_ROWS) out.push("  +" + (p.stackGroups.length - MAX_ROWS) + " more groups");
    }
    return out;
  }
  function groupFrames(g) {
    let start = g.moduleFrame !== null ? g.frames.indexOf(g.moduleFrame) : 0;
    if (start < 0) start = 0;
    const shown = g.frames.slice(start, start + 3).map(escapeDumpText);
    return shown.length > 0 ? shown.join(" <- ") + (g.frames.length > start + 3 ? " <- ..." : "") : "(no frames)";
  }
  var DxProcessor = class {
    constructor(Number2, Prcb, Idle, CurrentThread, Process, Running, Module, DpcActive, RunningDpc, Spinning, DpcPercent, InterruptPercent, QueuedDpcs, QueuedByModule) {
      this.Number = Number2;
      this.Prcb = Prcb;
      this.Idle = Idle;
      this.CurrentThread = CurrentThread;
      this.Process = Process;
      this.Running = Running;
      this.Module = Module;
      this.DpcActive = DpcActive;
      this.RunningDpc = RunningDpc;
      this.Spinning = Spinning;
      this.DpcPercent = DpcPercent;
      this.InterruptPercent = InterruptPercent;
      this.QueuedDpcs = QueuedDpcs;
      this.QueuedByModule = QueuedByModule;
    }
    toString() {
      return "CPU " + this.Number + ": " + (this.Idle ? "idle" : this.CurrentThread + " " + this.Process) + (this.Running ? " " + this.Running : "") + (this.DpcActive ? " [DPC " + this.RunningDpc + "]" : "") + (this.Spinning ? " [spinning]" : "") + ", DPC " + this.DpcPercent + "% int " + this.InterruptPercent + "%" + (this.QueuedDpcs > 0 ? ", " + this.QueuedDpcs + " queued DPCs" : "");
    }
  };
  var DxStackGroup = class {
    constructor(Count, Of, State, WaitReason, Module, Frames, Threads) {
      this.Count = Count;
      this.Of = Of;
      this.State = State;
      this.WaitReason = WaitReason;
      this.Module = Module;
      this.Frames = Frames;
      this.Threads = Threads;
    }
    toString() {
      return this.Count + " of " + this.Of + " " + this.State + (this.WaitReason ? " (" + this.WaitReason + ")" : "") + (this.Frames.length > 0 ? " " + this.Frames[0] : "");
    }
  };
  function dxProcessors(a) {
    const f = (x) => formatAddr(x, a.pointerSize);
    return (a.processors ? a.processors.rows : []).map((r) => new DxProcessor(
      r.number,
      f(r.prcb),
      r.idle,
      r.idle ? "" : f(r.currentThread),
      escapeDumpText(r.processName || ""),
      escapeDumpText(r.frame || ""),
      escapeDumpText(r.module || ""),
      r.dpcActive,
      escapeDumpText(r.runningDpc || ""),
      r.spinning,
      r.dpcPercent === null ? 0 : r.dpcPercent,
      r.interruptPercent === null ? 0 : r.interruptPercent,
      r.queuedTotal,
      r.queued.map((q) => escapeDumpText(q.module) + " " + q.count)
    ));
  }
  function dxStackGroups(a) {
    const f = (x) => formatAddr(x, a.pointerSize);
    return (a.processors ? a.processors.stackGroups : []).map((g) => new DxStackGroup(g.count, g.of, escapeDumpText(g.state), escapeDumpText(g.waitReason), escapeDumpText(g.module || ""), g.frames.map(escapeDumpText), g.threads.map(f)));
  }
  function jsonProcessors(a) {
    return (a.processors ? a.processors.rows : []).map((r) => ({
      number: r.number,
      prcb: jsonAddr(r.prcb),
      idle: r.idle,
      currentThread: jsonAddr(r.currentThread),
      process: r.processName,
      pid: r.pid,
      tid: r.tid,
      frame: r.frame,
      module: r.module,
      dpcActive: r.dpcActive,
      runningDpc: r.runningDpc,
      runningDpcModule: r.runningDpcModule,
      spinning: r.spinning,
      dpcPercent: r.dpcPercent,
      interruptPercent: r.interruptPercent,
      heavy: r.heavy,
      queuedDpcs: r.queuedTotal,
      queuedByModule: r.queued.map((q) => ({ module: q.module, count: q.count, example: q.example }))
    }));
  }
  function jsonStackGroups(a) {
    return (a.processors ? a.processors.stackGroups : []).map((g) => ({
      count: g.count,
      of: g.of,
      state: g.state,
      waitReason: g.waitReason || null,
      module: g.module,
      frames: g.frames,
      threads: g.threads.map(jsonAddr)
    }));
  }
  function jsonSpin(a) {
    const s = a.processors ? a.processors.spin : null;
    return s ? { spinners: s.spinners, modules: s.modules, lead: s.lead } : null;
  }

  // src/report/console.ts
  var VERDICT_EVIDENCE = 3;
  var SUSPECT_ITEMS = 3;
  var FOLLOW_UPS = 7;
  function renderConsole(a, options) {
    return renderConsoleLines(a, options).join("\n") + "\n";
  }
  function verdictLine(a) {
    return verdictHead(a) + ": " + escapeDumpText(a.verdict.summary);
  }
  function verdictHead(a) {
    const v = a.verdict;
    return verdictHeadFrom(
      v.kind,
      v.culprit ? escapeDumpText(v.culprit.module) : null,
      v.culprit && v.culprit.driver ? escapeDumpText(v.culprit.driver) : null,
      v.blockingComponent ? escapeDumpText(v.blockingComponent.module) : null,
      v.confidence
    );
  }
  function verdictHeadFrom(kind, culprit, culpritDriver, blocking, confidence) {
    const who = culprit ? " " + culprit + (culpritDriver ? " (" + culpritDriver + ")" : "") : blocking ? " (blocking component " + blocking + ", Microsoft)" : "";
    return "Verdict: " + kind + who + ", confidence " + confidence;
  }
  var SECTIONS = [
    chainSection,
    otherContentionSection,
    suspectsSection,
    threadsSection,
    processorSection,
    dataQualitySection,
    followUpSection
  ];
  function processorSection(c) {
    const lines = renderProcessorLines(c.a);
    while (lines.length > 0 && lines[0] === "") lines.shift();
    return lines;
  }
  function renderConsoleLines(a, options) {
    const c = consoleContext(a, !!(options && options.verbose));
    const out = [];
    out.push(titleLine(c));
    out.push("");
    for (const l of verdictBlock(c)) out.push(l);
    if (a.verdict.kind !== "not-applicable") {
      for (const section of SECTIONS) {
        const lines = section(c);
        if (lines.length === 0) continue;
        out.push("");
        for (const l of lines) out.push(l);
      }
    }
    const fitted = fitLines(out);
    fitted.push("");
    fitted.push(verdictLine(a));
    return fitted;
  }
  function consoleContext(a, verbose) {
    const s = a.snapshot;
    const threads = {};
    for (const t of s.threads) if (!threads[t.address]) threads[t.address] = t;
    const irps = {};
    for (const i of s.irps) if (!irps[i.address]) irps[i.address] = i;
    const target = a.cpu.targets.length > 0 ? a.cpu.targets[0].name : a.targetName;
    const quoted = /^[A-Za-z0-9_.$ -]{1,64}$/.test(target) ? '"' + target + '"' : '"<image.exe>"';
    const c = {
      a,
      verbose,
      list: { all: verbose },
      // The verbose form is today's full picture: every contended resource and every blocker in full.
      focus: focusOf(a, verbose),
      fmt: (x) => formatAddr(x, a.pointerSize),
      thread: (x) => Object.prototype.hasOwnProperty.call(threads, x) ? threads[x] : null,
      irp: (x) => Object.prototype.hasOwnProperty.call(irps, x) ? irps[x] : null,
      module: (n) => {
        if (!n) return null;
        for (const m of s.modules) if (m.name.toLowerCase() === n.toLowerCase()) return m;
        return null;
      },
      verboseCommand: "!isaCpuCheck (" + quoted + ', "verbose")',
      dxCall: "@$isaCpuCheck(" + quoted + ")",
      named: namedSuspect(a),
      chainLine: null,
      verdictItems: []
    };
    if (c.named) {
      c.chainLine = chainLine(c, c.named);
      c.verdictItems = leadingItems(c.named, c.chainLine ? VERDICT_EVIDENCE - 1 : VERDICT_EVIDENCE);
    }
    return c;
  }
  function titleLine(c) {
    const a = c.a;
    const s = a.snapshot;
    const targets = a.cpu.targets.length > 0 ? a.cpu.targets.map((p) => escapeDumpText(p.name) + " (pid " + hex(p.pid) + ")").join(", ") : escapeDumpText(a.targetName) + " (not found)";
    const osText = s.os ? escapeDumpText(s.os.build) + " (" + (a.pointerSize === 8 ? "64" : "32") + "-bit pointers)" : "unknown OS";
    return "isaCpuCheck: " + targets + " - " + osText;
  }
  function componentText(module, driver) {
    return escapeDumpText(module) + (driver ? " (" + escapeDumpText(driver) + ")" : "");
  }
  function leadingItems(sp, n) {
    const seen = {};
    const out = [];
    for (const it of sp.items) {
      if (it.scope === "outside" || seen[it.kind]) continue;
      seen[it.kind] = true;
      out.push(it);
      if (out.length >= n) break;
    }
    return out;
  }
  function evidenceLine(it) {
    return "    - " + escapeDumpText(it.text) + (it.command ? "  (" + escapeDumpText(it.command) + ")" : "");
  }
  function verdictBlock(c) {
    const a = c.a;
    const v = a.verdict;
    const out = [];
    if (v.kind === "not-applicable") {
      out.push("VERDICT: NOT APPLICABLE");
      out.push("  " + escapeDumpText(v.summary));
      return out;
    }
    if (v.kind === "culprit" && v.culprit) {
      out.push("VERDICT: CULPRIT " + componentText(v.culprit.module, v.culprit.driver) + ", third-party, confidence " + v.confidence);
      out.push("  Why third-party: " + escapeDumpText(v.culprit.reason));
      if (v.blockingComponent) {
        out.push(
          "  Blocking component: " + componentText(v.blockingComponent.module, v.blockingComponent.driver) + ", Microsoft (" + escapeDumpText(v.blockingComponent.reason) + "): where the work is stuck, not the culprit"
        );
      }
    } else if (v.blockingComponent) {
      out.push(
        "VERDICT: NO CULPRIT IDENTIFIED - blocking component " + componentText(v.blockingComponent.module, v.blockingComponent.driver) + ", Microsoft, not third-party, confidence " + v.confidence
      );
      out.push("  Why Microsoft: " + escapeDumpText(v.blockingComponent.reason));
    } else {
      out.push("VERDICT: NO CULPRIT IDENTIFIED, confidence " + v.confidence);
    }
    const named = c.named;
    if (named) {
      out.push(
        "  Evidence (" + named.kinds.length + " agreeing kind" + (named.kinds.length === 1 ? "" : "s") + (named.kinds.length > 0 ? ": " + named.kinds.join(", ") : "") + ")" + (named.structure.length > 0 ? "; structure: " + named.structure.join(", ") : "") + (a.dataQuality.chainEvidenceLost ? "; never above medium: evidence on the chain was lost" : "") + ":"
      );
      if (c.chainLine) out.push(c.chainLine);
      for (const it of c.verdictItems) out.push(evidenceLine(it));
    } else {
      for (const l of leadsLines(c)) out.push(l);
    }
    const shownPoints = [];
    for (const bp of a.blockingPoints) if (bp.kind !== "unknown" && shownPoints.indexOf(bp.text) < 0 && shownPoints.length < 3) shownPoints.push(bp.text);
    for (const t of shownPoints) out.push("  Blocking point: " + escapeDumpText(t));
    if (v.leads.length > 0) {
      const leads = v.leads.map((l) => componentText(l.module, l.driver));
      for (const l of wordList("  Leads to rule out (present on a chain stuck elsewhere, not blamed):", leads, "  ", "dx " + c.dxCall + ".Suspects", c.list)) out.push(l);
    }
    return out;
  }
  function resourceText(c, r) {
    const parts = [r.contentionCount + " contention" + (r.contentionCount === 1 ? "" : "s")];
    const ex = Math.max(r.numberOfExclusiveWaiters, r.exclusiveWaiters.length);
    const sh = Math.max(r.numberOfSharedWaiters, r.sharedWaiters.length);
    if (ex > 0) parts.push(ex + " exclusive waiter" + (ex === 1 ? "" : "s"));
    if (sh > 0) parts.push(sh + " shared waiter" + (sh === 1 ? "" : "s"));
    return "ERESOURCE " + c.fmt(r.resource) + (r.symbol ? " " + escapeDumpText(r.symbol) : "") + " (" + parts.join(", ") + ")";
  }
  function threadText(c, x) {
    const t = c.thread(x);
    return "thread " + c.fmt(x) + (t && t.processName ? " (" + escapeDumpText(t.processName) + ")" : "");
  }
  function chainLine(c, named) {
    const a = c.a;
    for (const t of named.blockers) {
      const b = a.blockers.filter((x) => x.thread === t)[0];
      if (!b) continue;
      const held = a.contention.filter((r) => b.resources.indexOf(r.resource) >= 0);
      const lock = held.length > 0 ? resourceText(c, held[0]) + (held.length > 1 ? " and " + (held.length - 1) + " more" : "") : null;
      if (b.role === "chain-head" && lock) return "    - " + threadText(c, t) + " holds " + lock + " and waits on no other ERESOURCE";
      if (b.role === "deadlock") return "    - " + threadText(c, t) + " is in a deadlock" + (lock ? ", holding " + lock : "");
      const o = a.orphans.filter((x) => b.resources.indexOf(x.resource) >= 0)[0];
      if (o) return "    - " + escapeDumpText(o.text);
    }
    return null;
  }
  function leadsLines(c) {
    const leads = c.a.suspects.filter((s) => s.score > 0).slice(0, 3);
    if (leads.length === 0) return [];
    const out = [];
    out.push(
      "  Leads (below the culprit threshold " + CULPRIT_THRESHOLD + "): " + leads.map((s) => escapeDumpText(s.image) + " (" + (s.classification === "third-party" ? "third-party" : "Microsoft") + ", score " + s.score + ")").join(", ")
    );
    const first = leadingItems(leads[0], 2);
    const items = first.length > 0 ? first : leads[0].items.slice(0, 2);
    for (const it of items) out.push(evidenceLine(it));
    return out;
  }
  function pad2(n) {
    return n < 16 ? "0" + hex(n) : hex(n);
  }
  function chainSection(c) {
    const a = c.a;
    const f = c.fmt;
    const focus = c.focus;
    const out = [];
    out.push(focus.others.length > 0 ? "Evidence chain (the chains that involve the target or the verdict):" : "Evidence chain:");
    if (a.contention.length === 0) out.push("  No ERESOURCE has waiters (no lock contention).");
    const rs = headOf(focus.resources, c.list);
    for (const r of rs.shown) for (const l of resourceLines(c, r)) out.push(l);
    if (rs.more > 0) out.push("  " + moreText(rs.more, "!isaLocks"));
    const cycles = a.deadlocks.filter((cy) => cy.resources.some(focus.matters));
    const cs = headOf(cycles, { all: c.verbose, head: c.verbose ? void 0 : 10 });
    for (const cy of cs.shown) {
      const steps = cy.threads.map((t, i) => f(t) + " waits on " + f(cy.resources[i]) + (i < cy.threads.length - 1 ? "," : ""));
      for (const l of wordList("  DEADLOCK cycle of " + cy.threads.length + " threads, each waiting on a lock the next one owns:", steps, "  ", "!isaLocks", c.list)) out.push(l);
    }
    if (cs.more > 0) out.push("  " + moreText(cs.more, "deadlock cycles in dx " + c.dxCall + ".Findings"));
    const orphans = a.orphans.filter((o) => focus.matters(o.resource));
    for (const o of lineList(orphans.map((x) => "  ORPHANED: " + escapeDumpText(x.text)), "  ", "!isaLocks", c.list)) out.push(o);
    const bs = headOf(focus.blockers, c.list);
    for (const b of bs.shown) for (const l of blockerLines(c, b)) out.push(l);
    if (bs.more > 0) out.push("  " + moreText(bs.more, "blockers: " + c.verboseCommand));
    return out;
  }
  function resourceLines(c, r) {
    const f = c.fmt;
    const out = [];
    const owners = r.owners.length;
    out.push(
      "  Resource @ " + f(r.resource) + (r.symbol ? " (" + escapeDumpText(r.symbol) + ")" : "") + " " + (r.exclusive ? "Exclusively owned" : "Shared " + owners + " owning thread" + (owners === 1 ? "" : "s"))
    );
    out.push("    Contention Count = " + r.contentionCount);
    const all = "!locks -v " + f(r.resource);
    const entries = r.owners.map((o) => f(o.thread) + "-" + pad2(o.count) + "<*>" + (o.ownerPointer ? " (owner pointer " + f(o.raw) + ")" : ""));
    for (const w of r.waiterEntriesInOwnerTable) entries.push(f(w) + "-01 (shared waiter, not an owner)");
    if (entries.length === 0) out.push("    Threads: (no owner)");
    else for (const l of wordList("    Threads:", entries, "    ", all, c.list)) out.push(l);
    const waiters = (label, counted, found) => {
      const head = "    " + label + " waiters: " + counted + " counted, " + found.length + " found" + (found.length > 0 ? ":" : "");
      if (found.length === 0) out.push(head);
      else for (const l of wordList(head, found.map(f), "    ", all, c.list)) out.push(l);
    };
    if (c.verbose || r.numberOfExclusiveWaiters > 0 || r.exclusiveWaiters.length > 0) waiters("Exclusive", r.numberOfExclusiveWaiters, r.exclusiveWaiters);
    if (c.verbose || r.numberOfSharedWaiters > 0 || r.sharedWaiters.length > 0) waiters("Shared", r.numberOfSharedWaiters, r.sharedWaiters);
    return out;
  }
  function blockerLines(c, b) {
    const a = c.a;
    const f = c.fmt;
    const inc = a.snapshot.os ? a.snapshot.os.keMaximumIncrement : 0;
    const out = [];
    const t = c.thread(b.thread);
    const role = b.role === "deadlock" ? "deadlocked thread" : b.role === "orphan-owner" ? "owner of an orphaned lock" : "chain head: waits on no ERESOURCE";
    const owns = headOf(b.resources.map(f), c.list);
    out.push(
      "  Blocker " + f(b.thread) + " (" + role + ")" + (b.resources.length > 0 ? ", owns " + owns.shown.join(" ") + (owns.more > 0 ? " " + moreText(owns.more, "!isaLocks") : "") : "")
    );
    if (!t) {
      out.push("    (thread could not be read)");
      return out;
    }
    out.push(
      "    THREAD " + f(t.address) + " Cid " + hex(t.pid) + "." + hex(t.tid) + " " + escapeDumpText(stateText(t.state, t.waitReason, t.waitMode)) + "  Process " + (t.processAddress ? f(t.processAddress) + " " : "") + "Image: " + escapeDumpText(t.processName || "?")
    );
    const waitObjects2 = headOf(t.waitObjects.map(f), c.list);
    out.push(
      "    UserTime " + threadTime(t.userTicks, inc, t.userSeconds) + "  KernelTime " + threadTime(t.kernelTicks, inc, t.kernelSeconds) + (t.waitObjects.length > 0 ? "  Wait objects: " + waitObjects2.shown.join(" ") + (waitObjects2.more > 0 ? " +" + waitObjects2.more + " more" : "") : "")
    );
    if (!t.stack) out.push("    Stack: unavailable");
    else if (b.innermostFrame) out.push("    Innermost non-nt frame: " + escapeDumpText(b.innermostFrame) + (b.acquiringLock ? " (calling into ERESOURCE acquisition)" : ""));
    const groups = a.irpGroups.filter((g) => g.thread === b.thread);
    const readable = groups.reduce((n, g) => n + g.irps.length, 0);
    out.push(
      "    IRP List: " + t.irps.length + " IRP" + (t.irps.length === 1 ? "" : "s") + (readable !== t.irps.length ? " (" + readable + " readable)" : "") + (t.irps.length === 0 ? " (its I/O is unknown, not healthy)" : "")
    );
    const gs = headOf(groups, c.list);
    for (const g of gs.shown) for (const l of groupLines(c, g)) out.push(l);
    if (gs.more > 0) out.push("      " + moreText(gs.more, "IRP paths: !isaIrps 0x" + b.thread));
    return out;
  }
  function driverLabel(c, name, module, device) {
    const m = c.module(module);
    const base = name ? escapeDumpText(name) : "device " + c.fmt(device);
    if (m && m.classification === "third-party") return base + " (" + escapeDumpText(m.image) + ", third-party)";
    return base;
  }
  function groupLines(c, g) {
    const ps = c.a.pointerSize;
    const f = c.fmt;
    const out = [];
    const p = g.path;
    const n = g.irps.length;
    const cmd = p.major !== null ? "[" + hex(p.major) + "," + hex(p.minor || 0) + "] " + escapeDumpText(p.majorName || "") + (p.minorName ? "/" + escapeDumpText(p.minorName) : "") : "";
    const where = p.steps.map((st) => driverLabel(c, st.driverName, st.module, st.device)).join(" <- ");
    const state = p.state === "complete" ? "complete, last in " : p.pending ? "pending in " : "active (not pending) in ";
    const head = "      " + n + " IRP" + (n === 1 ? "" : "s") + ": " + (cmd ? cmd + " " : "") + state + (where || "(no device)");
    const rec = c.irp(g.example);
    if (!c.verbose) {
      out.push(head + (rec ? "  (e.g. !irp " + f(rec.address) + ")" : ""));
      return out;
    }
    out.push(head);
    if (!rec) return out;
    out.push(
      "        e.g. !irp " + f(rec.address) + ": Irp is " + (rec.state === "active" ? "active" : "complete") + " with " + rec.stackCount + " stacks " + rec.currentLocation + " is current"
    );
    out.push("             " + irpLocationHeader(ps));
    for (const l of rec.locations) {
      out.push("          " + irpLocationRow(l, ps));
      if (l.driverName || l.completion !== "0") {
        out.push("                   " + escapeDumpText(l.driverName || "") + (l.completion !== "0" ? "  " + completionText(c, l.completion, l.completionSymbol, l.completionModule) : ""));
      }
    }
    return out;
  }
  function completionText(c, addr, symbol, module) {
    if (symbol) return escapeDumpText(symbol);
    const m = c.module(module);
    if (m) {
      const off = addrDiff(addr, m.base);
      if (off !== null && off >= 0) return escapeDumpText(m.name) + "+0x" + off.toString(16);
    }
    return c.fmt(addr);
  }
  function otherContentionSection(c) {
    const others = c.focus.others;
    if (others.length === 0) return [];
    const f = c.fmt;
    const out = [];
    out.push("Other contention (" + others.length + " ERESOURCE" + (others.length === 1 ? "" : "s") + " on no chain of the target; !isaLocks shows them):");
    const rows = others.map((r) => {
      const owner = r.owners.length > 0 ? r.owners[0].thread : null;
      const t = owner ? c.thread(owner) : null;
      const waiters = Math.max(r.numberOfExclusiveWaiters, r.exclusiveWaiters.length) + Math.max(r.numberOfSharedWaiters, r.sharedWaiters.length);
      return "  " + f(r.resource) + (r.symbol ? " " + escapeDumpText(r.symbol) : "") + " " + (r.exclusive ? "exclusive" : "shared") + ", owner " + (owner ? f(owner) + (t && t.processName ? " (" + escapeDumpText(t.processName) + ")" : "") + (r.owners.length > 1 ? " +" + (r.owners.length - 1) : "") : "none") + ", " + waiters + " waiter" + (waiters === 1 ? "" : "s") + ", " + r.contentionCount + " contentions  (!locks " + f(r.resource) + ")";
    });
    for (const l of lineList(rows, "  ", "!isaLocks", c.list)) out.push(l);
    return out;
  }
  function suspectsSection(c) {
    const a = c.a;
    if (a.suspects.length === 0) return [];
    const named = c.named;
    const out = [];
    out.push("Suspects (modules; score = strongest item per kind; culprit threshold " + CULPRIT_THRESHOLD + "):");
    const worth = c.verbose ? a.suspects : a.suspects.filter((sp) => sp === named || sp.hasLeads || sp.score >= 2);
    const ss = headOf(worth, { all: c.verbose, head: c.verbose ? void 0 : 6 });
    const hidden = a.suspects.length - ss.shown.length;
    ss.shown.forEach((sp, i) => {
      const mark = sp.classification === "third-party" ? "third-party" : "Microsoft";
      const isNamed = sp === named && !c.verbose;
      out.push(
        "  " + (i + 1) + ". " + componentText(sp.image, sp.driver) + " - " + mark + // The named component's classification reason is in the VERDICT block; the verbose form repeats it for each.
        (c.verbose ? " (" + escapeDumpText(sp.classificationReason) + ")" : "") + ", score " + sp.score + (sp.leadOnly ? ", lead only (outside every blocking chain and hot thread)" : sp.aboveThreshold ? "" : sp.hasLeads && !sp.atBlockingPoint ? ", lead (on a chain stuck elsewhere)" : ", below threshold") + (sp.kinds.length > 0 ? "; kinds: " + sp.kinds.join(", ") : "") + (isNamed && c.verdictItems.length > 0 ? "; " + c.verdictItems.length + " of its items " + (c.verdictItems.length === 1 ? "is" : "are") + " in the VERDICT block" : "")
      );
      const shownAbove = isNamed ? c.verdictItems : [];
      const rest = sp.items.filter((it) => shownAbove.indexOf(it) < 0);
      const lines = rest.map(
        (it) => "     - " + it.kind + (it.scope === "outside" || it.lead ? " (lead)" : "") + " [" + it.weight + "]: " + escapeDumpText(it.text) + (it.command ? "  (" + escapeDumpText(it.command) + ")" : "")
      );
      const quiet = sp.classification !== "third-party" && !sp.aboveThreshold && !sp.hasLeads;
      const head = c.verbose ? lines.length : isNamed ? SUSPECT_ITEMS : quiet ? 0 : 1;
      const where = "dx -r3 " + c.dxCall + ".Suspects[" + a.suspects.indexOf(sp) + "].Evidence";
      if (head === 0 && lines.length > 0) out.push("     " + lines.length + " item" + (lines.length === 1 ? "" : "s") + ": " + where);
      else for (const l of lineList(lines, "     ", where, { all: c.verbose, head })) out.push(l);
    });
    if (hidden > 0) out.push("  " + moreText(hidden, "dx -r2 " + c.dxCall + ".Suspects"));
    return out;
  }
  function threadsSection(c) {
    const a = c.a;
    const ps = a.pointerSize;
    const f = c.fmt;
    const inc = a.snapshot.os ? a.snapshot.os.keMaximumIncrement : 0;
    const out = [];
    const names = a.cpu.targets.map((p) => escapeDumpText(p.name)).join(", ") || escapeDumpText(a.targetName);
    out.push(
      "Top threads of " + names + " by kernel time (like !runaway 7, from KTHREAD times): kernel " + threadTime(0, 0, a.cpu.kernelSeconds) + ", user " + threadTime(0, 0, a.cpu.userSeconds) + (a.cpu.kernelPercent !== null ? ", " + a.cpu.kernelPercent + "% kernel" : "") + ", " + a.cpu.threadCount + " threads"
    );
    const busiest2 = a.snapshot.busiestProcesses || [];
    if (a.cpu.targets.length === 0 && busiest2.length > 0) {
      out.push("  No process named " + escapeDumpText(a.targetName) + ". The processes with the most kernel time:");
      out.push("  " + padRight("Process", ps === 8 ? 17 : 8) + "  " + padRight("Pid", 6) + padRight("Image", 16) + padLeft("Kernel", 13) + padLeft("User", 13));
      for (const p of busiest2) {
        out.push(
          "  " + padRight(f(p.address), ps === 8 ? 17 : 8) + "  " + padRight(hex(p.pid), 6) + padRight(escapeDumpText(p.name), 16) + padLeft(threadTime(p.kernelTicks, inc, p.kernelTicks * inc / 1e7), 13) + padLeft(threadTime(p.userTicks, inc, p.userTicks * inc / 1e7), 13)
        );
      }
    } else if (a.cpu.topThreads.length === 0) out.push("  (no threads)");
    else {
      out.push("  " + padRight("Thread", ps === 8 ? 17 : 8) + "  " + padRight("Cid", 11) + padLeft("Kernel", 13) + padLeft("User", 13) + "  State");
      for (const r of a.cpu.topThreads) {
        const tags = [];
        if (r.hot) tags.push("hot");
        if (r.blocker) tags.push("blocker");
        if (r.waiter) tags.push("waiter");
        out.push(
          "  " + padRight(f(r.thread), ps === 8 ? 17 : 8) + "  " + padRight(hex(r.pid) + "." + hex(r.tid), 11) + padLeft(threadTime(r.kernelTicks, inc, r.kernelSeconds), 13) + padLeft(threadTime(r.userTicks, inc, r.userSeconds), 13) + "  " + escapeDumpText(r.state + (r.state === "Waiting" ? " (" + r.waitReason + ")" : "")) + (tags.length > 0 ? "  [" + tags.join(", ") + "]" : "")
        );
      }
    }
    return out;
  }
  function dataQualitySection(c) {
    const notes = c.verbose ? c.a.dataQuality.notes : c.a.dataQuality.notes.filter((n) => n !== SCOPE_NOTE);
    if (notes.length === 0) return [];
    const out = ["Data quality:"];
    for (const l of lineList(notes.map((n) => "  - " + escapeDumpText(n)), "  ", "dx " + c.dxCall + ".DataQuality", c.list)) out.push(l);
    return out;
  }
  function followUpSection(c) {
    const fus = c.a.followUps;
    if (fus.length === 0) return [];
    const out = ["Confirm with:"];
    for (const l of lineList(fus.map((fu) => "  " + escapeDumpText(fu.command)), "  ", "dx " + c.dxCall + ".FollowUps", { all: c.verbose, head: FOLLOW_UPS })) out.push(l);
    return out;
  }

  // src/report/json.ts
  var j = (a) => jsonAddr(a);
  function itemJson(it) {
    return {
      kind: it.kind,
      scope: it.scope,
      weight: it.weight,
      text: it.text,
      refs: it.refs.map(j),
      covered: it.covered,
      of: it.of,
      command: it.command,
      lead: it.lead
    };
  }
  function toContractJson(a) {
    const v = a.verdict;
    return {
      verdict: {
        kind: v.kind,
        culprit: v.culprit ? { module: v.culprit.module, driver: v.culprit.driver, thirdParty: v.culprit.thirdParty } : null,
        confidence: v.confidence,
        summary: v.summary
      },
      contention: a.contention.map((c) => ({
        resource: j(c.resource),
        contentionCount: c.contentionCount,
        owners: c.owners.map((o) => j(o.thread)),
        exclusiveWaiters: c.exclusiveWaiters.map(j),
        sharedWaiters: c.sharedWaiters.map(j),
        numberOfExclusiveWaiters: c.numberOfExclusiveWaiters,
        numberOfSharedWaiters: c.numberOfSharedWaiters,
        exclusive: c.exclusive,
        symbol: c.symbol,
        ownerPointers: c.owners.filter((o) => o.ownerPointer).map((o) => j(o.raw)),
        waiterEntriesInOwnerTable: c.waiterEntriesInOwnerTable.map(j),
        notes: c.notes
      })),
      dataQuality: { notes: a.dataQuality.notes.slice() },
      target: {
        name: a.targetName,
        processes: a.cpu.targets.map((p) => ({ process: j(p.address), pid: p.pid, name: p.name })),
        pointerSize: a.pointerSize
      },
      blockingComponent: v.blockingComponent ? { module: v.blockingComponent.module, driver: v.blockingComponent.driver, thirdParty: false } : null,
      leads: v.leads.map((l) => ({ module: l.module, driver: l.driver, thirdParty: l.thirdParty })),
      blockingPoints: a.blockingPoints.map((bp) => ({
        blocker: j(bp.blocker),
        kind: bp.kind,
        modules: bp.modules,
        frame: bp.frame,
        irps: bp.io.filter((g) => g.majority).reduce((l, g) => l.concat(g.irps.map(j)), []),
        text: bp.text
      })),
      chains: a.chains.map((c) => ({
        steps: c.steps.map((s) => ({ resource: j(s.resource), owner: j(s.owner) })),
        head: c.head ? j(c.head) : null,
        endsInCycle: c.endsInCycle
      })),
      deadlocks: a.deadlocks.map((c) => ({ threads: c.threads.map(j), resources: c.resources.map(j) })),
      orphans: a.orphans.map((o) => ({ resource: j(o.resource), owner: o.owner ? j(o.owner) : null, reason: o.reason, text: o.text })),
      blockers: a.blockers.map((b) => ({
        thread: j(b.thread),
        role: b.role,
        resources: b.resources.map(j),
        innermostFrame: b.innermostFrame,
        acquiringLock: b.acquiringLock
      })),
      suspects: a.suspects.map((s) => ({
        module: s.image,
        name: s.module,
        driver: s.driver,
        thirdParty: s.classification === "third-party",
        classificationReason: s.classificationReason,
        score: s.score,
        kinds: s.kinds,
        leadOnly: s.leadOnly,
        aboveThreshold: s.aboveThreshold,
        atBlockingPoint: s.atBlockingPoint,
        structure: s.structure,
        confidence: s.confidence,
        evidence: s.items.map(itemJson)
      })),
      cpu: {
        kernelSeconds: a.cpu.kernelSeconds,
        userSeconds: a.cpu.userSeconds,
        kernelPercent: a.cpu.kernelPercent,
        hotThreads: a.cpu.hotThreads.map(j)
      },
      topThreads: a.cpu.topThreads.map((r) => ({
        thread: j(r.thread),
        pid: r.pid,
        tid: r.tid,
        process: r.processName,
        state: r.state,
        waitReason: r.waitReason,
        kernelSeconds: r.kernelSeconds,
        userSeconds: r.userSeconds,
        hot: r.hot,
        blocker: r.blocker,
        waiter: r.waiter
      })),
      irpGroups: a.irpGroups.map((g) => ({
        thread: j(g.thread),
        irps: g.irps.map(j),
        example: j(g.example),
        pending: g.path.pending,
        major: g.path.majorName,
        minor: g.path.minorName,
        path: g.path.steps.map((s) => ({ location: s.location, device: j(s.device), driver: s.driverName, module: s.module, position: s.position }))
      })),
      findings: a.findings.map((f) => ({ text: f.text, refs: f.refs.map(j), command: f.command })),
      followUps: a.followUps.map((f) => ({ command: f.command, why: f.why })),
      processors: jsonProcessors(a),
      spinLockStorm: jsonSpin(a),
      stackGroups: jsonStackGroups(a)
    };
  }

  // src/report/followups.ts
  var VERBS = ["!locks", "!thread", "!irp", "!devobj", "!drvobj", "lmv a"];
  function followUpCommand(text, pointerSize) {
    for (const verb of VERBS) {
      if (text.slice(0, verb.length + 1) !== verb + " ") continue;
      const arg = text.slice(verb.length + 1).trim();
      if (!/^(0x)?[0-9a-fA-F]{1,8}(`?[0-9a-fA-F]{8})?$/.test(arg)) return null;
      const a = parseAddr(arg.replace(/^0x/, "").replace("`", "").toLowerCase());
      if (a === null || a === "0") return null;
      return { verb, address: a, command: verb + " " + formatAddr(a, pointerSize) };
    }
    return null;
  }
  function followUpRows(a) {
    const rows = [];
    const seen = {};
    for (const fu of a.followUps) {
      let cmd = followUpCommand(fu.command, a.pointerSize);
      if (!cmd && fu.command.slice(0, 5) === "lmvm ") {
        const name = fu.command.slice(5).toLowerCase();
        const m = a.snapshot.modules.filter((x) => x.name.toLowerCase() === name)[0];
        if (m) cmd = followUpCommand("lmv a " + m.base, a.pointerSize);
      }
      if (!cmd || seen[cmd.command]) continue;
      seen[cmd.command] = true;
      rows.push({ command: cmd, why: fu.why });
    }
    return rows;
  }

  // src/report/dx.ts
  var DxComponent = class {
    constructor(Module, Driver, ThirdParty, Reason) {
      this.Module = Module;
      this.Driver = Driver;
      this.ThirdParty = ThirdParty;
      this.Reason = Reason;
    }
    toString() {
      return this.Module + (this.Driver ? " (" + this.Driver + ")" : "") + (this.ThirdParty ? ", third-party" : ", Microsoft");
    }
  };
  var DxEvidence = class {
    constructor(Kind, Scope, Weight, Text, Covered, Of, Command) {
      this.Kind = Kind;
      this.Scope = Scope;
      this.Weight = Weight;
      this.Text = Text;
      this.Covered = Covered;
      this.Of = Of;
      this.Command = Command;
    }
    toString() {
      return this.Kind + (this.Scope === "outside" ? " (lead)" : "") + ": " + this.Text;
    }
  };
  var DxSuspect = class {
    constructor(Module, Driver, ThirdParty, Classification, Score, Kinds, LeadOnly, AboveThreshold, Confidence, Evidence) {
      this.Module = Module;
      this.Driver = Driver;
      this.ThirdParty = ThirdParty;
      this.Classification = Classification;
      this.Score = Score;
      this.Kinds = Kinds;
      this.LeadOnly = LeadOnly;
      this.AboveThreshold = AboveThreshold;
      this.Confidence = Confidence;
      this.Evidence = Evidence;
    }
    toString() {
      return this.Module + (this.ThirdParty ? " (third-party)" : " (Microsoft)") + " score " + this.Score + (this.Kinds.length > 0 ? " [" + this.Kinds.join(", ") + "]" : "") + (this.LeadOnly ? " lead only" : "");
    }
  };
  var DxResource = class {
    constructor(Resource, Exclusive, ContentionCount, Owners, ExclusiveWaiters, SharedWaiters, NumberOfExclusiveWaiters, NumberOfSharedWaiters, Symbol2) {
      this.Resource = Resource;
      this.Exclusive = Exclusive;
      this.ContentionCount = ContentionCount;
      this.Owners = Owners;
      this.ExclusiveWaiters = ExclusiveWaiters;
      this.SharedWaiters = SharedWaiters;
      this.NumberOfExclusiveWaiters = NumberOfExclusiveWaiters;
      this.NumberOfSharedWaiters = NumberOfSharedWaiters;
      this.Symbol = Symbol2;
    }
    toString() {
      return this.Resource + (this.Symbol ? " " + this.Symbol : "") + (this.Exclusive ? " exclusive" : " shared") + ", owners " + (this.Owners.join(" ") || "none") + ", contention " + this.ContentionCount + ", waiters " + this.NumberOfExclusiveWaiters + " exclusive / " + this.NumberOfSharedWaiters + " shared";
    }
  };
  var DxThread = class {
    constructor(Thread, Process, Pid, Tid, State, WaitReason, KernelSeconds, UserSeconds, KernelTime, UserTime, Hot, Blocker, Waiter) {
      this.Thread = Thread;
      this.Process = Process;
      this.Pid = Pid;
      this.Tid = Tid;
      this.State = State;
      this.WaitReason = WaitReason;
      this.KernelSeconds = KernelSeconds;
      this.UserSeconds = UserSeconds;
      this.KernelTime = KernelTime;
      this.UserTime = UserTime;
      this.Hot = Hot;
      this.Blocker = Blocker;
      this.Waiter = Waiter;
    }
    toString() {
      const tags = (this.Hot ? " hot" : "") + (this.Blocker ? " blocker" : "") + (this.Waiter ? " waiter" : "");
      return this.Thread + " " + this.Process + " " + hex(this.Pid) + "." + hex(this.Tid) + " " + this.State + " kernel " + this.KernelTime + " user " + this.UserTime + tags;
    }
  };
  var DxIrp = class {
    constructor(Irp, Thread, Pending, State, Major, Minor, Path, Current) {
      this.Irp = Irp;
      this.Thread = Thread;
      this.Pending = Pending;
      this.State = State;
      this.Major = Major;
      this.Minor = Minor;
      this.Path = Path;
      this.Current = Current;
    }
    toString() {
      return this.Irp + " " + (this.Pending ? "pending" : this.State) + (this.Major ? " " + this.Major + (this.Minor ? "/" + this.Minor : "") : "") + (this.Path.length > 0 ? " in " + this.Path.join(", then ") : "");
    }
  };
  var DxFinding = class {
    constructor(Text, Command, Refs) {
      this.Text = Text;
      this.Command = Command;
      this.Refs = Refs;
    }
    toString() {
      return this.Text;
    }
  };
  var DxFollowUp = class {
    constructor(Command, Why, Verb, Address) {
      this.Command = Command;
      this.Why = Why;
      this.Verb = Verb;
      this.Address = Address;
    }
    toString() {
      return this.Command;
    }
  };
  var DxNote = class {
    constructor(Note) {
      this.Note = Note;
    }
    toString() {
      return this.Note;
    }
  };
  var IsaCpuCheckResult = class {
    constructor(Verdict, Culprit, BlockingComponent, Confidence, Summary, Suspects, Contention, Threads, Irps, Findings, FollowUps, DataQuality, Processors = [], StackGroups = []) {
      this.Verdict = Verdict;
      this.Culprit = Culprit;
      this.BlockingComponent = BlockingComponent;
      this.Confidence = Confidence;
      this.Summary = Summary;
      this.Suspects = Suspects;
      this.Contention = Contention;
      this.Threads = Threads;
      this.Irps = Irps;
      this.Findings = Findings;
      this.FollowUps = FollowUps;
      this.DataQuality = DataQuality;
      this.Processors = Processors;
      this.StackGroups = StackGroups;
    }
    toString() {
      const c = this.Culprit;
      const b = this.BlockingComponent;
      return verdictHeadFrom(
        this.Verdict,
        typeof c === "string" ? null : c.Module,
        typeof c === "string" ? null : c.Driver || null,
        typeof b === "string" ? null : b.Module,
        this.Confidence
      );
    }
  };
  function toDataModelObject(a) {
    const ps = a.pointerSize;
    const f = (x) => formatAddr(x, ps);
    const inc = a.snapshot.os ? a.snapshot.os.keMaximumIncrement : 0;
    const v = a.verdict;
    const comp = (c) => c ? new DxComponent(escapeDumpText(c.module), escapeDumpText(c.driver || ""), c.thirdParty, escapeDumpText(c.reason)) : "(none)";
    const evidence = (it) => new DxEvidence(it.kind, it.scope, it.weight, escapeDumpText(it.text), it.covered === null ? 0 : it.covered, it.of === null ? 0 : it.of, escapeDumpText(it.command || ""));
    const suspect = (s) => new DxSuspect(
      escapeDumpText(s.image),
      escapeDumpText(s.driver || ""),
      s.classification === "third-party",
      s.classification,
      s.score,
      s.kinds.slice(),
      s.leadOnly,
      s.aboveThreshold,
      s.confidence,
      s.items.map(evidence)
    );
    const threads = [];
    const seen = {};
    for (const r of a.cpu.topThreads) {
      seen[r.thread] = true;
      threads.push(new DxThread(
        f(r.thread),
        escapeDumpText(r.processName || ""),
        r.pid,
        r.tid,
        escapeDumpText(r.state),
        shownWaitReason(r.state, r.waitReason),
        r.kernelSeconds,
        r.userSeconds,
        threadTime(r.kernelTicks, inc, r.kernelSeconds),
        threadTime(r.userTicks, inc, r.userSeconds),
        r.hot,
        r.blocker,
        r.waiter
      ));
    }
    for (const b of a.blockers) {
      if (seen[b.thread]) continue;
      seen[b.thread] = true;
      const t = a.snapshot.threads.filter((x) => x.address === b.thread)[0];
      if (!t) continue;
      threads.push(new DxThread(
        f(t.address),
        escapeDumpText(t.processName || ""),
        t.pid,
        t.tid,
        escapeDumpText(t.state),
        shownWaitReason(t.state, t.waitReason),
        t.kernelSeconds,
        t.userSeconds,
        threadTime(t.kernelTicks, inc, t.kernelSeconds),
        threadTime(t.userTicks, inc, t.userSeconds),
        false,
        true,
        false
      ));
    }
    const irps = [];
    for (const g of a.irpGroups) {
      for (const irp of g.irps) {
        const p = a.irpPaths.filter((x) => x.irp === irp)[0] || g.path;
        const path = p.steps.map((s) => escapeDumpText(s.driverName || f(s.device)));
        irps.push(new DxIrp(f(irp), f(g.thread), p.pending, p.state, escapeDumpText(p.majorName || ""), escapeDumpText(p.minorName || ""), path, path.length > 0 && p.steps[0].position === "current" ? path[0] : ""));
      }
    }
    return new IsaCpuCheckResult(
      v.kind,
      comp(v.culprit),
      comp(v.blockingComponent),
      v.confidence,
      escapeDumpText(v.summary),
      a.suspects.map(suspect),
      a.contention.map((c) => new DxResource(
        f(c.resource),
        c.exclusive,
        c.contentionCount,
        c.owners.map((o) => f(o.thread)),
        c.exclusiveWaiters.map(f),
        c.sharedWaiters.map(f),
        c.numberOfExclusiveWaiters,
        c.numberOfSharedWaiters,
        escapeDumpText(c.symbol || "")
      )),
      threads,
      irps,
      a.findings.map((x) => new DxFinding(escapeDumpText(x.text), escapeDumpText(x.command || ""), x.refs.map(f))),
      followUpRows(a).map((x) => new DxFollowUp(x.command.command, escapeDumpText(x.why), x.command.verb, f(x.command.address))),
      a.dataQuality.notes.map((n) => new DxNote(escapeDumpText(n))),
      dxProcessors(a),
      dxStackGroups(a)
    );
  }

  // src/export/print.ts
  var HEX2 = "0123456789abcdef";
  function u4(code) {
    return "\\u" + HEX2.charAt(code >> 12 & 15) + HEX2.charAt(code >> 8 & 15) + HEX2.charAt(code >> 4 & 15) + HEX2.charAt(code & 15);
  }
  function jsonString(s) {
    let out = '"';
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) out += '\\"';
      else if (c === 92) out += "\\\\";
      else if (c === 10) out += "\\n";
      else if (c === 13) out += "\\r";
      else if (c === 9) out += "\\t";
      else if (c < 32 || c > 126 || c === 60 || c === 62 || c === 38) out += u4(c);
      else out += s.charAt(i);
    }
    return out + '"';
  }
  function scalar(v) {
    if (v === null) return "null";
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "number") return isFinite(v) ? String(v) : "null";
    if (typeof v === "string") return jsonString(v);
    return null;
  }
  function compactJson(v) {
    const s = scalar(v);
    if (s !== null) return s;
    if (Array.isArray(v)) return "[" + v.map(compactJson).join(",") + "]";
    const o = v;
    const parts = [];
    for (const k in o) {
      if (Object.prototype.hasOwnProperty.call(o, k) && o[k] !== void 0) parts.push(jsonString(k) + ":" + compactJson(o[k]));
    }
    return "{" + parts.join(",") + "}";
  }
  function pretty(v, indent, prefix, width, out) {
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
        let line2 = "";
        for (let i = 0; i < v.length; i++) {
          const item = compactJson(v[i]) + (i < v.length - 1 ? "," : "");
          if (line2 !== "" && inner.length + line2.length + item.length > width) {
            out.push(inner + line2);
            line2 = "";
          }
          line2 += item;
        }
        if (line2 !== "") out.push(inner + line2);
      } else {
        for (let i = 0; i < v.length; i++) {
          pretty(v[i], inner, "", width, out);
          if (i < v.length - 1) out[out.length - 1] += ",";
        }
      }
      out.push(indent + "]");
      return;
    }
    const o = v;
    const keys = Object.keys(o).filter((k) => o[k] !== void 0);
    out.push(indent + prefix + "{");
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
  function printJson(v, width) {
    const out = [];
    pretty(v, "", "", width !== void 0 ? width : 160, out);
    return out.join("\n") + "\n";
  }

  // src/host/target.ts
  var ReadError = class extends Error {
    constructor(address, length, cause) {
      super("cannot read " + length + " bytes at 0x" + address + (cause ? ": " + cause : ""));
      this.address = address;
      this.length = length;
    }
  };

  // src/host/jsprovider.ts
  var PAGE2 = 4096;
  var MAX_CACHED_PAGES = 16384;
  var MAX_BAD_PAGES = 65536;
  var MAX_FRAMES = 64;
  var MAX_EXACT_FAILURES = 8;
  var MAX_ITERATED = 1e5;
  var COMMAND_WHITELIST = [/^(lmv a|ln) 0x[0-9a-f]{1,16}$/, /^lmv?$/];
  function isAllowedCommand(command) {
    for (let i = 0; i < COMMAND_WHITELIST.length; i++) if (COMMAND_WHITELIST[i].test(command)) return true;
    return false;
  }
  function message(e) {
    if (e && typeof e === "object" && "message" in e) return String(e.message);
    return String(e);
  }
  function hostValueToAddr(v) {
    if (v === null || v === void 0) return null;
    if (typeof v === "number") {
      if (v >= 0 && Math.floor(v) === v && v <= 9007199254740991) return addrFromNumber(v);
      if (v < 0 && Math.floor(v) === v && v >= -2147483648) return addrFromParts(4294967295, v >>> 0);
      return null;
    }
    try {
      let s = String(v.toString(16));
      if (s.slice(0, 2).toLowerCase() === "0x") s = s.slice(2);
      const a = parseAddr(s);
      if (a !== null) return a;
    } catch (e) {
    }
    try {
      const hi = v.getHighPart();
      const lo = v.getLowPart();
      if (typeof hi === "number" && typeof lo === "number") return addrFromParts(hi >>> 0, lo >>> 0);
      const h2 = hostValueToAddr(hi);
      const l2 = hostValueToAddr(lo);
      if (h2 !== null && l2 !== null) return addrFromParts(addrParts(h2).lo, addrParts(l2).lo);
    } catch (e) {
    }
    return null;
  }
  function hostValueToNumber(v) {
    if (typeof v === "number") return v;
    const a = hostValueToAddr(v);
    return a === null ? null : addrToNumber(a);
  }
  function hostAddress(v, pointerSize) {
    const a = hostValueToAddr(v);
    if (a === null || pointerSize === 8 || a.length <= 8) return a;
    const p = addrParts(a);
    if (p.hi === 4294967295 && p.lo >= 2147483648) return addrFromParts(0, p.lo);
    return null;
  }
  function toInt64(addr) {
    return host.parseInt64("0x" + addr, 16);
  }
  function copyBytes(values, length) {
    const n = values === null || values === void 0 ? -1 : Number(values.length);
    if (n !== length) throw new Error("short read (" + n + " bytes)");
    const out = new Uint8Array(length);
    out.set(values);
    return out;
  }
  var JsTypeLayout = class {
    constructor(name, size, root) {
      this.name = name;
      this.size = size;
      this.nodes = {};
      this.infos = {};
      this.nodes[""] = { offset: 0, type: root };
    }
    field(path) {
      if (Object.prototype.hasOwnProperty.call(this.infos, path)) return this.infos[path];
      let info = null;
      const node = this.node(path);
      if (node !== null && path !== "") {
        try {
          info = describe(node);
        } catch (e) {
          info = null;
        }
      }
      this.infos[path] = info;
      return info;
    }
    /** Descends fields.A.type.fields.B…, one host access per path prefix (cached). */
    node(path) {
      if (Object.prototype.hasOwnProperty.call(this.nodes, path)) return this.nodes[path];
      const dot = path.lastIndexOf(".");
      const parent = this.node(dot < 0 ? "" : path.slice(0, dot));
      const leaf = dot < 0 ? path : path.slice(dot + 1);
      let result = null;
      if (parent !== null) {
        try {
          const fields = parent.type.fields;
          const f = fields ? fields[leaf] : void 0;
          if (f !== void 0 && f !== null) {
            const off = hostValueToNumber(f.offset);
            if (off !== null) result = { offset: parent.offset + off, type: f.type };
          }
        } catch (e) {
          result = null;
        }
      }
      this.nodes[path] = result;
      return result;
    }
  };
  function describe(node) {
    const t = node.type;
    let size = 0;
    let typeName = "";
    let bitPosition = 0;
    let bitLength = 0;
    try {
      size = hostValueToNumber(t.size) || 0;
    } catch (e) {
      size = 0;
    }
    try {
      typeName = String(t.name);
    } catch (e) {
      typeName = "";
    }
    try {
      if (t.isBitField) {
        const pos = t.bitFieldPositions;
        bitPosition = hostValueToNumber(pos.lsb) || 0;
        bitLength = hostValueToNumber(pos.length) || 0;
      }
    } catch (e) {
      bitPosition = 0;
      bitLength = 0;
    }
    return { offset: node.offset, size, typeName, bitPosition, bitLength };
  }
  var JsProviderTarget = class {
    constructor() {
      this.pages = /* @__PURE__ */ new Map();
      this.badPages = /* @__PURE__ */ new Map();
      /** Pages that could not be read whole: each read there asks for its exact bytes (count of those that failed). */
      this.partialPages = /* @__PURE__ */ new Map();
      this.types = {};
      this.symbols = {};
      this.moduleList = null;
      const attrs = host.currentSession.Attributes;
      const ps = hostValueToNumber(attrs.Machine.PointerSize);
      this.pointerSize = ps === 4 ? 4 : 8;
      let kernel = false;
      try {
        kernel = attrs.Target.IsKernelTarget === true;
      } catch (e) {
        kernel = false;
      }
      this.kernel = kernel;
    }
    isKernelTarget() {
      return this.kernel;
    }
    read(addr, length) {
      if (length <= 0) return new Uint8Array(0);
      const n = addr.length;
      const start = n <= 3 ? parseInt(addr, 16) : parseInt(addr.slice(n - 3), 16);
      const firstPage = n <= 3 ? "0" : addr.slice(0, n - 3) + "000";
      if (start + length <= PAGE2) {
        const bytes = this.page(firstPage, addr, length);
        return bytes !== null ? bytes.subarray(start, start + length) : this.exact(firstPage, addr, length);
      }
      const out = new Uint8Array(length);
      let page = firstPage;
      let done = 0;
      let offset = start;
      while (done < length) {
        const bytes = this.page(page, addr, length);
        if (bytes === null) return this.exact(page, addr, length);
        const take = Math.min(PAGE2 - offset, length - done);
        out.set(bytes.subarray(offset, offset + take), done);
        done += take;
        offset = 0;
        page = addrAdd(page, PAGE2);
      }
      return out;
    }
    /** A whole page from the cache or one bulk read; null when the page is readable only in parts. Throws ReadError. */
    page(page, addr, length) {
      const cached = this.pages.get(page);
      if (cached !== void 0) return cached;
      if (this.badPages.has(page)) throw new ReadError(addr, length, "page 0x" + page + " unreadable");
      if (this.partialPages.has(page)) return null;
      let bytes;
      try {
        bytes = copyBytes(host.memory.readMemoryValues(toInt64(page), PAGE2, 1), PAGE2);
      } catch (e) {
        if (this.partialPages.size >= MAX_BAD_PAGES) this.partialPages.clear();
        this.partialPages.set(page, 0);
        return null;
      }
      if (this.pages.size >= MAX_CACHED_PAGES) this.pages.clear();
      this.pages.set(page, bytes);
      return bytes;
    }
    /** The exact bytes wanted, on a page that could not be read whole (`page` is the one that failed). */
    exact(page, addr, length) {
      try {
        return copyBytes(host.memory.readMemoryValues(toInt64(addr), length, 1), length);
      } catch (e) {
        const failures = (this.partialPages.get(page) || 0) + 1;
        if (failures >= MAX_EXACT_FAILURES) {
          this.partialPages.delete(page);
          if (this.badPages.size >= MAX_BAD_PAGES) this.badPages.clear();
          this.badPages.set(page, true);
        } else {
          this.partialPages.set(page, failures);
        }
        throw new ReadError(addr, length, message(e));
      }
    }
    getType(typeName, module) {
      const mod = module || "nt";
      const key = mod + "!" + typeName;
      if (Object.prototype.hasOwnProperty.call(this.types, key)) return this.types[key];
      let layout = null;
      try {
        const t = host.getModuleType(mod, typeName);
        if (t !== null && t !== void 0) {
          const size = hostValueToNumber(t.size);
          if (size !== null) layout = new JsTypeLayout(typeName, size, t);
        }
      } catch (e) {
        layout = null;
      }
      this.types[key] = layout;
      return layout;
    }
    getSymbolAddress(module, symbol) {
      const key = module + "!" + symbol;
      if (Object.prototype.hasOwnProperty.call(this.symbols, key)) return this.symbols[key];
      let a = null;
      try {
        a = hostAddress(host.getModuleSymbolAddress(module, symbol), this.pointerSize);
        if (a === "0") a = null;
      } catch (e) {
        a = null;
      }
      this.symbols[key] = a;
      return a;
    }
    modules() {
      if (this.moduleList !== null) return this.moduleList;
      const lowest = this.pointerSize === 4 ? "80000000" : "ffff800000000000";
      let list = [];
      const sources = [() => this.systemProcess(), () => host.currentProcess];
      for (let i = 0; i < sources.length && list.length === 0; i++) {
        let mods = null;
        try {
          const p = sources[i]();
          mods = p === null || p === void 0 ? null : p.Modules;
        } catch (e) {
          mods = null;
        }
        if (mods !== null && mods !== void 0) list = this.kernelModules(mods, lowest);
      }
      this.moduleList = list;
      return list;
    }
    kernelModules(mods, lowest) {
      const list = [];
      try {
        for (const m of mods) {
          try {
            const base = hostAddress(m.BaseAddress, this.pointerSize);
            const size = hostValueToNumber(m.Size);
            if (base === null || size === null || addrCompare(base, lowest) < 0) continue;
            list.push({ name: String(m.Name), base, size });
          } catch (e) {
          }
          if (list.length >= MAX_ITERATED) break;
        }
      } catch (e) {
      }
      return list;
    }
    /** The System process (PID 4) of the data model, or null. */
    systemProcess() {
      return this.processById(4);
    }
    /** `Processes[pid]` through getValueAt, then the key indexer, then iteration matching Id. */
    processById(pid) {
      let processes;
      try {
        processes = host.currentSession.Processes;
      } catch (e) {
        return null;
      }
      return byKey(processes, pid);
    }
    stackFrames(pid, tid) {
      try {
        const owner = this.processById(pid);
        if (owner === null) return null;
        const thread = byKey(owner.Threads, tid);
        if (thread === null) return null;
        const frames = [];
        for (const f of thread.Stack.Frames) {
          if (frames.length >= MAX_FRAMES) break;
          const text = String(f.toString());
          let ip = null;
          try {
            ip = hostAddress(f.Attributes.InstructionOffset, this.pointerSize);
          } catch (e) {
            ip = null;
          }
          frames.push({ text, instructionOffset: ip });
        }
        return frames.length > 0 ? frames : null;
      } catch (e) {
        return null;
      }
    }
    executeCommand(command) {
      if (!isAllowedCommand(command)) throw new Error("command not allowed: " + JSON.stringify(command));
      const out = host.namespace.Debugger.Utility.Control.ExecuteCommand(command);
      const lines = [];
      for (const line of out) {
        const parts = String(line).split(/\r\n|\r|\n/);
        for (let i = 0; i < parts.length; i++) lines.push(parts[i]);
      }
      return lines;
    }
    log(text) {
      try {
        host.diagnostics.debugLog(text);
      } catch (e) {
      }
    }
  };
  function byKey(collection, key) {
    if (collection === null || collection === void 0) return null;
    try {
      if (typeof collection.getValueAt === "function") {
        const v = collection.getValueAt(key);
        if (v !== null && v !== void 0) return v;
      }
    } catch (e) {
    }
    try {
      const v = collection[key];
      if (v !== null && v !== void 0 && typeof v === "object") return v;
    } catch (e) {
    }
    try {
      let seen = 0;
      for (const item of collection) {
        if (++seen > MAX_ITERATED) break;
        try {
          if (hostValueToNumber(item.Id) === key) return item;
        } catch (e) {
        }
      }
    } catch (e) {
    }
    return null;
  }
  function createJsProviderTarget() {
    return new JsProviderTarget();
  }

  // src/commands/address.ts
  var MAX_UNWRAP = 3;
  function isInt64Like(v) {
    if (v === null || typeof v !== "object") return false;
    const o = v;
    return typeof o.getLowPart === "function" && typeof o.getHighPart === "function";
  }
  function property(v, name) {
    try {
      return v[name];
    } catch (e) {
      return void 0;
    }
  }
  function addressArgument(value, depth) {
    const level = depth === void 0 ? 0 : depth;
    if (typeof value === "number") {
      if (Math.floor(value) !== value || !isFinite(value)) return null;
      return hostValueToAddr(value);
    }
    if (typeof value === "string") return parseAddr(value);
    if (value === null || typeof value !== "object" || level > MAX_UNWRAP) return null;
    if (isInt64Like(value)) return hostValueToAddr(value);
    const kernelObject = property(value, "KernelObject");
    if (kernelObject !== void 0 && kernelObject !== null && typeof kernelObject === "object") {
      const a = addressArgument(kernelObject, level + 1);
      if (a !== null) return a;
    }
    const address = property(value, "address");
    if (address !== void 0 && address !== null && address !== value) return addressArgument(address, level + 1);
    return null;
  }
  function fitToPointer(a, pointerSize) {
    if (pointerSize === 8) return a;
    const p = addrParts(a);
    if (p.hi === 0) return a;
    if (p.hi === 4294967295 && p.lo >= 2147483648) return addrFromParts(0, p.lo);
    return null;
  }

  // src/commands/args.ts
  var DEFAULT_TARGET = "wspsrv.exe";
  var DEFAULT_TOP_THREADS = 10;
  var MAX_TOP_THREADS = 1e3;
  var UsageError = class extends Error {
  };
  var OPTION_WORDS = {
    json: "json",
    "-json": "json",
    verbose: "verbose",
    "-verbose": "verbose",
    "?": "help",
    help: "help",
    "-?": "help"
  };
  function numberOf(value) {
    if (typeof value === "number") return value;
    if (value !== null && typeof value === "object") {
      const v = value;
      try {
        if (typeof v.asNumber === "function") return v.asNumber();
        if (typeof v.convertToNumber === "function") return v.convertToNumber();
      } catch (e) {
        return null;
      }
    }
    return null;
  }
  function imageName(text, i) {
    if (text.length === 0) throw new UsageError("argument " + (i + 1) + " is an empty process name");
    if (/[\u0000-\u001f"*?<>|]/.test(text)) throw new UsageError("argument " + (i + 1) + " is not a process image name");
    return text;
  }
  function describe2(value) {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    return typeof value === "object" ? "an object" : typeof value + " " + String(value);
  }
  function parseCpuCheckArgs(args) {
    const options = { targetNames: [], topThreads: DEFAULT_TOP_THREADS, json: false, verbose: false, help: false };
    for (let i = 0; i < args.length; i++) {
      const value = args[i];
      if (value === void 0) continue;
      if (typeof value === "string") {
        const text = value.trim();
        const word = OPTION_WORDS[text.toLowerCase()];
        if (word === "json") options.json = true;
        else if (word === "verbose") options.verbose = true;
        else if (word === "help") options.help = true;
        else options.targetNames.push(imageName(text, i));
        continue;
      }
      const n = numberOf(value);
      if (n !== null) {
        if (Math.floor(n) !== n || n < 1 || n > MAX_TOP_THREADS) {
          throw new UsageError("the thread count must be a whole number from 1 to " + MAX_TOP_THREADS + " (got " + n + ")");
        }
        options.topThreads = n;
        continue;
      }
      throw new UsageError("argument " + (i + 1) + " is " + describe2(value) + "; expected a quoted image name or a number");
    }
    if (options.targetNames.length === 0) options.targetNames.push(DEFAULT_TARGET);
    return options;
  }
  var REDACT = "redact";
  function looksLikePath(text) {
    return /\.json$/i.test(text) || /[\\/]/.test(text);
  }
  function outputPath(text, i) {
    if (text.length > 1024) throw new UsageError("argument " + (i + 1) + " is a path longer than 1024 characters");
    if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(text)) throw new UsageError("argument " + (i + 1) + " is a path with control characters");
    if (/["*?<>|]/.test(text)) throw new UsageError("argument " + (i + 1) + ' is not a file path (it holds one of " * ? < > |)');
    const name = text.slice(Math.max(text.lastIndexOf("\\"), text.lastIndexOf("/")) + 1);
    if (!/[^.\s]/.test(name)) throw new UsageError("argument " + (i + 1) + " names a folder, not a file");
    return text;
  }
  function parseScenarioArgs(args) {
    let redact = false;
    let path = null;
    const rest = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (typeof a === "string" && a.trim().toLowerCase() === REDACT) redact = true;
      else if (typeof a === "string" && looksLikePath(a.trim())) {
        if (path !== null) throw new UsageError("one output file is expected, got a second one in argument " + (i + 1));
        path = outputPath(a.trim(), i);
      } else rest.push(a);
    }
    const o = parseCpuCheckArgs(rest);
    return {
      targetNames: o.targetNames,
      topThreads: o.topThreads,
      json: o.json,
      verbose: o.verbose,
      help: o.help,
      redact,
      outputPath: path
    };
  }
  function parseLocksArgs(args) {
    const options = { targetNames: [], help: false };
    for (let i = 0; i < args.length; i++) {
      const value = args[i];
      if (value === void 0) continue;
      if (typeof value !== "string") throw new UsageError("argument " + (i + 1) + " is " + describe2(value) + "; expected a quoted image name");
      const text = value.trim();
      const word = OPTION_WORDS[text.toLowerCase()];
      if (word === "help") options.help = true;
      else if (word === "json") throw new UsageError("JSON output is !isaCpuCheck's (batch triage); dx @$isaLocks() gives the data");
      else if (word === "verbose") throw new UsageError("!isaLocks always lists every owner and waiter");
      else options.targetNames.push(imageName(text, i));
    }
    return options;
  }
  function parseIrpsArgs(args) {
    const given = args.filter((a2) => a2 !== void 0);
    if (given.length === 0) throw new UsageError("a thread address is needed");
    if (given.length > 1) throw new UsageError("one thread address is expected, got " + given.length + " arguments");
    const value = given[0];
    if (typeof value === "string" && OPTION_WORDS[value.trim().toLowerCase()] === "help") return { thread: null, help: true };
    const a = addressArgument(value);
    if (a === null) {
      throw new UsageError(
        "argument 1 is " + (typeof value === "string" ? "a string that is not a hex address" : describe2(value)) + "; expected a thread address"
      );
    }
    return { thread: a, help: false };
  }

  // src/commands/guard.ts
  function messageOf(e) {
    if (e instanceof Error) return e.message;
    try {
      return String(e);
    } catch (x) {
      return "unknown error";
    }
  }
  function guarded(name, fn, closing) {
    return function(...args) {
      try {
        return fn.apply(void 0, args);
      } catch (e) {
        const m = escapeDumpText(messageOf(e));
        rawLog(name + ": internal error: " + m + "\n" + closing(m) + "\n");
        return void 0;
      }
    };
  }

  // src/commands/catalog.ts
  var COMMANDS = [
    {
      name: "isaCpuCheck",
      syntax: '!isaCpuCheck ["image.exe" | ("image.exe", N) | ("image.exe", "verbose") | ("image.exe", "json") | "?"]',
      description: "Root cause of a server process burning CPU or hanging, from a kernel dump: threads and times, contended ERESOURCEs, the owners' IRPs, devices and drivers; prints the component to blame, the evidence chain, confidence and the commands that confirm it.",
      forms: [
        ["!isaCpuCheck", "analyse " + DEFAULT_TARGET + " (the default target)"],
        ['!isaCpuCheck "image.exe"', "analyse any process, by image name"],
        ['!isaCpuCheck ("image.exe", N)', "... and show its N busiest threads (default " + DEFAULT_TOP_THREADS + ")"],
        ['!isaCpuCheck ("image.exe", "verbose")', `every list in full and every IRP's stack locations (the default shows 8 and "+N more")`],
        ['!isaCpuCheck ("image.exe", "json")', "one line of JSON (the batch-triage contract) and nothing else"],
        ['dx @$isaCpuCheck("image.exe")', "the same result as a data-model object (LINQ-queryable)"]
      ]
    },
    {
      name: "isaLocks",
      syntax: '!isaLocks ["image.exe" | "?"]',
      description: "Every contended ERESOURCE with its owners and waiters, like !locks, plus each thread's process, state and wait reason.",
      forms: [
        ["!isaLocks", "every ERESOURCE that has waiters"],
        ['!isaLocks "image.exe"', "only locks the process's threads own or wait for (also held ones without waiters)"],
        ["dx @$isaLocks()", "the same as an object: Resources[i].Owners / ExclusiveWaiters / SharedWaiters"]
      ]
    },
    {
      name: "isaIrps",
      syntax: '!isaIrps <thread> | "?"',
      description: "The IRPs of one thread (ETHREAD address), every stack location decoded like !irp: driver names, completion routines, the current location marked, third-party modules flagged.",
      forms: [
        ["!isaIrps <thread>", "the thread's IrpList, e.g. !isaIrps 0x<ETHREAD address> (a number, or a quoted hex string)"],
        ["dx @$isaIrps(<thread>)", "the same as an object: Irps[i].Locations[j]"]
      ]
    },
    {
      name: "isaScenario",
      syntax: '!isaScenario ["image.exe" | ("image.exe", "file.json") | ("image.exe", "redact") | ("image.exe", N) | "?"]',
      description: "Exports the facts !isaCpuCheck reads from the dump as an isatriage-scenario/1 JSON document (optionally redacted), printed or written to a new file, to attach to a bug report.",
      forms: [
        ['!isaScenario "image.exe"', "the scenario JSON for the process (default " + DEFAULT_TARGET + ")"],
        ['!isaScenario ("image.exe", "C:\\\\cases\\\\case.json")', "... written to that file (a new one: an existing file is never overwritten)"],
        ['!isaScenario ("image.exe", "redact")', "... with process names and user-mode addresses replaced by placeholders"],
        ['!isaScenario ("image.exe", N)', "... analysing its N busiest threads (default " + DEFAULT_TOP_THREADS + ")"]
      ]
    },
    {
      name: "isaHelp",
      syntax: "!isaHelp",
      description: "Lists the isatriage commands and their arguments.",
      forms: [["!isaHelp", "this list"]]
    }
  ];
  function commandHelp(name) {
    for (let i = 0; i < COMMANDS.length; i++) if (COMMANDS[i].name === name) return COMMANDS[i];
    throw new Error("no such command: " + name);
  }
  function padTo(s, width) {
    while (s.length < width) s += " ";
    return s;
  }
  function usageText(name) {
    const c = commandHelp(name);
    let width = 0;
    c.forms.forEach((f) => width = Math.max(width, f[0].length));
    const lines = c.forms.map((f, i) => (i === 0 ? "Usage: " : "       ") + padTo(f[0], width) + "   " + f[1]);
    if (name !== "isaHelp") lines.push("       " + padTo("!" + name + ' "?"', width) + "   this help; !isaHelp lists every command");
    return lines.join("\n") + "\n";
  }
  function usageErrorLine(name, reason) {
    return "!" + name + ": " + escapeDumpText(reason) + ". Usage: " + commandHelp(name).syntax + "\n";
  }

  // src/commands/prologue.ts
  function parsedArguments(name, parse, args, helpSuffix) {
    let options;
    try {
      options = parse(args);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      rawLog(usageErrorLine(name, e.message));
      return null;
    }
    if (options.help) {
      rawLog(usageText(name) + (helpSuffix || ""));
      return null;
    }
    return options;
  }
  function openTarget(closing) {
    try {
      return createJsProviderTarget();
    } catch (e) {
      rawLog(closing("the debugger host could not be read (" + escapeDumpText(messageOf(e)) + ")") + "\n");
      return null;
    }
  }

  // src/commands/cpu-check.ts
  function failedSnapshot(target, options, reason) {
    const s = emptySnapshot(target, options);
    s.notApplicable = reason;
    s.dataQuality.notes.push(reason);
    return s;
  }
  function failureLine(json, summary) {
    if (!json) return "Verdict: not-applicable, confidence low: " + summary;
    return compactJson({
      verdict: { kind: "not-applicable", culprit: null, confidence: "low", summary },
      contention: [],
      dataQuality: { notes: [summary] }
    });
  }
  function run(...args) {
    const options = parsedArguments("isaCpuCheck", parseCpuCheckArgs, args);
    if (options === null) return void 0;
    try {
      return analyseAndReport(options);
    } catch (e) {
      rawLog(failureLine(options.json, internalError(messageOf(e))) + "\n");
      return void 0;
    }
  }
  function internalError(message3) {
    return "the analysis stopped on an internal error (" + escapeDumpText(message3) + "); nothing can be concluded";
  }
  function analyseAndReport(options) {
    const target = openTarget((why) => failureLine(options.json, why));
    if (target === null) return void 0;
    let snapshot;
    try {
      snapshot = collectSnapshot(target, { targetNames: options.targetNames, topThreads: options.topThreads });
    } catch (e) {
      snapshot = failedSnapshot(target, options, "reading the dump failed: " + messageOf(e));
    }
    const analysis = analyze(snapshot, { topThreads: options.topThreads });
    if (options.json) {
      target.log(compactJson(toContractJson(analysis)) + "\n");
      return void 0;
    }
    target.log(renderConsole(analysis, { verbose: options.verbose }));
    return toDataModelObject(analysis);
  }
  var isaCpuCheck = guarded("isaCpuCheck", run, (m) => failureLine(false, internalError(m)));

  // src/commands/help.ts
  function helpText() {
    const out = [
      "isatriage: root-cause triage of high CPU and hangs in Windows kernel dumps (ERESOURCE contention, the owners' IRPs, drivers).",
      'Arguments are dx expressions: quote strings ("w3wp.exe"), parenthesise several ("w3wp.exe", 20); each command is also dx @$name(...).'
    ];
    COMMANDS.forEach((c) => {
      out.push("");
      out.push(c.syntax);
      out.push("  " + c.description);
      usageText(c.name).replace(/\n$/, "").split("\n").forEach((l) => out.push("  " + l));
    });
    return out.join("\n") + "\n";
  }
  function run2() {
    rawLog(helpText());
    return void 0;
  }
  var isaHelp = guarded("isaHelp", run2, (m) => "isaHelp failed: " + m);

  // src/commands/irps.ts
  var NOT_KERNEL_DUMP = "this is a user-mode dump; !isaIrps needs a kernel dump (e.g. a complete or kernel memory dump)";
  var MAX_DECODED = 256;
  var MAX_PRINTED = 64;
  var DxIrpLocation = class {
    constructor(Location, Current, Major, Minor, MajorName, MinorName, Flags, Control, ControlText, Device, File, Driver, DriverModule, DriverThirdParty, CompletionRoutine, Completion, CompletionThirdParty, Context, Args) {
      this.Location = Location;
      this.Current = Current;
      this.Major = Major;
      this.Minor = Minor;
      this.MajorName = MajorName;
      this.MinorName = MinorName;
      this.Flags = Flags;
      this.Control = Control;
      this.ControlText = ControlText;
      this.Device = Device;
      this.File = File;
      this.Driver = Driver;
      this.DriverModule = DriverModule;
      this.DriverThirdParty = DriverThirdParty;
      this.CompletionRoutine = CompletionRoutine;
      this.Completion = Completion;
      this.CompletionThirdParty = CompletionThirdParty;
      this.Context = Context;
      this.Args = Args;
    }
    toString() {
      return this.Location + (this.Current ? " (current)" : "") + ": [" + hex(this.Major) + "," + hex(this.Minor) + "] " + (this.Driver || (this.Device === "" ? "(unused)" : "device " + this.Device)) + (this.Completion ? ", completion " + this.Completion : "");
    }
  };
  var DxIrpDetail = class {
    constructor(Irp, State, Pending, StackCount, CurrentLocation, CurrentStackLocation, MajorName, MinorName, CurrentDriver, Flags, Mdl, Cancel, Locations, Command) {
      this.Irp = Irp;
      this.State = State;
      this.Pending = Pending;
      this.StackCount = StackCount;
      this.CurrentLocation = CurrentLocation;
      this.CurrentStackLocation = CurrentStackLocation;
      this.MajorName = MajorName;
      this.MinorName = MinorName;
      this.CurrentDriver = CurrentDriver;
      this.Flags = Flags;
      this.Mdl = Mdl;
      this.Cancel = Cancel;
      this.Locations = Locations;
      this.Command = Command;
    }
    toString() {
      return this.Irp + " " + (this.Pending ? "pending" : this.State) + (this.CurrentDriver ? " in " + this.CurrentDriver : "") + (this.MajorName ? " " + this.MajorName + (this.MinorName ? "/" + this.MinorName : "") : "");
    }
  };
  var IsaIrpsResult = class {
    constructor(Summary, Thread, Process, Pid, Tid, State, WaitReason, IrpCount, Irps, DataQuality) {
      this.Summary = Summary;
      this.Thread = Thread;
      this.Process = Process;
      this.Pid = Pid;
      this.Tid = Tid;
      this.State = State;
      this.WaitReason = WaitReason;
      this.IrpCount = IrpCount;
      this.Irps = Irps;
      this.DataQuality = DataQuality;
    }
    toString() {
      return this.Summary;
    }
  };
  function decode(target, thread) {
    if (!target.isKernelTarget()) return NOT_KERNEL_DUMP;
    const layout = resolveLayout(target);
    if (layout.thread === null || layout.irp === null || layout.stackLocation === null) return NO_NT_SYMBOLS;
    const dq = new Quality();
    const modules = new ModuleTable(target, dq);
    const inc = readKeMaximumIncrement(target, dq);
    const ctx = threadContext(target, layout, dq, inc, readTickCount(target, layout, dq), /* @__PURE__ */ new Map());
    const t = decodeThread(ctx, thread);
    if (t === null) {
      const f = formatAddr(thread, target.pointerSize);
      if (dq.count("bad-type") > 0) return f + " is not a thread: its DISPATCHER_HEADER.Type is not Thread (6); pass an ETHREAD address (!process 0 2 lists them)";
      return "memory at " + f + " cannot be read (not in the dump): not a thread address";
    }
    const devices = new DeviceTable(target, layout, dq, modules);
    const irps = [];
    const list = t.irps.slice(0, MAX_DECODED);
    for (let i = 0; i < list.length; i++) {
      if (addrIsNull(list[i])) continue;
      try {
        const irp = decodeIrp(target, layout, dq, devices, modules, list[i]);
        if (irp !== null) irps.push(irp);
      } catch (e) {
        dq.fail("read-error", "IRPs", list[i]);
      }
    }
    if (t.irps.length > MAX_DECODED) dq.note("bound", t.irps.length + " IRPs on the IrpList; the first " + MAX_DECODED + " were decoded");
    return { thread: t, irps, modules: modules.records(), build: describeBuild(target, layout), keMaximumIncrement: inc, notes: dq.result().notes };
  }
  function build(d, pointerSize) {
    const f = (a) => formatAddr(a, pointerSize);
    const t = d.thread;
    const byName = {};
    d.modules.forEach((m) => byName[m.name.toLowerCase()] = m);
    const moduleOf = (name) => name ? byName[name.toLowerCase()] || null : null;
    const thirdParty = (name) => {
      const m = moduleOf(name);
      return m !== null && m.classification === "third-party";
    };
    const location = (l) => new DxIrpLocation(
      l.index,
      l.isCurrent,
      l.major,
      l.minor,
      escapeDumpText(l.majorName),
      escapeDumpText(l.minorName || ""),
      l.flags,
      l.control,
      escapeDumpText(l.controlText),
      addrIsNull(l.device) ? "" : f(l.device),
      addrIsNull(l.file) ? "" : f(l.file),
      escapeDumpText(l.driverName || ""),
      escapeDumpText(moduleOf(l.driverModule) !== null ? moduleOf(l.driverModule).image : l.driverModule || ""),
      thirdParty(l.driverModule),
      addrIsNull(l.completion) ? "" : f(l.completion),
      escapeDumpText(l.completionSymbol || (addrIsNull(l.completion) ? "" : f(l.completion))),
      thirdParty(l.completionModule),
      addrIsNull(l.context) ? "" : f(l.context),
      l.args.map(f)
    );
    const details = d.irps.map((r) => {
      const cur = r.state === "active" ? r.locations[r.currentLocation - 1] : null;
      return new DxIrpDetail(
        f(r.address),
        r.state,
        r.pending,
        r.stackCount,
        r.currentLocation,
        f(r.currentStackLocation),
        cur !== null ? escapeDumpText(cur.majorName) : "",
        cur !== null ? escapeDumpText(cur.minorName || "") : "",
        cur !== null ? escapeDumpText(cur.driverName || "") : "",
        r.flags,
        addrIsNull(r.mdl) ? "" : f(r.mdl),
        r.cancel,
        r.locations.map(location),
        "!irp " + f(r.address)
      );
    });
    const lines = [];
    const process = escapeDumpText(t.processName || "?");
    lines.push(
      "isaIrps: THREAD " + f(t.address) + "  Cid " + hex(t.pid) + "." + hex(t.tid) + "  " + escapeDumpText(stateText(t.state, t.waitReason, t.waitMode)) + "  Image: " + process + "  KernelTime " + threadTime(t.kernelTicks, d.keMaximumIncrement, t.kernelSeconds) + " - " + t.irps.length + " IRP" + (t.irps.length === 1 ? "" : "s") + " - " + escapeDumpText(d.build) + " (" + (pointerSize === 8 ? "64" : "32") + "-bit pointers)"
    );
    for (let i = 0; i < details.length; i++) {
      const x = details[i];
      const r = d.irps[i];
      lines.push("");
      const where = x.Pending ? ", pending in " + (x.CurrentDriver || "?") : x.State === "active" ? ", active in " + (x.CurrentDriver || "?") + " (not pending)" : "";
      if (i >= MAX_PRINTED) {
        lines.push("!irp " + x.Irp + ": " + x.State + where);
        continue;
      }
      lines.push(
        "!irp " + x.Irp + ": Irp is " + (x.State === "active" ? "active" : "complete") + " with " + x.StackCount + " stacks " + x.CurrentLocation + " is current (= 0x" + r.currentStackLocation + ")" + where
      );
      lines.push(" Mdl " + f(r.mdl) + "  SystemBuffer " + f(r.systemBuffer) + "  Flags " + pad8(r.flags) + "  Thread " + f(r.thread) + (r.cancel ? "  Cancel" : ""));
      lines.push("     " + irpLocationHeader(pointerSize));
      x.Locations.forEach((l, k) => {
        lines.push(irpLocationRow(r.locations[k], pointerSize));
        if (l.Device === "" && l.Completion === "") return;
        const driver = l.Driver ? l.Driver + (l.DriverThirdParty ? " (" + l.DriverModule + ", third-party)" : "") : l.Device ? "device " + l.Device : "";
        const completion = l.Completion ? (driver ? "  " : "") + l.Completion + (l.CompletionThirdParty ? " (third-party)" : "") : "";
        lines.push("            " + driver + completion);
        lines.push("            " + l.MajorName + (l.MinorName ? " " + l.MinorName : "") + "  Args: " + l.Args.join(" "));
      });
    }
    if (t.irps.length === 0) {
      lines.push("");
      lines.push("ETHREAD.IrpList is empty: the thread has no IRPs queued.");
    }
    if (d.notes.length > 0) {
      lines.push("");
      lines.push("Data quality:");
      d.notes.forEach((n) => lines.push("  - " + escapeDumpText(n)));
    }
    const summary = summaryOf(f(t.address), process, t.irps.length, details);
    lines.push("");
    lines.push("Summary: " + summary);
    const result = new IsaIrpsResult(
      summary,
      f(t.address),
      process,
      t.pid,
      t.tid,
      escapeDumpText(t.state),
      shownWaitReason(t.state, t.waitReason),
      t.irps.length,
      details,
      d.notes.map((n) => escapeDumpText(n))
    );
    return { result, lines };
  }
  function pad8(n) {
    const s = hex(n);
    return "00000000".slice(s.length) + s;
  }
  function summaryOf(thread, process, total, irps) {
    const head = "thread " + thread + " (" + process + ") has " + total + " IRP" + (total === 1 ? "" : "s");
    if (total === 0) return head + " (ETHREAD.IrpList is empty)";
    const groups = [];
    const party = [];
    const count = (list, key) => {
      const known = list.filter((g) => g.key === key)[0];
      if (known !== void 0) known.n++;
      else list.push({ key, n: 1 });
    };
    irps.forEach((x) => {
      count(groups, (x.Pending ? "pending" : x.State) + (x.CurrentDriver ? " in " + x.CurrentDriver : ""));
      const seen = {};
      x.Locations.forEach((l) => {
        if (l.DriverThirdParty && l.DriverModule) seen[l.DriverModule] = true;
      });
      Object.keys(seen).forEach((m) => count(party, m));
    });
    groups.sort((a, b) => b.n - a.n);
    party.sort((a, b) => b.n - a.n);
    const unread = total - irps.length;
    return head + ": " + groups.map((g) => g.n + " " + g.key).join(", ") + (unread > 0 ? ", " + unread + " not decoded" : "") + (party.length > 0 ? "; third-party drivers in their stacks: " + party.map((p) => p.key + " in " + p.n).join(", ") : "");
  }
  function run3(...args) {
    const options = parsedArguments("isaIrps", parseIrpsArgs, args);
    if (options === null || options.thread === null) return void 0;
    const target = openTarget((why) => "Summary: not applicable: " + why);
    if (target === null) return void 0;
    const thread = fitToPointer(options.thread, target.pointerSize);
    if (thread === null) {
      const why = "0x" + options.thread + " is not an address on this x86 target";
      target.log("isaIrps: " + why + "\nSummary: no IRPs shown: " + why + "\n");
      return void 0;
    }
    const d = decode(target, thread);
    if (typeof d === "string") {
      target.log("isaIrps: " + escapeDumpText(d) + "\nSummary: no IRPs shown: " + escapeDumpText(d) + "\n");
      return void 0;
    }
    const built = build(d, target.pointerSize);
    target.log(built.lines.join("\n") + "\n");
    return built.result;
  }
  var isaIrps = guarded("isaIrps", run3, (m) => "Summary: !isaIrps stopped on an internal error (" + m + ")");

  // src/commands/locks.ts
  var NOT_KERNEL_DUMP2 = "this is a user-mode dump; !isaLocks needs a kernel dump (e.g. a complete or kernel memory dump)";
  var MAX_FOLLOW_UPS = 12;
  var DxLockThread = class {
    constructor(Thread, Role, Process, Pid, Tid, State, WaitReason, OwnerCount, IrpCount, WaitSeconds, Readable, Command) {
      this.Thread = Thread;
      this.Role = Role;
      this.Process = Process;
      this.Pid = Pid;
      this.Tid = Tid;
      this.State = State;
      this.WaitReason = WaitReason;
      this.OwnerCount = OwnerCount;
      this.IrpCount = IrpCount;
      this.WaitSeconds = WaitSeconds;
      this.Readable = Readable;
      this.Command = Command;
    }
    toString() {
      if (!this.Readable) return this.Thread + " " + this.Role + " (thread could not be read)";
      return this.Thread + " " + this.Role + " " + this.Process + " " + hex(this.Pid) + "." + hex(this.Tid) + " " + this.State + (this.WaitReason ? " (" + this.WaitReason + ")" : "") + (this.IrpCount > 0 ? ", " + this.IrpCount + " IRPs" : "");
    }
  };
  var DxLock = class {
    constructor(Resource, Symbol2, Exclusive, ContentionCount, NumberOfExclusiveWaiters, NumberOfSharedWaiters, Owners, ExclusiveWaiters, SharedWaiters, Notes, Command) {
      this.Resource = Resource;
      this.Symbol = Symbol2;
      this.Exclusive = Exclusive;
      this.ContentionCount = ContentionCount;
      this.NumberOfExclusiveWaiters = NumberOfExclusiveWaiters;
      this.NumberOfSharedWaiters = NumberOfSharedWaiters;
      this.Owners = Owners;
      this.ExclusiveWaiters = ExclusiveWaiters;
      this.SharedWaiters = SharedWaiters;
      this.Notes = Notes;
      this.Command = Command;
    }
    toString() {
      return this.Resource + (this.Symbol ? " " + this.Symbol : "") + (this.Exclusive ? " exclusive" : " shared") + ", owners " + (this.Owners.map((o) => o.Thread).join(" ") || "none") + ", contention " + this.ContentionCount + ", waiters " + this.NumberOfExclusiveWaiters + " exclusive / " + this.NumberOfSharedWaiters + " shared";
    }
  };
  var IsaLocksResult = class {
    constructor(Summary, Resources, Walked, DataQuality) {
      this.Summary = Summary;
      this.Resources = Resources;
      this.Walked = Walked;
      this.DataQuality = DataQuality;
    }
    toString() {
      return this.Summary;
    }
  };
  function contended(r) {
    return r.numberOfExclusiveWaiters + r.numberOfSharedWaiters > 0 || r.exclusiveWaiters.length + r.sharedWaiters.length > 0;
  }
  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }
  function build2(snapshot, names, pointerSize) {
    const f = (a) => formatAddr(a, pointerSize);
    const inc = snapshot.os.keMaximumIncrement;
    const threads = {};
    snapshot.threads.forEach((t) => threads[t.address] = t);
    const inTargets = (a) => {
      const t = threads[a];
      return t !== void 0 && t.processName !== null && names.some((n) => imageNameMatches(t.processName, n));
    };
    const involved = (r) => r.ownerEntries.some((o) => inTargets(o.thread)) || r.exclusiveWaiters.some(inTargets) || r.sharedWaiters.some(inTargets);
    const chosen = snapshot.resources.filter((r) => names.length === 0 ? contended(r) : involved(r));
    const person = (a, role, count) => {
      const t = threads[a];
      const cmd = "!thread " + f(a);
      if (t === void 0) return new DxLockThread(f(a), role, "", -1, -1, "", "", count, 0, -1, false, cmd);
      const waiting = t.state === "Waiting";
      const waitSeconds = waiting && t.elapsedTicks !== null ? t.elapsedTicks * inc / 1e7 : -1;
      return new DxLockThread(
        f(a),
        role,
        escapeDumpText(t.processName || "?"),
        t.pid,
        t.tid,
        escapeDumpText(t.state),
        shownWaitReason(t.state, t.waitReason),
        count,
        t.irps.length,
        waitSeconds,
        true,
        cmd
      );
    };
    const locks = chosen.map((r) => {
      const owners = r.ownerEntries.filter((o) => !o.isWaiter).map((o) => person(o.thread, "owner", o.count));
      const shared = r.sharedWaiters.slice();
      r.ownerEntries.forEach((o) => {
        if (o.isWaiter && shared.indexOf(o.thread) < 0) shared.push(o.thread);
      });
      return new DxLock(
        f(r.address),
        escapeDumpText(r.symbol || ""),
        r.exclusive,
        r.contentionCount,
        r.numberOfExclusiveWaiters,
        r.numberOfSharedWaiters,
        owners,
        r.exclusiveWaiters.map((a) => person(a, "exclusive waiter", 0)),
        shared.map((a) => person(a, "shared waiter", 0)),
        r.notes.map((n) => escapeDumpText(n)),
        "!locks " + f(r.address)
      );
    });
    const lines = [];
    const what = names.length === 0 ? "contended ERESOURCE" : "ERESOURCE";
    const whose = names.length === 0 ? "" : " owned or awaited by " + (snapshot.targets.length > 0 ? snapshot.targets.map((p) => escapeDumpText(p.name) + " (pid " + hex(p.pid) + ")").join(", ") : names.map(escapeDumpText).join(", ") + " (not found)");
    lines.push("isaLocks: " + plural(locks.length, what) + whose + " (" + snapshot.resourcesVisited + " walked) - " + escapeDumpText(snapshot.os.build) + " (" + (pointerSize === 8 ? "64" : "32") + "-bit pointers)");
    const threadWidth = (pointerSize === 8 ? 17 : 8) + 6;
    const row = (label, t, suffix) => {
      if (!t.Readable) return "    " + padRight(label, 11) + padRight(t.Thread + suffix, threadWidth) + "  (thread could not be read)";
      const state = t.State + (t.WaitReason ? " (" + t.WaitReason + ")" : "");
      const extra = (t.WaitSeconds >= 0 ? "  waited " + formatDuration(t.WaitSeconds * 1e3) : "") + (t.IrpCount > 0 ? "  IRPs " + t.IrpCount : "");
      return "    " + padRight(label, 11) + padRight(t.Thread + suffix, threadWidth) + "  Cid " + padRight(hex(t.Pid) + "." + hex(t.Tid), 11) + padRight(t.Process, 16) + " " + padRight(state, 22) + extra;
    };
    for (let i = 0; i < locks.length; i++) {
      const l = locks[i];
      const r = chosen[i];
      lines.push("");
      const owning = l.Exclusive ? "Exclusively owned" : "Shared " + plural(l.Owners.length, "owning thread");
      lines.push("Resource @ " + (l.Symbol ? l.Symbol + " (" + l.Resource + ")" : l.Resource) + "    " + owning + "    Contention Count = " + l.ContentionCount + (contended(r) ? "" : "    (held, no waiters)"));
      const counted = (n, found) => n + (found !== n ? " (" + found + " found)" : "");
      lines.push("    NumberOfExclusiveWaiters = " + counted(l.NumberOfExclusiveWaiters, l.ExclusiveWaiters.length) + "    NumberOfSharedWaiters = " + counted(l.NumberOfSharedWaiters, l.SharedWaiters.length));
      if (l.Owners.length === 0) lines.push("    Owner      (no owner entry in use)");
      l.Owners.forEach((o) => lines.push(row("Owner", o, "-" + (o.OwnerCount < 16 ? "0" : "") + hex(o.OwnerCount) + "<*>")));
      l.ExclusiveWaiters.forEach((w) => lines.push(row("Exclusive", w, "")));
      l.SharedWaiters.forEach((w) => lines.push(row("Shared", w, "")));
    }
    if (locks.length === 0) {
      lines.push("");
      lines.push(names.length === 0 ? "No ERESOURCE has waiters." : "No ERESOURCE is owned or awaited by these processes' threads.");
    }
    const notes = snapshot.dataQuality.notes.map((n) => escapeDumpText(n));
    if (notes.indexOf(SCOPE_NOTE) < 0) notes.push(SCOPE_NOTE);
    lines.push("");
    lines.push("Data quality:");
    notes.forEach((n) => lines.push("  - " + n));
    const followUps = [];
    locks.forEach((l) => {
      followUps.push(l.Command);
      l.Owners.forEach((o) => {
        if (followUps.indexOf(o.Command) < 0) followUps.push(o.Command);
        if (o.IrpCount > 0) followUps.push("!isaIrps 0x" + o.Thread.replace("`", ""));
      });
    });
    if (followUps.length > 0) {
      lines.push("");
      lines.push("Confirm with:");
      followUps.slice(0, MAX_FOLLOW_UPS).forEach((c) => lines.push("  " + c));
      if (followUps.length > MAX_FOLLOW_UPS) lines.push("  ... " + (followUps.length - MAX_FOLLOW_UPS) + " more (dx @$isaLocks() has every lock's Command)");
    }
    const summary = summaryOf2(locks, chosen, names, snapshot.targets.length > 0, snapshot.resourcesVisited);
    lines.push("");
    lines.push("Summary: " + summary);
    return { result: new IsaLocksResult(summary, locks, snapshot.resourcesVisited, notes), lines };
  }
  function summaryOf2(locks, records, names, found, walked) {
    const filtered = names.length > 0;
    if (locks.length === 0 && filtered && !found) {
      return "no process named " + names.map(escapeDumpText).join(", ") + " in this dump (!isaLocks with no argument shows every contended ERESOURCE)";
    }
    if (locks.length === 0) {
      return (filtered ? "no ERESOURCE is owned or awaited by these processes" : "no ERESOURCE has waiters") + " (" + walked + " walked; push locks, fast mutexes and spin locks are not covered)";
    }
    const waiting = {};
    const weight = (l) => l.NumberOfExclusiveWaiters + l.NumberOfSharedWaiters;
    let top = 0;
    for (let i = 0; i < locks.length; i++) {
      locks[i].ExclusiveWaiters.concat(locks[i].SharedWaiters).forEach((w) => waiting[w.Thread] = true);
      if (weight(locks[i]) > weight(locks[top]) || weight(locks[i]) === weight(locks[top]) && locks[i].ContentionCount > locks[top].ContentionCount) top = i;
    }
    const t = locks[top];
    const owners = t.Owners.map((o) => o.Thread + (o.Readable ? " (" + o.Process + ", " + o.State + ")" : "")).join(", ") || "no owner";
    const n = records.filter(contended).length;
    return plural(n, "contended ERESOURCE") + (locks.length > n ? " and " + (locks.length - n) + " held without waiters" : "") + ", " + plural(Object.keys(waiting).length, "waiting thread") + " found; most waited-on " + t.Resource + " (" + t.ContentionCount + " contentions, " + t.NumberOfExclusiveWaiters + " exclusive / " + t.NumberOfSharedWaiters + " shared waiters), owned by " + owners;
  }
  function run4(...args) {
    const options = parsedArguments("isaLocks", parseLocksArgs, args);
    if (options === null) return void 0;
    const target = openTarget((why) => "Summary: not applicable: " + why);
    if (target === null) return void 0;
    const snapshot = collectSnapshot(target, { targetNames: options.targetNames, topThreads: 0 });
    if (snapshot.notApplicable !== null) {
      const why = escapeDumpText(snapshot.notApplicable === NOT_KERNEL ? NOT_KERNEL_DUMP2 : snapshot.notApplicable);
      target.log("isaLocks: " + why + "\nSummary: not applicable: " + why + "\n");
      return void 0;
    }
    const built = build2(snapshot, options.targetNames, target.pointerSize);
    target.log(built.lines.join("\n") + "\n");
    return built.result;
  }
  var isaLocks = guarded("isaLocks", run4, (m) => "Summary: !isaLocks stopped on an internal error (" + m + ")");

  // src/export/redact.ts
  var KEPT_NAMES = ["system", "idle"];
  var Redactor = class {
    constructor(enabled, pointerSize) {
      this.enabled = enabled;
      this.names = /* @__PURE__ */ new Map();
      this.nextName = 1;
      this.addresses = /* @__PURE__ */ new Map();
      this.kernelStart = pointerSize === 4 ? "80000000" : "800000000000";
    }
    isUserAddress(a) {
      return a !== "0" && addrCompare(a, this.kernelStart) < 0;
    }
    /** The placeholder for a process image name (case-insensitive: "W3WP.EXE" and "w3wp.exe" are one process name). */
    processName(name) {
      if (!this.enabled || KEPT_NAMES.indexOf(name.toLowerCase()) >= 0) return name;
      const key = name.toLowerCase();
      let p = this.names.get(key);
      if (p === void 0) {
        p = "process" + this.nextName++ + ".exe";
        this.names.set(key, p);
      }
      return p;
    }
    /** True when `name` was given a placeholder (so a requested target name can reuse its process's placeholder). */
    knowsName(name) {
      return this.names.has(name.toLowerCase());
    }
    /** Alias `requested` (a target name as typed) to the placeholder of the process name it matched. */
    aliasName(requested, matchedProcessName) {
      if (!this.enabled || this.names.has(requested.toLowerCase())) return;
      const p = this.processName(matchedProcessName);
      if (KEPT_NAMES.indexOf(matchedProcessName.toLowerCase()) < 0) this.names.set(requested.toLowerCase(), p);
    }
    /** A user-mode address's placeholder (64 KB apart, in order of first use); kernel addresses unchanged. */
    address(a) {
      if (!this.enabled || !this.isUserAddress(a)) return a;
      let p = this.addresses.get(a);
      if (p === void 0) {
        p = addrFromNumber((this.addresses.size + 1) * 65536);
        this.addresses.set(a, p);
      }
      return p;
    }
    counts() {
      return { names: this.nextName - 1, addresses: this.addresses.size };
    }
  };

  // src/export/scenario.ts
  var SCENARIO_FORMAT = "isatriage-scenario/1";
  var STATES = ["Initialized", "Ready", "Running", "Standby", "Terminated", "Waiting", "Transition", "DeferredReady", "GateWait"];
  var MAX_WAIT_REASON = 41;
  var MODULE_NAME = /^[A-Za-z0-9_.$-]+$/;
  var SYMBOL_NAME = /^[^!\s]+![A-Za-z_$?@][\w$?@]*$/;
  var hex3 = (n) => (n >>> 0).toString(16);
  function normalizeFrameText(text) {
    return text.replace(/\s+\+\s+0x/g, "+0x").replace(/^\s+|\s+$/g, "");
  }
  function frameTextModule(text) {
    if (/^0x[0-9a-fA-F`]+$/.test(text)) return null;
    const m = /^([^!+\s]+)(!.+|\+0x[0-9a-fA-F]+)$/.exec(text);
    return m !== null ? m[1] : null;
  }
  var Builder = class {
    constructor(s, contract, info, options) {
      this.s = s;
      this.contract = contract;
      this.info = info;
      this.options = options;
      this.omissions = [];
      this.omissionCounts = {};
      this.moduleNames = /* @__PURE__ */ new Set();
      this.exportedThreads = /* @__PURE__ */ new Map();
      this.exportedIrps = /* @__PURE__ */ new Set();
      /** Per process: the threads the analysis only added up (not exported), as a sentence for `notes`. */
      this.counted = [];
      this.modules = s.modules.slice().sort((a, b) => addrCompare(a.base, b.base));
      this.red = new Redactor(options.redact, s.os.pointerSize);
    }
    /** An address the format accepts for a kernel object: x86 from 0x80000000, x64 in the canonical upper half. */
    kernel(a) {
      return addrCompare(a, this.s.os.pointerSize === 4 ? "80000000" : "ffff800000000000") >= 0 && (this.s.os.pointerSize === 8 || a.length <= 8);
    }
    omit(what) {
      this.omissionCounts[what] = (this.omissionCounts[what] || 0) + 1;
    }
    moduleAt(a) {
      if (a === null || addrIsNull(a)) return null;
      for (let i = 0; i < this.modules.length; i++) if (addrInRange(a, this.modules[i].base, this.modules[i].size)) return this.modules[i];
      return null;
    }
    moduleNamed(name) {
      const n = name.toLowerCase();
      for (let i = 0; i < this.modules.length; i++) if (this.modules[i].name.toLowerCase() === n) return this.modules[i];
      return null;
    }
    /** A module the format can hold (valid name, page-aligned base, at least a page). */
    exportable(m) {
      if (m === null || !MODULE_NAME.test(m.name) || m.size < 4096) return false;
      return /000$/.test(m.base);
    }
    /** Marks the module as referenced; false when it cannot be exported. */
    useModule(m) {
      if (!this.exportable(m)) return false;
      this.moduleNames.add(m.name.toLowerCase());
      return true;
    }
    useAddress(a) {
      const m = this.moduleAt(a);
      if (m !== null) this.useModule(m);
    }
    /** One frame in the format's form, or null when it names nothing the file can hold. */
    frame(f) {
      const text = normalizeFrameText(f.text);
      const named = frameTextModule(text);
      if (named !== null) {
        const m = this.moduleNamed(named);
        const off = /^[^!]+\+0x([0-9a-fA-F]+)$/.exec(text);
        const inside = m !== null && (off === null || parseInt(off[1], 16) < m.size);
        if (inside && this.useModule(m)) return text;
      }
      const at = f.address;
      if (at !== null && !addrIsNull(at)) {
        const m = this.moduleAt(at);
        if (m !== null && this.useModule(m)) {
          const off = addrDiff(at, m.base);
          if (off !== null) return m.name + "+0x" + off.toString(16);
        }
        if (m === null) return "0x" + this.red.address(at);
      } else if (/^0x[0-9a-fA-F`]+$/.test(text)) {
        return "0x" + this.red.address(text.slice(2).replace("`", "").replace(/^0+(?=.)/, "").toLowerCase());
      }
      this.omit("stack frames naming no module the file can hold");
      return null;
    }
    // ---- threads ------------------------------------------------------------------------------------------------
    /**
     * How much of each decoded thread is exported: "chain" (owners, waiters, IRP holders, threads waiting on a
     * resource's waiter object: every decoded field), "table" (the busiest target threads the report lists and whose
     * stacks were read: what the table and the stack evidence use) or absent (threads the analysis only added up).
     */
    threadTiers() {
      const s = this.s;
      const tiers = /* @__PURE__ */ new Map();
      const waiterObjects = /* @__PURE__ */ new Set();
      s.resources.forEach((r) => {
        r.ownerEntries.forEach((o) => tiers.set(o.thread, "chain"));
        r.exclusiveWaiters.forEach((a) => tiers.set(a, "chain"));
        r.sharedWaiters.forEach((a) => tiers.set(a, "chain"));
        if (!addrIsNull(r.sharedWaitersObject)) waiterObjects.add(r.sharedWaitersObject);
        if (!addrIsNull(r.exclusiveWaitersObject)) waiterObjects.add(r.exclusiveWaitersObject);
      });
      const irpSet = new Set(s.irps.map((i) => i.address));
      s.threads.forEach((t) => {
        if (t.irps.some((a) => irpSet.has(a)) || t.waitObjects.some((o) => waiterObjects.has(o))) tiers.set(t.address, "chain");
        else if (t.stack !== null && !tiers.has(t.address)) tiers.set(t.address, "table");
      });
      const targets = new Set(s.targets.map((p) => p.address));
      const mine = s.threads.filter((t) => t.processAddress !== null && targets.has(t.processAddress));
      mine.sort(byCpuTime);
      mine.slice(0, Math.max(0, this.options.topThreads)).forEach((t) => {
        if (!tiers.has(t.address)) tiers.set(t.address, "table");
      });
      return tiers;
    }
    /** The object a listed ERESOURCE waiter waits on in the simulator's model when `waitObjects` is left out. */
    impliedWaitObject(t) {
      let found = "none";
      let count = 0;
      for (let i = 0; i < this.s.resources.length; i++) {
        const r = this.s.resources[i];
        const ex = r.exclusiveWaiters.indexOf(t.address) >= 0;
        const sh = r.sharedWaiters.indexOf(t.address) >= 0;
        if (!ex && !sh) continue;
        count++;
        found = this.info.layoutSet === "win10-2004-x64" ? "any" : ex ? r.exclusiveWaitersObject : r.sharedWaitersObject;
      }
      return count === 1 ? found : "none";
    }
    thread(t, tier) {
      const deep = tier === "chain";
      if (t.tid < 0 || STATES.indexOf(t.state) < 0) {
        this.omit("threads in a state the format cannot express or without a thread id");
        return null;
      }
      let waitReason = t.waitReason;
      if (/^WaitReason\(/.test(t.waitReason)) {
        if (t.waitReasonCode < 0 || t.waitReasonCode > MAX_WAIT_REASON) {
          this.omit("threads with a wait reason the format cannot express");
          return null;
        }
        waitReason = t.waitReasonCode;
      }
      const o = { object: t.address, tid: hex3(t.tid), state: t.state, waitReason };
      if (deep) o.waitMode = t.waitMode;
      if (deep && t.state === "Waiting") {
        const implied = this.impliedWaitObject(t);
        const same = implied === "any" ? t.waitObjects.length <= 1 : implied !== "none" && t.waitObjects.length === 1 && t.waitObjects[0] === implied;
        if (!same) {
          const objects = t.waitObjects.filter((a) => this.kernel(a));
          if (objects.length < t.waitObjects.length) this.omit("wait objects outside kernel space");
          o.waitObjects = objects;
          objects.forEach((a) => this.useAddress(a));
        }
      }
      if (deep) o.waitStartTick = t.waitTime;
      o.kernelTime = { ticks: t.kernelTicks };
      o.userTime = { ticks: t.userTicks };
      if (deep) {
        o.contextSwitches = t.contextSwitches;
        if (t.priority >= 0 && t.priority <= 31) o.priority = t.priority;
        if (t.basePriority >= 0 && t.basePriority <= 31) o.basePriority = t.basePriority;
      }
      const addrs = [["startAddress", t.startAddress], ["win32StartAddress", t.win32StartAddress], ["teb", t.teb]];
      for (let i = 0; i < addrs.length; i++) {
        const a = addrs[i][1];
        if (a === null) continue;
        if (!deep && (i === 2 || this.moduleAt(a) === null)) continue;
        this.useAddress(a);
        o[addrs[i][0]] = this.red.address(a);
      }
      if (t.stack === null) o.stack = "unavailable";
      else {
        const frames = [];
        t.stack.forEach((f) => {
          const x = this.frame(f);
          if (x !== null) frames.push(x);
        });
        o.stack = frames;
      }
      if (deep) {
        const irps = t.irps.filter((a) => this.exportedIrps.has(a));
        if (irps.length < t.irps.length) {
          for (let i = irps.length; i < t.irps.length; i++) this.omit("IRP addresses of thread IRP lists whose IRP was not decoded");
        }
        if (irps.length > 0) o.irps = irps;
      }
      this.exportedThreads.set(t.address, t);
      return o;
    }
    processes() {
      const s = this.s;
      const names = /* @__PURE__ */ new Map();
      s.targets.concat(s.busiestProcesses).forEach((p) => {
        if (!names.has(p.address)) names.set(p.address, { name: p.name, pid: p.pid });
      });
      const order = s.targets.map((p) => p.address);
      const threadsOf2 = /* @__PURE__ */ new Map();
      s.threads.forEach((t) => {
        const p = t.processAddress;
        if (p === null || !names.has(p) && t.processName === null) {
          this.omit("threads whose process could not be read");
          return;
        }
        if (!names.has(p)) names.set(p, { name: t.processName, pid: t.pid });
        if (order.indexOf(p) < 0) order.push(p);
        const list = threadsOf2.get(p);
        if (list !== void 0) list.push(t);
        else threadsOf2.set(p, [t]);
      });
      s.targets.forEach((p) => {
        this.red.processName(p.name);
        this.options.targetNames.forEach((n) => {
          if (n.toLowerCase() !== p.name.toLowerCase() && n.toLowerCase().indexOf(p.name.toLowerCase()) === 0) this.red.aliasName(n, p.name);
        });
      });
      const tiers = this.threadTiers();
      const out = [];
      order.forEach((p) => {
        const info = names.get(p);
        if (info.pid < 0) {
          this.omit("processes without a process id");
          return;
        }
        const threads = [];
        let counted = 0;
        let kernel = 0;
        let user = 0;
        (threadsOf2.get(p) || []).forEach((t) => {
          const tier = tiers.get(t.address);
          if (tier === void 0) {
            counted++;
            kernel += t.kernelTicks;
            user += t.userTicks;
            return;
          }
          const x = this.thread(t, tier);
          if (x !== null) threads.push(x);
        });
        const name = this.red.processName(info.name);
        if (counted > 0) {
          this.counted.push(
            name + " (pid " + hex3(info.pid) + "): " + counted + " more thread" + (counted === 1 ? "" : "s") + ", " + kernel + " kernel and " + user + " user ticks in all"
          );
        }
        out.push({ object: p, name, pid: hex3(info.pid), threads });
      });
      return out;
    }
    // ---- resources, IRPs, devices -------------------------------------------------------------------------------
    resource(r) {
      const waiters = (list) => list.filter((a) => {
        if (this.exportedThreads.has(a)) return true;
        this.omit("ERESOURCE waiters whose thread could not be decoded");
        return false;
      });
      const sharedWaiters = waiters(r.sharedWaiters);
      const prefilled = this.info.layoutSet !== "win10-2004-x64";
      const owners = [];
      r.ownerEntries.forEach((e) => {
        if (e.isWaiter && prefilled && sharedWaiters.indexOf(e.thread) >= 0) return;
        if (!this.kernel(e.thread)) {
          this.omit("owner-table entries naming no kernel address");
          return;
        }
        const o2 = { thread: e.thread, count: e.count };
        if (e.ownerPointer) o2.ownerPointer = true;
        owners.push(o2);
      });
      const o = { object: r.address };
      if (r.symbol !== null && SYMBOL_NAME.test(r.symbol)) {
        const m = this.moduleNamed(r.symbol.slice(0, r.symbol.indexOf("!")));
        if (this.useModule(m) || /^(nt|hal)!/i.test(r.symbol)) o.symbol = r.symbol;
      }
      this.useAddress(r.address);
      o.exclusive = r.exclusive;
      o.owners = owners;
      o.sharedWaiters = sharedWaiters;
      o.exclusiveWaiters = waiters(r.exclusiveWaiters);
      if (r.numberOfSharedWaiters <= 65535) o.numberOfSharedWaiters = r.numberOfSharedWaiters;
      else this.omit("waiter counters above 0xffff");
      if (r.numberOfExclusiveWaiters <= 65535) o.numberOfExclusiveWaiters = r.numberOfExclusiveWaiters;
      else this.omit("waiter counters above 0xffff");
      o.contentionCount = r.contentionCount;
      if (this.kernel(r.sharedWaitersObject)) o.sharedWaitersObject = r.sharedWaitersObject;
      if (this.kernel(r.exclusiveWaitersObject)) o.exclusiveWaitersObject = r.exclusiveWaitersObject;
      return o;
    }
    irp(i) {
      const o = { object: i.address };
      if (!addrIsNull(i.thread)) o.thread = i.thread;
      o.flags = hex3(i.flags);
      if (!addrIsNull(i.mdl)) o.mdl = i.mdl;
      if (!addrIsNull(i.systemBuffer)) o.systemBuffer = i.systemBuffer;
      o.stackCount = i.stackCount;
      o.currentLocation = i.currentLocation;
      if (i.cancel) o.cancel = true;
      o.pendingReturned = i.pendingReturned;
      const n = Math.min(i.stackCount, i.locations.reduce((m, l) => Math.max(m, l.index), 0));
      const locations = [];
      for (let k = 1; k <= n; k++) {
        let loc = {};
        for (let j2 = 0; j2 < i.locations.length; j2++) {
          const l = i.locations[j2];
          if (l.index !== k) continue;
          loc = { major: hex3(l.major), minor: hex3(l.minor) };
          if (l.flags !== 0) loc.flags = hex3(l.flags);
          if (l.control !== 0) loc.control = hex3(l.control);
          const ptrs = [["device", l.device], ["file", l.file], ["completion", l.completion], ["context", l.context]];
          ptrs.forEach((p) => {
            if (!addrIsNull(p[1])) loc[p[0]] = p[1];
          });
          this.useAddress(l.completion);
          let last = l.args.length;
          while (last > 0 && addrIsNull(l.args[last - 1])) last--;
          if (last > 0) loc.args = l.args.slice(0, last);
        }
        locations.push(loc);
      }
      o.locations = locations;
      return o;
    }
    driversAndDevices() {
      const s = this.s;
      const drivers = [];
      const driverByObject = /* @__PURE__ */ new Map();
      const seenNames = /* @__PURE__ */ new Set();
      s.drivers.forEach((d) => {
        const m = d.module !== null ? this.moduleNamed(d.module) : null;
        if (d.name === "" || seenNames.has(d.name.toLowerCase()) || !this.useModule(m)) {
          this.omit("drivers without a name or a module the file can hold");
          return;
        }
        seenNames.add(d.name.toLowerCase());
        driverByObject.set(d.address, d.name);
        drivers.push({ name: d.name, module: m.name, object: d.address });
      });
      const exported = /* @__PURE__ */ new Set();
      s.devices.forEach((d) => {
        if (driverByObject.has(d.driverObject)) exported.add(d.address);
      });
      const below = /* @__PURE__ */ new Map();
      s.devices.forEach((d) => {
        if (!exported.has(d.address) || addrIsNull(d.attachedDevice) || d.attachedDevice === d.address) return;
        if (exported.has(d.attachedDevice)) below.set(d.attachedDevice, d.address);
        else this.omit("AttachedDevice links to devices that were not decoded");
      });
      below.forEach((_b, start) => {
        const seen = /* @__PURE__ */ new Set([start]);
        let at = below.get(start);
        while (at !== void 0) {
          if (at === start) {
            below.delete(start);
            this.omit("AttachedDevice links closing a ring");
            return;
          }
          if (seen.has(at)) return;
          seen.add(at);
          at = below.get(at);
        }
      });
      const devices = [];
      s.devices.forEach((d) => {
        if (!exported.has(d.address)) {
          this.omit("devices whose driver could not be exported");
          return;
        }
        const o = { object: d.address, driver: driverByObject.get(d.driverObject) };
        const b = below.get(d.address);
        if (b !== void 0) o.attachedTo = b;
        devices.push(o);
      });
      return { drivers, devices };
    }
    moduleList() {
      ["nt", "hal"].forEach((n) => this.useModule(this.moduleNamed(n)));
      const out = [];
      this.modules.forEach((m) => {
        if (!this.moduleNames.has(m.name.toLowerCase())) return;
        const o = { name: m.name, image: m.image, base: m.base, size: hex3(m.size) };
        if (m.company !== null) o.company = m.company;
        let symbols = m.symbolStatus;
        if (symbols === "deferred") symbols = "pdb";
        else if (symbols !== "pdb" && symbols !== "export" && symbols !== "none") {
          this.omit("modules whose symbol status was unknown (written as none)");
          symbols = "none";
        }
        o.symbols = symbols;
        out.push(o);
      });
      return out;
    }
    // ---- background, expect, document ---------------------------------------------------------------------------
    background(resourceCount, processes) {
      const o = { seed: 1, resources: Math.max(0, this.s.resourcesVisited - resourceCount) };
      const exported = new Set(processes.map((p) => p.object));
      const all = this.info.processes;
      if (all !== null) {
        const rest = all.filter((p) => !exported.has(p.address));
        o.processes = Math.min(rest.length, 2e4);
        const threads = rest.reduce((n, p) => n + p.threadCount, 0);
        o.threadsPerProcess = rest.length > 0 ? Math.min(1e3, Math.round(threads / rest.length)) : 0;
      } else {
        this.omit("background processes (the process list could not be walked)");
      }
      return o;
    }
    expect(resources) {
      const c = this.contract;
      const o = {};
      const arg = this.argument();
      if (arg !== null) o.arg = arg;
      o.verdict = [c.verdict.kind];
      let culprit = null;
      if (c.verdict.culprit !== null) {
        const image = c.verdict.culprit.module;
        const stem = image.replace(/\.[A-Za-z0-9]+$/, "");
        let name = stem;
        this.modules.forEach((m) => {
          if (m.image.toLowerCase() === image.toLowerCase() || m.name.toLowerCase() === stem.toLowerCase()) {
            name = m.name;
            this.useModule(m);
          }
        });
        culprit = stem.toLowerCase() === name.toLowerCase() ? [name] : [name, image];
      }
      o.culprit = culprit;
      const byAddress = /* @__PURE__ */ new Map();
      resources.forEach((r) => byAddress.set(r.object, r));
      const contention = [];
      c.contention.forEach((e) => {
        const a = e.resource.replace(/^0x/, "");
        const r = byAddress.get(a);
        if (r === void 0) return;
        const xw = r.exclusiveWaiters;
        const sw = r.sharedWaiters;
        const counted = r.numberOfExclusiveWaiters + r.numberOfSharedWaiters;
        if (xw.length + sw.length + counted === 0) return;
        const owners = e.owners.map((x2) => x2.replace(/^0x/, ""));
        const fileOwners = r.owners.map((x2) => x2.thread);
        const x = { resource: a };
        if (owners.length === fileOwners.length && owners.every((w) => fileOwners.indexOf(w) >= 0)) x.owners = owners;
        else x.notOwners = fileOwners.filter((w) => owners.indexOf(w) < 0);
        x.exclusiveWaitersInclude = e.exclusiveWaiters.map((w) => w.replace(/^0x/, "")).filter((w) => xw.indexOf(w) >= 0);
        x.sharedWaitersInclude = e.sharedWaiters.map((w) => w.replace(/^0x/, "")).filter((w) => sw.indexOf(w) >= 0);
        contention.push(x);
      });
      if (c.contention.length === 0) o.noContention = true;
      else o.contention = contention;
      const deadlocks = c.deadlocks;
      if (Array.isArray(deadlocks) && deadlocks.length > 0) o.deadlockCycle = true;
      if (c.verdict.culprit !== null) {
        o.confidenceAtLeast = c.verdict.confidence;
        o.confidenceAtMost = c.verdict.confidence;
      }
      return o;
    }
    /** The dx argument that selects the same targets (and thread count), or null for the command's defaults. */
    argument() {
      const o = this.options;
      const names = o.targetNames.map((n) => this.red.processName(n));
      const sameNames = o.targetNames.length === o.defaultTargetNames.length && o.targetNames.every((n, i) => n.toLowerCase() === o.defaultTargetNames[i].toLowerCase());
      if (sameNames && o.topThreads === o.defaultTopThreads && !o.redact) return null;
      const parts = names.map((n) => '"' + n.replace(/["\\]/g, "") + '"');
      if (o.topThreads !== o.defaultTopThreads) parts.push(String(o.topThreads));
      return parts.length === 1 ? parts[0] : "(" + parts.join(", ") + ")";
    }
    /** The KPRCBs as the format's `processors` (absent when none was decoded: the simulator then derives them). */
    processors() {
      const ps = this.s.processors || [];
      if (ps.length === 0) return null;
      return ps.map((p) => {
        const o = {};
        const current = !p.idle && this.exportedThreads.has(p.currentThread);
        if (!p.idle && !current) this.omit("current threads of processors whose thread was not exported (written as idle)");
        o.currentThread = current ? p.currentThread : "idle";
        if (p.nextThread !== null && this.exportedThreads.has(p.nextThread)) o.nextThread = p.nextThread;
        o.kernelTime = { ticks: p.kernelTicks };
        o.userTime = { ticks: p.userTicks };
        o.dpcTime = { ticks: p.dpcTicks };
        o.interruptTime = { ticks: p.interruptTicks };
        if (p.dpcActive === true) o.dpcActive = true;
        const queue = [];
        p.queuedDpcs.forEach((q) => {
          const x = this.frame({ text: q.symbol || "0x" + q.routine, module: q.module, address: q.routine });
          if (x !== null) queue.push(x);
        });
        if (queue.length > 0) o.dpcQueue = queue;
        if (p.idle && p.idleStack !== null) {
          const frames = [];
          p.idleStack.forEach((f) => {
            const x = this.frame(f);
            if (x !== null) frames.push(x);
          });
          o.stack = frames;
        }
        return o;
      });
    }
    build() {
      const s = this.s;
      const irps = [];
      s.irps.forEach((i) => {
        if (!this.kernel(i.address) || i.stackCount > 127 || i.currentLocation < 1 || i.currentLocation > i.stackCount + 1) {
          this.omit("IRPs with a stack count or current location the format cannot hold");
          return;
        }
        this.exportedIrps.add(i.address);
        irps.push(this.irp(i));
      });
      const processes = this.processes();
      const processors = this.processors();
      const resources = s.resources.map((r) => this.resource(r));
      const dd = this.driversAndDevices();
      const expect = this.expect(resources);
      const background = this.background(resources.length, processes);
      const modules = this.moduleList();
      for (const what in this.omissionCounts) this.omissions.push(this.omissionCounts[what] + " " + what);
      const o = this.options;
      const targets = o.targetNames.map((n) => this.red.processName(n)).join(", ");
      const verdict = this.contract.verdict;
      const culprit = Array.isArray(expect.culprit) ? ", culprit " + expect.culprit[0] : "";
      const dump = { kind: "kernel", os: this.info.layoutSet, keMaximumIncrement: s.os.keMaximumIncrement };
      if (s.os.tickCount !== null) dump.tickCount = s.os.tickCount;
      if (processors !== null) dump.processors = processors.length;
      else if (this.info.processors !== null) dump.processors = this.info.processors;
      const notes = [
        'Facts as !isaScenario decoded them from the dump (addresses, times in clock ticks, owner tables, wait lists, IRP stack locations, frames) and, in expect, what that run concluded. Lock owners, waiters and IRP holders carry every decoded field; the other busiest threads of the target carry what the thread table and stack evidence use; a stack "unavailable" was not read by the analysis or not resident. Threads the analysis only added up are not exported (so a re-run shows smaller process totals), and background stands in for the resources and processes that were walked but not exported.'
      ];
      if (this.counted.length > 0) notes.push("Only added up: " + this.counted.join("; ") + ".");
      if (this.info.layoutNote !== null) notes.push(this.info.layoutNote + ".");
      if (o.redact) notes.push("Redacted: process image names and user-mode addresses are placeholders.");
      if (this.omissions.length > 0) notes.push("Not exported: " + this.omissions.join("; ") + ".");
      const document = {
        format: SCENARIO_FORMAT,
        title: "Exported case: " + targets + " on " + this.info.layoutSet + ", verdict " + verdict.kind + culprit,
        source: "exported by !isaScenario from a kernel dump (" + (s.os.build || "build unknown") + ") on " + o.exportedOn + "; no text beyond the decoded facts",
        notes: notes.join(" "),
        dump,
        modules,
        drivers: dd.drivers,
        devices: dd.devices,
        processes,
        resources,
        irps
      };
      if (processors !== null) document.processors = processors;
      document.background = background;
      document.expect = expect;
      return { document, omissions: this.omissions };
    }
  };
  function buildScenario(snapshot, contract, info, options) {
    return new Builder(snapshot, contract, info, options).build();
  }

  // src/export/dump-info.ts
  function layoutSetOf(e) {
    if (e.pointerSize === 4) {
      if (e.ownerThreads) return { layoutSet: "ws2003sp2-x86", note: null };
      return { layoutSet: "ws2003sp2-x86", note: "x86 dump with a Vista-or-later ERESOURCE layout: ws2003sp2-x86 is only the nearest layout set" };
    }
    if (e.ownerThreads) {
      return { layoutSet: "ws2008r2sp1-x64", note: "x64 dump with the Server 2003 ERESOURCE layout: ws2008r2sp1-x64 is only the nearest layout set" };
    }
    if (e.win8Waits) return { layoutSet: "win10-2004-x64", note: null };
    if (e.nextWaitBlock) return { layoutSet: "ws2008r2sp1-x64", note: null };
    return { layoutSet: "ws2008r2sp1-x64", note: "the x64 wait-block layout could not be told from the type info: ws2008r2sp1-x64 assumed" };
  }
  function layoutEvidence(target) {
    const resource = target.getType("_ERESOURCE");
    const waitBlock = target.getType("_KWAIT_BLOCK");
    const thread = target.getType("_KTHREAD");
    return {
      pointerSize: target.pointerSize,
      ownerThreads: resource !== null && resource.field("OwnerThreads") !== null && resource.field("OwnerEntry") === null,
      nextWaitBlock: waitBlock !== null && waitBlock.field("NextWaitBlock") !== null,
      win8Waits: target.getType("_KWAIT_CHAIN_ENTRY") !== null || thread !== null && thread.field("WaitBlockCount") !== null
    };
  }
  function readProcessors2(target, layoutSet) {
    const a = target.getSymbolAddress("nt", "KeNumberProcessors");
    if (a === null) return null;
    try {
      const v = new StructView(a, target.read(a, 4), target.pointerSize).u32(0);
      const n = layoutSet === "ws2003sp2-x86" ? v & 255 : v;
      return n >= 1 && n <= 64 ? n : null;
    } catch (e) {
      return null;
    }
  }
  function readDumpInfo(target) {
    const which = layoutSetOf(layoutEvidence(target));
    let processes = null;
    try {
      const layout = resolveLayout(target);
      if (layout.process !== null && target.getSymbolAddress("nt", "PsActiveProcessHead") !== null) {
        processes = walkProcesses(target, layout, new Quality()).map((p) => ({ address: p.record.address, threadCount: p.record.threadCount }));
      }
    } catch (e) {
      processes = null;
    }
    return { layoutSet: which.layoutSet, layoutNote: which.note, processors: readProcessors2(target, which.layoutSet), processes };
  }

  // src/host/filesystem.ts
  var FileWriteError = class extends Error {
  };
  function message2(e) {
    if (e && typeof e === "object" && "message" in e) return String(e.message);
    return String(e);
  }
  function fileSystem() {
    const fs = host.namespace.Debugger.Utility.FileSystem;
    if (!fs) throw new FileWriteError("this debugger has no Debugger.Utility.FileSystem");
    return fs;
  }
  function fileExists(path) {
    try {
      return fileSystem().FileExists(path) === true;
    } catch (e) {
      if (e instanceof FileWriteError) throw e;
      throw new FileWriteError("the debugger could not check " + path + " (" + message2(e) + ")");
    }
  }
  function writeNewTextFile(path, lines) {
    if (fileExists(path)) throw new FileWriteError(path + " already exists (an existing file is never overwritten)");
    const fs = fileSystem();
    let file;
    try {
      file = fs.CreateFile(path, "CreateNew");
    } catch (e) {
      throw new FileWriteError("the debugger could not create " + path + " (" + message2(e) + ")");
    }
    let written = path;
    let failure = null;
    try {
      const writer = fs.CreateTextWriter(file, "Ascii");
      for (let i = 0; i < lines.length; i++) writer.WriteLine(lines[i]);
      try {
        const p = file.Path;
        if (typeof p === "string" && p.length > 0) written = p;
      } catch (e) {
      }
    } catch (e) {
      failure = message2(e);
    }
    try {
      file.Close();
    } catch (e) {
      if (failure === null) failure = "closing it failed: " + message2(e);
    }
    if (failure !== null) {
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

  // src/commands/scenario-export.ts
  var SAVE_HINT = "Attach the written file (or the printed JSON, or a .logopen log that holds it) to the report.\n";
  var NOTHING_WRITTEN = "!isaScenario: nothing written: ";
  function now() {
    try {
      return (/* @__PURE__ */ new Date()).toISOString().replace(/\.\d+Z$/, "Z");
    } catch (e) {
      return "an unknown date";
    }
  }
  function run5(...args) {
    const options = parsedArguments("isaScenario", parseScenarioArgs, args, SAVE_HINT);
    if (options === null) return void 0;
    const redact = options.redact;
    const path = options.outputPath;
    const target = openTarget((why) => "!isaScenario: nothing exported: " + why);
    if (target === null) return void 0;
    const shownPath = path === null ? "" : escapeDumpText(path);
    if (path !== null) {
      try {
        if (fileExists(path)) {
          target.log(NOTHING_WRITTEN + shownPath + " already exists (an existing file is never overwritten); give a new file name\n");
          return void 0;
        }
      } catch (e) {
        target.log(NOTHING_WRITTEN + escapeDumpText(messageOf(e)) + "\n");
        return void 0;
      }
    }
    try {
      const snapshot = collectSnapshot(target, { targetNames: options.targetNames, topThreads: options.topThreads });
      if (snapshot.notApplicable !== null) {
        target.log("!isaScenario: nothing exported: " + escapeDumpText(snapshot.notApplicable) + "\n");
        return void 0;
      }
      const contract = toContractJson(analyze(snapshot, { topThreads: options.topThreads }));
      if (contract.verdict.kind === "not-applicable") {
        target.log("!isaScenario: nothing exported: " + escapeDumpText(contract.verdict.summary) + "\n");
        return void 0;
      }
      const result = buildScenario(snapshot, contract, readDumpInfo(target), {
        targetNames: options.targetNames,
        topThreads: options.topThreads,
        defaultTargetNames: [DEFAULT_TARGET],
        defaultTopThreads: DEFAULT_TOP_THREADS,
        redact,
        exportedOn: now()
      });
      const text = printJson(result.document);
      if (path === null) {
        target.log(text);
        return void 0;
      }
      try {
        const lines = text.replace(/\n$/, "").split("\n");
        const where = writeNewTextFile(path, lines);
        target.log(
          "!isaScenario: wrote " + escapeDumpText(where) + " (" + lines.length + " lines, isatriage-scenario/1" + (redact ? ", redacted" : "") + "); attach it to the report, with the !isaCpuCheck output and the conclusion you expect\n"
        );
      } catch (e) {
        if (!(e instanceof FileWriteError)) throw e;
        target.log(NOTHING_WRITTEN + escapeDumpText(e.message) + "\n");
      }
    } catch (e) {
      target.log("!isaScenario: nothing exported: the export failed (" + escapeDumpText(messageOf(e)) + ")\n");
    }
    return void 0;
  }
  var isaScenario = guarded("isaScenario", run5, (m) => "!isaScenario: nothing exported: the export failed (" + m + ")");

  // src/index.ts
  function initializeScript() {
    return registrationRecords([
      { name: "isaCpuCheck", fn: isaCpuCheck },
      { name: "isaLocks", fn: isaLocks },
      { name: "isaIrps", fn: isaIrps },
      { name: "isaHelp", fn: isaHelp },
      { name: "isaScenario", fn: isaScenario }
    ]);
  }
  function uninitializeScript() {
  }
  return __toCommonJS(index_exports);
})();
function initializeScript() { return __isatriage.initializeScript(); }
function uninitializeScript() { return __isatriage.uninitializeScript(); }
