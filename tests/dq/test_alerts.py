"""Alerts delivered to real local receivers: an SMTP server and an HTTP webhook."""

from __future__ import annotations

import logging

import pytest

from config.settings import Settings, get_settings
from expectations.alerts import build_alert, notify_run, send_alert
from expectations.gate import GateResult, merge_gate_results, validate_batch
from tests.dq.batches import clean_batch
from tests.fixtures.alert_receivers import SmtpReceiver, WebhookReceiver


def _settings(tmp_path: object, *urls: str) -> Settings:
    return get_settings(data_dir=tmp_path, alert_urls=" ".join(urls))


def test_one_alert_per_run_reaches_mail_and_webhook(
    planted_result: GateResult,
    smtp_receiver: SmtpReceiver,
    webhook_receiver: WebhookReceiver,
    tmp_path: object,
) -> None:
    settings = _settings(tmp_path, smtp_receiver.mailto_url(), webhook_receiver.json_url())
    sent = notify_run(settings, "run-planted", gate=planted_result, flow_name="nightly")

    assert sent is True
    assert len(smtp_receiver.messages) == 1 and len(webhook_receiver.posts) == 1
    mail = smtp_receiver.messages[0]
    subject = str(mail["Subject"])
    assert subject == "[linfen-etl] nightly run run-planted: 6 rows quarantined"
    assert mail["To"] == "maintainers@example.org"
    text = mail.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    for expected in (
        "Rows checked: 27; quarantined: 6; loaded: 21.",
        "project_mentions.investment_within_bounds: 1 row",
        "investment_yuan=999900000000",
        "project_mentions.zone_in_gazetteer: 1 row",
        "zone=某某新区",
        "stage_totals.project_count_positive: 1 row",
        "project_mentions.key_unique: 2 rows",
        "event_date=2099-02-06",
        "project_mentions.project_name_suffix: 1 row",  # the warning, reported but loaded
        f"Data Docs: {planted_result.data_docs_path}",
        "linfen-etl dq report --run run-planted",
    ):
        assert expected in text, expected
    post = webhook_receiver.posts[0]
    assert post["path"] == "/alerts"
    assert post["json"]["title"] == subject
    assert post["json"]["message"].strip() == text.strip()


def test_clean_run_sends_nothing(
    clean_result: GateResult, smtp_receiver: SmtpReceiver, webhook_receiver: WebhookReceiver, tmp_path: object
) -> None:
    settings = _settings(tmp_path, smtp_receiver.mailto_url(), webhook_receiver.json_url())
    assert build_alert("run-clean", gate=clean_result) is None
    assert notify_run(settings, "run-clean", gate=clean_result) is None
    assert smtp_receiver.messages == [] and webhook_receiver.posts == []


def test_drift_and_crash_alert_without_a_gate(webhook_receiver: WebhookReceiver, tmp_path: object) -> None:
    settings = _settings(tmp_path, webhook_receiver.json_url("/hook"))
    crash = RuntimeError("worker killed (SIGKILL)")
    sent = notify_run(
        settings,
        42,
        drift=[
            {"url": "http://127.0.0.1/linfen/", "kind": "list_selector", "detail": "0 article links matched"}
        ],
        crash=crash,
        flow_name="backfill",
    )
    assert sent is True
    message = webhook_receiver.posts[0]["json"]
    assert message["title"] == "[linfen-etl] backfill run 42: flow crashed, site structure drift"
    assert "RuntimeError: worker killed (SIGKILL)" in message["message"]
    assert "  - list_selector: 0 article links matched (http://127.0.0.1/linfen/)" in message["message"]


def test_unreachable_destination_is_logged_not_raised(
    unreachable_url: str,
    webhook_receiver: WebhookReceiver,
    tmp_path: object,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = _settings(tmp_path, unreachable_url, webhook_receiver.json_url())
    with caplog.at_level(logging.WARNING):
        assert send_alert(settings, "subject 临汾", "body") is False
    assert "Alert not delivered to every destination" in caplog.text
    assert len(webhook_receiver.posts) == 1  # the reachable destination still got it


def test_no_destination_logs_the_alert(tmp_path: object, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert send_alert(_settings(tmp_path), "数据质量告警", "3 rows quarantined") is False
    assert "No alert destination configured" in caplog.text and "3 rows quarantined" in caplog.text


def test_invalid_destination_is_logged(tmp_path: object, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR):
        assert send_alert(_settings(tmp_path, "nosuchscheme://x"), "s", "b") is False
    assert "not a valid apprise URL: nosuchscheme" in caplog.text


def test_batches_of_one_run_make_one_alert(
    planted_result: GateResult, clean_result: GateResult, webhook_receiver: WebhookReceiver, tmp_path: object
) -> None:
    run = merge_gate_results([clean_result, planted_result])
    assert run.rows_quarantined == 6 and not run.blocked
    assert run.rows_checked["project_mentions"] == 11 + 16
    assert len(run.results) == len(planted_result.results)
    bounds = next(r for r in run.results if r["expectation"] == "investment_within_bounds")
    assert bounds["success"] is False and bounds["unexpected_count"] == 1 and bounds["element_count"] == 27
    assert notify_run(_settings(tmp_path, webhook_receiver.json_url()), "run-1", gate=run) is True
    assert len(webhook_receiver.posts) == 1
    assert "Rows checked: 48; quarantined: 6; loaded: 42." in webhook_receiver.posts[0]["json"]["message"]


def test_blocked_batch_alert_names_the_reason(dq_settings: Settings) -> None:
    batch = clean_batch()
    broken = batch.replace(articles=batch.articles.drop(columns=["url"]))
    gate = validate_batch(broken, settings=dq_settings, run_id="run-blocked")
    alert = build_alert("run-blocked", gate=gate, flow_name="nightly")
    assert alert is not None
    assert alert.subject == "[linfen-etl] nightly run run-blocked: batch BLOCKED"
    assert "Batch BLOCKED: its rows were not loaded." in alert.body
    assert "staging table 'articles' lacks contract columns ['url']" in alert.body
    assert "loaded: 0." in alert.body
