"""Failures people can read: one line on the terminal naming the cause and the fix, the traceback in a log.

``explain`` maps the failures an operator can fix (an unwritable or full disk, a corrupt or unreachable
warehouse, a data directory held by another run) to that line; anything else gets a short line too. The
full traceback always goes to ``<data dir>/logs/linfen-etl.log`` (or a temp-dir file when the data
directory cannot be written), never to the terminal.

Nothing here imports Prefect, and SQLAlchemy only once an error is being explained: the data-directory
check runs before Prefect is imported, because Prefect fails with thousands of lines of start-up
tracebacks when its home directory (under the data directory) cannot be written.
"""

from __future__ import annotations

import errno
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "linfen-etl.log"
# Big enough for several failed runs' tracebacks and Prefect's run logs, small enough to never matter.
LOG_MAX_BYTES = 2_000_000
LOG_BACKUPS = 3
# Prefect's records carry flow/task run names; the plain format keeps the file readable without them.
LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

# Tracebacks are written to this logger only: it does not propagate, so a console handler that Prefect
# or a library put on the root logger never prints them.
_traceback_log = logging.getLogger("linfen_etl.failures")
_traceback_log.propagate = False
_file_handler: LogFile | None = None
# The flows' own INFO lines (which batch a run is on, whether its alert was delivered) belong in the log
# file; the root logger stays at WARNING (Prefect's setting), which would drop them.
_RUN_LOGGER = logging.getLogger("flows")

UNWRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR)


class DirectoryNotWritable(OSError):
    """A directory the run must write to cannot be created or written; ``setting`` names the knob."""

    def __init__(self, path: Path, cause: OSError, setting: str) -> None:
        super().__init__(cause.errno, cause.strerror, str(path))
        self.path = path
        self.setting = setting


def ensure_writable(directory: Path, setting: str = "LINFEN_ETL_DATA_DIR") -> None:
    """Create ``directory`` and prove a file can be written in it, or raise ``DirectoryNotWritable``.

    Writing a file is the one test that covers permissions, read-only mounts, ACLs and network file
    systems alike (``os.access`` only reads permission bits and mount flags).
    """
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as error:
        raise DirectoryNotWritable(directory.resolve(), error, setting) from error


def explain(error: BaseException) -> str | None:
    """One line, cause then fix, for a failure the operator can act on; None for anything else.

    The whole chain is searched (``raise … from``, and errors raised while handling another), since
    the fixable cause is often wrapped, e.g. a full disk inside a library's own exception.
    """
    for cause in _chain(error):
        message = _explain_one(cause)
        if message is not None:
            return message
    return None


def report_failure(error: BaseException, data_dir: Path | None = None) -> int:
    """Print the one line for ``error`` on stderr, log its traceback; the exit status to use (1)."""
    message = explain(error) or f"{type(error).__name__}: {_one_line(str(error))}"
    try:
        where = f"traceback in {log_traceback(error, data_dir)}"
    except OSError as no_log:  # not even the temp dir is writable: the line must still be printed
        where = f"traceback not saved: {no_log}"
    print(f"error: {message} ({where})", file=sys.stderr, flush=True)
    return 1


def log_traceback(error: BaseException, data_dir: Path | None = None) -> Path:
    """Write ``error``'s traceback to the log file; where it went (OSError: it could not be written)."""
    handler = log_to_file(data_dir)
    handler.write_error = None
    _traceback_log.error("linfen-etl %s failed", " ".join(sys.argv[1:]), exc_info=error)
    handler.flush()
    if handler.write_error is not None:
        raise handler.write_error
    return Path(handler.baseFilename)


class LogFile(RotatingFileHandler):
    """The log file. What it cannot write (the disk is full) is dropped without a word on the terminal,
    where logging would print a traceback per record and bury the one line a failed command prints;
    ``write_error`` keeps the last such error, so that line can say the traceback was not saved.

    (No leading underscore in the name: Prefect takes such root handlers for its own, not the user's.)
    """

    write_error: OSError | None = None

    def handleError(self, record: logging.LogRecord) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):
            super().handleError(record)  # a bad log call is a bug: show it
            return
        self.write_error = error

    def flush(self) -> None:
        try:
            super().flush()
        except OSError as error:
            self.write_error = error

    def close(self) -> None:
        try:
            super().close()
        except OSError as error:  # its last flush
            self.write_error = error


def log_to_file(data_dir: Path | None = None) -> LogFile:
    """The process's log file handler, created on first use and put on the root logger.

    On the root logger it also receives everything the pipeline and Prefect log. Done before Prefect
    is imported, it keeps Prefect from adding its console handler to the root logger at all (Prefect
    leaves a root logger that has handlers of the user's alone), so run logs, alerts that had nowhere
    to go and Prefect's own tracebacks land in this file, not on the terminal.
    """
    global _file_handler
    if _file_handler is None:
        _file_handler = _open_log(data_dir)
        _file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
        _file_handler.setLevel(logging.INFO)
        logging.getLogger().addHandler(_file_handler)
        _traceback_log.addHandler(_file_handler)
        _RUN_LOGGER.setLevel(logging.INFO)
    return _file_handler


def current_log_file() -> Path | None:
    """Where this process logs, once ``log_to_file`` has run."""
    return None if _file_handler is None else Path(_file_handler.baseFilename)


def close_log_file() -> None:
    """Detach and close the log file (end of a CLI invocation; in-process callers such as tests)."""
    global _file_handler
    if _file_handler is not None:
        logging.getLogger().removeHandler(_file_handler)
        _traceback_log.removeHandler(_file_handler)
        _RUN_LOGGER.setLevel(logging.NOTSET)
        _file_handler.close()
        _file_handler = None


def _open_log(data_dir: Path | None) -> LogFile:
    candidates = [] if data_dir is None else [data_dir / "logs"]
    # An unwritable data directory is one of the failures being reported: log somewhere that works.
    candidates.append(Path(tempfile.gettempdir()) / f"linfen-etl-{os.getuid()}")
    for directory in candidates:
        try:
            directory.mkdir(parents=True, exist_ok=True)
            return LogFile(
                directory / LOG_NAME, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
            )
        except OSError:
            continue
    raise OSError(f"no writable directory for {LOG_NAME} among {', '.join(map(str, candidates))}")


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _explain_one(error: BaseException) -> str | None:
    from extractors.lock import DataDirBusy

    if isinstance(error, DataDirBusy):
        return str(error)  # it already names the holder and what to do
    if isinstance(error, DirectoryNotWritable):
        return (
            f"cannot write to {error.path} ({error.strerror}); make it writable, "
            f"or set {error.setting} to a directory you can write to"
        )
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        where = f" for {error.filename}" if error.filename else ""
        return f"the disk is full (no space left{where}); free some space and run again"
    if isinstance(error, OSError) and error.errno in UNWRITABLE and error.filename:
        return (
            f"cannot access {error.filename} ({error.strerror}); fix its permissions, "
            "or set LINFEN_ETL_DATA_DIR to a directory you can write to"
        )
    return _explain_database(error)


def _explain_database(error: BaseException) -> str | None:
    if "sqlalchemy" not in sys.modules:  # no warehouse was touched: nothing to explain here
        return None
    from sqlalchemy.exc import DBAPIError, OperationalError

    if not isinstance(error, DBAPIError):
        return None
    url = getattr(error, "warehouse_url", None) or _configured_warehouse_url()
    reason = _one_line(str(error.orig))
    module = type(error.orig).__module__.split(".")[0]
    if module == "sqlite3" and "file is not a database" in reason:
        return (
            f"the warehouse {url} is not a SQLite database (the file is damaged, or is not a warehouse); "
            "restore it from a backup, or move it aside and run `linfen-etl replay` to rebuild it from "
            "the raw archive"
        )
    if module == "sqlite3" and "database or disk is full" in reason:
        return f"the disk holding the warehouse {url} is full; free some space and run again"
    if module == "sqlite3" and "unable to open database file" in reason:
        return (
            f"cannot open the warehouse {url}; check that its directory exists and is writable, "
            "or set LINFEN_ETL_WAREHOUSE_URL"
        )
    if module == "psycopg" and isinstance(error, OperationalError):
        # Refused, timed out, reset, bad password: PostgreSQL is down or the URL is wrong.
        return (
            f"cannot connect to the warehouse {url} ({reason}); check that PostgreSQL is running "
            "and LINFEN_ETL_WAREHOUSE_URL is right"
        )
    return None


def _configured_warehouse_url() -> str:
    """The warehouse from the environment, password hidden (for errors that did not say which)."""
    from pydantic import ValidationError
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from config.settings import get_settings

    try:
        return make_url(get_settings().resolved_warehouse_url).render_as_string(hide_password=True)
    except (ValidationError, ArgumentError):  # a broken setting must not hide the error being reported
        return "(see LINFEN_ETL_WAREHOUSE_URL)"


def _one_line(text: str, limit: int = 300) -> str:
    """``text`` with its line breaks and runs of spaces folded, cut to ``limit`` characters."""
    folded = " ".join(text.split())
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"
