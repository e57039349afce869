"""Fixtures for the spaCy components: the trained pipeline without stance, loaded once per session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def attribution_nlp():  # type: ignore[no-untyped-def]
    """English pipeline + ``tracker_attribution`` (no stance component), loaded once."""
    import tracker.nlp.attribution  # noqa: F401  registers the factory when the package is not installed
    from tracker.nlp import load_nlp

    return load_nlp(stance=False)


@pytest.fixture(scope="session")
def extract(attribution_nlp):  # type: ignore[no-untyped-def]
    """``extract(text)`` -> the attributions of one article."""

    def run(text: str):  # type: ignore[no-untyped-def]
        return list(attribution_nlp(text)._.attributions)

    return run
