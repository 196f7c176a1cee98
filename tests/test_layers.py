"""The layers: import-linter's contracts (``[tool.importlinter]`` in pyproject.toml) hold, a forbidden
import breaks the contract it belongs to under that contract's name, and importing a package changes
nothing outside it (no environment variable, no file or directory)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
CONTRACT_NAMES = {contract["id"]: contract["name"] for contract in CONFIG["contracts"]}
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# One forbidden import per contract: (module added to a copy of the code, the import it makes).
VIOLATIONS = {
    "flows-on-top": ("warehouse._layer_probe", "import flows.pipeline"),
    "transforms-pure": ("transforms._layer_probe", "import warehouse.models"),
    "extractors-no-warehouse": ("extractors._layer_probe", "import warehouse.engine"),
    "settings-leaf": ("config._layer_probe", "import transforms.text"),
    "cli-on-top": ("report._layer_probe", "import linfen_etl.errors"),
    "flows-call-layers": ("flows._layer_probe", "import sqlalchemy"),
    "product-without-dev-tools": ("expectations._layer_probe", "import devtools.testing_pg"),
    "benchmarks-without-tests": ("benchmarks._layer_probe", "import tests.fixtures.http_site"),
}


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the packages found in ``cwd`` (it puts its working directory first on the
    import path), with this repository's contracts."""
    return subprocess.run(
        [str(LINT_IMPORTS), str(REPO_ROOT / "pyproject.toml"), "--no-cache", "--no-logo"],
        cwd=cwd,
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )


def broken_section(output: str, name: str) -> str:
    """The report of one broken contract: from its underlined name to the next contract's."""
    headings = {other: output.find(f"\n{other}\n{'-' * len(other)}\n") for other in CONTRACT_NAMES.values()}
    start = headings[name]
    assert start >= 0, f"no report of a broken {name!r}:\n{output}"
    end = min((at for at in headings.values() if at > start), default=len(output))
    return output[start:end]


def summary_line(output: str, name: str) -> str:
    """The contract's line in the summary: '<name> KEPT' or '<name> BROKEN'."""
    lines = [line for line in output.splitlines() if line.startswith(f"{name} ")]
    assert lines, f"contract {name!r} not in the output:\n{output}"
    return lines[0]


def python_files_only(directory: str, names: list[str]) -> set[str]:
    """``copytree`` filter: sub-directories (but no caches) and .py files; the imports are all in those."""
    return {
        name
        for name in names
        if name == "__pycache__" or not (name.endswith(".py") or Path(directory, name).is_dir())
    }


def test_every_rule_has_a_probe() -> None:
    assert set(VIOLATIONS) == set(CONTRACT_NAMES)


def test_the_code_keeps_every_layer_contract() -> None:
    result = lint_imports(REPO_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in CONTRACT_NAMES.values():
        assert " KEPT" in summary_line(result.stdout, name)


def test_a_forbidden_import_breaks_its_contract_by_name(tmp_path: Path) -> None:
    for package in CONFIG["root_packages"]:
        shutil.copytree(REPO_ROOT / package, tmp_path / package, ignore=python_files_only)
    for module, statement in VIOLATIONS.values():
        path = tmp_path.joinpath(*module.split(".")).with_suffix(".py")
        path.write_text(f"{statement}\n", encoding="utf-8")

    result = lint_imports(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    for contract_id, (module, statement) in VIOLATIONS.items():
        name = CONTRACT_NAMES[contract_id]
        assert " BROKEN" in summary_line(result.stdout, name)
        # Under the rule's name: the offending import, module and line.
        imported = statement.removeprefix("import ")
        assert f"{module} -> {imported} (l.1)" in broken_section(result.stdout, name)


PACKAGES = [p for p in CONFIG["root_packages"] if p not in ("tests", "benchmarks")]

# Imports every module of each package in turn (not __main__, which runs a program, nor the Alembic
# environment, which runs migrations) and prints, per package, what its import changed in os.environ.
PROBE = """
import importlib, json, os, pkgutil, sys
changes = {}
for name in sys.argv[1:]:
    before = dict(os.environ)
    package = importlib.import_module(name)
    for info in pkgutil.walk_packages(package.__path__, name + "."):
        if not (info.name.endswith(".__main__") or ".migrations" in info.name):
            importlib.import_module(info.name)
    after = dict(os.environ)
    changes[name] = {k: [before.get(k), after.get(k)] for k in before.keys() | after.keys()
                     if before.get(k) != after.get(k)}
print(json.dumps(changes))
"""


@pytest.mark.slow
def test_importing_a_package_changes_no_environment_and_writes_nothing(tmp_path: Path) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    # No LINFEN_ETL_/PREFECT_/GX_ variable set, as for a user: a default applied on import would show.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINFEN_ETL_", "PREFECT_", "GX_"))}
    env |= {"HOME": str(tmp_path / "home"), "PYTHONPATH": str(REPO_ROOT), "PYTHONDONTWRITEBYTECODE": "1"}

    result = subprocess.run(
        [sys.executable, "-c", PROBE, *PACKAGES],
        cwd=cwd,
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == {package: {} for package in PACKAGES}
    # Nothing in the working directory (the default data dir is ./data) nor in the home directory.
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["cwd"]
