"""The gate's per-process GX set-up: suites reused across batches, Data Docs rendered once per run."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from config.settings import get_settings
from expectations.gate import build_data_docs, validate_batch
from tests.dq.batches import SHANGHAI, clean_batch, reference


def test_the_cached_suites_check_each_validation_against_its_own_clock(tmp_path: Path) -> None:
    settings = get_settings(data_dir=tmp_path)
    # same reference → the same suites, built once; only the clock differs between the validations
    before = validate_batch(
        clean_batch(),
        settings=settings,
        run_id="run-before",
        reference=reference(),
        now=datetime(2025, 2, 6, 12, 0, tzinfo=SHANGHAI),  # the second article is not out yet
    )
    after = validate_batch(clean_batch(), settings=settings, run_id="run-after", reference=reference())
    failed_before = {(r["table_name"], r["expectation"]) for r in before.failed_critical}
    assert ("articles", "published_not_in_future") in failed_before
    assert ("campaigns", "event_date_not_in_future") not in failed_before  # 6 Feb is today, not future
    assert after.failed == []


def test_a_run_renders_data_docs_once_for_all_its_batches(tmp_path: Path) -> None:
    settings = get_settings(data_dir=tmp_path)
    index = settings.data_docs_dir / "index.html"
    results = [
        validate_batch(
            clean_batch(), settings=settings, run_id=run_id, reference=reference(), data_docs=False
        )
        for run_id in ("batch-one", "batch-two")
    ]
    assert not index.exists()  # nothing rendered per batch
    assert all(r.data_docs_path == index.resolve() for r in results)  # where the run's docs will be

    assert build_data_docs(settings) == index.resolve()
    pages = [p.as_posix() for p in (settings.data_docs_dir / "validations").rglob("*.html")]
    for run_id in ("batch-one", "batch-two"):
        assert any(f"/{run_id}/" in page for page in pages), (run_id, pages)
    assert build_data_docs(settings) is None  # rendered results are dropped: nothing is pending


@pytest.mark.parametrize("fetched", [0, 3])
def test_the_crawl_check_follows_the_crawl_of_each_batch(tmp_path: Path, fetched: int) -> None:
    from transforms.staging import build_staging

    settings = get_settings(data_dir=tmp_path)
    result = validate_batch(
        build_staging([]),
        settings=settings,
        run_id=f"run-fetched-{fetched}",
        crawl_stats={"article_pages_fetched": fetched},
        reference=reference(),
    )
    assert result.blocked is bool(fetched)
