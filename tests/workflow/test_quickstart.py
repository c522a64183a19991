"""The quickstart DAG end to end: the default config, `snakemake --cores 2`, then a rerun with
nothing to do, and the HTML report."""

import pandas as pd
import pytest
from chromium import render_in_chromium
from snakemake_runner import snakemake

pytestmark = pytest.mark.slow

METRIC_COLUMNS = ["task", "dataset", "model", "family", "seed", "split", "metric", "value"]


def test_metrics_table_has_the_spec_columns_and_every_run(quickstart):
    metrics = pd.read_csv(quickstart / "results/tables/metrics.tsv", sep="\t")
    assert list(metrics.columns) == METRIC_COLUMNS
    test = metrics[metrics["split"] == "test"]
    assert set(test["task"]) == {
        "splice", "tfbs", "premirna", "histone", "tumor", "dgex", "compendium", "chromatin",
        "drug", "mirtarget", "localization",
    }  # fmt: skip
    families = {"ann", "cnn", "rnn", "hybrid", "attention", "autoencoder", "baseline"}
    assert set(test["family"]) == families
    seeds = test.groupby(["dataset", "model"])["seed"].agg(set)
    assert (seeds == {0, 1, 2}).all()
    splice = test[test["task"] == "splice"]
    assert set(splice["model"]) == {
        "mlp", "cnn", "rnn", "hybrid", "attention", "logreg_kmer", "logreg_onehot", "rf_kmer",
    }  # fmt: skip
    assert set(splice["metric"]) == {"accuracy", "f1_macro", "auroc_macro"}
    histone = test[test["task"] == "histone"]
    assert set(histone["dataset"]) == {"sim_histone_E003", "sim_histone_E116"}
    assert {"deepchrome", "attentivechrome", "rnn_histone", "svm"} <= set(histone["model"])
    assert set(histone["family"]) == {"ann", "cnn", "rnn", "hybrid", "attention", "baseline"}
    tfbs = test[test["task"] == "tfbs"]  # the Deep Motif Dashboard's CNN, RNN and CNN-RNN
    assert set(tfbs["family"]) == {"ann", "cnn", "rnn", "hybrid", "attention", "baseline"}
    assert set(tfbs.loc[tfbs["family"] == "rnn", "dataset"]) == {
        "sim_tfbs_ctcf",
        "sim_tfbs_grammar",
    }
    localization = test[test["task"] == "localization"]
    assert set(localization["family"]) == {"ann", "cnn", "rnn", "attention", "baseline"}
    chromatin = test[test["task"] == "chromatin"]  # DeepSEA, DanQ and the recurrent models
    assert set(chromatin["family"]) == {"ann", "cnn", "rnn", "hybrid", "attention", "baseline"}
    mirtarget = test[test["task"] == "mirtarget"]  # the review's DeepTarget row: an RNN
    assert set(mirtarget["family"]) == {"cnn", "rnn", "baseline"}
    fractions = test[~test["metric"].isin(["mae", "n_pathways"])]
    assert fractions["value"].between(0, 1).all()
    flags = metrics[metrics["metric"] == "at_chance"]  # every torch run, every seed
    assert set(flags["split"]) == {"valid"} and set(flags["value"]) <= {0.0, 1.0}
    torch_runs = test[~test["family"].isin(["baseline"]) & (test["task"] != "compendium")]
    assert len(flags) == len(torch_runs[["dataset", "model", "seed"]].drop_duplicates())


def _means(quickstart, metric: str) -> pd.Series:
    summary = pd.read_csv(quickstart / "results/tables/summary.tsv", sep="\t")
    rows = summary[summary["metric"] == metric]
    assert (rows["n_seeds"] == 3).all()
    assert (rows["ci_low"] <= rows["mean"]).all() and (rows["mean"] <= rows["ci_high"]).all()
    if metric == "n_pathways":
        assert (rows["ci_method"] == "t over seeds").all()
    else:  # B: the replicates where the metric is defined, of 200
        used = rows["ci_method"].str.extract(r"^bootstrap: test examples x seeds \(B=(\d+)\)$")
        assert used[0].astype(int).between(180, 200).all()
    return rows.set_index(["dataset", "model"])["mean"]


def test_models_learn_the_planted_signals(quickstart):
    accuracy = _means(quickstart, "accuracy")
    for model in ("mlp", "cnn", "logreg_onehot"):
        assert 0.75 < accuracy["sim_splice", model] < 0.99  # majority class 0.5; strength 0.8
    auroc = _means(quickstart, "auroc")
    for model in ("pwm_scan", "cnn_deepbind"):
        assert auroc["sim_tfbs_ctcf", model] > 0.8  # CTCF planted in 80% of peaks
    for model in ("deepchrome", "attentivechrome", "rf"):
        assert auroc["sim_histone_E003", model] > 0.7
    assert auroc["sim_premirna", "rf_kmer_structure"] > 0.8
    auroc = _means(quickstart, "auroc_macro")
    for model in ("autoencoder", "vae", "linear_svm"):
        assert auroc["sim_tumor", model] > 0.8  # five planted expression programs
    mae = _means(quickstart, "mae")  # standardised targets: predicting the mean gives ~0.8
    for model in ("mlp", "linear_regression", "knn_regression"):
        assert mae["sim_dgex", model] < 0.6
    auroc = _means(quickstart, "auroc_median")  # over six profiles; PWMs of the true motifs
    for model in ("deepsea", "danq", "pwm_scan_chromatin"):
        assert auroc["sim_chromatin", model] > 0.7
    pathways = _means(quickstart, "n_pathways")  # of 10 planted modules (and 10 decoys)
    assert pathways["sim_compendium", "pca"] >= 8 and pathways["sim_compendium", "adage"] >= 5


# Per simulated dataset: the metric, its chance level (majority class, 0.5 AUROC, the mean
# predictor's MAE on standardised targets, no planted module covered) and the margin each
# family's best model must clear, seed-mean on test (a lower MAE is better). Single models may
# fail where their family's design does: k-mer counts on splice carry no position.
ABOVE_CHANCE = {
    "sim_splice": ("accuracy", 0.5, 0.1),
    "sim_tfbs_ctcf": ("auroc", 0.5, 0.2),
    "sim_tfbs_grammar": ("auroc", 0.5, 0.05),
    "sim_premirna": ("auroc", 0.5, 0.15),  # the hybrid reads sequence only: 0.70
    "sim_histone_E003": ("auroc", 0.5, 0.2),
    "sim_histone_E116": ("auroc", 0.5, 0.2),
    "sim_tumor": ("accuracy", 187 / 500, 0.3),
    "sim_dgex": ("mae", 0.8, 0.3),
    "sim_compendium": ("n_pathways", 0.0, 5.0),
    "sim_chromatin": ("auroc_median", 0.5, 0.05),  # MLP, BiLSTM, attention: ~0.6
    "sim_drug": ("auroc_median", 0.5, 0.15),  # gene CNN ~0.73, the others ~0.87-0.89
    "sim_mirtarget": ("auroc", 0.5, 0.2),  # seed rule 0.96, pair CNN and RNN ~0.9
    "sim_localization": ("accuracy", 0.1, 0.25),  # 10 locations; CNN 0.57, logreg 0.50
}


def test_every_family_clears_chance_by_a_margin_on_every_dataset(quickstart):
    summary = pd.read_csv(quickstart / "results/tables/summary.tsv", sep="\t")
    assert set(summary["dataset"]) == set(ABOVE_CHANCE)
    short = []
    for dataset, (metric, chance, margin) in ABOVE_CHANCE.items():
        rows = summary[(summary["dataset"] == dataset) & (summary["metric"] == metric)]
        gain = (
            (chance - rows["mean"] if metric == "mae" else rows["mean"] - chance)
            .groupby(rows["family"])
            .max()
        )
        assert len(gain) >= 2, dataset
        short += [f"{dataset} {family}: best {metric} {chance:+.3f} by {value:.3f} only"
                  for family, value in gain.items() if value < margin]  # fmt: skip
    assert not short, "\n".join(short)


def test_figures_tables_checkpoints_and_logs(quickstart):
    figures = ["histone_cell_types", "histone_attention", "published_vs_reproduced"]
    figures += ["chromatin_sim_chromatin_danq_vs_deepsea"]  # the DanQ paper's scatter
    tasks = ("splice", "tfbs", "premirna", "histone", "tumor", "dgex", "compendium", "chromatin",
             "drug", "mirtarget", "localization")  # fmt: skip
    for task in tasks:
        figures += [task, f"{task}_costs"]
        figures += [f"{task}_roc_pr"] if task not in ("dgex", "compendium") else []
        curves = task not in ("histone", "compendium", "chromatin", "drug", "mirtarget",
                              "localization")  # fmt: skip
        figures += [f"{task}_learning_curve"] if curves else []
    for figure in figures:
        assert (quickstart / f"results/figures/{figure}.png").stat().st_size > 10_000
        assert (quickstart / f"results/figures/{figure}.pdf").exists()
    comparisons = pd.read_csv(quickstart / "results/tables/comparisons.tsv", sep="\t")
    supervised = {"sim_splice", "sim_tfbs_ctcf", "sim_tfbs_grammar", "sim_premirna",
                  "sim_histone_E003", "sim_histone_E116", "sim_tumor", "sim_dgex",
                  "sim_chromatin", "sim_drug", "sim_mirtarget", "sim_localization"}  # fmt: skip
    assert set(comparisons["dataset"]) == supervised
    assert comparisons["p_value"].between(0, 1).all()
    assert (comparisons["p_holm"] >= comparisons["p_value"]).all()
    assert (comparisons["p_holm"] <= 1).all()
    assert (comparisons["ci_low"] <= comparisons["ci_high"]).all()
    assert set(comparisons["comparison"]) == {"seeds"}  # ensembles only on request
    assert set(comparisons["label"]) <= {"better", "worse", "no clear difference"}
    # the compared difference is that of summary.tsv's seed means, to rounding
    summary = pd.read_csv(quickstart / "results/tables/summary.tsv", sep="\t")
    means = summary.set_index(["dataset", "model", "metric"])["mean"]
    for _, row in comparisons.iterrows():
        key = (row["dataset"], row["model"], row["metric"])
        base = (row["dataset"], row["baseline"], row["metric"])
        sign = -1.0 if row["metric"] == "mae" else 1.0
        assert row["difference"] == pytest.approx(sign * (means[key] - means[base]), abs=1e-9)
    digest = (quickstart / "results/summary.md").read_text()
    assert "## splice / sim_splice (accuracy)" in digest and "## Win rates over targets" in digest
    published = pd.read_csv(quickstart / "results/tables/published_vs_reproduced.tsv", sep="\t")
    assert "not run" in set(published["verdict"]) <= {"not run", "not comparable"}  # simulated
    ensembles = pd.read_csv(quickstart / "results/tables/ensembles.tsv", sep="\t")
    assert ensembles[["model", "n_models"]].values.tolist() == [["adage", 3]]
    wins = pd.read_csv(quickstart / "results/tables/target_wins.tsv", sep="\t")
    assert set(wins["model"]) == {"mlp", "knn_regression"} and (wins["n_targets"] == 300).all()
    cell_types = pd.read_csv(quickstart / "results/tables/cell_types.tsv", sep="\t")
    assert (cell_types["n_cell_types"] == 2).all()
    assert {"deepchrome", "attentivechrome"} <= set(cell_types["model"])
    curve = quickstart / "results/models/splice/sim_splice/cnn/0/curve.tsv"
    assert pd.read_csv(curve, sep="\t")["epoch"].iloc[0] == 1
    assert not list((quickstart / "results").glob("checkpoints/**/last.pt"))
    log = (quickstart / "results/logs/train_model/splice/sim_splice/cnn.log").read_text()
    assert "training cnn on cpu" in log and "best epoch" in log and "seed 2" in log
    leakage = pd.read_csv(quickstart / "results/tables/leakage.tsv", sep="\t")
    assert list(leakage.columns) == [
        "task", "dataset", "check", "n_within", "n_across_splits", "n_removed", "n_missed",
        "policy", "verdict",
    ]  # fmt: skip
    # the split's checks, then the independent re-checks of held-out examples
    sequence_checks = {"exact", "reverse_complement", "near_duplicate", "kmer_containment"}
    array_checks = {"exact", "correlated_profile", "sample_id", "same_id", "profile_copy"}
    checks = leakage.groupby("dataset")["check"].agg(set)
    assert checks["sim_splice"] == sequence_checks
    windows = sequence_checks | {"interval", "window_overlap"}
    assert checks["sim_tfbs_ctcf"] == checks["sim_chromatin"] == windows
    array_checks |= {"low_signal"}  # profiles exempt from the copy checks, counted
    assert checks["sim_histone_E003"] == checks["sim_tumor"] == checks["sim_drug"] == array_checks
    # repeated miRNA-site pairs, and pairs sharing a site (each negative reuses a positive's)
    assert checks["sim_mirtarget"] == {"exact", "near_duplicate", "shared_site", "kmer_containment"}
    shared = leakage.set_index(["dataset", "check"]).loc[("sim_mirtarget", "shared_site")]
    assert shared["n_within"] > 100 and shared["n_across_splits"] == 0
    # proteins: one strand
    assert checks["sim_localization"] == {"exact", "near_duplicate", "kmer_containment"}
    independent = leakage["n_missed"].notna()
    assert independent.sum() == 21 and (leakage.loc[independent, "n_missed"] == 0).all()
    assert (leakage.loc[independent, "n_within"] > 0).all()  # held-out examples re-checked
    exempt = leakage["check"] == "low_signal"
    assert (leakage.loc[exempt, "verdict"] == "exempt").all()
    assert (leakage.loc[~exempt, "verdict"] == "pass").all()
    assert (leakage["n_across_splits"] == 0).all()


def test_win_rates_costs_and_learning_curves(quickstart):
    wins = pd.read_csv(quickstart / "results/tables/win_rates.tsv", sep="\t")
    units = set(zip(wins["task"], wins["unit"], strict=True))
    assert units == {("histone", "cell_type"), ("tfbs", "dataset"), ("dgex", "target"),
                     ("chromatin", "target"), ("drug", "target")}  # fmt: skip
    drugs = wins[(wins["task"] == "drug") & (wins["group"] == "sim_drug")]
    assert set(drugs["family"]) == {"ann", "cnn", "autoencoder"} and (drugs["n_targets"] == 6).all()
    pair = wins[(wins["group"] == "sim_chromatin") & (wins["models"] == "danq")]
    assert set(pair["baseline"]) == {"deepsea", "pwm_scan_chromatin"}
    assert (pair["n_targets"] == 6).all()
    targets = pd.read_csv(quickstart / "results/tables/targets.tsv", sep="\t")
    chromatin = targets[(targets["task"] == "chromatin") & (targets["model"] == "deepsea")]
    assert set(chromatin["metric"]) == {"auroc", "auprc"} and chromatin["target"].nunique() == 6
    assert set(chromatin["target_type"]) == {"tf", "dnase", "histone"}
    drug = targets[(targets["task"] == "drug") & (targets["model"] == "cnn_genes")]
    assert set(drug["metric"]) == {"auroc", "auprc"} and drug["target"].nunique() == 6
    assert (wins["wins"] + wins["losses"] + wins["ties"] == wins["n_targets"]).all()
    assert wins["sign_p"].between(0, 1).all()
    assert (wins.loc[wins["task"] == "dgex", "n_targets"] == 300).all()
    costs = pd.read_csv(quickstart / "results/tables/costs.tsv", sep="\t")
    metrics = pd.read_csv(quickstart / "results/tables/metrics.tsv", sep="\t")
    assert len(costs) == len(metrics[["dataset", "model"]].drop_duplicates())
    assert (costs["train_s"] > 0).all() and (costs["peak_rss_mb"] > 50).all()
    fitted = costs["model"] != "seed_match"  # TargetScan's rule: nothing fitted
    assert (costs.loc[fitted, "n_parameters"] > 0).all()
    assert (costs.loc[~fitted, "n_parameters"] == 0).all()
    assert costs.groupby("dataset")["pareto"].any().all()
    curves = pd.read_csv(quickstart / "results/tables/learning_curves.tsv", sep="\t")
    splice = curves[(curves["dataset"] == "sim_splice") & (curves["metric"] == "accuracy")]
    assert set(splice["model"]) == {"cnn", "logreg_onehot"}
    sizes = splice.groupby("model")["n_train"].apply(list)
    assert all(s == sorted(s) and len(s) == 3 for s in sizes)
    assert set(splice["fraction"]) == {0.1, 0.3, 1.0}
    assert "sim_splice__frac10" not in set(metrics["dataset"])  # learning curves only
    # each fraction trains on its own share (runs on the full split would all tie)
    assert splice.groupby("model")["mean"].nunique().eq(3).all()
    # learning-curve datasets are ordinary runs: trained, saved and scored by evaluate_dataset
    run = quickstart / "results/models/splice/sim_splice__frac10/cnn/2/model.pt"
    scored = pd.read_csv(quickstart / "results/metrics/splice/sim_splice__frac30.tsv", sep="\t")
    assert run.exists() and set(scored["model"]) == {"cnn", "logreg_onehot"}


def test_every_family_is_interpreted_against_the_planted_truth(quickstart):
    """interpretation.tsv: each family's model on both simulated tfbs datasets and on the
    splice junctions, every seed; attributions rank the planted positions above the rest,
    and their seqlets find the planted sites and motif; filters exist only where there is a
    convolution over the bases, and are matched only where JASPAR motifs were planted.
    Chromatin (multi-label): DeepSEA's and DanQ's filters only. miRNA targets: the site's
    attributions on the planted seed match, which counts only beside its own miRNA.
    Proteins: the attributions on the planted sorting signals.
    Histone: occlusion ranks the causal marks and bins above the rest for every family."""
    table = pd.read_csv(quickstart / "results/tables/interpretation.tsv", sep="\t")
    assert list(table.columns) == ["task", "dataset", "model", "family", "seed", "measure",
                                   "value"]  # fmt: skip
    assert set(table["family"]) == {"ann", "cnn", "rnn", "hybrid", "attention"}  # ann: histone
    assert set(table["dataset"]) == {
        "sim_tfbs_ctcf", "sim_tfbs_grammar", "sim_splice", "sim_chromatin", "sim_mirtarget",
        "sim_localization", "sim_histone_E003", "sim_histone_E116",
    }  # fmt: skip
    assert (table.groupby(["dataset", "model"])["seed"].agg(set) == {0, 1, 2}).all()
    mean = table.groupby(["dataset", "model", "measure"])["value"].mean().unstack()
    sequences = table.loc[table["task"] != "histone", "dataset"].unique()
    unattributed = {
        "ism": ["sim_chromatin"],
        "deep_lift_shap": ["sim_chromatin", "sim_localization"],
    }
    for method, left_out in unattributed.items():  # multi-label: filters; proteins: ISM only
        site_auroc = mean.loc[list(sequences), f"site_auroc_{method}"]
        assert (site_auroc.drop(left_out, level="dataset") > 0.55).all(), method
    # the pair models' sites (ISM, 3 seeds, 2026-12-07): AUROC 0.94-0.95, attribution mass
    # 0.63-0.98 on 14% of the positions, miRNA dependence 1.00-1.05
    pairs = mean.loc["sim_mirtarget"]
    assert set(pairs.index) == {"pair_cnn", "pair_rnn"}
    assert (pairs["site_auroc_ism"] > 0.8).all()
    assert (pairs["site_mass_ism"] > 2 * pairs["site_share_ism"]).all()
    assert (pairs["mirna_dependence_ism"] > 0.5).all()
    # proteins (ISM only, 2026-12-07): every family's attributions on the planted sorting
    # signals (site AUROC seed means 0.68-0.80), but only the models that see positions put
    # most of their attribution there: the composition MLP 0.37 of it, the others 0.50-0.73,
    # on 19% of the positions
    proteins = mean.loc["sim_localization"]
    assert set(proteins.index) == {"mlp_composition", "cnn_localization", "rnn_localization",
                                   "attention_localization"}  # fmt: skip
    assert (proteins["site_auroc_ism"] > 0.6).all()
    assert proteins["site_auroc_deep_lift_shap"].isna().all()  # ISM only
    assert (proteins["site_mass_ism"] > 1.5 * proteins["site_share_ism"]).all()
    marks = mean.loc[["sim_histone_E003", "sim_histone_E116"]]  # every histone family
    assert set(marks.index.get_level_values("model")) == {
        "mlp", "deepchrome", "rnn_histone", "hybrid", "attentivechrome"
    }  # fmt: skip
    assert (marks["mark_auroc_occlusion"] > 0.7).all()  # 1.00 in every seed, 2026-12-07
    assert (marks["bin_auroc_occlusion"] > 0.7).all()  # seed means 0.84-0.97
    assert marks["mark_auroc_attention"].dropna().index.get_level_values("model").unique() == [
        "attentivechrome"
    ]  # fmt: skip
    chromatin = mean.loc["sim_chromatin"].dropna(axis=1, how="all")
    assert set(chromatin.columns) == {
        "motif_recall",
        "false_motifs",
        "filters_matched",
        "filters",
        "profile_motif_recall",
    }  # no attributions of a multi-label output
    assert (chromatin["filters_matched"] <= chromatin["filters"]).all()
    # DanQ's four TF profiles: their own motif among the five filters each relies on most in
    # two of four, every seed (2026-12-07; DeepSEA's 16 filters: 0, 0, 0.25)
    assert chromatin.loc["danq", "profile_motif_recall"] > 0
    assert mean.loc[("sim_tfbs_ctcf", "cnn"), "converged_deep_lift_shap"] == 1.0
    filtered = mean["motif_recall"].dropna().index
    assert set(filtered.get_level_values("model")) == {"cnn", "hybrid", "deepsea", "danq"}
    assert "sim_splice" not in filtered.get_level_values("dataset")  # donor, acceptor: no JASPAR
    # splice, each junction's true class: its attribution concentrated on the planted donor
    # or acceptor (share 0.53-0.77 for 19% of the positions; seqlet precision 0.96-1.00)
    splice = mean.loc["sim_splice"]
    assert (splice["site_mass_ism"] > 2 * splice["site_share_ism"]).all()
    assert (splice["seqlet_precision_ism"] > 0.8).all()
    # every family's seqlets on the CTCF peaks: mostly on the planted sites (a random 15 bp
    # span of the sample overlaps one with probability 0.30), their bases matching CTCF
    assert (mean.loc["sim_tfbs_ctcf", "seqlet_precision_ism"] > 0.5).all()
    assert (mean.loc["sim_tfbs_ctcf", "seqlet_motif_recall_ism"] >= 0.5).all()
    pairs = mean.loc["sim_tfbs_grammar", "partner_dependence_ism"]  # two motifs planted
    assert pairs.notna().all() and mean.loc["sim_tfbs_ctcf", "partner_dependence_ism"].isna().all()
    saved = quickstart / "results/interpretation/tfbs/sim_tfbs_ctcf/hybrid/2.npz"
    assert saved.exists()
    assert (quickstart / "results/figures/interpretation.png").stat().st_size > 10_000
    examples = quickstart / "results/figures/interpretation"  # one per interpreted model
    assert len(list(examples.glob("*/*/*.png"))) == len(table.groupby(["dataset", "model"]))
    assert "## What the models learned" in (quickstart / "results/summary.md").read_text()


def test_second_run_has_nothing_to_do(quickstart):
    result = snakemake(quickstart, "--dry-run")
    assert "Nothing to be done" in result.stdout + result.stderr


@pytest.fixture(scope="module")
def report(quickstart):
    snakemake(quickstart, "--report", "results/report.html")
    return quickstart / "results/report.html"


def test_report_builds_with_captions(report):
    html = report.read_text(errors="replace")
    assert len(html) > 50_000
    for expected in ("splice.png", "histone_attention.png", "metrics.tsv", "cell_types.tsv",
                     "tfbs_roc_pr.png", "costs.tsv", "win_rates.tsv", "learning_curves.tsv",
                     "published_vs_reproduced.png"):  # fmt: skip
        assert expected in html


def test_report_renders_in_headless_chromium(report, tmp_path):
    page = render_in_chromium(report, tmp_path / "report.png")
    assert page.console_errors == []
    assert page.ink > 0.01, "the report renders as a blank page"
    assert "genomic-dl-bench" in page.text
