"""Speaker identity against hand-made gold: do stored speakers group mentions into the right people?

The gold (`data/polnear-dev-identity.jsonl`, written by reading the articles; `data/identity-guideline.md`
says how) gives each PolNeAR dev attribution the entity its source denotes. Scored, as the task
defines, over the gold attributions whose entity is the source of at least `MIN_GOLD_ATTRIBUTIONS` in the
file and that the extraction matched (content matching, as for the other figures): B-cubed precision,
recall and F1 of the predicted speaker entity (the one linking gives the predicted speaker's name over
the whole file, as a store holding just these articles would), where a matched statement with no
linked speaker is a cluster of its own.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tracker.entities.linking import Mention, NameUse, link_names

IDENTITY_GOLD = Path(__file__).parent / "data" / "polnear-dev-identity.jsonl"
MIN_GOLD_ATTRIBUTIONS = 3
TOP = 10


def read_identity_gold(path: Path = IDENTITY_GOLD) -> dict[tuple[str, int], str | None]:
    gold: dict[tuple[str, int], str | None] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                gold[(row["article"], int(row["index"]))] = row["entity"]
    return gold


@dataclass
class IdentityReport:
    items: int
    precision: float
    recall: float
    rows_per_entity: list[tuple[str, int, int, int]]  # gold entity, items, predicted rows, unlinked items
    mixed_rows: list[tuple[str, list[tuple[str, int]]]] = field(default_factory=list)
    # For each of the top gold entities, the rows its statements are in, most used first; an unlinked
    # statement is shown by the name its article gave ("-" for none), so a reader sees why it is apart.
    splits: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def render(self, *, splits: bool = False) -> list[str]:
        """The summary lines; with `splits`, each top entity's rows under it."""
        lines = [
            f"speaker identity (hand-made gold, entities with >= {MIN_GOLD_ATTRIBUTIONS} attributions, "
            f"{self.items} matched statements)",
            f"{'':<18}{'P':>8}{'R':>8}{'F1':>8}",
            f"{'B-cubed':<18}{self.precision:>8.3f}{self.recall:>8.3f}{self.f1:>8.3f}",
            f"speaker rows that mix gold entities: {len(self.mixed_rows)}",
        ]
        for name, mix in self.mixed_rows[:5]:
            lines.append(f"    {name}: " + ", ".join(f"{entity} {n}" for entity, n in mix))
        lines.append(f"the {TOP} most quoted gold entities: statements, speaker rows, unlinked statements")
        for entity, items, rows, unlinked in self.rows_per_entity:
            lines.append(f"    {entity:<28}{items:>5}{rows:>5}{unlinked:>5}")
            if splits and len(self.splits.get(entity, ())) > 1:
                lines.append("        " + "; ".join(f"{row} {n}" for row, n in self.splits[entity]))
        return lines


def score_identity(
    gold: dict[tuple[str, int], str | None],
    matched: Iterable[tuple[str, int, str | None, str | None, int]],
    predicted_names: Counter[tuple[str, str]],
    mentions: Iterable[Mention] = (),
) -> IdentityReport | None:
    """`matched`: (article, gold index, predicted speaker name, kind, mention start or -1) per matched pair; `predicted_names`:
    every predicted speaker name and kind in the file, with counts, and `mentions` every predicted speaker
    as its article gives it, as linking sees them in a store."""
    frequency = Counter(entity for entity in gold.values() if entity)
    frequent = {e for e, n in frequency.items() if n >= MIN_GOLD_ATTRIBUTIONS}
    linking = link_names([NameUse(name, kind, n) for (name, kind), n in predicted_names.items()], (), mentions)
    items: list[tuple[str, str]] = []  # (gold entity, predicted cluster label)
    shown: Counter[tuple[str, str]] = Counter()  # (gold entity, row as printed)
    for number, (article, index, name, kind, position) in enumerate(matched):
        entity = gold.get((article, index))
        if entity not in frequent:
            continue
        cluster = linking.cluster_of(name, kind, article, position) if name else None
        items.append((entity, cluster.name if cluster else f"\0unlinked {number}"))  # type: ignore[arg-type]
        shown[(entity, cluster.name if cluster else f"unlinked '{name or '-'}'")] += 1  # type: ignore[index]
    if not items:
        return None
    by_pred: dict[str, Counter[str]] = defaultdict(Counter)
    by_gold: dict[str, Counter[str]] = defaultdict(Counter)
    for entity, pred in items:
        by_pred[pred][entity] += 1
        by_gold[entity][pred] += 1
    precision = sum(by_pred[p][g] / sum(by_pred[p].values()) for g, p in items) / len(items)
    recall = sum(by_gold[g][p] / sum(by_gold[g].values()) for g, p in items) / len(items)
    top = sorted(by_gold, key=lambda g: (-sum(by_gold[g].values()), g))[:TOP]
    rows = [
        (
            g,
            sum(by_gold[g].values()),
            sum(1 for p in by_gold[g] if not p.startswith("\0")),
            sum(n for p, n in by_gold[g].items() if p.startswith("\0")),
        )
        for g in top
    ]
    mixed = sorted(
        ((p, counts.most_common()) for p, counts in by_pred.items() if len(counts) > 1),
        key=lambda item: (-sum(n for _, n in item[1]), item[0]),
    )
    splits = {
        g: sorted(((row, n) for (entity, row), n in shown.items() if entity == g), key=lambda rn: (-rn[1], rn[0]))
        for g in top
    }
    return IdentityReport(len(items), precision, recall, rows, mixed, splits)
