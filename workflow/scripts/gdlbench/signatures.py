"""The keyword parameters of a registry's builders, read from their source with `ast`: what a
config's `params` and `grid` are checked against when the config is validated, without
importing torch or scikit-learn."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).parent


@cache
def keyword_parameters(module: str, function: str) -> frozenset[str]:
    """The parameter names of `function` in `module` (dotted, under gdlbench), read from the
    module's source; a builder taking **kwargs is an error (its keys could not be checked)."""
    path = PACKAGE.joinpath(*module.split(".")).with_suffix(".py")
    tree = ast.parse(path.read_text(), str(path))
    node = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function),
                None)  # fmt: skip
    if node is None:
        raise LookupError(f"{path}: no function {function}")
    if node.args.kwarg is not None:
        raise LookupError(f"{path}: {function} takes **{node.args.kwarg.arg}; name its parameters")
    args = node.args
    return frozenset(a.arg for a in args.posonlyargs + args.args + args.kwonlyargs)
