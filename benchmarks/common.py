"""The one result shape every benchmark reports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BenchResult:
    area: str  # e.g. "extraction"
    metric: str  # e.g. "articles/s (one core)"
    value: float
    target: str = ""  # e.g. ">= 200"
    passed: bool | None = None  # None: informational figure without a target
