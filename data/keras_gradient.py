"""Keras' own loss and gradient at the tutorial's initial weights, for the tests.

Builds the tutorial's model (Keras 3 on TensorFlow) for seeds 0-19 (keras.utils.set_random_seed)
and keeps the seed whose initial softmax gives the most training points a true-class probability
below 1e-7 (the points tfjs' clipped loss ignores), then takes ONE step of Keras' own training path, ``model.train_on_batch`` on all 500 training
points with ``SGD(learning_rate=1, momentum=0)``: the weights move by exactly minus the gradient
that ``model.fit`` would follow, and the returned loss is the loss before the step. Writes
``data/keras_gradient.json``:

    {"versions", "seed", "weights": [kernel1, bias1, kernel2, bias2] (initial, as lists),
     "loss" (Keras' mean training loss), "gradient": [same shapes],
     "trueClassProbability": [500 floats, the softmax's probability of each point's class]}

The tests compare these with lib's engine: the loss from logits must reproduce Keras' loss and
gradient; tfjs-layers' clipped categoricalCrossentropy does not, and the points whose
true-class probability is below 1e-7 are the difference.

Usage, from the repository root, in the venv of data/README.md:

    python data/keras_gradient.py
"""

import json
import os
import platform

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
from keras.layers import Dense  # noqa: E402
from keras.models import Sequential  # noqa: E402
from keras.optimizers import SGD  # noqa: E402

from keras_reference import prepare_data  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def build(seed):
    keras.utils.set_random_seed(seed)
    model = Sequential()
    model.add(Dense(50, input_dim=2, activation="relu", kernel_initializer="he_uniform"))
    model.add(Dense(3, activation="softmax"))
    return model


def saturated(model, trainX, trainy):
    """How many training points have a true-class probability below 1e-7."""
    p = model.predict(trainX, batch_size=500, verbose=0)
    return int(np.sum(p[np.arange(len(trainy)), trainy.argmax(axis=1)] < 1e-7))


def main():
    trainX, trainy, _, _ = prepare_data()
    counts = [saturated(build(seed), trainX, trainy) for seed in range(20)]
    seed = int(np.argmax(counts))
    print("saturated points at seeds 0-19:", counts)
    model = build(seed)
    model.compile(
        loss="categorical_crossentropy",
        optimizer=SGD(learning_rate=1.0, momentum=0.0),
        metrics=["accuracy"],
    )
    before = [w.copy() for w in model.get_weights()]
    probabilities = model.predict(trainX, batch_size=500, verbose=0)
    loss, _ = model.train_on_batch(trainX, trainy)
    after = model.get_weights()
    gradient = [(b.astype(np.float64) - a.astype(np.float64)) for b, a in zip(before, after)]
    doc = {
        "versions": {
            "python": platform.python_version(),
            "tensorflow": tf.__version__,
            "keras": keras.__version__,
            "numpy": np.__version__,
            "scikit-learn": sklearn.__version__,
        },
        "seed": seed,
        "weights": [w.astype(np.float64).tolist() for w in before],
        "loss": float(loss),
        "gradient": [g.tolist() for g in gradient],
        "trueClassProbability": [
            float(p) for p in probabilities[np.arange(500), trainy.argmax(axis=1)]
        ],
    }
    with open(os.path.join(HERE, "keras_gradient.json"), "w") as f:
        json.dump(doc, f)
    small = int(np.sum(np.array(doc["trueClassProbability"]) < 1e-7))
    print(f"seed {seed}: loss {loss:.6f}; {small} of 500 points have a true-class probability below 1e-7")


if __name__ == "__main__":
    main()
