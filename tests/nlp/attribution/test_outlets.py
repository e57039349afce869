"""Credited sources (wires, outlets) and boilerplate lines."""

from __future__ import annotations

import pytest

from tracker.nlp.attribution.outlets import article_credit, canonical_outlet, claim_credit, is_boilerplate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hegseth met Nakatani in Tokyo.\nThis was reported by Reuters.", "Reuters"),
        ("TOKYO (Reuters) - Hegseth met Nakatani in Tokyo.", "Reuters"),
        ("WASHINGTON (AP) — The Senate voted on Tuesday.", "Associated Press"),
        ("The Senate voted.\n\n(Reporting by Jane Doe; Editing by John Roe)", "Reuters"),
        ("The Senate voted.\n\n- Reuters.", "Reuters"),
        # an outlet credited for one claim does not credit the whole article
        ("The vote was close, according to AP.", None),
        ("The Washington Post reported that Hegseth had ordered the change.", None),
        ("The plan was first reported by The New York Times on Tuesday.", None),
        ("Hegseth met Nakatani in Tokyo.", None),
    ],
)
def test_article_credit(text: str, expected: str | None) -> None:
    assert article_credit(text) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The vote was close, according to AP.", "Associated Press"),
        ("The Senate voted on Tuesday, UPI reported.", "UPI"),
        ("The Washington Post reported that Hegseth had ordered the change.", "The Washington Post"),
        ("The plan was first reported by The New York Times on Tuesday.", "The New York Times"),
        ("The minister told Reuters the talks went well.", "Reuters"),
        ("The minister told reporters the talks went well.", None),
        ("Hegseth said he had asked for access.", None),
    ],
)
def test_claim_credit(sentence: str, expected: str | None) -> None:
    assert claim_credit(sentence) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("The Washington Post", "The Washington Post"),
        ("the AP", "Associated Press"),
        ("Reuters", "Reuters"),
        ("The Dallas Morning News", "The Dallas Morning News"),
        ("Pete Hegseth", None),
        ("the White House", None),
    ],
)
def test_canonical_outlet(name: str, expected: str | None) -> None:
    assert canonical_outlet(name) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Read also: FT: EU Plans Minimal Fines for Apple and Meta to Avoid Provoking Trump", True),
        ("Read more", True),
        ("Click here to subscribe", True),
        ("Sign up for our newsletter", True),
        ("Read the rest here.", True),
        ("Hegseth said he had asked for access.", False),
        ("Readers said they liked it.", False),
    ],
)
def test_is_boilerplate(line: str, expected: bool) -> None:
    assert is_boilerplate(line) is expected


@pytest.mark.slow
def test_credited_source_on_attributions(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Pete Hegseth said the alliance would grow stronger.\n"
        "The Washington Post reported that Pete Hegseth had ordered the military to prioritize Taiwan.\n"
        "This was reported by Reuters.\n"
        "Read also: FT says Trump will announce new tariffs, officials said"
    )
    attributions = extract(text)
    by_content = {a.content.text: a for a in attributions}
    grow = next(a for c, a in by_content.items() if "alliance would grow" in c)
    post = next(a for c, a in by_content.items() if "had ordered the military" in c)
    assert grow.credited_source == "Reuters"
    assert post.credited_source == "The Washington Post"
    told = extract("The minister told Reuters that the talks had gone well.")
    assert told and told[0].credited_source == "Reuters"
    assert not [a for a in attributions if a.content.start >= text.index("Read also")]
