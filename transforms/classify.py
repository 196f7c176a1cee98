"""Is an article a project announcement, and of which kind?

Classification is deliberately conservative: an article is an announcement only when it states an
*event* (a signing, a groundbreaking, a start of production, a 三个一批 round) with concrete facts
(a count or an amount next to a stage word, or a named project next to its trigger). Meetings,
targets, budgets and histories that merely mention 项目/签约/亿元 are ``other`` and yield nothing.
``transforms.extract`` finds the facts; this module turns them, plus the title and the event cues,
into an ``ArticleKind``.
"""

from __future__ import annotations

import re
from collections import Counter

from transforms.records import ArticleKind, ProjectMention, Stage, StageTotal

# The province-wide round.
CAMPAIGN_WORD = "三个一批"
# Genres that look back over rounds and projects instead of reporting one: greetings, work reports,
# interviews. Their figures are recollections (去年我们签约了…, 三年来…), never a round's facts.
# An interview is often a quoted slogan with a "——访X主任" subtitle, not only a title opening with 访.
RETROSPECTIVE_TITLE_RE = re.compile(
    r"(?:^|——|—|--|:|\s)访(?!问|贫|企|民|视|客|查|学)|贺词|献词|致辞|工作报告|专访|访谈|对话|答记者问|回眸|盘点|述职|综述|述评|巡礼"
)
# An interview laid out as questions and answers: at least two lines opening with 记者: / 问:.
_QUESTION_LINE_RE = re.compile(r"^(?:记者|问|答)[::]", re.MULTILINE)
# A "——访X书记" subtitle right under the title makes an interview as much as the title does.
_SUBTITLE_RE = re.compile(r"^(?:——|—|--)[^\n]*$", re.MULTILINE)
_OBSERVED_RE = re.compile(r"观摩|参观")
_TITLE_KIND: tuple[tuple[re.Pattern[str], ArticleKind], ...] = (
    (re.compile(r"签约|签订|签署|落户"), "signing"),
    (re.compile(r"开工|奠基|动工|开建"), "groundbreaking"),
    (re.compile(r"投产|竣工|达产|点火|投运|试生产|建成"), "commissioning"),
)
_STAGE_KIND: dict[Stage, ArticleKind] = {
    "signed": "signing",
    "started": "groundbreaking",
    "in_production": "commissioning",
}


# Before 三个一批 in its clause: a backward reference (去年…活动中签约) or an exhortation (要在…活动中).
_NOT_THIS_ROUND_RE = re.compile(
    r"去年|上年|前年|此前|曾|之前|上一|上次|历次|要在|要把|要以|要|将|力争|争取|各开发区|年来|以来|过去|回顾|"
    r"有望|可望|预计|计划|拟|准备|届时|"
    r"(?:该|此|这个|这一)(?:项目|企业)"
)
# After 三个一批: "…活动签约项目" describing one project (该项目是…“三个一批”活动签约项目) looks back.
_PAST_ROUND_PROJECT_RE = re.compile(
    r"^[”\"]?(?:活动)?(?:中)?(?:的)?[“\"]?(?:签约|开工|投产|观摩|重点)(?:一批)?[”\"]?(?:的)?项目"
)


def campaign_mentions(sentences: list[str]) -> list[str]:
    """Sentences that report a 三个一批 round taking place (not recalled, not exhorted)."""
    out = []
    for sentence in sentences:
        pos = sentence.find(CAMPAIGN_WORD)
        if pos < 0:
            continue
        clause_start = max(sentence.rfind(c, 0, pos) for c in ",;:") + 1
        if _NOT_THIS_ROUND_RE.search(sentence[clause_start:pos]):
            continue
        if re.search(r"是|系|为|属于", sentence[clause_start:pos]) and _PAST_ROUND_PROJECT_RE.match(
            sentence[pos + len(CAMPAIGN_WORD) :]
        ):
            continue
        out.append(sentence)
    return out


def is_look_back_genre(title: str, body: str) -> bool:
    """An interview, greeting or work report (by its title, a ——访 subtitle, or Q&A lines)."""
    second_line_end = body.find("\n", body.find("\n") + 1) if "\n" in body else 0
    subtitle = _SUBTITLE_RE.search(body, 0, second_line_end if second_line_end >= 0 else len(body))
    return bool(
        RETROSPECTIVE_TITLE_RE.search(title)
        or (subtitle is not None and RETROSPECTIVE_TITLE_RE.search(subtitle.group(0)))
        or len(_QUESTION_LINE_RE.findall(body)) >= 2
    )


def decide_kind(
    *,
    title: str,
    round_reported: bool,
    event_reported: bool,
    event_in_title: bool,
    stage_totals: list[StageTotal],
    projects: list[ProjectMention],
) -> ArticleKind:
    """The article kind from what was found: facts of an event make an announcement, nothing else does.

    A round report names the round and states its facts. A local event (集中开工, a signing) states
    stage totals, or names projects next to its event cue, or its headline reports it (X县举行重点项目
    集中开复工仪式) even when the text gives no figures.
    """
    if not stage_totals and not (projects and (event_reported or round_reported)) and not event_in_title:
        return "other"
    # a round report states the round's facts; one ceremony held during a round stays that ceremony
    if round_reported and (stage_totals or len({p.stage for p in projects}) > 1 or CAMPAIGN_WORD in title):
        return "campaign_report"
    # 观摩 of production lines is a round's side programme, never a ceremony of its own
    if round_reported and projects and all(_OBSERVED_RE.search(p.sentence) for p in projects):
        return "campaign_report"
    for pattern, kind in _TITLE_KIND:
        if pattern.search(title):
            return kind
    stages = Counter([t.stage for t in stage_totals] + [p.stage for p in projects])
    if not stages:
        return "groundbreaking" if event_in_title else "other"
    return _STAGE_KIND[stages.most_common(1)[0][0]]
