"""Approved extractor output for every invented article: the regression tests' reference.

The invented corpora (``corpus*/``) are regression tests, not the measure (the real development set
is, ``evaluation/real/``). Their labels (``*.expected.json``) say what each text states; the figures
against them are printed by ``make eval``. What *locks* behaviour is this snapshot: one line per
article with what the extractor printed when the snapshot was approved. Any change to any
article's output fails ``tests/extraction/test_corpus_eval.py`` until the snapshot is regenerated
and the diff is reviewed and committed together with the change that made it:

    .venv/bin/python -m tests.extraction.approved.snapshots      # rewrite the approved files
    git diff tests/extraction/approved/                           # review what changed, per article
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from transforms.evaluate import DEFAULT_CORPUS_DIR, extract_labelled, load_corpus
from transforms.records import Extraction

APPROVED_DIR = Path(__file__).resolve().parent
SETS = ("corpus", "corpus_holdout", "corpus_blind", "corpus_blind2", "corpus_blind3")


def set_dir(name: str) -> Path:
    return DEFAULT_CORPUS_DIR.parent / name


def approved_path(name: str) -> Path:
    return APPROVED_DIR / f"{name}.json"


def snapshot(extraction: Extraction) -> dict[str, Any]:
    """The facts of one extraction in a stable, diff-friendly form."""
    campaign = extraction.campaign
    return {
        "kind": extraction.kind,
        "campaign": None
        if campaign is None
        else [
            campaign.year,
            campaign.ordinal,
            campaign.event_date and campaign.event_date.isoformat(),
            campaign.is_round,
        ],
        "stage_totals": sorted(
            [t.stage, t.region, t.region_level, t.project_count, t.investment_yuan]
            for t in extraction.stage_totals
        ),
        "projects": sorted(
            [p.stage, p.name, p.zone, p.county, p.capacity, p.industry, p.investment_yuan]
            for p in extraction.projects
        ),
    }


def current(name: str) -> dict[str, dict[str, Any]]:
    return {a.slug: snapshot(extract_labelled(a)) for a in load_corpus(set_dir(name))}


def load_approved(name: str) -> dict[str, dict[str, Any]]:
    return json.loads(approved_path(name).read_text(encoding="utf-8"))


def write_approved(name: str) -> None:
    lines = [
        f"  {json.dumps(slug, ensure_ascii=False)}: {json.dumps(facts, ensure_ascii=False)}"
        for slug, facts in current(name).items()
    ]
    approved_path(name).write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


if __name__ == "__main__":
    for name in SETS:
        write_approved(name)
        print(f"wrote {approved_path(name)}")
