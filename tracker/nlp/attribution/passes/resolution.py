"""Who speaks and who reports it: sources by rule, speaker entities, credited outlets, event dates."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Token

from tracker.lexicon import QUOTE_VERBS, RECORDING_NOUNS, REPORTING_NOUNS
from tracker.nlp.attribution.drafts import Context, Draft, attribution_pass
from tracker.nlp.attribution.outlets import article_credit, canonical_outlet, claim_credit, credited_source
from tracker.nlp.attribution.quotes import QUOTE_CHARS
from tracker.nlp.attribution.speakers import SpeakerResolver
from tracker.nlp.attribution.syntax import TokRange, mention, root_of, rule_source, span
from tracker.stance.dates import resolve_event_date
from tracker.types import Speaker


def _with_rule_source(ctx: Context, d: Draft) -> Draft:
    if d.source is not None:
        return d
    cue, source = rule_source(ctx.doc, d.content, d.parts, d.cue, ctx.states)
    return d if source is None else replace(d, cue=cue, source=source)


@attribution_pass("rule_sources.v1")
def rule_sources(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """A draft the tagger gave no source gets one by rule: the subject of its cue, else, for a quote, a dash
    credit, a transcript label or the verb of saying next to it. Runs before quotes are merged, so merging
    can compare speakers."""
    return [_with_rule_source(ctx, d) for d in drafts]


@attribution_pass("late_sources.v1")
def late_sources(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """The same rule once more for drafts that reshaping gave a new cue or content ("according to")."""
    return [_with_rule_source(ctx, d) for d in drafts]


@attribution_pass("recorded_speakers.v1")
def recorded_speakers(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """Words said on a recording are the speaker's, not the recording's: in "The ad uses footage of Hillary
    Clinton asking, “Why aren't I 50 points ahead?”" Clinton asks; the ad only shows her. A cue holding a
    recording of a named person ("footage of X asking", "a video of X saying") has that person as its source."""
    doc = ctx.doc
    out = []
    for d in drafts:
        speaker = None
        cue_start, cue_end = d.cue if d.cue is not None else (0, 0)
        for noun in doc[cue_start:cue_end]:
            if noun.lemma_.lower() not in RECORDING_NOUNS:
                continue
            for name in (o for p in noun.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"):
                saying = any(t.tag_ == "VBG" and t.lemma_.lower() in QUOTE_VERBS for t in doc[name.i + 1 : cue_end])
                if name.ent_type_ == "PERSON" and saying:
                    speaker = mention(doc, name)
        out.append(d if speaker is None else replace(d, source=speaker))
    return out


@attribution_pass("claim_owners.v1")
def claim_owners(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """The clause of a possessed reporting noun is the possessor's statement, whoever the sentence's subject
    is: in "Politifact did a fact-check on Trump's claim that there were thousands of shootings" the claim
    is Trump's, its words are the clause, and "a fact-check on" is the journalist's narration; in "Trump
    highlighted his message that ..." the message is his own; in "Clinton seized upon a New York Times report
    that ..." the report is the Times'."""
    doc = ctx.doc
    out = []
    for d in drafts:
        s, e = d.content
        found = None
        for noun in doc[max(0, s - 1) : e]:
            if noun.pos_ != "NOUN" or noun.lemma_.lower() not in REPORTING_NOUNS:
                continue
            # "Trump's claim", or a name before the noun: "a New York Times report that ..."
            owner = next(
                (c for c in noun.children if c.dep_ == "poss" or c.dep_ == "compound" and c.ent_type_ in _OWNERS), None
            )
            # The noun's clause; a parser may read "a report that Trump had ..." as a relative clause
            clause = next(
                (
                    c
                    for c in noun.children
                    if c.i > noun.i
                    and (c.dep_ in ("acl", "ccomp") or c.dep_ == "relcl" and any(m.dep_ == "mark" for m in c.children))
                ),
                None,
            )
            if owner is None or clause is None or ctx.states[clause.left_edge.i] or not _finite(clause):
                continue  # "his tweets shaming Machado": a participle says what they were, not what they said
            lo, hi = clause.left_edge.i, clause.right_edge.i + 1
            is_content = abs(lo - s) <= 1
            # or the content's end, after narration with no quoted words: "a fact-check on Trump's claim that …"
            ends_content = s <= noun.i and abs(hi - e) <= 1 and not any(ctx.states[i] for i in range(s, lo))
            if is_content or ends_content:
                found = (noun, owner, lo)
                break
        if found is not None:
            noun, owner, lo = found
            source = mention(doc, owner)
            if d.source is None or not (d.source[0] <= source[0] and source[1] <= d.source[1]):
                if lo > s:
                    d = d.reshaped(lo, e)
                d = replace(d, cue=(noun.i, noun.i + 1), source=source)
        out.append(d)
    return out


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_OWNERS = frozenset({"PERSON", "ORG"})


@attribution_pass("sent_documents.v1")
def sent_documents(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """What a document says is its sender's: in "Mr. Obama, who sent Mr. Xi a letter with a proposal in which the
    United States would pledge to ...", the pledge is what Obama's letter proposed, not a pledge the United
    States made. A cue inside an "in which" clause of a noun in a letter, memo or statement that is the object
    of someone's verb ("sent", "wrote", "issued") has that someone as its source and the document as its cue."""
    doc = ctx.doc
    out = []
    for d in drafts:
        verb = doc[root_of(doc, d.cue)] if d.cue is not None else None
        found = _sender(verb) if verb is not None and verb.dep_ == "relcl" else None
        if verb is not None and found is not None:
            document, sender = found
            lo, hi = verb.left_edge.i, verb.right_edge.i + 1
            if ctx.sent_of[hi - 1] == ctx.sent_of[lo] and not any(ctx.states[i] for i in range(lo, hi)):
                d = replace(d.reshaped(lo, hi), cue=(document.i, document.i + 1), source=mention(doc, sender))
        out.append(d)
    return out


def _sender(clause: Token) -> tuple[Token, Token] | None:
    """The document and its sender for an "in which" clause: the noun it hangs on, or a noun that noun is in
    ("a letter with a proposal"), when it is a document someone's verb takes as object."""
    if not any(c.lower_ == "in" and any(o.lower_ == "which" for o in c.children) for c in clause.children):
        return None
    noun = clause.head
    while noun.pos_ == "NOUN":
        if noun.lemma_.lower() in REPORTING_NOUNS and noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
            subject = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
            return (noun, subject) if subject is not None else None
        if noun.dep_ != "pobj" or noun.head.dep_ != "prep":
            return None
        noun = noun.head.head
    return None


def _finite(verb: Token) -> bool:
    """Whether a clause is finite ("that shootings had risen", "X is Y"): a tensed verb or auxiliary heads it."""
    return verb.tag_ in _FINITE_TAGS or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE_TAGS for c in verb.children
    )


@attribution_pass("speakers.v1")
def speakers(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """Each source mention resolved to a speaker entity, in text order (pronouns and descriptions look back
    at who spoke before). A statement with no source of its own that starts within ``carry_tokens`` of the
    previous statement carries on that speaker's words, unless it is a crowd's chant (“U-S-A! U-S-A!”)."""
    resolver = SpeakerResolver(ctx.doc)
    last: tuple[int, Speaker] | None = None  # (end token, speaker) of the previous statement
    out = []
    for d in sorted(drafts, key=lambda d: d.content):
        speaker = resolver.resolve(span(ctx.doc, d.source), said=d.parts)
        if (
            speaker is None
            and d.source is None
            and last is not None
            and d.content[0] - last[0] <= ctx.carry_tokens
            and not is_chant(ctx, d)
        ):
            speaker = last[1]
        resolver.note_speaker(d.source[0] if d.source else d.content[0], speaker, d.content)
        if speaker is not None:
            last = (d.content[1], speaker)
        out.append(replace(d, speaker=speaker))
    return out


@attribution_pass("carried_mentions.v1")
def carried_mentions(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """A statement that carries on the previous speaker's words (``“A,” she said. “B.”``: no source of its own)
    keeps the mention it was resolved from: the source of the last statement before it with that speaker, so
    ``“B.”`` shows ``she`` as its speaker mention, as PolNeAR annotates a continuation."""
    out = []
    last: dict[str, TokRange] = {}  # speaker name -> source of its last statement with one
    for d in sorted(drafts, key=lambda d: d.content):
        if d.speaker is not None:
            if d.source is not None:
                last[d.speaker.name] = d.source
            elif d.speaker.name in last and last[d.speaker.name][1] <= d.content[0]:
                d = replace(d, source=last[d.speaker.name])
        out.append(d)
    return out


_CHANT_BREAK = re.compile(r"[!,.;]+")


def is_chant(ctx: Context, d: Draft) -> bool:
    """A quote that is one short exclamation said over and over (“Lock her up! Lock her up!”): what a crowd
    chants, not the words of whoever spoke before."""
    chars = ctx.doc[d.content[0] : d.content[1]]
    text = "".join(c for c in chars.text if c not in QUOTE_CHARS)
    parts = [" ".join(p.lower().split()) for p in _CHANT_BREAK.split(text) if p.strip()]
    return len(parts) >= 2 and len(set(parts)) == 1 and len(parts[0].split()) <= 4


def _sentence_text(ctx: Context, i: int) -> str:
    s, e = ctx.sents[ctx.sent_of[i]]
    return ctx.doc[s:e].text


@attribution_pass("credits.v1")
def credits(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """The outlet each statement is credited to: the speaker when it is an outlet, else one its sentence
    credits ("…, according to AP"), else the article's own credit (dateline, wire tagline). The publishing
    outlet is never its own credited source ("Politico reported" in Politico)."""
    article = credited_source(article_credit(ctx.text), ctx.publisher)
    out = []
    for d in drafts:
        credited = None
        if d.speaker is not None and d.speaker.kind == "organisation":
            credited = canonical_outlet(d.speaker.name)
        if credited is None:
            anchor = d.cue[0] if d.cue else d.content[0]
            credited = claim_credit(_sentence_text(ctx, anchor)) or article
        out.append(replace(d, credited=credited_source(credited, ctx.publisher)))
    return out


def _words(ctx: Context, r: TokRange) -> TokRange | None:
    """``r`` without whitespace tokens at its edges (None when nothing else is left)."""
    s, e = r
    while s < e and ctx.doc[s].is_space:
        s += 1
    while e > s and ctx.doc[e - 1].is_space:
        e -= 1
    return (s, e) if e > s else None


def _sentence_chars(ctx: Context, first: int, last: int) -> tuple[int, int]:
    """Character bounds of the sentences holding tokens ``first`` to ``last``."""
    s, e = ctx.sents[ctx.sent_of[first]][0], ctx.sents[ctx.sent_of[last]][1]
    sp = ctx.doc[s:e]
    return sp.start_char, sp.end_char


@attribution_pass("event_dates.v1")
def event_dates(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """When each statement was made: the first date expression of its cue's sentence, else of its content's
    first sentence ("in February", "on Sunday", resolved against the publication date), else the publication
    date (it was said, at the latest, when it was published). The statement's own words are left out of the
    search: in "work will start in July, the engineer said" July is what was said, not when."""
    out = []
    for d in drafts:
        places = []
        cue = _words(ctx, d.cue) if d.cue is not None else None
        if cue is not None:
            places.append(_sentence_chars(ctx, cue[0], cue[1] - 1))
        content = _words(ctx, d.content)
        if content is not None:
            places.append(_sentence_chars(ctx, content[0], content[0]))
        said = (
            (ctx.doc[content[0]].idx, ctx.doc[content[1] - 1].idx + len(ctx.doc[content[1] - 1]))
            if content is not None
            else (0, 0)
        )
        when = None
        for start, end in places:
            when = resolve_event_date(_outside(ctx.text, start, end, said), ctx.published)
            if when is not None:
                break
        out.append(replace(d, event_date=when or ctx.published))
    return out


def _outside(text: str, start: int, end: int, hole: tuple[int, int]) -> str:
    """``text[start:end]`` with the characters of ``hole`` blanked (offsets kept, words not joined)."""
    lo, hi = max(start, hole[0]), min(end, hole[1])
    if lo >= hi:
        return text[start:end]
    return text[start:lo] + " " * (hi - lo) + text[hi:end]
