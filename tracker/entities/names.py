"""Name forms: clean a name as an article gives it, and fold it into the key that identifies an entity.

Cleaning is the same for speakers and targets, for every writer and for lookups, so "\u202eThe minister",
">Sanders", "PENCE", "Donald J. Trump" and "Obama Says" become "The minister", "Sanders", "Pence",
"Donald Trump" and "Obama" before anything is keyed on them.
"""

from __future__ import annotations

import re
import unicodedata

from tracker.lexicon import HEADLINE_VERBS, NAME_PARTICLES, NAME_SUFFIXES, NAME_TITLES

PERSON = "person"
MAX_NAME_LENGTH = 300
#: Kinds that are not entities: the quote keeps its mention, but links to no entity.
NOT_ENTITY_KINDS = frozenset({"description"})
#: Kinds `tracker speakers` lists without --all.
NAMED_KINDS = frozenset({"person", "organisation", "country", "region"})

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'})
_EDGE_JUNK = re.compile(r"^[^\w\"'(]+|[^\w.)'\"]+$")
_INITIAL = re.compile(r"^[A-Z]\.?$")


def _strip_invisible(text: str) -> str:
    """NFC, without format characters (bidi overrides, zero-width spaces) and controls."""
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
    if kind != PERSON or not name:
        return name
    # A name runs to the first comma or to an "and" before a lower-case word: "Ivanka Trump, the nominee's
    # daughter", "Leonard Burman and professor".
    name = re.split(r",| and (?=[a-z])", name, maxsplit=1)[0].strip()
    words = name.split()
    while len(words) > 1 and words[-1].lower().rstrip(":") in HEADLINE_VERBS and words[-1][:1].isupper():
        words.pop()
    # Leading words that are no part of a name: lower-case ones ("speech Mrs. Clinton"), a headline's
    # gerund ("Injecting Clinton"), titles ("Mrs.", "Sen.").
    while len(words) > 1 and (
        words[0][:1].islower() and words[0].lower() not in NAME_PARTICLES
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
