"""A nightly run without Prefect, as a process of its own: the cost of the work before orchestration.

``bench_cost`` times this against ``linfen-etl nightly`` on the same data directory and site; the
difference is what Prefect adds on the CLI path (its import, flow and task runs, its temporary server).
Everything else is what the CLI does: the same start-up (every command registered), the same settings
and log file, the same run (``execute_run``), progress bars and summary table.

    python -m benchmarks.plain_nightly --base-url http://127.0.0.1:8000/
"""

from __future__ import annotations

import argparse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    base_url = parser.parse_args().base_url

    from linfen_etl import cli

    cli._register_commands()  # what `linfen-etl --help` (the measured process start) imports too
    from flows.run import CrawlRequest, Selection, execute_run, flow_settings
    from flows.steps import PLAIN_STEPS
    from linfen_etl.errors import ensure_writable, log_to_file
    from linfen_etl.flow_cli import print_summary, run_with_progress

    settings = flow_settings(base_url=base_url)
    ensure_writable(settings.data_dir)
    log_to_file(settings.data_dir)
    stats = run_with_progress(
        lambda: execute_run(
            "nightly",
            settings,
            {"base_url": base_url},
            crawl=CrawlRequest(),
            select=Selection(since_last_success=True),
            steps=PLAIN_STEPS,
        )
    )
    print_summary(stats)


if __name__ == "__main__":
    main()
