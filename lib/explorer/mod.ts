/**
 * The explorer: the tutorial's training live in the page.
 * {@linkcode explorer} returns one self-contained `text/html` output (the
 * engine's WebAssembly, the data and the scripts embedded; nothing fetched)
 * whose controls set the batch size, learning rate, momentum, seeds, epochs
 * and loss, and which trains each setting in a Web Worker on `fitSeeds`'
 * engine, drawing the mean and min–max band of the seeds as they train.
 * Where scripts cannot run, it shows a static chart of its first setting.
 *
 * - `explorer.ts`: {@linkcode explorer}, {@linkcode ExplorerOptions}, {@linkcode Explorer}.
 * - `_config.ts`: the settings' ranges and presets, and the URL hash format (shared with the page).
 * - `_page/`: the page and worker scripts, bundled by `deno task setup` (`_build.ts`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { explorer } from "./mod.ts";
 * const ex = await explorer({ batchSize: 32, seeds: 2, epochs: 2 });
 * assert.ok(ex.html.startsWith('<div class="bsx-explorer"'));
 * ex; // the last expression of a notebook cell is shown as text/html
 * ```
 *
 * @module
 */
export * from "./explorer.ts";
