"""The `localization` task's data: DeepLoc's FASTA against the real heads, the protein codes and
one-hot, DeepLoc's cut of long proteins, composition, the protein near-duplicate check and the
simulator's planted sorting signals."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch
from split_settings import SPLIT

from gdlbench.data.formats.deeploc import LOCATIONS, read_deeploc
from gdlbench.data.homology import homologous_pairs, homology_groups
from gdlbench.data.leakage import leakage_checks, protein_near_duplicate_groups
from gdlbench.data.modalities import MODALITIES
from gdlbench.data.prepare import prepare_records
from gdlbench.data.protein import (
    AMINO_ACIDS,
    PROTEIN_PAD,
    composition_features,
    cut_long,
    decode_protein,
    encode_protein,
    peptide_composition,
    protein_one_hot,
)
from gdlbench.data.simulate.localization import simulate_localization, write_localization
from gdlbench.errors import InputError

HEADS = ("deeploc_test_set.fasta.head", "deeploc_our_val_set.fasta.head")


def _raw(formats: Path, name: str) -> dict[str, str]:
    """Accession -> the whole sequence of a real head (read plainly, for comparison)."""
    records, name_ = {}, None
    for line in (formats / "deeploc" / name).read_text().splitlines():
        if line.startswith(">"):
            name_ = line[1:].split()[0]
            records[name_] = ""
        else:
            records[name_] += line.strip()
    return records


@pytest.mark.parametrize("head", HEADS)
def test_real_heads_give_locations_the_given_split_and_deeplocs_cut(formats, head):
    records = read_deeploc({"data": formats / "deeploc" / head}, {})
    raw = _raw(formats, head)
    assert list(records["id"]) == list(raw)
    assert set(records["label"]) == {"Cell.membrane"}  # `-M`: the flag is dropped
    assert set(records["split"]) == ({"test"} if "test" in head else {"train"})
    for name, sequence in zip(records["id"], records["sequence"], strict=True):
        whole = raw[name]
        assert len(sequence) == min(len(whole), 1000)
        assert sequence == (whole if len(whole) <= 1000 else whole[:500] + whole[-500:])
    assert (records["sequence"].str.len() == 1000).any()  # a real protein over 1000 residues


def test_cut_keeps_the_first_and_last_residues():
    assert cut_long("ABCDEFGHIJ", 4) == "ABIJ"
    assert cut_long("ABCDEFGHIJ", 5) == "ABHIJ"
    assert cut_long("ABC", 5) == "ABC" and cut_long("ABCDEF", None) == "ABCDEF"


def _with_header(formats, tmp_path, old: str, new: str) -> Path:
    text = (formats / "deeploc" / HEADS[0]).read_text().replace(old, new, 1)
    path = tmp_path / "deeploc_data.fasta"
    path.write_text(text)
    return path


def test_two_locations_are_dropped_or_given_one_of_them(formats, tmp_path):
    path = _with_header(formats, tmp_path, "Q9H400 Cell.membrane-M test",
                        "Q9H400 Cytoplasm-Nucleus-U test")  # fmt: skip
    dropped = read_deeploc({"data": path}, {})
    assert "Q9H400" not in set(dropped["id"]) and len(dropped) == 5
    nucleus = read_deeploc({"data": path}, {"dual_location": "Nucleus"})
    assert nucleus.set_index("id").loc["Q9H400", "label"] == "Nucleus"
    with pytest.raises(InputError, match="dual_location 'both'"):
        read_deeploc({"data": path}, {"dual_location": "both"})


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [("Cell.membrane-M test", "Cell.membrane-Q test", r"label 'Cell.membrane-Q' is not"),
     ("Cell.membrane-M test", "Chloroplast-S test", r"label 'Chloroplast-S' is not"),
     ("Cell.membrane-M test", "Cell.membrane-M train", r"expected 'ACC Location-Flag'"),
     ("MGLPVSWAPP", "MGLPVSWAP1", r":2: characters \['1'\] are no amino-acid codes")],
)  # fmt: skip
def test_bad_headers_and_letters_name_the_file_and_record(formats, tmp_path, old, new, message):
    path = _with_header(formats, tmp_path, old, new)
    with pytest.raises(InputError, match=str(path).replace(".", r"\.") + ".*" + message):
        read_deeploc({"data": path}, {})


def test_protein_codes_round_trip_and_one_hot_spreads_ambiguity():
    codes = encode_protein(["ACDXBZU", "WY"])
    assert codes.shape == (2, 7) and codes.dtype == np.uint8
    assert (codes[1, 2:] == PROTEIN_PAD).all()
    assert decode_protein(codes) == ["ACDXBZU", "WY"]
    x = protein_one_hot(codes)
    assert x.shape == (2, 20, 7)
    assert torch.allclose(x[0].sum(dim=0), torch.ones(7))  # every real residue sums to 1
    assert torch.allclose(x[0, :, 3], torch.full((20,), 0.05))  # X: any amino acid
    assert x[0, AMINO_ACIDS.index("D"), 4] == 0.5 and x[0, AMINO_ACIDS.index("N"), 4] == 0.5
    assert x[0, AMINO_ACIDS.index("E"), 5] == 0.5 and x[0, AMINO_ACIDS.index("Q"), 5] == 0.5
    assert x[0, AMINO_ACIDS.index("C"), 6] == 1.0  # U, selenocysteine, read as C
    assert (x[1, :, 2:] == 0).all()  # padding is all zeros, as models expect
    assert torch.equal(MODALITIES["protein"].inputs(codes), x)
    with pytest.raises(ValueError, match="sequence 1 has a character 'O' that is no amino-acid"):
        encode_protein(["AC", "AOC"])


def test_composition_counts_residues_and_pairs_and_ignores_padding():
    codes = encode_protein(["AAC", "ACACAC"])
    features = composition_features(codes, 2)
    assert features.shape == (2, 420)
    a, c = AMINO_ACIDS.index("A"), AMINO_ACIDS.index("C")
    np.testing.assert_allclose(features[0, [a, c]], [2 / 3, 1 / 3], rtol=1e-6)
    pairs = features[:, 20:].reshape(2, 20, 20)
    np.testing.assert_allclose([pairs[0, a, a], pairs[0, a, c]], [0.5, 0.5], rtol=1e-6)
    np.testing.assert_allclose([pairs[1, a, c], pairs[1, c, a]], [0.6, 0.4], rtol=1e-6)
    assert features.sum(axis=1) == pytest.approx([2.0, 2.0])  # both compositions sum to 1
    assert composition_features(codes, 1).shape == (2, 20)
    one_hot = protein_one_hot(codes)
    assert torch.allclose(peptide_composition(one_hot, 2), torch.from_numpy(features))


def _random_protein(rng, length):
    return "".join(rng.choice(list(AMINO_ACIDS), size=length))


def test_near_identical_proteins_are_grouped_and_unrelated_ones_are_not():
    rng = np.random.default_rng(0)
    base = _random_protein(rng, 300)
    mutated = list(base)
    for i in rng.choice(300, size=15, replace=False):  # 95% identity
        mutated[i] = "W" if base[i] != "W" else "Y"
    extended = "MKT" + base  # an isoform with three more N-terminal residues
    proteins = [base, "".join(mutated), extended, _random_protein(rng, 300), base]
    proteins += [_random_protein(rng, int(rng.integers(100, 400))) for _ in range(40)]
    codes = encode_protein(proteins)
    groups = protein_near_duplicate_groups(codes, 0.9)
    assert groups[0] == groups[1] == groups[2] == groups[4]
    rest = np.delete(groups, [0, 1, 2, 4])
    assert len(set(rest)) == len(proteins) - 4 and groups[0] not in rest  # all stand alone
    checks = leakage_checks(codes, None, "protein", SPLIT)
    assert set(checks) == {"exact", "near_duplicate"}  # no reverse complement for proteins
    assert checks["exact"][0] == checks["exact"][4] != checks["exact"][1]
    looser = protein_near_duplicate_groups(codes, 0.97)
    assert looser[0] == looser[2] != looser[1]  # 95% falls below a 97% identity threshold


PARAMS = {"seed": 1, "n_per_class": 40, "length": [40, 120], "strength": 0.9,
          "test_fraction": 0.25, "dual": 5, "ambiguous_rate": 0.01}  # fmt: skip


def test_simulator_writes_deeploc_format_with_planted_signals(tmp_path):
    path = tmp_path / "deeploc_data.fasta"
    write_localization(PARAMS, np.random.default_rng(1), {"data": path})
    lines = path.read_text().splitlines()
    assert all(len(line) <= 60 for line in lines if not line.startswith(">"))
    records = read_deeploc({"data": path}, {"max_length": None})
    assert len(records) == 400 and set(records["label"]) == set(LOCATIONS)  # 5 dual dropped
    assert 0.15 < (records["split"] == "test").mean() < 0.35
    by_location = records.groupby("label")["sequence"]
    ends = {loc: seqs.str[-4:].eq("KDEL").mean() for loc, seqs in by_location}
    assert ends["Endoplasmic.reticulum"] > 0.8 and max(
        v for loc, v in ends.items() if loc != "Endoplasmic.reticulum") == 0  # fmt: skip
    pts1 = by_location.apply(lambda s: s.str.contains("[SAC][KRH]L$").mean())
    assert pts1["Peroxisome"] > 0.8 and pts1.drop("Peroxisome").max() < 0.1
    nls = by_location.apply(lambda s: s.str[:40].str.contains("P[KR]{4}KV").mean())
    assert nls["Nucleus"] > 0.8 and nls.drop("Nucleus").max() < 0.05
    helices = by_location.apply(lambda s: s.str.count("[LAVIFMG]{16}").mean())
    assert helices["Cell.membrane"] > 1.5 > helices["Cytoplasm"]


def test_simulated_proteins_prepare_with_a_given_test_split():
    headers, _ = simulate_localization(PARAMS, np.random.default_rng(2))
    assert sum("Cytoplasm-Nucleus" in h for h, _ in headers) == 5
    path_free = [(h.split()[0], s, h.split()[1].rpartition("-")[0], "test" in h)
                 for h, s in headers if "Cytoplasm-Nucleus" not in h]  # fmt: skip
    records = pd.DataFrame(path_free, columns=["id", "sequence", "label", "test"])
    records["split"] = np.where(records.pop("test"), "test", "train")
    arrays, meta = prepare_records(
        "localization", "sim", records, "sim", {**SPLIT, "method": "given"}, None
    )
    assert meta["modality"] == "protein" and len(meta["classes"]) == 10 and meta["padded"]
    assert arrays["x"].dtype == np.uint8 and arrays["x"].max() <= PROTEIN_PAD
    assert set(meta["leakage_audit"]["checks"]) == {"exact", "near_duplicate"}
    test = arrays["split"] == 2
    assert set(records.loc[records["split"] == "test", "id"]) == set(
        arrays["examples"].loc[test, "id"])  # fmt: skip


BACKGROUND = np.array([7.8, 5.1, 4.3, 5.3, 1.9, 4.3, 6.3, 7.4, 2.2, 5.2,
                       9.0, 5.7, 2.2, 3.9, 5.2, 7.1, 5.8, 1.3, 3.2, 6.4])  # fmt: skip
BACKGROUND_LETTERS = list("ARNDCQEGHILKMFPSTWYV")  # the order of BACKGROUND


def _background_protein(rng, length):
    """A random protein with a natural amino-acid composition."""
    return "".join(rng.choice(BACKGROUND_LETTERS, length, p=BACKGROUND / BACKGROUND.sum()))


def _homolog(rng, protein, kept):
    """`protein` with each residue kept with probability `kept`, else drawn afresh, and a
    5-residue deletion: about 40% identity at kept 0.35."""
    out = [c if rng.random() < kept else _background_protein(rng, 1) for c in protein]
    cut = int(rng.integers(20, len(out) - 25))
    return "".join(out[:cut] + out[cut + 5 :])


def test_homology_finds_distant_homologs_and_never_groups_random_proteins():
    rng = np.random.default_rng(4)
    originals = [_background_protein(rng, int(n)) for n in rng.integers(150, 500, 40)]
    homologs = [_homolog(rng, p, 0.35) for p in originals]
    groups = homology_groups(encode_protein(originals + homologs), 0.3, threads=2)
    assert (groups[:40] == groups[40:]).all()
    lengths = rng.lognormal(6.0, 0.5, 400).clip(40, 1000)  # DeepLoc's lengths, about
    unrelated = [_background_protein(rng, int(n)) for n in lengths]
    assert len(homologous_pairs(encode_protein(unrelated), 0.3, threads=2)) == 0
    near = protein_near_duplicate_groups(encode_protein(originals + homologs), 0.9)
    assert (near[:40] != near[40:]).all()  # the 90% check alone sees none of them


def test_deeplocs_validation_is_carved_by_homology_like_its_test_split():
    """DeepLoc's test split is homology-reduced at 30%; families of 40%-identical homologs in
    the training pool must not straddle train and validation."""
    rng = np.random.default_rng(5)
    rows = []
    for family in range(24):
        founder = _background_protein(rng, int(rng.integers(150, 400)))
        label = LOCATIONS[family % 2]
        rows += [(f"f{family}_{k}", founder if k == 0 else _homolog(rng, founder, 0.35), label,
                  "train") for k in range(4)]  # fmt: skip
    rows += [(f"t{n}", _background_protein(rng, 200), LOCATIONS[n % 2], "test") for n in range(12)]
    records = pd.DataFrame(rows, columns=["id", "sequence", "label", "split"])
    records.attrs["test_partition"] = {"rule": "homology", "identity": 0.3}
    arrays, meta = prepare_records(
        "localization", "deeploc", records, "sim", {**SPLIT, "method": "given"}, None, threads=2
    )
    assert meta["leakage_audit"]["valid_rule"].startswith("homology at 30% identity")
    split, families = arrays["split"], arrays["examples"]["id"].str.split("_").str[0]
    assert (split == 1).sum() >= 8
    for name in families[split == 1].unique():
        assert set(split[(families == name).to_numpy()]) == {1}, name
    train_valid = split < 2
    pairs = homologous_pairs(arrays["x"][train_valid], 0.3, threads=2)
    sides = split[train_valid][pairs]
    assert len(pairs) and (sides[:, 0] == sides[:, 1]).all()
