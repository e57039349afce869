"""spaCy component "tracker_token_attributes": what `attribute_ruler` and `lemmatizer` set, for less.

The tracker reads POS and lemmas everywhere, and the lemmatizer needs the morphology, so both components must
run; but they cost about a sixth of the parse. spaCy's Matcher tries the ruler's 179 rules at every token, and
the lemmatizer builds a Token, a MorphAnalysis and a list per token even when its cache answers, and otherwise
looks its candidate forms up in lists of up to 57,528 words. A process sees
few distinct (word, tag, dependency) combinations, so this component decides each one once, with the loaded
pipeline's own rules and lemmatizer, and writes whole columns with `Doc.from_array`. The values are the same:
TAG, DEP, POS, MORPH and LEMMA agreed on all 840,999 tokens of the 924 PolNeAR train and dev articles when this
was written, and tests/nlp/test_token_attributes.py compares them on the seeds and on the rarer rules. Over the
first 150 train articles the two components took 3.18 s, this one 0.55 s; the whole spaCy parse of the 924
articles went from 128.2 to 108.4 s.

`use_fast_token_attributes(nlp)` puts it in place of the two components when the ruler's rules only use what
this module implements (LOWER, TAG, DEP and IS_SPACE, compared by value, IN, NOT_IN or REGEX, in patterns of
fixed length) and leaves the pipeline alone otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

if TYPE_CHECKING:
    from thinc.types import Ints2d

COMPONENT = "tracker_token_attributes"
RULER, LEMMATIZER = "attribute_ruler", "lemmatizer"
CACHE_LIMIT = 200_000  # entries per cache

# What a rule's token pattern may test, by the Matcher's key, and the column of `Doc.to_array` holding it.
_TESTED = {"LOWER": LOWER, "TAG": TAG, "DEP": DEP, "IS_SPACE": IS_SPACE}
_TESTED_COLUMNS = [LOWER, TAG, DEP, IS_SPACE]
# What a rule may set (normalised attribute ids), in the order they are written.
_WRITTEN = [TAG, DEP, POS, MORPH, LEMMA]

_TokenKey = tuple[int, int, int, int]  # LOWER, TAG, DEP, IS_SPACE of one token
_Test = Callable[[_TokenKey], bool]


class UnsupportedRules(ValueError):
    """The ruler has a pattern this module does not implement; the pipeline keeps spaCy's components."""


@dataclass(frozen=True)
class _Pattern:
    """One token pattern of a rule: a test per token, and the words or tags its first token must have, if any
    (what the index of one-token rules is keyed on)."""

    tests: tuple[_Test, ...]
    lowers: frozenset[int] | None
    tags: frozenset[int] | None


@dataclass(frozen=True)
class _Rule:
    """One attribute-ruler rule: alternative fixed-length patterns, the token of a match it sets, and what."""

    patterns: tuple[_Pattern, ...]
    index: int
    attrs: dict[int, int]


def _value_test(strings: Any, column: int, key: str, value: object) -> tuple[_Test, frozenset[int] | None]:
    """A test of one attribute of a token, and the values it accepts when they are a fixed set."""
    if isinstance(value, bool):
        wanted = int(value)
        return (lambda token: token[column] == wanted), None
    if isinstance(value, str):
        hashed = strings.add(value)
        return (lambda token: token[column] == hashed), frozenset([hashed])
    if isinstance(value, dict) and len(value) == 1:
        ((operator, operand),) = value.items()
        if operator in ("IN", "NOT_IN") and isinstance(operand, list):
            members = frozenset(strings.add(str(item)) for item in operand)
            if operator == "IN":
                return (lambda token: token[column] in members), members
            return (lambda token: token[column] not in members), None
        if operator == "REGEX" and isinstance(operand, str):
            pattern = re.compile(operand)
            return (lambda token: pattern.search(strings[token[column]]) is not None), None
    raise UnsupportedRules(f"{key}: {value!r}")


def _all_of(checks: list[_Test]) -> _Test:
    return lambda token: all(check(token) for check in checks)


def _pattern(strings: Any, specs: list[dict[str, object]]) -> _Pattern:
    tests: list[_Test] = []
    accepted: dict[str, frozenset[int] | None] = {}
    for position, spec in enumerate(specs):
        if not isinstance(spec, dict) or "OP" in spec:
            raise UnsupportedRules("a pattern has an operator")
        checks = []
        for key, value in spec.items():
            if key not in _TESTED:
                raise UnsupportedRules(f"a pattern tests {key}")
            check, values = _value_test(strings, _TESTED_COLUMNS.index(_TESTED[key]), key, value)
            checks.append(check)
            if position == 0:
                accepted[key] = values
        tests.append(checks[0] if len(checks) == 1 else _all_of(checks))
    return _Pattern(tuple(tests), accepted.get("LOWER"), accepted.get("TAG"))


def _rules(ruler: AttributeRuler) -> list[_Rule]:
    """The ruler's rules in the order it applies them (later ones win), as tests on token keys."""
    strings = ruler.vocab.strings
    rules = []
    for attr_id, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices, strict=True)):
        patterns = ruler.matcher.get(str(attr_id))[1]
        if not patterns or not all(patterns):
            raise UnsupportedRules("a rule has an empty pattern")
        if any(key not in _WRITTEN for key in attrs):
            raise UnsupportedRules(f"a rule sets attributes {sorted(attrs)}")
        rules.append(_Rule(tuple(_pattern(strings, p) for p in patterns), index, dict(attrs)))
    return rules


class TokenAttributes:
    """Sets TAG, DEP, POS and MORPH as the attribute ruler would, then the lemmas the lemmatizer would."""

    def __init__(self, ruler: AttributeRuler, lemmatizer: Lemmatizer) -> None:
        if lemmatizer.mode != "rule" or lemmatizer.overwrite:
            raise UnsupportedRules(f"lemmatizer mode {lemmatizer.mode!r}, overwrite={lemmatizer.overwrite}")
        self._rules = _rules(ruler)
        self._lemmatizer = lemmatizer
        # The lemmatizer looks each candidate form up in a list of up to 57,528 words (90 us a word it has not
        # seen); as sets, the same lookups answer at once. The lemmatizer is this component's alone now.
        index = lemmatizer.lookups.get_table("lemma_index", None)
        for pos, words in list(index.items()) if index is not None else []:
            index[pos] = frozenset(words)
        # One-token rules indexed by the words, else the tags, their token must have; the rest tried on every token.
        self._by_lower: dict[int, list[int]] = {}
        self._by_tag: dict[int, list[int]] = {}
        self._anywhere: list[int] = []
        # Patterns of two tokens or more, matched by position since they look at neighbours.
        self._longer: list[tuple[int, _Pattern]] = []
        for number, rule in enumerate(self._rules):
            if any(len(p.tests) > 1 for p in rule.patterns):
                self._longer.extend((number, p) for p in rule.patterns)
            elif all(p.lowers is not None for p in rule.patterns):
                for value in frozenset().union(*(p.lowers or () for p in rule.patterns)):
                    self._by_lower.setdefault(value, []).append(number)
            elif all(p.tags is not None for p in rule.patterns):
                for value in frozenset().union(*(p.tags or () for p in rule.patterns)):
                    self._by_tag.setdefault(value, []).append(number)
            else:
                self._anywhere.append(number)
        self._single: dict[_TokenKey, tuple[int, ...]] = {}  # token key -> one-token rules matching it
        self._starts: dict[_TokenKey, tuple[int, ...]] = {}  # token key -> longer patterns it can start
        self._folded: dict[tuple[int, ...], dict[int, int]] = {}  # rules matching a token -> what it is set to
        self._lemmas: dict[tuple[int, int, int], str] = {}  # ORTH, POS, MORPH -> lemma

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys: list[_TokenKey] = [tuple(row) for row in doc.to_array(_TESTED_COLUMNS).tolist()]  # type: ignore[misc]
        matched = [self._single_rules(key) for key in keys]
        for position, longer in self._longer_matches(keys).items():
            matched[position] = tuple(sorted({*matched[position], *longer}))
        columns = doc.to_array(_WRITTEN).tolist()
        for row, rules in zip(columns, matched, strict=True):
            if rules:
                for attr, value in self._fold(rules).items():
                    row[_WRITTEN.index(attr)] = value
        doc.from_array(_WRITTEN, cast("Ints2d", np.array(columns, dtype=np.uint64)))
        self._lemmatize(doc)
        for cache in (self._single, self._starts, self._folded, self._lemmas):
            if len(cache) > CACHE_LIMIT:  # a long run meets ever more words: start afresh rather than grow
                cache.clear()
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def _single_rules(self, key: _TokenKey) -> tuple[int, ...]:
        rules = self._single.get(key)
        if rules is None:
            lower, tag = key[0], key[1]
            candidates = sorted({*self._by_lower.get(lower, ()), *self._by_tag.get(tag, ()), *self._anywhere})
            rules = tuple(n for n in candidates if any(p.tests[0](key) for p in self._rules[n].patterns))
            self._single[key] = rules
        return rules

    def _longer_matches(self, keys: list[_TokenKey]) -> dict[int, set[int]]:
        """Position -> the rules of longer patterns that set it."""
        found: dict[int, set[int]] = {}
        if not self._longer:
            return found
        for start, key in enumerate(keys):
            starts = self._starts.get(key)
            if starts is None:
                starts = tuple(i for i, (_, pattern) in enumerate(self._longer) if pattern.tests[0](key))
                self._starts[key] = starts
            for which in starts:
                number, pattern = self._longer[which]
                width = len(pattern.tests)
                if start + width <= len(keys) and all(
                    test(keys[start + offset]) for offset, test in enumerate(pattern.tests[1:], 1)
                ):
                    index = self._rules[number].index
                    found.setdefault(start + (index if index >= 0 else width + index), set()).add(number)
        return found

    def _fold(self, rules: tuple[int, ...]) -> dict[int, int]:
        folded = self._folded.get(rules)
        if folded is None:
            folded = {}
            for number in rules:  # in the ruler's order: a later rule overrides an earlier one
                folded.update(self._rules[number].attrs)
            self._folded[rules] = folded
        return folded

    def _lemmatize(self, doc: Doc) -> None:
        columns = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = [row[3] for row in columns]
        hashes: dict[str, int] = {}
        for position, (orth, pos, morph, lemma) in enumerate(columns):
            if lemma:  # set by a rule; the lemmatizer does not overwrite
                continue
            key = (orth, pos, morph)
            found = self._lemmas.get(key)
            if found is None:
                found = self._lemmas[key] = self._lemmatizer.lemmatize(doc[position])[0]
            # Added to the doc's strings here, not kept as a hash: inside `nlp.memory_zone()` a new string lives
            # only as long as the zone.
            lemma = hashes.get(found)
            if lemma is None:
                lemma = hashes[found] = doc.vocab.strings.add(found)
            lemmas[position] = lemma
        if hashes:
            doc.from_array([LEMMA], cast("Ints2d", np.array(lemmas, dtype=np.uint64).reshape(-1, 1)))


@Language.factory(COMPONENT, assigns=["token.tag", "token.dep", "token.pos", "token.morph", "token.lemma"])
def make_token_attributes(nlp: Language, name: str) -> TokenAttributes:
    """Built from the pipeline's own `attribute_ruler` and `lemmatizer`, which must still be in it."""
    ruler, lemmatizer = nlp.get_pipe(RULER), nlp.get_pipe(LEMMATIZER)
    if not isinstance(ruler, AttributeRuler) or not isinstance(lemmatizer, Lemmatizer):
        raise UnsupportedRules(f"{RULER} or {LEMMATIZER} is not spaCy's own")
    return TokenAttributes(ruler, lemmatizer)


def use_fast_token_attributes(nlp: Language) -> bool:
    """Replace `attribute_ruler` and `lemmatizer` by `tracker_token_attributes` where the pipeline has both,
    next to each other, and their rules are ones it implements. True when it did."""
    names = nlp.pipe_names
    if RULER not in names or LEMMATIZER not in names or names.index(LEMMATIZER) != names.index(RULER) + 1:
        return False
    try:
        nlp.add_pipe(COMPONENT, before=RULER)
    except UnsupportedRules:
        return False
    nlp.remove_pipe(RULER)
    nlp.remove_pipe(LEMMATIZER)
    return True
