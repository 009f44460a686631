import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { disposeData } from "../../../lib/data/data.ts";
import { defineModel, disposeModel } from "../../../lib/training/model.ts";
import { fitSeeds } from "../../../lib/training/fit_seeds.ts";
import { flatParams } from "../../../lib/_layout.ts";
import {
  createWasmEngine,
  type EpochRecords,
  type FitMessage,
  type FitPlan,
  type FitResult,
  initialWeights,
  jsEngine,
  paramCount,
  seededPlan,
  serveFit,
  trainFit,
} from "../../../lib/training/_engine/core.ts";
import { WASM_PATH } from "../../../lib/training/_engine/wasm.ts";
import { finitePadded, toPadded } from "../../../lib/training/_engine/wasm_engine.ts";
import { finiteFlags } from "../../../lib/training/_engine/model_set.ts";
import type { WebFitRequest } from "../../../lib/training/_engine/web_worker.ts";
import { smallData } from "../../_fixtures.ts";

const ENGINE = new URL("../../../lib/training/_engine/", import.meta.url);

Deno.test("the engine core and its Web Worker run without Deno, tfjs or Node: what they import at run time is our own plain TypeScript", async () => {
  const files = new Set<string>();
  for (const entry of ["core.ts", "web_worker.ts"]) {
    const { stdout } = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", fileURLToPath(new URL(entry, ENGINE))],
    }).output();
    const info = JSON.parse(new TextDecoder().decode(stdout));
    for (const { specifier } of info.modules as { specifier: string }[]) {
      if (specifier.startsWith("file:")) files.add(specifier);
    }
  }
  assert.ok(files.size >= 6, `${[...files]}`);
  for (const file of files) {
    const code = (await Deno.readTextFile(new URL(file)))
      .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ""); // comments (and doc examples) aside
    assert.doesNotMatch(code, /\bDeno\./, `${file} uses the Deno API`);
    assert.doesNotMatch(code, /\brequire\(|\bimport\(/, `${file} imports dynamically`);
    // Only relative imports run; a package's types may be imported (esbuild and tsc erase them).
    for (
      const [statement, type, from] of code.matchAll(
        /\b(?:import|export)\s+(type\s+)?[^;]*?\bfrom\s+"([^"]+)"/g,
      )
    ) {
      if (!from.startsWith(".")) {
        assert.ok(type !== undefined, `${file} imports ${from} at run time: ${statement}`);
      }
    }
  }
});

Deno.test("initialWeights() computes defineModel()'s initial weights bit for bit, without tfjs", () => {
  const shapes = [
    { inputs: 2, hidden: 50, classes: 3 },
    { inputs: 5, hidden: 7, classes: 2 },
  ];
  for (const shape of shapes) {
    const seeds = shape.inputs === 2 ? [...Array(100).keys(), 123456789, 2 ** 32 - 1] : [0, 9];
    for (const seed of seeds) {
      const model = defineModel({
        seed,
        inputs: shape.inputs,
        hiddenUnits: shape.hidden,
        classes: shape.classes,
      });
      const expected = flatParams(model.getWeights());
      disposeModel(model);
      const actual = initialWeights(seed, shape);
      assert.equal(actual.length, expected.length);
      const differ = expected.findIndex((value, i) => !Object.is(value, actual[i]));
      assert.equal(differ, -1, `seed ${seed}, ${JSON.stringify(shape)}: parameter ${differ}`);
    }
  }
});

/** A plan of `seeds` on the small dataset, with a schedule that changes batch size and learning rate. */
function smallPlan(seeds: number[]): FitPlan {
  const data = smallData();
  const split = (x: typeof data.trainX, y: typeof data.trainY) => ({
    x: x.dataSync() as Float32Array,
    y: y.dataSync() as Float32Array,
    n: x.shape[0],
  });
  const plan = seededPlan({
    shape: { inputs: 2, hidden: 50, classes: 3 },
    train: split(data.trainX, data.trainY),
    test: split(data.testX, data.testY),
    seeds,
    momentum: 0.9,
    loss: "logits",
    batchSizes: [8, 8, 50, 3, 8],
    learningRates: [0.01, 0.02, 0.01, 0.005, 0.01],
  });
  disposeData(data);
  return plan;
}

/** Runs a fit to its end: its epochs' records and its result. */
function runWhole(fit: Generator<EpochRecords, FitResult, void>) {
  const epochs: EpochRecords[] = [];
  for (;;) {
    const step = fit.next();
    if (step.done) return { epochs, result: step.value };
    epochs.push(step.value);
  }
}

/** Records without their timings. */
const timeless = ({ seconds: _, endedAt: __, ...rest }: EpochRecords) => rest;

Deno.test("trainFit() gives fitSeeds()' histories, and a seed's results do not depend on the others", async () => {
  const seeds = [3, 0, 8];
  const plan = smallPlan(seeds);
  const wasm = createWasmEngine(await Deno.readFile(WASM_PATH));
  const { epochs, result } = runWhole(trainFit(wasm, plan));
  assert.deepEqual(epochs.map((e) => e.updates), [7, 14, 15, 32, 39]);
  const data = smallData();
  const histories = await fitSeeds(data, {
    batchSize: 8,
    epochs: 5,
    seeds,
    schedule: (e) => ({
      batchSize: plan.batchSizes[e - 1],
      learningRate: plan.learningRates[e - 1],
    }),
  });
  disposeData(data);
  histories.forEach((history, i) => {
    history.epochs.forEach((log, e) => {
      assert.equal(log.loss, epochs[e].loss[i]);
      assert.equal(log.valAccuracy, epochs[e].valAccuracy[i]);
    });
    assert.deepEqual(history.test, {
      loss: result.test.loss[i],
      accuracy: result.test.accuracy[i],
    });
    assert.deepEqual(
      history.weights.flatMap((l) => [...l.kernel.flat(), ...l.bias]),
      Array.from(result.params.subarray(i * 303, (i + 1) * 303)),
    );
  });
  // The last seed alone trains exactly as beside the others.
  const P = paramCount(plan.shape);
  const alone = runWhole(
    trainFit(wasm, { ...plan, seeds: [8], initial: plan.initial.slice(2 * P) }),
  );
  alone.epochs.forEach((e, i) => {
    assert.deepEqual(e.loss, epochs[i].loss.slice(2));
    assert.deepEqual(e.valLoss, epochs[i].valLoss.slice(2));
  });
  assert.deepEqual(alone.result.params, result.params.slice(2 * P));
  // The JavaScript engine trains the same fit to float32 rounding.
  const js = runWhole(trainFit(jsEngine, plan));
  const worst = Math.max(...js.result.params.map((w, i) => Math.abs(w - result.params[i])));
  assert.ok(worst < 1e-5, `the engines' weights differ by ${worst}`);
});

Deno.test("trainFit() stops a seed whose weights overflow and returns the weights it stopped with", () => {
  const plan = { ...smallPlan([0, 1, 2, 3]), learningRates: [0.01, 4e36, 4e36, 4e36, 4e36] };
  const { epochs, result } = runWhole(trainFit(jsEngine, plan));
  const stoppedAt = new Map<number, number>();
  for (const e of epochs) for (const i of e.stopped) stoppedAt.set(i, e.epoch);
  assert.equal(stoppedAt.size, 4, "every seed stops");
  for (const e of epochs) {
    for (const i of e.seeds) assert.ok(e.epoch <= stoppedAt.get(i)!, `seed ${i} trained on`);
  }
  assert.equal(epochs.length, Math.max(...stoppedAt.values()));
  assert.equal(result.params.length, 4 * paramCount(plan.shape));
});

Deno.test("serveFit() posts the epochs' records in order, the first at once, then the result; or the error", () => {
  const plan = smallPlan([1, 2]);
  const posted: FitMessage[] = [];
  serveFit(jsEngine, plan, (message) => posted.push(message));
  const { epochs, result } = runWhole(trainFit(jsEngine, plan));
  // How the later epochs are grouped depends on the machine's speed (one message per POST_MS).
  const batches = posted.slice(0, -1);
  assert.ok(batches.every((m) => m.kind === "epochs" && m.records.length > 0));
  assert.equal((batches[0] as { records: unknown[] }).records.length, 1);
  const records = batches.flatMap((m) => m.kind === "epochs" ? m.records : []);
  assert.deepEqual(records.map(timeless), epochs.map(timeless));
  assert.deepEqual(posted.at(-1), { kind: "done", result });
  const errors: FitMessage[] = [];
  serveFit(jsEngine, { ...plan, batchSizes: [8, 0] }, (message) => errors.push(message));
  assert.deepEqual(errors, [{
    kind: "error",
    message: "Cannot train the fit: 2 batch sizes but 5 learning rates",
  }]);
});

Deno.test("trainFit() refuses a plan whose parts do not fit together", () => {
  const plan = smallPlan([0]);
  const bad: [Partial<FitPlan>, RegExp][] = [
    [{ initial: new Float32Array(10) }, /initial holds 10 numbers, not 1 seeds × 303/],
    [{ batchSizes: [8, 8, 8, 8, 0] }, /epoch 5's batch size is 0/],
    [{ learningRates: [0.01, NaN, 0.01, 0.01, 0.01] }, /epoch 2's learning rate is NaN/],
    [{ train: { ...plan.train, n: 1000 } }, /train holds fewer than 1000 rows/],
  ];
  for (const [change, message] of bad) {
    assert.throws(() => trainFit(jsEngine, { ...plan, ...change }).next(), (error: Error) => {
      assert.ok(error instanceof RangeError);
      assert.match(error.message, /^Cannot train the fit: /);
      assert.match(error.message, message);
      return true;
    });
  }
});

Deno.test("the engine core's Web Worker trains a fit with the wasm bytes it is sent, as trainFit does", async () => {
  const plan = smallPlan([4, 2]);
  const bytes = await Deno.readFile(WASM_PATH);
  const expected = runWhole(trainFit(createWasmEngine(bytes), plan));
  const worker = new Worker(new URL("web_worker.ts", ENGINE), { type: "module" });
  try {
    const ask = (request: WebFitRequest) =>
      new Promise<FitMessage[]>((resolve) => {
        const messages: FitMessage[] = [];
        worker.onmessage = ({ data }: MessageEvent<FitMessage>) => {
          messages.push(data);
          if (data.kind !== "epochs") resolve(messages);
        };
        worker.postMessage(request);
      });
    for (const request of [{ plan, wasm: bytes }, { plan }]) {
      const messages = await ask(request);
      const records = messages.flatMap((m) => m.kind === "epochs" ? m.records : []);
      assert.deepEqual(records.map(timeless), expected.epochs.map(timeless));
      assert.deepEqual(messages.at(-1), { kind: "done", result: expected.result });
    }
    const [refused] = await ask({ plan, wasm: new Uint8Array([0, 1, 2]) });
    assert.ok(refused.kind === "error");
    assert.match(refused.message, /^Cannot build the WebAssembly engine: /);
  } finally {
    worker.terminate();
  }
});

Deno.test("the wasm engine's resident models train as a ModelSet over its functions, bit for bit, seeds that stop included", async () => {
  const wasm = createWasmEngine(await Deno.readFile(WASM_PATH));
  assert.ok(wasm.modelSet !== undefined, "the wasm engine keeps its models resident");
  const stateless = { ...wasm, modelSet: undefined };
  const seeds = [0, 1, 2, 3, 4, 5, 6, 7];
  const plans: FitPlan[] = [
    smallPlan(seeds),
    // Some seeds diverge in epochs 4 and 5, the others go on.
    { ...smallPlan(seeds), learningRates: [0.01, 10, 10, 10, 10] },
    // Weights too large for fitModel's float32 sum of |w|, though each is finite.
    { ...smallPlan(seeds), learningRates: [0.01, 4e36, 4e36, 4e36, 4e36] },
    { ...smallPlan(seeds), loss: "clipped", learningRates: [0.01, 10, 10, 10, 10] },
  ];
  const stops: number[] = [];
  for (const plan of plans) {
    const mine = runWhole(trainFit(wasm, plan));
    const theirs = runWhole(trainFit(stateless, plan));
    assert.deepEqual(mine.epochs.map(timeless), theirs.epochs.map(timeless));
    assert.deepEqual(mine.result, theirs.result);
    stops.push(mine.epochs.reduce((n, e) => n + e.stopped.length, 0));
  }
  assert.equal(stops[0], 0);
  assert.ok(stops[1] > 0 && stops[1] < seeds.length, `${stops[1]} of 8 seeds stop at lr 10`);
  assert.equal(stops[2], seeds.length);
});

Deno.test("the wasm engine trains the tutorial's shape at constant addresses as its general passes do, bit for bit", async () => {
  const bytes = await Deno.readFile(WASM_PATH);
  const atConstants = createWasmEngine(bytes);
  const general = createWasmEngine(bytes, { constantAddresses: false });
  const seeds = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  // Batch 1 (its own pass), 4 and 8 (four examples at a time), 3 and 50 of 50 rows (and one to
  // three left over), the 50 test rows evaluated four at a time and two alone; at lr 10, seeds stop.
  const plans: FitPlan[] = [
    { ...smallPlan(seeds), batchSizes: [1, 4, 3, 50, 8] },
    { ...smallPlan(seeds), batchSizes: [1, 1, 8, 3, 4], learningRates: [0.01, 0.05, 10, 10, 10] },
  ];
  for (const plan of plans) {
    const mine = runWhole(trainFit(atConstants, plan));
    const theirs = runWhole(trainFit(general, plan));
    assert.deepEqual(mine.epochs.map(timeless), theirs.epochs.map(timeless));
    assert.deepEqual(mine.result, theirs.result);
  }
  const stopped = runWhole(trainFit(atConstants, plans[1])).epochs.reduce(
    (n, e) => n + e.stopped.length,
    0,
  );
  assert.ok(stopped > 0 && stopped < seeds.length, `${stopped} of 9 seeds stop at lr 10`);
});

Deno.test("a fit without a current .build/engine.wasm says so once on stderr, naming the fix, and trains with the JavaScript engine", async () => {
  // A copy of lib/ and wasm/ beside no .build: as after pulling a new wasm/engine.ts without `deno task setup`.
  const root = await Deno.makeTempDir();
  try {
    const repo = fileURLToPath(new URL("../../../", import.meta.url));
    for (const dir of ["lib", "wasm"]) {
      const copy = await new Deno.Command("cp", { args: ["-r", repo + dir, root] }).output();
      assert.ok(copy.success);
    }
    await Deno.writeTextFile(
      `${root}/fit.ts`,
      `import { runFit } from "./lib/training/_engine/seed_groups.ts";
import { seededPlan } from "./lib/training/_engine/core.ts";
const n = 8;
const split = { x: Float32Array.from({ length: 2 * n }, (_, i) => i % 5), y: new Float32Array(3 * n).map((_, i) => i % 3 === 0 ? 1 : 0), n };
const plan = seededPlan({ shape: { inputs: 2, hidden: 50, classes: 3 }, train: split, test: split, seeds: [0, 1], momentum: 0.9, loss: "logits", batchSizes: [4, 4], learningRates: [0.01, 0.01] });
for (let fit = 0; fit < 2; fit++) {
  const run = runFit(plan, 1);
  let epochs = 0;
  for (let step = await run.next(); !step.done; step = await run.next()) epochs++;
  console.log("epochs", epochs);
}
`,
    );
    const { success, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--config", repo + "deno.json", `${root}/fit.ts`],
      cwd: root,
    }).output();
    const err = new TextDecoder().decode(stderr);
    assert.ok(success, err);
    assert.equal(new TextDecoder().decode(stdout), "epochs 2\nepochs 2\n");
    const warnings = err.split("\n").filter((line) => line.includes("JavaScript engine"));
    assert.equal(warnings.length, 1, err);
    assert.match(warnings[0], /several times slower.*engine\.wasm.*run `deno task setup`/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("the wasm model set's divergence flags, read in its padded layout, are finiteFlags' on tfjs' layout, huge weights included", () => {
  const shape = { inputs: 2, hidden: 50, classes: 3 };
  const P = paramCount(shape);
  const models: ((params: Float32Array) => void)[] = [
    () => {}, // initial weights
    (p) => p[7] = NaN,
    (p) => p[P - 1] = -Infinity, // the output bias, the layout's last number
    (p) => p.fill(1e37), // each finite, their float32 sum is not
    (p) => p.fill(2 ** 101), // above the quick test's bound, yet the sum stays finite
    (p) => p[200] = 3e38, // one near float32's largest: the sum stays finite
    (p) => (p[160] = 3e38, p[260] = 3e38), // two: it does not
  ];
  const params = new Float32Array(models.length * P);
  models.forEach((change, m) => {
    const p = params.subarray(m * P, (m + 1) * P);
    p.set(initialWeights(m, shape));
    change(p);
  });
  const MP = (2 + 1 + 3) * 52 + 4;
  const padded = new Float32Array(3 + models.length * MP);
  toPadded(shape, params, models.length, padded, 3);
  const expected = finiteFlags(shape, params);
  assert.deepEqual([...expected], [1, 0, 0, 0, 1, 1, 0]);
  assert.deepEqual(finitePadded(shape, padded, 3, models.length), expected);
});
