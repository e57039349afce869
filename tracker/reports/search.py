"""The `--contains` query language, parsed once and written out for SQLite FTS5 or PostgreSQL.

    deplorable             a word, stemmed: also "deplorables"
    "basket of deplorables"  a phrase: these words in this order
    deplor*                a prefix
    email OR emails        either
    email NOT server       the first without the second
    (email OR server) AND clinton, words side by side mean AND

The operators are upper-case, as in FTS5; "or" and "not" in lower case are words. A query is parsed
here rather than handed to the database, so both back ends read it the same way and a malformed one is
a one-line error instead of a database error; every word reaches the database as a bound value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.errors import TrackerError

HELP = 'use words, "a phrase", prefix*, OR, NOT and ( )'


class SearchSyntaxError(TrackerError):
    """A `--contains` query that cannot be read."""


@dataclass(frozen=True)
class Term:
    """A word, a prefix (`deplor*`) or a quoted phrase."""

    text: str
    prefix: bool = False
    phrase: bool = False


@dataclass(frozen=True)
class Op:
    """AND, OR, or NOT (binary, as in FTS5: `left NOT right`)."""

    name: str
    left: Node
    right: Node


Node = Term | Op

_TOKEN = re.compile(r'\s*(?:(?P<phrase>"[^"]*")|(?P<open>\()|(?P<close>\))|(?P<word>[^\s()"]+)|(?P<bad>"))')
_PREFIX = re.compile(r"[^\W_]+\*")
OPERATORS = ("AND", "OR", "NOT")


def parse(query: str) -> Node:
    """The query as a tree. Raises SearchSyntaxError, with what is wrong and what is understood."""
    tokens = _tokens(query)
    if not tokens:
        raise SearchSyntaxError(f"nothing to search for in {query!r}; {HELP}")
    parser = _Parser(query, tokens)
    node = parser.or_expr()
    if parser.pos < len(tokens):  # only a ")" stops an expression early
        raise parser.error("a ) has no ( before it")
    return node


def _tokens(query: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        value = match.group(kind or 0)
        if kind == "bad":
            raise SearchSyntaxError(f"cannot search for {query!r}: a quote mark is not closed; {HELP}")
        if kind in ("word", "phrase") and not re.search(r"\w", value):
            continue  # "+", "—", "!!": no word to look for (the index keeps none), so not an empty term
        if kind == "word" and value in OPERATORS:
            kind = "op"
        tokens.append((kind or "", value))
    return tokens


class _Parser:
    """Recursive descent with FTS5's precedence: NOT binds tightest, then AND, then OR."""

    def __init__(self, query: str, tokens: list[tuple[str, str]]) -> None:
        self.query = query
        self.tokens = tokens
        self.pos = 0

    def error(self, what: str) -> SearchSyntaxError:
        return SearchSyntaxError(f"cannot search for {self.query!r}: {what}; {HELP}")

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take_op(self, name: str) -> bool:
        if self.peek() == ("op", name):
            self.pos += 1
            return True
        return False

    def or_expr(self) -> Node:
        node = self.and_expr()
        while self.take_op("OR"):
            node = Op("OR", node, self.and_expr("OR"))
        return node

    def and_expr(self, after: str | None = None) -> Node:
        node = self.not_expr(after)
        while True:
            if self.take_op("AND"):
                node = Op("AND", node, self.not_expr("AND"))
            elif (token := self.peek()) is not None and token[0] in ("word", "phrase", "open"):
                node = Op("AND", node, self.not_expr())
            else:
                return node

    def not_expr(self, after: str | None = None) -> Node:
        node = self.primary(after)
        while self.take_op("NOT"):
            node = Op("NOT", node, self.primary("NOT"))
        return node

    def primary(self, after: str | None) -> Node:
        token = self.peek()
        if token is None:
            raise self.error(f"{after} needs a term after it" if after else "a term is missing")
        kind, value = token
        if kind == "op":
            if after:
                raise self.error(f"{after} needs a term after it, not {value}")
            raise self.error(
                f"{value} needs a term before it" + (' (write "email NOT spam")' if value == "NOT" else "")
            )
        if kind == "close":
            raise self.error("a ) has no ( before it")
        self.pos += 1
        if kind == "open":
            node = self.or_expr()
            if self.peek() != ("close", ")"):
                raise self.error("a ( is not closed")
            self.pos += 1
            return node
        if kind == "phrase":
            return Term(value[1:-1], phrase=True)
        if value.endswith("*"):
            if not _PREFIX.fullmatch(value):
                raise self.error(f"{value!r}: a prefix is letters or digits followed by one *")
            return Term(value[:-1], prefix=True)
        return Term(value)


def to_fts5(node: Node) -> str:
    """The query in FTS5 syntax. Every term is quoted, so nothing in it is read as FTS5 syntax."""
    if isinstance(node, Term):
        quoted = '"' + node.text.replace('"', '""') + '"'
        return quoted + "*" if node.prefix else quoted
    return f"({to_fts5(node.left)} {node.name} {to_fts5(node.right)})"


def to_tsquery(node: Node, params: dict[str, str]) -> str:
    """A PostgreSQL tsquery expression over the `english` configuration, its terms added to `params`.

    Words and phrases go through websearch_to_tsquery, which never fails on its input; a prefix is
    only letters and digits (checked by the parser) and gets `:*`.
    """
    if isinstance(node, Term):
        name = f"fts_{len(params)}"
        if node.prefix:
            params[name] = node.text + ":*"
            return f"to_tsquery('english', :{name})"
        params[name] = f'"{node.text}"' if node.phrase else node.text
        return f"websearch_to_tsquery('english', :{name})"
    left, right = to_tsquery(node.left, params), to_tsquery(node.right, params)
    if node.name == "NOT":
        return f"({left} && !!{right})"
    return f"({left} {'&&' if node.name == 'AND' else '||'} {right})"
