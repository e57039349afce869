"""Name forms: clean a name as an article gives it, and fold it into the key that identifies an entity.

Cleaning is the same for speakers and targets, for every writer and for lookups, so "\u202eThe minister",
">Sanders", "PENCE", "Donald J. Trump" and "Obama Says" become "The minister", "Sanders", "Pence",
"Donald Trump" and "Obama" before anything is keyed on them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Set as AbstractSet

from tracker.lexicon import (
    CALENDAR_WORDS,
    CAMPAIGN_WORDS,
    DESCRIPTION_OPENERS,
    ENTITY_HEADLINE_VERBS,
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    HEADLINE_VERBS,
    INDEFINITE_OPENERS,
    ISSUED_KINDS,
    ISSUED_NOUNS,
    ISSUING_PARTICIPLES,
    NAME_CONNECTORS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NAME_TITLES,
    PARTY_WORDS,
)

PERSON = "person"
MAX_NAME_LENGTH = 300
#: Kinds that are not entities: the quote keeps its mention, but links to no entity.
NOT_ENTITY_KINDS = frozenset({"description"})
#: Kinds `tracker speakers` lists without --all.
NAMED_KINDS = frozenset({"person", "organisation", "country", "region"})

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'})
_EDGE_JUNK = re.compile(r"^[^\w\"'(]+|[^\w.)'\"]+$")
_INITIAL = re.compile(r"^[A-Z]\.?$")
_VERBS = HEADLINE_VERBS | ENTITY_HEADLINE_VERBS
# A wire story's dateline before the name: "CLEVELAND - Donald Trump", "WASHINGTON — Obama".
_DATELINE = re.compile(r"^[A-Z][A-Z.]+(?:,? [A-Z][A-Z.]+)*\s*[-—–]\s+(?=[A-Z][a-z])")
_CAPITALISED = re.compile(r"^[A-Z][\w.'-]*$")


def _strip_invisible(text: str) -> str:
    """NFC, without format characters (bidi overrides, zero-width spaces) and controls."""
    if text.isascii() and text.isprintable():
        return text  # already NFC, and with neither (most names): no need to look at each character
    text = unicodedata.normalize("NFC", text)
    return "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc") or c in "\t\n")


def _title_case(word: str) -> str:
    if word.lower() in NAME_PARTICLES:
        return word.lower()
    # "MCCONNELL" -> "Mcconnell" is wrong but rare; "O'NEILL" -> "O'Neill" and "SMITH-JONES" keep their parts.
    return re.sub(r"[A-Za-z]+", lambda m: m.group(0).capitalize(), word)


def clean_name(raw: str, kind: str | None = None) -> str:
    """The display form of a name: visible characters, single spaces, no edge punctuation; for people
    no middle initials, no headline verb, and words in all capitals (transcript labels) in title case."""
    # Columns hold 300 characters on every database; no real name is longer.
    name = " ".join(_strip_invisible(raw).translate(_APOSTROPHES).split())[:MAX_NAME_LENGTH]
    name = _EDGE_JUNK.sub("", name).strip()
    name = re.sub(r"'s$", "", name)
    if kind in ("organisation", "group") and name:
        # "Pentagon Says ...": a headline's subject ends at its verb, whoever it is
        words = name.split()
        cut = next((i for i, w in enumerate(words[1:], 1) if w[:1].isupper() and w.lower().rstrip(":") in _VERBS), None)
        return " ".join(words[:cut]) if cut else name
    if kind != PERSON or not name:
        return name
    # A name runs to the first comma or to an "and" before a lower-case word: "Ivanka Trump, the nominee's
    # daughter", "Leonard Burman and professor".
    name = re.split(r",| and (?=[a-z])", name, maxsplit=1)[0].strip()
    name = _DATELINE.sub("", name)
    words = name.split()
    # A headline's subject ends at its first capitalised verb, whatever follows: "Obama Says", "Marco Rubio
    # Responds To Question", "Obama Sees 'Personal Insult'".
    for i, word in enumerate(words[1:], 1):
        if word[:1].isupper() and word.lower().rstrip(":") in _VERBS:
            words = words[:i]
            break
    # Leading words that are no part of a name: lower-case ones ("speech Mrs. Clinton"), a headline's
    # gerund ("Injecting Clinton"), titles ("Mrs.", "Sen.").
    while len(words) > 1 and (
        words[0][:1].islower()
        and words[0].lower() not in NAME_PARTICLES
        or words[0].lower() in NAME_TITLES
        or (words[0].endswith("ing") and len(words[0]) > 5)
    ):
        words.pop(0)
    if len(words) > 2:
        words = [words[0], *(w for w in words[1:-1] if not _INITIAL.match(w)), words[-1]]
    if all(not c.islower() for c in "".join(words)) and sum(c.isalpha() for c in "".join(words)) > 3:
        words = [_title_case(w) for w in words]
    return " ".join(words)


def name_key(name: str) -> str:
    """The case-, space- and apostrophe-insensitive key that makes two spellings one row."""
    return " ".join(_strip_invisible(name).translate(_APOSTROPHES).split()).casefold()


def surname(name: str) -> str:
    """A person's surname, with its particles and without a suffix: "Martin Luther King Jr." -> "King",
    "Bill de Blasio" -> "de Blasio"."""
    words = [w for w in name.split() if w.lower() not in NAME_SUFFIXES] or name.split()
    if not words:
        return ""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in NAME_PARTICLES:
        start -= 1
    if start == 1 and words[0].lower() in NAME_PARTICLES:
        start = 0  # "De Blasio" is a surname alone
    return " ".join(words[start:])


def given_name(name: str) -> str:
    words = name.split()
    return words[0] if len(words) > 1 and surname(name) != name else ""


def is_single_name(name: str) -> bool:
    """A surname or given name alone: "Trump", "Hillary", "De Blasio"."""
    return len(name.split()) == 1 or surname(name) == name


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """True when one substitution, insertion or deletion (or none) turns `a` into `b`."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] if len(a) == len(b) else a[i:] == b[i + 1 :]


def person_in_coordination(name: str) -> str | None:
    """The person a coordination really names when the rest is a stray word of the sentence:
    "Leonard E. Burman and professor" (from "Leonard E. Burman, a professor and ..."), "Hillary Clinton
    and Democrat"; None for two names ("Ted Cruz and Rand Paul") or a plural ("Bernie Sanders and supporters")."""
    first, *rest = name.split(" and ")
    words = first.split()
    if not rest or len(words) < 2 or not all(_CAPITALISED.match(w) for w in words):
        return None
    for part in rest:
        word = part.strip()
        if " " in word or not word:
            return None
        lower = word.lower()
        stray = word.islower() and not (lower.endswith("s") and lower not in ("is", "was", "has", "says"))
        if not stray and lower not in PARTY_WORDS:
            return None
    return first


def campaign_name(name: str, people: AbstractSet[str] = frozenset()) -> str | None:
    """ "X campaign" for a name of a person's campaign in any of its forms: "Trump's campaign", "Bernie Sanders'
    campaign", "the Trump team", "Team Clinton", "Donald Trump's presidential campaign"; else None. A team or
    camp is a campaign only when its owner's surname is one of `people` (name keys): "the Olympic team" is none."""
    text = " ".join(_strip_invisible(name).translate(_APOSTROPHES).split())
    words = text.split()
    if (
        len(words) == 2
        and words[0].lower() in CAMPAIGN_WORDS
        and words[0][:1].isupper()
        and _CAPITALISED.match(words[1])
    ):
        owner = words[1]  # "Team Clinton"
    else:
        match = re.match(r"^(?:the\s+)?((?:[A-Z][\w.-]*\s+)*[A-Z][\w.-]*?)(?:'s|')?\s+(?:presidential\s+)?(\w+)$", text)
        if match is None or match.group(2).lower() not in CAMPAIGN_WORDS:
            return None
        owner = match.group(1)
    if owner.lower() in DESCRIPTION_OPENERS:
        return None  # "His campaign": whose, only the article can say
    owner = clean_name(owner, PERSON)
    if not owner or owner.lower() in PARTY_WORDS:
        return None
    if not any(w.lower() == "campaign" for w in words) and name_key(surname(owner)) not in people:
        return None
    return f"{surname(owner)} campaign"


def issuer_name(description: str) -> str | None:
    """The organisation a description of something it issued names: "IMF report" -> "IMF", "a new Gallup
    poll" -> "Gallup", "report released by the Brookings Institution" -> "Brookings Institution", "new ad from
    Donald Trump's presidential campaign" -> "Trump campaign"; None when it names none ("a new poll")."""
    words = " ".join(_strip_invisible(description).translate(_APOSTROPHES).split()).split()
    head = next((i for i, w in enumerate(words) if w.lower().strip(",") in ISSUED_NOUNS), None)
    if head is None:
        return None
    before = words[:head]
    # Leading adjectives, numbers and dates are no part of the issuer: "new", "2014", "Wednesday's".
    while before and (
        not before[0][:1].isupper()
        or before[0].endswith("'s")
        or before[0].lower() in DESCRIPTION_OPENERS | INDEFINITE_OPENERS | CALENDAR_WORDS
    ):
        before.pop(0)
    if before and all(_CAPITALISED.match(w) or "/" in w for w in before) and before[-1].lower() not in PARTY_WORDS:
        if len(before) == 1 and before[0].lower() in PARTY_WORDS:
            return None
        issuer = " ".join(before)
        if (
            ISSUED_KINDS.get(words[head].lower().strip(",")) == "ad"
            and before[0].lower() in FIRST_NAMES_F | FIRST_NAMES_M
        ):
            return f"{surname(clean_name(issuer, 'person'))} campaign"  # "a Hillary Clinton ad": her campaign's
        return campaign_name(issuer) or issuer
    after = words[head + 1 :]
    if after and after[0].lower() in ISSUING_PARTICIPLES:
        after = after[1:]  # "report released by ...", "poll conducted by ..."
    if words[head][-1:] == "," or len(after) < 2 or after[0].lower() not in ("by", "from"):
        return None
    after = after[1:]
    while after and after[0].islower():
        if after[0] in NAME_CONNECTORS - {"the"} or after[0] in ("in", "at", "to", "with", "from", "by"):
            return None  # "a poll conducted by voters in Saturday's primary": by no one named
        after.pop(0)  # "by the liberal watchdog group Media Matters"
    run: list[str] = []
    for word in after:
        bare = word.rstrip(",.;")
        if _CAPITALISED.match(bare) or (run and bare.lower() in NAME_CONNECTORS):
            run.append(bare)
            if bare != word:
                break
        else:
            break
    while run and run[-1].lower() in NAME_CONNECTORS:
        run.pop()
    # "from Donald Trump's presidential campaign": the campaign the words after the name make
    for stop in (len(run) + 2, len(run) + 1):
        if run and (campaign := campaign_name(" ".join(after[:stop]))):
            return campaign
    if run and run[-1].endswith("'s"):
        return None  # "... by Saturday's primary": the possessor owns something else
    if not run or " ".join(run).lower() in PARTY_WORDS:
        return None
    return " ".join(run)


def issued_head(description: str) -> str | None:
    """The noun for what was issued in a description ("a new ad from ..." -> "ad"), or None."""
    for word in description.split():
        if word.lower().strip(",") in ISSUED_NOUNS:
            return word.lower().strip(",")
    return None
