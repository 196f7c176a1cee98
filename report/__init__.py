"""The analyst's HTML report (``report.page``), built from the warehouse views; outside the CLI so that
the flows and the ``report`` command share it.
"""
