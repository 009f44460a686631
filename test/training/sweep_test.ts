import assert from "node:assert/strict";
import { disposeData, prepareData } from "../../lib/data/data.ts";
import { fitSeeds } from "../../lib/training/fit_seeds.ts";
import {
  learningRateRange,
  meanTestAccuracy,
  sweep,
  type SweepCell,
} from "../../lib/training/sweep.ts";
import type { History } from "../../lib/types.ts";

Deno.test("sweep() trains every batch size × learning rate cell as fitSeeds would", async () => {
  const data = prepareData();
  try {
    const seen: string[] = [];
    const cells = await sweep(data, {
      batchSizes: [64, 500],
      learningRates: [0.01, 0.1],
      seeds: [3, 5],
      epochs: 3,
      onCell: (cell, index, total) => {
        seen.push(`${index}/${total} ${cell.batchSize} ${cell.learningRate}`);
      },
    });
    assert.deepEqual(seen, ["0/4 64 0.01", "1/4 64 0.1", "2/4 500 0.01", "3/4 500 0.1"]);
    assert.deepEqual(cells.map((c) => c.histories.map((h) => h.seed)), [[3, 5], [3, 5], [3, 5], [
      3,
      5,
    ]]);
    for (const c of cells) {
      assert.ok(c.seconds >= 0);
      assert.equal(c.histories[0].epochs.length, 3);
      assert.equal(c.histories[0].batchSize, c.batchSize);
      assert.equal(c.histories[0].learningRate, c.learningRate);
    }
    const direct = await fitSeeds(data, {
      batchSize: 500,
      learningRate: 0.1,
      seeds: [3, 5],
      epochs: 3,
    });
    assert.deepEqual(cells[3].histories.map((h) => h.test), direct.map((h) => h.test));
  } finally {
    disposeData(data);
  }
});

Deno.test("sweep() rejects bad options before any work, naming the option", async () => {
  const data = prepareData();
  try {
    const base = { batchSizes: [32], learningRates: [0.01], seeds: 1, epochs: 1 };
    await assert.rejects(() => sweep(data, { ...base, batchSizes: [] }), TypeError);
    await assert.rejects(() => sweep(data, { ...base, batchSizes: [0] }), /batchSizes\[0\].*got 0/);
    await assert.rejects(() => sweep(data, { ...base, batchSizes: [4, 4] }), /distinct/);
    await assert.rejects(
      () => sweep(data, { ...base, learningRates: [-1] }),
      /learningRates\[0\] must be a finite number above 0, got -1/,
    );
    await assert.rejects(() => sweep(data, { ...base, epochs: 0 }), /epochs must be/);
  } finally {
    disposeData(data);
  }
});

Deno.test("learningRateRange() finds the lowest and highest working rate per batch size", () => {
  const cell = (batchSize: number, learningRate: number, accuracies: number[]): SweepCell => ({
    batchSize,
    learningRate,
    seconds: 0,
    histories: accuracies.map((accuracy) =>
      ({ epochs: [], test: { loss: 0, accuracy } }) as unknown as History
    ),
  });
  const cells = [
    cell(1, 0.001, [0.8, 0.82]),
    cell(1, 0.01, [0.5, 0.6]),
    cell(8, 0.001, [0.7, 0.7]),
    cell(8, 0.01, [0.81, 0.8]),
    cell(8, 0.1, [0.85, 0.8]),
    cell(64, 0.01, [0.3, 0.3]),
  ];
  assert.ok(Math.abs(meanTestAccuracy(cells[0]) - 0.81) < 1e-12);
  const ranges = learningRateRange(cells, 0.8);
  assert.deepEqual(ranges.map((r) => [r.batchSize, r.lowest, r.highest]), [
    [1, 0.001, 0.001],
    [8, 0.01, 0.1],
    [64, null, null],
  ]);
  assert.equal(ranges[0].decades, 0);
  assert.ok(Math.abs(ranges[1].decades - 1) < 1e-12);
  assert.ok(Number.isNaN(ranges[2].decades));
});
