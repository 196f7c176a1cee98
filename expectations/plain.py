"""Turn GX / pandas / numpy values into plain Python values (and JSON) for results and quarantine.

GX hands back numpy scalars, ``NaN``, ``pd.NA``, ``NaT`` and Timestamps; none of them
belong in JSON, SQL parameters, Prefect artifacts or an alert.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import numpy as np
import pandas as pd


def to_plain(value: Any) -> Any:
    """JSON-ready equivalent of ``value``: None for every kind of missing, ISO strings for times."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset | np.ndarray | pd.Series):
        return [to_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, pd.Timestamp) and value.tz is None and value == value.normalize():
        return value.date().isoformat()  # a date that pandas holds as a midnight timestamp
    if isinstance(value, pd.Timestamp | datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return to_plain(value.value)
    if isinstance(value, str | int | bool):
        return value
    return str(value)


def to_json(value: Any) -> str:
    """Compact JSON, Chinese kept readable."""
    return json.dumps(to_plain(value), ensure_ascii=False, separators=(",", ":"), sort_keys=False)
