"""The committed replica (``sample_site/``): up to date with ``corpus/``, complete, faithful markup."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import lxml.html
import pytest

from devtools.replica import (
    _CAPTION_LINE,
    MARKER,
    CorpusError,
    ReplicaManifest,
    _split_body,
    build_replica,
    load_corpus,
)
from devtools.site_server import REPO_ROOT, SAMPLE_SITE
from extractors.parse import parse_article
from extractors.profile import load_profile

CORPUS = REPO_ROOT / "corpus"
PROFILE = load_profile()


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ReplicaManifest]:
    root = tmp_path_factory.mktemp("regenerated") / "sample_site"
    return root, build_replica(CORPUS, root)


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_committed_replica_is_regenerated_from_the_corpus(regenerated: tuple[Path, ReplicaManifest]) -> None:
    committed, fresh = _tree(SAMPLE_SITE), _tree(regenerated[0])
    stale = sorted(set(committed) ^ set(fresh)) + sorted(
        name for name in set(committed) & set(fresh) if committed[name] != fresh[name]
    )
    assert not stale, f"sample_site/ is stale ({stale[:5]}…): run `make replica`"


def test_replica_has_what_the_tests_and_demo_need(regenerated: tuple[Path, ReplicaManifest]) -> None:
    _, manifest = regenerated
    articles = manifest.articles
    assert len(articles) >= 60
    assert {a.article.published.year for a in articles} == set(range(2020, 2026))
    distinct_pages = Counter(
        {
            c: len({p for p in pages if not p.endswith("index_1.html")})
            for c, pages in manifest.list_pages.items()
        }
    )
    assert sum(1 for n in distinct_pages.values() if n >= 3) >= 3
    assert any(a.article.template == "picture" and a.url_path.startswith("/newstp/") for a in articles)
    assert [a.url_path for a in articles if a.article.url_style == "old"] == ["/plus/view.php?aid=341207"]
    assert [a.encoding for a in articles].count("gbk") == 1
    assert manifest.broken_links and not (SAMPLE_SITE / manifest.broken_links[0].lstrip("/")).exists()
    robots = (SAMPLE_SITE / "robots.txt").read_text()
    assert "Disallow: /member/" in robots and manifest.trap_links == ["/member/2799001.html"]
    # Plainly marked as sample data: README and a comment on every page.
    assert MARKER in (SAMPLE_SITE / "README.md").read_text()
    for page in SAMPLE_SITE.rglob("*.html"):
        assert b"SAMPLE DATA" in page.read_bytes()[:400], page


def test_gbk_page_is_gbk_with_a_matching_meta_tag(regenerated: tuple[Path, ReplicaManifest]) -> None:
    gbk = next(a for a in regenerated[1].articles if a.encoding == "gbk")
    raw = (SAMPLE_SITE / gbk.file).read_bytes()
    assert b'content="text/html; charset=gb2312"' in raw
    assert gbk.article.title in raw.decode("gb18030")


def test_article_markup_matches_the_public_scraper_configs(regenerated: tuple[Path, ReplicaManifest]) -> None:
    standard = next(
        a
        for a in regenerated[1].articles
        if a.article.url_style == "current"
        and a.article.template == "standard"
        and a.encoding == "utf-8"
        and a.article.channel == "linfen/shizheng"
    )
    page = lxml.html.fromstring((SAMPLE_SITE / standard.file).read_bytes())
    # S1's absolute XPath and S2's @class equality tests.
    assert page.xpath("/html/body/div[3]/div/div/div[1]/h2")[0].text
    assert page.xpath("//h2[@class='h2 text-center xb-h2']")
    meta = page.xpath("//div[@class='col-md-8 xb-left']/h3[@class='h4 text-center xb-h4']")[0].text_content()
    assert re.match(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 来源：临汾新闻网\u3000\u3000 浏览次数：$", meta)
    paragraphs = page.xpath("//div[@class='col-md-12 nry jcontent']/p")
    assert paragraphs[0].text_content().startswith("\u3000\u3000")
    assert page.xpath("//div[@class='text-right zrbj']/p")[0].text_content().startswith("责任编辑")
    assert page.xpath("//div[@class='navlf']/span/span/a")[-1].get("href") == "/linfen/shizheng/"


def test_picture_template_markup() -> None:
    picture = next(SAMPLE_SITE.glob("newstp/[0-9]*.html"))
    page = lxml.html.fromstring(picture.read_bytes())
    assert page.xpath("//div[@class='piccontext']/h2")[0].text_content()
    assert page.xpath("//div[@class='picshow']//img")


def test_home_page_has_the_home_selectors() -> None:
    home = lxml.html.fromstring((SAMPLE_SITE / "index.html").read_bytes())
    assert home.xpath("//div[@class='topnews-strong t-news']//a")
    assert home.xpath("//div[@class='swiper-hd']//div[@class='hd-title']//a")
    assert home.xpath("//div[@class='n-c-Focus']/ul[@class='list-light-gray']/li/a")
    assert len(home.xpath("//div[@class='menu']//div[@class='m-l-content fl']/ul/li/a")) >= 6


def test_every_corpus_article_round_trips_through_the_parser(
    regenerated: tuple[Path, ReplicaManifest],
) -> None:
    root, manifest = regenerated
    for item in manifest.articles:
        url = PROFILE.canonical_base.rstrip("/") + item.url_path
        article = parse_article((root / item.file).read_bytes(), "text/html", url=url, profile=PROFILE)
        lines, _ = _split_body(item.article)
        assert article.title == item.article.title, item.article.slug
        assert article.paragraphs == [x for x in lines if not _CAPTION_LINE.match(x)], item.article.slug
        assert article.captions == [x for x in lines if _CAPTION_LINE.match(x)], item.article.slug
        assert article.editor == item.editor
        assert article.published_at is not None
        assert article.published_at.replace(tzinfo=None) == item.article.published
        assert article.channel == item.article.channel
        assert article.article_id == item.article_id
        assert article.source == "临汾新闻网"


def test_regenerating_an_unchanged_corpus_writes_nothing(tmp_path: Path) -> None:
    first = build_replica(CORPUS, tmp_path / "site")
    second = build_replica(CORPUS, tmp_path / "site")
    assert first.written and second.written == [] and second.removed == []


def test_stale_files_are_removed_but_foreign_directories_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_replica(CORPUS, site)
    (site / "linfen/shizheng/1234567.html").write_text("old")
    assert site / "linfen/shizheng/1234567.html" in build_replica(CORPUS, site).removed

    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(CorpusError, match="not generated by devtools.replica"):
        build_replica(CORPUS, foreign)
    assert (foreign / "notes.txt").read_text() == "mine"


def test_corpus_errors_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("标题\n正文\n")
    with pytest.raises(CorpusError, match=r"a\.txt: no a\.expected\.json"):
        load_corpus(tmp_path)
    (tmp_path / "a.expected.json").write_text('{"published": "2024-13-01", "channel": "shanxi"}')
    with pytest.raises(CorpusError, match=r"a\.expected\.json: 'published'"):
        load_corpus(tmp_path)
