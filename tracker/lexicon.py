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

#: Words after a comma that start a trailing modifier a reported clause rarely carries (", despite …"): the
#: attribution passes end an indirect statement there.
TAIL_STARTERS: frozenset[str] = frozenset("contradicting with despite while whereas although though".split())

#: Evaluative nouns of journalists' framing: "Hegseth's praise for Japan" (positive), "the criticism he directed
#: at European allies" (negative). The framing pass reads a speaker's stance toward the noun's object from them.
FRAMING_POSITIVE_NOUNS: tuple[str, ...] = (
    "praise", "support", "admiration", "endorsement", "backing", "approval", "commendation", "appreciation",
    "gratitude", "thanks", "enthusiasm", "embrace", "defense", "defence", "applause", "tribute", "sympathy", "warmth",
    "compliments", "plaudits", "affection", "solidarity", "loyalty", "respect", "championing",
)
FRAMING_NEGATIVE_NOUNS: tuple[str, ...] = (
    "criticism", "criticisms", "condemnation", "attack", "attacks", "denunciation", "rebuke", "scorn", "contempt",
    "disdain", "hostility", "opposition", "disapproval", "complaints", "complaint", "censure", "anger", "frustration",
    "broadside", "tirade", "threats", "threat", "accusations", "distrust", "mistrust", "skepticism", "scepticism",
    "warnings", "warning", "rebukes", "jabs", "swipe", "swipes", "barbs", "disparagement", "ridicule", "mockery",
    "dismissal", "snub", "hostile remarks",
)
#: Verbs that aim a framing noun at its object: "the criticism he directed at", "praise he heaped on".
FRAMING_VERBS: tuple[str, ...] = (
    "directed", "aimed", "leveled", "levelled", "voiced", "expressed", "offered", "showed", "showered", "heaped",
    "hurled", "reserved", "made",
)

#: Relative pronouns: "who said …" is a relative clause about a speaker, not a credit set off in a sentence.
RELATIVE_PRONOUNS: frozenset[str] = frozenset("who whom whose which that".split())

#: Reporting verbs whose object is the hearer, not what was said ("the mayor told reporters").
HEARER_VERBS: frozenset[str] = frozenset("tell inform brief assure remind".split())

#: Words that open a subordinate clause after a comma ("…, when engineers first warned …"): the clause belongs to
#: the statement it hangs on.
CLAUSE_LINKS: frozenset[str] = frozenset("when where because after before since until unless if".split())
