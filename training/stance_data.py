"""Hand-labelled PolNeAR stance rows as stance-model examples, built the way ingest asks the model.

Each row of `training/data/polnear-train-stance.jsonl` (or the dev gold) names a statement, a target mention by
article offsets and the speaker's stance toward it (`tracker/evaluation/data/stance-guideline.md`). Ingest asks the
model about a mention with the sentence(s) of the parsed article that hold it as the text and the mention's offsets
relative to that text (`tracker/nlp/stance.py`, `_prepare`); `tracker.stance.model.encode` then cuts the same
character window around it as at run time. This module rebuilds exactly that request for every labelled row, using
ingest's own pipeline for the sentence bounds. It needs neither torch nor transformers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tracker.stance.model import LABELS

log = logging.getLogger("stance_data")


@dataclass(frozen=True)
class LabelledItem:
    """One hand-labelled (statement, target) row as the model input ingest would build for it."""

    article: str
    index: int  # the statement's attribution index in its article
    target: str
    text: str  # the sentence(s) holding the mention
    start: int  # mention offsets in `text`
    end: int
    label: int  # index into LABELS

    @property
    def item(self) -> tuple[str, int, int]:
        return (self.text, self.start, self.end)


def _read_rows(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def _contexts(
    articles: Path, wanted: dict[str, list[tuple[int, int]]]
) -> dict[tuple[str, int, int], tuple[str, int, int]]:
    """For each (article, mention start, end): ingest's model input (sentence text, start, end in it)."""
    from tracker.evaluation.polnear import read_gold
    from tracker.nlp.pipeline import load_nlp, make_doc
    from tracker.nlp.stance import _sentences  # the helper `_prepare` uses for the model's context
    from tracker.nlp.text import doc_text

    golds = [g for g in read_gold(articles) if g.id in wanted]
    missing = set(wanted) - {g.id for g in golds}
    if missing:
        raise ValueError(f"{len(missing)} labelled articles are not in {articles}: {sorted(missing)[:3]} ...")
    nlp = load_nlp(stance=False)  # ingest's pipeline up to the stance component: its parse sets the sentences
    started = time.time()
    out: dict[tuple[str, int, int], tuple[str, int, int]] = {}
    docs = nlp.pipe((make_doc(nlp, g.article()) for g in golds), batch_size=8)
    for gold, doc in zip(golds, docs, strict=True):
        text = doc_text(doc)
        for start, end in wanted[gold.id]:
            context_start, context_end = _sentences(doc, start, end)
            out[(gold.id, start, end)] = (text[context_start:context_end], start - context_start, end - context_start)
    log.info("contexts for %d mentions in %d articles in %.0fs", len(out), len(golds), time.time() - started)
    return out


def load_labelled(rows_path: Path, articles: Path, cache_dir: Path | None = None) -> list[LabelledItem]:
    """The rows of `rows_path` that have a target, as model inputs; rows with `target: null` are skipped.

    The sentence bounds come from parsing the articles (a minute for 40 articles); with `cache_dir` they are kept in
    a file named by a hash of both input files and reused.
    """
    rows = [row for row in _read_rows(rows_path) if row.get("target") is not None]
    cache: Path | None = None
    if cache_dir is not None:
        digest = hashlib.sha1()
        for path in (rows_path, articles):
            digest.update(Path(path).read_bytes())
        cache = Path(cache_dir) / f"contexts-{digest.hexdigest()[:12]}.jsonl"
    contexts: dict[tuple[str, int, int], tuple[str, int, int]]
    if cache is not None and cache.is_file():
        contexts = {}
        with cache.open(encoding="utf-8") as stream:
            for line in stream:
                row = json.loads(line)
                contexts[(row["article"], row["a_start"], row["a_end"])] = (row["text"], row["start"], row["end"])
    else:
        wanted: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for row in rows:
            wanted[row["article"]].append((int(row["start"]), int(row["end"])))
        contexts = _contexts(articles, wanted)
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            with cache.open("w", encoding="utf-8") as stream:
                for (article, a_start, a_end), (text, start, end) in contexts.items():
                    stream.write(
                        json.dumps(
                            {
                                "article": article,
                                "a_start": a_start,
                                "a_end": a_end,
                                "text": text,
                                "start": start,
                                "end": end,
                            },
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
    items = []
    for row in rows:
        text, start, end = contexts[(row["article"], int(row["start"]), int(row["end"]))]
        mention = row.get("mention")
        if mention is not None and " ".join(text[start:end].split()) != " ".join(mention.split()):
            raise ValueError(
                f"{rows_path}: {row['article']} {row['start']}:{row['end']} is {text[start:end]!r}, "
                f"the row says {mention!r}"
            )
        items.append(
            LabelledItem(row["article"], int(row["index"]), row["target"], text, start, end, LABELS.index(row["label"]))
        )
    return items


def split_by_article(
    items: Sequence[LabelledItem], share: float = 0.2
) -> tuple[list[LabelledItem], list[LabelledItem]]:
    """A fixed split by article: articles in the order of the SHA-1 of their id go to the held-out part until it
    holds at least `share` of the rows. The same rows give the same split on every machine and in every run."""
    per_article: dict[str, int] = defaultdict(int)
    for item in items:
        per_article[item.article] += 1
    order = sorted(per_article, key=lambda a: hashlib.sha1(a.encode("utf-8")).hexdigest())
    held: set[str] = set()
    count = 0
    for article in order:
        if count >= share * len(items):
            break
        held.add(article)
        count += per_article[article]
    train = [item for item in items if item.article not in held]
    heldout = [item for item in items if item.article in held]
    return train, heldout
