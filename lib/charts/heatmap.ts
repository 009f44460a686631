/**
 * Heatmaps: a value per pair of categories (a learning rate × batch size
 * grid), each printed in its cell, with lines drawn through cells on top
 * (e.g. the linear scaling rule).
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { BandAxis, Chart, LegendItem } from "./chart.ts";
import { chartHeader, headedChart, renderPlot, textWidth } from "./_svg.ts";
import { frameOptions, list, opening, sentences } from "./_describe.ts";
import { extent, formatValue } from "./_ticks.ts";
import { ALERT_COLOR, AXIS, luminance, MARGIN } from "./_theme.ts";
import {
  checkFunction,
  checkRecords,
  describe,
  domainOption,
  isObject,
  numberOption,
  objectOption,
  optionsObject,
  rangeFail,
  stringOption,
  typeFail,
} from "../_validate.ts";

/** One cell of {@linkcode heatmap}. */
export interface HeatmapCell {
  /** Column category, e.g. a batch size. */
  x: string | number;
  /** Row category, e.g. a learning rate. */
  y: string | number;
  /** The value; NaN draws a grey cell with a dash (e.g. a run that diverged). */
  value: number;
}

/**
 * A line drawn over {@linkcode heatmap} through cell centres, e.g. the linear
 * scaling rule (learning rate ∝ batch size): `{ points: [{ x: 4, y: 0.001 },
 * { x: 8, y: 0.002 }], label: "lr ∝ batch" }`. Every point's `x` and `y` must
 * be one of the heatmap's categories.
 */
export interface HeatmapOverlay {
  /** Cells the line passes through (their centres), in order. */
  points: { x: string | number; y: string | number }[];
  /** Legend text; none by default (no legend entry). */
  label?: string;
  /**
   * Line colour.
   * @default {"#d62728"}
   */
  color?: string;
}

/** The colour scale of {@linkcode heatmap}, in Plot's words. */
export interface HeatmapColor {
  /** The values `[min, max]` the scheme spans; defaults to the values' extent. */
  domain?: [number, number];
  /**
   * An Observable Plot sequential colour scheme.
   * @default {"blues"}
   */
  scheme?: string;
}

/** Options of {@linkcode heatmap}. */
export interface HeatmapOptions {
  /** Title of the chart; none by default. */
  title?: string;
  /**
   * Width in px.
   * @default {680}
   */
  width?: number;
  /**
   * Height of each row of cells in px.
   * @default {40}
   */
  cellHeight?: number;
  /** The columns: label `"x"`; domain (their order) numbers ascending or strings as first seen. */
  x?: BandAxis;
  /** The rows, like `x`; numbers ascend upwards. */
  y?: BandAxis;
  /** The colour scale: scheme `"blues"` over the values' extent. */
  color?: HeatmapColor;
  /** Formats the value printed in each cell; defaults to 3 decimals. */
  format?: (value: number) => string;
  /** Lines drawn over the cells; none by default. */
  overlay?: HeatmapOverlay | HeatmapOverlay[];
  /**
   * The chart's text description (its alt text); by default its columns and rows, the lowest
   * and highest value and where they are, and the cells without a value.
   */
  description?: string;
}

const defaults = {
  width: 680,
  cellHeight: 40,
  x: { label: "x" },
  y: { label: "y" },
  color: { scheme: "blues" },
  format: formatValue,
} as const;

/** The colour of a cell without a finite value. */
const MISSING = "#e6e6e6";

/**
 * Draws a grid of coloured cells over two categorical axes, with each value
 * printed in its cell, an SVG swatch legend, and optional overlay lines.
 *
 * @param cells One cell per (x, y) pair.
 * @param options See {@linkcode HeatmapOptions}.
 * @returns A {@linkcode Chart}.
 * @throws {TypeError|RangeError} On a bad cell or option, naming it and its value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { heatmap } from "./heatmap.ts";
 *
 * const cells = [4, 8, 16].flatMap((b, i) =>
 *   [0.001, 0.01, 0.1].map((lr, j) => ({ x: b, y: lr, value: 0.6 + 0.05 * (i + j) }))
 * );
 * const { svg } = heatmap(cells, {
 *   x: { label: "batch size" }, y: { label: "learning rate" },
 *   overlay: { points: [{ x: 4, y: 0.001 }, { x: 16, y: 0.01 }], label: "lr ∝ batch" },
 * });
 * assert.ok(svg.includes(">lr ∝ batch</text>") && svg.includes(">0.800</text>"));
 * ```
 */
export function heatmap(cells: HeatmapCell[], options?: HeatmapOptions): Chart {
  const what = "Cannot draw heatmap";
  const o = optionsObject(what, options, [
    "title",
    "overlay",
    "description",
    ...Object.keys(defaults),
  ]);
  checkCells(what, cells);
  const { title, description, width } = frameOptions(what, o, defaults.width, 200);
  const cellHeight = numberOption(what, "cellHeight", o.cellHeight, defaults.cellHeight, 14);
  const x = bandAxis(what, "x", o.x, cells.map((c) => c.x), defaults.x.label);
  const y = bandAxis(what, "y", o.y, cells.map((c) => c.y), defaults.y.label);
  const format = checkFunction<(v: number) => string>(
    what,
    "format",
    o.format ?? defaults.format,
  );
  const colorOf = colorScale(what, o.color, cells.map((c) => c.value));
  const overlays = checkOverlays(what, o.overlay, x.domain, y.domain);
  const data = cells.map((c) => {
    const fill = colorOf.apply(c.value);
    return {
      x: c.x,
      y: c.y,
      fill,
      text: Number.isFinite(c.value) ? format(c.value) : "–",
      ink: luminance(fill) < 0.35 ? "white" : "#222",
    };
  });
  const yTickWidth = Math.max(...y.domain.map((v) => textWidth(String(v))));
  const marginLeft = Math.max(MARGIN.left, yTickWidth + 34);
  const [lo, hi] = colorOf.domain;
  const items: LegendItem[] = [
    ...[0, 0.25, 0.5, 0.75, 1].map((t) => {
      const v = lo + t * (hi - lo);
      return { label: format(v), color: colorOf.apply(v), kind: "rect" as const };
    }),
    ...overlays.filter((ov) => ov.label).map((ov) => ({ label: ov.label!, color: ov.color })),
  ];
  const head = chartHeader(width, title, items);
  const panelHeight = MARGIN.top + y.domain.length * cellHeight + MARGIN.bottom + 4;
  const marks: Plot.Markish[] = [Plot.cell(data, { x: "x", y: "y", fill: "fill", inset: 0.5 })];
  for (const ov of overlays) {
    marks.push(Plot.line(ov.points, { x: "x", y: "y", stroke: ov.color, strokeWidth: 2.5 }));
  }
  // Values on top, haloed in their cell's colour so an overlay line passes behind them.
  marks.push(Plot.text(data, {
    x: "x",
    y: "y",
    text: "text",
    fill: "ink",
    stroke: "fill",
    strokeWidth: 5,
    paintOrder: "stroke",
    fontVariant: "tabular-nums",
  }));
  const element = renderPlot({
    width,
    height: panelHeight,
    marginTop: MARGIN.top,
    marginRight: MARGIN.right,
    marginBottom: MARGIN.bottom + 4,
    marginLeft,
    padding: 0,
    color: { type: "identity" },
    x: { ...AXIS, type: "band", domain: x.domain, label: x.label || null, tickSize: 0 },
    y: {
      ...AXIS,
      type: "band",
      domain: y.domain,
      reverse: y.domain.every((v) => typeof v === "number"),
      label: y.label || null,
      tickSize: 0,
    },
    marks,
  });
  const text = description ??
    describeCells(title, x, y, cells, format, overlays.flatMap((ov) => ov.label ?? []));
  return headedChart({
    width,
    height: head.height + panelHeight,
    element,
    head,
    label: title ?? `${y.label} by ${x.label}`,
    description: text,
  });
}

/** What a heatmap shows: its columns and rows, its extreme values and where, missing cells. */
function describeCells(
  title: string | undefined,
  x: { label: string; domain: (string | number)[] },
  y: { label: string; domain: (string | number)[] },
  cells: HeatmapCell[],
  format: (v: number) => string,
  overlays: string[],
): string {
  const finite = cells.filter((c) => Number.isFinite(c.value));
  const at = (c: HeatmapCell) => `${format(c.value)} at ${x.label} ${c.x}, ${y.label} ${c.y}`;
  const lo = finite.reduce<HeatmapCell | undefined>(
    (a, c) => (!a || c.value < a.value ? c : a),
    undefined,
  );
  const hi = finite.reduce<HeatmapCell | undefined>(
    (a, c) => (!a || c.value > a.value ? c : a),
    undefined,
  );
  const missing = cells.length - finite.length;
  return sentences(
    `${opening("Heatmap", title)}: a value in each cell, columns ${x.label} ` +
      `(${list(x.domain.map(String))}), rows ${y.label} (${list(y.domain.map(String))})`,
    lo && hi ? `Lowest ${at(lo)}; highest ${at(hi)}` : "No cell has a finite value",
    missing > 0 && `${missing} cell${missing > 1 ? "s have" : " has"} no value (drawn grey)`,
    overlays.length > 0 && `Lines drawn over the cells: ${list(overlays)}`,
  );
}

function checkCells(what: string, cells: unknown): asserts cells is HeatmapCell[] {
  const seen = new Set<string>();
  checkRecords(what, "cells", cells, "{ x, y, value }").forEach((c, i) => {
    for (const k of ["x", "y"] as const) {
      if (typeof c[k] !== "string" && typeof c[k] !== "number") {
        typeFail(what, `cells[${i}].${k} must be a string or number, got ${describe(c[k])}`);
      }
    }
    if (typeof c.value !== "number") {
      typeFail(what, `cells[${i}].value must be a number, got ${describe(c.value)}`);
    }
    const key = JSON.stringify([c.x, c.y]);
    if (seen.has(key)) {
      rangeFail(what, `cells[${i}] repeats the cell x = ${describe(c.x)}, y = ${describe(c.y)}`);
    }
    seen.add(key);
  });
}

/** A {@linkcode BandAxis} checked: its label, and its categories in order. */
function bandAxis(
  what: string,
  name: string,
  value: unknown,
  values: (string | number)[],
  label: string,
): { label: string; domain: (string | number)[] } {
  const o = objectOption(what, name, value, ["label", "domain"]);
  const given = o.domain;
  if (given === undefined) {
    const unique = [...new Set(values)];
    const domain = unique.every((v) => typeof v === "number")
      ? (unique as number[]).sort((a, b) => a - b)
      : unique;
    return { label: stringOption(what, `${name}.label`, o.label, label), domain };
  }
  if (!Array.isArray(given) || given.some((v) => typeof v !== "string" && typeof v !== "number")) {
    typeFail(what, `${name}.domain must be an array of strings or numbers, got ${describe(given)}`);
  }
  for (const v of values) {
    if (!given.includes(v)) {
      rangeFail(what, `${name}.domain must list every cell's ${name}, missing ${describe(v)}`);
    }
  }
  return { label: stringOption(what, `${name}.label`, o.label, label), domain: given };
}

/** The colour of a value: the scheme over the domain, grey for a non-finite value. */
function colorScale(
  what: string,
  value: unknown,
  values: number[],
): { apply(v: number): string; domain: [number, number] } {
  const o = objectOption(what, "color", value, ["domain", "scheme"]);
  const scheme = stringOption(what, "color.scheme", o.scheme, defaults.color.scheme);
  const domain = domainOption(what, "color.domain", o.domain) ?? (() => {
    const e = extent(values) ?? [0, 1];
    return e[0] === e[1] ? [e[0] - 0.5, e[1] + 0.5] as [number, number] : e;
  })();
  let scale: { apply(v: unknown): unknown };
  try {
    scale = Plot.scale({ color: { type: "linear", scheme: scheme as Plot.ColorScheme, domain } });
  } catch {
    rangeFail(
      what,
      `color.scheme must be an Observable Plot colour scheme name, got ${describe(scheme)}`,
    );
  }
  return {
    apply: (v) => Number.isFinite(v) ? String(scale.apply(v)) : MISSING,
    domain,
  };
}

function checkOverlays(
  what: string,
  value: unknown,
  xs: (string | number)[],
  ys: (string | number)[],
): Required<HeatmapOverlay>[] {
  const overlays = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return overlays.map((ov, i) => {
    if (!isObject(ov) || !Array.isArray(ov.points)) {
      typeFail(what, `overlay[${i}] must be { points, label?, color? }, got ${describe(ov)}`);
    }
    ov.points.forEach((p, j) => {
      if (!isObject(p) || !xs.includes(p.x as string) || !ys.includes(p.y as string)) {
        const got = isObject(p) ? `${describe(p.x)}, ${describe(p.y)}` : describe(p);
        rangeFail(what, `overlay[${i}].points[${j}] must name an x and a y category, got ${got}`);
      }
    });
    return {
      points: ov.points as HeatmapOverlay["points"],
      label: stringOption(what, `overlay[${i}].label`, ov.label, ""),
      color: stringOption(what, `overlay[${i}].color`, ov.color, ALERT_COLOR),
    };
  });
}
