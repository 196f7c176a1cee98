"""The one typed settings object. Every knob is an env var with the ``LINFEN_ETL_`` prefix.

CLI flags override these (see ``linfen_etl.cli``); code receives a ``Settings`` instance and never
reads the environment itself.

A leaf of the layering: it imports only the standard library and pydantic, never another project module,
so every layer may import it (the "settings is a leaf" contract in pyproject.toml).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

LIVE_SITE_URL = "http://www.lfxww.com/"


# Also the flows' own timeout (their decorators), so that deployments have the same limit.
DEFAULT_FLOW_TIMEOUT = 6 * 3600.0


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LINFEN_ETL_", extra="ignore")

    data_dir: Path = Field(
        default=Path("data"),
        description="Root for the raw archive, crawl state, Data Docs and reports.",
    )
    warehouse_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the warehouse; default: SQLite file <data_dir>/warehouse.sqlite. "
        "Production: postgresql+psycopg://user:pass@host/db",
    )
    base_url: str = Field(default=LIVE_SITE_URL, description="Site to crawl (the live site or a replica).")
    request_delay: float = Field(
        default=1.0,
        ge=0.0,
        description="Minimum seconds between two requests to one host (plus up to 50% random jitter).",
    )
    user_agent: str = Field(
        default="linfen-etl/0.1 (+https://github.com/linfen-etl/linfen-etl; data-team@example.org)",
        description="User-Agent naming the project and a contact.",
    )
    alert_urls: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Apprise URLs for alerts (mailto://…, json://…, dingtalk://…), comma or space separated.",
    )
    connect_timeout: float = Field(default=5.0, gt=0)
    read_timeout: float = Field(default=20.0, gt=0, description="Longest silence while a body arrives (s).")
    request_deadline: float = Field(
        default=60.0,
        gt=0,
        description="Most seconds one response may take in all: connect, read, whole body.",
    )
    max_response_bytes: int = Field(
        default=5_000_000, gt=0, description="Largest response body accepted; a larger one is a failed fetch."
    )
    max_retries: int = Field(default=3, ge=0)
    retry_after_cap: float = Field(default=60.0, ge=0, description="Longest Retry-After we honour (s).")
    page_cap: int = Field(default=500, ge=1, description="Most list+article pages fetched in one run.")
    flow_timeout: float = Field(
        default=DEFAULT_FLOW_TIMEOUT,
        gt=0,
        description="Most seconds one flow run (nightly, backfill, replay) may take; past it the run fails "
        "and alerts, so a stuck night cannot block the next ones.",
    )
    max_article_chars: int = Field(
        default=200_000,
        gt=0,
        description="Extraction budget per article (characters of text; extraction costs about 3 s per "
        "MB): a longer article is not extracted, and that is a recorded, alerted failure of the article.",
    )

    @field_validator("alert_urls", mode="before")
    @classmethod
    def _split_urls(cls, value: object) -> object:
        if isinstance(value, str):
            return [part for part in value.replace(",", " ").split() if part]
        return value

    @cached_property
    def resolved_warehouse_url(self) -> str:
        if self.warehouse_url:
            return self.warehouse_url
        return f"sqlite:///{(self.data_dir / 'warehouse.sqlite').resolve()}"

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "raw"

    @property
    def state_dir(self) -> Path:
        return self.data_dir / "state"

    @property
    def data_docs_dir(self) -> Path:
        return self.data_dir / "data_docs"

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with non-None ``overrides`` (CLI flags) on top."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
