"""Name cleaning and keys: the forms articles give a name become one display form and one key."""

from __future__ import annotations

import pytest

from tracker.entities.names import clean_name, edit_distance_at_most_one, given_name, name_key, surname


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        ("\u202eThe minister", None, "The minister"),  # a bidi override is no part of a name
        ("The\u200b minister", None, "The minister"),  # nor a zero-width space
        ("Do\u200bnald\u200d Trump\ufeff", "person", "Donald Trump"),  # nor zero-width (non-)joiners or a BOM
        (">Sanders", "person", "Sanders"),  # a quoting mark left from an email or forum post
        ("  Bernie \n Sanders ", "person", "Bernie Sanders"),
        ("PENCE", "person", "Pence"),  # transcript labels in capitals
        ("ALEXANDRIA OCASIO-CORTEZ", "person", "Alexandria Ocasio-Cortez"),
        ("Donald J. Trump", "person", "Donald Trump"),  # middle initials
        ("Obama Says", "person", "Obama"),  # a headline's verb
        ("Ted Cruz Slams", "person", "Ted Cruz"),
        ("Mrs. Clinton", "person", "Clinton"),  # titles
        ("Sen. Bernie Sanders", "person", "Bernie Sanders"),
        ("de Blasio", "person", "de Blasio"),  # a particle keeps its case
        ("Trump's", "person", "Trump"),  # possessives, either apostrophe
        ("Trump\u2019s", "person", "Trump"),
        ("Ted Cruz:", "person", "Ted Cruz"),
        ("NATO", "organisation", "NATO"),  # only people are put in title case
        ("BBC News", "organisation", "BBC News"),
        ("The minister", "description", "The minister"),
        ("\u200b", "person", ""),
    ],
)
def test_clean_name(raw: str, kind: str | None, expected: str) -> None:
    assert clean_name(raw, kind) == expected


@pytest.mark.parametrize(
    ("a", "a_kind", "b", "b_kind"),
    [
        ("\u202eThe minister", None, "The minister", None),
        ("The\u200b\u200cminister", None, "Theminister", None),
        ("PENCE", "person", "Pence", "person"),
        ("Donald J. Trump", "person", "Donald Trump", "person"),
        ("Obama Says", "person", "Obama", "person"),
        ("Mrs. Clinton", "person", "Clinton", "person"),
        ("de Blasio", "person", "De Blasio", "person"),
        ("Trump's", "person", "Trump", "person"),
        ("O\u2019Rourke", "person", "O'Rourke", "person"),
        ("NATO", "organisation", "Nato", "organisation"),
    ],
)
def test_spellings_of_one_name_share_a_key(a: str, a_kind: str | None, b: str, b_kind: str | None) -> None:
    assert name_key(clean_name(a, a_kind)) == name_key(clean_name(b, b_kind))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hillary Clinton", "Bill Clinton"),
        ("Donald Trump", "Donald Trump Jr."),
        ("Clinton", "Hillary Clinton"),
    ],
)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert name_key(clean_name(a, "person")) != name_key(clean_name(b, "person"))


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("\u202eThe minister", "the minister"),  # name_key strips what clean_name strips, for lookups
        ("  Pete   HEGSETH ", "pete hegseth"),
        ("O\u2019Rourke", "o'rourke"),
        ("Stra\u00dfe", "strasse"),  # casefold, not lower
        ("Jane\x00 Roe\x7f", "jane roe"),  # controls go from plain ASCII names too
        ("Jane\tRoe", "jane roe"),
    ],
)
def test_name_key(raw: str, key: str) -> None:
    assert name_key(raw) == key


@pytest.mark.parametrize(
    ("name", "expected_surname", "expected_given"),
    [
        ("Donald Trump", "Trump", "Donald"),
        ("Martin Luther King Jr.", "King", "Martin"),
        ("Bill de Blasio", "de Blasio", "Bill"),
        ("Ludwig van Beethoven", "van Beethoven", "Ludwig"),
        ("De Blasio", "De Blasio", ""),
        ("Trump", "Trump", ""),
    ],
)
def test_surname_and_given_name(name: str, expected_surname: str, expected_given: str) -> None:
    assert (surname(name), given_name(name)) == (expected_surname, expected_given)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("donald", "donald", True),
        ("donald", "donand", True),  # substitution
        ("donald", "donld", True),  # deletion
        ("donld", "donald", True),  # insertion
        ("heidi", "ted", False),
        ("donald", "ronaldo", False),  # two edits
    ],
)
def test_edit_distance_at_most_one(a: str, b: str, expected: bool) -> None:
    assert edit_distance_at_most_one(a, b) is expected


# ------------------------------------------------------------------------ forms linking reads a name in
from tracker.entities.names import campaign_name, issuer_name, person_in_coordination  # noqa: E402


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        # a headline's subject ends at its first capitalised verb, whatever the headline says after it
        ("Obama Sees 'Personal Insult", "person", "Obama"),
        ("Marco Rubio Responds To Question", "person", "Marco Rubio"),
        ("Ted Cruz Refuses", "person", "Ted Cruz"),
        ("Pentagon Says", "organisation", "Pentagon"),
        # a wire story's dateline
        ("CLEVELAND - Donald Trump", "person", "Donald Trump"),
        ("WASHINGTON \u2014 Barack Obama", "person", "Barack Obama"),
        # words that only look like verbs stay
        ("Will Smith", "person", "Will Smith"),
    ],
)
def test_clean_name_headlines_and_datelines(raw: str, kind: str, expected: str) -> None:
    assert clean_name(raw, kind) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # "Leonard E. Burman, a professor and ..." read as a coordination: the person is the name
        ("Leonard E. Burman and professor", "Leonard E. Burman"),
        ("Douglas Holtz-Eakin and is", "Douglas Holtz-Eakin"),
        ("Hillary Clinton and Democrat", "Hillary Clinton"),
        ("David Kamin and budget and professor", "David Kamin"),
        # two people, a plural or a description are no one person
        ("Ted Cruz and Rand Paul", None),
        ("Bernie Sanders and supporters", None),
        ("senator and candidate", None),
        ("Trump", None),
    ],
)
def test_person_in_coordination(raw: str, expected: str | None) -> None:
    assert person_in_coordination(raw) == expected


PEOPLE = frozenset({"trump", "clinton", "sanders"})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Trump's campaign", "Trump campaign"),
        ("Bernie Sanders\u2019 campaign", "Sanders campaign"),
        ("Donald Trump\u2019s presidential campaign", "Trump campaign"),
        ("Clinton campaign", "Clinton campaign"),
        ("the Trump team", "Trump campaign"),
        ("Team Clinton", "Clinton campaign"),
        ("Sanders camp", "Sanders campaign"),
        ("AUSTRALIAN OLYMPIC TEAM", None),  # a team, but of no one the store knows as a person
        ("campaign", None),
        ("her campaign", None),  # whose, only the article can say
        ("GOP campaign", None),
    ],
)
def test_campaign_name(raw: str, expected: str | None) -> None:
    assert campaign_name(raw, PEOPLE) == expected


def test_a_team_is_a_campaign_only_of_a_known_person() -> None:
    assert campaign_name("the Trump team") is None
    assert campaign_name("the Trump campaign") == "Trump campaign"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("IMF report", "IMF"),
        ("a new Gallup poll", "Gallup"),
        ("Wednesday's Quinnipiac poll", "Quinnipiac"),
        ("2014 Labor Department study", "Labor Department"),
        ("recent Reuters survey of voter lists", "Reuters"),
        ("report released by the Brookings Institution last year", "Brookings Institution"),
        ("study by the liberal watchdog group Media Matters", "Media Matters"),
        ("new ad from Donald Trump\u2019s presidential campaign", "Trump campaign"),
        ("memorable Hillary Clinton ad in 2008", "Clinton campaign"),  # a candidate's ad is the campaign's
        ("Priorities USA ad", "Priorities USA"),
        ("Hillary Clinton statement", "Hillary Clinton"),  # a statement is her own
        # no one named
        ("new poll", None),
        ("congressional report", None),
        ("This story", None),
        ("January 2016 study", None),
        ("Wednesday editorial in The Des Moines Register", None),
        ("poll conducted by voters in Saturday\u2019s primary", None),
        ("Republican report", None),
        ("the ad", None),
    ],
)
def test_issuer_name(raw: str, expected: str | None) -> None:
    assert issuer_name(raw) == expected
