"""Score the extractor against a labelled corpus (``corpus/<slug>.txt`` + ``<slug>.expected.json``).

Project mentions are matched per article on stage + name, twice: *strict* (equal names) and
*tolerant* (one name contains the other, e.g. a kept or dropped location prefix). Zone, county,
capacity, industry and investment are then scored over the strict matches. Stage totals are
compared as exact tuples (stage, region, level, count, yuan). Used by the corpus test and by
``benchmarks/bench_extraction.py``; ``python -m transforms.evaluate [DIR]`` prints the figures and
every difference. ``--real [DIR]`` scores the real development set instead (``transforms.real_set``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from transforms.extract import extract_article
from transforms.records import Extraction

DEFAULT_CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"
PROJECT_FIELDS = ("zone", "county", "capacity", "industry", "investment_yuan")


@dataclass(frozen=True)
class LabelledArticle:
    slug: str
    text: str
    published: date | None
    expected: dict[str, Any]


@dataclass
class Ratio:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += int(hit)
        self.total += 1

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.hits}/{self.total}"


@dataclass
class Report:
    articles: int = 0
    kind: Ratio = field(default_factory=Ratio)
    announcement: Ratio = field(default_factory=Ratio)
    campaign: Ratio = field(default_factory=Ratio)
    facts_from_non_announcements: int = 0
    strict_tp: int = 0
    tolerant_tp: int = 0
    projects_found: int = 0
    projects_expected: int = 0
    totals_tp: int = 0
    totals_found: int = 0
    totals_expected: int = 0
    project_fields: dict[str, Ratio] = field(default_factory=lambda: {f: Ratio() for f in PROJECT_FIELDS})
    differences: list[str] = field(default_factory=list)

    @property
    def project_precision(self) -> float:
        return self.strict_tp / self.projects_found if self.projects_found else 1.0

    @property
    def project_recall(self) -> float:
        return self.strict_tp / self.projects_expected if self.projects_expected else 1.0

    @property
    def tolerant_precision(self) -> float:
        return self.tolerant_tp / self.projects_found if self.projects_found else 1.0

    @property
    def tolerant_recall(self) -> float:
        return self.tolerant_tp / self.projects_expected if self.projects_expected else 1.0

    @property
    def totals_precision(self) -> float:
        return self.totals_tp / self.totals_found if self.totals_found else 1.0

    @property
    def totals_recall(self) -> float:
        return self.totals_tp / self.totals_expected if self.totals_expected else 1.0

    def summary(self) -> dict[str, float]:
        out = {
            "articles": float(self.articles),
            "kind accuracy": self.kind.value,
            "announcement accuracy": self.announcement.value,
            "campaign accuracy": self.campaign.value,
            "facts from non-announcements": float(self.facts_from_non_announcements),
            "project precision (strict)": self.project_precision,
            "project recall (strict)": self.project_recall,
            "project precision (tolerant)": self.tolerant_precision,
            "project recall (tolerant)": self.tolerant_recall,
            "stage-total precision (exact)": self.totals_precision,
            "stage-total recall (exact)": self.totals_recall,
        }
        for name, ratio in self.project_fields.items():
            out[f"project {name} accuracy"] = ratio.value
        return out


def load_corpus(corpus_dir: Path = DEFAULT_CORPUS_DIR) -> list[LabelledArticle]:
    """Every labelled article in ``corpus_dir``; a text without labels is an error naming it."""
    out = []
    for text_path in sorted(corpus_dir.glob("*.txt")):
        label_path = text_path.with_suffix(".expected.json")
        if not label_path.exists():
            raise FileNotFoundError(f"{text_path}: no labels ({label_path.name})")
        meta = json.loads(label_path.read_text(encoding="utf-8"))
        published = date.fromisoformat(meta["published"]) if meta.get("published") else None
        out.append(
            LabelledArticle(
                text_path.stem, text_path.read_text(encoding="utf-8"), published, meta["expected"]
            )
        )
    return out


def extract_labelled(article: LabelledArticle) -> Extraction:
    return extract_article(article.text, published=article.published, source=article.slug)


def _campaign_key(campaign: dict[str, Any] | None) -> tuple[Any, ...] | None:
    """The round an article reports (a local event of its own is not a round: None)."""
    if not campaign or not campaign.get("is_round", True):
        return None
    return (campaign.get("year"), campaign.get("ordinal"), campaign.get("event_date"))


def _total_key(total: dict[str, Any]) -> tuple[Any, ...]:
    return (
        total["stage"],
        total["region"],
        total.get("region_level"),
        total.get("project_count"),
        total.get("investment_yuan"),
    )


def _match(
    found: list[dict[str, Any]], expected: list[dict[str, Any]], *, tolerant: bool
) -> list[tuple[int, int]]:
    """Pairs (found index, expected index), one-to-one, equal names first."""
    pairs: list[tuple[int, int]] = []
    used_f: set[int] = set()
    used_e: set[int] = set()
    passes = [lambda a, b: a == b]
    if tolerant:
        passes.append(lambda a, b: a in b or b in a)
    for same in passes:
        for i, f in enumerate(found):
            if i in used_f:
                continue
            for j, e in enumerate(expected):
                if j in used_e or f["stage"] != e["stage"]:
                    continue
                if same(f["name"], e["name"]):
                    pairs.append((i, j))
                    used_f.add(i)
                    used_e.add(j)
                    break
    return pairs


def score(pairs: Iterable[tuple[LabelledArticle, Extraction]]) -> Report:
    report = Report()
    for article, extraction in pairs:
        report.articles += 1
        exp = article.expected
        got = extraction.to_dict()
        report.kind.add(got["kind"] == exp["kind"])
        report.announcement.add(got["is_announcement"] == exp["is_announcement"])
        if got["kind"] != exp["kind"]:
            report.differences.append(f"{article.slug}: kind {got['kind']} != {exp['kind']}")
        if not exp["is_announcement"]:
            report.facts_from_non_announcements += len(got["stage_totals"]) + len(got["projects"])
            report.facts_from_non_announcements += got["campaign"] is not None

        campaign_ok = _campaign_key(got["campaign"]) == _campaign_key(exp.get("campaign"))
        report.campaign.add(campaign_ok)
        if not campaign_ok:
            report.differences.append(
                f"{article.slug}: campaign {_campaign_key(got['campaign'])} != {_campaign_key(exp.get('campaign'))}"
            )

        found_totals = {_total_key(t) for t in got["stage_totals"]}
        expected_totals = {_total_key(t) for t in exp.get("stage_totals", [])}
        report.totals_found += len(found_totals)
        report.totals_expected += len(expected_totals)
        report.totals_tp += len(found_totals & expected_totals)
        for extra in sorted(found_totals - expected_totals, key=str):
            report.differences.append(f"{article.slug}: unexpected total {extra}")
        for missing in sorted(expected_totals - found_totals, key=str):
            report.differences.append(f"{article.slug}: missing total {missing}")

        found, expected = got["projects"], exp.get("projects", [])
        report.projects_found += len(found)
        report.projects_expected += len(expected)
        strict = _match(found, expected, tolerant=False)
        tolerant = _match(found, expected, tolerant=True)
        report.strict_tp += len(strict)
        report.tolerant_tp += len(tolerant)
        for i, j in strict:
            for name in PROJECT_FIELDS:
                ok = found[i].get(name) == expected[j].get(name)
                report.project_fields[name].add(ok)
                if not ok:
                    report.differences.append(
                        f"{article.slug}: {found[i]['name']} {name} {found[i].get(name)!r} != {expected[j].get(name)!r}"
                    )
        matched_f = {i for i, _ in strict}
        matched_e = {j for _, j in strict}
        for i, f in enumerate(found):
            if i not in matched_f:
                report.differences.append(f"{article.slug}: unexpected project {f['stage']} {f['name']}")
        for j, e in enumerate(expected):
            if j not in matched_e:
                report.differences.append(f"{article.slug}: missing project {e['stage']} {e['name']}")
    return report


def evaluate_corpus(corpus_dir: Path = DEFAULT_CORPUS_DIR) -> Report:
    articles = load_corpus(corpus_dir)
    return score((a, extract_labelled(a)) for a in articles)


def main(argv: list[str]) -> int:
    """``python -m transforms.evaluate [CORPUS_DIR]`` or ``--real [REAL_DIR]``."""
    if argv and argv[0] == "--real":
        return _main_real(Path(argv[1]) if len(argv) > 1 else None)
    corpus_dir = Path(argv[0]) if argv else DEFAULT_CORPUS_DIR
    report = evaluate_corpus(corpus_dir)
    for line in report.differences:
        print(line)
    for name, value in report.summary().items():
        print(f"{name:34} {value:.3f}")
    return 0


def _main_real(real_dir: Path | None) -> int:
    from transforms.real_set import DEFAULT_REAL_DIR, score_real  # it scores with this module's Ratio

    real_dir = real_dir or DEFAULT_REAL_DIR
    try:
        report = score_real(real_dir)
    except FileNotFoundError as exc:
        print(f"{exc}: collect them first ({real_dir / 'README.md'})", file=sys.stderr)
        return 2
    for failure_class, misses in sorted(report.misses.items()):
        print(f"{failure_class}: {len(misses)}")
        for miss in misses:
            print(f"    {miss}")
    for line in report.lines():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
