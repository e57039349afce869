"""The "tracker_stance" component on hand-made attributions: targets, speaker exclusion, stances decided upstream,
batching. (Event dates and framing are the attribution component's: tests/nlp/attribution.)"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

import tracker.nlp.pipeline  # noqa: F401  registers doc._.attributions / doc._.published
import tracker.nlp.stance  # noqa: F401  registers the factory when the package is not installed
from tracker.stance.model import DATA_DIR, MODEL_FILE, StancePrediction
from tracker.types import Attribution, Speaker, TargetStance, TextSpan

SEED = (
    "U.S. Secretary of Defense Pete Hegseth on Sunday called Japan an indispensable partner in countering Chinese "
    "aggression. “Japan is our indispensable partner in deterring Communist China’s military aggression,” the U.S. "
    "defense chief said. Hegseth’s praise for Japan contrasts with the criticism he directed at European allies in "
    "February, telling them they should not assume that the U.S. presence there would last forever."
)
PUBLISHED = date(2025, 3, 30)


class Recorder:
    """A fake stance model: positive for Japan, negative for anything else; records every call."""

    def __init__(self) -> None:
        self.calls: list[list[tuple[str, int, int]]] = []

    def predict_with_confidence(
        self, items: Sequence[tuple[str, int, int]], batch_size: int = 64
    ) -> list[StancePrediction]:
        self.calls.append(list(items))
        return [
            StancePrediction("positive", 0.7, 0.8) if text[s:e] == "Japan" else StancePrediction("negative", -0.6, 0.7)
            for text, s, e in items
        ]


@pytest.fixture
def nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("tracker_stance")
    return nlp


def span(text: str, piece: str, occurrence: int = 0) -> TextSpan:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(piece, start + 1)
    return TextSpan(start, start + len(piece), piece)


def seed_doc(nlp: Language) -> Doc:
    doc = nlp.make_doc(SEED)
    doc._.published = PUBLISHED
    hegseth = Speaker("Pete Hegseth")
    doc._.attributions = [
        Attribution(
            "indirect",
            span(SEED, "Japan an indispensable partner in countering Chinese aggression"),
            cue=span(SEED, "called"),
            speaker_mention=span(SEED, "U.S. Secretary of Defense Pete Hegseth"),
            speaker=hegseth,
        ),
        Attribution(
            "direct",
            span(SEED, "Japan is our indispensable partner in deterring Communist China’s military aggression"),
            cue=span(SEED, "said"),
            speaker_mention=span(SEED, "the U.S. defense chief"),
            speaker=hegseth,
        ),
        # The attribution component's framing pass has put "the criticism he directed at European allies" on it.
        Attribution(
            "indirect",
            span(SEED, "they should not assume that the U.S. presence there would last forever"),
            cue=span(SEED, "telling"),
            speaker_mention=span(SEED, "he", 2),
            speaker=hegseth,
            targets=[TargetStance("Europe", "region", span(SEED, "European allies"), "negative", -0.8)],
            event_date=date(2025, 2, 1),
        ),
    ]
    return doc


def stances(attribution: Attribution) -> list[tuple[str, str]]:
    return [(t.target, t.label) for t in attribution.targets]


def test_targets_on_the_seed_and_stances_decided_upstream_kept(nlp: Language) -> None:
    recorder = Recorder()
    nlp.get_pipe("tracker_stance").stance_model = recorder
    doc = nlp(seed_doc(nlp))
    first, quote, feb = doc._.attributions  # the stance component adds no statement
    # The speaker's own mention ("U.S. Secretary of Defense ...") is not a target; the content's targets are.
    assert stances(first) == [("Japan", "positive"), ("China", "negative")]
    assert stances(quote) == [("Japan", "positive"), ("China", "negative")]
    assert quote.targets[1].mention.text == "Communist China"
    # Each row carries the model's calibrated confidence in its label; the framing's own stance has none.
    assert [t.confidence for t in quote.targets] == [0.8, 0.7]
    assert feb.targets[0].confidence is None
    # The framing's stance toward Europe stays as the attribution component set it; the content's own target is
    # scored beside it.
    assert stances(feb) == [("Europe", "negative"), ("United States", "negative")]
    assert feb.targets[0].score == -0.8
    # Dates are the attribution component's: the stance component leaves them as they came.
    assert [a.event_date for a in doc._.attributions] == [None, None, date(2025, 2, 1)]
    # Every model call was batched: one call for the whole doc, each item a sentence with the target's offsets.
    assert len(recorder.calls) == 1
    for text, start, end in recorder.calls[0]:
        assert text[start:end] in {"Japan", "Chinese", "Communist China", "U.S."}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Ukraine started it", [("Ukraine", "negative")]),
        # a target only elsewhere in the sentence is not the statement's: no row
        ("it", []),
    ],
)
def test_targets_come_from_the_statement_only_and_skip_the_speaker(
    nlp: Language, content: str, expected: list[tuple[str, str]]
) -> None:
    text = "Putin said Ukraine started it. Nothing about Canada here."
    doc = nlp.make_doc(text)
    doc._.attributions = [
        Attribution(
            "indirect",
            span(text, content),
            cue=span(text, "said"),
            speaker_mention=span(text, "Putin"),
            speaker=Speaker("Vladimir Putin"),
        ),
    ]
    nlp.get_pipe("tracker_stance").stance_model = Recorder()
    doc = nlp(doc)
    [attribution] = doc._.attributions
    assert stances(attribution) == expected
    assert attribution.event_date is None  # the stance component dates nothing


def test_a_transcripts_capitalised_speaker_is_the_speaker(nlp: Language) -> None:
    # a transcript labels its speakers in capitals ("PENCE:"); his own name in the statement is no target
    text = "PENCE: Ukraine matters. WALLACE: But, Governor Pence, you said so."
    doc = nlp.make_doc(text)
    pence = next(t.i for t in doc if t.text == "Pence")
    doc.ents = [Span(doc, pence, pence + 1, label="PERSON")]
    doc._.attributions = [
        Attribution(
            "direct", span(text, "Ukraine matters. WALLACE: But, Governor Pence, you said so"), speaker=Speaker("PENCE")
        ),
    ]
    nlp.get_pipe("tracker_stance").stance_model = Recorder()
    [attribution] = nlp(doc)._.attributions
    assert [t.target for t in attribution.targets] == ["Ukraine"]


def test_pipe_batches_model_calls_across_docs(nlp: Language) -> None:
    recorder = Recorder()
    nlp.get_pipe("tracker_stance").stance_model = recorder
    docs = [seed_doc(nlp) for _ in range(3)]
    results = list(nlp.pipe(docs))
    assert len(results) == 3 and len(recorder.calls) == 1
    assert [stances(d._.attributions[0]) for d in results] == [[("Japan", "positive"), ("China", "negative")]] * 3


def test_docs_without_attributions_pass_through(nlp: Language) -> None:
    recorder = Recorder()
    nlp.get_pipe("tracker_stance").stance_model = recorder
    doc = nlp("Nothing was said about Japan.")
    assert doc._.attributions in (None, []) and recorder.calls == []


@pytest.mark.slow  # the trained pipeline and the stance model on the seed article
@pytest.mark.skipif(not (DATA_DIR / MODEL_FILE).is_file(), reason="trained stance model not in tracker/stance/data")
def test_shipped_model_on_the_seed() -> None:
    from tracker.nlp.pipeline import _pick_model

    # The trained parser too: the predication rule reads "called Japan an indispensable partner" off it.
    nlp = spacy.load(_pick_model(None))
    nlp.add_pipe("tracker_stance")
    doc = nlp(seed_doc(nlp))
    first, quote, feb = doc._.attributions
    assert dict(stances(quote)) == {"Japan": "positive", "China": "negative"}
    assert dict(stances(first))["Japan"] == "positive"
    assert ("Europe", "negative") in stances(feb)


def test_bad_thread_setting_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.errors import TrackerError
    from tracker.nlp.stance import limit_threads, shared_model

    monkeypatch.setenv("TRACKER_STANCE_THREADS", "two")
    limit_threads(1)  # drop a model an earlier test loaded, so this one is loaded under the setting
    with pytest.raises(TrackerError, match="TRACKER_STANCE_THREADS must be a positive whole number, not 'two'"):
        shared_model()


@pytest.mark.skipif(not (DATA_DIR / MODEL_FILE).is_file(), reason="trained stance model not in tracker/stance/data")
def test_a_stream_of_several_groups_gives_the_answers_of_one_doc_at_a_time(nlp: Language) -> None:
    from tracker.nlp.stance import DOCS_PER_BATCH

    one_by_one = [[(t.target, t.label, t.score) for a in nlp(seed_doc(nlp))._.attributions for t in a.targets]]
    count = DOCS_PER_BATCH * 2 + 1  # the last group is a short one
    streamed = [
        [(t.target, t.label, t.score) for a in doc._.attributions for t in a.targets]
        for doc in nlp.pipe(seed_doc(nlp) for _ in range(count))
    ]
    assert streamed == one_by_one * count
