"""GDSC drug response: the readers against the real layouts (rendered fitted rows written as a
workbook, gdsctools' real CSV head, the RMA header), genome order, the simulator's planted
truth, and the preparer (labels fitted on train, LN_IC50 kept, repeated cell lines in one
split)."""

import numpy as np
import pytest
import torch
from gdsc_files import GTF, gdsc_files, rendered
from split_settings import SPLIT

from gdlbench.baselines import BASELINES
from gdlbench.baselines.per_target import PerTarget
from gdlbench.data.formats import FORMATS
from gdlbench.data.formats.gdsc import genome_order, read_fitted, read_gene_positions, read_rma
from gdlbench.data.prepare import prepare_records
from gdlbench.data.simulate import simulate_dataset
from gdlbench.data.split import TEST, TRAIN
from gdlbench.data.transforms import sensitivity_labels
from gdlbench.models.cnn import build_cnn

PARAMS = {"seed": 3, "n_cell_lines": 200, "n_genes": 120, "n_signatures": 2,
          "signature_size": 15, "loading": 1.0, "n_drugs": 4, "effect": 1.2, "noise": 0.5,
          "missing": 0.2}  # fmt: skip


def test_fitted_workbook_with_the_real_columns_and_rows(formats, tmp_path):
    columns, fitted, _, _ = rendered(formats)
    assert len(columns) == 19 and len(fitted) == 6
    files = gdsc_files(formats, tmp_path, n_copies=0)
    table = read_fitted(files["fitted"])
    first = table.iloc[0]
    key = (first["COSMIC_ID"], first["DRUG_ID"], first["DRUG_NAME"])
    assert key == ("683665", "1", "Erlotinib")
    assert first["LN_IC50"] == pytest.approx(2.39568) and first["TCGA_DESC"] == "MM"
    assert set(table["DATASET"]) == {"GDSC1", "GDSC2"}
    camptothecin = table[table["DRUG_NAME"] == "Camptothecin"]
    assert camptothecin["PATHWAY_NAME"].iloc[0] == "DNA replication"


def test_gdsctools_wide_ic50_csv_is_read_as_long_pairs(formats):
    table = read_fitted(formats / "gdsc" / "gdsctools_IC50_v17.csv.head")
    assert set(table["COSMIC_ID"]) == {"906800", "687562"}  # the other rows are empty
    assert len(table) == 22 and table["DRUG_NAME"].str.startswith("Drug_").all()
    pair = table[(table["COSMIC_ID"] == "906800") & (table["DRUG_ID"] == "3")]
    assert pair["LN_IC50"].iloc[0] == pytest.approx(-5.32052377453)


def test_rma_drops_rows_without_symbol_and_keeps_a_repeated_cell_line(formats, tmp_path):
    files = gdsc_files(formats, tmp_path)
    values, report = read_rma(files["expression"])
    assert list(values.index) == ["TSPAN6", "TNMD"] and report["genes_without_symbol"] == 1
    assert values.columns[-1] == values.columns[-2]  # DATA.<id> twice in the header
    assert values.loc["TSPAN6"].iloc[0] == pytest.approx(7.63202)


def test_genes_follow_the_genome_not_the_file(tmp_path):
    (tmp_path / "genes.gtf").write_text(GTF)
    positions = read_gene_positions(tmp_path / "genes.gtf")
    import pandas as pd

    order = genome_order(pd.Index(["TSPAN6", "NOPOS", "TNMD"]), positions)
    assert order.tolist() == [2, 0, 1]  # TNMD (chrX:100.58 Mb), TSPAN6, then unplaced


def test_reader_joins_on_cosmic_id_with_tissue_and_missing_pairs(formats, tmp_path):
    records = FORMATS["gdsc"].read(gdsc_files(formats, tmp_path), {"min_cell_lines": 3})
    assert records.attrs["genes"] == ["TNMD", "TSPAN6"] and records.attrs["gene_order"] == "genome"
    assert records.attrs["targets"] == ["Camptothecin_1003_GDSC2", "Erlotinib_1_GDSC1"]
    erlotinib = np.stack(records["y"])[:, 1]  # unscreened: 15 GDSC2 lines and the repeat
    assert np.isnan(erlotinib).sum() == 16 and (records["id"] == records["id"].iloc[-1]).sum() == 2
    assert set(records["label"]) == {"MM", "UNCLASSIFIED", "BRCA"}


def test_simulated_drug_response_follows_its_signature(tmp_path):
    files = {role: tmp_path / name for role, name in FORMATS["gdsc"].files.items()}
    simulate_dataset("gdsc", PARAMS, files)
    records = FORMATS["gdsc"].read(files, {})
    x, y = np.stack(records["x"]), np.stack(records["y"])
    assert len(records) == 201 and y.shape[1] == 4 and 0.1 < np.isnan(y).mean() < 0.3
    # the drugs of one signature (0 and 2) respond alike; across signatures they do not
    a = (~np.isnan(y[:, [0, 2]])).all(1)
    same = np.corrcoef(y[a, 0], y[a, 2])[0, 1]
    both = (~np.isnan(y[:, [0, 1]])).all(1)
    other = np.corrcoef(y[both, 0], y[both, 1])[0, 1]
    assert same > 0.4 and abs(other) < 0.3 and x.shape[1] == 120


def test_labels_are_fitted_on_train(tmp_path):
    files = {role: tmp_path / name for role, name in FORMATS["gdsc"].files.items()}
    simulate_dataset("gdsc", PARAMS, files)
    records = FORMATS["gdsc"].read(files, {})
    arrays, meta = prepare_records(
        "drug", "d", records, "src", SPLIT, None, **FORMATS["gdsc"].preparation
    )
    y, split = arrays["y"], arrays["split"]
    assert len(y) == len(records)  # every record kept, in order: LN_IC50 row for row
    ic50 = np.stack(records["y"].to_numpy()).astype(np.float32)
    assert y.dtype == np.float32 and np.array_equal(np.isnan(y), np.isnan(ic50))
    assert set(np.unique(y[~np.isnan(y)])) == {0.0, 1.0}
    train_mean = np.nanmean(ic50[split == TRAIN], axis=0)
    assert np.allclose(meta["labels"]["train_mean"], train_mean, atol=1e-5)
    moved = ic50.copy()
    moved[split == TEST] += 100.0  # test values never move the thresholds
    _, mean, _ = sensitivity_labels(moved, split == TRAIN, -1.0)
    assert np.allclose(mean, train_mean, atol=1e-5)
    repeated = arrays["examples"]["id"].duplicated(keep=False).to_numpy()
    assert repeated.sum() == 2 and len(set(split[repeated])) == 1
    assert meta["leakage_audit"]["checks"]["sample_id"]["n_within"] == 1
    assert abs(arrays["x"][split == TRAIN].mean()) < 1e-3  # standardised on train


def test_cnn_reads_a_gene_vector_as_one_channel():
    model = build_cnn((120,), 4, filters=[4], kernel_size=9, pool_size=8, dense=16)
    assert model(torch.randn(5, 120)).shape == (5, 4)


@pytest.mark.parametrize("name", ["rf", "logreg_enet", "knn"])
def test_drug_baselines_fit_one_model_per_drug(name):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(80, 6))
    y = np.column_stack([(x[:, 0] > 0), (x[:, 1] > 0.5)]).astype(np.float32)
    y[:5, 1] = np.nan
    model = PerTarget(BASELINES[name].make(0, 1, **({"n_neighbors": 5} if name == "knn" else {})))
    scores = model.fit(x, y).predict_proba(x)
    assert scores.shape == (80, 2) and np.corrcoef(scores[:, 0], x[:, 0])[0, 1] > 0.5
    assert "multilabel" in BASELINES[name].kinds
