"""premirna data: FASTA parsers on the real heads and broken files, folding, structure
features, the simulator, and a prepared dataset with structure channels."""

import gzip
from dataclasses import replace

import numpy as np
import pytest
import torch
from split_settings import SPLIT as BASE_SPLIT

from gdlbench.baselines.structure_features import NAMES, structure_features, triplet_features
from gdlbench.data.dataset import PreparedDataset
from gdlbench.data.encode import decode, encode
from gdlbench.data.fold import (
    dot_brackets,
    fold_prepared,
    fold_sequences,
    structure_codes,
    structure_one_hot,
)
from gdlbench.data.formats.deepmirgene import (
    deepmirgene_records,
    read_deepmirgene,
    read_mirbase_hairpin,
)
from gdlbench.data.formats.fasta import read_fasta
from gdlbench.data.prepare import prepare_records, write_prepared
from gdlbench.data.simulate import simulate_dataset
from gdlbench.errors import InputError

PARAMS = {"seed": 1, "n_pos": 60, "n_neg": 240, "mismatch": 0.08, "test_fraction": 0.2}
SPLIT = {**BASE_SPLIT, "method": "given"}


def test_deepmirgene_real_heads(formats):
    folder = formats / "deepmirgene"
    records = read_deepmirgene(
        {"pos": folder / "human_pos.fa.head", "neg": folder / "human_neg.fa.head"}, {}
    )
    assert set(records["label"]) == {"0", "1"}
    assert not records["sequence"].str.contains("U").any()
    assert records.loc[0, "id"] == "pos:1"
    assert records.loc[0, "sequence"].startswith("TGGGATGAGG")


def test_mirbase_species_filter(formats):
    hairpins = {"hairpin": formats / "mirbase" / "hairpin.fa.head"}
    worm = read_mirbase_hairpin(hairpins, {"species": "cel-"})
    assert len(worm) >= 2 and (worm["label"] == "1").all()
    assert worm.loc[0, "id"] == "hairpin:cel-let-7"
    with pytest.raises(InputError, match="no hairpin of species prefix 'xyz-'"):
        read_mirbase_hairpin(hairpins, {"species": "xyz-"})


def test_pool_copies_of_test_sequences_are_removed(tmp_path):
    (tmp_path / "pos.fa").write_text(">1\nACGUACGUAC\n>2\nGGGGCCCCAA\n")
    (tmp_path / "neg.fa").write_text(">3\nUUUUUAAAAA\n")
    (tmp_path / "pos_test.fa").write_text(">1\nGGGGCCCCAA\n")  # same name space, same sequence
    (tmp_path / "neg_test.fa").write_text(">1\nCCCCCAAAAA\n")
    files = {
        role: tmp_path / f"{role.replace('test_', '')}{'_test' if 'test' in role else ''}.fa"
        for role in ("pos", "neg", "test_pos", "test_neg")
    }
    records, report = deepmirgene_records(files, {})
    assert report == {"pool_sequences_in_test_removed": 1}
    assert (records["sequence"] == "GGGGCCCCAA").sum() == 1


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("ACGU\n>1\nACGU\n", r":1: sequence before the first '>'"),
        (">1\nACGU\n>2\n>3\nACGU\n", r":3: record '2' is empty"),
        (">1\nACGZ\n", r":2: characters \['Z'\]"),
    ],
)
def test_broken_fasta_names_file_and_line(tmp_path, content, problem):
    (tmp_path / "bad.fa").write_text(content)
    with pytest.raises(InputError, match=rf"bad.fa{problem}"):
        read_fasta(tmp_path / "bad.fa")


def test_corrupt_gzip_fasta(tmp_path):
    (tmp_path / "x.fa.gz").write_bytes(gzip.compress(b">1\nACGU\n" * 500)[:30])
    with pytest.raises(InputError, match="x.fa.gz: unreadable gzip"):
        read_fasta(tmp_path / "x.fa.gz")


def test_folding_a_known_hairpin_serial_equals_parallel():
    stem = "GGGGCGCAAGCC"
    hairpin = stem + "UUCG" + "GGCUUGCGCCCC"
    structures, mfe = fold_sequences([hairpin] * 150, threads=2)
    assert structures[0] == "(" * 12 + "...." + ")" * 12 and mfe[0] < -10
    assert fold_sequences([hairpin], threads=1)[0] == structures[:1]
    codes = structure_codes(["((..))", "(.)"], 7)
    assert codes.tolist() == [[1, 1, 0, 0, 2, 2, 3], [1, 0, 2, 3, 3, 3, 3]]
    assert dot_brackets(codes) == ["((..))", "(.)"]
    one_hot = structure_one_hot(codes)
    assert one_hot.shape == (2, 3, 7) and one_hot[1, :, 3:].sum() == 0


def test_structure_features_on_a_hand_checked_case():
    codes = encode(["GGGAAACCC"])
    structure = structure_codes(["(((...)))"], 9)
    features = structure_features(codes, structure, np.array([-3.6], dtype=np.float32))
    values = dict(zip(NAMES, features[0], strict=True))
    assert values["length"] == 9 and values["gc"] == pytest.approx(6 / 9)
    assert values["mfe_per_nt"] == pytest.approx(-0.4)
    assert values["paired_fraction"] == pytest.approx(6 / 9)
    assert (values["stems"], values["longest_stem"], values["terminal_loop"]) == (1, 3, 3)
    triplets = triplet_features(codes, structure)
    assert triplets.sum() == pytest.approx(1.0)
    assert values["triplet_G_111"] == pytest.approx(1 / 7)  # G at 1 inside '((('
    assert values["triplet_G_110"] == pytest.approx(1 / 7)  # G at 2 inside '((.'


def test_simulated_hairpins_fold_tighter_than_negatives(tmp_path):
    files = {role: tmp_path / f"{role}.fa" for role in ("pos", "neg", "test_pos", "test_neg")}
    simulate_dataset("deepmirgene", PARAMS, files)
    records = read_deepmirgene(files, {})
    assert records.groupby(["split", "label"]).size().to_dict() == {
        ("test", "0"): 48,
        ("test", "1"): 12,
        ("train", "0"): 192,
        ("train", "1"): 48,
    }
    assert files["pos"].read_text().startswith(">")
    structures, mfe = fold_sequences(records["sequence"].tolist())
    per_nt = mfe / records["sequence"].str.len().to_numpy()
    positive = records["label"].to_numpy() == "1"
    assert per_nt[positive].mean() < per_nt[~positive].mean() - 0.1


def test_prepared_premirna_has_structure_channels(tmp_path):
    files = {role: tmp_path / f"{role}.fa" for role in ("pos", "neg", "test_pos", "test_neg")}
    simulate_dataset("deepmirgene", PARAMS, files)
    arrays, meta = prepare_records(
        "premirna", "sim", read_deepmirgene(files, {}), "sim", SPLIT, None
    )
    assert meta["structure"] and "structure" not in arrays  # folded by its own rule
    write_prepared(tmp_path / "prepared", arrays, meta)
    structure, mfe = fold_prepared(tmp_path / "prepared", threads=2)
    assert structure.shape == arrays["x"].shape and mfe.shape == (len(arrays["x"]),)
    assert dot_brackets(structure[:1]) == fold_sequences(decode(arrays["x"][:1]))[0]
    plain = PreparedDataset.load(tmp_path / "prepared")
    folded = PreparedDataset.load(tmp_path / "prepared", structure=True)
    rows = np.arange(4)
    assert plain.inputs(rows).shape[1] == 4 and folded.inputs(rows).shape[1] == 7
    padding = plain.inputs(rows).sum(dim=1) == 0
    assert torch.equal(padding, folded.inputs(rows).sum(dim=1) == 0)
    # codes held as tensors (on a GPU: for a whole fit) give the same channels, made there
    arrays = {"x": folded.x, "structure": folded.structure}
    held = replace(folded, resident={k: torch.from_numpy(np.asarray(v)) for k, v in arrays.items()})
    assert torch.equal(held.inputs(torch.from_numpy(rows)), folded.inputs(rows))
