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
    "praise",
    "support",
    "admiration",
    "endorsement",
    "backing",
    "approval",
    "commendation",
    "appreciation",
    "gratitude",
    "thanks",
    "enthusiasm",
    "embrace",
    "defense",
    "defence",
    "applause",
    "tribute",
    "sympathy",
    "warmth",
    "compliments",
    "plaudits",
    "affection",
    "solidarity",
    "loyalty",
    "respect",
    "championing",
)
FRAMING_NEGATIVE_NOUNS: tuple[str, ...] = (
    "criticism",
    "criticisms",
    "condemnation",
    "attack",
    "attacks",
    "denunciation",
    "rebuke",
    "scorn",
    "contempt",
    "disdain",
    "hostility",
    "opposition",
    "disapproval",
    "complaints",
    "complaint",
    "censure",
    "anger",
    "frustration",
    "broadside",
    "tirade",
    "threats",
    "threat",
    "accusations",
    "distrust",
    "mistrust",
    "skepticism",
    "scepticism",
    "warnings",
    "warning",
    "rebukes",
    "jabs",
    "swipe",
    "swipes",
    "barbs",
    "disparagement",
    "ridicule",
    "mockery",
    "dismissal",
    "snub",
    "hostile remarks",
)
#: Verbs that aim a framing noun at its object: "the criticism he directed at", "praise he heaped on".
FRAMING_VERBS: tuple[str, ...] = (
    "directed",
    "aimed",
    "leveled",
    "levelled",
    "voiced",
    "expressed",
    "offered",
    "showed",
    "showered",
    "heaped",
    "hurled",
    "reserved",
    "made",
)

#: Relative pronouns: "who said …" is a relative clause about a speaker, not a credit set off in a sentence.
RELATIVE_PRONOUNS: frozenset[str] = frozenset("who whom whose which that".split())

#: Reporting verbs whose object is the hearer, not what was said ("the mayor told reporters").
HEARER_VERBS: frozenset[str] = frozenset("tell inform brief assure remind".split())

#: Words that open a subordinate clause after a comma ("…, when engineers first warned …"): the clause belongs to
#: the statement it hangs on.
CLAUSE_LINKS: frozenset[str] = frozenset("when where because after before since until unless if".split())

# ---------------------------------------------------------------------------------------------------------------
# Entity linking (tracker/entities): word lists for joining a speaker's names and descriptions to one entity.

#: Headline verbs besides HEADLINE_VERBS that end a name's subject ("Ted Cruz Refuses ...", "Obama Sees ...").
ENTITY_HEADLINE_VERBS: frozenset[str] = frozenset(
    """refuses refused sounds sounded stresses stressed responds sees says tells offers offered rejects rejected
    weighs weighed questions questioned predicts predicted promises promised pledges pledged""".split()
)

#: Head nouns of a description that stands for one person holding a role ("the Vermont senator", "the GOP
#: nominee", "the New York businessman"): linking gives it to the one person of its article known in that role.
ROLE_NOUNS: frozenset[str] = frozenset(
    """nominee candidate contender hopeful frontrunner front-runner senator congressman congresswoman
    representative governor mayor president president-elect vice-president secretary minister chancellor
    premier chairman chairwoman chair businessman businesswoman billionaire mogul tycoon developer donor
    judge justice general admiral commander ambassador envoy attorney prosecutor sheriff commissioner
    director ceo executive founder spokesman spokeswoman spokesperson host anchor pundit pollster strategist
    economist professor doctor physician pastor bishop pope king queen prince rival opponent""".split()
)

#: Role words written short or in other words, folded to one form before roles are compared
#: ("Sen. Bernie Sanders" is a senator, "the GOP nominee" a Republican). "Candidate", "nominee" and
#: "front-runner" stay apart: a primary has many candidates and one front-runner.
ROLE_WORD_FORMS: dict[str, str] = {
    "sen.": "senator",
    "sen": "senator",
    "gov.": "governor",
    "gov": "governor",
    "rep.": "representative",
    "rep": "representative",
    "congressman": "representative",
    "congresswoman": "representative",
    "gop": "republican",
    "republicans": "republican",
    "democrat": "democratic",
    "democrats": "democratic",
    "frontrunner": "front-runner",
    "gen.": "general",
    "chairwoman": "chairman",
    "chair": "chairman",
    "spokeswoman": "spokesman",
    "spokesperson": "spokesman",
    "businesswoman": "businessman",
    "justice": "judge",
    "pres.": "president",
    # US states as roles abbreviate them ("Vermont Sen.", "I-Vt.", "R-Fla.")
    "ala.": "alabama",
    "ariz.": "arizona",
    "ark.": "arkansas",
    "calif.": "california",
    "colo.": "colorado",
    "conn.": "connecticut",
    "del.": "delaware",
    "fla.": "florida",
    "ga.": "georgia",
    "ill.": "illinois",
    "ind.": "indiana",
    "kan.": "kansas",
    "ky.": "kentucky",
    "la.": "louisiana",
    "md.": "maryland",
    "mass.": "massachusetts",
    "mich.": "michigan",
    "minn.": "minnesota",
    "miss.": "mississippi",
    "mo.": "missouri",
    "mont.": "montana",
    "neb.": "nebraska",
    "nev.": "nevada",
    "n.h.": "new hampshire",
    "n.j.": "new jersey",
    "n.m.": "new mexico",
    "n.y.": "new york",
    "n.c.": "north carolina",
    "n.d.": "north dakota",
    "okla.": "oklahoma",
    "ore.": "oregon",
    "pa.": "pennsylvania",
    "r.i.": "rhode island",
    "s.c.": "south carolina",
    "s.d.": "south dakota",
    "tenn.": "tennessee",
    "tex.": "texas",
    "vt.": "vermont",
    "vt": "vermont",
    "va.": "virginia",
    "wash.": "washington",
    "w.va.": "west virginia",
    "wis.": "wisconsin",
    "wyo.": "wyoming",
}

#: Party words of role descriptions, after ROLE_WORD_FORMS: a description naming one party never stands for a
#: person whose roles name only the other.
ROLE_PARTIES: frozenset[str] = frozenset({"republican", "democratic", "libertarian", "green"})

#: Modifiers that put a role in the past ("the former chairman"): a holder must be known with them.
ROLE_TENSES: frozenset[str] = frozenset({"former", "ex", "retired", "outgoing", "then"})

#: Pronouns that tell a gender: the ones that stood for a person across the store tell theirs.
PRONOUN_GENDERS: dict[str, str] = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}

#: Pronouns for a group or organisation, which name no one either.
GROUP_PRONOUNS: frozenset[str] = frozenset("they them their we us our it its who which that".split())

#: Words that make "X campaign" of a person's name: "the Trump team", "Sanders' camp", "Team Clinton".
CAMPAIGN_WORDS: frozenset[str] = frozenset({"campaign", "team", "camp"})

#: What an organisation issues: "a new ad from Donald Trump's campaign", "an IMF report", "a Bloomberg poll"
#: speak for the organisation they name.
ISSUED_NOUNS: frozenset[str] = frozenset(
    """ad ads advertisement commercial statement release document memo website site video email letter report
    article story editorial poll survey study analysis ruling filing tweet""".split()
)

#: Days and months, which open descriptions with a capital ("Wednesday editorial", "January study") but name
#: no one.
CALENDAR_WORDS: frozenset[str] = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december""".split()
)

#: Generic heads of organisation names: "Committee" alone is no short form of one committee.
ORGANISATION_HEADS: frozenset[str] = frozenset(
    """committee council board authority ministry department agency commission government administration
    campaign company court police office party university union institute foundation center centre
    association coalition group house senate congress news network press state states nations republic city
    county""".split()
)

#: Determiners and possessives that open a description ("the", "his"), and the ones that introduce someone
#: not named before ("a judge", "another official"), whom linking never gives to a named person.
DESCRIPTION_OPENERS: frozenset[str] = frozenset("the this that his her its their our".split())
INDEFINITE_OPENERS: frozenset[str] = frozenset("a an another one some any several".split())

# ---------------------------------------------------------------------------------------------------------------
# Speaker identity (issue #11): acronyms of organisation names.

#: Words an acronym leaves out: "Federal Bureau of Investigation" is the FBI.
ACRONYM_SKIPPED_WORDS: frozenset[str] = frozenset("of the for and on in at to &".split())

#: Role nouns that tell a person's gender ("9/11 widow Terry Strada", "spokeswoman Jessica Ditto"), as strong as
#: an honorific: the speaker resolver counts them before a pronoun is matched to a person.
ROLE_NOUN_GENDERS: dict[str, str] = {
    **dict.fromkeys(
        """widow wife mother daughter sister grandmother aunt niece girlfriend bride woman girl lady actress
        spokeswoman congresswoman businesswoman chairwoman councilwoman congresswomen anchorwoman
        stateswoman sportswoman policewoman""".split(),
        "f",
    ),
    **dict.fromkeys(
        """widower husband father son brother grandfather uncle nephew boyfriend groom man boy gentleman actor
        spokesman congressman businessman chairman councilman anchorman statesman sportsman policeman""".split(),
        "m",
    ),
}
