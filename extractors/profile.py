"""Site profiles: everything site-specific (addresses, channels, URL patterns, selectors) as data.

A profile is a YAML file in ``extractors/profiles/``. ``load_profile("lfxww")`` reads the bundled one;
a path loads any other. Code never hard-codes a selector or a URL shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import yaml

PROFILES_DIR = Path(__file__).parent / "profiles"


class ProfileError(ValueError):
    """A profile file is missing a key or holds a value of the wrong shape."""


@dataclass(frozen=True)
class Channel:
    path: str  # "linfen/shizheng" (no leading or trailing slash)
    name: str
    crawl: bool


@dataclass(frozen=True)
class ArticleUrlPattern:
    name: str
    pattern: re.Pattern[str]
    id_format: str


@dataclass(frozen=True)
class ArticleRef:
    """What a URL alone says about an article."""

    url: str  # canonical absolute URL
    article_id: str
    channel: str  # "" when the URL does not carry it (old /plus/view.php URLs)
    style: str  # name of the matching ArticleUrlPattern


@dataclass(frozen=True)
class SiteProfile:
    name: str
    site_name: str
    canonical_base: str
    host_aliases: tuple[str, ...]
    timezone: ZoneInfo
    robots_path: str
    channels: tuple[Channel, ...]
    list_root: str
    list_numbered: str
    max_list_pages: int
    list_item_links: str
    skip_href_containing: tuple[str, ...]
    article_urls: tuple[ArticleUrlPattern, ...]
    title_selectors: tuple[str, ...]
    meta_selectors: tuple[str, ...]
    body_selectors: tuple[str, ...]
    editor_selectors: tuple[str, ...]
    breadcrumb_selectors: tuple[str, ...]
    editor_line: re.Pattern[str]
    copyright_line: re.Pattern[str]
    source_pattern: re.Pattern[str]
    reporter_word: str
    other_roles: str
    photo_credit: re.Pattern[str]
    caption_start: re.Pattern[str]

    # ---- addresses -------------------------------------------------------------------------
    @property
    def canonical_host(self) -> str:
        return urlsplit(self.canonical_base).netloc.lower()

    @property
    def crawl_channels(self) -> tuple[Channel, ...]:
        return tuple(c for c in self.channels if c.crawl)

    def channel(self, path: str) -> Channel | None:
        path = path.strip("/")
        return next((c for c in self.channels if c.path == path), None)

    def list_page_path(self, channel: str, page: int) -> str:
        """Site path of list page ``page`` of ``channel``: 0 is the root, n >= 1 is index_n.html."""
        if page == 0:
            return self.list_root.format(channel=channel)
        return self.list_numbered.format(channel=channel, n=page)

    def canonical_url(self, href: str, *, page_url: str, crawl_base: str | None = None) -> str | None:
        """Absolute canonical URL of ``href`` found on ``page_url``, or None when it leaves the site.

        Links to the crawled address (a replica on any port) and to the canonical host both map onto
        the canonical host; the fragment is dropped, the query kept (old URLs carry the id in it).
        """
        absolute = urljoin(page_url, href.strip())
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https"):
            return None
        hosts = {self.canonical_host, *self.host_aliases, urlsplit(page_url).netloc.lower()}
        if crawl_base:
            hosts.add(urlsplit(crawl_base).netloc.lower())
        if parts.netloc.lower() not in hosts:
            return None
        base = urlsplit(self.canonical_base)
        return urlunsplit((base.scheme, base.netloc, parts.path or "/", parts.query, ""))

    def fetch_url(self, canonical: str, crawl_base: str) -> str:
        """Where to fetch a canonical URL when crawling ``crawl_base`` (the site itself or a replica)."""
        parts = urlsplit(canonical)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        return urljoin(crawl_base, path)

    def canonical_path(self, canonical: str) -> str:
        parts = urlsplit(canonical)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def article_ref(self, canonical: str) -> ArticleRef | None:
        """Classify a canonical URL as an article (id, channel, URL style) or None."""
        path = self.canonical_path(canonical)
        for url_pattern in self.article_urls:
            match = url_pattern.pattern.match(path)
            if match:
                groups = match.groupdict()
                return ArticleRef(
                    url=canonical,
                    article_id=url_pattern.id_format.format(**groups),
                    channel=groups.get("channel") or "",
                    style=url_pattern.name,
                )
        return None

    def skip_href(self, href: str) -> bool:
        return any(fragment in href for fragment in self.skip_href_containing)


def _require(mapping: dict[str, Any], key: str, where: str) -> Any:
    if key not in mapping:
        raise ProfileError(f"site profile {where}: missing key {key!r}")
    return mapping[key]


def _selectors(value: Any, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(s, str) for s in items):
        raise ProfileError(f"site profile {where}: expected a selector or a list of selectors")
    return tuple(items)


def profile_from_mapping(data: dict[str, Any], *, where: str = "<mapping>") -> SiteProfile:
    """Build a profile from parsed YAML; errors name the file and the key."""
    lists = _require(data, "list_pages", where)
    article = _require(data, "article", where)
    text = _require(data, "text", where)
    try:
        channels = tuple(
            Channel(path=str(c["path"]).strip("/"), name=str(c.get("name") or ""), crawl=bool(c["crawl"]))
            for c in _require(data, "channels", where)
        )
        url_patterns = tuple(
            ArticleUrlPattern(name=p["name"], pattern=re.compile(p["pattern"]), id_format=p["id_format"])
            for p in _require(data, "article_urls", where)
        )
        return SiteProfile(
            name=str(_require(data, "name", where)),
            site_name=str(data.get("site_name", "")),
            canonical_base=str(_require(data, "canonical_base", where)),
            host_aliases=tuple(h.lower() for h in data.get("host_aliases", [])),
            timezone=ZoneInfo(str(_require(data, "timezone", where))),
            robots_path=str(data.get("robots_path", "/robots.txt")),
            channels=channels,
            list_root=str(_require(lists, "root", where)),
            list_numbered=str(_require(lists, "numbered", where)),
            max_list_pages=int(lists.get("max_pages", 100)),
            list_item_links=str(_require(lists, "item_links", where)),
            skip_href_containing=tuple(lists.get("skip_href_containing", [])),
            article_urls=url_patterns,
            title_selectors=_selectors(_require(article, "title", where), f"{where} article.title"),
            meta_selectors=_selectors(_require(article, "meta", where), f"{where} article.meta"),
            body_selectors=_selectors(_require(article, "body", where), f"{where} article.body"),
            editor_selectors=_selectors(article.get("editor", []) or ["div.zrbj > p"], where),
            breadcrumb_selectors=_selectors(article.get("breadcrumb", []) or ["div.navlf a"], where),
            editor_line=re.compile(_require(text, "editor_line", where)),
            copyright_line=re.compile(_require(text, "copyright_line", where)),
            source_pattern=re.compile(_require(text, "source", where)),
            reporter_word=str(_require(text, "reporter_word", where)),
            other_roles=str(_require(text, "other_roles", where)),
            photo_credit=re.compile(_require(text, "photo_credit", where)),
            caption_start=re.compile(_require(text, "caption_start", where)),
        )
    except (KeyError, TypeError, re.error) as exc:
        raise ProfileError(f"site profile {where}: {exc!r}") from exc


@cache
def load_profile(name_or_path: str = "lfxww") -> SiteProfile:
    """The bundled profile ``name`` (``extractors/profiles/<name>.yaml``) or a profile file path."""
    path = Path(name_or_path)
    if not path.suffix:
        path = PROFILES_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        raise ProfileError(f"site profile not found: {path}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ProfileError(f"site profile {path}: expected a mapping at the top level")
    return profile_from_mapping(data, where=str(path))
