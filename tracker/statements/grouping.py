"""Statements: the reports of one utterance by one speaker, across articles and outlets.

A wire story republished by twenty outlets, or a debate line quoted by ten reporters, is one statement
with many reports. Two reports of the same speaker are grouped when their words match once case,
punctuation, quote marks and apostrophes are set aside. A mixed quote is compared by its quoted words only,
each quoted part on its own: a trigram running from one part into the next ("donald trump railroaded") was
never said, and a part too short for a trigram ("railroaded") gives none; only when every part is that
short are the parts read as one run ("loser", "liar", "whiner"). Words in square brackets are the editor's
("[sic]", "Bill [Clinton]") and are left out; a report with an aside between two dashes ("a man or a woman -
not me, not Bill, nobody - more qualified") is read both with and without it, as a pre-released text or
another outlet may not have the ad-lib, and joins another report when either reading does. The rules, in the
order they apply:

- long reports (at least `LONG` words) join when the shorter one's word trigrams are mostly (`CONTAINED`)
  inside the longer one's: copies, trimmed copies, a full sentence and its longer context;
- long reports of at least `NEAR_LONG` words also join when, aligned word by word, at least `NEAR` of the
  shorter one's words are found in order in the longer one, in runs of two words or more: one outlet
  changed, dropped or swapped a word ("coal companies and coal miners" / "coal miners and coal
  companies", "like my husband" / "unlike my husband"). Shorter lines are not trusted this way, as a stump
  line of ten words comes back nearly word for word at the next event ("we have come a (pretty) long way in
  the last nine months"), and a longer insertion (a debate line said twice, once with "once and for all")
  stays below `NEAR`. A shorter long report joins only when every one of its words is found so and the longer
  one adds among them nothing but its own words again: a restart that an outlet tidied ("what difference - at
  this point, what difference does it make?");
- a short report (a partial quote, "the cornerstone of peace") joins the one group of long reports that holds
  all its trigrams and every word of its too-short quoted parts; when several groups hold it (a slogan inside
  many different speeches) it stays a statement of its own rather than join different utterances together;
- short reports with the same words are one statement;
- a mixed quote whose only quoted words are two content words ("extremely careless", "artful smear"; not
  "a mistake"), still a statement of its own after the rules above, joins the one statement whose reports
  say those two words (within one quoted part) and were published at most `PHRASE_DAYS` days before or
  after it. Two words are little to go on: found in reports of several statements, or only in reports
  further apart in time (the same words on another occasion), the phrase joins nothing; a report without a
  publication date is never joined this way;
- a mixed quote still on its own joins the one statement with a report, published at most `FRAGMENT_DAYS`
  days before or after it, that says its quoted parts word for word, when the parts so found hold at least
  `FRAGMENT_WORDS` words of content and at least half of its quoted ones ("a hater of Donald Trump" ... who had
  "railroaded" him, in the full quote of the rally that has no "railroaded"; a "loser," a "liar" and a
  "whiner" in the tweet). One word quoted alone ("intolerable") is too little to go on.

Paraphrases reported indirectly are not grouped: high content-word overlap within a week also joins the
same talking point given in two interviews on one day, so no cheap rule keeps them precise (at least four
shared words of content, half of the shorter report's, within three days: about one join in four wrong over
the PolNeAR articles). The grouping is a
function of the set of reports only: the same reports give the same statements whatever order they came in.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from tracker.lexicon import PHRASE_FUNCTION_WORDS

LONG = 8
MIN_WORDS = 3  # "it", "that": too short to say two reports are one utterance
CONTAINED = 0.8
SHINGLE = 3
COMMON_SHINGLE = 200
NEAR_LONG = 12
NEAR = 0.85
PHRASE_DAYS = 30
FRAGMENT_WORDS = 3
FRAGMENT_DAYS = 7

_QUOTED = re.compile(r"[“\"]([^“”\"]+)[”\"]")
_WORD = re.compile(r"[\w]+(?:['’][\w]+)*")
# "[sic]", "Bill [Clinton]": the editor's words, not the speaker's.
_EDITORIAL = re.compile(r"\[[^\]]*\]")
# An aside between two dashes within one sentence ("a woman - not me, not Bill, nobody - more qualified"): an
# ad-lib that the pre-released text, or another outlet, does not have.
_ASIDE = re.compile(r"\s[-–—―]{1,2}\s[^-–—―.!?]{1,60}?\s[-–—―]{1,2}\s")


#: One reading of a report: its compared words in a row, and their trigrams.
Reading = tuple[tuple[str, ...], frozenset[tuple[str, ...]]]


@dataclass(frozen=True)
class Report:
    """One quote of a speaker: `order` sorts reports oldest first (publication date, article, offset)."""

    id: int
    text: str
    kind: str
    order: tuple[str, str, int]
    published: date | None = None


def words(text: str) -> tuple[str, ...]:
    """Lower-case words without punctuation; curly and straight apostrophes are one."""
    return tuple(w.replace("’", "'") for w in _WORD.findall(text.casefold()))


def quoted_parts(text: str) -> tuple[tuple[str, ...], ...]:
    """The words of each quoted stretch of a text."""
    # Some papers quote with two apostrophes (''makes me smart'').
    return tuple(p for p in (words(q) for q in _QUOTED.findall(text.replace("''", '"'))) if p)


def _parts(text: str, kind: str) -> tuple[tuple[str, ...], ...]:
    if kind == "mixed":
        parts = quoted_parts(text)
        if sum(len(p) for p in parts) >= 3:
            return parts
    return (words(text),)


def compared_parts(report: Report) -> tuple[tuple[str, ...], ...]:
    """The stretches of words a report is compared by: a mixed quote's quoted parts, else all its words."""
    return _parts(report.text, report.kind)


def _readings(report: Report) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """The parts a report is grouped by, without an editor's [insertions]: with every word said, then without
    an aside set off by dashes, if it has one."""
    said = _EDITORIAL.sub("", report.text)
    full = _parts(said, report.kind)
    bare = _parts(_ASIDE.sub(" ", said), report.kind)
    return (full,) if bare == full else (full, bare)


def quoted_phrase(report: Report) -> tuple[str, ...] | None:
    """A mixed quote's two quoted words of content when they are all it quotes ("extremely careless")."""
    if report.kind != "mixed":
        return None
    quoted = tuple(w for q in _QUOTED.findall(report.text.replace("''", '"')) for w in words(q))
    return quoted if len(quoted) == 2 and PHRASE_FUNCTION_WORDS.isdisjoint(quoted) else None


def compared_words(report: Report) -> tuple[str, ...]:
    """The words a report is compared by: a mixed quote's quoted words, else all its words."""
    return tuple(w for part in compared_parts(report) for w in part)


def _trigrams(tokens: Sequence[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def _shingles(parts: Sequence[Sequence[str]]) -> frozenset[tuple[str, ...]]:
    # A trigram across two quoted parts ("donald trump railroaded") was never said; parts too short for a
    # trigram of their own ("railroaded") add none. Only when every part is that short are they read together.
    within = set().union(*(_trigrams(p) for p in parts if len(p) >= SHINGLE))
    if within:
        return frozenset(within)
    tokens = [w for p in parts for w in p]
    if len(tokens) < SHINGLE:
        return frozenset({tuple(tokens)}) if tokens else frozenset()
    return frozenset(_trigrams(tokens))


def _contained(small: frozenset[tuple[str, ...]], big: frozenset[tuple[str, ...]]) -> float:
    return len(small & big) / len(small) if small else 0.0


def _near(a: Sequence[str], b: Sequence[str]) -> bool:
    """Long reports alike but for a word changed, dropped or moved: most of the shorter's words, in order."""
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    vocabulary = set(big)
    if sum(w in vocabulary for w in small) < NEAR * len(small):  # cheap bound before aligning
        return False
    blocks = SequenceMatcher(a=small, b=big, autojunk=False).get_matching_blocks()
    # Runs of one word are chance ("the", "we"); runs of two or more are the same words said.
    said = sum(m.size for m in blocks if m.size >= 2)
    if len(small) >= NEAR_LONG:
        return said >= NEAR * len(small)
    # A shorter line is one utterance only when all its words are there, in runs, and the longer one adds
    # among them nothing but the same words again: a restart an outlet tidied away ("what difference - at this
    # point, what difference does it make?"). A word more ("a pretty long way") is another telling.
    if said < len(small):
        return False
    runs = [m for m in blocks if m.size]
    return set(big[runs[0].b : runs[-1].b + runs[-1].size]) <= set(small)


def _alike(a: Reading, b: Reading) -> bool:
    """Two long readings are one utterance: the shorter's trigrams mostly in the longer, or its words near."""
    small, big = (a[1], b[1]) if len(a[1]) <= len(b[1]) else (b[1], a[1])
    return _contained(small, big) >= CONTAINED or _near(a[0], b[0])


def _join_phrases(
    items: Sequence[Report],
    parts: dict[int, tuple[tuple[str, ...], ...]],
    find: Callable[[int], int],
    union: Callable[[int, int], None],
) -> None:
    """A report still on its own that quotes only a two-word phrase joins the one statement saying it nearby."""
    phrases = {r.id: (p, r.published) for r in items if r.published and (p := quoted_phrase(r))}
    wanted = {p for p, _ in phrases.values()}
    sayers: dict[tuple[str, ...], list[tuple[int, date]]] = defaultdict(list)
    for r in items:
        if r.published and wanted:
            said = {part[i : i + 2] for part in parts[r.id] for i in range(len(part) - 1)}
            for phrase in said & wanted:
                sayers[phrase].append((r.id, r.published))
    alone = _alone(items, find)
    # Decided on the statements as they stand, then joined: the result does not depend on report order.
    joins = []
    for rid, (phrase, when) in phrases.items():
        if not alone(rid):  # already in a statement: a phrase never joins two statements
            continue
        near = {find(o) for o, day in sayers[phrase] if o != rid and abs((day - when).days) <= PHRASE_DAYS}
        if len(near) == 1:
            joins.append((rid, near.pop()))
    for a, b in joins:
        union(a, b)


def _alone(items: Sequence[Report], find: Callable[[int], int]) -> Callable[[int], bool]:
    """Whether a report is, as the statements stand now, a statement of its own."""
    size: dict[int, int] = defaultdict(int)
    for r in items:
        size[find(r.id)] += 1
    return lambda rid: size[find(rid)] == 1


def _nearby(items: Sequence[Report], days: int) -> Callable[[Report], list[Report]]:
    """The other dated reports published at most `days` days before or after a report."""
    dated = sorted((r for r in items if r.published), key=lambda r: (r.published, r.id))
    ordinals = [r.published.toordinal() for r in dated if r.published]

    def nearby(report: Report) -> list[Report]:
        if not report.published:
            return []
        day = report.published.toordinal()
        return [o for o in dated[bisect_left(ordinals, day - days) : bisect_right(ordinals, day + days)] if o != report]

    return nearby


def _content(part: Sequence[str]) -> int:
    return sum(w not in PHRASE_FUNCTION_WORDS for w in part)


def _join_fragments(
    items: Sequence[Report],
    parts: dict[int, tuple[tuple[str, ...], ...]],
    find: Callable[[int], int],
    union: Callable[[int, int], None],
) -> None:
    """A mixed quote still on its own joins the one statement reported within days that says its quoted parts.

    Each quoted part counts when another report says it word for word ("a hater of Donald Trump" in the full
    quote; "loser", "liar" and "whiner" in the tweet); the parts found must hold at least `FRAGMENT_WORDS` words
    of content and at least half of all the quoted ones, in one report published at most `FRAGMENT_DAYS` days
    from it. A part said elsewhere in the same speech ("railroaded") may be missing; a slogan said in several
    statements nearby joins none.
    """
    alone = _alone(items, find)
    nearby = _nearby(items, FRAGMENT_DAYS)
    spans = {r.id: [f" {' '.join(p)} " for p in parts[r.id]] for r in items}
    joins = []
    for r in items:
        if r.kind != "mixed" or not alone(r.id):
            continue
        quoted = [(f" {' '.join(p)} ", _content(p)) for p in quoted_parts(_EDITORIAL.sub("", r.text))]
        total = sum(n for _, n in quoted)
        holders = set()
        for other in nearby(r):
            found = sum(n for q, n in quoted if any(q in span for span in spans[other.id]))
            if found >= FRAGMENT_WORDS and 2 * found >= total:
                holders.add(find(other.id))
        if len(holders) == 1:
            joins.append((r.id, holders.pop()))
    for a, b in joins:
        union(a, b)


def group_reports(reports: Iterable[Report]) -> list[list[Report]]:
    """The statements among one speaker's reports, each a list of reports oldest first, oldest statement first."""
    items = sorted(reports, key=lambda r: (r.order, r.id))
    read = {r.id: _readings(r) for r in items}
    parts = {r.id: read[r.id][0] for r in items}
    tokens = {r.id: tuple(w for p in parts[r.id] for w in p) for r in items}
    shingles = {r.id: _shingles(parts[r.id]) for r in items}
    versions: dict[int, list[Reading]] = {
        r.id: [(tuple(w for p in rd for w in p), _shingles(rd)) for rd in read[r.id]] for r in items
    }
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
        for s in set().union(*(v for _, v in versions[r.id])):
            index[s].append(r.id)
    for r in long:
        candidates = {
            other
            for _, own in versions[r.id]
            for s in own
            if len(index[s]) <= COMMON_SHINGLE
            for other in index[s]
            if other != r.id
        }
        for other in sorted(candidates):
            if find(r.id) == find(other):  # already one statement: no need to compare again
                continue
            if any(_alike(x, y) for x in versions[r.id] for y in versions[other]):
                union(r.id, other)
    for r in short:
        # Every quoted word counts: a part too short for a trigram ("railroaded") must be in the holder too.
        loose = {w for p in parts[r.id] if len(p) < SHINGLE for w in p}
        holders = {
            find(other)
            for s in shingles[r.id]
            for other in index.get(s, ())
            if shingles[r.id] <= shingles[other] and loose <= set(tokens[other])
        }
        if len(holders) == 1:
            union(r.id, holders.pop())
    by_words: dict[tuple[str, ...], int] = {}
    for r in short:
        if find(r.id) == r.id:  # joined no long report
            first = by_words.setdefault(tokens[r.id], r.id)
            union(r.id, first)
    _join_phrases(items, parts, find, union)
    _join_fragments(items, parts, find, union)
    groups: dict[int, list[Report]] = defaultdict(list)
    for r in items:
        groups[find(r.id)].append(r)
    return sorted(groups.values(), key=lambda g: (g[0].order, g[0].id))


def word_diff(a: str, b: str) -> list[tuple[str, str]]:
    """Word-level differences from report `a` to report `b`: ("-", words dropped), ("+", words added)."""
    wa, wb = words(a), words(b)
    changes = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            changes.append(("-", " ".join(wa[i1:i2])))
        if op in ("insert", "replace"):
            changes.append(("+", " ".join(wb[j1:j2])))
    return changes
