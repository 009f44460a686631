/// <reference lib="dom" />
/**
 * The page's live chart: two SVG panels, accuracy and loss, each run's mean
 * lines over its min–max band across the seeds, the pinned run dashed, a
 * dashed mark where a seed diverged; and which epoch a pointer is over.
 *
 * @module
 */
import { ALERT_COLOR, lighten, TEST_COLOR, TRAIN_COLOR } from "../../charts/_theme.ts";
import { SVG_NS, svgEl } from "./dom.ts";
import { PER_EPOCH } from "./protocol.ts";
import type { Run } from "./runs.ts";

/** One panel's size and margins, px (the static charts' margins). */
const PANEL = { width: 430, height: 250, top: 10, right: 16, bottom: 36, left: 54 };
const FONT = "11px system-ui, -apple-system, 'Segoe UI', sans-serif";

/** About `count` round tick values over [lo, hi] (1, 2, 5 × 10^k steps). */
function ticks(lo: number, hi: number, count: number): number[] {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [lo];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => span / s <= count) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    out.push(Number(v.toPrecision(12)));
  }
  return out;
}

/** The epoch under the pointer at `clientX` over the chart `svg` (either panel). */
export function epochAt(svg: Element, clientX: number, run: Run, pinned: Run | null): number {
  const box = svg.getBoundingClientRect();
  const x = ((clientX - box.left) / box.width) * 2 * PANEL.width;
  const inPanel = (x % PANEL.width) - PANEL.left;
  const w = PANEL.width - PANEL.left - PANEL.right;
  const maxEpochs = Math.max(run.settings.epochs, pinned?.settings.epochs ?? 0);
  return Math.round(1 + (inPanel / w) * Math.max(1, maxEpochs - 1));
}

/** The chart of the live run and the pinned one: a legend over two panels, accuracy and loss. */
export function drawChart(run: Run | null, pinned: Run | null): SVGElement {
  const width = 2 * PANEL.width;
  const height = PANEL.height + 28;
  const svg = svgEl("svg", {
    xmlns: SVG_NS,
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "font-family": FONT,
  });
  const runs = [pinned, run].filter((r): r is Run => r !== null);
  const legend = svgEl("g", { transform: `translate(${PANEL.left},14)`, "font-size": 11 });
  const items: [string, string, string][] = [
    ["train mean", TRAIN_COLOR, ""],
    ["test mean", TEST_COLOR, ""],
    [`min–max of ${run?.settings.seeds ?? 0} seeds`, "#c8c8c8", "rect"],
  ];
  if (pinned) items.push(["pinned run", "#555", "4 3"]);
  let x = 0;
  for (const [label, color, kind] of items) {
    if (kind === "rect") {
      legend.append(svgEl("rect", { x, y: -8, width: 14, height: 10, fill: color }));
    } else {
      legend.append(svgEl("line", {
        x1: x,
        x2: x + 14,
        y1: -3,
        y2: -3,
        stroke: color,
        "stroke-width": 2,
        "stroke-dasharray": kind,
      }));
    }
    const t = svgEl("text", { x: x + 18, y: 1 });
    t.textContent = label;
    legend.append(t);
    x += 30 + label.length * 6;
  }
  svg.append(legend);
  const maxEpochs = Math.max(1, ...runs.map((r) => r.settings.epochs));
  panel(svg, 0, "accuracy", [1, 3], runs, maxEpochs, run, pinned);
  panel(svg, PANEL.width, "loss", [0, 2], runs, maxEpochs, run, pinned);
  return svg;
}

/** One panel: `metrics` are indices into METRICS (train, test). */
function panel(
  svg: SVGElement,
  left: number,
  label: string,
  metrics: [number, number],
  runs: Run[],
  maxEpochs: number,
  run: Run | null,
  pinned: Run | null,
): void {
  const top = 28 + PANEL.top;
  const w = PANEL.width - PANEL.left - PANEL.right;
  const h = PANEL.height - PANEL.top - PANEL.bottom;
  const g = svgEl("g", { transform: `translate(${left + PANEL.left},${top})` });
  // y domain from every value drawn
  let lo = Infinity, hi = -Infinity;
  for (const r of runs) {
    for (let e = 0; e < r.epochs; e++) {
      for (const m of metrics) {
        const base = e * PER_EPOCH + m * 3;
        const a = r.values[base + 1], b = r.values[base + 2];
        if (Number.isFinite(a)) lo = Math.min(lo, a);
        if (Number.isFinite(b)) hi = Math.max(hi, b);
      }
    }
  }
  if (label === "accuracy") {
    lo = Number.isFinite(lo) ? Math.max(0, Math.floor(lo * 10) / 10) : 0;
    hi = 1;
  } else {
    lo = 0;
    hi = Number.isFinite(hi) && hi > 0 ? hi * 1.05 : 1;
  }
  const sx = (epoch: number) => ((epoch - 1) / Math.max(1, maxEpochs - 1)) * w;
  const sy = (v: number) => h - ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * h;
  // frame, grid and ticks
  for (const t of ticks(lo, hi, 5)) {
    g.append(svgEl("line", { x1: 0, x2: w, y1: sy(t), y2: sy(t), stroke: "#e5e5e5" }));
    const text = svgEl("text", { x: -6, y: sy(t) + 4, "text-anchor": "end", "font-size": 11 });
    text.textContent = String(t);
    g.append(text);
  }
  for (const t of ticks(1, maxEpochs, 6)) {
    const tx = sx(t);
    g.append(svgEl("line", { x1: tx, x2: tx, y1: h, y2: h + 4, stroke: "#333" }));
    const text = svgEl("text", { x: tx, y: h + 16, "text-anchor": "middle", "font-size": 11 });
    text.textContent = String(t);
    g.append(text);
  }
  g.append(svgEl("line", { x1: 0, x2: w, y1: h, y2: h, stroke: "#333" }));
  g.append(svgEl("line", { x1: 0, x2: 0, y1: 0, y2: h, stroke: "#333" }));
  const xLabel = svgEl("text", { x: w / 2, y: h + 32, "text-anchor": "middle", "font-size": 11 });
  xLabel.textContent = "epoch";
  const yLabel = svgEl("text", {
    transform: `translate(-40,${h / 2}) rotate(-90)`,
    "text-anchor": "middle",
    "font-size": 11,
  });
  yLabel.textContent = label;
  g.append(xLabel, yLabel);
  // curves: every band first, then the mean lines over them; the pinned run dashed, no band
  const lines: SVGElement[] = [];
  for (const r of runs) {
    const isPinned = r === pinned && r !== run;
    if (r.epochs === 0) continue;
    metrics.forEach((m, which) => {
      const color = which === 0 ? TRAIN_COLOR : TEST_COLOR;
      let mean = "", upper = "", lower = "";
      for (let e = 0; e < r.epochs; e++) {
        const base = e * PER_EPOCH + m * 3;
        const px = sx(e + 1).toFixed(1);
        mean += `${e === 0 ? "M" : "L"}${px},${sy(r.values[base]).toFixed(1)}`;
        upper += `${e === 0 ? "M" : "L"}${px},${sy(r.values[base + 2]).toFixed(1)}`;
        lower = `L${px},${sy(r.values[base + 1]).toFixed(1)}` + lower;
      }
      if (!isPinned) {
        g.append(svgEl("path", {
          d: upper + lower + "Z",
          fill: color,
          "fill-opacity": 0.2,
          stroke: "none",
        }));
      }
      lines.push(svgEl("path", {
        d: mean,
        fill: "none",
        stroke: isPinned ? lighten(color, 0.3) : color,
        "stroke-width": isPinned ? 1.5 : 1.75,
        "stroke-dasharray": isPinned ? "5 3" : "",
        class: isPinned ? "bsx-pinned-curve" : "bsx-curve",
      }));
    });
  }
  g.append(...lines);
  for (const r of runs) {
    const diverged = r.done ? Array.from(r.done.divergedAt).filter((e) => e > 0) : [];
    for (const e of new Set(diverged)) {
      g.append(svgEl("line", {
        x1: sx(e),
        x2: sx(e),
        y1: 0,
        y2: h,
        stroke: ALERT_COLOR,
        "stroke-dasharray": "2 2",
      }));
    }
  }
  svg.append(g);
}
