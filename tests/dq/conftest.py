from __future__ import annotations

from pathlib import Path

import pytest

from config.settings import Settings, get_settings
from expectations.gate import GateResult, validate_batch
from tests.dq.batches import clean_batch, planted_batch, reference


@pytest.fixture(scope="session")
def dq_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return get_settings(data_dir=tmp_path_factory.mktemp("dq-data"))


@pytest.fixture(scope="session")
def planted_result(dq_settings: Settings) -> GateResult:
    """One real GX validation of the planted batch, shared by the DQ tests."""
    # no reference given: the gate loads the gazetteer itself
    return validate_batch(planted_batch(), settings=dq_settings, run_id="run-planted")


@pytest.fixture(scope="session")
def clean_result(dq_settings: Settings) -> GateResult:
    return validate_batch(clean_batch(), settings=dq_settings, run_id="run-clean", reference=reference())


@pytest.fixture
def data_docs_index(dq_settings: Settings) -> Path:
    return dq_settings.data_docs_dir / "index.html"
