"""Pure parts: staging tables, project identity, the generated data dictionary (no database)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from tests.warehouse.sample import ARTICLE_A, EXTRACTION_A, PAIRS, sample_batch
from transforms import contract
from transforms.staging import (
    ARTICLE_COLUMNS,
    CAMPAIGN_COLUMNS,
    PROJECT_MENTION_COLUMNS,
    STAGE_TOTAL_COLUMNS,
    build_staging,
)
from warehouse import dictionary
from warehouse.identity import normalize_project_name, project_id


def test_staging_tables_have_contract_columns_and_exact_types() -> None:
    batch = sample_batch()
    assert tuple(batch.articles.columns) == ARTICLE_COLUMNS
    assert tuple(batch.campaigns.columns) == CAMPAIGN_COLUMNS
    assert tuple(batch.stage_totals.columns) == STAGE_TOTAL_COLUMNS
    assert tuple(batch.project_mentions.columns) == PROJECT_MENTION_COLUMNS
    assert batch.stage_totals["investment_yuan"].dtype == "Int64"
    assert batch.stage_totals["investment_yuan"].iloc[0] == 9_996_000_000
    assert str(batch.articles["published_at"].dt.tz) == "Asia/Shanghai"
    assert len(batch.articles) == 4 and len(batch.campaigns) == 3
    single = batch.project_mentions[batch.project_mentions["campaign_id"].isna()]
    assert single["event_date"].tolist() == [pd.Timestamp("2025-03-03").date()]  # publication day


def test_staging_gives_every_column_its_contract_type() -> None:
    # text is pandas' string dtype, or object when a column holds only nulls
    expected = {
        "text": {"str", "object"},
        "integer": {"Int64"},
        "boolean": {"boolean"},
        "date": {"object"},
        "timestamp": {"datetime64[ns, Asia/Shanghai]", "datetime64[us, Asia/Shanghai]"},
    }
    for name, frame in sample_batch().tables().items():
        table = contract.STAGING_TABLES[name]
        assert tuple(frame.columns) == table.column_names
        for column in table.columns:
            assert str(frame[column.name].dtype) in expected[column.type], (name, column.name)


def test_staging_keeps_the_last_extraction_of_a_url_and_rejects_naive_times() -> None:
    newer = replace(EXTRACTION_A, stage_totals=EXTRACTION_A.stage_totals[:1])
    batch = build_staging([*PAIRS, (ARTICLE_A, newer)])
    assert len(batch.articles) == 4
    assert (batch.stage_totals["article_url"] == ARTICLE_A.url).sum() == 1
    with pytest.raises(ValueError, match="tz-aware"):
        build_staging(
            [(replace(ARTICLE_A, published_at=ARTICLE_A.published_at.replace(tzinfo=None)), EXTRACTION_A)]
        )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("年产5000吨冻干宠物食品建设项目(二期)", "年产5000吨冻干宠物食品项目（2期）"),
        ("标准化厂房及10万吨精密铸造建设项目", "“标准化厂房及10万吨精密铸造”"),
        ("新建智慧储能超级工厂项目", "智慧储能超级工厂"),
        ("大吉煤层气田吉深８－１区块产能建设项目", "大吉煤层气田吉深8-1区块产能项目"),
    ],
)
def test_same_project_written_differently(first: str, second: str) -> None:
    assert normalize_project_name(first) == normalize_project_name(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("年产5000吨冻干宠物食品项目(一期)", "年产5000吨冻干宠物食品项目(二期)"),
        ("吉深8-1区块产能建设项目", "吉深81区块产能建设项目"),
        ("年产10万吨铸造项目", "年产20万吨铸造项目"),
    ],
)
def test_different_projects_stay_apart(first: str, second: str) -> None:
    assert normalize_project_name(first) != normalize_project_name(second)


def test_project_id_includes_county() -> None:
    assert project_id("智慧储能超级工厂项目", "浮山县") == "浮山县|智慧储能超级工厂"
    assert project_id("智慧储能超级工厂项目", None) == "?|智慧储能超级工厂"
    with pytest.raises(ValueError, match="empty"):
        normalize_project_name("“ ” ·")


def test_data_dictionary_is_up_to_date() -> None:
    assert dictionary.DICTIONARY_PATH.read_text(encoding="utf-8") == dictionary.render(), (
        "docs/warehouse.md is stale: run `python -m warehouse.dictionary`"
    )


def test_contracts_doc_is_up_to_date() -> None:
    text = contract.CONTRACTS_PATH.read_text(encoding="utf-8")
    assert text == contract.render(text), "docs/CONTRACTS.md is stale: run `python -m transforms.contract`"
    assert "| **project_name** | 项目名称 | text | no |" in text
