"""Flow state hooks: one alert per failed or crashed run, through the data-quality alerter.

Prefect calls these with ``(flow, flow_run, state)`` after the final state is set; an exception here is
logged by Prefect and does not change the run's state, so the hook never hides the original failure.
``on_failure`` does not fire for a crash (killed process, interrupt), hence both hooks.
"""

from __future__ import annotations

import logging

from prefect import Flow
from prefect.client.schemas.objects import FlowRun
from prefect.exceptions import MissingResult
from prefect.states import State

from expectations.alerts import build_alert, send_alert
from flows.run import RunFailed, flow_settings

logger = logging.getLogger(__name__)


def alert_on_failure(flow: Flow, flow_run: FlowRun, state: State) -> None:
    if isinstance(_exception_of(state), RunFailed):
        return  # the run found the cause itself and has sent the one alert naming it
    _send_run_alert(flow, flow_run, state, outcome="failed")


def _exception_of(state: State) -> object:
    try:
        return state.result(raise_on_failure=False)
    except MissingResult:  # not retrievable (not persisted): alert, to be safe
        return None


def alert_on_crash(flow: Flow, flow_run: FlowRun, state: State) -> None:
    _send_run_alert(flow, flow_run, state, outcome="crashed")


def _send_run_alert(flow: Flow, flow_run: FlowRun, state: State, *, outcome: str) -> None:
    parameters = flow_run.parameters or {}
    settings = flow_settings(data_dir=parameters.get("data_dir"))
    # The pipeline run shares the Prefect flow run's id (flows.run.current_run_id).
    run_id = flow_run.id.hex
    alert = build_alert(
        run_id,
        crash=f"{state.name} ({outcome}) — flow run {flow_run.name}: {state.message or 'no message'}",
        crash_outcome=outcome,
        flow_name=flow.name,
        data_docs_path=settings.data_docs_dir / "index.html",
    )
    assert alert is not None  # a crash always needs a human
    delivered = send_alert(settings, alert.subject, alert.body)
    logger.info("alert for %s run %s %s", flow.name, flow_run.name, "sent" if delivered else "not delivered")
