/**
 * Notebook output: what the library writes into a Deno Jupyter notebook, so
 * that it reaches the saved notebook and its HTML export.
 *
 * Which file does what:
 * - `progress.ts`: {@linkcode progress} shows a long fit's progress in place;
 *   {@linkcode say} prints a result line that is never dropped.
 * - `claims.ts`: {@linkcode claim} checks a sentence of the narrative against
 *   the figures it rests on and prints the verdict beside it.
 * - `display.ts`: {@linkcode show} displays a chart, {@linkcode showTable} a
 *   table (Markdown with a text fallback).
 * - `_iopub.ts` (private): waits until the kernel has published a cell's
 *   output, a workaround for the Deno 2.9 kernel reporting a cell idle before
 *   its output is sent; its module doc says which Deno versions need it and
 *   `test/notebook/late_output_test.ts` tells when it can go.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { judge, markdownTable } from "./mod.ts";
 * const result = judge("batch 32 ends above 0.8", { figures: { "test accuracy": 0.8164 }, holds: true });
 * assert.equal(result.line, "✓ batch 32 ends above 0.8 (test accuracy: 0.816)");
 * assert.equal(markdownTable(["batch"], [[32]]), "| batch |\n| ---: |\n| 32 |");
 * ```
 *
 * @module
 */
export * from "./progress.ts";
export * from "./claims.ts";
export * from "./display.ts";
