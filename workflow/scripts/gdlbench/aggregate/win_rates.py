"""Win rates over the targets of multi-target tasks, the way DanQ (over 919 targets) and D-GEX
(over genes) reported theirs: each deep-learning family's best model against the best baseline,
counted target by target -- histone cell types and tfbs datasets (one comparisons.tsv row per
dataset), D-GEX genes and chromatin profiles (targets.tsv) -- and configured head-to-head pairs
over targets (DanQ against DeepSEA, overall and per profile type), with an exact two-sided sign
test on wins against losses and a Wilcoxon signed-rank test on the paired differences. Over
targets, each target also gets its own paired test (gdlbench.aggregate.target_tests); the
targets significantly better or worse after Benjamini-Hochberg adjustment over the targets of
the row (FDR 0.05) are counted beside the wins, with the number of targets tested."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from gdlbench.aggregate.stats import bh_adjusted
from gdlbench.aggregate.target_tests import PairTests
from gdlbench.aggregate.targets import paired_targets

COLUMNS = [
    "task",
    "group",
    "unit",
    "family",
    "models",
    "baseline",
    "n_targets",
    "wins",
    "losses",
    "ties",
    "win_rate",
    "median_difference",
    "sign_p",
    "wilcoxon_p",
    "n_tested",
    "better_bh",
    "worse_bh",
]
FDR = 0.05
UNTESTED = [0, np.nan, np.nan]  # rows over datasets, or targets without per-target tests


def win_rate_row(differences: np.ndarray) -> list:
    """[n, wins, losses, ties, win rate, median difference, sign-test p, Wilcoxon p] of paired
    differences (positive = the family is better). Tests need two or more non-tied targets."""
    differences = np.asarray(differences, dtype=float)
    wins, losses = int((differences > 0).sum()), int((differences < 0).sum())
    decided = wins + losses
    sign_p = stats.binomtest(wins, decided, 0.5).pvalue if decided else np.nan
    wilcoxon_p = stats.wilcoxon(differences).pvalue if decided >= 2 else np.nan
    rate = wins / decided if decided else np.nan
    return [
        len(differences),
        wins,
        losses,
        len(differences) - decided,
        rate,
        float(np.median(differences)),
        float(sign_p),
        float(wilcoxon_p),
    ]


def dataset_win_rates(comparisons: pd.DataFrame, collections: dict[str, str]) -> list[list]:
    """Rows over the datasets of a task, or of a cell-type collection (`collections`: dataset
    -> collection), where there are two or more."""
    datasets, tasks = comparisons["dataset"], comparisons["task"]
    frame = comparisons.assign(
        group=[collections.get(d, t) for d, t in zip(datasets, tasks, strict=True)],
        unit=["cell_type" if d in collections else "dataset" for d in datasets],
    )
    rows = []
    for (task, group, unit, family), part in frame.groupby(
        ["task", "group", "unit", "family"], sort=True
    ):
        if part["dataset"].nunique() < 2:
            continue
        models = ",".join(sorted(set(part["model"])))
        baselines = ",".join(sorted(set(part["baseline"])))
        rows.append(
            [
                task,
                group,
                unit,
                family,
                models,
                baselines,
                *win_rate_row(part["difference"].to_numpy()),
                *UNTESTED,
            ]
        )
    return rows


def bh_counts(tests: pd.DataFrame | None, targets: pd.Series) -> list:
    """[targets tested, significantly better, significantly worse] among `targets`, with
    Benjamini-Hochberg over those targets' per-target p-values."""
    if tests is None:
        return UNTESTED
    part = tests[tests["target"].isin(set(targets))]
    adjusted = bh_adjusted(part["p_value"].to_numpy())
    significant = adjusted < FDR
    difference = part["difference"].to_numpy()
    return [len(part), int((significant & (difference > 0)).sum()),
            int((significant & (difference < 0)).sum())]  # fmt: skip


def target_rows(
    targets: pd.DataFrame,
    task: str,
    dataset: str,
    family: str,
    model: str,
    reference: str,
    tests: PairTests | None = None,
) -> list[list]:
    """Rows over the targets of one dataset, `model` against `reference` on the per-target
    compared metric (targets.tsv): all targets (group: the dataset), then each target type
    (group `<dataset>:<type>`, chromatin profile types); `tests` gives the per-target tests
    counted after BH adjustment within each row's targets."""
    pairs = paired_targets(targets, task, dataset, model, reference)
    if pairs.empty:
        return []
    found = tests(task, dataset, model, reference) if tests else None
    groups = [
        (dataset, pairs),
        *((f"{dataset}:{kind}", part) for kind, part in pairs.groupby("target_type", sort=True)),
    ]
    return [[task, group, "target", family, model, reference,
             *win_rate_row(part["difference"].to_numpy()), *bh_counts(found, part["target"])]
            for group, part in groups]  # fmt: skip


def target_win_rates(
    comparisons: pd.DataFrame,
    targets: pd.DataFrame,
    pairs: list[dict[str, str]],
    families: dict[str, str],
    tests: PairTests | None = None,
) -> list[list]:
    """Rows over the targets of each multi-target dataset: the models comparisons.tsv paired
    (each family's best against the best baseline), then each configured pair (`task`,
    `model`, `reference`; `families`: model -> family) on every dataset of its task where
    both ran."""
    datasets = targets[["task", "dataset"]].drop_duplicates()
    rows = []
    for _, pair in comparisons[comparisons["dataset"].isin(datasets["dataset"])].iterrows():
        rows += target_rows(targets, pair["task"], pair["dataset"], pair["family"],
                            pair["model"], pair["baseline"], tests)  # fmt: skip
    for pair in pairs:
        for dataset in datasets.loc[datasets["task"] == pair["task"], "dataset"]:
            family = families.get(pair["model"], "")
            rows += target_rows(targets, pair["task"], dataset, family, pair["model"],
                                pair["reference"], tests)  # fmt: skip
    return rows


def win_rate_table(
    comparisons: pd.DataFrame,
    collections: dict[str, str],
    targets: pd.DataFrame | None,
    pairs: list[dict[str, str]] | None = None,
    families: dict[str, str] | None = None,
    tests: PairTests | None = None,
) -> pd.DataFrame:
    """COLUMNS rows over datasets and cell types, then over targets (`targets`: targets.tsv)
    of each compared family and configured pair (comparisons.tsv's seed rows, not its
    ensembles); a pair that is also a family's best against the best baseline appears once.
    `tests`: per-target tests of a pair, where the predictions are at hand."""
    if "comparison" in comparisons:
        comparisons = comparisons[comparisons["comparison"] == "seeds"]
    rows = dataset_win_rates(comparisons, collections)
    if targets is not None:
        rows += target_win_rates(comparisons, targets, pairs or [], families or {}, tests)
    return pd.DataFrame(rows, columns=COLUMNS).drop_duplicates(ignore_index=True)
