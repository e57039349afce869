"""Word lists that more than one stage reads, kept in one place."""

from __future__ import annotations

#: Capitalised verbs that end a headline's subject ("Obama Says ...", "Trump Warns Clinton"): when NER takes
#: one into a name, the name stops before it.
HEADLINE_VERBS: frozenset[str] = frozenset(
    """says said warns warned slams slammed claims claimed tells told calls called asks asked urges urged vows
    vowed admits admitted blasts blasted defends defended denies denied responds responded rips ripped mocks
    mocked praises praised accuses accused attacks attacked explains explained reveals revealed insists insisted
    wants wanted thinks thought knows blames blamed hits hit touts touted pushes pushed says: announces announced
    reacts reacted demands demanded suggests suggested argues argued seeks sought sees saw corners
    cornered hails hailed fires fired backs backed""".split()
)

#: Lower-case name particles ("Bill de Blasio", "Ludwig van Beethoven") that stay lower case in a name.
NAME_PARTICLES: frozenset[str] = frozenset("de da del della di van von der den du le la bin al".split())

#: Generational suffixes, which are not surnames ("Martin Luther King Jr.").
NAME_SUFFIXES: frozenset[str] = frozenset("jr jr. sr sr. ii iii iv".split())

#: Titles and honorifics that open a name and are not part of it ("Mrs. Clinton", "Sen. Sanders").
NAME_TITLES: frozenset[str] = frozenset(
    """mr. mr mrs. mrs ms. ms miss dr. dr sen. sen rep. rep gov. gov gen. lt. col. capt. sgt. prof. rev.
    president vice secretary senator governor mayor judge justice chairman chairwoman sir dame lord lady
    superintendent councillor councilman councilwoman commissioner then-president former""".split()
)

#: Party words that, before a noun, say what someone is ("Republican nominee", "GOP senator").
PARTY_WORDS: frozenset[str] = frozenset("republican republicans democratic democrat democrats gop".split())
