"""``project_mentions``: one named project per campaign, stage, county and reporting article."""

from __future__ import annotations

import typing

import great_expectations.expectations as gxe
import pandas as pd

from expectations.suites import (
    CRITICAL,
    TODAY,
    WARNING,
    CheckContext,
    article_present_expectation,
    as_dates,
    campaign_year,
    mark_article_present,
    meta,
    years,
)
from transforms.contract import PROJECT_MENTIONS
from transforms.records import STAGES

TABLE = PROJECT_MENTIONS.name
# Key, columns and types: the staging contract (transforms/contract.py).
KEY = PROJECT_MENTIONS.key
COLUMNS = PROJECT_MENTIONS.column_names
INTEGER_COLUMNS = PROJECT_MENTIONS.of_type("integer")

YI = 100_000_000  # 1 亿元 in yuan
MAX_PROJECT_INVESTMENT_YUAN = 1_000 * YI  # the largest single projects in Shanxi are a few hundred 亿元


def prepare(batch: typing.Any, ctx: CheckContext) -> pd.DataFrame:
    view = batch.project_mentions.loc[:, list(COLUMNS)].copy()
    view["event_date"] = as_dates(view["event_date"])
    view["event_year"] = years(view["event_date"])
    view["campaign_year"] = campaign_year(view["campaign_id"])
    mark_article_present(view, batch.articles)
    return view


def expectations(ctx: CheckContext) -> list[gxe.Expectation]:
    ref = ctx.reference
    return [
        # keys (campaign_id is null for single news outside a campaign; county when unknown)
        *(
            gxe.ExpectColumnValuesToNotBeNull(
                column=column, severity=CRITICAL, meta=meta(f"{column}_not_null"), description="key"
            )
            for column in PROJECT_MENTIONS.required  # stage, project_name, article_url
        ),
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=list(KEY),
            severity=CRITICAL,
            meta=meta("key_unique"),
            description="one row per campaign, stage, project, county and article",
        ),
        # accepted values
        gxe.ExpectColumnValuesToBeInSet(
            column="stage",
            value_set=list(STAGES),
            severity=CRITICAL,
            meta=meta("stage_in_set"),
            description="signed / started / in_production",
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="zone",
            value_set=sorted(ref.known_zones),
            severity=CRITICAL,
            meta=meta("zone_in_gazetteer"),
            description="the development zone is in the gazetteer (add it there, then replay)",
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="county",
            value_set=sorted(ref.known_counties),
            severity=CRITICAL,
            meta=meta("county_in_gazetteer"),
            description="the county is one of Linfen's county-level divisions",
        ),
        # names
        gxe.ExpectColumnValueLengthsToBeBetween(
            column="project_name",
            min_value=ref.project_name_min_length,
            max_value=ref.project_name_max_length,
            severity=CRITICAL,
            meta=meta("project_name_length"),
            description=(
                f"a project name has {ref.project_name_min_length}–{ref.project_name_max_length} characters"
            ),
        ),
        gxe.ExpectColumnValuesToMatchRegex(
            column="project_name",
            regex=ref.project_name_pattern,
            severity=WARNING,
            meta=meta("project_name_suffix"),
            description="a project name ends in 项目 or a known exception (expectations/data/project_names.yaml)",
        ),
        # numbers
        gxe.ExpectColumnValuesToBeOfType(
            column="investment_yuan",
            type_="int64",  # GX reports nullable Int64 as "int64"
            severity=CRITICAL,
            meta=meta("investment_yuan_integer"),
            description="exact integer yuan",
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="investment_yuan",
            min_value=1,
            max_value=MAX_PROJECT_INVESTMENT_YUAN,
            severity=CRITICAL,
            meta=meta("investment_within_bounds"),
            description=f"one project invests between 1 yuan and {MAX_PROJECT_INVESTMENT_YUAN // YI:,}亿元",
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
            column_A="campaign_year",
            column_B="event_year",
            ignore_row_if="either_value_is_missing",
            severity=CRITICAL,
            meta=meta("event_date_in_campaign_year"),
            description="the event date falls inside the campaign's year",
        ),
        # relationships
        article_present_expectation(),
    ]
