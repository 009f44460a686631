"""Runs the tutorial's Keras code for many seeds and writes every epoch's metrics.

The model, optimizer, loss and fit call are the tutorial's (Jason Brownlee, "How to Control the
Stability of Training Neural Networks With the Batch Size", 2019), changed only where Keras 3
requires it: ``SGD(learning_rate=...)`` instead of ``SGD(lr=...)``. Each run is seeded with
``keras.utils.set_random_seed(seed)`` before the model is built, which fixes the initial weights
and the order in which ``fit`` shuffles the training set each epoch.

One JSON file is written per configuration, ``data/keras/batch_<B>_lr_<LR>.json``:

    {"batchSize", "learningRate", "epochs", "versions", "runs": [
        {"seed", "epochs", "loss": [...], "accuracy": [...], "valLoss": [...], "valAccuracy": [...],
         "train": {"loss", "accuracy"}, "test": {"loss", "accuracy"}, "seconds"}, ...]}

``loss``/``accuracy`` are Keras' epoch logs (means over the epoch's batches, each before its
update); ``valLoss``/``valAccuracy`` the test set after the epoch; ``train``/``test`` the final
``model.evaluate`` of the tutorial's result line. Losses are rounded to 6 significant digits;
accuracies are multiples of 1/500 and are written to 4 decimals.

Usage (from the repository root; see data/README.md for the venv):

    python data/keras_reference.py --batch 500 --lr 0.01 --seeds 0-9 [--epochs 200]

An existing file gains the runs it lacks (a seed already there with as many epochs is skipped),
so a long batch-1 reference can be built in several invocations.
"""

import argparse
import json
import os
import platform
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
from keras.layers import Dense  # noqa: E402
from keras.models import Sequential  # noqa: E402
from keras.optimizers import SGD  # noqa: E402
from keras.utils import to_categorical  # noqa: E402
from sklearn.datasets import make_blobs  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def prepare_data():
    """The tutorial's prepare_data(): blobs, one-hot labels, first 500 train, last 500 test."""
    X, y = make_blobs(n_samples=1000, centers=3, n_features=2, cluster_std=2, random_state=2)
    y = to_categorical(y)
    n_train = 500
    trainX, testX = X[:n_train, :], X[n_train:, :]
    trainy, testy = y[:n_train], y[n_train:]
    return trainX, trainy, testX, testy


def fit_model(trainX, trainy, testX, testy, n_batch, lr, epochs):
    """The tutorial's fit_model(), returning the history and the final evaluations."""
    model = Sequential()
    model.add(Dense(50, input_dim=2, activation="relu", kernel_initializer="he_uniform"))
    model.add(Dense(3, activation="softmax"))
    opt = SGD(learning_rate=lr, momentum=0.9)
    model.compile(loss="categorical_crossentropy", optimizer=opt, metrics=["accuracy"])
    history = model.fit(
        trainX,
        trainy,
        validation_data=(testX, testy),
        epochs=epochs,
        verbose=0,
        batch_size=n_batch,
    )
    train_loss, train_acc = model.evaluate(trainX, trainy, verbose=0)
    test_loss, test_acc = model.evaluate(testX, testy, verbose=0)
    return history.history, (train_loss, train_acc), (test_loss, test_acc)


def seeds_of(text):
    """'0-9' or '0,3,5' or '0-4,7' as a list of ints."""
    seeds = []
    for part in text.split(","):
        if "-" in part:
            a, b = part.split("-")
            seeds.extend(range(int(a), int(b) + 1))
        else:
            seeds.append(int(part))
    return seeds


def loss6(values):
    return [float(f"{v:.6g}") for v in values]


def acc4(values):
    return [round(float(v), 4) for v in values]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--seeds", default="0-9")
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--out", default=os.path.join(HERE, "keras"))
    args = parser.parse_args()

    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)

    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, f"batch_{args.batch}_lr_{args.lr:g}.json")
    if os.path.exists(path):
        with open(path) as f:
            doc = json.load(f)
    else:
        doc = {"batchSize": args.batch, "learningRate": args.lr, "runs": []}
    doc["versions"] = {
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "numpy": np.__version__,
        "scikit-learn": sklearn.__version__,
    }
    trainX, trainy, testX, testy = prepare_data()
    for seed in seeds_of(args.seeds):
        done = [r for r in doc["runs"] if r["seed"] == seed and r["epochs"] >= args.epochs]
        if done:
            continue
        keras.utils.set_random_seed(seed)
        start = time.perf_counter()
        h, train, test = fit_model(trainX, trainy, testX, testy, args.batch, args.lr, args.epochs)
        seconds = time.perf_counter() - start
        run = {
            "seed": seed,
            "epochs": args.epochs,
            "loss": loss6(h["loss"]),
            "accuracy": acc4(h["accuracy"]),
            "valLoss": loss6(h["val_loss"]),
            "valAccuracy": acc4(h["val_accuracy"]),
            "train": {"loss": loss6([train[0]])[0], "accuracy": round(float(train[1]), 4)},
            "test": {"loss": loss6([test[0]])[0], "accuracy": round(float(test[1]), 4)},
            "seconds": round(seconds, 1),
        }
        doc["runs"] = [r for r in doc["runs"] if r["seed"] != seed] + [run]
        doc["runs"].sort(key=lambda r: r["seed"])
        with open(path + ".tmp", "w") as f:
            json.dump(doc, f, separators=(",", ":"))
        os.replace(path + ".tmp", path)
        print(
            f"batch {args.batch} lr {args.lr:g} seed {seed}: {args.epochs} epochs in {seconds:.0f} s, "
            f"Train: {train[1]:.3f}, Test: {test[1]:.3f}",
            flush=True,
        )


if __name__ == "__main__":
    sys.exit(main())
