/**
 * `deno task bench:explorer`: how fast the explorer trains and draws in
 * headless Chromium (Debian's, as the tests drive it), and how large its
 * outputs are. For each configuration of the tutorial's table (batch 500 at
 * lr 0.01, batch 1 at lr 0.01 and 0.001, batch 32 at lr 0.01), ten seeds ×
 * 200 epochs, it changes the setting of `out/explore.html` (written to a
 * temporary directory, opened from disk) through its URL hash and reads what
 * the page measured: the time from the change to the first curves on screen,
 * and to the last epoch trained and drawn with the result line. Each
 * configuration is measured `--repeat` times (3); the table prints the
 * median and the fastest. Also prints the size of the explorer outputs of
 * notebooks 3 and 5, which must stay within 500 KB each.
 *
 * ```sh
 * deno task bench:explorer
 * deno task bench:explorer --repeat 5
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { explorer } from "../lib/explorer/mod.ts";
import { explorePage } from "./explore_page.ts";
import { launch } from "../test/browser/chromium.ts";

const args = parseArgs({ options: { repeat: { type: "string", default: "3" } } });
const repeat = Number(args.values.repeat);
if (!Number.isInteger(repeat) || repeat < 1) {
  throw new RangeError(`--repeat must be a positive integer, got ${args.values.repeat}`);
}

/** The tutorial's table: ten seeds, 200 epochs each. */
const CONFIGURATIONS = [
  { label: "batch 500, lr 0.01", hash: "#batch=500&lr=0.01&seeds=10&epochs=200" },
  { label: "batch 1, lr 0.01", hash: "#batch=1&lr=0.01&seeds=10&epochs=200" },
  { label: "batch 1, lr 0.001", hash: "#batch=1&lr=0.001&seeds=10&epochs=200" },
  { label: "batch 32, lr 0.01", hash: "#batch=32&lr=0.01&seeds=10&epochs=200" },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const cpu = (() => {
  try {
    const info = Deno.readTextFileSync("/proc/cpuinfo");
    return /model name\s*:\s*(.*)/.exec(info)?.[1] ?? "unknown CPU";
  } catch {
    return "unknown CPU";
  }
})();
const load = () => Deno.loadavg().map((l) => l.toFixed(2)).join(", ");

const dir = await Deno.makeTempDir({ prefix: "bench_explorer_" });
const path = join(dir, "explore.html");
await Deno.writeTextFile(path, await explorePage());
const browser = await launch();
const { page } = browser;
// The page functions below find the explorer through root(), as typed here.
await browser.context.addInitScript(
  "globalThis.root = () => document.querySelector('[data-bsx-explorer]');",
);
// deno-lint-ignore no-explicit-any
const root = () => (globalThis as any).document.querySelector("[data-bsx-explorer]");
try {
  console.log(`Explorer in headless Chromium, ${cpu}, ${navigator.hardwareConcurrency} cores`);
  console.log(`load average before: ${load()}`);
  await page.goto(`file://${path}#batch=500&seeds=1&epochs=5`);
  await page.waitForFunction(() => root().dataset.state === "done", null, { timeout: 60_000 });
  const rows: { label: string; first: number[]; total: number[]; train: number[]; line: string }[] =
    [];
  for (const { label, hash } of CONFIGURATIONS) {
    const row = {
      label,
      first: [] as number[],
      total: [] as number[],
      train: [] as number[],
      line: "",
    };
    for (let r = 0; r < repeat; r++) {
      // Another setting in between, so that each measured change starts a fresh fit.
      for (const h of ["#batch=500&lr=0.02&seeds=1&epochs=1", hash]) {
        await page.evaluate((h) => {
          // deno-lint-ignore no-explicit-any
          (globalThis as any).location.hash = h;
        }, h);
        await page.waitForFunction(
          (h) => {
            const result = root().dataset.result;
            if (root().dataset.state !== "done" || result === undefined) return false;
            const { batchSize, learningRate } = JSON.parse(result).settings;
            return h.startsWith(`#batch=${batchSize}&lr=${learningRate}&`);
          },
          h,
          { timeout: 120_000 },
        );
      }
      const measured = await page.evaluate(() => ({
        first: Number(root().dataset.firstCurvesMs),
        total: Number(root().dataset.totalMs),
        train: Number(root().dataset.trainMs),
        // deno-lint-ignore no-explicit-any
        line: (globalThis as any).document.querySelector(".bsx-result").textContent,
      }));
      row.first.push(measured.first);
      row.total.push(measured.total);
      row.train.push(measured.train);
      row.line = measured.line;
    }
    rows.push(row);
  }
  console.log(
    `\n${
      "configuration (10 seeds × 200 epochs)".padEnd(40)
    } first curves   trained and drawn (worker alone)   result`,
  );
  for (const row of rows) {
    console.log(
      `${row.label.padEnd(40)} ${median(row.first).toFixed(0).padStart(6)} ms` +
        ` ${median(row.total).toFixed(0).padStart(10)} ms (fastest ${
          Math.min(...row.total).toFixed(0)
        }; worker ${median(row.train).toFixed(0)} ms)   ${row.line}`,
    );
  }
  const sum = rows.reduce((s, row) => s + median(row.total), 0);
  console.log(`whole table (sum of medians): ${(sum / 1000).toFixed(2)} s`);
  console.log(`load average after: ${load()}`);
  for (
    const [name, options] of [
      ["notebook 3's explorer", { batchSize: 1, learningRate: 0.01, seeds: 10 }],
      ["notebook 5's explorer", { batchSize: 32, learningRate: 0.01, seeds: 10 }],
    ] as const
  ) {
    const bytes = new TextEncoder().encode((await explorer(options)).html).length;
    console.log(`${name}: ${(bytes / 1000).toFixed(1)} kB of text/html (limit 500 kB)`);
  }
  console.log(`out/explore.html: ${((await Deno.stat(path)).size / 1000).toFixed(1)} kB`);
} finally {
  await browser.close();
  await Deno.remove(dir, { recursive: true });
}
