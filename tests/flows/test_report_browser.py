"""The report of the demo warehouse (the replica site, nightly into SQLite) in headless Chromium."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from config.settings import get_settings
from expectations.gate import data_docs_index
from report.page import build_report
from tests.fixtures.browser import OfflinePage
from tests.flows.conftest import sqlite_url
from tests.report.page_checks import check_report_page, save_screenshot
from warehouse.engine import make_engine

# The demo corpus has city and county totals, named zones and industries; the lifecycle charts
# appear once the lifecycle views exist, and are then checked like the others.
DEMO_CHARTS = {"chart-trend", "chart-counties", "chart-zones", "chart-industries"}


@pytest.fixture(scope="module")
def demo_report(nightly_sqlite, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The report written elsewhere than the data dir (``--out``), and the Data Docs it links to."""
    data_dir = nightly_sqlite[0]
    docs = data_docs_index(get_settings(data_dir=data_dir))
    engine = make_engine(sqlite_url(data_dir))
    try:
        return build_report(engine, tmp_path_factory.mktemp("report-out"), data_docs_index=docs), docs
    finally:
        engine.dispose()


@pytest.mark.parametrize(("width", "height", "mobile"), [(1280, 900, False), (390, 844, True)])
def test_demo_report_in_chromium(
    demo_report: tuple[Path, Path],
    open_offline: Callable[..., OfflinePage],
    width: int,
    height: int,
    mobile: bool,
) -> None:
    report, docs = demo_report
    opened = open_offline(report.as_uri(), width=width, height=height, mobile=mobile)

    charts = check_report_page(opened, required_charts=DEMO_CHARTS, width=width)
    assert "临汾经济开发区" in charts["chart-zones"]["text"]
    quality = opened.page.locator("section#data-quality")
    # The last run (a nightly, or a replay of the flow tests that share this warehouse) ended well.
    status = quality.locator("table").first.locator("tbody td").nth(2).inner_text()
    assert status in ("成功 succeeded", "部分完成 partial"), status
    href = quality.locator("a").get_attribute("href")
    assert href and (report.parent / href).resolve() == docs and docs.is_file()
    save_screenshot(opened, f"report-{width}.png")
