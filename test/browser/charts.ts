/**
 * The charts a saved notebook holds, as the tests check them: each chart
 * output (`image/svg+xml`), the `<img>` its `text/html` carries (what
 * JupyterLab shows, trusted or not) and its description (the output's
 * `metadata["image/svg+xml"].alt`).
 *
 * @module
 */
import { type Notebook, text } from "../../tools/_ipynb.ts";

/** What nbconvert 7 writes as the `alt` of an image that has none. */
export const NO_ALT = "No description has been provided for this image";

/** One chart output of a notebook. */
export interface ChartOutput {
  svg: string;
  /** Its `text/html`, or `undefined` when it has none (an SVG alone). */
  html: string | undefined;
  /** Its `metadata["image/svg+xml"].alt`, or `undefined`. */
  alt: string | undefined;
}

/** Every output with an `image/svg+xml`, in order. */
export function chartOutputs(nb: Notebook): ChartOutput[] {
  const charts: ChartOutput[] = [];
  for (const cell of nb.cells) {
    for (const output of cell.outputs ?? []) {
      const svg = output.data?.["image/svg+xml"];
      if (svg === undefined) continue;
      const html = output.data?.["text/html"];
      const meta = output.metadata?.["image/svg+xml"] as { alt?: unknown } | undefined;
      charts.push({
        svg: text(svg),
        html: html === undefined ? undefined : text(html),
        alt: typeof meta?.alt === "string" ? meta.alt : undefined,
      });
    }
  }
  return charts;
}

/** Why `alt` is not a real description of a chart, or `undefined` when it is one. */
export function badAlt(alt: string | null | undefined): string | undefined {
  if (alt === null || alt === undefined) return "no alt";
  if (alt === NO_ALT) return `nbconvert's placeholder "${NO_ALT}"`;
  if (alt.trim().length < 20) return `too short to say what the chart shows: "${alt}"`;
  if (/undefined|NaN|\[object/.test(alt)) return `a value is missing: "${alt}"`;
  return undefined;
}
