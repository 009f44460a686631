import assert from "node:assert/strict";
import { fitHistory, train, trainSeeds, trainSeedTable } from "../../lib/training/lesson.ts";
import { epochOrders, fitModel } from "../../lib/training/fit.ts";
import { defineModel, disposeModel } from "../../lib/training/model.ts";
import { fitSeeds } from "../../lib/training/fit_seeds.ts";
import { disposeData } from "../../lib/data/data.ts";
import { tutorial } from "../../lib/data/tutorial.ts";
import { tf } from "../../lib/backend.ts";
import type { ProgressOutput } from "../../lib/notebook/progress.ts";
import type { Dataset } from "../../lib/types.ts";
import { smallData, withoutSeconds } from "../_fixtures.ts";

/** Records what would go to the notebook, as Deno.jupyter.broadcast receives it. */
function recorder(): ProgressOutput & { texts: () => string[] } {
  const messages: Record<string, unknown>[] = [];
  return {
    broadcast(_type: string, content: Record<string, unknown>) {
      messages.push(content);
      return Promise.resolve();
    },
    texts: () =>
      messages.map((m) =>
        String((m.data as Record<string, string> | undefined)?.["text/plain"] ?? m.text).trimEnd()
      ),
  };
}

/** Runs `body` on the small split, then frees it. */
async function withData(body: (data: Dataset) => Promise<void>): Promise<void> {
  const data = smallData();
  try {
    await body(data);
  } finally {
    disposeData(data);
  }
}

Deno.test("train() trains the run fitModel trains, and ends its progress line with the tutorial's result line", async () => {
  await withData(async (data) => {
    const output = recorder();
    const options = { batchSize: 8, learningRate: 0.02, epochs: 3, seed: 4 };
    const before = tf.memory().numTensors;
    const shown = await train(data, { ...options, output, curves: false });
    assert.equal(tf.memory().numTensors, before);
    const fitted = await fitModel(data, options);
    assert.deepEqual(withoutSeconds(shown), withoutSeconds(fitted));
    const last = output.texts().at(-1)!;
    const result = `Train: ${shown.train.accuracy.toFixed(3)}, Test: ${
      shown.test.accuracy.toFixed(3)
    }`;
    assert.match(last, new RegExp(`^batch=8, lr=0\\.02 · ${result} · \\d+\\.\\d s$`));
    assert.equal(output.texts()[0], "batch=8, lr=0.02", "the line shows before training");
  });
});

Deno.test("train() passes each epoch to the caller's onEpochEnd too, and takes a title", async () => {
  await withData(async (data) => {
    const output = recorder();
    const seen: number[] = [];
    await train(data, {
      batchSize: 25,
      epochs: 2,
      title: "two epochs",
      output,
      curves: false,
      onEpochEnd: (log) => {
        seen.push(log.epoch);
      },
    });
    assert.deepEqual(seen, [1, 2]);
    assert.match(output.texts().at(-1)!, /^two epochs · Train: /);
  });
});

Deno.test("train() rejects bad options, naming them, before any training", async () => {
  await withData(async (data) => {
    const output = recorder();
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ batchSize: 0 }, /RangeError: Cannot train: batchSize must be .*got 0/],
      [{ batchSize: 8, learningRate: -1 }, /learningRate .*got -1/],
      [{ batchSize: 8, title: 3 }, /title must be a string, got 3/],
      [{ batchSize: 8, curves: "yes" }, /curves must be a boolean/],
      [{ batchSize: 8, chart: 1 }, /chart must be an options object/],
      [{ batchSize: 8, seed: -1 }, /seed .*got -1/],
      [{ batchSize: 8, onEpochEnd: 1 }, /onEpochEnd must be a function/],
    ];
    for (const [options, message] of bad) {
      await assert.rejects(
        train(data, { ...options, output } as unknown as Parameters<typeof train>[1]),
        message,
      );
    }
    assert.deepEqual(output.texts(), [], "no progress line was started");
    await assert.rejects(
      train({} as Dataset, { batchSize: 8, output }),
      /^TypeError: Cannot train: data\.trainX must be a tensor/,
    );
  });
});

Deno.test("trainSeeds() trains the runs fitSeeds trains, with a progress line", async () => {
  await withData(async (data) => {
    const output = recorder();
    const options = { batchSize: 10, epochs: 2, seeds: [3, 5] };
    const shown = await trainSeeds(data, { ...options, output, keras: false });
    const fitted = await fitSeeds(data, options);
    assert.deepEqual(shown.map(withoutSeconds), fitted.map(withoutSeconds));
    assert.match(output.texts().at(-1)!, /^batch=10, lr=0\.01 · 2 seeds · \d+\.\d s$/);
  });
});

Deno.test("trainSeedTable() gives each row its runs, the tutorial's figures and Keras' runs", async () => {
  await withData(async (data) => {
    const output = recorder();
    const rows = await trainSeedTable(data, [
      tutorial.sgdSmallLr,
      { batchSize: 64, label: "grid: batch=64" },
      { batchSize: 32, reference: null },
    ], { epochs: 2, seeds: 2, output });
    assert.deepEqual(rows.map((r) => r.label), [
      "SGD: batch=1, lr=0.001",
      "grid: batch=64",
      "batch=32, lr=0.01",
    ]);
    assert.deepEqual(rows.map((r) => r.reference), [
      { train: 0.816, test: 0.824 },
      undefined,
      undefined,
    ]);
    assert.deepEqual(rows.map((r) => r.histories[0].learningRate), [0.001, 0.01, 0.01]);
    // Keras' runs of the same length: none of 2 epochs at batch 64, which Keras did not run.
    assert.equal(rows[1].keras!.length, 0);
    assert.ok(rows[0].keras!.every((h) => h.epochs.length === 2));
    assert.match(output.texts().at(-1)!, /^6 runs of 2 epochs in \d+\.\d s$/);
  });
});

Deno.test("trainSeedTable() and trainSeeds() reject bad configurations and options before any work", async () => {
  await withData(async (data) => {
    const output = recorder();
    const table = (configurations: unknown, options: Record<string, unknown>) =>
      trainSeedTable(
        data,
        configurations as Parameters<typeof trainSeedTable>[1],
        { output, ...options } as unknown as Parameters<typeof trainSeedTable>[2],
      );
    await assert.rejects(table([], { seeds: 2 }), /configurations must be a non-empty array/);
    await assert.rejects(
      table([{ batchSize: 8 }, { batchSize: 0 }], { seeds: 2 }),
      /configurations\[1\]\.batchSize must be .*got 0/,
    );
    await assert.rejects(
      table([{ batchSize: 8, reference: { train: 83, test: 0.8 } }], { seeds: 2 }),
      /configurations\[0\]\.reference\.train must be an accuracy in \[0, 1\], got 83/,
    );
    await assert.rejects(table([{ batchSize: 8 }], {}), /seeds must be a count/);
    await assert.rejects(table([{ batchSize: 8 }], { seeds: 2, epochs: 0 }), /epochs .*got 0/);
    await assert.rejects(
      table([{ batchSize: 8 }], { seeds: 2, keras: 1 }),
      /keras must be a boolean/,
    );
    await assert.rejects(
      trainSeeds(data, { batchSize: 8, seeds: 2, onEpochEnd: () => {}, output } as never),
      /onEpochEnd is not an option of trainSeeds/,
    );
    assert.deepEqual(output.texts(), [], "no progress line was started");
  });
});

Deno.test("fitHistory() of model.fit on fitModel's seeded shuffles, one epoch a call, is fitModel's run", async () => {
  await withData(async (data) => {
    const options = { batchSize: 8, learningRate: 0.02, epochs: 3, seed: 2 };
    const model = defineModel({ seed: 2, learningRate: 0.02 });
    const orders = epochOrders(data.trainX.shape[0], { seed: 2 });
    const fits: tf.History[] = [];
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const order = tf.tensor1d(orders.next().value, "int32");
      const [x, y] = [tf.gather(data.trainX, order), tf.gather(data.trainY, order)];
      fits.push(
        await model.fit(x, y, {
          batchSize: 8,
          epochs: 1,
          shuffle: false,
          validationData: [data.testX, data.testY],
          verbose: 0,
        }),
      );
      tf.dispose([order, x, y]);
    }
    const byHand = fitHistory(model, data, fits, { seed: 2 });
    disposeModel(model);
    const fitted = await fitModel(data, options);
    for (const key of ["batchSize", "learningRate", "momentum", "loss", "seed"] as const) {
      assert.equal(byHand[key], fitted[key], key);
    }
    assert.deepEqual(byHand.epochs.map((e) => e.updates), fitted.epochs.map((e) => e.updates));
    byHand.epochs.forEach((e, i) => {
      const f = fitted.epochs[i];
      for (const key of ["loss", "accuracy", "valLoss", "valAccuracy"] as const) {
        assert.ok(Math.abs(e[key] - f[key]) < 1e-5, `epoch ${i + 1} ${key}: ${e[key]} ${f[key]}`);
      }
      assert.ok(Number.isNaN(e.seconds));
    });
    assert.ok(Math.abs(byHand.test.accuracy - fitted.test.accuracy) < 1e-6);
    assert.ok(Math.abs(byHand.train.loss - fitted.train.loss) < 1e-5);
  });
});

Deno.test("fitHistory() rejects fits that are not single epochs with validation data", async () => {
  await withData(async (data) => {
    const model = defineModel({ seed: 0 });
    try {
      const fit = await model.fit(data.trainX, data.trainY, { epochs: 2, verbose: 0 });
      assert.throws(
        () => fitHistory(model, data, [fit]),
        /fits\[0\] must be one epoch of model\.fit with validationData/,
      );
      assert.throws(() => fitHistory(model, data, []), /fits must be a non-empty array/);
      assert.throws(
        () => fitHistory({} as tf.LayersModel, data, [fit]),
        /model must be a tf\.LayersModel/,
      );
    } finally {
      disposeModel(model);
    }
  });
});
