"""Quiet, offline-safe Prefect environment, applied before anything imports ``prefect``.

Prefect reads its settings from the environment when it is first imported, so these defaults must be
in ``os.environ`` before that import. Every value is a *default*: an explicitly set variable (for
example ``PREFECT_API_URL`` pointing at a shared server) always wins.
"""

from __future__ import annotations

import os
from pathlib import Path

from linfen_etl.errors import ensure_writable

QUIET_PREFECT_DEFAULTS: dict[str, str] = {
    # Offline the temporary server logs "Failed to send telemetry" errors; there is nothing to send.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # Task loggers used outside a flow run (unit calls) must not warn about a missing run id.
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
    # SQLite contention in the local server is retried internally; its log lines are noise (#18934).
    "PREFECT_SERVER_LOG_RETRYABLE_ERRORS": "false",
    # First start of the temporary server runs its migrations; two slow cores need more than 20 s.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "GX_ANALYTICS_ENABLED": "false",
}


def apply_quiet_prefect_defaults(data_dir: Path) -> None:
    """Set the quiet defaults, and ``PREFECT_HOME`` under ``data_dir`` unless already set.

    The home directory is created here: Prefect creates only the last path component itself and fails
    (then cannot start its local server) when ``data_dir`` does not exist yet, as on a fresh clone.
    It is also proven writable (else ``DirectoryNotWritable``): a Prefect that cannot write its home
    prints thousands of lines of start-up tracebacks and then times out.
    """
    for name, value in QUIET_PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    # The fix names the variable that put the home where it is.
    setting = "PREFECT_HOME" if os.environ.get("PREFECT_HOME") else "LINFEN_ETL_DATA_DIR"
    os.environ.setdefault("PREFECT_HOME", str((data_dir / "prefect").resolve()))
    ensure_writable(Path(os.environ["PREFECT_HOME"]).expanduser(), setting=setting)
