/**
 * `deno task test:unit`: the fast test loop. Runs every test file of `test/`
 * but the slow ones below, and the JSDoc examples of `lib/`, with no browser,
 * no JupyterLab and no notebook run, so it needs no `deno task setup` of
 * Chromium or nbconvert (without the built WebAssembly engine, `fitSeeds`
 * runs its JavaScript engine). `deno task test` runs everything.
 *
 * The slow files are named here, each with what it needs, rather than passed
 * to `deno test --ignore`: Deno 2.9.6 applies `--ignore` to the first path
 * given only (`deno test --ignore=test/x_test.ts lib/ test/` still runs
 * `test/x_test.ts`). Extra arguments go to `deno test`, e.g.
 * `deno task test:unit --filter fitModel`.
 *
 * @module
 */
import { join, relative } from "node:path";
import { REPO, run } from "./_jupyter.ts";

/** The test files left out, each with what it needs that the fast loop does not have. */
export const SLOW_TESTS: Readonly<Record<string, string>> = {
  "test/notebooks_test.ts": "runs every notebook in the kernel, exports HTML, opens it in Chromium",
  "test/jupyterlab_test.ts": "drives a real JupyterLab in Chromium",
  "test/setup_test.ts": "checks that deno task setup installed Chromium and nbconvert",
  "test/notebook/iopub_test.ts": "runs a notebook in the Deno kernel",
  "test/notebook/claims_notebook_test.ts": "runs a notebook in the Deno kernel",
  "test/notebook/late_output_test.ts": "runs a notebook in the Deno kernel",
  "test/notebooks_complete_example_test.ts":
    "runs notebook 2's complete example in the Deno kernel",
  "test/lab_test.ts": "starts JupyterLab (deno task lab)",
  "test/explorer/explorer_test.ts": "opens the explorer's page in Chromium",
};

/** Every `*_test.ts` below `dir`, as paths relative to the repository, sorted. */
async function testFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) files.push(...await testFiles(path));
    else if (entry.name.endsWith("_test.ts")) files.push(relative(REPO, path));
  }
  return files.sort();
}

if (import.meta.main) {
  const all = await testFiles(join(REPO, "test"));
  const gone = Object.keys(SLOW_TESTS).filter((file) => !all.includes(file));
  if (gone.length > 0) {
    console.error(
      `error: tools/test_unit.ts names slow tests that do not exist: ${gone.join(", ")}`,
    );
    Deno.exit(1);
  }
  const unit = all.filter((file) => !(file in SLOW_TESTS));
  const args = ["test", "-A", "--parallel", "--doc", ...Deno.args, "lib/", ...unit];
  const { code } = await run([Deno.execPath(), ...args], { cwd: REPO });
  Deno.exit(code);
}
