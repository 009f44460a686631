/**
 * The start page `deno task notebooks` writes as `index.html`, and the
 * previous/next links of every notebook page, from what the run produced:
 * each notebook's title and first "What we learned" point, and the seed
 * tables the notebooks showed (their numbers travel as output metadata,
 * `batch_size_results`, written by `trainSeeds`/`trainSeedTable` in
 * `lib/training/lesson.ts`). Nothing here is typed by hand but the page's
 * introduction.
 *
 * @module
 */
import { type Notebook, text } from "./_ipynb.ts";
import type { SeedResult } from "../lib/training/lesson.ts";
import { tutorial } from "../lib/data/tutorial.ts";

/**
 * The output metadata key of seed tables: `RESULTS_METADATA` of
 * `lib/training/lesson.ts`, repeated here so that this tool does not load
 * TensorFlow.js (a test checks they agree).
 */
export const RESULTS_KEY = "batch_size_results";

/** What the start page says about one notebook. */
export interface PageEntry {
  /** File name without `.ipynb`, e.g. `03_stochastic_gradient_descent`. */
  name: string;
  title: string;
  /** The first point of its "What we learned", as Markdown; empty if it has none. */
  finding: string;
  /** Seconds its run took, and the nbconvert that ran it. */
  seconds: number;
  nbconvert: string;
}

/** A seed-table row of the run, with the notebook that showed it. */
export interface RunResult extends SeedResult {
  notebook: string;
}

/** Escapes text for HTML. */
export function escapeHtml(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/**
 * The first point of a notebook's closing "## What we learned" list, its
 * lines joined, as Markdown; empty when there is none.
 */
export function firstFinding(nb: Notebook): string {
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    const source = text(cell.source);
    const heading = /^##\s+What we learned\s*$/m.exec(source);
    if (!heading) continue;
    const rest = source.slice(heading.index + heading[0].length);
    const bullet = /^[-*]\s+([\s\S]*?)(?=^[-*]\s|^\S|(?![\s\S]))/m.exec(rest);
    return bullet ? bullet[1].split(/\s+/).join(" ").trim() : "";
  }
  return "";
}

/** Every seed-table row a notebook showed, in order (see {@linkcode RESULTS_KEY}). */
export function notebookResults(nb: Notebook, name: string): RunResult[] {
  const results: RunResult[] = [];
  for (const cell of nb.cells) {
    for (const output of cell.outputs ?? []) {
      const rows = output.metadata?.[RESULTS_KEY];
      if (!Array.isArray(rows)) continue;
      for (const row of rows as SeedResult[]) results.push({ ...row, notebook: name });
    }
  }
  return results;
}

/**
 * The rows of the start page's results table: one per configuration (batch
 * size, learning rate, epochs), the one trained with the most seeds (the
 * first such, in notebook order); the tutorial's four configurations first,
 * in its order and by its names, then the rest by batch size and learning
 * rate.
 */
export function resultsTable(results: readonly RunResult[]): RunResult[] {
  const chosen = new Map<string, RunResult>();
  for (const row of results) {
    const key = `${row.batchSize}|${row.learningRate}|${row.epochs}`;
    const held = chosen.get(key);
    if (held === undefined || row.seeds > held.seeds) chosen.set(key, row);
  }
  const rank = (row: RunResult) => {
    const i = tutorial.configurations.findIndex((c) =>
      c.batchSize === row.batchSize && c.learningRate === row.learningRate
    );
    return i < 0 ? tutorial.configurations.length : i;
  };
  // A tutorial configuration goes by the tutorial's name, whichever notebook trained it.
  const named = [...chosen.values()].map((row) => {
    const i = rank(row);
    return i < tutorial.configurations.length
      ? { ...row, label: tutorial.configurations[i].label }
      : row;
  });
  return named.sort((a, b) =>
    rank(a) - rank(b) || a.batchSize - b.batchSize || a.learningRate - b.learningRate ||
    a.epochs - b.epochs
  );
}

/** Inline Markdown (code, emphasis, links) as HTML, for a finding. */
export function inlineMarkdown(markdown: string): string {
  return escapeHtml(markdown)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[\s(])_([^_]+)_(?=[\s).,;:]|$)/g, "$1<em>$2</em>")
    .replace(/\[([^\]]+)\]\(([\w-]+)\.ipynb(#[^)]*)?\)/g, '<a href="$2.html$3">$1</a>')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1");
}

const f3 = (value: number) => value.toFixed(3);

function resultsHtml(rows: readonly RunResult[], titles: Map<string, string>): string {
  if (rows.length === 0) {
    return "<p>No notebook of this run showed a seed table, so there are no results to list.</p>";
  }
  const body = rows.map((row) => {
    const page = `${encodeURIComponent(row.notebook)}.html`;
    const title = titles.get(row.notebook) ?? row.notebook;
    const number = /^0*(\d+)_/.exec(row.notebook)?.[1];
    return `<tr><td>${escapeHtml(row.label)}</td>` +
      `<td class="num">${f3(row.test.mean)} <span class="range">[${f3(row.test.min)}–${
        f3(row.test.max)
      }]</span></td>` +
      `<td class="num">${f3(row.train.mean)}</td>` +
      `<td class="num">${row.reference ? `${f3(row.reference.test)}` : ""}</td>` +
      `<td class="num">${row.reference ? `${f3(row.reference.train)}` : ""}</td>` +
      `<td class="num">${row.keras ? `${f3(row.keras.test)} (${row.keras.runs})` : ""}</td>` +
      `<td class="num">${row.seeds} × ${row.epochs}</td>` +
      `<td><a href="${page}" title="${escapeHtml(title)}">${
        number === undefined ? escapeHtml(title) : `notebook ${number}`
      }</a></td></tr>`;
  });
  return `<table class="results">
<thead><tr><th>configuration</th><th>ours: test, mean [min–max]</th><th>ours: train</th>` +
    `<th>tutorial: test</th><th>tutorial: train</th><th>Keras: test (runs)</th>` +
    `<th>seeds × epochs</th><th>from</th></tr></thead>
<tbody>
${body.join("\n")}
</tbody>
</table>`;
}

/** Options of {@linkcode startPage}. */
export interface StartPageOptions {
  /** Extra pages to link beside the notebooks (e.g. `explore.html`), as [href, text]. */
  extras?: [string, string][];
}

/**
 * The start page: what the notebooks teach, the results table of this run
 * (ours against the tutorial's single runs and Keras' runs of its code), and
 * one line per notebook with what it finds.
 *
 * @param entries The notebooks whose pages exist, in reading order.
 * @param results Every seed-table row the run's notebooks showed.
 * @param options `extras`: other pages to link.
 * @returns The HTML document.
 */
export function startPage(
  entries: readonly PageEntry[],
  results: readonly RunResult[],
  options: StartPageOptions = {},
): string {
  const titles = new Map(entries.map((e) => [e.name, e.title]));
  const items = entries.map((entry) => {
    const html = encodeURIComponent(`${entry.name}.html`);
    const ipynb = encodeURIComponent(`${entry.name}.ipynb`);
    const finding = entry.finding === ""
      ? ""
      : `<div class="finding">${inlineMarkdown(entry.finding)}</div>`;
    return `<li><a href="${html}">${escapeHtml(entry.title)}</a>${finding}` +
      `<div class="meta">${escapeHtml(entry.name)}.ipynb, ran in ${
        entry.seconds.toFixed(1)
      } s with nbconvert ${
        escapeHtml(entry.nbconvert)
      } (<a href="${ipynb}">notebook</a>)</div></li>`;
  });
  const extras = (options.extras ?? []).map(([href, label]) =>
    `<li><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></li>`
  );
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Batch-size notebooks for Deno</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
ol.notebooks { padding-left: 1.5rem; }
ol.notebooks li { margin: 0.8rem 0; }
.finding { margin-top: 0.2rem; }
.meta { color: #666; font-size: 0.85em; }
table.results { border-collapse: collapse; font-size: 0.9em; }
table.results th, table.results td { padding: 0.2rem 0.5rem; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
table.results td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.range { color: #666; }
</style>
</head>
<body>
<h1>Batch-size notebooks for Deno</h1>
<p>How the batch size controls the speed and the stability of training a neural network, in
TypeScript notebooks run by the Deno kernel with TensorFlow.js. Notebooks 1 to 5 rebuild, step by
step, the program of Jason Brownlee's tutorial <em>How to Control the Stability of Training Neural
Networks With the Batch Size</em> (2019): the blobs, the model, batch, stochastic and minibatch
gradient descent, and its grid of eight batch sizes. Notebooks 6 to 14 test what the tutorial
claims and what its readers asked: how many seeds a comparison needs, time against updates against
epochs, the noise of the gradient, the learning rate, batch-size schedules, many classes,
ensembles, gradient accumulation, and sharp and flat minima. Each page below is a notebook as it
last ran.</p>
<h2>Results: ours beside the tutorial's</h2>
<p>Final accuracies after training, from the seed tables the notebooks of this run showed: the mean
and range over our seeds, the single run the tutorial printed (where it printed one), and the mean
of runs of the tutorial's own code with Keras (their number in brackets).</p>
${resultsHtml(resultsTable(results), titles)}
<h2>The notebooks</h2>
<ol class="notebooks">
${items.join("\n")}
</ol>
${
    extras.length > 0
      ? `<h2>More</h2>\n<ul class="extras">\n${extras.join("\n")}\n</ul>\n`
      : ""
  }</body>
</html>
`;
}

/** The class of the previous/next links {@linkcode addPager} puts on a page. */
export const PAGER_CLASS = "pager";

/**
 * Puts previous/next links and a link to the start page at the top and the
 * bottom of a notebook's HTML page (replacing those of an earlier run).
 *
 * @param html The page.
 * @param previous The previous notebook's page name and title, if any.
 * @param next The next notebook's, if any.
 * @returns The page with its links.
 */
export function addPager(
  html: string,
  previous: { name: string; title: string } | undefined,
  next: { name: string; title: string } | undefined,
): string {
  const link = (page: { name: string; title: string }, rel: string, arrow: string) =>
    `<a rel="${rel}" href="${encodeURIComponent(page.name)}.html">${
      rel === "prev" ? `${arrow} ` : ""
    }${escapeHtml(page.title)}${rel === "next" ? ` ${arrow}` : ""}</a>`;
  const nav = `<nav class="${PAGER_CLASS}" style="display:flex;justify-content:space-between;` +
    `gap:1rem;max-width:1200px;margin:0.5rem auto;padding:0 1rem;font-family:system-ui,sans-serif;` +
    `font-size:0.9rem">` +
    `<span>${previous ? link(previous, "prev", "←") : ""}</span>` +
    `<a href="index.html">All notebooks</a>` +
    `<span>${next ? link(next, "next", "→") : ""}</span></nav>`;
  // Each link bar comes after a line break of its own, so removing it restores the page.
  const clean = html.replace(new RegExp(`\\n<nav class="${PAGER_CLASS}"[^]*?</nav>`, "g"), "");
  return clean.replace(/<body([^>]*)>/, (body) => `${body}\n${nav}`)
    .replace(/<\/body>/, `\n${nav}</body>`);
}
