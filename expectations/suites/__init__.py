"""One GX suite per staging table, in code, read like a dbt ``schema.yml``.

Every table module has the same shape:

- ``TABLE`` (the ``StagingBatch`` attribute), ``KEY`` (natural key columns), ``COLUMNS`` (all three
  from the staging contract, :mod:`transforms.contract`);
- ``prepare(batch, ctx) -> DataFrame``: the *check view* of the table, row for row: the contract
  columns with dates coerced to ``datetime64`` (GX 1.24 cannot compare ``datetime.date`` objects) plus derived columns for checks that need other rows or tables (pandas has no
  cross-table expectations; a derived column keeps such a check row-level, so its failures still
  name rows and show up in Data Docs);
- ``expectations(ctx) -> list[Expectation]``: each with ``severity`` (``critical`` = the failing
  rows are quarantined, ``warning`` = loaded and reported), ``meta["check"]`` (the short name used
  in quarantine rows and alerts) and ``description`` (the human reason).

Importing this package imports Great Expectations (about 3 s); only the gate does, lazily.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import great_expectations.expectations as gxe
import pandas as pd

from expectations.reference import ReferenceData

CRITICAL = "critical"
WARNING = "warning"

# The run's clock enters the suites as GX suite parameters, not as literal values: a suite is then
# pure configuration, built once per process (``expectations.gate``), and each validation passes
# ``CheckContext.expectation_parameters()``.
NOW = {"$PARAMETER": "now"}  # tz-aware Timestamp (Asia/Shanghai)
TODAY = {"$PARAMETER": "today"}  # naive midnight Timestamp of today in Beijing
THIS_YEAR = {"$PARAMETER": "this_year"}  # int


@dataclass(frozen=True)
class CheckContext:
    reference: ReferenceData
    now: datetime  # tz-aware; "the future" starts here
    articles_fetched: int | None = None  # article pages the crawl fetched for this batch, if known

    @property
    def today(self) -> pd.Timestamp:
        """Today's date in Beijing time, as the naive midnight timestamp event dates are compared to."""
        return pd.Timestamp(self.now.astimezone(_SHANGHAI).date())

    @property
    def now_timestamp(self) -> pd.Timestamp:
        return pd.Timestamp(self.now).tz_convert(_SHANGHAI)

    @property
    def suite_key(self) -> tuple[ReferenceData, int | None]:
        """What the suites are built from; equal keys give identical suites (the clock is a parameter)."""
        return (self.reference, self.articles_fetched)

    def expectation_parameters(self) -> dict[str, object]:
        """Values of ``NOW``, ``TODAY`` and ``THIS_YEAR`` for one validation."""
        return {"now": self.now_timestamp, "today": self.today, "this_year": self.today.year}


_SHANGHAI = ZoneInfo("Asia/Shanghai")


def as_dates(values: pd.Series) -> pd.Series:
    """Dates (``datetime.date``, strings, timestamps or nulls) as naive ``datetime64`` midnights."""
    return pd.to_datetime(values, errors="coerce").dt.normalize()


def as_shanghai_times(values: pd.Series) -> pd.Series:
    converted = pd.to_datetime(values, errors="coerce")
    if converted.dt.tz is None:
        return converted.dt.tz_localize(_SHANGHAI)
    return converted.dt.tz_convert(_SHANGHAI)


def campaign_year(campaign_ids: pd.Series) -> pd.Series:
    """The year a campaign id starts with ("2025-1" → 2025), as nullable Int64."""
    return pd.to_numeric(campaign_ids.str.extract(r"^(\d{4})-", expand=False), errors="coerce").astype(
        "Int64"
    )


def years(dates: pd.Series) -> pd.Series:
    return dates.dt.year.astype("Int64")


def meta(check: str) -> dict[str, str]:
    return {"check": check}


def mark_article_present(view: pd.DataFrame, articles: pd.DataFrame) -> None:
    """The relationship every fact row needs (dbt's ``relationships``): its article is in the batch."""
    view["article_present"] = view["article_url"].isin(set(articles["url"].dropna()))


def article_present_expectation() -> gxe.Expectation:
    return gxe.ExpectColumnValuesToBeInSet(
        column="article_present",
        value_set=[True],
        severity=CRITICAL,
        meta=meta("article_present"),
        description="the reporting article is in the batch",
    )
