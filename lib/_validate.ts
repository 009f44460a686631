/**
 * The checks of any value lib takes: numbers, integers, strings, arrays,
 * option objects and their keys, histories, and requests too large for the
 * JavaScript heap. Every public function checks its input with these, before
 * any work, and throws a `TypeError` (wrong type) or a `RangeError` (right
 * type, bad value) whose message reads
 * `Cannot <do what>: <name> must <rule>, got <value>`.
 *
 * Each kind of check has one place. This file holds the generic ones; the
 * training options (`TrainingOptions`, the dataset, the loss, the momentum,
 * whether a fit's history fits in memory) are checked in
 * `training/options.ts`, beside the training code; a check of one module's
 * own shape of input (a blobs centre, a heatmap cell, a network's weights)
 * sits beside that module and is written with these.
 *
 * Two kinds of check share one vocabulary: `check…` for a value that must be
 * there, `…Option` for one that may be `undefined` and then takes a stated
 * default. The `context` argument is the message's opening, e.g.
 * `"Cannot fit seeds"` or `"Cannot draw learning curves"`.
 *
 * Run-time type checks stay because a notebook cell is not type-checked the
 * way a module is: a learner can pass a string where a number belongs and the
 * kernel runs it.
 *
 * @module
 */
import v8 from "node:v8";
import type { History } from "./types.ts";

/** A short description of a value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value === null) return "null";
  if (typeof value === "function") return "a function";
  if (typeof value === "object") return "an object";
  return String(value);
}

/** Throws a `TypeError`: `${context}: ${message}`. */
export function typeFail(context: string, message: string): never {
  throw new TypeError(`${context}: ${message}`);
}

/** Throws a `RangeError`: `${context}: ${message}`. */
export function rangeFail(context: string, message: string): never {
  throw new RangeError(`${context}: ${message}`);
}

/** Whether `v` is a plain object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------
// Values that must be there

/** Throws unless `value` is a number (of any size, NaN included). */
export function checkNumber(context: string, name: string, value: unknown): number {
  if (typeof value !== "number") {
    typeFail(context, `${name} must be a number, got ${describe(value)}`);
  }
  return value;
}

/** Throws unless `value` is a finite number in [min, max]. */
export function checkFinite(
  context: string,
  name: string,
  value: unknown,
  min = -Infinity,
  max = Infinity,
): number {
  checkNumber(context, name, value);
  const v = value as number;
  if (!Number.isFinite(v) || v < min || v > max) {
    const range = min === -Infinity && max === Infinity
      ? ""
      : max === Infinity
      ? ` ≥ ${min}`
      : min === -Infinity
      ? ` ≤ ${max}`
      : ` in [${min}, ${max}]`;
    rangeFail(context, `${name} must be a finite number${range}, got ${v}`);
  }
  return v;
}

/** Throws unless `value` is an integer (a safe one, below 2^53) at least `min`. */
export function checkInteger(context: string, name: string, value: unknown, min = 1): number {
  checkNumber(context, name, value);
  const v = value as number;
  if (!Number.isSafeInteger(v) || v < min) {
    const what = min === 1 ? "a positive integer" : `an integer ≥ ${min}`;
    rangeFail(context, `${name} must be ${what}, got ${v}`);
  }
  return v;
}

/**
 * Throws unless `value` is a number for which `within` holds; `rule` ends the
 * message: `${name} must be ${rule}, got ${value}`.
 */
export function checkWithin(
  context: string,
  name: string,
  value: unknown,
  within: (v: number) => boolean,
  rule: string,
): number {
  checkNumber(context, name, value);
  if (!within(value as number)) rangeFail(context, `${name} must be ${rule}, got ${value}`);
  return value as number;
}

/** Throws unless `value` is a finite number above zero. */
export function checkPositive(context: string, name: string, value: unknown): number {
  const positive = (v: number) => Number.isFinite(v) && v > 0;
  return checkWithin(context, name, value, positive, "a finite number above 0");
}

/** Throws unless `value` is a number strictly between 0 and 1. */
export function checkProbability(context: string, name: string, value: unknown): number {
  return checkWithin(context, name, value, (v) => v > 0 && v < 1, "in (0, 1)");
}

/** Throws unless `value` is a number in (0, 1]: a fraction that may be the whole. */
export function checkFraction(context: string, name: string, value: unknown): number {
  return checkWithin(context, name, value, (v) => v > 0 && v <= 1, "in (0, 1]");
}

/** Throws unless `value` is a string. */
export function checkString(context: string, name: string, value: unknown): string {
  if (typeof value !== "string") {
    typeFail(context, `${name} must be a string, got ${describe(value)}`);
  }
  return value;
}

/** Throws unless `value` is a function. */
export function checkFunction<F>(context: string, name: string, value: unknown): F {
  if (typeof value !== "function") {
    typeFail(context, `${name} must be a function, got ${describe(value)}`);
  }
  return value as F;
}

/** Throws unless `value` is one of `choices`. */
export function checkChoice<T extends string>(
  context: string,
  name: string,
  value: unknown,
  choices: readonly T[],
): T {
  if (typeof value !== "string" || !choices.includes(value as T)) {
    const list = choices.map((c) => `"${c}"`);
    const rule = list.length === 2 ? `${list[0]} or ${list[1]}` : `one of ${list.join(", ")}`;
    const error = typeof value === "string" ? RangeError : TypeError;
    throw new error(`${context}: ${name} must be ${rule}, got ${describe(value)}`);
  }
  return value as T;
}

/** Throws unless `values` is an array of at least `min` entries; the rule names what they must be. */
function checkArray(
  context: string,
  name: string,
  values: unknown,
  min: number,
  rule: string,
): unknown[] {
  if (!Array.isArray(values)) typeFail(context, `${name} must be ${rule}, got ${describe(values)}`);
  if (values.length < min) {
    const plural = min === 1 ? "" : "s";
    rangeFail(context, `${name} must hold at least ${min} value${plural}, got ${values.length}`);
  }
  return values;
}

/**
 * Throws unless `values` is an array of at least `min` finite numbers, each
 * in `range` (both ends included) when one is given.
 */
export function checkSample(
  context: string,
  name: string,
  values: unknown,
  min = 1,
  range?: readonly [number, number],
): number[] {
  const [lo, hi] = range ?? [-Infinity, Infinity];
  const within = range === undefined ? "" : ` in [${lo}, ${hi}]`;
  checkArray(context, name, values, min, "an array of numbers").forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v) || v < lo || v > hi) {
      rangeFail(context, `${name}[${i}] must be a finite number${within}, got ${describe(v)}`);
    }
  });
  return values as number[];
}

/**
 * Throws unless `a` and `b` are samples of at least two finite numbers each,
 * of one length, paired entry by entry.
 */
export function checkPairedSamples(
  context: string,
  a: unknown,
  b: unknown,
): [number[], number[]] {
  const x = checkSample(context, "a", a, 2);
  const y = checkSample(context, "b", b, 2);
  if (x.length !== y.length) {
    rangeFail(context, `b must have as many values as a (${x.length}), got ${y.length}`);
  }
  return [x, y];
}

/** Throws unless `values` is an array of at least `min` numbers, none NaN (±Infinity allowed). */
export function checkNumbers(context: string, name: string, values: unknown, min = 1): number[] {
  checkArray(context, name, values, min, "an array of numbers").forEach((v, i) => {
    if (typeof v !== "number" || Number.isNaN(v)) {
      rangeFail(context, `${name}[${i}] must be a number other than NaN, got ${describe(v)}`);
    }
  });
  return values as number[];
}

/** Throws unless `values` is a non-empty array of distinct values, each passing `check`. */
export function checkDistinctList(
  context: string,
  name: string,
  values: unknown,
  check: (context: string, name: string, value: unknown) => number,
): number[] {
  if (!Array.isArray(values) || values.length === 0) {
    typeFail(context, `${name} must be a non-empty array of numbers, got ${describe(values)}`);
  }
  values.forEach((v, i) => check(context, `${name}[${i}]`, v));
  if (new Set(values).size !== values.length) {
    rangeFail(context, `${name} must be distinct, got [${values.join(", ")}]`);
  }
  return values as number[];
}

/** Throws unless `history` is a {@linkcode History}: an object with an `epochs` array. */
export function checkHistory(context: string, name: string, history: unknown): History {
  if (!isObject(history) || !Array.isArray(history.epochs)) {
    typeFail(context, `${name} must be a History, got ${describe(history)}`);
  }
  return history as unknown as History;
}

/** Throws unless `histories` is a non-empty array of {@linkcode History} objects. */
export function checkHistories(context: string, name: string, histories: unknown): History[] {
  if (!Array.isArray(histories) || histories.length === 0) {
    typeFail(context, `${name} must be a non-empty array of histories, got ${describe(histories)}`);
  }
  histories.forEach((h, i) => checkHistory(context, `${name}[${i}]`, h));
  return histories as History[];
}

// ---------------------------------------------------------------------------
// Values that may be left out (undefined gives the default)

/**
 * Checks that `options` is undefined or a plain object and returns it (or `{}`);
 * given `keys`, also that it has no other key (see {@linkcode checkKeys}).
 */
export function optionsObject<T extends object>(
  context: string,
  options: T | undefined,
  keys?: readonly string[],
): Partial<T> {
  if (options === undefined) return {};
  if (!isObject(options)) typeFail(context, `options must be an object, got ${describe(options)}`);
  if (keys) checkKeys(context, "options", options, keys);
  return options as Partial<T>;
}

/**
 * An optional object option with the given `keys` only, such as a chart's
 * axis `{ label, domain }`; `{}` when undefined.
 */
export function objectOption(
  context: string,
  name: string,
  value: unknown,
  keys: readonly string[],
): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isObject(value)) {
    typeFail(context, `${name} must be an object { ${keys.join(", ")} }, got ${describe(value)}`);
  }
  checkKeys(context, name, value, keys);
  return value;
}

/**
 * Throws unless `value` is a non-empty array of plain objects, such as a
 * chart's rows; `shape` says what each holds, e.g. `"{ label, values }"`.
 */
export function checkRecords(
  context: string,
  name: string,
  value: unknown,
  shape: string,
): Record<string, unknown>[] {
  if (!Array.isArray(value) || value.length === 0) {
    typeFail(context, `${name} must be a non-empty array of ${shape}, got ${describe(value)}`);
  }
  value.forEach((v, i) => {
    if (!isObject(v)) typeFail(context, `${name}[${i}] must be an object, got ${describe(v)}`);
  });
  return value;
}

/** An optional finite number in [min, max]; `fallback` when undefined. */
export function numberOption(
  context: string,
  name: string,
  value: unknown,
  fallback: number,
  min = -Infinity,
  max = Infinity,
): number {
  return value === undefined ? fallback : checkFinite(context, name, value, min, max);
}

/** An optional integer ≥ `min`; `fallback` when undefined. */
export function integerOption(
  context: string,
  name: string,
  value: unknown,
  fallback: number,
  min = 1,
): number {
  return value === undefined ? fallback : checkInteger(context, name, value, min);
}

/** An optional string; `fallback` when undefined. */
export function stringOption<F extends string | undefined>(
  context: string,
  name: string,
  value: unknown,
  fallback: F,
): string | F {
  return value === undefined ? fallback : checkString(context, name, value);
}

/** An optional boolean; `fallback` when undefined. */
export function booleanOption(
  context: string,
  name: string,
  value: unknown,
  fallback: boolean,
): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") {
    typeFail(context, `${name} must be a boolean, got ${describe(value)}`);
  }
  return value;
}

/** An optional one of `choices`; `fallback` when undefined. */
export function choiceOption<T extends string>(
  context: string,
  name: string,
  value: unknown,
  choices: readonly T[],
  fallback: T,
): T {
  return value === undefined ? fallback : checkChoice(context, name, value, choices);
}

/** An optional `[lo, hi]` domain with finite lo < hi. */
export function domainOption(
  context: string,
  name: string,
  value: unknown,
): [number, number] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) || value.length !== 2 || typeof value[0] !== "number" ||
    typeof value[1] !== "number"
  ) {
    typeFail(context, `${name} must be a [min, max] pair of numbers, got ${describe(value)}`);
  }
  const [lo, hi] = value as [number, number];
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
    rangeFail(context, `${name} must be finite with min < max, got [${lo}, ${hi}]`);
  }
  return [lo, hi];
}

/** An optional array of `length` strings. */
export function stringsOption(
  context: string,
  name: string,
  value: unknown,
  length: number,
): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((s) => typeof s !== "string")) {
    typeFail(context, `${name} must be an array of strings, got ${describe(value)}`);
  }
  if (value.length !== length) {
    rangeFail(context, `${name} must have ${length} entries (one per panel), got ${value.length}`);
  }
  return value as string[];
}

/** An optional non-empty list of CSS colours; `fallback` when undefined. */
export function colorsOption(
  context: string,
  name: string,
  value: unknown,
  fallback: readonly string[],
): readonly string[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || value.some((s) => typeof s !== "string")) {
    typeFail(context, `${name} must be an array of CSS colour strings, got ${describe(value)}`);
  }
  if (value.length === 0) rangeFail(context, `${name} must not be empty`);
  return value as string[];
}

/** An optional array of finite numbers, e.g. an axis' tick values. */
export function numbersOption(
  context: string,
  name: string,
  value: unknown,
): number[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "number")) {
    typeFail(context, `${name} must be an array of numbers, got ${describe(value)}`);
  }
  value.forEach((v, i) => checkFinite(context, `${name}[${i}]`, v));
  return value as number[];
}

/**
 * Throws a `TypeError` when `options` has a key that is not one of `keys`, so
 * that a misspelt or retired option fails instead of being ignored.
 *
 * @param name What the keys are options of, for the message: `"options"` or `"x"`.
 */
export function checkKeys(
  context: string,
  name: string,
  options: object,
  keys: readonly string[],
): void {
  for (const [key, value] of Object.entries(options)) {
    if (!keys.includes(key)) {
      const path = name === "options" ? key : `${name}.${key}`;
      const known = `${name === "options" ? "the options are" : `${name} takes`} ${
        keys.join(", ")
      }`;
      typeFail(context, `${path} is not an option (${known}), got ${describe(value)}`);
    }
  }
}

// ---------------------------------------------------------------------------
// Requests too large for the machine

/** Bytes in MiB or GiB, for messages. */
export function bytesText(bytes: number): string {
  return bytes >= 2 ** 30
    ? `${Number((bytes / 2 ** 30).toPrecision(3)).toLocaleString("en-US")} GiB`
    : `${Math.max(1, Math.round(bytes / 2 ** 20))} MiB`;
}

/**
 * Throws a RangeError, before any work, when a request would need more of
 * the JavaScript heap than is left: `${context}: ${what} would need about
 * <needed> of memory, more than the <left> left in the JavaScript heap; ${advice}`.
 */
export function checkHeapRoom(context: string, what: string, bytes: number, advice: string): void {
  const stats = v8.getHeapStatistics();
  const left = stats.heap_size_limit - stats.used_heap_size;
  if (bytes > left) {
    rangeFail(
      context,
      `${what} would need about ${bytesText(bytes)} of memory, more than the ${
        bytesText(Math.max(0, left))
      } left in the JavaScript heap; ${advice}`,
    );
  }
}
