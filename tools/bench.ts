/**
 * `deno task bench`: how fast the two ways of training run on this machine.
 *
 * - Throughput of {@linkcode fitSeeds} and of {@linkcode fitModel} for batch
 *   sizes 1, 32 and 500 with 1 and 10 seeds, in µs per model-step (one weight
 *   update of one model) and model-steps per second. A model-step's cost is a
 *   whole fit's wall time divided by its updates, so it includes everything a
 *   fit does: initial weights, shuffles, the per-epoch validation.
 *   `fitModel` (~0.7 ms a step) is measured over a few epochs, `fitSeeds`
 *   over many, in the same run; 10 seeds with `fitModel` are 10 fits in turn.
 * - The whole ten-seed tutorial table with `fitSeeds`: batch GD (500, lr
 *   0.01), SGD (batch 1, lr 0.01 and 0.001), minibatch 32, and the grid 4, 8,
 *   16, 32, 64, 128, 256, 450; 200 epochs and 10 seeds each.
 * - Peak memory: the largest `Deno.memoryUsage().rss` sampled during the run,
 *   and the kernel's high-water mark (`VmHWM`) where Linux reports one.
 * - Optionally PyTorch's plain per-step loop on the same network, for
 *   reference: run when `BENCH_TORCH_PYTHON` (or `/tmp/torchvenv/bin/python`)
 *   is a Python with torch installed.
 *
 * Prints a table and writes `out/bench.json` (`--out FILE` for another path;
 * `--quick` for a short smoke run without the tutorial table).
 *
 * ```sh
 * deno task bench
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { dirname } from "node:path";
import { backendName, tf } from "../lib/backend.ts";
import { disposeData, prepareData } from "../lib/data.ts";
import { fitModel } from "../lib/fit.ts";
import { fitSeeds } from "../lib/fit_seeds.ts";
import type { Dataset, History } from "../lib/types.ts";

const args = parseArgs({
  options: { out: { type: "string", default: "out/bench.json" }, quick: { type: "boolean" } },
});
const quick = args.values.quick === true;

let peakRss = 0;
function sampleRss(): void {
  peakRss = Math.max(peakRss, Deno.memoryUsage().rss);
}

/** One throughput measurement. */
interface Throughput {
  method: "fitSeeds" | "fitModel";
  batchSize: number;
  seeds: number;
  epochs: number;
  modelSteps: number;
  seconds: number;
  usPerModelStep: number;
  modelStepsPerSecond: number;
}

const BATCH_SIZES = [1, 32, 500];
const SEED_COUNTS = [1, 10];
/** Epochs per measurement: enough for ~0.2 s or more, fewer for the slow fitModel. */
const EPOCHS: Record<"fitSeeds" | "fitModel", Record<number, number>> = quick
  ? { fitSeeds: { 1: 2, 32: 10, 500: 20 }, fitModel: { 1: 1, 32: 2, 500: 5 } }
  : { fitSeeds: { 1: 20, 32: 100, 500: 200 }, fitModel: { 1: 1, 32: 5, 500: 20 } };

async function measure(
  data: Dataset,
  method: Throughput["method"],
  batchSize: number,
  seeds: number,
): Promise<Throughput> {
  const epochs = EPOCHS[method][batchSize];
  const started = performance.now();
  if (method === "fitSeeds") {
    await fitSeeds(data, { batchSize, epochs, seeds });
  } else {
    for (let seed = 0; seed < seeds; seed++) await fitModel(data, { batchSize, epochs, seed });
  }
  const seconds = (performance.now() - started) / 1000;
  sampleRss();
  const modelSteps = seeds * epochs * Math.ceil(data.trainX.shape[0] / batchSize);
  return {
    method,
    batchSize,
    seeds,
    epochs,
    modelSteps,
    seconds,
    usPerModelStep: (seconds * 1e6) / modelSteps,
    modelStepsPerSecond: modelSteps / seconds,
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

const TORCH_SCRIPT = `
import json, sys, time, torch
torch.manual_seed(0)
X = torch.randn(500, 2)
y = torch.randint(0, 3, (500,))
out = {"torch": torch.__version__, "defaultThreads": torch.get_num_threads(), "rows": []}
default_threads = torch.get_num_threads()
for threads, batch in [(t, b) for t in sorted({default_threads, 1}) for b in (1, 32, 500)]:
    torch.set_num_threads(threads)
    model = torch.nn.Sequential(torch.nn.Linear(2, 50), torch.nn.ReLU(), torch.nn.Linear(50, 3))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    epochs = {1: int(sys.argv[1]), 32: 20, 500: 200}[batch]
    steps = 0
    start = time.perf_counter()
    for epoch in range(epochs + 1):
        if epoch == 1:  # the first epoch warms up
            steps = 0
            start = time.perf_counter()
        order = torch.randperm(500)
        for i in range(0, 500, batch):
            idx = order[i:i + batch]
            opt.zero_grad()
            loss = loss_fn(model(X[idx]), y[idx])
            loss.backward()
            opt.step()
            steps += 1
    seconds = time.perf_counter() - start
    out["rows"].append({"threads": threads, "batchSize": batch, "modelSteps": steps, "seconds": seconds,
                        "usPerModelStep": seconds * 1e6 / steps, "modelStepsPerSecond": steps / seconds})
print(json.dumps(out))
`;

/** PyTorch's plain loop, when a Python with torch is at hand; otherwise why not. */
async function torchReference(): Promise<Record<string, unknown>> {
  const python = Deno.env.get("BENCH_TORCH_PYTHON") ?? "/tmp/torchvenv/bin/python";
  try {
    await Deno.stat(python);
  } catch {
    return { measured: false, why: `no Python at ${python} (set BENCH_TORCH_PYTHON)` };
  }
  const output = await new Deno.Command(python, {
    args: ["-c", TORCH_SCRIPT, quick ? "1" : "4"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    return {
      measured: false,
      why: new TextDecoder().decode(output.stderr).trim().split("\n").at(-1),
    };
  }
  const result = JSON.parse(new TextDecoder().decode(output.stdout));
  return {
    measured: true,
    python,
    note:
      "plain per-step loop (zero_grad, forward, CrossEntropyLoss, backward, SGD momentum step), " +
      "one model, no validation, one warm-up epoch not timed; with torch's default threads and with 1",
    ...result,
  };
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

const data = prepareData();
try {
  console.log(
    `backend ${backendName}, ${navigator.hardwareConcurrency} cores, Deno ${Deno.version.deno}`,
  );
  // Warm up both paths (JIT, kernels) before timing.
  await fitSeeds(data, { batchSize: 8, epochs: 3, seeds: 2 });
  await fitModel(data, { batchSize: 8, epochs: 1 });

  const throughput: Throughput[] = [];
  console.log("\nmethod    batch seeds  epochs  model-steps  µs/model-step  model-steps/s");
  for (const batchSize of BATCH_SIZES) {
    for (const seeds of SEED_COUNTS) {
      for (const method of ["fitSeeds", "fitModel"] as const) {
        const t = await measure(data, method, batchSize, seeds);
        throughput.push(t);
        console.log(
          `${method.padEnd(9)} ${String(batchSize).padStart(5)} ${String(seeds).padStart(5)} ${
            String(t.epochs).padStart(7)
          } ${String(t.modelSteps).padStart(12)} ${fmt(t.usPerModelStep, 2)}     ${
            fmt(t.modelStepsPerSecond, 0)
          }`,
        );
      }
    }
  }
  const speedups = BATCH_SIZES.flatMap((batchSize) =>
    SEED_COUNTS.map((seeds) => {
      const find = (method: string) =>
        throughput.find((t) =>
          t.method === method && t.batchSize === batchSize && t.seeds === seeds
        )!;
      return {
        batchSize,
        seeds,
        fitSeedsOverFitModel: find("fitSeeds").modelStepsPerSecond /
          find("fitModel").modelStepsPerSecond,
      };
    })
  );
  console.log("\nfitSeeds / fitModel throughput:");
  for (const s of speedups) {
    console.log(
      `  batch ${String(s.batchSize).padStart(3)}, ${String(s.seeds).padStart(2)} seeds: ${
        s.fitSeedsOverFitModel.toFixed(0)
      }×`,
    );
  }

  let table: { seconds: number; runs: TableRun[] } | null = null;
  if (!quick) {
    console.log("\nten-seed tutorial table with fitSeeds (200 epochs, 10 seeds each):");
    table = await tutorialTable(data);
    console.log(`  whole table: ${table.seconds.toFixed(1)} s`);
  }

  console.log("\nPyTorch reference:");
  const torch = await torchReference();
  if (torch.measured) {
    for (
      const row of torch.rows as { threads: number; batchSize: number; usPerModelStep: number }[]
    ) {
      console.log(
        `  ${row.threads} thread(s), batch ${String(row.batchSize).padStart(3)}: ${
          row.usPerModelStep.toFixed(1)
        } µs/step`,
      );
    }
  } else {
    console.log(`  not measured: ${torch.why}`);
  }

  sampleRss();
  const hwm = await highWaterMark();
  console.log(
    `\npeak RSS sampled ${(peakRss / 2 ** 20).toFixed(0)} MiB` +
      (hwm === null ? "" : `, high-water mark ${(hwm / 2 ** 20).toFixed(0)} MiB`),
  );

  const report = {
    date: new Date().toISOString(),
    quick,
    backend: backendName,
    tfjs: tf.version.tfjs,
    deno: Deno.version.deno,
    cores: navigator.hardwareConcurrency,
    note: "µs per model-step = a whole fit's wall time / (seeds × epochs × updates per epoch), " +
      "including initial weights, shuffles and the per-epoch validation on the test set",
    throughput,
    speedups,
    tutorialTable: table,
    torch,
    memory: { peakRssSampled: peakRss, highWaterMark: hwm },
  };
  await Deno.mkdir(dirname(args.values.out!), { recursive: true });
  await Deno.writeTextFile(args.values.out!, JSON.stringify(report, null, 2) + "\n");
  console.log(`wrote ${args.values.out}`);
} finally {
  disposeData(data);
}
