"""Writes tests/data/coref_gold.jsonl from the paragraphs below (run it after editing them).

The paragraphs are news-style text written for kg (no public corpus). Each link names a
mention by its text and occurrence (``nth``, 0-based, whole-word and case-sensitive), its
``kind`` (``pronoun``, ``nominal``, or ``name``: a named mention listed for merge pairs), the
rule it exercises (``case``) and its antecedent: the
text of the named mention it refers to (its first occurrence names the entity), or ``None``
when it names no entity (pleonastic ``it``, an unnamed group, an unknown speaker).

    python tests/data/coref_gold.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from coref_gold_nominal import NOMINAL  # the nominal paragraphs

P = "pronoun"
N = "nominal"

GOLD: list[tuple[str, str, list[tuple[str, int, str, str, str | None]]]] = [
    ("lagos-talks",
     "Ngozi Adeyemi, a finance official in Lagos, met Chukwuemeka Obi on Monday. She told "
     "reporters that the talks had gone well. Obi said he would return to Abuja on Friday. "
     "Adeyemi said her ministry would publish the figures. It is no surprise that investors "
     "welcomed the news.",
     [("She", 0, P, "gender", "Ngozi Adeyemi"),
      ("he", 0, P, "gender", "Chukwuemeka Obi"),
      ("her", 0, P, "gender", "Ngozi Adeyemi"),
      ("It", 0, P, "pleonastic", None)]),
    ("beijing-factory",
     "Zhang Wei, the founder of Lumen Robotics, opened a factory in Shenzhen last year. He said "
     "the company would hire 400 workers. Lumen Robotics said it expected sales to double. "
     "Liu Yang, his deputy, said she was confident. It was raining when the plant opened.",
     [("He", 0, P, "salience", "Zhang Wei"),
      ("it", 0, P, "number", "Lumen Robotics"),
      ("his", 0, P, "gender", "Zhang Wei"),
      ("she", 0, P, "gender", "Liu Yang"),
      ("It", 0, P, "pleonastic", None),
      ("the company", 0, N, "description", "Lumen Robotics")]),
    ("madrid-court",
     "María Fernández, a judge in Madrid, ruled on Tuesday that the city council had broken "
     "the law. She ordered it to reopen the shelter. The council said it would appeal. "
     "Javier Ruiz, a lawyer for the residents, said he was pleased. \u201cI have waited two "
     "years for this,\u201d Ruiz said.",
     [("She", 0, P, "gender", "María Fernández"),
      ("it", 0, P, "description", "city council"),  # the council: tagged an organisation
      ("it", 1, P, "description", "city council"),
      ("he", 0, P, "gender", "Javier Ruiz"),
      ("I", 0, P, "quote", "Javier Ruiz")]),
    ("delhi-election",
     "Priya Sharma won the seat in New Delhi by 3,000 votes. She thanked her supporters at a "
     "rally. Rahul Verma, her rival, conceded on Thursday. He said his party would "
     "regroup. When it was 90 percent counted, the result was clear.",
     [("She", 0, P, "gender", "Priya Sharma"),
      ("her", 0, P, "gender", "Priya Sharma"),
      ("her", 1, P, "gender", "Priya Sharma"),
      ("He", 0, P, "gender", "Rahul Verma"),
      ("his", 0, P, "gender", "Rahul Verma"),
      ("it", 0, P, "pleonastic", None)]),
    ("kyiv-grain",
     "Olena Kovalenko, who runs a grain cooperative near Kyiv, said exports had fallen. She "
     "blamed the blockade. Dmitri Petrov, a trader in Odesa, said he had lost two contracts. "
     "The farmers said they would keep planting. Ukraine said it would open a new corridor.",
     [("who", 0, P, "relative", "Olena Kovalenko"),
      ("She", 0, P, "gender", "Olena Kovalenko"),
      ("he", 0, P, "gender", "Dmitri Petrov"),
      ("they", 0, P, "unnamed", None),
      ("it", 0, P, "animacy", "Ukraine")]),
    ("cairo-hospital",
     "Ahmed Hassan, a surgeon at Cairo University Hospital, treated the injured on Sunday. He "
     "said the hospital had run out of blood. Fatima Nasser, a nurse, said she had worked for "
     "20 hours. The hospital said it needed donors. It is uncommon for the hospital to close "
     "its doors.",
     [("He", 0, P, "gender", "Ahmed Hassan"),
      ("she", 0, P, "gender", "Fatima Nasser"),
      ("it", 0, P, "via description", "Cairo University Hospital"),
      ("It", 0, P, "pleonastic", None),
      ("its", 0, P, "via description", "Cairo University Hospital"),
      ("the hospital", 0, N, "description", "Cairo University Hospital")]),
    ("acme-union",
     "Workers at Acme Steel voted to strike on Wednesday. The United Steelworkers said they "
     "would picket the plant in Gary. Acme Steel said it regretted the vote. Maria Lopez, a "
     "welder, said she had not been paid since May. Her husband, Carlos Lopez, said he "
     "supported the strike.",
     [("they", 0, P, "number", "United Steelworkers"),
      ("it", 0, P, "number", "Acme Steel"),
      ("she", 0, P, "gender", "Maria Lopez"),
      ("Her", 0, P, "gender", "Maria Lopez"),
      ("he", 0, P, "gender", "Carlos Lopez")]),
    ("binding-praise",
     "Kwame Mensah met Yaw Boateng in Accra. Boateng praised him for the deal. Mensah "
     "thanked himself for his patience. Ama Owusu said Boateng had invited her.",
     [("him", 0, P, "binding", "Kwame Mensah"),
      ("himself", 0, P, "binding", "Kwame Mensah"),
      ("his", 0, P, "binding", "Kwame Mensah"),
      ("her", 0, P, "binding", "Ama Owusu")]),
    ("quote-unknown",
     "\u201cWe will not leave,\u201d a resident shouted outside the courthouse in Manila. "
     "\u201cI was born here.\u201d Jose Reyes, the mayor, said he would meet the families. "
     "\u201cI understand their anger,\u201d Reyes said.",
     [("We", 0, P, "quote", None),
      ("I", 0, P, "quote", None),
      ("he", 0, P, "gender", "Jose Reyes"),
      ("I", 1, P, "quote", "Jose Reyes"),
      ("their", 0, P, "unnamed", None)]),
    ("they-place",
     "France and Germany signed the treaty in Brussels on Monday. They agreed to share the "
     "cost. Paris said it would pay first. The ministers said they were satisfied. Berlin "
     "said it would ratify the deal in June.",
     [("They", 0, P, "number", None),
      ("it", 0, P, "animacy", "Paris"),
      ("they", 0, P, "unnamed", None),
      ("it", 1, P, "animacy", "Berlin")]),
    ("ambiguous-men",
     "Hiroshi Tanaka met Kenji Sato in Osaka. He said the merger would go ahead. Tanaka "
     "later told reporters that his company would keep its name.",
     [("He", 0, P, "salience", None),
      ("his", 0, P, "salience", "Hiroshi Tanaka"),
      ("its", 0, P, "unnamed", None)]),
    ("nairobi-startup",
     "Wanjiru Kamau founded Savanna Pay in Nairobi in 2019. She said the firm now served two "
     "million customers. Savanna Pay said it would raise $40 million. Investors said they "
     "were impressed by her plan. It took three years for the company to break even.",
     [("She", 0, P, "gender", "Wanjiru Kamau"),
      ("it", 0, P, "number", "Savanna Pay"),
      ("they", 0, P, "unnamed", None),
      ("her", 0, P, "gender", "Wanjiru Kamau"),
      ("It", 0, P, "pleonastic", None),
      ("the firm", 0, N, "description", "Savanna Pay")]),
    ("tehran-journalist",
     "Reza Karimi, a journalist in Tehran, was arrested on Saturday. His wife, Leila Karimi, "
     "said she had not been allowed to see him. The Committee to Protect Journalists said it "
     "was alarmed. \u201cMy husband did nothing wrong,\u201d Leila Karimi said.",
     [("His", 0, P, "gender", "Reza Karimi"),
      ("she", 0, P, "gender", "Leila Karimi"),
      ("him", 0, P, "gender", "Reza Karimi"),
      ("it", 0, P, "number", "Committee to Protect Journalists"),
      ("My", 0, P, "quote", "Leila Karimi")]),
    ("warsaw-mayor",
     "Agnieszka Nowak, the mayor of Warsaw, opened a new metro line on Friday. She said it "
     "would carry 100,000 passengers a day. Tomasz Zielinski, a transport official, said "
     "the city had borrowed to build it. He said it was the largest project in its history.",
     [("She", 0, P, "gender", "Agnieszka Nowak"),
      ("it", 0, P, "unnamed", None),
      ("it", 1, P, "unnamed", None),
      ("He", 0, P, "gender", "Tomasz Zielinski"),
      ("it", 2, P, "unnamed", None)]),
    ("lima-mine",
     "Rosa Quispe, a farmer near Cusco, said the mine had polluted her river. Minera Andina "
     "denied it. The company said its water tests were clean. Quispe said she would take the "
     "case to court. \u201cI will not give up,\u201d she said.",
     [("her", 0, P, "gender", "Rosa Quispe"),
      ("it", 0, P, "unnamed", None),
      ("its", 0, P, "via description", "Minera Andina"),
      ("she", 0, P, "gender", "Rosa Quispe"),
      ("I", 0, P, "quote", "Rosa Quispe"),
      ("she", 1, P, "gender", "Rosa Quispe"),
      ("The company", 0, N, "description", "Minera Andina")]),
    ("seoul-chip",
     "Samsung Electronics said on Thursday that it would build a plant in Texas. Lee Jae-yong, "
     "its chairman, said he expected the plant to open in 2026. Analysts said they doubted "
     "the timeline. It is likely that the plant will cost more.",
     [("it", 0, P, "number", "Samsung Electronics"),
      ("its", 0, P, "number", "Samsung Electronics"),
      ("he", 0, P, "gender", "Lee Jae-yong"),
      ("they", 0, P, "unnamed", None),
      ("It", 0, P, "pleonastic", None)]),
    ("dhaka-floods",
     "Floods hit Dhaka on Monday. Nusrat Jahan, a teacher, said her school was under water. "
     "Abdul Karim, her neighbour, said he had moved his family to a shelter. The government "
     "said it had sent boats. Bangladesh said it needed help.",
     [("her", 0, P, "gender", "Nusrat Jahan"),
      ("her", 1, P, "gender", "Nusrat Jahan"),
      ("he", 0, P, "gender", "Abdul Karim"),
      ("his", 0, P, "gender", "Abdul Karim"),
      ("it", 0, P, "unnamed", None),
      ("it", 1, P, "animacy", "Bangladesh")]),
    ("istanbul-cafe",
     "Elif Yilmaz opened a cafe in Istanbul in March. It serves food from her home town. "
     "Mehmet Demir, her business partner, said he handled the money. \u201cWe are already "
     "full every weekend,\u201d Yilmaz said. She said they would open a second cafe.",
     [("It", 0, P, "unnamed", None),
      ("her", 0, P, "gender", "Elif Yilmaz"),
      ("her", 1, P, "gender", "Elif Yilmaz"),
      ("he", 0, P, "gender", "Mehmet Demir"),
      ("We", 0, P, "quote", None),
      ("She", 0, P, "gender", "Elif Yilmaz"),
      ("they", 0, P, "unnamed", None)]),
    ("moscow-protest",
     "Sergei Ivanov, an opposition politician, was detained in Moscow on Sunday. Police said "
     "he had organised an illegal rally. His lawyer, Anna Smirnova, said she would appeal. "
     "The Kremlin said it had no comment.",
     [("he", 0, P, "gender", "Sergei Ivanov"),
      ("His", 0, P, "gender", "Sergei Ivanov"),
      ("she", 0, P, "gender", "Anna Smirnova"),
      ("it", 0, P, "number", "Kremlin")]),
    # -- trust: rules added in the 2026-12-02 session (each paragraph exercises one) --------
    ("accra-bakery",
     "Kwame Mensah\u2019s wife, who runs a bakery in Accra, said the price of flour had doubled. "
     "Ghanaian and Nigerian traders said they would close their stalls on Friday. Tata "
     "Motors\u2019 new plant in Pune, which opened in May, employs 2,000 people.",
     [("who", 0, P, "opening name", "wife"),  # the wife (an owner's nominal), not Mensah
      ("they", 0, P, "opening name", None),
      ("their", 0, P, "opening name", None),
      ("which", 0, P, "opening name", None)]),
    ("corrida-floods",
     "The regional governor, Tomasz Wieczorek, declared a state of emergency on Tuesday. He "
     "said the army would send boats to the villages. Wieczorek met the army chief, Marek "
     "Nowak, on Wednesday. \u201cI told him to hurry,\u201d Wieczorek said. Nowak said he would "
     "leave at dawn.",
     [("He", 0, P, "apposed person", "Tomasz Wieczorek"),
      ("I", 0, P, "quote", "Tomasz Wieczorek"),
      ("him", 0, P, "quote third person", "Marek Nowak"),
      ("he", 0, P, "gender", "Marek Nowak")]),
    ("norland-final",
     "Norland beat Vesteria on Saturday. Striker Jonas Berg scored twice. His coach, Erik "
     "Dahl, praised him after the match. \u201cHe was brilliant,\u201d Dahl said. \u201cI "
     "told him to keep running.\u201d",
     [("His", 0, P, "gender", "Jonas Berg"),
      ("him", 0, P, "binding", "Jonas Berg"),
      ("He", 0, P, "quote third person", "Jonas Berg"),
      ("I", 0, P, "quote", "Erik Dahl"),
      ("him", 1, P, "quote third person", "Jonas Berg")]),
]


def _find(text: str, mention: str, nth: int) -> tuple[int, int]:
    hits = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(mention)}(?!\w)", text)]
    start = hits[nth]
    return start, start + len(mention)


def main() -> None:
    lines = []
    for doc_id, text, links in GOLD + NOMINAL:
        out = []
        for mention, nth, kind, case, antecedent in links:
            start, end = _find(text, mention, nth)
            ante = None
            if antecedent is not None:
                a_start, a_end = _find(text, antecedent, 0)
                ante = {"start": a_start, "end": a_end, "text": antecedent}
            out.append({"start": start, "end": end, "text": mention, "kind": kind,
                        "case": case, "antecedent": ante})
        lines.append(json.dumps({"id": doc_id, "text": text, "links": out}, ensure_ascii=False))
    path = Path(__file__).with_suffix(".jsonl")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
