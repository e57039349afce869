"""The read-only review app behind `tracker serve`: pages and JSON over the report functions."""
