"""The invented corpora as regression tests: per-article approved output, not floors.

Every article of every invented set (``corpus*/``) must extract exactly as approved in
``tests/extraction/approved/<set>.json``. A change in any article's output fails here, naming the
article; when the change is intended, regenerate the snapshot (``python -m
tests.extraction.approved.snapshots``) and commit the reviewed diff with the change. Figures
against the labels are not asserted here: they are printed by ``make eval`` and reported in
``docs/extraction.md``, next to the real development set's, which is the measure.

Two properties hold for every set whatever is approved: non-announcements yield no facts, and
each set is still there in full.
"""

from __future__ import annotations

import pytest

from tests.extraction.approved.snapshots import SETS, current, load_approved, set_dir
from transforms.evaluate import evaluate_corpus, load_corpus

MINIMUM_ARTICLES = {
    "corpus": 66,
    "corpus_holdout": 30,
    "corpus_blind": 24,
    "corpus_blind2": 27,
    "corpus_blind3": 24,
}


@pytest.fixture(scope="module", params=SETS)
def corpus_set(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_every_article_extracts_as_approved(corpus_set: str) -> None:
    approved = load_approved(corpus_set)
    now = current(corpus_set)
    assert set(now) == set(approved), f"{corpus_set}: articles added or removed; regenerate the snapshot"
    changed = [slug for slug in now if now[slug] != approved[slug]]
    assert not changed, (
        f"{corpus_set}: output changed for {changed[:10]}; if intended, run "
        "`python -m tests.extraction.approved.snapshots` and commit the reviewed diff"
    )


def test_non_announcements_yield_no_facts(corpus_set: str) -> None:
    assert evaluate_corpus(set_dir(corpus_set)).facts_from_non_announcements == 0


def test_each_set_is_there(corpus_set: str) -> None:
    articles = load_corpus(set_dir(corpus_set))
    assert len(articles) >= MINIMUM_ARTICLES[corpus_set]
    assert sum(1 for a in articles if not a.expected["is_announcement"]) >= 5
