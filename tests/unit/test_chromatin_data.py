"""Chromatin profiles the DeepSEA way: binning and labelling on hand-made peaks with known
answers (on the real sacCer3 chrIV head and real narrowPeak rows), windows, N filter,
negatives, chromosome names, the simulator's planted truth and the prepared split."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from split_settings import SPLIT

from gdlbench.baselines.pwm import best_hit_scores, log_odds_matrix
from gdlbench.data.chromatin import read_chromatin_peaks
from gdlbench.data.encode import encode
from gdlbench.data.formats import FORMATS
from gdlbench.data.prepare import prepare_records
from gdlbench.data.profiles import profile_type
from gdlbench.data.simulate import simulate_dataset
from gdlbench.data.split import TEST, TRAIN, VALID


def yeast_genome(formats: Path) -> tuple[str, str]:
    """The real chrIV head (1000 bp, soft-masked parts kept as served) and its FASTA text."""
    text = (formats / "ucsc" / "sacCer3_chrIV.fa.head").read_text()
    return "".join(line.strip() for line in text.splitlines()[1:]), text


def peak_rows(formats: Path, intervals: list[tuple[str, int, int]]) -> str:
    """Real narrowPeak rows (the CTCF head's scores and names) moved onto `intervals`."""
    real = (formats / "encode_narrowpeak" / "CTCF_hg38_subset.narrowPeak.head").read_text()
    rows = []
    for line, (chrom, start, end) in zip(real.splitlines(), intervals, strict=False):
        fields = line.split("\t")
        fields[:3], fields[9] = [chrom, str(start), str(end)], str((end - start) // 2)
        rows.append("\t".join(fields) + "\n")
    return "".join(rows)


@pytest.fixture
def peaks(formats, tmp_path):
    """Two profiles on chrIV with known bins: A is more than half of bins 1 and 3 (bin 0:
    50 bp, bin 2: 60 bp, bin 4: exactly 100 bp, not more); B of bin 2 (160 bp)."""
    sequence, fasta = yeast_genome(formats)
    (tmp_path / "genome.fa").write_text(fasta)
    (tmp_path / "wgEncodeAwgTfbsTestAUniPk.narrowPeak").write_text(
        peak_rows(formats, [("chrIV", 150, 460), ("chrIV", 600, 710), ("chrIV", 900, 1000)])
    )
    (tmp_path / "E003-H3K4me3.narrowPeak").write_text(peak_rows(formats, [("chrIV", 350, 560)]))
    files = {
        "genome": tmp_path / "genome.fa",
        "peaks": tmp_path / "wgEncodeAwgTfbsTestAUniPk.narrowPeak",
        "peaks_2": tmp_path / "E003-H3K4me3.narrowPeak",
    }
    return files, sequence


def test_bins_more_than_half_inside_a_peak_are_labelled_and_centred_in_windows(peaks):
    files, sequence = peaks
    found = read_chromatin_peaks(files, {"bin": 200, "window": 600})
    assert found.targets == ["wgEncodeAwgTfbsTestAUniPk", "E003-H3K4me3"]
    # bins 1, 2, 3 -> windows [0, 600), [200, 800), [400, 1000)
    assert found.table[["chrom", "start", "end"]].values.tolist() == [
        ["chrIV", 0, 600], ["chrIV", 200, 800], ["chrIV", 400, 1000],
    ]  # fmt: skip
    assert found.labels.tolist() == [[1, 0], [0, 1], [1, 0]]
    expected = encode([sequence[s:e] for s, e in ((0, 600), (200, 800), (400, 1000))])
    np.testing.assert_array_equal(found.codes, expected)
    assert found.report["profiles"]["wgEncodeAwgTfbsTestAUniPk"]["positive_bins"] == 2
    assert [profile_type(t) for t in found.targets] == ["tf", "histone"]


def test_windows_past_a_chromosome_end_and_with_too_many_n_are_dropped_and_counted(peaks):
    files, _ = peaks
    wide = read_chromatin_peaks(files, {"bin": 200, "window": 1000})
    assert len(wide) == 1 and wide.table["start"].tolist() == [0]  # only bin 2 fits 1000 bp
    assert wide.report["dropped_past_chromosome_end"] == 2
    text = files["genome"].read_text().splitlines()
    text[1:5] = ["N" * 60] * 4  # 240 N in [0, 240)
    files["genome"].write_text("\n".join(text) + "\n")
    strict = read_chromatin_peaks(files, {"bin": 200, "window": 600, "max_n_fraction": 0.3})
    assert strict.table["start"].tolist() == [200, 400] and strict.report["dropped_too_many_n"] == 1


def test_all_negative_bins_are_added_at_the_asked_share_and_names_are_harmonised(peaks):
    files, _ = peaks
    for path in (files["peaks"], files["peaks_2"]):  # Ensembl-style names on a UCSC FASTA
        path.write_text(path.read_text().replace("chrIV", "IV"))
    plain = read_chromatin_peaks(files, {"bin": 100, "window": 100})
    with_negatives = read_chromatin_peaks(files, {"bin": 100, "window": 100, "negatives": 0.5})
    added = len(with_negatives) - len(plain)
    assert added == round(0.5 * len(plain)) and added > 0
    negative = with_negatives.labels.sum(axis=1) == 0
    assert negative.sum() == added
    assert not set(with_negatives.table["start"][negative]) & set(plain.table["start"])


def test_every_profile_file_names_its_own_target_once(peaks):
    files, _ = peaks
    files["peaks_3"] = files["peaks"]
    with pytest.raises(Exception, match="two peak files name the profile"):
        read_chromatin_peaks(files, {"bin": 200, "window": 600})


SIMULATION = {
    "seed": 3, "n_chromosomes": 3, "chromosome_length": 60000, "n_elements": 150,
    "motifs": ["MA0139.1", "MA0079.5"], "motif_rate": 0.5, "copies": 1,
    "profiles": {
        "wgEncodeAwgTfbsSimCtcfUniPk": {"requires": ["MA0139.1"], "width": [200, 300],
                                        "strength": 1.0},
        "wgEncodeAwgTfbsSimCtcfSp1UniPk": {"requires": ["MA0139.1", "MA0079.5"],
                                           "width": [200, 300], "strength": 1.0},
        "wgEncodeAwgDnaseSimUniPk": {"requires": [], "width": [300, 500], "strength": 1.0,
                                     "noise": 0.2},
    },
}  # fmt: skip


@pytest.fixture
def simulated(tmp_path):
    fmt = FORMATS["chromatin_peaks"]
    files = {role: tmp_path / name for role, name in fmt.simulated(SIMULATION).items()}
    simulate_dataset("chromatin_peaks", SIMULATION, files)
    return files


def test_simulated_profiles_carry_their_planted_motifs(simulated):
    found = read_chromatin_peaks(simulated, {"bin": 200, "window": 400, "negatives": 1.0})
    ctcf = best_hit_scores(found.codes, log_odds_matrix("MA0139.1"))
    sp1 = best_hit_scores(found.codes, log_odds_matrix("MA0079.5"))
    strong_ctcf, strong_sp1 = ctcf > 12, sp1 > 10
    single, pair, dnase = (found.labels[:, i] == 1 for i in range(3))
    assert strong_ctcf[single].mean() > 0.8 > 0.3 > strong_ctcf[~single].mean()
    assert (strong_ctcf & strong_sp1)[pair].mean() > 2 * (strong_ctcf & strong_sp1)[~pair].mean()
    assert pair.sum() < single.sum() < dnase.sum()  # a pair is rarer than one motif
    assert set(np.flatnonzero(pair)) <= set(np.flatnonzero(dnase | single))


def test_prepared_chromatin_holds_out_chromosomes_with_no_window_across_splits(simulated):
    found = read_chromatin_peaks(simulated, {"bin": 200, "window": 1000, "negatives": 0.2})
    split_cfg = {**SPLIT, "method": "chromosome", "valid_chroms": ["chr2"], "test_chroms": ["chr3"]}
    arrays, meta = prepare_records("chromatin", "sim", found, "simulated", split_cfg, None)
    chrom = arrays["examples"]["chrom"].to_numpy()
    assert set(chrom[arrays["split"] == TRAIN]) == {"chr1"}
    assert set(chrom[arrays["split"] == VALID]) == {"chr2"}
    assert set(chrom[arrays["split"] == TEST]) == {"chr3"}
    assert arrays["y"].dtype == np.uint8 and arrays["y"].shape == (len(arrays["x"]), 3)
    assert meta["leakage_audit"]["checks"]["interval"]["n_across_splits"] == 0
    assert meta["leakage_audit"]["checks"]["interval"]["n_within"] > 0  # windows overlap
    assert meta["target_groups"] == {"tf": [0, 1], "dnase": [2]}
    assert meta["targets"] == list(SIMULATION["profiles"]) and not meta["padded"]


def test_the_full_recipe_entry_lists_the_real_peak_urls_and_passes_the_config_checks(
    formats, repo, tmp_path, capsys
):
    import yaml
    from snakemake.utils import validate

    from gdlbench.config import check_config
    from gdlbench.data.deepsea_profiles import main
    from gdlbench.plan import build_plan

    main([str(formats / "deepsea" / "deepsea_metadata.tsv.head")])
    entry = yaml.safe_load(capsys.readouterr().out)["datasets"]["deepsea_recipe_full"]
    urls = [f["url"] for role, f in entry["files"].items() if role.startswith("peaks")]
    real = (formats / "deepsea" / "deepsea_data.urls.head").read_text().split()
    assert urls == real[: len(urls)] and len(urls) == 14
    assert len([r for r in entry["files"] if r.startswith("genome")]) == 23  # chr1-22, chrX
    config = yaml.safe_load((repo / "config" / "config.yaml").read_text())
    config["datasets"] = {"deepsea_recipe_full": entry}
    config["download"] = {"cache": str(tmp_path)}
    validate(config, str(repo / "config" / "schema" / "config.schema.yaml"))
    check_config(config)
    assert (
        build_plan(config)
        .raw_files("deepsea_recipe_full")["peaks_2"]
        .endswith("wgEncodeAwgDnaseDukeAosmcUniPk.narrowPeak.gz")
    )
