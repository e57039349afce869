"""HTML pages and fragments: main text and metadata extracted with trafilatura."""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import use_config

from tracker.errors import InputError
from tracker.sources.base import ReadWarning, make_article, parse_date
from tracker.types import Article

_CLOSING_TAG = re.compile(r"</(html|body)\s*>", re.IGNORECASE)
_OPENING_TAG = re.compile(r"<(html|body)[\s>]", re.IGNORECASE)
# The repairs trafilatura's own loader makes before libxml2 sees the page: control characters (which libxml2
# turns into U+FFFD), and a self-closed <html .../>, after which libxml2 finds an empty document.
_CONTROL_CHARACTERS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SELF_CLOSED_HTML = re.compile(r"^(\s*(?:<[!?][^>]*>\s*)*<html\b[^>]*?)\s*/>", re.IGNORECASE)
_DEPTH_ERROR = re.compile(r"Excessive depth in document: (\d+)")
_EXTRACT_OPTIONS = {"favor_recall": True, "include_comments": False, "include_tables": False}
# A fragment is all content, and short: under trafilatura's default minimum (250 characters) its fallbacks run,
# and one of them ("baseline") cuts "Para <em>two</em>." into three lines; for a fragment they run only when
# the main extraction found nothing.
_FRAGMENT_CONFIG = use_config()
_FRAGMENT_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
# For the plain-text fallback: elements that hold no text a reader sees, and those that end a paragraph.
_NOT_TEXT = ("script", "style", "noscript", "template", "head")
_BLOCKS = (
    "p", "div", "section", "article", "main", "header", "blockquote", "pre", "figure", "figcaption",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "hr",
)  # fmt: skip


def parse_html(html: str, origin: str) -> lxml.html.HtmlElement:
    """The document tree, parsed without libxml2's default limit of 256 levels of nesting.

    Under that limit libxml2 silently drops everything nested deeper, so a page of unclosed <div>s or <font>s
    lost its article and kept its navigation. With huge_tree the limit is 2048; a page deeper than that is
    refused, naming the limit, rather than read in part.
    """
    parser = lxml.html.HTMLParser(
        huge_tree=True, collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
        remove_pis=True,
    )  # fmt: skip
    source = _SELF_CLOSED_HTML.sub(r"\1>", _CONTROL_CHARACTERS.sub("", html), count=1)
    try:
        tree = lxml.html.document_fromstring(source.encode("utf-8"), parser=parser)
    except etree.ParserError:  # "Document is empty"
        raise InputError(f"{origin}: no article text found in the HTML") from None
    for error in parser.error_log:
        too_deep = _DEPTH_ERROR.search(error.message)
        if too_deep:
            raise InputError(
                f"{origin}: HTML nested more than {too_deep.group(1)} levels deep (line {error.line}), "
                "the most the HTML parser can read; the text below that depth would be lost"
            )
    _inline_quotes(tree)
    return tree


def _inline_quotes(tree: lxml.html.HtmlElement) -> None:
    """<q> as a browser shows it, in quotation marks (‘ ’ inside another <q>).

    trafilatura takes a <q> for a block quote and puts it on a line of its own, cutting the sentence that
    holds it in three.
    """
    quotes = list(tree.iter("q"))
    for q in quotes:
        opening, closing = ("‘", "’") if sum(1 for _ in q.iterancestors("q")) % 2 else ("“", "”")
        q.text = opening + (q.text or "")
        if len(q):
            q[-1].tail = (q[-1].tail or "") + closing
        else:
            q.text += closing
    for q in quotes:
        q.drop_tag()


def plain_text(tree: lxml.html.HtmlElement) -> str:
    """Every text node outside scripts and styles, one paragraph per block element."""
    etree.strip_elements(tree, *_NOT_TEXT, with_tail=False)
    for element in tree.iter(*_BLOCKS):
        element.text = "\n\n" + (element.text or "")
        element.tail = "\n\n" + (element.tail or "")
    for element in tree.iter("br", "td", "th"):
        element.tail = " " + (element.tail or "")
    paragraphs = (" ".join(part.split()) for part in re.split(r"\n\s*\n", tree.text_content()))
    return "\n\n".join(p for p in paragraphs if p)


def html_to_text(html: str, origin: str) -> str:
    """Main text of an HTML fragment (a feed entry's content), paragraphs separated by blank lines.

    The fragment goes into a document of its own: trafilatura takes a lone "<p>One <b>two</b></p>" for
    something other than HTML and returns nothing. When trafilatura still finds nothing (it drops what it takes
    for boilerplate, and tables), the plain text of the fragment is used, so no entry with text is lost.
    """
    document = html if _OPENING_TAG.search(html) else f"<html><body>{html}</body></html>"
    extracted = trafilatura.extract(parse_html(document, origin), config=_FRAGMENT_CONFIG, **_EXTRACT_OPTIONS)  # type: ignore[arg-type]
    if extracted and extracted.strip():
        return extracted.replace("\n", "\n\n")
    return plain_text(parse_html(document, origin))


def read_html(text: str, origin: str, defaults: dict[str, str | None]) -> Iterator[Article | ReadWarning]:
    # A page cut off in transfer still parses (lxml recovers) but would store a partial article.
    if _OPENING_TAG.search(text) and not _CLOSING_TAG.search(text):
        raise InputError(f"{origin}: truncated HTML (no closing </body> or </html> tag)")
    if "\x00" in text:
        # libxml2 would turn each into U+FFFD inside the text; removed and reported like in every other format.
        line = text.count("\n", 0, text.index("\x00")) + 1
        text = text.replace("\x00", "")
        yield ReadWarning(origin, f"{origin}:{line}: NUL characters removed from the HTML (the first on this line)")
    document = trafilatura.bare_extraction(parse_html(text, origin), with_metadata=True, **_EXTRACT_OPTIONS)  # type: ignore[arg-type]
    if document is None or isinstance(document, dict) or not (document.text or "").strip():
        raise InputError(f"{origin}: no article text found in the HTML")
    yield make_article(
        text=(document.text or "").replace("\n", "\n\n"),
        origin=origin,
        external_id=defaults.get("id"),
        title=document.title or defaults.get("title"),
        outlet=defaults.get("outlet") or document.sitename or document.hostname,
        published=parse_date(defaults.get("published") or document.date, origin),
        url=defaults.get("url") or document.url,
    )
