/**
 * `deno task bench`: how fast the ways of training run on this machine.
 *
 * - The CPU (`model name` in `/proc/cpuinfo`, where Linux has one), the
 *   cores and the load average: figures from a shared or another machine
 *   differ.
 * - The first fit of the process, timed apart before anything else (as
 *   JAX's compilation is): the tutorial's stochastic run (batch 1, lr 0.01,
 *   10 seeds, 200 epochs), which also compiles the engine's WebAssembly and
 *   starts fitSeeds' worker threads (later fits reuse them). The same fit
 *   warm is in the throughput table.
 * - Throughput of {@linkcode fitSeeds} for batch sizes 1, 4, 32, 128 and 500
 *   with 1, 10 and 100 seeds, each at learning rates 0.01 and 0.001 (the
 *   arithmetic must not slow down with the learning rate: see
 *   `tools/subnormals.ts`), and of {@linkcode fitModel} (one seed, lr 0.01)
 *   at 1, 32 and 500, in µs per model-step (one weight update of one model)
 *   and model-steps per second. Each `fitSeeds` row is the fastest of
 *   `--repeats` runs (3; the range beside it), each run in its own sweep of
 *   the whole table, so that a row's runs lie a sweep apart (about 20 s)
 *   and a slowdown of a shared host lasting a second or two cannot take
 *   them all; within a sweep the two learning rates of a batch size and seed
 *   count take turns, so that a machine whose speed drifts slows both alike
 *   and their ratio holds. A
 *   model-step's cost is a whole fit's wall time
 *   divided by its updates, so it includes everything a fit does: initial
 *   weights, shuffles, the per-epoch validation. Beside it, the process' CPU
 *   time (all threads) per model-step, which other load on a shared machine
 *   inflates less than the wall time.
 * - The machine's ceiling: WebAssembly SIMD `f32x4` multiply-add pairs per
 *   CPU-second of one core (`tools/_simd_ceiling.ts`), measured before and
 *   after the throughput table (the higher of the two counts), and the share
 *   of it that fitSeeds reaches at batch 32 and 500, counting the multiply-adds a
 *   model-step needs (forward and backward passes, the update and its share
 *   of the epoch's validation): per second of wall time over the threads it
 *   trains on, and per second of CPU time (which other load inflates less).
 * - The whole ten-seed tutorial table with `fitSeeds`: batch GD (500, lr
 *   0.01), SGD (batch 1, lr 0.01 and 0.001), minibatch 32, and the grid 4, 8,
 *   16, 32, 64, 128, 256, 450; 200 epochs and 10 seeds each.
 * - With `--peers`, the same work in JAX (the seeds under `vmap`, the steps
 *   under `lax.scan`, `jit`; compile time reported apart) and PyTorch (the
 *   seeds stacked, batched matmuls, one thread), by `tools/bench_peers.py`
 *   in the repository's `.venv` (jax, jaxlib and torch 2.13.0's CPU build
 *   are installed there when missing; `--python PATH` runs them with another
 *   interpreter instead and installs nothing, so a missing peer is reported
 *   as not measured): their µs per model-step beside ours at the same batch
 *   sizes, learning rates and seeds 10 and 100, JAX's tutorial table cold
 *   (with compilation) and warm, and a check that each peer reaches our
 *   final test accuracies (mean over ten seeds within three standard errors).
 * - Peak memory: the largest `Deno.memoryUsage().rss` sampled during the run,
 *   and the kernel's high-water mark (`VmHWM`) where Linux reports one.
 *
 * `deno task bench` runs `deno task setup` first, and the bench refuses to
 * run when `fitSeeds` would not use the WebAssembly engine (a stale or
 * missing `.build/engine.wasm`): the JavaScript fallback is several times
 * slower, and its figures would pass for the engine's.
 *
 * Prints tables and writes `out/bench.json` (`--out FILE` for another path;
 * `--quick` for a short smoke run without the tutorial table).
 *
 * ```sh
 * deno task bench            # ours only
 * deno task bench --peers    # ours, JAX and PyTorch side by side
 * deno task bench --peers --python /path/to/venv/bin/python
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { dirname } from "node:path";
import process from "node:process";
import { backendName, tf } from "../lib/backend.ts";
import { disposeData, prepareData } from "../lib/data/data.ts";
import { fitModel } from "../lib/training/fit.ts";
import { fitSeeds } from "../lib/training/fit_seeds.ts";
import { groupCount } from "../lib/training/_engine/seed_groups.ts";
import { wasmEngineProblem } from "../lib/training/_engine/wasm.ts";
import { type SimdCeiling, simdCeiling } from "./_simd_ceiling.ts";
import type { Dataset, History } from "../lib/types.ts";

const args = parseArgs({
  options: {
    out: { type: "string", default: "out/bench.json" },
    quick: { type: "boolean" },
    repeats: { type: "string" },
    peers: { type: "boolean" },
    python: { type: "string" },
  },
});
const quick = args.values.quick === true;
/** Runs of each fitSeeds row, the fastest reported. */
const REPEATS = Number(args.values.repeats ?? (quick ? 1 : 3));
if (!Number.isInteger(REPEATS) || REPEATS < 1) {
  throw new RangeError(
    `Cannot bench: --repeats must be a positive integer, got ${args.values.repeats}`,
  );
}
const peers = args.values.peers === true;

let peakRss = 0;
function sampleRss(): void {
  peakRss = Math.max(peakRss, Deno.memoryUsage().rss);
}

/** One throughput measurement. */
interface Throughput {
  method: "fitSeeds" | "fitModel";
  batchSize: number;
  learningRate: number;
  seeds: number;
  epochs: number;
  modelSteps: number;
  seconds: number;
  usPerModelStep: number;
  modelStepsPerSecond: number;
  /** CPU time of the whole process (every thread) per model-step: less sensitive to other load. */
  cpuUsPerModelStep: number;
  /** How many runs this row is the fastest of, and their µs per model-step, lowest and highest. */
  repeats?: number;
  usRange?: [number, number];
}

/** The fastest of `runs` (by wall time), with their count and range. */
function fastest(runs: Throughput[]): Throughput {
  const us = runs.map((t) => t.usPerModelStep);
  const best = runs[us.indexOf(Math.min(...us))];
  return { ...best, repeats: runs.length, usRange: [Math.min(...us), Math.max(...us)] };
}

const BATCH_SIZES = [1, 4, 32, 128, 500];
const SEED_COUNTS = [1, 10, 100];
const LEARNING_RATES = [0.01, 0.001];
/** Batch sizes and seeds at which fitModel is measured too (its cost per model-step does not depend on seeds). */
const FIT_MODEL_RUNS: [number, number][] = [[1, 1], [32, 1], [500, 1]];
/** Epochs per measurement: enough for ~0.2 s or more, fewer for the slow fitModel. */
const EPOCHS: Record<"fitSeeds" | "fitModel", Record<number, number>> = quick
  ? { fitSeeds: { 1: 2, 4: 4, 32: 10, 128: 20, 500: 20 }, fitModel: { 1: 1, 32: 2, 500: 5 } }
  : {
    fitSeeds: { 1: 200, 4: 200, 32: 200, 128: 200, 500: 200 },
    fitModel: { 1: 1, 32: 5, 500: 20 },
  };
/** PyTorch's epochs per measurement: its eager loop costs ~100 µs an update whatever the seeds. */
const TORCH_EPOCHS: Record<number, number> = quick
  ? { 1: 1, 4: 1, 32: 2, 128: 5, 500: 10 }
  : { 1: 2, 4: 4, 32: 20, 128: 40, 500: 50 };

async function measure(
  data: Dataset,
  method: Throughput["method"],
  batchSize: number,
  seeds: number,
  learningRate: number,
  epochs = EPOCHS[method][batchSize],
): Promise<Throughput> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  if (method === "fitSeeds") {
    await fitSeeds(data, { batchSize, epochs, seeds, learningRate });
  } else {
    for (let seed = 0; seed < seeds; seed++) {
      await fitModel(data, { batchSize, epochs, seed, learningRate });
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  sampleRss();
  const modelSteps = seeds * epochs * Math.ceil(data.trainX.shape[0] / batchSize);
  return {
    method,
    batchSize,
    learningRate,
    seeds,
    epochs,
    modelSteps,
    seconds,
    usPerModelStep: (seconds * 1e6) / modelSteps,
    modelStepsPerSecond: modelSteps / seconds,
    cpuUsPerModelStep: (user + system) / modelSteps,
  };
}

/** One run of the tutorial table. */
interface TableRun {
  name: string;
  batchSize: number;
  learningRate: number;
  seconds: number;
  meanTrainAccuracy: number;
  meanTestAccuracy: number;
  /** Each seed's final test accuracy, for the comparison with the peers. */
  testAccuracies: number[];
  diverged: number;
}

const TABLE: [string, number, number][] = [
  ["batch GD", 500, 0.01],
  ["SGD", 1, 0.01],
  ["SGD", 1, 0.001],
  ["minibatch", 32, 0.01],
  ...[4, 8, 16, 32, 64, 128, 256, 450].map((b): [string, number, number] => ["grid", b, 0.01]),
];

async function tutorialTable(data: Dataset): Promise<{ seconds: number; runs: TableRun[] }> {
  const runs: TableRun[] = [];
  const started = performance.now();
  for (const [name, batchSize, learningRate] of TABLE) {
    const t0 = performance.now();
    const histories: History[] = await fitSeeds(data, {
      batchSize,
      learningRate,
      epochs: 200,
      seeds: 10,
      onEpochEnd: (_log, seed) => {
        if (seed === 0) sampleRss();
      },
    });
    const mean = (f: (h: History) => number) =>
      histories.reduce((s, h) => s + f(h), 0) / histories.length;
    runs.push({
      name,
      batchSize,
      learningRate,
      seconds: (performance.now() - t0) / 1000,
      meanTrainAccuracy: mean((h) => h.train.accuracy),
      meanTestAccuracy: mean((h) => h.test.accuracy),
      testAccuracies: histories.map((h) => h.test.accuracy),
      diverged: histories.filter((h) => h.divergedAt !== null).length,
    });
    const r = runs.at(-1)!;
    console.log(
      `  ${name.padEnd(9)} batch ${String(batchSize).padStart(3)} lr ${learningRate}: ` +
        `${r.seconds.toFixed(2)} s, mean train ${r.meanTrainAccuracy.toFixed(3)}, test ${
          r.meanTestAccuracy.toFixed(3)
        }`,
    );
  }
  return { seconds: (performance.now() - started) / 1000, runs };
}

/** The Python packages the peers need, installed into the repository's `.venv` on demand. */
const PEER_PACKAGES: Record<string, string[]> = {
  jax: ["jax", "jaxlib"],
  // The CPU build: plain `torch` would pull a multi-gigabyte CUDA build.
  torch: ["torch==2.13.0"],
};
const VENV_PYTHON = new URL("../.venv/bin/python", import.meta.url).pathname;
/** The interpreter that runs the peers: `--python`, or the repository's `.venv`. */
const PEER_PYTHON = args.values.python ?? VENV_PYTHON;

/** Installs the peers' packages into `.venv` where missing, creating it if needed; says what it does. */
async function ensurePeers(): Promise<void> {
  try {
    await Deno.stat(VENV_PYTHON);
  } catch {
    console.log(`Creating ${dirname(dirname(VENV_PYTHON))}`);
    const made = await new Deno.Command(Deno.env.get("PYTHON") ?? "python3", {
      args: ["-m", "venv", dirname(dirname(VENV_PYTHON))],
    }).output();
    if (!made.success) throw new Error("Cannot create the venv for the peers");
  }
  for (const [module, packages] of Object.entries(PEER_PACKAGES)) {
    const has = await new Deno.Command(VENV_PYTHON, { args: ["-c", `import ${module}`] }).output();
    if (has.success) continue;
    console.log(`Installing ${packages.join(" ")} into .venv for the peer ${module}`);
    const installed = await new Deno.Command(VENV_PYTHON, {
      args: ["-m", "pip", "install", "--disable-pip-version-check", "--quiet", ...packages],
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (!installed.success) throw new Error(`Cannot install ${packages.join(" ")}`);
  }
}

/** One peer's throughput measurement, as tools/bench_peers.py reports it. */
interface PeerThroughput {
  batchSize: number;
  learningRate: number;
  seeds: number;
  epochs: number;
  modelSteps: number;
  seconds: number;
  compileSeconds?: number;
  usPerModelStep: number;
  meanTestAccuracy: number;
}

/** One peer's run of a tutorial configuration (200 epochs, 10 seeds). */
interface PeerTableRun {
  name: string;
  batchSize: number;
  learningRate: number;
  seconds: number;
  compileSeconds?: number;
  testAccuracy: number[];
}

/** What one peer reports. */
interface PeerReport {
  measured: boolean;
  why?: string;
  version?: string;
  throughput?: PeerThroughput[];
  table?: PeerTableRun[];
  tableColdSeconds?: number;
  tableWarmSeconds?: number;
}

/** Runs tools/bench_peers.py with the data and the configurations. */
async function runPeers(
  data: Dataset,
  throughput: { batchSize: number; learningRate: number; seeds: number; epochs: number }[],
): Promise<Record<string, PeerReport>> {
  const rows = (t: tf.Tensor) => t.arraySync() as number[][];
  const table = TABLE.map(([name, batchSize, learningRate]) => ({ name, batchSize, learningRate }));
  // PyTorch's eager loop costs ~100 µs a step whatever the seeds: its accuracy is checked on the
  // tutorial's four rows only, and its throughput measured over fewer epochs.
  const request = {
    data: {
      trainX: rows(data.trainX),
      trainY: rows(data.trainY),
      testX: rows(data.testX),
      testY: rows(data.testY),
    },
    throughput,
    table: quick ? table.slice(3, 4) : table,
    torchThroughput: throughput.map((t) => ({ ...t, epochs: TORCH_EPOCHS[t.batchSize] })),
    torchTable: quick ? [] : table.slice(0, 4),
    peers: ["jax", "torch"],
  };
  const child = new Deno.Command(PEER_PYTHON, {
    args: [new URL("bench_peers.py", import.meta.url).pathname],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(request)));
  await writer.close();
  const output = await child.output();
  if (!output.success) throw new Error("tools/bench_peers.py failed");
  return JSON.parse(new TextDecoder().decode(output.stdout));
}

/** Mean and sample variance. */
function meanVariance(values: number[]): [number, number] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return [mean, variance];
}

/**
 * Whether a peer reaches our accuracies: its mean final test accuracy over
 * the seeds within three standard errors of the difference of the two means
 * (at least 0.02) of ours. The seeds are not the same, so only the
 * distributions can agree.
 */
function sameAccuracy(ours: number[], theirs: number[]) {
  const [a, va] = meanVariance(ours);
  const [b, vb] = meanVariance(theirs);
  const tolerance = Math.max(0.02, 3 * Math.sqrt(va / ours.length + vb / theirs.length));
  return { ours: a, theirs: b, tolerance, agrees: Math.abs(a - b) <= tolerance };
}

/** The process' peak resident set size in bytes, where Linux reports it. */
async function highWaterMark(): Promise<number | null> {
  try {
    const status = await Deno.readTextFile("/proc/self/status");
    const kb = status.match(/^VmHWM:\s+(\d+) kB/m);
    return kb ? Number(kb[1]) * 1024 : null;
  } catch {
    return null;
  }
}

const fmt = (x: number, digits = 1) => x.toFixed(digits).padStart(10);

/** The CPU's model name, from /proc/cpuinfo where Linux has one. */
async function cpuModel(): Promise<string | null> {
  try {
    const info = await Deno.readTextFile("/proc/cpuinfo");
    return info.match(/^model name\s*:\s*(.+)$/m)?.[1].trim() ?? null;
  } catch {
    return null;
  }
}

/**
 * Multiply-adds a model-step of the tutorial's model costs (2 inputs, 50
 * hidden units, 3 classes; 500 training and 500 test rows): per example,
 * the forward pass (I·H + H·C) and the backward one (the output kernel's
 * gradient and the hidden layer's, H·C each, and the hidden kernel's, I·H);
 * per update, two per parameter (momentum and step); and the step's share of
 * the epoch's validation, a forward pass of every test row.
 */
function multiplyAddsPerModelStep(batchSize: number): number {
  const [I, H, C, n, nTest] = [2, 50, 3, 500, 500];
  const params = I * H + H + H * C + C;
  const perExample = 2 * I * H + 3 * H * C;
  const stepsPerEpoch = Math.ceil(n / batchSize);
  const examples = n / stepsPerEpoch;
  return examples * perExample + 2 * params + (nTest * (I * H + H * C)) / stepsPerEpoch;
}

// Figures of the JavaScript fallback would pass for the engine's: refuse them.
// (`deno task bench` runs `deno task setup` first, which builds the engine.)
if (wasmEngineProblem !== null) {
  throw new Error(
    `Cannot bench fitSeeds: its WebAssembly engine is not used: ${wasmEngineProblem}`,
  );
}
const data = prepareData();
try {
  const cpu = await cpuModel();
  console.log(
    `${
      cpu ?? "CPU model unknown"
    }, ${navigator.hardwareConcurrency} cores, backend ${backendName}, ` +
      `Deno ${Deno.version.deno}, ${Deno.build.arch}, load average ${
        Deno.loadavg().map((l) => l.toFixed(1)).join(" ")
      }`,
  );
  // The first fit of the process, before any warm-up: it also compiles the engine's WebAssembly,
  // warms V8 and starts fitSeeds' worker threads, which later fits reuse (a one-time cost, like
  // JAX's compilation: reported apart).
  const first = await measure(data, "fitSeeds", 1, 10, 0.01, 200);
  console.log(
    `first fit of the process (batch 1, lr 0.01, 10 seeds, 200 epochs): ${
      first.seconds.toFixed(2)
    } s, ${first.usPerModelStep.toFixed(3)} µs per model-step (CPU ${
      first.cpuUsPerModelStep.toFixed(3)
    } µs)`,
  );
  await fitModel(data, { batchSize: 8, epochs: 1 });

  const showCeiling = (when: string, c: SimdCeiling) =>
    console.log(
      `WebAssembly SIMD ceiling, one core, ${when}: ${(c.pairsPerSecond / 1e9).toFixed(2)} G ` +
        `f32x4 mul+add pairs/s = ${(c.multiplyAddsPerSecond / 1e9).toFixed(1)} G ` +
        `multiply-adds/s (${c.gflops.toFixed(1)} GFLOP/s)`,
    );
  const ceilingBefore: SimdCeiling = simdCeiling();
  showCeiling("before the table", ceilingBefore);

  const throughput: Throughput[] = [];
  const report = (t: Throughput) => {
    throughput.push(t);
    console.log(
      `${t.method.padEnd(9)} ${String(t.batchSize).padStart(5)} ${
        String(t.learningRate).padStart(6)
      } ${String(t.seeds).padStart(5)} ${String(t.epochs).padStart(7)} ${
        String(t.modelSteps).padStart(12)
      } ${fmt(t.usPerModelStep, 3)}     ${fmt(t.modelStepsPerSecond, 0)}  ${
        fmt(t.cpuUsPerModelStep, 3)
      }${
        t.usRange === undefined
          ? ""
          : `   ${t.usRange[0].toFixed(3)}–${t.usRange[1].toFixed(3)} (${t.repeats} runs)`
      }`,
    );
  };
  // Each repeat is a sweep of the whole table, so that a row's runs lie a sweep apart (about 20
  // s here) and a slowdown of the host lasting a second or two cannot take all of them; within a
  // sweep the two rates take turns, so that drift in the machine's speed slows both alike.
  const cells = BATCH_SIZES.flatMap((batchSize) =>
    SEED_COUNTS.flatMap((seeds) =>
      LEARNING_RATES.map((learningRate) => ({
        batchSize,
        seeds,
        learningRate,
        runs: [] as Throughput[],
      }))
    )
  );
  for (let r = 0; r < REPEATS; r++) {
    console.log(
      `sweep ${r + 1} of ${REPEATS} (each row prints the fastest of its runs after the last)`,
    );
    for (const cell of cells) {
      cell.runs.push(
        await measure(data, "fitSeeds", cell.batchSize, cell.seeds, cell.learningRate),
      );
    }
  }
  console.log(
    "\nmethod    batch     lr seeds  epochs  model-steps  µs/model-step  model-steps/s  " +
      "CPU µs/step   range of µs/model-step",
  );
  for (const cell of cells) report(fastest(cell.runs));
  for (const [batchSize, seeds] of FIT_MODEL_RUNS) {
    report(await measure(data, "fitModel", batchSize, seeds, 0.01));
  }
  const ceilingAfter: SimdCeiling = simdCeiling();
  showCeiling("after the table", ceilingAfter);
  const ceiling = ceilingAfter.pairsPerSecond > ceilingBefore.pairsPerSecond
    ? ceilingAfter
    : ceilingBefore;
  const find = (method: string, batchSize: number, seeds: number, learningRate = 0.01) =>
    throughput.find((t) =>
      t.method === method && t.batchSize === batchSize && t.seeds === seeds &&
      t.learningRate === learningRate
    );
  const speedups = FIT_MODEL_RUNS.map(([batchSize]) => ({
    batchSize,
    seeds: 10,
    fitSeedsOverFitModel: find("fitSeeds", batchSize, 10)!.modelStepsPerSecond /
      find("fitModel", batchSize, 1)!.modelStepsPerSecond,
  }));
  console.log("\nfitSeeds (10 seeds) / fitModel throughput, lr 0.01:");
  for (const s of speedups) {
    console.log(
      `  batch ${String(s.batchSize).padStart(3)}: ${s.fitSeedsOverFitModel.toFixed(0)}×`,
    );
  }
  console.log("\nfitSeeds µs per model-step, lr 0.001 / lr 0.01 (1.00: the rate costs nothing):");
  const rateRatios = BATCH_SIZES.flatMap((batchSize) =>
    SEED_COUNTS.map((seeds) => ({
      batchSize,
      seeds,
      ratio: find("fitSeeds", batchSize, seeds, 0.001)!.usPerModelStep /
        find("fitSeeds", batchSize, seeds, 0.01)!.usPerModelStep,
    }))
  );
  for (const batchSize of BATCH_SIZES) {
    console.log(
      `  batch ${String(batchSize).padStart(3)}: ` +
        rateRatios.filter((r) => r.batchSize === batchSize).map((r) =>
          `${r.seeds} seeds ${r.ratio.toFixed(2)}`
        ).join(", "),
    );
  }

  console.log(
    "\nshare of the SIMD ceiling (multiply-adds a model-step needs / time / (ceiling × threads)):",
  );
  const shares = [32, 500].flatMap((batchSize) =>
    LEARNING_RATES.flatMap((learningRate) =>
      [10, 100].map((seeds) => {
        const t = find("fitSeeds", batchSize, seeds, learningRate)!;
        const threads = groupCount(seeds, t.epochs, data.trainX.shape[0]);
        const multiplyAddsPerSecond = multiplyAddsPerModelStep(batchSize) /
          (t.usPerModelStep * 1e-6);
        const share = multiplyAddsPerSecond / (ceiling.multiplyAddsPerSecond * threads);
        // The same per second of CPU time (all threads): what the cores reach while they run it.
        const cpuShare = multiplyAddsPerModelStep(batchSize) / (t.cpuUsPerModelStep * 1e-6) /
          ceiling.multiplyAddsPerSecond;
        console.log(
          `  batch ${String(batchSize).padStart(3)} lr ${String(learningRate).padEnd(5)} ${
            String(seeds).padStart(3)
          } seeds: ${(multiplyAddsPerSecond / 1e9).toFixed(2)} G multiply-adds/s on ${threads} ` +
            `thread${threads === 1 ? "" : "s"}, ${(100 * share).toFixed(1)}% of the ceiling ` +
            `(${(100 * cpuShare).toFixed(1)}% per CPU-second)`,
        );
        return {
          batchSize,
          learningRate,
          seeds,
          threads,
          multiplyAddsPerSecond,
          share,
          cpuShare,
        };
      })
    )
  );

  let table: { seconds: number; runs: TableRun[] } | null = null;
  if (!quick) {
    console.log("\nten-seed tutorial table with fitSeeds (200 epochs, 10 seeds each):");
    table = await tutorialTable(data);
    console.log(`  whole table: ${table.seconds.toFixed(1)} s`);
  }

  let peerReports: Record<string, PeerReport> | null = null;
  const comparisons: Record<string, unknown>[] = [];
  if (peers) {
    if (args.values.python === undefined) await ensurePeers();
    console.log(
      "\npeers (tools/bench_peers.py): JAX vmap + scan + jit, PyTorch stacked bmm, 1 thread",
    );
    peerReports = await runPeers(
      data,
      throughput.filter((t) => t.method === "fitSeeds" && t.seeds > 1),
    );
    console.log(
      "\nbatch     lr seeds   fitSeeds µs     JAX µs (compile s)   PyTorch µs   JAX/ours  torch/ours",
    );
    for (const ours of throughput.filter((t) => t.method === "fitSeeds" && t.seeds > 1)) {
      const same = (t: PeerThroughput) =>
        t.batchSize === ours.batchSize && t.seeds === ours.seeds &&
        (t.learningRate ?? 0.01) === ours.learningRate;
      const jax = peerReports.jax?.throughput?.find(same);
      const torch = peerReports.torch?.throughput?.find(same);
      const row = {
        batchSize: ours.batchSize,
        learningRate: ours.learningRate,
        seeds: ours.seeds,
        fitSeeds: ours.usPerModelStep,
        jax: jax?.usPerModelStep ?? null,
        jaxCompileSeconds: jax?.compileSeconds ?? null,
        torch: torch?.usPerModelStep ?? null,
        jaxOverOurs: jax ? jax.usPerModelStep / ours.usPerModelStep : null,
        torchOverOurs: torch ? torch.usPerModelStep / ours.usPerModelStep : null,
      };
      comparisons.push(row);
      const n = (x: number | null, d = 3) => (x === null ? "—" : x.toFixed(d)).padStart(11);
      console.log(
        `${String(row.batchSize).padStart(5)} ${String(row.learningRate).padStart(6)} ${
          String(row.seeds).padStart(5)
        } ${n(row.fitSeeds)} ${n(row.jax)} (${
          (row.jaxCompileSeconds ?? NaN).toFixed(1).padStart(4)
        }) ${n(row.torch)} ${n(row.jaxOverOurs, 2)} ${n(row.torchOverOurs, 2)}`,
      );
    }
    if (table !== null) {
      console.log(
        "\naccuracy check: mean final test accuracy, 10 seeds, 200 epochs (ours vs peer)",
      );
      for (const [peer, result] of Object.entries(peerReports)) {
        for (const run of result.table ?? []) {
          const mine = table.runs.find((r) =>
            r.name === run.name && r.batchSize === run.batchSize &&
            r.learningRate === run.learningRate
          )!;
          const check = sameAccuracy(mine.testAccuracies, run.testAccuracy);
          comparisons.push({ peer, ...run, testAccuracy: undefined, ...check });
          console.log(
            `  ${peer.padEnd(6)} ${run.name.padEnd(9)} batch ${
              String(run.batchSize).padStart(3)
            } lr ${run.learningRate}: ours ${check.ours.toFixed(3)}, ${peer} ${
              check.theirs.toFixed(3)
            } ± ${check.tolerance.toFixed(3)} ${check.agrees ? "agree" : "DIFFER"}`,
          );
        }
      }
      const jax = peerReports.jax;
      if (jax?.tableColdSeconds !== undefined) {
        console.log(
          `\nten-seed tutorial table: fitSeeds ${table.seconds.toFixed(1)} s, JAX cold ${
            jax.tableColdSeconds.toFixed(1)
          } s (compile ${
            (jax.table ?? []).reduce((a, r) => a + (r.compileSeconds ?? 0), 0).toFixed(1)
          } s), JAX warm ${jax.tableWarmSeconds!.toFixed(1)} s`,
        );
      }
    }
  }

  sampleRss();
  const hwm = await highWaterMark();
  console.log(
    `\npeak RSS sampled ${(peakRss / 2 ** 20).toFixed(0)} MiB` +
      (hwm === null ? "" : `, high-water mark ${(hwm / 2 ** 20).toFixed(0)} MiB`),
  );

  const result = {
    date: new Date().toISOString(),
    quick,
    backend: backendName,
    tfjs: tf.version.tfjs,
    deno: Deno.version.deno,
    cpu,
    cores: navigator.hardwareConcurrency,
    loadAverage: Deno.loadavg(),
    note: "µs per model-step = a whole fit's wall time / (seeds × epochs × updates per epoch), " +
      "including initial weights, shuffles and the per-epoch validation on the test set",
    firstFit: first,
    simdCeiling: { perCore: ceiling, before: ceilingBefore, after: ceilingAfter, shares },
    throughput,
    speedups,
    learningRateRatios: rateRatios,
    tutorialTable: table,
    peers: peerReports,
    comparisons,
    memory: { peakRssSampled: peakRss, highWaterMark: hwm },
  };
  await Deno.mkdir(dirname(args.values.out!), { recursive: true });
  await Deno.writeTextFile(args.values.out!, JSON.stringify(result, null, 2) + "\n");
  console.log(`wrote ${args.values.out}`);
} finally {
  disposeData(data);
}
