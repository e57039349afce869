"""Word lists live in one lexicon module, tracker/lexicon.py.

A module that needs English words (reporting verbs, titles, pronouns, country names, outlets, month names ...)
imports them from :mod:`tracker.lexicon`, so that two stages never hold two versions of one list. This test
reads every other module of the package with `ast` (nothing is imported, no model is loaded) and fails on a
module-level constant that holds five or more lower-case words. Lists of names that are not English words
(columns, CLI commands, HTML tags, dependency labels) are allowed by name in `NOT_WORDS`, each with its reason.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker import lexicon

PACKAGE = Path(__file__).resolve().parents[1] / "tracker"
#: A lower-case word or phrase ("said", "mr.", "then-president", "the associated press").
WORD = re.compile(r"[a-z][a-z'’.&-]*(?: [a-z&][a-z'’.&-]*)*")
MIN_WORDS = 5

#: (module, constant) -> why its strings are not English words.
NOT_WORDS: dict[tuple[str, str], str] = {
    ("cli/__init__.py", "EXISTING_DATABASE_COMMANDS"): "CLI command names",
    ("cli/query.py", "QUOTE_COLUMNS"): "output columns",
    ("cli/query.py", "QUOTE_CSV_COLUMNS"): "output columns",
    ("web/app.py", "QUOTE_CSV_COLUMNS"): "output columns",
    ("reports/statements.py", "DISTINCT_COLUMNS"): "output columns",
    ("reports/statements.py", "REPORT_COLUMNS"): "output columns",
    ("entities/corrections.py", "ACTIONS"): "correction log actions",
    ("entities/corrections.py", "IMPORT_KINDS"): "entity kinds",
    ("sources/__init__.py", "FORMATS"): "input format names",
    ("sources/base.py", "_ARTICLE_STRINGS"): "article fields",
    ("sources/text.py", "HEADER_KEYS"): "article header fields",
    ("sources/html.py", "_NOT_TEXT"): "HTML tag names",
    ("sources/html.py", "_BLOCKS"): "HTML tag names",
    ("nlp/attribution/syntax.py", "SOURCE_DEPS"): "spaCy dependency labels",
    ("nlp/attribution/syntax.py", "CONTENT_DEPS"): "spaCy dependency labels",
    ("store/models.py", "NAMING_CONVENTION"): "SQL constraint name prefixes",
    ("stance/dates.py", "_PATTERNS"): "kinds of date expression (regex group names)",
}


def _strings(node: ast.AST) -> Iterator[str]:
    """The strings a literal collection holds: elements, dict keys, `"a b c".split()`, `frozenset(...)` of these,
    and both sides of `|`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        for element in node.elts:
            yield from _strings(element)
    elif isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values, strict=True):
            yield from _strings(value if key is None else key)  # `**other` spreads its keys
    elif isinstance(node, ast.BinOp):
        yield from _strings(node.left)
        yield from _strings(node.right)
    elif isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "split" and isinstance(func.value, ast.Constant):
            if isinstance(func.value.value, str):
                yield from func.value.value.split()
        elif isinstance(func, ast.Name) and func.id in ("frozenset", "set", "tuple", "list", "sorted"):
            for arg in node.args:
                yield from _strings(arg)
        elif isinstance(func, ast.Attribute) and func.attr == "fromkeys":  # dict.fromkeys("a b".split(), v)
            yield from _strings(node.args[0]) if node.args else iter(())


def _assignments(body: list[ast.stmt]) -> Iterator[tuple[str, int, ast.expr]]:
    """(name, line, value) of the module-level assignments, those under a module-level `if` or `try` included."""
    for stmt in body:
        if isinstance(stmt, ast.Assign) and stmt.value is not None:
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    yield target.id, stmt.lineno, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None and isinstance(stmt.target, ast.Name):
            yield stmt.target.id, stmt.lineno, stmt.value
        elif isinstance(stmt, ast.If):
            yield from _assignments(stmt.body + stmt.orelse)
        elif isinstance(stmt, ast.Try):
            yield from _assignments(stmt.body + stmt.orelse + stmt.finalbody)


def word_lists(source: str) -> list[tuple[str, int, list[str]]]:
    """(name, line, words) of each module-level constant of `source` that holds MIN_WORDS or more lower-case words."""
    found = []
    for name, line, value in _assignments(ast.parse(source).body):
        words = [s for s in _strings(value) if WORD.fullmatch(s)]
        if len(words) >= MIN_WORDS:
            found.append((name, line, words))
    return found


def test_word_lists_live_in_the_lexicon() -> None:
    offences = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel == "lexicon.py":
            continue
        for name, line, words in word_lists(path.read_text(encoding="utf-8")):
            if (rel, name) not in NOT_WORDS:
                offences.append(f"tracker/{rel}:{line}: {name} holds {len(words)} words ({', '.join(words[:4])}, ...)")
    assert not offences, "word lists belong in tracker/lexicon.py:\n" + "\n".join(offences)


def test_the_allowed_lists_still_exist() -> None:
    """An entry of NOT_WORDS whose constant went away or no longer holds words is stale."""
    stale = []
    for rel, name in NOT_WORDS:
        found = {n for n, _, _ in word_lists((PACKAGE / rel).read_text(encoding="utf-8"))}
        if name not in found:
            stale.append(f"{rel}: {name}")
    assert not stale, "stale NOT_WORDS entries: " + ", ".join(stale)


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("VERBS", 'VERBS = frozenset("say tell add note write".split())'),
        ("VERBS", 'VERBS: frozenset[str] = frozenset({"say", "tell", "add", "note", "write"})'),
        ("VERBS", 'VERBS = ("say", "tell", "add", "note", "write")'),
        ("COUNTRIES", 'COUNTRIES = {"u.s.": "us", "japan": "japan", "china": "china", "russia": "russia", "uk": "uk"}'),
        ("MORE", 'MORE = OTHER | frozenset("say tell add note write".split())'),
        ("VERBS", 'if True:\n    VERBS = ["say", "tell", "add", "note", "write"]'),
    ],
)
def test_the_check_sees_a_word_list(name: str, source: str) -> None:
    assert [found for found, _, _ in word_lists(source)] == [name]


@pytest.mark.parametrize(
    "source",
    [
        'VERBS = frozenset("say tell add note".split())',  # four words: too few to be a list
        'NAMES = ("Reuters", "Associated Press", "AFP", "UPI", "Bloomberg")',  # names, not lower-case words
        'KEYS = ("first_published", "event_date", "start_char", "end_char", "x_y")',  # identifiers
        'def f():\n    words = ("say", "tell", "add", "note", "write")',  # not module level
    ],
)
def test_the_check_leaves_other_constants(source: str) -> None:
    assert word_lists(source) == []


def test_merged_lists_keep_the_words_their_readers_rely_on() -> None:
    # Speakers and stance targets strip these before a name ("Sen. Bernie Sanders", "the U.S. Defense Secretary
    # Pete Hegseth", "former President Obama"); the speaker resolver reads the offices as roles.
    assert {
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "sen.",
        "gov.",
        "president",
        "minister",
        "ambassador",
    } <= lexicon.SPEAKER_TITLES
    assert {"u.s.", "former", "the", "defense", "secretary", "prime", "minister", "chairman"} <= lexicon.TARGET_TITLES
    # Stance reads a role after "hailed Japan as a partner"; the attribution passes keep to the narrower list,
    # where "see" and "consider" as naming verbs cost direct-quote F1 on PolNeAR dev.
    assert {"call", "describe", "identify", "hail", "see", "consider"} <= lexicon.STANCE_NAMING_VERBS
    assert not {"see", "consider", "hail"} & lexicon.NAMING_VERBS
    # Every dash, long or short, opens a credit; the long ones alone end a quoted piece.
    assert set(lexicon.DASHES) == set("—―-–") and set(lexicon.CREDIT_DASHES) == set("—―")
    # Entity linking reads full day and month names only: "May" opens descriptions, "Mar" does not.
    assert lexicon.CALENDAR_WORDS == set(
        "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
        "august september october november december".split()
    )
