"""Bad portal files through a real `snakemake` run (SPEC §8): the published route, fetching from
the local portal server, fails with a message naming the file and the problem, and leaves no
downloaded, prepared or scored output. Only the download and prepare steps run: the target is
the dataset's prepared meta.json. The broken files are the real heads, copied and corrupted."""

from __future__ import annotations

import re
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from portal_server import PortalServer
from snakemake_runner import copy_workflow, snakemake

pytestmark = pytest.mark.slow

HTML = (
    "<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>\n"
    "<body><h1>Service Unavailable</h1></body></html>\n"
)
UCI = (
    "archive.ics.uci.edu/ml/machine-learning-databases/molecular-biology/"
    "splice-junction-gene-sequences/splice.data"
)
ZENG = "cnn.csail.mit.edu/motif_discovery/wgEncodeAwgTfbsBroadK562CtcfUniPk"
DEEPMIRGENE = "raw.githubusercontent.com/eleventh83/deepMiRGene/master/reproduce/dataset"
ZENODO = "zenodo.org/record/2652278/files/data.tar.gz"


def splice_head(formats: Path) -> str:
    """The real head with three rows relabelled IE and N: the file is only broken where a case
    breaks it."""
    lines = (formats / "uci_splice" / "splice.data.head").read_text().splitlines(keepends=True)
    lines[0:3] = [line.replace("EI,", "IE,", 1) for line in lines[0:3]]
    lines[3:6] = [line.replace("EI,", "N, ", 1) for line in lines[3:6]]
    return "".join(lines)


def html_splice(formats: Path, root: Path) -> None:
    (root / UCI).write_text(HTML)


def non_iupac_splice(formats: Path, root: Path) -> None:
    lines = splice_head(formats).splitlines(keepends=True)
    lines[6] = lines[6][:-6] + "XJ" + lines[6][-4:]
    (root / UCI).write_text("".join(lines))


def zeng_missing_label(formats: Path, root: Path) -> None:
    head = (formats / "zeng2016_motif_discovery" / "test.data.head").read_text()
    (root / ZENG / "test.data").write_text(head)
    lines = head.splitlines(keepends=True)
    lines[3] = lines[3].rsplit(" ", 1)[0] + "\n"
    (root / ZENG / "train.data").write_text("".join(lines))


def fasta_duplicate_ids(formats: Path, root: Path) -> None:
    heads = formats / "deepmirgene"
    files = {
        "sequences/human_pos.fa": (heads / "human_pos.fa.head").read_text().replace(">3", ">2"),
        "sequences/human_neg.fa": (heads / "human_neg.fa.head").read_text(),
        "test/human/human_pos_test.fa": (heads / "human_pos.fa.head").read_text(),
        "test/human/human_neg_test.fa": (heads / "human_neg.fa.head").read_text(),
    }
    for name, text in files.items():
        (root / DEEPMIRGENE / name).write_text(text)


def tar_escaping(formats: Path, root: Path) -> None:
    with tarfile.open(root / ZENODO, "w:gz") as tar:
        for split in ("train", "valid", "test"):
            source = formats / "deepchrome_toy" / f"{split}.csv"
            tar.add(source, arcname=f"data/E003/classification/{split}.csv")
        tar.add(formats / "deepchrome_toy" / "test.csv", arcname="data/../../../etc/cron.d/x")


@dataclass(frozen=True)
class Case:
    id: str
    serve: Callable[[Path, Path], None]  # (formats, mirror root) -> the broken portal
    folders: tuple[str, ...]  # what the mirror root needs
    config: tuple[str, ...]  # --config items beyond the mirror
    target: str  # the prepared meta.json
    log: str  # the job log that must say what went wrong
    message: str  # regex; {mirror} stands for the mirror's URL, {cache} for the cache folder
    downloaded: tuple[str, ...] = ()  # portal paths that must not be in the cache


CASES = [
    Case("html page instead of splice.data", html_splice, (str(Path(UCI).parent),),
         ("tasks=[splice]", "only_datasets=[uci_splice]"),
         "resources/prepared/splice/uci_splice/meta.json",
         f"results/logs/download_file/{UCI}.log",
         "{mirror}/" + re.escape(UCI) + r" \(mirror of https://" + re.escape(UCI) + r"\): the "
         r"server sent an HTML page \('503 Service Unavailable'\) instead of the data file",
         downloaded=(UCI,)),
    Case("non-IUPAC letter in splice.data", non_iupac_splice, (str(Path(UCI).parent),),
         ("tasks=[splice]", "only_datasets=[uci_splice]"),
         "resources/prepared/splice/uci_splice/meta.json",
         "results/logs/prepare_dataset/splice/uci_splice.log",
         "{cache}/" + re.escape(UCI) + r":7: sequence of '\S+' has characters \['J', 'X'\] "
         r"outside ACDGNRST"),
    Case("zeng train.data row without a label", zeng_missing_label, (ZENG,),
         ("tasks=[tfbs]", "only_datasets=[zeng2016_k562_ctcf]"),
         "resources/prepared/tfbs/zeng2016_k562_ctcf/meta.json",
         "results/logs/prepare_dataset/tfbs/zeng2016_k562_ctcf.log",
         "{cache}/" + re.escape(ZENG) + r"/train.data:4: expected '>chr:start-end SEQUENCE "
         r"LABEL' \(3 space-separated fields\), found 2"),
    Case("deepMiRGene FASTA with a duplicate ID", fasta_duplicate_ids,
         (f"{DEEPMIRGENE}/sequences", f"{DEEPMIRGENE}/test/human"),
         ("tasks=[premirna]", "only_datasets=[deepmirgene_human]"),
         "resources/prepared/premirna/deepmirgene_human/meta.json",
         "results/logs/prepare_dataset/premirna/deepmirgene_human.log",
         "{cache}/" + re.escape(DEEPMIRGENE) + r"/sequences/human_pos.fa:5: record name '2' "
         r"repeats the one of line 3; expected unique names"),
    Case("release tarball with a member escaping by ../", tar_escaping,
         (str(Path(ZENODO).parent),), ("tasks=[histone]", "scale=tiny"),
         "resources/prepared/histone/roadmap_E003/meta.json",
         "results/logs/prepare_dataset/histone/roadmap_E003.log",
         "{cache}/" + re.escape(ZENODO) + r": unsafe member path 'data/../../../etc/cron.d/x' "
         r"\(outside the archive\)"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_portal_file_fails_the_run_clearly_and_leaves_nothing(
    case, repo, formats, tmp_path, monkeypatch
):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    root = tmp_path / "mirror"
    for folder in case.folders:
        (root / folder).mkdir(parents=True, exist_ok=True)
    case.serve(formats, root)
    workdir = copy_workflow(repo, tmp_path / "run")
    with PortalServer(root) as server:
        result = snakemake(
            workdir, "--configfile", "config/published.yaml", "--config",
            f"download={{mirror: {server.url}/}}", "seeds=[0]", *case.config, "--", case.target,
            check=False,
        )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    log = workdir / case.log
    assert log.exists(), output[-3000:]
    message = case.message.replace("{mirror}", re.escape(server.url)).replace(
        "{cache}", re.escape("resources/downloads")
    )
    assert re.search(message, log.read_text()), log.read_text()[-3000:]
    prepared = workdir / "resources" / "prepared"
    left = [p for p in prepared.rglob("*") if p.is_file() or p.name.startswith(".")]
    assert left == []
    assert not (workdir / "results" / "tables").exists()
    for path in case.downloaded:
        cached = workdir / "resources" / "downloads" / path
        assert not cached.exists() and not cached.with_name(cached.name + ".part").exists()
