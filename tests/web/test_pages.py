"""Every page and JSON endpoint of the review app through Starlette's TestClient, good input and bad."""

from __future__ import annotations

import json
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from tests.web.conftest import SAMPLE_TEXT
from tracker.cli import cli

MakeClient = Callable[[str], TestClient]


class Marks(HTMLParser):
    """The text of the article page's <mark> elements, with their classes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[tuple[str, str]] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "mark" and dict(attrs).get("data-q"):
            self._open = dict(attrs).get("class") or ""
            self.marks.append((self._open, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            classes, text = self.marks[-1]
            self.marks[-1] = (classes, text + data)


def marks(html: str) -> list[tuple[str, str]]:
    parser = Marks()
    parser.feed(html)
    return parser.marks


def _cli(db: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    return result.output


# Fast: a store written directly, no pipeline


def test_article_page_marks_content_speaker_and_cue(make_client: MakeClient, sample_db: str) -> None:
    client = make_client(sample_db)
    first_id = client.get("/api/articles/a1").json()["attributions"][0]["id"]
    response = client.get(f"/articles/a1?quote={first_id}")
    assert response.status_code == 200
    found = marks(response.text)
    assert ("m content chosen", "We will win") in found
    assert ("m speaker chosen", "Jane Roe") in found
    assert ("m cue chosen", "said") in found
    assert ("m content", "China was a partner") in found  # the other quote, not chosen
    assert 'href="https://news.example/a1"' in response.text
    assert f'id="q{first_id}"' in response.text and f'id="attr-{first_id}"' in response.text
    # The hover text of a content mark says who, how, credited to whom and with what stance.
    assert "2. indirect · Jane Roe (as “Roe”) · credited to Reuters · stance: China positive +0.80" in response.text


def test_a_split_quote_is_marked_piece_by_piece_with_one_anchor(make_client: MakeClient, db: str) -> None:
    from tests.web.conftest import span, write_store
    from tracker.types import Article, Attribution, TextSpan

    text = "“We will act,” Jane Roe said, “and soon.”"
    first, second = span(text, "We will act,"), span(text, "and soon.")
    quote = Attribution(
        "direct",
        TextSpan(first.start, second.end, text[first.start : second.end]),
        span(text, "said"),
        span(text, "Jane Roe"),
        pieces=(first, second),
    )
    write_store(db, [(Article("split", text), [quote])])
    client = make_client(db)
    quote_id = client.get("/api/articles/split").json()["attributions"][0]["id"]
    page = client.get("/articles/split").text
    found = marks(page)
    assert ("m content", "We will act,") in found and ("m content", "and soon.") in found
    assert not any("content" in classes and "said" in words for classes, words in found)
    assert page.count(f'id="q{quote_id}"') == 1


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/articles/nope", 404, "no article has the id &#39;nope&#39;"),
        ("/quotes/99999", 404, "no quote has the id 99999"),
        ("/speakers/99999", 404, "no speaker or target has the id 99999"),
        ("/targets/99999", 404, "no speaker or target has the id 99999"),
        ("/quotes?speaker=Nobody+Atall", 404, "no speaker is known as &#39;Nobody Atall&#39;"),
        ("/nothing/here", 404, "nothing is at /nothing/here"),
        ("/quotes?since=yesterday", 400, "since: &#39;yesterday&#39; is not a date; use YYYY-MM-DD"),
        ("/quotes?kind=rumour", 400, "kind: &#39;rumour&#39; is not one of direct, mixed, indirect"),
        ("/quotes?page=0", 400, "page: 0 is out of range"),
        ("/quotes?size=201", 400, "size: 201 is out of range (1 to 200)"),
        ("/quotes?page=99999999", 400, "page: 99999999 is out of range"),
        ("/quotes?size=ten", 400, "size: &#39;ten&#39; is not a whole number"),
        ("/quotes?speaker=a%00b", 400, "speaker: contains a NUL character"),
        ("/quotes?contains=" + "x" * 501, 400, "contains: at most 500 characters"),
        ("/quotes?speaker=a&speaker=b", 400, "speaker: give it once"),
        ("/targets?min_confidence=high", 400, "min_confidence: &#39;high&#39; is not a number"),
        ("/speakers/1?min_confidence=1.5", 400, "min_confidence: 1.5 is out of range (0 to 1)"),
        ("/articles/a1?quote=99999", 400, "quote: quote 99999 is not in this article"),
        ("/speakers/1?by=decade", 400, "by: &#39;decade&#39; is not one of day, week, month, year"),
        ("/charts/stance.svg?target=x", 400, "target: &#39;x&#39; is not an id"),
        ("/charts/stance.svg?target=99999", 404, "no speaker or target has the id 99999"),
        ("/quotes?contains=%22unclosed", 400, "a quote mark is not closed"),
    ],
)
def test_bad_input_is_an_error_page(
    make_client: MakeClient, sample_db: str, url: str, status: int, message: str
) -> None:
    response = make_client(sample_db).get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert message in response.text
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("url", "status", "error"),
    [
        (
            "/api/articles/nope",
            404,
            "no article has the id 'nope'; `tracker quotes` shows the ids in its `article` column",
        ),
        ("/api/quotes/99999", 404, "no quote has the id 99999; `tracker quotes` shows the ids in its `id` column"),
        ("/api/quotes?speaker=Nobody", 404, "no speaker is known as 'Nobody'; `tracker speakers` lists them"),
        ("/api/quotes?limit=0", 400, "limit: 0 is out of range (1 or more)"),
        ("/api/stance?target=Atlantis", 404, "no target is known as 'Atlantis'; `tracker targets` lists them"),
        ("/api/stance?by=hour", 400, "by: 'hour' is not one of day, week, month, year"),
        ("/api/nothing", 404, "nothing is at /api/nothing"),
        ("/api/quotes?contains=%22unclosed", 400, "a quote mark is not closed"),
    ],
)
def test_api_errors_are_json(make_client: MakeClient, sample_db: str, url: str, status: int, error: str) -> None:
    response = make_client(sample_db).get(url)
    assert response.status_code == status
    # A stream starts only once its first row is read: a bad search is an error, not a cut-off array.
    assert list(response.json()) == ["error"] and error in response.json()["error"]


def test_quotes_page_filters_paginates_and_counts_facets(make_client: MakeClient, sample_db: str) -> None:
    client = make_client(sample_db)
    page = client.get("/quotes?speaker=roe&size=1")
    assert page.status_code == 200
    assert "1–1 of 2 quotes" in page.text and "page 1 of 2" in page.text
    assert 'rel="next" href="/quotes?speaker=roe&amp;size=1&amp;page=2"' in page.text
    second = client.get("/quotes?speaker=roe&size=1&page=2")
    assert "2–2 of 2 quotes" in second.text and 'rel="prev"' in second.text
    facets = client.get("/api/facets?speaker=roe").json()
    assert facets["speaker"] == [{"value": "Jane Roe", "id": facets["speaker"][0]["id"], "count": 2}]
    assert facets["outlet"] == [{"value": "Example News", "count": 2}, {"value": "Reuters", "count": 2}]
    assert facets["kind"] == [{"value": "direct", "count": 1}, {"value": "indirect", "count": 1}]
    assert facets["month"] == [{"value": "2024-01", "since": "2024-01-01", "until": "2024-01-31", "count": 2}]
    # A facet's link gives as many quotes as its count says.
    assert "/quotes?speaker=roe&amp;size=1&amp;kind=direct" in page.text
    assert len(client.get("/api/quotes?speaker=roe&kind=direct").json()) == 1
    assert client.get("/quotes?contains=partner").text.count('class="quote-link"') == 1
    assert "No quotes match" in client.get("/quotes?since=2030-01-01").text


def test_home_lists_counts_speakers_and_articles(make_client: MakeClient, sample_db: str) -> None:
    page = make_client(sample_db).get("/")
    assert page.status_code == 200
    assert "<strong>2</strong> articles" in page.text and "<strong>2</strong> quotes and claims" in page.text
    assert ">Jane Roe</a>" in page.text and "Roe on winning" in page.text and "Quiet day" in page.text


def test_search_goes_to_speaker_target_or_quotes(make_client: MakeClient, sample_db: str) -> None:
    client = make_client(sample_db)
    speaker = client.get("/search?q=Roe", follow_redirects=False)
    assert speaker.status_code == 303 and speaker.headers["location"].startswith("/speakers/")
    target = client.get("/search?q=China", follow_redirects=False)
    assert target.headers["location"].startswith("/targets/")
    words = client.get("/search?q=will+win", follow_redirects=False)
    assert words.headers["location"] == "/quotes?contains=will+win"
    assert client.get("/search", follow_redirects=False).headers["location"] == "/quotes"


def test_article_without_attributions_and_odd_ids(make_client: MakeClient, db: str) -> None:
    from tests.web.conftest import write_store
    from tracker.types import Article

    odd = "https://example.org/a b?x=1&y=2#frag"
    write_store(db, [(Article(odd, "Just text.\n\nTwo paragraphs.", url="ftp://example.org/file"), [])])
    client = make_client(db)
    page = client.get("/articles/" + quote(odd, safe=""))
    assert page.status_code == 200
    assert "No attributions were found in this article." in page.text
    assert "<p>Just text.</p>" in page.text and "<p>Two paragraphs.</p>" in page.text
    assert 'href="ftp:' not in page.text  # only web addresses are linked
    assert client.get("/api/articles/" + quote(odd, safe="")).json()["article"] == odd


def test_static_files_ship_in_the_package(make_client: MakeClient, sample_db: str) -> None:
    client = make_client(sample_db)
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")
    assert "textContent" in client.get("/static/article.js").text
    assert client.get("/static/nothing.js").status_code == 404


def test_chart_is_an_svg_drawn_on_the_server(make_client: MakeClient, sample_db: str) -> None:
    client = make_client(sample_db)
    speaker_id = client.get("/api/articles/a1").json()["attributions"][0]["speaker_id"]
    chart = client.get(f"/charts/stance.svg?speaker={speaker_id}")
    assert chart.status_code == 200 and chart.text.lstrip().startswith("<?xml")
    assert "<svg" in chart.text and "<script" not in chart.text


# Slow: the bundled seeds, ingested through the CLI (the trained pipeline)


@pytest.mark.slow
def test_every_page_renders_over_the_seeds(make_client: MakeClient, seeded_db: str) -> None:
    client = make_client(seeded_db)
    [quote_row] = client.get("/api/quotes?contains=indispensable+partner+in+deterring").json()
    article = client.get("/api/articles/hegseth-tokyo-2025-03-30").json()
    hegseth = next(a["speaker_id"] for a in article["attributions"] if a["speaker"] == "Pete Hegseth")
    japan = next(t["target_id"] for a in article["attributions"] for t in a["targets"] if t["target"] == "Japan")
    pages = {
        "/": "Pete Hegseth",
        "/quotes": "Japan is our indispensable partner",
        "/quotes?speaker=Hegseth&kind=direct": "the cornerstone of peace",
        "/quotes?outlet=Reuters&since=2025-03-01&until=2025-03-31": "Reuters",
        "/quotes?contains=indispensable+partner": "1–2 of 2 quotes",
        "/articles": "Hegseth calls Japan an indispensable partner",
        f"/articles/hegseth-tokyo-2025-03-30?quote={quote_row['id']}": "the U.S. defense chief",
        "/speakers": "U.S. Secretary of Defense",
        "/speakers?all=1": "description",
        f"/speakers/{hegseth}": "What Pete Hegseth talks about",
        f"/speakers/{hegseth}?target={japan}&by=week": 'id="stance-chart"',
        "/targets": "Japan",
        f"/targets/{japan}": "Who speaks about Japan",
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert expected in response.text, url
    highlighted = [
        text
        for classes, text in marks(client.get(f"/articles/hegseth-tokyo-2025-03-30?quote={quote_row['id']}").text)
        if "chosen" in classes
    ]
    assert highlighted == [quote_row["text"], "the U.S. defense chief", "said"]
    redirect = client.get(f"/quotes/{quote_row['id']}", follow_redirects=False)
    assert (
        redirect.headers["location"] == f"/articles/hegseth-tokyo-2025-03-30?quote={quote_row['id']}#q{quote_row['id']}"
    )
    speaker_page = client.get(f"/speakers/{hegseth}").text
    assert f'src="/charts/stance.svg?speaker={hegseth}&amp;target=' in speaker_page
    chart = client.get(f"/charts/stance.svg?speaker={hegseth}&target={japan}")
    assert chart.status_code == 200 and "<svg" in chart.text


@pytest.mark.slow
@pytest.mark.parametrize(
    ("path", "args"),
    [
        ("/api/quotes?speaker=Hegseth", ["quotes", "--speaker", "Hegseth"]),
        (
            "/api/quotes?outlet=reuters&kind=direct&limit=3",
            ["quotes", "--outlet", "reuters", "--kind", "direct", "--limit", "3"],
        ),
        ("/api/quotes?contains=indispensable+partner", ["quotes", "--contains", "indispensable partner"]),
        ("/api/quotes?since=2025-04-01", ["quotes", "--since", "2025-04-01"]),
        ("/api/speakers", ["speakers"]),
        ("/api/speakers?name=hegseth", ["speakers", "--name", "hegseth"]),
        ("/api/speakers?all=1", ["speakers", "--all"]),
        (
            "/api/stance?speaker=Hegseth&target=Japan&target=Europe",
            ["stance", "--speaker", "Hegseth", "--target", "Japan", "--target", "Europe"],
        ),
        (
            "/api/stance?speaker=Hegseth&target=Beijing&by=week",
            ["stance", "--speaker", "Hegseth", "--target", "Beijing", "--by", "week"],
        ),
        ("/api/targets?speaker=Hegseth", ["targets", "--speaker", "Hegseth"]),
        ("/api/targets?limit=2", ["targets", "--limit", "2"]),
        ("/api/targets?min_confidence=0&count=reports", ["targets", "--min-confidence", "0", "--count", "reports"]),
        (
            "/api/stance?speaker=Hegseth&target=Japan&min_confidence=0.9",
            ["stance", "--speaker", "Hegseth", "--target", "Japan", "--min-confidence", "0.9"],
        ),
        ("/api/articles/hegseth-tokyo-2025-03-30", ["show", "hegseth-tokyo-2025-03-30"]),
    ],
)
def test_json_endpoints_print_what_the_cli_prints(
    make_client: MakeClient, seeded_db: str, path: str, args: list[str]
) -> None:
    response = make_client(seeded_db).get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    cli_output = _cli(seeded_db, *args, "--format", "json")
    assert json.loads(response.text) == json.loads(cli_output)
    assert response.text == cli_output  # byte for byte, so a diff between the two is empty


@pytest.mark.slow
def test_quote_json_and_csv_export_match_the_cli(make_client: MakeClient, seeded_db: str) -> None:
    client = make_client(seeded_db)
    [row] = client.get("/api/quotes?contains=indispensable+partner+in+deterring").json()
    assert client.get(f"/api/quotes/{row['id']}").text == _cli(
        seeded_db, "show", "--quote", str(row["id"]), "--format", "json"
    )
    export = client.get("/quotes.csv?speaker=Hegseth&page=2")
    assert export.headers["content-disposition"] == 'attachment; filename="quotes.csv"'
    assert export.text == _cli(seeded_db, "quotes", "--speaker", "Hegseth", "--format", "csv")


def test_sample_text_offsets_hold(make_client: MakeClient, sample_db: str) -> None:
    view = make_client(sample_db).get("/api/articles/a1").json()
    for attribution in view["attributions"]:
        assert SAMPLE_TEXT[attribution["start"] : attribution["end"]] == attribution["text"]
