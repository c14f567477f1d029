"""Pronoun and nominal links against kg's own gold file (tests/data/coref_gold.jsonl).

Builds each gold paragraph with the real model, reads the mention records
(``DocumentResult.mention_records``: what ``kg export --format mentions`` writes) and compares
each gold mention's entity with the entity of its antecedent's first named mention.
Precision = right / resolved; recall = right / gold links that have an antecedent. A mention
the gold leaves without antecedent (pleonastic ``it``, an unnamed group) counts against
precision when kg resolves it.

    python benchmarks/coref.py [--gold tests/data/coref_gold.jsonl] [--errors]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from kg.build.pipeline import process
from kg.enrich.normalise import normalise
from kg.entities.resolve import resolve
from kg.extract import DEFAULT_EXTRACTOR, get_extractor
from kg.model import Document
from kg.model.results import MentionRecord
from kg.nlp.loader import load_model

ROOT = Path(__file__).resolve().parents[1]


def _entity_at(records: list[MentionRecord], start: int, end: int | None = None) -> str | None:
    """The entity of the mention at ``start`` (the shortest record that covers it), or of
    any record inside ``start:end``."""
    covering = [r for r in records if r.start <= start < r.end
                or (end is not None and start <= r.start < end)]
    found = min(covering, key=lambda r: (r.end - r.start, r.start), default=None)
    return found.entity_id if found is not None else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "coref_gold.jsonl")
    parser.add_argument("--errors", action="store_true", help="print every wrong decision")
    args = parser.parse_args()

    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines()]
    documents = [Document(g["id"], g["text"]) for g in gold]
    results = normalise(resolve(process(documents, load_model(),
                                        get_extractor(DEFAULT_EXTRACTOR)), Counter()))
    tally: dict[str, Counter[str]] = {"pronoun": Counter(), "nominal": Counter()}
    cases: dict[str, Counter[str]] = {}
    for g, result in zip(gold, results, strict=True):
        records = list(result.mention_records)
        for link in g["links"]:
            ante = link["antecedent"]
            want = _entity_at(records, ante["start"], ante["end"]) if ante else None
            got = _entity_at(records, link["start"])
            t, c = tally[link["kind"]], cases.setdefault(link["case"], Counter())
            t["gold"] += ante is not None
            c["n"] += 1
            if got is not None:
                t["resolved"] += 1
                right = ante is not None and got == want
                t["right"] += right
                c["wrong"] += not right
            elif ante is not None:
                c["missed"] += 1
            wrong = got is not None and (ante is None or got != want)
            if args.errors and (wrong or (got is None and ante is not None)):
                print(f"  {g['id']}: {link['text']!r}@{link['start']} ({link['case']}): "
                      f"kg {got}, gold {want if ante else None}"
                      + ("" if want or not ante else f" (antecedent {ante['text']!r} untagged)"))
    for kind, t in tally.items():
        p = t["right"] / t["resolved"] if t["resolved"] else 1.0
        r = t["right"] / t["gold"] if t["gold"] else 1.0
        print(f"{kind:8} precision {p:.3f} ({t['right']}/{t['resolved']})  "
              f"recall {r:.3f} ({t['right']}/{t['gold']})")
    print("by case (links, wrong, missed):")
    for case, c in sorted(cases.items()):
        print(f"  {case:16} {c['n']:>3} {c['wrong']:>3} {c['missed']:>3}")


if __name__ == "__main__":
    main()
