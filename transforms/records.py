"""Plain typed records produced by extraction. Every other layer consumes these.

Money is always exact integer yuan (``int``), computed with ``Decimal``; never a float.
Every record keeps the sentence it came from, for lineage and debugging.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Stage = Literal["signed", "started", "in_production"]
STAGES: tuple[Stage, ...] = ("signed", "started", "in_production")

RegionLevel = Literal["province", "city", "county", "zone"]  # zone: a development zone's own figures

ArticleKind = Literal[
    "campaign_report",  # a 开发区“三个一批” round report (city or county scope)
    "signing",  # a single 签约 news item
    "groundbreaking",  # a single 开工 news item
    "commissioning",  # a single 投产 news item
    "other",  # not a project announcement: yields no facts
]


@dataclass(frozen=True)
class Campaign:
    """The event an announcement reports: one province-wide “三个一批” round, e.g. 2025年第一次
    (year=2025, ordinal=1), or a local event of its own (a county's 集中开工, a signing), which is
    known by its date (``is_round`` False, ``ordinal`` None)."""

    year: int
    ordinal: int | None  # 第一次/第一期/一季度 → 1 … 四季度 → 4; None when the text gives none
    label: str  # the phrase as written (simplified), e.g. "2025年第一次" or "集中开工"
    event_date: date | None
    venue: str | None
    sentence: str
    is_round: bool = True

    @property
    def campaign_id(self) -> str:
        """Natural key: "2025-1", or "2025-d2025-02-06" when only the date identifies the round."""
        if self.ordinal is not None:
            return f"{self.year}-{self.ordinal}"
        if self.event_date is not None:
            return f"{self.year}-d{self.event_date.isoformat()}"
        return f"{self.year}-unknown"


@dataclass(frozen=True)
class StageTotal:
    """Campaign × region × stage: how many projects and how much money."""

    stage: Stage
    region: str  # 山西省 / 临汾市 / a county name such as 洪洞县
    region_level: RegionLevel
    project_count: int | None
    investment_yuan: int | None
    sentence: str


@dataclass(frozen=True)
class ProjectMention:
    """One named project in an announcement."""

    stage: Stage
    name: str  # without the zone prefix, simplified, ends in 项目/工程/… as written
    zone: str | None  # canonical development-zone name, or as written when unknown
    zone_known: bool  # False: zone not in the gazetteer (kept as written, flagged)
    county: str | None
    capacity: str | None  # e.g. "年产70万吨", "250万千瓦", "100套"
    industry: str | None  # taxonomy label, e.g. "新材料"
    investment_yuan: int | None
    sentence: str
    headline: bool = False  # named in the headline (which may shorten the name)


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    source: str  # file name or canonical URL
    title: str
    published: date | None
    kind: ArticleKind
    campaign: Campaign | None = None
    stage_totals: list[StageTotal] = field(default_factory=list)
    projects: list[ProjectMention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. "unknown zone: 某某园区"

    @property
    def is_announcement(self) -> bool:
        return self.kind != "other"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (dates as ISO strings); the shape ``linfen-etl extract`` prints."""
        out = dataclasses.asdict(self)
        out["is_announcement"] = self.is_announcement
        if self.campaign is not None:
            out["campaign"]["campaign_id"] = self.campaign.campaign_id
        return _isoformat_dates(out)


def _isoformat_dates(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _isoformat_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_isoformat_dates(v) for v in value]
    return value
