"""A staging batch as the loader reads it: articles in their order, project ids, plain values.

The article order decides whose wording and figures win when several articles report one thing:
by publication time (unknown last), then URL. It depends only on the articles, never on the order
in which they were loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from transforms.contract import STAGE_TOTALS
from transforms.staging import StagingBatch
from warehouse import bulk, identity
from warehouse.models import BEIJING

_FAR_FUTURE = datetime(9999, 1, 1, tzinfo=BEIJING)

# Staging mention columns the loader reads as plain lists (``project_id`` is derived here); the
# first eleven map onto ``warehouse.facts.MENTION_COLUMNS``.
MENTION_INPUTS = (
    "project_id",
    "campaign_id",
    "stage",
    "article_url",
    "event_date",
    "zone",
    "county",
    "industry",
    "investment_yuan",
    "capacity",
    "sentence",
    "project_name",
)


class BatchError(ValueError):
    """The staging batch breaks the staging contract (transforms/contract.py, docs/CONTRACTS.md)."""


@dataclass(frozen=True)
class StagedBatch:
    articles: pd.DataFrame
    campaigns: pd.DataFrame
    stage_totals: pd.DataFrame  # one row per natural key (the first)
    mentions: pd.DataFrame  # with project_id; one row per (campaign, stage, project, article)
    mention_values: dict[str, list[Any]]  # MENTION_INPUTS → the mentions' plain values
    published: dict[str, datetime | None]  # article URL → publication time
    article_position: dict[str, int]  # article URL → its place in the article order
    wording_rank: dict[str, str]  # article URL → the article order as one sortable string

    @classmethod
    def of(cls, batch: StagingBatch) -> StagedBatch:
        stage_totals = batch.stage_totals.drop_duplicates(list(STAGE_TOTALS.key), keep="first")
        mentions = batch.project_mentions
        # A project is named in many articles and rounds: normalise each (name, county) once.
        project_ids: dict[tuple[str, str | None], str] = {}
        mention_project_ids = []
        for pair in zip(
            mentions["project_name"].tolist(), bulk.column_values(mentions["county"]), strict=True
        ):
            project = project_ids.get(pair)
            if project is None:
                project = project_ids[pair] = identity.project_id(*pair)
            mention_project_ids.append(project)
        # One article naming the same project twice in one stage is one mention (the first).
        mentions = mentions.assign(project_id=mention_project_ids).drop_duplicates(
            ["campaign_id", "stage", "project_id", "article_url"]
        )
        published = {
            url: (pd.Timestamp(ts).to_pydatetime() if not pd.isna(ts) else None)
            for url, ts in zip(batch.articles["url"], batch.articles["published_at"], strict=True)
        }
        ranked = sorted(published, key=lambda url: rank(published[url], url))
        return cls(
            articles=batch.articles,
            campaigns=batch.campaigns,
            stage_totals=stage_totals,
            mentions=mentions,
            # The fact rows are built from plain Python lists, not from pandas row by row.
            mention_values={column: bulk.column_values(mentions[column]) for column in MENTION_INPUTS},
            published=published,
            article_position={url: position for position, url in enumerate(ranked)},
            wording_rank={url: wording_rank(published[url], url) for url in ranked},
        )

    def by_article_rank(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` sorted by its rows' article order (stable: keeps row order within an article)."""
        positions = frame["article_url"].map(self.article_position)
        if positions.isna().any():
            unknown = sorted(set(frame["article_url"][positions.isna()]))
            raise BatchError(f"rows refer to articles missing from the batch's articles table: {unknown[:5]}")
        return frame.iloc[positions.to_numpy().argsort(kind="stable")]


def rank(published: datetime | None, url: str) -> tuple[datetime, str]:
    """An article's place in the article order."""
    return (published if published is not None else _FAR_FUTURE, url)


def wording_rank(published: datetime | None, url: str) -> str:
    """The article order as one sortable string (dimension rows keep their source's rank)."""
    moment = published.astimezone(UTC).isoformat() if published is not None else "9999"
    return f"{moment}|{url}"


def present(value: object) -> bool:
    return (
        value is not None
        and not (isinstance(value, float) and pd.isna(value))
        and value is not pd.NA
        and value is not pd.NaT
    )


def plain(value: Any) -> Any:
    """A plain Python value (None for pandas' missing markers, int for numpy ints)."""
    if not present(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
