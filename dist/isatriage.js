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
  function initializeScript() {
    return [];
  }
  function uninitializeScript() {
  }
  return __toCommonJS(index_exports);
})();
function initializeScript() { return __isatriage.initializeScript(); }
function uninitializeScript() { return __isatriage.uninitializeScript(); }
