"""The statement-level stance report's --min-confidence sweep."""

from __future__ import annotations

from tracker.evaluation.statement_stance import StatementStanceReport


def test_the_threshold_sweep_keeps_rows_without_a_confidence_and_drops_unsure_ones() -> None:
    report = StatementStanceReport(stored=3, gold_targets_matched=3)
    report.stored_rows = [(0.4, True, True), (0.8, True, False), (None, False, False)]
    report.found_confidences = [0.4, 0.8]
    lines = report.render().splitlines()
    sweep = {line.split()[0].lstrip("*"): line.split() for line in lines if line.strip()[:1] in "*0"}
    assert sweep["0.00"][1] == "3" and sweep["0.00"][7] == "(2/3)"
    # at 0.5 the 0.4 row goes; the row with no confidence (a rule's label) stays
    assert sweep["0.50"][1:] == ["2", "0.500", "(1/2)", "0.000", "(0/2)", "0.333", "(1/3)"]
