"""Target detection and normalisation through the alias table and named entities."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from tracker.stance.targets import TargetAlias, TargetMatcher, default_aliases


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def matcher() -> TargetMatcher:
    return TargetMatcher()


def _targets(matcher: TargetMatcher, doc: Doc) -> list[tuple[str, str]]:
    return [(canonical, mention.text) for canonical, _, mention in matcher.find(doc, 0, len(doc.text))]


@pytest.mark.parametrize(
    ("text", "canonical", "mention"),
    [
        ("Chinese warships were seen.", "China", "Chinese"),
        ("Talks with Beijing stalled.", "China", "Beijing"),
        ("He warned China again.", "China", "China"),
        ("deterring Communist China’s military aggression", "China", "Communist China"),
        ("He criticised European allies.", "Europe", "European allies"),
        ("Troops in Europe will stay.", "Europe", "Europe"),
        ("A European official said so.", "Europe", "European"),
        ("The EU imposed fines.", "Europe", "EU"),
        ("His Japanese counterpart agreed.", "Japan", "Japanese"),
        ("Hegseth met in Tokyo with officials.", "Japan", "Tokyo"),
        ("Japan’s Defense Minister spoke.", "Japan", "Japan"),
        ("The U.S. military command will change.", "United States", "U.S."),
        ("America is back.", "United States", "America"),
        ("The Kremlin denied it.", "Russia", "Kremlin"),
        ("NATO members met.", "NATO", "NATO"),
        ("The UN Security Council voted.", "United Nations", "UN Security Council"),
    ],
)
def test_aliases_normalise_to_canonical(nlp, matcher: TargetMatcher, text: str, canonical: str, mention: str) -> None:  # type: ignore[no-untyped-def]
    assert _targets(matcher, nlp(text)) == [(canonical, mention)]


@pytest.mark.parametrize(
    "text",
    [
        "Let us know what you think.",  # "us" is not the US
        "The East China Sea is disputed.",  # a blocking phrase
        "The Washington Post reported it.",
        "Officials in Washington declined to comment.",  # a city, a state or a government: no target
        "Millions of Americans agree.",  # people in general, not the country
        "They ate turkey at dinner.",  # lower-case "turkey" is not Turkey
    ],
)
def test_no_false_targets(nlp, matcher: TargetMatcher, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _targets(matcher, nlp(text)) == []


def test_one_entry_per_target_first_mention_and_char_range(nlp, matcher: TargetMatcher) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Japan and Tokyo agree. China and Beijing do not.")
    assert _targets(matcher, doc) == [("Japan", "Japan"), ("China", "China")]
    second = doc.text.index("China")
    found = matcher.find(doc, second, len(doc.text))
    assert [(c, k, m.start, m.text) for c, k, m in found] == [("China", "country", second, "China")]


def test_people_get_their_fullest_name_in_the_doc(nlp, matcher: TargetMatcher) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("President Donald Trump spoke. Later Trump left, and Pete Hegseth said Trump’s plan works.")
    words = [t.text for t in doc]
    spans = []
    for start, length in ((1, 2), (words.index("Later") + 1, 1), (words.index("Pete"), 2), (len(words) - 5, 1)):
        spans.append(Span(doc, start, start + length, label="PERSON"))
    doc.ents = spans
    found = matcher.find(doc, 0, len(doc.text))
    assert [(c, k) for c, k, _ in found] == [("Donald Trump", "person"), ("Pete Hegseth", "person")]
    later = doc.text.index("Later")
    assert [(c, m.text) for c, _, m in matcher.find(doc, later, len(doc.text))] == [
        ("Donald Trump", "Trump"),
        ("Pete Hegseth", "Pete Hegseth"),
    ]


def test_a_given_name_names_the_one_person_of_the_doc_it_starts(nlp, matcher: TargetMatcher) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Hillary Clinton and Bill Clinton and Bill de Blasio came. Hillary won, Bill lost.")
    words = [t.text for t in doc]
    hillary, won = words.index("Hillary", 1), words.index("won")
    doc.ents = [
        Span(doc, 0, 2, label="PERSON"),
        Span(doc, 3, 5, label="PERSON"),
        Span(doc, 6, 9, label="PERSON"),
        Span(doc, hillary, hillary + 1, label="PERSON"),
        Span(doc, won + 2, won + 3, label="PERSON"),
    ]
    later = doc[hillary].idx
    # "Hillary" is Hillary Clinton; "Bill" starts two full names, so it stays as written
    assert [(c, m.text) for c, _, m in matcher.find(doc, later, len(doc.text))] == [
        ("Hillary Clinton", "Hillary"),
        ("Bill", "Bill"),
    ]


def test_entities_go_through_the_alias_table(nlp, matcher: TargetMatcher) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The Pentagon and Acme Corp disagreed.")
    doc.ents = [Span(doc, 3, 5, label="ORG")]
    assert [(c, k) for c, k, _ in matcher.find(doc, 0, len(doc.text))] == [
        ("Pentagon", "organisation"),
        ("Acme Corp", "organisation"),
    ]


def test_default_table_covers_the_newsworthy_and_is_extensible(nlp) -> None:  # type: ignore[no-untyped-def]
    rows = default_aliases()
    canonicals = {row.canonical for row in rows}
    assert {
        "China",
        "Japan",
        "Europe",
        "United States",
        "Russia",
        "Ukraine",
        "Taiwan",
        "NATO",
        "Israel",
        "Iran",
        "North Korea",
        "South Korea",
        "India",
        "United Kingdom",
        "Germany",
        "France",
        "Mexico",
        "Canada",
        "United Nations",
    } <= canonicals
    assert len(canonicals) >= 40
    assert TargetAlias("China", "China", "country") in rows  # the canonical name is an alias of itself
    custom = TargetMatcher([*rows, TargetAlias("the Quad", "Quad", "organisation")])
    assert _targets(custom, nlp("He praised the Quad and India.")) == [("Quad", "Quad"), ("India", "India")]


def _parsed(
    nlp: spacy.language.Language,
    words: list[str],
    heads: list[int],
    deps: list[str],
    pos: list[str],
    ents: list[str] | None = None,
) -> Doc:
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, ents=ents)


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos", "expected"),
    [
        # a nationality or party word modifying a noun says what something is, not what it is about
        (
            ["Mexican", "trucks", "crossed", "the", "border"],
            [1, 2, 2, 4, 2],
            ["amod", "nsubj", "ROOT", "det", "dobj"],
            ["ADJ", "NOUN", "VERB", "DET", "NOUN"],
            [],
        ),
        (
            ["the", "Republican", "nominee", "spoke"],
            [2, 2, 3, 3],
            ["det", "compound", "nsubj", "ROOT"],
            ["DET", "PROPN", "NOUN", "VERB"],
            [],
        ),
        (
            ["U.S.", "voters", "are", "angry"],
            [1, 2, 2, 2],
            ["compound", "nsubj", "ROOT", "acomp"],
            ["PROPN", "NOUN", "AUX", "ADJ"],
            [],
        ),
        # the same names as what the statement is about stay targets
        (
            ["Mexico", "will", "pay", "for", "it"],
            [2, 2, 2, 2, 3],
            ["nsubj", "aux", "ROOT", "prep", "pobj"],
            ["PROPN", "AUX", "VERB", "ADP", "PRON"],
            [("Mexico", "Mexico")],
        ),
        # a place as the domain of a role modifies the person; as a setting it stays a target
        (
            ["He", "campaigned", "in", "Japan"],
            [1, 1, 1, 2],
            ["nsubj", "ROOT", "prep", "pobj"],
            ["PRON", "VERB", "ADP", "PROPN"],
            [("Japan", "Japan")],
        ),
        (
            ["the", "president", "of", "the", "United", "States", "spoke"],
            [1, 6, 1, 5, 5, 2, 6],
            ["det", "nsubj", "prep", "det", "compound", "pobj", "ROOT"],
            ["DET", "NOUN", "ADP", "DET", "PROPN", "PROPN", "VERB"],
            [],
        ),
        # ... but a place a noun is about stays ("the collapse of Venezuela", "Russia's aggression")
        (
            ["Russia", "'s", "aggression", "grew"],
            [2, 0, 3, 3],
            ["poss", "case", "nsubj", "ROOT"],
            ["PROPN", "PART", "NOUN", "VERB"],
            [("Russia", "Russia")],
        ),
        (
            ["the", "collapse", "of", "Venezuela"],
            [1, 1, 1, 2],
            ["det", "ROOT", "prep", "pobj"],
            ["DET", "NOUN", "ADP", "PROPN"],
            [("Venezuela", "Venezuela")],
        ),
        # an organisation before a noun is what the statement is about ("NATO allies" are NATO's)
        (
            ["NATO", "allies", "must", "pay"],
            [1, 3, 3, 3],
            ["compound", "nsubj", "aux", "ROOT"],
            ["PROPN", "NOUN", "AUX", "VERB"],
            [("NATO", "NATO")],
        ),
    ],
)
def test_modifiers_are_not_targets(
    nlp: spacy.language.Language,
    matcher: TargetMatcher,
    words: list[str],
    heads: list[int],
    deps: list[str],
    pos: list[str],
    expected: list[tuple[str, str]],
) -> None:
    assert _targets(matcher, _parsed(nlp, words, heads, deps, pos)) == expected


def test_transcript_labels_and_made_up_short_names_are_not_targets(
    nlp: spacy.language.Language, matcher: TargetMatcher
) -> None:
    words = ["WALLACE", ":", "Meh", "said", "the", "EPA", "."]
    doc = _parsed(
        nlp,
        words,
        [0, 0, 3, 3, 5, 3, 3],
        ["ROOT", "punct", "nsubj", "ROOT", "det", "dobj", "punct"],
        ["PROPN", "PUNCT", "PROPN", "VERB", "DET", "PROPN", "PUNCT"],
        ents=["B-PERSON", "O", "B-PERSON", "O", "O", "B-ORG", "O"],
    )
    assert _targets(matcher, doc) == [("EPA", "EPA")]  # an acronym is a name


def test_a_pronoun_in_the_statement_names_the_person_it_refers_to(nlp: spacy.language.Language) -> None:
    from tracker.stance.targets import pronoun_targets

    # "she" is not Donald Trump, whose given name says he is a man, but the woman named before
    words = ["Hillary", "Clinton", "spoke", ".", "Donald", "Trump", "said", "she", "would", "sell", "the", "office"]
    doc = _parsed(
        nlp,
        words,
        [1, 2, 2, 2, 5, 6, 6, 9, 9, 6, 11, 9],
        ["compound", "nsubj", "ROOT", "punct", "compound", "nsubj", "ROOT", "nsubj", "aux", "ccomp", "det", "dobj"],
        ["PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "PROPN", "VERB", "PRON", "AUX", "VERB", "DET", "NOUN"],
        ents=["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "O"],
    )
    content_start = doc[7].idx
    found = pronoun_targets(doc, content_start, len(doc.text), [])
    assert [(name, mention.text) for name, _, mention in found] == [("Hillary Clinton", "she")]
    # a person the statement already names is not added again through a pronoun
    assert pronoun_targets(doc, content_start, len(doc.text), [("Hillary Clinton", "person", found[0][2])]) == []


def test_in_reported_speech_a_pronoun_of_the_speakers_gender_is_the_speaker(nlp: spacy.language.Language) -> None:
    from tracker.stance.targets import pronoun_targets
    from tracker.types import Speaker

    # "Mr. Sanders said he would help her": "he" is Sanders reported, "her" is Hillary Clinton
    words = ["Hillary", "Clinton", "spoke", ".", "Mr.", "Sanders", "said", "he", "would", "help", "her"]
    doc = _parsed(
        nlp,
        words,
        [1, 2, 2, 2, 5, 6, 6, 9, 9, 6, 9],
        ["compound", "nsubj", "ROOT", "punct", "compound", "nsubj", "ROOT", "nsubj", "aux", "ccomp", "dobj"],
        ["PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "PROPN", "VERB", "PRON", "AUX", "VERB", "PRON"],
        ents=["B-PERSON", "I-PERSON", "O", "O", "O", "B-PERSON", "O", "O", "O", "O", "O"],
    )
    content_start = doc[7].idx
    sanders = Speaker("Sanders")
    found = pronoun_targets(doc, content_start, len(doc.text), [], sanders, reported=True)
    assert [(name, mention.text) for name, _, mention in found] == [("Hillary Clinton", "her")]
    # outside reported speech the rule does not apply: "he" is resolved like any pronoun (the stance component
    # then drops it as the speaker by name)
    quoted = pronoun_targets(doc, content_start, len(doc.text), [], sanders, reported=False)
    assert [(name, mention.text) for name, _, mention in quoted] == [("Sanders", "he"), ("Hillary Clinton", "her")]
