/**
 * A document for Observable Plot to draw into, in the kernel.
 *
 * @module
 */
import { parseHTML } from "linkedom";
import type * as Plot from "@observablehq/plot";

/**
 * A document for Observable Plot to draw into: Deno has no DOM, so
 * `Plot.plot` needs one passed as its `document` option. This is a linkedom
 * document, the one `lib/charts` draws its charts with. Introduced by
 * notebook 2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as Plot from "@observablehq/plot";
 * import { plotDocument } from "./plot_document.ts";
 * const svg = Plot.plot({ document: plotDocument, marks: [Plot.lineY([1, 3, 2])] });
 * assert.match(svg.outerHTML, /^<svg/);
 * ```
 */
export const plotDocument: NonNullable<Plot.PlotOptions["document"]> = (parseHTML(
  "<!DOCTYPE html><html><head></head><body></body></html>",
) as unknown as { document: NonNullable<Plot.PlotOptions["document"]> }).document;
