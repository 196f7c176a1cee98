"""The extractor against the real development set (``evaluation/real/labels.json`` + ``texts/``).

The labels record what each real article states (see ``evaluation/real/README.md``). This module
computes the same figures as the shared scorer (``../shared/real-texts/score.py``): stage totals
matched exactly on (city key, stage) → (count, yuan), projects matched on normalised names (a kept
zone prefix tolerated), zones, per-project money, classification, event dates. It then groups
every miss by failure class, which is what an extraction change is steered by.

``python -m transforms.evaluate --real evaluation/real`` prints it; ``make eval`` too.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from transforms.evaluate import Ratio
from transforms.extract import extract_article
from transforms.normalize import normalize_text

DEFAULT_REAL_DIR = Path(__file__).resolve().parent.parent / "evaluation" / "real"
_NAME_NOISE_RE = re.compile(r"[\s“”\"'《》()、,。.:;·\-—]")
_REGION_SUFFIX_RE = re.compile(r"(市|省|县|区)$")


@dataclass
class RealReport:
    articles: int = 0
    classification: Ratio = field(default_factory=Ratio)
    event_dates: Ratio = field(default_factory=Ratio)
    stage_totals: Ratio = field(default_factory=Ratio)
    facts_from_non_announcements: int = 0
    projects_tp: int = 0
    projects_fp: int = 0
    projects_fn: int = 0
    zones: Ratio = field(default_factory=Ratio)
    investments: Ratio = field(default_factory=Ratio)
    misses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @property
    def precision(self) -> float:
        found = self.projects_tp + self.projects_fp
        return self.projects_tp / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.projects_tp + self.projects_fn
        return self.projects_tp / expected if expected else 1.0

    def lines(self) -> list[str]:
        f1 = (
            2 * self.precision * self.recall / (self.precision + self.recall)
            if self.precision + self.recall
            else 0.0
        )
        counts = (
            f"classification {self.classification}; event dates {self.event_dates}; stage totals exact "
            f"{self.stage_totals} (facts from non-announcements {self.facts_from_non_announcements})"
        )
        projects = (
            f"projects P={self.precision:.3f} R={self.recall:.3f} F1={f1:.3f} (tp {self.projects_tp}, "
            f"fp {self.projects_fp}, fn {self.projects_fn}); zones {self.zones}; project investments {self.investments}"
        )
        return [f"real development set: {self.articles} articles", counts, projects]


def load_labels(real_dir: Path = DEFAULT_REAL_DIR) -> list[dict[str, Any]]:
    return json.loads((real_dir / "labels.json").read_text(encoding="utf-8"))


def score_real(real_dir: Path = DEFAULT_REAL_DIR, texts_dir: Path | None = None) -> RealReport:
    """Extract every labelled article from ``texts/<id>.txt`` and score it. A missing text is an error:
    the figures are only the real set's when every text is there (collect them: README.md)."""
    texts = texts_dir or real_dir / "texts"
    labels = load_labels(real_dir)
    missing = [lab["id"] for lab in labels if not (texts / f"{lab['id']}.txt").exists()]
    if missing:
        raise FileNotFoundError(
            f"{texts}: texts not collected for {len(missing)} labels ({', '.join(missing[:5])} …)"
        )
    report = RealReport()
    for label in labels:
        got = extract_article((texts / f"{label['id']}.txt").read_text(encoding="utf-8"), source=label["id"])
        _score_article(label, got.to_dict(), report)
    return report


def _score_article(label: dict[str, Any], got: dict[str, Any], report: RealReport) -> None:
    aid = label["id"]
    report.articles += 1
    announced = bool(label["is_project_announcement"])
    report.classification.add(got["is_announcement"] == announced)
    if got["is_announcement"] != announced:
        kind = "announcement missed" if announced else "non-announcement taken for an announcement"
        report.misses[f"classification: {kind}"].append(aid)
    if label.get("event_date"):
        found = (got.get("campaign") or {}).get("event_date")
        report.event_dates.add(found == label["event_date"])
        if found != label["event_date"]:
            report.misses["event date"].append(f"{aid}: {found} != {label['event_date']}")
    _score_totals(label, got, report)
    if not label.get("projects_unlabelled"):
        _score_projects(label, got, report)


def _score_totals(label: dict[str, Any], got: dict[str, Any], report: RealReport) -> None:
    aid = label["id"]
    found = {
        (_region_key(t["region"]), t["stage"]): (t["project_count"], t["investment_yuan"])
        for t in got["stage_totals"]
    }
    for want in label.get("stages") or []:
        key = (_region_key(want["region"]), want["stage"])
        value = (want.get("project_count"), _yuan(want.get("total_investment_yi_yuan")))
        report.stage_totals.add(found.get(key) == value)
        if found.get(key) != value:
            report.misses[_total_class(found.get(key), value)].append(
                f"{aid}: {key} want {value} got {found.get(key)}"
            )
    if not label["is_project_announcement"]:
        report.facts_from_non_announcements += len(got["stage_totals"]) + len(got["projects"])
        for key in found:
            report.misses["stage total: from a non-announcement"].append(f"{aid}: {key}")


def _total_class(found: tuple[Any, Any] | None, want: tuple[Any, Any]) -> str:
    if found is None:
        return "stage total: missed (or a wrong region)"
    if found[0] != want[0]:
        return "stage total: wrong count"
    return "stage total: wrong money"


def _score_projects(label: dict[str, Any], got: dict[str, Any], report: RealReport) -> None:
    aid = label["id"]
    found = {_name_key(p["name"]): p for p in got["projects"]}
    wanted = {_name_key(p["name"]): p for p in label.get("listed_projects") or []}
    optional = {_name_key(n) for n in label.get("optional_projects") or []}
    for key, want in wanted.items():
        hit = found.get(key) or next((p for k, p in found.items() if _same_name(k, key)), None)
        if hit is None:
            report.projects_fn += 1
            report.misses["project: missed"].append(f"{aid}: {want.get('zone', '')}{want['name']}")
            continue
        report.projects_tp += 1
        _score_attributes(aid, want, hit, report)
    for key, p in found.items():
        if not any(key == w or _same_name(key, w) for w in set(wanted) | optional):
            report.projects_fp += 1
            report.misses["project: not a project (or not listed)"].append(f"{aid}: {p['name']}")


def _score_attributes(aid: str, want: dict[str, Any], hit: dict[str, Any], report: RealReport) -> None:
    zone_written = _name_key(want.get("zone") or "")
    zone_ok = not zone_written or zone_written[:2] in _name_key(hit.get("zone") or "")
    report.zones.add(zone_ok)
    if not zone_ok:
        report.misses["project: zone"].append(
            f"{aid}: {want['name']}: {hit.get('zone')} vs {want.get('zone')}"
        )
    if want.get("investment_yi_yuan") is not None:
        money_ok = hit.get("investment_yuan") == _yuan(want["investment_yi_yuan"])
        report.investments.add(money_ok)
        if not money_ok:
            report.misses["project: own money"].append(f"{aid}: {want['name']}: {hit.get('investment_yuan')}")


def _same_name(found: str, wanted: str) -> bool:
    """A zone or company prefix kept on either side: one name ends with the other."""
    return found.endswith(wanted) or (wanted.endswith(found) and len(found) >= 4)


def _name_key(name: str) -> str:
    return _NAME_NOISE_RE.sub("", normalize_text(name))


def _region_key(region: str) -> str:
    return _REGION_SUFFIX_RE.sub("", _name_key(region))


def _yuan(yi: float | None) -> int | None:
    return None if yi is None else int(Decimal(str(yi)) * 100_000_000)
