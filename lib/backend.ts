/**
 * The one TensorFlow.js instance the project uses, with its backend chosen
 * once, when this module is first imported: WebAssembly by default, the plain
 * JavaScript (cpu) backend where WebAssembly cannot start. Production mode is
 * on, so tfjs prints no "running in Node.js" banner into a notebook.
 *
 * Every lib module imports `tf` from here rather than from the package, so the
 * backend is ready before any tensor is made.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { backendName, tf } from "./backend.ts";
 * equal(tf.getBackend(), backendName); // "wasm" here; "cpu" where wasm cannot start
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

/** The backends tried, in order of preference. */
export const BACKENDS = ["wasm", "cpu"] as const;

/** Name of a backend the project can run on. */
export type BackendName = typeof BACKENDS[number];

async function chooseBackend(): Promise<BackendName> {
  tf.enableProdMode();
  for (const name of BACKENDS) {
    try {
      if (await tf.setBackend(name)) return name;
    } catch {
      // Try the next one; tfjs already said nothing, since prod mode is on.
    }
  }
  throw new Error(
    `Cannot start TensorFlow.js: none of the backends ${BACKENDS.join(", ")} started`,
  );
}

/** The backend in use, chosen once when this module was first imported. */
export const backendName: BackendName = await chooseBackend();

export { tf };
