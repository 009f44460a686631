/**
 * Builds `fitSeeds`' WebAssembly SIMD engine: compiles `wasm/engine.ts`
 * (AssemblyScript) with the pinned `assemblyscript` npm package into
 * `.build/engine.wasm` (ignored by git) and stamps it with the source's
 * SHA-256, which `lib/training/_engine/wasm.ts` checks before using it. Does nothing
 * when the stamp already matches. Run by `deno task setup`; by hand:
 *
 * ```sh
 * deno run -A tools/build_wasm.ts           # build if missing or stale
 * deno run -A tools/build_wasm.ts --force   # build anyway
 * ```
 *
 * @module
 */
import { dirname } from "node:path";
import { sha256File, SOURCE_PATH, STAMP_PATH, WASM_PATH } from "../lib/training/_engine/wasm.ts";

/** The AssemblyScript compiler, pinned (also in deno.json's imports, so `deno install` caches it). */
export const ASC = "npm:assemblyscript@0.28.20/asc";

/** The compiler's options: optimized, SIMD, no runtime (the engine allocates nothing), no bounds checks. */
export const ASC_FLAGS: readonly string[] = [
  "-O3",
  "--enable",
  "simd",
  "--runtime",
  "stub",
  "--noAssert",
  "--uncheckedBehavior",
  "always",
];

/**
 * Compiles the engine unless `.build/engine.wasm` was built from the current
 * source; says what it does.
 *
 * @param force Build even when the stamp matches.
 * @returns Whether it compiled.
 */
export async function ensureEngine(force = false): Promise<boolean> {
  const source = sha256File(SOURCE_PATH);
  let stamp: string | null = null;
  try {
    stamp = (await Deno.readTextFile(STAMP_PATH)).trim();
    await Deno.stat(WASM_PATH);
  } catch {
    stamp = null;
  }
  if (!force && stamp === source) return false;
  console.log(`Building the fitSeeds engine: ${SOURCE_PATH} -> ${WASM_PATH} (AssemblyScript)`);
  await Deno.mkdir(dirname(WASM_PATH), { recursive: true });
  const temporary = `${WASM_PATH}.tmp`;
  const result = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ASC, SOURCE_PATH, ...ASC_FLAGS, "-o", temporary],
    env: { NO_COLOR: "1" },
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!result.success) {
    throw new Error(`Cannot build the fitSeeds engine: asc exited with ${result.code}`);
  }
  await Deno.rename(temporary, WASM_PATH);
  await Deno.writeTextFile(STAMP_PATH, source + "\n");
  return true;
}

if (import.meta.main) {
  await ensureEngine(Deno.args.includes("--force"));
}
