"""Bytes → text for HTML pages: HTTP header charset, then ``<meta>`` charset, then detection.

GB2312 and GBK labels are read as GB18030, their superset: pages labelled gb2312 routinely contain
GBK-only characters, and decoding them as strict gb2312 would fail or drop them.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from email.message import Message

from charset_normalizer import from_bytes

# Labels whose real-world content is a superset encoding.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""",
    re.IGNORECASE,
)
# The meta tag must appear early (HTML requires the first 1024 bytes; allow some slack).
_META_SCAN_BYTES = 4096


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str  # the Python codec that decoded it
    declared_by: str  # "header", "meta", "bom", "detected" or "fallback"


def normalise_encoding(label: str | None) -> str | None:
    """Python codec name for a charset label, with GB2312/GBK widened to GB18030; None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _SUPERSETS.get(label, _SUPERSETS.get(name, name))


def header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    message = Message()
    message["content-type"] = content_type
    return message.get_param("charset")  # type: ignore[return-value]


def meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:_META_SCAN_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def decode_html(body: bytes, content_type: str | None = None) -> DecodedPage:
    """Decode an HTML response body; each declared charset is tried strictly, in order."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"),):
        if body.startswith(bom):
            return DecodedPage(body.decode(codec), "utf-8", "bom")
    candidates = [
        ("header", normalise_encoding(header_charset(content_type))),
        ("meta", normalise_encoding(meta_charset(body))),
    ]
    for declared_by, encoding in candidates:
        if encoding is None:
            continue
        try:
            return DecodedPage(body.decode(encoding), encoding, declared_by)
        except UnicodeDecodeError:
            continue  # a wrong declaration; the next source decides
    best = from_bytes(body).best()
    if best is not None:
        encoding = normalise_encoding(best.encoding) or best.encoding
        try:
            return DecodedPage(body.decode(encoding), encoding, "detected")
        except UnicodeDecodeError:
            pass
    return DecodedPage(body.decode("utf-8", errors="replace"), "utf-8", "fallback")
