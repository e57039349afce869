"""Stance toward targets: the ONNX classifier, target detection and event dates.

Only the model is imported here; `tracker.stance.targets` and `tracker.stance.dates` work on spaCy Docs.
"""

from tracker.stance.model import StanceModel

__all__ = ["StanceModel"]
