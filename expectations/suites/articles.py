"""``articles``: one row per parsed article page (the parent of every fact row)."""

from __future__ import annotations

import typing

import great_expectations.expectations as gxe
import pandas as pd

from expectations.suites import CRITICAL, NOW, WARNING, CheckContext, as_shanghai_times, meta
from transforms.contract import ARTICLES
from transforms.records import ArticleKind

TABLE = ARTICLES.name
# Key, columns and types: the staging contract (transforms/contract.py).
KEY = ARTICLES.key
COLUMNS = ARTICLES.column_names
INTEGER_COLUMNS = ARTICLES.of_type("integer")


def prepare(batch: typing.Any, ctx: CheckContext) -> pd.DataFrame:
    view = batch.articles.loc[:, list(COLUMNS)].copy()
    view["published_at"] = as_shanghai_times(view["published_at"])
    return view


def expectations(ctx: CheckContext) -> list[gxe.Expectation]:
    checks: list[gxe.Expectation] = [
        # keys
        gxe.ExpectColumnValuesToNotBeNull(
            column="url", severity=CRITICAL, meta=meta("url_not_null"), description="every article has a URL"
        ),
        gxe.ExpectColumnValuesToBeUnique(
            column="url", severity=CRITICAL, meta=meta("url_unique"), description="one row per article URL"
        ),
        gxe.ExpectColumnValuesToMatchRegex(
            column="url",
            regex=r"^https?://",
            severity=CRITICAL,
            meta=meta("url_absolute"),
            description="URLs are canonical absolute http(s) URLs",
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="article_id",
            severity=CRITICAL,
            meta=meta("article_id_not_null"),
            description="the site's id is known",
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="title",
            severity=CRITICAL,
            meta=meta("title_not_null"),
            description="every article has a title",
        ),
        # accepted values
        gxe.ExpectColumnValuesToBeInSet(
            column="kind",
            value_set=list(typing.get_args(ArticleKind)),
            severity=CRITICAL,
            meta=meta("kind_in_set"),
            description="kind is one of the extraction's article kinds",
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="is_announcement",
            value_set=[True, False],
            severity=CRITICAL,
            meta=meta("is_announcement_boolean"),
            description="is_announcement is true or false",
        ),
        # dates
        gxe.ExpectColumnValuesToBeBetween(
            column="published_at",
            max_value=NOW,
            severity=CRITICAL,
            meta=meta("published_not_in_future"),
            description="an article cannot be published after the run",
        ),
        # lineage
        gxe.ExpectColumnValuesToMatchRegex(
            column="content_sha256",
            regex=r"^[0-9a-f]{64}$",
            severity=WARNING,
            meta=meta("content_sha256_hex"),
            description="the raw page's sha256 links the row to the raw archive",
        ),
    ]
    if ctx.articles_fetched:
        # The batch itself is broken when a crawl fetched article pages and none was parsed.
        checks.append(
            gxe.ExpectTableRowCountToBeBetween(
                min_value=1,
                severity=CRITICAL,
                meta=meta("articles_parsed_from_crawl"),
                description=f"the crawl fetched {ctx.articles_fetched} article pages, so some must parse",
            )
        )
    return checks
