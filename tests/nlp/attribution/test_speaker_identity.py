"""Speaker resolution that keeps one person one speaker across an article (issue #11), on hand-built Docs."""

from __future__ import annotations

from tests.nlp.attribution.docs import context, parsed
from tracker.nlp.attribution.drafts import Draft
from tracker.nlp.attribution.passes.resolution import speakers
from tracker.nlp.attribution.speakers import SpeakerResolver, _clean_name, _joined_people

# "Norman Ham met voters. Donald Trump spoke. Ham thanked them. “We won,” he said." (NER missed the second "Ham")
UNTAGGED_SURNAME = parsed("""
Norman 1 compound PROPN ent=B-PERSON
Ham 2 nsubj PROPN ent=I-PERSON
met 2 ROOT VERB lemma=meet
voters 2 dobj NOUN
. 2 punct PUNCT
Donald 6 compound PROPN ent=B-PERSON
Trump 7 nsubj PROPN ent=I-PERSON
spoke 7 ROOT VERB lemma=speak
. 7 punct PUNCT
Ham 10 nsubj PROPN
thanked 10 ROOT VERB lemma=thank
them 10 dobj PRON
. 10 punct PUNCT
“ 15 punct PUNCT
We 15 nsubj PRON
won 19 ccomp VERB lemma=win
, 19 punct PUNCT
” 19 punct PUNCT
he 19 nsubj PRON
said 19 ROOT VERB lemma=say
. 19 punct PUNCT
""")


def test_a_surname_ner_missed_is_the_person_named_in_full_before() -> None:
    out = speakers(context(UNTAGGED_SURNAME), [Draft((14, 16), cue=(19, 20), source=(18, 19))])
    assert out[0].speaker is not None and out[0].speaker.name == "Norman Ham"
    ham = speakers(context(UNTAGGED_SURNAME), [Draft((11, 12), cue=(10, 11), source=(9, 10))])
    assert ham[0].speaker is not None and ham[0].speaker.name == "Norman Ham"


# "Chris Matthews said Mike Pence won. “It was clear,” he said."
NAMED_IN_WHAT_WAS_SAID = parsed("""
Chris 1 compound PROPN ent=B-PERSON
Matthews 2 nsubj PROPN ent=I-PERSON
said 2 ROOT VERB lemma=say
Mike 4 compound PROPN ent=B-PERSON
Pence 5 nsubj PROPN ent=I-PERSON
won 2 ccomp VERB lemma=win
. 2 punct PUNCT
“ 9 punct PUNCT
It 9 nsubj PRON
was 14 ccomp AUX lemma=be
clear 9 acomp ADJ
, 14 punct PUNCT
” 14 punct PUNCT
he 14 nsubj PRON
said 14 ROOT VERB lemma=say
. 14 punct PUNCT
""")

# "Chris Matthews spoke. “If Mike Pence wins, we win,” he said."
NAMED_IN_OWN_WORDS = parsed("""
Chris 1 compound PROPN ent=B-PERSON
Matthews 2 nsubj PROPN ent=I-PERSON
spoke 2 ROOT VERB lemma=speak
. 2 punct PUNCT
“ 11 punct PUNCT
If 8 mark SCONJ
Mike 7 compound PROPN ent=B-PERSON
Pence 8 nsubj PROPN ent=I-PERSON
wins 11 advcl VERB lemma=win
, 11 punct PUNCT
we 11 nsubj PRON
win 15 ccomp VERB lemma=win
, 15 punct PUNCT
” 15 punct PUNCT
he 15 nsubj PRON
said 15 ROOT VERB lemma=say
. 15 punct PUNCT
""")


def test_a_pronoun_is_not_someone_named_in_what_a_speaker_said() -> None:
    drafts = [Draft((3, 6), cue=(2, 3), source=(0, 2)), Draft((8, 11), cue=(14, 15), source=(13, 14))]
    out = speakers(context(NAMED_IN_WHAT_WAS_SAID), drafts)
    assert [d.speaker.name if d.speaker else None for d in out] == ["Chris Matthews", "Chris Matthews"]


def test_a_pronoun_is_not_someone_named_in_its_own_quote() -> None:
    out = speakers(context(NAMED_IN_OWN_WORDS), [Draft((5, 12), cue=(15, 16), source=(14, 15))])
    assert out[0].speaker is not None and out[0].speaker.name == "Chris Matthews"


# "The FBI opened a case. It said the case was closed."
IT_AFTER_AN_ORGANISATION = parsed("""
The 1 det DET
FBI 2 nsubj PROPN ent=B-ORG
opened 2 ROOT VERB lemma=open
a 4 det DET
case 2 dobj NOUN
. 2 punct PUNCT
It 7 nsubj PRON
said 7 ROOT VERB lemma=say
the 9 det DET
case 11 nsubjpass NOUN
was 11 auxpass AUX lemma=be
closed 7 ccomp VERB lemma=close
. 7 punct PUNCT
""")

# "The FBI opened a case. The report was released. It said the case was closed."
IT_AFTER_A_THING = parsed("""
The 1 det DET
FBI 2 nsubj PROPN ent=B-ORG
opened 2 ROOT VERB lemma=open
a 4 det DET
case 2 dobj NOUN
. 2 punct PUNCT
The 7 det DET
report 9 nsubjpass NOUN
was 9 auxpass AUX lemma=be
released 9 ROOT VERB lemma=release
. 9 punct PUNCT
It 12 nsubj PRON
said 12 ROOT VERB lemma=say
the 14 det DET
case 16 nsubjpass NOUN
was 16 auxpass AUX lemma=be
closed 12 ccomp VERB lemma=close
. 12 punct PUNCT
""")


def test_it_is_the_organisation_that_was_the_subject_before() -> None:
    out = speakers(context(IT_AFTER_AN_ORGANISATION), [Draft((8, 12), cue=(7, 8), source=(6, 7))])
    assert out[0].speaker is not None and (out[0].speaker.name, out[0].speaker.kind) == ("FBI", "organisation")


def test_it_after_a_thing_is_that_thing_and_no_speaker() -> None:
    out = speakers(context(IT_AFTER_A_THING), [Draft((13, 17), cue=(12, 13), source=(11, 12))])
    assert out[0].speaker is None


# "The International Monetary Fund cut its forecast. The fund said growth would slow."
THE_FUND = """
The 3 det DET
International 3 compound PROPN ent=B-ORG
Monetary 3 compound PROPN ent=I-ORG
Fund 4 nsubj PROPN ent=I-ORG
cut 4 ROOT VERB lemma=cut
its 6 poss PRON
forecast 4 dobj NOUN
. 4 punct PUNCT
{det} 9 det DET
fund 10 nsubj NOUN
said 10 ROOT VERB lemma=say
growth 13 nsubj NOUN
would 13 aux AUX
slow 10 ccomp VERB lemma=slow
. 10 punct PUNCT
"""


def test_the_fund_is_the_organisation_named_before_with_fund_in_its_name() -> None:
    draft = Draft((11, 14), cue=(10, 11), source=(8, 10))
    out = speakers(context(parsed(THE_FUND.format(det="The"))), [draft])
    assert out[0].speaker is not None and out[0].speaker.name == "International Monetary Fund"
    another = speakers(context(parsed(THE_FUND.format(det="Another"))), [draft])
    assert another[0].speaker is not None and another[0].speaker.kind == "description"


# "Josh Earnest spoke. widow Terry Strada wept. “We want justice,” she said." ("Terry" is listed as a man's name)
GENDERED_ROLE = parsed("""
Josh 1 compound PROPN ent=B-PERSON
Earnest 2 nsubj PROPN ent=I-PERSON
spoke 2 ROOT VERB lemma=speak
. 2 punct PUNCT
widow 6 compound NOUN
Terry 6 compound PROPN ent=B-PERSON
Strada 7 nsubj PROPN ent=I-PERSON
wept 7 ROOT VERB lemma=weep
. 7 punct PUNCT
“ 11 punct PUNCT
We 11 nsubj PRON
want 16 ccomp VERB lemma=want
justice 11 dobj NOUN
, 16 punct PUNCT
” 16 punct PUNCT
she 16 nsubj PRON
said 16 ROOT VERB lemma=say
. 16 punct PUNCT
""")


def test_a_gendered_role_noun_outweighs_a_first_name_list() -> None:
    out = speakers(context(GENDERED_ROLE), [Draft((10, 13), cue=(16, 17), source=(15, 16))])
    assert out[0].speaker is not None and out[0].speaker.name == "Terry Strada"


# "Hillary Clinton spoke. Her campaign said she was ill." (and "Her lawyer", "Her account")
HER_NOUN = """
Hillary 1 compound PROPN ent=B-PERSON
Clinton 2 nsubj PROPN ent=I-PERSON
spoke 2 ROOT VERB lemma=speak
. 2 punct PUNCT
Her 5 poss PRON
{noun} 6 nsubj NOUN
said 6 ROOT VERB lemma=say
she 8 nsubj PRON
was 6 ccomp AUX lemma=be
ill 8 acomp ADJ
. 6 punct PUNCT
"""


def test_a_possessive_pronoun_stands_for_its_person_as_a_possessive_name_does() -> None:
    def speaker(noun: str) -> tuple[str, str] | None:
        out = speakers(context(parsed(HER_NOUN.format(noun=noun))), [Draft((7, 10), cue=(6, 7), source=(4, 6))])
        return (out[0].speaker.name, out[0].speaker.kind) if out[0].speaker else None

    assert speaker("campaign") == ("Clinton campaign", "organisation")
    assert speaker("account") == ("Hillary Clinton", "person")
    assert speaker("lawyer") == ("Her lawyer", "description")  # someone else, unnamed


def test_a_headline_subject_ends_at_its_verb() -> None:
    doc = parsed("""
    Obama 1 nsubj PROPN ent=B-PERSON
    Says 1 ROOT VERB ent=I-PERSON
    Museum 3 nsubj PROPN
    Shows 1 ccomp VERB
    Progress 3 dobj PROPN
    """)
    [person] = [e for e in doc.ents if e.label_ == "PERSON"]
    assert [t.text for t in _clean_name(person)] == ["Obama"]


def test_two_person_entities_side_by_side_are_one_name() -> None:
    doc = parsed("""
    Keith 1 compound PROPN ent=B-PERSON
    Lamont 2 compound PROPN ent=B-PERSON
    Scott 4 poss PROPN ent=I-PERSON
    ’s 2 case PART
    wife 5 nsubj NOUN
    pleads 5 ROOT VERB tag=VBZ
    . 5 punct PUNCT
    """)
    assert [e.text for e in doc.ents] == ["Keith", "Lamont Scott"]
    assert [(e.text, e.label_) for e in _joined_people(doc)] == [("Keith Lamont Scott", "PERSON")]


def test_a_name_the_tagger_took_for_a_verb_is_still_the_name() -> None:
    doc = parsed("""
    Trump 1 nsubj VERB tag=VB ent=B-PERSON
    admires 1 ROOT VERB tag=VBZ
    Putin 1 dobj PROPN ent=B-PERSON
    . 1 punct PUNCT
    """)
    speaker = SpeakerResolver(doc).resolve(doc[0:1])
    assert speaker is not None and (speaker.name, speaker.kind) == ("Trump", "person")
