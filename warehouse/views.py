"""Analyst views: the SQL interface to the star (same SQL and same results on SQLite and PostgreSQL).

The definitions are versioned: a migration creates the views from one version's dict and never
from "the current" one, so old migrations keep meaning what they meant. To change a view, add a
``VIEWS_V2`` with the new SQL and a migration that drops the old and creates the new.

Portability rules followed here: one spelling per dialect only for day numbers (``DAY_NUMBER``,
see :func:`view_sql`); window functions (SQLite ≥ 3.28 has WINDOW clauses), no boolean
or date arithmetic, NULL-free ORDER BY keys (the two databases sort NULLs differently), and
``100.0 * a / b`` for ratios (decimal in PostgreSQL, real in SQLite; equal after rounding).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

if TYPE_CHECKING:
    import pandas as pd

# Campaigns in time order: a round without an ordinal sorts after the numbered ones of its year,
# then by event date (date key 0 = unknown sorts first among equals, which only ties break on).
_CAMPAIGN_ORDER = "c.year, COALESCE(c.ordinal, 99), c.event_date_key, c.campaign_id"

VIEWS_V1: dict[str, str] = {
    "v_campaign_trend": f"""
SELECT c.campaign_id,
       c.label AS campaign_label,
       c.year,
       c.ordinal,
       d.full_date AS event_date,
       r.region_name,
       r.region_level,
       r.region_path,
       s.stage_code,
       s.stage_name_zh,
       f.project_count,
       f.investment_yuan,
       LAG(c.campaign_id) OVER w AS previous_campaign_id,
       LAG(f.project_count) OVER w AS previous_project_count,
       LAG(f.investment_yuan) OVER w AS previous_investment_yuan,
       f.project_count - LAG(f.project_count) OVER w AS project_count_change,
       f.investment_yuan - LAG(f.investment_yuan) OVER w AS investment_change_yuan,
       ROUND(100.0 * (f.investment_yuan - LAG(f.investment_yuan) OVER w)
             / NULLIF(LAG(f.investment_yuan) OVER w, 0), 1) AS investment_change_pct,
       f.report_count,
       a.url AS source_url
FROM fact_stage_total f
JOIN dim_campaign c ON c.campaign_key = f.campaign_key
JOIN dim_date d ON d.date_key = c.event_date_key
JOIN dim_region r ON r.region_key = f.region_key
JOIN dim_stage s ON s.stage_key = f.stage_key
JOIN dim_article a ON a.article_key = f.source_article_key
WHERE c.is_campaign
WINDOW w AS (PARTITION BY f.region_key, f.stage_key ORDER BY {_CAMPAIGN_ORDER})
""",
    "v_zone_activity": """
SELECT c.campaign_id,
       c.label AS campaign_label,
       c.year,
       z.zone_name,
       z.is_known AS zone_is_known,
       r.region_name AS county,
       s.stage_code,
       s.stage_name_zh,
       COUNT(*) AS project_count,
       SUM(f.investment_yuan) AS investment_yuan,
       COUNT(f.investment_yuan) AS projects_with_investment
FROM fact_project_event f
JOIN dim_campaign c ON c.campaign_key = f.campaign_key
JOIN dim_zone z ON z.zone_key = f.zone_key
JOIN dim_region r ON r.region_key = f.county_region_key
JOIN dim_stage s ON s.stage_key = f.stage_key
GROUP BY c.campaign_id, c.label, c.year, z.zone_name, z.is_known, r.region_name,
         s.stage_code, s.stage_name_zh
""",
    "v_industry_mix": """
SELECT d.year,
       i.industry_name,
       s.stage_code,
       s.stage_name_zh,
       COUNT(*) AS project_count,
       SUM(f.investment_yuan) AS investment_yuan,
       COUNT(f.investment_yuan) AS projects_with_investment
FROM fact_project_event f
JOIN dim_date d ON d.date_key = f.event_date_key
JOIN dim_industry i ON i.industry_key = f.industry_key
JOIN dim_stage s ON s.stage_key = f.stage_key
GROUP BY d.year, i.industry_name, s.stage_code, s.stage_name_zh
""",
    "v_project_lifecycle": """
WITH ranked AS (
    SELECT f.project_key,
           f.stage_key,
           c.campaign_id,
           f.event_date_key,
           ROW_NUMBER() OVER (
               PARTITION BY f.project_key, f.stage_key
               ORDER BY CASE WHEN f.event_date_key = 0 THEN 99999999 ELSE f.event_date_key END,
                        c.campaign_id
           ) AS position
    FROM fact_project_event f
    JOIN dim_campaign c ON c.campaign_key = f.campaign_key
)
SELECT p.project_key,
       p.project_id,
       p.project_name,
       r.region_name AS county,
       MAX(CASE WHEN s.stage_code = 'signed' THEN x.campaign_id END) AS signed_campaign_id,
       MAX(CASE WHEN s.stage_code = 'signed' THEN d.full_date END) AS signed_date,
       MAX(CASE WHEN s.stage_code = 'started' THEN x.campaign_id END) AS started_campaign_id,
       MAX(CASE WHEN s.stage_code = 'started' THEN d.full_date END) AS started_date,
       MAX(CASE WHEN s.stage_code = 'in_production' THEN x.campaign_id END) AS in_production_campaign_id,
       MAX(CASE WHEN s.stage_code = 'in_production' THEN d.full_date END) AS in_production_date,
       COUNT(*) AS stages_reached,
       CASE MAX(s.stage_order) WHEN 3 THEN 'in_production' WHEN 2 THEN 'started' ELSE 'signed' END
           AS furthest_stage
FROM ranked x
JOIN dim_project p ON p.project_key = x.project_key
JOIN dim_stage s ON s.stage_key = x.stage_key
JOIN dim_date d ON d.date_key = x.event_date_key
JOIN dim_region r ON r.region_key = p.county_region_key
WHERE x.position = 1
GROUP BY p.project_key, p.project_id, p.project_name, r.region_name
""",
}

# A round's id and label, and for a single news item outside any round (campaign member 0) an id of
# its own made from the event's day, '<year>-d<YYYY-MM-DD>' like a dated local event, and the day as
# its label: so no lifecycle row or cohort reads 'none'. Built from the integer date key (YYYYMMDD),
# which both databases turn into text the same way.
_DAY_TEXT = (
    "SUBSTR(CAST(f.event_date_key AS VARCHAR(8)), 1, 4) || '-' || "
    "SUBSTR(CAST(f.event_date_key AS VARCHAR(8)), 5, 2) || '-' || "
    "SUBSTR(CAST(f.event_date_key AS VARCHAR(8)), 7, 2)"
)
_EVENT_CAMPAIGN_ID = (
    f"CASE WHEN c.campaign_key = 0 AND f.event_date_key <> 0 "
    f"THEN SUBSTR(CAST(f.event_date_key AS VARCHAR(8)), 1, 4) || '-d' || {_DAY_TEXT} ELSE c.campaign_id END"
)
_EVENT_CAMPAIGN_LABEL = (
    f"CASE WHEN c.campaign_key = 0 AND f.event_date_key <> 0 THEN {_DAY_TEXT} ELSE c.label END"
)


def _first_of_stage(stage: str) -> str:
    """The columns of a project's first event of ``stage`` (its earliest round naming that stage)."""
    pick = f"CASE WHEN e.stage_code = '{stage}' AND e.stage_position = 1 THEN"
    return f"""MAX({pick} e.campaign_id END) AS {stage}_campaign_id,
           MAX({pick} e.campaign_label END) AS {stage}_campaign_label,
           MAX({pick} e.full_date END) AS {stage}_date,
           MAX({pick} DAY_NUMBER(e.full_date) END) AS {stage}_day"""


# Changed and new in revision 0006: lifecycle per *resolved* project (map_project_resolution), the
# funnel of signing cohorts, and the look-alike pairs for review.
VIEWS_V2_CHANGED: dict[str, str] = {
    "v_project_lifecycle": f"""
WITH event AS (
    SELECT COALESCE(m.resolved_project_key, f.project_key) AS project_key,
           s.stage_code,
           s.stage_order,
           {_EVENT_CAMPAIGN_ID} AS campaign_id,
           {_EVENT_CAMPAIGN_LABEL} AS campaign_label,
           d.full_date,
           f.zone_key,
           f.industry_key,
           f.investment_yuan,
           CASE WHEN f.event_date_key = 0 THEN 99999999 ELSE f.event_date_key END AS sort_date
    FROM fact_project_event f
    LEFT JOIN map_project_resolution m ON m.project_key = f.project_key
    JOIN dim_campaign c ON c.campaign_key = f.campaign_key
    JOIN dim_stage s ON s.stage_key = f.stage_key
    JOIN dim_date d ON d.date_key = f.event_date_key
),
ranked AS (
    -- 1 marks a project's earliest event of each stage, and its earliest event stating a zone,
    -- an industry, an investment (an attribute a later round leaves out is still known).
    SELECT e.*,
           ROW_NUMBER() OVER (PARTITION BY e.project_key, e.stage_code
                              ORDER BY e.sort_date, e.campaign_id) AS stage_position,
           ROW_NUMBER() OVER (PARTITION BY e.project_key
                              ORDER BY CASE WHEN e.zone_key = 0 THEN 1 ELSE 0 END,
                                       e.sort_date, e.stage_order, e.campaign_id) AS zone_position,
           ROW_NUMBER() OVER (PARTITION BY e.project_key
                              ORDER BY CASE WHEN e.industry_key = 0 THEN 1 ELSE 0 END,
                                       e.sort_date, e.stage_order, e.campaign_id) AS industry_position,
           ROW_NUMBER() OVER (PARTITION BY e.project_key
                              ORDER BY CASE WHEN e.investment_yuan IS NULL THEN 1 ELSE 0 END,
                                       e.sort_date, e.stage_order, e.campaign_id) AS investment_position
    FROM event e
),
per_project AS (
    SELECT e.project_key,
           {_first_of_stage("signed")},
           {_first_of_stage("started")},
           {_first_of_stage("in_production")},
           MAX(e.stage_order) AS furthest_order,
           MAX(CASE WHEN e.zone_position = 1 AND e.zone_key <> 0 THEN e.zone_key END) AS zone_key,
           MAX(CASE WHEN e.industry_position = 1 AND e.industry_key <> 0 THEN e.industry_key END)
               AS industry_key,
           MAX(CASE WHEN e.investment_position = 1 THEN e.investment_yuan END) AS investment_yuan
    FROM ranked e
    GROUP BY e.project_key
),
mention_count AS (
    SELECT COALESCE(m.resolved_project_key, x.project_key) AS project_key, COUNT(*) AS mentions
    FROM fact_project_mention x
    LEFT JOIN map_project_resolution m ON m.project_key = x.project_key
    GROUP BY COALESCE(m.resolved_project_key, x.project_key)
)
SELECT p.project_key,
       p.project_name,
       r.region_name AS county,
       z.zone_name AS zone,
       i.industry_name AS industry,
       COALESCE(n.mentions, 0) AS mentions,
       x.signed_campaign_id,
       x.signed_campaign_label,
       x.signed_date,
       x.started_campaign_id,
       x.started_campaign_label,
       x.started_date,
       x.in_production_campaign_id,
       x.in_production_campaign_label,
       x.in_production_date,
       x.started_day - x.signed_day AS days_signed_to_started,
       x.in_production_day - x.started_day AS days_started_to_production,
       CASE x.furthest_order WHEN 3 THEN 'in_production' WHEN 2 THEN 'started' ELSE 'signed' END
           AS furthest_stage,
       x.investment_yuan
FROM per_project x
JOIN dim_project p ON p.project_key = x.project_key
JOIN dim_region r ON r.region_key = p.county_region_key
LEFT JOIN dim_zone z ON z.zone_key = x.zone_key
LEFT JOIN dim_industry i ON i.industry_key = x.industry_key
LEFT JOIN mention_count n ON n.project_key = x.project_key
""",
    "v_lifecycle_funnel": """
WITH cohort AS (
    -- A project counts as started (in production) for its signing cohort only when that happened
    -- on or after the signing: an earlier date is a different phase or a resolution to review.
    SELECT l.signed_campaign_id AS cohort_campaign_id,
           l.signed_campaign_label AS cohort_label,
           l.signed_date AS cohort_date,
           l.county,
           l.zone,
           l.industry,
           l.investment_yuan,
           CASE WHEN l.started_date >= l.signed_date THEN 1 ELSE 0 END AS started,
           CASE WHEN l.in_production_date >= l.signed_date THEN 1 ELSE 0 END AS in_production,
           CASE WHEN l.started_date >= l.signed_date AND l.in_production_date >= l.started_date
                THEN 1 ELSE 0 END AS started_then_produced,
           l.days_signed_to_started,
           l.days_started_to_production
    FROM v_project_lifecycle l
    WHERE l.signed_campaign_id IS NOT NULL
),
grouped AS (
    SELECT 'all' AS group_kind, '全部' AS group_name, c.* FROM cohort c
    UNION ALL
    SELECT 'county', c.county, c.* FROM cohort c
    UNION ALL
    SELECT 'zone', c.zone, c.* FROM cohort c WHERE c.zone IS NOT NULL
    UNION ALL
    SELECT 'industry', c.industry, c.* FROM cohort c WHERE c.industry IS NOT NULL
),
to_start AS (
    -- No MEDIAN in SQLite: number the values and average the middle one (odd n) or two (even n).
    SELECT g.cohort_campaign_id, g.group_kind, g.group_name, g.days_signed_to_started AS days,
           ROW_NUMBER() OVER w AS position,
           COUNT(*) OVER (PARTITION BY g.cohort_campaign_id, g.group_kind, g.group_name) AS n
    FROM grouped g
    WHERE g.started = 1
    WINDOW w AS (PARTITION BY g.cohort_campaign_id, g.group_kind, g.group_name
                 ORDER BY g.days_signed_to_started)
),
to_production AS (
    SELECT g.cohort_campaign_id, g.group_kind, g.group_name, g.days_started_to_production AS days,
           ROW_NUMBER() OVER w AS position,
           COUNT(*) OVER (PARTITION BY g.cohort_campaign_id, g.group_kind, g.group_name) AS n
    FROM grouped g
    WHERE g.started_then_produced = 1
    WINDOW w AS (PARTITION BY g.cohort_campaign_id, g.group_kind, g.group_name
                 ORDER BY g.days_started_to_production)
),
start_median AS (
    SELECT cohort_campaign_id, group_kind, group_name, AVG(CAST(days AS DOUBLE PRECISION)) AS median_days
    FROM to_start
    WHERE position IN ((n + 1) / 2, (n + 2) / 2)
    GROUP BY cohort_campaign_id, group_kind, group_name
),
production_median AS (
    SELECT cohort_campaign_id, group_kind, group_name, AVG(CAST(days AS DOUBLE PRECISION)) AS median_days
    FROM to_production
    WHERE position IN ((n + 1) / 2, (n + 2) / 2)
    GROUP BY cohort_campaign_id, group_kind, group_name
),
counts AS (
    SELECT g.cohort_campaign_id,
           MAX(g.cohort_label) AS cohort_label,
           MIN(g.cohort_date) AS cohort_date,
           g.group_kind,
           g.group_name,
           COUNT(*) AS signed_projects,
           SUM(g.investment_yuan) AS signed_yuan,
           SUM(g.started) AS started_projects,
           SUM(g.in_production) AS in_production_projects,
           SUM(g.started_then_produced) AS started_then_produced
    FROM grouped g
    GROUP BY g.cohort_campaign_id, g.group_kind, g.group_name
)
SELECT k.cohort_campaign_id,
       k.cohort_label,
       k.cohort_date,
       k.group_kind,
       k.group_name,
       k.signed_projects,
       k.signed_yuan,
       k.started_projects,
       k.in_production_projects,
       CAST(k.started_projects AS DOUBLE PRECISION) / k.signed_projects AS start_rate,
       CASE WHEN k.started_projects > 0
            THEN CAST(k.started_then_produced AS DOUBLE PRECISION) / k.started_projects END
           AS production_rate,
       sm.median_days AS median_days_to_start,
       pm.median_days AS median_days_to_production
FROM counts k
LEFT JOIN start_median sm ON sm.cohort_campaign_id = k.cohort_campaign_id
    AND sm.group_kind = k.group_kind AND sm.group_name = k.group_name
LEFT JOIN production_median pm ON pm.cohort_campaign_id = k.cohort_campaign_id
    AND pm.group_kind = k.group_kind AND pm.group_name = k.group_name
""",
    "v_project_review": """
SELECT r.region_name AS county,
       a.project_key AS project_key_a,
       a.project_name AS project_name_a,
       b.project_key AS project_key_b,
       b.project_name AS project_name_b,
       v.similarity,
       v.reason
FROM map_project_review v
JOIN dim_project a ON a.project_key = v.project_key_a
JOIN dim_project b ON b.project_key = v.project_key_b
JOIN dim_region r ON r.region_key = a.county_region_key
""",
}
VIEWS_V2: dict[str, str] = {**VIEWS_V1, **VIEWS_V2_CHANGED}

# Changed in revision 0007: a zone's single news items outside any round are grouped by their own
# day ('<year>-d<date>', as in v_project_lifecycle) instead of all together under 'none'.
VIEWS_V3_CHANGED: dict[str, str] = {
    "v_zone_activity": f"""
SELECT {_EVENT_CAMPAIGN_ID} AS campaign_id,
       {_EVENT_CAMPAIGN_LABEL} AS campaign_label,
       COALESCE(c.year, d.year) AS year,
       z.zone_name,
       z.is_known AS zone_is_known,
       r.region_name AS county,
       s.stage_code,
       s.stage_name_zh,
       COUNT(*) AS project_count,
       SUM(f.investment_yuan) AS investment_yuan,
       COUNT(f.investment_yuan) AS projects_with_investment
FROM fact_project_event f
JOIN dim_campaign c ON c.campaign_key = f.campaign_key
JOIN dim_date d ON d.date_key = f.event_date_key
JOIN dim_zone z ON z.zone_key = f.zone_key
JOIN dim_region r ON r.region_key = f.county_region_key
JOIN dim_stage s ON s.stage_key = f.stage_key
GROUP BY {_EVENT_CAMPAIGN_ID}, {_EVENT_CAMPAIGN_LABEL}, COALESCE(c.year, d.year), z.zone_name,
         z.is_known, r.region_name, s.stage_code, s.stage_name_zh
""",
}
VIEWS_V3: dict[str, str] = {**VIEWS_V2, **VIEWS_V3_CHANGED}

VIEW_NAMES: tuple[str, ...] = tuple(VIEWS_V3)

# What each view answers (the data dictionary lists them; the README shows queries on them).
VIEW_DESCRIPTIONS: dict[str, str] = {
    "v_campaign_trend": "per round, region (region_level province | city | county | zone) and stage: "
    "project count and investment, with the change versus the previous round",
    "v_zone_activity": "per round, development zone and stage: named projects and their investment; "
    "a single news item outside any round shows '<year>-d<date>'",
    "v_industry_mix": "per year, industry and stage: named projects and their investment",
    "v_project_lifecycle": "one row per resolved project: the first round (id, label, date) it was "
    "signed, started and in production, days between the stages, furthest stage, zone, industry, "
    "stated investment, mentions; a single news item outside any round shows '<year>-d<date>'",
    "v_lifecycle_funnel": "signing cohorts (the round a project was signed in) for all projects and "
    "per county, zone and industry: signed, later started, later in production, 开工率 start_rate "
    "(started / signed), 投产率 production_rate (of the started, the share later in production), "
    "median days signed → started and started → in production",
    "v_project_review": "pairs of projects of one county that look alike but were not merged, and why",
}

# The one thing the two databases spell differently: a day as a number, so that two days subtract
# to the days between them. DAY_NUMBER(<date>) in a view's SQL becomes the dialect's expression.
_DAY_NUMBER = re.compile(r"DAY_NUMBER\(([^()]*)\)")
_DAY_NUMBER_SQL = {
    "sqlite": r"CAST(julianday(\1) - julianday('1970-01-01') AS INTEGER)",
    "postgresql": r"(\1 - DATE '1970-01-01')",
}


def view_sql(select: str, dialect: str) -> str:
    """A view's SELECT for ``dialect`` (``DAY_NUMBER(...)`` spelled out)."""
    return _DAY_NUMBER.sub(_DAY_NUMBER_SQL[dialect], select.strip())


def create_views(bind: Connection, views: Mapping[str, str]) -> None:
    for name, select in views.items():
        bind.execute(sa.text(f"CREATE VIEW {name} AS {view_sql(select, bind.dialect.name)}"))


def drop_views(bind: Connection, views: Mapping[str, str]) -> None:
    for name in reversed(list(views)):
        bind.execute(sa.text(f"DROP VIEW IF EXISTS {name}"))


def read_view(engine: Engine, name: str, *, order_by: Sequence[str] = (), **equals: Any) -> pd.DataFrame:
    """Rows of view ``name`` as a DataFrame, filtered by ``column=value`` and sorted by ``order_by``."""
    if name not in VIEW_NAMES:
        raise ValueError(f"unknown view {name!r}; views: {', '.join(VIEW_NAMES)}")
    view = sa.table(name, *(sa.column(column) for column in {*equals, *order_by}))
    query = sa.select(sa.text("*")).select_from(view)
    for column, value in equals.items():
        query = query.where(view.c[column] == value)
    query = query.order_by(*(view.c[column] for column in order_by))
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    # Imported here, not with the module: every migration imports this module, and a run that only
    # checks the schema (a quiet night) must not pay for pandas.
    import pandas as pd

    return pd.DataFrame(rows)
