"""The ``tracker_attribution`` spaCy component: who said what, in which words, and who reported it.

Stages, each in its own module: quote-mark pairing (:mod:`.quotes`), the CRF tagger for content, source and
cue spans (:mod:`.tagger`, features over the parse and the cue lexicon of :mod:`.cues`), grouping around
cues plus quote repair and rule-based speakers for direct quotes (:mod:`.rules`), speaker resolution
(:mod:`.speakers`) and credited outlets / boilerplate lines (:mod:`.outlets`).
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from tracker.nlp.attribution import rules
from tracker.nlp.attribution.cues import mined_cue_rates
from tracker.nlp.attribution.outlets import (
    article_credit,
    boilerplate_ranges,
    canonical_outlet,
    claim_credit,
    credited_source,
)
from tracker.nlp.attribution.quotes import classify, find_quoted, quote_mask, quoted_words
from tracker.nlp.attribution.speakers import SpeakerResolver
from tracker.nlp.attribution.tagger import doc_features, load_tagger, token_quote_states
from tracker.nlp.text import doc_text
from tracker.types import Attribution, Speaker, TextSpan

__all__ = ["AttributionComponent", "make_attribution_component"]

for _name in ("attributions", "published", "outlet"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class AttributionComponent:
    """Sets ``doc._.attributions`` (sorted by content start) and the span groups quotes/speakers/cues."""

    def __init__(self, nlp: Language, name: str, *, model_path: str | None = None, min_direct_words: int = 4,
                 carry_tokens: int = 60) -> None:
        self.name = name
        self.model_path = model_path or None
        self.min_direct_words = min_direct_words
        self.carry_tokens = carry_tokens
        self._tagger = None
        self._rates: dict[str, float] | None = None

    @property
    def tagger(self):  # type: ignore[no-untyped-def]
        if self._tagger is None:
            self._tagger = load_tagger(self.model_path)
        return self._tagger

    def __call__(self, doc: Doc) -> Doc:
        # The extraction allocates many short-lived objects and no cycles: pausing the cyclic GC saves
        # its full scans of the batch's docs (about a tenth of the component's time).
        enabled = gc.isenabled()
        gc.disable()
        try:
            attributions = self.extract(doc)
        finally:
            if enabled:
                gc.enable()
        doc._.attributions = attributions
        quotes, speakers, cues = [], [], []
        for a in attributions:
            q = doc.char_span(a.content.start, a.content.end, label=a.kind, alignment_mode="expand")
            if q is not None:
                quotes.append(q)
            if a.speaker_mention is not None:
                label = a.speaker.name if a.speaker else "UNRESOLVED"
                s = doc.char_span(a.speaker_mention.start, a.speaker_mention.end, label=label,
                                  alignment_mode="expand")
                if s is not None:
                    speakers.append(s)
            if a.cue is not None:
                c = doc.char_span(a.cue.start, a.cue.end, label="cue", alignment_mode="expand")
                if c is not None:
                    cues.append(c)
        doc.spans["quotes"] = quotes
        doc.spans["speakers"] = speakers
        doc.spans["cues"] = cues
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)

    def extract(self, doc: Doc) -> list[Attribution]:
        """All attributions of a parsed doc (a doc without a dependency parse yields none, with a warning)."""
        if len(doc) == 0:
            return []
        if not doc.has_annotation("DEP"):
            warnings.warn("tracker_attribution needs a dependency parse; add it after the parser", stacklevel=2)
            return []
        text = doc_text(doc)
        if self._rates is None:
            self._rates = mined_cue_rates()
        stretches = find_quoted(text)
        mask = quote_mask(text, stretches)
        states = token_quote_states(doc, mask)
        skip = [False] * len(doc)
        for start, end in boilerplate_ranges(text):
            sp = doc.char_span(start, end, alignment_mode="expand")
            if sp is not None:
                for i in range(sp.start, sp.end):
                    skip[i] = True
        labels = self.tagger.tag(doc_features(doc, states, self._rates, text))
        drafts = rules.group(doc, labels, skip, text)
        quoted = rules.stretch_tokens(doc, stretches)
        drafts = rules.repair_quotes(doc, drafts, quoted, skip, min_words=self.min_direct_words, states=states)
        unclosed = {r[1] for r, st in zip(quoted, stretches, strict=True) if not st.closed}
        unclosed |= {e + 1 for e in unclosed}  # the paragraph's trailing whitespace token
        for d in drafts:  # rule sources first, so merging can compare speakers
            if d.source is None:
                d.source = rules.rule_source(doc, d, states)
        drafts = rules.merge_quotes(doc, drafts, unclosed)
        rules.trim_tails(doc, drafts, states)
        drafts = rules.split_participles(doc, drafts, states)
        drafts = rules.tidy(doc, drafts, states)
        rules.clip_sentences(doc, drafts, states)
        # a tagged content with neither cue nor source nor quote marks is narration the tagger over-read
        drafts = [d for d in drafts if d.cue is not None or d.source is not None or
                  any(states[i] for i in range(*d.content))]

        resolver = SpeakerResolver(doc)
        # The publishing outlet is never its own credited source ("Politico reported" in Politico).
        publisher = doc._.outlet
        credit = credited_source(article_credit(text), publisher)
        out: list[Attribution] = []
        last: tuple[int, Speaker] | None = None  # (end token, speaker) of the previous attribution
        drafts.sort(key=lambda d: d.content)
        for d in drafts:
            if all(skip[i] for i in range(*d.content)):
                continue
            if d.source is None:
                d.source = rules.rule_source(doc, d, states)
            content = _char_span(doc, d.content)
            if content is None:
                continue
            mention = rules.span(doc, d.source)
            speaker = resolver.resolve(mention)
            if speaker is None and d.source is None and last is not None and \
                    d.content[0] - last[0] <= self.carry_tokens:
                speaker = last[1]  # a quote or claim that carries on from the previous speaker's
            resolver.note_speaker(d.source[0] if d.source else d.content[0], speaker)
            if speaker is not None:
                last = (d.content[1], speaker)
            credited = None
            if speaker is not None and speaker.kind == "organisation":
                credited = canonical_outlet(speaker.name)
            if credited is None:
                anchor = doc[d.cue[0]] if d.cue else doc[d.content[0]]
                credited = claim_credit(anchor.sent.text) or credit
            credited = credited_source(credited, publisher)
            kinds = {classify(text, p.start, p.end, mask) for p in
                     (_char_span(doc, piece) for piece in (d.pieces or [d.content])) if p is not None}
            kind = "direct" if kinds == {"direct"} else classify(text, content.start, content.end, mask)
            if kind == "direct":
                s, e = quoted_words(text, content.start, content.end)
                if e > s:
                    content = TextSpan(s, e, text[s:e])
            out.append(Attribution(
                kind=kind,  # type: ignore[arg-type]
                content=content,
                cue=_char_span(doc, d.cue),
                speaker_mention=_char_span(doc, d.source),
                speaker=speaker,
                credited_source=credited,
                event_date=doc._.published,
            ))
        out.sort(key=lambda a: (a.content.start, a.content.end))
        return out


def _char_span(doc: Doc, r: tuple[int, int] | None) -> TextSpan | None:
    if r is None or r[1] <= r[0]:
        return None
    s, e = r
    while s < e and (doc[s].is_space):
        s += 1
    while e > s and doc[e - 1].is_space:
        e -= 1
    if e <= s:
        return None
    span: Span = doc[s:e]
    return TextSpan(span.start_char, span.end_char, span.text)


@Language.factory(
    "tracker_attribution",
    assigns=["doc._.attributions", "doc.spans"],
    default_config={"model_path": None, "min_direct_words": 4, "carry_tokens": 60},
)
def make_attribution_component(nlp: Language, name: str, *, model_path: str | None, min_direct_words: int,
                               carry_tokens: int) -> AttributionComponent:
    """Factory for ``nlp.add_pipe("tracker_attribution")``.

    Args:
        model_path: CRF model file; default the one shipped in ``data/attribution.crfsuite``.
        min_direct_words: a quoted stretch with at least this many words is a direct quote even when the
            tagger missed it.
        carry_tokens: a quote or claim with no source of its own keeps the previous speaker when it starts
            within this many tokens of the previous attribution's end (0 turns this off).
    """
    return AttributionComponent(nlp, name, model_path=model_path, min_direct_words=min_direct_words,
                                carry_tokens=carry_tokens)
