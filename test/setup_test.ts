import assert from "node:assert/strict";
import { join } from "node:path";
import { REPO } from "../tools/_jupyter.ts";
import { missingSystemPackages, SYSTEM_PACKAGES } from "../tools/setup.ts";

Deno.test("deno task setup without apt-get stops at once, naming what is missing and how to install it", async () => {
  const missing = "/nonexistent/chromium";
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(REPO, "tools", "setup.ts")],
    cwd: REPO,
    // No apt-get on this PATH, and a Chromium that is not there.
    env: { PATH: "/nonexistent", CHROMIUM: missing, NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(output.stdout);
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 1, `exits with 1:\n${stdout}\n${stderr}`);
  assert.match(stderr, /^error: Cannot set up the tests: this machine has no apt-get/);
  assert.match(stderr, new RegExp(`chromium: for the browser tests \\(${missing}\\)`));
  assert.match(stderr, /`sudo apt-get install -y chromium`/);
  assert.doesNotMatch(stdout, /deno install|venv/, "it stops before installing anything else");
});

Deno.test("deno task setup (run by deno task test first) leaves no Debian package missing", async () => {
  assert.deepEqual((await missingSystemPackages()).map((pkg) => pkg.name), []);
  assert.deepEqual(
    SYSTEM_PACKAGES.map((pkg) => pkg.name),
    ["chromium", "python3-nbconvert", "python3-nbclient"],
  );
});
