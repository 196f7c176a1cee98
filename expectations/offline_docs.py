"""Data Docs that open offline: serve GX's CSS/JS from the Data Docs folder instead of public CDNs.

GX 1.24's page templates load bootstrap, jquery, bootstrap-table (with its filter-control extension),
bootstrap-datepicker, font-awesome, vega and a dark-mode stylesheet from public CDNs, and its logo
from S3. Without internet the index is an empty, unstyled page: its validation table is drawn by
bootstrap-table. GX has no setting for local asset URLs (upstream declined offline Data Docs,
fivetran/great_expectations#8734 and PR #2870), so after every build ``make_offline``

1. copies the assets into ``<data_docs>/static/vendor/<library>/`` with their licences, and
2. rewrites the generated HTML: CDN URLs become relative paths to those copies (integrity
   attributes go, since the vendored builds differ from the pinned CDN ones), the assets that are
   not vendored are dropped so that nothing is requested at all, and links to GX's web site lose
   their ``href`` (the page then makes no request and holds no link that leaves the machine).

Where the assets come from (see ``docs/dq.md``):

- PyPI, pinned in ``pyproject.toml`` so ``pip install`` brings them: XStatic-jQuery (jQuery 3.7.1,
  the version GX asks for), XStatic-Bootstrap (Bootstrap 4.5.3, same major as GX's 4.3.1; its
  ``bootstrap.bundle`` includes Popper, replacing GX's separate popper.js), XStatic-Font-Awesome
  (Font Awesome Free 6.2.1, GX asks for 6.6.0).
- npm, pinned in ``NPM_PACKAGES`` and fetched from the registry (no Node.js needed, integrity
  checked) by ``python -m expectations.offline_docs fetch`` (the Makefile runs it when it builds
  the venv) into ``<venv>/share/linfen-etl/npm/``: no PyPI
  package carries bootstrap-table or a bootstrap-datepicker that works with jQuery 3, and these are
  exactly the versions GX's templates name.
- Not vendored, dropped: vega / vega-lite / vega-embed (only used by charts our suites do not draw),
  and ``@forevolve/bootstrap-dark`` (a cosmetic dark theme). The S3 logo becomes GX's own local copy.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import json
import logging
import os
import re
import shutil
import sys
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

VENDOR = Path("static") / "vendor"  # inside the Data Docs folder
LOGO = Path("static") / "images" / "logo-long.png"  # GX copies its static/ folder into every site

# npm packages (name → version) fetched at build time: exactly the versions GX 1.24's templates name.
NPM_PACKAGES = {"bootstrap-table": "1.19.1", "bootstrap-datepicker": "1.9.0"}
NPM_FILES = {
    "bootstrap-table": (
        "dist/bootstrap-table.min.js",
        "dist/bootstrap-table.min.css",
        "dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
        "dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
    ),
    "bootstrap-datepicker": ("dist/js/bootstrap-datepicker.min.js", "dist/css/bootstrap-datepicker.min.css"),
}

# The XStatic packages ship no licence file for Bootstrap and jQuery (their metadata says "same as
# Bootstrap/jQuery"); both are MIT, with the holders named in the files' own headers.
_MIT = """Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
"""
_HOLDERS = {
    "jquery": "Copyright OpenJS Foundation and other contributors, https://openjsf.org/",
    "bootstrap": (
        "Copyright (c) 2011-2020 The Bootstrap Authors\nCopyright (c) 2011-2020 Twitter, Inc.\n"
        "bootstrap.bundle.min.js also contains Popper.js, Copyright (C) Federico Zivolo 2020, MIT"
    ),
}


@dataclass(frozen=True)
class Library:
    """One vendored library: where its files are and which of them go to ``static/vendor/<name>``."""

    name: str
    origin: str  # e.g. "PyPI XStatic-jQuery 3.7.1.1"
    licence: str
    root: Path
    files: tuple[str, ...]  # files and folders, relative to root; copied to the same relative path
    licence_file: str | None  # relative to root; None: LICENSE.txt is written from _MIT and _HOLDERS


def _xstatic(module: str, dist: str, name: str, files: tuple[str, ...], licence_file: str | None) -> Library:
    from importlib.metadata import version

    package = importlib.import_module(f"xstatic.pkg.{module}")
    return Library(
        name=name,
        origin=f"PyPI {dist} {version(dist)} ({package.DISPLAY_NAME} {package.VERSION})",
        licence="MIT" if licence_file is None else "see LICENSE.txt",
        root=Path(package.BASE_DIR),
        files=files,
        licence_file=licence_file,
    )


def npm_dir() -> Path:
    """Where ``fetch`` unpacks the npm packages: inside the venv, so each checkout's build has its own."""
    override = os.environ.get("LINFEN_ETL_NPM_ASSETS")
    return Path(override) if override else Path(sys.prefix) / "share" / "linfen-etl" / "npm"


def _npm(name: str) -> Library:
    root = npm_dir() / name
    try:
        meta = json.loads((root / "package.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        meta = {"version": "missing", "license": "?"}
    return Library(
        name=name,
        origin=f"npm {name} {meta['version']}",
        licence=str(meta.get("license")),
        root=root,
        files=NPM_FILES[name],
        licence_file="LICENSE",
    )


def libraries() -> list[Library]:
    return [
        _xstatic("jquery", "XStatic-jQuery", "jquery", ("jquery.min.js",), None),
        _xstatic(
            "bootstrap",
            "XStatic-Bootstrap",
            "bootstrap",
            ("css/bootstrap.min.css", "js/bootstrap.bundle.min.js"),
            None,
        ),
        # all.min.css loads its fonts from ../webfonts/
        _xstatic(
            "font_awesome",
            "XStatic-Font-Awesome",
            "font-awesome",
            ("css/all.min.css", "webfonts"),
            "LICENSE.txt",
        ),
        *(_npm(name) for name in NPM_PACKAGES),
    ]


# CDN URL (regex) → the vendored file under static/vendor/, or None: not vendored, the tag is dropped.
CDN_MAP: tuple[tuple[re.Pattern[str], str | None], ...] = tuple(
    (re.compile(pattern), target)
    for pattern, target in (
        (r"https://code\.jquery\.com/jquery-3\.[\d.]+\.min\.js", "jquery/jquery.min.js"),
        (r"https://\w+\.bootstrapcdn\.com/bootstrap/4\.[\d.]+/js/bootstrap\.min\.js", "bootstrap/js/bootstrap.bundle.min.js"),
        (r"https://\w+\.bootstrapcdn\.com/bootstrap/4\.[\d.]+/css/bootstrap\.min\.css", "bootstrap/css/bootstrap.min.css"),
        (r"https://cdnjs\.cloudflare\.com/ajax/libs/popper\.js/.*", None),  # inside bootstrap.bundle
        (r"https://cdnjs\.cloudflare\.com/ajax/libs/font-awesome/6\.[\d.]+/css/all\.min\.css", "font-awesome/css/all.min.css"),
        (
            r"https://unpkg\.com/bootstrap-table@1\.19\.\d+/dist/bootstrap-table\.min\.(?P<ext>js|css)",
            "bootstrap-table/dist/bootstrap-table.min.{ext}",
        ),
        (
            (r"https://unpkg\.com/bootstrap-table@1\.19\.\d+/dist/extensions/filter-control/"
            r"bootstrap-table-filter-control(?:\.min)?\.(?P<ext>js|css)"),
            "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.{ext}",
        ),
        (
            (r"https://cdnjs\.cloudflare\.com/ajax/libs/bootstrap-datepicker/1\.9\.0/(?P<ext>js|css)/"
            r"bootstrap-datepicker\.min\.(?:js|css)"),
            "bootstrap-datepicker/dist/{ext}/bootstrap-datepicker.min.{ext}",
        ),
    )
)  # fmt: skip
_S3_ASSETS = re.compile(r"https://great-expectations-web-assets\.s3[^\"')\s]*")

_SCRIPT = re.compile(r"<script\b[^>]*?\bsrc=\"(?P<url>https?://[^\"]+)\"[^>]*>\s*</script>\s*", re.IGNORECASE)
_LINK = re.compile(r"<link\b[^>]*?\bhref=\"(?P<url>https?://[^\"]+)\"[^>]*>\s*", re.IGNORECASE)
_ANCHOR_HREF = re.compile(r"(<a\b[^>]*?)\s+href=\"https?://[^\"]*\"", re.IGNORECASE)
_INTEGRITY = re.compile(r"\s+(?:integrity|crossorigin)=\"[^\"]*\"", re.IGNORECASE)
# a relative URL into the site's static/ folder; GX's favicon link on validation pages has one "../"
# too few (favicon.j2 counts 3 levels, the pages are 4 deep), so these are re-anchored at the site root
_STATIC_REF = re.compile(r"\b(src|href)=\"(?:\./|(?:\.\./)+)static/")
_REWRITTEN_MARK = "<!-- linfen-etl: CDN assets served from static/vendor -->"


def vendored_path(url: str) -> str | None:
    """The file under ``static/vendor/`` that replaces ``url``; None when it is not vendored."""
    for pattern, target in CDN_MAP:
        match = pattern.fullmatch(url)
        if match:
            return None if target is None else target.format(**match.groupdict())
    return None


def install_assets(site_dir: Path) -> list[str]:
    """Copy the vendored libraries and their licences under ``site_dir/static/vendor``; what is missing.

    Files already there with the same size are not copied again (every build calls this).
    """
    vendor = site_dir / VENDOR
    missing: list[str] = []
    readme = [
        "Third-party assets of the Data Docs, copied here by linfen-etl (expectations/offline_docs.py)",
        "so the pages open without internet. Each folder keeps its library's licence.",
        "",
    ]
    for lib in libraries():
        dest = vendor / lib.name
        readme.append(f"{lib.name}/: {lib.origin}; licence: {lib.licence}")
        for rel in lib.files:
            source = lib.root / rel
            if not source.exists():
                missing.append(f"{lib.origin}: {rel}")
                continue
            _copy(source, dest / rel)
        dest.mkdir(parents=True, exist_ok=True)
        if lib.licence_file is None:
            holders = _HOLDERS[lib.name]
            _write_if_changed(
                dest / "LICENSE.txt", f"{lib.origin}\n\nThe MIT License (MIT)\n\n{holders}\n\n{_MIT}"
            )
        elif (lib.root / lib.licence_file).exists():
            _copy(lib.root / lib.licence_file, dest / "LICENSE.txt")
        else:
            missing.append(f"{lib.origin}: {lib.licence_file}")
    readme += [
        "",
        "Not vendored, removed from the pages: vega, vega-lite, vega-embed, @forevolve/bootstrap-dark.",
    ]
    _write_if_changed(vendor / "README.txt", "\n".join(readme) + "\n")
    return missing


def _copy(source: Path, dest: Path) -> None:
    if source.is_dir():
        for child in source.iterdir():
            _copy(child, dest / child.name)
        return
    if dest.exists() and dest.stat().st_size == source.stat().st_size:
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, dest)


def _write_if_changed(path: Path, text: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def rewrite_page(html: str, page: Path, site_dir: Path) -> str:
    """``html`` (the page at ``page`` inside ``site_dir``) with every external request made local or gone."""
    to_site = Path(os.path.relpath(site_dir, page.parent)).as_posix()

    def local(target: Path | str) -> str:
        return f"{to_site}/{Path(target).as_posix()}"

    def tag(match: re.Match[str]) -> str:
        target = vendored_path(match["url"])
        if target is None:  # not vendored: never requested
            return ""
        text = _INTEGRITY.sub("", match[0])  # the vendored build is not the CDN's: its hash differs
        return text.replace(match["url"], local(VENDOR / target))

    html = _SCRIPT.sub(tag, html)
    html = _LINK.sub(tag, html)
    html = _S3_ASSETS.sub(local(LOGO), html)  # GX's logo (img src and the dark-mode CSS url())
    html = _STATIC_REF.sub(lambda m: f'{m[1]}="{local("static")}/', html)
    html = _ANCHOR_HREF.sub(r"\1", html)  # links to GX's web site: kept as text, no href to leave by
    if _REWRITTEN_MARK not in html:
        html = html.replace("<head>", f"<head>\n    {_REWRITTEN_MARK}", 1)
    return html


def make_offline(site_dir: Path) -> list[Path]:
    """Vendor the assets into ``site_dir`` and rewrite its HTML pages; the pages rewritten.

    Pages already rewritten (marked in their ``<head>``) are skipped, so a run's build only touches
    the pages GX has just (re)written. A missing asset is logged, never raised: the docs are a report,
    and a run must not fail over them (``make`` fetches the npm assets; see the module docstring).
    """
    missing = install_assets(site_dir)
    if missing:
        log.warning(
            "Data Docs: vendored assets missing (%s); run `python -m expectations.offline_docs fetch`",
            "; ".join(missing),
        )
    rewritten = []
    for page in site_dir.rglob("*.html"):
        if page.is_relative_to(site_dir / VENDOR):
            continue
        html = page.read_text(encoding="utf-8")
        if _REWRITTEN_MARK in html:
            continue
        page.write_text(rewrite_page(html, page, site_dir), encoding="utf-8")
        rewritten.append(page)
    return rewritten


# --- build time: fetch the npm packages ----------------------------------------------------------


def fetch(dest: Path | None = None, registry: str | None = None) -> None:
    """Download the pinned npm packages from the npm registry and unpack the files the docs use.

    Straight from the registry over HTTPS (no Node.js or npm needed on the machine), each tarball
    checked against the integrity hash the registry publishes for that version. ``registry``
    defaults to ``$NPM_CONFIG_REGISTRY`` (as npm reads it) or registry.npmjs.org. Only ``NPM_FILES``, the licence and
    ``package.json`` are kept. Packages already unpacked at the pinned version are left alone.
    """
    import requests  # build time only

    dest = dest or npm_dir()
    base = (registry or os.environ.get("NPM_CONFIG_REGISTRY") or "https://registry.npmjs.org").rstrip("/")
    with requests.Session() as session:
        for name, version in NPM_PACKAGES.items():
            target = dest / name
            meta = target / "package.json"
            if meta.exists() and json.loads(meta.read_text(encoding="utf-8")).get("version") == version:
                continue
            info = session.get(f"{base}/{name}/{version}", timeout=60)
            info.raise_for_status()
            dist = info.json()["dist"]
            tarball = session.get(dist["tarball"], timeout=120)
            tarball.raise_for_status()
            _check_integrity(tarball.content, dist.get("integrity"), f"{name}@{version}")
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"{name}-{version}.tgz"
                path.write_bytes(tarball.content)
                _unpack(path, target, (*NPM_FILES[name], "LICENSE", "package.json"))
            log.info("fetched npm %s@%s into %s", name, version, target)


def _check_integrity(data: bytes, integrity: str | None, what: str) -> None:
    """Subresource-integrity check (``sha512-<base64>``), as npm itself does."""
    if not integrity or "-" not in integrity:
        raise RuntimeError(f"{what}: the registry gives no integrity hash")
    algorithm, expected = integrity.split("-", 1)
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise RuntimeError(f"{what}: tarball {algorithm} {actual} != the registry's {expected}")


def _unpack(tarball: Path, target: Path, wanted: Iterable[str]) -> None:
    wanted = set(wanted)
    shutil.rmtree(target, ignore_errors=True)
    with tarfile.open(tarball, "r:gz") as archive:
        for member in archive.getmembers():
            rel = member.name.removeprefix("package/")
            if rel not in wanted or not member.isfile():
                continue
            source = archive.extractfile(member)
            assert source is not None  # a regular file
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(source.read())
            wanted.discard(rel)
    if wanted:
        raise RuntimeError(f"{tarball.name} lacks {sorted(wanted)}")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if sys.argv[1:] != ["fetch"]:
        sys.exit("usage: python -m expectations.offline_docs fetch")
    fetch()
