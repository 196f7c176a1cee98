"""``linfen-etl extract`` as a user runs it: a subprocess over real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "linfen_etl"]


def run_extract(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, "extract", *args], capture_output=True, text=True, timeout=120, check=False)


def test_seed_and_missing_file(seed_path: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-article.txt"
    result = run_extract(str(seed_path), str(missing), "--published", "2025-02-06")
    assert result.returncode != 0
    assert str(missing) in result.stderr
    out = json.loads(result.stdout)
    assert len(out) == 1  # the readable file is still processed
    seed = out[0]
    assert seed["source"] == str(seed_path)
    assert seed["is_announcement"] is True
    assert seed["campaign"]["year"] == 2025 and seed["campaign"]["ordinal"] == 1
    assert seed["campaign"]["event_date"] == "2025-02-06"
    assert {
        "stage": "signed",
        "region": "临汾市",
        "project_count": 18,
        "investment_yuan": 9996000000,
    }.items() <= (next(t for t in seed["stage_totals"] if t["stage"] == "signed").items())
    zinc = next(p for p in seed["projects"] if p["name"].startswith("年产70万吨锌铝镁"))
    assert (
        zinc["zone"] == "侯马经济开发区" and zinc["county"] == "侯马市" and zinc["capacity"] == "年产70万吨"
    )


def test_gbk_text_and_html_inputs(seed_text: str, tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(seed_text.encode("gb18030"))
    html = tmp_path / "page.html"
    title, *body = seed_text.split("\n")
    paragraphs = "".join(f"<p>{line}</p>" for line in body)
    html.write_bytes(
        (
            '<html><head><meta charset="gbk"><title>site</title></head><body>'
            f'<h2 class="h2 text-center xb-h2">{title}</h2>'
            f'<div class="col-md-12 nry jcontent">{paragraphs}</div></body></html>'
        ).encode("gbk", errors="replace")
    )
    result = run_extract(str(gbk), str(html), "--published", "2025-02-06")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    for item in out:
        assert item["kind"] == "campaign_report"
        assert len(item["stage_totals"]) == 3
        assert len([p for p in item["projects"] if p["stage"] == "signed"]) == 15
    assert out[1]["title"].endswith("“三个一批”活动")


def test_bad_published_date_is_rejected(seed_path: Path) -> None:
    result = run_extract(str(seed_path), "--published", "6.2.2025")
    assert result.returncode != 0
    assert "6.2.2025" in result.stderr


def test_a_text_over_the_extraction_budget_is_refused_by_name(seed_path: Path, tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_text(
        "标题\n" + "临汾市举行项目集中签约活动。" * 20_000, encoding="utf-8"
    )  # 280,000 characters
    result = run_extract(str(huge), str(seed_path))
    assert result.returncode == 1
    assert f"{huge}: 280,003 characters of text, over the extraction budget of 200,000" in result.stderr
    assert len(json.loads(result.stdout)) == 1  # the seed is still extracted
