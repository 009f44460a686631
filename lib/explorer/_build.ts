/**
 * The explorer's two browser scripts, bundled from `_page/page.ts` and
 * `_page/worker.ts` by `deno bundle` (esbuild) into `.build/` beside the
 * engine's WebAssembly, and stamped with the SHA-256 of every local module
 * they were built from, so that a script built from older sources is never
 * embedded. `deno task setup` builds them (`tools/build_explorer.ts`);
 * {@linkcode readExplorerScripts} rebuilds them when they are missing or
 * stale.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { dirname, relative } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";

const ROOT = fromFileUrl(new URL("../../", import.meta.url));
/** The page script. */
export const EXPLORER_PAGE_PATH: string = fromFileUrl(
  new URL("../../.build/explorer_page.js", import.meta.url),
);
/** The worker script. */
export const EXPLORER_WORKER_PATH: string = fromFileUrl(
  new URL("../../.build/explorer_worker.js", import.meta.url),
);
/** Every local source module of both scripts and its SHA-256, as JSON. */
export const EXPLORER_STAMP_PATH: string = fromFileUrl(
  new URL("../../.build/explorer.sources.json", import.meta.url),
);
const ENTRIES = {
  page: { source: new URL("./_page/page.ts", import.meta.url), out: EXPLORER_PAGE_PATH },
  worker: { source: new URL("./_page/worker.ts", import.meta.url), out: EXPLORER_WORKER_PATH },
};

function sha256(path: string): string {
  return createHash("sha256").update(Deno.readFileSync(path)).digest("hex");
}

/** Runs deno with `args`; throws with its stderr when it fails. */
async function deno(args: string[]): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `Cannot build the explorer's scripts: deno ${args[0]} exited with ${out.code}: ${
        new TextDecoder().decode(out.stderr).trim()
      }`,
    );
  }
  return new TextDecoder().decode(out.stdout);
}

/** The local files (relative to the repository) both entries import, with their SHA-256. */
async function sourceHashes(): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const { source } of Object.values(ENTRIES)) {
    const info = JSON.parse(await deno(["info", "--json", fromFileUrl(source)])) as {
      modules: { specifier: string }[];
    };
    for (const { specifier } of info.modules) {
      if (!specifier.startsWith("file:")) continue;
      const path = fromFileUrl(specifier);
      hashes[relative(ROOT, path)] = sha256(path);
    }
  }
  return hashes;
}

/**
 * Why the scripts cannot be embedded as they are (missing, or built from
 * other sources than the current ones), or `null` when they are current.
 */
export function explorerScriptsProblem(): string | null {
  let stamp: Record<string, string>;
  try {
    stamp = JSON.parse(Deno.readTextFileSync(EXPLORER_STAMP_PATH));
    Deno.statSync(EXPLORER_PAGE_PATH);
    Deno.statSync(EXPLORER_WORKER_PATH);
  } catch {
    return `${EXPLORER_PAGE_PATH} or ${EXPLORER_WORKER_PATH} is missing`;
  }
  for (const [path, hash] of Object.entries(stamp)) {
    let now: string | null = null;
    try {
      now = sha256(`${ROOT}/${path}`);
    } catch {
      now = null;
    }
    if (now !== hash) return `the explorer's scripts were built from another ${path}`;
  }
  return null;
}

/**
 * Bundles both scripts unless they are current; says what it does.
 *
 * @param force Build even when the stamp matches.
 * @param quiet Say nothing (inside a notebook, where it would be a cell's output).
 * @returns Whether it bundled.
 */
export async function ensureExplorerScripts(force = false, quiet = false): Promise<boolean> {
  if (!force && explorerScriptsProblem() === null) return false;
  if (!quiet) {
    console.log(
      `Bundling the explorer's scripts into ${dirname(EXPLORER_PAGE_PATH)} (deno bundle)`,
    );
  }
  await Deno.mkdir(dirname(EXPLORER_PAGE_PATH), { recursive: true });
  const hashes = await sourceHashes();
  for (const { source, out } of Object.values(ENTRIES)) {
    const temporary = `${out}.tmp.js`;
    await deno([
      "bundle",
      "--quiet",
      "--platform",
      "browser",
      "--format",
      "iife",
      "--minify",
      "-o",
      temporary,
      fromFileUrl(source),
    ]);
    await Deno.rename(temporary, out);
  }
  await Deno.writeTextFile(EXPLORER_STAMP_PATH, JSON.stringify(hashes, null, 1) + "\n");
  return true;
}

/**
 * The two scripts' sources, bundling them first when they are missing or
 * stale.
 *
 * @throws {Error} When they cannot be built (saying to run `deno task setup`).
 */
export async function readExplorerScripts(): Promise<{ page: string; worker: string }> {
  try {
    await ensureExplorerScripts(false, true);
  } catch (error) {
    throw new Error(
      `Cannot make the explorer: ${
        error instanceof Error ? error.message : error
      }; run \`deno task setup\``,
    );
  }
  return {
    page: await Deno.readTextFile(EXPLORER_PAGE_PATH),
    worker: await Deno.readTextFile(EXPLORER_WORKER_PATH),
  };
}
