"""Staging tables: the extraction records of a batch of articles as four plain DataFrames.

These are what the data-quality gate validates and the warehouse loads; their columns, types and
natural keys are declared once in :mod:`transforms.contract` (rendered in docs/CONTRACTS.md).
Building them only reshapes: no value is invented, and every row keeps the article URL and the
sentence it came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pandas as pd

from transforms.contract import ARTICLES, CAMPAIGNS, PROJECT_MENTIONS, STAGE_TOTALS, STAGING_TABLES, Table
from transforms.records import Extraction

BEIJING = ZoneInfo("Asia/Shanghai")

# Column orders and natural keys, as declared in the contract (transforms/contract.py).
ARTICLE_COLUMNS = ARTICLES.column_names
CAMPAIGN_COLUMNS = CAMPAIGNS.column_names
STAGE_TOTAL_COLUMNS = STAGE_TOTALS.column_names
PROJECT_MENTION_COLUMNS = PROJECT_MENTIONS.column_names
NATURAL_KEYS: dict[str, tuple[str, ...]] = {name: table.key for name, table in STAGING_TABLES.items()}


class ArticleFields(Protocol):
    """What staging reads of a parsed article page. The crawler's ``extractors.records.Article``
    has these fields; staging names only them so that it (and the loader) need not import the
    crawler."""

    @property
    def url(self) -> str: ...
    @property
    def article_id(self) -> str: ...
    @property
    def channel(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def published_at(self) -> datetime | None: ...  # tz-aware
    @property
    def source(self) -> str | None: ...
    @property
    def editor(self) -> str | None: ...
    @property
    def reporters(self) -> Sequence[str]: ...
    @property
    def content_sha256(self) -> str: ...


@dataclass(frozen=True)
class StagingBatch:
    """One batch of articles in staging form; every table may be empty but has all its columns."""

    articles: pd.DataFrame
    campaigns: pd.DataFrame
    stage_totals: pd.DataFrame
    project_mentions: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "articles": self.articles,
            "campaigns": self.campaigns,
            "stage_totals": self.stage_totals,
            "project_mentions": self.project_mentions,
        }

    def replace(self, **tables: pd.DataFrame) -> StagingBatch:
        """A copy with some tables replaced (e.g. the clean rows after the quality gate)."""
        unknown = set(tables) - set(NATURAL_KEYS)
        if unknown:
            raise ValueError(f"unknown staging tables: {sorted(unknown)}")
        return StagingBatch(**{**self.tables(), **tables})


def build_staging(pairs: Iterable[tuple[ArticleFields, Extraction]]) -> StagingBatch:
    """Staging tables for ``(article, Extraction)`` pairs (an article: :class:`ArticleFields`).

    An article URL given twice keeps its last pair (the newest extraction of that page).
    """
    latest: dict[str, tuple[ArticleFields, Extraction]] = {}
    for article, extraction in pairs:
        latest.pop(article.url, None)
        latest[article.url] = (article, extraction)

    articles: list[dict[str, object]] = []
    campaigns: list[dict[str, object]] = []
    stage_totals: list[dict[str, object]] = []
    mentions: list[dict[str, object]] = []
    for article, extraction in latest.values():
        campaign = extraction.campaign
        campaign_id = campaign.campaign_id if campaign is not None else None
        articles.append(
            {
                "url": article.url,
                "article_id": article.article_id,
                "site": urlsplit(article.url).netloc,
                "channel": article.channel or None,
                "title": extraction.title or article.title,
                "published_at": _beijing(article.published_at),
                "source": article.source,
                "editor": article.editor,
                "reporters": "、".join(article.reporters) or None,
                "content_sha256": article.content_sha256,
                "kind": extraction.kind,
                "is_announcement": extraction.is_announcement,
                "campaign_id": campaign_id,
            }
        )
        if campaign is not None:
            campaigns.append(
                {
                    "campaign_id": campaign_id,
                    "article_url": article.url,
                    "year": campaign.year,
                    "ordinal": campaign.ordinal,
                    "label": campaign.label,
                    "event_date": campaign.event_date,
                    "venue": campaign.venue,
                    "sentence": campaign.sentence,
                }
            )
        for total in extraction.stage_totals:
            stage_totals.append(
                {
                    "campaign_id": campaign_id,
                    "region": total.region,
                    "stage": total.stage,
                    "article_url": article.url,
                    "region_level": total.region_level,
                    "project_count": total.project_count,
                    "investment_yuan": total.investment_yuan,
                    "sentence": total.sentence,
                }
            )
        event_date = _event_date(extraction, article)
        for project in extraction.projects:
            mentions.append(
                {
                    "campaign_id": campaign_id,
                    "stage": project.stage,
                    "project_name": project.name,
                    "county": project.county,
                    "article_url": article.url,
                    "zone": project.zone,
                    "zone_known": project.zone_known,
                    "capacity": project.capacity,
                    "industry": project.industry,
                    "investment_yuan": project.investment_yuan,
                    "event_date": event_date,
                    "sentence": project.sentence,
                }
            )
    return StagingBatch(
        articles=_frame(articles, ARTICLES),
        campaigns=_frame(campaigns, CAMPAIGNS),
        stage_totals=_frame(stage_totals, STAGE_TOTALS),
        project_mentions=_frame(mentions, PROJECT_MENTIONS),
    )


def _beijing(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError(f"Article.published_at must be tz-aware, got {moment!r}")
    return moment.astimezone(BEIJING)


def _event_date(extraction: Extraction, article: ArticleFields) -> date | None:
    """The day a project reached its stage: the round's date, else the day the news appeared."""
    if extraction.campaign is not None and extraction.campaign.event_date is not None:
        return extraction.campaign.event_date
    if article.published_at is not None:
        return article.published_at.astimezone(BEIJING).date()
    return extraction.published


def _frame(rows: list[dict[str, object]], table: Table) -> pd.DataFrame:
    """The rows as a DataFrame with the table's columns, each in its contract type."""
    frame = pd.DataFrame(rows, columns=list(table.column_names))
    for column in table.columns:
        if column.type == "integer":
            frame[column.name] = frame[column.name].astype("Int64")
        elif column.type == "boolean":
            frame[column.name] = frame[column.name].astype("boolean")
        elif column.type == "timestamp":
            frame[column.name] = pd.to_datetime(frame[column.name], utc=True).dt.tz_convert(BEIJING)
        elif column.type == "date":
            frame[column.name] = frame[column.name].astype(object)
    return frame
