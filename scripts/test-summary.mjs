// Prints one closing line for `npm test` from vitest's JSON report: "vitest: N passed, N failed, N skipped", the plain
// form CI reads to know how many tests ran. Called by the `test` npm script after `vitest run`.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const file = resolve(import.meta.dirname, "..", ".cache", "vitest-results.json");
try {
  const r = JSON.parse(readFileSync(file, "utf8"));
  const skipped = (r.numPendingTests || 0) + (r.numTodoTests || 0);
  process.stdout.write(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped\n`);
} catch (e) {
  process.stdout.write(`vitest: no results (${e instanceof Error ? e.message : String(e)})\n`);
  process.exitCode = 1;
}
