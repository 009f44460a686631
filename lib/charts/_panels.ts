/**
 * Private panels of learning curves, drawn as Observable Plot facets: one
 * frame per run (or group of seeds) laid out in a grid with `fx` (column)
 * and `fy` (row), every panel on the same x and y scales, each titled above
 * its frame. Plot draws the x axis under the lowest panel of each column and
 * the y axis left of each row, so a grid reads as one chart.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { Chart, LegendItem } from "./chart.ts";
import { chartHeader, composeSvg, makeChart, type PanelElement, renderPlot } from "./_svg.ts";
import { type AxisLayout, plotAxis, type ResolvedAxis } from "./_ticks.ts";
import type { BandPoint, CurvePoint } from "./_curves.ts";
import {
  ALERT_COLOR,
  MARGIN,
  PANEL_TITLE,
  PANEL_TITLE_SIZE,
  TEST_COLOR,
  TRAIN_COLOR,
} from "./_theme.ts";
import { descriptionOption } from "./_describe.ts";
import { integerOption, numberOption, rangeFail, stringOption } from "../_validate.ts";

/** What one panel shows: train and test lines, or their means with bands. */
export interface CurvePanel {
  title: string;
  /** Train and test per epoch, drawn as two lines. */
  lines?: CurvePoint[];
  /** Mean train and test per epoch, drawn as two lines over their bands. */
  band?: BandPoint[];
  /** Where a dashed red marker says the run diverged; null for none. */
  divergedAt: number | null;
}

/** A grid of {@linkcode CurvePanel}s sharing one x and one y scale. */
export interface CurveGrid {
  /** Width of the whole grid in px. */
  width: number;
  /** Height of each panel's frame in px. */
  panelHeight: number;
  /** Panels per row (fewer when there are fewer panels). */
  columns: number;
  x: ResolvedAxis;
  xDomain: [number, number];
  y: ResolvedAxis;
  yDomain: [number, number];
  panels: CurvePanel[];
}

/** Horizontal gap between panels, px: a y axis is only drawn left of a row. */
const GAP_X = 22;
/** Vertical gap between rows of panels, px: the lower row's titles. */
const GAP_Y = PANEL_TITLE + 12;
/** Extra vertical gap when a panel above the last row has no panel below it: its x axis. */
const AXIS_GAP = 26;
/** Room above the first row (its titles) and below the last (the x axis), px. */
export const GRID_MARGIN = { top: PANEL_TITLE + 8, bottom: MARGIN.bottom } as const;
/** The narrowest a panel (its share of the width) may be, px. */
const MIN_PANEL = 120;

type Facet = { fx: number; fy: number };

/**
 * Draws the panels as one faceted Plot.
 *
 * @returns The Plot element and its height in px.
 */
export function facetCurves(what: string, g: CurveGrid): { element: PanelElement; height: number } {
  const n = g.panels.length;
  const columns = Math.min(g.columns, n);
  const rows = Math.ceil(n / columns);
  if (g.width / columns < MIN_PANEL) {
    rangeFail(
      what,
      `width / columns must leave at least ${MIN_PANEL} px per panel, got ${g.width / columns}`,
    );
  }
  const at = (i: number): Facet => ({ fx: i % columns, fy: Math.floor(i / columns) });
  const frameWidth = (g.width - MARGIN.left - MARGIN.right - (columns - 1) * GAP_X) / columns;
  const gapY = GAP_Y + (rows > 1 && n % columns !== 0 ? AXIS_GAP : 0);
  const height = GRID_MARGIN.top + rows * g.panelHeight + (rows - 1) * gapY + GRID_MARGIN.bottom;
  const facet = { fx: "fx", fy: "fy" } as const;
  const withFacet = <T extends object>(points: T[] | undefined, i: number) =>
    (points ?? []).map((p) => ({ ...p, ...at(i) }));

  const marks: Plot.Markish[] = [];
  const bands = g.panels.flatMap((p, i) => withFacet(p.band, i));
  const lines = g.panels.flatMap((p, i) => withFacet(p.lines, i));
  const curves = [["train", TRAIN_COLOR], ["test", TEST_COLOR]] as const;
  if (bands.length > 0) {
    for (const [key, color] of curves) {
      marks.push(Plot.areaY(bands, {
        ...facet,
        x: "epoch",
        y1: `${key}Lo`,
        y2: `${key}Hi`,
        fill: color,
        fillOpacity: 0.2,
        clip: true,
      }));
    }
  }
  for (const [key, color] of curves) {
    if (bands.length > 0) {
      marks.push(Plot.lineY(bands, {
        ...facet,
        x: "epoch",
        y: `${key}Mean`,
        stroke: color,
        strokeWidth: 1.6,
        clip: true,
      }));
    }
    if (lines.length > 0) {
      marks.push(Plot.lineY(lines, {
        ...facet,
        x: "epoch",
        y: key,
        stroke: color,
        strokeWidth: 1.6,
        clip: true,
      }));
    }
  }
  marks.push(...divergence(g), ...emptyNotes(g, at));
  marks.push(Plot.text(g.panels.map((p, i) => ({ title: p.title, ...at(i) })), {
    ...facet,
    text: "title",
    frameAnchor: "top",
    lineAnchor: "bottom",
    dy: -8,
    fontSize: PANEL_TITLE_SIZE,
    fontWeight: 600,
  }));
  const plotHeight = g.panelHeight;
  // Panels side by side: the end labels turned inwards, so that "200" and "0" never meet.
  const xLayout: AxisLayout = { pixels: frameWidth, spacing: 75, inwardEnds: columns > 1 };
  const yLayout: AxisLayout = {
    pixels: plotHeight,
    spacing: 32,
    grid: true,
    nice: g.y.domain ? false : Math.max(2, Math.round(plotHeight / 22)),
  };
  const x = plotAxis("x", g.x, g.xDomain, xLayout);
  const y = plotAxis("y", g.y, g.yDomain, yLayout);
  const band = (count: number, frame: number, gap: number) => ({
    domain: Array.from({ length: count }, (_, i) => i),
    paddingInner: count > 1 ? gap / (frame + gap) : 0,
    paddingOuter: 0,
    round: false,
    axis: null,
  });
  const element = renderPlot({
    width: g.width,
    height,
    marginTop: GRID_MARGIN.top,
    marginRight: MARGIN.right,
    marginBottom: GRID_MARGIN.bottom,
    marginLeft: MARGIN.left,
    fx: band(columns, frameWidth, GAP_X),
    fy: band(rows, g.panelHeight, gapY),
    x: x.scale,
    y: y.scale,
    marks: [...y.marks, ...x.marks, ...marks],
  });
  return { element, height };

  function divergence(g: CurveGrid): Plot.Markish[] {
    const mid = (g.xDomain[0] + g.xDomain[1]) / 2;
    const diverged = g.panels.flatMap((p, i) =>
      p.divergedAt === null ? [] : [{ x: p.divergedAt, ...at(i) }]
    );
    if (diverged.length === 0) return [];
    const label = (side: "start" | "end") =>
      Plot.text(diverged.filter((d) => (d.x > mid) === (side === "end")), {
        ...facet,
        x: "x",
        text: (d) => `diverged at epoch ${d.x}`,
        frameAnchor: "top",
        textAnchor: side,
        dx: side === "end" ? -4 : 4,
        dy: 4,
        fill: ALERT_COLOR,
      });
    return [
      Plot.ruleX(diverged, { ...facet, x: "x", stroke: ALERT_COLOR, strokeDasharray: "4 3" }),
      label("start"),
      label("end"),
    ];
  }
}

/** "no finite values" in each panel that has nothing to draw. */
function emptyNotes(g: CurveGrid, at: (i: number) => Facet): Plot.Markish[] {
  const finite = (p: CurvePanel) =>
    (p.lines ?? []).some((q) => Number.isFinite(q.train) || Number.isFinite(q.test)) ||
    (p.band ?? []).some((q) => Number.isFinite(q.trainMean) || Number.isFinite(q.testMean));
  const empty = g.panels.flatMap((p, i) => finite(p) ? [] : [at(i)]);
  if (empty.length === 0) return [];
  return [Plot.text(empty, {
    fx: "fx",
    fy: "fy",
    text: () => "no finite values",
    frameAnchor: "middle",
    fill: "#666",
  })];
}

/** Facet grids side by side under a header (title, legend), composed into one chart. */
export function composeGrids(
  title: string | undefined,
  legend: LegendItem[],
  width: number,
  grids: { element: PanelElement; height: number; x: number }[],
  label: string,
  description: string,
): Chart {
  const head = chartHeader(width, title, legend);
  const height = head.height + Math.max(...grids.map((g) => g.height));
  const panels = grids.map((g) => ({ element: g.element, x: g.x, y: head.height }));
  return makeChart(
    composeSvg({ width, height, panels, overlay: head.markup, label, description }),
    description,
  );
}

/** Draws the panels of `curveGrid` or `seedBand` under a header, with their layout options. */
export function gridChart(
  what: string,
  o: {
    title?: string;
    width?: number;
    panelHeight?: number;
    columns?: number;
    description?: string;
  },
  defaults: { width: number; panelHeight: number; columns: number },
  g: {
    legend: LegendItem[];
    x: ResolvedAxis;
    xDomain: [number, number];
    y: ResolvedAxis;
    yDomain: [number, number];
    panels: CurvePanel[];
  },
  describe: (title: string | undefined) => string,
): Chart {
  const title = stringOption(what, "title", o.title, undefined);
  const description = descriptionOption(what, o.description);
  const columns = integerOption(what, "columns", o.columns, defaults.columns);
  const width = numberOption(what, "width", o.width, defaults.width, 200);
  const panelHeight = numberOption(what, "panelHeight", o.panelHeight, defaults.panelHeight, 60);
  const grid = facetCurves(what, { ...g, width, panelHeight, columns });
  const label = title ?? g.panels.map((p) => p.title).join("; ");
  return composeGrids(
    title,
    g.legend,
    width,
    [{ ...grid, x: 0 }],
    label,
    description ?? describe(title),
  );
}
