"""The two builds: `make test` runs the suite on the plain source, then with
UNDOCS_COMPILED=1 on the mypyc build (setup.py); this file makes sure each run
imported the build it says it tests."""

from __future__ import annotations

import ast
import importlib
import os
from pathlib import Path

import pytest

import undocs

ROOT = Path(__file__).resolve().parent.parent


def compiled_modules() -> list[str]:
    """setup.py's COMPILED list, as module names (read, not imported: importing runs setup())."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "COMPILED" for t in targets):
                paths = ast.literal_eval(node.value)  # type: ignore[arg-type]
                return [p.removesuffix(".py").removesuffix("/__init__").replace("/", ".") for p in paths]
    raise AssertionError("setup.py has no COMPILED list")


def test_compiled_list_names_real_modules() -> None:
    names = compiled_modules()
    assert "undocs.parse.body" in names and "undocs.parse" in names
    for name in names:
        path = ROOT / "src" / (name.replace(".", "/") + ".py")
        assert path.exists() or (path.with_suffix("") / "__init__.py").exists(), name


@pytest.mark.parametrize("name", compiled_modules())
def test_each_run_imports_the_build_it_tests(name: str) -> None:
    module = importlib.import_module(name)
    compiled = os.environ.get("UNDOCS_COMPILED") == "1"
    assert str(module.__file__).endswith(".so") == compiled, (name, module.__file__)
    assert undocs.compiled() == compiled
