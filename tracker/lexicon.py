"""Word lists, kept in one place: every stage reads its words from here (tests/test_lexicon.py keeps it so)."""

from __future__ import annotations

import re

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

#: Verbs of perception: with an object and a bare verb ("would see their taxes go up") they tell what someone
#: sees happen, and the tagger often reads that bare verb as a present tense (syntax.py).
PERCEPTION_VERBS: frozenset[str] = frozenset({"see", "watch", "hear", "feel", "notice", "witness"})

#: Words that open a clause setting the scene for a statement ("As Obama appears set to veto the bill, Clinton
#: disagrees"): such a clause before its cue is not what was said (passes/filters.py).
SCENE_MARKS: frozenset[str] = frozenset("as while although though because since when after before once".split())

#: Recordings of someone speaking: "footage of Clinton asking ..." is Clinton's question (passes/resolution.py).
RECORDING_NOUNS: frozenset[str] = frozenset("footage video clip recording tape audio".split())

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
    economist professor doctor physician pastor bishop pope king queen prince lady rival opponent lawmaker
    legislator""".split()
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

#: Plural personal pronouns: speakers.py resolves them to a recent group or organisation subject.
PLURAL_PRONOUNS: frozenset[str] = frozenset("they them their we us our".split())

#: Pronouns for a group or organisation, which name no one either.
GROUP_PRONOUNS: frozenset[str] = PLURAL_PRONOUNS | frozenset("it its who which that".split())

#: Words that make "X campaign" of a person's name: "the Trump team", "Sanders' camp", "Team Clinton".
CAMPAIGN_WORDS: frozenset[str] = frozenset({"campaign", "team", "camp"})

#: Bodies named after the person who leads them: "her campaign", "the Obama administration", "the Clinton camp"
#: are a stance target of their own, the campaign or administration, not the person (stance/targets.py).
PERSON_BODY_NOUNS: frozenset[str] = CAMPAIGN_WORDS | frozenset({"administration", "foundation"})

#: Roles of people who act for someone else: a description of another role ("the Republican nominee") never
#: stands for a person the article gives in one of these ("spokeswoman Jessica Ditto") (stance/targets.py).
AGENT_ROLES: frozenset[str] = frozenset(
    "spokesman spokeswoman spokesperson aide adviser advisor lawyer attorney staffer surrogate".split()
)

#: Heads that make a country's word stand for the country itself: "the Russian government", "the Saudi regime"
#: are Russia and Saudi Arabia, where "a Russian journalist" is only modified (stance/targets.py).
GOVERNMENT_NOUNS: frozenset[str] = frozenset({"government", "regime", "authorities"})

#: What an organisation issues: "a new ad from Donald Trump's campaign", "an IMF report", "a Bloomberg poll"
#: speak for the organisation they name.
ISSUED_NOUNS: frozenset[str] = frozenset(
    """ad ads advertisement commercial statement release document memo website site video email letter report
    article story editorial poll survey study analysis ruling filing tweet clip spot""".split()
)
#: Issued things a story names with one noun and then another: "A web video by the RNC ..." then "The ad",
#: "The clip". Nouns not listed are their own kind.
ISSUED_KINDS: dict[str, str] = {noun: "ad" for noun in "ad ads advertisement commercial video clip spot".split()} | {
    "release": "statement",
    "memo": "document",
    "site": "website",
}

#: Month names, each with its abbreviations, January first: stance/dates.py reads dates with them.
MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)

#: Weekday names, Monday first: stance/dates.py reads dates with them.
WEEKDAY_NAMES: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: Days and months, which open descriptions with a capital ("Wednesday editorial", "January study") but name
#: no one.
CALENDAR_WORDS: frozenset[str] = frozenset(WEEKDAY_NAMES) | frozenset(names[0] for names in MONTH_NAMES)

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

# ---------------------------------------------------------------------------------------------------------------
# Attribution cues (tracker/nlp/attribution): reporting verbs and nouns, as lemmas.

#: Verbs of saying, writing, arguing, believing and reporting (lemmas): the tagger's features and the passes.
REPORTING_VERBS: frozenset[str] = frozenset(
    """
    say tell state add note write report announce declare claim argue insist explain reply respond answer
    ask warn predict acknowledge admit concede confirm deny suggest propose recommend urge call describe
    characterize label dub brand term accuse blame criticize criticise condemn praise hail laud attack slam
    blast rip mock dismiss reject question challenge doubt believe think feel know hope fear expect assume
    worry wonder reckon estimate conclude find show indicate reveal disclose learn recall remember mention
    cite quote tweet post testify swear vow pledge promise threaten boast brag complain lament concur agree
    disagree contend maintain assert allege charge observe point remark comment emphasize emphasise stress
    underscore signal hint imply speculate caution advise inform assure reassure notify brief announce
    counter retort rebut joke quip muse shout yell scream whisper mutter exclaim continue acknowledge
    recount relate narrate recount decry denounce defend demand insist deplore lambaste chide scold
""".split()
)

#: Nouns that head or carry an attributed clause ("his claim that ...", "the report said"): tagger, syntax.py.
REPORTING_NOUNS: frozenset[str] = frozenset(
    """
    statement claim view belief argument assertion allegation accusation charge comment remark report
    announcement assessment warning suggestion promise pledge vow opinion interview testimony speech
    tweet post letter memo email message editorial column op-ed study survey poll analysis finding
    estimate prediction forecast concern fear hope insistence denial admission acknowledgement
    acknowledgment explanation response reply answer question criticism praise
""".split()
)

#: Verbs whose object and its predicate are the content ("called Japan an indispensable partner"): syntax, passes.
NAMING_VERBS: frozenset[str] = frozenset(
    "call describe label dub term brand deem identify regard view portray cast characterize characterise".split()
)

#: Verbs that introduce a speaker after the quote in inverted attribution ("…," said Hegseth).
INVERSION_VERBS: frozenset[str] = frozenset(
    "say tell add note write ask explain continue reply respond answer insist warn recall declare chant".split()
)

#: Verbs next to a direct quote that pick its speaker (syntax.py, grouping pass): reporting and inversion verbs.
QUOTE_VERBS: frozenset[str] = REPORTING_VERBS | INVERSION_VERBS

# ---------------------------------------------------------------------------------------------------------------
# Punctuation: dashes.

#: The long dashes (em dash, horizontal bar), which end a quoted piece and start a credit: syntax.py, the passes.
CREDIT_DASHES: tuple[str, ...] = ("―", "—")

#: Every dash: the long ones, a hyphen and an en dash (``“…” ― Gen Nakatani``): syntax.py, quotes.py, passes.
DASHES: str = "".join(CREDIT_DASHES) + "-–"

# ---------------------------------------------------------------------------------------------------------------
# Speaker resolution (tracker/nlp/attribution/speakers.py): roles, titles, names and genders.

#: Role-compatibility groups: a description word matches a role word of the same group (speakers.py).
ROLE_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"secretary", "minister", "chief", "head", "boss", "official"}),
    frozenset({"defense", "defence", "pentagon", "military", "war"}),
    frozenset({"president", "commander-in-chief", "leader", "head"}),
    frozenset({"senator", "lawmaker", "congressman", "congresswoman", "legislator", "representative", "rep."}),
    frozenset({"candidate", "nominee", "contender", "hopeful", "challenger"}),
    frozenset({"governor", "gov."}),
    frozenset({"mayor"}),
    frozenset({"spokesman", "spokeswoman", "spokesperson", "spokesmen", "aide", "adviser", "advisor"}),
    frozenset({"ambassador", "envoy", "diplomat"}),
    frozenset({"prime", "premier"}),
    frozenset({"foreign", "diplomacy", "state"}),
    frozenset({"chancellor"}),
    frozenset({"doctor", "physician", "dr."}),
    frozenset({"judge", "justice"}),
    frozenset({"attorney", "lawyer", "prosecutor", "counsel"}),
    frozenset({"ceo", "executive", "chairman", "chairwoman", "chair", "founder", "businessman", "billionaire"}),
    frozenset({"general", "commander", "admiral", "gen."}),
    frozenset({"democrat", "democratic"}),
    frozenset({"republican", "gop"}),
)

#: Country words folded to one key, so "U.S." in a description rules out a "Japan's" role (speakers.py).
ROLE_COUNTRIES: dict[str, str] = {
    "u.s.": "us",
    "us": "us",
    "u.s": "us",
    "america": "us",
    "american": "us",
    "united states": "us",
    "japan": "japan",
    "japanese": "japan",
    "china": "china",
    "chinese": "china",
    "russia": "russia",
    "russian": "russia",
    "ukraine": "ukraine",
    "ukrainian": "ukraine",
    "britain": "uk",
    "british": "uk",
    "u.k.": "uk",
    "uk": "uk",
    "france": "france",
    "french": "france",
    "germany": "germany",
    "german": "germany",
    "israel": "israel",
    "israeli": "israel",
    "iran": "iran",
    "iranian": "iran",
    "india": "india",
    "indian": "india",
    "korea": "korea",
    "korean": "korea",
    "taiwan": "taiwan",
    "taiwanese": "taiwan",
    "mexico": "mexico",
    "mexican": "mexico",
    "canada": "canada",
    "canadian": "canada",
    "eu": "eu",
    "european": "eu",
    "nato": "nato",
    "australia": "australia",
    "australian": "australia",
}

#: NAME_TITLES and the offices the speaker resolver also drops from the front of a name and reads as roles
#: (speakers.py).
SPEAKER_TITLES: frozenset[str] = NAME_TITLES | frozenset(
    "minister king queen prince princess pope ambassador candidate nominee".split()
)

#: People named by their tie to someone: "Trump's lawyer" is not Trump (speakers.py).
RELATION_NOUNS: frozenset[str] = frozenset(
    """lawyer lawyers attorney attorneys spokesman spokeswoman spokesperson aide aides
    adviser advisers advisor advisors daughter son wife husband mother father brother sister friend mate
    doctor physician staff staffer manager chairman surrogate surrogates supporter supporters strategist
    strategists pollster consultant operative
    opponent opponents rival critics critic ex ex-wife ex-husband widow widower""".split()
)

#: Roles a story brings someone new in by ("The mayor said", "the Ohio governor", "the Clinton spokesman"): never
#: read as an epithet for the person the sentence before is about, only through a title the article gives.
NEW_PERSON_ROLES: frozenset[str] = RELATION_NOUNS | frozenset(
    """mayor governor judge justice sheriff chief commissioner superintendent councillor councilman
    councilwoman prosecutor officer""".split()
)

#: Parts of a body that speak for it: "a three-judge panel of the U.S. Court of Appeals" rules for the court.
PANEL_NOUNS: frozenset[str] = frozenset({"panel", "subcommittee", "bench"})

#: A local body a story names once by its place and then by the bare noun ("Tulsa police" ... "police said").
FORCE_NOUNS: frozenset[str] = frozenset({"police"})

#: ORGANISATION_HEADS and more heads of a named body that has no NER label ("Riverton council", "the Smith
#: campaign"): speakers.py.
ORGANISATION_NOUNS: frozenset[str] = ORGANISATION_HEADS | frozenset("newspaper district station bureau".split())

#: Honorifics that tell a gender ("Mrs. Clinton"): speakers.py counts them as votes for a person's gender.
HONORIFIC_GENDERS: dict[str, str] = {
    "mr.": "m",
    "mr": "m",
    "mrs.": "f",
    "mrs": "f",
    "ms.": "f",
    "ms": "f",
    "miss": "f",
    "sir": "m",
    "dame": "f",
    "lady": "f",
    "lord": "m",
    "king": "m",
    "queen": "f",
}

#: Common women's first names in English-language news: a gender hint in speakers.py, outweighed by honorifics.
FIRST_NAMES_F: frozenset[str] = frozenset(
    """mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa
    betty margaret sandra ashley kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca
    laura sharon cynthia kathleen amy angela helen anna brenda pamela nicole emma samantha katherine christine
    debbie rachel catherine carolyn janet maria heather diane julie joyce victoria kelly christina joan evelyn
    lauren judith olivia megan cheryl martha andrea frances hannah jacqueline ann gloria jean kathryn alice
    teresa sara janice doris madison julia grace judy abigail marie denise beverly amber theresa marilyn
    hillary kamala melania ivanka michelle chelsea dianne claire condoleezza madeleine nikki elise kellyanne
    sheryl ruth sonia elena amy tulsi ilhan alexandria marjorie liz lindsey ursula angela theresa jacinda
    giorgia marine kristi tammy gina janet loretta sally huma""".split()
)

#: Common men's first names in English-language news: a gender hint in speakers.py, outweighed by honorifics.
FIRST_NAMES_M: frozenset[str] = frozenset(
    """james robert john michael william david richard joseph thomas charles christopher
    daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald
    edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin
    samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry
    douglas zachary peter kyle ethan walter noah jeremy christian keith roger terry gerald harold sean austin
    carl arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel logan albert willie alan juan
    wayne elijah randy roy vincent ralph eugene russell bobby mason philip louis barack bernie mitt mike
    ted marco rand chris jeb newt bill al dick ben pete lloyd antony vladimir xi emmanuel olaf boris rishi
    keir justin narendra recep volodymyr benjamin kim tim tom jim bob ron rudy reince sean steve jared eric
    hunter kevin chuck mitch paul rex jeh lindsey""".split()
)

#: Pronouns that stand for one person (the words of PRONOUN_GENDERS): speakers.py gives them a recent person.
PERSON_PRONOUNS: frozenset[str] = frozenset(PRONOUN_GENDERS)

# ---------------------------------------------------------------------------------------------------------------
# News outlets (tracker/nlp/attribution/outlets.py): mastheads, wires, credits and boilerplate.

#: Canonical outlet and wire names keyed by their variants in text, publishers' names and web addresses (outlets.py).
OUTLETS: dict[str, str] = {
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "ap": "Associated Press",
    "the ap": "Associated Press",
    "associated press": "Associated Press",
    "the associated press": "Associated Press",
    "ap news": "Associated Press",
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
    "xinhua news agency": "Xinhua",
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
    "breitbart news": "Breitbart",
    "breitbart news network": "Breitbart",
    "npr": "NPR",
    "national public radio": "NPR",
    "pbs": "PBS",
    "al jazeera": "Al Jazeera",
    "the western journal": "The Western Journal",
    "western journal": "The Western Journal",
    "west journal": "The Western Journal",
    "national review": "National Review",
    "the national review": "National Review",
    "the daily beast": "The Daily Beast",
    "daily beast": "The Daily Beast",
    "the daily caller": "The Daily Caller",
    "daily caller": "The Daily Caller",
    "washington examiner": "Washington Examiner",
    "the washington examiner": "Washington Examiner",
    "the blaze": "TheBlaze",
    "theblaze": "TheBlaze",
    "newsmax": "Newsmax",
    "mediaite": "Mediaite",
    "los angeles times": "Los Angeles Times",
    "the los angeles times": "Los Angeles Times",
    "la times": "Los Angeles Times",
    "ft": "Financial Times",
    "financial times": "Financial Times",
    "the financial times": "Financial Times",
    "the wall street journal": "The Wall Street Journal",
    "wall street journal": "The Wall Street Journal",
    "wsj": "The Wall Street Journal",
    "the washington post": "The Washington Post",
    "washington post": "The Washington Post",
    "wash post": "The Washington Post",
    "the post": "The Washington Post",
    "the new york times": "The New York Times",
    "new york times": "The New York Times",
    "the times": "The New York Times",
    "nyt": "The New York Times",
    "nytimes": "The New York Times",
    "the new york post": "The New York Post",
    "new york post": "The New York Post",
    "nypost": "The New York Post",
    "the guardian": "The Guardian",
    "usa today": "USA Today",
    "the hill": "The Hill",
    "the huffington post": "HuffPost",
    "huffington post": "HuffPost",
    "huffpost": "HuffPost",
    "huff post": "HuffPost",
    "newsweek": "Newsweek",
    "the atlantic": "The Atlantic",
    "nikkei": "Nikkei",
    "the economist": "The Economist",
    "economist": "The Economist",
}

#: Wire services whose dateline or tagline credits a whole article (outlets.article_credit).
WIRES: frozenset[str] = frozenset(
    {
        "Reuters",
        "Associated Press",
        "AFP",
        "UPI",
        "Bloomberg",
        "dpa",
        "EFE",
        "ANSA",
        "Kyodo",
        "Yonhap",
        "Xinhua",
        "TASS",
        "Interfax",
        "RIA Novosti",
        "Anadolu",
        "PTI",
    }
)

#: Last words that make an unknown name look like an outlet ("The Dallas Morning News") (outlets.py). Not
#: "agency", "review" or "network": they end the IAEA, the Nuclear Posture Review and the Haqqani network as often.
OUTLET_WORDS: frozenset[str] = frozenset(
    "post times news journal herald tribune telegraph guardian gazette chronicle press "
    "magazine radio tv television newspaper inquirer".split()
)

#: Common nouns that stand for a newspaper named before them ("The Washington Post ran a feature ... the
#: newspaper said"): speakers.py gives them the nearest outlet before. Not "network" or "website": an outlet
#: list says nothing of which outlets broadcast or publish online.
OUTLET_NOUNS: frozenset[str] = frozenset("newspaper paper daily tabloid".split())

#: Mastheads in form only: "the Fake News" is a politician's phrase (outlets.canonical_outlet).
NOT_OUTLETS: frozenset[str] = frozenset({"fake news", "the fake news"})

#: Function words that open a sentence before a name: "As Breitbart News reported", "But Hegseth" (outlets.py,
#: the framing pass).
LEADING_WORDS: frozenset[str] = frozenset("as but and so yet while when also like still".split())

#: Labels of a web address that name no outlet: "www.politico.com", "bbc.co.uk" (outlets.outlet_key).
DOMAIN_LABELS: frozenset[str] = frozenset("www com org net co uk us eu news go edition amp m".split())

#: Openings of navigation and boilerplate lines ("Read more", "Sign up"), which carry no attribution (outlets.py).
BOILERPLATE = re.compile(
    r"^\s*(?:read (?:also|more|the rest|the full)|see also|related(?: articles?| stories)?\s*:|more:|click here|"
    r"sign up|subscribe|follow us|share this|advertisement|watch(?: the)? video|watch:|listen:|"
    r"also read|recommended|©|copyright|all rights reserved)",
    re.I,
)

# ---------------------------------------------------------------------------------------------------------------
# The framing pass (tracker/nlp/attribution/passes/framing.py), besides the FRAMING_* lists above.

#: Prepositions that join a framing noun to its object: "praise for", "the criticism he directed at" (framing pass).
FRAMING_PREPOSITIONS: tuple[str, ...] = ("for", "of", "at", "to", "toward", "towards", "against", "with", "about", "on")

#: Words that end a framing noun's object phrase, where a clause or a time adverbial starts (framing pass).
FRAMING_OBJECT_STOPS: tuple[str, ...] = (
    "in",
    "on",
    "during",
    "after",
    "before",
    "when",
    "while",
    "since",
    "that",
    "which",
    "who",
    "because",
)


# ---------------------------------------------------------------------------------------------------------------
# Stance (tracker/stance): role nouns said of a target, the target alias table, number words.

#: Role nouns that, said of a target ("Japan is our partner"), put it on someone's side (stance/predication.py).
PREDICATED_POSITIVE_NOUNS: frozenset[str] = frozenset(
    {
        "ally",
        "partner",
        "friend",
        "cornerstone",
        "pillar",
        "bulwark",
        "champion",
        "asset",
        "model",
        "hero",
        "success",
        "backbone",
        "anchor",
        "linchpin",
        "lifeline",
        "defender",
        "protector",
        "supporter",
        "peacemaker",
    }
)

#: Role nouns that, said of a target ("described China as a threat"), put it against someone (stance/predication.py).
PREDICATED_NEGATIVE_NOUNS: frozenset[str] = frozenset(
    {
        "threat",
        "enemy",
        "adversary",
        "foe",
        "aggressor",
        "menace",
        "danger",
        "rival",
        "bully",
        "dictator",
        "tyrant",
        "criminal",
        "liar",
        "failure",
        "disaster",
        "liability",
        "problem",
        "obstacle",
        "challenge",
        "nightmare",
        "pariah",
        "sponsor",
        "aggression",
        "provocation",
        "disgrace",
        "fraud",
        "thug",
        "terrorist",
        "killer",
        "puppet",
        "villain",
    }
)

#: Acts of hostility toward someone: "Trump attacked Machado", "tweets targeting Machado", "disparaging remarks
#: about Machado". Said of a third party's act, they speak of the one who acts, not of the one acted on
#: (stance/predication.py). Not accusations or criticism ("accused her of lying"): those carry a claim about the
#: one accused.
HOSTILE_ACT_VERBS: frozenset[str] = frozenset(
    "attack target shame mock insult disparage taunt bully smear demean belittle ridicule harass humiliate".split()
)
HOSTILE_ACT_NOUNS: frozenset[str] = frozenset("attack insult taunt slur smear".split())
#: Prepositions that aim a hostile act at its target: "remarks about Machado", "a swipe at Clinton".
HOSTILE_ACT_PREPOSITIONS: frozenset[str] = frozenset({"about", "at", "on", "against", "toward", "towards"})
HOSTILE_ACT_ADJECTIVES: frozenset[str] = frozenset(
    "disparaging derogatory disrespectful insulting demeaning offensive sexist racist".split()
)

#: NAMING_VERBS and verbs that name a role while judging ("hailed Japan as a partner"): stance/predication.py reads
#: the role after them. Attribution keeps to NAMING_VERBS: the extra verbs there cost direct-quote F1.
STANCE_NAMING_VERBS: frozenset[str] = NAMING_VERBS | frozenset(
    "consider name hail see praise denounce condemn paint".split()
)

#: Stance targets as (canonical name, kind, aliases in text); seeds the target_aliases table (stance/targets.py).
TARGET_ENTRIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "United States",
        "country",
        (
            "U.S.",
            "US",
            "U.S.A.",
            "USA",
            "America",
            "American",
            "United States of America",
            "the United States",
            "Stateside",
        ),
    ),
    (
        "China",
        "country",
        (
            "Chinese",
            "Beijing",
            "Communist China",
            "People's Republic of China",
            "PRC",
            "Chinese Communist Party",
            "CCP",
            "Chinese government",
        ),
    ),
    ("Japan", "country", ("Japanese", "Tokyo")),
    (
        "Europe",
        "region",
        (
            "European",
            "Europeans",
            "European allies",
            "European Union",
            "EU",
            "E.U.",
            "Brussels",
            "European Commission",
            "European partners",
            "European countries",
            "European leaders",
        ),
    ),
    ("Russia", "country", ("Russian", "Russians", "Moscow", "Kremlin", "the Kremlin", "Russian Federation")),
    ("Ukraine", "country", ("Ukrainian", "Ukrainians", "Kyiv", "Kiev")),
    ("Taiwan", "country", ("Taiwanese", "Taipei")),
    ("NATO", "organisation", ("North Atlantic Treaty Organization", "Nato")),
    ("Israel", "country", ("Israeli", "Israelis", "Jerusalem", "Tel Aviv")),
    ("Iran", "country", ("Iranian", "Iranians", "Tehran", "Islamic Republic")),
    ("North Korea", "country", ("North Korean", "North Koreans", "Pyongyang", "DPRK")),
    ("South Korea", "country", ("South Korean", "South Koreans", "Seoul", "Republic of Korea")),
    ("India", "country", ("Indian", "Indians", "New Delhi", "Delhi")),
    (
        "United Kingdom",
        "country",
        ("UK", "U.K.", "Britain", "Great Britain", "British", "Britons", "London", "the UK", "England"),
    ),
    ("Germany", "country", ("German", "Germans", "Berlin")),
    ("France", "country", ("French", "Paris")),
    ("Italy", "country", ("Italian", "Italians", "Rome")),
    ("Spain", "country", ("Spanish", "Madrid")),
    ("Poland", "country", ("Polish", "Warsaw")),
    ("Netherlands", "country", ("Dutch", "The Hague", "Amsterdam", "Holland")),
    ("Mexico", "country", ("Mexican", "Mexicans", "Mexico City")),
    ("Canada", "country", ("Canadian", "Canadians", "Ottawa")),
    ("Brazil", "country", ("Brazilian", "Brazilians", "Brasilia", "Brasília")),
    ("Argentina", "country", ("Argentine", "Argentinian", "Buenos Aires")),
    ("Venezuela", "country", ("Venezuelan", "Venezuelans", "Caracas")),
    ("Cuba", "country", ("Cuban", "Cubans", "Havana")),
    ("Australia", "country", ("Australian", "Australians", "Canberra")),
    ("Turkey", "country", ("Turkish", "Ankara", "Türkiye", "Turkiye")),
    ("Saudi Arabia", "country", ("Saudi", "Saudis", "Riyadh")),
    ("Egypt", "country", ("Egyptian", "Egyptians", "Cairo")),
    ("Syria", "country", ("Syrian", "Syrians", "Damascus")),
    ("Iraq", "country", ("Iraqi", "Iraqis", "Baghdad")),
    ("Afghanistan", "country", ("Afghan", "Afghans", "Kabul")),
    ("Pakistan", "country", ("Pakistani", "Pakistanis", "Islamabad")),
    ("Palestine", "region", ("Palestinian", "Palestinians", "Palestinian Authority", "West Bank")),
    ("Gaza", "region", ("Gaza Strip", "Gazan", "Gazans")),
    ("Hamas", "organisation", ()),
    ("Hezbollah", "organisation", ()),
    ("Islamic State", "organisation", ("Islamic State group", "ISIS", "ISIL", "Daesh")),
    ("Lebanon", "country", ("Lebanese", "Beirut")),
    ("Qatar", "country", ("Qatari", "Doha")),
    ("United Arab Emirates", "country", ("UAE", "Emirati", "Abu Dhabi", "Dubai")),
    ("South Africa", "country", ("South African", "South Africans", "Pretoria")),
    ("Nigeria", "country", ("Nigerian", "Nigerians", "Abuja")),
    ("Philippines", "country", ("Filipino", "Filipinos", "Philippine", "Manila")),
    ("Vietnam", "country", ("Vietnamese", "Hanoi")),
    ("Indonesia", "country", ("Indonesian", "Jakarta")),
    ("Greenland", "region", ("Greenlandic", "Nuuk")),
    ("Denmark", "country", ("Danish", "Danes", "Copenhagen")),
    ("Sweden", "country", ("Swedish", "Stockholm")),
    ("Finland", "country", ("Finnish", "Helsinki")),
    ("Hungary", "country", ("Hungarian", "Budapest")),
    ("Indo-Pacific", "region", ("Indo-Pacific region",)),
    ("Middle East", "region", ("Mideast",)),
    (
        "United Nations",
        "organisation",
        (
            "UN",
            "U.N.",
            "the UN",
            "UN Security Council",
            "U.N. Security Council",
            "Security Council",
            "General Assembly",
        ),
    ),
    ("World Health Organization", "organisation", ("WHO",)),
    ("World Trade Organization", "organisation", ("WTO",)),
    ("G7", "organisation", ("G-7", "Group of Seven")),
    (
        "Democratic Party",
        "organisation",
        ("Democrats", "Democratic", "the Democrats", "DNC", "Democratic National Committee"),
    ),
    (
        "Republican Party",
        "organisation",
        ("Republicans", "GOP", "Republican", "the GOP", "RNC", "Republican National Committee"),
    ),
    ("Congress", "organisation", ("U.S. Congress", "US Congress", "Capitol Hill")),
    ("Pentagon", "organisation", ("Department of Defense", "Defense Department", "the Pentagon")),
    ("White House", "organisation", ("the White House",)),
)

#: Phrases that hold a target alias but do not mean its target ("South China Sea"): stance/targets.py drops them.
TARGET_BLOCKING_PHRASES: tuple[str, ...] = (
    "East China Sea",
    "South China Sea",
    "China Sea",
    "Washington Post",
    "The Washington Post",
    "Washington Times",
    "Washington state",
    "Washington State",
    "George Washington",
    "Washington, D.C.",
    "New York Times",
    "Paris Agreement",
    "Paris Climate Agreement",
    "American Express",
    "American Airlines",
    "Indian Ocean",
    "Japan Times",
    "Tokyo Electric",
    "French fries",
    "Rome Statute",
    "Germany's Der Spiegel",
    "Berlin Wall",
    "Tel Aviv University",
    "Democratic Republic of Congo",
    "Democratic Republic of the Congo",
    "Turkish Airlines",
    "Dubai Airshow",
    "Security Council resolution",
    "English language",
    "Native American",
    "Native Americans",
    "African American",
    "African Americans",
    "Asian American",
    "Asian Americans",
    "Latin American",
    "Latin America",
    "Central American",
    "South American",
    "South America",
    "North America",
    "North American",
    "Bank of America",
    "Voice of America",
    "Captain America",
    "Korean War",
    "Russian roulette",
    "Chinese New Year",
    "Great Wall",
    # "Americans" are people in general ("millions of Americans think"), and "Washington" a city, a state or a
    # government: the hand-labelled train statements never make either a target.
    "Americans",
    "Washington",
)

#: SPEAKER_TITLES and the words of an office and its country ("the U.S. Defense Secretary") that stance/targets.py
#: and the framing pass drop from the front of a person target's name.
TARGET_TITLES: frozenset[str] = SPEAKER_TITLES | frozenset(
    """adm adm. admiral ceo chair chancellor chief commander defence defense deputy foreign general leader prime
    representative senior speaker state the then u.s. us""".split()
)

#: Number words of relative dates ("two weeks ago") and their values (stance/dates.py).
NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

# ---------------------------------------------------------------------------------------------------------------
# Statements (tracker/statements/grouping.py).

#: Words that make a two-word quote ("a mistake", "a bomb") too common to tell one occasion from another.
PHRASE_FUNCTION_WORDS: frozenset[str] = frozenset(
    """a an the and or but nor of to in on at by for with from as into than is are was were be been am it its
    this that these those there i me my we us our you your he him his she her they them their who what not no
    so""".split()
)

# ---------------------------------------------------------------------------------------------------------------
# Entity names (tracker/entities/names.py), besides the entity-linking lists above.

#: Lower-case words inside an organisation's name ("Bureau of Investigation"): names.issuer_name.
NAME_CONNECTORS: frozenset[str] = frozenset({"of", "for", "and", "the", "&", "on"})

#: Participles between what was issued and who issued it ("report released by ..."): names.issuer_name.
ISSUING_PARTICIPLES: frozenset[str] = frozenset(
    {"released", "conducted", "published", "commissioned", "issued", "filed", "paid"}
)
