"""Great Expectations suites (in code), the data-quality gate, quarantine and alerts."""
