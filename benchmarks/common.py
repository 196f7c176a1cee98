"""The one result shape every benchmark reports."""

from __future__ import annotations

import resource
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
