"""The planted truth the motif simulators write (gdlbench.data.simulate.planted), mapped onto
prepared examples: the bases a prepared example holds where the truth says a site was
planted are the planted site's, for genomic windows and for whole records."""

import numpy as np
import pandas as pd
import pytest
from split_settings import SPLIT

from gdlbench.data.dataset import PreparedDataset
from gdlbench.data.encode import decode
from gdlbench.data.prepare import prepare_files
from gdlbench.data.simulate import simulate_dataset
from gdlbench.data.simulate.planted import PLANTED_FILE, planted_positions, read_planted
from gdlbench.errors import InputError

CTCF = {"seed": 5, "n_chromosomes": 3, "chromosome_length": 40000, "n_peaks": 120,
        "motif": "MA0139.1", "strength": 0.8}  # fmt: skip
GRAMMAR = {"seed": 3, "motifs": ["MA0139.1", "MA0079.5"], "length": 101, "spacing": 5,
           "wrong_spacing": 30, "n_train": 100, "n_test": 40}  # fmt: skip


def _simulate_and_prepare(tmp_path, fmt, params, roles, options, split):
    raw, out = tmp_path / "raw", tmp_path / "prepared"
    raw.mkdir()
    files = {role: raw / name for role, name in roles.items()}
    simulate_dataset(fmt, params, files, raw / PLANTED_FILE)
    spec = {"format": fmt, "options": options}
    prepare_files("tfbs", "sim", spec, files, {**SPLIT, **split}, None, out, 1, lambda m: None)
    return read_planted(raw / PLANTED_FILE), PreparedDataset.load(out), out


def _union(masks: dict[str, np.ndarray], n: int, length: int):
    """(N, length) planted mask of any motif, and each example's motifs."""
    mask = np.zeros((n, length), dtype=bool)
    for motif_mask in masks.values():
        mask |= motif_mask
    motifs = [{m for m, motif_mask in masks.items() if motif_mask[row].any()} for row in range(n)]
    return mask, motifs


def _bases(data: PreparedDataset) -> np.ndarray:
    return np.array([list(sequence) for sequence in decode(data.x)])


def _planted_bases(planted: pd.DataFrame) -> dict[tuple[str, int], str]:
    """(sequence, position) -> the base planted there last (a later site overwrites)."""
    found = {}
    for site in planted.itertuples():
        found.update({(site.sequence, site.start + i): base for i, base in enumerate(site.site)})
    return found


def test_planted_sites_of_a_simulated_genome_are_in_the_prepared_windows(tmp_path):
    planted, data, folder = _simulate_and_prepare(
        tmp_path, "narrowpeak_genome", CTCF, {"genome": "genome.fa", "peaks": "peaks.narrowPeak"},
        {"window": 101, "negatives": "gc_matched", "seed": 3},
        {"method": "chromosome", "valid_chroms": ["chr2"], "test_chroms": ["chr3"]},
    )  # fmt: skip
    assert len(planted) > 80 and set(planted["motif"]) == {"MA0139.1"}
    examples = pd.read_csv(folder / "examples.tsv", sep="\t")
    mask, motifs = _union(planted_positions(examples, planted, data.x.shape[1]), *data.x.shape)
    bases, expected = _bases(data), _planted_bases(planted)
    for window in examples.itertuples():  # an independent oracle, position by position
        held = {at - window.start: base for (chrom, at), base in expected.items()
                if chrom == window.chrom and window.start <= at < window.end}  # fmt: skip
        assert set(np.flatnonzero(mask[window.row])) == set(held)
        assert all(bases[window.row, i].upper() == base for i, base in held.items())
        assert (motifs[window.row] == {"MA0139.1"}) == bool(held)
    positives = data.y == 1
    assert mask[positives].any(axis=1).mean() > 0.7  # strength 0.8
    assert mask[positives].sum() > 60 * 19  # most sites whole in their windows


def test_planted_sites_of_simulated_records_follow_the_grammar(tmp_path):
    planted, data, folder = _simulate_and_prepare(
        tmp_path, "zeng2016", GRAMMAR, {"train": "train.data", "test": "test.data"},
        {"motif": "MA0139.1"}, {},
    )  # fmt: skip
    examples = pd.read_csv(folder / "examples.tsv", sep="\t")
    assert planted["sequence"].is_unique is False and examples["id"].is_unique
    mask, motifs = _union(planted_positions(examples, planted, data.x.shape[1]), *data.x.shape)
    bases = _bases(data)
    for site in planted.merge(examples, left_on="sequence", right_on="id").itertuples():
        assert "".join(bases[site.row, site.start : site.end]) == site.site
    pair = {"MA0139.1", "MA0079.5"}
    labels = data.y[examples["row"]]
    shuffled = examples["id"].str.endswith("_shuf").to_numpy()
    assert all(motifs[row] == pair for row in examples["row"][labels == 1])
    assert not mask[examples["row"][shuffled]].any()  # shuffled: nothing left planted
    negatives = [motifs[row] for row in examples["row"][(labels == 0) & ~shuffled]]
    assert {frozenset(m) for m in negatives} == {frozenset(pair), frozenset({"MA0139.1"}),
                                                  frozenset({"MA0079.5"})}  # fmt: skip


def test_the_chromatin_simulator_records_its_sites(tmp_path):
    from gdlbench.data.formats import FORMATS
    from gdlbench.data.genome import open_genome

    params = {"seed": 2, "n_chromosomes": 2, "chromosome_length": 30000, "n_elements": 40,
              "motifs": ["MA0139.1", "MA0144.2"], "motif_rate": 0.5, "copies": 2,
              "profiles": {"ctcf": {"requires": ["MA0139.1"], "width": [200, 400],
                                    "strength": 0.8}}}  # fmt: skip
    files = {r: tmp_path / n for r, n in FORMATS["chromatin_peaks"].simulated(params).items()}
    simulate_dataset("chromatin_peaks", params, files, tmp_path / PLANTED_FILE)
    planted = read_planted(tmp_path / PLANTED_FILE)
    genome = open_genome(files["genome"])
    assert len(planted) >= 2 * 40 and set(planted["motif"]) <= {"MA0139.1", "MA0144.2"}
    for (chrom, at), base in _planted_bases(planted).items():
        assert str(genome[chrom][at]).upper() == base


def test_no_truth_file_is_written_without_a_path_or_for_a_simulator_that_plants_none(tmp_path):
    files = {"train": tmp_path / "train.data", "test": tmp_path / "test.data"}
    simulate_dataset("zeng2016", GRAMMAR, files)
    hairpins = {"seed": 1, "n_pos": 10, "n_neg": 40, "mismatch": 0.08, "test_fraction": 0.2}
    pools = {role: tmp_path / f"{role}.fa" for role in ("pos", "neg")}
    simulate_dataset("deepmirgene", hairpins, pools, tmp_path / PLANTED_FILE)
    assert not (tmp_path / PLANTED_FILE).exists()


def test_a_truth_file_with_other_columns_is_a_clear_error(tmp_path):
    path = tmp_path / PLANTED_FILE
    path.write_text("chrom\tstart\tend\nchr1\t1\t5\n")
    with pytest.raises(InputError, match=f"{path}: columns"):
        read_planted(path)


def test_protein_signals_are_planted_where_they_sit_and_map_past_a_cut(tmp_path):
    """Each planted signal element's residues are the protein's there; proteins over
    max_length lose their middle (DeepLoc's cut), and the planted positions of the prepared
    (cut) protein are the full protein's outside the cut, moved up past it: C-terminal KDEL
    stays the last four residues."""
    from gdlbench.data.formats.deeploc import PROTEIN_ALPHABET, read_deeploc
    from gdlbench.data.formats.fasta import read_fasta
    from gdlbench.data.protein import cut_long

    params = {"seed": 2, "n_per_class": 12, "length": [30, 90], "strength": 1.0,
              "test_fraction": 0.2}  # fmt: skip
    fasta = tmp_path / "deeploc_data.fasta"
    simulate_dataset("deeploc", params, {"data": fasta}, tmp_path / PLANTED_FILE)
    planted = read_planted(tmp_path / PLANTED_FILE)
    proteins = read_fasta(fasta, PROTEIN_ALPHABET, "amino-acid codes")
    full = {header.split()[0]: sequence for header, sequence in proteins}
    for site in planted.itertuples():
        assert full[site.sequence][site.start : site.end] == site.site
    assert set(planted["motif"]) >= {"signal_peptide", "KDEL", "PTS1", "NLS", "helix"}
    records = read_deeploc({"data": fasta}, {"max_length": 60})
    assert (records["cut_end"] > records["cut_start"]).any()  # some proteins were cut
    examples = records[["id", "cut_start", "cut_end"]].assign(row=np.arange(len(records)))
    masks = planted_positions(examples, planted, 60)
    for row, (name, sequence) in enumerate(zip(records["id"], records["sequence"],
                                               strict=True)):  # fmt: skip
        raw = np.zeros(len(full[name]), dtype=bool)
        for site in planted[planted["sequence"] == name].itertuples():
            raw[site.start : site.end] = True
        expected = np.array(list(cut_long("".join("1" if r else "0" for r in raw), 60))) == "1"
        found = np.zeros(60, dtype=bool)
        for mask in masks.values():
            found |= mask[row]
        assert (found[: len(sequence)] == expected).all() and not found[len(sequence) :].any()
        if sequence.endswith("KDEL") and name in set(planted.loc[planted["motif"] == "KDEL",
                                                                 "sequence"]):  # fmt: skip
            assert masks["KDEL"][row, len(sequence) - 4 : len(sequence)].all()


def test_a_histone_truth_naming_a_mark_the_data_lacks_is_an_error_naming_the_file(tmp_path):
    from gdlbench.data.simulate.planted import causal_cells

    path = tmp_path / PLANTED_FILE
    path.write_text("sequence\tstart\tend\tmotif\tsite\nH3K4me3\t40\t60\trises\t\n"
                    "H3K99me9\t0\t10\tfalls\t\n")  # fmt: skip
    with pytest.raises(InputError, match=f"{path}: names mark 'H3K99me9'"):
        causal_cells(read_planted(path), ["H3K4me3", "H3K27me3"], 100)


def test_exactly_the_planting_formats_write_a_truth(repo, tmp_path):
    """The plan interprets datasets of PLANTING_FORMATS only: each quickstart simulator
    writes planted.tsv exactly when its format is listed there."""
    import yaml

    from gdlbench.data.formats import FORMATS
    from gdlbench.data.simulate.planted import PLANTING_FORMATS

    datasets = yaml.safe_load((repo / "config" / "config.yaml").read_text())["datasets"]
    assert {spec["format"] for spec in datasets.values()} >= set(PLANTING_FORMATS)
    for name, spec in datasets.items():
        fmt = FORMATS[spec["format"]]
        names = fmt.simulated(spec["simulate"]) if fmt.simulated else fmt.files
        folder = tmp_path / name
        folder.mkdir()
        files = {role: folder / filename for role, filename in names.items()}
        simulate_dataset(spec["format"], spec["simulate"], files, folder / PLANTED_FILE)
        assert (folder / PLANTED_FILE).exists() == (spec["format"] in PLANTING_FORMATS), name
