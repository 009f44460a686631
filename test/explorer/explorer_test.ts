/**
 * The explorer: the lib function's checks and output, and the page in
 * headless Chromium opened from disk with every request that is not
 * `file:`, `data:` or `blob:` blocked and counted; and the output in an
 * untrusted notebook, in the suite's JupyterLab (sanitized, no script).
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { explorer, EXPLORER_STATIC_NOTE } from "../../lib/explorer/mod.ts";
import { disposeData, prepareData } from "../../lib/data/data.ts";
import { fitSeeds } from "../../lib/training/fit_seeds.ts";
import { seedResultLine } from "../../lib/training/fit.ts";
import { explorePage } from "../../tools/explore_page.ts";
import { type Browser, inspectImages, launch } from "../browser/chromium.ts";
import { startJupyterLab } from "../browser/jupyterlab.ts";
import { assertSetUp } from "../../tools/setup.ts";
import { JUPYTER_DISPLAY } from "../../lib/charts/chart.ts";

/** The most an explorer output may weigh in a notebook. */
const MAX_OUTPUT_BYTES = 500_000;

Deno.test("explorer() refuses a bad option before any work, naming it", () => {
  const cases: [unknown, ErrorConstructor, RegExp][] = [
    [{ batchSize: 0 }, RangeError, /batchSize must be an integer in \[1, 500\], got 0/],
    [{ batchSize: 501 }, RangeError, /batchSize must be an integer in \[1, 500\], got 501/],
    [{ batchSize: 2.5 }, RangeError, /batchSize/],
    [{ batchSize: "32" }, TypeError, /batchSize must be a number, got "32"/],
    [{ learningRate: 0 }, RangeError, /learningRate must be a number in \[0.00001, 10\], got 0/],
    [{ learningRate: NaN }, RangeError, /learningRate/],
    [{ momentum: 1 }, RangeError, /momentum must be a number in \[0, 0.99\], got 1/],
    [{ seeds: 101 }, RangeError, /seeds must be an integer in \[1, 100\], got 101/],
    [{ epochs: -5 }, RangeError, /epochs must be an integer in \[1, 1000\], got -5/],
    [{ loss: "mse" }, TypeError, /loss must be "logits" or "clipped", got "mse"/],
    [{ hash: "yes" }, TypeError, /hash/],
    [{ title: 3 }, TypeError, /title/],
    [{ batch: 32 }, TypeError, /batch is not an option/],
    ["fast", TypeError, /options must be an object, got "fast"/],
  ];
  for (const [options, kind, message] of cases) {
    // Synchronous: thrown before any training or bundling starts.
    assert.throws(() => explorer(options as never), (error: Error) => {
      assert.ok(error instanceof kind, `${JSON.stringify(options)}: ${error}`);
      assert.match(error.message, /^Cannot make the explorer: /);
      assert.match(error.message, message);
      return true;
    });
  }
});

Deno.test("explorer() is one self-contained HTML output with a static chart of its setting", async () => {
  const ex = await explorer({ batchSize: 500, seeds: 3, epochs: 20 });
  const html = ex.html;
  const bundle = (ex as unknown as Record<symbol, () => Record<string, string>>)[
    Symbol.for("Jupyter.display")
  ]();
  assert.deepEqual(Object.keys(bundle), ["text/html", "text/plain"]);
  assert.equal(bundle["text/html"], html);
  assert.match(
    bundle["text/plain"],
    /^Explorer, batch 500, .*: Train: 0\.\d{3}, Test: 0\.\d{3} \(mean of 3 seeds/,
  );
  // Nothing to fetch: no src or href other than data: URLs.
  const urls = [...html.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"/g)].map((m) => m[1]);
  assert.ok(urls.length >= 2);
  for (const url of urls) assert.match(url, /^data:image\/svg\+xml;base64,/);
  assert.doesNotMatch(html, /\bfetch\(|XMLHttpRequest|importScripts\(/);
  // The static part is what a sanitizer keeps: images, text; no inline <svg>.
  const staticPart = html.slice(0, html.indexOf("<script"));
  assert.doesNotMatch(staticPart, /<svg/);
  assert.ok(staticPart.includes(EXPLORER_STATIC_NOTE));
  assert.ok(staticPart.includes(`<code>${seedResultLine(ex.histories)}</code>`));
  assert.deepEqual(ex.histories.map((h) => h.seed), [0, 1, 2]);
  assert.ok(new TextEncoder().encode(html).length <= MAX_OUTPUT_BYTES);
  // The payload closes no script early.
  const payload = html.slice(html.indexOf('class="bsx-payload">') + 20, html.indexOf("</script>"));
  assert.doesNotMatch(payload, /</);
  assert.equal(JSON.parse(payload).settings.batchSize, 500);
});

// ---------------------------------------------------------------------------
// In the browser

type Doc = {
  querySelector(s: string): { dataset: Record<string, string>; textContent: string } | null;
  querySelectorAll(s: string): { length: number };
};
// deno-lint-ignore no-explicit-any
const doc = (): Doc => (globalThis as any).document;

interface PageState {
  state: string;
  result: { trainAccuracy: number[]; testAccuracy: number[]; divergedAt: number[] } | null;
  line: string;
  problems: string;
  hash: string;
  controls: Record<string, string>;
  curves: number;
  pinnedCurves: number;
}

/** Waits until the explorer has trained and drawn its setting, then reads the page. */
async function settled(page: Page): Promise<PageState> {
  await page.waitForFunction(
    () => ["done", "failed"].includes(doc().querySelector("[data-bsx-explorer]")!.dataset.state),
    null,
    { timeout: 60_000 },
  );
  return await page.evaluate(() => {
    const root = doc().querySelector("[data-bsx-explorer]")!;
    const controls: Record<string, string> = {};
    for (const name of ["batchSize", "learningRate", "momentum", "seeds", "epochs", "loss"]) {
      // deno-lint-ignore no-explicit-any
      controls[name] = (doc().querySelector(`[name=${name}]`) as any).value;
    }
    return {
      state: root.dataset.state,
      result: root.dataset.result ? JSON.parse(root.dataset.result) : null,
      line: doc().querySelector(".bsx-result")!.textContent,
      problems: doc().querySelector(".bsx-problems")!.textContent,
      // deno-lint-ignore no-explicit-any
      hash: (globalThis as any).location.hash,
      controls,
      curves: doc().querySelectorAll("path.bsx-curve").length,
      pinnedCurves: doc().querySelectorAll("path.bsx-pinned-curve").length,
    };
  });
}

/** Sets a control as a reader does: types a value and commits it. */
async function setControl(page: Page, name: string, value: string): Promise<void> {
  if (name === "loss") {
    await page.selectOption(`[name=${name}]`, value); // fires change
    return;
  }
  await page.fill(`[name=${name}]`, value);
  await page.locator(`[name=${name}]`).blur(); // commits it: the browser fires change
}

/** A browser that aborts and counts every request that is not file:, data: or blob:. */
async function offlineBrowser(): Promise<Browser & { blocked: string[] }> {
  const browser = await launch();
  const blocked: string[] = [];
  // The tests' page functions read the document through doc(), as typed above.
  await browser.context.addInitScript("globalThis.doc = () => document;");
  await browser.context.route((url) => !/^(file|data|blob):/.test(url.href), (route) => {
    blocked.push(route.request().url());
    return route.abort();
  });
  return Object.assign(browser, { blocked });
}

Deno.test({
  name: "out/explore.html trains in Chromium from disk, offline, exactly as fitSeeds trains",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "explore_" });
    const path = join(dir, "explore.html");
    await Deno.writeTextFile(path, await explorePage());
    const url = `file://${path}`;
    const browser = await offlineBrowser();
    const { page } = browser;
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    // What executes if a crafted link gets markup into the page.
    const injected = () =>
      page.evaluate(() => {
        // deno-lint-ignore no-explicit-any
        const g = globalThis as any;
        return {
          pwned: g.__pwned ?? null,
          images: doc().querySelectorAll("img").length,
          scripts: doc().querySelectorAll("script").length,
          bold: doc().querySelectorAll("b, iframe").length,
        };
      });
    try {
      await t.step(
        "batch 32 and 10 seeds give fitSeeds' final accuracies, to the last bit",
        async () => {
          await page.goto(`${url}#batch=8&seeds=2&epochs=5`);
          await settled(page);
          await setControl(page, "batchSize", "32");
          await setControl(page, "seeds", "10");
          await setControl(page, "epochs", "200");
          const got = await settled(page);
          assert.equal(got.state, "done");
          const data = prepareData();
          const histories = await fitSeeds(data, { batchSize: 32, seeds: 10 });
          disposeData(data);
          assert.deepEqual(got.result!.trainAccuracy, histories.map((h) => h.train.accuracy));
          assert.deepEqual(got.result!.testAccuracy, histories.map((h) => h.test.accuracy));
          assert.equal(got.line, seedResultLine(histories));
          assert.equal(got.curves, 4); // train and test mean, accuracy and loss
        },
      );

      await t.step("the URL keeps the setting, and a link to it opens it", async () => {
        const first = await settled(page);
        assert.equal(first.hash, "#batch=32&lr=0.01&momentum=0.9&seeds=10&epochs=200&loss=logits");
        await setControl(page, "learningRate", "0.005");
        await setControl(page, "loss", "clipped");
        const changed = await settled(page);
        assert.equal(
          changed.hash,
          "#batch=32&lr=0.005&momentum=0.9&seeds=10&epochs=200&loss=clipped",
        );
        const other = await browser.context.newPage();
        await other.goto(`${url}${changed.hash}`);
        const opened = await settled(other);
        assert.deepEqual(opened.controls, changed.controls);
        assert.deepEqual(opened.result, changed.result);
        await other.close();
      });

      await t.step("a run pinned stays drawn beside the next", async () => {
        await page.click("button.bsx-pin");
        await setControl(page, "batchSize", "500");
        const got = await settled(page);
        assert.equal(got.curves, 4);
        assert.equal(got.pinnedCurves, 4);
        // Pointing at the chart reads out an epoch of both runs.
        const box = (await page.locator(".bsx-chart svg").boundingBox())!;
        await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
        const readout = (await page.textContent(".bsx-readout"))!.split("\n");
        assert.match(
          readout[0],
          /^This run, epoch \d+ \(mean \[min–max\]\): train accuracy 0\.\d{3} \[/,
        );
        assert.match(readout[1], /^Pinned, epoch \d+ .*test loss \d+\.\d{3} \[/);
        assert.match(
          await page.textContent(".bsx-pinned") ?? "",
          /^Pinned \(dashed\): batch 32, lr 0\.005, .*Train: 0\.\d{3}, Test: 0\.\d{3}$/,
        );
      });

      await t.step("seeds that diverge stop where fitSeeds' stop; the others go on", async () => {
        await page.goto(`${url}#batch=4&lr=3&seeds=5&epochs=8`);
        const got = await settled(page);
        const data = prepareData();
        const histories = await fitSeeds(data, {
          batchSize: 4,
          learningRate: 3,
          seeds: 5,
          epochs: 8,
        });
        disposeData(data);
        const divergedAt = histories.map((h) => h.divergedAt ?? 0);
        assert.ok(divergedAt.some((e) => e > 0), "some seed diverges at lr 3");
        assert.deepEqual(got.result!.divergedAt, divergedAt);
        assert.deepEqual(got.result!.testAccuracy, histories.map((h) => h.test.accuracy));
        assert.equal(got.curves, 4);
        assert.match(await page.textContent(".bsx-status") ?? "", /diverged and stopped early/);
      });

      await t.step(
        "bad values in a hand-edited link are clamped or refused, with a message",
        async () => {
          const before = await injected();
          await page.goto(`${url}#batch=0&lr=abc&seeds=1e9&epochs=-5`);
          const got = await settled(page);
          assert.equal(got.state, "done");
          assert.deepEqual(got.controls, {
            batchSize: "1",
            learningRate: "0.01",
            momentum: "0.9",
            seeds: "100",
            epochs: "1",
            loss: "logits",
          });
          assert.equal(got.problems.split("\n").length, 4);
          assert.match(got.problems, /lr must be a number in \[0\.00001, 10\], got "abc"/);
          assert.equal(got.result!.testAccuracy.length, 100);
          assert.equal(got.curves, 4); // never a blank chart
          assert.equal(got.hash, "#batch=1&lr=0.01&momentum=0.9&seeds=100&epochs=1&loss=logits");
          assert.deepEqual(await injected(), before);
        },
      );

      await t.step(
        "a link holding markup and a script runs nothing and injects nothing",
        async () => {
          const before = await injected();
          const evil = [
            `batch=${encodeURIComponent('<img src=x onerror="window.__pwned=1">')}`,
            `lr=${encodeURIComponent("</script><script>window.__pwned=2</script>")}`,
            `${encodeURIComponent("<b>x</b><iframe src=javascript:window.__pwned=3>")}=1`,
            `loss=${encodeURIComponent('"><svg onload="window.__pwned=4">')}`,
          ].join("&");
          await page.goto(`${url}#${evil}`);
          const got = await settled(page);
          assert.equal(got.state, "done");
          assert.deepEqual(await injected(), before);
          assert.ok(got.problems.includes(String.raw`got "<img src=x onerror=\"wind…"`)); // as text
          // The setting from a hashchange (no reload) is read the same way.
          await page.evaluate((hash) => {
            // deno-lint-ignore no-explicit-any
            (globalThis as any).location.hash = hash;
          }, `#seeds=3&epochs=4&${evil}`);
          await page.waitForFunction(() =>
            doc().querySelector("[data-bsx-explorer]")!.dataset.result?.includes('"seeds":3')
          );
          assert.deepEqual(await injected(), before);
        },
      );

      assert.deepEqual(pageErrors, []);
      assert.deepEqual(browser.blocked, []);
      assert.deepEqual(browser.remoteRequests, []);
    } finally {
      await browser.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "explorer()'s output without its scripts (an untrusted notebook) shows the static chart",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const ex = await explorer({ batchSize: 8, seeds: 2, epochs: 10 });
    // What JupyterLab's sanitizer keeps of an untrusted output: no <script>, no <style>.
    const sanitized = ex.html.replace(/<script[\s\S]*?<\/script>/g, "");
    const browser = await launch();
    try {
      await browser.page.setContent(`<!DOCTYPE html><html><body>${sanitized}</body></html>`);
      const images = await inspectImages(browser.page, ".bsx-static img");
      assert.equal(images.length, 2);
      for (const image of images) {
        assert.ok(image.naturalWidth > 300 && image.inkPixels > 1000, JSON.stringify(image));
      }
      const text = await browser.page.textContent(".bsx-static");
      assert.ok(text!.includes(EXPLORER_STATIC_NOTE));
      assert.ok(text!.includes(seedResultLine(ex.histories)));
    } finally {
      await browser.close();
    }
  },
});

Deno.test({
  name: "an untrusted notebook in JupyterLab shows explorer()'s static chart and runs none of it",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await assertSetUp();
    const ex = await explorer({ batchSize: 8, seeds: 2, epochs: 5 });
    const root = await Deno.makeTempDir({ prefix: "explorer_untrusted_" });
    // Never signed, so JupyterLab treats its outputs as untrusted (sanitized, no scripts).
    const notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
      cells: [{
        id: "explorer",
        cell_type: "code",
        execution_count: 1,
        metadata: {},
        source: ["await (await explorer({ batchSize: 8, seeds: 2, epochs: 5 })).show();"],
        outputs: [{ output_type: "display_data", metadata: {}, data: ex[JUPYTER_DISPLAY]() }],
      }],
    };
    await Deno.writeTextFile(join(root, "untrusted.ipynb"), JSON.stringify(notebook));
    const lab = await startJupyterLab(root, { timeoutMs: 300_000 });
    const browser = await launch();
    try {
      const { page } = browser;
      await page.goto(`${lab.open("untrusted.ipynb")}&reset`);
      const output = ".jp-OutputArea-output";
      await page.waitForSelector(`${output} img`, { timeout: 300_000 });
      const images = await inspectImages(page, `${output} img`);
      assert.equal(images.length, 2);
      for (const image of images) {
        assert.ok(image.width > 300 && image.inkPixels > 1000, JSON.stringify(image));
      }
      const text = await page.textContent(output);
      assert.ok(text!.includes(EXPLORER_STATIC_NOTE));
      assert.ok(text!.includes(seedResultLine(ex.histories)));
      // Nothing of the page ran: no controls, no live chart.
      assert.equal(await page.locator(`${output} .bsx-live, ${output} script`).count(), 0);
      assert.deepEqual(browser.remoteRequests.filter((url) => !url.startsWith(lab.url)), []);
    } finally {
      await browser.close();
      await lab.close();
      await Deno.remove(root, { recursive: true });
    }
  },
});
