"""tracker: claim and quote attribution tracker for news."""

__version__ = "0.1.0"
