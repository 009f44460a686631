/**
 * {@linkcode explorer}: the tutorial's training, live in the page.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { tf } from "../backend.ts";
import { disposeData, prepareData } from "../data/data.ts";
import { fitSeeds, type SeedHistory } from "../training/fit_seeds.ts";
import { seedResultLine } from "../training/fit.ts";
import { seedBand } from "../charts/learning_curves.ts";
import { JUPYTER_DISPLAY } from "../charts/chart.ts";
import { flush, jupyter } from "../notebook/progress.ts";
import { WASM_PATH, wasmEngineProblem } from "../training/_engine/wasm.ts";
import {
  booleanOption,
  checkKeys,
  describe,
  isObject,
  rangeFail,
  stringOption,
  typeFail,
} from "../_validate.ts";
import {
  DEFAULT_SETTINGS,
  type ExplorerSettings,
  LIMITS,
  LOSSES,
  type NumericSetting,
  settingsLabel,
} from "./_config.ts";
import { readExplorerScripts } from "./_build.ts";
import type { Payload } from "./_page/page.ts";
import type { LossKind } from "../types.ts";

export type { ExplorerSettings };

/** Options of {@linkcode explorer}: the setting it opens with, and where it keeps it. */
export interface ExplorerOptions {
  /**
   * Examples per update, an integer in [1, 500].
   * @default {32}
   */
  batchSize?: number;
  /**
   * Step size of SGD, in [1e-5, 10].
   * @default {0.01}
   */
  learningRate?: number;
  /**
   * Momentum of SGD, in [0, 0.99].
   * @default {0.9}
   */
  momentum?: number;
  /**
   * How many seeds, an integer in [1, 100]: seeds `0 … seeds − 1`, as `fitSeeds(data, { seeds })`.
   * @default {10}
   */
  seeds?: number;
  /**
   * Passes over the training set, an integer in [1, 1000].
   * @default {200}
   */
  epochs?: number;
  /**
   * The cross-entropy trained: `"logits"` (Keras') or `"clipped"` (tfjs').
   * @default {"logits"}
   */
  loss?: LossKind;
  /**
   * Whether the setting lives in the page's URL hash (`#batch=32&lr=0.01…`),
   * read when the page opens and rewritten at each change, so that a link
   * shares a setting. Only for a page that is the explorer's own (such as
   * `out/explore.html`): in a notebook the hash belongs to the notebook.
   * @default {false}
   */
  hash?: boolean;
  /**
   * The heading above the controls.
   * @default {"Explore: train the tutorial's model live"}
   */
  title?: string;
}

/** What {@linkcode explorer} returns: one self-contained HTML output. */
export interface Explorer {
  /**
   * The output: an HTML fragment holding the static chart of the first
   * setting (shown where scripts cannot run), the engine, the data and the
   * scripts that replace it with the live explorer.
   */
  readonly html: string;
  /** The setting it opens with. */
  readonly settings: ExplorerSettings;
  /** The runs of the static chart: `fitSeeds` of the first setting. */
  readonly histories: SeedHistory[];
  /** Shows the explorer under the running cell as `text/html` and waits until it has been sent (nothing outside the kernel). */
  show(): Promise<void>;
  /** Called by the Deno Jupyter kernel when a cell's last expression is the explorer. */
  [JUPYTER_DISPLAY](): Record<string, string>;
}

const KEYS = [
  "batchSize",
  "learningRate",
  "momentum",
  "seeds",
  "epochs",
  "loss",
  "hash",
  "title",
] as const;

/** The line under the static chart that says how to make it live. */
export const EXPLORER_STATIC_NOTE =
  "Scripts cannot run here, so this is a static chart. To train any setting live, trust the notebook " +
  "(JupyterLab: File ▸ Trust Notebook) and reopen it, or open out/explore.html in a browser.";

/** Checks one numeric setting strictly: a number of the right kind, inside its range. */
function checkSetting(context: string, name: NumericSetting, value: unknown): number {
  if (value === undefined) return DEFAULT_SETTINGS[name];
  if (typeof value !== "number") {
    typeFail(context, `${name} must be a number, got ${describe(value)}`);
  }
  const { min, max, integer } = LIMITS[name];
  if (
    !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))
  ) {
    rangeFail(
      context,
      `${name} must be ${integer ? "an integer" : "a number"} in [${min}, ${max}], got ${value}`,
    );
  }
  return value;
}

/** Escapes text for HTML content and attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A script's source, checked to be safe inside `<script>…</script>`. */
function inlineScript(source: string, what: string): string {
  if (/<\/script|<!--/i.test(source)) {
    throw new Error(`Cannot make the explorer: the ${what} script holds "</script" or "<!--"`);
  }
  return source;
}

function base64(values: Float32Array | Uint8Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("base64");
}

/**
 * Makes an explorer of the tutorial's training: one self-contained HTML
 * output (no file or network request) whose controls set the batch size (1
 * to 500, the tutorial's values as presets), the learning rate, the
 * momentum, the number of seeds (1 to 100), the epochs and the loss, and that
 * trains each setting in the page, in a Web Worker, on `fitSeeds`' engine
 * (`.build/engine.wasm`, embedded) from `defineModel({ seed })`'s initial
 * weights with `fitModel`'s shuffles: for the same setting its numbers are
 * `fitSeeds`' (seeds `0 … seeds − 1`). It draws the mean train and test
 * accuracy and loss over the seeds with their min–max band, growing as the
 * epochs train, prints the tutorial's `Train: …, Test: …` line for the mean,
 * and can pin a run to compare with the next.
 *
 * Where scripts cannot run (an untrusted notebook, GitHub, nbviewer) the
 * output shows instead a static chart of the first setting, trained here
 * with `fitSeeds`, and a line saying how to make it live. A bad value in the
 * page (typed, or in a hand-edited link) is clamped into range or refused,
 * with a message in the page.
 *
 * Introduced in notebooks 3 and 5; `out/explore.html` is one with `hash: true`.
 *
 * @param options The first setting, `hash` and `title`; see {@linkcode ExplorerOptions}.
 * @returns The explorer; show it with `await ex.show()` (or leave it as a cell's last expression).
 * @throws {TypeError|RangeError} Before any work, on a bad option, naming it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { explorer } from "./explorer.ts";
 * const ex = await explorer({ batchSize: 500, seeds: 2, epochs: 3 });
 * assert.ok(ex.html.includes('data-bsx-explorer'));
 * assert.equal(ex.histories.length, 2);
 * assert.throws(() => explorer({ batchSize: 0 }), RangeError);
 * ```
 */
export function explorer(options: ExplorerOptions = {}): Promise<Explorer> {
  const context = "Cannot make the explorer";
  if (!isObject(options)) typeFail(context, `options must be an object, got ${describe(options)}`);
  checkKeys(context, "options", options, KEYS);
  const loss: unknown = options.loss ?? DEFAULT_SETTINGS.loss;
  if (!(LOSSES as readonly unknown[]).includes(loss)) {
    typeFail(context, `loss must be "logits" or "clipped", got ${describe(loss)}`);
  }
  const settings: ExplorerSettings = {
    batchSize: checkSetting(context, "batchSize", options.batchSize),
    learningRate: checkSetting(context, "learningRate", options.learningRate),
    momentum: checkSetting(context, "momentum", options.momentum),
    seeds: checkSetting(context, "seeds", options.seeds),
    epochs: checkSetting(context, "epochs", options.epochs),
    loss: loss as LossKind,
  };
  const hash = booleanOption(context, "hash", options.hash, false);
  const title = stringOption(
    context,
    "title",
    options.title,
    "Explore: train the tutorial's model live",
  );
  return build(settings, hash, title);
}

async function build(settings: ExplorerSettings, hash: boolean, title: string): Promise<Explorer> {
  if (wasmEngineProblem !== null) {
    throw new Error(`Cannot make the explorer: its engine is missing: ${wasmEngineProblem}`);
  }
  const scripts = await readExplorerScripts();
  const data = prepareData();
  let histories: SeedHistory[];
  let payloadData: Pick<Payload, "train" | "test" | "shape">;
  try {
    histories = await fitSeeds(data, { ...settings, seeds: settings.seeds });
    const split = (x: tf.Tensor2D, y: tf.Tensor2D) => ({
      x: base64(x.dataSync() as Float32Array),
      y: base64(y.dataSync() as Float32Array),
      n: x.shape[0],
    });
    payloadData = {
      shape: { inputs: data.trainX.shape[1], hidden: 50, classes: data.trainY.shape[1] },
      train: split(data.trainX, data.trainY),
      test: split(data.testX, data.testY),
    };
  } finally {
    disposeData(data);
  }
  const payload: Payload = {
    wasm: base64(await Deno.readFile(WASM_PATH)),
    worker: inlineScript(scripts.worker, "worker"),
    ...payloadData,
    settings,
    hash,
    title,
  };
  const label = settingsLabel(settings);
  const line = seedResultLine(histories);
  const short = `batch ${settings.batchSize}, lr ${settings.learningRate}, ${settings.seeds} seeds`;
  const band = (metric: "accuracy" | "loss") =>
    seedBand([histories], {
      metric,
      title: `Train and test ${metric}: mean and min–max over the seeds`,
      titles: [short],
      width: 560,
      panelHeight: 200,
    }).svg;
  const img = (svg: string, alt: string) =>
    `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}" alt="${
      escapeHtml(alt)
    }" style="max-width:100%">`;
  const json = JSON.stringify(payload).replace(/</g, "\\u003c");
  const html = [
    `<div class="bsx-explorer" data-bsx-explorer="1">`,
    `<div class="bsx-static">`,
    img(
      band("accuracy"),
      `Mean train and test accuracy over ${settings.seeds} seeds with their min–max band, ${label}`,
    ),
    img(band("loss"), `Mean train and test loss over ${settings.seeds} seeds, ${label}`),
    `<p><code>${escapeHtml(line)}</code> (mean of ${settings.seeds} seeds, ${
      escapeHtml(label)
    })</p>`,
    `<p><em>${escapeHtml(EXPLORER_STATIC_NOTE)}</em></p>`,
    `</div>`,
    `<script type="application/json" class="bsx-payload">${json}</script>`,
    `<script>${inlineScript(scripts.page, "page")}</script>`,
    `</div>`,
  ].join("\n");
  // For a front end that shows neither HTML nor images: the static chart's numbers.
  const plain = `Explorer, ${label}: ${line} (mean of ${settings.seeds} seeds, fitSeeds); ` +
    "open it where HTML and scripts run (a trusted notebook, out/explore.html) to train it live.";
  const bundle = { "text/html": html, "text/plain": plain };
  return {
    html,
    settings,
    histories,
    async show() {
      const kernel = jupyter();
      if (kernel === undefined) return;
      await kernel.display(bundle, { raw: true });
      await flush();
    },
    [JUPYTER_DISPLAY]() {
      return { ...bundle };
    },
  };
}
