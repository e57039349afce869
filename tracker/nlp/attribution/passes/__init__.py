"""The attribution passes, in the order the component runs them.

Each pass is one concern, a pure function registered under a versioned name (see
:func:`tracker.nlp.attribution.drafts.attribution_pass`). ``tracker eval GOLD --without NAME`` runs the list
without one of them, which measures what it is worth; the component's ``without`` setting does the same in
any pipeline.
"""

from __future__ import annotations

# Importing the modules registers their passes.
from tracker.nlp.attribution.passes import boundaries, filters, framing, grouping, quoting, resolution  # noqa: F401

#: The passes as shipped. Read top to bottom: the tagger's chunks become drafts, quotes are repaired and
#: completed, boundaries are shaped, non-statements dropped, then speakers, credits, dates and framings added.
DEFAULT_PASSES: tuple[str, ...] = (
    # --- from the tagger's chunks to drafts (grouping.py)
    "dash_credit_chunks.v1",  # a content chunk over `” ― Name “` is cut at the credit
    "cue_groups.v1",  # content chunks grouped around the cue they hang on
    "outer_attribution.v1",  # `A said B did C, the source added.`: the trailing attribution holds it all
    "orphan_cues.v1",  # a tagged cue with no content: the clause it governs
    "lexicon_cues.v1",  # a lexicon reporting verb the tagger missed, with its clause
    "tagged_sources.v1",  # dash credits and transcript labels, else the tagged source of the cue
    "inverted_cues.v1",  # `Said Ellis: “…”`: the name after the verb is the source
    "parenthetical_credits.v1",  # `The committee, officials said, will …`: the credit reports the sentence
    # --- quotes (quoting.py)
    "quote_extent.v1",  # a content edge inside a quoted stretch moves to its quote mark
    "missed_quotes.v1",  # a long quoted stretch no draft covers is a direct quote
    "rule_sources.v1",  # the cue's subject, or the verb of saying next to a quote
    "merge_quotes.v1",  # `“A,” said X. “B.”` and paragraph continuations are one quote
    # --- boundaries (boundaries.py)
    "clause_extent.v1",  # `…two years ago, when engineers first warned …` belongs to what was said
    "object_extent.v1",  # `mentions policies she supported that …`: the object with its own clause
    "trim_tails.v1",  # `…, despite …` ends an indirect statement
    "participles.v1",  # `…, telling them they …` is a statement of its own
    "transcripts.v1",  # `PENCE: Well, look, …`
    "according_to.v1",  # `According to X, …`: X's, the whole clause
    "noun_cues.v1",  # `Hegseth's praise for Japan contrasts with …`: a noun cue's content is in its phrase
    "naming_predicates.v1",  # `calling Japan “the cornerstone …”`: the quoted predicate alone
    "edges.v1",  # no dangling conjunction or punctuation at the edges
    "duplicates.v1",  # one draft per content
    "clip_sentences.v1",  # a content stops at the sentence end after a closing quote mark
    "paragraphs.v1",  # reported speech stays in its paragraph
    # --- what is no statement (filters.py)
    "narration.v1",  # no cue, no source, no quote marks: narration
    "boilerplate.v1",  # navigation lines and blank contents
    "short_statements.v1",  # one word is no statement, unless a whole quote
    "word_cues.v1",  # a cue of prepositions or adverbs alone ("On", "Reportedly") is a misread headline
    "adverbial_clauses.v1",  # `As Obama appears set to veto …, Clinton disagrees`: the as-clause is no content
    # --- who said it, who reported it, when (resolution.py, framing.py)
    "late_sources.v1",  # sources by rule for drafts that reshaping changed
    "recorded_speakers.v1",  # `The ad uses footage of Clinton asking, “…”`: Clinton asks
    "sent_documents.v1",  # `Obama, who sent Xi a letter in which the U.S. would pledge …`: Obama's letter
    "claim_owners.v1",  # `X seized on Trump's claim that …`: the claim is Trump's
    "speakers.v1",  # source mentions to speaker entities; carried speakers
    "carried_mentions.v1",  # `“A,” she said. “B.”`: B keeps the mention its carried speaker came from
    "credits.v1",  # the outlet each statement is credited to
    "event_dates.v1",  # when it was said
    "framing.v1",  # `Hegseth's criticism of Europe …`: the stance the journalist states
)
