/**
 * Reading Jupyter notebooks (nbformat 4) as plain data: their cells, their
 * outputs, and their code as one TypeScript module that `deno check` can
 * type-check. Used by `tools/notebooks.ts` and the notebook tests.
 *
 * @module
 */
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** A multi-line string as nbformat stores it: one string or a list of lines. */
export type MultilineString = string | string[];

/** One output of a code cell. */
export interface Output {
  output_type: "stream" | "display_data" | "execute_result" | "error" | "update_display_data";
  /** `stdout` or `stderr`, for a stream. */
  name?: string;
  /** The text of a stream. */
  text?: MultilineString;
  /** MIME bundle of a display or result. */
  data?: Record<string, MultilineString | object>;
  metadata?: Record<string, unknown>;
  /** Error name, value and traceback, for an error. */
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** One cell. */
export interface Cell {
  cell_type: "code" | "markdown" | "raw";
  source: MultilineString;
  outputs?: Output[];
  execution_count?: number | null;
  metadata?: Record<string, unknown>;
}

/** A notebook, as saved. */
export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown> & {
    kernelspec?: { name?: string; display_name?: string; language?: string };
  };
  nbformat: number;
  nbformat_minor: number;
}

/** Joins nbformat's multi-line string into one string. */
export function text(value: MultilineString | object | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.join("");
  return JSON.stringify(value);
}

/** Reads and parses a notebook file. */
export async function readNotebook(path: string): Promise<Notebook> {
  const nb = JSON.parse(await Deno.readTextFile(path)) as Notebook;
  if (!Array.isArray(nb.cells)) {
    throw new TypeError(`Cannot read notebook: ${path} has no cells array`);
  }
  return nb;
}

/** The title of a notebook: the text of its first Markdown `# heading`, else `fallback`. */
export function notebookTitle(nb: Notebook, fallback: string): string {
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    const match = /^#\s+(.+)$/m.exec(text(cell.source));
    if (match) return match[1].trim();
  }
  return fallback;
}

/** The text of every output a reader sees as text: streams and `text/plain` of displays and results. */
export function outputTexts(nb: Notebook): string[] {
  const texts: string[] = [];
  for (const cell of nb.cells) {
    for (const output of cell.outputs ?? []) {
      if (output.output_type === "stream") texts.push(text(output.text));
      else if (output.data?.["text/plain"] !== undefined) {
        texts.push(text(output.data["text/plain"]));
      }
    }
  }
  return texts;
}

/** Every `image/svg+xml` output of a notebook, in order. */
export function svgOutputs(nb: Notebook): string[] {
  const svgs: string[] = [];
  for (const cell of nb.cells) {
    for (const output of cell.outputs ?? []) {
      const svg = output.data?.["image/svg+xml"];
      if (svg !== undefined) svgs.push(text(svg));
    }
  }
  return svgs;
}

/** The tag of a cell whose job is checking claims; see {@linkcode isFolded}. */
export const CLAIMS_TAG = "claims";

/** Whether a code cell calls `claim(`: a cell that checks claims. */
export function checksClaims(cell: Cell): boolean {
  return cell.cell_type === "code" && /\bclaim\(/.test(text(cell.source));
}

/**
 * Whether a cell's code is folded away from the reader: tagged `claims`, or
 * with `jupyter.source_hidden` set (JupyterLab collapses such a cell's code;
 * the HTML template puts it in a closed `<details>`).
 */
export function isFolded(cell: Cell): boolean {
  const metadata = cell.metadata ?? {};
  const tags = Array.isArray(metadata.tags) ? metadata.tags : [];
  const jupyter = (metadata.jupyter ?? {}) as { source_hidden?: unknown };
  return tags.includes(CLAIMS_TAG) || jupyter.source_hidden === true;
}

/** How many lines of code a notebook shows, and how many it folds away. */
export interface CodeLines {
  /** Lines of the code cells a reader sees, as written (blank lines too). */
  visible: number;
  /** Lines of the folded code cells (see {@linkcode isFolded}). */
  folded: number;
  /** Indexes (0-based) of the cells that call `claim(` but are not folded. */
  unfoldedClaims: number[];
}

/**
 * Counts the lines of code a notebook shows its reader: every line of every
 * code cell that is not folded (see {@linkcode isFolded}), blank lines
 * included, as the issue that set the 40% target counted them (4,130 lines
 * in all fourteen notebooks at commit 7f0d8d9).
 *
 * @param nb The notebook.
 * @returns The visible and folded line counts, and the claim cells left visible.
 */
export function codeLines(nb: Notebook): CodeLines {
  const counts: CodeLines = { visible: 0, folded: 0, unfoldedClaims: [] };
  nb.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const lines = text(cell.source).split("\n").length;
    if (isFolded(cell)) counts.folded += lines;
    else {
      counts.visible += lines;
      if (checksClaims(cell)) counts.unfoldedClaims.push(index);
    }
  });
  return counts;
}

/** A module specifier that is a relative path (`./x.ts`, `../lib/mod.ts`). */
const RELATIVE_IMPORT =
  /(\bfrom\s*|\bimport\s*\(?\s*|\bexport\s*\*\s*from\s*)(["'])(\.\.?\/[^"']*)\2/g;

/**
 * The code cells of a notebook as one TypeScript module, for `deno check`.
 * Relative imports (`../lib/mod.ts`) are rewritten to `file:` URLs resolved
 * from `notebookDir`, so the module type-checks from any directory; each cell
 * is preceded by a `// cell N` comment so an error can be traced back. A cell
 * tagged {@linkcode PROGRAM_TAG} is left out: it is a program of its own,
 * which {@linkcode programModules} checks alone.
 *
 * @param nb The notebook.
 * @param notebookDir The directory the notebook lives in (its kernel's working directory).
 * @returns The module's source.
 */
export function notebookModule(nb: Notebook, notebookDir: string): string {
  const parts: string[] = [
    "// Code cells of a notebook, joined for type-checking. Generated; do not edit.",
  ];
  nb.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code" || isProgram(cell)) return;
    parts.push(`// cell ${index + 1}`, absoluteImports(text(cell.source), notebookDir) + ";");
  });
  parts.push("export {};");
  return parts.join("\n") + "\n";
}

/**
 * The tag of a code cell that is a whole program, meant to be copied into an
 * empty notebook and run alone (notebook 2's "complete example"): it declares
 * again what the cells before it declared, so it is type-checked on its own.
 */
export const PROGRAM_TAG = "complete-example";

/** Whether a cell carries {@linkcode PROGRAM_TAG}. */
export function isProgram(cell: Cell): boolean {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags) && tags.includes(PROGRAM_TAG);
}

/**
 * Each code cell tagged {@linkcode PROGRAM_TAG} as a module of its own, for
 * `deno check`, with relative imports resolved as {@linkcode notebookModule}
 * resolves them.
 *
 * @param nb The notebook.
 * @param notebookDir The directory the notebook lives in.
 * @returns One module source per tagged cell, in order.
 */
export function programModules(nb: Notebook, notebookDir: string): string[] {
  return nb.cells.flatMap((cell, index) =>
    cell.cell_type === "code" && isProgram(cell)
      ? [
        `// Cell ${index + 1} of a notebook, a program of its own. Generated; do not edit.\n` +
        `${absoluteImports(text(cell.source), notebookDir)}\nexport {};\n`,
      ]
      : []
  );
}

/** A cell's source with relative imports turned into `file:` URLs resolved from `notebookDir`. */
function absoluteImports(source: string, notebookDir: string): string {
  return source.replace(
    RELATIVE_IMPORT,
    (_all, head: string, quote: string, path: string) =>
      `${head}${quote}${pathToFileURL(resolve(notebookDir, path)).href}${quote}`,
  ).trimEnd();
}

/** What {@linkcode checkNotebooks} found for one notebook. */
export interface CheckResult {
  notebook: string;
  ok: boolean;
  /** `deno check` output (errors), empty when `ok`. */
  output: string;
}

/**
 * Type-checks the code of each notebook with `deno check`, using the repo's
 * `deno.json` (import map, compiler options): each notebook's code cells are
 * joined by {@linkcode notebookModule} into a temporary `.ts` file (and each
 * program cell, {@linkcode programModules}, into one of its own), and all
 * are checked in one `deno check` run. A notebook fails when an error names
 * one of its files, or every notebook does when the errors name none of them.
 *
 * @param notebooks Paths of the notebooks.
 * @param config Path of the `deno.json` to check with.
 * @returns One result per notebook.
 */
export async function checkNotebooks(notebooks: string[], config: string): Promise<CheckResult[]> {
  const dir = await Deno.makeTempDir({ prefix: "notebook_check_" });
  try {
    const files: string[] = [];
    /** The files of each notebook: its module, then one per program cell. */
    const filesOf: string[][] = [];
    for (const path of notebooks) {
      const nb = await readNotebook(path);
      const name = path.split("/").pop()!.replace(/\.ipynb$/, "");
      const notebookDir = dirname(resolve(path));
      const own = [join(dir, `${name}.ts`)];
      await Deno.writeTextFile(own[0], notebookModule(nb, notebookDir));
      for (const [i, program] of programModules(nb, notebookDir).entries()) {
        own.push(join(dir, `${name}.program_${i + 1}.ts`));
        await Deno.writeTextFile(own.at(-1)!, program);
      }
      files.push(...own);
      filesOf.push(own);
    }
    const check = async (targets: string[]) => {
      const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
        args: ["check", "--quiet", "--config", config, ...targets],
        env: { NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const decoder = new TextDecoder();
      return { ok: code === 0, output: decoder.decode(stdout) + decoder.decode(stderr) };
    };
    const { ok, output } = await check(files);
    if (ok) return notebooks.map((notebook) => ({ notebook, ok: true, output: "" }));
    // Errors name the file they are in; an error elsewhere (in lib) fails them all.
    const named = files.filter((file) => output.includes(file));
    return notebooks.map((notebook, i) => {
      const failed = named.length === 0 || filesOf[i].some((file) => named.includes(file));
      return { notebook, ok: !failed, output: failed ? output : "" };
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
