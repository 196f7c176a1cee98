"""Industry of a project, from the ordered keyword taxonomy in ``transforms/data/industries.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

INDUSTRIES_PATH = Path(__file__).parent / "data" / "industries.yaml"

LABELS: tuple[str, ...] = (
    "新能源",
    "新材料",
    "装备制造",
    "现代物流",
    "大健康",
    "文旅康养",
    "节能环保",
    "现代农业/食品",
    "煤层气/能源",
    "数字经济",
    "化工",
    "基础设施",
)


@dataclass(frozen=True)
class Taxonomy:
    rules: tuple[tuple[str, re.Pattern[str]], ...]  # (label, any-of-its-keywords), in file order

    def classify(self, name: str) -> str | None:
        """The first label, in taxonomy order, with a keyword in ``name``; None when none matches."""
        for label, pattern in self.rules:
            if pattern.search(name):
                return label
        return None


@cache
def load_taxonomy(path: Path = INDUSTRIES_PATH) -> Taxonomy:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = []
    for entry in raw["industries"]:
        label = entry["label"]
        if label not in LABELS:
            raise ValueError(f"{path}: unknown industry label {label!r}")
        keywords = sorted((str(k) for k in entry["keywords"]), key=len, reverse=True)
        rules.append((label, re.compile("|".join(re.escape(k) for k in keywords))))
    return Taxonomy(rules=tuple(rules))


def classify_industry(name: str) -> str | None:
    return load_taxonomy().classify(name)
