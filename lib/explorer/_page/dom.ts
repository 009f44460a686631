/// <reference lib="dom" />
/**
 * The page script's element makers: HTML elements with a class and text,
 * SVG elements with attributes. Text only ever goes in through
 * `textContent` or an attribute value, never as HTML.
 *
 * @module
 */

/** The SVG namespace. */
export const SVG_NS = "http://www.w3.org/2000/svg";

/** An element with a class and, optionally, text. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = "",
  text = "",
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}

/** An SVG element with attributes. */
export function svgEl(tag: string, attrs: Record<string, string | number> = {}): SVGElement {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}
