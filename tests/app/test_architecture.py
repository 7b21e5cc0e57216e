"""The house rules of docs/ARCHITECTURE.md that a reader would otherwise have to check by eye."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "employers", "cohorts")
#: migrations are generated history, not code to reshape
CODE_DIRS = (*PACKAGES, "tests", "bench")
MAX_MODULES_PER_FOLDER = 15
MAX_MODULE_LINES = 400


def python_files(*dirs: str) -> list[Path]:
    return sorted(p for d in dirs for p in (ROOT / d).rglob("*.py") if "__pycache__" not in p.parts)


def test_no_folder_holds_more_than_fifteen_modules():
    folders: dict[Path, int] = {}
    for path in python_files(*CODE_DIRS):
        folders[path.parent] = folders.get(path.parent, 0) + 1
    crowded = {str(f.relative_to(ROOT)): n for f, n in folders.items() if n > MAX_MODULES_PER_FOLDER}
    assert not crowded, f"split these folders by capability: {crowded}"


def test_no_module_is_over_four_hundred_lines():
    long = {str(p.relative_to(ROOT)): n for p in python_files(*CODE_DIRS)
            if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES}
    assert not long, f"split these modules by what they do: {long}"


def test_no_module_imports_another_module_s_private_names():
    offenders = []
    for path in python_files(*CODE_DIRS):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in PACKAGES:
                offenders += [f"{path.relative_to(ROOT)}: {node.module}.{a.name}" for a in node.names
                              if a.name.startswith("_")]
    assert not offenders


def test_today_is_always_the_programme_s_today():
    """date.today() is the server's date; app.dates.local_today() is the one that knows the zone."""
    calls = [f"{p.relative_to(ROOT)}:{n}" for p in python_files(*PACKAGES) if p.name != "dates.py"
             for n, line in enumerate(p.read_text().splitlines(), 1) if re.search(r"\bdate\.today\b", line)]
    assert not calls


@pytest.mark.parametrize("package", ["cohorts", "employers"])
def test_feature_packages_import_nothing_for_side_effects(package):
    """Routes are registered by urls.py modules called from init_app, never by importing a module."""
    source = (ROOT / package / "__init__.py").read_text()
    assert "noqa: F401" not in source
    tree = ast.parse(source)
    assert all(isinstance(node, (ast.Expr, ast.ImportFrom, ast.Import, ast.FunctionDef)) for node in tree.body)
    assert not [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom)) and n.module != "flask"]


def test_every_cohorts_capability_lists_its_urls_and_is_registered():
    init = (ROOT / "cohorts" / "__init__.py").read_text()
    for urls in sorted((ROOT / "cohorts").glob("*/urls.py")):
        capability = urls.parent.name
        assert "def register(portals: Portals)" in urls.read_text()
        assert f"from cohorts.{capability} import urls as {capability}_urls" in init
        assert f"{capability}_urls.register" in init
