import assert from "node:assert/strict";
import {
  flush,
  FLUSH_MS,
  formatEpoch,
  InterruptedError,
  progress,
  PROGRESS_METADATA,
  type ProgressOutput,
  say,
} from "../../lib/notebook/progress.ts";
import type { EpochLog } from "../../lib/types.ts";
import { disposeData, fitModel, fitSeeds, prepareData, tf } from "../../lib/mod.ts";

/** Runs `fn` with console.log captured; returns what it printed, one entry per call. */
async function captureLog(fn: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => lines.push(args.join(" "));
  try {
    await fn();
  } finally {
    console.log = original;
  }
  return lines;
}

/** A stand-in for Deno.jupyter that records what is broadcast. */
function recorder(): ProgressOutput & {
  messages: { type: string; content: Record<string, unknown> }[];
} {
  const messages: { type: string; content: Record<string, unknown> }[] = [];
  return {
    messages,
    broadcast(type: string, content: Record<string, unknown>) {
      messages.push({ type, content });
      return Promise.resolve();
    },
  };
}

function epochLog(epoch: number): EpochLog {
  return {
    epoch,
    loss: 1 / epoch,
    accuracy: 0.5 + epoch / 1000,
    valLoss: 1.1 / epoch,
    valAccuracy: 0.49 + epoch / 1000,
    seconds: epoch / 10,
    updates: epoch * 16,
  };
}

Deno.test("progress() outside the kernel does not throw and prints only the final line", async () => {
  const printed = await captureLog(async () => {
    const p = progress("batch=32, lr=0.01");
    for (let epoch = 1; epoch <= 50; epoch++) await p.update(`epoch ${epoch}/50`);
    await p.done("Train: 0.832, Test: 0.812");
    await p.done("ignored: done twice");
    await p.update("ignored: after done");
  });
  assert.deepEqual(printed, ["batch=32, lr=0.01 · Train: 0.832, Test: 0.812"]);
});

Deno.test("progress().done() without a line keeps the latest update", async () => {
  const printed = await captureLog(async () => {
    const p = progress("batch=500", { interval: 1e9 });
    p.update("epoch 1/2");
    p.update("epoch 2/2"); // throttled away, but still the latest
    assert.equal(p.text, "batch=500 · epoch 2/2");
    await p.done();
  });
  assert.deepEqual(printed, ["batch=500 · epoch 2/2"]);
});

Deno.test("progress().onEpochEnd() accepts fitModel's EpochLog records", async () => {
  const printed = await captureLog(async () => {
    const p = progress("batch=1, lr=0.001");
    const onEpochEnd: (log: EpochLog) => void | Promise<void> = p.onEpochEnd(200);
    for (let epoch = 1; epoch <= 3; epoch++) await onEpochEnd(epochLog(epoch));
    assert.match(
      p.text,
      /^batch=1, lr=0\.001 · epoch 3\/200 · loss 0\.333 · train 0\.503 · test 0\.493 · 0\.3 s · ~\d+ s left$/,
    );
    await onEpochEnd({ ...epochLog(200), epoch: 200 });
    assert.match(p.text, /epoch 200\/200 · .* · 20\.0 s$/, "no time left after the last epoch");
    await p.done();
  });
  assert.equal(printed.length, 1);
});

Deno.test("progress() sends one display, throttled updates, then a final update marked done", async () => {
  const output = recorder();
  const p = progress("batch=8", { interval: 60_000, output });
  for (let epoch = 1; epoch <= 100; epoch++) p.update(`epoch ${epoch}/100`);
  const start = performance.now();
  await p.done("Train: 0.800, Test: 0.790");
  assert.ok(performance.now() - start >= FLUSH_MS - 5, "done() waits for the output to leave");
  const types = output.messages.map((m) => m.type);
  // The first update passes (nothing shown yet), the other 99 are within the interval.
  assert.deepEqual(types, ["display_data", "update_display_data", "update_display_data"]);
  const ids = new Set(
    output.messages.map((m) => (m.content.transient as { display_id: string }).display_id),
  );
  assert.equal(ids.size, 1, "every message carries the same display_id");
  const states = output.messages.map((m) =>
    (m.content.metadata as Record<string, string>)[PROGRESS_METADATA]
  );
  assert.deepEqual(states, ["running", "running", "done"]);
  const last = output.messages.at(-1)!.content.data as Record<string, string>;
  assert.equal(last["text/plain"], "batch=8 · Train: 0.800, Test: 0.790");
});

Deno.test("progress() with interval 0 shows every update, in order", async () => {
  const output = recorder();
  const p = progress("run", { interval: 0, output });
  for (let i = 1; i <= 5; i++) p.update(`step ${i}`);
  await p.done();
  const texts = output.messages.map((m) =>
    (m.content.data as Record<string, string>)["text/plain"]
  );
  assert.deepEqual(texts, [
    "run",
    "run · step 1",
    "run · step 2",
    "run · step 3",
    "run · step 4",
    "run · step 5",
    "run · step 5",
  ]);
});

Deno.test("progress() never throws when the kernel cannot send", async () => {
  const output: ProgressOutput = { broadcast: () => Promise.reject(new Error("closed")) };
  const p = progress("broken", { interval: 0, output });
  await p.update("epoch 1/1");
  await p.done("finished");
});

Deno.test("progress() rejects a negative or non-finite interval", () => {
  assert.throws(
    () => progress("x", { interval: -1 }),
    (error: unknown) =>
      error instanceof RangeError &&
      error.message ===
        "Cannot show progress: interval must be a non-negative number of milliseconds, got -1",
  );
  assert.throws(() => progress("x", { interval: NaN }), RangeError);
});

Deno.test("say() outside the kernel prints each line with console.log", async () => {
  const printed = await captureLog(() => say("Train: 0.816, Test: 0.830", "done"));
  assert.deepEqual(printed, ["Train: 0.816, Test: 0.830", "done"]);
});

Deno.test("flush() outside the kernel returns at once", async () => {
  const start = performance.now();
  await flush();
  assert.ok(performance.now() - start < FLUSH_MS);
});

Deno.test("formatEpoch() shows epoch, loss, accuracies and time", () => {
  assert.equal(
    formatEpoch(epochLog(12), 200),
    "epoch 12/200 · loss 0.083 · train 0.512 · test 0.502 · 1.2 s",
  );
  assert.equal(formatEpoch(epochLog(2)), "epoch 2 · loss 0.500 · train 0.502 · test 0.492 · 0.2 s");
});

Deno.test("progress().onEpochEnd() estimates the time left from the time since progress()", async () => {
  const p = progress("batch=1", { interval: 0 });
  await new Promise((resolve) => setTimeout(resolve, 200));
  await p.onEpochEnd(3)(epochLog(1));
  // At least 0.2 s for one epoch of three: at least 0.4 s left, shown rounded up.
  const left = Number(/~(\d+) s left$/.exec(p.text)?.[1]);
  assert.ok(left >= 1, `time left shown: ${p.text}`);
  await p.done();
});

Deno.test("progress() interrupted by its signal shows it and makes the next update() throw", async () => {
  const output = recorder();
  const controller = new AbortController();
  const p = progress("batch=1, lr=0.01", { interval: 0, output, signal: controller.signal });
  await p.update("epoch 3/200");
  controller.abort();
  assert.throws(
    () => p.update("epoch 4/200"),
    (error: unknown) =>
      error instanceof InterruptedError &&
      error.message ===
        "Interrupted: batch=1, lr=0.01 stopped after epoch 3/200; the kernel and its variables are still there",
  );
  assert.throws(() => p.update("epoch 5/200"), InterruptedError, "every later update throws");
  await p.done("Train: 0.612, Test: 0.606");
  assert.equal(p.text, "batch=1, lr=0.01 · epoch 3/200 · interrupted");
  const states = output.messages.map((m) =>
    (m.content.metadata as Record<string, string>)[PROGRESS_METADATA]
  );
  assert.deepEqual(states, ["running", "running", "interrupted"], "done() sends nothing more");
});

Deno.test("progress() aborted after done() changes nothing", async () => {
  const output = recorder();
  const controller = new AbortController();
  const p = progress("run", { interval: 0, output, signal: controller.signal });
  await p.done("finished");
  controller.abort();
  await p.update("ignored");
  assert.equal(p.text, "run · finished");
  assert.equal(output.messages.length, 2);
});

Deno.test("progress() rejects a signal that is not an AbortSignal", () => {
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => progress("x", { signal: "SIGINT" as any }),
    (error: unknown) =>
      error instanceof TypeError &&
      error.message === "Cannot show progress: signal must be an AbortSignal, got string",
  );
});

Deno.test("fitModel() and fitSeeds() stop at an interrupt of their progress, leaking no tensor", async () => {
  const data = prepareData();
  try {
    const before = tf.memory().numTensors;
    for (const fit of ["fitModel", "fitSeeds"] as const) {
      const controller = new AbortController();
      const p = progress(fit, { signal: controller.signal });
      const epochs: number[] = [];
      const onEpochEnd = p.onEpochEnd(200);
      const options = {
        batchSize: 32,
        epochs: 200,
        onEpochEnd: (log: EpochLog) => {
          epochs.push(log.epoch);
          if (log.epoch === 3) controller.abort();
          return onEpochEnd(log);
        },
      };
      const run = fit === "fitModel"
        ? fitModel(data, options)
        : fitSeeds(data, { ...options, seeds: 2 });
      await assert.rejects(run, InterruptedError, `${fit} stops`);
      assert.equal(Math.max(...epochs), 3, `${fit} trains no epoch after the interrupt`);
      await p.done();
      assert.equal(tf.memory().numTensors, before, `${fit} frees its tensors`);
    }
  } finally {
    disposeData(data);
  }
});
