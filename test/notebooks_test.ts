/**
 * The notebooks, end to end: `deno task notebooks` runs them all ONCE (into a
 * temporary directory) with the real Deno kernel, and every test below checks
 * that one run's output: clean outputs, charts, result lines, final progress
 * states, the HTML pages in headless Chromium (nbconvert 7.17 and Debian's
 * 6.5), and `deno check` of the notebooks' code. JupyterLab runs them in
 * `jupyterlab_test.ts`.
 *
 * `NOTEBOOKS_DIR` points the tests at another directory of notebooks, one beside
 * `notebooks/` (they import `../lib/mod.ts`), e.g. a copy of just the notebook at hand.
 */
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { DEBIAN_PYTHON, htmlExportArgs, REPO, run, VENV_PYTHON } from "../tools/_jupyter.ts";
import { assertSetUp } from "../tools/setup.ts";
import {
  checkNotebooks,
  codeLines,
  type Notebook,
  outputTexts,
  readNotebook,
  svgOutputs,
  text,
} from "../tools/_ipynb.ts";
import { runDigest } from "../tools/_inputs.ts";
import { PROGRESS_METADATA } from "../lib/notebook/progress.ts";
import { inspectImages, inspectSvgsAsImages, launch } from "./browser/chromium.ts";
import { badAlt, chartOutputs, NO_ALT } from "./browser/charts.ts";

// `deno task test` sets up before any test starts; this file run alone needs that done.
await assertSetUp();

const NOTEBOOKS_DIR = Deno.env.get("NOTEBOOKS_DIR") ?? join(REPO, "notebooks");
const NOTEBOOKS: string[] = [...Deno.readDirSync(NOTEBOOKS_DIR)]
  .filter((entry) => entry.isFile && entry.name.endsWith(".ipynb"))
  .map((entry) => join(NOTEBOOKS_DIR, entry.name))
  .sort();
const NAMES = NOTEBOOKS.map((path) => basename(path, ".ipynb"));

/** The one run of `deno task notebooks` that every test checks. */
interface NotebooksRun {
  out: string;
  code: number;
  output: string;
  seconds: number;
}

/**
 * The run that `deno task notebooks` saved in `out/`, copied to a temporary
 * directory, when it ran every notebook on exactly the inputs of this tree
 * (`runs.json` records each run's {@linkcode runDigest}): a seeded run on the
 * same inputs gives the same output, so checking it again is enough. `.ci/run`
 * runs `deno task notebooks` just before `deno task test`, which so runs the
 * notebooks once, not twice. `NOTEBOOKS_RERUN=1` (or `NOTEBOOKS_DIR`) always
 * runs them anew.
 */
async function savedRun(): Promise<NotebooksRun | undefined> {
  if (Deno.env.get("NOTEBOOKS_DIR") !== undefined || Deno.env.get("NOTEBOOKS_RERUN") === "1") {
    return undefined;
  }
  const saved = join(REPO, "out");
  let runs: Record<string, { inputs?: string; seconds: number }>;
  try {
    runs = JSON.parse(await Deno.readTextFile(join(saved, "runs.json")));
  } catch {
    return undefined;
  }
  const version =
    (await run([VENV_PYTHON, "-m", "nbconvert", "--version"], { capture: true, quiet: true }))
      .stdout.trim();
  for (const [i, name] of NAMES.entries()) {
    if (runs[name]?.inputs !== await runDigest(NOTEBOOKS[i], version)) return undefined;
  }
  const out = await Deno.makeTempDir({ prefix: "notebooks_out_" });
  for await (const entry of Deno.readDir(saved)) {
    if (entry.isFile) await Deno.copyFile(join(saved, entry.name), join(out, entry.name));
  }
  const times = NAMES.map((name) => `  ${runs[name].seconds.toFixed(1).padStart(7)} s  ${name}`);
  const seconds = NAMES.reduce((sum, name) => sum + runs[name].seconds, 0);
  console.log(`Checking the run deno task notebooks saved in ${saved}: its inputs are this tree's`);
  return { out, code: 0, output: times.join("\n"), seconds };
}

let notebooksRun: Promise<NotebooksRun> | undefined;
/** Starts `deno task notebooks` the first time it is called; later calls share that run. */
function runNotebooks(): Promise<NotebooksRun> {
  notebooksRun ??= (async () => {
    const reused = await savedRun();
    if (reused !== undefined) return reused;
    const out = await Deno.makeTempDir({ prefix: "notebooks_out_" });
    const result = await run(
      [
        Deno.execPath(),
        "task",
        "notebooks",
        "--jobs",
        "2",
        "--out",
        out,
        "--notebooks",
        NOTEBOOKS_DIR,
        ...NAMES,
      ],
      { capture: true, quiet: true, env: { NO_COLOR: "1" } },
    );
    return {
      out,
      code: result.code,
      output: result.stdout + result.stderr,
      seconds: result.seconds,
    };
  })();
  return notebooksRun;
}

/** The run, which must have succeeded. */
async function succeededRun(): Promise<NotebooksRun> {
  const result = await runNotebooks();
  assert.equal(result.code, 0, `deno task notebooks failed:\n${result.output}`);
  return result;
}

async function executed(name: string): Promise<Notebook> {
  return await readNotebook(join((await succeededRun()).out, `${name}.ipynb`));
}

/** This file's tests start processes and browsers that outlive a single await. */
const options = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "notebooks exist in reading order",
  ...options,
  fn() {
    runNotebooks(); // Start the one run now: the next tests overlap with it.
    assert.ok(NOTEBOOKS.length > 0, `no notebook in ${NOTEBOOKS_DIR}`);
    for (const name of NAMES) assert.match(name, /^\d\d_[a-z0-9_]+$/, "numbered snake_case names");
  },
});

Deno.test({
  name: "notebooks write formulas without TeX, which the offline HTML pages would show as written",
  ...options,
  async fn() {
    // The HTML template loads no MathJax (nothing is fetched): `$-\log p_y$` would reach the
    // reader as those characters. Formulas are written with Unicode and <sub>/<sup> instead.
    const TEX = /\$[^$\n]*[\\^_{}][^$\n]*\$/;
    const found: string[] = [];
    for (const path of NOTEBOOKS) {
      (await readNotebook(path)).cells.forEach((cell, i) => {
        const source = text(cell.source);
        const match = cell.cell_type === "markdown" ? TEX.exec(source) : null;
        if (match) found.push(`${basename(path)} cell ${i}: ${match[0]}`);
      });
    }
    assert.deepEqual(found, []);
  },
});

/**
 * Notebooks whose claim cells are not folded yet, while their rewrite (issue 18) is under way
 * on other branches. Empty it as they arrive.
 */
const CLAIMS_NOT_YET_FOLDED = [
  "01_",
  "02_",
  "06_",
  "07_",
  "08_",
  "09_",
  "10_",
  "11_",
  "12_",
  "13_",
  "14_",
];

Deno.test({
  name: "every cell that checks claims is tagged 'claims' and folded (jupyter.source_hidden)",
  ...options,
  async fn() {
    const unfolded: string[] = [];
    for (const path of NOTEBOOKS) {
      const name = basename(path, ".ipynb");
      if (CLAIMS_NOT_YET_FOLDED.some((prefix) => name.startsWith(prefix))) continue;
      const nb = await readNotebook(path);
      for (const index of codeLines(nb).unfoldedClaims) unfolded.push(`${name} cell ${index + 1}`);
      nb.cells.forEach((cell, index) => {
        const tags = (cell.metadata?.tags ?? []) as string[];
        const hidden = (cell.metadata?.jupyter as { source_hidden?: boolean } | undefined)
          ?.source_hidden === true;
        if (tags.includes("claims") !== hidden) {
          unfolded.push(`${name} cell ${index + 1}: the tag and source_hidden go together`);
        }
      });
    }
    assert.deepEqual(unfolded, []);
  },
});

Deno.test({
  name: "notebooks' code cells type-check with deno check",
  ...options,
  async fn() {
    const results = await checkNotebooks(NOTEBOOKS, join(REPO, "deno.json"));
    const failed = results.filter((result) => !result.ok);
    assert.deepEqual(
      failed.map((result) => `${basename(result.notebook)}:\n${result.output}`),
      [],
    );
  },
});

Deno.test({
  name:
    "deno task notebooks executes every notebook into a trusted ipynb, an HTML page and index.html",
  ...options,
  async fn() {
    const { out, output, seconds } = await succeededRun();
    const times = output.split("\n").filter((line) => /^\s+[\d.]+ s {2}/.test(line));
    console.log(`deno task notebooks took ${seconds.toFixed(1)} s:\n${times.join("\n")}`);
    for (const name of NAMES) {
      await Deno.stat(join(out, `${name}.ipynb`));
      await Deno.stat(join(out, `${name}.html`));
    }
    const index = await Deno.readTextFile(join(out, "index.html"));
    for (const name of NAMES) {
      assert.ok(index.includes(`href="${name}.html"`), `index links ${name}`);
    }
    // The start page's results come from the seed tables the run showed.
    if (NAMES.some((name) => name.startsWith("05_"))) {
      assert.match(index, /<table class="results">[^]*SGD: batch=1, lr=0\.01/);
    }
    for (const [i, name] of NAMES.entries()) {
      const page = await Deno.readTextFile(join(out, `${name}.html`));
      if (i > 0) assert.ok(page.includes(`rel="prev" href="${NAMES[i - 1]}.html"`), `${name} prev`);
      if (i < NAMES.length - 1) {
        assert.ok(page.includes(`rel="next" href="${NAMES[i + 1]}.html"`), `${name} next`);
      }
    }
    const trusted = await run([
      VENV_PYTHON,
      "-c",
      "import sys, nbformat\nfrom nbformat.sign import NotebookNotary\nn = NotebookNotary()\n" +
      "print(' '.join(str(n.check_signature(nbformat.read(p, 4))) for p in sys.argv[1:]))",
      ...NAMES.map((name) => join(out, `${name}.ipynb`)),
    ], { capture: true, quiet: true });
    assert.equal(trusted.stdout.trim(), NAMES.map(() => "True").join(" "), "notebooks are trusted");
  },
});

/** Text no cell should ever show: kernel banners, download lines, colour codes. */
const NOISE = [
  // deno-lint-ignore no-control-regex
  /\x1b\[/, // ANSI escape codes
  /\bInitialize\b/,
  /\bDownload\b/,
  /TensorFlow\.js in Node\.js/, // tfjs' banner
  /"deno jupyter" is unstable/,
];

Deno.test({
  name: "every notebook runs with no error output and no stderr noise",
  ...options,
  async fn() {
    for (const name of NAMES) {
      const nb = await executed(name);
      nb.cells.forEach((cell, index) => {
        for (const output of cell.outputs ?? []) {
          const where = `${name} cell ${index + 1}`;
          assert.notEqual(
            output.output_type,
            "error",
            `${where} raised ${output.ename}: ${output.evalue}`,
          );
          assert.ok(
            !(output.output_type === "stream" && output.name === "stderr"),
            `${where} wrote to stderr: ${text(output.text)}`,
          );
        }
      });
      for (const shown of outputTexts(nb)) {
        for (const noise of NOISE) {
          assert.doesNotMatch(shown, noise, `${name} shows noise: ${JSON.stringify(shown)}`);
        }
      }
    }
  },
});

Deno.test({
  name: "every notebook shows at least one chart, an image/svg+xml output with xmlns",
  ...options,
  async fn() {
    for (const name of NAMES) {
      const svgs = svgOutputs(await executed(name));
      assert.ok(svgs.length > 0, `${name} shows no chart`);
      for (const svg of svgs) {
        assert.match(
          svg,
          /^\s*<svg\b[^>]*\sxmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
          `${name}: SVG with xmlns`,
        );
      }
    }
  },
});

Deno.test({
  name: "every chart carries its description and an <img> that an untrusted notebook shows",
  ...options,
  async fn() {
    for (const name of NAMES) {
      chartOutputs(await executed(name)).forEach((chart, i) => {
        const where = `${name} chart ${i + 1}`;
        assert.equal(badAlt(chart.alt), undefined, `${where}: metadata["image/svg+xml"].alt`);
        // JupyterLab prefers text/html and shows it sanitized when the notebook is not
        // trusted: an <img> with a data: URL, where an image/svg+xml alone shows nothing.
        const img = /^<img class="chart" src="data:image\/svg\+xml,[^"]+" alt="([^"]*)">$/.exec(
          chart.html ?? "",
        );
        assert.ok(img, `${where}: text/html is the chart's <img>: ${chart.html?.slice(0, 80)}`);
        const alt = img[1].replaceAll("&quot;", '"').replaceAll("&lt;", "<")
          .replaceAll("&gt;", ">").replaceAll("&amp;", "&");
        assert.equal(alt, chart.alt, `${where}: the <img alt> is the description`);
        assert.ok(
          chart.svg.includes(`<desc>`) && chart.svg.includes(' role="img" aria-label="'),
          `${where}: the SVG carries the description`,
        );
      });
    }
  },
});

Deno.test({
  name: "notebook 01 prints class counts and notebooks 02+ print Train/Test accuracy lines",
  ...options,
  async fn() {
    for (const name of NAMES) {
      const shown = outputTexts(await executed(name)).join("\n");
      // By name, not position, so that NOTEBOOKS_DIR may hold a few notebooks without 01.
      if (name.startsWith("01_")) {
        // Class counts: a line of three or more counts adding up to a split (500) or all (1000).
        const counts = shown.split("\n").find((line) => {
          const numbers = (line.match(/\b\d+\b/g) ?? []).map(Number);
          const sum = numbers.reduce((a, b) => a + b, 0);
          return numbers.length >= 3 && (sum === 500 || sum === 1000);
        });
        assert.match(shown, /class/i, `${name} does not mention classes:\n${shown}`);
        assert.ok(counts !== undefined, `${name} prints no class counts:\n${shown}`);
      } else {
        assert.match(
          shown,
          /Train: [01]\.\d{3}, Test: [01]\.\d{3}/,
          `${name} prints no result line`,
        );
      }
    }
  },
});

/** Lines of text a notebook prints (streams, and plain displays with no rendered form). */
function printedLines(nb: Notebook): string[][] {
  const blocks: string[][] = [];
  for (const cell of nb.cells) {
    for (const output of cell.outputs ?? []) {
      if (output.output_type === "stream") blocks.push(text(output.text).split("\n"));
      else if (output.data?.["text/markdown"] === undefined && output.data?.["text/plain"]) {
        blocks.push(text(output.data["text/plain"]).split("\n"));
      }
    }
  }
  return blocks;
}

/** Whether a line reads as a row of a hand-aligned table: three or more cells split by runs of spaces. */
const TABLE_ROW = /\S\s{2,}\S.*\S\s{2,}\S/;

Deno.test({
  name: "no notebook prints a hand-padded text table (tables are rendered tables)",
  ...options,
  async fn() {
    for (const name of NAMES) {
      for (const lines of printedLines(await executed(name))) {
        lines.forEach((_, i) => {
          const run = lines.slice(i, i + 3);
          assert.ok(
            !(run.length === 3 && run.every((line) => TABLE_ROW.test(line))),
            `${name} prints a text table; use showTable:\n${run.join("\n")}`,
          );
        });
      }
    }
  },
});

Deno.test({
  name: "progress displays in the saved notebooks show their final state",
  ...options,
  async fn() {
    for (const name of NAMES) {
      const nb = await executed(name);
      for (const cell of nb.cells) {
        for (const output of cell.outputs ?? []) {
          const state = output.metadata?.[PROGRESS_METADATA];
          if (state === undefined) continue;
          assert.equal(
            state,
            "done",
            `${name}: a progress display was saved mid-run: ${text(output.data?.["text/plain"])}`,
          );
        }
      }
    }
  },
});

/** The header cells of every markdown table that a notebook's outputs show (e.g. from `showTable`). */
function markdownTableOutputs(nb: Notebook): string[][] {
  const tables: string[][] = [];
  for (const cell of nb.cells) {
    for (const output of cell.outputs ?? []) {
      const markdown = text(output.data?.["text/markdown"]);
      const lines = markdown.split("\n");
      lines.forEach((line, i) => {
        if (line.startsWith("|") && /^\|(\s*:?-+:?\s*\|)+$/.test(lines[i + 1] ?? "")) {
          tables.push(
            line.split("|").slice(1, -1).map((h) => h.trim().replaceAll("&#124;", "|")),
          );
        }
      });
    }
  }
  return tables;
}

/** Opens each HTML page of `dir` in Chromium and checks every chart and table is drawn, fetching nothing. */
async function checkPages(dir: string): Promise<void> {
  const browser = await launch();
  try {
    for (const name of NAMES) {
      const charts = chartOutputs(await executed(name));
      const expected = charts.length;
      await browser.page.goto(`file://${join(dir, `${name}.html`)}`);
      const tables = markdownTableOutputs(await executed(name));
      const shownTables: string[][] = await browser.page.evaluate(() =>
        // deno-lint-ignore no-explicit-any
        [...(globalThis as any).document.querySelectorAll(".jp-OutputArea-output table")].map(
          // deno-lint-ignore no-explicit-any
          (table: any) =>
            // deno-lint-ignore no-explicit-any
            [...table.querySelectorAll("thead th")].map((th: any) => th.textContent.trim()),
        )
      );
      assert.deepEqual(shownTables, tables, `${name}.html renders each table output as a <table>`);
      const images = await inspectImages(browser.page, ".jp-RenderedSVG img");
      assert.equal(images.length, expected, `${name}.html shows each of its ${expected} charts`);
      for (const image of images) {
        assert.ok(
          image.naturalWidth > 0 && image.width > 0 && image.height > 0,
          `${name}.html: chart loads: ${JSON.stringify(image)}`,
        );
        assert.ok(
          image.inkPixels > 100,
          `${name}.html: chart is not blank: ${JSON.stringify(image)}`,
        );
      }
      // Alt text: each chart's <img alt> is its description, never nbconvert's placeholder.
      images.forEach((image, i) => {
        assert.equal(badAlt(image.alt), undefined, `${name}.html chart ${i + 1}: alt`);
        assert.equal(image.alt, charts[i].alt, `${name}.html chart ${i + 1}: alt = description`);
      });
      const placeholders: number = await browser.page.evaluate((placeholder: string) =>
        // deno-lint-ignore no-explicit-any
        [...(globalThis as any).document.querySelectorAll("img")].filter((img: any) =>
          !img.alt || img.alt === placeholder
        ).length, NO_ALT);
      assert.equal(placeholders, 0, `${name}.html: every image has a real alt`);
      // Printed lines (claim lines among them) wrap between words, never inside one.
      const breakAll: string[] = await browser.page.evaluate(() =>
        // deno-lint-ignore no-explicit-any
        [...(globalThis as any).document.querySelectorAll(".jp-OutputArea-output pre")]
          // deno-lint-ignore no-explicit-any
          .filter((pre: any) => (globalThis as any).getComputedStyle(pre).wordBreak === "break-all")
          // deno-lint-ignore no-explicit-any
          .map((pre: any) => pre.textContent.slice(0, 60))
      );
      assert.deepEqual(breakAll, [], `${name}.html: printed lines break inside words`);
      const body: string = await browser.page.evaluate(() =>
        // deno-lint-ignore no-explicit-any
        (globalThis as any).document.body.innerText
      );
      if (name !== NAMES[0]) assert.match(body, /Train: [01]\.\d{3}, Test: [01]\.\d{3}/);
      // Code outside the folds is what a reader sees: no claim-checking code there, and as
      // many lines as `deno task notebooks --lines` counts.
      const code: { text: string; folded: boolean; open: boolean }[] = await browser.page.evaluate(
        () =>
          // deno-lint-ignore no-explicit-any
          [...(globalThis as any).document.querySelectorAll(".jp-CodeCell .jp-InputArea-editor")]
            // deno-lint-ignore no-explicit-any
            .map((editor: any) => {
              const details = editor.closest("details.claims-code");
              return { text: editor.innerText, folded: details !== null, open: !!details?.open };
            }),
      );
      assert.ok(code.every((c) => !c.open), `${name}.html: every fold starts closed`);
      const visible = code.filter((c) => !c.folded);
      if (!CLAIMS_NOT_YET_FOLDED.some((prefix) => name.startsWith(prefix))) {
        assert.deepEqual(
          visible.filter((c) => /\bclaim\(/.test(c.text)).map((c) => c.text.slice(0, 80)),
          [],
          `${name}.html shows claim-checking code outside a fold`,
        );
      }
      const visibleLines = visible.reduce(
        (n, c) => n + c.text.replace(/\n$/, "").split("\n").length,
        0,
      );
      assert.equal(
        visibleLines,
        codeLines(await executed(name)).visible,
        `${name}.html shows as many code lines as it counts`,
      );
    }
    assert.deepEqual(browser.remoteRequests, [], "the pages fetch nothing from the network");
  } finally {
    await browser.close();
  }
}

Deno.test({
  name: "HTML pages (nbconvert 7.17) draw every chart in Chromium, offline",
  ...options,
  async fn() {
    await checkPages((await succeededRun()).out);
  },
});

Deno.test({
  name: "every chart loads as JupyterLab shows it, its SVG or its <img> (untrusted), alike",
  ...options,
  async fn() {
    const browser = await launch();
    try {
      for (const name of NAMES) {
        const images = await inspectSvgsAsImages(browser.page, svgOutputs(await executed(name)));
        for (const image of images) {
          assert.ok(
            image.naturalWidth > 0,
            `${name}: SVG loads as an image: ${JSON.stringify(image)}`,
          );
          assert.ok(image.inkPixels > 100, `${name}: SVG is not blank: ${JSON.stringify(image)}`);
        }
        // The text/html <img> (what JupyterLab shows, trusted or not) draws the same pixels.
        const charts = chartOutputs(await executed(name));
        await browser.page.setContent(
          `<!DOCTYPE html><html><body>${charts.map((c) => c.html ?? "").join("")}</body></html>`,
        );
        const shown = await inspectImages(browser.page, "img.chart");
        assert.equal(shown.length, charts.length, `${name}: one <img> per chart`);
        shown.forEach((image, i) => {
          assert.equal(image.naturalWidth, images[i].naturalWidth, `${name}: same width`);
          assert.equal(image.inkPixels, images[i].inkPixels, `${name}: same pixels drawn`);
        });
      }
    } finally {
      await browser.close();
    }
  },
});

Deno.test({
  name: "HTML pages from Debian's nbconvert 6.5 with the repo's template draw every chart",
  ...options,
  async fn() {
    const { out } = await succeededRun();
    const dir = join(out, "nbconvert6");
    const notebooks = NAMES.map((name) => join(out, `${name}.ipynb`));
    const result = await run(
      [DEBIAN_PYTHON, "-m", "nbconvert", ...htmlExportArgs(dir, notebooks)],
      {
        capture: true,
        quiet: true,
      },
    );
    assert.equal(result.code, 0, result.stderr);
    await checkPages(dir);
  },
});

Deno.test({
  name: "notebooks' output directory is removed after the checks",
  ...options,
  async fn() {
    const { out } = await runNotebooks();
    await Deno.remove(out, { recursive: true });
  },
});
