"""Storage: SQLAlchemy models, engine and sessions, the article writer, SQL views."""
