"""The one result shape every benchmark reports."""

from __future__ import annotations

import resource
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BenchResult:
    area: str  # e.g. "extraction"
    metric: str  # e.g. "articles/s (one core)"
    value: float
    target: str = ""  # e.g. ">= 200"
    passed: bool | None = None  # None: informational figure without a target


def peak_rss_mb() -> float:
    """This process's peak RSS (MB). Linux: ``VmHWM``, which starts afresh at exec. ``ru_maxrss`` does
    not: Linux carries it over fork + exec, so a benchmark's child process would report its parent's
    peak whenever that is higher (both sizes of a memory benchmark then show the same figure)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


PROJECT_ROOT = Path(__file__).resolve().parent.parent


def side_by_side(module: str, mode: str, root: Path, sizes: Sequence[int]) -> list[str]:
    """Run ``python -m <module> <mode> <root>/<size> <size>`` for each size, all at once, and return
    their outputs in ``sizes`` order. Each size in its own process: peak memory is per process, so
    running them side by side changes their wall time, not their peaks."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", module, mode, str(root / str(size)), str(size)],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for size in sizes
    ]
    outputs = [process.communicate()[0] for process in processes]
    for process in processes:
        if process.returncode:
            raise subprocess.CalledProcessError(process.returncode, process.args)
    return outputs
