"""Stance as ingest stores it, against hand-labelled PolNeAR statements: right targets, right labels?

NewsMTSC gives the model its target; in the tracker the pipeline chooses targets inside extracted
statements. The gold (`data/polnear-dev-stance.jsonl`, written by reading 21 PolNeAR dev articles;
`data/stance-guideline.md` says how) lists for each gold statement the entities it is about and the
speaker's stance toward each, or none. Predicted statements are matched to gold ones as for attribution
(content overlap, one to one); on matched statements a stored (statement, target) row is right when its
mention overlaps a gold target's mention or names the same entity.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.entities.names import name_key, surname
from tracker.evaluation.newsmtsc import score_labels
from tracker.evaluation.polnear import GoldArticle, _trimmed, match_units, read_gold
from tracker.reports.stance import DEFAULT_MIN_CONFIDENCE
from tracker.types import Attribution, StanceLabel, TargetStance

STANCE_GOLD = Path(__file__).parent / "data" / "polnear-dev-stance.jsonl"


@dataclass(frozen=True)
class GoldTarget:
    target: str
    start: int
    end: int
    label: StanceLabel


def read_stance_gold(path: Path = STANCE_GOLD) -> dict[tuple[str, int], list[GoldTarget]]:
    """Gold targets per (article, attribution index); an empty list for a statement with none."""
    gold: dict[tuple[str, int], list[GoldTarget]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            targets = gold[(row["article"], int(row["index"]))]
            if row["target"] is not None:
                targets.append(GoldTarget(row["target"], int(row["start"]), int(row["end"]), row["label"]))
    return dict(gold)


def _same_target(predicted: TargetStance, gold: GoldTarget) -> bool:
    if predicted.mention.start < gold.end and gold.start < predicted.mention.end:
        return True
    a, b = name_key(predicted.target), name_key(gold.target)
    return a == b or (len(a.split()) == 1 and a == name_key(surname(gold.target)))


@dataclass
class StatementStanceReport:
    statements: int = 0  # gold statements in the labelled articles
    matched: int = 0  # of them, matched by an extracted statement
    gold_targets: int = 0
    gold_targets_matched: int = 0  # on matched statements
    stored: int = 0  # stored rows on matched statements
    stored_right: int = 0  # of them, the right target
    found: int = 0  # gold targets on matched statements that a stored row finds
    both_right: int = 0  # stored rows with the right target and the right label
    gold_labels: list[StanceLabel] = field(default_factory=list)
    predicted_labels: list[StanceLabel] = field(default_factory=list)
    # (confidence, target right, target and label right) per stored row, and the confidence of the row that finds
    # each found gold target: what a confidence threshold keeps.
    stored_rows: list[tuple[float | None, bool, bool]] = field(default_factory=list)
    found_confidences: list[float | None] = field(default_factory=list)

    def add(
        self, gold: GoldArticle, predicted: Sequence[Attribution], targets: dict[tuple[str, int], list[GoldTarget]]
    ) -> None:
        labelled = [i for i in range(len(gold.attributions)) if (gold.id, i) in targets]
        if not labelled:
            return
        text = gold.text
        gold_units = [_trimmed(text, gold.attributions[i].content) for i in labelled]
        pairs = match_units(gold_units, [_trimmed(text, [(p.content.start, p.content.end)]) for p in predicted])
        self.statements += len(labelled)
        for position, index in enumerate(labelled):
            wanted = targets[(gold.id, index)]
            self.gold_targets += len(wanted)
            if position not in pairs:
                continue
            self.matched += 1
            self.gold_targets_matched += len(wanted)
            stored = predicted[pairs[position]].targets
            self.stored += len(stored)
            for row in stored:
                hit = next((g for g in wanted if _same_target(row, g)), None)
                if hit is not None:
                    self.stored_right += 1
                    self.both_right += row.label == hit.label
                self.stored_rows.append((row.confidence, hit is not None, hit is not None and row.label == hit.label))
            for g in wanted:
                match = next((r for r in stored if _same_target(r, g)), None)
                if match is not None:
                    self.found += 1
                    self.gold_labels.append(g.label)
                    self.predicted_labels.append(match.label)
                    self.found_confidences.append(match.confidence)

    def render(self) -> str:
        def share(n: int, d: int) -> str:
            return f"{n / d:.3f} ({n}/{d})" if d else "-"

        _, f1m, accuracy = score_labels(self.gold_labels, self.predicted_labels) if self.gold_labels else ({}, 0.0, 0.0)
        return "\n".join(
            [
                f"statement stance, hand-labelled PolNeAR dev ({self.statements} statements, {self.gold_targets} "
                "targets; the pipeline as ingest runs it)",
                f"statements extracted       {share(self.matched, self.statements)}",
                f"target precision           {share(self.stored_right, self.stored)}",
                f"target recall              {share(self.found, self.gold_targets_matched)} on extracted statements, "
                f"{share(self.found, self.gold_targets)} of all",
                f"label accuracy / F1m       {accuracy:.3f} / {f1m:.3f} on the {self.found} targets found",
                f"rows with target and label right  {share(self.both_right, self.stored)}",
                *self._thresholds(share),
            ]
        )

    def _thresholds(self, share: Callable[[int, int], str]) -> list[str]:
        """What reports keep at a few `--min-confidence` values (rows without a confidence are always kept)."""
        lines = [
            "by --min-confidence (the default marked *): rows kept, target right, target and label right, "
            "gold targets found"
        ]
        for threshold in sorted({0.0, 0.5, 0.6, 0.7, DEFAULT_MIN_CONFIDENCE}):
            rows = [row for row in self.stored_rows if row[0] is None or row[0] >= threshold]
            found = sum(1 for confidence in self.found_confidences if confidence is None or confidence >= threshold)
            mark = "*" if threshold == DEFAULT_MIN_CONFIDENCE else " "
            lines.append(
                f"  {mark}{threshold:.2f}  {len(rows):>5}  {share(sum(r[1] for r in rows), len(rows)):<16}"
                f"  {share(sum(r[2] for r in rows), len(rows)):<16}  {share(found, self.gold_targets_matched)}"
            )
        return lines


def evaluate_statement_stance(
    articles_path: str | Path, nlp: Any, gold_path: Path = STANCE_GOLD
) -> StatementStanceReport:
    """Run ingest's extraction and stance over the labelled articles of a PolNeAR file and score it."""
    from tracker.nlp.pipeline import process

    targets = read_stance_gold(gold_path)
    labelled = {article for article, _ in targets}
    golds = [g for g in read_gold(articles_path) if g.id in labelled]
    report = StatementStanceReport()
    outcomes: Iterable[tuple[Any, Any]] = process(nlp, (g.article() for g in golds))
    for gold, (_, outcome) in zip(golds, outcomes, strict=True):
        report.add(gold, [] if isinstance(outcome, Exception) else outcome, targets)
    return report
