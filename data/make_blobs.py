"""Writes the reference data that test/data/random_state_test.ts and test/data/blobs_test.ts check against.

Run with the pinned numpy and scikit-learn (see data/README.md):

    /tmp/skvenv/bin/python data/make_blobs.py

It writes, next to this script:
- blobs_tutorial.json: make_blobs(n_samples=1000, centers=3, n_features=2, cluster_std=2, random_state=2),
  the tutorial's dataset;
- blobs_varied.json: a second configuration with a remainder in the per-centre counts, one std per centre,
  three features and a narrower centre box;
- blobs_more.json: small cases: the defaults, per-centre counts, explicit centres, no shuffle, zero std;
- random_state.json: the first values of numpy's legacy RandomState streams for a few seeds.
Floats are written by json.dumps, i.e. by repr: the shortest text that reads back as the same float64.
"""

import json
import pathlib

import numpy as np
import sklearn
from sklearn.datasets import make_blobs

HERE = pathlib.Path(__file__).resolve().parent
VERSIONS = {"numpy": np.__version__, "scikit-learn": sklearn.__version__}


def write(name, payload):
    path = HERE / name
    path.write_text(json.dumps(payload, indent=1) + "\n")
    print(f"wrote {path}")


def blobs(name, python_call, options, **kwargs):
    x, y = make_blobs(**kwargs)
    write(
        name,
        {
            "call": python_call,
            "options": options,
            "versions": VERSIONS,
            "x": [[float(v) for v in row] for row in x],
            "y": [int(v) for v in y],
        },
    )


blobs(
    "blobs_tutorial.json",
    "make_blobs(n_samples=1000, centers=3, n_features=2, cluster_std=2, random_state=2)",
    {"nSamples": 1000, "centers": 3, "nFeatures": 2, "clusterStd": 2, "randomState": 2},
    n_samples=1000, centers=3, n_features=2, cluster_std=2, random_state=2,
)
blobs(
    "blobs_varied.json",
    "make_blobs(n_samples=257, centers=4, n_features=3, cluster_std=[0.5, 1, 1.5, 3],"
    " center_box=(-5, 5), random_state=7)",
    {
        "nSamples": 257, "centers": 4, "nFeatures": 3, "clusterStd": [0.5, 1, 1.5, 3],
        "centerBox": [-5, 5], "randomState": 7,
    },
    n_samples=257, centers=4, n_features=3, cluster_std=[0.5, 1, 1.5, 3], center_box=(-5, 5),
    random_state=7,
)

# Smaller cases, one file: the defaults, per-centre counts, explicit centres, no shuffle, zero std.
cases = [
    ("make_blobs(random_state=0)", {"randomState": 0}, dict(random_state=0)),
    (
        "make_blobs(n_samples=[3, 0, 5], n_features=4, random_state=11)",
        {"nSamples": [3, 0, 5], "nFeatures": 4, "randomState": 11},
        dict(n_samples=[3, 0, 5], n_features=4, random_state=11),
    ),
    (
        "make_blobs(n_samples=[4, 6], centers=[[1, 2, 3], [-1, -2, -3]], cluster_std=[0.25, 0], random_state=5)",
        {"nSamples": [4, 6], "centers": [[1, 2, 3], [-1, -2, -3]], "clusterStd": [0.25, 0], "randomState": 5},
        dict(n_samples=[4, 6], centers=[[1, 2, 3], [-1, -2, -3]], cluster_std=[0.25, 0], random_state=5),
    ),
    (
        "make_blobs(n_samples=11, centers=[[0.5], [10.0]], cluster_std=3, shuffle=False, random_state=4294967295)",
        {"nSamples": 11, "centers": [[0.5], [10.0]], "clusterStd": 3, "shuffle": False, "randomState": 4294967295},
        dict(n_samples=11, centers=[[0.5], [10.0]], cluster_std=3, shuffle=False, random_state=4294967295),
    ),
    (
        "make_blobs(n_samples=7, centers=9, n_features=1, shuffle=False, random_state=3)",
        {"nSamples": 7, "centers": 9, "nFeatures": 1, "shuffle": False, "randomState": 3},
        dict(n_samples=7, centers=9, n_features=1, shuffle=False, random_state=3),
    ),
]
more = []
for call, options, kwargs in cases:
    x, y = make_blobs(**kwargs)
    more.append({"call": call, "options": options, "x": x.tolist(), "y": [int(v) for v in y]})
write("blobs_more.json", {"versions": VERSIONS, "cases": more})

streams = {}
for seed in [0, 2, 7, 12345, 4294967295]:
    entry = {}
    rs = np.random.RandomState(seed)
    entry["random_sample"] = [float(v) for v in rs.random_sample(20)]
    rs = np.random.RandomState(seed)
    # 21 values: an odd count, so the cached second Gaussian of a pair is used and then left over.
    entry["standard_normal"] = [float(v) for v in rs.standard_normal(21)]
    rs = np.random.RandomState(seed)
    entry["uniform_-10_10"] = [float(v) for v in rs.uniform(-10, 10, 10)]
    rs = np.random.RandomState(seed)
    entry["normal_3_2"] = [float(v) for v in rs.normal(3, 2, 10)]
    rs = np.random.RandomState(seed)
    entry["permutation_10"] = [int(v) for v in rs.permutation(10)]
    rs = np.random.RandomState(seed)
    entry["permutation_500_x3"] = [[int(v) for v in rs.permutation(500)] for _ in range(3)]
    # Mixed: a Gaussian leaves its pair's second value cached; a permutation in between must not touch it.
    rs = np.random.RandomState(seed)
    entry["mixed"] = [
        float(rs.standard_normal()),
        [int(v) for v in rs.permutation(7)],
        float(rs.standard_normal()),
        float(rs.random_sample()),
        float(rs.standard_normal()),
    ]
    streams[str(seed)] = entry

# numpy's legacy randint(0, max + 1, dtype=int64) uses the same masked rejection as random_interval(max):
# 32-bit draws for max < 2**32, 64-bit draws above.
intervals = {}
for seed in [0, 2]:
    per_max = {}
    for top in [1, 5, 6, 100, 499, 2**31, 2**32 - 2, 2**32 - 1, 2**32, 3 * 2**32 + 5, 2**53 - 1]:
        rs = np.random.RandomState(seed)
        per_max[str(top)] = [int(v) for v in rs.randint(0, top + 1, size=10, dtype=np.int64)]
    intervals[str(seed)] = per_max

write(
    "random_state.json",
    {
        "about": "first values of numpy's legacy np.random.RandomState(seed) streams, each from a fresh seed",
        "versions": VERSIONS,
        "streams": streams,
        "random_interval_via_randint_int64": intervals,
    },
)
