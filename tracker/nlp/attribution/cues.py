"""The attribution cue lexicon: the curated word lists (in :mod:`tracker.lexicon`) and the mined cue rates.

Multi-word cues ("according to X, ...") are read off the dependency parse in ``syntax.py``, not matched as
phrases.

Two sources feed the extractor:

- the curated lists below (what a careful reader of news calls a reporting cue), used by the rules
  (direct-quote speaker search, "according to", outlet credits) and as tagger features;
- per-lemma cue rates mined from PolNeAR train by ``training/train_attribution.py`` and shipped next to the
  model (``data/cue_rates.json``): how often a lemma is annotated as a cue. They let the tagger weigh lemmas
  the lists miss ("show", "find", "want") without hand-tuning.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
CUE_RATES_PATH = DATA_DIR / "cue_rates.json"


@lru_cache(maxsize=1)
def mined_cue_rates() -> dict[str, float]:
    """Lemma -> share of its PolNeAR-train occurrences annotated as a cue (empty before training)."""
    try:
        return {k: float(v) for k, v in json.loads(CUE_RATES_PATH.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError):
        return {}
