"""Statement grouping against hand-labelled pairs: are two reports one utterance?

The gold (`data/statement-pairs.jsonl`, written by reading PolNeAR train and dev articles; its guideline
beside it) labels pairs of attributions by one speaker in different articles as the same utterance or not,
hard negatives included. The grouping rule (tracker/statements/grouping.py) runs over every labelled
report of a speaker at once, as it does over a speaker's stored quotes, each dated by the date in its
article id as a stored quote is by its article's publication date, and a pair is predicted the same when both
reports land in one statement.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tracker.statements.grouping import Report, group_reports

STATEMENT_PAIRS = Path(__file__).parent / "data" / "statement-pairs.jsonl"
_MARKS = '“”"'
_ARTICLE_DATE = re.compile(r"_(\d{4}-\d{2}-\d{2})_")


def _published(article: str) -> date | None:
    """The publication date in a PolNeAR article id (`outlet_YYYY-MM-DD_slug`)."""
    found = _ARTICLE_DATE.search(article)
    return date.fromisoformat(found.group(1)) if found else None


def _kind(text: str) -> str:
    """Direct when the whole report is one quoted stretch, mixed when it holds one, else indirect."""
    text = text.replace("''", '"')
    stripped = text.strip().strip(".,;: ")
    if stripped[:1] in _MARKS and stripped[-1:] in _MARKS and sum(stripped.count(m) for m in _MARKS) == 2:
        return "direct"
    return "mixed" if any(m in text for m in _MARKS) else "indirect"


@dataclass
class PairReport:
    pairs: int = 0
    same: int = 0
    hard_negatives: int = 0
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 0.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.same if self.same else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def render(self) -> str:
        return (
            f"statement grouping (hand-labelled pairs: {self.pairs}, {self.same} the same utterance, "
            f"{self.hard_negatives} hard negatives)\n"
            f"{'':<18}{'P':>8}{'R':>8}{'F1':>8}\n"
            f"{'same utterance':<18}{self.precision:>8.3f}{self.recall:>8.3f}{self.f1:>8.3f}\n"
            f"pairs grouped: {self.true_positive} right, {self.false_positive} wrong; "
            f"same-utterance pairs missed: {self.false_negative}"
        )


def pair_articles(path: Path = STATEMENT_PAIRS) -> set[str]:
    """The articles the hand-labelled pairs are drawn from."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row[side]["article"] for row in rows for side in ("a", "b")}


def covers(articles: set[str], path: Path = STATEMENT_PAIRS) -> bool:
    """True when some of `articles` (a gold file's article ids) are in the hand-labelled pairs."""
    return not articles.isdisjoint(pair_articles(path))


def score_statement_pairs(path: Path = STATEMENT_PAIRS) -> PairReport:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    reports: dict[str, dict[tuple[str, str, int], Report]] = defaultdict(dict)
    ids: dict[tuple[str, str, int], int] = {}
    for row in rows:
        for side in (row["a"], row["b"]):
            key = (side["file"], side["article"], int(side["index"]))
            ids.setdefault(key, len(ids))
            reports[row["speaker"]][key] = Report(
                ids[key],
                side["text"],
                _kind(side["text"]),
                (side["article"], "", ids[key]),
                _published(side["article"]),
            )
    statement_of: dict[int, tuple[str, int]] = {}
    for speaker, by_key in reports.items():
        for number, group in enumerate(group_reports(by_key.values())):
            for report in group:
                statement_of[report.id] = (speaker, number)
    result = PairReport()
    for row in rows:
        a = ids[(row["a"]["file"], row["a"]["article"], int(row["a"]["index"]))]
        b = ids[(row["b"]["file"], row["b"]["article"], int(row["b"]["index"]))]
        predicted = statement_of[a] == statement_of[b]
        result.pairs += 1
        result.same += row["same"]
        result.hard_negatives += str(row.get("note", "")).startswith("hard negative")
        result.true_positive += predicted and row["same"]
        result.false_positive += predicted and not row["same"]
        result.false_negative += not predicted and row["same"]
    return result
