"""Each attribution pass alone, on hand-built parsed Docs (no trained model, no parse drift)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.nlp.attribution.docs import context, parsed, words
from tracker.nlp.attribution import resolve_pass_names
from tracker.nlp.attribution.drafts import Draft, Found, get_pass, pass_names
from tracker.nlp.attribution.passes import DEFAULT_PASSES
from tracker.nlp.attribution.passes.boundaries import (
    according_to,
    clip_sentences,
    duplicates,
    edges,
    naming_predicates,
    noun_cues,
    paragraphs,
    participles,
    transcripts,
    trim_tails,
)
from tracker.nlp.attribution.passes.filters import boilerplate, narration, short_statements
from tracker.nlp.attribution.passes.framing import framing
from tracker.nlp.attribution.passes.grouping import (
    cue_groups,
    dash_credit_chunks,
    inverted_cues,
    lexicon_cues,
    orphan_cues,
    outer_attribution,
    parenthetical_credits,
    tagged_sources,
)
from tracker.nlp.attribution.passes.quoting import merge_quotes, missed_quotes, quote_extent
from tracker.nlp.attribution.passes.resolution import (
    claim_owners,
    credits,
    event_dates,
    late_sources,
    rule_sources,
    speakers,
)
from tracker.nlp.attribution.syntax import according_source, dep_content
from tracker.types import Speaker

# "Hegseth said the alliance would grow. It rained."
SAID = parsed("""
Hegseth 1 nsubj PROPN
said 1 ROOT VERB lemma=say
the 3 det DET
alliance 5 nsubj NOUN
would 5 aux AUX
grow 1 ccomp VERB
. 1 punct PUNCT
It 8 nsubj PRON
rained 8 ROOT VERB lemma=rain
. 8 punct PUNCT
""")

# "“We will win this race,” she said."
QUOTE = parsed("""
“ 3 punct PUNCT
We 3 nsubj PRON
will 3 aux AUX
win 9 ccomp VERB
this 5 det DET
race 3 dobj NOUN
, 9 punct PUNCT
” 9 punct PUNCT
she 9 nsubj PRON
said 9 ROOT VERB lemma=say
. 9 punct PUNCT
""")

# "“Loved it.” ― Sonya Herridge"
DASHED = parsed("""
“ 1 punct PUNCT
Loved 1 ROOT VERB lemma=love
it 1 dobj PRON
. 1 punct PUNCT
” 1 punct PUNCT
― 1 punct PUNCT
Sonya 7 compound PROPN
Herridge 1 appos PROPN
""")


def test_every_shipped_pass_is_registered_and_versioned() -> None:
    assert len(set(DEFAULT_PASSES)) == len(DEFAULT_PASSES)
    assert set(DEFAULT_PASSES) <= set(pass_names())
    assert all(name.rsplit(".v", 1)[1].isdigit() for name in DEFAULT_PASSES)
    assert all(get_pass(name).__doc__ for name in DEFAULT_PASSES)  # each says what its one concern is


def test_pass_names_resolve_with_or_without_their_version() -> None:
    assert resolve_pass_names(["trim_tails", "merge_quotes.v1"]) == ["trim_tails.v1", "merge_quotes.v1"]
    with pytest.raises(ValueError, match="no attribution pass 'trim'; the passes are: dash_credit_chunks.v1"):
        resolve_pass_names(["trim"])


def test_a_pass_leaves_what_it_was_given_unchanged() -> None:
    ctx = context(SAID)
    given = (Draft((2, 10), cue=(1, 2), pieces=((2, 10),)),)
    found = get_pass("trim_tails.v1")(ctx, Found((), given))
    assert given == (Draft((2, 10), cue=(1, 2), pieces=((2, 10),)),) and isinstance(found, Found)


# --------------------------------------------------------------------------------------------- grouping


def test_dash_credit_chunks_cut_a_content_at_the_credit() -> None:
    doc = parsed("""
    “ 2 punct PUNCT
    Great 2 amod ADJ
    read 2 ROOT NOUN
    . 2 punct PUNCT
    ” 2 punct PUNCT
    ― 2 punct PUNCT
    Sonya 7 compound PROPN
    Herridge 2 appos PROPN
    “ 9 punct PUNCT
    Loved 2 conj VERB
    it 9 dobj PRON
    . 9 punct PUNCT
    ” 9 punct PUNCT
    """)
    assert doc.text == "“Great read.” ― Sonya Herridge “Loved it.”"
    chunks = dash_credit_chunks(context(doc), [("CON", 0, 13)])
    assert chunks == [("CON", 0, 5), ("CUE", 5, 6), ("SRC", 6, 8), ("CON", 8, 13)]


def test_cue_groups_put_each_content_with_the_cue_it_hangs_on() -> None:
    drafts = cue_groups(context(SAID), [("SRC", 0, 1), ("CUE", 1, 2), ("CON", 2, 6), ("CON", 7, 9)], [])
    assert drafts == [Draft((2, 6), cue=(1, 2), pieces=((2, 6),)), Draft((7, 9), pieces=((7, 9),))]


def test_cue_groups_join_the_pieces_of_one_quote() -> None:
    doc = parsed("""
    “ 6 punct PUNCT
    We 2 nsubj PRON
    will 6 ccomp AUX
    , 6 punct PUNCT
    ” 6 punct PUNCT
    he 6 nsubj PRON
    said 6 ROOT VERB lemma=say
    , 6 punct PUNCT
    “ 10 punct PUNCT
    and 10 cc CCONJ
    soon 6 advmod ADV
    . 6 punct PUNCT
    ” 6 punct PUNCT
    """)
    assert doc.text == "“We will,” he said, “and soon.”"
    [draft] = cue_groups(context(doc), [("CON", 0, 5), ("SRC", 5, 6), ("CUE", 6, 7), ("CON", 8, 13)], [])
    assert draft == Draft((0, 13), cue=(6, 7), pieces=((0, 5), (8, 13)))


def test_outer_attribution_holds_the_inner_one() -> None:
    doc = parsed("""
    Trump 1 nsubj PROPN
    said 8 ccomp VERB lemma=say
    that 4 mark SCONJ
    Clinton 4 nsubj PROPN
    lied 1 ccomp VERB
    , 8 punct PUNCT
    the 7 det DET
    source 8 nsubj NOUN
    added 8 ROOT VERB lemma=add
    . 8 punct PUNCT
    """)
    chunks = [("SRC", 0, 1), ("CUE", 1, 2), ("CON", 3, 5), ("SRC", 6, 8), ("CUE", 8, 9)]
    out = outer_attribution(context(doc), chunks, [Draft((3, 5), cue=(1, 2), pieces=((3, 5),))])
    assert out == [Draft((0, 5), cue=(8, 9), source=(6, 8), pieces=((0, 5),))]
    assert words(doc, out[0].content) == "Trump said that Clinton lied"


OBAMA_THINKS = """
Obama 1 nsubj PROPN
thinks 8 ccomp VERB lemma=think
the 3 det DET
deal 4 nsubj NOUN
is 1 ccomp AUX
good 4 acomp ADJ
, 8 punct PUNCT
officials 8 nsubj NOUN
said 8 ROOT VERB lemma=say
. 8 punct PUNCT
"""


@pytest.mark.parametrize("opening", ["", "“"], ids=["bare", "after-a-quote-mark"])
def test_outer_attribution_holds_an_inner_one_right_at_the_sentence_start(opening: str) -> None:
    # "Obama thinks": the inner content starts two tokens in, and its speaker and cue are still the outer content.
    table = OBAMA_THINKS
    if opening:  # every head moves one token on behind the mark
        rows = [line.split() for line in OBAMA_THINKS.strip().splitlines()]
        table = f"{opening} 1 punct PUNCT\n" + "\n".join(
            " ".join([word, str(int(head) + 1), *rest]) for word, head, *rest in rows
        )
    doc = parsed(table)
    shift = 1 if opening else 0
    chunks = [("SRC", 0, 1), ("CUE", 1, 2), ("CON", 2, 6), ("SRC", 7, 8), ("CUE", 8, 9)]
    chunks = [(part, a + shift, b + shift) for part, a, b in chunks]
    inner = Draft((2 + shift, 6 + shift), cue=(1 + shift, 2 + shift), pieces=((2 + shift, 6 + shift),))
    [draft] = outer_attribution(context(doc), chunks, [inner])
    assert (words(doc, draft.content), words(doc, draft.source)) == ("Obama thinks the deal is good", "officials")


def test_orphan_cues_get_the_clause_they_govern() -> None:
    [draft] = orphan_cues(context(SAID), [("SRC", 0, 1), ("CUE", 1, 2)], [])
    assert draft == Draft((2, 6), cue=(1, 2), pieces=((2, 6),), origin="parse")
    assert words(SAID, draft.content) == "the alliance would grow"


def test_lexicon_cues_catch_a_reporting_verb_the_tagger_missed() -> None:
    assert lexicon_cues(context(SAID), [], []) == [Draft((2, 6), cue=(1, 2), pieces=((2, 6),), origin="lexicon")]
    tagged = [Draft((2, 6), cue=(1, 2), pieces=((2, 6),))]
    assert lexicon_cues(context(SAID), [("CUE", 1, 2)], tagged) == tagged  # nothing twice


def test_tagged_sources_take_the_subject_chunk_of_the_cue() -> None:
    chunks = [("SRC", 0, 1), ("CUE", 1, 2), ("CON", 2, 6)]
    [draft] = tagged_sources(context(SAID), chunks, [Draft((2, 6), cue=(1, 2), pieces=((2, 6),))])
    assert draft.source == (0, 1)


def test_tagged_sources_prefer_a_dash_credit() -> None:
    [draft] = tagged_sources(context(DASHED), [("CON", 0, 5)], [Draft((0, 5), pieces=((0, 5),))])
    assert (words(DASHED, draft.cue), words(DASHED, draft.source)) == ("―", "Sonya Herridge")


# ------------------------------------------------------------------------------------------------ quotes


def test_quote_extent_takes_the_whole_quoted_stretch() -> None:
    doc = parsed("""
    Clinton 1 nsubj PROPN
    said 1 ROOT VERB lemma=say
    the 3 det DET
    news 4 nsubj NOUN
    was 1 ccomp AUX
    “ 7 punct PUNCT
    very 7 advmod ADV
    troubling 4 acomp ADJ
    ” 7 punct PUNCT
    for 4 prep ADP
    them 9 pobj PRON
    . 1 punct PUNCT
    """)
    [draft] = quote_extent(context(doc), [Draft((2, 7), cue=(1, 2))])
    assert words(doc, draft.content) == "the news was “very troubling”"


def test_missed_quotes_become_direct_quotes_with_their_speaker() -> None:
    [draft] = missed_quotes(context(QUOTE), [])
    assert draft == Draft((0, 8), cue=(9, 10), source=(8, 9), origin="quote", pieces=((0, 8),))
    assert missed_quotes(context(QUOTE, min_direct_words=6), []) == []  # five words are too few then


def test_rule_sources_find_the_subject_of_the_cue_or_the_verb_next_to_a_quote() -> None:
    [said] = rule_sources(context(SAID), [Draft((2, 6), cue=(1, 2))])
    assert said.source == (0, 1)
    [quote] = rule_sources(context(QUOTE), [Draft((0, 8), pieces=((0, 8),))])
    assert (quote.cue, quote.source) == ((9, 10), (8, 9))


def test_late_sources_are_the_same_rule_after_reshaping() -> None:
    [said] = late_sources(context(SAID), [Draft((2, 6), cue=(1, 2))])
    assert said.source == (0, 1)


def test_merge_quotes_join_a_split_quote_and_drop_duplicates() -> None:
    doc = parsed("""
    “ 2 punct PUNCT
    We 2 nsubj PRON
    will 5 ccomp AUX
    , 5 punct PUNCT
    ” 5 punct PUNCT
    said 5 ROOT VERB lemma=say
    Hegseth 5 nsubj PROPN
    . 5 punct PUNCT
    “ 10 punct PUNCT
    And 10 cc CCONJ
    soon 10 ROOT ADV
    . 10 punct PUNCT
    ” 10 punct PUNCT
    """)
    assert doc.text == "“We will,” said Hegseth. “And soon.”"
    first = Draft((0, 5), cue=(5, 6), source=(6, 7), pieces=((0, 5),))
    second = Draft((8, 13), pieces=((8, 13),))
    [merged] = merge_quotes(context(doc), [second, first])
    assert merged == Draft((0, 13), cue=(5, 6), source=(6, 7), pieces=((0, 5), (8, 13)))
    assert merge_quotes(context(doc), [Draft((0, 5)), first]) == [first]  # the duplicate with a source stays


# -------------------------------------------------------------------------------------------- boundaries


def test_trim_tails_cut_a_trailing_despite() -> None:
    doc = parsed("""
    Officials 1 nsubj NOUN
    said 1 ROOT VERB lemma=say
    the 3 det DET
    plan 5 nsubj NOUN
    would 5 aux AUX
    cut 1 ccomp VERB
    costs 5 dobj NOUN
    , 5 punct PUNCT
    despite 5 prep ADP
    the 10 det DET
    warnings 8 pobj NOUN
    of 10 prep ADP
    critics 11 pobj NOUN
    . 1 punct PUNCT
    """)
    [draft] = trim_tails(context(doc), [Draft((2, 13), cue=(1, 2), pieces=((2, 13),))])
    assert draft == Draft((2, 7), cue=(1, 2), pieces=((2, 7),))
    assert words(doc, draft.content) == "the plan would cut costs"


def test_participles_split_off_a_statement_of_their_own() -> None:
    doc = parsed("""
    Hegseth 1 nsubj PROPN
    criticized 1 ROOT VERB lemma=criticize
    allies 1 dobj NOUN
    , 1 punct PUNCT
    telling 1 advcl VERB tag=VBG lemma=tell
    them 4 dative PRON
    they 9 nsubj PRON
    should 9 aux AUX
    not 9 neg PART
    assume 4 ccomp VERB
    it 9 dobj PRON
    . 1 punct PUNCT
    """)
    host, told = participles(context(doc), [Draft((2, 11), cue=(1, 2), pieces=((2, 11),))])
    assert host == Draft((2, 3), cue=(1, 2), pieces=((2, 3),))
    assert told == Draft((6, 11), cue=(4, 5), source=(0, 1), pieces=((6, 11),), origin="participle")
    assert words(doc, told.content) == "they should not assume it"


def test_transcripts_take_the_speaker_label() -> None:
    doc = parsed("""
    PENCE 7 nsubj PROPN
    : 7 punct PUNCT
    Well 7 intj INTJ
    , 7 punct PUNCT
    look 7 intj VERB
    , 7 punct PUNCT
    we 7 nsubj PRON
    win 7 ROOT VERB
    . 7 punct PUNCT
    """)
    [draft] = transcripts(context(doc), [Draft((0, 9), pieces=((0, 9),))])
    assert (words(doc, draft.source), words(doc, draft.cue), words(doc, draft.content)) == (
        "PENCE",
        ":",
        "Well, look, we win.",
    )


def test_according_to_owns_the_whole_clause() -> None:
    doc = parsed("""
    According 6 prep VERB
    to 0 prep ADP
    Nakatani 1 pobj PROPN
    , 6 punct PUNCT
    the 5 det DET
    ministers 6 nsubj NOUN
    agreed 6 ROOT VERB lemma=agree
    to 8 aux PART
    act 6 xcomp VERB
    . 6 punct PUNCT
    """)
    [draft] = according_to(context(doc), [Draft((4, 8), pieces=((4, 8),))])
    assert (words(doc, draft.cue), words(doc, draft.source), words(doc, draft.content)) == (
        "According to",
        "Nakatani",
        "the ministers agreed to act.",
    )


def test_naming_predicates_keep_the_quoted_predicate() -> None:
    doc = parsed("""
    He 1 nsubj PRON
    called 1 ROOT VERB lemma=call
    Japan 5 nsubj PROPN
    “ 5 punct PUNCT
    the 5 det DET
    cornerstone 1 oprd NOUN
    of 5 prep ADP
    peace 6 pobj NOUN
    ” 5 punct PUNCT
    . 1 punct PUNCT
    """)
    [draft] = naming_predicates(context(doc), [Draft((2, 9), cue=(1, 2), pieces=((2, 9),))])
    assert words(doc, draft.content) == "“the cornerstone of peace”"


def test_edges_drop_a_dangling_conjunction_and_comma() -> None:
    doc = parsed("""
    Officials 1 nsubj NOUN
    said 1 ROOT VERB lemma=say
    , 1 punct PUNCT
    the 4 det DET
    plan 5 nsubj NOUN
    works 1 ccomp VERB
    and 5 cc CCONJ
    . 1 punct PUNCT
    """)
    [draft] = edges(context(doc), [Draft((2, 7), cue=(1, 2), pieces=((2, 7),))])
    assert draft == Draft((3, 6), cue=(1, 2), pieces=((3, 6),))


def test_duplicates_keep_the_first_of_each_content() -> None:
    drafts = [Draft((0, 2)), Draft((0, 2), cue=(1, 2)), Draft((3, 4))]
    assert duplicates(context(SAID), drafts) == [Draft((0, 2)), Draft((3, 4))]


def test_clip_sentences_stop_at_the_sentence_after_a_closing_quote() -> None:
    doc = parsed("""
    Both 1 nsubj DET
    identified 1 ROOT VERB lemma=identify
    China 1 dobj PROPN
    as 1 prep ADP
    their 7 poss PRON
    “ 7 punct PUNCT
    greatest 7 amod ADJ
    challenge 3 pobj NOUN
    . 1 punct PUNCT
    ” 1 punct PUNCT
    These 11 det DET
    changes 12 nsubj NOUN
    include 12 ROOT VERB
    a 14 det DET
    commander 12 dobj NOUN
    . 12 punct PUNCT
    """)
    [draft] = clip_sentences(context(doc), [Draft((2, 16), cue=(1, 2), pieces=((2, 16),))])
    assert words(doc, draft.content) == "China as their “greatest challenge.”"


# ----------------------------------------------------------------------------------------------- filters


def test_narration_without_cue_source_or_quote_marks_is_dropped() -> None:
    kept = [Draft((2, 6), cue=(1, 2)), Draft((0, 8))]
    assert narration(context(QUOTE), [Draft((8, 10)), *kept]) == kept


def test_boilerplate_lines_and_blank_contents_are_dropped() -> None:
    doc = parsed("""
    Hegseth 1 nsubj PROPN
    said 1 ROOT VERB lemma=say
    so 1 advmod ADV
    . 1 punct PUNCT
    ¶ 3 dep SPACE
    Read 5 ROOT VERB
    also 5 advmod ADV
    : 5 punct PUNCT
    FT 9 nsubj PROPN
    plans 5 ccomp VERB
    fines 9 dobj NOUN
    """)
    assert doc.text == "Hegseth said so.\n\nRead also: FT plans fines"
    said = Draft((2, 3), cue=(1, 2))
    assert boilerplate(context(doc), [said, Draft((8, 11), cue=(9, 10)), Draft((4, 5))]) == [said]


# ------------------------------------------------------------------------------------ speakers, credits

SPEAKERS = parsed("""
Pete 1 compound PROPN ent=B-PERSON
Hegseth 2 nsubj PROPN ent=I-PERSON
said 2 ROOT VERB lemma=say
the 4 det DET
alliance 5 nsubj NOUN
works 2 ccomp VERB
. 2 punct PUNCT
“ 9 punct PUNCT
We 9 nsubj PRON
are 14 ccomp AUX
ready 9 acomp ADJ
, 14 punct PUNCT
” 14 punct PUNCT
he 14 nsubj PRON
said 14 ROOT VERB lemma=say
. 14 punct PUNCT
“ 18 punct PUNCT
It 18 nsubj PRON
is 18 ROOT AUX
time 18 attr NOUN
. 18 punct PUNCT
” 18 punct PUNCT
""")
SPEAKER_DRAFTS = [
    Draft((16, 22)),
    Draft((7, 13), cue=(14, 15), source=(13, 14)),
    Draft((3, 6), cue=(2, 3), source=(0, 2)),
]


def test_speakers_resolve_names_and_pronouns_and_carry_on_in_text_order() -> None:
    out = speakers(context(SPEAKERS), SPEAKER_DRAFTS)
    assert [d.content for d in out] == [(3, 6), (7, 13), (16, 22)]
    assert [d.speaker.name if d.speaker else None for d in out] == ["Pete Hegseth"] * 3
    no_carry = speakers(context(SPEAKERS, carry_tokens=0), SPEAKER_DRAFTS)
    assert no_carry[-1].speaker is None


CLAIM = parsed("""
Politifact 1 nsubj PROPN ent=B-ORG
did 1 ROOT VERB lemma=do
a 4 det DET
fact 4 compound NOUN
check 1 dobj NOUN
on 4 prep ADP
Trump 8 poss PROPN ent=B-PERSON
’s 6 case PART
claim 5 pobj NOUN lemma=claim
that 12 mark SCONJ
shootings 12 nsubj NOUN tag=NNS
had 12 aux AUX
risen 8 acl VERB
. 1 punct PUNCT
""")


def test_claim_owners_give_a_possessed_claim_to_its_possessor() -> None:
    assert CLAIM.text == "Politifact did a fact check on Trump’s claim that shootings had risen."
    # The tagger's draft: the fact-check's whole object, from Politifact.
    [draft] = claim_owners(context(CLAIM), [Draft((2, 13), cue=(1, 2), source=(0, 1))])
    assert (words(CLAIM, draft.content), words(CLAIM, draft.source), words(CLAIM, draft.cue)) == (
        "that shootings had risen",
        "Trump",
        "claim",
    )
    # The clause alone, with the sentence's subject as its source, is Trump's too.
    [draft] = claim_owners(context(CLAIM), [Draft((9, 13), cue=(1, 2), source=(0, 1))])
    assert (words(CLAIM, draft.content), words(CLAIM, draft.source)) == ("that shootings had risen", "Trump")
    # A statement the noun does not carry is left as it is.
    unchanged = Draft((0, 5), cue=(1, 2), source=(0, 1))
    assert claim_owners(context(CLAIM), [unchanged]) == [unchanged]


def test_credits_from_the_speaker_the_sentence_or_the_article() -> None:
    doc = parsed("""
    The 2 det DET
    Washington 2 compound PROPN
    Post 3 nsubj PROPN
    reported 3 ROOT VERB lemma=report
    it 3 dobj PRON
    . 3 punct PUNCT
    This 8 nsubjpass PRON
    was 8 auxpass AUX
    reported 8 ROOT VERB lemma=report
    by 8 agent ADP
    Reuters 9 pobj PROPN
    . 8 punct PUNCT
    ¶ 11 dep SPACE
    He 14 nsubj PRON
    agreed 14 ROOT VERB lemma=agree
    . 14 punct PUNCT
    """)
    assert doc.text == "The Washington Post reported it. This was reported by Reuters.\n\nHe agreed."
    post = Draft((4, 5), cue=(3, 4), source=(0, 3), speaker=Speaker("The Washington Post", "organisation"))
    other = Draft((13, 14), cue=(14, 15), source=(13, 14), speaker=Speaker("Pete Hegseth"))
    assert [d.credited for d in credits(context(doc), [post, other])] == ["The Washington Post", "Reuters"]
    # The publishing outlet is never its own credited source.
    assert [d.credited for d in credits(context(doc, publisher="Reuters"), [other])] == [None]


def test_event_dates_from_the_cue_sentence_else_the_publication_date() -> None:
    doc = parsed("""
    In 4 prep ADP
    February 0 pobj PROPN
    , 4 punct PUNCT
    Hegseth 4 nsubj PROPN
    said 4 ROOT VERB lemma=say
    allies 6 nsubj NOUN
    pay 4 ccomp VERB
    . 4 punct PUNCT
    He 9 nsubj PRON
    said 9 ROOT VERB lemma=say
    it 9 dobj PRON
    . 9 punct PUNCT
    """)
    out = event_dates(
        context(doc, published=date(2025, 3, 30)), [Draft((5, 7), cue=(4, 5)), Draft((10, 11), cue=(9, 10))]
    )
    assert [d.event_date for d in out] == [date(2025, 2, 1), date(2025, 3, 30)]


# -------------------------------------------------------------------------------------------------- framing

FRAMED = parsed(
    "\n".join(
        f"{w} 5 {'ROOT' if i == 5 else 'dep'} {'VERB' if i == 5 else 'X'}"
        for i, w in enumerate(
            "Hegseth ’s praise for Japan contrasts with the criticism he directed at European allies in February , "
            "telling them they should not assume that the U.S. presence there would last forever .".split()
        )
    )
)


def test_framing_puts_the_stated_stance_on_the_framed_statement_and_adds_none() -> None:
    from tracker.stance.targets import TargetMatcher

    assert FRAMED.text.startswith("Hegseth’s praise for Japan contrasts with the criticism he directed at")
    telling = Draft(
        (18, 31), cue=(16, 17), source=(9, 10), speaker=Speaker("Pete Hegseth"), event_date=date(2025, 2, 1)
    )
    ctx = context(FRAMED, published=date(2025, 3, 30), matcher=TargetMatcher())
    [out] = framing(ctx, [telling])
    # "the criticism he directed at European allies in February": Europe negative, on February's statement.
    [europe] = out.targets
    assert (europe.target, europe.target_kind, europe.mention.text, europe.label) == (
        "Europe",
        "region",
        "European allies",
        "negative",
    )
    assert europe.score < 0
    # "Hegseth's praise for Japan" is undated narration: no statement of Hegseth's holds it, so it adds nothing.
    assert all(t.target != "Japan" for t in out.targets)
    assert framing(context(FRAMED, matcher=None), [telling]) == [telling]  # no matcher, no targets


# ------------------------------------------------------------------------------ the cases of issue 16

# "The library will open, the city announced on Friday."
ANNOUNCED = parsed("""
The 1 det DET
library 3 nsubj NOUN
will 3 aux AUX
open 7 ccomp VERB
, 7 punct PUNCT
the 6 det DET
city 7 nsubj NOUN
announced 7 ROOT VERB lemma=announce
on 7 prep ADP
Friday 8 pobj PROPN ent=B-DATE
. 7 punct PUNCT
""")

# "“We will win,” Trump said. “Lock her up!” chanted the crowd."
CHANTED = parsed("""
“ 7 punct PUNCT
We 3 nsubj PRON
will 3 aux AUX
win 7 ccomp VERB
, 7 punct PUNCT
” 7 punct PUNCT
Trump 7 nsubj PROPN ent=B-PERSON
said 7 ROOT VERB lemma=say
. 7 punct PUNCT
“ 15 punct PUNCT
Lock 15 ccomp VERB
her 10 dobj PRON
up 10 prt ADP
! 15 punct PUNCT
” 15 punct PUNCT
chanted 15 ROOT VERB lemma=chant
the 17 det DET
crowd 15 dobj NOUN
. 15 punct PUNCT
""")


def test_a_cue_after_its_clause_governs_it_and_a_time_is_no_content() -> None:
    assert words(ANNOUNCED, dep_content(ANNOUNCED, (7, 8))) == "The library will open"
    [draft] = orphan_cues(context(ANNOUNCED), [("SRC", 5, 7), ("CUE", 7, 8)], [])
    assert (words(ANNOUNCED, draft.content), words(ANNOUNCED, draft.cue)) == ("The library will open", "announced")


def test_according_to_keeps_an_appositive_name_with_its_source() -> None:
    doc = parsed("""
    According 11 prep VERB
    to 0 prep ADP
    the 4 det DET
    city 4 compound NOUN
    engineer 1 pobj NOUN
    , 0 punct PUNCT
    Lena 7 compound PROPN ent=B-PERSON
    Park 0 pobj PROPN ent=I-PERSON
    , 11 punct PUNCT
    work 11 nsubj NOUN
    will 11 aux AUX
    start 11 ROOT VERB
    . 11 punct PUNCT
    """)
    assert words(doc, according_source(doc, doc[0])) == "the city engineer, Lena Park"
    [draft] = according_to(context(doc), [Draft((6, 12), pieces=((6, 12),))])
    assert (words(doc, draft.source), words(doc, draft.content)) == ("the city engineer, Lena Park", "work will start.")


def test_according_to_at_the_end_of_the_sentence_is_not_content() -> None:
    doc = parsed("""
    Schools 1 nsubj NOUN
    serve 1 ROOT VERB
    breakfasts 1 dobj NOUN
    , 1 punct PUNCT
    according 1 prep VERB
    to 4 prep ADP
    the 7 det DET
    district 5 pobj NOUN
    . 1 punct PUNCT
    """)
    assert words(doc, dep_content(doc, (4, 6))) == "Schools serve breakfasts"


# "Some Americans would see their taxes go up, according to an analysis.": the parse hangs the phrase on the
# bare verb under "see" (tagged VBP), and the tagger marked "Americans" as a source.
SEE_GO_UP = """
Americans 2 nsubj NOUN
would 2 aux AUX
see 2 ROOT VERB lemma=see tag=VB
their 4 poss PRON
taxes 5 nsubj NOUN
go 2 ccomp VERB tag=VBP
up 5 prt ADP
, 5 punct PUNCT
according 5 prep VERB
to 8 prep ADP
an 11 det DET
analysis 9 pobj NOUN
. 2 punct PUNCT
"""


def test_according_to_at_the_end_reports_the_sentence_not_the_bare_verb_under_it() -> None:
    doc = parsed(SEE_GO_UP)
    assert words(doc, dep_content(doc, (8, 10))) == "Americans would see their taxes go up"


def test_according_to_at_the_end_is_the_source_over_a_tagged_subject() -> None:
    doc = parsed(SEE_GO_UP)
    [draft] = according_to(context(doc), [Draft((3, 7), cue=(8, 10), source=(0, 1), pieces=((3, 7),))])
    assert (words(doc, draft.source), words(doc, draft.content)) == (
        "an analysis",
        "Americans would see their taxes go up",
    )


def test_short_statements_drop_single_words_but_not_a_whole_quoted_word() -> None:
    doc = parsed("""
    He 1 nsubj PRON
    called 1 ROOT VERB lemma=call
    it 1 dobj PRON
    “ 4 punct PUNCT
    nonsense 1 oprd NOUN
    ” 4 punct PUNCT
    on 1 prep ADP
    Friday 6 pobj PROPN
    . 1 punct PUNCT
    """)
    quoted, friday, two = Draft((3, 6), cue=(1, 2)), Draft((7, 8), cue=(1, 2)), Draft((2, 5), cue=(1, 2))
    assert short_statements(context(doc), [quoted, friday, two]) == [quoted, two]


def test_noun_cues_keep_their_content_inside_the_noun_phrase() -> None:
    doc = parsed("""
    Hegseth 2 poss PROPN
    ’s 0 case PART
    praise 5 nsubj NOUN
    for 2 prep ADP
    Japan 3 pobj PROPN
    contrasts 5 ROOT VERB
    with 5 prep ADP
    the 8 det DET
    criticism 6 pobj NOUN
    . 5 punct PUNCT
    """)
    assert doc.text == "Hegseth’s praise for Japan contrasts with the criticism."
    [draft] = noun_cues(context(doc), [Draft((4, 9), cue=(2, 4), source=(0, 1))])
    assert words(doc, draft.content) == "Japan"  # one word: short_statements then drops it


def test_paragraphs_keep_reported_speech_in_the_paragraph_of_its_cue() -> None:
    doc = parsed("""
    Council 1 nsubj PROPN
    approves 1 ROOT VERB lemma=approve
    bridge 3 compound NOUN
    repairs 1 dobj NOUN
    ¶ 3 dep SPACE
    The 6 det DET
    council 7 nsubj NOUN
    approved 7 ROOT VERB lemma=approve
    funds 7 dobj NOUN
    . 7 punct PUNCT
    """)
    [draft] = paragraphs(context(doc), [Draft((2, 9), cue=(1, 2), pieces=((2, 9),))])
    assert words(doc, draft.content) == "bridge repairs"


def test_parenthetical_credits_report_the_sentence_around_them() -> None:
    doc = parsed("""
    The 1 det DET
    committee 7 nsubj NOUN
    , 4 punct PUNCT
    officials 4 nsubj NOUN
    said 7 parataxis VERB lemma=say
    , 4 punct PUNCT
    will 7 aux AUX
    release 7 ROOT VERB lemma=release
    its 9 poss PRON
    report 7 dobj NOUN
    . 7 punct PUNCT
    """)
    [draft] = parenthetical_credits(context(doc), [])
    assert draft == Draft((0, 10), cue=(4, 5), source=(3, 4), origin="parenthetical", pieces=((0, 2), (6, 10)))
    # The tagger's draft for that cue takes the same shape, whatever content it had.
    [fixed] = parenthetical_credits(context(doc), [Draft((6, 10), cue=(4, 5), source=(1, 2))])
    assert (fixed.content, fixed.source) == ((0, 10), (3, 4))


def test_a_trailing_source_is_no_parenthetical() -> None:
    doc = parsed("""
    The 1 det DET
    plan 2 nsubj NOUN
    failed 5 ccomp VERB
    , 5 punct PUNCT
    sources 5 nsubj NOUN
    said 5 ROOT VERB lemma=say
    . 5 punct PUNCT
    """)
    assert parenthetical_credits(context(doc), []) == []


def test_inverted_cues_split_the_name_off_the_verb() -> None:
    doc = parsed("""
    Said 1 compound VERB lemma=say tag=VBD
    Ellis 1 ROOT PROPN ent=B-PERSON
    : 1 punct PUNCT
    “ 4 punct PUNCT
    No 1 appos INTJ
    . 1 punct PUNCT
    ” 1 punct PUNCT
    """)
    [draft] = inverted_cues(context(doc), [Draft((3, 7), cue=(0, 3))])
    assert (words(doc, draft.cue), words(doc, draft.source)) == ("Said", "Ellis")


def test_inverted_cues_take_the_speaker_after_a_verb_that_follows_its_quote() -> None:
    [draft] = inverted_cues(context(CHANTED), [Draft((9, 18), cue=(15, 16), pieces=((9, 15), (16, 18)))])
    assert (words(CHANTED, draft.content), words(CHANTED, draft.source)) == ("“Lock her up!”", "the crowd")


def test_merge_quotes_keep_a_quote_with_a_cue_of_its_own_apart() -> None:
    trump = Draft((0, 6), cue=(7, 8), source=(6, 7), pieces=((0, 6),))
    crowd = Draft((9, 15), cue=(15, 16), source=(16, 18), pieces=((9, 15),))
    assert merge_quotes(context(CHANTED), [trump, crowd]) == [trump, crowd]


def test_lexicon_cues_find_a_trailing_source_for_a_clause_the_tagger_left_without_one() -> None:
    doc = parsed("""
    The 1 det DET
    company 3 nsubj NOUN
    will 3 aux AUX
    close 10 ccomp VERB
    its 5 poss PRON
    plant 3 dobj NOUN
    , 10 punct PUNCT
    The 8 det DET
    Post 10 nsubj PROPN ent=B-ORG
    has 10 aux AUX
    learned 10 ROOT VERB lemma=learn
    . 10 punct PUNCT
    """)
    expected = Draft((0, 6), cue=(10, 11), pieces=((0, 6),), origin="lexicon")
    assert lexicon_cues(context(doc), [], []) == [expected]
    assert lexicon_cues(context(doc), [("CON", 0, 6)], [Draft((0, 6), pieces=((0, 6),))]) == [expected]


def test_a_chant_is_not_carried_over_to_the_speaker_before() -> None:
    doc = parsed("""
    “ 7 punct PUNCT
    We 3 nsubj PRON
    will 3 aux AUX
    win 7 ccomp VERB
    , 7 punct PUNCT
    ” 7 punct PUNCT
    Trump 7 nsubj PROPN ent=B-PERSON
    said 7 ROOT VERB lemma=say
    . 7 punct PUNCT
    “ 10 punct PUNCT
    U-S-A 10 ROOT PROPN
    ! 10 punct PUNCT
    U-S-A 10 appos PROPN
    ! 10 punct PUNCT
    ” 10 punct PUNCT
    """)
    trump, chant = speakers(context(doc), [Draft((0, 6), cue=(7, 8), source=(6, 7)), Draft((9, 15))])
    assert trump.speaker is not None and trump.speaker.name == "Trump"
    assert chant.speaker is None


def test_event_dates_leave_out_the_statement_s_own_words() -> None:
    doc = parsed("""
    Work 2 nsubj NOUN
    will 2 aux AUX
    start 8 ccomp VERB
    in 2 prep ADP
    July 3 pobj PROPN
    , 8 punct PUNCT
    the 7 det DET
    engineer 8 nsubj NOUN
    said 8 ROOT VERB lemma=say
    . 8 punct PUNCT
    """)
    [draft] = event_dates(context(doc, published=date(2024, 5, 14)), [Draft((0, 5), cue=(8, 9))])
    assert draft.event_date == date(2024, 5, 14)  # July is when the work starts, not when it was said


# "“We will win,” she said. “It is close.”"
CONTINUED = parsed("""
“ 3 punct PUNCT
We 3 nsubj PRON
will 3 aux AUX
win 7 ccomp VERB
, 7 punct PUNCT
” 7 punct PUNCT
she 7 nsubj PRON
said 7 ROOT VERB lemma=say
. 7 punct PUNCT
“ 11 punct PUNCT
It 11 nsubj PRON
is 11 ROOT AUX lemma=be
close 11 acomp ADJ
. 11 punct PUNCT
” 11 punct PUNCT
""")


@pytest.mark.parametrize(
    ("drafts", "expected"),
    [
        pytest.param(
            [
                Draft((1, 4), cue=(7, 8), source=(6, 7), speaker=Speaker("Ayotte", "person")),
                Draft((10, 14), speaker=Speaker("Ayotte", "person")),
            ],
            (6, 7),
            id="continuation-keeps-she",
        ),
        pytest.param(
            [
                Draft((1, 4), cue=(7, 8), source=(6, 7), speaker=Speaker("Ayotte", "person")),
                Draft((10, 14), speaker=Speaker("Cruz", "person")),
            ],
            None,
            id="other-speaker-no-mention",
        ),
    ],
)
def test_carried_mentions_give_a_continuation_its_speakers_mention(drafts, expected) -> None:
    from tracker.nlp.attribution.passes.resolution import carried_mentions

    out = carried_mentions(context(CONTINUED), drafts)
    assert out[0].source == (6, 7)
    assert out[1].source == expected


# "Netanyahu rallied supporters by warning that the right is in danger."
BY_WARNING = parsed("""
Netanyahu 1 nsubj PROPN ent=B-PERSON
rallied 1 ROOT VERB lemma=rally
supporters 1 dobj NOUN
by 1 prep ADP
warning 3 pcomp VERB tag=VBG lemma=warn
that 9 mark SCONJ
the 7 det DET
right 9 nsubj NOUN
is 9 aux AUX
danger 4 ccomp NOUN
. 1 punct PUNCT
""")


def test_subject_of_a_participle_after_a_preposition_is_the_main_subject() -> None:
    from tracker.nlp.attribution.syntax import subject_of

    assert subject_of(BY_WARNING, BY_WARNING[4]) == (0, 1)


WHO_SAID = parsed("""
Investors 7 nsubj NOUN tag=NNS
, 0 punct PUNCT
who 3 nsubj PRON tag=WP
said 0 relcl VERB lemma=say
it 5 nsubj PRON
helped 3 ccomp VERB
, 0 punct PUNCT
backed 7 ROOT VERB
the 9 det DET
program 7 dobj NOUN
. 7 punct PUNCT
""")


def test_the_subject_of_a_relative_clause_cue_is_its_pronoun_which_resolves_to_the_noun() -> None:
    from tracker.nlp.attribution.syntax import subject_of

    assert WHO_SAID.text == "Investors, who said it helped, backed the program."
    assert subject_of(WHO_SAID, WHO_SAID[3]) == (2, 3)  # "who", as PolNeAR marks the source
    [draft] = speakers(context(WHO_SAID), [Draft((4, 6), cue=(3, 4), source=(2, 3))])
    assert draft.speaker is not None and draft.speaker.name == "Investors"


def test_the_subject_nearest_the_cue_is_its_source_when_a_parse_gives_two() -> None:
    from tracker.nlp.attribution.syntax import subject_of

    doc = parsed("""
    His 1 poss PRON tag=PRP$
    rhetoric 4 nsubj NOUN
    , 4 punct PUNCT
    analyses 4 nsubj NOUN tag=NNS
    agree 4 ROOT VERB tag=VBP
    taxes 6 nsubj NOUN tag=NNS
    rose 4 ccomp VERB
    . 4 punct PUNCT
    """)
    assert doc.text == "His rhetoric, analyses agree taxes rose."
    assert subject_of(doc, doc[4]) == (3, 4)


def test_claim_owners_take_a_name_before_the_noun_and_a_clause_parsed_as_relative() -> None:
    doc = parsed("""
    Clinton 1 nsubj PROPN ent=B-PERSON
    seized 1 ROOT VERB
    upon 1 prep ADP
    a 5 det DET
    Times 5 compound PROPN ent=B-ORG
    report 2 pobj NOUN lemma=report
    that 9 mark SCONJ
    Trump 9 nsubj PROPN ent=B-PERSON
    had 9 aux AUX
    lost 5 relcl VERB tag=VBN
    money 9 dobj NOUN
    . 1 punct PUNCT
    """)
    assert doc.text == "Clinton seized upon a Times report that Trump had lost money."
    [draft] = claim_owners(context(doc), [Draft((3, 11), cue=(1, 3), source=(0, 1))])
    assert (words(doc, draft.content), words(doc, draft.source)) == ("that Trump had lost money", "Times")


def test_tagged_sources_look_past_a_label_before_a_colon() -> None:
    doc = parsed("""
    The 1 det DET
    Latest 4 nsubj ADJ tag=JJS
    : 4 punct PUNCT
    Trump 4 nsubj PROPN ent=B-PERSON
    urges 4 ROOT VERB tag=VBZ lemma=urge
    supporters 4 dobj NOUN tag=NNS
    to 7 aux PART
    vote 4 xcomp VERB tag=VB
    . 4 punct PUNCT
    """)
    assert doc.text == "The Latest: Trump urges supporters to vote."
    chunks = [("SRC", 0, 2), ("CUE", 4, 5), ("CON", 5, 8)]
    [draft] = tagged_sources(context(doc), chunks, [Draft((5, 8), cue=(4, 5), pieces=((5, 8),))])
    assert words(doc, draft.source) == "Trump"


def test_a_name_after_since_with_a_verb_joined_to_the_main_one_is_that_verbs_subject() -> None:
    from tracker.nlp.attribution.syntax import subject_of

    misread = parsed("""
    Trump 1 nsubj PROPN ent=B-PERSON
    targeted 1 ROOT VERB
    Machado 1 dobj PROPN ent=B-PERSON
    since 1 prep ADP
    Clinton 3 pobj PROPN ent=B-PERSON
    , 1 punct PUNCT
    at 1 prep ADP
    the 8 det DET
    debate 6 pobj NOUN
    , 1 punct PUNCT
    cited 1 conj VERB
    his 12 poss PRON tag=PRP$
    remarks 10 dobj NOUN tag=NNS
    . 1 punct PUNCT
    """)
    assert misread.text == "Trump targeted Machado since Clinton, at the debate, cited his remarks."
    assert subject_of(misread, misread[10]) == (4, 5)
    # A verb joined by "and" shares the main subject.
    joined = parsed("""
    Trump 1 nsubj PROPN ent=B-PERSON
    arrived 1 ROOT VERB
    after 1 prep ADP
    Clinton 2 pobj PROPN ent=B-PERSON
    , 1 punct PUNCT
    and 1 cc CCONJ
    cited 1 conj VERB
    his 8 poss PRON tag=PRP$
    remarks 6 dobj NOUN tag=NNS
    . 1 punct PUNCT
    """)
    assert joined.text == "Trump arrived after Clinton, and cited his remarks."
    assert subject_of(joined, joined[6]) == (0, 1)


def test_a_scene_setting_clause_before_the_cue_is_no_content() -> None:
    from tracker.nlp.attribution.passes.filters import adverbial_clauses

    doc = parsed("""
    As 2 mark SCONJ
    Obama 2 nsubj PROPN ent=B-PERSON
    vetoed 7 advcl VERB
    the 4 det DET
    bill 2 dobj NOUN
    , 7 punct PUNCT
    Clinton 7 nsubj PROPN ent=B-PERSON
    disagreed 7 ROOT VERB
    with 7 prep ADP
    him 8 pobj PRON
    . 7 punct PUNCT
    """)
    assert doc.text == "As Obama vetoed the bill, Clinton disagreed with him."
    scene = Draft((0, 5), cue=(7, 9), source=(6, 7))
    said = Draft((9, 10), cue=(7, 9), source=(6, 7))
    assert adverbial_clauses(context(doc), [scene, said]) == [said]
    # after the cue, the clause tells how: "reacted as if they were victims"
    reacted = parsed("""
    Trump 1 nsubj PROPN ent=B-PERSON
    reacted 1 ROOT VERB
    as 5 mark SCONJ
    if 5 mark SCONJ
    they 5 nsubj PRON
    were 1 advcl AUX
    victims 5 attr NOUN tag=NNS
    . 1 punct PUNCT
    """)
    how = Draft((2, 7), cue=(1, 2), source=(0, 1))
    assert adverbial_clauses(context(reacted), [how]) == [how]


def test_words_on_a_recording_are_the_recorded_persons() -> None:
    from tracker.nlp.attribution.passes.resolution import recorded_speakers

    doc = parsed("""
    The 1 det DET
    ad 2 nsubj NOUN
    uses 2 ROOT VERB
    footage 2 dobj NOUN
    of 3 prep ADP
    Clinton 4 pobj PROPN ent=B-PERSON
    asking 2 xcomp VERB tag=VBG lemma=ask
    , 2 punct PUNCT
    “ 2 punct PUNCT
    Why 10 advmod ADV
    now 10 advmod ADV
    ? 2 punct PUNCT
    ” 2 punct PUNCT
    """)
    assert doc.text.startswith("The ad uses footage of Clinton asking")
    [draft] = recorded_speakers(context(doc), [Draft((9, 11), cue=(2, 7), source=(0, 2))])
    assert draft.source == (5, 6)
    # a recording nobody is heard on keeps its own source
    [shown] = recorded_speakers(context(doc), [Draft((9, 11), cue=(2, 4), source=(0, 2))])
    assert shown.source == (0, 2)


def test_an_object_content_runs_on_over_its_own_clause() -> None:
    from tracker.nlp.attribution.passes.boundaries import object_extent

    doc = parsed("""
    It 2 nsubj PRON
    also 2 advmod ADV
    mentions 2 ROOT VERB lemma=mention
    policies 2 dobj NOUN tag=NNS
    she 5 nsubj PRON
    supported 3 relcl VERB
    . 2 punct PUNCT
    """)
    assert doc.text == "It also mentions policies she supported."
    [draft] = object_extent(context(doc), [Draft((3, 4), cue=(1, 3), source=(0, 1))])
    assert draft.content == (3, 6)
    plain = parsed("""
    It 1 nsubj PRON
    mentions 1 ROOT VERB lemma=mention
    policies 1 dobj NOUN tag=NNS
    . 1 punct PUNCT
    """)
    [kept] = object_extent(context(plain), [Draft((2, 3), cue=(1, 2), source=(0, 1))])
    assert kept.content == (2, 3)


def test_a_cue_of_prepositions_or_adverbs_alone_is_no_cue() -> None:
    from tracker.nlp.attribution.passes.filters import word_cues

    doc = parsed("""
    Mom 1 nsubj PROPN
    Corners 1 ROOT VERB
    Obama 1 dobj PROPN ent=B-PERSON
    On 1 prep ADP
    His 5 poss PRON tag=PRP$
    Refusal 3 pobj NOUN
    : 1 punct PUNCT
    Trump 8 nsubj PROPN ent=B-PERSON
    spoke 1 conj VERB
    """)
    misread = Draft((4, 6), cue=(3, 4), source=(0, 3))
    colon = Draft((7, 9), cue=(6, 7), source=(0, 1))
    assert word_cues(context(doc), [misread, colon]) == [colon]


def test_what_a_sent_document_proposes_is_its_senders() -> None:
    from tracker.nlp.attribution.passes.resolution import sent_documents

    doc = parsed("""
    Obama 1 nsubj PROPN ent=B-PERSON
    sent 1 ROOT VERB lemma=send
    Xi 1 dative PROPN ent=B-PERSON
    a 4 det DET
    letter 1 dobj NOUN lemma=letter
    with 4 prep ADP
    a 7 det DET
    proposal 5 pobj NOUN lemma=proposal
    in 13 prep ADP
    which 8 pobj PRON tag=WDT
    the 11 det DET
    U.S. 13 nsubj PROPN ent=B-GPE
    would 13 aux AUX
    pledge 7 relcl VERB lemma=pledge
    cuts 13 dobj NOUN tag=NNS
    . 1 punct PUNCT
    """)
    assert doc.text == "Obama sent Xi a letter with a proposal in which the U.S. would pledge cuts."
    [draft] = sent_documents(context(doc), [Draft((14, 15), cue=(12, 14), source=(10, 12))])
    assert (draft.content, draft.cue, draft.source) == ((8, 15), (4, 5), (0, 1))
    # a pledge in the main clause is the pledger's own
    own = parsed("""
    the 1 det DET
    U.S. 3 nsubj PROPN ent=B-GPE
    would 3 aux AUX
    pledge 3 ROOT VERB lemma=pledge
    cuts 3 dobj NOUN tag=NNS
    . 3 punct PUNCT
    """)
    [kept] = sent_documents(context(own), [Draft((4, 5), cue=(2, 4), source=(0, 2))])
    assert kept.source == (0, 2)
