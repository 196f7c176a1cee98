"""A night with nothing new pays only for what it does (issue 12): no pandas, GX, plotly or loader."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from tests.flows.conftest import sqlite_url

# Run in a fresh interpreter: the test process has imported everything already.
QUIET_NIGHT = """
import json, sys
from config.settings import get_settings
from linfen_etl.prefect_env import apply_quiet_prefect_defaults
apply_quiet_prefect_defaults(get_settings().data_dir)  # as the CLI does before it imports a flow
from flows.nightly import nightly
stats = nightly(base_url=sys.argv[1])
heavy = sorted(name for name in sys.argv[2:] if name in sys.modules)
print(json.dumps({"status": stats.status, "new": stats.articles_new, "batches": stats.batches, "heavy": heavy}))
"""
HEAVY = ["great_expectations", "pandas", "plotly", "warehouse.load"]


def test_a_quiet_night_runs_the_flow_without_importing_the_downstream_layers(
    nightly_sqlite, replica_site, fast_polite_client: None, tmp_path: Path
) -> None:
    from prefect.settings import PREFECT_API_URL

    from flows.nightly import nightly

    data_dir = tmp_path / "data"
    shutil.copytree(nightly_sqlite[0], data_dir)  # a copy: the shared warehouse keeps its two runs
    # Other tests may have rebuilt the shared warehouse (replay): one night here first, so that
    # whatever state the copy is in, nothing is new for the next one.
    nightly(base_url=replica_site.base_url, data_dir=str(data_dir))
    runs_before = _nightly_statuses(data_dir)
    env = {
        **os.environ,
        "LINFEN_ETL_DATA_DIR": str(data_dir),
        "LINFEN_ETL_REQUEST_DELAY": "0",
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),  # the session's server, not a new one
    }
    done = subprocess.run(
        [sys.executable, "-c", QUIET_NIGHT, replica_site.base_url, *HEAVY],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    night = json.loads(done.stdout.strip().splitlines()[-1])

    assert night == {"status": "succeeded", "new": 0, "batches": 0, "heavy": []}
    # The run is recorded all the same: the night happened, with nothing to do.
    assert _nightly_statuses(data_dir) == [*runs_before, "succeeded"]


def _nightly_statuses(data_dir: Path) -> list[str]:
    engine = sa.create_engine(sqlite_url(data_dir))
    try:
        with engine.connect() as conn:
            query = "SELECT status FROM ops_pipeline_run WHERE flow_name = 'nightly' ORDER BY started_at"
            return list(conn.execute(sa.text(query)).scalars())
    finally:
        engine.dispose()


def test_the_heavy_modules_checked_are_real_module_names() -> None:
    """The check above can fail: each name is importable (else its absence would prove nothing)."""
    import importlib.util

    assert all(importlib.util.find_spec(name) is not None for name in HEAVY)
