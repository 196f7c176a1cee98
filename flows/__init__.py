"""Prefect flows: they only wire the layers (extractors → transforms → expectations → warehouse → report).

Importing this package has no side effects. The quiet Prefect defaults are applied where a flow
actually runs: by the CLI (``linfen_etl.flow_cli.prepare_flow_environment``) before it imports Prefect,
by ``linfen-etl serve`` for its worker, and for any worker through the deployments' job environment
(``prefect.yaml``).
"""
