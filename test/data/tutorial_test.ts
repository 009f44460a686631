import assert from "node:assert/strict";
import { tutorial, tutorialReported } from "../../lib/data/tutorial.ts";
import { kerasConfigurations } from "../../lib/data/keras.ts";

Deno.test("tutorial holds its four configurations in its order, with the figures it printed", () => {
  assert.deepEqual(
    tutorial.configurations.map((
      c,
    ) => [c.batchSize, c.learningRate, c.reported.train, c.reported.test]),
    [[500, 0.01, 0.816, 0.830], [1, 0.01, 0.612, 0.606], [1, 0.001, 0.816, 0.824], [
      32,
      0.01,
      0.832,
      0.812,
    ]],
  );
  assert.deepEqual(tutorial.configurations, [
    tutorial.batchGD,
    tutorial.sgd,
    tutorial.sgdSmallLr,
    tutorial.minibatch,
  ]);
  assert.deepEqual(tutorial.configurations.map((c) => c.notebook), [2, 3, 3, 4]);
});

Deno.test("tutorial's grid is its eight batch sizes at lr 0.01, for 200 epochs with momentum 0.9", () => {
  assert.deepEqual(tutorial.gridBatchSizes, [4, 8, 16, 32, 64, 128, 256, 450]);
  assert.equal(tutorial.gridLearningRate, 0.01);
  assert.equal(tutorial.epochs, 200);
  assert.equal(tutorial.momentum, 0.9);
});

Deno.test("tutorial cannot be changed by a notebook that writes to it", () => {
  assert.throws(() => {
    (tutorial.sgd as { batchSize: number }).batchSize = 2;
  }, TypeError);
  assert.throws(() => {
    (tutorial.sgd.reported as { test: number }).test = 0.9;
  }, TypeError);
  assert.throws(() => (tutorial.gridBatchSizes as number[]).push(500), TypeError);
  assert.equal(tutorial.sgd.batchSize, 1);
});

Deno.test("every configuration of the tutorial has Keras runs in data/keras/", () => {
  const held = kerasConfigurations();
  for (const c of tutorial.configurations) {
    assert.ok(
      held.some((k) => k.batchSize === c.batchSize && k.learningRate === c.learningRate),
      c.label,
    );
  }
});

Deno.test("tutorialReported() finds the figures of a configuration, a copy, and none elsewhere", () => {
  assert.deepEqual(tutorialReported(500), { train: 0.816, test: 0.830 });
  assert.deepEqual(tutorialReported(1), { train: 0.612, test: 0.606 });
  assert.deepEqual(tutorialReported(1, 0.001), { train: 0.816, test: 0.824 });
  assert.equal(tutorialReported(32, 0.001), undefined);
  assert.equal(tutorialReported(450), undefined);
  const copy = tutorialReported(32)!;
  copy.test = 0;
  assert.equal(tutorial.minibatch.reported.test, 0.812);
});

Deno.test("tutorialReported() rejects a batch size or learning rate that is not one", () => {
  assert.throws(() => tutorialReported(0), /batchSize must be .*got 0/);
  assert.throws(() => tutorialReported(1.5), /batchSize/);
  assert.throws(() => tutorialReported(32, -0.01), /learningRate .*got -0\.01/);
  assert.throws(() => tutorialReported("32" as unknown as number), TypeError);
});
