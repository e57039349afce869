"""Entities through the CLI: linking that ignores ingest order, every correction, imports, lookups.

Five short local-news articles: Senator Maria Alvarez (full name, "Alvarez" alone in an article that never
gives her first name), Tom Alvarez the baker (a second Alvarez), Mayor John Okafor ("Okafor" alone in one
article), two spellings of one department, and targets (Japan, Osaka, "Downtown", two spellings of the
Department of Education).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.conftest import BACKENDS, make_database
from tracker.cli import cli
from tracker.store import models
from tracker.store.engine import open_database

ARTICLES: list[dict[str, str]] = [
    {
        "id": "alvarez-budget",
        "title": "Alvarez vows to protect school budget",
        "outlet": "Riverside Ledger",
        "published": "2024-03-04",
        "text": "Senator Maria Alvarez on Monday promised to fight cuts to the city's schools.\n"
        "“We will not balance this budget on the backs of our children,” Senator Maria Alvarez said at a rally.\n"
        "“The Department of Education has failed our teachers,” Alvarez said.\n"
        "“Maria Alvarez has no plan for the deficit,” Mayor John Okafor said.",
    },
    {
        "id": "alvarez-steel",
        "title": "Senator warns on steel imports",
        "outlet": "Valley Courier",
        "published": "2024-03-11",
        "text": "Maria Alvarez, the state senator, spoke to reporters outside the mill on Tuesday.\n"
        "“China is flooding our market with cheap steel,” Maria Alvarez said.\n"
        "“Our workers deserve a fair fight,” she added.",
    },
    {
        "id": "alvarez-vote",
        "title": "Budget vote set for Friday",
        "outlet": "Riverside Ledger",
        "published": "2024-03-14",
        "text": "The council will vote on the budget on Friday.\n"
        "“The vote will happen on Friday, and we have the numbers,” Alvarez said in a statement.\n"
        "“Traffic on Main Street is down by half,” the Bridge Report said.\n"
        "“We are ready for the tourists,” the mayor said.",
    },
    {
        "id": "baker-bridge",
        "title": "Bakery hit by bridge closure",
        "outlet": "Valley Courier",
        "published": "2024-03-18",
        "text": "Mr. Tom Alvarez has run a bakery on Main Street for twenty years.\n"
        "“Business has been slow since the bridge closed, and Downtown is empty,” Tom Alvarez said.\n"
        "“Japan sends us more tourists than anyone,” he said.\n"
        "“The bridge will reopen in May,” the Transportation Department said.",
    },
    {
        "id": "okafor-japan",
        "title": "Mayor praises sister city",
        "outlet": "Riverside Ledger",
        "published": "2024-03-20",
        "text": "Mayor John Okafor returned from a trip to Japan on Wednesday.\n"
        "“Japan is a wonderful partner for this city,” Okafor said.\n"
        "“Osaka has shown us how to run a port,” Okafor said.\n"
        "“The Education Department should fund our schools, and Senator Alvarez should help,” John Okafor said.\n"
        "“Repairs are ahead of schedule,” the Department of Transportation said.",
    },
]

ORG = "organisation"
# (name, kind, quotes, aliases, roles) of `tracker speakers`, as linking leaves them.
SPEAKERS = [
    ("Maria Alvarez", "person", 6, ["Alvarez"], ["Senator", "state senator"]),
    ("John Okafor", "person", 4, ["Okafor"], ["Mayor"]),
    ("Tom Alvarez", "person", 2, ["Alvarez"], []),
    ("Bridge Report", ORG, 1, [], []),
    ("Department of Transportation", ORG, 1, [], []),
    ("Transportation Department", ORG, 1, [], []),
]
# (target, statements) of `tracker targets`.
TARGETS = [
    ("Japan", 2),
    ("Maria Alvarez", 2),
    ("China", 1),
    ("Department of Education", 1),
    ("Downtown", 1),
    ("Education Department", 1),
    ("Osaka", 1),
]
ALVAREZ_VOTE = "The vote will happen on Friday, and we have the numbers"
MARIAS_QUOTES = {
    "to fight cuts to the city's schools",
    "We will not balance this budget on the backs of our children",
    "The Department of Education has failed our teachers",
    "China is flooding our market with cheap steel",
    "Our workers deserve a fair fight",
    ALVAREZ_VOTE,
}


def _write(path: Path, articles: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    return path


def _run(runner: CliRunner, db: str, *args: str) -> Result:
    result = runner.invoke(cli, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    return result


def _ingest(runner: CliRunner, db: str, *args: str) -> None:
    result = _run(runner, db, "ingest", "-q", *args)
    assert " 0 failed" in result.stderr


def _json(runner: CliRunner, db: str, *args: str) -> Any:
    return json.loads(_run(runner, db, *args, "--format", "json").stdout)


def _speakers(runner: CliRunner, db: str, *args: str) -> list[tuple[str, str, int, list[str], list[str]]]:
    return [(r["name"], r["kind"], r["quotes"], r["aliases"], r["roles"]) for r in _json(runner, db, "speakers", *args)]


def _targets(runner: CliRunner, db: str) -> list[tuple[str, int]]:
    return [(r["target"], r["quotes"]) for r in _json(runner, db, "targets")]


def _said(runner: CliRunner, db: str, *args: str) -> set[tuple[str, str | None]]:
    """(quote text, speaker) of every quote `tracker quotes ARGS` lists."""
    return {(r["text"], r["speaker"]) for r in _json(runner, db, "quotes", *args)}


def _texts(runner: CliRunner, db: str, *args: str) -> set[str]:
    return {text for text, _ in _said(runner, db, *args)}


def _snapshot(runner: CliRunner, db: str) -> tuple[Any, ...]:
    speakers = [{k: v for k, v in r.items() if k != "id"} for r in _json(runner, db, "speakers", "--all")]
    return speakers, _json(runner, db, "targets"), _said(runner, db)


def _log(runner: CliRunner, db: str) -> list[tuple[Any, ...]]:
    return [
        (r["id"], r["scope"], r["action"], r["subject"], r["value"], r["undone"])
        for r in _json(runner, db, "entities", "log")
    ]


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    return _write(tmp_path / "articles.jsonl", ARTICLES)


@pytest.fixture
def other_db(db: str, tmp_path: Path) -> Iterator[str]:
    """A second empty database on the same backend as `db`."""
    folder = tmp_path / "other"
    folder.mkdir()
    yield from make_database("postgresql" if db.startswith("postgresql") else "sqlite", folder)


@pytest.fixture
def third_db(db: str, tmp_path: Path) -> Iterator[str]:
    folder = tmp_path / "third"
    folder.mkdir()
    yield from make_database("postgresql" if db.startswith("postgresql") else "sqlite", folder)


@pytest.fixture(scope="module", params=BACKENDS)
def news_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The five articles, ingested once per backend, for tests that only read."""
    folder = tmp_path_factory.mktemp("news")
    path = _write(folder / "articles.jsonl", ARTICLES)
    for url in make_database(request.param, folder):
        _ingest(CliRunner(), url, str(path))
        yield url


# ------------------------------------------------------------------------------------------ linking


@pytest.mark.slow
def test_linking_as_ingested(runner: CliRunner, news_db: str) -> None:
    assert _speakers(runner, news_db) == SPEAKERS
    assert _targets(runner, news_db) == TARGETS
    assert _texts(runner, news_db, "--speaker", "Maria Alvarez") == MARIAS_QUOTES
    # A description is no entity: listed with --all only, under the name the article gave.
    assert _speakers(runner, news_db, "--all")[-1] == ("mayor", "description", 1, [], [])
    assert ("We are ready for the tourists", None) in _said(runner, news_db)


@pytest.mark.slow
def test_ingest_order_and_batches_do_not_change_the_entities(
    runner: CliRunner, tmp_path: Path, db: str, other_db: str, third_db: str
) -> None:
    _ingest(runner, db, str(_write(tmp_path / "forward.jsonl", ARTICLES)))
    _ingest(runner, other_db, str(_write(tmp_path / "backward.jsonl", ARTICLES[::-1])))
    # Maria Alvarez's own articles come in a second run: until then the only Alvarez with a first name is Tom.
    _ingest(runner, third_db, str(_write(tmp_path / "first.jsonl", [ARTICLES[2], ARTICLES[4], ARTICLES[3]])))
    assert _speakers(runner, third_db) == [
        ("John Okafor", "person", 3, ["Okafor"], ["Mayor"]),
        ("Tom Alvarez", "person", 3, ["Alvarez"], []),
        ("Bridge Report", ORG, 1, [], []),
        ("Department of Transportation", ORG, 1, [], []),
        ("Transportation Department", ORG, 1, [], []),
    ]
    assert (ALVAREZ_VOTE, "Tom Alvarez") in _said(runner, third_db)
    _ingest(runner, third_db, str(_write(tmp_path / "second.jsonl", [ARTICLES[1], ARTICLES[0]])))
    assert (ALVAREZ_VOTE, "Maria Alvarez") in _said(runner, third_db)
    expected = _snapshot(runner, db)
    assert _speakers(runner, db) == SPEAKERS
    assert _snapshot(runner, other_db) == expected
    assert _snapshot(runner, third_db) == expected


# -------------------------------------------------------------------------------------- corrections


@pytest.mark.slow
def test_speaker_corrections_hold_after_reprocessing_and_undo(runner: CliRunner, db: str, articles: Path) -> None:
    _ingest(runner, db, str(articles))

    merged = _run(runner, db, "speakers", "merge", "Transportation Department", "Department of Transportation")
    assert merged.stderr == (
        "merged 'Transportation Department' into 'Department of Transportation'; "
        "relinked: 1 quotes and 0 stances changed entity\n"
    )
    assert ("Department of Transportation", ORG, 2, ["Transportation Department"], []) in _speakers(runner, db)
    assert _texts(runner, db, "--speaker", "transportation department") == {
        "The bridge will reopen in May",
        "Repairs are ahead of schedule",
    }

    _run(runner, db, "speakers", "rename", "Maria Alvarez", "Maria Alvarez-Reyes")
    assert _speakers(runner, db)[0] == (
        "Maria Alvarez-Reyes",
        "person",
        6,
        ["Alvarez", "Alvarez-Reyes", "Maria Alvarez"],
        ["Senator", "state senator"],
    )
    assert _texts(runner, db, "--speaker", "Maria Alvarez") == MARIAS_QUOTES  # the old name still finds her

    added = _run(runner, db, "speakers", "alias", "add", "John Okafor", "mayor")
    assert added.stderr == "'mayor' is now a name of 'John Okafor'; relinked: 1 quotes and 0 stances changed entity\n"
    assert ("We are ready for the tourists", "John Okafor") in _said(runner, db, "--speaker", "Okafor")

    removed = _run(runner, db, "speakers", "alias", "remove", "Maria Alvarez-Reyes", "Alvarez")
    assert removed.stderr == (
        "'Alvarez' is no longer a name of 'Maria Alvarez-Reyes'; relinked: 1 quotes and 1 stances changed entity\n"
    )
    assert _texts(runner, db, "--speaker", "Maria Alvarez-Reyes") == MARIAS_QUOTES - {ALVAREZ_VOTE}
    # The surname alone is now an entity of its own, and its own name finds it.
    alone = runner.invoke(cli, ["--db", db, "quotes", "--speaker", "Alvarez", "--format", "json"])
    assert alone.exit_code == 0, alone.output
    assert {r["text"] for r in json.loads(alone.stdout)} == {ALVAREZ_VOTE}
    assert alone.stderr == (
        "note: 'Alvarez' also matches Tom Alvarez (2 quotes); using Alvarez (1 quote). "
        "Give the full name to choose another.\n"
    )

    _run(runner, db, "speakers", "not-entity", "Bridge Report")
    assert ("Traffic on Main Street is down by half", None) in _said(runner, db)

    corrected = [
        ("John Okafor", "person", 5, ["mayor", "Okafor"], ["Mayor"]),
        ("Maria Alvarez-Reyes", "person", 5, ["Alvarez-Reyes", "Maria Alvarez"], ["Senator", "state senator"]),
        ("Department of Transportation", ORG, 2, ["Transportation Department"], []),
        ("Tom Alvarez", "person", 2, ["Alvarez"], []),
        ("Alvarez", "person", 1, [], []),
    ]
    assert _speakers(runner, db) == corrected
    before = _snapshot(runner, db)

    reprocessed = _run(runner, db, "ingest", "-q", "--reprocess")
    assert "0 new, 5 updated, 0 unchanged, 0 failed" in reprocessed.stderr
    assert _speakers(runner, db) == corrected
    assert _snapshot(runner, db) == before

    assert _log(runner, db) == [
        (1, "speaker", "merge", "Transportation Department", "Department of Transportation", False),
        (2, "speaker", "rename", "Maria Alvarez", "Maria Alvarez-Reyes", False),
        (3, "speaker", "alias-add", "John Okafor", "mayor", False),
        (4, "speaker", "alias-remove", "Maria Alvarez-Reyes", "Alvarez", False),
        (5, "speaker", "not-entity", "Bridge Report", None, False),
    ]

    undone = _run(runner, db, "entities", "undo", "4")
    assert undone.stderr == "undid correction 4; relinked: 1 quotes and 1 stances changed entity\n"
    assert _texts(runner, db, "--speaker", "Maria Alvarez-Reyes") == MARIAS_QUOTES
    _run(runner, db, "entities", "undo", "1")
    _run(runner, db, "entities", "undo", "5")
    assert _speakers(runner, db) == [
        (
            "Maria Alvarez-Reyes",
            "person",
            6,
            ["Alvarez", "Alvarez-Reyes", "Maria Alvarez"],
            ["Senator", "state senator"],
        ),
        ("John Okafor", "person", 5, ["mayor", "Okafor"], ["Mayor"]),
        ("Tom Alvarez", "person", 2, ["Alvarez"], []),
        ("Bridge Report", ORG, 1, [], []),
        ("Department of Transportation", ORG, 1, [], []),
        ("Transportation Department", ORG, 1, [], []),
    ]
    assert [row[-1] for row in _log(runner, db)] == [True, False, False, True, True]
    _run(runner, db, "entities", "undo", "2")
    _run(runner, db, "entities", "undo", "3")
    assert _speakers(runner, db) == SPEAKERS


@pytest.mark.slow
def test_target_corrections_hold_after_reprocessing_and_undo(runner: CliRunner, db: str, articles: Path) -> None:
    _ingest(runner, db, str(articles))

    merged = _run(runner, db, "targets", "merge", "Education Department", "Department of Education")
    assert merged.stderr == (
        "merged 'Education Department' into 'Department of Education'; "
        "relinked: 0 quotes and 1 stances changed entity\n"
    )
    assert ("Department of Education", 2) in _targets(runner, db)

    _run(runner, db, "targets", "rename", "Department of Education", "U.S. Department of Education")
    assert ("U.S. Department of Education", 2) in _targets(runner, db)

    _run(runner, db, "targets", "alias", "add", "Japan", "Osaka")
    assert _targets(runner, db)[0] == ("Japan", 3)

    removed = _run(runner, db, "targets", "alias", "remove", "Maria Alvarez", "Alvarez")
    assert removed.stderr == (
        "'Alvarez' is no longer a name of 'Maria Alvarez'; relinked: 1 quotes and 1 stances changed entity\n"
    )

    dropped = _run(runner, db, "targets", "not-entity", "Downtown")
    assert dropped.stderr == "'Downtown' is not an entity; relinked: 0 quotes and 1 stances changed entity\n"

    corrected = [
        ("Japan", 3),
        ("U.S. Department of Education", 2),
        ("Alvarez", 1),
        ("China", 1),
        ("Maria Alvarez", 1),
    ]
    assert _targets(runner, db) == corrected
    stance = _json(runner, db, "stance", "--target", "Osaka", "--by", "year")
    assert {(r["target"], r["quotes"]) for r in stance} == {("Japan", 3)}

    before = _snapshot(runner, db)
    _run(runner, db, "ingest", "-q", "--reprocess")
    assert _targets(runner, db) == corrected
    assert _snapshot(runner, db) == before

    assert _log(runner, db) == [
        (1, "target", "merge", "Education Department", "Department of Education", False),
        (2, "target", "rename", "Department of Education", "U.S. Department of Education", False),
        (3, "target", "alias-add", "Japan", "Osaka", False),
        (4, "target", "alias-remove", "Maria Alvarez", "Alvarez", False),
        (5, "target", "not-entity", "Downtown", None, False),
    ]
    for correction in ("3", "4", "2", "1", "5"):
        _run(runner, db, "entities", "undo", correction)
    # Undoing not-entity brings the statements about Downtown back: their rows waited unlinked.
    assert _targets(runner, db) == TARGETS


@pytest.mark.slow
def test_a_surname_split_off_can_be_given_to_the_other_person(runner: CliRunner, db: str, articles: Path) -> None:
    """ "Alvarez" alone was linked to Maria; the editor knows the vote article quotes Tom."""
    _ingest(runner, db, str(articles))
    _run(runner, db, "speakers", "alias", "remove", "Maria Alvarez", "Alvarez")
    merged = _run(runner, db, "speakers", "merge", "Alvarez", "Tom Alvarez")
    assert merged.stderr == "merged 'Alvarez' into 'Tom Alvarez'; relinked: 1 quotes and 1 stances changed entity\n"
    assert (ALVAREZ_VOTE, "Tom Alvarez") in _said(runner, db)
    assert _speakers(runner, db)[:3] == [
        ("Maria Alvarez", "person", 5, [], ["Senator", "state senator"]),
        ("John Okafor", "person", 4, ["Okafor"], ["Mayor"]),
        ("Tom Alvarez", "person", 3, ["Alvarez"], []),
    ]


@pytest.mark.slow
def test_undoing_not_entity_on_a_target_brings_its_statements_back(runner: CliRunner, db: str, articles: Path) -> None:
    _ingest(runner, db, str(articles))
    _run(runner, db, "targets", "not-entity", "Downtown")
    assert ("Downtown", 1) not in _targets(runner, db)
    undone = _run(runner, db, "entities", "undo", "1")
    assert undone.stderr == "undid correction 1; relinked: 0 quotes and 1 stances changed entity\n"
    assert _targets(runner, db) == TARGETS


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["speakers", "merge", "Tom Alvarez", "Tom Alvarez"], "'Tom Alvarez' and 'Tom Alvarez' are already one entity"),
        (
            ["speakers", "merge", "Nobody Known", "Tom Alvarez"],
            "no speaker is known as 'Nobody Known'; `tracker speakers` lists them",
        ),
        (
            ["speakers", "merge", "Tom Alvarez", "Nobody Known"],
            "no speaker is known as 'Nobody Known'; `tracker speakers` lists them",
        ),
        (["speakers", "rename", "Tom Alvarez", " \u200b "], "rename needs a name"),
        (
            ["speakers", "merge", "Alvarez", "Tom Alvarez"],  # a lookup takes the most quoted; a correction asks
            "'Alvarez' is more than one speaker (Maria Alvarez, Tom Alvarez): give the full name",
        ),
        (
            ["speakers", "not-entity", "Alvarez"],  # though a quote names its speaker just so
            "'Alvarez' is more than one speaker (Maria Alvarez, Tom Alvarez): give the full name",
        ),
        (["speakers", "alias", "remove", "Tom Alvarez", "Okafor"], "Tom Alvarez has no alias 'Okafor'"),
        (
            ["targets", "alias", "add", "Nowhere", "Atlantis"],
            "no target is known as 'Nowhere'; `tracker targets` lists them",
        ),
        (["entities", "undo", "7"], "no correction 7; `tracker entities log` lists them"),
    ],
)
@pytest.mark.slow
def test_a_correction_that_cannot_apply_is_a_one_line_error(
    runner: CliRunner, db: str, articles: Path, args: list[str], message: str
) -> None:
    _ingest(runner, db, str(articles))
    result = runner.invoke(cli, ["--db", db, *args])
    assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
    assert _log(runner, db) == []
    assert _speakers(runner, db) == SPEAKERS


@pytest.mark.slow
def test_undo_twice_is_an_error(runner: CliRunner, db: str, articles: Path) -> None:
    _ingest(runner, db, str(articles))
    _run(runner, db, "speakers", "merge", "Transportation Department", "Department of Transportation")
    _run(runner, db, "entities", "undo", "1")
    again = runner.invoke(cli, ["--db", db, "entities", "undo", "1"])
    assert (again.exit_code, again.stderr) == (1, "Error: correction 1 is already undone\n")


# ------------------------------------------------------------------------------------------- import

PEOPLE_CSV = (
    "name,kind,aliases,wikidata_id\n"
    "Maria Alvarez,person,Sen. Alvarez|Maria Alvarez-Reyes,Q100001\n"
    "Department of Transportation,organisation,Transportation Department|DOT,\n"
    "Riverside Bakers Guild,group,,\n"
)


@pytest.mark.slow
def test_import_entities(runner: CliRunner, db: str, articles: Path, tmp_path: Path) -> None:
    _ingest(runner, db, str(articles))
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE_CSV, encoding="utf-8")
    imported = _run(runner, db, "entities", "import", str(people))
    assert imported.stderr == (f"imported 3 entities from {people}; relinked: 1 quotes and 0 stances changed entity\n")
    expected = [
        (
            "Maria Alvarez",
            "person",
            6,
            ["Alvarez", "Maria Alvarez-Reyes", "Sen. Alvarez"],
            ["Senator", "state senator"],
        ),
        ("John Okafor", "person", 4, ["Okafor"], ["Mayor"]),
        ("Department of Transportation", ORG, 2, ["DOT", "Transportation Department"], []),
        ("Tom Alvarez", "person", 2, ["Alvarez"], []),
        ("Bridge Report", ORG, 1, [], []),
    ]
    assert _speakers(runner, db) == expected
    assert _texts(runner, db, "--speaker", "DOT") == {"The bridge will reopen in May", "Repairs are ahead of schedule"}
    with Session(open_database(db)) as session:
        assert session.execute(
            select(models.Entity.name, models.Entity.kind, models.Entity.wikidata_id)
            .where(models.Entity.name.in_(["Maria Alvarez", "Riverside Bakers Guild"]))
            .order_by(models.Entity.name)
        ).all() == [("Maria Alvarez", "person", "Q100001"), ("Riverside Bakers Guild", "group", None)]
    assert [row[1:] for row in _log(runner, db)] == [
        ("entity", "import", "Maria Alvarez", "Sen. Alvarez|Maria Alvarez-Reyes", False),
        ("entity", "import", "Department of Transportation", "Transportation Department|DOT", False),
        ("entity", "import", "Riverside Bakers Guild", None, False),
    ]
    _run(runner, db, "ingest", "-q", "--reprocess")
    assert _speakers(runner, db) == expected
    _run(runner, db, "entities", "undo", "2")
    assert ("Transportation Department", ORG, 1, [], []) in _speakers(runner, db)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"name,aliases\nAnn Lee,Lee\n",
            "{path}: needs the columns name and kind (and optionally aliases, wikidata_id)",
        ),
        (b"name,kind\n,person\n", "{path}:2: empty name"),
        (
            b"name,kind\nAnn Lee,person\nBob Day,persn\n",
            "{path}:3: kind must be one of person, organisation, group, country, region, not 'persn'",
        ),
        (
            b"name,kind\n\nAnn Lee,person\n\nBob Day,persn\n",  # blank lines count
            "{path}:5: kind must be one of person, organisation, group, country, region, not 'persn'",
        ),
        (
            b'name,kind,aliases\nAnn Lee,person,"Lee|\nA. Lee"\nBob Day,persn,\n',  # and so do lines inside a field
            "{path}:4: kind must be one of person, organisation, group, country, region, not 'persn'",
        ),
        (b"name,kind,wikidata_id\nAnn Lee,person,wd:42\n", "{path}:2: wikidata_id must look like Q42, not 'wd:42'"),
        (b"name,kind\nAnn Lee,person\nJos\xe9 Ruiz,person\n", "{path}:3: not UTF-8 text"),
        (
            b"name,kind\nAnn Lee,person\nBob Day," + b"x" * 200_000 + b"\n",
            "{path}:3: field larger than field limit (131072)",
        ),
    ],
)
def test_bad_csv_is_a_one_line_error_naming_file_and_line(
    runner: CliRunner, tmp_path: Path, content: bytes, message: str
) -> None:
    db = str(tmp_path / "t.db")
    path = tmp_path / "people.csv"
    path.write_bytes(content)
    result = runner.invoke(cli, ["--db", db, "entities", "import", str(path)])
    assert (result.exit_code, result.stderr) == (1, "Error: " + message.format(path=path) + "\n")
    assert _log(runner, db) == []  # nothing of a bad file is imported


def test_missing_csv_is_a_one_line_error(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    result = runner.invoke(cli, ["--db", str(tmp_path / "t.db"), "entities", "import", str(missing)])
    assert (result.exit_code, result.stderr) == (1, f"Error: {missing}: cannot read: No such file or directory\n")


# ------------------------------------------------------------------------------------------ lookups

NOTE_ALVAREZ = (
    "note: 'Alvarez' also matches Tom Alvarez (2 quotes); using Maria Alvarez (6 quotes). "
    "Give the full name to choose another.\n"
)


@pytest.mark.parametrize(
    ("args", "expected_rows", "stderr"),
    [
        (["quotes", "--speaker", "Alvarez"], 6, NOTE_ALVAREZ),
        (["quotes", "--speaker", "ALVAREZ"], 6, NOTE_ALVAREZ.replace("'Alvarez'", "'ALVAREZ'")),
        (["quotes", "--speaker", "Tom Alvarez"], 2, ""),
        (["quotes", "--speaker", "okafor"], 4, ""),
        (["quotes", "--speaker", "Okaf"], 4, ""),  # failing an exact name, a part of one
        (["speakers", "--name", "Alvarez"], 1, NOTE_ALVAREZ),
        (["targets", "--speaker", "Alvarez"], 2, NOTE_ALVAREZ),
        (["stance", "--speaker", "Alvarez", "--by", "year"], 2, NOTE_ALVAREZ),
        (["stance", "--target", "Alvarez", "--by", "year"], 1, ""),  # Tom Alvarez is nobody's target
        (["stance", "--target", "Education Department", "--by", "year"], 1, ""),
    ],
)
@pytest.mark.slow
def test_lookup_by_name(runner: CliRunner, news_db: str, args: list[str], expected_rows: int, stderr: str) -> None:
    result = runner.invoke(cli, ["--db", news_db, *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == stderr
    assert len(json.loads(result.stdout)) == expected_rows


@pytest.mark.slow
def test_ambiguous_name_uses_the_most_quoted(runner: CliRunner, news_db: str) -> None:
    assert _said(runner, news_db, "--speaker", "Alvarez") == {(text, "Maria Alvarez") for text in MARIAS_QUOTES}
    rows = _json(runner, news_db, "speakers", "--name", "Alvarez")
    assert [r["name"] for r in rows] == ["Maria Alvarez"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["quotes", "--speaker", "Nobody Known"],
            "no speaker is known as 'Nobody Known'; `tracker speakers` lists them",
        ),
        (["speakers", "--name", "Nobody"], "no speaker is known as 'Nobody'; `tracker speakers` lists them"),
        (["targets", "--speaker", "Nobody"], "no speaker is known as 'Nobody'; `tracker speakers` lists them"),
        (["stance", "--target", "Atlantis"], "no target is known as 'Atlantis'; `tracker targets` lists them"),
        (["stance", "--speaker", "Downtown"], "no speaker is known as 'Downtown'; `tracker speakers` lists them"),
    ],
)
@pytest.mark.slow
def test_unknown_name_is_one_line(runner: CliRunner, news_db: str, args: list[str], message: str) -> None:
    result = runner.invoke(cli, ["--db", news_db, *args])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")
