"""Flow tests share ONE temporary Prefect API for the whole session (``prefect_api`` in the root
conftest; starting one costs ~8 s). Only the flow and fault tests request it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from transforms.records import Campaign

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(autouse=True)
def _prefect(prefect_api: None) -> None:
    """Every flow test talks to the session's temporary Prefect API."""


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / 'warehouse.sqlite').resolve()}"


@pytest.fixture(scope="package")
def nightly_sqlite(
    prefect_api: None, replica_site, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, object, object]:
    """Two nightly runs against the replica into a fresh SQLite warehouse: the demo's warehouse.

    Shared by the flow tests and the report's browser test (package scope: two runs cost seconds).
    Tests that rebuild it (replay after deleting the warehouse) must leave equal contents behind."""
    from flows.nightly import nightly

    data_dir = tmp_path_factory.mktemp("nightly-sqlite")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LINFEN_ETL_REQUEST_DELAY", "0")
        first = nightly(base_url=replica_site.base_url, data_dir=str(data_dir))
        counts_after_first = fact_counts(sqlite_url(data_dir))
        second = nightly(base_url=replica_site.base_url, data_dir=str(data_dir))
    return data_dir, (first, counts_after_first), second


@pytest.fixture
def fast_polite_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """The replica is local: no delay between requests in tests (the default stays 1 s)."""
    monkeypatch.setenv("LINFEN_ETL_REQUEST_DELAY", "0")


def expected_stage_totals() -> set[tuple[str, str, str]]:
    """(campaign_id, region, stage) of every stage total the labelled corpus states."""
    keys = set()
    for path in sorted(CORPUS.glob("*.expected.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))["expected"]
        if not expected.get("stage_totals"):
            continue
        # a round's campaign, or a local event of its own known by its date (expected.event_date)
        campaign = expected.get("campaign") or {
            "year": int(expected["event_date"][:4]),
            "event_date": expected["event_date"],
        }
        event_date = campaign.get("event_date")
        campaign_id = Campaign(
            year=campaign["year"],
            ordinal=campaign.get("ordinal"),
            label="",
            event_date=pd.Timestamp(event_date).date() if event_date else None,
            venue=None,
            sentence="",
        ).campaign_id
        keys |= {(campaign_id, t["region"], t["stage"]) for t in expected["stage_totals"]}
    return keys


def warehouse_contents(url: str) -> dict[str, list[tuple]]:
    """Every analyst view as sorted rows without surrogate keys: equal contents, equal warehouses."""
    engine = sa.create_engine(url)
    contents = {}
    try:
        with engine.connect() as connection:
            for view in ("v_campaign_trend", "v_zone_activity", "v_industry_mix", "v_project_lifecycle"):
                frame = pd.read_sql(sa.text(f"SELECT * FROM {view}"), connection)
                frame = frame.drop(columns=[c for c in frame.columns if c.endswith("_key")])
                contents[view] = sorted(
                    tuple(_comparable(v) for v in row) for row in frame.itertuples(index=False)
                )
    finally:
        engine.dispose()
    return contents


def _comparable(value: object) -> str | None:
    """One spelling per value across SQLite and PostgreSQL (bool vs 0/1, Decimal vs float, 2020.0)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalar → Python scalar
        value = value.item()
    if isinstance(value, bool | int | float | Decimal):
        return f"{round(float(value), 6):g}" if float(value) != int(float(value)) else str(int(float(value)))
    return str(value)


def loaded_stage_totals(url: str) -> set[tuple[str, str, str]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT campaign_id, region_name, stage_code FROM v_campaign_trend")
            ).all()
    finally:
        engine.dispose()
    return {tuple(row) for row in rows}


def fact_counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table: connection.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
                for table in ("fact_stage_total", "fact_project_event", "dim_article")
            }
    finally:
        engine.dispose()
