/**
 * Private: how a chart is shown in a notebook, as an SVG document and as an
 * `<img>` of it. Plain string functions with no imports, so that
 * `notebook/display.ts` (imported by `claims.ts`, which fixture notebooks load
 * outside the repository's import map) can use them without loading Plot.
 *
 * @module
 */

/**
 * The MIME bundle a chart is shown as: the SVG as `image/svg+xml`, and the same
 * SVG as an `<img>` in `text/html` with the description as its `alt`.
 * JupyterLab prefers `text/html` and shows it in an untrusted notebook too
 * (sanitized: an `<img>` with its `src`, `alt` and `class` is kept), where it
 * draws no `image/svg+xml` (4.6 skips an untrusted SVG output; its SVG renderer
 * would say "Cannot display an untrusted SVG").
 */
export function chartBundle(svg: string, description: string): Record<string, string> {
  return { "image/svg+xml": svg, "text/html": chartImg(svg, description) };
}

/** The class of a chart's `<img>` in its `text/html` output. */
export const CHART_IMG_CLASS = "chart";

/**
 * An `<img>` of an SVG document as a `data:` URL, with `alt`. The URL is the SVG
 * itself, not base64 (which adds a third): its attributes quoted with `'` so that
 * the `"` that delimits `src` needs no escape, and only what a URL or the HTML
 * attribute would misread percent-encoded (`%`, `#`, `&`, `"`, line breaks).
 */
export function chartImg(svg: string, description: string): string {
  const quoted = svg.replace(/="([^"]*)"/g, (_, v: string) => `='${v.replaceAll("'", "&apos;")}'`);
  const url = quoted.replace(
    /[%#&"\n\r\t]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
  return `<img class="${CHART_IMG_CLASS}" src="data:image/svg+xml,${url}" alt="${
    escapeAttribute(description)
  }">`;
}

/** Escapes text for a double-quoted HTML attribute. */
function escapeAttribute(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
