"""Minimal HTML → (title, text) for the ``extract`` command's HTML input.

Prefers the 临汾新闻网 article template (title ``h2.xb-h2``, body paragraphs in ``div.nry.jcontent``)
and falls back to ``<title>`` and every ``<p>`` for any other page. The crawler has its own, fuller
parser; this one only has to turn an arbitrary saved ``.html`` file into text.
"""

from __future__ import annotations

from bs4 import BeautifulSoup


def html_to_text(data: bytes) -> tuple[str, str]:
    """Raw HTML bytes (any declared encoding; GBK/GB2312 read as GB18030) → (title, body text)."""
    soup = BeautifulSoup(data, "lxml")
    title_tag = soup.select_one("h2.xb-h2") or soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else ""
    body = soup.select_one("div.nry.jcontent")
    paragraphs = body.find_all("p") if body is not None else soup.find_all("p")
    if body is not None and not paragraphs:
        lines = [body.get_text("\n", strip=True)]
    else:
        lines = [p.get_text(" ", strip=True) for p in paragraphs]
    return title, "\n".join(line for line in lines if line)
