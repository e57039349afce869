"""spaCy pipeline loading and the tracker's spaCy components."""

from tracker.nlp.pipeline import load_nlp, process

__all__ = ["load_nlp", "process"]
