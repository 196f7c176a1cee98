"""List and article parsing, decoding and profiles, on hand-written pages (no network)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from extractors.decoding import decode_html, normalise_encoding
from extractors.parse import ArticleParseError, parse_article, parse_list_page, parse_reporters, split_names
from extractors.profile import PROFILES_DIR, ProfileError, load_profile

PROFILE = load_profile()
SHANGHAI = ZoneInfo("Asia/Shanghai")
LIVE = "http://www.lfxww.com"


def list_page(hrefs: list[str]) -> bytes:
    items = "".join(f'<li><a href="{h}">标题{i}</a><span>2024-01-01</span></li>' for i, h in enumerate(hrefs))
    return (
        '<html><head><meta charset="utf-8"></head><body><div id="contentText"><div class="list">'
        f'<ul>{items}</ul></div><div class="pages"><a href="index_2.html">下一页</a></div></div></body></html>'
    ).encode()


def article_page(
    *,
    meta: str = "2021-12-10 09:41:29 来源：临汾新闻网\u3000\u3000 浏览次数：<script src='/plus/count.php?aid=1'></script>",
    body: str = "<p>\u3000\u3000临汾新闻网讯（记者 尹娜 郭海琪）12月10日，会议召开。</p><p>\u3000\u3000第二段。</p>",
    editor: str = "<div class='text-right zrbj'><p>责任编辑：畅任杰</p></div>",
    title: str = "<h2 class='h2 text-center xb-h2'>王宏晋一行到临汾调研</h2>",
    encoding: str = "utf-8",
) -> bytes:
    html = (
        f"<html><head><meta http-equiv='Content-Type' content='text/html; charset={encoding}'></head><body>"
        "<div class='header'></div><div class='menu'></div><div class='wrap'><div class='container'>"
        "<div class='row'><div class='col-md-8 xb-left'>"
        "<div class='navlf'><span><span><a href='/'>首页</a></span><span><a href='/linfen/shizheng/'>时政要闻</a>"
        f"</span></span></div>{title}<h3 class='h4 text-center xb-h4'>{meta}</h3>"
        f"<div class='col-md-12 nry jcontent'>{body}<p>&nbsp;</p></div>{editor}"
        "<div><p>版权声明：凡临汾日报、临汾新闻网刊载及发布的各类稿件，未经书面授权，不得转载发布。</p></div>"
        "</div></div></div></div></body></html>"
    )
    return html.encode("gb18030" if encoding == "gb2312" else encoding)


@pytest.mark.parametrize(
    "hrefs",
    [
        # The live site writes absolute hrefs; the replica root-relative ones. Same result.
        [
            f"{LIVE}/linfen/shizheng/2677701.html",
            f"{LIVE}/plus/view.php?aid=336872",
            f"{LIVE}/2021/xmww/2660429.html",
        ],
        ["/linfen/shizheng/2677701.html", "/plus/view.php?aid=336872", "/2021/xmww/2660429.html"],
        ["2677701.html", "../../plus/view.php?aid=336872", "../../2021/xmww/2660429.html"],
    ],
)
def test_list_hrefs_absolute_or_relative_give_canonical_urls(hrefs: list[str]) -> None:
    page = parse_list_page(
        list_page(hrefs), "text/html", page_url="http://127.0.0.1:8123/linfen/shizheng/", profile=PROFILE
    )
    assert [(i.url, i.article_id) for i in page.items] == [
        (f"{LIVE}/linfen/shizheng/2677701.html", "2677701"),
        (f"{LIVE}/plus/view.php?aid=336872", "aid-336872"),
        (f"{LIVE}/2021/xmww/2660429.html", "2660429"),
    ]
    assert page.anchors == 3


def test_list_skips_h5_offsite_and_duplicate_links() -> None:
    hrefs = [
        "/h5/2025/lhzt/index.html",
        "http://example.org/linfen/shizheng/2677701.html",
        "/linfen/shizheng/2677701.html",
        "/linfen/shizheng/2677701.html#top",
        "/linfen/shizheng/index_2.html",
    ]
    page = parse_list_page(list_page(hrefs), None, page_url=f"{LIVE}/linfen/shizheng/", profile=PROFILE)
    assert [i.url for i in page.items] == [f"{LIVE}/linfen/shizheng/2677701.html"]
    assert page.skipped == hrefs[:2]
    assert page.other == [f"{LIVE}/linfen/shizheng/index_2.html"]


def test_list_page_without_the_selector_has_no_anchors() -> None:
    page = parse_list_page(
        b"<html><body><ul><li><a href='/a/1234567.html'>x</a></li></ul></body></html>",
        None,
        page_url=LIVE,
        profile=PROFILE,
    )
    assert page.anchors == 0 and page.items == []


def test_article_fields() -> None:
    article = parse_article(
        article_page(), "text/html", url=f"{LIVE}/linfen/shizheng/2677701.html", profile=PROFILE
    )
    assert article.title == "王宏晋一行到临汾调研"
    assert article.article_id == "2677701" and article.channel == "linfen/shizheng"
    assert article.published_at == datetime(2021, 12, 10, 9, 41, 29, tzinfo=SHANGHAI)
    assert article.source == "临汾新闻网"
    assert article.reporters == ["尹娜", "郭海琪"]
    assert article.editor == "畅任杰"
    assert article.paragraphs == ["临汾新闻网讯（记者 尹娜 郭海琪）12月10日，会议召开。", "第二段。"]
    assert article.text.startswith("王宏晋一行到临汾调研\n临汾新闻网讯")


def test_old_template_variants() -> None:
    """No 浏览次数, editor with an ASCII colon and the copyright inside the body, channel from the breadcrumb."""
    body = (
        "<p>\u3000\u3000市政府召开常务会议。</p><p style='text-align:center'><img src='/a.jpg'></p>"
        "<p style='text-align:center'>会议现场。</p><p>\u3000\u3000第二段。</p><p>记者 陈 明 亢亚莉</p>"
        "<p>责任编辑: 吉政</p><p>版权声明：凡临汾日报晚报版……不得转载。</p>"
    )
    article = parse_article(
        article_page(meta="2015-11-25 10:31:52 来源：临汾日报\u3000\u3000 ", body=body, editor=""),
        None,
        url=f"{LIVE}/plus/view.php?aid=336872",
        profile=PROFILE,
    )
    assert article.article_id == "aid-336872" and article.channel == "linfen/shizheng"
    assert article.source == "临汾日报"
    assert article.editor == "吉政"
    assert article.captions == ["会议现场。"]
    assert article.paragraphs == ["市政府召开常务会议。", "第二段。", "记者 陈 明 亢亚莉"]
    assert article.reporters == ["陈明", "亢亚莉"]


def test_gb2312_labelled_page_with_gbk_only_characters() -> None:
    page = article_page(title="<h2 class='h2 text-center xb-h2'>镕铸新篇 项目建设</h2>", encoding="gb2312")
    article = parse_article(page, "text/html", url=f"{LIVE}/linfen/qyxw/2703093.html", profile=PROFILE)
    assert article.title == "镕铸新篇 项目建设"


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        (article_page(title="<h1>新标题</h1>"), "article_no_title"),
        (article_page().replace(b"nry jcontent", b"article-body"), "article_no_body"),
    ],
)
def test_missing_selectors_raise_with_the_kind(page: bytes, kind: str) -> None:
    with pytest.raises(ArticleParseError) as caught:
        parse_article(page, None, url=f"{LIVE}/linfen/shizheng/2677701.html", profile=PROFILE)
    assert caught.value.kind == kind


def test_reporters() -> None:
    assert split_names("陈 明 亢亚莉") == ["陈明", "亢亚莉"]
    assert parse_reporters(["臨汾新聞網訊 (記者 張 浩) 2月6日"], PROFILE) == ["張浩"]
    assert parse_reporters(["临汾新闻网讯（记者 亢亚莉 通讯员 王磊）10月28日"], PROFILE) == ["亢亚莉"]
    assert parse_reporters(["正文。", "记者 张蕴强 摄影报道"], PROFILE) == ["张蕴强"]
    assert parse_reporters(["记者从市教育局了解到，各考点已完成标准化建设，将于明日开考。"], PROFILE) == []


def test_decoding_order_header_then_meta_then_detection() -> None:
    text = "<html><head><meta charset='gb2312'></head><body>临汾开发区签约一批项目</body></html>"
    gbk = text.encode("gbk")
    assert decode_html(gbk, "text/html").declared_by == "meta"
    assert decode_html(gbk, "text/html").encoding == "gb18030"
    assert decode_html(gbk, "text/html; charset=GBK").declared_by == "header"
    # A wrong header charset (bytes are not UTF-8) falls through to the meta tag.
    assert decode_html(gbk, "text/html; charset=utf-8").declared_by == "meta"
    plain = ("临汾经济开发区举行项目集中签约仪式，总投资九十九亿元。" * 4).encode("gbk")
    detected = decode_html(plain, None)
    assert detected.declared_by == "detected" and "签约仪式" in detected.text
    assert normalise_encoding("GB2312") == "gb18030" and normalise_encoding("x-unknown") is None


def test_profile_errors_name_the_file(tmp_path: Path) -> None:
    data = yaml.safe_load((PROFILES_DIR / "lfxww.yaml").read_text())
    del data["article"]
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(ProfileError, match=r"broken\.yaml: missing key 'article'"):
        load_profile(str(broken))
    with pytest.raises(ProfileError, match="not found"):
        load_profile("no-such-site")


def test_profile_urls() -> None:
    assert PROFILE.list_page_path("linfen/shizheng", 0) == "/linfen/shizheng/"
    assert PROFILE.list_page_path("linfen/shizheng", 3) == "/linfen/shizheng/index_3.html"
    assert (
        PROFILE.fetch_url(f"{LIVE}/plus/view.php?aid=1", "http://127.0.0.1:9/")
        == "http://127.0.0.1:9/plus/view.php?aid=1"
    )
    assert PROFILE.article_ref(f"{LIVE}/linfen/shizheng/index_1.html") is None
    assert {c.path for c in PROFILE.crawl_channels} >= {"linfen/shizheng", "linfen/qyxw", "newstp"}
