"""Target detection and normalisation through the alias table and named entities."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from tracker.stance.targets import TargetAlias, TargetMatcher, default_aliases
from tracker.types import TextSpan


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
    from tracker.stance.targets import unnamed_targets

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
    found = unnamed_targets(doc, content_start, len(doc.text), [])
    assert [(name, mention.text) for name, _, mention in found] == [("Hillary Clinton", "she")]
    # a person the statement already names is not added again through a pronoun
    assert unnamed_targets(doc, content_start, len(doc.text), [("Hillary Clinton", "person", found[0][2])]) == []


def test_in_reported_speech_a_pronoun_of_the_speakers_gender_is_the_speaker(nlp: spacy.language.Language) -> None:
    from tracker.stance.targets import unnamed_targets
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
    found = unnamed_targets(doc, content_start, len(doc.text), [], sanders, reported=True)
    assert [(name, mention.text) for name, _, mention in found] == [("Hillary Clinton", "her")]
    # in the speaker's own words "he" is another man, and the article names none before it
    quoted = unnamed_targets(doc, content_start, len(doc.text), [], sanders, reported=False)
    assert [(name, mention.text) for name, _, mention in quoted] == [("Hillary Clinton", "her")]


def _tagged(
    nlp: spacy.language.Language,
    words: list[str],
    heads: list[int],
    deps: list[str],
    pos: list[str],
    tags: list[str],
    ents: list[str],
) -> Doc:
    spaces = [
        not (w == "-" or nxt in ("-", "’s", ".", ")") or w == "(")
        for w, nxt in zip(words, [*words[1:], ""], strict=True)
    ]
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, ents=ents, spaces=spaces)


def test_an_alias_inside_a_persons_name_is_the_person(nlp, matcher: TargetMatcher) -> None:  # type: ignore[no-untyped-def]
    words = ["Mark", "Cuban", "mocked", "him"]
    doc = _parsed(
        nlp,
        words,
        [1, 2, 2, 2],
        ["compound", "nsubj", "ROOT", "dobj"],
        ["PROPN", "PROPN", "VERB", "PRON"],
        ents=["B-PERSON", "I-PERSON", "O", "O"],
    )
    assert _targets(matcher, doc) == [("Mark Cuban", "Mark Cuban")]  # not Cuba


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos", "tags", "ents"),
    [
        # a group or party word naming one member
        (
            ["I", "am", "not", ",", "as", "a", "Christian"],
            [1, 1, 1, 1, 1, 6, 4],
            ["nsubj", "ROOT", "neg", "punct", "prep", "det", "pobj"],
            ["PRON", "AUX", "PART", "PUNCT", "ADP", "DET", "PROPN"],
            ["PRP", "VBP", "RB", ",", "IN", "DT", "NNP"],
            ["O", "O", "O", "O", "O", "O", "B-NORP"],
        ),
        (
            ["the", "Republican", "’s", "disrespect", "for", "women"],
            [1, 3, 1, 3, 3, 4],
            ["det", "poss", "case", "ROOT", "prep", "pobj"],
            ["DET", "PROPN", "PART", "NOUN", "ADP", "NOUN"],
            ["DT", "NNP", "POS", "NN", "IN", "NNS"],
            ["O", "B-NORP", "O", "O", "O", "O"],
        ),
        # an organisation in the title of a named country
        (
            ["he", "dismissed", "NATO", "member", "Estonia"],
            [1, 1, 3, 4, 1],
            ["nsubj", "ROOT", "compound", "compound", "dobj"],
            ["PRON", "VERB", "PROPN", "NOUN", "PROPN"],
            ["PRP", "VBD", "NNP", "NN", "NNP"],
            ["O", "O", "B-ORG", "O", "O"],
        ),
        # an organisation as the domain of a role
        (
            ["her", "years", "as", "secretary", "of", "State"],
            [1, 1, 1, 2, 3, 4],
            ["poss", "ROOT", "prep", "pobj", "prep", "pobj"],
            ["PRON", "NOUN", "ADP", "NOUN", "ADP", "PROPN"],
            ["PRP$", "NNS", "IN", "NN", "IN", "NNP"],
            ["O", "O", "O", "O", "O", "B-ORG"],
        ),
        # a senator's state in parentheses
        (
            ["the", "way", "Sen.", "Bernie", "Sanders", "(", "Vt", ".", ")", "had"],
            [1, 1, 4, 4, 9, 6, 4, 6, 4, 1],
            ["det", "ROOT", "compound", "compound", "nsubj", "punct", "appos", "punct", "punct", "relcl"],
            ["DET", "NOUN", "PROPN", "PROPN", "PROPN", "PUNCT", "PROPN", "PUNCT", "PUNCT", "VERB"],
            ["DT", "NN", "NNP", "NNP", "NNP", "-LRB-", "NNP", ".", "-RRB-", "VBD"],
            ["O", "O", "O", "B-PERSON", "I-PERSON", "O", "B-GPE", "I-GPE", "O", "O"],
        ),
        # an adjective NER took for a name
        (
            ["Denying", "us", "justice", "is", "un", "-", "American"],
            [3, 0, 0, 3, 3, 3, 3],
            ["csubj", "dative", "dobj", "ROOT", "acomp", "punct", "acomp"],
            ["VERB", "PRON", "NOUN", "AUX", "ADJ", "PUNCT", "ADJ"],
            ["VBG", "PRP", "NN", "VBZ", "JJ", "HYPH", "JJ"],
            ["O", "O", "O", "O", "B-ORG", "I-ORG", "I-ORG"],
        ),
    ],
)
def test_members_titles_affiliations_and_adjectives_are_not_targets(
    nlp: spacy.language.Language,
    matcher: TargetMatcher,
    words: list[str],
    heads: list[int],
    deps: list[str],
    pos: list[str],
    tags: list[str],
    ents: list[str],
) -> None:
    found = _targets(matcher, _tagged(nlp, words, heads, deps, pos, tags, ents))
    assert [c for c, _ in found if c not in ("Bernie Sanders", "Estonia")] == []


def test_the_words_around_a_statement_are_not_in_it(nlp: spacy.language.Language) -> None:
    from tracker.stance.targets import in_frame

    # 'The summit accomplished "too little," he added on Twitter.' as one statement, cue "added"
    words = ["The", "summit", "accomplished", "too", "little", ",", "he", "added", "on", "Twitter", ".", "of", "RT"]
    doc = _parsed(
        nlp,
        words,
        [1, 2, 7, 4, 2, 7, 7, 7, 7, 8, 7, 7, 11],
        ["det", "nsubj", "ccomp", "advmod", "dobj", "punct", "nsubj", "ROOT", "prep", "pobj", "punct", "prep", "pobj"],
        ["DET", "NOUN", "VERB", "ADV", "ADJ", "PUNCT", "PRON", "VERB", "ADP", "PROPN", "PUNCT", "ADP", "PROPN"],
    )
    content = TextSpan(0, len(doc.text), doc.text)
    cue = TextSpan(doc[7].idx, doc[7].idx + 5, "added")

    def mention(i: int) -> TextSpan:
        return TextSpan(doc[i].idx, doc[i].idx + len(doc[i]), doc[i].text)

    assert in_frame(doc, content, cue, mention(9))  # where it was said
    assert not in_frame(doc, content, cue, mention(1))  # what was said
    assert not in_frame(doc, content, cue, mention(12))  # whom it was said of
    # a statement that is only a phrase on its cue is what was said ("called it a disaster for America")
    phrase = TextSpan(doc[8].idx, doc[9].idx + len(doc[9]), "on Twitter")
    assert not in_frame(doc, phrase, cue, mention(9))


def _reported(nlp: spacy.language.Language, words: list[str], ents: list[str], content_from: int) -> tuple[Doc, int]:
    """A reported statement, parsed flat (pronoun resolution reads entities, genders and order, not the tree)."""
    n = len(words)
    doc = _parsed(nlp, words, [0] * n, ["ROOT"] + ["dep"] * (n - 1), ["X"] * n, ents=ents)
    return doc, doc[content_from].idx


def test_a_role_description_is_the_first_pronoun_it_reports(nlp: spacy.language.Language) -> None:
    from tracker.stance.targets import unnamed_targets
    from tracker.types import Speaker

    # "the GOP nominee suggested he may have been sabotaged": "he" is the nominee, whatever the article's other men
    words = ["Gary", "Johnson", "spoke", ".", "The", "GOP", "nominee", "suggested", "he", "was", "sabotaged"]
    ents = ["B-PERSON", "I-PERSON"] + ["O"] * 9
    doc, start = _reported(nlp, words, ents, 8)
    nominee = Speaker("GOP nominee", kind="description")
    assert unnamed_targets(doc, start, len(doc.text), [], nominee, reported=True) == []
    # an honorific says the gender of a named speaker: "Mr. King said he was not familiar with it"
    words = ["Michael", "McFaul", "spoke", ".", "Mr.", "King", "said", "he", "was", "not", "familiar"]
    doc, start = _reported(nlp, words, ["B-PERSON", "I-PERSON", "O", "O", "O", "B-PERSON"] + ["O"] * 5, 7)
    assert unnamed_targets(doc, start, len(doc.text), [], Speaker("Mr. King"), reported=True) == []
    # a group described is no person: its first pronoun is not its own
    officials = Speaker("officials", kind="description")
    assert [n for n, _, _ in unnamed_targets(doc, start, len(doc.text), [], officials, reported=True)] == [
        "Michael McFaul"
    ]


def test_a_pronoun_after_a_person_of_its_gender_in_the_statement_is_that_person(nlp: spacy.language.Language) -> None:
    from tracker.stance.targets import unnamed_targets

    # "Donald Trump's tweets were unhinged, even for him": "him" is Trump, not the man the article named before
    words = ["Gary", "Johnson", "spoke", ".", "Donald", "Trump", "’s", "tweets", "were", "unhinged", ",", "even"]
    words += ["for", "him"]
    doc = _parsed(
        nlp,
        words,
        [1, 2, 2, 2, 5, 7, 5, 9, 9, 9, 9, 12, 9, 12],
        ["compound", "nsubj", "ROOT", "punct", "compound", "poss", "case", "nsubjpass", "auxpass", "ROOT", "punct"]
        + ["advmod", "prep", "pobj"],
        ["PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "PROPN", "PART", "NOUN", "AUX", "VERB", "PUNCT", "ADV", "ADP"]
        + ["PRON"],
        ents=["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "I-PERSON"] + ["O"] * 8,
    )
    start = doc[4].idx
    trump = TextSpan(start, doc[5].idx + 5, "Donald Trump")
    assert unnamed_targets(doc, start, len(doc.text), [("Donald Trump", "person", trump)]) == []
    # with no one of its gender named before it in the statement, the pronoun is resolved as a speaker's is
    alone = doc[7].idx
    assert [n for n, _, _ in unnamed_targets(doc, alone, len(doc.text), [])] == ["Gary Johnson"]


def test_a_pronoun_is_not_a_second_name_for_a_surname_already_named(nlp: spacy.language.Language) -> None:
    from tracker.stance.targets import unnamed_targets

    # "... about Machado after she gained weight": "she" is the Machado named (NER gave no given name there)
    words = ["Miss", "Alicia", "Machado", "spoke", ".", "comments", "about", "Machado", "after", "she", "gained"]
    ents = ["O", "B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-GPE", "O", "O", "O"]
    doc, start = _reported(nlp, words, ents, 5)
    machado = TextSpan(doc[7].idx, doc[7].idx + 7, "Machado")
    assert unnamed_targets(doc, start, len(doc.text), [("Machado", "region", machado)]) == []


def test_a_pronoun_resolved_to_no_name_is_no_target(nlp: spacy.language.Language) -> None:
    from tracker.stance.targets import unnamed_targets

    # NER now and then takes a bracketed fragment for a person ("[W]e"): a pronoun resolved to it names no one
    words = ["W]e", "sang", ".", "A", "snake", "bit", "her"]
    doc = _parsed(
        nlp,
        words,
        [1, 1, 1, 4, 5, 5, 5],
        ["nsubj", "ROOT", "punct", "det", "nsubj", "ROOT", "dobj"],
        ["PROPN", "VERB", "PUNCT", "DET", "NOUN", "VERB", "PRON"],
        ents=["B-PERSON"] + ["O"] * 6,
    )
    assert unnamed_targets(doc, doc[3].idx, len(doc.text), []) == []


def test_a_name_the_body_gives_goes_before_one_only_the_headline_has(matcher: TargetMatcher) -> None:
    words = [
        "Double",
        "Standard",
        "Clinton",
        "Faces",
        "Trump",
        "\n\n",
        "Hillary",
        "Clinton",
        "met",
        "Clinton",
        "allies",
    ]
    ents = ["O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "O"]
    doc = Doc(spacy.blank("en").vocab, words=words, ents=ents)
    assert matcher.person_names(doc)["Clinton"] == "Hillary Clinton"
    # a name only the headline has is still the one given
    headline = Doc(
        spacy.blank("en").vocab,
        words=["Standard", "Clinton", "Faces", "\n\n", "Clinton", "met"],
        ents=["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O"],
    )
    assert matcher.person_names(headline)["Clinton"] == "Standard Clinton"
