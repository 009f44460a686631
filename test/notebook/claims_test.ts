import assert from "node:assert/strict";
import { claim, ClaimError, judge, STRICT_CLAIMS } from "../../lib/notebook/claims.ts";

Deno.test("judge() prints ✓ or ✗, the sentence and its figures", () => {
  const held = judge("batch 4 is faster", { figures: { "batch 4": 3, "batch 1": 7 }, holds: true });
  assert.equal(held.line, "✓ batch 4 is faster (batch 4: 3, batch 1: 7)");
  const failed = judge("the seeds agree", {
    figures: { range: 0.123456, of: "10 seeds" },
    holds: false,
  });
  assert.equal(failed.line, "✗ the seeds agree (range: 0.123, of: 10 seeds)");
  assert.equal(failed.holds, false);
});

Deno.test("claim() throws on a claim that does not hold only in strict mode, naming the notebook", async () => {
  const previous = Deno.env.get(STRICT_CLAIMS);
  try {
    Deno.env.delete(STRICT_CLAIMS);
    // Not strict: it prints ✗ and goes on.
    await claim("two is less than one", { figures: { two: 2, one: 1 }, holds: false });
    Deno.env.set(STRICT_CLAIMS, "05_batch_size_grid.ipynb");
    await assert.rejects(
      () => claim("two is less than one", { figures: { two: 2, one: 1 }, holds: false }),
      (error: Error) =>
        error instanceof ClaimError &&
        error.message ===
          "A claim does not hold in 05_batch_size_grid.ipynb: ✗ two is less than one (two: 2, one: 1)",
    );
    await claim("one is less than two", { figures: { one: 1, two: 2 }, holds: true });
  } finally {
    if (previous === undefined) Deno.env.delete(STRICT_CLAIMS);
    else Deno.env.set(STRICT_CLAIMS, previous);
  }
});

Deno.test("judge() rejects a claim without a sentence, figures or a boolean verdict", () => {
  assert.throws(
    () => judge("", { figures: { a: 1 }, holds: true }),
    /sentence must be a non-empty/,
  );
  assert.throws(() => judge("x", { figures: {}, holds: true }), /figures must name at least one/);
  assert.throws(
    () => judge("x", { figures: { a: 1 }, holds: 1 as unknown as boolean }),
    /holds must be a boolean, got number/,
  );
  assert.throws(
    () => judge("x", { figures: { a: [1] as unknown as number }, holds: true }),
    /figures\.a must be a number or a string, got object/,
  );
});
