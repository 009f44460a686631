/**
 * The page's runs: what each worker sends of its share of the seeds
 * ({@linkcode Part}), how the shares merge into one run's curves
 * ({@linkcode Run}) and final evaluation, and a run's figures as text.
 *
 * @module
 */
import type { ExplorerSettings } from "../_config.ts";
import { type DoneMessage, PER_EPOCH } from "./protocol.ts";

/** What one worker has sent of its share of the seeds: per epoch, per metric, sum/min/max, then the count. */
export interface Part {
  /** Its seeds, a run of consecutive ones. */
  seeds: number[];
  epochs: number;
  values: Float64Array;
  done: DoneMessage | null;
}

/** A run's curves: per epoch, per metric, mean/min/max over all its seeds, then the count. */
export interface Run {
  settings: ExplorerSettings;
  /** Epochs received so far. */
  epochs: number;
  values: Float64Array;
  done: DoneMessage | null;
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

/** Merges the parts' epochs that every part still training has sent into the run's curves. */
export function mergeParts(run: Run, parts: Part[]): void {
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

/** Every part is done: each seed's final evaluation, in the order of the seeds (`seeds` of them). */
export function joinDone(parts: Part[], seeds: number, id: number): DoneMessage {
  const join = <T extends Float32Array | Int32Array>(
    pick: (d: DoneMessage) => T,
    make: (n: number) => T,
  ): T => {
    const out = make(seeds);
    let at = 0;
    for (const p of parts) {
      out.set(pick(p.done!) as never, at);
      at += p.seeds.length;
    }
    return out;
  };
  const f32 = (n: number) => new Float32Array(n);
  return {
    type: "done",
    id,
    trainAccuracy: join((d) => d.trainAccuracy, f32),
    trainLoss: join((d) => d.trainLoss, f32),
    testAccuracy: join((d) => d.testAccuracy, f32),
    testLoss: join((d) => d.testLoss, f32),
    divergedAt: join((d) => d.divergedAt, (n) => new Int32Array(n)),
    milliseconds: Math.max(...parts.map((p) => p.done!.milliseconds)),
  };
}

/** One epoch's figures of the live run (and the pinned one), as text. */
export function readoutText(epoch: number, run: Run, pinned: Run | null): string {
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
  const lines = [describe(run, "This run")];
  if (pinned !== null) lines.push(describe(pinned, "Pinned"));
  return lines.join("\n");
}
