"""The ``linfen-etl`` command line.

Each module in ``linfen_etl.commands`` registers its own subcommands on ``app``; this file only
assembles them, so adding a command never means editing a shared list.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

from linfen_etl.child_processes import exit_on_sigterm

app = typer.Typer(
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
