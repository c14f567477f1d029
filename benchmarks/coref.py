"""Pronoun and nominal links against kg's own gold file (tests/data/coref_gold.jsonl).

Builds each gold paragraph with the real model, reads the mention records
(``DocumentResult.mention_records``: what ``kg export --format mentions`` writes) and compares
each gold mention's entity with the entity of its antecedent's first named mention.
Precision = right / resolved; recall = right / gold links that have an antecedent. A mention
the gold leaves without antecedent (pleonastic ``it``, an unnamed group) counts against
precision when kg resolves it.

Merge precision and recall are read over pairs of the named and nominal mentions of a
paragraph (the nominal links, the named mentions the gold lists, their antecedents): a pair is
merged by kg when both mentions land on one node (the entity of the statement argument at the
mention, a noun phrase's Concept too, else of its mention record), and by the gold when a chain
of links joins them. Precision = pairs merged by both / pairs merged by kg; recall = pairs
merged by both / pairs merged by the gold.

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
from kg.model.results import DocumentResult, MentionRecord
from kg.nlp.loader import load_model
from kg.rdf.iris import entity_iri

ROOT = Path(__file__).resolve().parents[1]
_ARTICLES = ("", "the", "a", "an")


def _entity_at(records: list[MentionRecord], start: int, end: int | None = None) -> str | None:
    """The entity of the mention at ``start`` (the shortest record that covers it), or of
    any record inside ``start:end``."""
    covering = [r for r in records if r.start <= start < r.end
                or (end is not None and start <= r.start < end)]
    found = min(covering, key=lambda r: (r.end - r.start, r.start), default=None)
    return found.entity_id if found is not None else None


def _node_at(result: DocumentResult, start: int, end: int) -> str | None:
    """The node of the mention at ``start:end``: of the statement argument or mention record
    with just its words, else of the shortest that covers them (a Concept's too)."""
    found: list[tuple[int, int, str | None]] = []  # (not exact, length, node)
    text = result.document.text

    def covers(lo: int, hi: int) -> bool:  # "the Ohio River" covers "Ohio River"
        # ... but "The boy's mother" is not "The boy": a possessor is not what it owns
        owned = hi > end and text[end:end + 2] in ("'s", "’s")
        return (lo <= start and hi >= end and not owned
                and text[lo:start].strip().casefold() in _ARTICLES)

    for st in result.statements:
        for a in st.arguments:
            if not a.literal and covers(a.span.start, a.span.end):
                exact = (a.span.start, a.span.end) == (start, end)
                found.append((not exact, a.span.end - a.span.start, entity_iri("", a)))
    for r in result.mention_records:
        if covers(r.start, r.end):
            exact = (r.start, r.end) == (start, end)
            found.append((not exact, r.end - r.start, r.entity_id))
    return min(found, key=lambda f: f[:2])[2] if found else None


def _gold_clusters(gold: dict[str, object]) -> dict[int, tuple[int, str, int]]:
    """The named and nominal mentions of a paragraph: start → (end, text, cluster), a
    cluster being the start of a mention that a chain of links joins them to."""
    parent: dict[int, int] = {}
    spans: dict[int, tuple[int, str]] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for link in gold["links"]:  # type: ignore[attr-defined]
        if link["kind"] == "pronoun":
            continue
        spans[link["start"]] = (link["end"], link["text"])
        root(link["start"])
        if link["antecedent"]:
            ante = link["antecedent"]
            spans[ante["start"]] = (ante["end"], ante["text"])
            parent[root(link["start"])] = root(ante["start"])
    return {s: (e, text, root(s)) for s, (e, text) in spans.items()}


def _merge_pairs(gold: dict[str, object], clusters: dict[int, tuple[int, str, int]],
                 nodes: dict[int, str | None], tally: Counter[str], show: bool) -> None:
    """Count the pairs of named and nominal mentions merged by kg, by the gold, by both."""
    starts = sorted(clusters)
    for i, a in enumerate(starts):
        for b in starts[i + 1:]:
            by_gold = clusters[a][2] == clusters[b][2]
            by_kg = nodes[a] is not None and nodes[a] == nodes[b]
            tally["gold"] += by_gold
            tally["kg"] += by_kg
            tally["both"] += by_gold and by_kg
            if show and by_gold != by_kg:
                print(f"  {gold['id']}: {clusters[a][1]!r}@{a} {clusters[b][1]!r}@{b}: "
                      f"{'kg merges' if by_kg else 'kg splits'} ({nodes[a]}, {nodes[b]})")


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
    merges: Counter[str] = Counter()
    for g, result in zip(gold, results, strict=True):
        records = list(result.mention_records)
        clusters = _gold_clusters(g)
        nodes = {s: _node_at(result, s, e) for s, (e, _, _) in clusters.items()}
        _merge_pairs(g, clusters, nodes, merges, args.errors)
        for link in g["links"]:
            if link["kind"] not in tally:
                continue
            ante = link["antecedent"]
            if link["kind"] == "nominal":
                # a noun phrase is resolved when kg gives it the node of another mention of
                # another entity, or of its antecedent (an apposition's name may come after
                # it: "Her husband, Ibrahim Yusuf"); the first phrase of a chain (no
                # antecedent) is wrong only when it shares the node of another entity
                want = nodes[ante["start"]] if ante else None
                got = nodes[link["start"]]
                own = clusters[link["start"]][2]
                shared = [s for s, n in nodes.items() if n == got and s != link["start"]]
                if got is None or not any(
                        clusters[s][2] != own or (ante and s == ante["start"]) for s in shared):
                    got = None
            else:
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
    p = merges["both"] / merges["kg"] if merges["kg"] else 1.0
    r = merges["both"] / merges["gold"] if merges["gold"] else 1.0
    print(f"merge    precision {p:.3f} ({merges['both']}/{merges['kg']})  "
          f"recall {r:.3f} ({merges['both']}/{merges['gold']})  (pairs)")
    print("by case (links, wrong, missed):")
    for case, c in sorted(cases.items()):
        print(f"  {case:16} {c['n']:>3} {c['wrong']:>3} {c['missed']:>3}")


if __name__ == "__main__":
    main()
