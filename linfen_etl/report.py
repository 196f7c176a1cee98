"""The HTML trend report: one self-contained, offline page built from the analyst views.

Charts are inline SVG drawn by matplotlib (Agg backend, no display). Chinese names sit in the HTML
tables, which the browser renders with any system font; a chart only draws Chinese when matplotlib has a
CJK-capable font, otherwise its labels are the English stage names and the rank numbers of the table
rows next to it, so the page never shows empty boxes and matplotlib never warns about missing glyphs.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import Engine, text

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

STAGE_ORDER = ("signed", "started", "in_production")
STAGE_LABELS = {"signed": "Signed", "started": "Started", "in_production": "In production"}
STAGE_LABELS_ZH = {"signed": "签约一批", "started": "开工一批", "in_production": "投产一批"}
STAGE_COLOURS = {"signed": "#4c72b0", "started": "#dd8452", "in_production": "#55a868"}
YI = 100_000_000  # 1 亿元 in yuan

# Families that carry CJK glyphs on common Linux/macOS/Windows installs.
CJK_FONT_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
)

REPORT_VIEWS = ("v_campaign_trend", "v_zone_activity", "v_industry_mix", "v_project_lifecycle")

logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


@cache
def cjk_font_family() -> str | None:
    """The first installed CJK-capable font family matplotlib can use, or None."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FONT_FAMILIES if family in installed), None)


@dataclass(frozen=True)
class ReportData:
    campaign_trend: pd.DataFrame
    zone_activity: pd.DataFrame
    industry_mix: pd.DataFrame
    project_lifecycle: pd.DataFrame


def read_report_data(engine: Engine) -> ReportData:
    """Read the four analyst views."""
    frames: dict[str, pd.DataFrame] = {}
    with engine.connect() as connection:
        for view in REPORT_VIEWS:
            frames[view] = pd.read_sql(text(f"SELECT * FROM {view}"), connection)
    return ReportData(
        campaign_trend=frames["v_campaign_trend"],
        zone_activity=frames["v_zone_activity"],
        industry_mix=frames["v_industry_mix"],
        project_lifecycle=frames["v_project_lifecycle"],
    )


def build_report(engine: Engine, reports_dir: Path) -> Path:
    """Write ``reports_dir/index.html`` from the warehouse views and return its path."""
    data = read_report_data(engine)
    html = render_report(data, warehouse=engine.url.render_as_string(hide_password=True))
    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / "index.html"
    path.write_text(html, encoding="utf-8")
    return path


def render_report(data: ReportData, *, warehouse: str) -> str:
    env = Environment(
        loader=PackageLoader("linfen_etl", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yi"] = _format_yi
    template = env.get_template("report.html.j2")
    trend = _campaign_trend_table(data.campaign_trend)
    zones = _zone_table(data.zone_activity)
    industries = _industry_table(data.industry_mix)
    lifecycle = _lifecycle_table(data.project_lifecycle)
    return template.render(
        generated_at=datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        warehouse=warehouse,
        stage_labels=STAGE_LABELS,
        stage_labels_zh=STAGE_LABELS_ZH,
        stages=STAGE_ORDER,
        trend=trend,
        trend_chart=_campaign_trend_chart(trend) if trend else None,
        zones=zones,
        zone_chart=_ranked_bar_chart(zones, "Projects per zone (rank = table row)") if zones else None,
        industries=industries,
        industry_chart=_ranked_bar_chart(industries, "Projects per industry (rank = table row)")
        if industries
        else None,
        lifecycle=lifecycle,
        lifecycle_counts=_lifecycle_counts(lifecycle),
    )


# --- tables -------------------------------------------------------------------------------------


def _campaign_trend_table(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per campaign with Linfen's (city-level) count and investment per stage, in time order."""
    city = frame[frame["region_level"] == "city"] if not frame.empty else frame
    if city.empty:
        return []
    rows: dict[str, dict[str, Any]] = {}
    # The view is already in campaign order per (region, stage); keep first-seen order of campaigns.
    for record in city.to_dict("records"):
        row = rows.setdefault(
            record["campaign_id"],
            {
                "campaign_id": record["campaign_id"],
                "label": record.get("campaign_label") or record["campaign_id"],
                "event_date": _iso(record.get("event_date")),
                "stages": {stage: {"project_count": None, "investment_yuan": None} for stage in STAGE_ORDER},
            },
        )
        row["stages"][record["stage_code"]] = {
            "project_count": _int_or_none(record.get("project_count")),
            "investment_yuan": _int_or_none(record.get("investment_yuan")),
        }
    return sorted(rows.values(), key=lambda r: (r["event_date"] or "9999", r["campaign_id"]))


def _zone_table(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return _pivot_by_stage(frame.rename(columns={"zone_name": "zone"}), keys=["zone", "county"])


def _industry_table(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return _pivot_by_stage(frame.rename(columns={"industry_name": "industry"}), keys=["industry"])


def _pivot_by_stage(frame: pd.DataFrame, *, keys: list[str]) -> list[dict[str, Any]]:
    """Rows per key with project counts per stage (summed over campaigns/years), most active first."""
    if frame.empty:
        return []
    frame = frame.assign(**{k: frame[k].fillna("（未知）") for k in keys})
    counts = frame.pivot_table(
        index=keys, columns="stage_code", values="project_count", aggfunc="sum", fill_value=0
    ).reindex(columns=list(STAGE_ORDER), fill_value=0)
    investment = frame.groupby(keys)["investment_yuan"].sum(min_count=1)
    counts["total"] = counts.sum(axis=1)
    counts = counts.sort_values("total", ascending=False, kind="stable")
    rows = []
    for rank, (index, values) in enumerate(counts.iterrows(), start=1):
        index_values = index if isinstance(index, tuple) else (index,)
        row: dict[str, Any] = dict(zip(keys, index_values, strict=True))
        row["rank"] = rank
        row["counts"] = {stage: int(values[stage]) for stage in STAGE_ORDER}
        row["total"] = int(values["total"])
        row["investment_yuan"] = _int_or_none(investment.get(index))
        rows.append(row)
    return rows


def _lifecycle_table(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Projects with the campaign of each stage reached; furthest along first."""
    if frame.empty:
        return []
    rows = [
        {
            "project_name": record["project_name"],
            "county": record.get("county"),
            "campaigns": {stage: record.get(f"{stage}_campaign_id") for stage in STAGE_ORDER},
            "furthest": record.get("furthest_stage"),
            # v_project_lifecycle (revision 0006) has no stages_reached column: count the stages named.
            "stages_reached": sum(pd.notna(record.get(f"{stage}_campaign_id")) for stage in STAGE_ORDER),
        }
        for record in frame.to_dict("records")
    ]
    rows.sort(key=lambda r: (-r["stages_reached"], r["project_name"]))
    return rows


def _lifecycle_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(STAGE_ORDER, 0)
    for row in rows:
        if row["furthest"]:
            counts[row["furthest"]] += 1
    return counts


# --- charts -------------------------------------------------------------------------------------


def _campaign_trend_chart(trend: list[dict[str, Any]]) -> str:
    """Grouped bars: investment (亿元) per stage for each campaign, labelled by campaign id."""
    figure, axes = plt.subplots(figsize=(max(6.0, 1.1 * len(trend) + 2), 3.6))
    width = 0.8 / len(STAGE_ORDER)
    for offset, stage in enumerate(STAGE_ORDER):
        values = [(row["stages"].get(stage, {}).get("investment_yuan") or 0) / YI for row in trend]
        positions = [i + (offset - 1) * width for i in range(len(trend))]
        axes.bar(positions, values, width=width, label=STAGE_LABELS[stage], color=STAGE_COLOURS[stage])
    axes.set_xticks(range(len(trend)), [row["campaign_id"] for row in trend], rotation=30, ha="right")
    axes.set_ylabel("Investment (100 million yuan)")
    axes.set_title("Campaign trend per stage (Linfen)")
    axes.legend(frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def _ranked_bar_chart(rows: list[dict[str, Any]], title: str, *, limit: int = 15) -> str:
    """Horizontal stacked bars of project counts per stage for the top rows of a ranked table."""
    shown = rows[:limit]
    family = cjk_font_family()
    labels = [
        (row.get("zone") or row.get("industry") or str(row["rank"])) if family else f"#{row['rank']}"
        for row in shown
    ]
    figure, axes = plt.subplots(figsize=(6.5, 0.35 * len(shown) + 1.2))
    left = [0] * len(shown)
    for stage in STAGE_ORDER:
        values = [row["counts"][stage] for row in shown]
        axes.barh(labels, values, left=left, label=STAGE_LABELS[stage], color=STAGE_COLOURS[stage])
        left = [a + b for a, b in zip(left, values, strict=True)]
    if family:
        for tick in axes.get_yticklabels():
            tick.set_fontfamily(family)
    axes.invert_yaxis()
    axes.set_xlabel("Projects")
    axes.set_title(title)
    axes.legend(frameon=False, loc="lower right")
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def _svg(figure: Figure) -> str:
    """The figure as an inline ``<svg>`` element (no XML prolog, no fixed pixel size)."""
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    plt.close(figure)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    return re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 class="chart"', svg, count=1)


# --- formatting ---------------------------------------------------------------------------------


def _format_yi(value: int | None) -> str:
    """Exact yuan → 亿元 with two decimals, the unit the reports use."""
    if value is None:
        return "–"
    return f"{value / YI:,.2f}"


def _int_or_none(value: Any) -> int | None:
    if value is None or pd.isna(value):
        return None
    return int(value)


def _iso(value: Any) -> str | None:
    if value is None or pd.isna(value):
        return None
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]
