// `npm run fuzz -- [--cases N] [--seed S] [--case K] [--jobs J] [--timeout SEC] [--script FILE] [--host-profile P] [--verbose]`: mutates the simulated
// memory of every scenario (test/fuzz/fuzzer.ts) and runs dist/isatriage.js on each case in worker threads, so a case
// that hangs is stopped by a watchdog instead of stalling the run. Ends with exactly one summary line
// `fuzz: N cases, C crashes, B budget overruns, M malformed`; exit 0 only when all three are 0 (and no case was
// invalid). A failing case is printed with its mutations (as scenario faults) and the command that replays it.
// --script fuzzes another build of the extension (the clean baselines still come from dist/isatriage.js);
// --host-profile serves every case through those host profiles (test/sim/profiles.ts), budgets against clean runs
// under the same profiles.
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { type CaseResult, type CorpusEntry, describeCase, failed, type FuzzCase, generateCase, loadCorpus, runCase } from "../test/fuzz/fuzzer";
import { ensureBundle } from "../test/sim/run";
import { resolveHostProfiles } from "../test/sim/profiles";

interface Options {
  cases: number;
  seed: number;
  only: number | null;
  jobs: number;
  timeoutMs: number;
  script: string | null;
  hostProfile: string | undefined;
  verbose: boolean;
}

function usage(msg: string): never {
  process.stderr.write(`fuzz: ${msg}\nusage: npm run --silent fuzz -- [--cases N] [--seed S] [--case K] [--jobs J] [--timeout SEC] [--script FILE] [--host-profile P] [--verbose]\n`);
  process.exit(2);
}

function parseOptions(argv: string[]): Options {
  const o: Options = { cases: 1000, seed: 1, only: null, jobs: Math.max(1, Math.min(4, availableParallelism())), timeoutMs: 60_000, script: null, hostProfile: undefined, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (min: number) => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < min) usage(`${a} needs an integer >= ${min}`);
      return v;
    };
    if (a === "--cases") o.cases = num(1);
    else if (a === "--seed") o.seed = num(0);
    else if (a === "--case") o.only = num(0);
    else if (a === "--jobs") o.jobs = num(1);
    else if (a === "--timeout") o.timeoutMs = num(1) * 1000;
    else if (a === "--verbose") o.verbose = true;
    else if (a === "--host-profile") {
      if (i + 1 >= argv.length) usage("--host-profile needs a profile name");
      o.hostProfile = argv[++i];
      try {
        resolveHostProfiles(o.hostProfile);
      } catch (e) {
        usage((e as Error).message);
      }
    }
    else if (a === "--script") {
      if (i + 1 >= argv.length) usage("--script needs a file");
      o.script = argv[++i];
    }
    else usage(`unknown argument ${JSON.stringify(a)}`);
  }
  return o;
}

// ---- worker: owns a corpus, runs the cases it is sent -------------------------------------------------------------

type ToWorker = { index: number } | { stop: true };
type FromWorker = { ready: true } | { index: number; fc: FuzzCase; result: CaseResult };

function workerMain(): void {
  const { seed, scriptText, hostProfile } = workerData as { seed: number; scriptText?: string; hostProfile?: string };
  const corpus: CorpusEntry[] = loadCorpus();
  parentPort!.on("message", (m: ToWorker) => {
    if ("stop" in m) {
      process.exit(0);
    }
    const fc = generateCase(corpus, seed, m.index);
    const result = runCase(corpus, fc, scriptText, hostProfile);
    parentPort!.postMessage({ index: m.index, fc, result } satisfies FromWorker);
  });
  parentPort!.postMessage({ ready: true } satisfies FromWorker);
}

// ---- main: hands out case numbers, watches for hangs, prints ------------------------------------------------------

interface Slot {
  worker: Worker;
  busy: number | null;
  timer: NodeJS.Timeout | null;
  started: number;
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  ensureBundle();
  let scriptText: string | undefined;
  if (o.script !== null) {
    try {
      scriptText = readFileSync(o.script, "utf8");
    } catch (e) {
      usage(`cannot read ${o.script}: ${(e as Error).message}`);
    }
  }
  const started = Date.now();
  const todo = o.only !== null ? [o.only] : Array.from({ length: o.cases }, (_, i) => i);
  const total = todo.length;
  let next = 0;
  let done = 0;
  let crashes = 0;
  let overruns = 0;
  let malformed = 0;
  let invalid = 0;
  let worst = { ratio: 0, index: -1 };
  const reports: { index: number; text: string }[] = [];
  const self = fileURLToPath(import.meta.url);

  await new Promise<void>((finish) => {
    const slots: Slot[] = [];
    const record = (index: number, text: string) => {
      reports.push({ index, text });
      process.stdout.write(text + "\n");
    };
    const dispatch = (slot: Slot) => {
      if (next >= todo.length) {
        slot.busy = null;
        slot.worker.postMessage({ stop: true } satisfies ToWorker);
        if (slots.every((s) => s.busy === null) && done === total) finish();
        return;
      }
      const index = todo[next++];
      slot.busy = index;
      slot.started = Date.now();
      slot.worker.postMessage({ index } satisfies ToWorker);
      slot.timer = setTimeout(() => {
        // A hang: the case never returned. Count it as an overrun (no step budget can be met), replace the worker.
        overruns++;
        done++;
        const script = o.script !== null ? ` --script ${o.script}` : "";
        record(index, `case ${index} (seed ${o.seed}): BUDGET no result after ${o.timeoutMs / 1000} s (hang)\n  replay: npm run --silent fuzz -- --seed ${o.seed} --case ${index}${script}`);
        slot.worker.removeAllListeners();
        void slot.worker.terminate();
        const i = slots.indexOf(slot);
        slots[i] = spawn();
      }, o.timeoutMs);
    };
    const spawn = (): Slot => {
      const slot: Slot = { worker: new Worker(self, { workerData: { seed: o.seed, scriptText, hostProfile: o.hostProfile } }), busy: null, timer: null, started: 0 };
      slot.worker.on("message", (m: FromWorker) => {
        if ("ready" in m) {
          dispatch(slot);
          return;
        }
        if (slot.timer) clearTimeout(slot.timer);
        done++;
        const r = m.result;
        crashes += r.crashes.length > 0 ? 1 : 0;
        overruns += r.overruns.length > 0 ? 1 : 0;
        malformed += r.malformed.length > 0 ? 1 : 0;
        invalid += r.invalid !== null ? 1 : 0;
        if (r.ratio > worst.ratio) worst = { ratio: r.ratio, index: m.index };
        if (failed(r)) record(m.index, describeCase(m.fc, r));
        else if (o.only !== null) process.stdout.write(describeCase(m.fc, r).replace(":\n", `: ok in ${r.ms.toFixed(0)} ms\n`) + "\n");
        else if (o.verbose) {
          process.stdout.write(`case ${m.index} (${m.fc.scenario}) ok in ${r.ms.toFixed(0)} ms: ${m.fc.mutations.map((x) => x.label).join("; ")}\n`);
        }
        if (!o.verbose && o.only === null && done % 100 === 0) process.stderr.write(`fuzz: progress ${done}/${total}\n`);
        dispatch(slot);
      });
      slot.worker.on("error", (e) => {
        if (slot.timer) clearTimeout(slot.timer);
        if (slot.busy !== null) {
          crashes++;
          done++;
          record(slot.busy, `case ${slot.busy} (seed ${o.seed}): CRASH the worker died: ${e.stack ?? e}\n  replay: npm run --silent fuzz -- --seed ${o.seed} --case ${slot.busy}`);
        } else {
          process.stderr.write(`fuzz: a worker failed to start: ${e.stack ?? e}\n`);
          process.exit(1);
        }
        const i = slots.indexOf(slot);
        slots[i] = spawn();
      });
      return slot;
    };
    for (let i = 0; i < Math.min(o.jobs, total); i++) slots.push(spawn());
  });

  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (invalid > 0) process.stdout.write(`note: ${invalid} cases could not be built (a fuzzer bug; see INVALID above)\n`);
  process.stderr.write(`fuzz: done in ${secs} s with ${Math.min(o.jobs, total)} worker(s), seed ${o.seed}; most host calls: ${worst.ratio.toFixed(2)}x the clean run (case ${worst.index})\n`);
  process.stdout.write(`fuzz: ${total} cases, ${crashes} crashes, ${overruns} budget overruns, ${malformed} malformed\n`);
  process.exit(crashes + overruns + malformed + invalid === 0 ? 0 : 1);
}

if (isMainThread) {
  main().catch((e) => {
    process.stderr.write(`fuzz: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
} else {
  workerMain();
}
