/**
 * A real JupyterLab (the venv's) for the tests: served on 127.0.0.1 with a
 * random token, over a directory the test owns, with its own settings,
 * workspaces and runtime directories so it neither reads nor changes the
 * user's, and with no news or update checks (nothing goes off the machine).
 * Notebook windowing is off, so every cell is in the page, not only those in
 * view; the app is exposed as `window.jupyterapp`, so a test can edit a cell
 * as a reader would type it.
 *
 * @module
 */
import { join } from "node:path";
import { VENV_PYTHON } from "../../tools/_jupyter.ts";

/** A running JupyterLab; `close()` shuts it and its kernels down. */
export interface JupyterLab {
  /** Base URL, like `http://127.0.0.1:8899`. */
  url: string;
  token: string;
  /** The URL that opens `path` (relative to the root) in JupyterLab, token included. */
  open(path: string): string;
  /** The server's log so far. */
  log(): Promise<string>;
  /** Shuts down every kernel the server runs (as Kernel → Shut Down would). */
  shutdownKernels(): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@linkcode startJupyterLab}. */
export interface JupyterLabOptions {
  /** How long to wait for it to start, in milliseconds; defaults to 90,000. */
  timeoutMs?: number;
  /** Extra environment variables of the server, and so of its kernels. */
  env?: Record<string, string>;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await Deno.mkdir(join(path, ".."), { recursive: true });
  await Deno.writeTextFile(path, JSON.stringify(value, null, 2));
}

/**
 * Starts the venv's JupyterLab over `root` and waits until it answers.
 *
 * @param root The directory JupyterLab serves (its file browser's root).
 * @param options `timeoutMs` (90 s), `env`.
 */
export async function startJupyterLab(
  root: string,
  options: JupyterLabOptions = {},
): Promise<JupyterLab> {
  const { timeoutMs = 90_000, env = {} } = options;
  const home = await Deno.makeTempDir({ prefix: "jupyterlab_home_" });
  const settings = join(home, "settings");
  await writeJson(
    join(settings, "@jupyterlab/apputils-extension/notification.jupyterlab-settings"),
    {
      fetchNews: "false",
      checkForUpdates: false,
    },
  );
  await writeJson(join(settings, "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings"), {
    autosave: false,
  });
  await writeJson(join(settings, "@jupyterlab/notebook-extension/tracker.jupyterlab-settings"), {
    windowingMode: "none",
  });
  const port = freePort();
  const token = crypto.randomUUID().replaceAll("-", "");
  const url = `http://127.0.0.1:${port}`;
  const logPath = join(home, "server.log");
  await Deno.writeTextFile(logPath, "");
  const child = new Deno.Command(VENV_PYTHON, {
    args: [
      "-m",
      "jupyterlab",
      "--no-browser",
      "--allow-root",
      "--ServerApp.ip=127.0.0.1",
      `--ServerApp.port=${port}`,
      "--ServerApp.port_retries=0",
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${root}`,
      "--LabApp.news_url=",
      "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
      "--LabApp.expose_app_in_browser=True",
    ],
    cwd: root,
    env: {
      JUPYTERLAB_SETTINGS_DIR: settings,
      JUPYTERLAB_WORKSPACES_DIR: join(home, "workspaces"),
      JUPYTER_RUNTIME_DIR: join(home, "runtime"),
      JUPYTER_CONFIG_DIR: join(home, "config"),
      NO_COLOR: "1",
      ...env,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Both streams go to the log file.
  const pumps = [child.stdout, child.stderr].map(async (stream) => {
    for await (const chunk of stream) await Deno.writeFile(logPath, chunk, { append: true });
  });

  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const log = () => Deno.readTextFile(logPath).catch(() => "");
  const close = async () => {
    if (!exited) {
      await fetch(`${url}/api/shutdown`, {
        method: "POST",
        headers: { Authorization: `token ${token}` },
      }).then((r) => r.body?.cancel()).catch(() => {});
      const timer = setTimeout(() => {
        if (!exited) child.kill("SIGKILL");
      }, 15_000);
      await status;
      clearTimeout(timer);
    }
    await Promise.all(pumps).catch(() => {});
    await Deno.remove(home, { recursive: true }).catch(() => {});
  };

  const deadline = Date.now() + timeoutMs;
  while (true) {
    if (exited) {
      const text = await log();
      await close();
      throw new Error(`JupyterLab exited before it answered; its log:\n${text}`);
    }
    try {
      const response = await fetch(`${url}/api/status`, {
        headers: { Authorization: `token ${token}` },
      });
      await response.body?.cancel();
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      const text = await log();
      await close();
      throw new Error(`JupyterLab did not answer within ${timeoutMs} ms; its log:\n${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  return {
    url,
    token,
    open: (path: string) =>
      `${url}/lab/tree/${path.split("/").map(encodeURIComponent).join("/")}?token=${token}`,
    log,
    async shutdownKernels() {
      const headers = { Authorization: `token ${token}` };
      const kernels: { id: string }[] = await (await fetch(`${url}/api/kernels`, { headers }))
        .json();
      for (const { id } of kernels) {
        await fetch(`${url}/api/kernels/${id}`, { method: "DELETE", headers })
          .then((r) => r.body?.cancel());
      }
    },
    close,
  };
}
