"""The published route for `splice`, end to end, from a local mirror of the UCI portal serving
a file in the real `splice.data` layout (the real head plus simulated rows)."""

import numpy as np
import pandas as pd
import pytest
from portal_server import PortalServer
from snakemake_runner import copy_workflow, snakemake

from gdlbench.data.formats.uci_splice import write_uci_splice
from gdlbench.data.simulate.splice import simulate_splice

pytestmark = pytest.mark.slow

UCI_PATH = (
    "archive.ics.uci.edu/ml/machine-learning-databases/molecular-biology/"
    "splice-junction-gene-sequences/splice.data"
)


@pytest.fixture(scope="module")
def mirror_root(tmp_path_factory, formats):
    root = tmp_path_factory.mktemp("mirror")
    target = root / UCI_PATH
    target.parent.mkdir(parents=True)
    records = simulate_splice({"EI": 100, "IE": 100, "N": 200}, 0.9, 0.0, np.random.default_rng(5))
    write_uci_splice(records, target)
    real_head = (formats / "uci_splice" / "splice.data.head").read_text()
    target.write_text(real_head + target.read_text())
    return root


def test_published_config_runs_splice_from_a_mirror(repo, tmp_path, mirror_root):
    workdir = copy_workflow(repo, tmp_path / "run")
    with PortalServer(mirror_root) as server:
        mirror = f"download={{mirror: {server.url}/}}"
        args = [
            "--configfile",
            "config/published.yaml",
            "--config",
            mirror,
            "tasks=[splice]",
            "seeds=[0]",
        ]
        snakemake(workdir, *args)
        fetched = [path for method, path, _ in server.requests if method == "GET"]
        assert fetched == [f"/{UCI_PATH}"]

        downloaded = workdir / "resources" / "downloads" / UCI_PATH
        assert downloaded.read_bytes() == (mirror_root / UCI_PATH).read_bytes()
        lock = (workdir / "config" / "checksums.lock").read_text()
        assert f"https://{UCI_PATH}" in lock

        metrics = pd.read_csv(workdir / "results/tables/metrics.tsv", sep="\t")
        assert set(metrics["dataset"]) == {"uci_splice"}
        assert set(metrics["seed"]) == {0}
        assert (workdir / "results/figures/splice.png").exists()

        rerun = snakemake(workdir, *args, "--dry-run")
        assert "Nothing to be done" in rerun.stdout + rerun.stderr
        assert len(server.requests) == 1


def test_changed_upstream_file_is_a_clear_error(repo, tmp_path, mirror_root):
    workdir = copy_workflow(repo, tmp_path / "run")
    lock = workdir / "config" / "checksums.lock"
    lock.write_text(f"{'0' * 64}  https://{UCI_PATH}\n")
    with PortalServer(mirror_root) as server:
        result = snakemake(
            workdir,
            "--configfile",
            "config/published.yaml",
            "--config",
            f"download={{mirror: {server.url}/}}",
            "seeds=[0]",
            check=False,
        )
    assert result.returncode != 0
    log = (workdir / "results/logs/download_file" / f"{UCI_PATH}.log").read_text()
    assert "sha256" in log and f"https://{UCI_PATH}" in log
    assert not (workdir / "resources" / "downloads" / UCI_PATH).exists()
