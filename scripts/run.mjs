// Runs a TypeScript script under Node: bundles it with esbuild (already a dev dependency) into .cache/ and imports it.
// Used by the npm scripts `simulate`, `bench` and `fuzz`; arguments after the script path are passed through.
import { build } from "esbuild";
import { mkdirSync } from "node:fs";
import { basename, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [script, ...rest] = process.argv.slice(2);
if (!script) {
  process.stderr.write("usage: node scripts/run.mjs <script.ts> [args...]\n");
  process.exit(2);
}
const root = resolve(import.meta.dirname, "..");
mkdirSync(resolve(root, ".cache"), { recursive: true });
const outfile = resolve(root, ".cache", basename(script).replace(/\.ts$/, "") + ".run.mjs");
await build({
  entryPoints: [resolve(process.cwd(), script)],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  outfile,
  logLevel: "error",
});
process.argv = [process.argv[0], script, ...rest];
await import(pathToFileURL(outfile).href);
