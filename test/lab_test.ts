/**
 * `deno task lab`: sets up, serves the repository in JupyterLab with a token,
 * and prints a URL that opens notebook 1; Ctrl+C (SIGINT) stops it.
 */
import assert from "node:assert/strict";
import { REPO } from "../tools/_jupyter.ts";
import { assertSetUp } from "../tools/setup.ts";

await assertSetUp();

/** This file's tests start a server that outlives a single await. */
const options = { sanitizeOps: false, sanitizeResources: false };

function lab(args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["task", "lab", ...args],
    cwd: REPO,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

Deno.test({
  name: "deno task lab prints a URL with a token that opens notebook 1, and stops on SIGINT",
  ...options,
  async fn() {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    listener.close();
    const child = lab(["--port", String(port)]);
    const stderr = new Response(child.stderr).text();
    let printed = "";
    let url: URL | undefined;
    const decoder = new TextDecoder();
    const reader = child.stdout.getReader();
    try {
      const deadline = Date.now() + 180_000;
      while (url === undefined && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        printed += decoder.decode(value, { stream: true });
        const match = /(http:\/\/127\.0\.0\.1:\d+\/lab\/tree\/\S+\?token=\w+)/.exec(printed);
        if (match) url = new URL(match[1]);
      }
      assert.ok(url, `no URL printed:\n${printed}`);
      assert.equal(url.port, String(port));
      assert.equal(url.pathname, "/lab/tree/notebooks/01_blobs_dataset.ipynb");
      const token = url.searchParams.get("token")!;
      assert.match(token, /^[0-9a-f]{48}$/);
      const contents = await fetch(`${url.origin}/api/contents/notebooks?token=${token}`);
      assert.equal(contents.status, 200);
      const names = (await contents.json()).content.map((entry: { name: string }) => entry.name);
      assert.ok(names.includes("01_blobs_dataset.ipynb"), names.join(", "));
      const kernels = await fetch(`${url.origin}/api/kernelspecs?token=${token}`);
      assert.ok(Object.keys((await kernels.json()).kernelspecs).includes("deno"), "Deno kernel");
      const refused = await fetch(`${url.origin}/api/contents/notebooks`);
      await refused.body?.cancel();
      assert.equal(refused.status, 403, "the token is needed");
    } finally {
      reader.releaseLock();
      child.kill("SIGINT");
      await child.stdout.cancel().catch(() => {});
    }
    const status = await child.status;
    await stderr;
    assert.ok(
      status.code === 0 || status.code === 130 || status.signal === "SIGINT",
      `${status.code}`,
    );
  },
});

Deno.test({
  name: "deno task lab rejects a port that is not one, before setting anything up",
  ...options,
  async fn() {
    const { code, stdout, stderr } = await lab(["--port", "0"]).output();
    const output = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
    assert.equal(code, 1);
    assert.match(output, /--port must be a port number from 1 to 65535, got 0/);
    assert.doesNotMatch(output, /Caching the npm packages/);
  },
});
