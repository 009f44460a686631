/**
 * Progress shown in place while a long fit runs in a Deno Jupyter notebook,
 * and result lines that always reach the saved notebook.
 *
 * **The pitfall this module exists for.** Deno 2.9's kernel queues a cell's
 * output (`console.log`, `Deno.jupyter.broadcast`, `Deno.jupyter.display`, even
 * the cell's own result) and sends it to Jupyter from that queue, but sends the
 * "idle" status that ends the cell straight away. Jupyter stops listening to a
 * cell at "idle", so whatever is still queued then is lost: measured with
 * nbclient 0.11 (15 runs of each cell), a cell ending in five `console.log`
 * calls kept all five lines in only 5 runs (the first two or three arrive);
 * five lines then an awaited `broadcast`, in 3; five lines then a chart as the
 * cell's result, in 2 (the chart was lost). Output the kernel publishes after
 * the next cell has started is shown in that cell instead: twenty charts then a
 * 1 ms pause kept 4 in their cell, put 9 in the next and lost 7. Awaiting
 * `broadcast` does not help: its promise resolves when the message is queued,
 * not sent, and even a `setTimeout(0)` after ten updates lost the last ones in
 * 4 of 15 runs. A pause of a few milliseconds after the last output does it:
 * with 5 ms or more every output arrived in every run, also with both cores
 * busy. But a pause is a guess: 50 ms after twenty charts queued at once (2 MB)
 * was too short here (`test/notebook/iopub_test.ts` fails with it), and on CI, beside
 * JupyterLab and Chromium, a saved notebook 04 once came out one chart short.
 * So end a cell that prints with `await say(...)` or `await flush()`, and a
 * progress display with `await p.done(...)`: each sends a marker after its
 * output and waits until the marker comes back on a subscription of its own to
 * the kernel's IOPub (`_iopub.ts`), which the kernel publishes only after
 * everything queued before it (measured here: 1.4–46 ms, most under 8 ms).
 * Where it cannot subscribe, it waits {@linkcode FLUSH_MS} instead.
 *
 * **Stopping a long fit.** The Deno 2.9 kernel has no handler for the SIGINT
 * that Jupyter's Kernel → Interrupt sends, so by default an interrupt ends the
 * kernel (JupyterLab then restarts it, and every variable is gone). While a
 * progress display runs in the kernel, it listens for that SIGINT instead: the
 * display shows `interrupted`, and its next {@linkcode Progress.update}
 * throws an {@linkcode InterruptedError}. A fit reporting to it (`fitModel`,
 * `fitSeeds`, `sweep` through their callbacks) thus stops at the end of the
 * epoch it is in, frees its tensors, and the cell ends with that error; the
 * kernel keeps its state. Outside a running display an interrupt does what it
 * did before: it ends the kernel. (A display whose cell failed before its
 * `done()` counts as running until the next interrupt, which it takes.)
 *
 * Outside the kernel (`deno run`, `deno test`), where `Deno.jupyter` throws,
 * nothing here throws: progress updates print nothing, and the final line of
 * {@linkcode Progress.done} and {@linkcode say} go to `console.log`.
 *
 * @example
 * ```ts
 * import { progress, say } from "./progress.ts";
 * const p = progress("batch=500, lr=0.01");
 * for (let epoch = 1; epoch <= 3; epoch++) p.update(`epoch ${epoch}/3`);
 * await p.done("trained");
 * await say("Train: 0.816, Test: 0.830");
 * ```
 *
 * @module
 */
import type { EpochLog } from "../types.ts";
import { published } from "./_iopub.ts";

/**
 * How long {@linkcode flush}, {@linkcode say} and {@linkcode Progress.done}
 * wait after their output, in milliseconds, when they cannot see the kernel
 * publish it (outside Linux, or without the kernel's connection file).
 */
export const FLUSH_MS = 50;

/**
 * Key of the output metadata a progress display carries: `"running"` while it
 * is updated, `"done"` after {@linkcode Progress.done}. A saved notebook whose
 * progress output still says `"running"` lost its final state; the notebook
 * tests look for that.
 */
export const PROGRESS_METADATA = "progress";

/** Separator between the parts of a progress line. */
const SEP = " · ";

/** Where a progress display sends its Jupyter messages: `Deno.jupyter` in the kernel. */
export interface ProgressOutput {
  /** Sends one message on the kernel's IOPub channel, as `Deno.jupyter.broadcast` does. */
  broadcast(msgType: string, content: Record<string, unknown>): Promise<void>;
}

/** `Deno.jupyter` inside the Deno kernel, `undefined` anywhere else (where reading it throws). */
export function jupyter(): typeof Deno.jupyter | undefined {
  try {
    return typeof Deno === "undefined" ? undefined : Deno.jupyter;
  } catch {
    return undefined; // "Deno.jupyter is only available in `deno jupyter` subcommand"
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until the kernel has published what was sent, or {@linkcode FLUSH_MS} where it cannot tell. */
async function settle(kernel: ProgressOutput): Promise<void> {
  if (!(await published(kernel))) await sleep(FLUSH_MS);
}

/**
 * Waits until output already sent by this cell has left the kernel, so it is
 * not lost when the cell ends (see the module's notes). Outside the kernel it
 * returns at once.
 *
 * @returns A promise that resolves once the kernel has published the output
 *   (or after {@linkcode FLUSH_MS}, where that cannot be seen).
 *
 * @example
 * ```ts
 * import { flush } from "./progress.ts";
 * console.log("class counts: 167, 167, 166");
 * await flush(); // the last statement of the cell
 * ```
 */
export async function flush(): Promise<void> {
  const kernel = jupyter();
  if (kernel !== undefined) await settle(kernel);
}

/**
 * Prints lines as a cell's standard output and makes sure they reach the
 * notebook even when they are the cell's last output, which plain
 * `console.log` does not (see the module's notes). Use it for the lines a
 * reader compares with the tutorial, like `Train: 0.816, Test: 0.830`.
 * Outside the kernel it is `console.log`, one call per line.
 *
 * @param lines The lines to print, in order.
 * @returns A promise that resolves once the lines are sent; it never rejects.
 *
 * @example
 * ```ts
 * import { say } from "./progress.ts";
 * await say("Train: 0.816, Test: 0.830");
 * ```
 */
export async function say(...lines: string[]): Promise<void> {
  const kernel = jupyter();
  if (kernel === undefined) {
    for (const line of lines) console.log(line);
    return;
  }
  try {
    await kernel.broadcast("stream", { name: "stdout", text: lines.join("\n") + "\n" });
  } catch {
    // The kernel could not send it; there is nowhere better to say so.
  }
  await settle(kernel);
}

/**
 * What {@linkcode Progress.update} throws once its run was interrupted
 * (Kernel → Interrupt in the kernel, or its `signal` aborted), so the fit that
 * reports to it stops there.
 */
export class InterruptedError extends Error {
  /**
   * @param title The interrupted display's title, like `batch=1, lr=0.01`.
   * @param at What it showed last, like `epoch 12/200 · loss 0.512 · …`.
   */
  constructor(title: string, at: string) {
    super(
      `Interrupted: ${title} stopped${
        at === "" ? "" : ` after ${at}`
      }; the kernel and its variables are still there`,
    );
    this.name = "InterruptedError";
  }
}

/** Progress displays running in the kernel, each with what interrupts it. */
const running = new Set<() => void>();

/** Interrupts every running display (Kernel → Interrupt sent SIGINT). */
function interruptAll(): void {
  const all = [...running];
  running.clear();
  Deno.removeSignalListener("SIGINT", interruptAll);
  for (const interrupt of all) interrupt();
}

/** Listens for Kernel → Interrupt while at least one display runs. */
function watchInterrupt(interrupt: () => void): () => void {
  if (running.size === 0) Deno.addSignalListener("SIGINT", interruptAll);
  running.add(interrupt);
  return () => {
    if (running.delete(interrupt) && running.size === 0) {
      Deno.removeSignalListener("SIGINT", interruptAll);
    }
  };
}

/** Options of {@linkcode progress}. */
export interface ProgressOptions {
  /**
   * **interval** — the least time between two updates shown, in
   * milliseconds; updates coming faster are skipped (the latest is kept for
   * {@linkcode Progress.done}). Defaults to 100: at most 10 updates a second.
   */
  interval?: number;
  /**
   * **output** — where the messages go; defaults to `Deno.jupyter` inside the
   * kernel and to nowhere outside it. Tests pass a recorder here.
   */
  output?: ProgressOutput;
  /**
   * **signal** — interrupts the run when aborted: the display shows
   * `interrupted` and the next {@linkcode Progress.update} throws an
   * {@linkcode InterruptedError}. Defaults, inside the kernel, to
   * Kernel → Interrupt (the SIGINT Jupyter sends, listened for only while the
   * display runs); outside the kernel, to none.
   */
  signal?: AbortSignal;
}

/** A line shown in place under a notebook cell, as {@linkcode progress} makes it. */
export interface Progress {
  /** The text before every line, as given to {@linkcode progress}. */
  readonly title: string;
  /** The text shown now (title included), or what would be shown outside the kernel. */
  readonly text: string;
  /**
   * Replaces the shown line with `title · line`, unless the last update was
   * shown less than `interval` ago. Needs no `await`. Once the run was
   * interrupted it throws instead, so the loop or fit calling it stops.
   *
   * @param line What the run is doing now, like `epoch 12/200 · train 0.810`.
   * @returns A promise that resolves once the update is queued; it never rejects.
   * @throws {InterruptedError} After Kernel → Interrupt, or when `signal` was aborted.
   */
  update(line: string): Promise<void>;
  /**
   * Shows the final line, `title · line` (or the latest update when `line` is
   * omitted), and waits until it has left the kernel, so the saved notebook
   * and its HTML show the final state. Later updates are ignored. Outside the
   * kernel it prints the final line with `console.log`.
   *
   * @param line The final line, like `Train: 0.816, Test: 0.830`.
   * After an interrupt it leaves the `interrupted` line as it is.
   *
   * @returns A promise that resolves once the final line is sent; it never rejects.
   */
  done(line?: string): Promise<void>;
  /**
   * An `onEpochEnd` callback for `fitModel` that shows each epoch as
   * `epoch 12/200 · loss 0.512 · train 0.810 · test 0.800 · 3.2 s · ~50 s left`,
   * the time left estimated from the time since {@linkcode progress} was
   * called (no estimate after the last epoch).
   *
   * @param epochs The number of epochs of the fit, shown after the slash.
   * @returns A callback taking an {@linkcode EpochLog}.
   */
  onEpochEnd(epochs: number): (log: EpochLog) => Promise<void>;
}

/**
 * Formats one epoch's record as a progress line:
 * `epoch 12/200 · loss 0.512 · train 0.810 · test 0.800 · 3.2 s`.
 *
 * @param log The epoch's record, as `fitModel` reports it.
 * @param epochs The number of epochs of the fit; omitted, no `/epochs` is shown.
 * @returns The line.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { formatEpoch } from "./progress.ts";
 * const log = { epoch: 12, loss: 0.5123, accuracy: 0.81, valLoss: 0.6, valAccuracy: 0.8, seconds: 3.21, updates: 12 };
 * equal(formatEpoch(log, 200), "epoch 12/200 · loss 0.512 · train 0.810 · test 0.800 · 3.2 s");
 * ```
 */
export function formatEpoch(log: EpochLog, epochs?: number): string {
  return [
    `epoch ${log.epoch}${epochs === undefined ? "" : `/${epochs}`}`,
    `loss ${log.loss.toFixed(3)}`,
    `train ${log.accuracy.toFixed(3)}`,
    `test ${log.valAccuracy.toFixed(3)}`,
    `${log.seconds.toFixed(1)} s`,
  ].join(SEP);
}

/** Seconds left as a progress line shows them: `~12 s left`, `~3 min left`. */
function formatLeft(seconds: number): string {
  return seconds < 90 ? `~${Math.ceil(seconds)} s left` : `~${Math.round(seconds / 60)} min left`;
}

/**
 * Starts a progress line under the running cell, updated in place (a Jupyter
 * `display_data` with a `display_id`, then `update_display_data`), for a fit
 * that would otherwise print hundreds of lines. End it with
 * `await p.done(...)`, the cell's last output, so the final state is what the
 * saved notebook shows (see the module's notes).
 *
 * @param title What is running, like `batch=1, lr=0.01`; shown before every line.
 * @param options `interval` (100 ms), `output` (`Deno.jupyter` in the kernel).
 * @returns The {@linkcode Progress} to update.
 *
 * @example
 * ```ts
 * import { progress } from "./progress.ts";
 * const p = progress("batch=32, lr=0.01");
 * const onEpochEnd = p.onEpochEnd(2);
 * await onEpochEnd({ epoch: 1, loss: 0.9, accuracy: 0.6, valLoss: 0.8, valAccuracy: 0.7, seconds: 0.1, updates: 16 });
 * await onEpochEnd({ epoch: 2, loss: 0.7, accuracy: 0.7, valLoss: 0.7, valAccuracy: 0.75, seconds: 0.2, updates: 32 });
 * await p.done("Train: 0.700, Test: 0.750");
 * ```
 */
export function progress(title: string, options: ProgressOptions = {}): Progress {
  const interval = options.interval ?? 100;
  if (!Number.isFinite(interval) || interval < 0) {
    throw new RangeError(
      `Cannot show progress: interval must be a non-negative number of milliseconds, got ${interval}`,
    );
  }
  const { signal } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(
      `Cannot show progress: signal must be an AbortSignal, got ${typeof signal}`,
    );
  }
  const kernel: ProgressOutput | undefined = options.output ?? jupyter();
  const displayId = `progress-${crypto.randomUUID()}`;
  const compose = (line: string) => line === "" ? title : `${title}${SEP}${line}`;
  let text = title;
  const startedAt = performance.now();
  let shownAt = -Infinity;
  let finished = false;
  // Messages go out one after another, in order; a failed send is skipped.
  let queue: Promise<void> = Promise.resolve();
  const send = (type: "display_data" | "update_display_data", shown: string, state: string) => {
    if (kernel === undefined) return queue;
    queue = queue.then(() =>
      kernel.broadcast(type, {
        data: { "text/plain": shown },
        metadata: { [PROGRESS_METADATA]: state },
        transient: { display_id: displayId },
      })
    ).catch(() => {});
    return queue;
  };
  send("display_data", text, "running");

  let interruptedAt: string | undefined;
  const interrupt = () => {
    if (finished || interruptedAt !== undefined) return;
    interruptedAt = text === title ? "" : text.slice(title.length + SEP.length);
    text = compose(`${interruptedAt === "" ? "" : `${interruptedAt}${SEP}`}interrupted`);
    send("update_display_data", text, "interrupted");
    stopWatching();
  };
  let stopWatching = () => {};
  if (signal !== undefined) {
    if (signal.aborted) interrupt();
    else signal.addEventListener("abort", interrupt, { once: true });
    stopWatching = () => signal.removeEventListener("abort", interrupt);
  } else if (jupyter() !== undefined) {
    stopWatching = watchInterrupt(interrupt);
  }

  const p: Progress = {
    title,
    get text() {
      return text;
    },
    update(line: string): Promise<void> {
      if (interruptedAt !== undefined) throw new InterruptedError(title, interruptedAt);
      if (finished) return queue;
      text = compose(line);
      const now = performance.now();
      if (now - shownAt < interval) return queue;
      shownAt = now;
      return send("update_display_data", text, "running");
    },
    async done(line?: string): Promise<void> {
      if (finished) return await queue;
      finished = true;
      stopWatching();
      if (interruptedAt !== undefined) {
        await queue;
        if (kernel !== undefined) await settle(kernel);
        return;
      }
      if (line !== undefined) text = compose(line);
      if (kernel === undefined) {
        console.log(text);
        return;
      }
      await send("update_display_data", text, "done");
      await settle(kernel);
    },
    onEpochEnd(epochs: number) {
      return (log: EpochLog) => {
        const line = formatEpoch(log, epochs);
        if (log.epoch >= epochs) return p.update(line);
        const elapsed = (performance.now() - startedAt) / 1000;
        return p.update(`${line}${SEP}${formatLeft(elapsed * (epochs - log.epoch) / log.epoch)}`);
      };
    },
  };
  return p;
}
