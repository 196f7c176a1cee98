"""Industry of a project, from the keyword taxonomy in ``transforms/data/industries.yaml``."""

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
    keyword_re: re.Pattern[str]
    # keyword → (rank of its label in the file, label)
    label_of: dict[str, tuple[int, str]]

    def classify(self, name: str) -> str | None:
        """The label whose keyword in ``name`` is longest; ties go to the label listed first."""
        best: tuple[int, int, str] | None = None  # (-length, rank, label)
        # Keywords overlap (新能源汽车 / 新能源), so try every start position, not just finditer's.
        for start in range(len(name)):
            m = self.keyword_re.match(name, start)
            if m:
                rank, label = self.label_of[m.group(0)]
                key = (-len(m.group(0)), rank, label)
                if best is None or key < best:
                    best = key
        return best[2] if best else None


@cache
def load_taxonomy(path: Path = INDUSTRIES_PATH) -> Taxonomy:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    label_of: dict[str, tuple[int, str]] = {}
    for rank, entry in enumerate(raw["industries"]):
        label = entry["label"]
        if label not in LABELS:
            raise ValueError(f"{path}: unknown industry label {label!r}")
        for keyword in entry["keywords"]:
            # The first label that lists a keyword owns it.
            label_of.setdefault(str(keyword), (rank, label))
    alternation = "|".join(re.escape(k) for k in sorted(label_of, key=len, reverse=True))
    return Taxonomy(keyword_re=re.compile(alternation), label_of=label_of)


def classify_industry(name: str) -> str | None:
    return load_taxonomy().classify(name)
