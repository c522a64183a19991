"""Interpretation against a known answer: a small CNN trained on a strongly planted JASPAR
motif gets its attributions on the planted sites and its filters matched to that motif;
a position the model cannot see gets no attribution; TOMTOM finds a JASPAR matrix in
JASPAR."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch
from torch import nn

from gdlbench.data.encode import encode, one_hot
from gdlbench.data.motifs import (
    MotifCollection,
    jaspar_collection,
    read_collection,
    write_collection,
)
from gdlbench.data.simulate.tfbs import random_dna, sample_site
from gdlbench.interpret.attribution import attribute, attribute_targets, per_position
from gdlbench.interpret.motifs import check_matcher, filter_pfms, tomtom_matches
from gdlbench.interpret.seqlets import call_seqlets, seqlet_matrices, seqlet_scores
from gdlbench.interpret.truth import motif_recovery, site_ranking
from gdlbench.models.cnn import build_cnn

CTCF = "MA0139"
LENGTH = 80


def _planted_set(n: int, seed: int) -> tuple[torch.Tensor, np.ndarray, np.ndarray]:
    """(one-hot (n, 4, LENGTH), labels, planted positions (n, LENGTH)): half the sequences
    carry a CTCF site at a random place."""
    rng = np.random.default_rng(seed)
    sequences, labels = [], np.arange(n) % 2
    planted = np.zeros((n, LENGTH), dtype=bool)
    for i, label in enumerate(labels):
        sequence = random_dna(LENGTH, rng)
        if label:
            site = sample_site(CTCF, rng)
            at = int(rng.integers(0, LENGTH - len(site)))
            sequence = sequence[:at] + site + sequence[at + len(site) :]
            planted[i, at : at + len(site)] = True
        sequences.append(sequence)
    return one_hot(encode(sequences)), labels, planted


@pytest.fixture(scope="module")
def trained() -> nn.Module:
    torch.manual_seed(0)
    x, y, _ = _planted_set(800, seed=1)
    model = build_cnn((4, LENGTH), 1, filters=[8], kernel_size=19, global_pool=True, dense=8,
                      dropout=0.0)  # fmt: skip
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    target = torch.as_tensor(y, dtype=torch.float32)[:, None]
    for _ in range(40):
        for batch in torch.randperm(len(x)).split(64):
            optimizer.zero_grad()
            nn.functional.binary_cross_entropy_with_logits(
                model(x[batch]), target[batch]
            ).backward()
            optimizer.step()
    return model.eval()


@pytest.mark.parametrize("method", ["deep_lift_shap", "ism"])
def test_attributions_of_a_trained_cnn_single_out_the_planted_sites(trained, method):
    x, y, planted = _planted_set(40, seed=2)
    found = attribute(trained, x[y == 1], method, n_shuffles=10)
    assert found.values.shape == (20, 4, LENGTH)
    assert np.all(found.values[(x[y == 1] == 0).numpy()] == 0)  # observed bases only
    scores = site_ranking(per_position(found.values), planted[y == 1])
    assert scores["site_auroc"] > 0.75  # an untrained copy: 0.47 (DeepLIFT/SHAP), 0.49 (ISM)


def test_the_filters_of_a_trained_cnn_match_the_planted_motif(trained):
    x, y, _ = _planted_set(200, seed=3)
    kept, pfms, sites = filter_pfms(trained, x)
    assert kept and all(np.allclose(pfm.sum(axis=0), 1) for pfm in pfms) and min(sites) > 0
    matches = tomtom_matches(pfms, jaspar_collection(), 0.05, [f"filter_{f}" for f in kept])
    recovered = motif_recovery(set(matches["target"]), {f"{CTCF}.2"})
    assert recovered["motif_recall"] == 1.0


class _Blind(nn.Module):
    """A convolution that never sees the first ten positions (its input is zeroed there)."""

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("mask", torch.ones(1, 4, LENGTH))
        self.mask[:, :, :10] = 0
        self.conv = nn.Conv1d(4, 6, 7, padding=3)
        self.relu = nn.ReLU()
        self.head = nn.Linear(6 * LENGTH, 1)

    def forward(self, x):
        return self.head(self.relu(self.conv(x * self.mask)).flatten(1))


@pytest.mark.parametrize("method", ["deep_lift_shap", "ism"])
def test_a_position_the_model_cannot_see_gets_no_attribution(method):
    torch.manual_seed(0)
    x, _, _ = _planted_set(6, seed=4)
    found = attribute(_Blind(), x, method, n_shuffles=5)
    position = np.abs(per_position(found.values))
    # zero up to float rounding (ISM's outputs come from batches of different mutants)
    assert position[:, :10].max() <= 1e-5 * position[:, 10:].max()
    assert found.converged


class _ClassPositions(nn.Module):
    """Three outputs: output k is whether position 40 + k holds an A."""

    def forward(self, x):
        return x[:, 0, 40:43] * 1.0


@pytest.mark.parametrize("method", ["deep_lift_shap", "ism"])
def test_each_sequence_is_attributed_through_its_own_output(method):
    x, _, _ = _planted_set(6, seed=5)
    x[:, :, 40:43] = 0.0
    x[:, 0, 40:43] = 1.0  # A at positions 40-42: every output is 1
    targets = np.array([0, 1, 2, 2, 1, 0])
    position = per_position(attribute_targets(_ClassPositions(), x, targets, method, 5).values)
    own = 40 + targets  # 1 minus the share of references with an A there, for DeepLIFT/SHAP
    assert (np.abs(position[np.arange(6), own]) > 0.2).all()
    others = np.ones_like(position, dtype=bool)
    others[np.arange(6), own] = False
    assert np.abs(position[others]).max() < 1e-6


def test_tomtom_finds_a_jaspar_matrix_in_jaspar():
    collection = jaspar_collection()
    index = next(i for i, m in enumerate(collection.ids) if m.startswith(CTCF))
    matches = tomtom_matches([collection.matrices[index]], collection, 0.05)
    assert matches["target"].iloc[0] == collection.ids[index]
    assert matches["q_value"].iloc[0] < 1e-3


def test_a_saved_collection_reads_back_as_it_was(tmp_path):
    collection = jaspar_collection()
    write_collection(collection, tmp_path / "jaspar.npz")
    saved = read_collection(tmp_path / "jaspar.npz")
    assert saved.ids == collection.ids and saved.names == collection.names
    assert all(np.array_equal(a, b) for a, b in zip(saved.matrices, collection.matrices,
                                                    strict=True))  # fmt: skip


def test_the_matcher_check_finds_every_jaspar_matrix_and_names_those_it_misses():
    collection = jaspar_collection()
    check_matcher(collection, 0.05)
    # a one-base matrix (an A) is too short to be found among 1 000 motifs, itself included
    flat = [np.array([[1.0], [0.0], [0.0], [0.0]])] + collection.matrices[1:]
    with pytest.raises(ValueError, match=f"does not find 1 of {len(flat)} JASPAR matrices in "
                                         f"their own collection at q <= 0.05: "
                                         f"{collection.ids[0]}$"):  # fmt: skip
        check_matcher(MotifCollection(collection.ids, collection.names, flat), 0.05)


def test_deep_lift_shap_runs_where_training_asked_for_deterministic_algorithms(trained):
    """Training sets torch.use_deterministic_algorithms(True); DeepLIFT/SHAP's unpooling is
    allowed while it runs, and the setting is restored after."""
    torch.use_deterministic_algorithms(True)
    try:
        x, y, _ = _planted_set(4, seed=5)
        assert attribute(trained, x, "deep_lift_shap", n_shuffles=2).values.shape == x.shape
        assert torch.are_deterministic_algorithms_enabled()
        assert not torch.is_deterministic_algorithms_warn_only_enabled()
    finally:
        torch.use_deterministic_algorithms(False)


def test_an_unknown_attribution_method_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown attribution method 'saliency'"):
        attribute(_Blind(), torch.zeros(1, 4, LENGTH), "saliency")


@pytest.fixture(scope="module")
def tfbs_cnn(tfbs_prepared, tmp_path_factory) -> Path:
    """The project's CNN trained (8 epochs) on simulated CTCF peaks, saved as a job saves it."""
    from gdlbench.data.dataset import PreparedDataset
    from gdlbench.training.train import save_trained, train_model

    folder = tmp_path_factory.mktemp("tfbs_cnn")
    training = {"batch_size": 32, "lr": 0.003, "weight_decay": 0.0, "patience": 4, "amp": True,
                "max_epochs": 8}  # fmt: skip
    best, curve = train_model(PreparedDataset.load(tfbs_prepared), "cnn",
                              {"filters": [16], "kernel_size": 19, "dense": 16}, training, 0,
                              folder / "last.pt", lambda message: None)  # fmt: skip
    save_trained(best, curve, folder / "model.pt", folder / "curve.tsv")
    return folder / "model.pt"


def test_a_trained_model_is_scored_against_the_planted_truth(
    tfbs_prepared, tfbs_raw, tfbs_cnn, tmp_path
):
    """interpret_run: site AUROC of each method on the sampled positives, the planted CTCF
    among the filters' TOMTOM matches, the arrays saved as float16 per seed."""
    import pandas as pd

    from gdlbench.data.dataset import PreparedDataset
    from gdlbench.data.simulate.planted import PLANTED_FILE, read_planted
    from gdlbench.interpret.run import MEASURE_COLUMNS, interpret_run, sample_rows

    data = PreparedDataset.load(tfbs_prepared)
    examples = pd.read_csv(tfbs_prepared / "examples.tsv", sep="\t")
    settings = {"methods": ["ism", "deep_lift_shap"], "n_shuffles": 5, "n_sequences": 24,
                "q_value": 0.05}  # fmt: skip
    saved = [tmp_path / "0.npz", tmp_path / "1.npz"]
    write_collection(jaspar_collection(), tmp_path / "jaspar.npz")  # as collect_motifs does
    table = interpret_run(data, examples, read_planted(tfbs_raw / PLANTED_FILE), "cnn", "cnn",
                          [0, 1], [tfbs_cnn] * 2, settings, saved,
                          read_collection(tmp_path / "jaspar.npz"))  # fmt: skip
    assert list(table.columns) == MEASURE_COLUMNS and set(table["seed"]) == {0, 1}
    found = table[table["seed"] == 0].set_index("measure")["value"]
    per_method = ["site_auroc", "site_auprc", "site_mass", "site_share", "seqlets",
                  "seqlet_precision", "seqlet_recall", "seqlet_motif_recall",
                  "seqlet_false_motifs", "seqlet_matched"]  # fmt: skip
    assert sorted(found.index) == sorted(
        [f"{name}_{method}" for name in per_method for method in ("ism", "deep_lift_shap")]
        + ["converged_deep_lift_shap", "motif_recall", "false_motifs", "filters_matched", "filters"]
    )  # one motif planted: no partner dependence
    # one epoch (at chance): AUPRC 0.25 and 0.27 (19 of 101 positions planted), recall 0
    assert found["site_auprc_ism"] > 0.4 and found["site_auprc_deep_lift_shap"] > 0.4
    assert found["site_auroc_ism"] > 0.5 and found["site_auroc_deep_lift_shap"] > 0.5
    assert found["motif_recall"] == 1.0 and 1 <= found["filters_matched"] <= found["filters"]
    assert found["converged_deep_lift_shap"] == 1.0
    # seqlets: most overlap the planted sites, and their bases match CTCF (at chance: 0 and 0)
    assert found["seqlet_precision_ism"] > 0.5 and found["seqlet_precision_deep_lift_shap"] > 0.5
    assert found["seqlet_motif_recall_ism"] == 1.0
    arrays = np.load(saved[1])
    rows = sample_rows(data, 24, np.zeros(len(data.y), dtype=bool))
    assert (arrays["rows"] == rows).all() and (data.y[rows[:12]] == 1).all()  # positives first
    assert arrays["ism"].dtype == np.float16 and arrays["ism"].shape == (24, 4, 101)
    assert arrays["planted"].shape == (24, 101) and arrays["planted"][:12].any()
    # what the examples figure draws: the bases, each planted motif's sites, the learned
    # motifs with their best match (a filter's CTCF among them)
    assert (arrays["sequences"] == data.x[rows]).all() and arrays["planted_each"].shape[0] == 1
    assert (arrays["planted_each"][0] == arrays["planted"]).all()
    filters = arrays["learned_kind"] == "filters"
    assert "CTCF" in set(arrays["learned_name"][filters])
    assert arrays["learned_widths"].sum() == arrays["learned_matrices"].shape[1]
    assert set(arrays["learned_index"][filters]) <= set(range(len(arrays["filters"])))


def test_on_real_data_the_filters_and_seqlets_are_matched_to_the_named_motif(
    tfbs_prepared, tfbs_cnn, tmp_path
):
    """No planted truth (real data): the dataset's `options.motif` (CTCF) is what the
    filters' and seqlets' matches are scored against; no positions are known, so nothing
    is scored by position."""
    from gdlbench.data.dataset import PreparedDataset
    from gdlbench.interpret.run import interpret_run

    data = PreparedDataset.load(tfbs_prepared)
    settings = {"methods": ["ism"], "n_shuffles": 5, "n_sequences": 24, "q_value": 0.05}
    write_collection(jaspar_collection(), tmp_path / "jaspar.npz")
    table = interpret_run(data, pd.read_csv(tfbs_prepared / "examples.tsv", sep="\t"), None,
                          "cnn", "cnn", [0], [tfbs_cnn], settings, [tmp_path / "0.npz"],
                          read_collection(tmp_path / "jaspar.npz"))  # fmt: skip
    found = table.set_index("measure")["value"]
    assert sorted(found.index) == sorted(
        ["seqlet_motif_recall_ism", "seqlet_false_motifs_ism", "seqlet_matched_ism",
         "motif_recall", "false_motifs", "filters_matched", "filters"]
    )  # fmt: skip
    assert found["motif_recall"] == 1.0 and found["seqlet_motif_recall_ism"] == 1.0


def test_a_multiclass_model_is_scored_on_its_true_class_against_planted_splice_sites(
    splice_prepared, tmp_path
):
    """splice: a CNN's attributions of each sampled junction's true class single out the
    planted donor or acceptor; the planted signals are not JASPAR's, so nothing is matched."""
    from gdlbench.data.dataset import PreparedDataset
    from gdlbench.data.simulate.planted import PLANTED_FILE, read_planted
    from gdlbench.interpret.run import interpret_run
    from gdlbench.training.train import save_trained, train_model

    data = PreparedDataset.load(splice_prepared)
    training = {"batch_size": 32, "lr": 0.003, "weight_decay": 0.0, "patience": 4, "amp": True,
                "max_epochs": 8}  # fmt: skip
    best, curve = train_model(data, "cnn", {"filters": [16], "kernel_size": 9, "dense": 16},
                              training, 0, tmp_path / "last.pt", lambda message: None)  # fmt: skip
    save_trained(best, curve, tmp_path / "model.pt", tmp_path / "curve.tsv")
    settings = {"methods": ["ism"], "n_shuffles": 5, "n_sequences": 30, "q_value": 0.05}
    ctcf_only = MotifCollection(["MA0139.1"], ["CTCF"], [np.full((4, 5), 0.25)])
    table = interpret_run(data, pd.read_csv(splice_prepared / "examples.tsv", sep="\t"),
                          read_planted(splice_prepared.parent / PLANTED_FILE), "cnn", "cnn",
                          [0], [tmp_path / "model.pt"], settings, [tmp_path / "0.npz"],
                          ctcf_only)  # fmt: skip
    found = table.set_index("measure")["value"]
    assert sorted(found.index) == sorted(
        f"{name}_ism" for name in ("site_auroc", "site_auprc", "site_mass", "site_share",
                                   "seqlets", "seqlet_precision", "seqlet_recall")
    )  # fmt: skip
    # N's logit attributed for every junction instead: AUROC 0.22, AUPRC 0.15 (0.80, 0.76)
    assert found["site_auroc_ism"] > 0.7 and found["site_auprc_ism"] > 0.6
    assert found["site_mass_ism"] > 2 * found["site_share_ism"]
    arrays = np.load(tmp_path / "0.npz")
    labels = data.y[arrays["rows"]]
    assert arrays["planted"].any(axis=1).sum() == 30 and set(labels) == {0, 1}  # EI, IE first


class _ReadsOneRegion(nn.Module):
    """Reads mark 0's bins 10-19 only."""

    def forward(self, x):
        return x[:, 0, 10:20].sum(dim=1, keepdim=True)


def test_occlusion_changes_the_output_only_where_the_model_reads():
    from gdlbench.interpret.marks import occlusion

    x = torch.rand(6, 5, 30) + 1.0
    found = occlusion(_ReadsOneRegion(), x, torch.zeros(5, 30))
    assert found["marks"][0] > 0 and (found["marks"][1:] == 0).all()
    read = np.zeros((5, 3), dtype=bool)  # blocks of 10 bins
    read[0, 1] = True
    assert (found["cells"][read] > 0.9).all() and (found["cells"][~read] == 0).all()


def test_a_histone_model_is_scored_against_the_causal_marks_and_bins(histone_prepared, tmp_path):
    """AttentiveChrome trained briefly on simulated marks: occlusion and its attention rank
    the four causal marks above the noise mark (H3K4me1), and the causal cells above the
    rest."""
    from gdlbench.data.dataset import PreparedDataset
    from gdlbench.data.simulate.histone import causal_regions
    from gdlbench.data.simulate.planted import PLANTED_COLUMNS
    from gdlbench.interpret.run import interpret_run
    from gdlbench.training.train import save_trained, train_model

    data = PreparedDataset.load(histone_prepared)
    training = {"batch_size": 32, "lr": 0.005, "weight_decay": 0.0, "patience": 4,
                "amp": True, "max_epochs": 6, "clip_grad_norm": 1.0}  # fmt: skip
    best, curve = train_model(data, "attentivechrome", {"bin_hidden": 8, "mark_hidden": 8},
                              training, 0, tmp_path / "last.pt", lambda message: None)  # fmt: skip
    save_trained(best, curve, tmp_path / "model.pt", tmp_path / "curve.tsv")
    planted = pd.DataFrame(causal_regions(), columns=PLANTED_COLUMNS)
    settings = {"methods": ["ism"], "n_shuffles": 5, "n_sequences": 24, "q_value": 0.05}
    table = interpret_run(data, pd.read_csv(histone_prepared / "examples.tsv", sep="\t"),
                          planted, "attentivechrome", "attention", [0], [tmp_path / "model.pt"],
                          settings, [tmp_path / "0.npz"], None)  # fmt: skip
    found = table.set_index("measure")["value"]
    assert sorted(found.index) == sorted(
        f"{level}_auroc_{how}" for level in ("mark", "bin") for how in ("occlusion", "attention")
    )
    assert found["mark_auroc_occlusion"] == 1.0 and found["bin_auroc_occlusion"] > 0.6
    arrays = np.load(tmp_path / "0.npz")
    assert arrays["causal"].sum() == 100 + 50 + 20 + 100  # H3K27me3, H3K36me3, H3K4me3, H3K9me3
    assert arrays["occlusion_cells"].shape == (5, 10)  # blocks of 10 bins


def test_seqlets_are_scored_against_the_planted_sites():
    planted = np.zeros((3, 30), dtype=bool)
    planted[0, 5:10] = planted[0, 20:25] = planted[1, 0:4] = True  # three sites
    seqlets = pd.DataFrame({"example_idx": [0, 0, 2], "start": [8, 12, 0], "end": [12, 18, 6]})
    # seqlet 1 overlaps site 1; seqlet 2 nothing; seqlet 3 lies in a sequence without sites
    assert seqlet_scores(seqlets, planted) == {
        "seqlets": 1.0, "seqlet_precision": 1 / 3, "seqlet_recall": 1 / 3,
    }  # fmt: skip
    none = seqlet_scores(seqlets.iloc[:0], planted)
    assert np.isnan(none["seqlet_precision"]) and none["seqlet_recall"] == 0.0


def test_seqlets_are_called_on_a_planted_signal_and_read_as_its_bases():
    attributions = np.random.default_rng(0).normal(0, 0.1, size=(20, LENGTH))
    attributions[:, 30:45] += 2.0  # every sequence: a strong span at 30-44
    seqlets = call_seqlets(attributions)
    assert list(seqlets.columns) == ["example_idx", "start", "end"]
    assert set(seqlets["example_idx"]) == set(range(20))
    assert ((seqlets["start"] < 45) & (seqlets["end"] > 30)).all()
    x = _planted_set(20, seed=6)[0].numpy()
    row, start, end = seqlets.iloc[0]
    assert np.array_equal(seqlet_matrices(x, seqlets)[0], x[row, :, start:end])


def test_a_sample_larger_than_the_test_split_is_a_clear_error(tfbs_prepared):
    from gdlbench.data.dataset import PreparedDataset
    from gdlbench.errors import ConfigError
    from gdlbench.interpret.run import sample_rows

    data = PreparedDataset.load(tfbs_prepared)
    n = len(data.indices("test"))
    with pytest.raises(ConfigError, match=f"n_sequences is {n + 1}, but sim_tfbs has {n} test"):
        sample_rows(data, n + 1, np.zeros(len(data.y), dtype=bool))


class _TwoRegions(nn.Module):
    """Scores the A's of positions 0-9 and 20-29: added (each motif counts on its own) or
    multiplied (each counts only beside the other)."""

    def __init__(self, multiply: bool) -> None:
        super().__init__()
        self.multiply = multiply

    def forward(self, x):
        first, second = x[:, 0, 0:10].sum(dim=1), x[:, 0, 20:30].sum(dim=1)
        return (first * second if self.multiply else first + second)[:, None]


def test_partner_dependence_is_zero_for_independent_motifs_and_large_for_a_pair():
    from gdlbench.interpret.truth import partner_dependence

    rng = np.random.default_rng(0)
    sequences = []
    for _ in range(8):
        background = [str(b) for b in rng.choice(list("CGT"), LENGTH)]
        background[0:10] = background[20:30] = ["A"] * 10
        sequences.append("".join(background))
    x = one_hot(encode(sequences))
    first, second = np.zeros((8, LENGTH), bool), np.zeros((8, LENGTH), bool)
    first[:, 0:10], second[:, 20:30] = True, True
    found = {}
    for multiply in (False, True):
        model = _TwoRegions(multiply)
        positions = lambda s, m=model: per_position(attribute(m, s, "ism").values)  # noqa: E731
        found[multiply] = partner_dependence(positions, x, positions(x), first, second)
    assert found[False] == pytest.approx(0.0, abs=1e-6)
    assert 0.5 < found[True] < 1.0  # a random base is an A a quarter of the time


class _SiteOnly(nn.Module):
    """A pair model that reads the site alone (channels 4-7): no pairing with its miRNA."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 1, 7)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x[:, 4:]).amax(dim=2)


def test_a_pair_model_is_attributed_on_its_site_against_the_planted_seed_match(tmp_path):
    """The pair CNN (25 epochs on simulated pairs; valid loss 0.46) attributed through its
    site with the miRNA beside it: the planted seed-match sites rank first (site AUROC 0.84
    in a trial), and their attribution vanishes beside a miRNA of another seed family
    (miRNA dependence 1.00); a model that reads the site alone has a dependence of 0."""
    from split_settings import SPLIT

    from gdlbench.data.dataset import PreparedDataset
    from gdlbench.data.prepare import prepare_records, write_prepared
    from gdlbench.data.simulate.mirtarget import simulate_pairs
    from gdlbench.interpret.attribution import SiteOfPair
    from gdlbench.interpret.run import attributed_input, interpret_run
    from gdlbench.interpret.truth import mirna_dependence
    from gdlbench.training.train import save_trained, train_model

    pairs = simulate_pairs({"n_pairs": 400, "n_mirnas": 30}, np.random.default_rng(0))
    folder = tmp_path / "mirtarget" / "sim"
    write_prepared(folder, *prepare_records("mirtarget", "sim", pairs, "sim", SPLIT, None))
    data = PreparedDataset.load(folder)
    training = {"batch_size": 32, "lr": 0.003, "weight_decay": 0.0, "patience": 4, "amp": True,
                "max_epochs": 25}  # fmt: skip
    params = {"filters": [8, 16], "kernel_size": 3, "dense": 16, "dropout": 0.0,
              "mirna_length": 24}  # fmt: skip
    best, curve = train_model(data, "pair_cnn", params, training, 0, tmp_path / "last.pt",
                              lambda message: None)  # fmt: skip
    save_trained(best, curve, tmp_path / "model.pt", tmp_path / "curve.tsv")
    sites = pairs[pairs["site_type"] != ""]
    planted = pd.DataFrame({"sequence": sites["id"], "start": sites["site_start"],
                            "end": sites["site_end"], "motif": sites["site_type"],
                            "site": sites["site"]})  # fmt: skip
    settings = {"methods": ["ism"], "n_shuffles": 5, "n_sequences": 24, "q_value": 0.05}
    table = interpret_run(data, pd.read_csv(folder / "examples.tsv", sep="\t"), planted,
                          "pair_cnn", "cnn", [0], [tmp_path / "model.pt"], settings,
                          [tmp_path / "0.npz"], jaspar_collection())  # fmt: skip
    found = table.set_index("measure")["value"]
    assert found["site_auroc_ism"] > 0.7 and found["site_mass_ism"] > 2 * found["site_share_ism"]
    assert found["mirna_dependence_ism"] > 0.5 and "motif_recall" not in found  # no filters
    saved = np.load(tmp_path / "0.npz")
    assert (saved["sequences"] == np.asarray(data.x[saved["rows"]])[:, 1]).all()  # the sites
    assert saved["ism"].shape == (24, 4, 50)

    blind, x, mirnas = attributed_input(data, _SiteOnly(), saved["rows"])
    assert isinstance(blind, SiteOfPair) and x.shape == mirnas.shape == (24, 4, 50)
    before = per_position(attribute(blind, x, "ism", context=mirnas).values)
    beside = lambda other: per_position(attribute(blind, x, "ism", context=other).values)  # noqa: E731
    assert mirna_dependence(beside, mirnas, before, saved["planted"]) == 0.0


def test_a_protein_model_is_attributed_by_ism_against_the_planted_sorting_signals(tmp_path):
    """The localization CNN (10 epochs on simulated proteins with sorting signals), each
    protein attributed through its true location: ISM only (DeepLIFT/SHAP's references
    cannot hold a padded protein), on proteins without ambiguous residues (fractional
    one-hot), its attributions ranking the planted signal residues first."""
    from split_settings import SPLIT

    from gdlbench.data.dataset import PreparedDataset
    from gdlbench.data.formats.deeploc import read_deeploc
    from gdlbench.data.prepare import prepare_records, write_prepared
    from gdlbench.data.protein import N_AMINO_ACIDS, PROTEIN_PAD
    from gdlbench.data.simulate import simulate_dataset
    from gdlbench.data.simulate.planted import PLANTED_FILE, read_planted
    from gdlbench.interpret.run import interpret_run
    from gdlbench.training.train import save_trained, train_model

    raw = tmp_path / "deeploc_data.fasta"
    params = {"seed": 3, "n_per_class": 40, "length": [30, 80], "strength": 1.0,
              "test_fraction": 0.25, "ambiguous_rate": 0.01}  # fmt: skip
    simulate_dataset("deeploc", params, {"data": raw}, tmp_path / PLANTED_FILE)
    records = read_deeploc({"data": raw}, {"max_length": 100})
    folder = tmp_path / "localization" / "sim"
    split = {**SPLIT, "method": "given"}
    write_prepared(folder, *prepare_records("localization", "sim", records, "sim", split, None))
    data = PreparedDataset.load(folder)
    training = {"batch_size": 32, "lr": 0.005, "weight_decay": 0.0, "patience": 4, "amp": True,
                "max_epochs": 10}  # fmt: skip
    params = {"filters": [32], "kernel_size": 9, "pool_size": 2, "global_pool": True,
              "dense": 32, "dropout": 0.1}  # fmt: skip
    best, curve = train_model(data, "cnn", params, training, 0, tmp_path / "last.pt",
                              lambda message: None)  # fmt: skip
    save_trained(best, curve, tmp_path / "model.pt", tmp_path / "curve.tsv")
    settings = {"methods": ["ism", "deep_lift_shap"], "n_shuffles": 5, "n_sequences": 24,
                "q_value": 0.05}  # fmt: skip
    table = interpret_run(data, pd.read_csv(folder / "examples.tsv", sep="\t"),
                          read_planted(tmp_path / PLANTED_FILE), "cnn", "cnn", [0],
                          [tmp_path / "model.pt"], settings, [tmp_path / "0.npz"],
                          jaspar_collection())  # fmt: skip
    found = table.set_index("measure")["value"]
    assert not [measure for measure in found.index if "deep_lift_shap" in measure]
    assert found["site_auroc_ism"] > 0.6 and "motif_recall" not in found  # not JASPAR's
    saved = np.load(tmp_path / "0.npz")
    codes = saved["sequences"]
    assert ((codes < N_AMINO_ACIDS) | (codes >= PROTEIN_PAD - 1)).all()  # U (23) reads as C
    assert saved["ism"].shape == (24, 20, 100) and saved["planted"][:20].any(axis=1).all()


class _TwoFilters(nn.Module):
    """Output 0 reads filter 0 alone, output 1 filter 2 alone; filter 1 feeds nothing."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 3, 5)
        self.conv.weight.data.abs_()  # every filter fires on one-hot input
        self.conv.bias.data.zero_()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pooled = torch.relu(self.conv(x)).amax(dim=2)
        return torch.stack([pooled[:, 0], 2 * pooled[:, 2]], dim=1)


def test_silencing_a_filter_drops_only_the_outputs_that_read_it():
    from gdlbench.interpret.motifs import filter_influence

    torch.manual_seed(0)
    x = one_hot(encode([random_dna(30, np.random.default_rng(i)) for i in range(8)]))
    influence = filter_influence(_TwoFilters(), x)
    assert influence.shape == (3, 2)
    assert influence[0, 0] > 0 and influence[2, 1] > 0
    assert influence[0, 1] == influence[2, 0] == 0.0 and (influence[1] == 0.0).all()


def test_each_profile_is_checked_for_its_own_tfs_motif_among_the_filters_it_relies_on():
    """ENCODE- and DeepSEA-style names give each TF profile its own motif (both of a CTCF+SP1
    profile; none for DNase); a profile counts as recovered when a filter among the `top`
    it relies on most matches its TF's motif."""
    from gdlbench.interpret.truth import own_motifs, profile_motif_recall

    motifs = {"MA0139.1": "CTCF", "MA0079.5": "SP1", "MA0080.5": "SPI1", "MA0099.3": "FOS::JUN"}
    targets = ["wgEncodeAwgTfbsBroadK562CtcfUniPk", "K562|SP1|None",
               "wgEncodeAwgDnaseK562UniPk", "Gm12878CtcfSp1", "HeLa-S3|SPI1|None",
               "K562|c-Fos|None", "K562|c-Jun+c-Fos|x"]  # fmt: skip
    own = own_motifs(targets, motifs)
    assert own == {0: {"MA0139.1"}, 1: {"MA0079.5"}, 3: {"MA0139.1", "MA0079.5"},
                   4: {"MA0080.5"}, 6: {"MA0099.3"}}  # fmt: skip
    influence = np.array([[5.0, 0.0], [0.0, 3.0], [1.0, 1.0]])  # (filters, outputs)
    matched = {0: {"MA0139.2"}, 2: {"MA0079.4"}}  # filter -> JASPAR matches (any version)
    two = {0: {"MA0139.1"}, 1: {"MA0079.5"}}
    assert profile_motif_recall(influence, two, matched, top=1) == 0.5  # output 1: filter 1
    assert profile_motif_recall(influence, two, matched, top=2) == 1.0
    assert np.isnan(profile_motif_recall(influence, {}, matched, top=2))
