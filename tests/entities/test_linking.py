"""Cross-article linking as a pure function: names and counts (and corrections) in, entities out."""

from __future__ import annotations

import random

import pytest

from tracker.entities.linking import Correction, Linking, NameUse, link_names

P = "person"


def _uses(*triples: tuple[str, int] | tuple[str, int, str]) -> list[NameUse]:
    return [NameUse(t[0], t[2] if len(t) == 3 else P, t[1]) for t in triples]  # type: ignore[misc]


def _entity_of(linking: Linking, uses: list[NameUse]) -> dict[str, str | None]:
    """Each name's entity, by display name (None: no entity)."""
    out: dict[str, str | None] = {}
    for use in uses:
        cluster = linking.cluster_of(use.name, use.kind)
        out[use.name] = cluster.name if cluster is not None else None
    return out


def _entities(linking: Linking) -> dict[str, tuple[str, int, list[str]]]:
    """Every entity: display name -> (kind, uses, aliases)."""
    return {c.name: (c.kind, c.count, c.aliases()) for c in linking.clusters}


@pytest.mark.parametrize(
    ("uses", "expected"),
    [
        pytest.param(
            _uses(("Trump", 3), ("Donald Trump", 10), ("Ivanka Trump", 1)),
            {"Trump": "Donald Trump", "Donald Trump": "Donald Trump", "Ivanka Trump": "Ivanka Trump"},
            id="surname-joins-the-dominant-full-name",
        ),
        pytest.param(
            _uses(("Clinton", 3), ("Hillary Clinton", 5), ("Bill Clinton", 4)),
            {"Clinton": "Clinton", "Hillary Clinton": "Hillary Clinton", "Bill Clinton": "Bill Clinton"},
            id="ambiguous-surname-stays-apart",
        ),
        pytest.param(
            _uses(("Donand Trump", 1), ("Donald Trump", 20), ("Heidi Cruz", 5), ("Ted Cruz", 6)),
            {
                "Donand Trump": "Donald Trump",
                "Donald Trump": "Donald Trump",
                "Heidi Cruz": "Heidi Cruz",
                "Ted Cruz": "Ted Cruz",
            },
            id="one-letter-slip-joins-but-another-given-name-does-not",
        ),
        pytest.param(
            _uses(("Donand Trump", 5), ("Donald Trump", 20)),
            {"Donand Trump": "Donand Trump", "Donald Trump": "Donald Trump"},
            id="a-slip-used-often-is-a-name-of-its-own",
        ),
        pytest.param(
            _uses(("Hillary", 2), ("Hillary Clinton", 5), ("Bill Clinton", 4)),
            {"Hillary": "Hillary Clinton", "Hillary Clinton": "Hillary Clinton", "Bill Clinton": "Bill Clinton"},
            id="given-name-alone",
        ),
        pytest.param(
            _uses(("PENCE", 2), ("Pence", 1), ("Mike Pence", 4), ("Mrs. Clinton", 1), ("Hillary Clinton", 3)),
            {
                "PENCE": "Mike Pence",
                "Pence": "Mike Pence",
                "Mike Pence": "Mike Pence",
                "Mrs. Clinton": "Hillary Clinton",
                "Hillary Clinton": "Hillary Clinton",
            },
            id="cleaned-forms-then-surname",
        ),
        pytest.param(
            _uses(("de Blasio", 5), ("Bill de Blasio", 2), ("Blasio", 1)),
            {"de Blasio": "Bill de Blasio", "Bill de Blasio": "Bill de Blasio", "Blasio": "Blasio"},
            id="surname-with-a-particle",
        ),
        pytest.param(
            _uses(("Rip Donald Trump", 1), ("Donald Trump", 5)),
            {"Rip Donald Trump": "Donald Trump", "Donald Trump": "Donald Trump"},
            id="headline-word-before-a-full-name",
        ),
        pytest.param(
            _uses(("Trump", 2, "organisation"), ("Donald Trump", 5)),
            {"Trump": "Donald Trump", "Donald Trump": "Donald Trump"},
            id="surname-tagged-as-an-organisation",
        ),
        pytest.param(
            _uses(("Jordan", 2, "country"), ("Michael Jordan", 5)),
            {"Jordan": "Jordan", "Michael Jordan": "Michael Jordan"},
            id="a-place-is-no-surname",
        ),
        pytest.param(
            _uses(("officials", 4, "description"), ("a source", 1, "description"), ("Ann Lee", 1)),
            {"officials": None, "a source": None, "Ann Lee": "Ann Lee"},
            id="descriptions-are-no-entities",
        ),
    ],
)
def test_link_names(uses: list[NameUse], expected: dict[str, str | None]) -> None:
    assert _entity_of(link_names(uses), uses) == expected


def test_surname_joining_counts_and_aliases() -> None:
    linking = link_names(_uses(("Trump", 3), ("Donald Trump", 10), ("Ivanka Trump", 1)))
    assert _entities(linking) == {
        "Donald Trump": (P, 13, ["Donald Trump", "Trump"]),
        "Ivanka Trump": (P, 1, ["Ivanka Trump", "Trump"]),
    }


def test_the_kind_used_most_wins_and_ties_break_by_name() -> None:
    linking = link_names(_uses(("NATO", 3, "organisation"), ("Nato", 1, "group")))
    assert _entities(linking) == {"NATO": ("organisation", 4, ["NATO"])}


MANY = _uses(
    ("Trump", 7),
    ("Donald Trump", 30),
    ("Donald J. Trump", 2),
    ("Donand Trump", 1),
    ("Ivanka Trump", 3),
    ("Clinton", 6),
    ("Hillary Clinton", 9),
    ("Bill Clinton", 8),
    ("Hillary", 2),
    ("Mrs. Clinton", 1),
    ("Ted Cruz", 6),
    ("Heidi Cruz", 5),
    ("Cruz", 1),
    ("PENCE", 2),
    ("Mike Pence", 4),
    ("NATO", 3, "organisation"),
    ("Nato", 3, "organisation"),
    ("officials", 5, "description"),
    ("de Blasio", 2),
    ("Bill de Blasio", 1),
    ("Bill De Blasio", 1),
)


@pytest.mark.parametrize("seed", range(5))
def test_result_does_not_depend_on_the_order_of_the_names(seed: int) -> None:
    expected = link_names(MANY)
    shuffled = list(MANY)
    random.Random(seed).shuffle(shuffled)
    linking = link_names(shuffled)
    assert _entity_of(linking, MANY) == _entity_of(expected, MANY)
    assert _entities(linking) == _entities(expected)
    assert [c.name for c in linking.clusters] == [c.name for c in expected.clusters]


CLINTONS = _uses(("Clinton", 3), ("Hillary Clinton", 5), ("Bill Clinton", 4), ("Hillary", 2))


@pytest.mark.parametrize(
    ("corrections", "expected"),
    [
        pytest.param(
            [],
            {
                "Clinton": "Clinton",
                "Hillary Clinton": "Hillary Clinton",
                "Bill Clinton": "Bill Clinton",
                "Hillary": "Hillary Clinton",
            },
            id="none",
        ),
        pytest.param(
            [Correction("merge", "Clinton", "Bill Clinton")],
            {
                "Clinton": "Bill Clinton",
                "Hillary Clinton": "Hillary Clinton",
                "Bill Clinton": "Bill Clinton",
                "Hillary": "Hillary Clinton",
            },
            id="merge",
        ),
        pytest.param(
            [Correction("rename", "Hillary Clinton", "Hillary Rodham Clinton")],
            {
                "Clinton": "Clinton",
                "Hillary Clinton": "Hillary Rodham Clinton",
                "Bill Clinton": "Bill Clinton",
                "Hillary": "Hillary Rodham Clinton",
            },
            id="rename",
        ),
        pytest.param(
            [Correction("rename", "Clinton", "Bill Clinton")],
            {
                "Clinton": "Bill Clinton",
                "Hillary Clinton": "Hillary Clinton",
                "Bill Clinton": "Bill Clinton",
                "Hillary": "Hillary Clinton",
            },
            id="rename-to-an-existing-name-merges",
        ),
        pytest.param(
            [Correction("alias-add", "Bill Clinton", "Clinton")],
            {
                "Clinton": "Bill Clinton",
                "Hillary Clinton": "Hillary Clinton",
                "Bill Clinton": "Bill Clinton",
                "Hillary": "Hillary Clinton",
            },
            id="alias-add",
        ),
        pytest.param(
            [Correction("alias-remove", "Hillary Clinton", "Hillary")],
            {
                "Clinton": "Clinton",
                "Hillary Clinton": "Hillary Clinton",
                "Bill Clinton": "Bill Clinton",
                "Hillary": "Hillary",
            },
            id="alias-remove",
        ),
        pytest.param(
            [Correction("not-entity", "Clinton")],
            {
                "Clinton": None,
                "Hillary Clinton": "Hillary Clinton",
                "Bill Clinton": "Bill Clinton",
                "Hillary": "Hillary Clinton",
            },
            id="not-entity",
        ),
        pytest.param(
            [Correction("import", "Hillary Rodham Clinton", "Hillary Clinton|Clinton", P, "Q6294")],
            {
                "Clinton": "Hillary Rodham Clinton",
                "Hillary Clinton": "Hillary Rodham Clinton",
                "Bill Clinton": "Bill Clinton",
                "Hillary": "Hillary Rodham Clinton",
            },
            id="import-with-aliases",
        ),
        pytest.param(
            [
                Correction("merge", "Clinton", "Bill Clinton"),
                Correction("rename", "Bill Clinton", "William J. Clinton"),
            ],
            {
                "Clinton": "William J. Clinton",
                "Hillary Clinton": "Hillary Clinton",
                "Bill Clinton": "William J. Clinton",
                "Hillary": "Hillary Clinton",
            },
            id="applied-in-order",
        ),
        pytest.param(
            [Correction("merge", "Nobody Known", "Bill Clinton")],
            {
                "Clinton": "Clinton",
                "Hillary Clinton": "Hillary Clinton",
                "Bill Clinton": "Bill Clinton",
                "Hillary": "Hillary Clinton",
            },
            id="a-name-no-longer-stored-changes-nothing",
        ),
    ],
)
def test_corrections(corrections: list[Correction], expected: dict[str, str | None]) -> None:
    assert _entity_of(link_names(CLINTONS, corrections), CLINTONS) == expected


@pytest.mark.parametrize(
    ("corrections", "expected"),
    [
        pytest.param(
            [Correction("merge", "Clinton", "Bill Clinton")],
            {
                "Hillary Clinton": (P, 7, ["Clinton", "Hillary", "Hillary Clinton"]),
                "Bill Clinton": (P, 7, ["Bill Clinton", "Clinton"]),
            },
            id="merge-moves-the-uses",
        ),
        pytest.param(
            [Correction("alias-add", "Bill Clinton", "Clinton")],
            {
                "Hillary Clinton": (P, 7, ["Clinton", "Hillary", "Hillary Clinton"]),
                "Bill Clinton": (P, 7, ["Bill Clinton", "Clinton"]),
            },
            id="alias-add-of-a-stored-name-moves-its-uses",
        ),
        pytest.param(
            [Correction("alias-add", "Bill Clinton", "Bubba")],
            {
                "Hillary Clinton": (P, 7, ["Clinton", "Hillary", "Hillary Clinton"]),
                "Bill Clinton": (P, 4, ["Bill Clinton", "Bubba", "Clinton"]),
                "Clinton": (P, 3, ["Clinton"]),
            },
            id="alias-add-of-a-new-name",
        ),
        pytest.param(
            [Correction("alias-remove", "Hillary Clinton", "Hillary")],
            {
                "Hillary Clinton": (P, 5, ["Clinton", "Hillary Clinton"]),
                "Hillary": (P, 2, ["Hillary"]),
                "Bill Clinton": (P, 4, ["Bill Clinton", "Clinton"]),
                "Clinton": (P, 3, ["Clinton"]),
            },
            id="alias-remove-moves-the-uses",
        ),
        pytest.param(
            [Correction("alias-remove", "Hillary Clinton", "Clinton")],
            {
                "Hillary Clinton": (P, 7, ["Hillary", "Hillary Clinton"]),
                "Bill Clinton": (P, 4, ["Bill Clinton", "Clinton"]),
                "Clinton": (P, 3, ["Clinton"]),
            },
            id="alias-remove-of-the-surname",
        ),
        pytest.param(
            [Correction("not-entity", "Clinton")],
            {
                "Hillary Clinton": (P, 7, ["Clinton", "Hillary", "Hillary Clinton"]),
                "Bill Clinton": (P, 4, ["Bill Clinton", "Clinton"]),
            },
            id="not-entity",
        ),
        pytest.param(
            [Correction("import", "Hillary Rodham Clinton", "Hillary Clinton|Clinton|HRC", P, "Q6294")],
            {
                "Hillary Rodham Clinton": (
                    P,
                    10,
                    ["Clinton", "Hillary", "Hillary Clinton", "Hillary Rodham Clinton", "HRC"],
                ),
                "Bill Clinton": (P, 4, ["Bill Clinton", "Clinton"]),
            },
            id="import",
        ),
    ],
)
def test_corrections_move_counts_and_aliases(
    corrections: list[Correction], expected: dict[str, tuple[str, int, list[str]]]
) -> None:
    assert _entities(link_names(CLINTONS, corrections)) == expected


def test_import_sets_kind_and_wikidata_id_over_what_linking_guessed() -> None:
    linking = link_names(
        _uses(("Nato", 2), ("North Atlantic Treaty Organization", 1, "organisation")),
        [Correction("import", "NATO", "North Atlantic Treaty Organization", "organisation", "Q7184")],
    )
    assert [(c.name, c.kind, c.count, c.wikidata_id) for c in linking.clusters] == [
        ("NATO", "organisation", 3, "Q7184")
    ]


def test_import_of_a_name_nobody_used_yet_is_kept() -> None:
    linking = link_names(_uses(("Ann Lee", 1)), [Correction("import", "Maria Alvarez", "Alvarez", P, "Q1")])
    assert _entities(linking) == {
        "Ann Lee": (P, 1, ["Ann Lee", "Lee"]),
        "Maria Alvarez": (P, 0, ["Alvarez", "Maria Alvarez"]),
    }
    assert [c.pinned for c in linking.clusters] == [False, True]


def test_the_same_in_every_process() -> None:
    """Aliases and names come out the same whatever the string hashing of the process (PYTHONHASHSEED)."""
    import os
    import subprocess
    import sys

    program = (
        "from tests.entities.test_linking import MANY, _entities\n"
        "from tracker.entities.linking import link_names\n"
        "print(sorted(_entities(link_names(MANY)).items()))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", program],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
        ).stdout
        for seed in range(4)
    }
    assert len(outputs) == 1
    assert "'NATO'" in outputs.pop()


# ------------------------------------------------------------------ descriptions, read in their article
from tracker.entities.linking import Mention  # noqa: E402

D = "description"


def _article(
    article: str, *quotes: tuple[str, str] | tuple[str, str, str] | tuple[str, str, str, tuple[str, ...]]
) -> list[Mention]:
    """One article's speakers in text order: (name, mention as written[, kind[, roles]])."""
    out = []
    for n, quote in enumerate(quotes):
        name, written = quote[0], quote[1]
        kind = quote[2] if len(quote) > 2 else P  # type: ignore[misc]
        roles = quote[3] if len(quote) > 3 else ()  # type: ignore[misc]
        out.append(Mention(article, name, kind, 100 * n, roles, written))
    return out


def _link(*articles: list[Mention], corrections: list[Correction] | None = None) -> Linking:
    counts: dict[tuple[str, str], int] = {}
    for mention in (m for a in articles for m in a):
        counts[(mention.name, mention.kind)] = counts.get((mention.name, mention.kind), 0) + 1
    uses = [NameUse(name, kind, n) for (name, kind), n in counts.items()]
    return link_names(uses, corrections or [], [m for a in articles for m in a])


def _who(linking: Linking, mention: Mention) -> str | None:
    cluster = linking.cluster_of(mention.name, mention.kind, mention.article, mention.position)
    return cluster.name if cluster is not None else None


# Other stories the store holds, which give the roles: "Vermont Sen. Bernie Sanders", "Republican presidential
# nominee Donald Trump", "Democratic nominee Hillary Clinton", "Florida Sen. Marco Rubio".
BACKGROUND = [
    _article(
        "primary",
        ("Bernie Sanders", "Vermont Sen. Bernie Sanders", P, ("Vermont Sen.",)),
        ("Marco Rubio", "Florida Sen. Marco Rubio", P, ("Florida Sen.",)),
        ("Bernie Sanders", "he", P),
    ),
    _article(
        "debate",
        ("Donald Trump", "Republican presidential nominee Donald Trump", P, ("Republican presidential nominee",)),
        ("Hillary Clinton", "Democratic nominee Hillary Clinton", P, ("Democratic nominee",)),
        ("Donald Trump", "he", P),
        ("Hillary Clinton", "she", P),
        ("Hillary Clinton", "she", P),
    ),
]


def test_a_role_description_is_the_articles_one_holder_of_the_role() -> None:
    story = _article(
        "sanders-rally",
        ("Bernie Sanders", "Sanders"),
        ("Hillary Clinton", "Hillary Clinton"),
        ("Bernie Sanders", "Sanders"),
        ("Vermont senator", "the Vermont senator", D),  # "..., the Vermont senator said."
    )
    linking = _link(*BACKGROUND, story)
    assert _who(linking, story[3]) == "Bernie Sanders"
    # the name alone, outside its article, is still no one
    assert linking.cluster_of("Vermont senator", D) is None


def test_a_party_in_the_description_picks_the_nominee() -> None:
    story = _article(
        "debate-night",
        ("Donald Trump", "Donald Trump"),
        ("Hillary Clinton", "Hillary Clinton"),
        ("GOP nominee", "The GOP nominee", D),
        ("Democratic nominee", "The Democratic nominee", D),
    )
    linking = _link(*BACKGROUND, story)
    assert [_who(linking, m) for m in story[2:]] == ["Donald Trump", "Hillary Clinton"]


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("a senator", "an indefinite description introduces someone new"),
        ("the Florida senator", "Sanders is not known as a Florida senator"),
        ("the former senator", "nor as a former one"),
        ("the mayor", "nor as a mayor"),
    ],
)
def test_a_description_the_article_does_not_tie_to_its_holder_stays_apart(written: str, why: str) -> None:
    story = _article("sanders-town-hall", ("Bernie Sanders", "Bernie Sanders"), (written.split(" ", 1)[1], written, D))
    assert _who(_link(*BACKGROUND, story), story[1]) is None, why


def test_a_role_of_something_and_a_description_of_several_roles_find_their_holder() -> None:
    background = _article(
        "forum",
        ("Hillary Clinton", "former Secretary of State Hillary Clinton", P, ("former Secretary of State",)),
        ("Donald Trump", "Republican nominee Donald Trump", P, ("Republican nominee",)),
    )
    story = _article(
        "radio-show",
        ("Hillary Clinton", "Hillary Clinton"),
        ("Donald Trump", "Trump"),
        ("Hillary Clinton", "Clinton"),
        # attribution stores the first of the roles as the name, the mention as written
        (
            "former secretary of state",
            "the former secretary of state and current Democratic presidential nominee",
            D,
        ),
        ("former secretary of defense", "the former secretary of defense", D),  # of another department
    )
    linking = _link(background, story)
    assert [_who(linking, m) for m in story[3:]] == ["Hillary Clinton", None]


def test_two_holders_quoted_alike_leave_the_description_alone() -> None:
    story = _article(
        "senate-floor", ("Bernie Sanders", "Sanders"), ("Marco Rubio", "Rubio"), ("senator", "the senator", D)
    )
    assert _who(_link(*BACKGROUND, story), story[2]) is None
    story = _article(
        "senate-floor",
        ("Bernie Sanders", "Sanders"),
        ("Bernie Sanders", "he"),
        ("Marco Rubio", "Rubio"),
        ("senator", "the senator", D),
    )
    assert _who(_link(*BACKGROUND, story), story[3]) == "Bernie Sanders"  # quoted twice as often


def test_the_main_figure_whose_roles_are_unknown_goes_before_a_minor_holder() -> None:
    # A story about Ben Carson ("former neurosurgeon"), who is never called a candidate in the store: "the
    # Republican presidential candidate" may well be him, so it is not given to Trump, quoted once.
    story = _article(
        "carson-scrutiny",
        ("Ben Carson", "Ben Carson", P, ("former neurosurgeon",)),
        ("Ben Carson", "Carson"),
        ("Donald Trump", "Donald Trump"),
        ("Ben Carson", "Carson"),
        ("Republican presidential candidate", "the Republican presidential candidate", D),
    )
    assert _who(_link(*BACKGROUND, story), story[4]) is None


CAMPAIGNS = _article(
    "ads",
    ("Trump campaign", "Trump's campaign", "organisation"),
    ("Clinton campaign", "the Clinton campaign", "organisation"),
    ("Clinton campaign", "Clinton's campaign", "organisation"),
)


def test_the_campaign_is_the_campaign_of_the_person_just_quoted() -> None:
    story = _article(
        "the-latest",
        ("Donald Trump", "Trump"),
        ("campaign", "The campaign", D),  # "The campaign says the ad will air nationally."
        ("Hillary Clinton", "Hillary Clinton"),
        ("campaign", "The campaign", D),  # "The campaign says the Democratic presidential candidate will ..."
    )
    linking = _link(*BACKGROUND, CAMPAIGNS, story)
    assert [_who(linking, story[1]), _who(linking, story[3])] == ["Trump campaign", "Clinton campaign"]


def test_the_campaign_is_the_one_the_passage_just_named_before_a_person_quoted_since() -> None:
    story = _article(
        "ad-footage",
        ("new ad from Donald Trump's presidential campaign", "A new ad from Donald Trump's presidential campaign", D),
        ("Hillary Clinton", "Hillary Clinton"),  # "The ad uses footage of Hillary Clinton asking, ..."
        ("campaign", "The campaign", D),  # "The campaign says the ad will air nationally."
    )
    assert _who(_link(*BACKGROUND, CAMPAIGNS, story), story[2]) == "Trump campaign"


def test_her_campaign_is_the_campaign_of_the_nearest_woman() -> None:
    story = _article(
        "firewall",
        ("Hillary Clinton", "Clinton"),
        ("Donald Trump", "Trump"),
        ("campaign", "her campaign", D),  # the store knows Clinton as "she", Trump as "he"
    )
    assert _who(_link(*BACKGROUND, CAMPAIGNS, story), story[2]) == "Clinton campaign"


def test_a_campaign_nobody_has_stays_a_description() -> None:
    story = _article(
        "cruz-refuses",
        ("Ted Cruz", "Sen. Ted Cruz"),
        ("Donald Trump", "Trump"),
        ("Ted Cruz", "Cruz"),
        ("campaign", "the campaign", D),
    )
    # the nearest person, Cruz, has no campaign in the store: not Trump's either
    assert _who(_link(*BACKGROUND, CAMPAIGNS, story), story[3]) is None


def test_the_ad_and_the_clip_are_the_issuer_of_the_video_named_before() -> None:
    story = _article(
        "kaine-ad",
        ("new ad from Donald Trump's presidential campaign", "A new ad from Donald Trump's presidential campaign", D),
        ("ad", "The ad", D),  # "The ad also mentions ..."
        ("clip", "The clip", D),  # "The clip says ...": another noun for the same thing
        ("report", "The report", D),  # nothing of that kind was named: no one
    )
    linking = _link(*BACKGROUND, CAMPAIGNS, story)
    assert [_who(linking, m) for m in story] == ["Trump campaign", "Trump campaign", "Trump campaign", None]


def test_a_correction_that_a_description_is_no_entity_holds_in_every_article() -> None:
    story = _article("sanders-rally", ("Bernie Sanders", "Sanders"), ("Vermont senator", "the Vermont senator", D))
    linking = _link(*BACKGROUND, story, corrections=[Correction("not-entity", "Vermont senator")])
    assert _who(linking, story[1]) is None


@pytest.mark.parametrize(
    ("uses", "expected"),
    [
        pytest.param(
            _uses(("Bernie Sanders", 6), ("Sanders", 2, D), ("Jane Poll", 1), ("Poll", 1, D), ("poll", 3, D)),
            {"Sanders": "Bernie Sanders", "Poll": None, "poll": None},
            id="a-surname-attribution-took-for-a-description",
        ),
        pytest.param(
            _uses(("Jane Poll", 4), ("Poll", 1, D), ("poll", 3, D)),
            {"Poll": "Jane Poll", "poll": None},
            id="the-lower-case-word-is-never-the-name",
        ),
        pytest.param(
            _uses(
                ("Trump team", 2, D),
                ("Donald Trump", 5),
                ("Trump campaign", 3, "organisation"),
                ("Team Trump", 1, "organisation"),
            ),
            {"Trump team": "Trump campaign", "Team Trump": "Trump campaign", "Donald Trump": "Donald Trump"},
            id="a-campaign-in-its-other-words",
        ),
        pytest.param(
            _uses(("IMF report", 1, D), ("IMF", 4, "organisation"), ("a new report", 2, D)),
            {"IMF report": "IMF", "a new report": None},
            id="what-an-organisation-issued",
        ),
        pytest.param(
            _uses(("Bloomberg poll", 2, D), ("Michael Bloomberg", 6), ("His campaign", 1, D)),
            {"Bloomberg poll": "Bloomberg", "Michael Bloomberg": "Michael Bloomberg", "His campaign": None},
            id="a-pollster-is-no-person-of-that-surname",
        ),
        pytest.param(
            _uses(
                ("Leonard E. Burman and professor", 1, "group"),
                ("Leonard Burman", 2),
                ("Ted Cruz and Rand Paul", 1, "group"),
            ),
            {"Leonard E. Burman and professor": "Leonard Burman", "Ted Cruz and Rand Paul": "Ted Cruz and Rand Paul"},
            id="a-person-and-a-stray-word",
        ),
        pytest.param(
            _uses(
                ("The New York Times", 6, "organisation"),
                ("Times", 2, "organisation"),
                ("House Ethics Committee", 3, "organisation"),
                ("Committee", 1, "organisation"),
            ),
            {"Times": "The New York Times", "Committee": "Committee"},
            id="the-short-form-of-an-organisation-but-no-generic-head",
        ),
        pytest.param(
            _uses(
                ("The New York Times", 3, "organisation"),
                ("Los Angeles Times", 2, "organisation"),
                ("Times", 2, "organisation"),
            ),
            {"Times": "Times"},
            id="an-ambiguous-short-form-stays-apart",
        ),
    ],
)
def test_names_linking_reads_through(uses: list[NameUse], expected: dict[str, str | None]) -> None:
    linking = link_names(uses)
    assert {name: _entity_of(linking, uses)[name] for name in expected} == expected


@pytest.mark.parametrize("seed", range(4))
def test_descriptions_resolve_the_same_in_any_order(seed: int) -> None:
    story = _article(
        "the-latest",
        ("Donald Trump", "Trump"),
        ("campaign", "The campaign", D),
        ("Hillary Clinton", "Hillary Clinton"),
        ("campaign", "The campaign", D),
        ("GOP nominee", "The GOP nominee", D),
        ("Vermont senator", "the Vermont senator", D),
    )
    mentions = [m for a in (*BACKGROUND, CAMPAIGNS, story) for m in a]
    uses = _uses(*{(m.name, 1, m.kind) for m in mentions})
    expected = link_names(uses, [], mentions)
    shuffled = list(mentions)
    random.Random(seed).shuffle(shuffled)
    linking = link_names(list(reversed(uses)), [], shuffled)
    assert [_who(linking, m) for m in story] == [_who(expected, m) for m in story]
    assert [_who(linking, m) for m in story] == [
        "Donald Trump",
        "Trump campaign",
        "Hillary Clinton",
        "Clinton campaign",
        "Donald Trump",
        None,
    ]


def test_a_bare_title_taken_for_a_name_is_read_as_a_description() -> None:
    background = _article(
        "divorce-file",
        ("Frank Nervo", "Manhattan Supreme Court Justice Frank Nervo", P, ("Manhattan Supreme Court Justice",)),
    )
    story = _article(
        "judge-rejects",
        ("Judge", "Judge"),  # "Judge rejects Times request to unseal file"
        ("Frank Nervo", "Nervo"),
        ("Frank Nervo", "he"),
        ("David Schulz", "David Schulz"),
    )
    linking = _link(background, story)
    assert _who(linking, story[0]) == "Frank Nervo"
    # a person whose surname is a title is no title: "Mark Judge" keeps his name
    named = _article(
        "hearing",
        ("Mark Judge", "Mark Judge"),
        ("Judge", "Judge"),
        ("Frank Nervo", "Nervo"),
        ("Frank Nervo", "Nervo"),
        ("Frank Nervo", "Nervo"),
    )
    assert _who(_link(background, named), named[1]) == "Mark Judge"


def test_an_organisations_short_name_joins_the_one_longer_name_it_ends() -> None:
    org = "organisation"
    story = _article(
        "un-vote",
        ("United Nations Security Council", "The United Nations Security Council", org),
        ("Security Council", "the Security Council", org),
    )
    committees = _article(
        "party-news",
        ("Democratic National Committee", "The Democratic National Committee", org),
        ("Republican National Committee", "The Republican National Committee", org),
        ("National Committee", "the National Committee", org),
    )
    linking = _link(story, committees)
    assert _who(linking, story[1]) == _who(linking, story[0])
    # a short name that ends two longer ones joins neither
    assert _who(linking, committees[2]) not in (_who(linking, committees[0]), _who(linking, committees[1]))
