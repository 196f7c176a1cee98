"""What the flow commands (nightly, backfill, replay, demo) share: quiet env, progress, summary table.

Nothing here imports Prefect at module level: ``prepare_flow_environment`` must run first, because
Prefect reads its settings from the environment when it is imported.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from config.settings import get_settings
from linfen_etl.child_processes import start_temporary_server
from linfen_etl.errors import current_log_file, ensure_writable, log_to_file, report_failure
from linfen_etl.prefect_env import apply_quiet_prefect_defaults

if TYPE_CHECKING:
    from flows.pipeline import RunStats

console = Console()
T = TypeVar("T")
F = TypeVar("F")

STEP_DESCRIPTIONS = {"process": "parse → extract → validate → load"}


def prepare_flow_environment() -> None:
    """Quiet Prefect defaults and the log file for a CLI process, and its temporary Prefect server
    started (after stopping one a killed run left behind); run before importing ``flows``.

    An unwritable data directory fails here, with one line, before Prefect is started.
    """
    data_dir = get_settings().data_dir
    ensure_writable(data_dir)
    apply_quiet_prefect_defaults(data_dir)
    # Before Prefect's import: with our file handler on the root logger, Prefect adds no console
    # handler there, so run logs, undelivered alerts and its failure tracebacks go to the log file.
    log_to_file(data_dir)
    # The CLI draws its own progress and summary; Prefect's per-task INFO lines still reach the API/UI.
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    try:
        start_temporary_server(data_dir)
    except Exception as error:
        raise typer.Exit(report_failure(error, data_dir)) from error


class RichProgressReporter:
    """``flows.pipeline.ProgressReporter`` drawn as rich progress bars."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._tasks: dict[str, int] = {}

    def start(self, step: str, total: int | None) -> None:
        description = STEP_DESCRIPTIONS.get(step, step)
        if step in self._tasks:
            self._progress.reset(self._tasks[step], total=total, description=description)
        else:
            self._tasks[step] = self._progress.add_task(description, total=total)

    def advance(self, step: str, amount: int) -> None:
        if step not in self._tasks:
            self.start(step, None)
        self._progress.advance(self._tasks[step], amount)


@contextmanager
def progress_bars() -> Iterator[None]:
    """Show flow progress while the block runs (articles through the downstream steps)."""
    from flows.pipeline import progress_reporter

    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
    token = progress_reporter.set(RichProgressReporter(progress))
    try:
        with progress:
            yield
    finally:
        progress_reporter.reset(token)


def with_flow_timeout(flow: F) -> F:
    """The flow with ``LINFEN_ETL_FLOW_TIMEOUT`` as its timeout: past it, the run fails and alerts."""
    return flow.with_options(timeout_seconds=get_settings().flow_timeout)  # type: ignore[attr-defined]


def run_with_progress(call: Callable[[], T]) -> T:
    """Run a flow with progress bars; a failed run ends the command with status 1 and one clear line.

    The progress bars are closed before that line is printed; the traceback goes to the log file, and
    the flow's ``on_failure`` hook has sent the alert.
    """
    try:
        with progress_bars():
            return call()
    except Exception as error:
        raise typer.Exit(report_failure(error, get_settings().data_dir)) from error


def print_summary(stats: RunStats, *, title: str | None = None) -> None:
    from flows.pipeline import summary_rows

    table = Table(title=title or f"{stats.flow} run {stats.run_id}", show_header=True)
    table.add_column("measure")
    table.add_column("value", overflow="fold")
    for name, value in summary_rows(stats):
        table.add_row(name, value)
    steps = Table(title="step durations", show_header=True)
    steps.add_column("step")
    steps.add_column("seconds", justify="right")
    for step, seconds in stats.step_seconds.items():
        steps.add_row(step, f"{seconds:.2f}")
    console.print(table)
    console.print(steps)
    log = current_log_file()
    if log is not None:  # warnings and undelivered alerts are in it, not on the terminal
        console.print(f"log: {log}")
