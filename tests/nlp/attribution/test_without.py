"""`tracker eval --without PASS`: the same extraction with one pass left out, through the component's config."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

pytestmark = pytest.mark.slow

GOLD = Path(__file__).parents[2] / "data" / "polnear_tiny.jsonl"


def test_evaluate_file_leaves_a_pass_out_and_puts_it_back(attribution_nlp) -> None:  # type: ignore[no-untyped-def]
    from tracker.evaluation.polnear import evaluate_file
    from tracker.nlp.attribution import UnknownPassError
    from tracker.nlp.attribution.passes import DEFAULT_PASSES

    full = evaluate_file(GOLD, attribution_nlp)
    # Without speaker resolution no statement has a speaker entity (the mentions are still found by rule).
    bare = evaluate_file(GOLD, attribution_nlp, without=["speakers", "tagged_sources.v1"])
    assert bare.without == ("speakers.v1", "tagged_sources.v1")
    assert "without the attribution passes speakers.v1, tagged_sources.v1" in bare.render()
    assert full.speaker_names and not bare.speaker_names
    assert attribution_nlp.get_pipe("tracker_attribution").passes == DEFAULT_PASSES  # put back
    assert evaluate_file(GOLD, attribution_nlp).end_to_end == full.end_to_end
    with pytest.raises(UnknownPassError, match="no attribution pass 'nope'"):
        evaluate_file(GOLD, attribution_nlp, without=["nope"])


def test_the_component_config_says_which_passes_run(attribution_nlp) -> None:  # type: ignore[no-untyped-def]
    import spacy

    from tracker.nlp.attribution.passes import DEFAULT_PASSES

    nlp = spacy.blank("en")
    component = nlp.add_pipe("tracker_attribution", config={"without": ["trim_tails", "framing.v1"]})
    assert component.passes == tuple(p for p in DEFAULT_PASSES if p not in ("trim_tails.v1", "framing.v1"))
    with pytest.raises(ValueError, match="no attribution pass 'trim'"):
        nlp.add_pipe("tracker_attribution", name="other", config={"without": ["trim"]})


def test_cli_without_and_list_passes() -> None:
    from tracker.cli import cli
    from tracker.nlp.attribution.passes import DEFAULT_PASSES

    runner = CliRunner()
    listed = runner.invoke(cli, ["eval", "--list-passes"])
    assert listed.exit_code == 0, listed.output
    assert listed.output.split() == list(DEFAULT_PASSES)
    result = runner.invoke(cli, ["eval", str(GOLD), "--without", "trim_tails"])
    assert result.exit_code == 0, result.output
    assert "without the attribution passes trim_tails.v1" in result.output
    assert "end-to-end" in result.output
    bad = runner.invoke(cli, ["eval", str(GOLD), "--without", "nope"])
    assert bad.exit_code == 2 and "no attribution pass 'nope'; the passes are: dash_credit_chunks.v1" in bad.output
    missing = runner.invoke(cli, ["eval"])
    assert missing.exit_code == 2 and "Missing argument 'GOLD'" in missing.output
