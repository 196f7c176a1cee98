"""``campaigns``: one row per (campaign, article reporting it)."""

from __future__ import annotations

import typing

import great_expectations.expectations as gxe
import pandas as pd

from expectations.suites import (
    CRITICAL,
    THIS_YEAR,
    TODAY,
    WARNING,
    CheckContext,
    article_present_expectation,
    as_dates,
    mark_article_present,
    meta,
    years,
)
from transforms.contract import CAMPAIGNS

TABLE = CAMPAIGNS.name
# Key, columns and types: the staging contract (transforms/contract.py).
KEY = CAMPAIGNS.key
COLUMNS = CAMPAIGNS.column_names
INTEGER_COLUMNS = CAMPAIGNS.of_type("integer")

FIRST_YEAR = 2010  # the first 开发区 rounds were held long after this; earlier years are misreads


def prepare(batch: typing.Any, ctx: CheckContext) -> pd.DataFrame:
    view = batch.campaigns.loc[:, list(COLUMNS)].copy()
    view["event_date"] = as_dates(view["event_date"])
    # derived: the year the event happened, compared with the campaign's own year
    view["event_year"] = years(view["event_date"])
    # derived: how many different event dates the batch's articles give this campaign
    view["event_dates_reported"] = (
        view.groupby("campaign_id", dropna=False)["event_date"].transform("nunique").astype("Int64")
    )
    # derived: the article row exists (the fact row's parent)
    mark_article_present(view, batch.articles)
    return view


def expectations(ctx: CheckContext) -> list[gxe.Expectation]:
    return [
        # keys
        gxe.ExpectColumnValuesToNotBeNull(
            column="campaign_id", severity=CRITICAL, meta=meta("campaign_id_not_null"), description="key"
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="article_url", severity=CRITICAL, meta=meta("article_url_not_null"), description="key"
        ),
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=list(KEY),
            severity=CRITICAL,
            meta=meta("key_unique"),
            description="one row per campaign and article",
        ),
        gxe.ExpectColumnValuesToMatchRegex(
            column="campaign_id",
            regex=r"^\d{4}-(?:\d{1,2}|d\d{4}-\d{2}-\d{2}|unknown)$",
            severity=CRITICAL,
            meta=meta("campaign_id_format"),
            description='campaign ids look like "2025-1" or "2025-d2025-02-06"',
        ),
        # values
        gxe.ExpectColumnValuesToBeOfType(
            column="year",
            type_="int64",
            severity=CRITICAL,
            meta=meta("year_integer"),
            description="integer year",
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="year",
            min_value=FIRST_YEAR,
            max_value=THIS_YEAR,
            severity=CRITICAL,
            meta=meta("year_plausible"),
            description=f"campaign year between {FIRST_YEAR} and this year",
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="ordinal",
            min_value=1,
            max_value=12,
            severity=CRITICAL,
            meta=meta("ordinal_plausible"),
            description="第N次 / N季度: a small positive number",
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="label", severity=WARNING, meta=meta("label_not_null"), description="the phrase as written"
        ),
        # dates
        gxe.ExpectColumnValuesToBeBetween(
            column="event_date",
            max_value=TODAY,
            severity=CRITICAL,
            meta=meta("event_date_not_in_future"),
            description="a reported event cannot be after today (Beijing time)",
        ),
        gxe.ExpectColumnPairValuesToBeEqual(
            column_A="year",
            column_B="event_year",
            ignore_row_if="either_value_is_missing",
            severity=CRITICAL,
            meta=meta("event_date_in_campaign_year"),
            description="the event date falls inside the campaign's year",
        ),
        # cross-row
        gxe.ExpectColumnValuesToBeBetween(
            column="event_dates_reported",
            max_value=1,
            severity=WARNING,
            meta=meta("one_event_date_per_campaign"),
            description="all articles agree on the campaign's event date",
        ),
        # relationships
        article_present_expectation(),
    ]
