import assert from "node:assert/strict";
import { seedSummary, seedTable } from "../../lib/stats/summary.ts";
import type { History } from "../../lib/types.ts";

const run = (train: number, test: number) =>
  ({ train: { loss: 0, accuracy: train }, test: { loss: 0, accuracy: test } }) as History;

Deno.test("seedSummary() gives mean, min and max of the final accuracies", () => {
  const s = seedSummary([run(0.8, 0.7), run(0.9, 0.75), run(0.7, 0.8)]);
  assert.equal(s.seeds, 3);
  assert.ok(Math.abs(s.train.mean - 0.8) < 1e-12);
  assert.deepEqual([s.train.min, s.train.max, s.test.min, s.test.max], [0.7, 0.9, 0.7, 0.8]);
});

Deno.test("seedTable() gives one row per configuration, with the tutorial's run where given", () => {
  const table = seedTable([
    {
      label: "batch=500, lr=0.01",
      histories: [run(0.81, 0.83), run(0.82, 0.84)],
      reference: { train: 0.816, test: 0.83 },
    },
    { label: "batch=1, lr=0.01", histories: [run(0.5, 0.6), run(0.7, 0.65)] },
  ]);
  assert.deepEqual(table.columns, [
    "configuration",
    "seeds",
    "train: mean [min–max]",
    "test: mean [min–max]",
    "tutorial (1 Keras run)",
  ]);
  assert.deepEqual(table.rows, [
    ["batch=500, lr=0.01", 2, "0.815 [0.810–0.820]", "0.835 [0.830–0.840]", "0.816 / 0.830"],
    ["batch=1, lr=0.01", 2, "0.600 [0.500–0.700]", "0.625 [0.600–0.650]", ""],
  ]);
});

Deno.test("seedTable() gives Keras' mean accuracies and seed count beside ours, blank where none", () => {
  const table = seedTable([
    {
      label: "batch=500",
      histories: [run(0.81, 0.83), run(0.82, 0.84)],
      keras: [run(0.8, 0.8), run(0.82, 0.84), run(0.84, 0.83)],
    },
    { label: "batch=4", histories: [run(0.5, 0.6), run(0.7, 0.65)], keras: [] },
  ]);
  assert.equal(table.columns.at(-1), "Keras: mean train / test (seeds)");
  assert.deepEqual(table.rows.map((r) => r.at(-1)), ["0.820 / 0.823 (3)", ""]);
});

Deno.test("seedSummary() and seedTable() reject empty input", () => {
  assert.throws(() => seedSummary([]), /histories must be a non-empty array, got an empty array/);
  assert.throws(() => seedTable([]), /rows must be a non-empty array/);
});
