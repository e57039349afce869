"""Credited sources (wire services and outlets an article credits) and navigation/boilerplate lines."""

from __future__ import annotations

import re

#: Canonical names of news outlets and wire services, keyed by lower-cased variants seen in text.
OUTLETS: dict[str, str] = {
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "ap": "Associated Press",
    "the ap": "Associated Press",
    "associated press": "Associated Press",
    "the associated press": "Associated Press",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "upi": "UPI",
    "united press international": "UPI",
    "bloomberg": "Bloomberg",
    "bloomberg news": "Bloomberg",
    "dpa": "dpa",
    "efe": "EFE",
    "ansa": "ANSA",
    "kyodo": "Kyodo",
    "kyodo news": "Kyodo",
    "yonhap": "Yonhap",
    "xinhua": "Xinhua",
    "tass": "TASS",
    "interfax": "Interfax",
    "ria novosti": "RIA Novosti",
    "anadolu": "Anadolu",
    "pti": "PTI",
    "cnn": "CNN",
    "bbc": "BBC",
    "nbc": "NBC",
    "nbc news": "NBC News",
    "cbs": "CBS",
    "cbs news": "CBS News",
    "abc news": "ABC News",
    "fox news": "Fox News",
    "msnbc": "MSNBC",
    "politico": "Politico",
    "axios": "Axios",
    "breitbart": "Breitbart",
    "ft": "Financial Times",
    "financial times": "Financial Times",
    "the financial times": "Financial Times",
    "the wall street journal": "The Wall Street Journal",
    "wall street journal": "The Wall Street Journal",
    "wsj": "The Wall Street Journal",
    "the washington post": "The Washington Post",
    "washington post": "The Washington Post",
    "the post": "The Washington Post",
    "the new york times": "The New York Times",
    "new york times": "The New York Times",
    "the times": "The New York Times",
    "nyt": "The New York Times",
    "the new york post": "The New York Post",
    "new york post": "The New York Post",
    "the guardian": "The Guardian",
    "usa today": "USA Today",
    "the hill": "The Hill",
    "the huffington post": "HuffPost",
    "huffington post": "HuffPost",
    "huffpost": "HuffPost",
    "newsweek": "Newsweek",
    "the atlantic": "The Atlantic",
    "nikkei": "Nikkei",
    "the economist": "The Economist",
}
#: Wire services whose dateline or tagline credits a whole article.
WIRES = frozenset({"Reuters", "Associated Press", "AFP", "UPI", "Bloomberg", "dpa", "EFE", "ANSA", "Kyodo",
                   "Yonhap", "Xinhua", "TASS", "Interfax", "RIA Novosti", "Anadolu", "PTI"})
#: Head words that make an unknown organisation look like a news outlet.
OUTLET_WORDS = frozenset("post times news journal herald tribune telegraph guardian gazette chronicle press "
                         "review magazine daily agency radio tv television network wire newspaper".split())

_NAME = r"(?:the[ \t]+)?[A-Z][\w.&'’-]*(?:[ \t]+[A-Z][\w.&'’-]*){0,4}"
#: Credits for a whole article: datelines, "This was reported by X", wire taglines.
_ARTICLE_PATTERNS = [
    # "This was reported by Reuters." (a sentence of its own)
    re.compile(r"(?:^|[.!?]\s+)(?:This|It|The (?:report|story|news))\s+(?:was|is|has been)\s+(?:first\s+)?"
               r"reported\s+by\s+(?P<name>" + _NAME + ")", re.M),
    # "(Reuters) -" / "(AP) —" datelines
    re.compile(r"\((?P<name>" + _NAME + r")\)\s*[-–—]"),
    # "WASHINGTON (AP) " without a dash
    re.compile(r"^[A-Z][A-Z .,'’-]{2,40}\((?P<name>" + _NAME + r")\)", re.M),
]
#: Reuters' own tagline: "(Reporting by …; Editing by …)".
_REUTERS_TAGLINE = re.compile(r"\((?:Additional )?[Rr]eporting by [^)]*(?:[Ee]diting|[Ww]riting) by [^)]*\)")
#: A last line that is only a wire's name: "- Reuters." / "— AP".
_TAIL_LINE = re.compile(r"^\s*[-–—―]?\s*(?P<name>" + _NAME + r")\s*\.?\s*$")
#: Credits for one claim, found in its sentence: "according to AP", "The Post reported", "told Reuters".
_CLAIM_PATTERNS = [
    re.compile(r"according\s+to\s+(?P<name>" + _NAME + ")"),
    re.compile(r"(?:as|first)\s+reported\s+by\s+(?P<name>" + _NAME + ")"),
    re.compile(r"(?P<name>" + _NAME + r")\s+(?:reported|reports|has reported|has learned|said in a report)"),
    re.compile(r"told\s+(?P<name>" + _NAME + ")"),
]

#: Navigation and boilerplate lines: these never carry attributions.
BOILERPLATE = re.compile(
    r"^\s*(?:read (?:also|more|the rest|the full)|see also|related(?: articles?| stories)?\s*:|more:|click here|"
    r"sign up|subscribe|follow us|share this|advertisement|watch(?: the)? video|watch:|listen:|"
    r"also read|recommended|©|copyright|all rights reserved)",
    re.I,
)


def canonical_outlet(name: str) -> str | None:
    """Canonical outlet name for a mention ("the AP" -> "Associated Press"), or None if not an outlet."""
    key = re.sub(r"\s+", " ", name.strip().strip(".,;:’'\"")).lower()
    key = re.sub(r"[’']s$", "", key)
    if key in OUTLETS:
        return OUTLETS[key]
    words = key.split()
    clean = re.sub(r"[’']s$", "", name.strip().strip(".,;:’'\""))
    if len(words) >= 2 and words[-1] in OUTLET_WORDS and clean.split()[-1][:1].isupper():
        return " ".join(w if w.lower() != "the" else "The" for w in clean.split())
    return None


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
