"""Batch-level verdicts, cascades to child rows and the cross-row checks, on real GX validations."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from config.settings import Settings
from expectations.gate import ALL_FAILING_MIN_ROWS, validate_batch
from extractors.crawl import CrawlSummary
from tests.dq.batches import COUNTY, MAIN, SHANGHAI, clean_batch, reference
from transforms.staging import build_staging


def test_zero_articles_from_a_non_empty_crawl_blocks(dq_settings: Settings) -> None:
    empty = build_staging([])
    result = validate_batch(
        empty,
        settings=dq_settings,
        run_id="run-empty",
        crawl_stats=CrawlSummary(mode="incremental", base_url="http://127.0.0.1/", article_pages_fetched=5),
        reference=reference(),
    )
    assert result.blocked
    assert any("articles.articles_parsed_from_crawl" in reason for reason in result.block_reasons)
    verdict = next(r for r in result.results if r["expectation"] == "batch_usable")
    assert verdict["success"] is False and verdict["observed_value"] == result.block_reasons
    # an empty batch from an empty crawl is simply nothing to do
    quiet = validate_batch(empty, settings=dq_settings, run_id="run-quiet", reference=reference())
    assert not quiet.blocked and not quiet.needs_alert


def test_missing_contract_column_blocks_without_validating(dq_settings: Settings) -> None:
    batch = clean_batch()
    broken = batch.replace(stage_totals=batch.stage_totals.drop(columns=["investment_yuan"]))
    result = validate_batch(broken, settings=dq_settings, run_id="run-broken", reference=reference())
    assert result.blocked and result.rows_clean == 0
    assert result.block_reasons == [
        "staging table 'stage_totals' lacks contract columns ['investment_yuan'] (docs/CONTRACTS.md)"
    ]


def test_a_quarantined_article_takes_its_rows_along(dq_settings: Settings) -> None:
    batch = clean_batch()
    articles = batch.articles.copy()
    articles.loc[articles["url"] == COUNTY, "published_at"] = datetime(2099, 1, 1, tzinfo=SHANGHAI)
    result = validate_batch(
        batch.replace(articles=articles), settings=dq_settings, run_id="run-cascade", reference=reference()
    )
    assert not result.blocked
    reasons = result.quarantine.groupby("table_name")["expectation"].agg(set).to_dict()
    assert reasons == {
        "articles": {"published_not_in_future"},
        "campaigns": {"article_quarantined"},
        "stage_totals": {"article_quarantined"},
        "project_mentions": {"article_quarantined"},
    }
    clean = result.clean
    assert set(clean.articles["url"]) == {MAIN}
    for table in ("campaigns", "stage_totals", "project_mentions"):
        assert set(getattr(clean, table)["article_url"]) == {MAIN}, table


def test_every_row_failing_blocks_the_batch(dq_settings: Settings) -> None:
    batch = clean_batch()
    articles = batch.articles.assign(published_at=datetime(2099, 1, 1, tzinfo=SHANGHAI))
    result = validate_batch(
        batch.replace(articles=articles), settings=dq_settings, run_id="run-all-bad", reference=reference()
    )
    assert result.blocked and result.rows_clean == 0
    assert result.block_reasons == [
        f"every one of the batch's {sum(result.rows_checked.values())} rows failed a critical check"
    ]
    assert result.rows_quarantined == sum(result.rows_checked.values())


@pytest.fixture(scope="module")
def cross_row_result(dq_settings: Settings):
    batch = clean_batch()
    totals = batch.stage_totals.copy()
    county_city = (totals["article_url"] == COUNTY) & (totals["region"] == "临汾市")
    totals.loc[county_city, "project_count"] = 17  # the main report says 18
    county_signed = (totals["region"] == "洪洞县") & (totals["stage"] == "signed")
    totals.loc[county_signed, "project_count"] = 1  # but the article names two signed projects there
    campaigns = batch.campaigns.copy()
    campaigns.loc[campaigns["article_url"] == COUNTY, "event_date"] = date(2025, 2, 7)
    return validate_batch(
        batch.replace(stage_totals=totals, campaigns=campaigns),
        settings=dq_settings,
        run_id="run-cross-row",
        reference=reference(),
    )


def test_stated_count_below_the_named_projects_is_quarantined(cross_row_result) -> None:
    entries = cross_row_result.quarantine
    assert list(entries["expectation"]) == ["enumerated_projects_within_count"]
    assert entries["observed_value"].iat[0] == "project_count=1; enumerated_projects=2"


def test_disagreeing_totals_and_event_dates_are_warnings(cross_row_result) -> None:
    warned = {r["expectation"]: r for r in cross_row_result.failed_warnings}
    assert warned["totals_agree_between_articles"]["unexpected_count"] == 2
    assert warned["one_event_date_per_campaign"]["unexpected_count"] == 2
    # both figures load: the warehouse keeps the earliest and records the conflict
    city_signed = cross_row_result.clean.stage_totals.query("region == '临汾市' and stage == 'signed'")
    assert sorted(city_signed["project_count"].tolist()) == [17, 18]


def test_a_whole_table_failing_blocks_the_batch(dq_settings: Settings) -> None:
    batch = clean_batch()
    mentions = batch.project_mentions.assign(zone="某某新区")  # systematic: the extractor broke
    assert len(mentions) >= ALL_FAILING_MIN_ROWS
    result = validate_batch(
        batch.replace(project_mentions=mentions),
        settings=dq_settings,
        run_id="run-table",
        reference=reference(),
    )
    assert result.blocked and result.rows_clean == 0
    assert result.block_reasons == [
        f"project_mentions: all {len(mentions)} rows failed a critical check; extraction looks broken"
    ]
    assert set(result.quarantine["expectation"]) == {"zone_in_gazetteer"}  # the articles were fine
