"""spaCy component "tracker_stance": stance of each attribution toward the targets it mentions.

For every `Attribution` in `doc._.attributions` it finds the targets of the content and predicts the speaker's stance
toward each with the ONNX classifier (one batched model call for many docs in `pipe`). It only scores: which statements
exist, their event dates, and the stances the journalist's framing states ("the criticism he directed at European
allies") come from the attribution component (`tracker.nlp.attribution`), whose targets it keeps.
"""

from __future__ import annotations

import os
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from tracker.errors import TrackerError
from tracker.nlp.text import TEXT_KEY, doc_text
from tracker.stance.model import StanceModel, StancePrediction
from tracker.stance.predication import predicated_stance
from tracker.stance.targets import CACHE_KEYS as TARGET_CACHE_KEYS
from tracker.stance.targets import TargetMatcher, in_frame, unnamed_targets
from tracker.types import Attribution, StanceLabel, TargetStance, TextSpan

DOCS_PER_BATCH = 16  # docs per round of model calls in `pipe`
PREDICATION_SCORE = 0.8  # |score| when the predication rule overrules the model


class Predictor(Protocol):
    def predict_with_confidence(
        self, items: Sequence[tuple[str, int, int]], batch_size: int = ...
    ) -> list[StancePrediction]: ...


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


_Answers = dict[tuple[str, int, int], StancePrediction]


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


@Language.factory(
    "tracker_stance",
    assigns=["doc._.attributions"],
    requires=["doc._.attributions"],
    default_config={"batch_size": 1},
)
def make_stance_component(nlp: Language, name: str, *, batch_size: int) -> StanceComponent:
    return StanceComponent(name, batch_size=batch_size)


class StanceComponent:
    """Sets `targets` on every attribution of a Doc."""

    def __init__(
        self,
        name: str = "tracker_stance",
        *,
        batch_size: int = 1,
        model: Predictor | None = None,
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
        """The model's label, score and confidence for each distinct (text, start, end) that `requests` ask about."""
        # Overlapping attributions ask about the same mention in the same sentence: ask the model once.
        unique = list(dict.fromkeys((r.text, r.start, r.end) for r in requests))
        if not unique:
            return {}
        predictions = self.stance_model.predict_with_confidence(unique, batch_size=self.batch_size)
        return dict(zip(unique, predictions, strict=True))

    def _finish(self, docs: list[Doc], requests: list[_Request], answers: _Answers) -> list[Doc]:
        for request in requests:
            if any(t.target == request.target for t in request.attribution.targets):
                continue  # decided upstream (the attribution component's framing pass)
            prediction = answers[(request.text, request.start, request.end)]
            label, score = prediction.label, prediction.score
            if request.predicated is not None and request.predicated != label:
                label = request.predicated
                score = PREDICATION_SCORE if label == "positive" else -PREDICATION_SCORE
            request.attribution.targets.append(
                TargetStance(
                    request.target,
                    request.kind,
                    request.mention,
                    label,
                    round(float(score), 4),
                    _confidence(label, prediction),
                )
            )
        for doc in docs:
            for attribution in doc._.attributions or []:
                attribution.targets.sort(key=lambda t: t.mention.start)
            for key in CACHE_KEYS:  # per-doc caches; they would only weigh on a serialised doc
                doc.user_data.pop(key, None)
        return docs

    def _prepare(self, doc: Doc) -> list[_Request]:
        """What the model must decide for the doc's attributions: one request per (attribution, target)."""
        attributions: list[Attribution] = list(doc._.attributions or [])
        requests: list[_Request] = []
        for attribution in attributions:
            decided = {t.target for t in attribution.targets}
            # Only what the statement itself names is its target, never the rest of its sentence.
            search_start, search_end = attribution.content.start, attribution.content.end
            named = self.matcher.find(doc, search_start, search_end, text=doc_text(doc))
            unnamed = unnamed_targets(
                doc, search_start, search_end, named, attribution.speaker, reported=attribution.kind != "direct"
            )
            for canonical, kind, mention in [*named, *unnamed]:
                if canonical in decided or _is_speaker(attribution, canonical, mention):
                    continue
                if in_frame(doc, attribution.content, attribution.cue, mention):
                    continue
                # The model reads the sentence holding the target (a long content may run over several).
                context_start, context_end = _sentences(doc, mention.start, mention.end)
                tokens = doc.char_span(mention.start, mention.end, alignment_mode="expand")
                requests.append(
                    _Request(
                        attribution,
                        canonical,
                        kind,
                        mention,
                        doc_text(doc)[context_start:context_end],
                        mention.start - context_start,
                        mention.end - context_start,
                        predicated_stance(tokens.root) if tokens is not None and len(tokens) else None,
                    )
                )
        return requests


def _confidence(label: StanceLabel, prediction: StancePrediction) -> float | None:
    """The model's calibrated confidence in its own label; none when the predication rule overruled it (no
    hand-labelled row measures the rule: it fired on none of the 917 train rows)."""
    return round(prediction.confidence, 4) if label == prediction.label else None


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


def _same_person(canonical: str, name: str) -> bool:
    # Transcripts name speakers in capitals ("PENCE:").
    return bool(name) and canonical.split()[-1].casefold() == name.split()[-1].casefold()


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
