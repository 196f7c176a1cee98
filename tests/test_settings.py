from pathlib import Path

import pytest
from pydantic import ValidationError

from config.settings import LIVE_SITE_URL, get_settings


def test_defaults_point_at_data_dir_and_live_site():
    settings = get_settings()
    assert settings.data_dir == Path("data")
    assert settings.base_url == LIVE_SITE_URL
    assert settings.resolved_warehouse_url.startswith("sqlite:///")
    assert settings.resolved_warehouse_url.endswith("data/warehouse.sqlite")
    assert settings.request_delay >= 1.0


def test_env_vars_and_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("LINFEN_ETL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LINFEN_ETL_REQUEST_DELAY", "0.25")
    monkeypatch.setenv("LINFEN_ETL_ALERT_URLS", "mailto://a@b.c, json://127.0.0.1:9/hook")
    settings = get_settings(base_url="http://127.0.0.1:8000/", user_agent=None)
    assert settings.data_dir == tmp_path
    assert settings.request_delay == 0.25
    assert settings.alert_urls == ["mailto://a@b.c", "json://127.0.0.1:9/hook"]
    assert settings.base_url == "http://127.0.0.1:8000/"
    assert settings.resolved_warehouse_url == f"sqlite:///{(tmp_path / 'warehouse.sqlite').resolve()}"


def test_invalid_setting_names_the_variable(monkeypatch):
    monkeypatch.setenv("LINFEN_ETL_REQUEST_DELAY", "-1")
    with pytest.raises(ValidationError, match="request_delay"):
        get_settings()
