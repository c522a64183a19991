"""Toy tasks, one per kind, added to a copy of the workflow the way the README's "Extending"
section says a new task is added: one TASKS entry, one parser, one simulator and a
`datasets:` entry. The task contract test (tests/workflow/test_task_contract.py) copies this
file into the copy's gdlbench/toy.py and appends the registry lines below."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

# Each toy task: its kind and modality, and how the simulator draws it.
TOYS = {
    "toy_binary": ("binary", "sequence"),
    "toy_multiclass": ("multiclass", "matrix"),
    "toy_multilabel": ("multilabel", "vector"),
    "toy_regression": ("regression", "vector"),
    "toy_representation": ("representation", "vector"),
}
KIND_METRICS = {  # the metrics each toy task reports
    "binary": ("auroc", "auprc", "accuracy"),
    "multiclass": ("accuracy", "f1_macro", "auroc_macro"),
    "multilabel": ("auroc_median", "auprc_median", "auroc_macro", "auprc_macro"),
    "regression": ("mae",),
    "representation": ("reconstruction_mse", "n_pathways"),
}
N = 400
MOTIF = "ACGTTGCA"


def _floats(values: np.ndarray) -> str:
    return ";".join(f"{v:.4g}" for v in values.ravel())


def write_toy(params: dict[str, Any], rng: np.random.Generator, files: dict[str, Path]) -> None:
    """Write `toy.tsv` (id, x, and label or y) with a planted signal for the task's kind."""
    kind = TOYS[params["task"]][0]
    rows = []
    for i in range(N):
        row: dict[str, str] = {"id": f"ex{i}"}
        if kind == "binary":
            label = int(rng.random() < 0.5)
            sequence = "".join(rng.choice(list("ACGT"), 60))
            if label:
                start = int(rng.integers(0, 60 - len(MOTIF)))
                sequence = sequence[:start] + MOTIF + sequence[start + len(MOTIF) :]
            row.update(x=sequence, label=str(label))
        elif kind == "multiclass":
            label = int(rng.integers(0, 3))
            x = rng.poisson(2.0, (3, 20)).astype(float)
            x[label, 5:15] += 6
            row.update(x=_floats(x), label=f"class{label}")
        else:
            x = rng.normal(size=30)
            if kind == "multilabel":
                y = (x[:4] + 0.5 * rng.normal(size=4) > 0).astype(float)
                y[rng.random(4) < 0.05] = np.nan
                row.update(x=_floats(x), y=_floats(y))
            elif kind == "regression":
                row.update(x=_floats(x), y=_floats(x[:5] * 2 + 0.3 * rng.normal(size=5)))
            else:
                row.update(x=_floats(x))
        rows.append(row)
    pd.DataFrame(rows).to_csv(files["data"], sep="\t", index=False)


def read_toy(files: dict[str, Path], options: dict[str, Any]) -> pd.DataFrame:
    """`toy.tsv` -> records: `id`, `sequence` or `x` (arrays), and `label` or `y`."""
    table = pd.read_csv(files["data"], sep="\t", dtype=str, keep_default_na=False)
    records = pd.DataFrame({"id": table["id"]})
    shape = options.get("shape")
    if options.get("sequence"):
        records["sequence"] = table["x"]
    else:
        arrays = [np.array(v.split(";"), dtype=np.float32) for v in table["x"]]
        records["x"] = [a.reshape(shape) if shape else a for a in arrays]
    if "label" in table:
        records["label"] = table["label"]
    if "y" in table:
        records["y"] = [np.array(v.split(";"), dtype=np.float32) for v in table["y"]]
    return records


# The registry lines the test appends, one per toy task.
TASK_LINES = """
from gdlbench.toy import KIND_METRICS, TOYS  # noqa: E402
TASKS.update({name: Task(name, kind, modality, KIND_METRICS[kind], f"toy {kind} task")
              for name, (kind, modality) in TOYS.items()})
"""
FORMAT_LINES = """
from gdlbench.toy import TOYS, read_toy  # noqa: E402
FORMATS.update({name: Format(name, {"data": "toy.tsv"}, read_toy) for name in TOYS})
"""
SIMULATOR_LINES = """
from gdlbench.toy import TOYS, write_toy  # noqa: E402
SIMULATORS.update({name: write_toy for name in TOYS})
"""


def datasets() -> dict[str, dict[str, Any]]:
    """The `datasets:` entries of the toy tasks."""
    entries = {}
    for name, (_, modality) in TOYS.items():
        options: dict[str, Any] = {}
        if modality == "sequence":
            options["sequence"] = True
        if modality == "matrix":
            options["shape"] = [3, 20]
        entries[f"sim_{name}"] = {"task": name, "format": name, "options": options,
                                  "simulate": {"seed": 1, "task": name}}  # fmt: skip
    return entries
