"""Development-only tools: throwaway PostgreSQL, the replica site builder, a test HTTP server.

Not installed with the product (excluded in pyproject.toml); tests and benchmarks import it from a
checkout.
"""
