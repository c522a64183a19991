import pandas as pd
import pytest

from gdlbench.data.formats.uci_splice import read_uci_splice, write_uci_splice
from gdlbench.errors import InputError


def test_reads_the_real_head(formats):
    records = read_uci_splice(formats / "uci_splice" / "splice.data.head")
    assert list(records.columns) == ["id", "sequence", "label"]
    assert len(records) > 5
    assert records["sequence"].str.len().eq(60).all()
    assert records.loc[0, "id"] == "ATRINS-DONOR-521"
    assert records.loc[0, "label"] == "EI"


def test_write_matches_the_real_layout(formats, tmp_path):
    real = formats / "uci_splice" / "splice.data.head"
    records = read_uci_splice(real)
    write_uci_splice(records, tmp_path / "splice.data")
    assert (tmp_path / "splice.data").read_text() == real.read_text()


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("EI,    X-1,   ACGT,EXTRA\n", "expected 3 comma-separated fields"),
        ("XX,    X-1,   " + "A" * 60 + "\n", "class 'XX'"),
        ("EI,    X-1,   " + "A" * 59 + "Z\n", "characters \\['Z'\\]"),
        ("EI,    X-1,   " + "A" * 59 + "\n", "length 59"),
    ],
)
def test_malformed_lines_name_file_and_line(tmp_path, line, problem):
    path = tmp_path / "splice.data"
    path.write_text("IE,    OK-1,   " + "C" * 60 + "\n" + line)
    with pytest.raises(InputError, match=rf"splice.data:2: .*{problem}"):
        read_uci_splice(path)


def test_empty_file_is_an_error(tmp_path):
    (tmp_path / "splice.data").write_text("\n")
    with pytest.raises(InputError, match="no records"):
        read_uci_splice(tmp_path / "splice.data")


def test_round_trip_of_written_records(tmp_path):
    records = pd.DataFrame(
        {"id": ["A-1", "B-2"], "sequence": ["ACGTDNSR" * 7 + "ACGT"] * 2, "label": ["N", "IE"]}
    )
    write_uci_splice(records, tmp_path / "s.data")
    pd.testing.assert_frame_equal(read_uci_splice(tmp_path / "s.data"), records)
