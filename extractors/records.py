"""Plain typed records produced by fetching and parsing pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ArchivedResponse:
    """One HTTP response as kept in the raw archive (body stored compressed, content-hashed)."""

    url: str
    status: int
    headers: dict[str, str]
    fetched_at: datetime  # tz-aware UTC
    sha256: str  # of the raw body bytes, before any decoding
    kind: str = "article"  # robots | list | article
    fetched_url: str = ""  # the address actually requested (the live site or a replica); url is canonical


@dataclass(frozen=True)
class ListItem:
    url: str  # canonical absolute URL
    article_id: str
    title: str


@dataclass(frozen=True)
class Article:
    """A parsed article page; text fields are decoded UTF-8 (not yet normalised)."""

    url: str  # canonical absolute URL
    article_id: str  # the site's id: "2677701", or "aid-336872" for old /plus/view.php?aid= URLs
    channel: str  # channel slug such as "linfen/shizheng"
    title: str
    published_at: datetime | None  # tz-aware, Asia/Shanghai
    source: str | None  # 来源
    reporters: list[str] = field(default_factory=list)
    editor: str | None = None  # 责任编辑
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    content_sha256: str = ""  # sha256 of the raw response body it was parsed from
    page_chars: int = 0  # visible characters of the whole page (menus and footer too), for thin_body

    @property
    def text(self) -> str:
        """Title + body as one plain text, the input of extraction."""
        return "\n".join([self.title, *self.paragraphs])
