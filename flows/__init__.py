"""Prefect flows: they only wire the layers (extractors → transforms → expectations → warehouse)."""
