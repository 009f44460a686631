import assert from "node:assert/strict";
import {
  clampSetting,
  DEFAULT_SETTINGS,
  formatHash,
  parseHash,
  settingsLabel,
} from "../../lib/explorer/_config.ts";

Deno.test("parseHash() reads every setting of a hash that formatHash() wrote", () => {
  const settings = {
    batchSize: 8,
    learningRate: 0.005,
    momentum: 0.5,
    seeds: 25,
    epochs: 60,
    loss: "clipped" as const,
  };
  const hash = formatHash(settings);
  assert.equal(hash, "#batch=8&lr=0.005&momentum=0.5&seeds=25&epochs=60&loss=clipped");
  assert.deepEqual(parseHash(hash), { settings, problems: [] });
  assert.deepEqual(parseHash(""), { settings: { ...DEFAULT_SETTINGS }, problems: [] });
});

Deno.test("parseHash() clamps a number out of range, and says so", () => {
  const { settings, problems } = parseHash("#batch=0&seeds=1e9&epochs=-5&momentum=1&lr=100");
  assert.equal(settings.batchSize, 1);
  assert.equal(settings.seeds, 100);
  assert.equal(settings.epochs, 1);
  assert.equal(settings.momentum, 0.99);
  assert.equal(settings.learningRate, 10);
  assert.equal(problems.length, 5);
  assert.match(problems[0], /^batch 0 is outside \[1, 500\] or not an integer; using 1$/);
  assert.match(problems[1], /^seeds 1000000000 is outside \[1, 100\]/);
  // A fraction of an integer setting is rounded.
  assert.equal(parseHash("#batch=31.6").settings.batchSize, 32);
});

Deno.test("parseHash() refuses what is not a number or a loss, keeping the default", () => {
  const { settings, problems } = parseHash(
    "#lr=abc&batch=&seeds=0x10&epochs=Infinity&loss=mse&momentum=NaN",
  );
  assert.deepEqual(settings, { ...DEFAULT_SETTINGS });
  assert.equal(problems.length, 6);
  assert.equal(problems[0], 'lr must be a number in [0.00001, 10], got "abc"; using 0.01');
  assert.match(problems[4], /^loss must be "logits" or "clipped", got "mse"/);
});

Deno.test("parseHash() quotes markup from the URL as short plain text, never as HTML", () => {
  const evil = "#batch=" + encodeURIComponent("<img src=x onerror=alert(1)>") +
    "&" + encodeURIComponent("<script>alert(2)</script>") + "=1&%E0%A4%A=1";
  const { settings, problems } = parseHash(evil);
  assert.deepEqual(settings, { ...DEFAULT_SETTINGS });
  assert.equal(problems.length, 3);
  // Quoted, cut to 24 characters: the page writes it with textContent.
  assert.equal(
    problems[0],
    'batch must be a number in [1, 500], got "<img src=x onerror=alert…"; using 32',
  );
  assert.equal(problems[1], 'Ignored the unknown setting "<script>alert(2)</script…"');
  assert.match(problems[2], /not a valid URL component/);
  // A huge hash is refused whole, without reading it.
  const long = parseHash("#batch=1&" + "x".repeat(10_000));
  assert.deepEqual(long.settings, { ...DEFAULT_SETTINGS });
  assert.match(long.problems[0], /longer than 500 characters/);
});

Deno.test("clampSetting() keeps a value in range and names the setting when it changes one", () => {
  assert.deepEqual(clampSetting("learningRate", 0.01), { value: 0.01, problem: null });
  assert.deepEqual(clampSetting("seeds", 101).value, 100);
  assert.match(clampSetting("epochs", NaN).problem!, /^epochs must be a number in \[1, 1000\]/);
});

Deno.test("settingsLabel() says the setting in words", () => {
  assert.equal(
    settingsLabel(DEFAULT_SETTINGS),
    "batch 32, lr 0.01, momentum 0.9, 10 seeds, 200 epochs, Keras' loss",
  );
});
