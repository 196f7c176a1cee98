"""The report of the hand-made warehouse (every view of the lifecycle contract) in headless Chromium."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from report.page import ReportData, build_sections, render_report
from tests.fixtures.browser import OfflinePage
from tests.report import sample
from tests.report.page_checks import check_report_page, save_screenshot

ALL_CHARTS = {
    f"chart-{name}"
    for name in ("trend", "counties", "zones", "industries", "funnel", "cohorts", "time-to-stage")
}


@pytest.mark.parametrize(("width", "height", "mobile"), [(1280, 900, False), (390, 844, True)])
def test_sample_report_renders_every_chart_offline(
    open_offline: Callable[..., OfflinePage], tmp_path: Path, width: int, height: int, mobile: bool
) -> None:
    html = render_report(build_sections(ReportData.from_frames(sample.frames())), warehouse="sample")
    path = tmp_path / "index.html"
    path.write_text(html, encoding="utf-8")

    opened = open_offline(path.as_uri(), width=width, height=height, mobile=mobile)

    charts = check_report_page(opened, required_charts=ALL_CHARTS, width=width)
    assert set(charts) == ALL_CHARTS
    assert "签约" in charts["chart-funnel"]["text"] and "2025年第1轮" in charts["chart-cohorts"]["text"]
    assert "洪洞经济技术开发区" in charts["chart-zones"]["text"]  # names on the axis, not ranks
    save_screenshot(opened, f"sample-report-{width}.png")
