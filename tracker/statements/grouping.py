"""Statements: the reports of one utterance by one speaker, across articles and outlets.

A wire story republished by twenty outlets, or a debate line quoted by ten reporters, is one statement
with many reports. Two reports of the same speaker are grouped when their words match once case,
punctuation, quote marks and apostrophes are set aside:

- long reports (at least `LONG` words) join when the shorter one's word trigrams are mostly (`CONTAINED`)
  inside the longer one's: copies, trimmed copies, a full sentence and its longer context;
- a short report (a partial quote, "the cornerstone of peace") joins the one group of long reports that holds
  all its trigrams; when several groups hold it (a slogan inside many different speeches) it stays a
  statement of its own rather than join different utterances together;
- short reports with the same words are one statement.

For a mixed quote only its quoted words are compared, so "the same words reported directly in one article
and as a mixed quote in another" are one statement. The grouping is a function of the set of reports only:
the same reports give the same statements whatever order they came in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

LONG = 8
MIN_WORDS = 3  # "it", "that": too short to say two reports are one utterance
CONTAINED = 0.8
SHINGLE = 3
COMMON_SHINGLE = 200

_QUOTED = re.compile(r"[“\"]([^“”\"]+)[”\"]")
_WORD = re.compile(r"[\w]+(?:['’][\w]+)*")


@dataclass(frozen=True)
class Report:
    """One quote of a speaker: `order` sorts reports oldest first (publication date, article, offset)."""

    id: int
    text: str
    kind: str
    order: tuple[str, str, int]


def words(text: str) -> tuple[str, ...]:
    """Lower-case words without punctuation; curly and straight apostrophes are one."""
    return tuple(w.replace("’", "'") for w in _WORD.findall(text.casefold()))


def compared_words(report: Report) -> tuple[str, ...]:
    """The words a report is compared by: a mixed quote's quoted words, else all its words."""
    if report.kind == "mixed":
        # Some papers quote with two apostrophes (''makes me smart'').
        quoted = [w for part in _QUOTED.findall(report.text.replace("''", '"')) for w in words(part)]
        if len(quoted) >= 3:
            return tuple(quoted)
    return words(report.text)


def _shingles(tokens: Sequence[str]) -> frozenset[tuple[str, ...]]:
    if len(tokens) < SHINGLE:
        return frozenset({tuple(tokens)}) if tokens else frozenset()
    return frozenset(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def _contained(small: frozenset[tuple[str, ...]], big: frozenset[tuple[str, ...]]) -> float:
    return len(small & big) / len(small) if small else 0.0


def group_reports(reports: Iterable[Report]) -> list[list[Report]]:
    """The statements among one speaker's reports, each a list of reports oldest first, oldest statement first."""
    items = sorted(reports, key=lambda r: (r.order, r.id))
    tokens = {r.id: compared_words(r) for r in items}
    shingles = {r.id: _shingles(tokens[r.id]) for r in items}
    long = [r for r in items if len(tokens[r.id]) >= LONG]
    short = [r for r in items if MIN_WORDS <= len(tokens[r.id]) < LONG]

    parent = {r.id: r.id for r in items}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # Candidates share a trigram: an inverted index keeps this near linear on a speaker's many quotes. A
    # trigram in very many reports ("we are going") proposes no candidates; rarer ones of a copy still do.
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for r in long:
        for s in shingles[r.id]:
            index[s].append(r.id)
    for r in long:
        candidates = {
            other for s in shingles[r.id] if len(index[s]) <= COMMON_SHINGLE for other in index[s] if other != r.id
        }
        for other in sorted(candidates):
            a, b = shingles[r.id], shingles[other]
            small, big = (a, b) if len(a) <= len(b) else (b, a)
            if _contained(small, big) >= CONTAINED:
                union(r.id, other)
    for r in short:
        holders = {
            find(other) for s in shingles[r.id] for other in index.get(s, ()) if shingles[r.id] <= shingles[other]
        }
        if len(holders) == 1:
            union(r.id, holders.pop())
    by_words: dict[tuple[str, ...], int] = {}
    for r in short:
        if find(r.id) == r.id:  # joined no long report
            first = by_words.setdefault(tokens[r.id], r.id)
            union(r.id, first)
    groups: dict[int, list[Report]] = defaultdict(list)
    for r in items:
        groups[find(r.id)].append(r)
    return sorted(groups.values(), key=lambda g: (g[0].order, g[0].id))


def word_diff(a: str, b: str) -> list[tuple[str, str]]:
    """Word-level differences from report `a` to report `b`: ("-", words dropped), ("+", words added)."""
    from difflib import SequenceMatcher

    wa, wb = words(a), words(b)
    changes = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            changes.append(("-", " ".join(wa[i1:i2])))
        if op in ("insert", "replace"):
            changes.append(("+", " ".join(wb[j1:j2])))
    return changes
