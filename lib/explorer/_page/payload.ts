/**
 * What the lib function embeds beside the page script, and its decoding:
 * the engine's bytes and the splits' floats travel as base64.
 *
 * @module
 */
import type { ExplorerSettings } from "../_config.ts";
import type { MlpShape } from "../../_layout.ts";
import type { PageSplit } from "./protocol.ts";

/** What the lib function embeds beside the script, as JSON. */
export interface Payload {
  /** `.build/engine.wasm`, base64. */
  wasm: string;
  /** The worker's bundled source. */
  worker: string;
  shape: MlpShape;
  /** Each split: `x` and `y` as float32 base64, `n` rows. */
  train: { x: string; y: string; n: number };
  test: { x: string; y: string; n: number };
  /** The setting to start with. */
  settings: ExplorerSettings;
  /** Whether the page's URL hash holds the setting (the page's own explorer only). */
  hash: boolean;
  /** The heading above the controls. */
  title: string;
}

/** The bytes of a base64 string. */
export function bytesOf(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function floatsOf(base64: string): Float32Array {
  const bytes = bytesOf(base64);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/** One split of the payload, decoded. */
export function splitOf(s: { x: string; y: string; n: number }): PageSplit {
  return { x: floatsOf(s.x), y: floatsOf(s.y), n: s.n };
}
