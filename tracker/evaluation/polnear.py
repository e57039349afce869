"""Score attribution extraction against PolNeAR-format gold files, exactly as shared/eval/README.md defines.

Units and rules:

- **Content**: every gold attribution's content (possibly several pieces) against every predicted
  ``Attribution.content``. Each piece is trimmed of whitespace, quote marks and edge punctuation; two units
  match when their character overlap is at least half the length of the longer one. Matching is one-to-one,
  largest overlap first.
- **Quoted segments**: the stretches between quote marks of the article (paired by
  :func:`tracker.nlp.attribution.quotes.find_quoted`) restricted to the gold contents, against the same
  stretches restricted to the predicted contents; matched the same way.
- **Speaker**: on matched content pairs whose gold has a source, the speaker is right when the predicted
  ``speaker_mention`` overlaps a gold source piece, or the last word of the gold source is a word of the
  predicted ``speaker.name``. End-to-end counts a pair as right when its content matched and its speaker is
  right; a gold attribution without a source counts as right once its content matched (nothing to check).
- **By kind**: gold is direct when its content is all inside quote marks, mixed when partly, indirect
  otherwise; a prediction counts under its own ``kind``.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tracker.entities.linking import Mention
from tracker.errors import InputError
from tracker.evaluation.identity import IdentityReport, read_identity_gold, score_identity
from tracker.nlp.attribution.quotes import QuotedStretch, find_quoted, quote_mask, trim
from tracker.types import Article, Attribution

Interval = tuple[int, int]
KINDS = ("direct", "mixed", "indirect")
_WORD = re.compile(r"[\w’'-]+")


@dataclass
class GoldAttribution:
    content: list[Interval]
    source: list[Interval]
    cue: list[Interval]


@dataclass
class GoldArticle:
    id: str
    text: str
    outlet: str | None
    published: date | None
    attributions: list[GoldAttribution]
    origin: str = ""

    def article(self) -> Article:
        return Article(
            external_id=self.id, text=self.text, outlet=self.outlet, published=self.published, origin=self.origin
        )


def _spans(value: Any, where: str, text_len: int) -> list[Interval]:
    if not isinstance(value, list):
        raise InputError(f"{where}: expected a list of spans")
    out = []
    for span in value:
        try:
            start, end = int(span["start"]), int(span["end"])
        except (TypeError, KeyError, ValueError) as exc:
            raise InputError(f"{where}: a span needs integer start and end") from exc
        if not 0 <= start <= end <= text_len:
            raise InputError(f"{where}: span {start}-{end} outside the text")
        out.append((start, end))
    return sorted(out)


def read_gold(path: str | Path) -> Iterator[GoldArticle]:
    """Articles of a PolNeAR JSON Lines file; raises InputError naming FILE:LINE on a bad line."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot open ({exc.strerror or exc})") from exc
    with handle:
        for number, line in enumerate(handle, 1):
            where = f"{path}:{number}"
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: invalid JSON ({exc.msg})") from exc
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise InputError(f"{where}: expected an object with a text field")
            text = record["text"]
            gold = []
            for attribution in record.get("attributions") or []:
                if not isinstance(attribution, dict):
                    raise InputError(f"{where}: an attribution must be an object")
                gold.append(
                    GoldAttribution(
                        content=_spans(attribution.get("content", []), where, len(text)),
                        source=_spans(attribution.get("source", []), where, len(text)),
                        cue=_spans(attribution.get("cue", []), where, len(text)),
                    )
                )
            published = None
            if record.get("published"):
                try:
                    published = date.fromisoformat(str(record["published"])[:10])
                except ValueError:
                    published = None
            yield GoldArticle(str(record.get("id", number)), text, record.get("outlet"), published, gold, where)


# --------------------------------------------------------------------------------------------- matching


def _trimmed(text: str, pieces: Iterable[Interval]) -> list[Interval]:
    out = []
    for start, end in sorted(pieces):
        s, e = trim(text, start, end)
        if e > s:
            out.append((s, e))
    return out


def _length(unit: Sequence[Interval]) -> int:
    return sum(e - s for s, e in unit)


def _overlap(a: Sequence[Interval], b: Sequence[Interval]) -> int:
    i = j = total = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if hi > lo:
            total += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def match_units(gold: Sequence[Sequence[Interval]], pred: Sequence[Sequence[Interval]]) -> dict[int, int]:
    """One-to-one matching gold index -> pred index, largest overlap first, overlap >= half the longer."""
    candidates = []
    gold_len = [_length(g) for g in gold]
    pred_len = [_length(p) for p in pred]
    for gi, g in enumerate(gold):
        if not g:
            continue
        for pi, p in enumerate(pred):
            if not p or p[0][0] >= g[-1][1] or g[0][0] >= p[-1][1]:
                continue
            ov = _overlap(g, p)
            if ov > 0 and 2 * ov >= max(gold_len[gi], pred_len[pi]):
                candidates.append((-ov, gi, pi))
    candidates.sort()
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in candidates:
        if gi not in pairs and pi not in used:
            pairs[gi] = pi
            used.add(pi)
    return pairs


def quoted_units(
    text: str, contents: Iterable[Sequence[Interval]], stretches: Sequence[QuotedStretch]
) -> list[list[Interval]]:
    """The quoted stretches of the article restricted to the union of ``contents``, one unit per stretch."""
    covered: list[Interval] = sorted(iv for unit in contents for iv in unit)
    units = []
    for stretch in stretches:
        part = [
            (max(s, stretch.start), min(e, stretch.end)) for s, e in covered if s < stretch.end and e > stretch.start
        ]
        if not part:
            continue
        merged: list[Interval] = []
        for s, e in sorted(part):
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        unit = _trimmed(text, merged)
        if unit:
            units.append(unit)
    return units


def gold_kind(text: str, unit: Sequence[Interval], mask: bytearray) -> str:
    inside = total = 0
    for s, e in unit:
        for i in range(s, e):
            if text[i].isspace() or mask[i] == 2:
                continue
            total += 1
            inside += mask[i] == 1
    if inside == 0 or total == 0:
        return "indirect"
    return "direct" if inside >= total - 1 else "mixed"


def _last_word(text: str, pieces: Sequence[Interval]) -> str | None:
    words = _WORD.findall(" ".join(text[s:e] for s, e in pieces))
    return words[-1].lower() if words else None


def speaker_right(text: str, gold: GoldAttribution, pred: Attribution) -> bool:
    mention = pred.speaker_mention
    if mention is not None and any(mention.start < e and s < mention.end for s, e in gold.source):
        return True
    last = _last_word(text, gold.source)
    if last and pred.speaker is not None:
        return last in {w.lower() for w in _WORD.findall(pred.speaker.name)}
    return False


# --------------------------------------------------------------------------------------------- report


@dataclass
class PRF:
    tp_pred: int = 0  # matched predictions
    tp_gold: int = 0  # matched gold units
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.tp_pred += other.tp_pred
        self.tp_gold += other.tp_gold
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold


@dataclass
class ErrorSample:
    what: str  # "miss", "false hit", "speaker"
    article: str
    text: str
    detail: str = ""


@dataclass
class PolnearReport:
    """Counts behind every figure, overall and by kind, plus a sample of errors."""

    articles: int = 0
    content: PRF = field(default_factory=PRF)
    quoted: PRF = field(default_factory=PRF)
    end_to_end: PRF = field(default_factory=PRF)
    speaker_right: int = 0
    speaker_total: int = 0
    by_kind: dict[str, PRF] = field(default_factory=lambda: {k: PRF() for k in KINDS})
    speaker_by_kind: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in KINDS})
    errors: list[ErrorSample] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # articles the pipeline raised on
    seconds: float = 0.0
    sample: int = 0  # how many errors of each type `render` shows by default
    without: tuple[str, ...] = ()  # attribution passes left out of this run
    # For the identity score: (article, gold index, predicted speaker name, kind, where the mention starts) per
    # matched pair, and every predicted speaker name with its kind, as linking would see them in a store.
    speaker_pairs: list[tuple[str, int, str | None, str | None, int]] = field(default_factory=list)
    speaker_names: Counter[tuple[str, str]] = field(default_factory=Counter)
    speaker_mentions: list[Mention] = field(default_factory=list)  # as the store keeps them, for linking

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_total if self.speaker_total else 0.0

    def add_article(self, gold: GoldArticle, predicted: Sequence[Attribution], *, keep_errors: bool = False) -> None:
        text = gold.text
        self.articles += 1
        stretches = find_quoted(text)
        mask = quote_mask(text, stretches)
        gold_units = [_trimmed(text, g.content) for g in gold.attributions]
        pred_units = [_trimmed(text, [(p.content.start, p.content.end)]) for p in predicted]
        pairs = match_units(gold_units, pred_units)
        matched_pred = set(pairs.values())
        self.content.add(PRF(len(pairs), len(pairs), len(pred_units), len(gold_units)))

        gold_kinds = [gold_kind(text, u, mask) for u in gold_units]
        for kind in KINDS:
            self.by_kind[kind].add(
                PRF(
                    tp_pred=sum(1 for i, p in enumerate(predicted) if p.kind == kind and i in matched_pred),
                    tp_gold=sum(1 for gi in pairs if gold_kinds[gi] == kind),
                    n_pred=sum(1 for p in predicted if p.kind == kind),
                    n_gold=sum(1 for k in gold_kinds if k == kind),
                )
            )

        for p in predicted:
            if p.speaker is not None:
                self.speaker_names[(p.speaker.name, p.speaker.kind)] += 1
                mention = p.speaker_mention
                self.speaker_mentions.append(
                    Mention(
                        gold.id,
                        p.speaker.name,
                        p.speaker.kind,
                        mention.start if mention else -1,
                        tuple(p.speaker.roles),
                        mention.text if mention else "",
                    )
                )
        for gi, pi in sorted(pairs.items()):
            speaker = predicted[pi].speaker
            at = predicted[pi].speaker_mention
            self.speaker_pairs.append(
                (
                    gold.id,
                    gi,
                    speaker.name if speaker else None,
                    speaker.kind if speaker else None,
                    at.start if at else -1,
                )
            )
        e2e = 0
        for gi, pi in pairs.items():
            g = gold.attributions[gi]
            if not g.source:
                e2e += 1
                continue
            right = speaker_right(text, g, predicted[pi])
            self.speaker_total += 1
            self.speaker_right += right
            self.speaker_by_kind[gold_kinds[gi]][0] += right
            self.speaker_by_kind[gold_kinds[gi]][1] += 1
            e2e += right
            if keep_errors and not right:
                p = predicted[pi]
                said = p.speaker_mention.text if p.speaker_mention else "-"
                name = p.speaker.name if p.speaker else "-"
                gold_src = " … ".join(text[s:e] for s, e in g.source)
                self.errors.append(
                    ErrorSample(
                        "speaker",
                        gold.id,
                        _context(text, gold_units[gi]),
                        f"gold {gold_src!r}; predicted {said!r} -> {name!r}",
                    )
                )
        self.end_to_end.add(PRF(e2e, e2e, len(pred_units), len(gold_units)))

        g_quoted = quoted_units(text, gold_units, stretches)
        p_quoted = quoted_units(text, pred_units, stretches)
        q_pairs = match_units(g_quoted, p_quoted)
        self.quoted.add(PRF(len(q_pairs), len(q_pairs), len(p_quoted), len(g_quoted)))

        if keep_errors:
            for gi, unit in enumerate(gold_units):
                if gi not in pairs and unit:
                    src = " … ".join(text[s:e] for s, e in gold.attributions[gi].source)
                    self.errors.append(
                        ErrorSample("miss", gold.id, _context(text, unit), f"{gold_kinds[gi]}; source {src!r}")
                    )
            for pi, unit in enumerate(pred_units):
                if pi not in matched_pred and unit:
                    p = predicted[pi]
                    self.errors.append(
                        ErrorSample(
                            "false hit",
                            gold.id,
                            _context(text, unit),
                            f"{p.kind}; speaker {p.speaker.name if p.speaker else '-'}",
                        )
                    )

    def render(self, errors: int | None = None) -> str:
        """Plain-text report: error sample first (when asked), then by kind, then the overall summary last."""
        errors = self.sample if errors is None else errors
        lines: list[str] = []
        for failure in self.failed:
            lines.append(f"pipeline failed on {failure}")
        if errors > 0 and self.errors:
            for what in ("miss", "false hit", "speaker"):
                sample = [e for e in self.errors if e.what == what]
                if not sample:
                    continue
                step = max(1, len(sample) // errors)
                title = {"miss": "misses", "false hit": "false hits", "speaker": "speaker errors"}[what]
                lines.append(f"== {title} ({len(sample)}; showing {min(errors, len(sample))})")
                for e in sample[::step][:errors]:
                    lines.append(f"[{e.article}] {e.detail}")
                    lines.append(f"    {e.text}")
                lines.append("")
        lines.append(f"{'kind':<10}{'gold':>7}{'pred':>7}{'P':>8}{'R':>8}{'F1':>8}{'spk acc':>9}")
        for kind in KINDS:
            prf = self.by_kind[kind]
            right, total = self.speaker_by_kind[kind]
            acc = f"{right / total:.3f}" if total else "-"
            lines.append(
                f"{kind:<10}{prf.n_gold:>7}{prf.n_pred:>7}{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}{acc:>9}"
            )
        lines.append("")
        lines.append(
            f"PolNeAR: {self.articles} articles, {self.content.n_gold} gold, {self.content.n_pred} "
            f"predicted, {self.seconds:.1f} s"
        )
        if self.without:
            lines.append(f"without the attribution passes {', '.join(self.without)}")
        lines.append(f"{'':<18}{'P':>8}{'R':>8}{'F1':>8}")
        for name, prf in (("content", self.content), ("quoted segments", self.quoted), ("end-to-end", self.end_to_end)):
            lines.append(f"{name:<18}{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}")
        lines.append(
            f"{'speaker accuracy':<18}{self.speaker_accuracy:>8.3f}  "
            f"({self.speaker_right}/{self.speaker_total} matched with a gold source)"
        )
        identity = self.identity()
        if identity is not None:
            lines.append("")
            lines.extend(identity.render())
        return "\n".join(lines)

    def identity(self) -> IdentityReport | None:
        """The speaker identity score, when the hand-made identity gold covers these articles."""
        gold = read_identity_gold()
        if not any((article, index) in gold for article, index, *_ in self.speaker_pairs):
            return None
        return score_identity(gold, self.speaker_pairs, self.speaker_names, self.speaker_mentions)


def _context(text: str, unit: Sequence[Interval], width: int = 60) -> str:
    if not unit:
        return ""
    s, e = unit[0][0], unit[-1][1]
    left = text[max(0, s - width) : s].replace("\n", " ")
    body = text[s:e].replace("\n", " ")
    if len(body) > 240:
        body = body[:160] + " … " + body[-60:]
    right = text[e : e + width].replace("\n", " ")
    return f"…{left}[[{body}]]{right}…"


def score(
    golds: Iterable[GoldArticle], predictions: Iterable[Sequence[Attribution]], *, keep_errors: bool = False
) -> PolnearReport:
    """Score predictions (one list per gold article, same order)."""
    report = PolnearReport()
    for gold, predicted in zip(golds, predictions, strict=True):
        report.add_article(gold, predicted, keep_errors=keep_errors)
    return report


def evaluate_file(
    path: str | Path, nlp: Any, errors: int = 0, *, progress: bool = False, without: Sequence[str] = ()
) -> PolnearReport:
    """Run the ingest extraction (`tracker.nlp.pipeline.process`) over a gold file and score it.

    Args:
        path: PolNeAR JSON Lines file.
        nlp: the loaded tracker pipeline (with the ``tracker_attribution`` component).
        errors: keep a sample of misses, false hits and speaker errors for `render`.
        progress: print a progress line per 10 articles on stderr.
        without: attribution passes to leave out for this run (``"trim_tails.v1"``, or ``"trim_tails"``), to
            measure what each is worth; the pipeline is as it was when this returns.

    Raises:
        tracker.nlp.attribution.UnknownPassError: a name in ``without`` is no attribution pass.
    """
    golds = list(read_gold(path))
    if not without:
        return _evaluate(golds, nlp, errors, progress)
    from tracker.nlp.attribution import UnknownPassError, resolve_pass_names

    name = "tracker_attribution"
    component = nlp.get_pipe(name)
    left_out = tuple(resolve_pass_names(without, component.passes))
    if missing := [p for p in left_out if p not in component.passes]:
        raise UnknownPassError(
            f"the pipeline does not run {', '.join(missing)}; it runs: {', '.join(component.passes)}"
        )
    # The component's own config takes the change, so the run is the one `without` gives in any pipeline.
    config = {k: v for k, v in nlp.get_pipe_config(name).items() if k != "factory"}
    nlp.replace_pipe(name, name, config={**config, "without": [*config.get("without", []), *left_out]})
    try:
        report = _evaluate(golds, nlp, errors, progress)
    finally:
        nlp.replace_pipe(name, name, config=config)
    report.without = left_out
    return report


def _evaluate(golds: list[GoldArticle], nlp: Any, errors: int, progress: bool) -> PolnearReport:
    from tracker.nlp.pipeline import process

    report = PolnearReport()
    started = time.perf_counter()
    for n, (_article, outcome) in enumerate(process(nlp, (g.article() for g in golds)), 1):
        if isinstance(outcome, Exception):  # the pipeline failed on this article: it scores as empty
            report.failed.append(f"{golds[n - 1].origin}: {type(outcome).__name__}: {outcome}")
            outcome = []
        report.add_article(golds[n - 1], outcome, keep_errors=errors > 0)
        if progress and (n % 10 == 0 or n == len(golds)):
            print(f"\r{n}/{len(golds)} articles", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    report.seconds = time.perf_counter() - started
    report.sample = errors
    return report
