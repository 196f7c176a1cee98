"""CLI subcommands, one module per area; each registers itself on ``linfen_etl.cli.app``."""
