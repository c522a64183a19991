"""tfbs data: Zeng 2016, DeepBind and narrowPeak parsers on the real heads and broken files;
the peaks + genome route; the dinucleotide shuffle; the simulators."""

import gzip
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from gdlbench.data.formats.deepbind import read_deepbind_seq
from gdlbench.data.formats.narrowpeak import read_narrowpeak
from gdlbench.data.formats.zeng2016 import read_zeng2016, read_zeng2016_split
from gdlbench.data.genome import chromosome_alias, peaks_to_records
from gdlbench.data.shuffle import dinucleotide_shuffle
from gdlbench.data.simulate import simulate_dataset
from gdlbench.errors import InputError

GRAMMAR = {
    "seed": 1,
    "motifs": ["MA0139.1", "MA0079.5"],
    "length": 101,
    "spacing": 5,
    "wrong_spacing": 30,
    "n_train": 200,
    "n_test": 60,
}


def test_zeng2016_real_head(formats):
    records = read_zeng2016(formats / "zeng2016_motif_discovery" / "test.data.head")
    assert records["sequence"].str.len().eq(101).all()
    assert set(records["label"]) <= {"0", "1"}
    assert records.loc[0, "chrom"] == "chr10"
    assert records.loc[0, "id"] == "chr10:108589944-108590044_shuf"


def test_deepbind_real_head(formats):
    records = read_deepbind_seq(formats / "deepbind_encode" / "SAP30_K562_B.seq.head")
    assert records.loc[0, "id"] == "A:seq_00002_peak" and records.loc[0, "label"] == "1"


def test_narrowpeak_real_heads(formats):
    peaks = read_narrowpeak(formats / "encode_narrowpeak" / "CTCF_hg38_subset.narrowPeak.head").df
    assert peaks.loc[0, "Summit"] == 65672890 + 91
    regions = read_narrowpeak(formats / "encode_narrowpeak" / "ENCFF000XUK-chr21.regionPeak.head")
    assert set(regions.df["Chromosome"].astype(str)) == {"chr21"}


@pytest.mark.parametrize(
    ("reader", "content", "problem"),
    [
        (read_zeng2016, ">chr1:1-5 ACGTA\n", "expected '>chr:start-end SEQUENCE LABEL'"),
        (read_zeng2016, ">chr1:1-5 ACGTA 2\n", "label '2'"),
        (read_zeng2016, ">chr1-5 ACGTA 1\n", "is not '>chr:start-end"),
        (read_deepbind_seq, "FoldID\tEventID\tseq\tBound\nA\tx\tACGT\t7\n", "Bound"),
        (read_narrowpeak, "chr1\t10\t20\tp\t0\t.\t1\t1\t1\n", "10 tab-separated columns"),
        (read_narrowpeak, "chr1\t30\t20\tp\t0\t.\t1\t1\t1\t5\n", "start < end"),
        (read_narrowpeak, "chr1\t10\t20\tp\t0\t.\tx\t1\t1\t5\n", "non-numeric"),
    ],
)
def test_broken_files_name_file_and_line(tmp_path, reader, content, problem):
    path = tmp_path / "broken.txt"
    path.write_text(content)
    with pytest.raises(InputError, match=rf"broken.txt:\d+: .*{problem}"):
        reader(path)


def test_corrupt_gzip_is_a_clear_error(tmp_path):
    path = tmp_path / "peaks.narrowPeak.gz"
    path.write_bytes(gzip.compress(b"chr1\t10\t20\tp\t0\t.\t1\t1\t1\t5\n" * 100)[:40])
    with pytest.raises(InputError, match="peaks.narrowPeak.gz: unreadable gzip"):
        read_narrowpeak(path)


def test_chromosome_aliases():
    assert chromosome_alias("chr1", {"1", "2"}) == "1"
    assert chromosome_alias("1", {"chr1"}) == "chr1"
    assert chromosome_alias("chrM", {"MT"}) == "MT"
    assert chromosome_alias("MT", {"chrM"}) == "chrM"
    assert chromosome_alias("chrUn", {"chr1"}) is None


def pairs(sequence: str) -> Counter:
    return Counter(zip(sequence, sequence[1:], strict=False))


@pytest.fixture
def genome_and_peaks(tmp_path):
    rng = np.random.default_rng(0)
    chrom = "".join(rng.choice(list("ACGT"), 3000))
    chrom = chrom[:500] + chrom[500:700].lower() + chrom[700:]
    (tmp_path / "genome.fa").write_text(
        ">1\n" + "\n".join(chrom[i : i + 60] for i in range(0, 3000, 60)) + "\n"
    )
    (tmp_path / "peaks.narrowPeak.gz").write_bytes(
        gzip.compress(
            "".join(
                [
                    "chr1\t550\t650\tp1\t0\t.\t1\t1\t1\t50\n",  # soft-masked: upper-cased
                    "chr1\t1000\t1200\tp2\t0\t.\t1\t1\t1\t-1\n",  # no summit: midpoint 1100
                    "chr1\t2950\t2990\tp3\t0\t.\t1\t1\t1\t30\n",  # window past the end
                    "chr2\t100\t200\tp4\t0\t.\t1\t1\t1\t10\n",  # chromosome absent from the FASTA
                ]
            ).encode()
        )
    )
    return tmp_path, chrom


def test_peaks_to_records_reports_every_drop(genome_and_peaks):
    folder, chrom = genome_and_peaks
    records, report = peaks_to_records(
        folder / "peaks.narrowPeak.gz", folder / "genome.fa", {"window": 101, "seed": 1}
    )
    assert report["dropped_absent_chromosome"] == {"chr2": 1}
    assert report["dropped_past_chromosome_end"] == 1
    positives = records[records["label"] == "1"].reset_index(drop=True)
    assert positives["sequence"].tolist() == [chrom[550:651].upper(), chrom[1050:1151]]
    assert set(records["chrom"]) == {"1"}
    negatives = records[records["label"] == "0"]
    assert len(negatives) == 2
    for rid in negatives["id"]:
        start = int(rid.split(":")[-1].split("-")[0])
        assert not (start < 651 and start + 101 > 550) and not (start < 1200 and start + 101 > 1000)


def test_shuffled_negatives_keep_dinucleotides(genome_and_peaks):
    folder, _ = genome_and_peaks
    records, _ = peaks_to_records(
        folder / "peaks.narrowPeak.gz", folder / "genome.fa", {"negatives": "shuffle"}
    )
    pos, neg = records[records["label"] == "1"], records[records["label"] == "0"]
    for a, b in zip(pos["sequence"], neg["sequence"], strict=True):
        assert pairs(a) == pairs(b)


def test_dinucleotide_shuffle_is_exact_and_random():
    rng = np.random.default_rng(3)
    sequence = "".join(rng.choice(list("ACGT"), 200))
    shuffles = {dinucleotide_shuffle(sequence, rng) for _ in range(5)}
    assert len(shuffles) == 5 and sequence not in shuffles
    for shuffled in shuffles:
        assert pairs(sequence) == pairs(shuffled)
        assert shuffled[0] == sequence[0] and shuffled[-1] == sequence[-1]


def test_simulated_peaks_and_genome_parse_and_carry_the_motif(tmp_path):
    params = {
        "seed": 2,
        "n_chromosomes": 3,
        "chromosome_length": 60000,
        "n_peaks": 200,
        "motif": "MA0139.1",
        "strength": 0.9,
    }
    files = {"genome": tmp_path / "genome.fa", "peaks": tmp_path / "peaks.narrowPeak"}
    simulate_dataset("narrowpeak_genome", params, files)
    records, report = peaks_to_records(files["peaks"], files["genome"], {"seed": 0})
    assert report["positives"] > 150 and abs(report["gc_positives"] - report["gc_negatives"]) < 0.02
    from gdlbench.baselines.pwm import best_hit_scores, log_odds_matrix
    from gdlbench.data.encode import encode

    scores = best_hit_scores(encode(records["sequence"].tolist()), log_odds_matrix("MA0139.1"))
    labels = records["label"].to_numpy() == "1"
    assert np.median(scores[labels]) > np.percentile(scores[~labels], 95)


def test_simulated_grammar_parses_and_repeats(tmp_path):
    files = {"train": tmp_path / "train.data", "test": tmp_path / "test.data"}
    simulate_dataset("zeng2016", GRAMMAR, files)
    records = read_zeng2016_split(files, {})
    assert records.groupby(["split", "label"]).size().to_dict() == {
        ("test", "0"): 30,
        ("test", "1"): 30,
        ("train", "0"): 100,
        ("train", "1"): 100,
    }
    assert records["id"].str.endswith("_shuf").any()
    again = tmp_path / "again"
    again.mkdir()
    simulate_dataset(
        "zeng2016", GRAMMAR, {"train": again / "train.data", "test": again / "test.data"}
    )
    assert (again / "train.data").read_bytes() == files["train"].read_bytes()


def test_pwm_scan_matches_a_naive_loop():
    from gdlbench.baselines.pwm import best_hit_scores, log_odds_matrix
    from gdlbench.data.encode import encode

    log_odds = log_odds_matrix("MA0079.5")
    sequences = ["ACGTNACGGGGCGGGGCTTA", "TTTTTTTTTTTTTTTTTTTTT"[:20]]
    codes = encode(sequences)
    width = log_odds.shape[1]
    reverse = log_odds[::-1, ::-1]
    for row, score in zip(codes, best_hit_scores(codes, log_odds), strict=True):
        naive = max(
            sum(m[c, j] if c < 4 else 0.0 for j, c in enumerate(row[p : p + width]))
            for m in (log_odds, reverse)
            for p in range(len(row) - width + 1)
        )
        assert score == pytest.approx(naive, rel=1e-5)
    assert pd.Series(best_hit_scores(codes, log_odds)).is_monotonic_decreasing


def test_motifs_of_different_widths_scanned_at_once_match_the_naive_loop():
    """Zero-padded to the widest, each motif still scores only the windows that fit it,
    ambiguity codes and padding as the background, short sequences as if padded."""
    from gdlbench.baselines.pwm import log_odds_matrix, motif_hit_scores

    rng = np.random.default_rng(0)
    motifs = [log_odds_matrix(m) for m in ("MA0139.1", "MA0079.5", "MA0035.4")]
    for length in (25, 12):  # 12: shorter than CTCF's 19 columns
        codes = rng.choice(6, size=(7, length), p=[0.24, 0.24, 0.24, 0.24, 0.02, 0.02])
        codes = codes.astype(np.uint8)
        codes[codes == 5] = 255  # padding
        found = motif_hit_scores(codes, motifs)
        for row, scores in zip(codes, found, strict=True):
            for matrix, score in zip(motifs, scores, strict=True):
                padded = np.r_[row, np.full(max(0, matrix.shape[1] - length), 255)]
                naive = max(
                    sum(m[c, j] if c < 4 else 0.0 for j, c in enumerate(padded[p : p + m.shape[1]]))
                    for m in (matrix, matrix[::-1, ::-1])
                    for p in range(len(padded) - m.shape[1] + 1)
                )
                assert score == pytest.approx(naive, rel=1e-5, abs=1e-5)
