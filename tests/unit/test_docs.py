"""The README and docs/ name only what exists: every link, repository path, gdlbench module
(and the name it points to inside one) and dotted config key they cite."""

import re
from pathlib import Path

import pytest
import yaml

# top-level folders of the repository whose paths the docs may cite (results/ and the
# resources a run writes do not exist before a run)
TRACKED = ("config/", "docs/", "envs/", "profiles/", "tests/", "workflow/", ".ci/")
MADE_BY_A_RUN = {"config/checksums.lock"}  # written by the first download
FILE_SUFFIXES = {"tsv", "png", "pdf", "md", "yaml", "json", "npy", "gz", "py", "lock", "txt"}
PACKAGE = Path("workflow") / "scripts"


def _docs(repo: Path) -> list[Path]:
    return [repo / "README.md", *sorted((repo / "docs").rglob("*.md"))]


def _code_spans(text: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", text)


def _module_file(repo: Path, dotted: str) -> tuple[Path | None, list[str]]:
    """The longest prefix of `gdlbench.a.b.c` that is a module or package, and the names
    after it."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        base = repo / PACKAGE / Path(*parts[:end])
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.exists():
                return candidate, parts[end:]
    return None, parts


def _schema_has(schema: dict, dotted: str) -> bool:
    node = schema
    for part in dotted.split("."):
        properties = node.get("properties", {})
        if part in properties:
            node = properties[part]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        else:
            return False
    return True


@pytest.fixture(scope="module")
def schema(repo):
    return yaml.safe_load((repo / "config" / "schema" / "config.schema.yaml").read_text())


def test_links_resolve(repo):
    missing = []
    for doc in _docs(repo):
        for target in re.findall(r"\]\(([^)#\s]+)", doc.read_text()):
            if (
                not target.startswith(("http://", "https://"))
                and not (doc.parent / target).exists()
            ):
                missing.append(f"{doc.relative_to(repo)}: {target}")
    assert not missing, missing


def test_repository_paths_modules_and_config_keys_exist(repo, schema):
    missing = []
    for doc in _docs(repo):
        where = doc.relative_to(repo)
        for span in _code_spans(doc.read_text()):
            token = span.split()[0].rstrip(",.:;")
            if token.startswith(TRACKED) and "{" not in token and "<" not in token:
                if token not in MADE_BY_A_RUN and not (repo / token.rstrip("/")).exists():
                    missing.append(f"{where}: path {token}")
            elif token.startswith("gdlbench/") and "<" not in token:
                if not (repo / PACKAGE / token.rstrip("/")).exists():
                    missing.append(f"{where}: path {token}")
            elif re.fullmatch(r"gdlbench(\.\w+)+", token):
                module, rest = _module_file(repo, token)
                if module is None or (rest and not re.search(
                        rf"\b{re.escape(rest[0])}\b", module.read_text())):  # fmt: skip
                    missing.append(f"{where}: module {token}")
            elif (
                re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", token)
                and token.rsplit(".", 1)[1] not in FILE_SUFFIXES
                and token.split(".")[0] in schema["properties"]
            ) and not _schema_has(schema, token):
                missing.append(f"{where}: config key {token}")
    assert not missing, "\n".join(missing)
