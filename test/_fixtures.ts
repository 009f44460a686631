/**
 * Fixtures the test files share: a small dataset, histories without their
 * wall-clock times (the only part of a run that is not deterministic), the
 * largest difference between two arrays; and for the chart tests seeded,
 * plausible training histories and blobs, checks that a chart is a standalone
 * SVG document, and SVG snapshots.
 *
 * Snapshots are files, one per chart, in `test/output/<name>.svg`, compared
 * byte for byte (one element per line, so a diff reads). After a change
 * that is meant to change a picture, look at the new SVG and write it with
 *
 * ```sh
 * UPDATE_SNAPSHOTS=1 deno test -A test/charts/*_test.ts
 * ```
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Chart } from "../lib/charts/mod.ts";
import type { Dataset, EpochLog, History } from "../lib/types.ts";
import { prepareData } from "../lib/data/data.ts";
import { join } from "node:path";
import { REPO, run } from "../tools/_jupyter.ts";

// ---------------------------------------------------------------------------
// Seeded data

/** A small seeded generator of numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rounds to 4 decimals, so snapshots do not hang on the last bits of a float. */
const round = (v: number) => Math.round(v * 1e4) / 1e4;

/** A plausible history: noisier and slower the smaller the batch; NaN from `divergeAt` on. */
export function synthHistory(
  batchSize: number,
  { seed = 0, epochs = 30, learningRate = 0.01, divergeAt = null as number | null } = {},
): History {
  const rand = mulberry32(batchSize * 1000 + seed);
  const noise = 0.25 / Math.sqrt(batchSize);
  const speed = 1 + 8 / Math.sqrt(batchSize);
  const log: EpochLog[] = [];
  for (let epoch = 1; epoch <= (divergeAt ?? epochs); epoch++) {
    const base = 0.82 - 0.45 * Math.exp(-epoch / speed);
    const accuracy = base + (rand() - 0.5) * noise;
    const valAccuracy = base - 0.005 + (rand() - 0.5) * noise;
    const bad = epoch === divergeAt;
    log.push({
      epoch,
      loss: bad ? NaN : round(1.1 - 0.8 * accuracy + rand() * noise),
      accuracy: bad ? NaN : round(accuracy),
      valLoss: bad ? NaN : round(1.12 - 0.8 * valAccuracy + rand() * noise),
      valAccuracy: bad ? NaN : round(valAccuracy),
      seconds: round(epoch * 0.3),
      updates: epoch * Math.ceil(500 / batchSize),
    });
  }
  const last = log[log.length - 1] ?? { loss: NaN, accuracy: NaN, valLoss: NaN, valAccuracy: NaN };
  return {
    batchSize,
    learningRate,
    momentum: 0.9,
    loss: "logits",
    seed,
    epochs: log,
    divergedAt: divergeAt,
    train: { loss: last.loss, accuracy: last.accuracy },
    test: { loss: last.valLoss, accuracy: last.valAccuracy },
    weights: [],
  };
}

const CENTERS = [[-2, 4], [-8, -8], [1, -1]];

/** `n` points around three centres, classes 0, 1, 2 in turn. */
export function synthBlobs(n = 90): { x: number[][]; y: number[] } {
  const rand = mulberry32(2);
  const y = Array.from({ length: n }, (_, i) => i % 3);
  const x = y.map((c) => [CENTERS[c][0] + 4 * (rand() - 0.5), CENTERS[c][1] + 4 * (rand() - 0.5)]);
  return { x: x.map((p) => p.map(round)), y };
}

/** A `steps` × `steps` grid of the nearest centre's class, from -12 by 1. */
export function synthGrid(steps = 24): { x0: number; x1: number; cls: number }[] {
  const grid = [];
  for (let i = 0; i < steps; i++) {
    for (let j = 0; j < steps; j++) {
      const x0 = -12 + i, x1 = -12 + j;
      const d = CENTERS.map((c) => (c[0] - x0) ** 2 + (c[1] - x1) ** 2);
      grid.push({ x0, x1, cls: d.indexOf(Math.min(...d)) });
    }
  }
  return grid;
}

/** The tutorial's batch sizes. */
export const BATCH_SIZES = [4, 8, 16, 32, 64, 128, 256, 450];

// ---------------------------------------------------------------------------
// SVG checks

/** How often `re` (with the g flag) matches `text`. */
export function count(text: string, re: RegExp): number {
  return [...text.matchAll(re)].length;
}

const TAG = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;

/** Checks the SVG is well-formed XML: tags balanced, attributes quoted, `&` escaped. */
export function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const [, close, name, , selfClose] of svg.matchAll(TAG)) {
    if (close) assert.equal(stack.pop(), name, `unbalanced </${name}>`);
    else if (!selfClose) stack.push(name);
  }
  assert.deepEqual(stack, [], "every element is closed");
  assert.equal(count(svg, TAG), count(svg, /<[^>]*>/g), "every tag has quoted attributes");
  assert.doesNotMatch(svg, /&(?!amp;|lt;|gt;|quot;|#\d+;)/, "every & is escaped");
}

/** Checks what every chart must be: a standalone, namespaced, displayable SVG document. */
export function assertStandalone(chart: Chart): string {
  const { svg } = chart;
  assert.match(
    svg,
    /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"( xmlns:xlink="http:\/\/www\.w3\.org\/1999\/xlink")? width="\d+(\.\d+)?" height="\d+(\.\d+)?" viewBox="0 0 [\d.]+ [\d.]+"/,
  );
  assert.ok(svg.endsWith("</svg>"));
  if (svg.includes("xlink:")) assert.ok(svg.includes("xmlns:xlink="));
  assert.doesNotMatch(svg, /<(figure|div|canvas|foreignObject|img)\b/i, "pure SVG");
  const display =
    (chart as unknown as Record<symbol, () => unknown>)[Symbol.for("Jupyter.display")];
  assert.equal(typeof display, "function");
  const bundle = display.call(chart) as Record<string, string>;
  assert.deepEqual(Object.keys(bundle), ["image/svg+xml", "text/html"]);
  assert.equal(bundle["image/svg+xml"], svg);
  // Its description: real text, in the SVG's <desc> and aria-label and as the <img alt>.
  const { description } = chart;
  assert.ok(typeof description === "string" && description.length > 20, description);
  assert.doesNotMatch(description, /undefined|NaN|\[object|No description/);
  const escaped = description.replaceAll("&", "&amp;").replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;").replaceAll('"', "&quot;");
  assert.ok(svg.includes(`<desc>${escaped}</desc>`), "the description is the SVG's <desc>");
  assert.ok(svg.includes(` role="img" aria-label="${escaped}"`), "and its aria-label");
  // The text/html: one <img> whose data: URL is the same SVG (attributes quoted with ').
  const img = /^<img class="chart" src="data:image\/svg\+xml,([^"]*)" alt="([^"]*)">$/.exec(
    bundle["text/html"],
  );
  assert.ok(img, bundle["text/html"].slice(0, 200));
  assert.equal(img[2], escaped);
  const decoded = decodeURIComponent(img[1]).replace(
    /='([^']*)'/g,
    (_, v: string) => `="${v.replaceAll("&apos;", "'")}"`,
  );
  assert.equal(decoded, svg, "the <img> shows the same SVG");
  // One style block, scoped to the outer svg's class; nested panels carry no class.
  assert.equal(count(svg, /<style>/g), 1);
  assert.match(svg, /<style>:where\(\.plot-d6a7b5\)/);
  assert.equal(count(svg, /<svg [^>]*class=/g), 1);
  assertWellFormed(svg);
  return svg;
}

/** The Plot panels nested in a chart: every `<svg …>` after the outer one, to its `</svg>`. */
export function panels(svg: string): string[] {
  return [...svg.slice(5).matchAll(/<svg [^>]*>.*?<\/svg>/g)].map((m) => m[0]);
}

/** The text of every `<text>` in the first group labelled `label`, e.g. `"y-axis tick label"`. */
export function texts(svg: string, label: string): string[] {
  const g = new RegExp(`aria-label="${label}"[^>]*>(.*?)</g>`).exec(svg);
  return g ? [...g[1].matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1]) : [];
}

/** The facets (panels of a Plot grid) of the first mark labelled `label`, each its markup. */
export function facets(svg: string, label: string): string[] {
  const at = svg.indexOf(`<g aria-label="${label}"`);
  if (at < 0) return [];
  const mark = closeElement(svg, at);
  return [...mark.slice(1).matchAll(/<g transform="translate\([^)]*\)"[^>]*>/g)].map((m) =>
    closeElement(mark, m.index! + 1)
  );
}

/** The element that opens at `at` in `svg`, up to its matching close tag. */
function closeElement(svg: string, at: number): string {
  let depth = 0;
  for (const m of svg.slice(at).matchAll(TAG)) {
    if (m[1]) depth--;
    else if (!m[4]) depth++;
    if (depth === 0) return svg.slice(at, at + m.index! + m[0].length);
  }
  return svg.slice(at);
}

// ---------------------------------------------------------------------------
// Snapshots

/**
 * The SVG with each element on its own line, except inside `<text>` (where
 * white space would be drawn): the same picture, a file a diff can read.
 */
export function prettySvg(svg: string): string {
  let out = "";
  let inText = 0;
  let last = 0;
  for (const m of svg.matchAll(/<(\/?)(\w+)[^>]*?(\/?)>/g)) {
    const [tag, close, name, selfClose] = m;
    out += svg.slice(last, m.index);
    if (inText === 0 && out !== "") out += "\n";
    out += tag;
    if (name === "text" && !selfClose) inText += close ? -1 : 1;
    last = m.index! + tag.length;
  }
  return out + svg.slice(last) + "\n";
}

/**
 * Compares a chart with its snapshot `test/output/<name>.svg`, byte for byte;
 * with `UPDATE_SNAPSHOTS=1` in the environment, writes the snapshot instead.
 */
export async function assertSnapshot(name: string, chart: Chart): Promise<void> {
  const file = new URL(`./output/${name}.svg`, import.meta.url);
  const actual = prettySvg(assertStandalone(chart));
  if (Deno.env.get("UPDATE_SNAPSHOTS") === "1") {
    await Deno.writeTextFile(file, actual);
    return;
  }
  let expected: string;
  try {
    expected = await Deno.readTextFile(file);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new Error(`No snapshot test/output/${name}.svg: write it with UPDATE_SNAPSHOTS=1`);
  }
  assert.equal(
    actual,
    expected,
    `${name}.svg changed: look at the new picture, then UPDATE_SNAPSHOTS=1 if it is meant`,
  );
}

// ---------------------------------------------------------------------------
// Training runs

/** The tutorial's blobs cut to 100 points, 50 of them for training: fits of a few epochs run in milliseconds. */
export function smallData(): Dataset {
  return prepareData({ nSamples: 100, nTrain: 50 });
}

/** A history without the `seconds` of its epochs, for comparing runs exactly. */
export function withoutSeconds<H extends History>(history: H): H {
  return { ...history, epochs: history.epochs.map(({ seconds: _, ...rest }) => rest) };
}

/** The largest absolute difference between two equally long arrays. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} and ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

// ---------------------------------------------------------------------------
// Notebooks run by the real kernel

/** A notebook for the Deno kernel whose code cells have these sources, as `.ipynb` text. */
export function kernelNotebook(sources: string[]): string {
  return JSON.stringify({
    cells: sources.map((source, i) => ({
      cell_type: "code",
      execution_count: null,
      id: `cell-${i}`,
      metadata: {},
      outputs: [],
      source,
    })),
    metadata: { kernelspec: { display_name: "Deno", language: "typescript", name: "deno" } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

/** What {@linkcode runNotebook} leaves: the run, and where its outputs are. */
export interface NotebookRun {
  /** The temporary directory; the caller removes it. */
  dir: string;
  code: number;
  /** What `deno task notebooks` printed, stdout then stderr. */
  output: string;
  /** The executed notebook's path. */
  executed: string;
}

/** Options of {@linkcode runNotebook}. */
export interface RunNotebookOptions {
  /**
   * Run the notebook where a reader's own notebook would be: in a temporary
   * directory at the top of the repository (removed by the caller, like the
   * other), so that `../lib/mod.ts` and the import map of the repository's
   * `deno.json` (`@observablehq/plot`, …) resolve as they do in `notebooks/`.
   * @default {false}
   */
  inRepo?: boolean;
}

/** Runs one notebook (`.ipynb` text) with `deno task notebooks`, in a temporary directory. */
export async function runNotebook(
  name: string,
  ipynb: string,
  options: RunNotebookOptions = {},
): Promise<NotebookRun> {
  const dir = options.inRepo
    ? await Deno.makeTempDir({ dir: REPO, prefix: ".notebook_fixture_" })
    : await Deno.makeTempDir({ prefix: "notebook_fixture_" });
  // In the repo the notebook sits right in `dir`, one level down like `notebooks/`.
  const notebooks = options.inRepo ? dir : join(dir, "notebooks");
  if (!options.inRepo) await Deno.mkdir(notebooks);
  await Deno.writeTextFile(join(notebooks, `${name}.ipynb`), ipynb);
  const result = await run([
    Deno.execPath(),
    "task",
    "notebooks",
    "--notebooks",
    notebooks,
    "--out",
    join(dir, "out"),
  ], { capture: true, quiet: true, env: { NO_COLOR: "1" } });
  return {
    dir,
    code: result.code,
    output: result.stdout + result.stderr,
    executed: join(dir, "out", `${name}.ipynb`),
  };
}
