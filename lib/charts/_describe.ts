/**
 * Private text descriptions of the charts: what each chart shows, in words,
 * derived from its options and data, for its alt text (the `<img alt>` of the
 * HTML pages and JupyterLab, the SVG's `<desc>` and `aria-label`). A reader who
 * cannot see the chart learns what is drawn and the numbers a sighted reader
 * would read off it first: the final values, the extremes.
 *
 * @module
 */
import { numberOption, rangeFail, stringOption, typeFail } from "../_validate.ts";
import { describe as show } from "../_validate.ts";

/** Series listed one by one in a description; more are summed up as "and N more". */
const MAX_LISTED = 12;

/**
 * The `description` option of every chart: a non-empty string, or `undefined`
 * for the chart's own description.
 */
export function descriptionOption(what: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    typeFail(what, `description must be a string, got ${show(value)}`);
  }
  if (value.trim() === "") {
    rangeFail(what, `description must be a text that says what the chart shows, got ""`);
  }
  return value.trim();
}

/**
 * The options every chart reads first, in this order: its `title`, its
 * `description` ({@linkcode descriptionOption}) and its `width` in px (at
 * least `minWidth`, `fallback` when not given).
 */
export function frameOptions(
  what: string,
  o: { title?: unknown; description?: unknown; width?: unknown },
  fallback: number,
  minWidth: number,
): { title: string | undefined; description: string | undefined; width: number } {
  const title = stringOption(what, "title", o.title, undefined);
  const description = descriptionOption(what, o.description);
  const width = numberOption(what, "width", o.width, fallback, minWidth);
  return { title, description, width };
}

/** A value as a description states it: 3 significant decimals, integers as they are. */
export function say(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "no value" : v > 0 ? "infinity" : "-infinity";
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 0.01) return v.toFixed(3);
  return String(Number(v.toPrecision(3)));
}

/** "a, b and c". */
export function list(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** At most {@linkcode MAX_LISTED} items, then "and N more". */
export function capped(items: string[], noun: string): string[] {
  if (items.length <= MAX_LISTED) return items;
  const rest = items.length - MAX_LISTED + 1;
  return [...items.slice(0, MAX_LISTED - 1), `${rest} more ${noun}`];
}

/** The last finite value of `values`, or NaN. */
export function lastFinite(values: number[]): number {
  return values.findLast((v) => Number.isFinite(v)) ?? NaN;
}

/** "Line chart" or "Line chart titled “T”", the opening words of a description. */
export function opening(kind: string, title: string | undefined): string {
  return title ? `${kind} “${title}”` : kind;
}

/** Joins sentences into one description, each ending with a full stop. */
export function sentences(...parts: (string | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === "string" && p !== "").map((p) =>
    /[.!?]$/.test(p) ? p : `${p}.`
  ).join(" ");
}
