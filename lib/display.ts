/**
 * Showing a chart in a Deno notebook so that it reliably reaches the saved
 * notebook and its HTML export.
 *
 * A chart left as a cell's last expression is shown by the kernel, but Deno
 * 2.9's kernel may send it after the cell has already ended, and then Jupyter
 * drops it (see `progress.ts` for the measurements). {@linkcode show} sends
 * the chart as `display_data` and waits until it has left the kernel.
 *
 * @module
 */
import { flush, jupyter } from "./progress.ts";

/** Anything with an SVG document, like the charts of `charts.ts`. */
export interface Showable {
  readonly svg: string;
}

/**
 * Shows a chart under the running cell, as `image/svg+xml`, and waits until
 * it has been sent. Outside the Deno kernel (`deno run`, `deno test`) it does
 * nothing.
 *
 * @param chart A chart, such as `learningCurves(history)` returns.
 * @returns A promise that resolves once the chart is sent.
 *
 * @example
 * ```ts
 * import { show } from "./display.ts";
 * await show({ svg: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>' });
 * ```
 */
export async function show(chart: Showable): Promise<void> {
  if (chart === null || typeof chart !== "object" || typeof chart.svg !== "string") {
    throw new TypeError(`Cannot show chart: chart must have an svg string, got ${typeof chart}`);
  }
  const kernel = jupyter();
  if (kernel === undefined) return; // Not in the kernel: there is no notebook to show it in.
  await kernel.display({ "image/svg+xml": chart.svg }, { raw: true });
  await flush();
}
