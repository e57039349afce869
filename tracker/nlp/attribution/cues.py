"""The attribution cue lexicon: reporting verbs, reporting nouns, naming and inversion verbs, kept in this one place.

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

#: Verbs of saying, writing, arguing, believing and reporting (lemmas).
REPORTING_VERBS: frozenset[str] = frozenset(
    """
    say tell state add note write report announce declare claim argue insist explain reply respond answer
    ask warn predict acknowledge admit concede confirm deny suggest propose recommend urge call describe
    characterize label dub brand term accuse blame criticize criticise condemn praise hail laud attack slam
    blast rip mock dismiss reject question challenge doubt believe think feel know hope fear expect assume
    worry wonder reckon estimate conclude find show indicate reveal disclose learn recall remember mention
    cite quote tweet post testify swear vow pledge promise threaten boast brag complain lament concur agree
    disagree contend maintain assert allege charge observe point remark comment emphasize emphasise stress
    underscore signal hint imply speculate caution advise inform assure reassure notify brief announce
    counter retort rebut joke quip muse shout yell scream whisper mutter exclaim continue acknowledge
    recount relate narrate recount decry denounce defend demand insist deplore lambaste chide scold
""".split()
)

#: Nouns that head an attributed clause or carry one ("his claim that ...", "the report said").
REPORTING_NOUNS: frozenset[str] = frozenset(
    """
    statement claim view belief argument assertion allegation accusation charge comment remark report
    announcement assessment warning suggestion promise pledge vow opinion interview testimony speech
    tweet post letter memo email message editorial column op-ed study survey poll analysis finding
    estimate prediction forecast concern fear hope insistence denial admission acknowledgement
    acknowledgment explanation response reply answer question criticism praise
""".split()
)

#: Naming verbs: "called Japan an indispensable partner", "identified China as their challenge". Their object
#: plus its predicate is the content; a quoted predicate alone is a direct quote.
NAMING_VERBS: frozenset[str] = frozenset(
    "call describe label dub term brand deem identify regard view portray cast characterize characterise".split()
)

#: Verbs that introduce a speaker *after* the quote in inverted attribution ("…," said Hegseth).
INVERSION_VERBS: frozenset[str] = frozenset(
    "say tell add note write ask explain continue reply respond answer insist warn recall declare chant".split()
)

#: Subset used to pick the speaker of a direct quote: the verb of saying next to the quote.
QUOTE_VERBS: frozenset[str] = REPORTING_VERBS | INVERSION_VERBS


@lru_cache(maxsize=1)
def mined_cue_rates() -> dict[str, float]:
    """Lemma -> share of its PolNeAR-train occurrences annotated as a cue (empty before training)."""
    try:
        return {k: float(v) for k, v in json.loads(CUE_RATES_PATH.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError):
        return {}
