/**
 * `deno task setup`: installs what is missing for the notebooks and for the
 * tests, saying what it installs, and stops at once, with one message naming
 * what is missing and the command that installs it, where it cannot. Run by
 * `deno task test` before any test starts (so no test races another's
 * set-up), and so by `.ci/run`.
 *
 * - For the notebooks (as `deno task notebooks --setup` does, see
 *   `tools/_jupyter.ts`): the npm packages in Deno's cache, the venv `.venv/`
 *   with the pinned Jupyter tools, the Deno kernel spec.
 * - For the tests: Debian's `chromium` (the browser tests) and
 *   `python3-nbconvert` / `python3-nbclient` (the nbconvert 6.5 test),
 *   installed with `apt-get` when the machine has it and we may use it (root,
 *   or `sudo` without a password).
 *
 * @module
 */
import {
  DEBIAN_PYTHON,
  ensureTools,
  installedVersions,
  PINS,
  run,
  VENV,
  VENV_PYTHON,
} from "./_jupyter.ts";

/** Where the browser tests look for Chromium (`CHROMIUM` overrides Debian's `/usr/bin/chromium`). */
export const CHROMIUM: string = Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium";

/** A Debian package the tests need, and how to tell that it is installed. */
export interface SystemPackage {
  /** The Debian package's name, as `apt-get install` takes it. */
  name: string;
  /** What the tests use it for. */
  purpose: string;
  /** Whether it is installed on this machine. */
  installed(): Promise<boolean>;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

async function imports(module: string): Promise<boolean> {
  const result = await run([DEBIAN_PYTHON, "-c", `import ${module}`], {
    capture: true,
    quiet: true,
  });
  return result.code === 0;
}

/** The Debian packages the tests need. */
export const SYSTEM_PACKAGES: readonly SystemPackage[] = [
  {
    name: "chromium",
    purpose: `the browser tests (${CHROMIUM})`,
    installed: () => isFile(CHROMIUM),
  },
  {
    name: "python3-nbconvert",
    purpose: `the nbconvert 6.5 test (${DEBIAN_PYTHON} -m nbconvert)`,
    installed: () => imports("nbconvert"),
  },
  {
    name: "python3-nbclient",
    purpose: `the nbconvert 6.5 test (${DEBIAN_PYTHON} -m nbconvert)`,
    installed: () => imports("nbclient"),
  },
];

/** The packages of {@linkcode SYSTEM_PACKAGES} that this machine lacks. */
export async function missingSystemPackages(): Promise<SystemPackage[]> {
  const missing: SystemPackage[] = [];
  for (const pkg of SYSTEM_PACKAGES) if (!(await pkg.installed())) missing.push(pkg);
  return missing;
}

/** How this machine can run `apt-get`: directly (root), through `sudo -n`, or not at all. */
async function aptPrefix(): Promise<string[] | string> {
  if ((await run(["apt-get", "--version"], { capture: true, quiet: true })).code !== 0) {
    return "this machine has no apt-get";
  }
  if (Deno.uid() === 0) return [];
  if ((await run(["sudo", "-n", "true"], { capture: true, quiet: true })).code === 0) {
    return ["sudo", "-n"];
  }
  return "installing Debian packages needs root (or sudo without a password)";
}

/**
 * Installs the Debian packages the tests need with `apt-get`, saying so, or
 * throws at once, naming what is missing and the command that installs it,
 * when this machine has no `apt-get` or we may not use it.
 */
export async function ensureSystemPackages(): Promise<void> {
  const missing = await missingSystemPackages();
  if (missing.length === 0) return;
  const names = missing.map((pkg) => pkg.name);
  const command = `apt-get install -y ${names.join(" ")}`;
  const list = missing.map((pkg) => `  ${pkg.name}: for ${pkg.purpose}`).join("\n");
  const prefix = await aptPrefix();
  if (typeof prefix === "string") {
    throw new Error(
      `Cannot set up the tests: ${prefix}, and these Debian packages are missing:\n${list}\n` +
        `Install them with \`sudo ${command}\` (as root: \`${command}\`), then run the tests again.`,
    );
  }
  console.log(`Installing the Debian packages the tests need:\n${list}`);
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  for (const cmd of [["apt-get", "update"], ["apt-get", "install", "-y", ...names]]) {
    const result = await run([...prefix, ...cmd], { env });
    if (result.code !== 0) {
      throw new Error(
        `Cannot set up the tests: \`${
          [...prefix, ...cmd].join(" ")
        }\` exited with code ${result.code}; ` +
          `install the packages with \`${command}\`, then run the tests again.`,
      );
    }
  }
  const still = await missingSystemPackages();
  if (still.length > 0) {
    throw new Error(
      `Cannot set up the tests: apt-get installed ${names.join(", ")}, but ${
        still.map((pkg) => `${pkg.name} (${pkg.purpose})`).join(", ")
      } still cannot be found`,
    );
  }
}

/**
 * Throws, naming what is missing and `deno task setup`, unless everything the
 * tests need is installed: for a test file run alone, without the task.
 */
export async function assertSetUp(): Promise<void> {
  const versions = await installedVersions(VENV_PYTHON);
  const missing = [
    ...(await missingSystemPackages()).map((pkg) => pkg.name),
    ...Object.keys(PINS).filter((name) => versions[name] === null).map((name) =>
      `${name} in ${VENV}`
    ),
  ];
  if (missing.length > 0) {
    throw new Error(`The tests need ${missing.join(", ")}: run \`deno task setup\` first`);
  }
}

/** Installs everything the notebooks and the tests need; see the module's notes. */
export async function setup(): Promise<void> {
  await ensureSystemPackages();
  await ensureTools();
}

async function main(args: string[]): Promise<void> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(
      "Usage: deno task setup\n\n" +
        "Installs what the notebooks and the tests need: Debian's chromium,\n" +
        "python3-nbconvert and python3-nbclient (with apt-get), the npm packages,\n" +
        ".venv/ with the pinned Jupyter tools, and the Deno kernel spec.",
    );
    return;
  }
  if (args.length > 0) fail(`deno task setup takes no arguments, got ${args.join(" ")}`);
  const start = performance.now();
  try {
    await setup();
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  console.log(
    `Setup done in ${
      ((performance.now() - start) / 1000).toFixed(1)
    } s: the notebooks and the tests can run.`,
  );
}

function fail(message: string): never {
  console.error(`error: ${message}`);
  Deno.exit(1);
}

if (import.meta.main) await main(Deno.args);
