"""Analyst views: the SQL interface to the star (same SQL and same results on SQLite and PostgreSQL).

The definitions are versioned: a migration creates the views from one version's dict and never
from "the current" one, so old migrations keep meaning what they meant. To change a view, add a
``VIEWS_V2`` with the new SQL and a migration that drops the old and creates the new.

Portability rules followed here: window functions (SQLite ≥ 3.28 has WINDOW clauses), no boolean
or date arithmetic, NULL-free ORDER BY keys (the two databases sort NULLs differently), and
``100.0 * a / b`` for ratios (decimal in PostgreSQL, real in SQLite; equal after rounding).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

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

VIEW_NAMES: tuple[str, ...] = tuple(VIEWS_V1)


def create_views(bind: Connection, views: Mapping[str, str]) -> None:
    for name, select in views.items():
        bind.execute(sa.text(f"CREATE VIEW {name} AS {select.strip()}"))


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
        return pd.DataFrame(conn.execute(query).mappings().all())
