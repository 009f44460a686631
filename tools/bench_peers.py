"""The peers of `deno task bench --peers`: the tutorial's many-seed training in JAX and in PyTorch.

Reads one JSON object on stdin: the data (`trainX`, `trainY`, `testX`, `testY` as nested lists,
labels one-hot), `throughput` (a list of {batchSize, seeds, epochs, learningRate (default
0.01)}), `table` (a list of
{name, batchSize, learningRate}, trained for 200 epochs with 10 seeds) and `peers` (which of
"jax", "torch" to run). Prints one JSON object with each peer's figures.

Both peers train what fitSeeds trains: Dense(50, ReLU, He-uniform) -> Dense(3), softmax
cross-entropy from the logits (mean over the batch), SGD with momentum 0.9 as tfjs and Keras apply
it (v = m v + g, w = w - lr v), a fresh shuffle per seed and epoch, exact batches including the
short last one, and an evaluation on the test set after every epoch (its loss and accuracy are
returned, so it cannot be optimized away). Their seeds are their own, so their runs are not ours
seed for seed; their accuracies are compared with ours in distribution.

- JAX: the seeds under `jax.vmap`, the batches of an epoch and the epochs under `lax.scan`, the
  whole fit one `jax.jit` function per configuration; compile time (lower + compile) is reported
  apart from the run.
- PyTorch: the seeds stacked in one tensor per parameter, batched matmuls (`torch.bmm`), autograd,
  one thread (`torch.set_num_threads(1)`), eager mode.
"""

import json
import math
import sys
import time

HIDDEN = 50
MOMENTUM = 0.9


def jax_peer(data, throughput, table):
    import jax
    import jax.numpy as jnp
    from jax import lax

    jax.config.update("jax_platforms", "cpu")
    train_x = jnp.asarray(data["trainX"], jnp.float32)
    train_y = jnp.asarray(data["trainY"], jnp.float32)
    test_x = jnp.asarray(data["testX"], jnp.float32)
    test_y = jnp.asarray(data["testY"], jnp.float32)
    n, inputs = train_x.shape
    classes = train_y.shape[1]

    def init(key):
        k1, k2 = jax.random.split(key)
        l1 = math.sqrt(6 / inputs)
        l2 = math.sqrt(6 / HIDDEN)
        return (
            jax.random.uniform(k1, (inputs, HIDDEN), jnp.float32, -l1, l1),
            jnp.zeros(HIDDEN, jnp.float32),
            jax.random.uniform(k2, (HIDDEN, classes), jnp.float32, -l2, l2),
            jnp.zeros(classes, jnp.float32),
        )

    def logits(params, x):
        w1, b1, w2, b2 = params
        return jnp.maximum(x @ w1 + b1, 0) @ w2 + b2

    def loss_fn(params, x, y):
        return -jnp.mean(jnp.sum(y * jax.nn.log_softmax(logits(params, x)), axis=-1))

    grad_fn = jax.grad(loss_fn)

    def make_fit(batch_size, epochs, lr):
        full, rest = divmod(n, batch_size)

        # The data are arguments, not constants of the closure, so XLA does not fold them.
        def fit_one(key, tx, ty, vx, vy):
            def step(carry, rows):
                params, velocity = carry
                g = grad_fn(params, tx[rows], ty[rows])
                velocity = jax.tree.map(lambda v, gi: MOMENTUM * v + gi, velocity, g)
                params = jax.tree.map(lambda p, v: p - lr * v, params, velocity)
                return (params, velocity), None

            def epoch(carry, key):
                order = jax.random.permutation(key, n)
                if full > 0:
                    carry, _ = lax.scan(step, carry, order[: full * batch_size].reshape(full, batch_size))
                if rest > 0:
                    carry, _ = step(carry, order[full * batch_size :])
                z = logits(carry[0], vx)
                val_loss = -jnp.mean(jnp.sum(vy * jax.nn.log_softmax(z), axis=-1))
                val_acc = jnp.mean(jnp.argmax(z, -1) == jnp.argmax(vy, -1))
                return carry, (val_loss, val_acc)

            k_init, k_epochs = jax.random.split(key)
            params = init(k_init)
            velocity = jax.tree.map(jnp.zeros_like, params)
            (params, _), curve = lax.scan(epoch, (params, velocity), jax.random.split(k_epochs, epochs))
            train_acc = jnp.mean(jnp.argmax(logits(params, tx), -1) == jnp.argmax(ty, -1))
            return train_acc, curve[1][-1], curve

        return jax.jit(jax.vmap(fit_one, in_axes=(0, None, None, None, None)))

    def run(batch_size, seeds, epochs, lr):
        keys = jax.random.split(jax.random.key(0), seeds)
        started = time.perf_counter()
        args = (keys, train_x, train_y, test_x, test_y)
        compiled = make_fit(batch_size, epochs, lr).lower(*args).compile()
        compile_s = time.perf_counter() - started
        started = time.perf_counter()
        train_acc, test_acc, curve = compiled(*args)
        jax.block_until_ready((train_acc, test_acc, curve))
        run_s = time.perf_counter() - started
        return compiled, args, compile_s, run_s, train_acc, test_acc

    rows = []
    for t in throughput:
        b, s, e, lr = t["batchSize"], t["seeds"], t["epochs"], t.get("learningRate", 0.01)
        _, _, compile_s, run_s, _, test_acc = run(b, s, e, lr)
        steps = s * e * math.ceil(n / b)
        rows.append({"batchSize": b, "learningRate": lr, "seeds": s, "epochs": e, "modelSteps": steps,
                     "compileSeconds": compile_s, "seconds": run_s,
                     "usPerModelStep": run_s * 1e6 / steps,
                     "meanTestAccuracy": float(jnp.mean(test_acc))})
    table_rows = []
    cold = time.perf_counter()
    compiled_runs = []
    for c in table:
        compiled, args, compile_s, run_s, train_acc, test_acc = run(c["batchSize"], 10, 200, c["learningRate"])
        compiled_runs.append((compiled, args))
        table_rows.append({**c, "compileSeconds": compile_s, "seconds": run_s,
                           "trainAccuracy": [float(a) for a in train_acc],
                           "testAccuracy": [float(a) for a in test_acc]})
    cold_s = time.perf_counter() - cold
    warm = time.perf_counter()
    for compiled, args in compiled_runs:
        jax.block_until_ready(compiled(*args))
    warm_s = time.perf_counter() - warm
    return {"version": jax.__version__, "devices": [str(d) for d in jax.devices()],
            "throughput": rows, "table": table_rows,
            "tableColdSeconds": cold_s, "tableWarmSeconds": warm_s}


def torch_peer(data, throughput, table):
    import torch

    torch.set_num_threads(1)
    train_x = torch.tensor(data["trainX"], dtype=torch.float32)
    train_y = torch.tensor(data["trainY"], dtype=torch.float32)
    test_x = torch.tensor(data["testX"], dtype=torch.float32)
    test_y = torch.tensor(data["testY"], dtype=torch.float32)
    n, inputs = train_x.shape
    classes = train_y.shape[1]
    test_labels = test_y.argmax(-1)
    train_labels = train_y.argmax(-1)

    def fit(batch_size, seeds, epochs, lr):
        gen = torch.Generator().manual_seed(0)
        l1, l2 = math.sqrt(6 / inputs), math.sqrt(6 / HIDDEN)
        params = [
            (torch.rand(seeds, inputs, HIDDEN, generator=gen) * 2 - 1) * l1,
            torch.zeros(seeds, 1, HIDDEN),
            (torch.rand(seeds, HIDDEN, classes, generator=gen) * 2 - 1) * l2,
            torch.zeros(seeds, 1, classes),
        ]
        for p in params:
            p.requires_grad_(True)
        velocity = [torch.zeros_like(p) for p in params]
        w1, b1, w2, b2 = params

        def forward(x):
            return torch.bmm(torch.relu(torch.bmm(x, w1) + b1), w2) + b2

        curve = []
        for _ in range(epochs):
            order = torch.argsort(torch.rand(seeds, n, generator=gen), dim=1)
            for start in range(0, n, batch_size):
                rows = order[:, start:start + batch_size]
                z = forward(train_x[rows])
                # Sum over seeds of each seed's mean loss: each seed gets its own mean gradient.
                loss = -(train_y[rows] * torch.log_softmax(z, -1)).sum(-1).mean(-1).sum()
                grads = torch.autograd.grad(loss, params)
                with torch.no_grad():
                    for p, v, g in zip(params, velocity, grads):
                        v.mul_(MOMENTUM).add_(g)
                        p.sub_(lr * v)
            with torch.no_grad():
                z = forward(test_x.expand(seeds, -1, -1))
                val_loss = -(test_y * torch.log_softmax(z, -1)).sum(-1).mean(-1)
                val_acc = (z.argmax(-1) == test_labels).float().mean(-1)
                curve.append((val_loss, val_acc))
        with torch.no_grad():
            train_acc = (forward(train_x.expand(seeds, -1, -1)).argmax(-1) == train_labels).float().mean(-1)
        return train_acc, curve[-1][1]

    rows = []
    for t in throughput:
        b, s, e, lr = t["batchSize"], t["seeds"], t["epochs"], t.get("learningRate", 0.01)
        started = time.perf_counter()
        _, test_acc = fit(b, s, e, lr)
        run_s = time.perf_counter() - started
        steps = s * e * math.ceil(n / b)
        rows.append({"batchSize": b, "learningRate": lr, "seeds": s, "epochs": e, "modelSteps": steps,
                     "seconds": run_s,
                     "usPerModelStep": run_s * 1e6 / steps,
                     "meanTestAccuracy": float(test_acc.mean())})
    table_rows = []
    for c in table:
        started = time.perf_counter()
        train_acc, test_acc = fit(c["batchSize"], 10, 200, c["learningRate"])
        table_rows.append({**c, "seconds": time.perf_counter() - started,
                           "trainAccuracy": train_acc.tolist(), "testAccuracy": test_acc.tolist()})
    return {"version": torch.__version__, "threads": torch.get_num_threads(),
            "throughput": rows, "table": table_rows}


def main():
    request = json.load(sys.stdin)
    out = {}
    for peer in request["peers"]:
        fn = {"jax": jax_peer, "torch": torch_peer}[peer]
        t = {"jax": request["throughput"], "torch": request.get("torchThroughput", request["throughput"])}[peer]
        table = {"jax": request["table"], "torch": request.get("torchTable", request["table"])}[peer]
        try:
            out[peer] = {"measured": True, **fn(request["data"], t, table)}
        except ImportError as error:
            out[peer] = {"measured": False, "why": str(error)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
