/**
 * The Jupyter tools the notebooks run with, and the code that installs them:
 * the npm packages in Deno's cache, the Deno kernel spec, and a venv (`.venv/`
 * in the repo, ignored by git) with pinned JupyterLab, nbconvert and nbclient.
 * Used by `tools/notebooks.ts` (and so by `.ci/run`) and the notebook tests.
 *
 * @module
 */
import { join } from "node:path";
import { ensureEngine } from "./build_wasm.ts";
import { ensureExplorerScripts } from "./build_explorer.ts";

/** The repository's root directory. */
export const REPO: string = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
/** The venv holding the pinned Jupyter tools. */
export const VENV: string = join(REPO, ".venv");
/** The venv's Python. */
export const VENV_PYTHON: string = join(VENV, "bin", "python");
/** Debian's Python, whose `python3-nbconvert` is nbconvert 6.5. */
export const DEBIAN_PYTHON = "/usr/bin/python3";
/** Name of the Deno kernel spec (`deno jupyter --install` names it so). */
export const KERNEL_NAME = "deno";
/** Directory of the repo's nbconvert templates. */
export const TEMPLATE_DIR: string = join(REPO, "tools", "nbconvert");
/** The HTML template: JupyterLab's, offline, keeping SVG and HTML outputs. */
export const TEMPLATE = "lab_offline";

/**
 * The arguments that make nbconvert export notebooks to HTML with the
 * repository's template, after `python -m nbconvert`.
 *
 * @param outDir Where the pages go.
 * @param notebooks The executed notebooks to export.
 * @param output The page's base name, for a single notebook; defaults to the notebook's.
 */
export function htmlExportArgs(outDir: string, notebooks: string[], output?: string): string[] {
  return [
    "--to",
    "html",
    "--template",
    TEMPLATE,
    `--TemplateExporter.extra_template_basedirs=${TEMPLATE_DIR}`,
    "--output-dir",
    outDir,
    ...(output === undefined ? [] : ["--output", output]),
    ...notebooks,
  ];
}

/** The Jupyter packages installed into the venv, with the version each is pinned to. */
export const PINS: Readonly<Record<string, string>> = {
  jupyterlab: "4.6",
  nbconvert: "7.17",
  nbclient: "0.11",
};

/** `pip install` arguments for {@linkcode PINS}: `jupyterlab==4.6.*`, ... */
export function pipSpecs(): string[] {
  return Object.entries(PINS).map(([name, version]) => `${name}==${version}.*`);
}

/** Quotes a word for a POSIX shell when it needs it, so printed commands can be pasted. */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./*-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Options of {@linkcode run}. */
export interface RunOptions {
  /** Working directory; defaults to the repo. */
  cwd?: string;
  /** Capture stdout and stderr instead of passing them through; defaults to false. */
  capture?: boolean;
  /** Do not print the command; defaults to false. */
  quiet?: boolean;
  /** Extra environment variables. */
  env?: Record<string, string>;
}

/** What {@linkcode run} returns. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/**
 * Runs a command, printing it first (`$ cmd args`), and returns its exit
 * code, its output (when captured) and how long it took. A command that
 * cannot start (not found) is exit code 127.
 */
export async function run(cmd: string[], options: RunOptions = {}): Promise<RunResult> {
  const { cwd = REPO, capture = false, quiet = false, env } = options;
  if (!quiet) console.log(`$ ${cmd.map(shellQuote).join(" ")}`);
  const start = performance.now();
  try {
    const output = await new Deno.Command(cmd[0], {
      args: cmd.slice(1),
      cwd,
      env,
      stdin: "null",
      stdout: capture ? "piped" : "inherit",
      stderr: capture ? "piped" : "inherit",
    }).output();
    const decoder = new TextDecoder();
    return {
      code: output.code,
      stdout: capture ? decoder.decode(output.stdout) : "",
      stderr: capture ? decoder.decode(output.stderr) : "",
      seconds: (performance.now() - start) / 1000,
    };
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    return { code: 127, stdout: "", stderr: `${cmd[0]}: not found`, seconds: 0 };
  }
}

/** Runs a command and throws, with its output, when it fails. */
async function mustRun(cmd: string[], what: string, options: RunOptions = {}): Promise<RunResult> {
  const result = await run(cmd, options);
  if (result.code !== 0) {
    const output = (result.stdout + result.stderr).trim();
    throw new Error(
      `Cannot ${what}: \`${cmd.join(" ")}\` exited with code ${result.code}` +
        (output ? `\n${output}` : ""),
    );
  }
  return result;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The versions of {@linkcode PINS} installed for `python`, `null` for those missing. */
export async function installedVersions(python: string): Promise<Record<string, string | null>> {
  const script = [
    "import importlib.metadata as m, json",
    "v = {}",
    `for p in ${JSON.stringify(Object.keys(PINS))}:`,
    "    try: v[p] = m.version(p)",
    "    except m.PackageNotFoundError: v[p] = None",
    "print(json.dumps(v))",
  ].join("\n");
  const result = await run([python, "-c", script], { capture: true, quiet: true });
  if (result.code !== 0) return Object.fromEntries(Object.keys(PINS).map((p) => [p, null]));
  return JSON.parse(result.stdout);
}

/** Whether `version` is `pin` or a release of it (`7.17.2` matches `7.17`). */
function matchesPin(version: string | null, pin: string): boolean {
  return version !== null && (version === pin || version.startsWith(pin + "."));
}

/** The kernel specs `python`'s Jupyter sees, by name: `{ deno: { argv, ... } }`. */
export async function kernelSpecs(python: string): Promise<Record<string, { argv: string[] }>> {
  const script = [
    "import json",
    "from jupyter_client.kernelspec import KernelSpecManager",
    "specs = KernelSpecManager().get_all_specs()",
    "print(json.dumps({k: v['spec'] for k, v in specs.items()}))",
  ].join("\n");
  const result = await run([python, "-c", script], { capture: true, quiet: true });
  return result.code === 0 ? JSON.parse(result.stdout) : {};
}

/** Where {@linkcode ensureNpmPackages} records what its last `deno install` installed. */
const INSTALL_STAMP = join(REPO, "node_modules", ".batch-size-notebooks-install");

/** What `deno install` depends on here: Deno's version, `deno.json` and `deno.lock`. */
async function installInputs(): Promise<string> {
  const read = (name: string) => Deno.readTextFile(join(REPO, name)).catch(() => "");
  const text = [Deno.version.deno, await read("deno.json"), await read("deno.lock")].join("\0");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Caches the npm packages the notebooks import (`deno install`), unless the
 * last install here was of the same `deno.json`, `deno.lock` and Deno. Not
 * only for speed: `deno install` relinks `node_modules`, and a test that
 * runs the notebooks while others import npm packages (`deno task test`
 * runs in parallel) made one of those imports fail once.
 */
async function ensureNpmPackages(): Promise<void> {
  const inputs = await installInputs();
  const stamp = await Deno.readTextFile(INSTALL_STAMP).catch(() => null);
  if (stamp === inputs) return;
  console.log("Caching the npm packages the notebooks import (deno install)");
  await mustRun([Deno.execPath(), "install", "--allow-scripts=npm:core-js"], "cache npm packages", {
    env: { NO_COLOR: "1" },
  });
  await Deno.writeTextFile(INSTALL_STAMP, await installInputs()); // deno.lock may have changed
}

/** Options of {@linkcode ensureTools}. */
export interface EnsureToolsOptions {
  /** Use Debian's nbconvert 6.5 (`/usr/bin/python3`) rather than the venv's; defaults to false. */
  debian?: boolean;
}

/**
 * Makes sure everything the notebooks run with is there, installing what is
 * missing and saying so: npm packages in Deno's cache (`deno install`, so no
 * download lines reach a cell), the venv with the pinned Jupyter tools, and
 * the Deno kernel spec. With `debian`, checks Debian's nbconvert instead of
 * the venv (it is installed with apt, not here).
 *
 * @returns The Python whose nbconvert runs the notebooks.
 */
export async function ensureTools(options: EnsureToolsOptions = {}): Promise<string> {
  await ensureNpmPackages();
  await ensureEngine(); // fitSeeds' WebAssembly engine, as `deno task setup` builds it
  await ensureExplorerScripts(); // the explorer's page and worker scripts (deno bundle)

  let python = VENV_PYTHON;
  if (options.debian) {
    python = DEBIAN_PYTHON;
    const result = await run([
      python,
      "-c",
      "import nbconvert, nbclient; print(nbconvert.__version__)",
    ], {
      capture: true,
      quiet: true,
    });
    if (result.code !== 0) {
      throw new Error(
        `Cannot use Debian's nbconvert: ${python} cannot import nbconvert and nbclient; ` +
          "install them with `apt-get install -y python3-nbconvert python3-nbclient`",
      );
    }
    console.log(`Using Debian's nbconvert ${result.stdout.trim()} (${python})`);
  } else {
    if (!(await exists(VENV_PYTHON))) {
      console.log(`Creating the venv for the Jupyter tools in ${VENV}`);
      const base = Deno.env.get("PYTHON") ?? "python3";
      await mustRun([base, "-m", "venv", VENV], "create the venv");
    }
    const versions = await installedVersions(VENV_PYTHON);
    const missing = Object.entries(PINS).filter(([name, pin]) => !matchesPin(versions[name], pin));
    if (missing.length > 0) {
      console.log(
        `Installing the pinned Jupyter tools into ${VENV} (missing or other version: ${
          missing.map(([name]) => `${name} ${versions[name] ?? "absent"}`).join(", ")
        })`,
      );
      await mustRun(
        [
          VENV_PYTHON,
          "-m",
          "pip",
          "install",
          "--disable-pip-version-check",
          "--quiet",
          ...pipSpecs(),
        ],
        "install the Jupyter tools",
      );
    }
  }

  const specs = await kernelSpecs(python);
  const spec = specs[KERNEL_NAME];
  if (spec === undefined || !(await exists(spec.argv?.[0] ?? ""))) {
    console.log(
      spec === undefined
        ? `Installing the Deno kernel spec "${KERNEL_NAME}" (deno jupyter --install)`
        : `Reinstalling the Deno kernel spec: its deno, ${spec.argv[0]}, is gone`,
    );
    await mustRun(
      [Deno.execPath(), "jupyter", "--install", "--force", "--name", KERNEL_NAME],
      "install the Deno kernel spec",
      { env: { NO_COLOR: "1" } },
    );
    if ((await kernelSpecs(python))[KERNEL_NAME] === undefined) {
      throw new Error(
        `Cannot find the Deno kernel spec: \`deno jupyter --install\` ran, but ${python}'s Jupyter does not see "${KERNEL_NAME}"`,
      );
    }
  }
  return python;
}
