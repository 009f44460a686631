import assert from "node:assert/strict";
import { seedSummary, seedTable } from "../lib/summary.ts";
import type { History } from "../lib/types.ts";

const run = (train: number, test: number) =>
  ({ train: { loss: 0, accuracy: train }, test: { loss: 0, accuracy: test } }) as History;

Deno.test("seedSummary() gives mean, min and max of the final accuracies", () => {
  const s = seedSummary([run(0.8, 0.7), run(0.9, 0.75), run(0.7, 0.8)]);
  assert.equal(s.seeds, 3);
  assert.ok(Math.abs(s.train.mean - 0.8) < 1e-12);
  assert.deepEqual([s.train.min, s.train.max, s.test.min, s.test.max], [0.7, 0.9, 0.7, 0.8]);
});

Deno.test("seedTable() prints one aligned line per configuration, with references", () => {
  const lines = seedTable([
    {
      label: "batch=500, lr=0.01",
      histories: [run(0.81, 0.83), run(0.82, 0.84)],
      reference: { train: 0.816, test: 0.83 },
    },
    { label: "batch=1, lr=0.01", histories: [run(0.5, 0.6), run(0.7, 0.65)] },
  ]);
  assert.equal(lines.length, 3);
  assert.match(lines[0], /\(2 seeds a row\)/);
  assert.match(
    lines[1],
    /^batch=500, lr=0\.01 +0\.815 \[0\.810–0\.820\] +0\.835 \[0\.830–0\.840\] +0\.816 \/ 0\.830$/,
  );
  assert.match(lines[2], /^batch=1, lr=0\.01 +0\.600 \[0\.500–0\.700\] +0\.625 \[0\.600–0\.650\]$/);
  assert.equal(lines[1].indexOf("0.815"), lines[2].indexOf("0.600"));
});

Deno.test("seedTable() prints Keras' mean accuracies and seed count beside ours", () => {
  const lines = seedTable([
    {
      label: "batch=500",
      histories: [run(0.81, 0.83), run(0.82, 0.84)],
      reference: { train: 0.816, test: 0.83 },
      keras: [run(0.8, 0.8), run(0.82, 0.84), run(0.84, 0.83)],
    },
    { label: "batch=4", histories: [run(0.5, 0.6), run(0.7, 0.65)], keras: [run(0.6, 0.6)] },
  ]);
  assert.match(lines[0], /tutorial \(Keras\) +Keras mean \(seeds\)/);
  assert.match(lines[1], /0\.816 \/ 0\.830 +0\.820 \/ 0\.823 \(3\)$/);
  assert.match(lines[2], /\] +0\.600 \/ 0\.600 \(1\)$/);
  assert.equal(lines[1].indexOf("0.820 /"), lines[2].indexOf("0.600 /"));
});

Deno.test("seedSummary() and seedTable() reject empty input", () => {
  assert.throws(() => seedSummary([]), /histories must be a non-empty array, got an empty array/);
  assert.throws(() => seedTable([]), /rows must be a non-empty array/);
});
