/**
 * Claims checked in the open: a notebook states what its runs show as a
 * sentence, together with the figures the sentence rests on and the test that
 * decides it, and the notebook prints the verdict beside the sentence.
 *
 * ```ts ignore
 * await claim("batch 4 reaches 80% test accuracy in fewer epochs than batch 1", {
 *   figures: { "batch 4": epochs4, "batch 1": epochs1 },
 *   holds: epochs4 < epochs1,
 * });
 * // ✓ batch 4 reaches 80% test accuracy in fewer epochs than batch 1 (batch 4: 3, batch 1: 7)
 * ```
 *
 * A claim that does not hold prints `✗` and the same figures. Where the
 * environment variable {@linkcode STRICT_CLAIMS} is set, as `deno task
 * notebooks` sets it (and so the notebook tests), a claim that does not hold
 * also throws, so the run fails with the notebook's name and the sentence; in
 * an interactive session it only prints, so a reader who changed a constant
 * learns which sentences no longer hold for their settings.
 *
 * @module
 */
import { showText } from "./display.ts";
import { typeFail } from "../_validate.ts";

/**
 * Environment variable that makes a claim that does not hold throw. Its value,
 * when not `"1"`, names the notebook in the error.
 */
export const STRICT_CLAIMS = "BATCH_SIZE_NOTEBOOKS_STRICT_CLAIMS";

/** A figure a claim rests on: a number (printed to at most 3 decimals, or as given in text). */
export type Figure = number | string;

/** Options of {@linkcode claim}. */
export interface ClaimOptions {
  /** The measurements the sentence rests on, by name, printed after it. */
  figures: Record<string, Figure>;
  /** Whether the sentence holds for these figures. */
  holds: boolean;
}

/** The verdict on one claim, as {@linkcode claim} prints it. */
export interface ClaimResult {
  sentence: string;
  holds: boolean;
  /** The printed line: `✓ ` or `✗ `, the sentence, then the figures in parentheses. */
  line: string;
}

/** Raised, in strict mode, by a claim that does not hold. */
export class ClaimError extends Error {
  constructor(message: string, readonly result: ClaimResult) {
    super(message);
    this.name = "ClaimError";
  }
}

/** A figure as printed: numbers with at most three decimals, text as it is. */
export function formatFigure(value: Figure): string {
  if (typeof value === "string") return value;
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toFixed(3)));
}

/**
 * The line a claim prints, without printing it or throwing.
 *
 * @param sentence What the notebook says its runs show.
 * @param options `figures` and `holds`.
 * @returns The verdict and its line.
 * @throws {TypeError|RangeError} On an empty sentence, no figures, or a non-boolean `holds`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { judge } from "./claims.ts";
 * const result = judge("batch 32 ends above 0.8", { figures: { "test accuracy": 0.8164 }, holds: true });
 * assert.equal(result.line, "✓ batch 32 ends above 0.8 (test accuracy: 0.816)");
 * ```
 */
export function judge(sentence: string, options: ClaimOptions): ClaimResult {
  const context = "Cannot check claim";
  if (typeof sentence !== "string" || sentence.trim() === "") {
    typeFail(context, `sentence must be a non-empty string, got ${typeof sentence}`);
  }
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `${context} "${sentence}": options must be an object with figures and holds`,
    );
  }
  const { figures, holds } = options;
  if (typeof holds !== "boolean") {
    throw new TypeError(`${context} "${sentence}": holds must be a boolean, got ${typeof holds}`);
  }
  if (figures === null || typeof figures !== "object" || Object.keys(figures).length === 0) {
    throw new RangeError(
      `${context} "${sentence}": figures must name at least one measurement it rests on`,
    );
  }
  for (const [name, value] of Object.entries(figures)) {
    if (typeof value !== "number" && typeof value !== "string") {
      throw new TypeError(
        `${context} "${sentence}": figures.${name} must be a number or a string, got ${typeof value}`,
      );
    }
  }
  const shown = Object.entries(figures).map(([name, value]) => `${name}: ${formatFigure(value)}`);
  return { sentence, holds, line: `${holds ? "✓" : "✗"} ${sentence} (${shown.join(", ")})` };
}

/**
 * States a claim and prints its verdict: `✓` and the sentence with its
 * figures when it holds, `✗` when it does not. In strict mode (see
 * {@linkcode STRICT_CLAIMS}) a claim that does not hold throws a
 * {@linkcode ClaimError} after printing.
 *
 * It returns nothing, so that `await claim(…)` as a cell's last statement
 * shows no value under the line; {@linkcode judge} gives the verdict as data.
 *
 * @param sentence What the notebook says its runs show.
 * @param options `figures` (the measurements, by name) and `holds`.
 * @returns A promise that resolves once the line is printed.
 * @throws {ClaimError} In strict mode, when the claim does not hold.
 *
 * @example
 * ```ts
 * import { claim } from "./claims.ts";
 * await claim("ten seeds agree within 0.02", { figures: { range: 0.014 }, holds: 0.014 <= 0.02 });
 * ```
 */
export async function claim(sentence: string, options: ClaimOptions): Promise<void> {
  const result = judge(sentence, options);
  await showText(result.line);
  const strict = strictMode();
  if (!result.holds && strict !== undefined) {
    const where = strict === "1" ? "" : ` in ${strict}`;
    throw new ClaimError(`A claim does not hold${where}: ${result.line}`, result);
  }
}

/** The value of {@linkcode STRICT_CLAIMS}, or `undefined` when unset or unreadable. */
function strictMode(): string | undefined {
  try {
    const value = Deno.env.get(STRICT_CLAIMS);
    return value === undefined || value === "" || value === "0" ? undefined : value;
  } catch {
    return undefined; // no --allow-env: not strict
  }
}
