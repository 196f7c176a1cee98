"""Data Docs open offline: every asset is served from the data dir, and a browser without network
draws the index's validation table (issue 14 item 4)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from config.settings import get_settings
from expectations.gate import TABLES, validate_batch
from tests.dq.batches import planted_batch, reference

CHROMIUM = "/usr/bin/chromium"  # .ci/run installs it (apt-get install chromium)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
RUN_ID = "run-offline"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Data Docs of one validated batch (the planted one: failed and passed suites alike)."""
    settings = get_settings(data_dir=tmp_path_factory.mktemp("offline-docs"))
    result = validate_batch(planted_batch(), settings=settings, run_id=RUN_ID, reference=reference())
    assert result.data_docs_path is not None and result.data_docs_path.exists()
    return result.data_docs_path.parent


def _is_external(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and parts.netloc.lower() not in LOCAL_HOSTS


def _local_file(url: str, base: Path) -> Path | None:
    """The file a relative URL of a page (or stylesheet) in ``base`` points at; None if not a file."""
    parts = urlsplit(url)
    if parts.scheme or url.startswith(("#", "//")) or not parts.path:
        return None  # in-page anchors, data:/javascript: URLs; externals are checked separately
    return (base / unquote(parts.path)).resolve()


def test_no_page_requests_anything_outside_the_machine_and_every_local_asset_exists(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert site / "index.html" in pages
    assert any(p.is_relative_to(site / "validations") for p in pages)
    external: list[str] = []
    missing: list[str] = []
    stylesheets: set[Path] = set()
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        urls = [tag[attr] for attr in ("src", "href") for tag in soup.find_all(attrs={attr: True})]
        urls += [u for style in soup.find_all("style") for u in CSS_URL.findall(style.get_text())]
        for url in urls:
            if _is_external(url):
                external.append(f"{page.relative_to(site)}: {url}")
                continue
            target = _local_file(url, page.parent)
            if target is None:
                continue
            if not target.is_file():
                missing.append(f"{page.relative_to(site)}: {url}")
            elif target.suffix == ".css":
                stylesheets.add(target)
    # fonts and images the vendored stylesheets load (font-awesome's webfonts)
    for css in stylesheets:
        for url in CSS_URL.findall(css.read_text(encoding="utf-8")):
            if _is_external(url):
                external.append(f"{css.relative_to(site)}: {url}")
            elif (target := _local_file(url, css.parent)) is not None and not target.is_file():
                missing.append(f"{css.relative_to(site)}: {url}")
    assert external == []
    assert missing == []
    assert any(css.name == "all.min.css" for css in stylesheets)  # the font-awesome check ran
    # licences are kept next to every vendored library
    for library in (site / "static" / "vendor").iterdir():
        if library.is_dir():
            assert (library / "LICENSE.txt").is_file(), library.name


def test_the_index_lists_the_validations_in_a_browser_without_network(site: Path, tmp_path: Path) -> None:
    chromium = shutil.which("chromium") or CHROMIUM
    assert Path(chromium).exists(), "chromium is missing: apt-get install -y chromium (.ci/run does)"
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        # every host name fails to resolve: a CDN request would fail, as on an offline server
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        "--virtual-time-budget=5000",
        "--dump-dom",
        (site / "index.html").as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = BeautifulSoup(done.stdout, "html.parser")
    # bootstrap-table turns the page's JSON into rows with data-index: only when jquery and
    # bootstrap-table loaded from static/vendor and ran
    table = dom.select_one("table.ge-index-page-validation-results-table")
    assert table is not None, done.stdout[:2000]
    rows = table.select("tbody tr[data-index]")
    texts = [row.get_text(" ", strip=True) for row in rows]
    assert len(rows) == len(TABLES), texts
    for suite in TABLES:
        assert any(suite in text and RUN_ID in text for text in texts), (suite, texts)
    # the filter-control extension added its filter row (select boxes) to the header
    assert table.select("thead .filter-control select"), "bootstrap-table-filter-control did not run"
    # font-awesome's status icons are in the rows; its stylesheet is the vendored one
    assert table.select("tbody i.fas")
