/// <reference lib="dom" />
/**
 * The explorer's page script (bundled into `.build/explorer_page.js` and
 * embedded in every explorer output): it finds the explorer element its
 * `<script>` sits in, reads the payload beside it (the engine's bytes, the
 * data, the worker's source, the first setting), replaces the static chart
 * with controls and a live chart, and trains every setting in a Web Worker
 * made from a Blob URL, drawing the curves as the epochs arrive.
 *
 * Nothing read from the URL or the controls is ever written as HTML: every
 * text goes in through `textContent` or an attribute value.
 *
 * @module
 */
import {
  BATCH_PRESETS,
  clampSetting,
  DEFAULT_SETTINGS,
  type ExplorerSettings,
  formatHash,
  LEARNING_RATE_PRESETS,
  LIMITS,
  type NumericSetting,
  parseHash,
  settingsLabel,
} from "../_config.ts";
import { ALERT_COLOR, lighten, TEST_COLOR, TRAIN_COLOR } from "../../charts/_theme.ts";
import type { MlpShape } from "../../_layout.ts";
import {
  type DoneMessage,
  type FitRequest,
  type PageSplit,
  PER_EPOCH,
  type WorkerMessage,
} from "./protocol.ts";

/** What the lib function embeds beside the script, as JSON. */
export interface Payload {
  /** `.build/engine.wasm`, base64. */
  wasm: string;
  /** The worker's bundled source. */
  worker: string;
  shape: MlpShape;
  /** Each split: `x` and `y` as float32 base64, `n` rows. */
  train: { x: string; y: string; n: number };
  test: { x: string; y: string; n: number };
  /** The setting to start with. */
  settings: ExplorerSettings;
  /** Whether the page's URL hash holds the setting (the page's own explorer only). */
  hash: boolean;
  /** The heading above the controls. */
  title: string;
}

const SVG_NS = "http://www.w3.org/2000/svg";
/** One panel's size and margins, px (the static charts' margins). */
const PANEL = { width: 430, height: 250, top: 10, right: 16, bottom: 36, left: 54 };
const FONT = "11px system-ui, -apple-system, 'Segoe UI', sans-serif";

/** What one worker has sent of its share of the seeds: per epoch, per metric, sum/min/max, then the count. */
interface Part {
  /** Its seeds, a run of consecutive ones. */
  seeds: number[];
  epochs: number;
  values: Float64Array;
  done: DoneMessage | null;
}

/** A run's curves: per epoch, per metric, mean/min/max over all its seeds, then the count. */
interface Run {
  settings: ExplorerSettings;
  /** Epochs received so far. */
  epochs: number;
  values: Float64Array;
  done: DoneMessage | null;
}

function bytesOf(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function floatsOf(base64: string): Float32Array {
  const bytes = bytesOf(base64);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

function splitOf(s: { x: string; y: string; n: number }): PageSplit {
  return { x: floatsOf(s.x), y: floatsOf(s.y), n: s.n };
}

/** An element with a class and, optionally, text. */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = "",
  text = "",
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}

function svgEl(tag: string, attrs: Record<string, string | number> = {}): SVGElement {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** About `count` round tick values over [lo, hi] (1, 2, 5 × 10^k steps). */
function ticks(lo: number, hi: number, count: number): number[] {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [lo];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => span / s <= count) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    out.push(Number(v.toPrecision(12)));
  }
  return out;
}

/** The tutorial's line for the mean over the seeds: `Train: 0.816, Test: 0.830`. */
export function meanResultLine(done: Pick<DoneMessage, "trainAccuracy" | "testAccuracy">): string {
  const mean = (values: Float32Array) => {
    let sum = 0;
    for (const v of values) sum += v;
    return sum / values.length;
  };
  return `Train: ${mean(done.trainAccuracy).toFixed(3)}, Test: ${
    mean(done.testAccuracy).toFixed(3)
  }`;
}

const CSS = `
.bsx-live{font:13px system-ui,-apple-system,'Segoe UI',sans-serif;color:#222;max-width:900px}
.bsx-live h4{margin:4px 0 8px;font-size:14px}
.bsx-controls{display:flex;flex-wrap:wrap;gap:8px 18px;align-items:flex-start;margin-bottom:6px}
.bsx-controls label{display:flex;flex-direction:column;font-size:12px;color:#444;gap:2px}
.bsx-controls input,.bsx-controls select{font:inherit;width:7em;padding:2px 4px}
.bsx-controls select{width:auto}
.bsx-presets{display:flex;flex-wrap:wrap;gap:3px;margin-top:2px}
.bsx-presets button{font:11px system-ui,sans-serif;padding:1px 5px;border:1px solid #bbb;border-radius:3px;background:#f6f6f6;cursor:pointer}
.bsx-presets button.bsx-on{background:#1f77b4;color:#fff;border-color:#1f77b4}
.bsx-buttons button{font:inherit;padding:3px 10px;margin-right:6px}
.bsx-result{font:13px ui-monospace,SFMono-Regular,Menlo,monospace;margin:6px 0 2px;white-space:pre-wrap}
.bsx-pinned{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;color:#666;white-space:pre-wrap}
.bsx-status{font-size:12px;color:#555;min-height:1.3em}
.bsx-problems{font-size:12px;color:#a61b1b;white-space:pre-wrap}
.bsx-chart svg{display:block;max-width:100%;height:auto}
.bsx-readout{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;color:#444;white-space:pre-wrap;min-height:2.6em}
`;

/** Builds the live explorer inside `root` from the payload beside the script. */
export function mount(root: HTMLElement, payload: Payload): void {
  const shape = payload.shape;
  const train = splitOf(payload.train);
  const test = splitOf(payload.test);
  const wasm = bytesOf(payload.wasm);
  const workerUrl = URL.createObjectURL(
    new Blob([payload.worker], { type: "text/javascript" }),
  );
  const useHash = payload.hash === true;
  let settings: ExplorerSettings = { ...DEFAULT_SETTINGS, ...payload.settings };

  // ---- the page's elements
  for (const old of root.querySelectorAll(".bsx-static")) {
    (old as HTMLElement).style.display = "none";
  }
  const live = el("div", "bsx-live");
  const style = el("style");
  style.textContent = CSS;
  live.append(style, el("h4", "", payload.title));
  const controls = el("div", "bsx-controls");
  const inputs = {} as Record<NumericSetting, HTMLInputElement>;
  const presetRows: Partial<Record<NumericSetting, HTMLButtonElement[]>> = {};
  const numberControl = (
    name: NumericSetting,
    label: string,
    step: string,
    presets: readonly number[] = [],
  ) => {
    const wrap = el("label", "", label);
    const input = el("input");
    input.type = "number";
    input.min = String(LIMITS[name].min);
    input.max = String(LIMITS[name].max);
    input.step = step;
    input.name = name;
    input.addEventListener("change", () => fromControl(name));
    inputs[name] = input;
    wrap.append(input);
    if (presets.length > 0) {
      const row = el("span", "bsx-presets");
      presetRows[name] = presets.map((value) => {
        const b = el("button", "", String(value));
        b.type = "button";
        b.dataset.value = String(value);
        b.addEventListener("click", (event) => {
          event.preventDefault();
          input.value = String(value);
          fromControl(name);
        });
        row.append(b);
        return b;
      });
      wrap.append(row);
    }
    controls.append(wrap);
  };
  numberControl("batchSize", "batch size (1–500)", "1", BATCH_PRESETS);
  numberControl("learningRate", "learning rate", "any", LEARNING_RATE_PRESETS);
  numberControl("momentum", "momentum (0–0.99)", "0.01");
  numberControl("seeds", "seeds (1–100)", "1");
  numberControl("epochs", "epochs (1–1000)", "1");
  const lossWrap = el("label", "", "loss");
  const lossSelect = el("select");
  lossSelect.name = "loss";
  for (const [value, text] of [["logits", "Keras' (from logits)"], ["clipped", "tfjs' clipped"]]) {
    const option = el("option", "", text);
    option.value = value;
    lossSelect.append(option);
  }
  lossSelect.addEventListener("change", () => {
    settings = { ...settings, loss: lossSelect.value === "clipped" ? "clipped" : "logits" };
    changed([]);
  });
  lossWrap.append(lossSelect);
  controls.append(lossWrap);
  const buttons = el("div", "bsx-buttons");
  const pinButton = el("button", "bsx-pin", "Pin this run");
  const unpinButton = el("button", "bsx-unpin", "Unpin");
  pinButton.type = unpinButton.type = "button";
  buttons.append(pinButton, unpinButton);
  const problemsBox = el("div", "bsx-problems");
  problemsBox.setAttribute("role", "alert");
  const status = el("div", "bsx-status");
  status.setAttribute("role", "status");
  const result = el("div", "bsx-result");
  const pinnedLine = el("div", "bsx-pinned");
  const chart = el("div", "bsx-chart");
  const readout = el("div", "bsx-readout", "Point at the chart to read an epoch's figures.");
  live.append(controls, buttons, problemsBox, status, result, pinnedLine, chart, readout);
  chart.addEventListener("mousemove", (event) => {
    const svg = chart.querySelector("svg");
    if (svg === null || run === null || run.epochs === 0) return;
    const box = svg.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * 2 * PANEL.width;
    const inPanel = (x % PANEL.width) - PANEL.left;
    const w = PANEL.width - PANEL.left - PANEL.right;
    const maxEpochs = Math.max(run.settings.epochs, pinned?.settings.epochs ?? 0);
    const epoch = Math.round(1 + (inPanel / w) * Math.max(1, maxEpochs - 1));
    readout.textContent = readoutText(epoch);
  });
  root.append(live);

  // ---- state
  /** Workers, one per core (at most two): each trains a share of the seeds. */
  const workers: (Worker | null)[] = Array.from(
    { length: Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1)) },
    () => null,
  );
  /** The shares of the fit being trained: what each worker has sent. */
  let parts: Part[] = [];
  let request = 0;
  let run: Run | null = null;
  let pinned: Run | null = null;
  let changedAt = performance.now();
  let firstDrawn = false;
  let drawQueued = false;

  function showControls(): void {
    for (const name of Object.keys(inputs) as NumericSetting[]) {
      inputs[name].value = String(settings[name]);
      for (const b of presetRows[name] ?? []) {
        b.classList.toggle("bsx-on", Number(b.dataset.value) === settings[name]);
      }
    }
    lossSelect.value = settings.loss;
  }

  function showProblems(problems: string[]): void {
    problemsBox.textContent = problems.join("\n");
  }

  /** Reads one control, clamps its value, and trains the new setting. */
  function fromControl(name: NumericSetting): void {
    const raw = inputs[name].value.trim();
    const number = raw === "" ? NaN : Number(raw);
    if (!Number.isFinite(number)) {
      const { min, max } = LIMITS[name];
      showProblems([`${name} must be a number in [${min}, ${max}]; kept ${settings[name]}`]);
      showControls();
      return;
    }
    const { value, problem } = clampSetting(name, number);
    if (value === settings[name] && problem === null) return; // nothing changed
    settings = { ...settings, [name]: value };
    changed(problem === null ? [] : [problem]);
  }

  function changed(problems: string[]): void {
    showProblems(problems);
    showControls();
    if (useHash) {
      const hash = formatHash(settings);
      if (location.hash !== hash) history.replaceState(null, "", hash);
    }
    start();
  }

  /** Ends the workers still training (a new setting does not wait for them). */
  function stopBusy(): void {
    parts.forEach((part, i) => {
      if (part.done === null) {
        workers[i]?.terminate();
        workers[i] = null;
      }
    });
  }

  function start(): void {
    stopBusy();
    request += 1;
    const id = request;
    changedAt = performance.now();
    firstDrawn = false;
    run = {
      settings: { ...settings },
      epochs: 0,
      values: new Float64Array(settings.epochs * PER_EPOCH),
      done: null,
    };
    // Seeds 0 … k − 1 in runs, one run per worker (a single seed trains in one).
    const k = settings.seeds;
    const count = Math.min(workers.length, k);
    parts = Array.from({ length: count }, (_, i) => {
      const from = Math.floor((i * k) / count);
      const to = Math.floor(((i + 1) * k) / count);
      return {
        seeds: Array.from({ length: to - from }, (_, j) => from + j),
        epochs: 0,
        values: new Float64Array(settings.epochs * PER_EPOCH),
        done: null,
      };
    });
    root.dataset.state = "training";
    delete root.dataset.result;
    result.textContent = "";
    status.textContent = `Training ${settingsLabel(settings)}…`;
    parts.forEach((part, i) => {
      let worker = workers[i];
      if (worker === null) {
        worker = new Worker(workerUrl);
        worker.onerror = (event) => {
          event.preventDefault();
          fail(event.message || "the training worker stopped");
        };
        workers[i] = worker;
      }
      worker.onmessage = (event: MessageEvent<WorkerMessage>) => receive(i, event.data);
      const message: FitRequest = {
        type: "fit",
        id,
        wasm: wasm.slice(),
        shape,
        train,
        test,
        settings: { ...settings },
        seeds: part.seeds,
      };
      worker.postMessage(message);
    });
    queueDraw();
  }

  function fail(message: string): void {
    for (let i = 0; i < workers.length; i++) {
      workers[i]?.terminate();
      workers[i] = null;
    }
    parts = [];
    root.dataset.state = "failed";
    status.textContent = `Training failed: ${message}`;
  }

  /** Merges the parts' epochs that every part still training has sent into the run's curves. */
  function merge(): void {
    if (run === null) return;
    const training = parts.filter((p) => p.done === null);
    const available = training.length > 0
      ? Math.min(...training.map((p) => p.epochs))
      : Math.max(...parts.map((p) => p.epochs));
    for (let e = run.epochs; e < available; e++) {
      const at = e * PER_EPOCH;
      const counted = parts.filter((p) => e < p.epochs);
      const n = counted.reduce((sum, p) => sum + p.values[at + PER_EPOCH - 1], 0);
      for (let m = 0; m < PER_EPOCH - 1; m += 3) {
        let sum = 0, min = Infinity, max = -Infinity;
        for (const p of counted) {
          sum += p.values[at + m];
          min = Math.min(min, p.values[at + m + 1]);
          max = Math.max(max, p.values[at + m + 2]);
        }
        run.values[at + m] = sum / n;
        run.values[at + m + 1] = min;
        run.values[at + m + 2] = max;
      }
      run.values[at + PER_EPOCH - 1] = n;
    }
    run.epochs = Math.max(run.epochs, available);
  }

  function receive(index: number, message: WorkerMessage): void {
    if (message.id !== request || run === null) return;
    if (message.type === "failed") return fail(message.message);
    const part = parts[index];
    if (message.type === "epochs") {
      part.values.set(message.values, (message.from - 1) * PER_EPOCH);
      part.epochs = message.from - 1 + message.values.length / PER_EPOCH;
      merge();
      status.textContent = `Training ${
        settingsLabel(run.settings)
      }: epoch ${run.epochs} of ${run.settings.epochs}`;
      queueDraw();
      return;
    }
    part.done = message;
    merge();
    if (parts.some((p) => p.done === null)) return;
    // Every part is done: each seed's final evaluation, in the order of the seeds.
    const join = <T extends Float32Array | Int32Array>(
      pick: (d: DoneMessage) => T,
      make: (n: number) => T,
    ): T => {
      const out = make(run!.settings.seeds);
      let at = 0;
      for (const p of parts) {
        out.set(pick(p.done!) as never, at);
        at += p.seeds.length;
      }
      return out;
    };
    const f32 = (n: number) => new Float32Array(n);
    const done: DoneMessage = {
      type: "done",
      id: message.id,
      trainAccuracy: join((d) => d.trainAccuracy, f32),
      trainLoss: join((d) => d.trainLoss, f32),
      testAccuracy: join((d) => d.testAccuracy, f32),
      testLoss: join((d) => d.testLoss, f32),
      divergedAt: join((d) => d.divergedAt, (n) => new Int32Array(n)),
      milliseconds: Math.max(...parts.map((p) => p.done!.milliseconds)),
    };
    run.done = done;
    root.dataset.trainMs = String(done.milliseconds);
    const diverged = Array.from(done.divergedAt).filter((e) => e > 0).length;
    const k = run.settings.seeds;
    result.textContent = meanResultLine(done);
    status.textContent = `Mean of ${k} seed${k === 1 ? "" : "s"} (0 to ${k - 1}), ${
      settingsLabel(run.settings)
    }: trained in ${(done.milliseconds / 1000).toFixed(2)} s on ${parts.length} worker${
      parts.length === 1 ? "" : "s"
    }${diverged > 0 ? `; ${diverged} diverged and stopped early` : ""}.`;
    root.dataset.result = JSON.stringify({
      settings: run.settings,
      trainAccuracy: Array.from(done.trainAccuracy),
      testAccuracy: Array.from(done.testAccuracy),
      divergedAt: Array.from(done.divergedAt),
    });
    queueDraw(() => {
      root.dataset.state = "done";
      root.dataset.totalMs = String(performance.now() - changedAt);
    });
  }

  let afterDraw: (() => void) | null = null;
  function queueDraw(then?: () => void): void {
    if (then) afterDraw = then;
    if (drawQueued) return;
    drawQueued = true;
    const go = () => {
      drawQueued = false;
      draw();
      if (run !== null && run.epochs > 0 && !firstDrawn) {
        firstDrawn = true;
        root.dataset.firstCurvesMs = String(performance.now() - changedAt);
      }
      const f = afterDraw;
      afterDraw = null;
      f?.();
    };
    // A hidden page gets no animation frames; draw anyway.
    if (document.visibilityState === "visible") requestAnimationFrame(go);
    else setTimeout(go, 0);
  }

  pinButton.addEventListener("click", () => {
    if (run === null || run.epochs === 0) return;
    pinned = { ...run, values: run.values.slice() };
    pinnedLine.textContent = `Pinned (dashed): ${settingsLabel(pinned.settings)}${
      pinned.done ? ` — ${meanResultLine(pinned.done)}` : ` (pinned at epoch ${pinned.epochs})`
    }`;
    queueDraw();
  });
  unpinButton.addEventListener("click", () => {
    pinned = null;
    pinnedLine.textContent = "";
    queueDraw();
  });

  /** One epoch's figures of the live run (and the pinned one), as text. */
  function readoutText(epoch: number): string {
    const describe = (r: Run, who: string) => {
      if (epoch < 1 || epoch > r.epochs) return `${who}: no epoch ${epoch}`;
      const at = (m: number) => {
        const base = (epoch - 1) * PER_EPOCH + m * 3;
        const f = (v: number) => v.toFixed(3);
        return `${f(r.values[base])} [${f(r.values[base + 1])}–${f(r.values[base + 2])}]`;
      };
      return `${who}, epoch ${epoch} (mean [min–max]): train accuracy ${at(1)}, test accuracy ${
        at(3)
      }, train loss ${at(0)}, test loss ${at(2)}`;
    };
    const lines = [describe(run!, "This run")];
    if (pinned !== null) lines.push(describe(pinned, "Pinned"));
    return lines.join("\n");
  }

  // ---- drawing: two panels, accuracy and loss, mean lines over a min–max band
  function draw(): void {
    const width = 2 * PANEL.width;
    const height = PANEL.height + 28;
    const svg = svgEl("svg", {
      xmlns: SVG_NS,
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      "font-family": FONT,
    });
    const runs = [pinned, run].filter((r): r is Run => r !== null);
    const legend = svgEl("g", { transform: `translate(${PANEL.left},14)`, "font-size": 11 });
    const items: [string, string, string][] = [
      ["train mean", TRAIN_COLOR, ""],
      ["test mean", TEST_COLOR, ""],
      [`min–max of ${run?.settings.seeds ?? 0} seeds`, "#c8c8c8", "rect"],
    ];
    if (pinned) items.push(["pinned run", "#555", "4 3"]);
    let x = 0;
    for (const [label, color, kind] of items) {
      if (kind === "rect") {
        legend.append(svgEl("rect", { x, y: -8, width: 14, height: 10, fill: color }));
      } else {
        legend.append(svgEl("line", {
          x1: x,
          x2: x + 14,
          y1: -3,
          y2: -3,
          stroke: color,
          "stroke-width": 2,
          "stroke-dasharray": kind,
        }));
      }
      const t = svgEl("text", { x: x + 18, y: 1 });
      t.textContent = label;
      legend.append(t);
      x += 30 + label.length * 6;
    }
    svg.append(legend);
    const maxEpochs = Math.max(1, ...runs.map((r) => r.settings.epochs));
    panel(svg, 0, "accuracy", [1, 3], runs, maxEpochs);
    panel(svg, PANEL.width, "loss", [0, 2], runs, maxEpochs);
    chart.replaceChildren(svg);
    root.dataset.epochsDrawn = String(run?.epochs ?? 0);
  }

  /** One panel: `metrics` are indices into METRICS (train, test). */
  function panel(
    svg: SVGElement,
    left: number,
    label: string,
    metrics: [number, number],
    runs: Run[],
    maxEpochs: number,
  ): void {
    const top = 28 + PANEL.top;
    const w = PANEL.width - PANEL.left - PANEL.right;
    const h = PANEL.height - PANEL.top - PANEL.bottom;
    const g = svgEl("g", { transform: `translate(${left + PANEL.left},${top})` });
    // y domain from every value drawn
    let lo = Infinity, hi = -Infinity;
    for (const r of runs) {
      for (let e = 0; e < r.epochs; e++) {
        for (const m of metrics) {
          const base = e * PER_EPOCH + m * 3;
          const a = r.values[base + 1], b = r.values[base + 2];
          if (Number.isFinite(a)) lo = Math.min(lo, a);
          if (Number.isFinite(b)) hi = Math.max(hi, b);
        }
      }
    }
    if (label === "accuracy") {
      lo = Number.isFinite(lo) ? Math.max(0, Math.floor(lo * 10) / 10) : 0;
      hi = 1;
    } else {
      lo = 0;
      hi = Number.isFinite(hi) && hi > 0 ? hi * 1.05 : 1;
    }
    const sx = (epoch: number) => ((epoch - 1) / Math.max(1, maxEpochs - 1)) * w;
    const sy = (v: number) => h - ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * h;
    // frame, grid and ticks
    for (const t of ticks(lo, hi, 5)) {
      g.append(svgEl("line", { x1: 0, x2: w, y1: sy(t), y2: sy(t), stroke: "#e5e5e5" }));
      const text = svgEl("text", { x: -6, y: sy(t) + 4, "text-anchor": "end", "font-size": 11 });
      text.textContent = String(t);
      g.append(text);
    }
    for (const t of ticks(1, maxEpochs, 6)) {
      const tx = sx(t);
      g.append(svgEl("line", { x1: tx, x2: tx, y1: h, y2: h + 4, stroke: "#333" }));
      const text = svgEl("text", { x: tx, y: h + 16, "text-anchor": "middle", "font-size": 11 });
      text.textContent = String(t);
      g.append(text);
    }
    g.append(svgEl("line", { x1: 0, x2: w, y1: h, y2: h, stroke: "#333" }));
    g.append(svgEl("line", { x1: 0, x2: 0, y1: 0, y2: h, stroke: "#333" }));
    const xLabel = svgEl("text", { x: w / 2, y: h + 32, "text-anchor": "middle", "font-size": 11 });
    xLabel.textContent = "epoch";
    const yLabel = svgEl("text", {
      transform: `translate(-40,${h / 2}) rotate(-90)`,
      "text-anchor": "middle",
      "font-size": 11,
    });
    yLabel.textContent = label;
    g.append(xLabel, yLabel);
    // curves: every band first, then the mean lines over them; the pinned run dashed, no band
    const lines: SVGElement[] = [];
    for (const r of runs) {
      const isPinned = r === pinned && r !== run;
      if (r.epochs === 0) continue;
      metrics.forEach((m, which) => {
        const color = which === 0 ? TRAIN_COLOR : TEST_COLOR;
        let mean = "", upper = "", lower = "";
        for (let e = 0; e < r.epochs; e++) {
          const base = e * PER_EPOCH + m * 3;
          const px = sx(e + 1).toFixed(1);
          mean += `${e === 0 ? "M" : "L"}${px},${sy(r.values[base]).toFixed(1)}`;
          upper += `${e === 0 ? "M" : "L"}${px},${sy(r.values[base + 2]).toFixed(1)}`;
          lower = `L${px},${sy(r.values[base + 1]).toFixed(1)}` + lower;
        }
        if (!isPinned) {
          g.append(svgEl("path", {
            d: upper + lower + "Z",
            fill: color,
            "fill-opacity": 0.2,
            stroke: "none",
          }));
        }
        lines.push(svgEl("path", {
          d: mean,
          fill: "none",
          stroke: isPinned ? lighten(color, 0.3) : color,
          "stroke-width": isPinned ? 1.5 : 1.75,
          "stroke-dasharray": isPinned ? "5 3" : "",
          class: isPinned ? "bsx-pinned-curve" : "bsx-curve",
        }));
      });
    }
    g.append(...lines);
    for (const r of runs) {
      const diverged = r.done ? Array.from(r.done.divergedAt).filter((e) => e > 0) : [];
      for (const e of new Set(diverged)) {
        g.append(svgEl("line", {
          x1: sx(e),
          x2: sx(e),
          y1: 0,
          y2: h,
          stroke: ALERT_COLOR,
          "stroke-dasharray": "2 2",
        }));
      }
    }
    svg.append(g);
  }

  // ---- start: the hash (if this page owns it) or the embedded setting
  if (useHash) {
    const fromHash = () => {
      const parsed = parseHash(location.hash, { ...DEFAULT_SETTINGS, ...payload.settings });
      settings = parsed.settings;
      showProblems(parsed.problems);
      showControls();
      const hash = formatHash(settings);
      if (location.hash !== hash) history.replaceState(null, "", hash);
      start();
    };
    addEventListener("hashchange", fromHash);
    fromHash();
  } else {
    showControls();
    start();
  }
}

/** Finds the explorer this script belongs to and mounts it. */
function boot(): void {
  const script = document.currentScript;
  const root = script?.closest<HTMLElement>("[data-bsx-explorer]");
  if (!root || root.dataset.state !== undefined) return;
  root.dataset.state = "starting";
  try {
    const payload = JSON.parse(
      root.querySelector("script.bsx-payload")?.textContent ?? "null",
    ) as Payload;
    mount(root, payload);
  } catch (error) {
    root.dataset.state = "failed";
    const message = el(
      "p",
      "bsx-problems",
      `The explorer could not start: ${error instanceof Error ? error.message : error}`,
    );
    root.append(message);
  }
}

boot();
