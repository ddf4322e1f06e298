// Bundles src/index.ts into dist/isatriage.js, the one script WinDbg loads (.scriptload). `--verify` rebuilds in memory
// and fails when the committed bundle differs, so dist/ can never drift from src/. Called by `npm run build` and `npm test`.
import { build } from "esbuild";
import { readFileSync, writeFileSync, mkdirSync, renameSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8"));
const outfile = resolve(root, "dist", "isatriage.js");
const verify = process.argv.includes("--verify");

const banner = [
  `// isatriage ${pkg.version}: WinDbg JavaScript extension for kernel dumps of servers that burn CPU or hang.`,
  "// Load: .scriptload <path>\\isatriage.js   Run: !isaCpuCheck   (or !isaCpuCheck \"w3wp.exe\"; help: !isaCpuCheck \"?\")",
  "// Built from src/ by scripts/build.mjs (esbuild, ES2017, IIFE). Do not edit: rebuild with `npm run build`.",
].join("\n");

// JsProvider looks the entry points up among the script's global names; real function declarations work on both the
// legacy Chakra engine and V8 (a `var` holding a function is not documented to), so they delegate into the bundle.
const footer = [
  "function initializeScript() { return __isatriage.initializeScript(); }",
  "function uninitializeScript() { return __isatriage.uninitializeScript(); }",
].join("\n");

const result = await build({
  entryPoints: [resolve(root, "src", "index.ts")],
  bundle: true,
  format: "iife",
  globalName: "__isatriage",
  target: "es2017",
  platform: "neutral",
  minify: false,
  charset: "utf8",
  legalComments: "none",
  banner: { js: banner },
  footer: { js: footer },
  write: false,
  logLevel: "error",
  tsconfig: resolve(root, "tsconfig.src.json"),
});
const text = result.outputFiles[0].text;

if (verify) {
  let committed = "";
  try {
    committed = readFileSync(outfile, "utf8");
  } catch {
    committed = "";
  }
  if (committed !== text) {
    process.stderr.write("dist/isatriage.js is stale: run `npm run build` and commit it\n");
    process.exit(1);
  }
  process.stdout.write("dist/isatriage.js matches a fresh build\n");
} else {
  mkdirSync(resolve(root, "dist"), { recursive: true });
  // Written beside and renamed into place, so a test reading the bundle while another worker rebuilds it never sees
  // half a file.
  const partial = outfile + "." + process.pid + ".tmp";
  writeFileSync(partial, text);
  renameSync(partial, outfile);
}
