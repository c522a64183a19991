"""Paired comparisons on the same test examples: per dataset, each deep-learning family's best
model against the best baseline. "Best" is chosen on the validation split (highest seed-mean
validation value of the task's primary metric, lowest for errors), never on the test split.

The unit compared is a trained model (a seed). The difference is that of the seed-mean test
metrics (family minus baseline, positive = the family is better, errors sign-flipped): what
summary.tsv's means give. Its interval is a two-level bootstrap (gdlbench.bootstrap): each
replicate resamples the test examples -- whole clusters of dependent examples, the ids
prepare gave -- shared by both models, then each model's seeds independently, so it covers
test sampling and training noise; a deterministic baseline is one seed repeated. The
two-sided bootstrap p-value is Holm-adjusted over the comparisons of a task, and the label
(`better`, `worse`, `no clear difference`) follows the adjusted value.

Seeds whose training never left the chance loss are named; `at_chance: exclude` leaves them
out. Ensembles (each side its seeds' averaged scores, resampled over examples only) are extra
rows labelled `comparison: ensemble`, only on request and only against a baseline with as many
distinct members (a bagged baseline, `bagging: true`): a deterministic baseline is not an
ensemble of three.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from gdlbench.aggregate.stats import holm_adjusted
from gdlbench.bootstrap import (
    bootstrap_test,
    distinct_seeds,
    draw_resamples,
    paired_replicates,
    paired_seed_replicates,
    scored_resamples,
)
from gdlbench.evaluation.predictions import read_predictions
from gdlbench.kinds import higher_is_better, primary_metric, task_kind
from gdlbench.plan import MANIFEST_COLUMNS

COLUMNS = ["task", "dataset", "metric", "comparison", "family", "model", "baseline", "n_test",
           "n_clusters", "family_seeds", "baseline_seeds", "family_seeds_at_chance",
           "baseline_seeds_at_chance", "at_chance", "family_value", "baseline_value",
           "difference", "ci_low", "ci_high", "p_value", "p_holm", "label",
           "n_bootstrap"]  # fmt: skip
ALPHA = 0.05
# (dataset, model) -> seed -> that seed's prediction file
Predictions = dict[tuple[str, str], dict[int, Path]]


class SeedScores(NamedTuple):
    """A model's test predictions: truth, each seed's scores, each example's cluster id."""

    y: np.ndarray
    scores: dict[int, np.ndarray]
    clusters: np.ndarray


def read_test_scores(paths: dict[int, Path]) -> SeedScores:
    """The test rows (in row order, memory-mapped) of each seed's predictions (`paths`:
    seed -> its folder, gdlbench.evaluation.predictions)."""
    scores, y, clusters = {}, None, None
    for seed, path in sorted(paths.items()):
        _, clusters, y, scores[seed] = read_predictions(path, "test")
    return SeedScores(y, scores, clusters)


def paired_difference(
    task: str,
    y: np.ndarray,
    a_by_seed: list[np.ndarray],
    b_by_seed: list[np.ndarray],
    n_bootstrap: int,
    seed: list[int],
    clusters: np.ndarray | None = None,
) -> tuple[float, float, float, float, int]:
    """Seed-mean primary metric of model a minus that of b on the same examples (errors
    sign-flipped, so positive = a is better): (difference, 95% CI, p-value, replicates
    used) of the two-level bootstrap."""
    metric = primary_metric(task)[0]
    rng = np.random.default_rng(seed)
    found = paired_seed_replicates(task, metric, y, a_by_seed, b_by_seed, n_bootstrap, rng,
                                   clusters)  # fmt: skip
    return signed_test(task, *found)


def signed_test(task: str, observed: float, values: np.ndarray):
    """`bootstrap_test` of a difference and its replicates, errors sign-flipped."""
    sign = 1.0 if primary_metric(task)[1] else -1.0
    return sign * observed, *bootstrap_test(sign * values)


def ranked_models(metrics: pd.DataFrame, task: str, dataset: str) -> pd.DataFrame:
    """Columns family, model, value: every model of the dataset, best seed-mean validation
    value of the primary metric first."""
    metric = primary_metric(task)[0]
    rows = metrics[(metrics["dataset"] == dataset) & (metrics["metric"] == metric)
                   & (metrics["split"] == "valid")]  # fmt: skip
    means = rows.groupby(["family", "model"], sort=True)["value"].mean().reset_index()
    return means.sort_values("value", ascending=not higher_is_better(metric), kind="stable")


def best_models(metrics: pd.DataFrame, task: str, dataset: str) -> dict[str, str]:
    """Family -> its model with the best seed-mean validation value of the primary metric."""
    ranked = ranked_models(metrics, task, dataset)
    return ranked.groupby("family", sort=True)["model"].first().to_dict()


def seeds_at_chance(metrics: pd.DataFrame, dataset: str, model: str) -> list[int]:
    """Seeds of a run whose training never left the chance loss (its `at_chance` flags)."""
    flags = metrics[(metrics["dataset"] == dataset) & (metrics["model"] == model)
                    & (metrics["metric"] == "at_chance") & (metrics["value"] > 0)]  # fmt: skip
    return sorted(int(s) for s in flags["seed"])


def _seed_list(seeds) -> str:
    return ",".join(str(s) for s in seeds)


class Side(NamedTuple):
    """One side of a comparison: its model, the seeds compared and those at chance."""

    model: str
    seeds: list[int]
    at_chance: list[int]


def compared_side(
    metrics: pd.DataFrame, test: SeedScores, dataset: str, model: str, at_chance: str
) -> Side:
    """The seeds of `model` that enter the comparison: all, or (`at_chance: exclude`) those
    that left the chance loss."""
    chance = seeds_at_chance(metrics, dataset, model)
    seeds = sorted(test.scores)
    if at_chance == "exclude":
        seeds = [s for s in seeds if s not in chance]
    return Side(model, seeds, chance)


Scored = np.ndarray | None  # a side's `scored_resamples`; None: no seed compared


def comparison_row(
    task: str,
    dataset: str,
    family: str,
    sides: tuple[Side, Side],
    scored: tuple[Scored, Scored],
    test: SeedScores,
    settings: dict,
    rng_seed: list[int],
    ensemble: bool = False,
) -> list:
    """One COLUMNS row (adjusted p-value and label filled in later): family side against
    baseline side, from both sides' metric on the test examples and their shared resamples
    (`scored`), by seeds or (`ensemble`) as seed-averaged ensembles; `rng_seed` draws the
    seed resamples."""
    fam, base = sides
    if all(side is not None for side in scored):
        observed, values = paired_replicates(*scored, np.random.default_rng(rng_seed))
        found = signed_test(task, observed, values)
        values = [float(side[0].mean()) for side in scored]
    else:  # every seed of a side excluded as at chance
        found, values = (np.nan, np.nan, np.nan, np.nan, 0), [np.nan, np.nan]
    difference, low, high, p, used = found
    return [task, dataset, primary_metric(task)[0], "ensemble" if ensemble else "seeds", family,
            fam.model, base.model, len(test.y), len(np.unique(test.clusters)),
            _seed_list(fam.seeds), _seed_list(base.seeds), _seed_list(fam.at_chance),
            _seed_list(base.at_chance), settings["at_chance"], *values, difference, low, high, p,
            np.nan, "", used]  # fmt: skip


def members(side: Side, test: SeedScores) -> int:
    """How many distinct models the compared seeds of a side are (1: deterministic)."""
    return len(distinct_seeds([test.scores[s] for s in side.seeds])) if side.seeds else 0


def resample_scorer(task: str, test: SeedScores, settings: dict):
    """A function (side, its test scores, ensemble?) -> `scored_resamples` of the side's
    seeds (or of their average) on resamples of the test examples drawn once per dataset,
    so that every comparison of the dataset reads them and each model is scored once."""
    rng = np.random.default_rng(settings["seed"])
    counts = draw_resamples(len(test.y), settings["n_bootstrap"], rng, clusters=test.clusters)[0]
    metric, scored = primary_metric(task)[0], {}

    def score(side: Side, side_test: SeedScores, ensemble: bool = False) -> Scored:
        if (side.model, ensemble) not in scored:
            seeds = [side_test.scores[s] for s in side.seeds]
            if ensemble and seeds:
                seeds = [np.mean(seeds, axis=0)]
            scored[side.model, ensemble] = (
                scored_resamples(task, metric, side_test.y, seeds, counts) if seeds else None
            )
        return scored[side.model, ensemble]

    return score


def compare_families(
    metrics: pd.DataFrame,
    predictions: Predictions,
    task: str,
    dataset: str,
    settings: dict,
) -> list[list]:
    """COLUMNS rows of one dataset: every DL family's best model against the best baseline
    (`settings`: the config's `comparisons`), each followed, with `ensembles`, by its
    ensemble against that of the best baseline (on validation) with as many distinct
    members -- a bagged one where the best baseline is deterministic; none where there is
    no such baseline. Every comparison reads the same resamples of the test examples; each
    draws its own resamples of the seeds."""
    best = best_models(metrics, task, dataset)
    if "baseline" not in best:
        return []
    ranked = ranked_models(metrics, task, dataset)
    baselines = {}  # model -> (side, test), read when needed
    for model in ranked.loc[ranked["family"] == "baseline", "model"]:
        test = read_test_scores(predictions[(dataset, model)])
        baselines[model] = (compared_side(metrics, test, dataset, model, settings["at_chance"]),
                            test)  # fmt: skip
        if not settings.get("ensembles"):
            break
    base, base_test = baselines[best["baseline"]]
    score = resample_scorer(task, base_test, settings)
    rows = []
    families = [(f, m) for f, m in sorted(best.items()) if f != "baseline"]
    for i, (family, model) in enumerate(families):
        test = read_test_scores(predictions[(dataset, model)])
        side = compared_side(metrics, test, dataset, model, settings["at_chance"])
        scored = (score(side, test), score(base, base_test))
        rows.append(comparison_row(task, dataset, family, (side, base), scored, test, settings,
                                   [settings["seed"], i]))  # fmt: skip
        size = members(side, test)
        partners = [pair for pair in baselines.values() if size > 1 and members(*pair) == size]
        if settings.get("ensembles") and partners:
            (partner, partner_test), *_ = partners
            scored = (score(side, test, True), score(partner, partner_test, True))
            rows.append(comparison_row(task, dataset, family, (side, partner), scored, test,
                                       settings, [settings["seed"], i, 1], True))  # fmt: skip
    return rows


def label(difference: float, p_adjusted: float, alpha: float = ALPHA) -> str:
    """`better` / `worse` (the family, by the sign of the difference) where the adjusted
    p-value is below `alpha`, `no clear difference` otherwise, `error` where undefined."""
    if not (np.isfinite(difference) and np.isfinite(p_adjusted)):
        return "error"
    if p_adjusted >= alpha:
        return "no clear difference"
    return "better" if difference > 0 else "worse"


def adjust(table: pd.DataFrame) -> pd.DataFrame:
    """Holm-adjusted p-values over the comparisons of each task (seed and ensemble rows
    apart), and the labels they give."""
    table = table.copy()
    for _, part in table.groupby(["task", "comparison"], sort=False):
        table.loc[part.index, "p_holm"] = holm_adjusted(part["p_value"].to_numpy())
    table["label"] = [label(d, p) for d, p in zip(table["difference"], table["p_holm"],
                                                  strict=True)]  # fmt: skip
    return table


def read_manifests(paths: list[str]) -> pd.DataFrame:
    """The rows (MANIFEST_COLUMNS) of evaluate_dataset's prediction manifests."""
    frames = [pd.read_csv(path, sep="\t") for path in paths]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=MANIFEST_COLUMNS)  # fmt: skip


def predictions_by_run(manifest: pd.DataFrame) -> tuple[Predictions, dict[str, str]]:
    """(dataset, model) -> seed -> its prediction file, and dataset -> task, of the runs of a
    prediction manifest (read_manifests)."""
    predictions: Predictions = {}
    for row in manifest.itertuples(index=False):
        predictions.setdefault((row.dataset, row.model), {})[int(row.seed)] = Path(row.path)
    return predictions, dict(zip(manifest["dataset"], manifest["task"], strict=True))


def comparison_table(
    metrics: pd.DataFrame,
    predictions: Predictions,
    tasks: dict[str, str],
    settings: dict,
) -> pd.DataFrame:
    """All datasets (`tasks`: dataset -> task) of supervised tasks, p-values adjusted."""
    rows = []
    for dataset, task in sorted(tasks.items()):
        if task_kind(task).supervised:
            rows += compare_families(metrics, predictions, task, dataset, settings)
    return adjust(pd.DataFrame(rows, columns=COLUMNS))
