"""Nominal links of kg's coref gold file (written into tests/data/coref_gold.jsonl by
``coref_gold.py``, after the pronoun paragraphs).

News-style paragraphs written for kg (no public corpus). Links are as in ``coref_gold.py``:
``(mention, nth, kind, case, antecedent)``. Kind ``nominal`` is a noun phrase without a name
of its own (a definite description, an unnamed chain, a possessive-anchored nominal); its
antecedent is the first mention of the entity it refers to (a name or another noun phrase),
or ``None`` when it starts an entity of its own (the distractors: "the old bridge" is not "a
new bridge"). Kind ``name`` lists a named mention only so that merge pairs see it (it is
not scored as a link). Merge precision and recall are read over pairs of these mentions.
"""

from __future__ import annotations

N = "nominal"
M = "name"

NOMINAL: list[tuple[str, str, list[tuple[str, int, str, str, str | None]]]] = [
    ("pune-robots",
     "A robotics team from Pune won the regional final in Houston on Saturday. The team built "
     "a robot that sorts plastic waste. Anil Mehta, its coach, said the national team had "
     "practised for six months. A second team, from Chennai, finished third. The Chennai team "
     "said it would enter again next year.",
     [("The team", 0, N, "chain", "A robotics team"),
      ("the national team", 0, N, "chain", "A robotics team"),
      ("a robot", 0, N, "chain", None),
      ("A second team", 0, N, "chain distractor", None),
      ("The Chennai team", 0, N, "chain", "A second team"),
      ("Anil Mehta", 0, M, "name", None)]),
    ("nordvik-wind",
     "Nordvik Energy, a Norwegian utility, agreed on Tuesday to buy two wind farms from Baltic "
     "Power. The utility said the deal would cost 1.2 billion euros. Baltic Power said the "
     "sale would let the company pay its debts. Ingrid Solberg, the chief executive of "
     "Nordvik Energy, said the farms would supply 300,000 homes. The executive said the deal "
     "was the largest in the company's history.",
     [("The utility", 0, N, "apposition", "Nordvik Energy"),
      ("the company", 0, N, "type", "Baltic Power"),
      ("The executive", 0, N, "apposition", "Ingrid Solberg"),
      ("the deal", 0, N, "chain", None),
      ("the deal", 1, N, "chain", "the deal"),
      ("Baltic Power", 0, M, "name", None)]),
    ("fulton-records",
     "Judge Amara Diallo of the Fulton County Superior Court ruled on Monday that the county "
     "had broken the open records law. The judge ordered officials to release the emails "
     "within 30 days. The Atlanta Ledger, which sued for the records, welcomed the ruling. "
     "The newspaper said it would publish the emails.",
     [("The judge", 0, N, "title", "Amara Diallo"),
      ("The newspaper", 0, N, "type", "Atlanta Ledger"),
      ("the emails", 1, N, "chain", "the emails"),
      ("Fulton County Superior Court", 0, M, "name", None)]),
    ("manchester-missing",
     "Police in Manchester said on Friday that a missing schoolboy had been found safe. Rhys "
     "Morgan, 11, went missing on Wednesday after leaving school. The 11-year-old was found "
     "in a garden shed by a neighbour. The boy's mother, Sian Morgan, thanked the volunteers. "
     "Detective Inspector Paul Hughes said the neighbour had called police at once.",
     [("The 11-year-old", 0, N, "age", "Rhys Morgan"),
      ("The boy", 0, N, "type", "Rhys Morgan"),
      ("the neighbour", 0, N, "chain", "a neighbour"),
      ("Paul Hughes", 0, M, "name", None),
      ("Sian Morgan", 0, M, "name", None)]),
    ("nasseri-court",
     "Lawyers for Dara Nasseri, a graduate student detained by immigration agents in Boston, "
     "asked a federal court on Thursday to order his release. Nasseri's legal team said the "
     "arrest violated his right to free speech. His attorneys said he had not been charged "
     "with any crime. Nasseri's team also asked the court to let him see his wife, Shirin "
     "Nasseri. \u201cMy husband is not a criminal,\u201d she told reporters.",
     [("Nasseri's legal team", 0, N, "possessive", "Lawyers for Dara Nasseri"),
      ("His attorneys", 0, N, "possessive", "Lawyers for Dara Nasseri"),
      ("Nasseri's team", 0, N, "possessive", "Lawyers for Dara Nasseri"),
      ("the court", 0, N, "chain", "a federal court"),
      ("his wife", 0, N, "kin apposition", "Shirin Nasseri"),
      ("My husband", 0, N, "kin quote", "Dara Nasseri")]),
    ("harlow-river",
     "The Environmental Protection Agency fined Harlow Chemicals $2 million on Wednesday for "
     "dumping waste into the Ohio River. The agency said the company had ignored three "
     "warnings. Harlow Chemicals said it would contest the fine. Residents of Marietta said "
     "the river had smelled of solvent for months.",
     [("The agency", 0, N, "type", "Environmental Protection Agency"),
      ("the company", 0, N, "type", "Harlow Chemicals"),
      ("the river", 0, N, "name word", "Ohio River"),
      ("the fine", 0, N, "chain", None),
      ("Marietta", 0, M, "name", None)]),
    ("mombasa-floods",
     "Officials in Mombasa said on Sunday that floods had cut off the city's main road. Kenya's "
     "government sent two army trucks. The country has had its heaviest rains in forty years. "
     "Hassan Omar, the governor of Mombasa County, said the port would reopen on Tuesday. The "
     "governor said the storm had destroyed 400 homes.",
     [("the city", 0, N, "type", "Mombasa"),
      ("The country", 0, N, "type", "Kenya"),
      ("The governor", 0, N, "apposition", "Hassan Omar"),
      ("the port", 0, N, "chain", None),
      ("the storm", 0, N, "chain", None)]),
    ("rosario-coach",
     "Tomás Herrera is the coach of Club Atlético Rosario. The coach said on Monday that his "
     "players were tired after the long trip to Lima. The club will play Sporting Cristal on "
     "Wednesday. Herrera said the Peruvian side was stronger at home.",
     [("The coach", 0, N, "predicate", "Tomás Herrera"),
      ("The club", 0, N, "name word", "Club Atlético Rosario"),
      ("the Peruvian side", 0, N, "type", "Sporting Cristal"),
      ("Lima", 0, M, "name", None)]),
    ("leipzig-fire",
     "A man was arrested on Tuesday after a fire destroyed a warehouse in Leipzig. Police said "
     "the man, 42, had worked at the warehouse until March. The fire burned for six hours. A "
     "spokeswoman for the fire brigade said no one was hurt. The spokeswoman said the "
     "building could not be saved.",
     [("the man", 0, N, "chain", "A man"),
      ("the warehouse", 0, N, "chain", "a warehouse"),
      ("The fire", 0, N, "chain", "a fire"),
      ("The spokeswoman", 0, N, "chain", "A spokeswoman"),
      ("the building", 0, N, "synonym", "a warehouse"),
      ("the fire brigade", 0, N, "chain", None)]),
    ("berlin-lithium",
     "President Gabriel Boric met Chancellor Olaf Scholz in Berlin on Monday. The president "
     "said Chile would sell more lithium to Germany. The chancellor praised the agreement and "
     "said the two countries would build a refinery. The refinery would open in 2028.",
     [("The president", 0, N, "title", "Gabriel Boric"),
      ("The chancellor", 0, N, "title", "Olaf Scholz"),
      ("The refinery", 0, N, "chain", "a refinery"),
      ("Chile", 0, M, "name", None),
      ("Germany", 0, M, "name", None)]),
    ("belgrade-bridge",
     "A new bridge over the Sava opened in Belgrade on Saturday. The bridge cost 90 million "
     "euros. The old bridge, built in 1956, will close for repairs. City engineers said the "
     "new bridge could carry 40,000 cars a day.",
     [("The bridge", 0, N, "chain", "A new bridge"),
      ("The old bridge", 0, N, "chain distractor", None),
      ("the new bridge", 0, N, "chain", "A new bridge"),
      ("Belgrade", 0, M, "name", None)]),
    ("kano-detention",
     "Amina Yusuf waited outside the detention centre in Kano for news of her son. Her "
     "husband, Ibrahim Yusuf, said the boy had been held since Friday. \u201cMy wife has not "
     "slept for a week,\u201d Ibrahim Yusuf said. The centre refused to comment.",
     [("Her husband", 0, N, "kin apposition", "Ibrahim Yusuf"),
      ("the boy", 0, N, "kin chain", "her son"),
      ("My wife", 0, N, "kin quote", "Amina Yusuf"),
      ("The centre", 0, N, "chain", "the detention centre"),
      ("Kano", 0, M, "name", None)]),
    ("tata-sales",
     "Shares in Tata Motors rose 4 percent on Thursday after the carmaker reported record "
     "sales. The firm sold 250,000 vehicles in the quarter. Priya Nair, a spokesperson for "
     "Tata Motors, said the company would build a plant in Gujarat. The spokesperson said the "
     "plant would employ 3,000 people.",
     [("the carmaker", 0, N, "type", "Tata Motors"),
      ("The firm", 0, N, "type", "Tata Motors"),
      ("the company", 0, N, "type", "Tata Motors"),
      ("The spokesperson", 0, N, "apposition", "Priya Nair"),
      ("the plant", 0, N, "chain", "a plant"),
      ("Gujarat", 0, M, "name", None)]),
    ("cape-town-vote",
     "The Democratic Alliance won 42 seats in the Cape Town council election on Wednesday. The "
     "party said it would form a coalition with two smaller groups. John Steenhuisen, its "
     "leader, said voters wanted clean water. The leader thanked the volunteers.",
     [("The party", 0, N, "type", "Democratic Alliance"),
      ("The leader", 0, N, "apposition", "John Steenhuisen"),
      ("Cape Town", 0, M, "name", None)]),
    ("valencia-nurse",
     "Lucía Méndez, 34, a nurse from Valencia, was named health worker of the year on Monday. "
     "The nurse has worked at La Fe hospital for ten years. The 34-year-old said she would "
     "give the prize money to a children's charity. The charity runs two shelters in the "
     "city.",
     [("The nurse", 0, N, "apposition", "Lucía Méndez"),
      ("The 34-year-old", 0, N, "age", "Lucía Méndez"),
      ("The charity", 0, N, "chain", "a children's charity"),
      ("the city", 0, N, "type", "Valencia")]),
    ("two-judges",
     "Judge Helen Park and Judge Samuel Osei heard the appeal in Accra on Tuesday. The judge "
     "who wrote the ruling said the law was clear. Kofi Mensah, a farmer, had challenged the "
     "law. The farmer said he would take the case to the Supreme Court.",
     [("The judge", 0, N, "ambiguous", None),
      ("The farmer", 0, N, "apposition", "Kofi Mensah"),
      ("the law", 1, N, "chain", "the law"),
      ("Helen Park", 0, M, "name", None),
      ("Samuel Osei", 0, M, "name", None)]),
    ("lagos-bank",
     "Zenith Bank and Access Bank reported higher profits on Monday. The bank said its "
     "lending had grown by a fifth. Adaeze Okoro, an analyst at Lagos-based Cordros Capital, "
     "said her team expected more growth. The analyst said rates would fall.",
     [("The bank", 0, N, "ambiguous", None),
      ("The analyst", 0, N, "apposition", "Adaeze Okoro"),
      ("Zenith Bank", 0, M, "name", None),
      ("Access Bank", 0, M, "name", None)]),
    # written after the rules above, then measured once: see /work/notes/nominal.md

    ("quito-airline",
     "Andes Air cancelled 40 flights out of Quito on Monday after a strike by ground staff. "
     "The airline said the walkout had left 6,000 passengers stranded. Union leader Rosa "
     "Chávez said the workers would stay off the job until the carrier restored their "
     "overtime pay. The government of Ecuador called on both sides to talk. A spokesman for "
     "the airline said talks would resume on Wednesday.",
     [("The airline", 0, N, "type", "Andes Air"),
      ("the carrier", 0, N, "type", "Andes Air"),
      ("the airline", 0, N, "type", "Andes Air"),
      ("the workers", 0, N, "synonym", "ground staff"),
      ("Rosa Chávez", 0, M, "name", None),
      ("Ecuador", 0, M, "name", None)]),
    ("hamburg-port",
     "A fire broke out on a container ship in the port of Hamburg early on Tuesday. "
     "Firefighters battled the blaze for nine hours. The ship, which was carrying cars from "
     "Japan, had docked on Sunday. Port authorities said the vessel would be towed to a "
     "repair yard. Nobody was hurt in the fire, the fire service said.",
     [("The ship", 0, N, "chain", "a container ship"),
      ("the vessel", 0, N, "synonym", "a container ship"),
      ("the fire", 0, N, "chain", "A fire"),
      ("the blaze", 0, N, "synonym", "A fire"),
      ("Hamburg", 0, M, "name", None)]),
    ("seoul-election",
     "Kim Min-jun, the mayor of Busan, announced on Friday that he would run for president. "
     "The mayor, 58, is a former prosecutor. His rival, Park Ji-won, said the race would be "
     "close. The two candidates will meet in a televised debate in March. The debate will be "
     "the first of three.",
     [("The mayor", 0, N, "apposition", "Kim Min-jun"),
      ("His rival", 0, N, "kin apposition", "Park Ji-won"),
      ("The debate", 0, N, "chain", "a televised debate"),
      ("Busan", 0, M, "name", None)]),
    ("toronto-school",
     "A Toronto school board voted on Thursday to close Riverside Public School, a century-old "
     "building in the city's east end. Parents at the school said they would fight the "
     "decision. The board said the building needed repairs it could not afford. Trustee "
     "Naomi Fischer, who voted against the closure, said the school was the heart of the "
     "neighbourhood.",
     [("the school", 0, N, "name word", "Riverside Public School"),
      ("The board", 0, N, "chain", "A Toronto school board"),
      ("the building", 0, N, "chain", "Riverside Public School"),
      ("the school", 1, N, "name word", "Riverside Public School"),
      ("the city", 0, N, "type", "Toronto"),
      ("Naomi Fischer", 0, M, "name", None)]),
    ("accra-market",
     "Traders at Makola Market in Accra staged a protest on Monday against a new tax on "
     "imported goods. The market, one of the largest in West Africa, was closed for the day. "
     "Finance Minister Kwaku Asante said the tax would raise money for roads. The minister "
     "said he would meet the traders next week. The protest ended peacefully.",
     [("The market", 0, N, "name word", "Makola Market"),
      ("The minister", 0, N, "title", "Kwaku Asante"),
      ("the traders", 0, N, "chain", "Traders"),
      ("The protest", 0, N, "chain", "a protest"),
      ("Accra", 0, M, "name", None)]),
    ("oslo-startup",
     "Fjord Labs, a start-up based in Oslo, raised $12 million on Wednesday to build "
     "batteries for electric ferries. The company was founded in 2021 by Erik Lund and Sara "
     "Berg. Lund, a former engineer at Norsk Hydro, said the money would pay for a factory. "
     "The factory will open in Bergen next year. The start-up employs 35 people.",
     [("The company", 0, N, "type", "Fjord Labs"),
      ("The factory", 0, N, "chain", "a factory"),
      ("The start-up", 0, N, "apposition", "Fjord Labs"),
      ("Norsk Hydro", 0, M, "name", None),
      ("Sara Berg", 0, M, "name", None)]),
    ("lyon-trial",
     "A court in Lyon on Tuesday sentenced a former bank manager to four years in prison for "
     "stealing from his clients. The man, 61, had taken 2 million euros over ten years. The "
     "judge said he had betrayed the trust of elderly customers. His lawyer said he would "
     "appeal. The bank, Crédit Rhône, said it had repaid all the victims.",
     [("The man", 0, N, "chain", "a former bank manager"),
      ("The bank", 0, N, "appos", "Crédit Rhône"),
      ("The judge", 0, N, "chain", None),
      ("Lyon", 0, M, "name", None)]),
    ("manila-typhoon",
     "Typhoon Mawar hit the northern Philippines on Saturday, killing at least 12 people. "
     "The storm brought winds of 180 kilometres an hour. President Ana Reyes visited the town "
     "of Aparri on Sunday. The president promised aid to families who had lost their homes. "
     "The town had no electricity for two days.",
     [("The storm", 0, N, "type", "Typhoon Mawar"),
      ("The president", 0, N, "title", "Ana Reyes"),
      ("The town", 0, N, "type", "Aparri"),
      ("Philippines", 0, M, "name", None)]),
    # a second set written after the rules, then measured once

    ("derby-win",
     "Leeds United beat Sheffield Wednesday 3-1 on Saturday to move top of the league. The "
     "home side scored twice in the first half. Manager Daniel Farke said the team had "
     "played its best football of the season. The club has won six games in a row. "
     "Wednesday's coach, Xisco Muñoz, said his players had been tired.",
     [("The home side", 0, N, "type", "Leeds United"),
      ("the team", 0, N, "type", "Leeds United"),
      ("The club", 0, N, "name word", "Leeds United"),
      ("Daniel Farke", 0, M, "name", None),
      ("Xisco Muñoz", 0, M, "name", None)]),
    ("senate-bill",
     "The Senate passed a bill on Tuesday that would cap the price of insulin at $35 a month. "
     "The measure now goes to the House. Senator Maria Cantwell, who wrote the bill, said it "
     "would help millions of patients. The senator said drug makers had fought the plan for "
     "years. The legislation passed by 58 votes to 41.",
     [("The measure", 0, N, "synonym", "a bill"),
      ("the bill", 0, N, "chain", "a bill"),
      ("The senator", 0, N, "title", "Maria Cantwell"),
      ("The legislation", 0, N, "synonym", "a bill"),
      ("the House", 0, M, "name", None)]),
    ("nairobi-robbery",
     "Police in Nairobi arrested two men on Friday after a robbery at a jewellery shop on "
     "Moi Avenue. The suspects were caught after a chase through the city centre. The "
     "owner of the shop, Rajesh Patel, said the robbers had taken rings worth $50,000. "
     "Patel said the men had threatened his staff with a knife. The shop reopened on "
     "Saturday.",
     [("The suspects", 0, N, "synonym", "two men"),
      ("the men", 0, N, "chain", "two men"),
      ("the shop", 0, N, "chain", "a jewellery shop"),
      ("The shop", 0, N, "chain", "a jewellery shop"),
      ("the city centre", 0, N, "chain", None),
      ("Rajesh Patel", 0, M, "name", None)]),
    ("tokyo-merger",
     "Japanese carmaker Suzuki Motor agreed on Thursday to buy a 20 percent stake in "
     "Hanwa Batteries, a supplier in Osaka. The deal values the supplier at 80 billion yen. "
     "Suzuki said the stake would secure batteries for its electric cars. The carmaker "
     "plans to sell 500,000 electric vehicles a year by 2030. Hanwa said the company would "
     "keep its brand.",
     [("the supplier", 0, N, "apposition", "Hanwa Batteries"),
      ("The carmaker", 0, N, "pre-name", "Suzuki Motor"),
      ("the stake", 0, N, "chain", "a 20 percent stake"),
      ("the company", 0, N, "type", "Hanwa Batteries"),
      ("Osaka", 0, M, "name", None)]),
    ("lagos-flood",
     "Heavy rain flooded parts of Lagos on Sunday, forcing thousands of people from their "
     "homes. Governor Babajide Sanwo-Olu said the state would open ten shelters. The "
     "governor blamed blocked drains. Residents of the Lekki district said the water had "
     "reached their windows. The district was without power on Monday.",
     [("The governor", 0, N, "title", "Babajide Sanwo-Olu"),
      ("the state", 0, N, "type", "Lagos"),
      ("The district", 0, N, "chain", "the Lekki district"),
      ("Lagos", 0, M, "name", None)]),
    ("madrid-museum",
     "The Prado Museum in Madrid will close one of its wings for two years to repair the "
     "roof, the museum said on Wednesday. Director Miguel Falomir said the paintings in the "
     "wing would move to other rooms. The director said visitors would still see the most "
     "famous works. The repairs will cost 12 million euros.",
     [("the museum", 0, N, "name word", "Prado Museum"),
      ("The director", 0, N, "title", "Miguel Falomir"),
      ("the wing", 0, N, "chain", "one of its wings"),
      ("Madrid", 0, M, "name", None)]),
]
