"""News outlets and their aliases, credited sources (wire services and outlets an article credits),
and navigation/boilerplate lines."""

from __future__ import annotations

import re

from tracker.lexicon import BOILERPLATE, DASHES, DOMAIN_LABELS, LEADING_WORDS, NOT_OUTLETS, OUTLET_WORDS, OUTLETS, WIRES

_DASH = "[" + re.escape(DASHES) + "]"
_NAME = r"(?:the[ \t]+)?[A-Z][\w.&'’-]*(?:[ \t]+[A-Z][\w.&'’-]*){0,4}"
#: Credits for a whole article: datelines, "This was reported by X", wire taglines.
_ARTICLE_PATTERNS = [
    # "This was reported by Reuters." (a sentence of its own)
    re.compile(
        r"(?:^|[.!?]\s+)(?:This|It|The (?:report|story|news))\s+(?:was|is|has been)\s+(?:first\s+)?"
        r"reported\s+by\s+(?P<name>" + _NAME + ")",
        re.M,
    ),
    # "(Reuters) -" / "(AP) —" datelines
    re.compile(r"\((?P<name>" + _NAME + r")\)\s*" + _DASH),
    # "WASHINGTON (AP) " without a dash
    re.compile(r"^[A-Z][A-Z .,'’-]{2,40}\((?P<name>" + _NAME + r")\)", re.M),
]
#: Reuters' own tagline: "(Reporting by …; Editing by …)".
_REUTERS_TAGLINE = re.compile(r"\((?:Additional )?[Rr]eporting by [^)]*(?:[Ee]diting|[Ww]riting) by [^)]*\)")
#: A last line that is only a wire's name: "- Reuters." / "— AP".
_TAIL_LINE = re.compile(r"^\s*" + _DASH + r"?\s*(?P<name>" + _NAME + r")\s*\.?\s*$")
#: Credits for one claim, found in its sentence: "according to AP", "The Post reported", "told Reuters".
_CLAIM_PATTERNS = [
    re.compile(r"according\s+to\s+(?P<name>" + _NAME + ")"),
    re.compile(r"(?:as|first)\s+reported\s+by\s+(?P<name>" + _NAME + ")"),
    re.compile(r"(?P<name>" + _NAME + r")\s+(?:reported|reports|has reported|has learned|said in a report)"),
    re.compile(r"told\s+(?P<name>" + _NAME + ")"),
]


def outlet_key(name: str) -> str:
    """The form outlet names are compared in: "The AP's" -> "the ap", "wash-post" -> "wash post",
    "https://www.politico.com/news/x" -> "politico"."""
    key = name.strip().strip(".,;:’'\"()").lower()
    key = re.sub(r"[’']s$", "", key)
    host = re.sub(r"^[a-z]+://", "", key).split("/")[0]
    if "." in host and " " not in host and re.search(r"\.[a-z]{2,6}$", host):
        labels = [label for label in host.split(".") if label not in DOMAIN_LABELS]
        key = labels[-1] if labels else host
    return " ".join(re.sub(r"[-_]", " ", key).split())


_ALIASES = {outlet_key(variant): canonical for variant, canonical in OUTLETS.items()}
#: The same without spaces, for a web address's one label: "washingtonpost" (.com), "theguardian".
_SQUASHED = {key.replace(" ", ""): canonical for key, canonical in _ALIASES.items()}


def canonical_outlet(name: str) -> str | None:
    """Canonical outlet name for a mention ("the AP" -> "Associated Press"), or None if not an outlet.

    Known outlets come from `OUTLETS`; an unknown name counts when it reads like a masthead: two to five
    capitalised words ending in a newsroom word ("The Dallas Morning News"), which is not a university
    press.
    """
    key = outlet_key(name)
    if key in _ALIASES:
        return _ALIASES[key]
    if key and " " not in key and key in _SQUASHED:
        return _SQUASHED[key]
    words = re.sub(r"[’']s$", "", name.strip().strip(".,;:’'\"")).split()
    if words and words[0].lower() in LEADING_WORDS:
        return canonical_outlet(" ".join(words[1:]))
    if key in NOT_OUTLETS:
        return None
    the = bool(words) and words[0].lower() == "the"
    core = words[1:] if the else words
    if not 2 <= len(core) <= 5 or not all(w[:1].isupper() or w[:1].isdigit() or w == "&" for w in core):
        return None
    last, before = core[-1].lower(), core[-2].lower()
    if not (last in OUTLET_WORDS or (last == "agency" and before == "news")) or before == "university":
        return None
    return " ".join((["The"] if the else []) + core)


def same_outlet(a: str, b: str) -> bool:
    """True when both names are one outlet: "politico.com" and "Politico", "AP" and "The Associated Press"."""
    return (canonical_outlet(a) or outlet_key(a)) == (canonical_outlet(b) or outlet_key(b))


def credited_source(name: str | None, publisher: str | None) -> str | None:
    """`name` as the source an article credits, or None when that is the publisher itself: Politico
    quoting "Politico reported" in its own story credits no one else."""
    if name is None or (publisher and same_outlet(name, publisher)):
        return None
    return name


def is_boilerplate(line: str) -> bool:
    """True for navigation lines such as "Read also: ...", "Click here", "Sign up for ..."."""
    return bool(BOILERPLATE.match(line))


def boilerplate_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of boilerplate lines of ``text``."""
    out, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip() and is_boilerplate(line):
            out.append((start, end))
        start = end + 1
    return out


def article_credit(text: str) -> str | None:
    """The wire service or outlet the article as a whole credits (dateline, "This was reported by X",
    a Reuters tagline, a last line naming a wire)."""
    body = "\n".join(line for line in text.split("\n") if not is_boilerplate(line))
    for pattern in _ARTICLE_PATTERNS:
        for match in pattern.finditer(body):
            name = canonical_outlet(match.group("name"))
            if name:
                return name
    if _REUTERS_TAGLINE.search(body):
        return "Reuters"
    lines = [line for line in body.split("\n") if line.strip()]
    for line in lines[-2:]:
        tail = _TAIL_LINE.match(line)
        if tail:
            name = canonical_outlet(tail.group("name"))
            if name in WIRES:
                return name
    return None


def claim_credit(sentence: str) -> str | None:
    """The outlet a single sentence credits ("…, according to AP", "The Post reported that …")."""
    for pattern in _CLAIM_PATTERNS:
        for match in pattern.finditer(sentence):
            name = canonical_outlet(match.group("name"))
            if name:
                return name
    return None
