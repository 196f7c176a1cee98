"""Text normalisation, announcement classification and extraction, staging tables."""
