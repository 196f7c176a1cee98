from __future__ import annotations

from pathlib import Path

import pytest

LOCAL_SEED = Path(__file__).parent / "data" / "linfen-sanpi-2025-02-06.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The real 2025-02-06 report (traditional script, with its mojibake fragment), kept in the repo."""
    return LOCAL_SEED


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")
