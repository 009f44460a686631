import assert from "node:assert/strict";
import { tf } from "../../lib/backend.ts";
import { disposeData } from "../../lib/data/data.ts";
import { epochDurations, measureEpochSeconds } from "../../lib/training/timing.ts";
import type { History } from "../../lib/types.ts";
import { smallData } from "../_fixtures.ts";

Deno.test("measureEpochSeconds() times epochs after a warm-up and reports their mean", async () => {
  const data = smallData();
  const before = tf.memory().numTensors;
  try {
    const timing = await measureEpochSeconds(data, { batchSize: 8, epochs: 3, warmup: 1 });
    assert.equal(timing.batchSize, 8);
    assert.equal(timing.updatesPerEpoch, 7);
    assert.equal(timing.epochsTimed, 3);
    assert.equal(timing.epochSeconds.length, 4);
    assert.ok(timing.epochSeconds.every((s) => s > 0 && Number.isFinite(s)));
    const [, a, b, c] = timing.epochSeconds;
    assert.ok(Math.abs(timing.secondsPerEpoch - (a + b + c) / 3) < 1e-12);
    assert.equal(timing.secondsPerUpdate, timing.secondsPerEpoch / 7);
  } finally {
    disposeData(data);
  }
  assert.equal(tf.memory().numTensors, before - 4, "only the dataset's four tensors were freed");
});

Deno.test("measureEpochSeconds() with no warm-up times every epoch", async () => {
  const data = smallData();
  try {
    const timing = await measureEpochSeconds(data, { batchSize: 50, epochs: 2, warmup: 0 });
    assert.equal(timing.updatesPerEpoch, 1);
    assert.equal(timing.epochsTimed, 2);
    const [a, b] = timing.epochSeconds;
    assert.ok(Math.abs(timing.secondsPerEpoch - (a + b) / 2) < 1e-12);
  } finally {
    disposeData(data);
  }
});

Deno.test("measureEpochSeconds() times more epochs to reach minUpdates", async () => {
  const data = smallData();
  try {
    const big = await measureEpochSeconds(data, { batchSize: 25, epochs: 2, minUpdates: 10 });
    assert.equal(big.updatesPerEpoch, 2);
    assert.equal(big.epochsTimed, 5);
    assert.equal(big.epochSeconds.length, 6);
    const small = await measureEpochSeconds(data, { batchSize: 5, epochs: 2, minUpdates: 10 });
    assert.equal(small.epochsTimed, 2, "epochs already make 20 updates");
  } finally {
    disposeData(data);
  }
});

Deno.test("measureEpochSeconds() rejects bad options before training", async () => {
  const data = smallData();
  try {
    await assert.rejects(
      () => measureEpochSeconds(data, { batchSize: 8, epochs: 0 }),
      /Cannot measure epoch seconds: epochs must be a positive integer, got 0/,
    );
    await assert.rejects(
      () => measureEpochSeconds(data, { batchSize: 8, warmup: -1 }),
      /warmup must be an integer ≥ 0, got -1/,
    );
    await assert.rejects(
      () => measureEpochSeconds(data, { batchSize: 8, minUpdates: 1.5 }),
      /minUpdates must be an integer ≥ 0, got 1.5/,
    );
    await assert.rejects(
      () => measureEpochSeconds(data, { batchSize: 0 }),
      /Cannot fit model: batchSize must be a positive integer, got 0/,
    );
  } finally {
    disposeData(data);
  }
});

Deno.test("epochDurations() turns cumulative seconds into per-epoch seconds", () => {
  const run = { epochs: [{ seconds: 0.5 }, { seconds: 0.75 }, { seconds: 1.5 }] } as History;
  assert.deepEqual(epochDurations(run), [0.5, 0.25, 0.75]);
  assert.deepEqual(epochDurations({ epochs: [] } as unknown as History), []);
  assert.throws(
    () => epochDurations(null as unknown as History),
    /Cannot take epoch durations: history must be a History, got null/,
  );
});
