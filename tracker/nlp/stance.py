"""spaCy component "tracker_stance": stance of each attribution toward the targets it mentions, and its event date.

For every `Attribution` in `doc._.attributions` it finds the targets of the content (of the whole sentence when the
content is short), predicts the speaker's stance toward each with the ONNX classifier (one batched model call for many
docs in `pipe`), and dates the event from the sentence. A rule covers journalists' framing that the classifier misses:
"Hegseth's praise for Japan contrasts with the criticism he directed at European allies" gives Hegseth positive toward
Japan and negative toward Europe.
"""

from __future__ import annotations

import os
import re
import sys
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from tracker.errors import TrackerError
from tracker.nlp.text import TEXT_KEY, doc_text
from tracker.stance.dates import resolve_event_date
from tracker.stance.model import StanceModel
from tracker.stance.predication import predicated_stance
from tracker.stance.targets import CACHE_KEYS as TARGET_CACHE_KEYS
from tracker.stance.targets import TargetMatcher, pronoun_targets
from tracker.types import Attribution, Speaker, StanceLabel, TargetStance, TextSpan

DOCS_PER_BATCH = 16  # docs per round of model calls in `pipe`
FRAMING_SCORE = 0.8  # |score| given by the framing rule
PREDICATION_SCORE = 0.8  # |score| when the predication rule overrules the model

POSITIVE_NOUNS = (
    "praise", "support", "admiration", "endorsement", "backing", "approval", "commendation", "appreciation",
    "gratitude", "thanks", "enthusiasm", "embrace", "defense", "defence", "applause", "tribute", "sympathy", "warmth",
    "compliments", "plaudits", "affection", "solidarity", "loyalty", "respect", "championing",
)
NEGATIVE_NOUNS = (
    "criticism", "criticisms", "condemnation", "attack", "attacks", "denunciation", "rebuke", "scorn", "contempt",
    "disdain", "hostility", "opposition", "disapproval", "complaints", "complaint", "censure", "anger", "frustration",
    "broadside", "tirade", "threats", "threat", "accusations", "distrust", "mistrust", "skepticism", "scepticism",
    "warnings", "warning", "rebukes", "jabs", "swipe", "swipes", "barbs", "disparagement", "ridicule", "mockery",
    "dismissal", "snub", "hostile remarks",
)
_NOUN = "|".join(sorted(POSITIVE_NOUNS + NEGATIVE_NOUNS, key=len, reverse=True))
_PREP = r"(?:for|of|at|to|toward|towards|against|with|about|on)"
_VERB = r"(?:directed|aimed|levell?ed|voiced|expressed|offered|showed|showered|heaped|hurled|reserved|made)"
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
_PHRASE_STOP = re.compile(r"[,;:.!?“”\"()]|\b(?:in|on|during|after|before|when|while|since|that|which|who|because|"
                          r"contrasts?|and\s+(?:said|says|added))\b")
_PHRASE_CHARS = 80


class Predictor(Protocol):
    def predict(self, items: Sequence[tuple[str, int, int]], batch_size: int = ...) -> list[tuple[StanceLabel, float]]: ...


_MODEL: Predictor | None = None
# One thread: a cluster worker is given one core (threads_per_worker=1) and runs the parse and the model in turn.
_THREADS = 1


def limit_threads(threads: int) -> None:
    """Threads for the model this process loads next; drops the model loaded so far, so the setting applies."""
    global _THREADS, _MODEL
    _THREADS, _MODEL = threads, None


def _model_threads() -> int:
    """Threads for the stance model: TRACKER_STANCE_THREADS if set, else this process's share."""
    raw = os.environ.get("TRACKER_STANCE_THREADS")
    if raw is None:
        return _THREADS
    if not raw.strip().isdigit() or int(raw) < 1:
        raise TrackerError(f"TRACKER_STANCE_THREADS must be a positive whole number, not {raw!r}")
    return int(raw)


def shared_model() -> Predictor:
    """The packaged stance model, loaded once per process on first use."""
    global _MODEL
    if _MODEL is None:
        _MODEL = StanceModel.load(threads=_model_threads())
    return _MODEL


_Answers = dict[tuple[str, int, int], tuple[StanceLabel, float]]


@dataclass
class _Request:
    """One (attribution, target) pair waiting for the model."""

    attribution: Attribution
    target: str
    kind: str
    mention: TextSpan
    text: str
    start: int
    end: int
    predicated: StanceLabel | None = None  # what the parse says is predicated of the target, if anything


@dataclass
class FramingStance:
    """A stance stated by the journalist: `speaker` (a name as written) evaluates `target`."""

    speaker: str
    target: str
    kind: str
    mention: TextSpan
    label: StanceLabel
    noun: TextSpan
    event_date: date | None = None


@Language.factory(
    "tracker_stance",
    assigns=["doc._.attributions"],
    requires=["doc._.attributions"],
    default_config={"batch_size": 1},
)
def make_stance_component(nlp: Language, name: str, *, batch_size: int) -> StanceComponent:
    return StanceComponent(name, batch_size=batch_size)


class StanceComponent:
    """Sets `targets` and `event_date` on every attribution of a Doc."""

    def __init__(
        self, name: str = "tracker_stance", *, batch_size: int = 1, model: Predictor | None = None,
        matcher: TargetMatcher | None = None,
    ) -> None:
        self.name = name
        self.batch_size = batch_size
        self._model = model
        self.matcher = matcher or TargetMatcher()

    # Not called `model`: spaCy inspects a component's `model` attribute when the pipeline is assembled, and the
    # ONNX session must only be loaded when the first doc needs it.
    @property
    def stance_model(self) -> Predictor:
        return self._model if self._model is not None else shared_model()

    @stance_model.setter
    def stance_model(self, value: Predictor) -> None:
        self._model = value

    def __call__(self, doc: Doc) -> Doc:
        requests = self._prepare(doc)
        return self._finish([doc], requests, self._answers(requests))[0]

    def pipe(self, docs: Iterable[Doc], batch_size: int = DOCS_PER_BATCH) -> Iterator[Doc]:
        """Process docs in groups, each group's model calls made at once, in this thread.

        Parallelism is the cluster's business (`tracker.cluster`): every worker process runs the whole
        pipeline, the model included, on one core of its own.
        """
        for group in minibatch(docs, batch_size):
            requests = [request for doc in group for request in self._prepare(doc)]
            yield from self._finish(group, requests, self._answers(requests))

    def _answers(self, requests: list[_Request]) -> _Answers:
        """The model's label and score for each distinct (text, start, end) that `requests` ask about."""
        # Overlapping attributions ask about the same mention in the same sentence: ask the model once.
        unique = list(dict.fromkeys((r.text, r.start, r.end) for r in requests))
        if not unique:
            return {}
        return dict(zip(unique, self.stance_model.predict(unique, batch_size=self.batch_size), strict=True))

    def _finish(self, docs: list[Doc], requests: list[_Request], answers: _Answers) -> list[Doc]:
        for request in requests:
            if any(t.target == request.target for t in request.attribution.targets):
                continue  # the framing rule already decided this one
            label, score = answers[(request.text, request.start, request.end)]
            if request.predicated is not None and request.predicated != label:
                label = request.predicated
                score = PREDICATION_SCORE if label == "positive" else -PREDICATION_SCORE
            request.attribution.targets.append(
                TargetStance(request.target, request.kind, request.mention, label, round(float(score), 4))
            )
        for doc in docs:
            for attribution in doc._.attributions or []:
                attribution.targets.sort(key=lambda t: t.mention.start)
            for key in CACHE_KEYS:  # per-doc caches; they would only weigh on a serialised doc
                doc.user_data.pop(key, None)
        return docs

    def _prepare(self, doc: Doc) -> list[_Request]:
        """Set event dates and framing stances on the doc's attributions; return what the model must decide."""
        published = doc._.published if Doc.has_extension("published") else None
        attributions: list[Attribution] = list(doc._.attributions or [])
        for attribution in attributions:
            # No date in the text: it was said, at the latest, when it was published.
            attribution.event_date = self._event_date(doc, attribution, published) or published
        framings = self.framing(doc, published)
        upstream = {id(a) for a in attributions}
        if framings:
            attributions = self._attach_framings(doc, framings, attributions)
        framed_mentions = [(f.mention.start, f.mention.end) for f in framings]
        requests: list[_Request] = []
        for attribution in attributions:
            if id(attribution) not in upstream:
                continue  # made by the framing rule, which already set its targets
            decided = {t.target for t in attribution.targets}
            # Only what the statement itself names is its target, never the rest of its sentence.
            search_start, search_end = attribution.content.start, attribution.content.end
            named = self.matcher.find(doc, search_start, search_end, text=doc_text(doc))
            for canonical, kind, mention in [*named, *pronoun_targets(doc, search_start, search_end, named)]:
                if canonical in decided or _is_speaker(attribution, canonical, mention):
                    continue
                if any(_overlaps(mention, start, end) for start, end in framed_mentions):
                    continue  # the framing rule decided this mention, possibly on another attribution
                # The model reads the sentence holding the target (a long content may run over several).
                context_start, context_end = _sentences(doc, mention.start, mention.end)
                tokens = doc.char_span(mention.start, mention.end, alignment_mode="expand")
                requests.append(
                    _Request(attribution, canonical, kind, mention, doc_text(doc)[context_start:context_end],
                             mention.start - context_start, mention.end - context_start,
                             predicated_stance(tokens.root) if tokens is not None and len(tokens) else None)
                )
        return requests

    @staticmethod
    def _event_date(doc: Doc, attribution: Attribution, published: date | None) -> date | None:
        """The date in the cue's sentence, else in the content's first sentence."""
        places = []
        if attribution.cue is not None:
            places.append(_sentences(doc, attribution.cue.start, attribution.cue.end))
        places.append(_sentences(doc, attribution.content.start, min(attribution.content.start + 1, attribution.content.end)))
        for start, end in places:
            found = resolve_event_date(doc_text(doc)[start:end], published)
            if found is not None:
                return found
        return None

    def framing(self, doc: Doc, published: date | None = None) -> list[FramingStance]:
        """Journalist framing of the form "X's praise for T" / "the criticism he directed at T", per sentence.

        Each frame is dated from its own clause (from its noun to the next frame), so in "X's praise for Japan
        contrasts with the criticism he directed at Europe in February" only the criticism is dated February.
        """
        found: list[FramingStance] = []
        for sent_start, sent_end in _sentence_bounds(doc):
            sentence = doc_text(doc)[sent_start:sent_end]
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
                speaker = self._sentence_speaker(doc, sent_start, sent_end)
                if speaker is None:
                    continue
            frames.sort(key=lambda frame: frame[1])
            for index, (noun, noun_start, noun_end, phrase_start) in enumerate(frames):
                label: StanceLabel = "positive" if noun.lower() in POSITIVE_NOUNS else "negative"
                stop = _PHRASE_STOP.search(sentence, phrase_start, min(len(sentence), phrase_start + _PHRASE_CHARS))
                phrase_end = stop.start() if stop else min(len(sentence), phrase_start + _PHRASE_CHARS)
                clause_end = frames[index + 1][1] if index + 1 < len(frames) else len(sentence)
                when = resolve_event_date(sentence[noun_start:clause_end], published) or published
                noun_span = TextSpan(sent_start + noun_start, sent_start + noun_end, sentence[noun_start:noun_end])
                for canonical, kind, mention in self.matcher.find(doc, sent_start + phrase_start, sent_start + phrase_end, text=doc_text(doc)):
                    if _same_person(canonical, speaker):
                        continue
                    found.append(FramingStance(speaker, canonical, kind, mention, label, noun_span, when))
        return found

    def _sentence_speaker(self, doc: Doc, start: int, end: int) -> str | None:
        for attribution in doc._.attributions or []:
            if _overlaps(attribution.content, start, end) or (attribution.cue and _overlaps(attribution.cue, start, end)):
                if attribution.speaker is not None:
                    return attribution.speaker.name
                if attribution.speaker_mention is not None:
                    return attribution.speaker_mention.text
        return None

    def _speaker(self, doc: Doc, name: str) -> Speaker:
        """A Speaker for a name written in a framing sentence: a known place or body, else a person."""
        row = self.matcher.lookup(name)
        if row is not None and row.kind != "person":
            return Speaker(name=row.canonical, kind="group" if row.kind == "group" else "organisation")
        return Speaker(name=self.matcher.person_names(doc).get(name.split()[-1], name), kind="person")

    def _attach_framings(
        self, doc: Doc, framings: list[FramingStance], attributions: list[Attribution]
    ) -> list[Attribution]:
        """Put each framing stance on the speaker's attribution in that sentence with the same event date, or on a
        new indirect attribution (content: the framing phrase, cue: the evaluative noun)."""
        attributions = list(attributions)
        for framing in framings:
            sent_start, sent_end = _sentences(doc, framing.noun.start, framing.noun.end)
            holder = next(
                (a for a in attributions
                 if _speaker_matches(a, framing.speaker) and a.event_date == framing.event_date
                 and (_overlaps(a.content, sent_start, sent_end) or (a.cue and _overlaps(a.cue, sent_start, sent_end)))),
                None,
            )
            if holder is None:
                known = next((a.speaker for a in attributions if _speaker_matches(a, framing.speaker) and a.speaker), None)
                mention_at = doc_text(doc).find(framing.speaker, sent_start, sent_end)
                content = TextSpan(framing.noun.start, framing.mention.end, doc_text(doc)[framing.noun.start : framing.mention.end])
                holder = Attribution(
                    kind="indirect",
                    content=content,
                    cue=framing.noun,
                    speaker_mention=TextSpan(mention_at, mention_at + len(framing.speaker), framing.speaker)
                    if mention_at >= 0 else None,
                    speaker=known or self._speaker(doc, framing.speaker),
                    # The journalist's own sentence: credited to whoever the article credits elsewhere.
                    credited_source=_article_credit(attributions),
                    event_date=framing.event_date,
                )
                attributions.append(holder)
                attributions.sort(key=lambda a: a.content.start)
            if not any(t.target == framing.target for t in holder.targets):
                score = FRAMING_SCORE if framing.label == "positive" else -FRAMING_SCORE
                holder.targets.append(TargetStance(framing.target, framing.kind, framing.mention, framing.label, score))
        doc._.attributions = attributions
        return attributions


def _article_credit(attributions: Sequence[Attribution]) -> str | None:
    """The source most of the article's attributions are credited to."""
    credits = Counter(a.credited_source for a in attributions if a.credited_source)
    return credits.most_common(1)[0][0] if credits else None


def _overlaps(span: TextSpan, start: int, end: int) -> bool:
    return span.start < end and start < span.end


_BOUNDS_KEY = "tracker_sentence_bounds"
CACHE_KEYS = (_BOUNDS_KEY, TEXT_KEY, *TARGET_CACHE_KEYS)


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Character bounds of the doc's sentences, computed once per doc: `Token.sent` rescans the doc on every call."""
    bounds = doc.user_data.get(_BOUNDS_KEY)
    if bounds is None:
        if doc.has_annotation("SENT_START"):
            bounds = [(s.start_char, s.end_char) for s in doc.sents]
        else:
            bounds = [(0, len(doc_text(doc)))]
        doc.user_data[_BOUNDS_KEY] = bounds
    return bounds


def _sentences(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character bounds of the sentence(s) that hold `start:end` (the span itself when the doc has no sentences)."""
    if end <= start or not doc.has_annotation("SENT_START"):
        return start, end
    bounds = _sentence_bounds(doc)
    first = max(0, bisect_right(bounds, (start, sys.maxsize)) - 1)
    last = max(first, bisect_left(bounds, (end, -1)) - 1)
    return bounds[first][0], bounds[last][1]


def _strip_leading_words(name: str) -> str:
    """Drop sentence-initial function words and titles: "But Secretary Hegseth" -> "Hegseth"."""
    from tracker.stance.targets import TITLES

    words = name.split()
    while words and (words[0].lower() in TITLES or words[0].lower() in {"but", "and", "yet", "while", "so", "still"}):
        words = words[1:]
    return " ".join(words)


def _same_person(canonical: str, name: str) -> bool:
    return bool(name) and canonical.split()[-1] == name.split()[-1]


def _speaker_matches(attribution: Attribution, name: str) -> bool:
    surname = name.split()[-1]
    for candidate in (attribution.speaker.name if attribution.speaker else None,
                      attribution.speaker_mention.text if attribution.speaker_mention else None):
        if candidate and surname in candidate.replace("’", "'").replace("'s", "").split():
            return True
    return False


def _is_speaker(attribution: Attribution, canonical: str, mention: TextSpan) -> bool:
    """True when a target is the attribution's own speaker (same mention, or the same person by surname)."""
    if attribution.speaker_mention is not None and _overlaps(attribution.speaker_mention, mention.start, mention.end):
        return True
    if attribution.speaker is not None:
        name = attribution.speaker.name
        if canonical == name or (attribution.speaker.kind == "person" and _same_person(canonical, name)):
            return True
        if canonical in attribution.speaker.aliases:
            return True
    return False
