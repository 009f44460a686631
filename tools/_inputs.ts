/**
 * What a notebook's run depends on, as one SHA-256: the notebook itself, the
 * library, the data, the engine's source and build, the tools (the nbconvert
 * template among them), `deno.json` and `deno.lock`, the nbconvert version and
 * `NOTEBOOK_EPOCHS`. `deno task notebooks` records it for each notebook in
 * `runs.json`; the notebooks test checks that run's output instead of running
 * every notebook again when every digest still matches (a run is seeded, so
 * the same inputs give the same output, times aside).
 *
 * @module
 */
import { join, relative } from "node:path";
import { REPO } from "./_jupyter.ts";

/** Folders and files of the repository that every notebook's run depends on. */
export const RUN_INPUTS: readonly string[] = [
  "lib",
  "data",
  "wasm",
  "tools",
  ".build",
  "deno.json",
  "deno.lock",
];

async function filesUnder(path: string): Promise<string[]> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  if (info.isFile) return [path];
  const files: string[] = [];
  for await (const entry of Deno.readDir(path)) {
    if (entry.name === "__pycache__") continue;
    files.push(...await filesUnder(join(path, entry.name)));
  }
  return files;
}

let shared: Promise<Uint8Array<ArrayBuffer>> | undefined;

/** The bytes every digest starts with: each shared input's path and content. */
function sharedInputs(): Promise<Uint8Array<ArrayBuffer>> {
  shared ??= (async () => {
    const files = (await Promise.all(RUN_INPUTS.map((path) => filesUnder(join(REPO, path)))))
      .flat().sort();
    const parts: Uint8Array[] = [];
    const encoder = new TextEncoder();
    for (const file of files) {
      parts.push(encoder.encode(`\0${relative(REPO, file)}\0`), await Deno.readFile(file));
    }
    return concat(parts);
  })();
  return shared;
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const all = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}

/**
 * The digest of one notebook's run: hex SHA-256 of the shared inputs, the
 * notebook's bytes, the nbconvert version and `NOTEBOOK_EPOCHS`.
 */
export async function runDigest(notebook: string, nbconvert: string): Promise<string> {
  const own = new TextEncoder().encode(
    `\0nbconvert ${nbconvert}\0NOTEBOOK_EPOCHS=${Deno.env.get("NOTEBOOK_EPOCHS") ?? ""}\0`,
  );
  const bytes = concat([await sharedInputs(), own, await Deno.readFile(notebook)]);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...hash].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
