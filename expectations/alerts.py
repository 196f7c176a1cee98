"""Alerts to the maintainers, through apprise: one message per run that needs a human.

Destinations come from ``settings.alert_urls`` (``LINFEN_ETL_ALERT_URLS``): ``mailto://…``,
``json://…``, ``dingtalk://…``, ``wecombot://…``, ``slack://…`` and every other apprise scheme.
Alerting never breaks the pipeline: with no destination the alert is logged; an unreachable or
invalid destination is logged and ``send_alert`` returns False.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from config.settings import Settings
    from expectations.gate import GateResult

log = logging.getLogger(__name__)

EXAMPLES_IN_ALERT = 3
CHECKS_IN_ALERT = 12  # more failing checks than this are summarised; Data Docs has them all


@dataclass(frozen=True)
class Alert:
    subject: str
    body: str


def send_alert(settings: Settings, subject: str, body: str) -> bool:
    """Send one alert to every configured destination; True only if every one accepted it."""
    if not settings.alert_urls:
        log.warning("No alert destination configured (LINFEN_ETL_ALERT_URLS); alert:\n%s\n%s", subject, body)
        return False
    try:
        import apprise

        notifier = apprise.Apprise()
        accepted = 0
        for url in settings.alert_urls:
            if notifier.add(url):
                accepted += 1
            else:
                log.error("Alert destination is not a valid apprise URL: %s…", url.split("://", 1)[0])
        if not accepted:
            log.warning("No usable alert destination; alert:\n%s\n%s", subject, body)
            return False
        delivered = bool(notifier.notify(title=subject, body=body, body_format=apprise.NotifyFormat.TEXT))
    except Exception:  # alerting must never fail the run it reports on
        log.exception("Sending the alert failed; alert:\n%s\n%s", subject, body)
        return False
    if not delivered or accepted < len(settings.alert_urls):
        log.warning("Alert not delivered to every destination; alert:\n%s\n%s", subject, body)
        return False
    log.info("Alert sent to %d destination(s): %s", accepted, subject)
    return True


def build_alert(
    run_id: str | int,
    *,
    gate: GateResult | None = None,
    drift: Iterable[object] = (),
    crash: BaseException | str | None = None,
    crash_outcome: str = "crashed",
    flow_name: str | None = None,
    data_docs_path: Path | str | None = None,
) -> Alert | None:
    """Compose the one alert of a run, or None when nothing needs a human.

    A run needs one when its batch was blocked, rows were quarantined, the crawler saw the site's
    structure drift, or the flow crashed or failed (``crash``, with ``crash_outcome`` saying which).
    Warnings alone are left to ``linfen-etl dq report``.
    """
    from expectations.gate import drift_note

    drift_notes = [drift_note(d) for d in drift]
    if gate is not None:
        drift_notes += [d for d in gate.drift if d not in drift_notes]
        data_docs_path = data_docs_path or gate.data_docs_path
    blocked = gate is not None and gate.blocked
    quarantined = gate.rows_quarantined if gate is not None else 0
    if not (blocked or quarantined or drift_notes or crash is not None):
        return None

    headline = []
    if crash is not None:
        headline.append(f"flow {crash_outcome}")
    if blocked:
        headline.append("batch BLOCKED")
    elif quarantined:
        headline.append(f"{quarantined} row{'s' if quarantined != 1 else ''} quarantined")
    if drift_notes:
        headline.append("site structure drift")
    who = f"{flow_name} run {run_id}" if flow_name else f"run {run_id}"
    subject = f"[linfen-etl] {who}: {', '.join(headline)}"

    lines = [f"linfen-etl {who}", ""]
    if crash is not None:
        lines += [f"Flow {crash_outcome}:", f"  {_one_line(crash)}", ""]
    if gate is not None:
        lines += _gate_lines(gate)
    if drift_notes:
        lines += ["Site structure drift (from the crawler):", *(f"  - {d}" for d in drift_notes), ""]
    lines.append(f"Data Docs: {data_docs_path or '-'}")
    lines.append(f"Details: linfen-etl dq report --run {run_id}")
    return Alert(subject=subject, body="\n".join(lines))


def _gate_lines(gate: GateResult) -> list[str]:
    checked = sum(gate.rows_checked.values())
    lines: list[str] = []
    if gate.blocked:
        lines += ["Batch BLOCKED: its rows were not loaded.", *(f"  - {r}" for r in gate.block_reasons)]
    lines.append(f"Rows checked: {checked}; quarantined: {gate.rows_quarantined}; loaded: {gate.rows_clean}.")
    lines.append("")
    if not gate.quarantine.empty:
        lines.append("Quarantined (critical checks; these rows were withheld):")
        lines += _quarantine_lines(gate)
        lines.append("")
    warnings = gate.failed_warnings
    if warnings:
        lines.append("Warnings (loaded, reported):")
        lines += [_check_line(r) for r in warnings[:CHECKS_IN_ALERT]]
        if len(warnings) > CHECKS_IN_ALERT:
            lines.append(f"  … and {len(warnings) - CHECKS_IN_ALERT} more")
        lines.append("")
    return lines


def _quarantine_lines(gate: GateResult) -> list[str]:
    groups = gate.quarantine.groupby(["table_name", "expectation"], sort=False)
    lines = []
    for n, ((table, expectation), rows) in enumerate(groups):
        if n == CHECKS_IN_ALERT:
            lines.append(f"  … and {groups.ngroups - CHECKS_IN_ALERT} more checks")
            break
        examples = "; ".join(
            _example(observed, key)
            for observed, key in rows[["observed_value", "row_key"]]
            .head(EXAMPLES_IN_ALERT)
            .itertuples(index=False)
        )
        count = len(rows)
        lines.append(
            f"  - {table}.{expectation}: {count} row{'s' if count != 1 else ''} ({rows['reason'].iat[0]})"
        )
        lines.append(f"      e.g. {examples}")
    return lines


def _check_line(result: dict[str, Any]) -> str:
    examples = ", ".join(str(v) for v in result["examples"][:EXAMPLES_IN_ALERT])
    count = result["unexpected_count"]
    rows = (
        f"{count} row{'s' if count != 1 else ''}"
        if count is not None
        else f"observed {result['observed_value']}"
    )
    line = f"  - {result['table_name']}.{result['expectation']}: {rows} ({result['description']})"
    return f"{line}; e.g. {examples}" if examples else line


def _example(observed: str, row_key: str) -> str:
    """``observed [row key]``; just the row key when the observed values are the key (duplicates)."""
    try:
        key = json.loads(row_key)
    except ValueError:
        return f"{observed} [{row_key}]"
    observed_columns = {part.split("=", 1)[0] for part in observed.split("; ")}
    values = [
        f"batch row {v}" if k == "row_number" else ("-" if v is None else str(v)) for k, v in key.items()
    ]
    if observed_columns <= set(key):
        return f"[{' / '.join(values)}]"
    return f"{observed} [{' / '.join(values)}]"


def _one_line(crash: BaseException | str) -> str:
    if isinstance(crash, BaseException):
        return f"{type(crash).__name__}: {crash}"
    return str(crash)


def notify_run(
    settings: Settings,
    run_id: str | int,
    *,
    gate: GateResult | None = None,
    drift: Iterable[object] = (),
    crash: BaseException | str | None = None,
    flow_name: str | None = None,
) -> bool | None:
    """Build the run's alert and send it: None when nothing needed saying, else ``send_alert``'s answer."""
    alert = build_alert(run_id, gate=gate, drift=drift, crash=crash, flow_name=flow_name)
    if alert is None:
        return None
    return send_alert(settings, alert.subject, alert.body)
