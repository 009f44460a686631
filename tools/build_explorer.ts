/**
 * Builds the explorer's two scripts: bundles `lib/explorer/_page/page.ts`
 * (the page) and `lib/explorer/_page/worker.ts` (the training worker, with
 * the engine core) for the browser with `deno bundle` (esbuild, minified,
 * each an IIFE) into `.build/explorer_page.js` and `.build/explorer_worker.js`
 * (ignored by git), and stamps them with the SHA-256 of every local module
 * they were built from (`deno info`), which `explorer()` checks. Does nothing
 * when the stamp matches. Run by `deno task setup`, and by `explorer()`
 * itself when the scripts are missing or stale; by hand:
 *
 * ```sh
 * deno run -A tools/build_explorer.ts           # build if missing or stale
 * deno run -A tools/build_explorer.ts --force   # build anyway
 * ```
 *
 * @module
 */
export {
  ensureExplorerScripts,
  EXPLORER_PAGE_PATH,
  EXPLORER_STAMP_PATH,
  EXPLORER_WORKER_PATH,
  explorerScriptsProblem,
} from "../lib/explorer/_build.ts";
import { ensureExplorerScripts } from "../lib/explorer/_build.ts";

if (import.meta.main) {
  await ensureExplorerScripts(Deno.args.includes("--force"));
}
