"""Flow state hooks: one alert per failed or crashed run, through the data-quality alerter.

Prefect calls these with ``(flow, flow_run, state)`` after the final state is set; an exception here is
logged by Prefect and does not change the run's state, so the hook never hides the original failure.
``on_failure`` does not fire for a crash (killed process, interrupt), hence both hooks.
"""

from __future__ import annotations

import logging

from expectations.alerts import send_alert
from prefect import Flow
from prefect.client.schemas.objects import FlowRun
from prefect.states import State

from flows.run import flow_settings

logger = logging.getLogger(__name__)


def alert_on_failure(flow: Flow, flow_run: FlowRun, state: State) -> None:
    _send_run_alert(flow, flow_run, state, outcome="failed")


def alert_on_crash(flow: Flow, flow_run: FlowRun, state: State) -> None:
    _send_run_alert(flow, flow_run, state, outcome="crashed")


def _send_run_alert(flow: Flow, flow_run: FlowRun, state: State, *, outcome: str) -> None:
    parameters = flow_run.parameters or {}
    settings = flow_settings(data_dir=parameters.get("data_dir"))
    subject = f"linfen-etl: {flow.name} run {flow_run.name} {outcome}"
    body = "\n".join(
        [
            f"Flow: {flow.name}",
            f"Flow run: {flow_run.name} ({flow_run.id})",
            f"State: {state.name}",
            f"Message: {state.message or '-'}",
            f"Parameters: {parameters}",
            f"Data Docs: {settings.data_docs_dir.resolve()}",
            f"Data dir: {settings.data_dir.resolve()}",
        ]
    )
    delivered = send_alert(settings, subject, body)
    logger.info("alert for %s run %s %s", flow.name, flow_run.name, "sent" if delivered else "logged only")
