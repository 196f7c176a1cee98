"""Staging tables: the extraction records of a batch of articles as four plain DataFrames.

These are what the data-quality gate validates and the warehouse loads (see docs/CONTRACTS.md for
the columns; natural keys are listed in :data:`NATURAL_KEYS`). Building them only reshapes: no
value is invented, and every row keeps the article URL and the sentence it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pandas as pd

from extractors.records import Article
from transforms.records import Extraction

BEIJING = ZoneInfo("Asia/Shanghai")

ARTICLE_COLUMNS = (
    "url",
    "article_id",
    "site",
    "channel",
    "title",
    "published_at",
    "source",
    "editor",
    "reporters",
    "content_sha256",
    "kind",
    "is_announcement",
    "campaign_id",
)
CAMPAIGN_COLUMNS = (
    "campaign_id",
    "article_url",
    "year",
    "ordinal",
    "label",
    "event_date",
    "venue",
    "sentence",
)
STAGE_TOTAL_COLUMNS = (
    "campaign_id",
    "region",
    "stage",
    "article_url",
    "region_level",
    "project_count",
    "investment_yuan",
    "sentence",
)
PROJECT_MENTION_COLUMNS = (
    "campaign_id",
    "stage",
    "project_name",
    "county",
    "article_url",
    "zone",
    "zone_known",
    "capacity",
    "industry",
    "investment_yuan",
    "event_date",
    "sentence",
)

NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("url",),
    "campaigns": ("campaign_id", "article_url"),
    "stage_totals": ("campaign_id", "region", "stage", "article_url"),
    "project_mentions": ("campaign_id", "stage", "project_name", "county", "article_url"),
}

_INT_COLUMNS = {"year", "ordinal", "project_count", "investment_yuan"}
_BOOL_COLUMNS = {"is_announcement", "zone_known"}


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


def build_staging(pairs: Iterable[tuple[Article, Extraction]]) -> StagingBatch:
    """Staging tables for ``(Article, Extraction)`` pairs.

    An article URL given twice keeps its last pair (the newest extraction of that page).
    """
    latest: dict[str, tuple[Article, Extraction]] = {}
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
        articles=_frame(articles, ARTICLE_COLUMNS),
        campaigns=_frame(campaigns, CAMPAIGN_COLUMNS),
        stage_totals=_frame(stage_totals, STAGE_TOTAL_COLUMNS),
        project_mentions=_frame(mentions, PROJECT_MENTION_COLUMNS),
    )


def _beijing(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError(f"Article.published_at must be tz-aware, got {moment!r}")
    return moment.astimezone(BEIJING)


def _event_date(extraction: Extraction, article: Article) -> date | None:
    """The day a project reached its stage: the round's date, else the day the news appeared."""
    if extraction.campaign is not None and extraction.campaign.event_date is not None:
        return extraction.campaign.event_date
    if article.published_at is not None:
        return article.published_at.astimezone(BEIJING).date()
    return extraction.published


def _frame(rows: list[dict[str, object]], columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    for column in columns:
        if column in _INT_COLUMNS:
            frame[column] = frame[column].astype("Int64")
        elif column in _BOOL_COLUMNS:
            frame[column] = frame[column].astype("boolean")
        elif column == "published_at":
            frame[column] = pd.to_datetime(frame[column], utc=True).dt.tz_convert(BEIJING)
        elif column == "event_date":
            frame[column] = frame[column].astype(object)
    return frame
