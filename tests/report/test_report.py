"""The report from plain data (no database, no browser), from a warehouse, and from the CLI."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest
import sqlalchemy as sa
from plotly.offline import get_plotlyjs
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from linfen_etl.cli import _register_commands, app
from report.page import (
    ReportData,
    _blank,
    _campaign_text,
    build_report,
    build_sections,
    read_report_data,
    render_report,
)
from tests.report import sample
from tests.report.page_checks import EMPTY_SPELLINGS, SECTION_IDS
from tests.warehouse.sample import sample_batch
from warehouse import load, runs


def _render(data: ReportData) -> str:
    return render_report(build_sections(data, data_docs_href="../data_docs/index.html"), warehouse="test")


def _section(html: str, section_id: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(html).get_element_by_id(section_id)


def _rows(section: lxml.html.HtmlElement, table: int = 0) -> list[list[str]]:
    body = section.findall(".//table")[table].find("tbody")
    return [[td.text_content().strip() for td in tr.iter("td")] for tr in body.iter("tr")]


def test_every_section_chart_and_table_from_the_contract_views() -> None:
    html = _render(ReportData.from_frames(sample.frames()))

    for section_id in SECTION_IDS:
        assert _section(html, section_id) is not None
    for chart_id in ("trend", "counties", "zones", "industries", "funnel", "cohorts", "time-to-stage"):
        assert f'id="chart-{chart_id}"' in html
    # Plotly's JavaScript once, inline; no script is loaded from anywhere.
    assert html.count(get_plotlyjs()[:300]) == 1
    assert not re.search(r"<script[^>]+src=", html)
    cells = sample.cells(html)
    assert [c for c in cells if EMPTY_SPELLINGS.search(c)] == []
    assert "–" in cells
    assert "2022-d2022" not in html


def test_city_trend_shows_linfen_own_totals_never_other_levels_or_cities() -> None:
    html = _render(ReportData.from_frames(sample.frames()))
    trend = _section(html, "trend")
    assert "运城市" not in trend.text_content()
    rows = _rows(trend)
    assert [row[:2] for row in rows] == [["2025年第1轮", "2025-02-06"], ["2025年第2轮", "2025-05-20"]]
    # signed: count, change, 亿元, change — the city's own figures (the province's are 10 times larger)
    assert rows[1][2:6] == ["18", "−2", "90.00", "−10.0%"]
    assert rows[0][3] == "–"  # no previous round: no change
    counties = _section(html, "counties")
    assert [row[1] for row in _rows(counties)] == ["洪洞县"]
    assert "运城市" not in counties.text_content()


def test_lifecycle_funnel_time_to_stage_and_review() -> None:
    html = _render(ReportData.from_frames(sample.frames()))
    funnel = _section(html, "funnel")
    assert _rows(funnel, 0) == [
        ["签约", "6", "100%", "–"],
        ["开工", "2", "33%", "33%"],
        ["投产", "1", "17%", "50%"],
    ]
    by_cohort = _rows(funnel, 1)
    assert by_cohort[0][:8] == ["2025年第1轮", "2025-02-06", "4", "40.00", "2", "50%", "1", "50%"]
    assert by_cohort[1][7] == "–"  # nothing started: no production rate
    county_rows = {row[0]: row for row in _rows(funnel, 2)}
    assert county_rows["侯马市"][1:5] == ["3", "19.00", "0", "0%"]  # summed over both cohorts

    times = _rows(_section(html, "time-to-stage"))
    assert times[0][:3] == ["签约→开工", "2", "483"]
    assert times[1][:3] == ["开工→投产", "2", "103"]

    projects = _section(html, "projects")
    listed = {row[0]: row for row in _rows(projects, 0)}
    # the single news item: its day and event
    assert listed["年产10万吨铝合金型材项目"][4] == "2022-09-27 集中签约"
    assert listed["年产10万吨铝合金型材项目"][5] == "2025年第1轮（2025-02-06）"
    assert listed["智能农机装备制造项目"][2:4] == ["–", "–"]
    assert _rows(projects, 1) == [
        ["洪洞县", "冷链物流园项目", "冷链物流园二期项目", "0.86", "一期/二期 differ: kept apart"]
    ]


def test_missing_lifecycle_views_leave_a_note_instead_of_a_section() -> None:
    frames = sample.frames()
    for view in ("v_project_lifecycle", "v_lifecycle_funnel", "v_project_review"):
        del frames[view]
    html = _render(ReportData.from_frames(frames))
    for section_id in ("funnel", "time-to-stage", "projects"):
        assert "no lifecycle data yet" in _section(html, section_id).text_content()
    assert 'id="chart-trend"' in html and 'id="chart-funnel"' not in html


def test_an_empty_warehouse_renders_every_section_with_a_note() -> None:
    html = _render(ReportData.from_frames({}))
    for section_id in SECTION_IDS:
        assert _section(html, section_id).find_class("empty"), section_id
    assert 'class="plotly-graph-div"' not in html


@pytest.mark.parametrize(
    ("campaign_id", "label", "event_date", "shown"),
    [
        ("2022-d2022-09-27", "2022-09-27 集中开工", "2022-09-27", "2022-09-27 集中开工"),
        ("2025-1", "2025年第1轮", "2025-02-06", "2025年第1轮"),
        ("2021-unknown", "2021年 集中签约", None, "2021年 集中签约"),
        ("2022-d2022-09-27", None, "2022-09-27", "2022-09-27"),
        (None, None, "2023-01-05", "2023-01-05"),
        (None, None, None, "–"),
    ],
)
def test_campaign_text(
    campaign_id: str | None, label: str | None, event_date: str | None, shown: str
) -> None:
    assert _campaign_text(campaign_id, label, event_date) == shown


@pytest.mark.parametrize("value", [None, float("nan"), "nan", "None", "none", "", " NaT "])
def test_blank_spellings(value: object) -> None:
    assert _blank(value)


def test_read_report_data_from_a_warehouse_with_the_contract_views(
    warehouse_engine: Engine, tmp_path: Path
) -> None:
    """The sample batch loaded, the lifecycle views replaced by the contract's (literal rows): on both
    databases the report reads them, computes nothing wrong from Decimal/str dates, and links Data Docs."""
    run_id = runs.start_run(warehouse_engine, "nightly", {})
    load.load_batch(warehouse_engine, sample_batch(), run_id=run_id)
    contract = {k: v for k, v in sample.frames().items() if k in ("v_lifecycle_funnel", "v_project_review")}
    with warehouse_engine.begin() as connection:
        sample.create_literal_views(connection, contract)

    data = read_report_data(warehouse_engine)
    assert not data.campaign_trend.empty and not data.zone_activity.empty
    assert data.lifecycle_funnel is not None and len(data.lifecycle_funnel) == len(
        contract["v_lifecycle_funnel"]
    )
    assert data.project_review is not None and len(data.project_review) == 1
    # The first migration's v_project_lifecycle lacks the new columns: they read as empty.
    assert data.project_lifecycle is not None and "days_signed_to_started" in data.project_lifecycle
    assert data.last_run is not None and data.last_run["run_id"] == run_id

    path = build_report(
        warehouse_engine, tmp_path / "out", data_docs_index=tmp_path / "data_docs" / "index.html"
    )
    html = path.read_text(encoding="utf-8")
    quality = _section(html, "data-quality")
    assert quality.find(".//a").get("href") == "../data_docs/index.html"
    assert "运行中 running" in quality.text_content()
    assert [c for c in sample.cells(html) if EMPTY_SPELLINGS.search(c)] == []
    assert 'id="chart-funnel"' in html


def test_read_report_data_without_the_lifecycle_views(warehouse_engine: Engine) -> None:
    with warehouse_engine.begin() as connection:  # a warehouse from before migration 0006
        for view in ("v_lifecycle_funnel", "v_project_review", "v_project_lifecycle"):
            connection.execute(sa.text(f"DROP VIEW {view}"))
    data = read_report_data(warehouse_engine)
    assert (data.project_lifecycle, data.lifecycle_funnel, data.project_review) == (None, None, None)
    assert data.last_run is None and data.dq_run is None


def test_report_command_writes_where_out_says(sqlite_warehouse_template: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.sqlite"
    shutil.copyfile(sqlite_warehouse_template, warehouse)
    out = tmp_path / "somewhere" / "else"
    _register_commands()

    result = CliRunner().invoke(
        app,
        ["report", "--out", str(out), "--warehouse-url", f"sqlite:///{warehouse}"],
        env={"COLUMNS": "300"},
    )

    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file()
    assert str((out / "index.html").resolve()) in result.output
