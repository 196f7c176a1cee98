"""Shared test setup.

Environment that keeps Prefect and GX quiet and offline is set before anything imports them.
Reusable server fixtures (HTTP replica site, PostgreSQL cluster, SMTP/webhook receivers) live in
``tests/fixtures/*.py`` and are registered here as plugins, one module per fixture family.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_PREFECT_HOME = tempfile.mkdtemp(prefix="linfen-etl-prefect-")
os.environ.setdefault("PREFECT_HOME", _PREFECT_HOME)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
# Tests never read the developer's own settings.
for _name in list(os.environ):
    if _name.startswith("LINFEN_ETL_"):
        del os.environ[_name]

pytest_plugins = sorted(
    f"tests.fixtures.{path.stem}"
    for path in (Path(__file__).parent / "fixtures").glob("*.py")
    if path.stem != "__init__"
)
