"""List and article page parsing driven by a ``SiteProfile``.

Parsing never touches the network: it takes the raw body bytes and the response's Content-Type, so
the crawler and offline replay share one code path.

The pages are parsed with lxml directly, the profile's CSS selectors compiled once to XPath
(cssselect). This is the hot path of every crawl and replay: BeautifulSoup over the same lxml parser
cost 1.38 ms per article page, 37× lxml's own parse + ``text_content()``; lxml behind the same
functions costs a few times that (docs/crawler.md, ``make bench``). BeautifulSoup stays the
interface for other readers of HTML (``transforms/html_text.py``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from lxml import etree
from lxml.cssselect import CSSSelector

from extractors.decoding import decode_html
from extractors.profile import SiteProfile
from extractors.records import Article, ListItem

# Indent and padding characters the site puts around paragraph text.
_PAD = "\u3000\xa0\u2002\u2003\u200b\ufeff \t\r\n"
_ISO_STAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
_TIMESTAMP = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?")
_CJK_NAME = re.compile(r"^[\u3400-\u9fff·]{1,5}$")
# A caption is short; longer text after an image is body text again.
_CAPTION_MAX_CHARS = 160
# A stand-alone reporter line ("记者 陈 明 亢亚莉") is short.
_REPORTER_LINE_MAX_CHARS = 30


class ArticleParseError(ValueError):
    """The page does not look like an article of this profile; ``kind`` names the missing part."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class ListPage:
    items: list[ListItem]  # article links in page order, deduplicated
    anchors: int  # how many anchors the item selector matched (0 on a page whose markup changed)
    skipped: list[str] = field(default_factory=list)  # hrefs dropped by the profile (h5) or off-site
    other: list[str] = field(default_factory=list)  # on-site links that are not articles
    # The highest list page of the same channel this page links to (its pager), None when it links
    # to none: a page that links to no page after itself is the channel's last.
    highest_linked_page: int | None = None


_XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*>")


# Plain lxml elements: lxml.html's element classes cost a Python lookup per node for nothing used here.
_HTML_PARSER = etree.HTMLParser()
_SCRIPTS = etree.XPath("//script|//style")


def tree_of(body: bytes, content_type: str | None) -> etree._Element:
    """The page as an lxml tree, decoded as ``decode_html`` decides (scripts and styles dropped)."""
    text = decode_html(body, content_type).text
    if text[:100].lstrip().startswith("<?xml"):
        text = _XML_DECLARATION_RE.sub("", text, count=1)  # lxml refuses a declaration in a str
    root = etree.fromstring(text, _HTML_PARSER) if text.strip() else None
    if root is None:  # nothing but whitespace or comments
        root = etree.fromstring("<html><body></body></html>", _HTML_PARSER)
    for element in _SCRIPTS(root):
        _drop(element)
    return root


def _drop(element: etree._Element) -> None:
    """Remove an element but keep the text after it, as the page shows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


@cache
def _selector(css: str) -> CSSSelector:
    return CSSSelector(css)


def _select(root: etree._Element, css: str) -> list[etree._Element]:
    return _selector(css)(root)  # type: ignore[no-any-return]


_STRING = etree.XPath("string()")


def _text(element: etree._Element, separator: str = "") -> str:
    if not separator:
        return str(_STRING(element))  # concatenated in C
    return separator.join(element.itertext())


def clean_text(text: str) -> str:
    """Strip indents (U+3000, nbsp) at both ends and collapse inner runs of ASCII whitespace."""
    text = text.strip(_PAD)
    return re.sub(r"[ \t\r\n]+", " ", text)


def parse_list_page(
    body: bytes,
    content_type: str | None,
    *,
    page_url: str,
    profile: SiteProfile,
    crawl_base: str | None = None,
    channel: str | None = None,
) -> ListPage:
    """Article links of a list page (and, given its ``channel``, the highest list page it links to)."""
    root = tree_of(body, content_type)
    anchors = _select(root, profile.list_item_links)
    items: list[ListItem] = []
    seen: set[str] = set()
    skipped: list[str] = []
    other: list[str] = []
    for anchor in anchors:
        href = anchor.get("href")
        if not isinstance(href, str) or not href.strip():
            continue
        if profile.skip_href(href):
            skipped.append(href)
            continue
        canonical = profile.canonical_url(href, page_url=page_url, crawl_base=crawl_base)
        if canonical is None:
            skipped.append(href)
            continue
        ref = profile.article_ref(canonical)
        if ref is None:
            other.append(canonical)
            continue
        if canonical in seen:
            continue
        seen.add(canonical)
        title = clean_text(anchor.get("title") or _text(anchor))
        items.append(ListItem(url=canonical, article_id=ref.article_id, title=title))
    return ListPage(
        items=items,
        anchors=len(anchors),
        skipped=skipped,
        other=other,
        highest_linked_page=_highest_linked_page(root, page_url, profile, crawl_base, channel),
    )


def _highest_linked_page(
    root: etree._Element,
    page_url: str,
    profile: SiteProfile,
    crawl_base: str | None,
    channel: str | None,
) -> int | None:
    """The largest n of this page's links to its own channel's list pages (root = 0, index_n = n):
    any markup, since the pager is where they are. None when there are none, or no channel given."""
    if channel is None:
        return None
    root_path = profile.list_page_path(channel, 0)
    numbered = re.compile(
        "^"
        + re.escape(profile.list_numbered)
        .replace(re.escape("{channel}"), re.escape(channel))
        .replace(re.escape("{n}"), r"(\d+)")
        + "$"
    )
    highest: int | None = None
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if not href:
            continue
        canonical = profile.canonical_url(href, page_url=page_url, crawl_base=crawl_base)
        if canonical is None:
            continue
        path = profile.canonical_path(canonical)
        found = numbered.match(path)
        number = int(found.group(1)) if found else (0 if path == root_path else None)
        if number is not None and (highest is None or number > highest):
            highest = number
    return highest


def _first(root: etree._Element, selectors: tuple[str, ...]) -> etree._Element | None:
    for selector in selectors:
        found = _select(root, selector)
        if found:
            return found[0]
    return None


def parse_published(meta_text: str, profile: SiteProfile) -> datetime | None:
    """The meta line starts with ``YYYY-MM-DD HH:MM:SS`` (its first 19 characters), Asia/Shanghai."""
    head = clean_text(meta_text)
    try:
        if _ISO_STAMP.fullmatch(head[:19]):  # the usual form: read in C (strptime is 7 % of a parse)
            naive = datetime.fromisoformat(head[:19])
        else:
            naive = datetime.strptime(head[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        match = _TIMESTAMP.search(head)
        if not match:
            return None
        year, month, day, hour, minute, second = match.groups()
        naive = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    return naive.replace(tzinfo=profile.timezone)


def parse_source(meta_text: str, profile: SiteProfile) -> str | None:
    match = profile.source_pattern.search(meta_text)
    if not match:
        return None
    source = clean_text(match.group("source")).strip(_PAD)
    return source or None


def split_names(text: str) -> list[str]:
    """Names in a reporter list. Two-character names are often typeset with a space ("陈 明"), so
    consecutive single characters pair up into one name."""
    tokens = [t for t in re.split(r"[\s\u3000、，,;；/]+", text) if t]
    names: list[str] = []
    pending = ""
    for token in tokens:
        if len(token) == 1:
            pending += token
            if len(pending) == 2:
                names.append(pending)
                pending = ""
            continue
        if pending:
            names.append(pending)
            pending = ""
        names.append(token)
    if pending:
        names.append(pending)
    return [n for n in names if _CJK_NAME.match(n)]


def parse_reporters(paragraphs: list[str], profile: SiteProfile) -> list[str]:
    """Reporters from the dateline ``（记者 尹娜 郭海琪）`` and from stand-alone ``记者 X`` lines."""
    word, roles = profile.reporter_word, profile.other_roles
    dateline = re.compile(rf"[（(]\s*{word}\s*(?P<names>[^）)]*?)\s*(?:{roles}[^）)]*)?[）)]")
    line = re.compile(rf"^{word}\s*(?P<names>.+)$")
    found: list[str] = []
    for paragraph in paragraphs[:4]:
        match = dateline.search(paragraph)
        if match:
            found.extend(split_names(match.group("names")))
            break
    for paragraph in paragraphs:
        if len(paragraph) > _REPORTER_LINE_MAX_CHARS:
            continue
        match = line.match(paragraph)
        if match:
            names = profile.photo_credit.sub("", match.group("names").strip(_PAD))
            names = re.split(roles, names)[0]
            found.extend(split_names(names))
    return list(dict.fromkeys(found))


def _paragraph_blocks(body: etree._Element) -> list[etree._Element | str]:
    """Paragraph-level blocks of a body: its ``p`` elements, or text lines when it has none."""
    paragraphs = body.xpath(".//p")
    if paragraphs:
        return list(paragraphs)
    return [line for line in _text(body, "\n").split("\n")]


_TRUNCATED_RE = re.compile(rb"</html\s*>", re.IGNORECASE)


def parse_article(
    body: bytes,
    content_type: str | None,
    *,
    url: str,
    profile: SiteProfile,
    sha256: str | None = None,
) -> Article:
    """Parse an article page; raises ``ArticleParseError`` when the title or body selectors match nothing."""
    ref = profile.article_ref(url)
    if ref is None:
        raise ArticleParseError("not_article_url", f"{url} matches no article URL pattern of {profile.name}")
    if _TRUNCATED_RE.search(body[-2048:]) is None:
        # A parser recovers a cut-off page without complaint and returns part of its text; a whole
        # page ends with </html>, so a missing end tag is a truncated answer, not a short article.
        raise ArticleParseError("article_truncated", f"the page ends without </html> ({len(body)} bytes)")
    root = tree_of(body, content_type)

    title_tag = _first(root, profile.title_selectors)
    title = clean_text(_text(title_tag)) if title_tag is not None else ""
    if not title:
        raise ArticleParseError("article_no_title", f"no title at {list(profile.title_selectors)}")
    body_tag = _first(root, profile.body_selectors)
    if body_tag is None:
        raise ArticleParseError("article_no_body", f"no body at {list(profile.body_selectors)}")

    meta_tag = _first(root, profile.meta_selectors)
    meta_text = _text(meta_tag, " ") if meta_tag is not None else ""
    published_at = parse_published(meta_text, profile) if meta_text else None
    source = parse_source(meta_text, profile) if meta_text else None

    editor: str | None = None
    editor_tag = _first(root, profile.editor_selectors)
    if editor_tag is not None:
        match = profile.editor_line.match(clean_text(_text(editor_tag)))
        editor = (match.group("name").strip(_PAD) if match else clean_text(_text(editor_tag))) or None

    paragraphs: list[str] = []
    captions: list[str] = []
    after_image = False
    for block in _paragraph_blocks(body_tag):
        is_element = not isinstance(block, str)
        has_image = is_element and block.find(".//img") is not None  # type: ignore[union-attr]
        text = clean_text(_text(block) if is_element else block)  # type: ignore[arg-type]
        if not text:
            after_image = after_image or has_image
            continue
        editor_match = profile.editor_line.match(text)
        if editor_match:
            editor = editor or editor_match.group("name").strip(_PAD) or None
            continue
        if profile.copyright_line.match(text):
            continue
        is_caption = has_image or (after_image and len(text) <= _CAPTION_MAX_CHARS)
        if is_caption or (profile.caption_start.match(text) and len(text) <= _CAPTION_MAX_CHARS):
            captions.append(text)
        else:
            paragraphs.append(text)
        after_image = has_image
    if not paragraphs and not captions:
        raise ArticleParseError("article_no_body", f"body at {list(profile.body_selectors)} holds no text")

    channel = ref.channel
    if not channel:
        crumb = _select(root, ", ".join(profile.breadcrumb_selectors))
        if crumb:
            href = crumb[-1].get("href")
            if isinstance(href, str):
                canonical = profile.canonical_url(href, page_url=url)
                if canonical:
                    channel = profile.canonical_path(canonical).strip("/")

    return Article(
        url=url,
        article_id=ref.article_id,
        channel=channel,
        title=title,
        published_at=published_at,
        source=source,
        reporters=parse_reporters(paragraphs + captions, profile),
        editor=editor,
        paragraphs=paragraphs,
        captions=captions,
        content_sha256=sha256 or hashlib.sha256(body).hexdigest(),
        page_chars=_visible_chars(_text(root)),
    )


# A page with this much text whose body yields less than this share of it was read wrongly (broken
# markup nests the body elsewhere, or the selectors went stale): its extraction would be silently thin.
THIN_BODY_MIN_PAGE_CHARS = 3000
THIN_BODY_SHARE = 0.2


def thin_body(article: Article) -> str | None:
    """Why the parse recovered suspiciously little of a page full of text, or None when it did not."""
    body = sum(_visible_chars(p) for p in article.paragraphs)
    if article.page_chars >= THIN_BODY_MIN_PAGE_CHARS and body < THIN_BODY_SHARE * article.page_chars:
        return (
            f"the body holds {body:,} of the page's {article.page_chars:,} characters (under "
            f"{THIN_BODY_SHARE:.0%}): broken markup or stale body selectors?"
        )
    return None


def _visible_chars(text: str) -> int:
    return sum(len(part) for part in text.split())
