/**
 * The notebooks in a real JupyterLab (the venv's, with the Deno kernel,
 * driven by playwright-core with Debian's Chromium), used as a reader at the
 * keyboard uses them:
 *
 * - Run All of every notebook shows the charts and result lines that
 *   `deno task notebooks` saves for it, with nothing lost and no error. To fit
 *   the CI budget, both runs read `NOTEBOOK_EPOCHS` (notebooks 02-07 and 09
 *   train that many epochs instead of their 200, or 60); so the result lines
 *   are compared with that run, not with the prose's figures. The explorers
 *   (notebooks 03 and 05) must train in the page and draw every epoch.
 * - Run All twice in one kernel, then after editing the constants cell: a bad
 *   `BATCH_SIZE` gives a clear RangeError, good values give their charts.
 * - Kernel → Interrupt during a long fit stops it within an epoch and leaves
 *   the kernel usable, with its variables and no leaked tensor.
 * - An executed notebook someone sent (not trusted here) shows every chart,
 *   with its description as alt text. `EXECUTED_NOTEBOOKS` points this test at
 *   a directory of executed notebooks instead of the shortened run's.
 *
 * @module
 */
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import type { Page } from "playwright-core";
import { REPO, run } from "../tools/_jupyter.ts";
import {
  type Notebook,
  type Output,
  outputTexts,
  readNotebook,
  svgOutputs,
} from "../tools/_ipynb.ts";
import { type Browser, inspectImages, launch } from "./browser/chromium.ts";
import { badAlt, chartOutputs } from "./browser/charts.ts";
import { type JupyterLab, startJupyterLab } from "./browser/jupyterlab.ts";
import { assertSetUp } from "../tools/setup.ts";

// `deno task test` sets up before any test starts; this file run alone needs that done.
await assertSetUp();

/** Epochs of the shortened notebooks here (`NOTEBOOK_EPOCHS`). */
const QUICK_EPOCHS = "20";
const NOTEBOOKS_DIR = join(REPO, "notebooks");
const NAMES = [...Deno.readDirSync(NOTEBOOKS_DIR)]
  .filter((entry) => entry.isFile && entry.name.endsWith(".ipynb"))
  .map((entry) => basename(entry.name, ".ipynb"))
  .sort();
const RESULT_LINE = /Train: [01]\.\d{3}, Test: [01]\.\d{3}/g;
/** The notebook in view (a notebook opened before may stay as a hidden tab). */
const PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)";

/** This file's tests start processes and browsers that outlive a single await. */
const options = { sanitizeOps: false, sanitizeResources: false };

/** `deno task notebooks` with the same shortened epochs, for the figures to compare. */
let reference: Promise<string> | undefined;
function referenceRun(): Promise<string> {
  reference ??= (async () => {
    const out = await Deno.makeTempDir({ prefix: "notebooks_quick_" });
    const result = await run(
      [Deno.execPath(), "task", "notebooks", "--jobs", "1", "--out", out, ...NAMES],
      { capture: true, quiet: true, env: { NO_COLOR: "1", NOTEBOOK_EPOCHS: QUICK_EPOCHS } },
    );
    assert.equal(result.code, 0, `deno task notebooks failed:\n${result.stdout}${result.stderr}`);
    return out;
  })();
  return reference;
}

/** A directory laid out like the repo (notebooks copied, lib linked) that JupyterLab serves. */
async function labRoot(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "jupyterlab_root_" });
  await Deno.mkdir(join(root, "notebooks"));
  await Deno.copyFile(join(REPO, "deno.json"), join(root, "deno.json"));
  await Deno.copyFile(join(REPO, "deno.lock"), join(root, "deno.lock"));
  await Deno.symlink(join(REPO, "lib"), join(root, "lib"));
  // fitSeeds' WebAssembly engine and its source, whose hash it checks (without them the
  // kernel would train on the JavaScript engine, which rounds differently).
  await Deno.symlink(join(REPO, ".build"), join(root, ".build"));
  await Deno.symlink(join(REPO, "wasm"), join(root, "wasm"));
  await Deno.symlink(join(REPO, "data"), join(root, "data")); // the Keras reference
  await Deno.symlink(join(REPO, "node_modules"), join(root, "node_modules"));
  for (const name of NAMES) {
    await Deno.copyFile(
      join(NOTEBOOKS_DIR, `${name}.ipynb`),
      join(root, "notebooks", `${name}.ipynb`),
    );
  }
  return root;
}

/** Runs `fn` with a JupyterLab over a fresh root and a browser; on failure, saves a screenshot. */
async function withLab(
  fn: (lab: JupyterLab, browser: Browser, root: string) => Promise<void>,
): Promise<void> {
  const root = await labRoot();
  // A busy machine can take minutes to start the server.
  const lab = await startJupyterLab(root, {
    timeoutMs: 300_000,
    env: { NOTEBOOK_EPOCHS: QUICK_EPOCHS },
  });
  const browser = await launch();
  try {
    await fn(lab, browser, root);
    const remote = browser.remoteRequests.filter((url) => !url.startsWith(lab.url));
    assert.deepEqual(remote, [], "JupyterLab fetched nothing off the machine");
  } catch (error) {
    await browser.page.screenshot({ path: join(root, "failure.png") }).catch(() => {});
    console.log(`JupyterLab test failed; screenshot in ${root}/failure.png; server log:`);
    console.log((await lab.log()).split("\n").slice(-30).join("\n"));
    throw error;
  } finally {
    await browser.close();
    await lab.close();
  }
  await Deno.remove(root, { recursive: true });
}

/** Opens a notebook and waits for its Deno kernel to be idle. */
async function open(page: Page, lab: JupyterLab, path: string): Promise<void> {
  await page.goto(`${lab.open(path)}&reset`); // reset: no tab of an earlier notebook comes back
  await page.waitForSelector(`${PANEL} .jp-CodeCell`, { timeout: 300_000 });
  await waitIdle(page);
}

async function waitIdle(page: Page, timeout = 300_000): Promise<void> {
  await page.locator(".jp-StatusBar-Item", { hasText: /Deno \| Idle/ }).first().waitFor({
    timeout,
  });
}

async function menu(page: Page, top: string, item: string): Promise<void> {
  await page.click(`.lm-MenuBar-item:has-text('${top}')`);
  await page.click(`.lm-Menu-item:has-text('${item}')`);
}

/** The execution counts of the code cells, `null` for a cell not run (or running). */
async function executionCounts(page: Page): Promise<(number | null)[]> {
  // From the notebook's model, not its DOM: a cell whose input is collapsed (the claims cells
  // carry jupyter.source_hidden) shows no input prompt to read a count from.
  return await page.evaluate(() => {
    // deno-lint-ignore no-explicit-any
    const app = (globalThis as any).jupyterapp;
    // deno-lint-ignore no-explicit-any
    return app.shell.currentWidget.content.widgets.filter((cell: any) => cell.model.type === "code")
      // deno-lint-ignore no-explicit-any
      .map((cell: any) => cell.model.executionCount ?? null);
  });
}

/** Run → Run All Cells, then waits until every code cell has run (a count above `after`). */
async function runAll(page: Page, timeout = 1_800_000): Promise<number> {
  const after = Math.max(0, ...(await executionCounts(page)).map((n) => n ?? 0));
  await menu(page, "Run", "Run All Cells");
  await page.waitForFunction(
    (after: number) => {
      // deno-lint-ignore no-explicit-any
      const app = (globalThis as any).jupyterapp;
      const counts: (number | null)[] = app.shell.currentWidget.content.widgets
        // deno-lint-ignore no-explicit-any
        .filter((cell: any) => cell.model.type === "code")
        // deno-lint-ignore no-explicit-any
        .map((cell: any) => cell.model.executionCount ?? null);
      return counts.length > 0 && counts.every((count) => count !== null && count > after);
    },
    after,
    { timeout, polling: 500 },
  );
  return Math.max(...(await executionCounts(page)).map((n) => n ?? 0));
}

/** What the open notebook shows: its outputs' text, errors (and stderr) and charts. */
interface Shown {
  texts: string[];
  errors: string[];
  charts: number;
  /** The charts' alt texts, in order. */
  alts: (string | null)[];
  /**
   * Outputs where JupyterLab refused an SVG: "Cannot display an untrusted SVG" (what it shows
   * for an untrusted SVG it was asked to render; an untrusted output of an SVG alone it skips).
   */
  refused: number;
}

/**
 * A chart as JupyterLab shows it: the `<img>` of its `text/html` output (any
 * notebook), or the `<img>` it draws an `image/svg+xml` output as (a trusted one).
 */
const CHART_IMAGES = `${PANEL} .jp-OutputArea-output img.chart, ${PANEL} .jp-RenderedSVG img`;

async function shown(page: Page): Promise<Shown> {
  const { texts, errors, refused } = await page.evaluate((panel: string) => {
    // deno-lint-ignore no-explicit-any
    const document = (globalThis as any).document;
    const all = [...document.querySelectorAll(`${panel} .jp-OutputArea-output`)];
    return {
      // deno-lint-ignore no-explicit-any
      texts: all.map((output: any) => output.innerText as string),
      errors: all
        // deno-lint-ignore no-explicit-any
        .filter((output: any) =>
          output.getAttribute("data-mime-type") === "application/vnd.jupyter.stderr"
        )
        // deno-lint-ignore no-explicit-any
        .map((output: any) => output.innerText as string),
      refused: all
        // deno-lint-ignore no-explicit-any
        .filter((output: any) => output.textContent.includes("Cannot display an untrusted SVG"))
        .length,
    };
  }, PANEL);
  const images = await inspectImages(page, CHART_IMAGES);
  for (const image of images) {
    assert.ok(image.naturalWidth > 0, `chart loads (naturalWidth > 0): ${JSON.stringify(image)}`);
    assert.ok(image.inkPixels > 100, `chart is not blank: ${JSON.stringify(image)}`);
  }
  return { texts, errors, charts: images.length, alts: images.map((i) => i.alt), refused };
}

/**
 * Waits until every explorer output in view (`explorer()`, notebooks 03 and
 * 05) has trained its setting in the page, and checks that each drew every
 * epoch and printed its result line; returns how many there are.
 */
async function explorersTrained(page: Page): Promise<number> {
  const selector = `${PANEL} [data-bsx-explorer]`;
  await page.waitForFunction(
    (selector: string) =>
      // deno-lint-ignore no-explicit-any
      [...(globalThis as any).document.querySelectorAll(selector)].every((e: any) =>
        e.dataset.state === "done" || e.dataset.state === "failed"
      ),
    selector,
    { timeout: 300_000, polling: 250 },
  );
  const explorers = await page.evaluate((selector: string) =>
    // deno-lint-ignore no-explicit-any
    [...(globalThis as any).document.querySelectorAll(selector)].map((e: any) => ({
      state: e.dataset.state as string,
      epochsDrawn: Number(e.dataset.epochsDrawn),
      result: e.dataset.result as string | undefined,
      line: e.querySelector(".bsx-result")?.textContent as string | undefined,
    })), selector);
  for (const e of explorers) {
    assert.equal(e.state, "done", `an explorer trained in the page: ${JSON.stringify(e)}`);
    assert.equal(e.epochsDrawn, JSON.parse(e.result!).settings.epochs, "it drew every epoch");
    assert.match(e.line!, /^Train: [01]\.\d{3}, Test: [01]\.\d{3}$/);
  }
  return explorers.length;
}

/**
 * Result lines that follow from measured seconds, so two runs may differ:
 * notebook 07 trains again the configuration that was fastest on this machine.
 */
const TIMED_RESULT = /this one seed then: /;

/** The result lines shown, in order; a timed one (see above) only as `(timed)`. */
function resultLines(texts: string[]): string[] {
  return texts.flatMap((text) => text.split("\n")).flatMap((line) =>
    TIMED_RESULT.test(line) ? ["(timed)"] : line.match(RESULT_LINE) ?? []
  );
}

/** Replaces the source of the notebook's `index`-th cell, as a reader's typing would. */
async function setCell(page: Page, index: number, source: string): Promise<void> {
  await page.evaluate(({ index, source }: { index: number; source: string }) => {
    // deno-lint-ignore no-explicit-any
    const app = (globalThis as any).jupyterapp;
    app.shell.currentWidget.content.widgets[index].model.sharedModel.setSource(source);
  }, { index, source });
}

/** The index of the open notebook's first cell whose source matches `pattern`. */
async function cellIndex(page: Page, pattern: RegExp): Promise<number> {
  const sources: string[] = await page.evaluate(() =>
    // deno-lint-ignore no-explicit-any
    (globalThis as any).jupyterapp.shell.currentWidget.content.widgets.map((cell: any) =>
      cell.model.sharedModel.getSource()
    )
  );
  const index = sources.findIndex((source) => pattern.test(source));
  assert.ok(index >= 0, `a cell matches ${pattern}`);
  return index;
}

async function cellSource(page: Page, index: number): Promise<string> {
  return await page.evaluate((index: number) => {
    // deno-lint-ignore no-explicit-any
    const app = (globalThis as any).jupyterapp;
    return app.shell.currentWidget.content.widgets[index].model.sharedModel.getSource() as string;
  }, index);
}

Deno.test({
  name: "JupyterLab runs every notebook with Run All, showing what deno task notebooks saves",
  ...options,
  async fn() {
    const out = referenceRun(); // Runs beside JupyterLab.
    out.catch(() => {}); // Awaited below; a failure is reported there.
    await withLab(async (lab, { page }) => {
      for (const name of NAMES) {
        await open(page, lab, `notebooks/${name}.ipynb`);
        await runAll(page);
        // The explorers train in the page after their cell has run: wait for them.
        const explorers = await explorersTrained(page);
        if (name.startsWith("05_")) assert.equal(explorers, 1, `${name}'s explorer trains`);
        const lab1 = await shown(page);
        const saved = await readNotebook(join(await out, `${name}.ipynb`));
        assert.deepEqual(lab1.errors, [], `${name}: no error or stderr output in JupyterLab`);
        assert.ok(lab1.charts > 0, `${name} shows a chart`);
        assert.equal(lab1.refused, 0, `${name}: JupyterLab refused no SVG`);
        assert.equal(
          lab1.charts,
          svgOutputs(saved).length,
          `${name}: JupyterLab shows every chart that deno task notebooks saves`,
        );
        assert.deepEqual(
          resultLines(lab1.texts),
          resultLines(outputTexts(saved)),
          `${name}: JupyterLab shows the result lines that deno task notebooks saves`,
        );
        await lab.shutdownKernels();
      }
    });
    // The run's notebooks are opened again, untrusted, below; the last test removes them.
  },
});

Deno.test({
  name: "JupyterLab: notebook 02 runs twice in one kernel, and after edits to its seeds cell",
  ...options,
  async fn() {
    await withLab(async (lab, { page }) => {
      await open(page, lab, "notebooks/02_batch_gradient_descent.ipynb");
      await runAll(page);
      const first = await shown(page);
      assert.deepEqual(first.errors, []);
      assert.ok(first.charts > 0 && resultLines(first.texts).length > 0, "charts and results");

      // Run All again in the same kernel: the same outputs, no "already declared".
      await runAll(page);
      const second = await shown(page);
      assert.deepEqual(second.errors, [], "a second Run All in the same kernel raises nothing");
      assert.equal(second.charts, first.charts);
      assert.deepEqual(
        resultLines(second.texts),
        resultLines(first.texts),
        "same seeds, same lines",
      );

      // The reader edits the cell that trains ten seeds with the library.
      const seedsCell = await cellIndex(
        page,
        /await trainSeeds\(data, \{ batchSize: 500, seeds: 10,/,
      );
      const seeds = await cellSource(page, seedsCell);
      await setCell(
        page,
        seedsCell,
        seeds.replace("batchSize: 500, seeds: 10,", "batchSize: 0, seeds: 10,"),
      );
      await menu(page, "Run", "Run All Cells");
      const error = page.locator(
        `${PANEL} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']`,
      ).first();
      await error.waitFor({ timeout: 600_000 });
      await waitIdle(page);
      const message = await error.innerText();
      assert.match(message, /RangeError/);
      assert.match(message, /batchSize must be a positive integer, got 0/);

      await setCell(
        page,
        seedsCell,
        seeds.replace("batchSize: 500, seeds: 10,", "batchSize: 100, seeds: 3,"),
      );
      await runAll(page);
      const edited = await shown(page);
      assert.deepEqual(edited.errors, [], "good values run without error");
      assert.equal(edited.charts, first.charts, "every chart is drawn again");
      assert.ok(resultLines(edited.texts).length > 0, "the result line is shown");
      assert.ok(
        edited.texts.some((text) => /\b3 seeds · /.test(text)),
        "the seeds' run used the edited seeds",
      );
      // Times aside, the seeds' outputs (their table) change with the batch size.
      const untimed = (texts: string[]) =>
        texts.map((text) => text.replace(/\d+(\.\d+)? s\b/g, ""));
      assert.notDeepEqual(
        untimed(edited.texts),
        untimed(first.texts),
        "another batch size gives other results",
      );
    });
  },
});

/** A notebook with one long fit, as notebook 03 has, between two short cells. */
function interruptNotebook(): string {
  const cell = (source: string) => ({
    cell_type: "code",
    execution_count: null,
    metadata: {},
    outputs: [],
    source,
  });
  return JSON.stringify({
    cells: [
      cell(
        'import { fitModel, prepareData, progress, say, tf } from "../lib/mod.ts";\n' +
          "const data = prepareData();\nconst before = tf.memory().numTensors;",
      ),
      cell(
        'const p = progress("batch=1, lr=0.01");\n' +
          "const run = await fitModel(data, {\n" +
          "  batchSize: 1,\n  epochs: 200,\n  onEpochEnd: p.onEpochEnd(200),\n});\n" +
          'await p.done("finished");',
      ),
      cell("await say(`leaked tensors: ${tf.memory().numTensors - before}`);"),
    ],
    metadata: {
      kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
      language_info: { name: "typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

Deno.test({
  name:
    "JupyterLab: Kernel → Interrupt stops a long fit and leaves the kernel usable, leaking nothing",
  ...options,
  async fn() {
    await withLab(async (lab, { page }, root) => {
      await Deno.writeTextFile(join(root, "notebooks", "interrupt.ipynb"), interruptNotebook());
      await open(page, lab, "notebooks/interrupt.ipynb");
      await menu(page, "Run", "Run All Cells");
      // The fit is under way once its progress line shows an epoch.
      const progressLine = page.locator(`${PANEL} .jp-OutputArea-output`, {
        hasText: "batch=1, lr=0.01",
      })
        .first();
      await progressLine.filter({ hasText: /epoch \d+\/200/ }).waitFor({ timeout: 600_000 });
      await menu(page, "Kernel", "Interrupt Kernel");
      const error = page.locator(
        `${PANEL} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']`,
      ).first();
      // A batch-1 epoch takes a second or two (more on a busy machine); the fit, minutes.
      await error.waitFor({ timeout: 120_000 });
      await waitIdle(page);
      assert.match(
        await error.innerText(),
        /InterruptedError: Interrupted: batch=1, lr=0.01 stopped/,
      );
      const line = await progressLine.innerText();
      assert.match(line, /epoch (\d+)\/200 .* · interrupted$/m, "the progress line says so");
      assert.ok(Number(/epoch (\d+)\/200/.exec(line)![1]) < 200, "the fit stopped early");

      // The same kernel, with its variables: run the last cell.
      await page.evaluate(() => {
        // deno-lint-ignore no-explicit-any
        const app = (globalThis as any).jupyterapp;
        app.shell.currentWidget.content.activeCellIndex = 2;
        return app.commands.execute("notebook:run-cell");
      });
      await page.locator(`${PANEL} .jp-OutputArea-output`, { hasText: "leaked tensors: 0" })
        .waitFor({ timeout: 300_000 });
      const errors = await page.locator(
        `${PANEL} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']`,
      ).count();
      assert.equal(errors, 1, "only the interrupted cell shows an error");
      assert.ok(!(await lab.log()).includes("restarting"), "the kernel was not restarted");
    });
  },
});

/** An output of an SVG alone, as charts were before: JupyterLab draws none in an untrusted notebook. */
const CONTROL_OUTPUT: Output = {
  output_type: "display_data",
  data: {
    "image/svg+xml":
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40"/></svg>',
  },
  metadata: {},
};

Deno.test({
  name: "JupyterLab shows every chart of an executed notebook it does not trust, with its alt",
  ...options,
  async fn() {
    // Executed notebooks as a reader receives them: from another machine, so not trusted here
    // (JupyterLab's own data directory holds no signature of them).
    const given = Deno.env.get("EXECUTED_NOTEBOOKS");
    const dir = given ?? await referenceRun();
    const names = [...Deno.readDirSync(dir)]
      .filter((entry) => entry.isFile && entry.name.endsWith(".ipynb"))
      .map((entry) => basename(entry.name, ".ipynb"))
      .sort();
    assert.ok(names.length > 0, `no executed notebook in ${dir}`);
    await withLab(async (lab, { page }, root) => {
      await Deno.mkdir(join(root, "received"));
      for (const name of names) {
        const nb: Notebook = await readNotebook(join(dir, `${name}.ipynb`));
        const charts = chartOutputs(nb);
        // A last cell with an SVG alone: not drawn, it shows the notebook is not trusted.
        nb.cells.push({
          cell_type: "code",
          source: "",
          metadata: {},
          execution_count: null,
          outputs: [CONTROL_OUTPUT],
        });
        await Deno.writeTextFile(join(root, "received", `${name}.ipynb`), JSON.stringify(nb));
        await page.goto(`${lab.open(`received/${name}.ipynb`)}&reset`);
        await page.waitForSelector(`${PANEL} .jp-CodeCell`, { timeout: 300_000 });
        await page.waitForFunction(
          ({ selector, n }: { selector: string; n: number }) =>
            // deno-lint-ignore no-explicit-any
            (globalThis as any).document.querySelectorAll(selector).length >= n,
          { selector: CHART_IMAGES, n: charts.length },
          { timeout: 60_000, polling: 250 },
        ).catch(() => {}); // counted below, with a message
        const view = await shown(page);
        // The control: JupyterLab 4.6 draws no untrusted SVG (nothing, or its refusal).
        const control: number = await page.evaluate((panel: string) => {
          // deno-lint-ignore no-explicit-any
          const cells = (globalThis as any).document.querySelectorAll(`${panel} .jp-CodeCell`);
          return cells[cells.length - 1].querySelectorAll(".jp-OutputArea-output img").length;
        }, PANEL);
        assert.equal(control, 0, `${name}: an SVG alone is not drawn (the notebook is untrusted)`);
        assert.equal(view.charts, charts.length, `${name}: every chart is shown, untrusted`);
        assert.equal(view.refused, 0, `${name}: no chart is refused as an untrusted SVG`);
        // Claim lines (showText) keep their style untrusted: they wrap between words.
        const claimBreaks: string[] = await page.evaluate((panel: string) =>
          // deno-lint-ignore no-explicit-any
          [...(globalThis as any).document.querySelectorAll(`${panel} pre.printed`)]
            // deno-lint-ignore no-explicit-any
            .filter((pre: any) => (globalThis as any).getComputedStyle(pre).wordBreak !== "normal")
            // deno-lint-ignore no-explicit-any
            .map((pre: any) => pre.textContent.slice(0, 60)), PANEL);
        assert.deepEqual(claimBreaks, [], `${name}: claim lines wrap between words`);
        view.alts.forEach((alt, i) => {
          assert.equal(badAlt(alt), undefined, `${name} chart ${i + 1}: alt`);
          assert.equal(alt, charts[i].alt, `${name} chart ${i + 1}: alt = its description`);
        });
        await lab.shutdownKernels();
      }
    });
  },
});

Deno.test({
  name: "the shortened run's notebooks are removed after the checks",
  ...options,
  async fn() {
    if (reference) await Deno.remove(await reference, { recursive: true });
  },
});
