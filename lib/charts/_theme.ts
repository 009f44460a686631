/**
 * The look every chart shares: its colours, margins and type sizes, in one
 * place so that train is the same blue and a batch size the same colour in
 * every chart of every notebook.
 *
 * @module
 */

/** Colour of everything measured on the training set (Matplotlib's blue, as in the tutorial). */
export const TRAIN_COLOR = "#1f77b4";
/** Colour of everything measured on the test set (Matplotlib's orange, as in the tutorial). */
export const TEST_COLOR = "#ff7f0e";
/**
 * Categorical palette for classes and batch sizes, in order. It leaves out
 * blue and orange, which always mean train and test.
 */
export const CATEGORICAL: readonly string[] = Object.freeze([
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#17becf",
  "#bcbd22",
  "#7f7f7f",
]);

/** Colour of a divergence marker and, by default, of a heatmap's overlay line. */
export const ALERT_COLOR = "#d62728";

/** Base font size (px) of every chart's text. */
export const FONT_SIZE = 11;
/** Font size (px) of a chart's title. */
export const TITLE_SIZE = 14;
/** Font size (px) of a panel's title. */
export const PANEL_TITLE_SIZE = 12;
/** Height (px) of the row that holds a panel's title. */
export const PANEL_TITLE = 20;

/** Margins (px) around a panel's frame: room for tick labels and axis labels. */
export const MARGIN = { top: 10, right: 16, bottom: 36, left: 54 } as const;

/** What every axis shares: its label centred along it, without Plot's arrow. */
export const AXIS = { labelAnchor: "center", labelArrow: "none" } as const;

/** The `i`-th colour of `palette`, cycling when there are more series than colours. */
export function paletteColor(palette: readonly string[], i: number): string {
  return palette[i % palette.length];
}

/** Mixes a `#rrggbb` colour with white; `amount` 0 keeps it, 1 gives white. */
export function lighten(color: string, amount: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const n = parseInt(m[1], 16);
  const ch = [n >> 16, (n >> 8) & 255, n & 255].map((c) => Math.round(c + (255 - c) * amount));
  return `#${ch.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

/** Relative luminance (0 dark … 1 light) of `#rrggbb` or `rgb(r, g, b)`. */
export function luminance(color: string): number {
  let rgb: number[] | undefined;
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (hex) {
    const n = parseInt(hex[1], 16);
    rgb = [n >> 16, (n >> 8) & 255, n & 255];
  } else {
    const m = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(color);
    if (m) rgb = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  if (!rgb) return 1;
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
