"""The analyst's HTML report: one self-contained page, readable offline from ``file://``.

Three plain steps, each testable on its own:

1. ``read_report_data(engine)`` reads the analyst views and the last run's data-quality outcome into
   DataFrames (``ReportData``); a view that does not exist yet reads as ``None``.
2. ``build_sections(data)`` turns them into sections: a Plotly figure and the table behind it, every
   cell already formatted as text (``–`` for an empty value, never ``nan`` or ``None``).
3. ``render_report(sections, …)`` fills the Jinja template. Plotly's JavaScript is inlined once in the
   page and every chart is a ``<div>`` drawn by it, so the browser draws the Chinese labels with its
   own fonts and nothing is fetched from a CDN.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import sqlalchemy as sa
from jinja2 import Environment, PackageLoader, select_autoescape
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots
from sqlalchemy import Engine

STAGE_ORDER = ("signed", "started", "in_production")
STAGE_LABELS_ZH = {"signed": "签约", "started": "开工", "in_production": "投产"}
STAGE_COLOURS = {"signed": "#4c72b0", "started": "#dd8452", "in_production": "#55a868"}
YI = 100_000_000  # 1 亿元 in yuan
EMPTY = "–"
UNKNOWN = "（未知）"
# The browser picks the first family it has; all of them carry Chinese glyphs.
CHART_FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
LEADERBOARD_LIMIT = 15

# Views the report needs; the trend, zone and industry views exist since the first migration, the
# lifecycle views arrive with the project-resolution work and may be missing from an older warehouse.
CORE_VIEWS = ("v_campaign_trend", "v_zone_activity", "v_industry_mix")
LIFECYCLE_VIEWS = ("v_project_lifecycle", "v_lifecycle_funnel", "v_project_review")

# Column contracts of the lifecycle views: a warehouse with an older version of a view still renders,
# the missing columns read as empty.
LIFECYCLE_COLUMNS = [
    "project_key",
    "project_name",
    "county",
    "zone",
    "industry",
    "mentions",
    "signed_campaign_id",
    "signed_campaign_label",
    "signed_date",
    "started_campaign_id",
    "started_campaign_label",
    "started_date",
    "in_production_campaign_id",
    "in_production_campaign_label",
    "in_production_date",
    "days_signed_to_started",
    "days_started_to_production",
    "furthest_stage",
    "investment_yuan",
]
FUNNEL_COLUMNS = [
    "cohort_campaign_id",
    "cohort_label",
    "cohort_date",
    "group_kind",
    "group_name",
    "signed_projects",
    "signed_yuan",
    "started_projects",
    "in_production_projects",
    "start_rate",
    "production_rate",
    "median_days_to_start",
    "median_days_to_production",
]
REVIEW_COLUMNS = ("county", "project_name_a", "project_name_b", "similarity", "reason")

CITY = "临汾市"
_BLANK_TEXTS = {"", "nan", "none", "null", "nat", "<na>"}


# --- 1. read ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, as plain DataFrames; ``None`` means the view does not exist."""

    campaign_trend: pd.DataFrame
    zone_activity: pd.DataFrame
    industry_mix: pd.DataFrame
    project_lifecycle: pd.DataFrame | None = None
    lifecycle_funnel: pd.DataFrame | None = None
    project_review: pd.DataFrame | None = None
    last_run: Mapping[str, Any] | None = None  # newest ops_pipeline_run row
    dq_run: Mapping[str, Any] | None = None  # newest run that recorded validation results
    dq_results: pd.DataFrame = field(default_factory=pd.DataFrame)
    quarantined_rows: int = 0

    @classmethod
    def from_frames(cls, frames: Mapping[str, pd.DataFrame | None], **extra: Any) -> ReportData:
        """From view name → DataFrame (tests, notebooks); a view left out is missing."""
        return cls(
            campaign_trend=_frame(frames.get("v_campaign_trend")),
            zone_activity=_frame(frames.get("v_zone_activity")),
            industry_mix=_frame(frames.get("v_industry_mix")),
            project_lifecycle=_conform(frames.get("v_project_lifecycle"), LIFECYCLE_COLUMNS),
            lifecycle_funnel=_conform(frames.get("v_lifecycle_funnel"), FUNNEL_COLUMNS),
            project_review=_conform(frames.get("v_project_review"), REVIEW_COLUMNS),
            **extra,
        )


def read_report_data(engine: Engine) -> ReportData:
    """Read the analyst views that exist and the data-quality outcome of the last run."""
    from expectations.report import NoDqResults, read_dq_report
    from warehouse.models import OpsPipelineRun

    frames: dict[str, pd.DataFrame | None] = {}
    with engine.connect() as connection:
        existing = set(sa.inspect(connection).get_view_names())
        for view in (*CORE_VIEWS, *LIFECYCLE_VIEWS):
            frames[view] = (
                pd.read_sql(sa.text(f"SELECT * FROM {view}"), connection) if view in existing else None
            )
        last_run = (
            connection.execute(
                sa.select(OpsPipelineRun.__table__)
                .order_by(OpsPipelineRun.started_at.desc(), OpsPipelineRun.run_key.desc())
                .limit(1)
            )
            .mappings()
            .first()
        )
    try:
        dq = read_dq_report(engine, quarantine_limit=0)
    except NoDqResults:
        dq = None
    return ReportData.from_frames(
        frames,
        last_run=dict(last_run) if last_run else None,
        dq_run=dq.run if dq else None,
        dq_results=pd.DataFrame(dq.results) if dq else pd.DataFrame(),
        quarantined_rows=dq.quarantine_total if dq else 0,
    )


def _frame(frame: pd.DataFrame | None) -> pd.DataFrame:
    return frame if frame is not None else pd.DataFrame()


def _conform(frame: pd.DataFrame | None, columns: Sequence[str]) -> pd.DataFrame | None:
    """The frame with every contract column (missing ones empty), or None for a missing view."""
    if frame is None:
        return None
    return frame.reindex(columns=[*columns, *(c for c in frame.columns if c not in columns)])


# --- 2. sections: tables and figures ------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A table with every cell already formatted as text."""

    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]  # right-align these columns
    caption: str = ""
    collapsed: bool = False  # long detail tables start folded (<details>)


@dataclass(frozen=True)
class Chart:
    chart_id: str
    html: str  # the <div> plus its Plotly.newPlot script


@dataclass(frozen=True)
class Section:
    section_id: str
    title: str
    intro: str = ""
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    empty: str = ""  # shown instead of charts/tables when there is nothing to show
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, href)


def build_sections(data: ReportData, *, data_docs_href: str | None = None) -> list[Section]:
    return [
        trend_section(data.campaign_trend),
        county_section(data.campaign_trend, data.zone_activity),
        zone_section(data.zone_activity),
        industry_section(data.industry_mix),
        funnel_section(data.lifecycle_funnel),
        time_to_stage_section(data.project_lifecycle),
        projects_section(data.project_lifecycle, data.project_review),
        dq_section(data, data_docs_href),
    ]


def trend_section(trend: pd.DataFrame) -> Section:
    """Linfen's own (city-level) totals per round: the levels are never added up."""
    title = "1. 各轮次趋势 Trend per stage over rounds (临汾市)"
    city = _rows_at_level(trend, "city")
    city = city[city["region_name"] == CITY] if not city.empty else city
    if city.empty:
        return Section("trend", title, empty="暂无市级汇总数据 — no city totals in the warehouse yet.")
    rounds = _rounds(city)
    figure = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        subplot_titles=("投资额（亿元）", "项目数（个）"),
    )
    for stage in STAGE_ORDER:
        rows = city[city["stage_code"] == stage].set_index("campaign_id").reindex(rounds["campaign_id"])
        labels = list(rounds["display"])
        yi = [_yi_float(v) for v in rows["investment_yuan"]]
        count = [_float(v) for v in rows["project_count"]]
        change = [_pct_text(v) for v in rows["investment_change_pct"]]
        name = STAGE_LABELS_ZH[stage]
        colour = STAGE_COLOURS[stage]
        figure.add_bar(
            x=labels,
            y=yi,
            name=name,
            legendgroup=stage,
            marker_color=colour,
            customdata=change,
            hovertemplate="%{x}<br>" + name + "：%{y:.2f} 亿元（较上轮 %{customdata}）<extra></extra>",
            row=1,
            col=1,
        )
        figure.add_scatter(
            x=labels,
            y=count,
            name=name,
            legendgroup=stage,
            showlegend=False,
            mode="lines+markers",
            line_color=colour,
            hovertemplate="%{x}<br>" + name + "：%{y} 个项目<extra></extra>",
            row=2,
            col=1,
        )
    figure.update_layout(barmode="group")
    headers = ["轮次 round", "日期 date"]
    for stage in STAGE_ORDER:
        zh = STAGE_LABELS_ZH[stage]
        headers += [f"{zh} 项目数", f"{zh} 较上轮", f"{zh} 亿元", f"{zh} 亿元较上轮"]
    table_rows = []
    for record in rounds.to_dict("records"):
        row = [record["display"], _date_text(record["event_date"])]
        for stage in STAGE_ORDER:
            found = city[(city["campaign_id"] == record["campaign_id"]) & (city["stage_code"] == stage)]
            values = found.iloc[0] if not found.empty else pd.Series(dtype=object)
            row += [
                _count_text(values.get("project_count")),
                _change_text(values.get("project_count_change")),
                _yi_text(values.get("investment_yuan")),
                _pct_text(values.get("investment_change_pct")),
            ]
        table_rows.append(row)
    table = Table(headers, table_rows, [False, False, *[True] * (4 * len(STAGE_ORDER))])
    return Section(
        "trend",
        title,
        intro="临汾市本级公布的各阶段项目数与投资额（不与县区数字相加）；“较上轮”为与上一轮次相比的变化。",
        charts=[_chart(figure, "chart-trend", height=560)],
        tables=[table],
    )


def county_section(trend: pd.DataFrame, zones: pd.DataFrame) -> Section:
    """Counties' own stated totals (county level only), summed over rounds, largest first."""
    title = "2. 县区排行 County leaderboard"
    county = _rows_at_level(trend, "county")
    if not county.empty:  # the counties of Linfen (the warehouse also knows a few of other cities)
        county = county[county["region_path"].map(lambda p: f"/{CITY}/" in str(p))]
    if county.empty:
        return Section("counties", title, empty="暂无县区汇总数据 — no county totals in the warehouse yet.")
    county = county.assign(yi=county["investment_yuan"].map(_yi_float))
    pivot = county.pivot_table(
        index="region_name", columns="stage_code", values="yi", aggfunc="sum", fill_value=0.0
    ).reindex(columns=list(STAGE_ORDER), fill_value=0.0)
    pivot = pivot.assign(total=pivot.sum(axis=1)).sort_values("total", ascending=False, kind="stable")
    shown = pivot.head(LEADERBOARD_LIMIT)
    figure = go.Figure()
    for stage in STAGE_ORDER:
        figure.add_bar(
            y=list(shown.index),
            x=list(shown[stage]),
            name=STAGE_LABELS_ZH[stage],
            orientation="h",
            marker_color=STAGE_COLOURS[stage],
            hovertemplate="%{y}：%{x:.2f} 亿元<extra>" + STAGE_LABELS_ZH[stage] + "</extra>",
        )
    figure.update_layout(barmode="stack", xaxis_title="亿元（各轮次合计）")
    figure.update_yaxes(autorange="reversed")
    named = _named_projects_by_county(zones)
    headers = ["#", "县区 county", "轮次数 rounds"]
    headers += [f"{STAGE_LABELS_ZH[s]} {unit}" for s in STAGE_ORDER for unit in ("项目数", "亿元")]
    headers += ["合计 亿元", "具名项目 named"]
    rows = []
    for rank, name in enumerate(pivot.index, start=1):
        own = county[county["region_name"] == name]
        row = [str(rank), _text(name), str(own["campaign_id"].nunique())]
        for stage in STAGE_ORDER:
            stage_rows = own[own["stage_code"] == stage]
            row += [
                _count_text(_sum(stage_rows["project_count"])),
                _yi_text(_sum(stage_rows["investment_yuan"])),
            ]
        row += [_yi_text(pivot.loc[name, "total"] * YI), _count_text(named.get(name))]
        rows.append(row)
    per_round = _county_rounds_table(county)
    return Section(
        "counties",
        title,
        intro="各县区自己公布的阶段汇总（县级数字，不含市级），按各轮次投资额合计排序。",
        charts=[_chart(figure, "chart-counties", height=_bar_height(len(shown)))],
        tables=[Table(headers, rows, [True, False, *[True] * (len(headers) - 2)]), per_round],
    )


def _county_rounds_table(county: pd.DataFrame) -> Table:
    rounds = _rounds(county)
    headers = ["轮次 round", "县区 county"]
    headers += [f"{STAGE_LABELS_ZH[s]} {unit}" for s in STAGE_ORDER for unit in ("项目数", "亿元")]
    rows = []
    for record in rounds.to_dict("records"):
        in_round = county[county["campaign_id"] == record["campaign_id"]]
        for name in sorted(in_round["region_name"].dropna().unique()):
            own = in_round[in_round["region_name"] == name]
            row = [record["display"], _text(name)]
            for stage in STAGE_ORDER:
                found = own[own["stage_code"] == stage]
                row += [_count_text(_sum(found["project_count"])), _yi_text(_sum(found["investment_yuan"]))]
            rows.append(row)
    return Table(headers, rows, [False, False, *[True] * 6], caption="各轮次县区明细", collapsed=True)


def _named_projects_by_county(zones: pd.DataFrame) -> dict[str, int]:
    if zones.empty:
        return {}
    return {str(k): int(v) for k, v in zones.groupby("county")["project_count"].sum().items()}


def zone_section(zones: pd.DataFrame) -> Section:
    """Named projects per development zone and stage, summed over rounds, most active first."""
    title = "3. 开发区排行 Zone leaderboard"
    if zones.empty:
        return Section("zones", title, empty="暂无具名项目 — no named projects in the warehouse yet.")
    zones = zones.assign(
        zone_name=zones["zone_name"].map(lambda v: _text(v, UNKNOWN)),
        county=zones["county"].map(lambda v: _text(v, UNKNOWN)),
    )
    counts = zones.pivot_table(
        index=["zone_name", "county"],
        columns="stage_code",
        values="project_count",
        aggfunc="sum",
        fill_value=0,
    ).reindex(columns=list(STAGE_ORDER), fill_value=0)
    money = zones.groupby(["zone_name", "county"])["investment_yuan"].agg(_sum)
    counts = counts.assign(total=counts.sum(axis=1)).sort_values("total", ascending=False, kind="stable")
    shown = counts.head(LEADERBOARD_LIMIT)
    names = [zone for zone, _ in shown.index]
    # Two zones of the same name in different counties must stay two bars.
    labels = [f"{zone}（{county}）" if names.count(zone) > 1 else zone for zone, county in shown.index]
    figure = go.Figure()
    for stage in STAGE_ORDER:
        figure.add_bar(
            y=labels,
            x=list(shown[stage]),
            name=STAGE_LABELS_ZH[stage],
            orientation="h",
            marker_color=STAGE_COLOURS[stage],
            hovertemplate="%{y}：%{x} 个项目<extra>" + STAGE_LABELS_ZH[stage] + "</extra>",
        )
    figure.update_layout(barmode="stack", xaxis_title="具名项目数")
    figure.update_yaxes(autorange="reversed")
    headers = ["#", "开发区 zone", "县区 county", *(STAGE_LABELS_ZH[s] for s in STAGE_ORDER), "合计", "亿元"]
    rows = [
        [
            str(rank),
            zone,
            county,
            *(str(int(values[s])) for s in STAGE_ORDER),
            str(int(values["total"])),
            _yi_text(money.get((zone, county))),
        ]
        for rank, ((zone, county), values) in enumerate(counts.iterrows(), start=1)
    ]
    return Section(
        "zones",
        title,
        intro="新闻中点名的项目，按开发区与阶段计数（各轮次合计）。",
        charts=[_chart(figure, "chart-zones", height=_bar_height(len(shown)))],
        tables=[Table(headers, rows, [True, False, False, True, True, True, True, True])],
    )


def industry_section(mix: pd.DataFrame) -> Section:
    """Named projects per industry and year (all stages), as stacked bars over the years."""
    title = "4. 产业结构 Industry mix over time"
    if mix.empty:
        return Section("industries", title, empty="暂无产业数据 — no industry data in the warehouse yet.")
    mix = mix.assign(industry_name=mix["industry_name"].map(lambda v: _text(v, UNKNOWN)))
    mix = mix[mix["year"].map(lambda v: not _blank(v))].assign(year=lambda f: f["year"].map(int))
    counts = mix.pivot_table(
        index="industry_name", columns="year", values="project_count", aggfunc="sum", fill_value=0
    )
    counts = counts.assign(total=counts.sum(axis=1)).sort_values("total", ascending=False, kind="stable")
    years = [int(y) for y in sorted(c for c in counts.columns if c != "total")]
    money = mix.groupby("industry_name")["investment_yuan"].agg(_sum)
    figure = go.Figure()
    for industry, values in counts.iterrows():
        figure.add_bar(
            x=[str(y) for y in years],
            y=[int(values[y]) for y in years],
            name=str(industry),
            hovertemplate="%{x}年 " + str(industry) + "：%{y} 个项目<extra></extra>",
        )
    figure.update_layout(barmode="stack", yaxis_title="具名项目数", xaxis_type="category")
    headers = ["产业 industry", *(str(y) for y in years), "合计", "亿元"]
    rows = [
        [
            str(industry),
            *(str(int(values[y])) for y in years),
            str(int(values["total"])),
            _yi_text(money.get(industry)),
        ]
        for industry, values in counts.iterrows()
    ]
    return Section(
        "industries",
        title,
        intro="具名项目按产业与年份计数（签约、开工、投产合计）。",
        charts=[_chart(figure, "chart-industries", height=460)],
        tables=[Table(headers, rows, [False, *[True] * (len(headers) - 1)])],
    )


def funnel_section(funnel: pd.DataFrame | None) -> Section:
    """Of the projects signed in a round: how many started, how many reached production."""
    title = "5. 生命周期漏斗 Lifecycle funnel"
    if funnel is None or funnel.empty:
        why = (
            "v_lifecycle_funnel is not in this warehouse yet"
            if funnel is None
            else "v_lifecycle_funnel is empty"
        )
        return Section("funnel", title, empty=f"暂无生命周期数据 — no lifecycle data yet ({why}).")
    everyone = funnel[funnel["group_kind"] == "all"].copy()
    everyone["display"] = [
        _campaign_text(r["cohort_campaign_id"], r["cohort_label"], r["cohort_date"])
        for r in everyone.to_dict("records")
    ]
    everyone = everyone.sort_values(
        by=["cohort_date", "cohort_campaign_id"],
        key=lambda s: s.map(lambda v: _text(v, "9999")),
        kind="stable",
    )
    signed, started, producing = (
        int(_sum(everyone[c]) or 0) for c in ("signed_projects", "started_projects", "in_production_projects")
    )
    overall = go.Figure(
        go.Funnel(
            y=[STAGE_LABELS_ZH[s] for s in STAGE_ORDER],
            x=[signed, started, producing],
            textinfo="value+percent initial",
            marker_color=[STAGE_COLOURS[s] for s in STAGE_ORDER],
            hovertemplate="%{y}：%{x} 个项目<extra></extra>",
        )
    )
    overall_table = Table(
        ["阶段 stage", "项目数", "占签约 of signed", "较上一阶段 of previous"],
        [
            ["签约", str(signed), _rate_text(1.0 if signed else None), EMPTY],
            ["开工", str(started), _rate_text(_ratio(started, signed)), _rate_text(_ratio(started, signed))],
            [
                "投产",
                str(producing),
                _rate_text(_ratio(producing, signed)),
                _rate_text(_ratio(producing, started)),
            ],
        ],
        [False, True, True, True],
        caption="各签约批次合计",
    )
    cohorts = go.Figure()
    labels = list(everyone["display"])
    for stage, column in zip(
        STAGE_ORDER, ("signed_projects", "started_projects", "in_production_projects"), strict=True
    ):
        cohorts.add_bar(
            x=labels,
            y=[_float(v) for v in everyone[column]],
            name=STAGE_LABELS_ZH[stage],
            marker_color=STAGE_COLOURS[stage],
            hovertemplate="%{x}：%{y} 个项目<extra>" + STAGE_LABELS_ZH[stage] + "</extra>",
        )
    cohorts.update_layout(barmode="group", yaxis_title="签约批次的项目数", xaxis_type="category")
    cohort_table = Table(
        [
            "签约批次 cohort",
            "日期",
            "签约",
            "签约 亿元",
            "已开工",
            "开工率",
            "已投产",
            "投产率",
            "中位天数 签约→开工",
            "中位天数 开工→投产",
        ],
        [
            [
                r["display"],
                _date_text(r["cohort_date"]),
                _count_text(r["signed_projects"]),
                _yi_text(r["signed_yuan"]),
                _count_text(r["started_projects"]),
                _rate_text(r["start_rate"]),
                _count_text(r["in_production_projects"]),
                _rate_text(r["production_rate"]),
                _count_text(r["median_days_to_start"]),
                _count_text(r["median_days_to_production"]),
            ]
            for r in everyone.to_dict("records")
        ],
        [False, False, *[True] * 8],
        caption="按签约批次",
    )
    groups = [
        _group_table(funnel, kind, header)
        for kind, header in (
            ("county", "县区 county"),
            ("zone", "开发区 zone"),
            ("industry", "产业 industry"),
        )
    ]
    return Section(
        "funnel",
        title,
        intro="同一轮签约的项目，后来有多少开工、多少投产：开工率 = 已开工 / 签约，投产率 = 已投产 / 已开工。",
        charts=[
            _chart(overall, "chart-funnel", height=340),
            _chart(cohorts, "chart-cohorts", height=420),
        ],
        tables=[overall_table, cohort_table, *(g for g in groups if g.rows)],
    )


def _group_table(funnel: pd.DataFrame, kind: str, header: str) -> Table:
    """One group kind summed over all cohorts, rates recomputed from the sums (not averaged)."""
    rows = funnel[funnel["group_kind"] == kind]
    columns = ["signed_projects", "signed_yuan", "started_projects", "in_production_projects"]
    summed = (
        rows.assign(group_name=rows["group_name"].map(lambda v: _text(v, UNKNOWN)))
        .groupby("group_name")[columns]
        .agg(_sum)
    )
    summed = summed.sort_values("signed_projects", ascending=False, kind="stable")
    table_rows = [
        [
            str(name),
            _count_text(values["signed_projects"]),
            _yi_text(values["signed_yuan"]),
            _count_text(values["started_projects"]),
            _rate_text(_ratio(values["started_projects"], values["signed_projects"])),
            _count_text(values["in_production_projects"]),
            _rate_text(_ratio(values["in_production_projects"], values["started_projects"])),
        ]
        for name, values in summed.iterrows()
    ]
    return Table(
        [header, "签约", "签约 亿元", "已开工", "开工率", "已投产", "投产率"],
        table_rows,
        [False, *[True] * 6],
        caption=f"按{header.split()[0]}（各批次合计）",
        collapsed=True,
    )


def time_to_stage_section(lifecycle: pd.DataFrame | None) -> Section:
    """Days between the stages of each resolved project: a box per transition."""
    title = "6. 阶段间隔 Time to stage"
    transitions = (("签约→开工", "days_signed_to_started"), ("开工→投产", "days_started_to_production"))
    if lifecycle is None:
        return Section("time-to-stage", title, empty="暂无生命周期数据 — no lifecycle data yet.")
    values = {label: [float(v) for v in lifecycle[column] if not _blank(v)] for label, column in transitions}
    if not any(values.values()):
        return Section(
            "time-to-stage",
            title,
            empty="暂无阶段间隔数据 — no time-to-stage data yet (no project with two dated stages).",
        )
    figure = go.Figure()
    for (label, _), colour in zip(transitions, ("#dd8452", "#55a868"), strict=True):
        if values[label]:
            figure.add_box(
                x=values[label],
                name=label,
                marker_color=colour,
                boxpoints="all",
                jitter=0.4,
                hovertemplate="%{x} 天<extra>" + label + "</extra>",
            )
    figure.update_layout(xaxis_title="天 days", showlegend=False)
    rows = []
    for label, _ in transitions:
        days = pd.Series(values[label], dtype=float)
        rows.append(
            [
                label,
                str(len(days)),
                *(_count_text(days.quantile(q)) if len(days) else EMPTY for q in (0.5, 0.25, 0.75)),
                _count_text(days.min() if len(days) else None),
                _count_text(days.max() if len(days) else None),
            ]
        )
    table = Table(
        ["阶段 transition", "项目数", "中位天数 median", "25%", "75%", "最短 min", "最长 max"],
        rows,
        [False, *[True] * 6],
    )
    return Section(
        "time-to-stage",
        title,
        intro="每个已识别项目从一个阶段到下一阶段所用的天数（按两次新闻的活动日期计算）。",
        charts=[_chart(figure, "chart-time-to-stage", height=300)],
        tables=[table],
    )


def projects_section(lifecycle: pd.DataFrame | None, review: pd.DataFrame | None) -> Section:
    """The resolved projects, furthest along first, and the pairs left apart for a person to judge."""
    title = "7. 项目明细与待核对 Projects and matches for review"
    if lifecycle is None:
        return Section("projects", title, empty="暂无生命周期数据 — no lifecycle data yet.")
    tables: list[Table] = []
    reached = {"in_production": 0, "started": 1, "signed": 2}
    ordered = lifecycle.assign(
        _order=lifecycle["furthest_stage"].map(lambda v: reached.get(v, 3)),
        _name=lifecycle["project_name"].map(_text),
    ).sort_values(["_order", "_name"], kind="stable")
    headers = ["项目 project", "县区", "开发区", "产业", "签约", "开工", "投产"]
    headers += ["签约→开工 天", "开工→投产 天", "最远阶段", "亿元"]
    rows = []
    for r in ordered.to_dict("records"):
        rows.append(
            [
                _text(r["project_name"]),
                _text(r["county"]),
                _text(r["zone"]),
                _text(r["industry"]),
                *(
                    _stage_cell(r[f"{s}_campaign_id"], r[f"{s}_campaign_label"], r[f"{s}_date"])
                    for s in STAGE_ORDER
                ),
                _count_text(r["days_signed_to_started"]),
                _count_text(r["days_started_to_production"]),
                STAGE_LABELS_ZH.get(r["furthest_stage"], EMPTY),
                _yi_text(r["investment_yuan"]),
            ]
        )
    tables.append(
        Table(
            headers,
            rows,
            [False] * 7 + [True, True, False, True],
            caption=f"{len(rows)} 个项目",
            collapsed=True,
        )
    )
    if review is not None and not review.empty:
        shown = review.sort_values("similarity", ascending=False, kind="stable").head(30)
        tables.append(
            Table(
                ["县区", "项目 A", "项目 B", "相似度", "原因 reason"],
                [
                    [
                        _text(r["county"]),
                        _text(r["project_name_a"]),
                        _text(r["project_name_b"]),
                        _similarity_text(r["similarity"]),
                        _text(r["reason"]),
                    ]
                    for r in shown.to_dict("records")
                ],
                [False, False, False, True, False],
                caption=f"待核对：疑似同一项目、未自动合并（{len(review)} 对，显示前 {len(shown)} 对）",
            )
        )
    review_note = (
        "" if review is not None else "（待核对清单尚不可用 — v_project_review is not in this warehouse.）"
    )
    return Section(
        "projects",
        title,
        intro="各项目在每个阶段首次出现的轮次；单条新闻（不属于某一轮）显示其日期。" + review_note,
        tables=tables,
        empty="" if rows else "暂无项目 — no resolved projects yet.",
    )


def dq_section(data: ReportData, data_docs_href: str | None) -> Section:
    """The last run, and the validation outcome of the newest run that validated anything."""
    title = "8. 数据质量 Data quality of the last run"
    links = [("Data Docs（校验详情）", data_docs_href)] if data_docs_href else []
    if data.last_run is None:
        return Section(
            "data-quality", title, empty="暂无运行记录 — no pipeline run recorded yet.", links=links
        )
    run = data.last_run
    run_table = Table(
        ["流程 flow", "运行 run", "状态 status", "开始 started", "结束 finished"],
        [
            [
                _text(run.get("flow_name")),
                _text(run.get("run_id")),
                _status_text(run.get("status")),
                _time_text(run.get("started_at")),
                _time_text(run.get("finished_at")),
            ]
        ],
        [False] * 5,
        caption="最近一次运行 last run",
    )
    tables = [run_table]
    results = data.dq_results
    if data.dq_run is not None and not results.empty:
        failed = results[~results["success"].astype(bool)]
        critical = int((failed["severity"] == "critical").sum())
        warning = int((failed["severity"] == "warning").sum())
        summary = Table(
            [
                "校验所属运行 validated in run",
                "检查项 checks",
                "通过 passed",
                "严重失败 critical",
                "警告 warning",
                "隔离行 quarantined rows",
            ],
            [
                [
                    _text(data.dq_run.get("run_id")),
                    str(len(results)),
                    str(len(results) - len(failed)),
                    str(critical),
                    str(warning),
                    str(data.quarantined_rows),
                ]
            ],
            [False, True, True, True, True, True],
            caption="校验结果 "
            + ("全部通过 all passed" if failed.empty else "有未通过项 some checks failed"),
        )
        tables.append(summary)
        if not failed.empty:
            tables.append(
                Table(
                    ["套件 suite", "检查 expectation", "级别 severity", "不符行数 rows", "观测值 observed"],
                    [
                        [
                            _text(r["suite"]),
                            _text(r["expectation"]),
                            _text(r["severity"]),
                            _count_text(r["unexpected_count"]),
                            _text(r["observed"]),
                        ]
                        for r in failed.to_dict("records")
                    ],
                    [False, False, False, True, False],
                    caption="未通过的检查 failed checks",
                )
            )
    else:
        tables.append(
            Table(["校验 validation"], [["暂无校验结果 — no validation results recorded yet."]], [False])
        )
    return Section(
        "data-quality",
        title,
        intro="来自 ops_pipeline_run 与 ops_dq_result；详细的逐条校验见 Data Docs。",
        tables=tables,
        links=links,
    )


# --- 3. render ----------------------------------------------------------------------------------


def build_report(
    engine: Engine, out_dir: Path, *, data_docs_index: Path | None = None, file_name: str = "index.html"
) -> Path:
    """Write ``out_dir/index.html`` from the warehouse and return its path.

    The Data Docs link is relative to ``out_dir`` so it works from ``file://`` and from a web server
    that serves the data dir alike."""
    data = read_report_data(engine)
    out_dir.mkdir(parents=True, exist_ok=True)
    href = None
    if data_docs_index is not None:
        href = Path(os.path.relpath(data_docs_index.resolve(), out_dir.resolve())).as_posix()
    html = render_report(
        build_sections(data, data_docs_href=href),
        warehouse=engine.url.render_as_string(hide_password=True),
    )
    path = out_dir / file_name
    path.write_text(html, encoding="utf-8")
    return path


def render_report(sections: Sequence[Section], *, warehouse: str) -> str:
    env = Environment(
        loader=PackageLoader("report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html.j2").render(
        generated_at=datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        warehouse=warehouse,
        sections=sections,
        plotly_js=_plotly_js(),
    )


@cache
def _plotly_js() -> str:
    return get_plotlyjs()


def _chart(figure: go.Figure, chart_id: str, *, height: int) -> Chart:
    """The figure as a responsive <div> drawn by the page's one copy of Plotly."""
    figure.update_layout(
        template="plotly_white",
        font={"family": CHART_FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        # Legend above the plot, in trace order (stacked bars would list it bottom-up).
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
        autosize=True,
    )
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    html = figure.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=chart_id,
        default_width="100%",
        default_height=f"{height}px",
        # No toolbar: on a phone it covers the legend, and its logo links off the machine.
        config={"responsive": True, "displayModeBar": False},
    )
    return Chart(chart_id, html)


def _bar_height(bars: int) -> int:
    return 110 + 30 * max(bars, 3)


def _rows_at_level(trend: pd.DataFrame, level: str) -> pd.DataFrame:
    if trend.empty:
        return trend
    return trend[trend["region_level"] == level]


def _rounds(frame: pd.DataFrame) -> pd.DataFrame:
    """Distinct campaigns in time order with the label shown for each (unique per campaign)."""
    columns = ["campaign_id", "campaign_label", "year", "ordinal", "event_date"]
    rounds = frame.reindex(columns=columns).drop_duplicates("campaign_id")
    rounds = rounds.assign(
        _year=rounds["year"].map(lambda v: 0 if _blank(v) else int(v)),
        _ordinal=rounds["ordinal"].map(lambda v: 99 if _blank(v) else int(v)),
        _date=rounds["event_date"].map(lambda v: _date_text(v)),
    ).sort_values(["_year", "_ordinal", "_date", "campaign_id"], kind="stable")
    display = [
        _campaign_text(r["campaign_id"], r["campaign_label"], r["event_date"])
        for r in rounds.to_dict("records")
    ]
    # A category axis merges equal labels: make each one unique.
    seen: dict[str, int] = {}
    unique = []
    for label, campaign_id in zip(display, rounds["campaign_id"], strict=True):
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label}（{campaign_id}）")
    return rounds.assign(display=unique)[[*columns, "display"]]


# --- formatting: every cell goes through one of these -------------------------------------------


def _blank(value: Any) -> bool:
    """None, NaN, NaT, pd.NA, or a text that only spells emptiness ('nan', 'none', …)."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().lower() in _BLANK_TEXTS
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(value: Any, empty: str = EMPTY) -> str:
    return empty if _blank(value) else str(value)


def _float(value: Any) -> float | None:
    return None if _blank(value) else float(value)


def _sum(values: Iterable[Any]) -> float | None:
    """Sum of the non-empty values; None when all are empty (so it shows as – and not as 0)."""
    present = [float(v) for v in values if not _blank(v)]
    return math.fsum(present) if present else None


def _ratio(part: Any, whole: Any) -> float | None:
    if _blank(part) or _blank(whole) or float(whole) == 0:
        return None
    return float(part) / float(whole)


def _yi_float(value: Any) -> float | None:
    return None if _blank(value) else float(value) / YI


def _yi_text(value: Any) -> str:
    """Exact yuan → 亿元 with two decimals, the unit the reports use."""
    return EMPTY if _blank(value) else f"{float(value) / YI:,.2f}"


def _count_text(value: Any) -> str:
    """A whole number with thousands separators (project counts, days)."""
    return EMPTY if _blank(value) else f"{round(float(value)):,}"


def _change_text(value: Any) -> str:
    if _blank(value):
        return EMPTY
    number = round(float(value))
    return f"+{number:,}" if number > 0 else f"{number:,}".replace("-", "−")


def _pct_text(value: Any) -> str:
    if _blank(value):
        return EMPTY
    number = float(value)
    return f"+{number:.1f}%" if number > 0 else f"{number:.1f}%".replace("-", "−")


def _rate_text(value: Any) -> str:
    return EMPTY if _blank(value) else f"{100 * float(value):.0f}%"


def _similarity_text(value: Any) -> str:
    """Similarity as the view gives it: 0..1 → two decimals, 0..100 → a whole number."""
    if _blank(value):
        return EMPTY
    number = float(value)
    return f"{number:.2f}" if number <= 1 else f"{number:.0f}"


def _date_text(value: Any) -> str:
    if _blank(value):
        return EMPTY
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]


def _time_text(value: Any) -> str:
    if _blank(value):
        return EMPTY
    return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else str(value)[:16]


def _campaign_text(campaign_id: Any, label: Any, event_date: Any) -> str:
    """How a campaign reads: its warehouse label ("2025年第1轮", "2022-09-27 签约仪式"), else its day or id."""
    if not _blank(label):
        return _text(label)
    if not _blank(event_date):
        return _date_text(event_date)
    return EMPTY if _blank(campaign_id) else str(campaign_id)


def _stage_cell(campaign_id: Any, label: Any, event_date: Any) -> str:
    """A lifecycle cell: the campaign, and its date when the campaign's label does not show it."""
    shown = _campaign_text(campaign_id, label, event_date)
    date = _date_text(event_date)
    return f"{shown}（{date}）" if date != EMPTY and date not in shown else shown


_STATUS_ZH: dict[str, str] = {
    "succeeded": "成功 succeeded",
    "partial": "部分完成 partial",
    "failed": "失败 failed",
    "crashed": "中断 crashed",
    "running": "运行中 running",
}


def _status_text(value: Any) -> str:
    return EMPTY if _blank(value) else _STATUS_ZH.get(str(value), str(value))
