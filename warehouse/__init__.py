"""Star-schema warehouse: SQLAlchemy models, Alembic migrations, idempotent loads, views."""
