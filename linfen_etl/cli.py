"""The ``linfen-etl`` command line.

Each module in ``linfen_etl.commands`` registers its own subcommands on ``app``; this file only
assembles them, so adding a command never means editing a shared list.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from linfen_etl import errors


class _ReadableErrors(TyperGroup):
    """The root command group: a failure in any command ends as one line on stderr and exit status 1.

    Here, not in ``main()``, so that tests invoking ``app`` through typer's ``CliRunner`` see exactly
    what a user sees. Typer's own exceptions (usage errors, ``typer.Exit``) keep their meaning.
    """

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except Exception as error:
            raise typer.Exit(errors.report_failure(error, _data_dir())) from error
        finally:
            errors.close_log_file()


def _data_dir() -> Path | None:
    """The configured data directory, or None when the settings themselves are broken."""
    from pydantic import ValidationError

    from config.settings import get_settings

    try:
        return get_settings().data_dir
    except ValidationError:  # an invalid LINFEN_ETL_* value must not hide the failure being reported
        return None


from linfen_etl.child_processes import exit_on_sigterm

app = typer.Typer(
    cls=_ReadableErrors,
    name="linfen-etl",
    help="Crawl 临汾新闻网, extract 三个一批 announcements, validate and load them into a warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def _root() -> None:
    """Crawl 临汾新闻网, extract 三个一批 announcements, validate and load them into a warehouse."""
    # An explicit callback keeps ``app`` a command group even while only one command is registered;
    # without it typer would run that single command directly and read its name as an argument.


def _register_commands() -> None:
    from linfen_etl import commands

    for module in pkgutil.iter_modules(commands.__path__):
        importlib.import_module(f"{commands.__name__}.{module.name}")


def main() -> None:
    # A plain `kill` or a service manager's stop must clean up like Ctrl-C does: stop child processes,
    # release the run lock (see linfen_etl.child_processes).
    exit_on_sigterm()
    _register_commands()
    app()


if __name__ == "__main__":
    main()
