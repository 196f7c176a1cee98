"""``make bench``: run every ``benchmarks/bench_*.py`` and print one table.

Results are also written to ``<data_dir>/bench/results.json`` so they can be compared over time.
Exit status is non-zero when a benchmark misses its target.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import pkgutil
import sys

from rich.console import Console
from rich.table import Table

import benchmarks
from benchmarks.common import BenchResult
from config.settings import get_settings


def main(selected: list[str]) -> int:
    results: list[BenchResult] = []
    for module_info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda m: m.name):
        name = module_info.name
        if not name.startswith("bench_") or (selected and name.removeprefix("bench_") not in selected):
            continue
        module = importlib.import_module(f"benchmarks.{name}")
        results.extend(module.run())

    table = Table(title="linfen-etl benchmarks")
    for column in ("area", "metric", "value", "target", "ok"):
        table.add_column(column)
    for r in results:
        ok = "-" if r.passed is None else ("yes" if r.passed else "NO")
        table.add_row(r.area, r.metric, f"{r.value:,.2f}", r.target, ok)
    Console().print(table)

    out_dir = get_settings().data_dir / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(
        json.dumps([dataclasses.asdict(r) for r in results], ensure_ascii=False, indent=2)
    )
    return 1 if any(r.passed is False for r in results) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
