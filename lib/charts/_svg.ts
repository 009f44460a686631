/**
 * Private SVG composition for the charts: one linkedom document for
 * Observable Plot, and the step that turns Plot's panels plus a header (title,
 * legend) into one standalone SVG document string with `xmlns` (linkedom's
 * SVG lacks it, and JupyterLab shows a chart as an `<img>`, which needs it),
 * rounded numbers, unique ids and one scoped `<style>`. Plot returns an HTML
 * `<figure>` when it draws a title or legend itself, so titles and legends are
 * drawn here, as SVG text.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { type Chart, JUPYTER_DISPLAY, type LegendItem } from "./chart.ts";
import { FONT_SIZE, TITLE_SIZE } from "./_theme.ts";
import { chartBundle } from "./_img.ts";

/** The SVG namespace every chart declares. */
export const SVG_NS = "http://www.w3.org/2000/svg";
/** The XLink namespace, declared only when a chart uses `xlink:` attributes. */
export const XLINK_NS = "http://www.w3.org/1999/xlink";

/** The class Plot puts on its root `<svg>`; its `<style>` rules are scoped to it. */
const PLOT_CLASS = "plot-d6a7b5";

/** Wraps an SVG document string and its description as a {@linkcode Chart}. */
export function makeChart(svg: string, description: string): Chart {
  return Object.freeze({
    svg,
    description,
    [JUPYTER_DISPLAY]: () => chartBundle(svg, description),
  });
}

// One DOM for every chart: Plot only needs createElementNS and friends.
const { document } = parseHTML(
  "<!DOCTYPE html><html><head></head><body></body></html>",
) as unknown as { document: Plot.PlotOptions["document"] };

/** An element Plot rendered into the linkedom document. */
export interface PanelElement {
  readonly outerHTML: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  querySelector(selector: string): PanelElement | null;
  querySelectorAll(selector: string): Iterable<PanelElement>;
  remove(): void;
  /** Plot's scale by name, to place labels drawn outside Plot. */
  scale(name: string): { apply(value: unknown): number; bandwidth?: number } | undefined;
  readonly attributes: Iterable<{ name: string; value: string }>;
}

/** Runs `Plot.plot` against the shared linkedom document and returns its root `<svg>`. */
export function renderPlot(options: Plot.PlotOptions): PanelElement {
  const el = Plot.plot({
    ...options,
    document,
  }) as unknown as PanelElement;
  if (!el.outerHTML.startsWith("<svg")) {
    throw new Error("Cannot draw chart: Plot returned HTML instead of SVG (legend or title set?)");
  }
  return el;
}

/** Attributes that hold coordinates: rounded to a tenth of a pixel. */
const GEOMETRY = new Set(
  "d points transform x y x1 x2 y1 y2 cx cy r width height viewBox dx dy".split(" "),
);

const NUMBER = /-?(?:\d+\.\d*|\.\d+|\d+)(?:e[-+]?\d+)?/gi;

/** Rounds every number in a geometry attribute value to `digits` decimals. */
export function roundNumbers(value: string, digits = 2): string {
  return value.replace(NUMBER, (m) => {
    const n = Number(m);
    if (!Number.isFinite(n)) return m;
    const r = Number(n.toFixed(digits));
    return String(r === 0 ? 0 : r);
  });
}

function roundElement(el: PanelElement): void {
  for (const node of [el, ...el.querySelectorAll("*")]) {
    for (const { name, value } of [...node.attributes]) {
      // A tenth of a pixel is finer than any screen shows, and keeps charts small.
      if (GEOMETRY.has(name)) node.setAttribute(name, roundNumbers(value, 1));
    }
  }
}

/** Escapes text for use in SVG text content or a double-quoted attribute. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/** Formats a number for an attribute: at most two decimals, no `-0`. */
export function num(n: number): string {
  const r = Number(n.toFixed(2));
  return String(r === 0 ? 0 : r);
}

type Attrs = Record<string, string | number | undefined>;

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === "number" ? num(v) : escapeXml(v as string)}"`)
    .join("");
}

/** An SVG `<text>` element. */
export function svgText(x: number, y: number, content: string, a: Attrs = {}): string {
  return `<text${attrs({ x, y, ...a })}>${escapeXml(content)}</text>`;
}

/** Any empty SVG element, e.g. `svgElement("rect", { x, y, width, height })`. */
export function svgElement(name: string, a: Attrs): string {
  return `<${name}${attrs(a)}/>`;
}

/** Rough width (px) of `text` at `fontSize`, for laying out labels and legends. */
export function textWidth(text: string, fontSize = FONT_SIZE): number {
  return text.length * fontSize * 0.58;
}

/** Width (px) a legend of `items` takes. */
export function legendWidth(items: readonly LegendItem[]): number {
  return items.reduce((w, it) => w + 22 + textWidth(it.label) + 14, 0) - 14;
}

/** A horizontal swatch + text legend whose first swatch starts at (x, y = text baseline middle). */
export function legend(items: readonly LegendItem[], x: number, y: number): string {
  let out = `<g aria-label="legend" text-anchor="start">`;
  let cx = x;
  for (const it of items) {
    const kind = it.kind ?? "line";
    if (kind === "line") {
      out += svgElement("line", {
        x1: cx,
        x2: cx + 16,
        y1: y,
        y2: y,
        stroke: it.color,
        "stroke-width": 2.5,
      });
    } else if (kind === "dot") {
      out += svgElement("circle", { cx: cx + 8, cy: y, r: 4.5, fill: it.color });
    } else {
      out += svgElement("rect", {
        x: cx + 2,
        y: y - 6,
        width: 12,
        height: 12,
        fill: it.color,
        stroke: "#999",
        "stroke-width": 0.5,
      });
    }
    out += svgText(cx + 22, y, it.label, { dy: "0.35em" });
    cx += 22 + textWidth(it.label) + 14;
  }
  return out + "</g>";
}

/** A Plot panel placed at (x, y) of the composed chart. */
export interface PlacedPanel {
  element: PanelElement;
  x: number;
  y: number;
}

/** What {@linkcode composeSvg} needs: the canvas size, the panels and extra SVG markup on top. */
export interface Composition {
  width: number;
  height: number;
  panels: readonly PlacedPanel[];
  /** Raw SVG markup (titles, legends) drawn after the panels, in outer coordinates. */
  overlay?: readonly string[];
  /** Accessible name of the chart: its title, or what it shows in a few words. */
  label: string;
  /** What the chart shows, in words: its `<desc>` and `aria-label`. */
  description: string;
}

function hash(s: string): string {
  // FNV-1a, 32 bit: a short, stable suffix that keeps ids unique across charts on one page.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/**
 * A chart of one panel under its header (title and legend, from
 * {@linkcode chartHeader}): composed, with `description` as its `<desc>`
 * and its alt text. `overlay` defaults to the header's markup.
 */
export function headedChart(c: {
  width: number;
  height: number;
  element: PanelElement;
  head: { markup: string[]; height: number };
  overlay?: readonly string[];
  label: string;
  description: string;
}): Chart {
  return makeChart(
    composeSvg({
      width: c.width,
      height: c.height,
      panels: [{ element: c.element, x: 0, y: c.head.height }],
      overlay: c.overlay ?? c.head.markup,
      label: c.label,
      description: c.description,
    }),
    c.description,
  );
}

/** Renames every `id` (and its `url(#…)` / `href="#…"` uses) to `c<hash>-<n>`, in order of appearance. */
function normalizeIds(svg: string): string {
  const ids = [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
  if (ids.length === 0) return svg;
  const prefix = `c${hash(svg.replace(/ id="[^"]+"|#[\w-]+/g, ""))}`;
  const rename = new Map(ids.map((id, i) => [id, `${prefix}-${i + 1}`]));
  return svg.replace(
    /( id=")([^"]+)(")|(url\(#)([^)]+)(\))|(href=")#([^"]+)(")/g,
    (m, a1, id1, z1, a2, id2, z2, a3, id3, z3) => {
      if (a1) return `${a1}${rename.get(id1) ?? id1}${z1}`;
      if (a2) return `${a2}${rename.get(id2) ?? id2}${z2}`;
      if (a3) return `${a3}#${rename.get(id3) ?? id3}${z3}`;
      return m;
    },
  );
}

/**
 * Composes Plot panels into one standalone SVG document: an outer `<svg>` that
 * declares the namespaces, carries Plot's class (so Plot's single `<style>` block
 * stays scoped to this chart) and a white background, with each panel nested as
 * `<svg x=… y=…>` (its class and `<style>` removed, so the style's
 * `height: auto` never reaches a nested `<svg>`). Numbers are rounded to one
 * decimal and ids renamed deterministically.
 */
export function composeSvg(c: Composition): string {
  let style = "";
  const inner: string[] = [];
  for (const { element, x, y } of c.panels) {
    const s = element.querySelector("style");
    if (s) {
      if (!style) style = s.outerHTML;
      s.remove();
    }
    element.removeAttribute("class");
    element.setAttribute("font-size", String(FONT_SIZE));
    element.setAttribute("x", num(x));
    element.setAttribute("y", num(y));
    roundElement(element);
    inner.push(element.outerHTML);
  }
  if (!style) {
    style = `<style>:where(.${PLOT_CLASS}) { --plot-background: white; display: block; ` +
      `height: auto; height: intrinsic; max-width: 100%; }\n:where(.${PLOT_CLASS} text), ` +
      `:where(.${PLOT_CLASS} tspan) { white-space: pre; }</style>`;
  }
  const body = [
    style,
    svgElement("rect", { width: c.width, height: c.height, fill: "white" }),
    ...inner,
    ...(c.overlay ?? []),
  ].join("");
  const xlink = body.includes("xlink:") ? ` xmlns:xlink="${XLINK_NS}"` : "";
  const open = `<svg xmlns="${SVG_NS}"${xlink}${
    attrs({
      width: c.width,
      height: c.height,
      viewBox: `0 0 ${num(c.width)} ${num(c.height)}`,
      class: PLOT_CLASS,
      fill: "currentColor",
      "font-family": "system-ui, sans-serif",
      "font-size": FONT_SIZE,
      "text-anchor": "middle",
      role: "img",
      "aria-label": c.description,
    })
  }><title>${escapeXml(c.label)}</title><desc>${escapeXml(c.description)}</desc>`;
  return normalizeIds(`${open}${body}</svg>`);
}

/** Height of the title + legend row of a chart, in px. */
export const HEADER = 30;

/**
 * The row above a chart's panels: its title on the left and its legend on the
 * right, on one row when both fit, else the legend on a row of its own.
 *
 * @returns The markup and the height it takes.
 */
export function chartHeader(
  width: number,
  title: string | undefined,
  items: readonly LegendItem[],
): { markup: string[]; height: number } {
  const markup: string[] = [];
  const lw = items.length > 0 ? legendWidth(items) : 0;
  const tw = title ? textWidth(title, TITLE_SIZE) : 0;
  if (!title && items.length === 0) return { markup, height: 6 };
  if (title) {
    markup.push(svgText(10, 20, title, {
      "text-anchor": "start",
      "font-size": TITLE_SIZE,
      "font-weight": 600,
    }));
  }
  const sameRow = !title || tw + lw + 40 <= width;
  const ly = sameRow ? 16 : 42;
  if (items.length > 0) markup.push(legend(items, Math.max(10, width - 10 - lw), ly));
  return { markup, height: sameRow ? HEADER : HEADER + 24 };
}

/** A series' name, drawn in its colour just right of its last point. */
export interface DirectLabel {
  label: string;
  color: string;
  /** Where the label goes: the series' last point, in data coordinates; no label without one. */
  last?: { x: number; y: number };
}

/**
 * Direct labels at the right end of each line, placed with the panel's own
 * scales and nudged apart vertically so they never overlap, kept within the
 * panel's frame where they fit.
 *
 * @param element The Plot panel the lines are drawn in.
 * @param labels One per series.
 * @param top Where the panel starts in the composed chart, in px.
 * @param frame The highest and lowest a label may sit, in the panel's px.
 * @returns The labels' markup, a `<g aria-label="direct labels">`.
 */
export function directLabels(
  element: PanelElement,
  labels: readonly DirectLabel[],
  top: number,
  [frameTop, bottom]: [number, number],
): string[] {
  const sx = element.scale("x")!;
  const sy = element.scale("y")!;
  const placed = labels.filter((l) => l.label !== "" && l.last).map((l) => ({
    ...l,
    px: sx.apply(l.last!.x) + 7,
    py: Math.min(Math.max(sy.apply(l.last!.y), frameTop), bottom),
  })).sort((a, b) => a.py - b.py);
  const gap = FONT_SIZE + 2;
  for (let i = 1; i < placed.length; i++) {
    placed[i].py = Math.max(placed[i].py, placed[i - 1].py + gap);
  }
  for (let i = placed.length - 1; i >= 0; i--) {
    const limit = i === placed.length - 1 ? bottom : placed[i + 1].py - gap;
    placed[i].py = Math.min(placed[i].py, limit);
  }
  return [
    `<g aria-label="direct labels" text-anchor="start">`,
    ...placed.map((l) =>
      svgText(l.px, top + l.py, l.label, { dy: "0.35em", fill: l.color, "font-weight": 600 })
    ),
    "</g>",
  ];
}
