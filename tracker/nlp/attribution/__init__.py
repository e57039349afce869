"""The ``tracker_attribution`` spaCy component: who said what, in which words, and who reported it.

Stages, each in its own module: quote-mark pairing on characters (:mod:`.quotes`), the CRF tagger for
content, source and cue spans (:mod:`.tagger`, features over the parse and the cue lexicon of :mod:`.cues`),
then a list of named passes (:mod:`.passes`, over the drafts of :mod:`.drafts`, reading the parse through
:mod:`.syntax`) that group, repair, shape and filter the statements and add their speakers (:mod:`.speakers`),
credited outlets (:mod:`.outlets`), event dates and framings. This component owns detection: every statement
``tracker ingest`` stores and ``tracker eval`` scores comes out of it, with or without the stance component.
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from tracker.nlp.attribution.cues import mined_cue_rates
from tracker.nlp.attribution.drafts import Chunk, Context, Draft, Found, get_pass, pass_names, run_passes
from tracker.nlp.attribution.passes import DEFAULT_PASSES
from tracker.nlp.attribution.quotes import classify, quoted_words
from tracker.nlp.attribution.tagger import bio_chunks, doc_features, load_tagger
from tracker.types import Attribution, TextSpan

__all__ = ["AttributionComponent", "UnknownPassError", "make_attribution_component", "resolve_pass_names"]

for _name in ("attributions", "published", "outlet"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class UnknownPassError(ValueError):
    """A pass name that is not registered."""


def resolve_pass_names(names: Iterable[str], known: Sequence[str] | None = None) -> list[str]:
    """Registered pass names for ``names``, each given in full (``trim_tails.v1``) or without its version
    (``trim_tails``, which means the version in ``known``, the shipped list by default).

    Raises:
        UnknownPassError: a name matches no registered pass.
    """
    known = list(DEFAULT_PASSES if known is None else known)
    registered = set(pass_names())
    out = []
    for name in names:
        if name in registered:
            out.append(name)
            continue
        versions = [k for k in known if k.rsplit(".v", 1)[0] == name]
        if not versions:
            raise UnknownPassError(f"no attribution pass {name!r}; the passes are: {', '.join(known)}")
        out.extend(versions)
    return out


class AttributionComponent:
    """Sets ``doc._.attributions`` (sorted by content start) and the span groups quotes/speakers/cues."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        model_path: str | None = None,
        min_direct_words: int = 4,
        carry_tokens: int = 60,
        passes: Sequence[str] | None = None,
        without: Sequence[str] = (),
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.model_path = model_path or None
        self.min_direct_words = min_direct_words
        self.carry_tokens = carry_tokens
        listed = resolve_pass_names(DEFAULT_PASSES if passes is None else passes)
        off = set(resolve_pass_names(without, listed))
        #: The passes this component runs, in order.
        self.passes: tuple[str, ...] = tuple(p for p in listed if p not in off)
        self._steps = [get_pass(p) for p in self.passes]  # looked up once: a lookup scans entry points
        self._tagger = None
        self._rates: dict[str, float] | None = None
        self._matcher: Any = None

    @property
    def tagger(self):  # type: ignore[no-untyped-def]
        if self._tagger is None:
            self._tagger = load_tagger(self.model_path)
        return self._tagger

    @property
    def matcher(self) -> Any:
        """The target matcher the framing pass names targets with: the stance component's when the pipeline has
        one (ingest hands it the aliases users stored), else one of the built-in aliases."""
        if self._matcher is not None:
            return self._matcher
        if "tracker_stance" in self.nlp.pipe_names:
            return self.nlp.get_pipe("tracker_stance").matcher  # type: ignore[attr-defined]
        from tracker.stance.targets import TargetMatcher

        self._matcher = TargetMatcher()
        return self._matcher

    @matcher.setter
    def matcher(self, value: Any) -> None:
        self._matcher = value

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
                s = doc.char_span(a.speaker_mention.start, a.speaker_mention.end, label=label, alignment_mode="expand")
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

    def context(self, doc: Doc) -> Context:
        """What the passes read about ``doc``: its text, quote marks, boilerplate lines and settings."""
        return Context.for_doc(
            doc,
            min_direct_words=self.min_direct_words,
            carry_tokens=self.carry_tokens,
            published=doc._.published,
            publisher=doc._.outlet,
            matcher=self.matcher if "framing.v1" in self.passes else None,
        )

    def extract(self, doc: Doc) -> list[Attribution]:
        """All attributions of a parsed doc (a doc without a dependency parse yields none, with a warning)."""
        if len(doc) == 0:
            return []
        if not doc.has_annotation("DEP"):
            warnings.warn("tracker_attribution needs a dependency parse; add it after the parser", stacklevel=2)
            return []
        if self._rates is None:
            self._rates = mined_cue_rates()
        ctx = self.context(doc)
        labels = self.tagger.tag(doc_features(doc, ctx.states, self._rates, ctx.text))
        found = run_passes(ctx, self._steps, Found(tagged_chunks(ctx, labels)))
        out = [a for a in (to_attribution(ctx, d) for d in found.drafts) if a is not None]
        out.sort(key=lambda a: (a.content.start, a.content.end))
        return out


def tagged_chunks(ctx: Context, labels: Sequence[str]) -> tuple[Chunk, ...]:
    """The tagger's BIO labels as chunks, without edge whitespace and boilerplate tokens."""
    doc, skip = ctx.doc, ctx.skip
    out = []
    for part, s, e in bio_chunks(labels):
        while s < e and (doc[s].is_space or skip[s]):
            s += 1
        while e > s and (doc[e - 1].is_space or skip[e - 1]):
            e -= 1
        if e > s:
            out.append((part, s, e))
    return tuple(out)


def to_attribution(ctx: Context, d: Draft) -> Attribution | None:
    """The stored form of a draft: character spans, the kind (direct when every piece is quoted), for a
    direct quote the quoted words without their marks, and the pieces of a statement its attribution splits.
    None for a content of whitespace only."""
    doc, text = ctx.doc, ctx.text
    content = _char_span(doc, d.content)
    if content is None:
        return None
    kinds = {
        classify(text, p.start, p.end, ctx.mask) for p in (_char_span(doc, piece) for piece in d.parts) if p is not None
    }
    kind = "direct" if kinds == {"direct"} else classify(text, content.start, content.end, ctx.mask)
    pieces: tuple[TextSpan, ...] = ()
    if kind == "direct":
        s, e = quoted_words(text, content.start, content.end)
        if e > s:
            pieces = _quoted_pieces(text, ctx.mask, s, e)
            if pieces:
                s, e = pieces[0].start, pieces[-1].end
            content = TextSpan(s, e, text[s:e])
            pieces = pieces if len(pieces) > 1 else ()
    elif len(d.parts) > 1:  # "The latest test, North Korea said, was its biggest yet": the credit splits it
        spans = [p for p in (_char_span(doc, part) for part in d.parts) if p is not None]
        pieces = tuple(spans) if len(spans) > 1 else ()
    return Attribution(
        kind=kind,
        content=content,
        cue=_char_span(doc, d.cue),
        speaker_mention=_char_span(doc, d.source),
        speaker=d.speaker,
        credited_source=d.credited,
        targets=list(d.targets),
        event_date=d.event_date,
        pieces=pieces,
    )


def _quoted_pieces(text: str, mask: bytearray, start: int, end: int) -> tuple[TextSpan, ...]:
    """The quoted words of each piece of a direct quote, pieces being what words outside the marks separate
    (“We can't afford it,” Trump said. “It's a disaster.”); words outside the marks before the first piece or
    after the last (“We can't afford it,” Trump said) are no piece. A piece that hands over to the attribution
    keeps its comma ("We can't afford it, It's a disaster."): it was printed inside the marks, and without it
    the joined words would run on."""
    stretches: list[tuple[int, int]] = []
    i = start
    while i < end:
        if mask[i] != 1:  # a mark, or words outside the marks
            gap = i
            while i < end and mask[i] != 1:
                i += 1
            if stretches and any(text[k].isalnum() and mask[k] == 0 for k in range(gap, i)):
                stretches.append((i, i))  # the attribution in between: a new piece starts here
            continue
        if not stretches:
            stretches.append((i, i))
        stretches[-1] = (stretches[-1][0], i + 1)
        i += 1
    stretches = [r for r in stretches if r[1] > r[0]]
    if not stretches:
        return ()
    pieces = []
    for number, (s, e) in enumerate(stretches):
        s, trimmed = quoted_words(text, s, e)
        if number < len(stretches) - 1 and trimmed < e and text[trimmed] == ",":
            trimmed += 1
        if trimmed > s:
            pieces.append(TextSpan(s, trimmed, text[s:trimmed]))
    return tuple(pieces)


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
    default_config={"model_path": None, "min_direct_words": 4, "carry_tokens": 60, "passes": None, "without": []},
)
def make_attribution_component(
    nlp: Language,
    name: str,
    *,
    model_path: str | None,
    min_direct_words: int,
    carry_tokens: int,
    passes: list[str] | None,
    without: list[str],
) -> AttributionComponent:
    """Factory for ``nlp.add_pipe("tracker_attribution")``.

    Args:
        model_path: CRF model file; default the one shipped in ``data/attribution.crfsuite``.
        min_direct_words: a quoted stretch with at least this many words is a direct quote even when the
            tagger missed it.
        carry_tokens: a quote or claim with no source of its own keeps the previous speaker when it starts
            within this many tokens of the previous attribution's end (0 turns this off).
        passes: the attribution passes to run, in order (default :data:`.passes.DEFAULT_PASSES`).
        without: passes to leave out of that list (``"trim_tails.v1"`` or ``"trim_tails"``), to measure
            what each is worth.
    """
    return AttributionComponent(
        nlp,
        name,
        model_path=model_path,
        min_direct_words=min_direct_words,
        carry_tokens=carry_tokens,
        passes=passes,
        without=without,
    )
