/**
 * `tools/_ipynb.ts`: how a notebook's code becomes modules for `deno check`,
 * and cells tagged "complete-example" checked as programs of their own.
 */
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { type Notebook, notebookModule, programModules } from "../tools/_ipynb.ts";

const code = (source: string, tags?: string[]) => ({
  cell_type: "code" as const,
  source,
  outputs: [],
  execution_count: null,
  metadata: tags ? { tags } : {},
});

const notebook: Notebook = {
  cells: [
    code('import { tf } from "../lib/mod.ts";\nconst model = tf.sequential();'),
    { cell_type: "markdown", source: "## The whole program", metadata: {} },
    code('import { tf } from "../lib/mod.ts";\nconst model = tf.sequential();', [
      "complete-example",
    ]),
    code("model.summary();", ["claims"]),
  ],
  metadata: {},
  nbformat: 4,
  nbformat_minor: 5,
} as unknown as Notebook;

const lib = pathToFileURL("/repo/lib/mod.ts").href;

Deno.test("notebookModule() joins the code cells but leaves out the complete-example cell", () => {
  const module = notebookModule(notebook, "/repo/notebooks");
  assert.equal(module.split("const model").length - 1, 1, "one declaration of model");
  assert.match(module, /\/\/ cell 1\n/);
  assert.match(module, /\/\/ cell 4\nmodel\.summary\(\);/);
  assert.doesNotMatch(module, /\/\/ cell 3/);
  assert.ok(module.includes(`from "${lib}"`), "relative imports resolved from the notebook");
});

Deno.test("programModules() gives each complete-example cell as a module of its own", () => {
  const programs = programModules(notebook, "/repo/notebooks");
  assert.equal(programs.length, 1);
  assert.match(programs[0], /^\/\/ Cell 3 of a notebook, a program of its own/);
  assert.ok(programs[0].includes(`import { tf } from "${lib}";`));
  assert.match(programs[0], /const model = tf\.sequential\(\);\nexport \{\};\n$/);
  assert.deepEqual(programModules({ ...notebook, cells: notebook.cells.slice(0, 2) }, "/x"), []);
});
