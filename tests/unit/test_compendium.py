"""ADAGE inputs (PCL and KEGG terms) against the real heads and broken files, the compendium
simulator, min-max preparation, and enrichment with known answers."""

import numpy as np
import pytest
import torch
from split_settings import SPLIT

from gdlbench.data.formats import FORMATS
from gdlbench.data.formats.adage import read_adage, read_kegg_terms, read_pcl
from gdlbench.data.prepare import prepare_records
from gdlbench.data.simulate.compendium import write_compendium
from gdlbench.errors import InputError
from gdlbench.evaluation.enrichment import enrichment_table, pathways_covered, signatures
from gdlbench.models.autoencoder import build_autoencoder


def test_real_heads_parse(formats):
    table = read_pcl(formats / "adage" / "Anr-gene.pcl.head")
    assert table.index[0] == "PA0001" and table.columns[0] == "anr1_(Pae_G1a)_2.CEL"
    assert table.iloc[0, 0] == pytest.approx(9.34486416617801)
    terms = read_kegg_terms(formats / "adage" / "pseudomonas_KEGG_terms.txt.head")
    first = next(iter(terms))
    assert first.startswith("KEGG-Pathway-pae00072") and len(terms[first]) == 10


@pytest.mark.parametrize(
    "text, message",
    [
        ("\ta\tb\nPA1\t1\t2\nPA1\t3\t4\n", "gene 'PA1' appears twice"),
        ("\ta\tb\nPA1\t1\n", "gene 'PA1' has 1 values for 2 arrays"),
        ("\ta\tb\nPA1\t1\tNaN\n", "gene 'PA1', array 'b': missing or non-numeric"),
        ("x\ta\tb\nPA1\t1\t2\n", "starts with an empty cell"),
        ("\ta\ta\nPA1\t1\t2\n", "array 'a' appears twice"),
    ],
)
def test_malformed_pcl_is_a_clear_error(tmp_path, text, message):
    path = tmp_path / "c.pcl"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        read_pcl(path)


def test_kegg_term_with_a_wrong_size_is_an_error(tmp_path):
    path = tmp_path / "terms.txt"
    path.write_text("T1: x\t3\tPA1;PA2\n")
    with pytest.raises(InputError, match="says 3 genes, lists 2"):
        read_kegg_terms(path)


def test_simulated_compendium_prepares_min_max_scaled(tmp_path):
    files = {"compendium": tmp_path / "c.pcl", "terms": tmp_path / "t.txt"}
    params = {"n_genes": 100, "n_arrays": 60, "n_modules": 3, "module_size": 10, "noise": 0.5}
    write_compendium(params, np.random.default_rng(0), files)
    records = read_adage(files, {})
    assert len(records) == 60 and len(records.attrs["terms"]) == 6
    arrays, meta = prepare_records(
        "compendium", "sim", records, "sim", SPLIT, None, **FORMATS["adage_pcl"].preparation
    )
    train = arrays["x"][arrays["split"] == 0]
    assert train.min() == 0.0 and train.max() == pytest.approx(1.0)
    assert meta["kind"] == "representation" and len(meta["genes"]) == 100


def test_enrichment_finds_a_planted_signature_and_not_noise():
    rng = np.random.default_rng(0)
    weights = rng.normal(0, 1, (4, 300))
    weights[2, 40:55] += 8  # node 2 weighs the genes of term "planted"
    genes = [f"g{i}" for i in range(300)]
    terms = {"planted": genes[40:55], "other": genes[100:115]}
    assert any(node == 2 and side == "+" for node, side, _ in signatures(weights))
    table = enrichment_table(weights, genes, terms)
    assert pathways_covered(table) == ["planted"]
    assert table["q"].between(0, 1).all()


def test_autoencoder_gene_weights_and_reconstruction_shapes():
    model = build_autoencoder((40,), 1, hidden=[6], activation="sigmoid", output="sigmoid")
    assert model.gene_weights().shape == (6, 40)
    reconstruction = model.reconstruct(torch.rand(5, 40))
    assert reconstruction.shape == (5, 40) and (reconstruction >= 0).all()
    vae = build_autoencoder((40,), 1, hidden=[16, 6], variational=True)
    assert vae.gene_weights().shape == (16, 40)
