"""Reference data from the real gazetteer and the project-name rules file."""

from __future__ import annotations

import re

from expectations.reference import load_reference


def test_reference_from_the_gazetteer() -> None:
    reference = load_reference()
    assert (
        "洪洞经济技术开发区" in reference.known_zones and "临汾开发区" not in reference.known_zones
    )  # alias
    # every county-level division of the province: Linfen's 17 and the other cities' (永济市 of 运城市)
    assert {"洪洞县", "尧都区", "侯马市", "永济市", "交城县"} <= reference.known_counties
    assert len(reference.known_counties) > 100
    assert {"山西省", "临汾市", "太原市", "洪洞县", "永济市"} <= reference.known_regions
    assert "全市" not in reference.known_regions


def test_project_name_rule_accepts_known_endings_and_phase_notes() -> None:
    pattern = re.compile(load_reference().project_name_pattern)
    for name in (
        "固废综合利用项目",
        "年产5000吨冻干宠物食品建设项目(二期)",
        "智慧灯杆工程",
        "物流园区",
        "储能基地（一期）",
    ):
        assert pattern.search(name), name
    for name in ("农产品冷链物流", "项目建设推进会议"):
        assert not pattern.search(name), name
