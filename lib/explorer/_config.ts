/**
 * The explorer's settings in one place, shared by the lib function (which
 * refuses a bad option with an error) and the page (which clamps a bad value
 * from its URL hash and says so): the settings, their ranges, the tutorial's
 * presets, and the hash format `#batch=32&lr=0.01&momentum=0.9&seeds=10&epochs=200&loss=logits`.
 *
 * No DOM and no Deno API here: the page bundles this file.
 *
 * @module
 */
import type { LossKind } from "../types.ts";

/** One setting of the explorer: what `fitSeeds` is asked to train. */
export interface ExplorerSettings {
  /** Examples per update, an integer in [1, 500]. */
  batchSize: number;
  /** Step size of SGD, in [1e-5, 10]. */
  learningRate: number;
  /** Momentum of SGD, in [0, 0.99]. */
  momentum: number;
  /** How many seeds (`0 … seeds − 1`), an integer in [1, 100]. */
  seeds: number;
  /** Passes over the training set, an integer in [1, 1000]. */
  epochs: number;
  /** The cross-entropy trained: Keras' from logits, or tfjs' clipped one. */
  loss: LossKind;
}

/** The tutorial's setting: batch 32 (minibatch gradient descent), lr 0.01, momentum 0.9, 10 seeds, 200 epochs. */
export const DEFAULT_SETTINGS: Readonly<ExplorerSettings> = Object.freeze({
  batchSize: 32,
  learningRate: 0.01,
  momentum: 0.9,
  seeds: 10,
  epochs: 200,
  loss: "logits",
});

/** The range of each numeric setting, and whether it is an integer. */
export const LIMITS = Object.freeze(
  {
    batchSize: { min: 1, max: 500, integer: true },
    learningRate: { min: 1e-5, max: 10, integer: false },
    momentum: { min: 0, max: 0.99, integer: false },
    seeds: { min: 1, max: 100, integer: true },
    epochs: { min: 1, max: 1000, integer: true },
  } as const,
);

/** The numeric settings. */
export type NumericSetting = keyof typeof LIMITS;

/** The batch sizes the tutorial trains (its table and its grid), offered as presets. */
export const BATCH_PRESETS: readonly number[] = Object.freeze([
  1,
  4,
  8,
  16,
  32,
  64,
  128,
  256,
  450,
  500,
]);

/** The learning rates the tutorial trains, offered as presets. */
export const LEARNING_RATE_PRESETS: readonly number[] = Object.freeze([0.001, 0.01]);

/** The losses, in the order the page offers them. */
export const LOSSES: readonly LossKind[] = Object.freeze(["logits", "clipped"]);

/** The name of each setting in the URL hash. */
export const HASH_KEYS: Readonly<Record<keyof ExplorerSettings, string>> = Object.freeze({
  batchSize: "batch",
  learningRate: "lr",
  momentum: "momentum",
  seeds: "seeds",
  epochs: "epochs",
  loss: "loss",
});

/** The longest hash the page reads; a longer one is refused whole. */
export const MAX_HASH_LENGTH = 500;

/** What {@linkcode parseHash} made of a hash: the settings, and one sentence per value it changed or ignored. */
export interface ParsedHash {
  settings: ExplorerSettings;
  problems: string[];
}

/** Cuts a value from a URL down to a short, printable quote for a message (never markup: the page writes it as text). */
function quote(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, "?");
  return JSON.stringify(printable.length > 24 ? printable.slice(0, 24) + "…" : printable);
}

/**
 * Clamps a number into a setting's range (rounding an integer setting),
 * returning the value and, when it changed, why.
 */
export function clampSetting(
  name: NumericSetting,
  value: number,
): { value: number; problem: string | null } {
  const { min, max, integer } = LIMITS[name];
  const key = HASH_KEYS[name];
  if (!Number.isFinite(value)) {
    return {
      value: DEFAULT_SETTINGS[name],
      problem: `${key} must be a number in [${min}, ${max}]; using ${DEFAULT_SETTINGS[name]}`,
    };
  }
  let v = integer ? Math.round(value) : value;
  if (v < min) v = min;
  if (v > max) v = max;
  return {
    value: v,
    problem: v === value
      ? null
      : `${key} ${value} is outside [${min}, ${max}]${
        integer ? " or not an integer" : ""
      }; using ${v}`,
  };
}

/**
 * Reads settings from a URL hash (`#batch=32&lr=0.01…`): a missing value
 * takes the default, a bad one is clamped into range or replaced by the
 * default, an unknown key is ignored; each change is one sentence in
 * `problems`. Never throws.
 */
export function parseHash(hash: string, defaults: ExplorerSettings = DEFAULT_SETTINGS): ParsedHash {
  const settings: ExplorerSettings = { ...defaults };
  const problems: string[] = [];
  const text = String(hash).replace(/^#/, "");
  if (text === "") return { settings, problems };
  if (text.length > MAX_HASH_LENGTH) {
    problems.push(`The link's settings are longer than ${MAX_HASH_LENGTH} characters; ignored`);
    return { settings, problems };
  }
  const byKey = new Map<string, keyof ExplorerSettings>(
    Object.entries(HASH_KEYS).map(([name, key]) => [key, name as keyof ExplorerSettings]),
  );
  for (const part of text.split("&")) {
    if (part === "") continue;
    const at = part.indexOf("=");
    let key: string;
    let raw: string;
    try {
      key = decodeURIComponent(at < 0 ? part : part.slice(0, at));
      raw = at < 0 ? "" : decodeURIComponent(part.slice(at + 1));
    } catch {
      problems.push(`Ignored ${quote(part)}: not a valid URL component`);
      continue;
    }
    const name = byKey.get(key);
    if (name === undefined) {
      problems.push(`Ignored the unknown setting ${quote(key)}`);
      continue;
    }
    if (name === "loss") {
      if ((LOSSES as readonly string[]).includes(raw)) settings.loss = raw as LossKind;
      else {problems.push(
          `loss must be "logits" or "clipped", got ${quote(raw)}; using ${defaults.loss}`,
        );}
      continue;
    }
    const number = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(raw) ? Number(raw) : NaN;
    if (Number.isNaN(number)) {
      const { min, max } = LIMITS[name];
      problems.push(
        `${key} must be a number in [${min}, ${max}], got ${quote(raw)}; using ${defaults[name]}`,
      );
      continue;
    }
    const { value, problem } = clampSetting(name, number);
    settings[name] = value;
    if (problem !== null) problems.push(problem);
  }
  return { settings, problems };
}

/** Writes settings as a URL hash, `#batch=32&lr=0.01&momentum=0.9&seeds=10&epochs=200&loss=logits`. */
export function formatHash(settings: ExplorerSettings): string {
  return "#" + (Object.keys(HASH_KEYS) as (keyof ExplorerSettings)[])
    .map((name) => `${HASH_KEYS[name]}=${encodeURIComponent(String(settings[name]))}`)
    .join("&");
}

/** The settings in words, as a run's label: `batch 32, lr 0.01, momentum 0.9, 10 seeds, 200 epochs, logits loss`. */
export function settingsLabel(s: ExplorerSettings): string {
  return `batch ${s.batchSize}, lr ${s.learningRate}, momentum ${s.momentum}, ${s.seeds} seed${
    s.seeds === 1 ? "" : "s"
  }, ${s.epochs} epochs, ${s.loss === "logits" ? "Keras'" : "clipped"} loss`;
}
