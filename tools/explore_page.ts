/**
 * `out/explore.html`: the explorer as a page of its own, whose URL hash holds
 * the setting (`explore.html#batch=8&lr=0.01…`), so that a link shares it.
 * `deno task notebooks` writes it beside `index.html`, which links to it; by
 * hand:
 *
 * ```sh
 * deno run -A tools/explore_page.ts out/explore.html
 * ```
 *
 * @module
 */
import { explorer } from "../lib/explorer/mod.ts";

/** The explorer page, a complete HTML document that reads nothing from a file or the network. */
export async function explorePage(): Promise<string> {
  const ex = await explorer({ hash: true, title: "Train the tutorial's model live" });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Explore batch size: train the tutorial's model live</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
</style>
</head>
<body>
<h1>Explore batch size</h1>
<p>The tutorial's model (2 inputs, 50 ReLU units, 3 classes, SGD with momentum) trained in this page
from seeds 0, 1, 2, … with the engine of <code>fitSeeds</code>: for the same setting, the numbers are
the notebooks'. Change a setting and the seeds train again; the page's address keeps the setting, so a
link shares it. <a href="index.html">All notebooks</a>.</p>
${ex.html}
</body>
</html>
`;
}

if (import.meta.main) {
  const path = Deno.args[0] ?? "out/explore.html";
  await Deno.writeTextFile(path, await explorePage());
  console.log(`Wrote ${path}`);
}
