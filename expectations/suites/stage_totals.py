"""``stage_totals``: campaign × region × stage → project count and investment, per reporting article."""

from __future__ import annotations

import typing

import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.expectations.row_conditions import Column

from expectations.suites import (
    CRITICAL,
    WARNING,
    CheckContext,
    article_present_expectation,
    mark_article_present,
    meta,
)
from transforms.contract import STAGE_TOTALS
from transforms.records import STAGES

TABLE = STAGE_TOTALS.name
# Key, columns and types: the staging contract (transforms/contract.py).
KEY = STAGE_TOTALS.key
COLUMNS = STAGE_TOTALS.column_names
INTEGER_COLUMNS = STAGE_TOTALS.of_type("integer")

YI = 100_000_000  # 1 亿元 in yuan
# Largest plausible total of one stage in one round. Shanxi's province-wide rounds run to a few
# thousand 亿元; a county's to tens of 亿元. Ten times the largest seen leaves room without letting
# a unit slip (万元 read as 亿元 is ×10,000) through.
MAX_INVESTMENT_YUAN = {"province": 20_000 * YI, "city": 5_000 * YI, "county": 2_000 * YI, "zone": 2_000 * YI}


def prepare(batch: typing.Any, ctx: CheckContext) -> pd.DataFrame:
    view = batch.stage_totals.loc[:, list(COLUMNS)].copy()
    mark_article_present(view, batch.articles)
    # derived: how many different (count, investment) figures the batch's articles give one total
    figures = (
        view["project_count"].astype("string").fillna("∅")
        + "/"
        + view["investment_yuan"].astype("string").fillna("∅")
    )
    view["figures_reported"] = (
        figures.groupby([view["campaign_id"], view["region"], view["stage"]], dropna=False)
        .transform("nunique")
        .astype("Int64")
    )
    view["enumerated_projects"] = _enumerated_projects(view, batch.project_mentions, ctx)
    return view


def _enumerated_projects(view: pd.DataFrame, mentions: pd.DataFrame, ctx: CheckContext) -> pd.Series:
    """Named projects the same article lists for the total's campaign, stage and region.

    A county total counts the projects in that county; the city total counts all projects the
    article names; a province total is not enumerated in Linfen's reports (null, not checked).
    """
    keys = ["campaign_id", "stage", "article_url"]
    per_article = mentions.groupby(keys, dropna=True).size().rename("n")
    per_county = mentions.groupby([*keys, "county"], dropna=True).size().rename("n")
    city = view.join(per_article, on=keys)["n"]
    county = view.join(per_county, on=[*keys, "region"])["n"]
    counted = pd.Series(pd.NA, index=view.index, dtype="Int64")
    is_city = view["region_level"].eq("city")
    is_county = view["region_level"].eq("county")
    counted[is_city] = city[is_city].fillna(0).astype("Int64")
    counted[is_county] = county[is_county].fillna(0).astype("Int64")
    return counted


def expectations(ctx: CheckContext) -> list[gxe.Expectation]:
    checks: list[gxe.Expectation] = [
        # keys
        *(
            gxe.ExpectColumnValuesToNotBeNull(
                column=column, severity=CRITICAL, meta=meta(f"{column}_not_null"), description="key"
            )
            for column in KEY
        ),
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=list(KEY),
            severity=CRITICAL,
            meta=meta("key_unique"),
            description="one row per campaign, region, stage and article",
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
            column="region_level",
            value_set=list(MAX_INVESTMENT_YUAN),
            severity=CRITICAL,
            meta=meta("region_level_in_set"),
            description="province / city / county / zone",
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="region",
            value_set=sorted(ctx.reference.known_regions),
            severity=CRITICAL,
            meta=meta("region_in_gazetteer"),
            description="the region is the province, the city or one of its counties",
        ),
        # numbers
        *(
            gxe.ExpectColumnValuesToBeOfType(
                column=column,
                type_="int64",  # GX reports nullable Int64 as "int64"
                severity=CRITICAL,
                meta=meta(f"{column}_integer"),
                description="exact integers",
            )
            for column in INTEGER_COLUMNS
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="project_count",
            min_value=1,
            severity=CRITICAL,
            meta=meta("project_count_positive"),
            description="a stage total counts at least one project",
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="investment_yuan",
            min_value=1,
            severity=CRITICAL,
            meta=meta("investment_positive"),
            description="investment is a positive amount of yuan",
        ),
        *(
            gxe.ExpectColumnValuesToBeBetween(
                column="investment_yuan",
                max_value=limit,
                row_condition=Column("region_level") == level,
                severity=CRITICAL,
                meta=meta(f"investment_within_{level}_bound"),
                description=f"a {level} stage total is at most {limit // YI:,}亿元",
            )
            for level, limit in MAX_INVESTMENT_YUAN.items()
        ),
        # cross-row
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="project_count",
            column_B="enumerated_projects",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            severity=CRITICAL,
            meta=meta("enumerated_projects_within_count"),
            description="the article names no more projects than its stated count",
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="figures_reported",
            max_value=1,
            # warning: the warehouse keeps the earliest article's figure and records the conflict
            # in ops_dq_finding; withholding both articles' rows would lose the known-good one
            severity=WARNING,
            meta=meta("totals_agree_between_articles"),
            description="every article gives the same count and investment for a campaign's stage total",
        ),
        # relationships
        article_present_expectation(),
    ]
    return checks
