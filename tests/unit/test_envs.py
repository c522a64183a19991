"""The conda environment pins exactly what pyproject.toml pins."""

import tomllib

import yaml


def test_conda_env_pins_equal_pyproject(repo):
    project = tomllib.loads((repo / "pyproject.toml").read_text())["project"]["dependencies"]
    env = yaml.safe_load((repo / "envs" / "gdlbench.yaml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert all("==" in pin for pin in project)
    assert sorted(pip) == sorted(project)
