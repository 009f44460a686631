/**
 * `deno task lab`: opens the notebooks in JupyterLab, the way the notebooks
 * are meant to be read and changed. Installs what is missing first, as
 * `deno task notebooks` does (npm cache, fitSeeds' WebAssembly engine, the
 * venv's pinned JupyterLab, the Deno kernel spec; see `tools/_jupyter.ts`),
 * then serves the repository on 127.0.0.1 with a fresh token and prints the
 * URL that opens notebook 1. Ctrl+C stops it.
 *
 * ```sh
 * deno task lab                 # http://127.0.0.1:8888/lab/tree/notebooks/01_….ipynb?token=…
 * deno task lab --port 9000     # another port
 * deno task lab --ip 0.0.0.0    # reachable from other machines (a container's host)
 * deno task lab --browser       # also open it in the default browser
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { ensureTools, REPO, VENV_PYTHON } from "./_jupyter.ts";

const HELP = `Usage: deno task lab [options]

Installs what the notebooks need (if missing) and opens them in JupyterLab.

Options:
  --port N       first port to try (default: 8888; the next free one is used)
  --ip ADDR      address to listen on (default: 127.0.0.1)
  --browser      open JupyterLab in the default browser too
  -h, --help     show this help
`;

function fail(message: string): never {
  console.error(`error: ${message}`);
  Deno.exit(1);
}

/** The first port from `start` on that nothing listens on, trying ten. */
function freePort(ip: string, start: number): number {
  for (let port = start; port < start + 10; port++) {
    try {
      Deno.listen({ hostname: ip, port }).close();
      return port;
    } catch (error) {
      if (!(error instanceof Deno.errors.AddrInUse)) throw error;
    }
  }
  fail(`ports ${start} to ${start + 9} are all in use; choose another with --port`);
}

/** Waits until the server answers with this token, or its process ends. */
async function ready(url: string, token: string, exited: () => boolean): Promise<boolean> {
  for (let i = 0; i < 300 && !exited(); i++) {
    try {
      const response = await fetch(`${url}/api/status`, {
        headers: { Authorization: `token ${token}` },
      });
      await response.body?.cancel();
      if (response.ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string", default: "8888" },
      ip: { type: "string", default: "127.0.0.1" },
      browser: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const first = Number(values.port);
  if (!Number.isInteger(first) || first < 1 || first > 65535) {
    fail(`--port must be a port number from 1 to 65535, got ${values.port}`);
  }
  try {
    await ensureTools();
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const port = freePort(values.ip, first);
  const token = Array.from(crypto.getRandomValues(new Uint8Array(24)))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  const host = values.ip === "0.0.0.0" ? "127.0.0.1" : values.ip;
  const url = `http://${host}:${port}`;
  const child = new Deno.Command(VENV_PYTHON, {
    args: [
      "-m",
      "jupyterlab",
      ...(values.browser ? [] : ["--no-browser"]),
      `--ServerApp.ip=${values.ip}`,
      `--ServerApp.port=${port}`,
      "--ServerApp.port_retries=0",
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${REPO}`,
      `--LabApp.default_url=/lab/tree/notebooks`,
      ...(Deno.uid?.() === 0 ? ["--allow-root"] : []),
    ],
    cwd: REPO,
    env: { NO_COLOR: "1" },
    stdin: "null",
  }).spawn();
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const stop = () => {
    if (!exited) child.kill("SIGINT");
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  if (await ready(url, token, () => exited)) {
    const first = join("notebooks", "01_blobs_dataset.ipynb");
    console.log(
      `\nJupyterLab is serving ${REPO}. Open the notebooks at\n\n  ${url}/lab/tree/${first}?token=${token}\n\n` +
        "Run a notebook with Run → Run All Cells; each runs on the Deno kernel.\n" +
        "Stop JupyterLab with Ctrl+C.\n",
    );
  }
  const { code } = await status;
  if (code !== 0 && code !== 130) fail(`JupyterLab stopped with exit code ${code}`);
}

if (import.meta.main) await main(Deno.args);
