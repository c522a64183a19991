"""One trained model's interpretation, seed by seed, scored against the planted truth of its
simulated dataset: attributions of a fixed sample of test sequences (positives first) by
each configured method -- of the output, or of a multiclass model's true class --, how well
they single out the planted positions, and which planted JASPAR motifs its seqlets and
first-layer filters recover through TOMTOM."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch

from gdlbench.data.dataset import PreparedDataset
from gdlbench.data.motifs import MotifCollection
from gdlbench.errors import ConfigError
from gdlbench.interpret.attribution import SiteOfPair, attribute_targets, per_position
from gdlbench.interpret.motifs import (
    filter_influence,
    filter_pfms,
    first_convolution,
    tomtom_matches,
)
from gdlbench.interpret.seqlets import call_seqlets, seqlet_matrices, seqlet_scores
from gdlbench.interpret.truth import (
    jaspar_base,
    mirna_dependence,
    motif_recovery,
    own_motifs,
    partner_dependence,
    profile_motif_recall,
    site_ranking,
)
from gdlbench.tasks import TASKS

MEASURE_COLUMNS = ["task", "dataset", "model", "family", "seed", "measure", "value"]
FILTER_SEQUENCES = 2000  # test sequences the filters' frequency matrices are counted on
INFLUENCE_SEQUENCES = 256  # of those, the ones each filter is silenced on (multi-label)
TOP_FILTERS = 5  # filters a profile relies on most, whose matches hold its own motif or not


def sample_rows(data: PreparedDataset, n: int, holding: np.ndarray) -> np.ndarray:
    """The `n` test rows interpreted: the positives in row order, then the negatives -- for
    a multiclass task, the rows holding a planted site (`holding`, per row) first. Where
    sequences are attributed (not multi-label), rows not one-hot are left out
    (`one_hot_rows`)."""
    rows, kind = data.indices("test"), TASKS[data.meta["task"]].kind
    if data.modality in ("sequence", "pair", "protein") and attributed(data):
        rows = rows[one_hot_rows(data, rows)]
    if n > len(rows):
        raise ConfigError(
            f"interpretation.n_sequences is {n}, but {data.meta['dataset']} has {len(rows)} "
            "test sequences to interpret (ambiguous bases left out where attributed)"
        )
    if kind == "multiclass":
        first = holding[rows]
    elif kind == "multilabel":  # any profile present
        first = (np.asarray(data.y[rows]) == 1).any(axis=1)
    else:
        first = np.asarray(data.y[rows]) == 1
    return np.concatenate([rows[first], rows[~first]])[:n]


def one_hot_rows(data: PreparedDataset, rows: np.ndarray) -> np.ndarray:
    """Per row, whether its attributed sequence is one-hot, as attribution methods need: no
    ambiguous base or residue (a fractional one-hot, which they refuse or truncate); DNA no
    padding either (proteins, padded to the longest, are attributed by ISM only)."""
    x, _ = attributed_x(data, rows)
    one_hot = ((x == 0) | (x == 1)).all(dim=2).all(dim=1)
    if data.modality != "protein":
        one_hot &= (x.sum(dim=1) == 1).all(dim=1)
    return one_hot.numpy()


def attribution_methods(data: PreparedDataset, settings: dict[str, Any]) -> list[str]:
    """The configured methods that apply: all for DNA; ISM only for proteins, whose padding
    DeepLIFT/SHAP's shuffled references cannot hold; none where a model is not attributed."""
    if not attributed(data):
        return []
    if data.modality == "protein":
        return [method for method in settings["methods"] if method == "ism"]
    return list(settings["methods"])


def attributed_bases(data: PreparedDataset, rows: np.ndarray) -> np.ndarray:
    """The codes (N, L) of the sequences attributed in `rows`: the sequence, or a
    miRNA-target pair's site."""
    x = np.asarray(data.x[rows])
    return x[:, 1] if data.modality == "pair" else x


def attributed_x(
    data: PreparedDataset, rows: np.ndarray
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """(one-hot (N, channels, L), context) attributed on `rows`: the model's input, or for a
    miRNA-target pair its site with the miRNA as context."""
    x = data.inputs(rows)
    return (x[:, 4:], x[:, :4]) if data.modality == "pair" else (x, None)


def attributed_input(
    data: PreparedDataset, net, rows: np.ndarray
) -> tuple[Any, torch.Tensor, torch.Tensor | None]:
    """(model, one-hot, context) attributed on `rows` (`attributed_x`): for a miRNA-target
    pair, the model of its site with the miRNA beside it (SiteOfPair)."""
    x, context = attributed_x(data, rows)
    return (SiteOfPair(net) if data.modality == "pair" else net), x, context


def attributed(data: PreparedDataset) -> bool:
    """Whether a model of the dataset's task is attributed: not multi-label, where no output
    is the sequence's (its filters only)."""
    return TASKS[data.meta["task"]].kind != "multilabel"


def attributed_outputs(data: PreparedDataset, rows: np.ndarray) -> np.ndarray:
    """The output attributed for each row: a multiclass model's true class, else 0."""
    if TASKS[data.meta["task"]].kind == "multiclass":
        return np.asarray(data.y[rows]).astype(int)
    return np.zeros(len(rows), dtype=int)


def interpret_seed(
    data: PreparedDataset,
    model_path: Path,
    rows: np.ndarray,
    masks: dict[str, np.ndarray],
    settings: dict[str, Any],
    collection: MotifCollection,
) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """(measure -> value, arrays to save) of one seed's model on the sampled test `rows`,
    each planted motif's positions in them `masks` (motif -> (rows, L)): per attribution
    method the site AUROC, AUPRC and attribution mass over the sampled sequences holding a
    planted site (and DeepLIFT/SHAP's convergence), its seqlets against the planted sites
    and (where the planted motifs are JASPAR's) their TOMTOM matches against the planted
    motifs (gdlbench.interpret.seqlets), where two motifs are planted the partner dependence
    of the ISM attributions over those holding both; for a miRNA-target pair model (its site
    attributed, the miRNA beside it) the ISM attributions' miRNA dependence over the pairs
    holding a planted seed-match site; for a model with a convolution over the
    bases and JASPAR motifs planted, the planted motifs its filters recover
    (`motif_recall`), the other JASPAR motifs they match (`false_motifs`), the filters
    matching any motif and the first layer's filters. A multi-label model's outputs are not
    attributed (none is the sequence's): its filters only. The arrays: the sampled rows,
    their bases, each planted motif's positions, per method the attributions and seqlets,
    and the learned motifs (filters and seqlets) that match JASPAR, each with its best match
    (`learned_arrays`): what gdlbench.figures.interpretation_examples draws."""
    from gdlbench.training.devices import select_device
    from gdlbench.training.train import load_trained

    net, _ = load_trained(model_path, select_device())
    model, x, context = attributed_input(data, net, rows)
    targets = attributed_outputs(data, rows)
    jaspar = _in_collection(masks, collection)
    planted = np.zeros((len(rows), x.shape[-1]), dtype=bool)
    for mask in masks.values():
        planted |= mask
    holding = planted.any(axis=1)
    pair = list(masks.values()) if len(masks) == 2 else None
    both = pair[0].any(axis=1) & pair[1].any(axis=1) if pair else np.zeros(len(rows), bool)
    measures, learned = {}, []
    arrays = {"rows": rows, "planted": planted, "sequences": attributed_bases(data, rows),
              "planted_motifs": np.array(list(masks), dtype=str),
              "planted_each": np.array(list(masks.values()), dtype=bool)}  # fmt: skip
    for method in attribution_methods(data, settings):
        found = attribute_targets(model, x, targets, method, settings["n_shuffles"], context)
        arrays[method] = found.values.astype(np.float16)
        position = per_position(found.values)
        if holding.any():
            ranked = site_ranking(position[holding], planted[holding])
            measures.update({f"{name}_{method}": value for name, value in ranked.items()})
        seqlets = call_seqlets(position)
        arrays[f"seqlets_{method}"] = seqlets.to_numpy(dtype=np.int64).reshape(-1, 3)
        scores = seqlet_scores(seqlets, planted) if planted.any() else {}  # positions known
        if jaspar:
            queries = seqlet_matrices(x.numpy(), seqlets)
            recovered, matches = _recovered(queries, collection, jaspar, settings["q_value"],
                                            "seqlet_")  # fmt: skip
            scores.update(recovered)
            learned += _learned(f"seqlets_{method}", queries, matches)
        measures.update({f"{name}_{method}": value for name, value in scores.items()})
        if both.any() and method == "ism":  # exact for any model, LSTMs included
            measures[f"partner_dependence_{method}"] = partner_dependence(
                _per_position(model, targets[both], method, settings["n_shuffles"],
                              None if context is None else context[both]), x[both],
                position[both], pair[0][both], pair[1][both],
            )  # fmt: skip
        if context is not None and holding.any() and method == "ism":  # pairs: the miRNA's
            measures["mirna_dependence_ism"] = mirna_dependence(
                lambda mirnas: per_position(attribute_targets(
                    model, x[holding], targets[holding], "ism", context=mirnas).values),
                context[holding], position[holding], planted[holding],
            )  # fmt: skip
        if method == "deep_lift_shap":
            measures["converged_deep_lift_shap"] = float(found.converged)
    if jaspar:  # splice's planted signals are not JASPAR's: no filters to match
        filtered, filters, found = _filter_measures(data, net, collection, jaspar, settings)
        measures.update(filtered)
        arrays.update(filters)
        learned += found
    return measures, {**arrays, **learned_arrays(learned)}


def _filter_measures(
    data: PreparedDataset,
    net,
    collection: MotifCollection,
    motifs: dict[str, np.ndarray],
    settings: dict[str, Any],
) -> tuple[dict[str, float], dict[str, np.ndarray], list[tuple]]:
    """(measures, arrays, learned motifs) of the first-layer filters (none without a
    convolution over the bases: recurrent models): their TOMTOM matches against the planted
    or named `motifs` (`motif_recall`, `false_motifs`, `filters_matched`, `filters`) and,
    for a multi-label model, `profile_motif_recall`."""
    try:
        conv = first_convolution(net)
    except ValueError:
        return {}, {}, []
    test = data.indices("test")[:FILTER_SEQUENCES]
    filters, pfms, _ = filter_pfms(net, data.inputs(test))
    measures, matches = _recovered(pfms, collection, motifs, settings["q_value"], "")
    measures["filters_matched"] = measures.pop("matched")
    measures["filters"] = float(conv.out_channels)
    if not attributed(data):  # multi-label: each TF profile's own motif, filter by filter
        measures["profile_motif_recall"] = _profile_recall(
            data, net, test[:INFLUENCE_SEQUENCES], filters, matches, collection, motifs
        )
    return (
        measures,
        {"filters": np.asarray(filters, dtype=np.int64)},
        _learned("filters", pfms, matches),
    )


def _recovered(
    queries: list[np.ndarray],
    collection: MotifCollection,
    masks: dict[str, np.ndarray],
    q_value: float,
    prefix: str,
) -> tuple[dict[str, float], pd.DataFrame]:
    """(`<prefix>motif_recall` and `<prefix>false_motifs` of the queries' TOMTOM matches
    against the planted motifs and how many queries matched any motif (`<prefix>matched`),
    the matches)."""
    matches = tomtom_matches(queries, collection, q_value)
    recovery = motif_recovery(set(matches["target"]), set(masks))
    return {**{f"{prefix}{name}": value for name, value in recovery.items()},
            f"{prefix}matched": float(matches["query"].nunique())}, matches  # fmt: skip


def _profile_recall(data, net, rows, filters, matches, collection, motifs) -> float:
    """profile_motif_recall of a multi-label model: its TF profiles (named after a TF of
    `motifs`), the filters each relies on most (filter_influence on the test `rows`), and
    those filters' JASPAR `matches` (queries: positions in `filters`)."""
    names = {jaspar_base(motif): name for motif, name in zip(collection.ids, collection.names,
                                                              strict=True)}  # fmt: skip
    own = own_motifs(data.meta["targets"], {m: names[jaspar_base(m)] for m in motifs})
    matched: dict[int, set[str]] = {}
    for query, target in zip(matches["query"], matches["target"], strict=True):
        matched.setdefault(int(filters[int(query)]), set()).add(target)
    influence = filter_influence(net, data.inputs(rows)) if own else np.zeros((0, 0))
    return profile_motif_recall(influence, own, matched, TOP_FILTERS)


def _learned(kind: str, queries: list[np.ndarray], matches: pd.DataFrame) -> list[tuple]:
    """(kind, index among `kind`, matrix, JASPAR ID, name, q-value, strand) of each query
    that matches a motif, with its best match."""
    best = matches.drop_duplicates("query")[["query", "target", "name", "q_value", "strand"]]
    return [(kind, int(query), queries[int(query)], target, name, q, strand)
            for query, target, name, q, strand in best.itertuples(index=False)]  # fmt: skip


def learned_arrays(learned: list[tuple]) -> dict[str, np.ndarray]:
    """The learned motifs of `_learned` as arrays: `learned_kind` (`filters` or
    `seqlets_<method>`), `learned_index` (into the saved array of that name), the matrices
    side by side (`learned_matrices`, (4, total width), float16; `learned_widths`), and their
    best JASPAR match (`learned_target`, `learned_name`, `learned_q`, `learned_strand`)."""
    columns = zip(*learned, strict=True) if learned else [()] * 7
    kinds, index, matrices, targets, names, q, strands = columns
    return {
        "learned_kind": np.array(kinds, dtype=str),
        "learned_index": np.array(index, dtype=np.int64),
        "learned_widths": np.array([m.shape[1] for m in matrices], dtype=np.int64),
        "learned_matrices": (
            np.concatenate(matrices, axis=1) if matrices else np.zeros((4, 0))
        ).astype(np.float16),  # fmt: skip
        "learned_target": np.array(targets, dtype=str),
        "learned_name": np.array(names, dtype=str),
        "learned_q": np.array(q, dtype=float),
        "learned_strand": np.array(strands, dtype=str),
    }


def _in_collection(masks: dict[str, np.ndarray], collection: MotifCollection) -> dict:
    """The planted motifs (and their masks) that are matrices of `collection` (by JASPAR
    base ID): those the models' motifs can be matched to."""
    known = {jaspar_base(motif) for motif in collection.ids}
    return {motif: mask for motif, mask in masks.items() if jaspar_base(motif) in known}


def _per_position(model, targets: np.ndarray, method: str, n_shuffles: int, context):
    """Sequences -> their (N, L) per-position attributions of outputs `targets` by `method`
    (`context`: the model's second input beside them, if any)."""
    return lambda x: per_position(
        attribute_targets(model, x, targets, method, n_shuffles, context).values
    )


def interpret_run(
    data: PreparedDataset,
    examples: pd.DataFrame,
    planted: pd.DataFrame | None,
    model: str,
    family: str,
    seeds: list[int],
    model_paths: list[Path],
    settings: dict[str, Any],
    attribution_paths: list[Path],
    collection: MotifCollection,
) -> pd.DataFrame:
    """MEASURE_COLUMNS rows of every seed of one model on a prepared dataset (its
    examples.tsv `examples`, its simulator's `planted` truth; None for real data: the JASPAR
    motifs its options name, at no known positions), filters and seqlets matched to
    `collection`; each seed's attributions (float16), sampled rows and planted mask saved to
    its `attribution_paths` (.npz). Histone-mark profiles: occlusion and attention against
    the causal marks and bins (gdlbench.interpret.marks)."""
    from gdlbench.data.simulate.planted import named_motifs, planted_positions

    if data.modality == "matrix":  # histone marks x bins
        return _interpret_marks(data, planted, model, family, seeds, model_paths, settings,
                                attribution_paths)  # fmt: skip
    length, holding = data.x.shape[-1], np.zeros(len(data.y), dtype=bool)
    every = {} if planted is None else planted_positions(examples, planted, length)
    for mask in every.values():
        holding[: len(mask)] |= mask.any(axis=1)
    rows = sample_rows(data, settings["n_sequences"], holding)
    if planted is None:  # positions unknown
        unknown = np.zeros((len(rows), length), dtype=bool)
        masks = {motif: unknown for motif in named_motifs(data.meta.get("options", {}))}
    else:
        masks = {motif: mask[rows] for motif, mask in every.items()}

    def per_seed(path: Path) -> tuple[dict[str, float], dict[str, np.ndarray]]:
        return interpret_seed(data, path, rows, masks, settings, collection)

    return _table(data, model, family, seeds, model_paths, attribution_paths, per_seed)


def _interpret_marks(data, planted, model, family, seeds, model_paths, settings,
                     attribution_paths) -> pd.DataFrame:  # fmt: skip
    """interpret_run of a model of histone-mark profiles (gdlbench.interpret.marks)."""
    from gdlbench.data.simulate.planted import causal_cells
    from gdlbench.interpret.marks import mark_measures
    from gdlbench.training.devices import select_device
    from gdlbench.training.train import load_trained

    causal = causal_cells(planted, data.meta["channels"], data.x.shape[-1])
    marks = np.array(data.meta["channels"], dtype=str)
    rows = sample_rows(data, settings["n_sequences"], np.zeros(len(data.y), dtype=bool))
    x, reference = data.inputs(rows), data.inputs(data.indices("train")).mean(dim=0)

    def per_seed(path: Path) -> tuple[dict[str, float], dict[str, np.ndarray]]:
        net, _ = load_trained(path, select_device())
        measures, arrays = mark_measures(net, x, reference, causal)
        return measures, {"rows": rows, "causal": causal, "marks": marks, **arrays}

    return _table(data, model, family, seeds, model_paths, attribution_paths, per_seed)


def _table(data, model, family, seeds, model_paths, attribution_paths, per_seed):
    """MEASURE_COLUMNS rows of `per_seed(model path)` over the seeds, each seed's arrays
    saved to its attribution path."""
    table = []
    for seed, path, saved in zip(seeds, model_paths, attribution_paths, strict=True):
        measures, arrays = per_seed(Path(path))
        Path(saved).parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(saved, **arrays)
        table += [[data.meta["task"], data.meta["dataset"], model, family, seed, name, value]
                  for name, value in measures.items()]  # fmt: skip
    return pd.DataFrame(table, columns=MEASURE_COLUMNS)
