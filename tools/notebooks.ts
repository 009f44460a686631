/**
 * `deno task notebooks`: runs every notebook in `notebooks/` headless with the
 * real Deno kernel (nbconvert `--execute`), and writes to the output directory
 * (`out/` by default) the executed notebook, trusted so JupyterLab shows its
 * charts; an HTML page for each, readable offline; and `index.html` linking
 * them with their run times. Installs what is missing first (see
 * `tools/_jupyter.ts`), printing each command it runs.
 *
 * ```sh
 * deno task notebooks                 # all notebooks, into out/
 * deno task notebooks 01 03           # only those whose name contains 01 or 03
 * deno task notebooks --debian        # Debian's nbconvert 6.5 instead of the venv's 7.17
 * deno task notebooks --out /tmp/nb   # another output directory
 * deno task notebooks --jobs 1        # one notebook at a time (default: one per core, up to 2)
 * deno task notebooks --setup         # only install what is missing
 * deno task notebooks --check         # only type-check the notebooks' code
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { basename, join, resolve } from "node:path";
import { ensureTools, htmlExportArgs, KERNEL_NAME, REPO, run } from "./_jupyter.ts";
import { checkNotebooks, codeLines, notebookTitle, readNotebook } from "./_ipynb.ts";
import { runDigest } from "./_inputs.ts";
import {
  addPager,
  firstFinding,
  notebookResults,
  type PageEntry,
  type RunResult,
  startPage,
} from "./_start_page.ts";
import { STRICT_CLAIMS } from "../lib/notebook/claims.ts";

/** Notebooks at once by default: each kernel trains on one core, so one per core, at most two. */
const DEFAULT_JOBS = Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1));

const HELP = `Usage: deno task notebooks [options] [filter...]

Runs notebooks/*.ipynb with the Deno kernel and writes the executed notebooks,
their HTML pages and index.html to the output directory.

Options:
  filter...          run only notebooks whose file name contains one of these
  --out DIR          output directory (default: out)
  --notebooks DIR    directory of the notebooks (default: notebooks/ in the repo)
  --debian           use Debian's nbconvert 6.5 (/usr/bin/python3 -m nbconvert)
  --timeout SECONDS  time limit of one cell (default: 1800)
  --jobs N           notebooks run at once, each with its own kernel
                     (default: one per CPU core, at most 2)
  --setup            only install what is missing (npm cache, venv, kernel spec)
  --check            only type-check the notebooks' code cells (deno check)
  --lines            only count the lines of code each notebook shows its
                     reader (claim cells, folded away, apart)
  -h, --help         show this help
`;

/** One notebook's run, as recorded in `runs.json` beside `index.html`. */
interface RunRecord {
  name: string;
  title: string;
  seconds: number;
  nbconvert: string;
  finished: string;
  /** What the run depended on ({@linkcode runDigest}): the notebooks test reuses a run whose inputs are unchanged. */
  inputs: string;
}

function fail(message: string): never {
  console.error(`error: ${message}`);
  Deno.exit(1);
}

/** The notebooks of `notebooks/`, in order, keeping those matching a filter (all when none). */
async function listNotebooks(dir: string, filters: string[]): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile && entry.name.endsWith(".ipynb")) names.push(entry.name);
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) fail(`no notebooks directory ${dir}`);
    throw error;
  }
  names.sort();
  const chosen = filters.length === 0
    ? names
    : names.filter((name) => filters.some((filter) => name.includes(filter)));
  return chosen.map((name) => join(dir, name));
}

/** The part of nbconvert's output that says which cell failed and how. */
function failureReport(output: string): string {
  const lines = output.split("\n").filter((line) => !/"deno jupyter" is unstable/.test(line));
  const markers = [
    /An error occurred while executing the following cell/,
    /A cell timed out/,
    /DeadKernelError|NoSuchKernel|CellExecutionError/,
  ];
  const start = markers.map((marker) => lines.findIndex((line) => marker.test(line)))
    .find((index) => index >= 0) ?? -1;
  const relevant = start >= 0 ? lines.slice(start) : lines.slice(-40);
  return relevant.slice(0, 80).join("\n").trim();
}

/**
 * Points the page's links to sibling notebooks (`02_x.ipynb`, as Markdown
 * cells write them so they work in JupyterLab) at their HTML pages.
 */
async function linkPages(page: string, names: string[]): Promise<void> {
  const html = await Deno.readTextFile(page);
  const linked = html.replace(
    /href="(\.\/)?([\w-]+)\.ipynb(#[^"]*)?"/g,
    (all, _dot, name: string, hash = "") =>
      names.includes(name) ? `href="${name}.html${hash}"` : all,
  );
  if (linked !== html) await Deno.writeTextFile(page, linked);
}

/** Visible code lines of every notebook of the set at commit 7f0d8d9, which issue 18 asks to cut by 40%. */
const CODE_LINES_BEFORE = 4130;

/**
 * Prints how many lines of code each notebook shows its reader, and how many
 * its folded claim cells hold (see `codeLines` in `_ipynb.ts`); warns about
 * cells that check claims in plain view.
 */
async function printCodeLines(notebooks: string[]): Promise<void> {
  let visible = 0;
  let folded = 0;
  console.log("Code lines a reader sees (folded claim cells apart):");
  for (const path of notebooks) {
    const counts = codeLines(await readNotebook(path));
    visible += counts.visible;
    folded += counts.folded;
    const unfolded = counts.unfoldedClaims.length === 0
      ? ""
      : `  (claim( in plain view: cells ${counts.unfoldedClaims.map((i) => i + 1).join(", ")})`;
    console.log(
      `  ${String(counts.visible).padStart(5)} visible ${
        String(counts.folded).padStart(5)
      } folded  ${basename(path, ".ipynb")}${unfolded}`,
    );
  }
  console.log(
    `  ${String(visible).padStart(5)} visible ${String(folded).padStart(5)} folded  in all`,
  );
  if (notebooks.length >= 14) {
    const change = (1 - visible / CODE_LINES_BEFORE) * 100;
    console.log(
      `  ${change.toFixed(0)}% fewer visible lines than the ${CODE_LINES_BEFORE} of commit 7f0d8d9`,
    );
  }
}

async function readRuns(path: string): Promise<Record<string, RunRecord>> {
  try {
    return JSON.parse(await Deno.readTextFile(path));
  } catch {
    return {};
  }
}

/**
 * Writes `index.html`, the start page (see `_start_page.ts`), from the pages
 * that exist in `out` and the executed notebooks beside them, and puts
 * previous/next links on every notebook page.
 */
async function writeIndex(
  out: string,
  runs: Record<string, RunRecord>,
  titles: Map<string, string>,
): Promise<void> {
  const entries: PageEntry[] = [];
  const results: RunResult[] = [];
  for (const record of Object.values(runs).sort((a, b) => a.name.localeCompare(b.name))) {
    let nb;
    try {
      await Deno.stat(join(out, `${record.name}.html`));
      nb = await readNotebook(join(out, `${record.name}.ipynb`));
    } catch {
      continue; // Its page is gone: leave it out.
    }
    entries.push({
      name: record.name,
      title: record.title,
      finding: firstFinding(nb),
      seconds: record.seconds,
      nbconvert: record.nbconvert,
    });
    results.push(...notebookResults(nb, record.name));
  }
  const extras: [string, string][] = [];
  for (const [page, label] of EXTRA_PAGES) {
    try {
      await Deno.stat(join(out, page));
      extras.push([page, label]);
    } catch {
      // Not written by this run.
    }
  }
  await Deno.writeTextFile(join(out, "index.html"), startPage(entries, results, { extras }));
  // Previous and next in reading order, among the pages that exist.
  const pages = entries.map((e) => ({ name: e.name, title: titles.get(e.name) ?? e.title }));
  for (const [i, page] of pages.entries()) {
    const path = join(out, `${page.name}.html`);
    const html = await Deno.readTextFile(path);
    const paged = addPager(html, pages[i - 1], pages[i + 1]);
    if (paged !== html) await Deno.writeTextFile(path, paged);
  }
}

/** Pages other tools may write into the output directory, linked from the start page when present. */
const EXTRA_PAGES: [string, string][] = [["explore.html", "Explore: train the model in the page"]];

async function main(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: "string", default: "out" },
      notebooks: { type: "string", default: join(REPO, "notebooks") },
      debian: { type: "boolean", default: false },
      timeout: { type: "string", default: "1800" },
      jobs: { type: "string", default: String(DEFAULT_JOBS) },
      setup: { type: "boolean", default: false },
      check: { type: "boolean", default: false },
      lines: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const timeout = Number(values.timeout);
  if (!Number.isInteger(timeout) || timeout <= 0) {
    fail(`--timeout must be a positive whole number of seconds, got ${values.timeout}`);
  }
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs <= 0) {
    fail(`--jobs must be a positive whole number, got ${values.jobs}`);
  }
  if (values.setup) {
    try {
      await ensureTools({ debian: values.debian });
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
    console.log("Setup done: the notebooks can run.");
    return;
  }
  const notebooks = await listNotebooks(resolve(Deno.cwd(), values.notebooks), positionals);
  if (notebooks.length === 0) {
    fail(
      positionals.length > 0
        ? `no notebook in ${values.notebooks} matches ${positionals.join(", ")}`
        : `no notebook in ${values.notebooks}`,
    );
  }

  if (values.lines) {
    await printCodeLines(notebooks);
    return;
  }

  if (values.check) {
    console.log(`Type-checking the code of ${notebooks.length} notebook(s) with deno check`);
    const results = await checkNotebooks(notebooks, join(REPO, "deno.json"));
    for (const result of results) {
      console.log(`${result.ok ? "ok  " : "FAIL"} ${basename(result.notebook)}`);
      if (!result.ok) console.log(result.output.trim());
    }
    if (results.some((result) => !result.ok)) fail("a notebook's code does not type-check");
    return;
  }

  let python: string;
  try {
    python = await ensureTools({ debian: values.debian });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }

  const out = resolve(Deno.cwd(), values.out);
  await Deno.mkdir(out, { recursive: true });
  // In a process of its own: this one loaded the engine's module before ensureTools built
  // `.build/engine.wasm` (on a fresh clone), and the explorer embeds that build.
  const page = await run(
    [
      Deno.execPath(),
      "run",
      "-A",
      join(REPO, "tools", "explore_page.ts"),
      join(out, "explore.html"),
    ],
    { capture: true, quiet: true },
  );
  if (page.code !== 0) fail(`cannot write explore.html:\n${page.stdout}${page.stderr}`);
  const nbconvert = [python, "-m", "nbconvert"];
  const version = (await run([...nbconvert, "--version"], { capture: true, quiet: true })).stdout
    .trim();
  const runsPath = join(out, "runs.json");
  const runs = await readRuns(runsPath);
  console.log(
    `Running ${notebooks.length} notebook(s) with nbconvert ${version} and the "${KERNEL_NAME}" kernel into ${out}`,
  );

  // Every notebook of the directory, run now or not: links between them go to their pages.
  const allNames = (await listNotebooks(resolve(Deno.cwd(), values.notebooks), [])).map((path) =>
    basename(path, ".ipynb")
  );
  const titles = new Map<string, string>();
  for (const name of allNames) {
    const path = join(resolve(Deno.cwd(), values.notebooks), `${name}.ipynb`);
    titles.set(name, notebookTitle(await readNotebook(path), name));
  }
  // A shortened run (NOTEBOOK_EPOCHS) is not the run the prose describes: its claims only print.
  const strict = (name: string): Record<string, string> =>
    Deno.env.get("NOTEBOOK_EPOCHS") === undefined ? { [STRICT_CLAIMS]: `${name}.ipynb` } : {};
  const total = performance.now();
  let writing = Promise.resolve();
  /** Runs one notebook; returns why it failed, or `undefined`. */
  const runOne = async (path: string): Promise<string | undefined> => {
    const name = basename(path, ".ipynb");
    console.log(`\n== ${name}`);
    const inputs = await runDigest(path, version);
    const executed = await run([
      ...nbconvert,
      "--to",
      "notebook",
      "--execute",
      `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`,
      `--ExecutePreprocessor.timeout=${timeout}`,
      "--output-dir",
      out,
      "--output",
      name,
      path,
    ], { capture: true, env: { NO_COLOR: "1", ...strict(name) } });
    if (executed.code !== 0) {
      return `${failureReport(executed.stdout + executed.stderr)}\n` +
        `notebook ${name}.ipynb failed after ${executed.seconds.toFixed(1)} s (see above)`;
    }
    console.log(`${name}: executed in ${executed.seconds.toFixed(1)} s`);

    const ipynb = join(out, `${name}.ipynb`);
    const trusted = await run([python, "-m", "nbformat.sign", ipynb], { capture: true });
    if (trusted.code !== 0) return `cannot trust ${ipynb}:\n${trusted.stderr.trim()}`;

    const html = await run([...nbconvert, ...htmlExportArgs(out, [ipynb], name)], {
      capture: true,
    });
    if (html.code !== 0) {
      return `cannot export ${name}.ipynb to HTML:\n${failureReport(html.stdout + html.stderr)}`;
    }
    await linkPages(join(out, `${name}.html`), allNames);

    runs[name] = {
      name,
      title: notebookTitle(await readNotebook(ipynb), name),
      seconds: Math.round(executed.seconds * 10) / 10,
      nbconvert: version,
      finished: new Date().toISOString(),
      inputs,
    };
    // One write at a time, even with several jobs.
    writing = writing.then(async () => {
      await Deno.writeTextFile(runsPath, JSON.stringify(runs, null, 2) + "\n");
      await writeIndex(out, runs, titles);
    });
    await writing;
  };

  // `jobs` workers take the notebooks in order; after a failure no new one starts.
  const queue = [...notebooks];
  const failures: string[] = [];
  const worker = async () => {
    while (queue.length > 0 && failures.length === 0) {
      const failure = await runOne(queue.shift()!);
      if (failure !== undefined) failures.push(failure);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, notebooks.length) }, worker));
  if (failures.length > 0) {
    for (const failure of failures.slice(0, -1)) console.error(failure);
    fail(failures.at(-1)!);
  }

  console.log(`\nTimes (nbconvert ${version}):`);
  for (const path of notebooks) {
    const name = basename(path, ".ipynb");
    console.log(`  ${runs[name].seconds.toFixed(1).padStart(7)} s  ${name}`);
  }
  console.log();
  await printCodeLines(notebooks);
  console.log(
    `All ${notebooks.length} notebook(s) ran in ${
      ((performance.now() - total) / 1000).toFixed(1)
    } s; open ${join(out, "index.html")}`,
  );
}

if (import.meta.main) await main(Deno.args);
