"""One parse per archived page: the parsed article is kept in the archive index beside its raw body.

The crawl parses every article it fetches (for its date, and to refuse a truncated page); the
downstream steps then read that parse instead of parsing the same bytes again. Replay of an unchanged
archive parses nothing. A kept parse is found by a key over everything its result depends on:
the body (sha256), the URL (the article id and channel come from it), the Content-Type (the charset),
the site profile (selectors) and the parser's own source code. Change any of them and the page is
parsed afresh, so a kept parse is never stale and no version number has to be remembered. The
parses of older versions are dropped when the archive is next read (``iter_archived_articles``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import datetime
from functools import cache
from pathlib import Path

from extractors import decoding, parse
from extractors.archive import RawArchive
from extractors.parse import parse_article
from extractors.profile import SiteProfile
from extractors.records import Article

# The modules whose code decides what a page parses to.
PARSER_SOURCES = (Path(parse.__file__), Path(decoding.__file__))


@cache
def parser_fingerprint(profile: SiteProfile) -> str:
    """sha256 of the parser's source files and the profile (its repr is all its settings)."""
    digest = hashlib.sha256()
    for source in PARSER_SOURCES:
        digest.update(source.read_bytes())
    digest.update(repr(profile).encode())
    return digest.hexdigest()


def parse_key(*, sha256: str, url: str, content_type: str | None, profile: SiteProfile) -> str:
    parts = (parser_fingerprint(profile), sha256, url, content_type or "")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def parse_archived(
    archive: RawArchive, *, sha256: str, url: str, content_type: str | None, profile: SiteProfile
) -> Article:
    """The article parsed from an archived body: the kept parse, or a new one that is then kept.

    Raises ``ArticleParseError`` (the page does not parse; nothing is kept, so it is reported again)
    or ``ArchiveError`` (the body is missing or corrupt).
    """
    key = parse_key(sha256=sha256, url=url, content_type=content_type, profile=profile)
    kept = archive.parsed(key)
    if kept is not None:
        return article_from_json(kept)
    article = parse_article(archive.body(sha256), content_type, url=url, profile=profile, sha256=sha256)
    archive.keep_parsed(key, parser_fingerprint(profile), article_to_json(article))
    return article


def forget_other_versions(archive: RawArchive, profile: SiteProfile) -> int:
    """Drop the parses an older parser or profile made: they are never read again, and would stay in
    the index as dead weight (about the size of the text). Returns how many were dropped."""
    return archive.forget_parses_except(parser_fingerprint(profile))


def article_to_json(article: Article) -> str:
    fields = asdict(article)
    if article.published_at is not None:
        fields["published_at"] = article.published_at.isoformat()
    return json.dumps(fields, ensure_ascii=False)


def article_from_json(text: str) -> Article:
    fields = json.loads(text)
    if fields["published_at"] is not None:
        fields["published_at"] = datetime.fromisoformat(fields["published_at"])
    return Article(**fields)
