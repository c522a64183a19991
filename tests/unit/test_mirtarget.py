"""The mirtarget task: the CLASH-derived pair table (real head), negatives, seed-match site
types, the simulator's planted seed pairing, the `pair` modality, its leakage checks, and the
pair baselines."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from split_settings import SPLIT

from gdlbench.baselines.fit import tune_baseline
from gdlbench.baselines.pair_features import pair_kmers, seed_energy, seed_types
from gdlbench.bootstrap import bootstrap_intervals
from gdlbench.data.dataset import PreparedDataset
from gdlbench.data.encode import PAD, decode
from gdlbench.data.formats.mirna_pairs import read_mirna_pairs, read_pair_table
from gdlbench.data.leakage import leakage_checks
from gdlbench.data.modalities import MODALITIES
from gdlbench.data.prepare import prepare_records, write_prepared
from gdlbench.data.seed import SITE_TYPES, reverse_complement, seed, site_type
from gdlbench.data.simulate.mirtarget import simulate_pairs, write_mirtarget
from gdlbench.evaluation.evaluate import evaluate_model, evaluate_seeds
from gdlbench.evaluation.predictions import read_predictions

HEAD = "mirna_targets/miRBind_train_set_1_1_CLASH2013_paper.tsv.head"
LET7 = "TGAGGTAGTAGGTTGTATAGTT"  # let-7a: seed (nt 2-7) GAGGTA, nt 8 G


def test_the_real_pair_table_head_is_read(formats):
    table = read_pair_table(formats / HEAD)
    assert len(table) == 14 and (table["label"] == "1").all()
    assert table["mirna"].str.len().eq(20).all() and table["site"].str.len().eq(50).all()
    assert table.loc[0, "mirna"] == "TGTAAACATCCTCGACTGGA"
    assert table.loc[0, "id"].endswith(":2")


def test_comment_lines_crlf_and_u_are_read(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_bytes(b"# CLASH pairs\r\n# columns below\r\nmiRNA\tgene\tlabel\r\n"
                     b"UGAGGUAGUAGGUUGUAUAG\tACUACCUCAAAAAAAAAA\t1\r\n\r\n")  # fmt: skip
    table = read_pair_table(path)
    assert table[["mirna", "site", "label"]].values.tolist() == [
        ["TGAGGTAGTAGGTTGTATAG", "ACTACCTCAAAAAAAAAA", "1"]
    ]


@pytest.mark.parametrize(
    ("site", "kind"),
    [
        ("CCCC" + "CTACCTCA" + "CCCC", "8mer"),  # revcomp(nt 2-8) = CTACCTC, then A
        ("CCCC" + "CTACCTCG" + "CCCC", "7mer-m8"),
        ("CCCC" + "GTACCTCA" + "CCCC", "7mer-A1"),  # nt 8 mismatched, A1
        ("CCCC" + "GTACCTCG" + "CCCC", "6mer"),
        ("CCCC" + "GTACCACG" + "CCCC", "none"),
    ],
)
def test_site_types_follow_targetscan(site, kind):
    assert site_type(LET7, site) == kind
    assert site_type(LET7.replace("T", "U"), site.replace("T", "U")) == kind


def test_other_seed_negatives_reuse_sites_with_another_seed_family(formats, tmp_path):
    files = {"train": formats / HEAD}
    pairs = read_mirna_pairs(files, {"negatives": "other_seed", "negative_ratio": 2, "seed": 1})
    positives, negatives = pairs[pairs["label"] == "1"], pairs[pairs["label"] == "0"]
    assert len(negatives) == 2 * len(positives) == 28
    by_id = positives.set_index("id")
    for _, row in negatives.iterrows():
        original = by_id.loc[row["id"].rsplit(":neg", 1)[0]]
        assert row["site"] == original["site"] and seed(row["mirna"]) != seed(original["mirna"])
    again = read_mirna_pairs(files, {"negatives": "other_seed", "negative_ratio": 2, "seed": 1})
    pd.testing.assert_frame_equal(pairs, again)


def test_simulated_positives_carry_planted_seed_sites_and_negatives_do_not():
    pairs = simulate_pairs({"n_pairs": 400, "n_mirnas": 30, "noncanonical": 0.1},
                           np.random.default_rng(0))  # fmt: skip
    kinds = np.array([site_type(m, s) for m, s in zip(pairs["mirna"], pairs["site"], strict=True)])
    positive = pairs["label"].to_numpy() == "1"
    assert (kinds[positive] != "none").mean() > 0.85
    assert (kinds[~positive] != "none").mean() < 0.05
    assert set(kinds[positive]) == set(SITE_TYPES)


def test_simulator_writes_tables_the_reader_reads(tmp_path):
    files = {"train": tmp_path / "train.tsv", "test": tmp_path / "test.tsv"}
    params = {"n_pairs": 50, "n_mirnas": 10, "test_fraction": 0.2}
    write_mirtarget(params, np.random.default_rng(3), files)
    pairs = read_mirna_pairs(files, {})
    assert pairs["split"].value_counts().to_dict() == {"train": 80, "test": 20}


def test_the_simulator_records_each_planted_seed_site_under_the_readers_id(tmp_path):
    """planted.tsv rows name the pair as read_pair_table does (`<file>:<line>`), the span of
    the site in its fragment, its type and bases: the seed match of the pair's own miRNA."""
    from gdlbench.data.seed import site_motifs

    files = {"train": tmp_path / "train.tsv", "test": tmp_path / "test.tsv"}
    planted = pd.DataFrame(write_mirtarget({"n_pairs": 100, "n_mirnas": 10, "noncanonical": 0.1},
                                           np.random.default_rng(3), files),
                           columns=["sequence", "start", "end", "motif", "site"])  # fmt: skip
    pairs = read_mirna_pairs(files, {}).set_index("id")
    assert 80 <= len(planted) <= 100 and set(planted["motif"]) == set(SITE_TYPES[:-1])
    assert {name.split(":")[0] for name in planted["sequence"]} == {"train.tsv", "test.tsv"}
    for name, start, end, motif, bases in planted.itertuples(index=False):
        pair = pairs.loc[name]
        assert pair["label"] == "1" and pair["site"][start:end] == bases
        assert site_motifs(pair["mirna"])[motif] == bases


def prepared_pairs(tmp_path, n_pairs=300, seed_=0):
    pairs = simulate_pairs({"n_pairs": n_pairs, "n_mirnas": 30}, np.random.default_rng(seed_))
    folder = tmp_path / "mirtarget" / "sim"
    write_prepared(folder, *prepare_records("mirtarget", "sim", pairs, "sim", SPLIT, None))
    return folder, pairs


def test_pairs_are_stored_as_two_code_rows_and_one_hot_as_eight_channels(tmp_path):
    folder, pairs = prepared_pairs(tmp_path, 60)
    data = PreparedDataset.load(folder)
    assert data.x.shape[1:] == (2, 50) and data.meta["modality"] == "pair"
    first = data.meta["n_examples"]
    assert first == len(pairs)  # no repeats among simulated pairs
    row = np.asarray(data.x[:1])
    assert (row[0, 0, 20:] == PAD).all() and (row[0, 1] != PAD).all()
    x = data.inputs(np.arange(3))
    assert tuple(x.shape) == (3, 8, 50) and data.input_shape() == (8, 50)
    assert np.allclose(x[:, :4].sum(dim=1)[:, :20].numpy(), 1)
    assert np.allclose(x[:, :4, 20:].numpy(), 0) and np.allclose(x[:, 4:].sum(dim=1).numpy(), 1)


def test_leakage_groups_repeated_pairs_and_pairs_sharing_a_site():
    site = "ACGTTGCAAGCTTAGGCTAACGGATCCATGCAAGTCGATCGGATCCAGTA"
    shifted = site[3:] + "GGC"
    other = "TTGACCGTAGGCATCGATCGTACGTTAGCAGTCGATGCAAGTGCATGCAT"
    records = pd.DataFrame({
        "mirna": [LET7, LET7, LET7, "TAGCTTATCAGACTGATGTTGA", LET7],
        "site": [site, site, shifted, site, other],
    })  # fmt: skip
    x = MODALITIES["pair"].stored(records)
    checks = leakage_checks(x, None, "pair", SPLIT)
    assert set(checks) == {"exact", "near_duplicate", "shared_site"}
    exact, near, shared = checks["exact"], checks["near_duplicate"], checks["shared_site"]
    assert exact[0] == exact[1] and exact[0] != exact[2] and exact[0] != exact[3]
    assert near[0] == near[1] == near[2] and near[0] != near[3]
    assert shared[0] == shared[1] == shared[2] == shared[3] != shared[4]  # one binding site
    by_mirna = leakage_checks(x, None, "pair", {**SPLIT, "pair_groups": ["mirna"]})
    assert set(by_mirna) == {"exact", "near_duplicate", "shared_mirna"}
    assert by_mirna["shared_mirna"][0] == by_mirna["shared_mirna"][4] != by_mirna["shared_mirna"][3]


def _flip_rule_auroc(data: PreparedDataset) -> float:
    """Test AUROC of "look the site up in training and flip its label" (0.5 for a site not
    seen in training): what a shared site leaks."""
    from gdlbench.ranking import auroc

    sites = np.array(decode(np.asarray(data.x[:, 1])))
    y = np.asarray(data.y)
    train, test = data.indices("train"), data.indices("test")
    seen = dict(zip(sites[train], y[train], strict=True))
    scores = [1.0 - seen[s] if s in seen else 0.5 for s in sites[test]]
    return auroc(y[test], np.array(scores))


@pytest.mark.parametrize("method", ["stratified", "given"])
def test_no_test_site_occurs_in_training_and_the_flip_rule_is_at_chance(tmp_path, method):
    """Each simulated positive's site is reused as a negative with another miRNA: with
    pairs grouped by the site (split.pair_groups [site], the default), no test site is a
    training site, so the rule that flips the training label scores chance; grouped by
    repeated pairs only (the previous checks), it scores about 0.96."""
    files = {"train": tmp_path / "train.tsv", "test": tmp_path / "test.tsv"}
    write_mirtarget({"n_pairs": 500, "n_mirnas": 40, "test_fraction": 0.2},
                    np.random.default_rng(19), files)  # fmt: skip
    pairs = read_mirna_pairs(files, {})
    if method == "stratified":
        pairs = pairs.drop(columns="split")
    found = {}
    for parts in (["site"], []):
        folder = tmp_path / f"{method}_{len(parts)}"
        split_cfg = {**SPLIT, "method": method, "pair_groups": parts}
        write_prepared(folder, *prepare_records("mirtarget", "sim", pairs, "sim", split_cfg,
                                                None))  # fmt: skip
        data = PreparedDataset.load(folder)
        sites = np.array(decode(np.asarray(data.x[:, 1])))
        shared = set(sites[data.indices("test")]) & set(sites[data.indices("train")])
        found[len(parts)] = (len(shared), _flip_rule_auroc(data), data)
    (shared, flip, data), (shared_before, flip_before, _) = found[1], found[0]
    assert shared == 0 and flip == 0.5
    assert shared_before > 50 and flip_before > 0.9
    counts = data.meta["leakage_audit"]["checks"]["shared_site"]
    if method == "stratified":  # groups are split whole
        assert counts["n_across_splits"] == counts["n_removed"] == 0
    else:  # the source's split: its training pairs with a test site are named and dropped
        assert counts["n_across_splits"] > 50 and counts["n_removed"] > 50


def test_pair_features_see_the_seed_match():
    mirna, site = LET7, "CCCCCTACCTCACCCCCCCCCCCCCC"
    x = MODALITIES["pair"].stored(pd.DataFrame({"mirna": [mirna], "site": [site]}))
    assert seed_types(x)[0].tolist() == [1, 0, 0, 0, 0]
    features = seed_energy(x)
    assert features.shape == (1, 8) and features[0, 5] == 1 and features[0, 6] < -5
    kmers = pair_kmers(x, 4)
    complementary = {reverse_complement(mirna[i : i + 4]) for i in range(len(mirna) - 3)}
    windows = [site[i : i + 4] for i in range(len(site) - 3)]
    assert kmers.shape == (1, 2 * 4**4 + 1)
    assert kmers[0, -1] == sum(w in complementary for w in windows) > 0
    assert decode(x[:, 0]) == [mirna]


@pytest.mark.parametrize(("name", "grid"), [
    ("seed_match", {}),
    ("rf_seed_energy", {"n_estimators": [50]}),
    ("logreg_kmer_pair", {"k": [3], "C": [0.1]}),
])  # fmt: skip
def test_pair_baselines(tmp_path, name, grid):
    folder, _ = prepared_pairs(tmp_path)
    data = PreparedDataset.load(folder)
    model, k, tuning = tune_baseline(data, name, grid, k=3, seed=0, threads=1)
    assert len(tuning) == 1
    from gdlbench.baselines.fit import save_baseline

    save_baseline(tmp_path / "m.pkl", model, name, k, tuning)
    metrics = evaluate_model(data, name, tmp_path / "m.pkl", seed=0).metrics
    test = metrics[metrics["split"] == "test"].set_index("metric")["value"]
    if name == "logreg_kmer_pair":  # k-mers alone barely see pairing
        assert 0.3 < test["auroc"] < 0.9
    else:  # planted seeds (10% of positives have none): the rule and the forest find them
        assert test["auroc"] > 0.85 and test["f1"] > 0.8


def prepared_from_tables(tmp_path, n_pairs=150):
    """Simulated tables, read as the workflow reads them, prepared and written."""
    files = {"train": tmp_path / "train.tsv", "test": tmp_path / "test.tsv"}
    write_mirtarget({"n_pairs": n_pairs, "n_mirnas": 20, "test_fraction": 0.3},
                    np.random.default_rng(4), files)  # fmt: skip
    pairs = read_mirna_pairs(files, {})
    folder = tmp_path / "mirtarget" / "sim"
    split_cfg = {**SPLIT, "method": "given"}
    write_prepared(folder, *prepare_records("mirtarget", "sim", pairs, "sim", split_cfg, None))
    return folder


def test_pairs_sharing_a_site_share_a_cluster(tmp_path):
    """Each simulated site is a positive's and a negative's (another miRNA): one cluster,
    which the leakage checks alone (same miRNA only) would not make."""
    data = PreparedDataset.load(prepared_from_tables(tmp_path))
    sites = pd.Series(decode(np.asarray(data.x[:, 1])))
    per_site = pd.Series(data.clusters).groupby(sites).nunique()
    assert (per_site == 1).all()
    assert data.clusters.dtype == np.int64 and data.meta["n_clusters"] == sites.nunique() == 150
    assert data.meta["largest_cluster"]["test"] == 2


def test_prediction_files_carry_each_examples_cluster(tmp_path):
    from gdlbench.baselines.fit import save_baseline

    data = PreparedDataset.load(prepared_from_tables(tmp_path))
    model, k, tuning = tune_baseline(data, "seed_match", {}, k=3, seed=0, threads=1)
    save_baseline(tmp_path / "m.pkl", model, "seed_match", k, tuning)
    paths = [tmp_path / "p0", tmp_path / "p1"]
    bootstrap = {"n_bootstrap": 50, "seed": 0}
    metrics, intervals = evaluate_seeds(data, "seed_match", [0, 1], [tmp_path / "m.pkl"] * 2,
                                        paths, bootstrap)  # fmt: skip
    alone = evaluate_model(data, "seed_match", tmp_path / "m.pkl", seed=0).metrics
    columns = ["split", "metric", "value"]
    for number in (0, 1):  # the test rows, from the bootstrap's pass, as a model scored alone
        rows = metrics[metrics["seed"] == number][columns].sort_values(columns[:2])
        assert rows.reset_index(drop=True).equals(
            alone[columns].sort_values(columns[:2]).reset_index(drop=True)
        )
    for split in ("valid", "test"):
        saved = read_predictions(paths[0], split)
        assert (saved.cluster == data.clusters[saved.rows]).all() and len(saved.rows)
    test = read_predictions(paths[0], "test")
    found = bootstrap_intervals("mirtarget", test.y, [test.scores] * 2, 50, 0,
                                clusters=test.cluster)  # fmt: skip
    auroc = intervals.set_index("metric").loc["auroc"]
    assert (auroc["ci_low"], auroc["ci_high"]) == pytest.approx(found["auroc"][:2])


def test_clusters_of_repeated_examples_widen_the_bootstrap_intervals():
    """Forty examples each seen three times: resampling copies as if independent
    understates the spread; resampling their clusters does not."""
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(40) % 2, 3)
    scores = np.repeat(rng.random(40) + 0.3 * (np.arange(40) % 2), 3)
    clusters = np.repeat(np.arange(40) * 7, 3)  # any integers
    plain = bootstrap_intervals("mirtarget", y, [scores], 400, 1)
    by_cluster = bootstrap_intervals("mirtarget", y, [scores], 400, 1, clusters=clusters)
    for metric in ("auroc", "accuracy"):
        width = plain[metric][1] - plain[metric][0]
        assert by_cluster[metric][1] - by_cluster[metric][0] > 1.3 * width
