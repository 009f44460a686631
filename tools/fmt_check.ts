/**
 * `deno task fmt:check`: `deno fmt --check`, with the notebooks checked by
 * formatting a copy of each and comparing bytes.
 *
 * Deno 2.9.6's `deno fmt --check` reports every notebook with a Markdown cell
 * as "not formatted" when its format cache is empty (a fresh clone or
 * machine): it checks each Markdown cell with a final newline that nbformat
 * does not store, although `deno fmt` itself then writes the file unchanged.
 * So the notebooks count as formatted when `deno fmt` leaves a copy of them
 * byte for byte the same.
 *
 * @module
 */
import { basename, join } from "node:path";
import { REPO } from "./_jupyter.ts";

const NOTEBOOKS = join(REPO, "notebooks");

async function deno(args: string[], cwd = REPO): Promise<{ code: number; output: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder();
  return { code, output: text.decode(stdout) + text.decode(stderr) };
}

// `--ignore` replaces deno.json's own `fmt.exclude`, so it lists both.
const config = JSON.parse(await Deno.readTextFile(join(REPO, "deno.json")));
const ignore = [...(config.fmt?.exclude ?? []), "notebooks/"].join(",");
const others = await deno(["fmt", "--check", `--ignore=${ignore}`]);
if (others.code !== 0) console.error(others.output.trim());

const copy = await Deno.makeTempDir({ prefix: "fmt_check_" });
const notebooks = [...Deno.readDirSync(NOTEBOOKS)].filter((entry) => entry.name.endsWith(".ipynb"))
  .map((entry) => join(NOTEBOOKS, entry.name));
for (const path of notebooks) await Deno.copyFile(path, join(copy, basename(path)));
await Deno.copyFile(join(REPO, "deno.json"), join(copy, "deno.json"));
const formatted = await deno(["fmt", "--config", join(copy, "deno.json"), copy], copy);
const unformatted: string[] = [];
for (const path of notebooks) {
  const mine = await Deno.readFile(path);
  const theirs = await Deno.readFile(join(copy, basename(path)));
  if (mine.length !== theirs.length || mine.some((byte, i) => byte !== theirs[i])) {
    unformatted.push(basename(path));
  }
}
await Deno.remove(copy, { recursive: true });
if (formatted.code !== 0) console.error(formatted.output.trim());
if (unformatted.length > 0) {
  console.error(
    `Not formatted (run deno fmt): ${unformatted.map((n) => `notebooks/${n}`).join(", ")}`,
  );
}
if (others.code !== 0 || formatted.code !== 0 || unformatted.length > 0) Deno.exit(1);
console.log(`Formatted: the code, and ${notebooks.length} notebooks (formatted copies unchanged)`);
