"""Normalisation: scripts, converter garbage, full-width forms, whitespace, mojibake."""

from __future__ import annotations

from transforms.normalize import normalize_text
from transforms.text import split_sentences


def test_traditional_to_simplified() -> None:
    assert normalize_text("臨汾經濟開發區簽約項目18個") == "临汾经济开发区签约项目18个"


def test_converter_pinyin_garbage_removed() -> None:
    assert normalize_text("開發(fā)區(qū)“三個一批”活動(dòng)") == "开发区“三个一批”活动"
    # Ordinary parentheses stay.
    assert normalize_text("冻干宠物食品建设项目(二期)") == "冻干宠物食品建设项目(二期)"


def test_full_width_forms_and_whitespace() -> None:
    text = "　　签约项目１８个，总投资９９．９６亿元；\u00a0记者 张 浩\n\n  "
    assert normalize_text(text) == "签约项目18个,总投资99.96亿元;记者张浩"


def test_seed_mojibake_repaired(seed_text: str) -> None:
    text = normalize_text(seed_text)
    assert "活动。活动以视频连线方式举行" in text
    assert "?" not in text


def test_unrepairable_mojibake_is_isolated() -> None:
    # Noise after a lost character that no realignment turns into text: its own sentence.
    text = normalize_text("签约项目18个?齉齾龘鼺。开工项目16个")
    sentences = [s.text for s in split_sentences(text)]
    assert sentences[0] == "签约项目18个。"
    assert "开工项目16个" in sentences[-1]
    assert "齉" in text  # isolated, not dropped


def test_replacement_character_noise() -> None:
    assert "锟斤拷" not in normalize_text("项目锟斤拷锟斤拷签约")
