"""An organisation's acronym is that organisation (issue #11: one entity per real speaker)."""

from __future__ import annotations

from tracker.entities.linking import NameUse, link_names

ORG = "organisation"


def _entity(uses: list[NameUse], name: str) -> str | None:
    cluster = link_names(uses).cluster_of(name, ORG)
    return cluster.name if cluster is not None else None


def test_an_acronym_joins_the_one_organisation_with_those_initials() -> None:
    uses = [NameUse("International Monetary Fund", ORG, 2), NameUse("IMF", ORG, 6), NameUse("F.B.I.", ORG, 1)]
    uses.append(NameUse("Federal Bureau of Investigation", ORG, 1))
    assert _entity(uses, "IMF") == "International Monetary Fund"
    assert _entity(uses, "F.B.I.") == "Federal Bureau of Investigation"


def test_an_acronym_two_organisations_share_stays_apart() -> None:
    uses = [NameUse("Democratic National Committee", ORG, 2), NameUse("Data and Network Council", ORG, 2)]
    uses.append(NameUse("DNC", ORG, 3))
    assert _entity(uses, "DNC") == "DNC"


def test_a_word_in_capitals_with_no_organisation_to_match_is_itself() -> None:
    uses = [NameUse("NATO", ORG, 3), NameUse("National Rifle Association", ORG, 2)]
    assert _entity(uses, "NATO") == "NATO"
