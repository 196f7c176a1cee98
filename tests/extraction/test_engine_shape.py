"""The engine stays readable: modules under 400 lines, functions under 60 (issue 10's limits)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = sorted((Path(__file__).parents[2] / "transforms" / "extract").glob("*.py"))


@pytest.mark.parametrize("module", ENGINE, ids=lambda path: path.name)
def test_engine_modules_and_functions_stay_small(module: Path) -> None:
    source = module.read_text(encoding="utf-8")
    assert len(source.splitlines()) < 400, f"{module.name} has grown past 400 lines: split it"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno + 1 > 60
    ]
    assert not long, f"{module.name}: functions over 60 lines: {long}"


def test_the_engine_is_found() -> None:
    assert {path.name for path in ENGINE} >= {"__init__.py", "totals.py", "projects.py", "money.py"}
