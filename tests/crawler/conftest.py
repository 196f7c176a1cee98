"""Crawler test fixtures: a replica built from the small sample corpus, served over real HTTP."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from config.settings import Settings, get_settings
from devtools.replica import ReplicaManifest, build_replica
from devtools.site_server import SiteServer

SAMPLE_CORPUS = Path(__file__).parent / "corpus_sample"
# Small pages so three articles already need pagination; fast but still real delays.
PAGE_SIZE = 2
TEST_DELAY = 0.01


@pytest.fixture
def built_site(tmp_path: Path) -> tuple[Path, ReplicaManifest]:
    root = tmp_path / "site"
    manifest = build_replica(SAMPLE_CORPUS, root, page_size=PAGE_SIZE)
    return root, manifest


@pytest.fixture
def site(
    built_site: tuple[Path, ReplicaManifest], http_site_factory: Callable[..., SiteServer]
) -> SiteServer:
    return http_site_factory(built_site[0])


@pytest.fixture
def manifest(built_site: tuple[Path, ReplicaManifest]) -> ReplicaManifest:
    return built_site[1]


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    def make(server: SiteServer, **overrides: object) -> Settings:
        values: dict[str, object] = {
            "base_url": server.base_url,
            "data_dir": tmp_path / "data",
            "request_delay": TEST_DELAY,
            "retry_after_cap": 2.0,
            "connect_timeout": 2.0,
            "read_timeout": 5.0,
        }
        values.update(overrides)
        return get_settings(**values)

    return make
