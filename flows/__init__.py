"""Prefect flows: they only wire the layers (extractors → transforms → expectations → warehouse).

The quiet Prefect defaults are applied here, before any flow module imports ``prefect``.
"""

from linfen_etl.prefect_env import apply_quiet_prefect_defaults
from linfen_etl.settings import get_settings

apply_quiet_prefect_defaults(get_settings().data_dir)
