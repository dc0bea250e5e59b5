"""British and American spellings of the same word, so that either finds both.

Why a table: the transcripts and summaries use both ("data centre" and "data center",
"programme" and "program", "organisation" and "organization"), and people type one. A small
list of word families, each written once as a British and an American stem with the endings
they share, gives every inflected pair ("organised"/"organized", "centres"/"centers") without
listing each form. Only words whose two spellings mean the same are here (not "tyre"/"tire",
"storey"/"story", "check"/"cheque").
"""

from __future__ import annotations

from functools import lru_cache

_ISE_STEMS = (
    "organis realis recognis prioritis optimis democratis digitalis modernis mobilis utilis "
    "standardis categoris authoris centralis decentralis characteris minimis maximis "
    "personalis summaris visualis capitalis localis monetis industrialis regularis stabilis "
    "specialis criticis apologis finalis globalis harmonis incentivis legitimis normalis "
    "operationalis revolutionis sensitis synchronis customis weaponis memoris commercialis "
    "familiaris internationalis institutionalis marginalis polaris privatis contextualis "
    "conceptualis emphasis empathis energis galvanis hospitalis humanis immunis improvis "
    "jeopardis maximis mechanis mesmeris metabolis militaris neutralis patronis pressuris "
    "publicis rationalis sanitis scrutinis socialis symbolis sympathis theoris tokenis "
    "trivialis urbanis vaporis vandalis verbalis victimis vocalis catalys analys paralys"
)
_ISE_ENDINGS = ("e", "es", "ed", "ing", "er", "ers", "ation", "ations", "ational")
_OUR_STEMS = (
    "colour favour behaviour labour neighbour honour humour harbour rumour endeavour "
    "savour vigour flavour odour armour parlour"
)
_OUR_ENDINGS = ("", "s", "ed", "ing", "al", "able", "ably", "ite", "ites", "ful", "hood", "er")
_RE_STEMS = "centr theatr litr fibr calibr spectr meagr sombr lustr"
_RE_ENDINGS = (("e", ""), ("es", "s"), ("ed", "ed"), ("ing", "ing"))
_PAIRS = (
    "programme program|programmes programs|programmed programed|catalogue catalog|"
    "catalogues catalogs|dialogue dialog|dialogues dialogs|analogue analog|defence defense|"
    "defences defenses|licence license|licences licenses|offence offense|offences offenses|"
    "travelled traveled|travelling traveling|traveller traveler|travellers travelers|"
    "modelling modeling|modelled modeled|labelled labeled|labelling labeling|"
    "cancelled canceled|cancelling canceling|signalling signaling|fuelled fueled|"
    "fuelling fueling|counselling counseling|counsellor counselor|counsellors counselors|"
    "fulfil fulfill|fulfilment fulfillment|fulfils fulfills|enrol enroll|enrolment enrollment|"
    "enrolments enrollments|skilful skillful|wilful willful|instalment installment|"
    "ageing aging|judgement judgment|judgements judgments|acknowledgement acknowledgment|"
    "grey gray|aluminium aluminum|mould mold|plough plow|paediatric pediatric|"
    "paediatrics pediatrics|anaemia anemia|haemoglobin hemoglobin|foetus fetus|"
    "orthopaedic orthopedic|encyclopaedia encyclopedia|sceptical skeptical|sceptic skeptic|"
    "jewellery jewelry|oesophagus esophagus|leukaemia leukemia|diarrhoea diarrhea|"
    "anaesthesia anesthesia|gynaecology gynecology|archaeology archeology|manoeuvre maneuver|"
    "manoeuvres maneuvers|cosy cozy|sulphur sulfur|kilometre kilometer|kilometres kilometers|"
    "enquiry inquiry|enquiries inquiries"
)


def _families() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for stem in _ISE_STEMS.split():
        us = stem[:-1] + ("z" if stem.endswith("s") else stem[-1])
        pairs += [(stem + e, us + e) for e in _ISE_ENDINGS]
    for stem in _OUR_STEMS.split():
        pairs += [(stem + e, stem[:-2] + "r" + e) for e in _OUR_ENDINGS]
    for stem in _RE_STEMS.split():
        us = stem[:-1] + "er"  # "centr" -> "center"
        pairs += [(stem + gb, us + us_end) for gb, us_end in _RE_ENDINGS]
    pairs += [tuple(p.split()) for p in _PAIRS.split("|")]  # type: ignore[misc]
    return pairs


@lru_cache(maxsize=1)
def _table() -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for british, american in _families():
        group = groups.get(british, set()) | groups.get(american, set()) | {british, american}
        for word in group:
            groups[word] = group
    return {word: frozenset(group) for word, group in groups.items()}


def forms(word: str) -> frozenset[str]:
    """Every spelling of folded `word` (itself included), or nothing when it has no other."""
    return _table().get(word, frozenset())
