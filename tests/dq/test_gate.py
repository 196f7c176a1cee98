"""The gate on real GX validations: planted defects go to quarantine, the rest loads."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from expectations.gate import QUARANTINE_COLUMNS, GateResult
from tests.dq.batches import COUNTY, clean_batch, planted_batch


def _failing(result: GateResult) -> set[tuple[str, str, str]]:
    """(table, project name or region, check) for every quarantine entry."""
    out = set()
    for row in result.quarantine.itertuples():
        key = json.loads(row.row_key)
        out.add((row.table_name, key.get("project_name") or key.get("region"), row.expectation))
    return out


def test_planted_defects_are_quarantined_with_their_reasons(planted_result: GateResult) -> None:
    assert _failing(planted_result) == {
        ("stage_totals", "洪洞县", "project_count_positive"),
        ("stage_totals", "洪洞县", "enumerated_projects_within_count"),  # -2 < the 0 projects it names
        ("project_mentions", "百万吨级煤制氢一体化项目", "investment_within_bounds"),
        ("project_mentions", "光伏组件生产基地项目", "zone_in_gazetteer"),
        ("project_mentions", "高端装备制造产业园建设项目", "key_unique"),
        ("project_mentions", "氢能重卡换电站项目", "event_date_not_in_future"),
        ("project_mentions", "氢能重卡换电站项目", "event_date_in_campaign_year"),
    }
    observed = dict(
        zip(
            planted_result.quarantine["expectation"], planted_result.quarantine["observed_value"], strict=True
        )
    )
    assert observed["investment_within_bounds"] == "investment_yuan=999900000000"
    assert observed["zone_in_gazetteer"] == "zone=某某新区"
    assert observed["project_count_positive"] == "project_count=-2"
    assert observed["event_date_not_in_future"] == "event_date=2099-02-06"
    assert list(planted_result.quarantine.columns) == list(QUARANTINE_COLUMNS)
    assert set(planted_result.quarantine["severity"]) == {"critical"}
    assert set(planted_result.quarantine["run_id"]) == {"run-planted"}
    # both rows sharing the duplicated key are withheld: the gate cannot tell which one is right
    duplicates = planted_result.quarantine[planted_result.quarantine["expectation"] == "key_unique"]
    assert len(duplicates) == 2
    row = json.loads(duplicates["row_json"].iat[0])
    assert row["article_url"] == COUNTY and row["investment_yuan"] == 800_000_000


def test_the_rest_of_the_batch_loads(planted_result: GateResult) -> None:
    planted, clean = planted_batch(), planted_result.clean
    assert not planted_result.blocked
    assert planted_result.rows_quarantined == 6
    assert len(clean.articles) == len(planted.articles) == 2
    assert len(clean.campaigns) == 2
    assert len(clean.stage_totals) == len(planted.stage_totals) - 1
    assert len(clean.project_mentions) == len(planted.project_mentions) - 5
    assert -2 not in clean.stage_totals["project_count"].tolist()
    assert "某某新区" not in set(clean.project_mentions["zone"])
    # the warning-only row (name without a known ending) loads and is reported
    assert "农产品冷链物流" in set(clean.project_mentions["project_name"])
    warning = [r for r in planted_result.failed_warnings if r["expectation"] == "project_name_suffix"]
    assert warning and warning[0]["examples"] == ["农产品冷链物流"]
    # clean frames keep the contract's dtypes
    assert str(clean.stage_totals["project_count"].dtype) == "Int64"


def test_results_are_plain_json_ready_dicts(planted_result: GateResult) -> None:
    def walk(value: object) -> None:
        assert not isinstance(value, np.generic | pd.Timestamp), value
        if isinstance(value, float):
            assert not math.isnan(value), "NaN leaked"
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        if isinstance(value, list):
            for item in value:
                walk(item)

    walk(planted_result.results)
    json.dumps(planted_result.results, ensure_ascii=False)
    by_check = {(r["table_name"], r["expectation"]): r for r in planted_result.results}
    bounds = by_check[("project_mentions", "investment_within_bounds")]
    assert bounds["success"] is False and bounds["unexpected_count"] == 1
    assert bounds["examples"] == [999_900_000_000]
    assert bounds["example_rows"][0]["project_name"] == "百万吨级煤制氢一体化项目"
    assert by_check[("articles", "url_unique")]["success"] is True
    assert {r["severity"] for r in planted_result.results} == {"critical", "warning"}


def test_data_docs_written_to_the_stable_folder(planted_result: GateResult, data_docs_index: Path) -> None:
    assert planted_result.data_docs_path == data_docs_index
    assert data_docs_index.is_file()
    pages = list((data_docs_index.parent / "validations").rglob("*.html"))
    assert any("project_mentions" in str(p) for p in pages)
    assert any("stage_totals" in str(p) for p in (data_docs_index.parent / "expectations").rglob("*.html"))


def test_clean_batch_passes_untouched(clean_result: GateResult) -> None:
    batch = clean_batch()
    assert clean_result.failed == []
    assert clean_result.quarantine.empty and not clean_result.blocked and not clean_result.needs_alert
    for table in ("articles", "campaigns", "stage_totals", "project_mentions"):
        pd.testing.assert_frame_equal(getattr(clean_result.clean, table), getattr(batch, table))
