"""What a rendered report must look like in a real browser (shared by the sample and demo tests)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from tests.fixtures.browser import OfflinePage

SECTION_IDS = (
    "trend",
    "counties",
    "zones",
    "industries",
    "funnel",
    "time-to-stage",
    "projects",
    "data-quality",
)
EMPTY_SPELLINGS = re.compile(r"\b(nan|none|null|nat|undefined)\b", re.IGNORECASE)
HAN = re.compile(r"[\u4e00-\u9fff]")
# Screenshots go to one fixed place, overwritten by each run, so the path can be printed and opened.
SCREENSHOT_DIR = Path(tempfile.gettempdir()) / "linfen-etl-report"

# Per chart: does its SVG have marks (bars, points, funnel or box paths), and which text does it draw?
_CHARTS_JS = """
() => [...document.querySelectorAll('.plotly-graph-div')].map(div => {
  const svg = div.querySelector('svg.main-svg');
  const box = div.getBoundingClientRect();
  return {
    id: div.id,
    svg: Boolean(svg),
    marks: div.querySelectorAll('.point path, .bars path, path.point, .trace.boxes path, .funnel path, '
                                + '.scatterlayer .trace path.js-line').length,
    text: [...div.querySelectorAll('svg text')].map(t => t.textContent).join(' '),
    width: box.width,
    height: box.height,
  };
})
"""


def check_report_page(opened: OfflinePage, *, required_charts: set[str], width: int) -> dict[str, dict]:
    """Assert the page is whole and readable at this width; the charts found, by id."""
    page = opened.page
    page.wait_for_selector(".plotly-graph-div svg.main-svg", state="attached")
    assert opened.external_requests == [], f"requests left the machine: {opened.external_requests}"
    assert [url for url in opened.requests if not url.startswith(("file:", "data:", "blob:"))] == []
    assert opened.errors == [], f"JavaScript errors: {opened.errors}"

    for section_id in SECTION_IDS:
        heading = page.locator(f"section#{section_id} h2")
        assert heading.count() == 1, f"section {section_id} missing"
        assert HAN.search(heading.inner_text())

    charts = {chart["id"]: chart for chart in page.evaluate(_CHARTS_JS)}
    assert required_charts <= set(charts), f"charts missing: {required_charts - set(charts)}"
    for chart_id, chart in charts.items():
        assert chart["svg"] and chart["marks"] > 0, f"{chart_id} drew nothing: {chart}"
        assert HAN.search(chart["text"]), f"{chart_id} has no Chinese text: {chart['text'][:200]}"
        assert 0 < chart["width"] <= width and chart["height"] >= 200, f"{chart_id} size: {chart}"

    cells = page.eval_on_selector_all("td, th", "cells => cells.map(c => c.textContent.trim())")
    assert cells, "no table cells"
    assert [c for c in cells if EMPTY_SPELLINGS.search(c)] == []
    body = page.inner_text("body")
    assert not re.search(r"\d{4}-d\d{4}", body), "a single-news campaign id is shown instead of its date"
    # The page itself never scrolls sideways; wide tables scroll inside their own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    return charts


def save_screenshot(opened: OfflinePage, name: str) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / name
    opened.page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path
