"""Journalists' framing of what someone said: "Hegseth's praise for Japan", "the criticism he directed at European
allies in February". The frame is narration, not speech, so it makes no statement of its own; it tells the stance
of the speaker's statement in that sentence and of that date toward the frame's object."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from tracker.lexicon import (
    FRAMING_NEGATIVE_NOUNS,
    FRAMING_OBJECT_STOPS,
    FRAMING_POSITIVE_NOUNS,
    FRAMING_PREPOSITIONS,
    FRAMING_VERBS,
    LEADING_WORDS,
    TARGET_TITLES,
)
from tracker.nlp.attribution.drafts import Context, Draft, attribution_pass
from tracker.nlp.attribution.syntax import TokRange
from tracker.stance.dates import resolve_event_date
from tracker.types import StanceLabel, TargetStance, TextSpan

#: |score| of a stance the framing states (the model's scores are probabilities; a stated stance is sure).
FRAMING_SCORE = 0.8

_NOUN = "|".join(sorted(FRAMING_POSITIVE_NOUNS + FRAMING_NEGATIVE_NOUNS, key=len, reverse=True))
_PREP = "(?:" + "|".join(FRAMING_PREPOSITIONS) + ")"
_VERB = "(?:" + "|".join(FRAMING_VERBS) + ")"
# "Hegseth's praise for", "Hegseth's sharp criticism of"
_POSSESSIVE_FRAME = re.compile(
    rf"(?P<speaker>(?:[A-Z][\w.-]*\s+){{0,3}}[A-Z][\w.-]*)['’]s?\s+(?:\w+\s+){{0,2}}?(?P<noun>{_NOUN})\s+"
    rf"(?:(?:he|she|they)\s+{_VERB}\s+)?{_PREP}\s+"
)
# "the criticism he directed at", "praise he heaped on"
_PRONOUN_FRAME = re.compile(
    rf"\b(?P<noun>{_NOUN})\s+(?:that\s+)?(?P<pronoun>he|she|they)\s+(?:had\s+)?{_VERB}\s+{_PREP}\s+",
    re.IGNORECASE,
)
# Both frames need an evaluative noun: sentences without one skip the two costlier patterns.
_ANY_NOUN = re.compile(rf"\b(?:{_NOUN})\b", re.IGNORECASE)
# Where the frame's object phrase ends: punctuation, a clause or time adverbial, the frame's own verb.
_PHRASE_STOP = re.compile(
    r"[,;:.!?“”\"()]|\b(?:" + "|".join(FRAMING_OBJECT_STOPS) + r"|contrasts?|and\s+(?:said|says|added))\b"
)
_PHRASE_CHARS = 80
_POSITIVE = frozenset(FRAMING_POSITIVE_NOUNS)


@dataclass(frozen=True)
class Framing:
    """A stance stated by the journalist: ``speaker`` (a name as written) evaluates ``target``."""

    speaker: str
    target: str
    kind: str
    mention: TextSpan
    label: StanceLabel
    noun: TextSpan
    event_date: date | None


def _chars(ctx: Context, r: TokRange | None) -> tuple[int, int] | None:
    """Character bounds of a token range without its edge whitespace."""
    if r is None:
        return None
    s, e = r
    while s < e and ctx.doc[s].is_space:
        s += 1
    while e > s and ctx.doc[e - 1].is_space:
        e -= 1
    if e <= s:
        return None
    return ctx.doc[s].idx, ctx.doc[e - 1].idx + len(ctx.doc[e - 1])


def _overlaps(r: tuple[int, int] | None, start: int, end: int) -> bool:
    return r is not None and r[0] < end and start < r[1]


def _mention_text(ctx: Context, d: Draft) -> str | None:
    chars = _chars(ctx, d.source)
    return ctx.text[chars[0] : chars[1]] if chars else None


def _strip_leading_words(name: str) -> str:
    """Drop sentence-initial function words and titles: "But Secretary Hegseth" -> "Hegseth"."""
    words = name.split()
    while words and (words[0].lower() in TARGET_TITLES or words[0].lower() in LEADING_WORDS):
        words = words[1:]
    return " ".join(words)


def _same_person(canonical: str, name: str) -> bool:
    return bool(name) and canonical.split()[-1] == name.split()[-1]


def _speaks(ctx: Context, d: Draft, name: str) -> bool:
    """True when the draft's speaker or source mention has the surname of ``name``."""
    surname = name.split()[-1]
    for candidate in (d.speaker.name if d.speaker else None, _mention_text(ctx, d)):
        if candidate and surname in candidate.replace("’", "'").replace("'s", "").split():
            return True
    return False


def _sentence_speaker(ctx: Context, drafts: Sequence[Draft], start: int, end: int) -> str | None:
    """Who speaks in the sentence ``start:end``: "the criticism he directed at …" names no one."""
    for d in drafts:
        if _overlaps(_chars(ctx, d.content), start, end) or _overlaps(_chars(ctx, d.cue), start, end):
            if d.speaker is not None:
                return d.speaker.name
            mention = _mention_text(ctx, d)
            if mention is not None:
                return mention
    return None


def find_framings(ctx: Context, drafts: Sequence[Draft]) -> list[Framing]:
    """Framings of the form "X's praise for T" / "the criticism he directed at T", per sentence.

    Each frame is dated from its own clause (from its noun to the next frame), so in "X's praise for Japan
    contrasts with the criticism he directed at Europe in February" only the criticism is dated February.
    """
    doc, text = ctx.doc, ctx.text
    found: list[Framing] = []
    for lo, hi in ctx.sents:
        sent_start, sent_end = doc[lo:hi].start_char, doc[lo:hi].end_char
        sentence = text[sent_start:sent_end]
        if not _ANY_NOUN.search(sentence):
            continue
        speaker: str | None = None
        frames: list[tuple[str, int, int, int]] = []  # noun, noun start, noun end, phrase start
        for match in _POSSESSIVE_FRAME.finditer(sentence):
            name = _strip_leading_words(match.group("speaker"))
            if not name:
                continue
            speaker = speaker or name
            frames.append((match.group("noun"), match.start("noun"), match.end("noun"), match.end()))
        for match in _PRONOUN_FRAME.finditer(sentence):
            frames.append((match.group("noun"), match.start("noun"), match.end("noun"), match.end()))
        if not frames:
            continue
        if speaker is None:
            speaker = _sentence_speaker(ctx, drafts, sent_start, sent_end)
            if speaker is None:
                continue
        frames.sort(key=lambda frame: frame[1])
        for index, (noun, noun_start, noun_end, phrase_start) in enumerate(frames):
            label: StanceLabel = "positive" if noun.lower() in _POSITIVE else "negative"
            stop = _PHRASE_STOP.search(sentence, phrase_start, min(len(sentence), phrase_start + _PHRASE_CHARS))
            phrase_end = stop.start() if stop else min(len(sentence), phrase_start + _PHRASE_CHARS)
            clause_end = frames[index + 1][1] if index + 1 < len(frames) else len(sentence)
            when = resolve_event_date(sentence[noun_start:clause_end], ctx.published) or ctx.published
            noun_span = TextSpan(sent_start + noun_start, sent_start + noun_end, sentence[noun_start:noun_end])
            for canonical, kind, mention in ctx.matcher.find(
                doc, sent_start + phrase_start, sent_start + phrase_end, text=text
            ):
                if not _same_person(canonical, speaker):
                    found.append(Framing(speaker, canonical, kind, mention, label, noun_span, when))
    return found


@attribution_pass("framing.v1")
def framing(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """Put each framing's stance on the statement it frames: the framed speaker's statement in the same
    sentence with the same event date ("… in February, telling them they should not assume …"). A framing
    with no such statement is dropped: the journalist's words are not the speaker's."""
    if ctx.matcher is None:
        return list(drafts)
    out = list(drafts)
    for f in find_framings(ctx, out):
        k = ctx.doc.char_span(f.noun.start, f.noun.end, alignment_mode="expand")
        if k is None:
            continue
        lo, hi = ctx.sents[ctx.sent_of[k.start]]
        sent_start, sent_end = ctx.doc[lo:hi].start_char, ctx.doc[lo:hi].end_char
        holder = next(
            (
                i
                for i, d in enumerate(out)
                if _speaks(ctx, d, f.speaker)
                and d.event_date == f.event_date
                and (
                    _overlaps(_chars(ctx, d.content), sent_start, sent_end)
                    or _overlaps(_chars(ctx, d.cue), sent_start, sent_end)
                )
            ),
            None,
        )
        if holder is None or any(t.target == f.target for t in out[holder].targets):
            continue
        score = FRAMING_SCORE if f.label == "positive" else -FRAMING_SCORE
        out[holder] = replace(
            out[holder], targets=(*out[holder].targets, TargetStance(f.target, f.kind, f.mention, f.label, score))
        )
    return out
