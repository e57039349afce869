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
            {"Donand Trump": "Donald Trump", "Donald Trump": "Donald Trump", "Heidi Cruz": "Heidi Cruz",
             "Ted Cruz": "Ted Cruz"},
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
            {"PENCE": "Mike Pence", "Pence": "Mike Pence", "Mike Pence": "Mike Pence",
             "Mrs. Clinton": "Hillary Clinton", "Hillary Clinton": "Hillary Clinton"},
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
    ("Trump", 7), ("Donald Trump", 30), ("Donald J. Trump", 2), ("Donand Trump", 1), ("Ivanka Trump", 3),
    ("Clinton", 6), ("Hillary Clinton", 9), ("Bill Clinton", 8), ("Hillary", 2), ("Mrs. Clinton", 1),
    ("Ted Cruz", 6), ("Heidi Cruz", 5), ("Cruz", 1), ("PENCE", 2), ("Mike Pence", 4),
    ("NATO", 3, "organisation"), ("Nato", 3, "organisation"), ("officials", 5, "description"),
    ("de Blasio", 2), ("Bill de Blasio", 1), ("Bill De Blasio", 1),
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
            {"Clinton": "Clinton", "Hillary Clinton": "Hillary Clinton", "Bill Clinton": "Bill Clinton",
             "Hillary": "Hillary Clinton"},
            id="none",
        ),
        pytest.param(
            [Correction("merge", "Clinton", "Bill Clinton")],
            {"Clinton": "Bill Clinton", "Hillary Clinton": "Hillary Clinton", "Bill Clinton": "Bill Clinton",
             "Hillary": "Hillary Clinton"},
            id="merge",
        ),
        pytest.param(
            [Correction("rename", "Hillary Clinton", "Hillary Rodham Clinton")],
            {"Clinton": "Clinton", "Hillary Clinton": "Hillary Rodham Clinton", "Bill Clinton": "Bill Clinton",
             "Hillary": "Hillary Rodham Clinton"},
            id="rename",
        ),
        pytest.param(
            [Correction("rename", "Clinton", "Bill Clinton")],
            {"Clinton": "Bill Clinton", "Hillary Clinton": "Hillary Clinton", "Bill Clinton": "Bill Clinton",
             "Hillary": "Hillary Clinton"},
            id="rename-to-an-existing-name-merges",
        ),
        pytest.param(
            [Correction("alias-add", "Bill Clinton", "Clinton")],
            {"Clinton": "Bill Clinton", "Hillary Clinton": "Hillary Clinton", "Bill Clinton": "Bill Clinton",
             "Hillary": "Hillary Clinton"},
            id="alias-add",
        ),
        pytest.param(
            [Correction("alias-remove", "Hillary Clinton", "Hillary")],
            {"Clinton": "Clinton", "Hillary Clinton": "Hillary Clinton", "Bill Clinton": "Bill Clinton",
             "Hillary": "Hillary"},
            id="alias-remove",
        ),
        pytest.param(
            [Correction("not-entity", "Clinton")],
            {"Clinton": None, "Hillary Clinton": "Hillary Clinton", "Bill Clinton": "Bill Clinton",
             "Hillary": "Hillary Clinton"},
            id="not-entity",
        ),
        pytest.param(
            [Correction("import", "Hillary Rodham Clinton", "Hillary Clinton|Clinton", P, "Q6294")],
            {"Clinton": "Hillary Rodham Clinton", "Hillary Clinton": "Hillary Rodham Clinton",
             "Bill Clinton": "Bill Clinton", "Hillary": "Hillary Rodham Clinton"},
            id="import-with-aliases",
        ),
        pytest.param(
            [
                Correction("merge", "Clinton", "Bill Clinton"),
                Correction("rename", "Bill Clinton", "William J. Clinton"),
            ],
            {"Clinton": "William J. Clinton", "Hillary Clinton": "Hillary Clinton",
             "Bill Clinton": "William J. Clinton", "Hillary": "Hillary Clinton"},
            id="applied-in-order",
        ),
        pytest.param(
            [Correction("merge", "Nobody Known", "Bill Clinton")],
            {"Clinton": "Clinton", "Hillary Clinton": "Hillary Clinton", "Bill Clinton": "Bill Clinton",
             "Hillary": "Hillary Clinton"},
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
            {"Hillary Clinton": (P, 7, ["Clinton", "Hillary", "Hillary Clinton"]),
             "Bill Clinton": (P, 7, ["Bill Clinton", "Clinton"])},
            id="merge-moves-the-uses",
        ),
        pytest.param(
            [Correction("alias-add", "Bill Clinton", "Clinton")],
            {"Hillary Clinton": (P, 7, ["Clinton", "Hillary", "Hillary Clinton"]),
             "Bill Clinton": (P, 7, ["Bill Clinton", "Clinton"])},
            id="alias-add-of-a-stored-name-moves-its-uses",
        ),
        pytest.param(
            [Correction("alias-add", "Bill Clinton", "Bubba")],
            {"Hillary Clinton": (P, 7, ["Clinton", "Hillary", "Hillary Clinton"]),
             "Bill Clinton": (P, 4, ["Bill Clinton", "Bubba", "Clinton"]), "Clinton": (P, 3, ["Clinton"])},
            id="alias-add-of-a-new-name",
        ),
        pytest.param(
            [Correction("alias-remove", "Hillary Clinton", "Hillary")],
            {"Hillary Clinton": (P, 5, ["Clinton", "Hillary Clinton"]), "Hillary": (P, 2, ["Hillary"]),
             "Bill Clinton": (P, 4, ["Bill Clinton", "Clinton"]), "Clinton": (P, 3, ["Clinton"])},
            id="alias-remove-moves-the-uses",
        ),
        pytest.param(
            [Correction("alias-remove", "Hillary Clinton", "Clinton")],
            {"Hillary Clinton": (P, 7, ["Hillary", "Hillary Clinton"]),
             "Bill Clinton": (P, 4, ["Bill Clinton", "Clinton"]), "Clinton": (P, 3, ["Clinton"])},
            id="alias-remove-of-the-surname",
        ),
        pytest.param(
            [Correction("not-entity", "Clinton")],
            {"Hillary Clinton": (P, 7, ["Clinton", "Hillary", "Hillary Clinton"]),
             "Bill Clinton": (P, 4, ["Bill Clinton", "Clinton"])},
            id="not-entity",
        ),
        pytest.param(
            [Correction("import", "Hillary Rodham Clinton", "Hillary Clinton|Clinton|HRC", P, "Q6294")],
            {"Hillary Rodham Clinton": (P, 10, ["Clinton", "Hillary", "Hillary Clinton", "Hillary Rodham Clinton",
                                                "HRC"]),
             "Bill Clinton": (P, 4, ["Bill Clinton", "Clinton"])},
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
            capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
        ).stdout
        for seed in range(4)
    }
    assert len(outputs) == 1
    assert "'NATO'" in outputs.pop()
