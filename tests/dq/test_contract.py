"""The staging contract (transforms/contract.py) is what the quality suites check."""

from __future__ import annotations

from datetime import UTC, datetime

import great_expectations.expectations as gxe
import pytest

from expectations.gate import TABLES, _suite_modules
from expectations.suites import CRITICAL, CheckContext
from tests.dq.batches import reference
from transforms.contract import STAGING_TABLES


def test_the_gate_checks_every_contract_table() -> None:
    assert set(TABLES) == set(STAGING_TABLES)


@pytest.mark.parametrize("module", _suite_modules(), ids=lambda module: module.TABLE)
def test_each_suite_reads_its_table_from_the_contract(module: object) -> None:
    table = STAGING_TABLES[module.TABLE]  # type: ignore[attr-defined]
    assert table.column_names == module.COLUMNS  # type: ignore[attr-defined]
    assert table.key == module.KEY  # type: ignore[attr-defined]


@pytest.mark.parametrize("module", _suite_modules(), ids=lambda module: module.TABLE)
def test_required_columns_are_exactly_the_critical_not_null_checks(module: object) -> None:
    """``nullable=False`` in the contract must mean "a null there is quarantined", and nothing else is."""
    ctx = CheckContext(reference=reference(), now=datetime(2026, 1, 1, tzinfo=UTC))
    not_null = {
        check.column
        for check in module.expectations(ctx)  # type: ignore[attr-defined]
        if isinstance(check, gxe.ExpectColumnValuesToNotBeNull) and check.severity == CRITICAL
    }
    assert not_null == set(STAGING_TABLES[module.TABLE].required)  # type: ignore[attr-defined]
