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
 * Here: the controls, the state and the workers. Beside it: `payload.ts`
 * (what is embedded, decoded), `runs.ts` (merging the workers' shares of the
 * seeds into a run), `chart.ts` (drawing the live chart), `dom.ts` (element
 * makers), `protocol.ts` (the messages to and from `worker.ts`).
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
import { type FitRequest, PER_EPOCH, type WorkerMessage } from "./protocol.ts";
import { bytesOf, type Payload, splitOf } from "./payload.ts";
import { el } from "./dom.ts";
import { drawChart, epochAt } from "./chart.ts";
import { joinDone, meanResultLine, mergeParts, type Part, readoutText, type Run } from "./runs.ts";

export type { Payload } from "./payload.ts";
export { meanResultLine } from "./runs.ts";

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
    readout.textContent = readoutText(epochAt(svg, event.clientX, run, pinned), run, pinned);
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
    // A finished run's "done" may still wait for its frame: it must not mark this run done.
    afterDraw = null;
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

  function merge(): void {
    if (run !== null) mergeParts(run, parts);
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
    const done = joinDone(parts, run.settings.seeds, message.id);
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

  // ---- drawing: two panels, accuracy and loss, mean lines over a min–max band
  function draw(): void {
    chart.replaceChildren(drawChart(run, pinned));
    root.dataset.epochsDrawn = String(run?.epochs ?? 0);
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
