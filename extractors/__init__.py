"""Fetching: polite HTTP client, site profiles, list/article parsing, raw archive, crawl state."""
