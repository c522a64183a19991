import numpy as np

from gdlbench.data.formats.uci_splice import read_uci_splice
from gdlbench.data.simulate import simulate_dataset
from gdlbench.data.simulate.planted import read_planted
from gdlbench.data.simulate.splice import simulate_splice

PARAMS = {
    "seed": 3,
    "n_per_class": {"EI": 400, "IE": 400, "N": 800},
    "strength": 0.8,
    "ambiguous_rate": 0.002,
}


def _records():
    p = PARAMS
    records, _ = simulate_splice(
        p["n_per_class"], p["strength"], p["ambiguous_rate"], np.random.default_rng(p["seed"])
    )
    return records


def test_class_counts_and_length():
    records = _records()
    assert records["label"].value_counts().to_dict() == {"N": 800, "EI": 400, "IE": 400}
    assert records["sequence"].str.len().eq(60).all()


def test_planted_donor_and_acceptor_follow_strength():
    records = _records()
    at = records["sequence"].str
    gt_donor = at[30:32].eq("GT").groupby(records["label"]).mean()
    ag_acceptor = at[28:30].eq("AG").groupby(records["label"]).mean()
    expected = 0.8 + 0.2 / 16  # planted, or drawn as GT/AG by chance from the background
    assert abs(gt_donor["EI"] - expected) < 0.05
    assert abs(ag_acceptor["IE"] - expected) < 0.05
    assert gt_donor["N"] < 0.12 and ag_acceptor["N"] < 0.12


def test_same_seed_same_file_and_ambiguity_codes_occur(tmp_path):
    a, b = tmp_path / "a.data", tmp_path / "b.data"
    simulate_dataset("uci_splice", PARAMS, {"data": a})
    simulate_dataset("uci_splice", PARAMS, {"data": b})
    assert a.read_bytes() == b.read_bytes()
    records = read_uci_splice(a)
    assert records["sequence"].str.contains("[DNSR]").any()


def test_planted_truth_names_each_carrier_and_its_site(tmp_path):
    simulate_dataset("uci_splice", PARAMS, {"data": tmp_path / "a.data"}, tmp_path / "planted.tsv")
    planted = read_planted(tmp_path / "planted.tsv")
    records = read_uci_splice(tmp_path / "a.data").set_index("id")
    labels = records.loc[planted["sequence"], "label"].to_numpy()
    assert set(zip(planted["motif"], labels, strict=True)) == {("donor", "EI"), ("acceptor", "IE")}
    donors = planted[planted["motif"] == "donor"]
    assert (donors["start"] == 27).all() and (donors["end"] == 36).all()
    assert 0.75 < len(donors) / 400 < 0.85  # strength 0.8 of the 400 EI records
    assert (planted["site"].str.len() == planted["end"] - planted["start"]).all()
    where = zip(planted["sequence"], planted["start"], planted["end"], strict=True)
    spans = [records.loc[name, "sequence"][start:end] for name, start, end in where]
    assert spans == planted["site"].tolist()  # as the site reads in its record
    assert donors["site"].str[3:5].eq("GT").mean() > 0.99  # the invariant GT of the consensus
