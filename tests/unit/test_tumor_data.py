"""The TCGA PANCAN reader against files in the real layout and broken ones, the simulator, and
train-only feature selection and scaling."""

import io
import tarfile

import numpy as np
import pytest
from split_settings import SPLIT

from gdlbench.data.formats import FORMATS
from gdlbench.data.formats.tcga_pancan import read_tcga_pancan
from gdlbench.data.prepare import prepare_records
from gdlbench.data.simulate.tumor import write_tumor_archive
from gdlbench.data.split import TRAIN
from gdlbench.errors import InputError

DATA = ",gene_0,gene_1,gene_2\nsample_0,0.0,2.01,3.1\nsample_1,1.5,0.0,4.2\n"
LABELS = ",Class\nsample_0,PRAD\nsample_1,BRCA\n"


def _archive(tmp_path, data=DATA, labels=LABELS, gzip=True):
    path = tmp_path / "TCGA-PANCAN-HiSeq-801x20531.tar.gz"
    with tarfile.open(path, "w:gz" if gzip else "w") as tar:
        for name, text in (("data.csv", data), ("labels.csv", labels)):
            content = text.encode()
            info = tarfile.TarInfo(f"TCGA-PANCAN-HiSeq-801x20531/{name}")
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return {"archive": path}


def test_real_layout_reads_with_its_own_shape(tmp_path):
    records = read_tcga_pancan(_archive(tmp_path), {})
    assert records["id"].tolist() == ["sample_0", "sample_1"]
    assert records["label"].tolist() == ["PRAD", "BRCA"]
    assert records["x"].iloc[1].tolist() == pytest.approx([1.5, 0.0, 4.2])


@pytest.mark.parametrize(
    "data, labels, message",
    [
        (DATA.replace("2.01", "NaN"), LABELS, "sample 'sample_0', gene 'gene_1': missing"),
        (DATA.replace("gene_2", "gene_1"), LABELS, "gene 'gene_1' appears twice"),
        (DATA + "sample_0,1,2,3\n", LABELS, "sample 'sample_0' appears twice"),
        (DATA, ",Class\nsample_0,PRAD\n", r"no class for 1 samples.*sample_1"),
        (DATA, ",Class\nsample_0,PRAD\nsample_1,\n", "sample 'sample_1' has no class"),
        (DATA + "sample_2,1,2,3,4,5\n", LABELS, "ragged rows"),
        (DATA + "sample_2,1\n", LABELS, "missing or non-numeric value"),
    ],
)
def test_malformed_files_are_clear_errors(tmp_path, data, labels, message):
    with pytest.raises(InputError, match=message):
        read_tcga_pancan(_archive(tmp_path, data, labels), {})


def test_corrupt_gzip_is_a_clear_error(tmp_path):
    files = _archive(tmp_path)
    files["archive"].write_bytes(files["archive"].read_bytes()[:100])
    with pytest.raises(InputError, match="corrupt or truncated"):
        read_tcga_pancan(files, {})


def test_simulated_archive_prepares_with_train_only_scaling(tmp_path):
    params = {"n_per_class": {"BRCA": 60, "KIRC": 30, "COAD": 20}, "n_genes": 300,
              "program_size": 20, "effect": 3.0}  # fmt: skip
    files = {"archive": tmp_path / "TCGA-PANCAN-HiSeq-801x20531.tar.gz"}
    write_tumor_archive(params, np.random.default_rng(0), files)
    records = read_tcga_pancan(files, {})
    assert len(records) == 110 and records["x"].iloc[0].shape == (300,)
    options = {"top_variable_genes": 100, "standardize": True}
    arrays, meta = prepare_records(
        "tumor",
        "sim",
        records,
        "sim",
        SPLIT,
        None,
        options=options,
        **FORMATS["tcga_pancan"].preparation,
    )
    x, train = arrays["x"], arrays["split"] == TRAIN
    assert x.shape == (110, 100) and meta["modality"] == "vector"
    assert np.allclose(x[train].mean(axis=0), 0, atol=1e-4)  # fitted on train only ...
    assert not np.allclose(x[~train].mean(axis=0), 0, atol=1e-4)  # ... applied to the rest
    assert meta["features"] == {
        "n_input": 300, "n_kept": 100, "top_variable_genes": 100, "standardize": True,
        "fitted_on": "train",
    }  # fmt: skip
