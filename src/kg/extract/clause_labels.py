"""Dependency labels and word lists the clause extractor (``kg.clause.v1``) reads.

The labels are those of spaCy's English pipelines (ClearNLP style). ``clause_subjects``,
``clause_types``, ``clause_nominal`` and ``clause_args`` all read them from here.
"""

from __future__ import annotations

# Subjects: active, passive, and the expletive "there"/"it".
SUBJ = frozenset({"nsubj", "csubj", "expl"})
SUBJ_PASS = frozenset({"nsubjpass", "csubjpass"})
# Objects: direct object, indirect object ("gave *him* the book").
DOBJ = "dobj"
DATIVE = "dative"
# Subject complements of a copula ("is *a lawyer*", "is *ill*").
COMPLEMENTS = frozenset({"attr", "acomp"})
# Object complement ("named him *director*").
OPRD = "oprd"
# A clausal complement ("said *that S*") and an open one ("moved *to challenge*").
CCOMP = "ccomp"
XCOMP = "xcomp"
#: Tags of finite verbs, past and present (no open complement is one).
FINITE = frozenset({"VBD", "VBZ", "VBP"})
# Adverbials: prepositional phrases, the passive agent ("by Y"), bare noun adverbials
# ("*last week*").
PREP = "prep"
AGENT = "agent"
POBJ = "pobj"
PREP_OBJECTS = frozenset({POBJ, "pcomp"})
NPADVMOD = "npadvmod"
# Pieces of the verb group: auxiliaries, negation, particles ("carried *out*").
AUX = frozenset({"aux", "auxpass"})
AUXPASS = "auxpass"
NEG = "neg"
PRT = "prt"
VERB_GROUP = AUX | {NEG, PRT}
ADVMOD = "advmod"
MARK = "mark"
# Clauses attached to something else.
CONJ = "conj"
RELCL = "relcl"
ACL = "acl"
ADVCL = "advcl"
# Tokens that are never a clause's verb (a participle used as an adjective is ``amod``).
NOT_PREDICATE = frozenset({"aux", "auxpass", "amod", "compound"})
PREDICATE_POS = frozenset({"VERB", "AUX"})  # only these can head a clause

# Noun-like heads: a possessor or an apposition is one of these.
NOMINAL = frozenset({"NOUN", "PROPN"})
# "Ramzi Kassem, *co-director of CUNY CLEAR*": an apposition of a noun.
APPOS = "appos"
# "*Khalil*'s wife": a possessor, and the "'s" that marks it.
POSS = "poss"
CASE = "case"

# Relative and interrogative pronouns (who, whom, which, what, that as WDT).
WH_TAGS = frozenset({"WDT", "WP"})
WH_ADVERBS = frozenset({"when", "where", "why", "how", "whenever", "wherever"})
MODALS = {
    "will": "will", "'ll": "will", "wo": "will", "would": "would", "'d": "would",
    "can": "can", "ca": "can", "could": "could", "may": "may", "might": "might",
    "must": "must", "shall": "shall", "should": "should",
}  # fmt: skip
# Verbs whose clausal complement is reported speech or belief.
REPORTING = frozenset({
    "say", "tell", "claim", "report", "state", "announce", "argue", "allege", "add", "write",
    "insist", "note", "deny", "confirm", "believe", "think", "warn", "testify", "explain",
    "suggest", "maintain", "acknowledge", "admit", "assert", "contend", "declare", "indicate",
    "reveal", "show", "find", "conclude", "predict", "estimate", "fear", "hope", "know",
})  # fmt: skip
# Verbs whose object complement is the subject's judgement of the object ("called the theft
# a betrayal"), not a fact of the world ("elected her president").
JUDGING = frozenset({"call", "label", "brand", "dub", "term", "deem", "consider", "describe"})
# Light-verb idioms: a bare noun that is part of the relation, not its object ("are taking
# place", "gave birth to", "made sense").
IDIOMS = {
    "take": frozenset({"place", "part", "office", "effect", "hold", "root", "shape", "charge",
                       "aim", "issue", "power", "refuge", "shelter", "notice", "action"}),
    "make": frozenset({"sense", "progress", "headway", "amends", "landfall", "history"}),
    "give": frozenset({"birth", "way", "chase", "evidence", "testimony"}),
    "pay": frozenset({"attention", "tribute", "homage"}),
    "set": frozenset({"fire", "foot", "sail"}),
    "catch": frozenset({"fire"}),
    "lose": frozenset({"sight", "touch"}),
}  # fmt: skip
