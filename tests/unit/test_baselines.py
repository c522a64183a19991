import numpy as np
import pytest

from gdlbench.baselines import BASELINES
from gdlbench.baselines.fit import baseline_features, load_baseline, save_baseline, tune_baseline
from gdlbench.data.dataset import PreparedDataset
from gdlbench.evaluation.evaluate import evaluate_model

GRIDS = {
    "logreg_kmer": {"C": [0.01, 1.0]},
    "logreg_onehot": {"C": [0.01, 1.0]},
    "rf_kmer": {"n_estimators": [50], "min_samples_leaf": [1, 5]},
    "pwm_scan": {"C": [1.0]},
    "sgd_kmer": {"alpha": [1e-4], "epochs": [2]},
    "sgd_pwm": {"alpha": [1e-3], "epochs": [3]},
    "logreg": {"C": [0.01, 1.0]},
    "svm": {"C": [1.0]},
    "rf": {"n_estimators": [50], "min_samples_leaf": [1, 5]},
    "linear_svm": {"C": [0.01, 1.0]},
    "logreg_l1": {"C": [0.1, 1.0]},
    "linear_regression": {"alpha": [0.01, 1.0]},
    "knn_regression": {"n_neighbors": [5]},
    "logreg_enet": {"C": [0.1], "l1_ratio": [0.5]},
    "knn": {"n_neighbors": [15]},
    "seed_match": {},  # a fixed rule (tests/unit/test_mirtarget.py)
    "logreg_kmer_pair": {"C": [0.1]},
    "rf_seed_energy": {"n_estimators": [50]},
    "pca": {"n_components": [4]},
    "ica": {"n_components": [4]},
    "logreg_composition": {"k": [1, 2], "C": [1.0]},
    "svm_composition": {"k": [1], "C": [1.0]},
    "rf_composition": {"k": [2], "n_estimators": [50]},
}
SPLICE_BASELINES = sorted(  # the PWM scan needs a TF motif
    name for name, spec in BASELINES.items()
    if "sequence" in spec.modalities and spec.features != "pwm"
)  # fmt: skip
MATRIX_BASELINES = sorted(
    name for name, spec in BASELINES.items()
    if "matrix" in spec.modalities and "binary" in spec.kinds
)  # fmt: skip


def test_every_registered_baseline_has_a_test_grid():
    assert set(GRIDS) == set(BASELINES)


@pytest.mark.parametrize("name", SPLICE_BASELINES)
def test_tuning_scores_every_grid_point_on_validation(splice_prepared, tmp_path, name):
    data = PreparedDataset.load(splice_prepared)
    model, _, tuning = tune_baseline(data, name, GRIDS[name], k=3, seed=0, threads=1)
    n_points = int(np.prod([len(v) for v in GRIDS[name].values()]))
    assert len(tuning) == n_points and "valid_accuracy" in tuning
    assert tuning["valid_accuracy"].between(0, 1).all()
    save_baseline(tmp_path / "model.pkl", model, name, 3, tuning)
    assert load_baseline(tmp_path / "model.pkl")["name"] == name
    metrics = evaluate_model(data, name, tmp_path / "model.pkl", seed=0).metrics
    assert set(metrics["split"]) == {"valid", "test"}
    best_valid = metrics.query("split == 'valid' and metric == 'accuracy'")["value"].item()
    assert best_valid == pytest.approx(tuning["valid_accuracy"].max())


def test_position_aware_baseline_beats_chance_on_splice(splice_prepared, tmp_path):
    data = PreparedDataset.load(splice_prepared)
    model, _, tuning = tune_baseline(data, "logreg_onehot", {"C": [0.1]}, 3, 0, 1)
    save_baseline(tmp_path / "m.pkl", model, "logreg_onehot", 3, tuning)
    metrics = evaluate_model(data, "logreg_onehot", tmp_path / "m.pkl", seed=0).metrics
    test = metrics[metrics["split"] == "test"].set_index("metric")["value"]
    assert test["accuracy"] > 0.7 and test["auroc_macro"] > 0.85


def test_bagged_baselines_differ_by_seed_and_plain_ones_do_not(splice_prepared):
    """A deterministic baseline is one model whatever the seed; bagged, each seed fits its
    own bootstrap resample of the training split."""
    data = PreparedDataset.load(splice_prepared)
    valid = data.indices("valid")
    features = baseline_features(data, valid, BASELINES["logreg_onehot"], 3)

    def scores(seed, bagging):
        model = tune_baseline(data, "logreg_onehot", {"C": [0.1]}, 3, seed, 1, bagging)[0]
        return data.kind.estimator_scores(model, features)

    assert np.array_equal(scores(0, False), scores(1, False))
    assert not np.array_equal(scores(0, True), scores(1, True))
    assert np.array_equal(scores(1, True), scores(1, True))


def test_pwm_scan_finds_planted_ctcf_sites(tfbs_prepared, tmp_path):
    data = PreparedDataset.load(tfbs_prepared)
    model, _, tuning = tune_baseline(data, "pwm_scan", {"C": [1.0]}, 3, 0, 1)
    save_baseline(tmp_path / "m.pkl", model, "pwm_scan", 3, tuning)
    metrics = evaluate_model(data, "pwm_scan", tmp_path / "m.pkl", seed=0).metrics
    test = metrics[metrics["split"] == "test"].set_index("metric")["value"]
    assert test["auroc"] > 0.8


def test_pwm_scan_without_a_motif_is_a_clear_error(splice_prepared):
    data = PreparedDataset.load(splice_prepared)
    with pytest.raises(Exception, match="needs `options.motif`"):
        tune_baseline(data, "pwm_scan", {"C": [1.0]}, 3, 0, 1)


@pytest.mark.parametrize("name", MATRIX_BASELINES)
def test_matrix_baselines_learn_the_planted_histone_rule(histone_prepared, tmp_path, name):
    data = PreparedDataset.load(histone_prepared)
    model, _, tuning = tune_baseline(data, name, GRIDS[name], k=3, seed=0, threads=1)
    assert len(tuning) == int(np.prod([len(v) for v in GRIDS[name].values()]))
    save_baseline(tmp_path / "model.pkl", model, name, 3, tuning)
    metrics = evaluate_model(data, name, tmp_path / "model.pkl", seed=0).metrics
    auroc = metrics.query("split == 'test' and metric == 'auroc'")["value"].item()
    assert auroc > 0.75  # chance: 0.5


@pytest.mark.parametrize("name", ["linear_svm", "logreg_l1", "rf"])
def test_vector_baselines_separate_simulated_tumours(tumor_prepared, tmp_path, name):
    data = PreparedDataset.load(tumor_prepared)
    model, _, tuning = tune_baseline(data, name, GRIDS[name], k=3, seed=0, threads=1)
    save_baseline(tmp_path / "model.pkl", model, name, 3, tuning)
    metrics = evaluate_model(data, name, tmp_path / "model.pkl", seed=0).metrics
    assert metrics.query("split == 'test' and metric == 'accuracy'")["value"].item() > 0.8


@pytest.mark.parametrize("name", ["pca", "ica"])
def test_components_recover_planted_modules(compendium_prepared, tmp_path, name):
    data = PreparedDataset.load(compendium_prepared)
    model, _, tuning = tune_baseline(data, name, GRIDS[name], k=3, seed=0, threads=1)
    assert "valid_reconstruction_mse" in tuning
    save_baseline(tmp_path / "model.pkl", model, name, 3, tuning)
    metrics = evaluate_model(data, name, tmp_path / "model.pkl", seed=0).metrics
    test = metrics[metrics["split"] == "test"].set_index("metric")["value"]
    assert test["n_pathways"] >= 2  # of 4 planted modules (and 4 decoys)
    assert 0 < test["reconstruction_mse"] < 0.05


def test_ica_gene_loadings_are_the_mixing_matrix():
    """ADAGE-style gene sets need how each source loads on the genes: ICA's mixing matrix,
    not its unmixing filters; PCA's components are both."""
    from sklearn.decomposition import PCA, FastICA

    from gdlbench.baselines.estimators import node_weights

    rng = np.random.default_rng(0)
    sources = rng.laplace(size=(300, 3))
    loadings = rng.normal(size=(3, 40))
    x = sources @ loadings + 0.01 * rng.normal(size=(300, 40))
    ica = FastICA(n_components=3, random_state=0, whiten="unit-variance").fit(x)
    weights = node_weights(ica)
    assert weights.shape == (3, 40) and np.array_equal(weights, ica.mixing_.T)
    best = [max(abs(np.corrcoef(w, true)[0, 1]) for w in weights) for true in loadings]
    assert min(best) > 0.95  # each planted loading vector is recovered
    pca = PCA(n_components=3).fit(x)
    assert np.array_equal(node_weights(pca), pca.components_)


def test_the_kmer_size_is_tuned_on_validation_like_any_hyperparameter(tfbs_prepared, tmp_path):
    """k over 3..6 with sparse counts: the tuning table has one row per (k, C); the saved
    model keeps the chosen k, which evaluation uses."""
    data = PreparedDataset.load(tfbs_prepared)
    grid = {"k": [3, 4, 5, 6], "C": [0.01, 1.0]}
    model, k, tuning = tune_baseline(data, "logreg_kmer", grid, k=3, seed=0, threads=1)
    assert len(tuning) == 8 and set(tuning["param_k"]) == {3, 4, 5, 6}
    best = tuning.loc[tuning["valid_auroc"].idxmax()]
    assert k == best["param_k"]
    save_baseline(tmp_path / "m.pkl", model, "logreg_kmer", k, tuning)
    assert load_baseline(tmp_path / "m.pkl")["k"] == k
    metrics = evaluate_model(data, "logreg_kmer", tmp_path / "m.pkl", seed=0).metrics
    assert metrics.query("split == 'test' and metric == 'auroc'")["value"].item() > 0.5


def test_per_target_fits_each_target_on_its_labelled_examples_only():
    from sklearn.linear_model import LogisticRegression

    from gdlbench.baselines.per_target import PerTarget
    from gdlbench.kinds import MISSING

    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 3))
    y = np.column_stack([x[:, 0] > 0, x[:, 1] > 0, np.ones(200)]).astype(np.uint8)
    y[:100, 0] = MISSING  # target 0 labelled on the second half only
    y[100:, 1] = 1 - y[100:, 1]  # target 1's rule flips there, so it must see those rows
    y[:5, 2] = MISSING
    model = PerTarget(LogisticRegression()).fit(x, y)
    probability = model.predict_proba(x)
    assert probability.shape == (200, 3)
    assert ((probability[:, 0] > 0.5) == (x[:, 0] > 0)).mean() > 0.95
    assert model.fits_[0].n_features_in_ == 3 and len(model.fits_[0].coef_) == 1
    assert np.all(probability[:, 2] == 1.0)  # one class: its training rate
    assert model.fits_[1] is not model.fits_[0]


@pytest.mark.parametrize(("kept_bytes", "passes"), [(2**30, 1), (0, 1 + 3)])
def test_a_streamed_baseline_featurises_a_block_at_a_time_and_learns(
    tfbs_prepared, tmp_path, monkeypatch, kept_bytes, passes
):
    """The SGD fit of the PWM scan sees at most BLOCK_ROWS featurised rows at once, in
    standardising, training, validation and test scoring alike, and still finds the planted
    CTCF sites; features that fit in KEPT_FEATURE_BYTES are computed once, others on every
    pass (the standardisation's, then 3 epochs')."""
    from gdlbench.baselines import fit

    monkeypatch.setattr(fit, "BLOCK_ROWS", 64)
    monkeypatch.setattr(fit, "KEPT_FEATURE_BYTES", kept_bytes)
    featurised = []
    features = fit.baseline_features

    def counted(data, rows, spec, k):
        featurised.append(len(rows))
        return features(data, rows, spec, k)

    monkeypatch.setattr(fit, "baseline_features", counted)
    data = PreparedDataset.load(tfbs_prepared)
    model, _, tuning = tune_baseline(data, "sgd_pwm", {"alpha": [1e-3], "epochs": [3]}, 3, 0, 1)
    assert tuning["param_epochs"].tolist() == [3]
    train = len(data.indices("train"))
    assert sum(featurised) == passes * train + len(data.indices("valid"))
    save_baseline(tmp_path / "m.pkl", model, "sgd_pwm", 3, tuning)
    metrics = evaluate_model(data, "sgd_pwm", tmp_path / "m.pkl", seed=0).metrics
    assert max(featurised) == 64 and len(featurised) > passes * train // 64
    test = metrics[metrics["split"] == "test"].set_index("metric")["value"]
    assert test["auroc"] > 0.8


def test_a_streamed_baseline_cannot_weight_classes():
    with pytest.raises(Exception, match="cannot weight classes"):
        BASELINES["sgd_kmer"].make(0, 1, class_weight="balanced")


def test_per_target_fitted_in_blocks_masks_missing_labels_and_keeps_one_class_rates():
    from sklearn.linear_model import SGDClassifier

    from gdlbench.baselines.per_target import PerTarget
    from gdlbench.kinds import MISSING

    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 3))
    y = np.column_stack([x[:, 0] > 0, x[:, 1] > 0, np.zeros(600)]).astype(np.uint8)
    y[:300, 0] = MISSING  # target 0: labelled in the later blocks only
    model = PerTarget(SGDClassifier(loss="log_loss", random_state=0))
    for _ in range(3):
        for block in range(0, 600, 100):
            model.partial_fit(x[block : block + 100], y[block : block + 100])
    assert model.counts_.tolist()[2] == [1800, 0] and model.counts_[0].sum() == 900
    probability = model.predict_proba(x)
    assert ((probability[:, 0] > 0.5) == (x[:, 0] > 0)).mean() > 0.95
    assert ((probability[:, 1] > 0.5) == (x[:, 1] > 0)).mean() > 0.95
    assert np.all(probability[:, 2] == 0.0)  # one class: its training rate
