"""Stance toward targets: the ONNX classifier, target detection and event dates.

Only the model is imported here; `tracker.stance.targets` and `tracker.stance.dates` need spaCy / dateparser.
"""

from tracker.stance.model import StanceModel

__all__ = ["StanceModel"]
