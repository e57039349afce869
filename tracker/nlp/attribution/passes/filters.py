"""Drafts that are no statement: narration the tagger over-read, navigation lines, empty contents."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.nlp.attribution.drafts import Context, Draft, attribution_pass


@attribution_pass("narration.v1")
def narration(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """A tagged content with neither cue nor source nor quote marks is narration the tagger over-read."""
    return [d for d in drafts if d.cue is not None or d.source is not None or
            any(ctx.states[i] for i in range(*d.content))]


@attribution_pass("boilerplate.v1")
def boilerplate(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """Nothing on navigation lines ("Read also: …"), and no content made of whitespace only."""
    doc = ctx.doc
    return [d for d in drafts if not all(ctx.skip[i] for i in range(*d.content))
            and not all(doc[i].is_space for i in range(*d.content))]
