/**
 * The WebAssembly engine for Deno: `.build/engine.wasm` (built from
 * `wasm/engine.ts` by `deno task setup`, see `tools/build_wasm.ts`), read
 * and compiled once, when this file is imported, and wrapped by
 * `wasm_engine.ts` (which says how it computes, and where its rounding
 * differs from `js.ts`').
 *
 * It is used only when `.build/engine.wasm` exists and was built from the
 * current `wasm/engine.ts` (its SHA-256 is stamped beside it); otherwise
 * {@linkcode wasmEngine} is `null`, {@linkcode wasmEngineProblem} says why,
 * and {@linkcode engine} is the JavaScript one.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { type Engine, jsEngine } from "./js.ts";
import { createWasmEngine } from "./wasm_engine.ts";

/** The compiled module, beside the repository's other build products. */
export const WASM_PATH: string = new URL("../../../.build/engine.wasm", import.meta.url).pathname;
/** The SHA-256 of the source the module was built from. */
export const STAMP_PATH: string = WASM_PATH + ".sha256";
/** The AssemblyScript source. */
export const SOURCE_PATH: string = new URL("../../../wasm/engine.ts", import.meta.url).pathname;

/** The SHA-256 of a file, hex. */
export function sha256File(path: string): string {
  return createHash("sha256").update(Deno.readFileSync(path)).digest("hex");
}

function load(): { module: WebAssembly.Module | null; problem: string | null } {
  try {
    const stamp = Deno.readTextFileSync(STAMP_PATH).trim();
    if (stamp !== sha256File(SOURCE_PATH)) {
      return {
        module: null,
        problem: `${WASM_PATH} was built from another wasm/engine.ts; run \`deno task setup\``,
      };
    }
    return { module: new WebAssembly.Module(Deno.readFileSync(WASM_PATH)), problem: null };
  } catch (error) {
    return {
      module: null,
      problem: `cannot load ${WASM_PATH} (${
        error instanceof Error ? error.message : error
      }); run \`deno task setup\``,
    };
  }
}

const loaded = load();
/** `.build/engine.wasm` compiled, or `null` when it cannot be used (see {@linkcode wasmEngineProblem}). */
export const wasmModule: WebAssembly.Module | null = loaded.module;
/** Why the wasm engine is not used, or `null` when it is. */
export const wasmEngineProblem: string | null = loaded.problem;

/** The wasm engine, or `null` when `.build/engine.wasm` is missing or stale. */
export const wasmEngine: Engine | null = wasmModule === null ? null : createWasmEngine(wasmModule);

/** The engine to train with: the WebAssembly one when built and current, else {@linkcode jsEngine}. */
export const engine: Engine = wasmEngine ?? jsEngine;
