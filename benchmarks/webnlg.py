"""WebNLG text-to-RDF: Exact F1 of kg's triples against the reference triples, with and
without ``--ontology`` (a file of the data's DBpedia properties with camelCase-derived labels).

Tune on the public train and dev splits only; the 2020 test split is the held-out set and is
never read here. Each entry's first text is extracted (``kg extract``: the default extractor,
then ``mapping_fields`` as ``kg extract --format jsonl --ontology`` does): a statement mapped
onto a property gives ``subject | property's local name | object`` (the mapping's direction),
any other gives ``subject | relation text | object``.

The score follows the WebNLG 2020 evaluation script's *Exact* measure: triples' elements are
split from camelCase, lower-cased, ``_`` read as a space, a reference object's trailing
``(…)`` dropped and punctuation tokens ignored; each candidate triple is paired with at most
one reference triple of its entry (the pairing with the highest total score; the shorter
list padded with empty triples), a pair scores the share of its three elements that are
equal (subject and object also crosswise, as the script's swapped matching allows), and
Exact F1 is the mean over all pairs. (The script scores a pair with nervaluate spans; a
partly matching element can lower its precision further, so this score may be a little
higher than the script's.)

    python benchmarks/webnlg.py DEV.xml|DIR... [--ontology FILE] [--write-ontology FILE]

Without a WebNLG split at hand, ``benchmarks/data/webnlg_own.xml`` is a sample in the same
layout written for kg (invented facts, DBpedia property names): a check, not the benchmark.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.enrich.lexicon import OntologyOptions, lexicon
from kg.enrich.normalise import mapping_fields
from kg.enrich.vocabulary import split_name
from kg.extract.openie import extract_sentences
from kg.ontology.namespace import local_name

Triple = tuple[str, str, str]
_TOKEN = re.compile(r"\w+(?:['’.-]\w+)*|[^\w\s]")
_DBO = "http://dbpedia.org/ontology/"


@dataclass(frozen=True)
class Entry:
    text: str
    references: tuple[Triple, ...]


def read_entries(paths: Iterable[Path]) -> list[Entry]:
    """Entries (first text, modified triples) of WebNLG XML files or folders of them."""
    files = sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*.xml")))
    out = []
    for file in files:
        if "test" in file.name.casefold():
            raise SystemExit(f"{file}: the test split is held out; use train or dev")
        for entry in ET.parse(file).getroot().iter("entry"):
            lex = entry.find("lex")
            triples = tuple(_triple(t.text or "") for t in entry.iter("mtriple"))
            if lex is not None and lex.text and triples:
                out.append(Entry(" ".join(lex.text.split()), triples))
    return out


def _triple(text: str) -> Triple:
    s, p, o = (part.strip() for part in text.split(" | ", 2))
    return s, p, o


def ontology_of(entries: Sequence[Entry]) -> str:
    """Turtle declaring every predicate of ``entries`` with its camelCase-derived label."""
    lines = ["@prefix dbo: <http://dbpedia.org/ontology/> .",
             "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .", ""]
    for name in sorted({p for e in entries for _, p, _ in e.references}):
        if re.fullmatch(r"[A-Za-z][\w-]*", name):
            label = " ".join(split_name(name))
            lines.append(f'dbo:{name} a rdf:Property ; rdfs:label "{label}"@en .')
    return "\n".join(lines) + "\n"


def normalise(element: str, is_object: bool = False) -> tuple[str, ...]:
    """An element as the WebNLG script compares it (see the module docstring)."""
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", element).casefold().replace("_", " ")
    text = " ".join(text.split())
    if is_object:
        text = re.sub(r"^(.*?)\s\((.*?)\)$", r"\1", text)
    return tuple(t for t in _TOKEN.findall(text) if any(c.isalnum() for c in t))


def pair_score(candidate: Triple, reference: Triple) -> float:
    """The share of the three elements that are equal (subject and object also crosswise)."""
    c = (normalise(candidate[0]), normalise(candidate[1]), normalise(candidate[2], True))
    r = (normalise(reference[0]), normalise(reference[1]), normalise(reference[2], True))
    same = [bool(x) and x == y for x, y in zip(c, r, strict=True)]
    if not same[0] and not same[2]:
        same[0], same[2] = bool(c[2]) and c[2] == r[0], bool(c[0]) and c[0] == r[2]
    return sum(same) / 3


def entry_scores(candidates: Sequence[Triple], references: Sequence[Triple]) -> list[float]:
    """Scores of the best one-to-one pairing, one per pair (padded with zeros)."""
    n = max(len(candidates), len(references))
    scores = [[pair_score(c, r) for r in references] for c in candidates]
    best: dict[int, tuple[float, tuple[float, ...]]] = {0: (0.0, ())}
    for row in scores:  # dynamic programming over the set of references already used
        step: dict[int, tuple[float, tuple[float, ...]]] = {}
        for used, (total, picked) in best.items():
            options = [(used, total, picked)] + [
                (used | 1 << j, total + s, (*picked, s)) for j, s in enumerate(row)
                if not used >> j & 1]
            for key, value, chosen in options:
                if key not in step or value > step[key][0]:
                    step[key] = (value, chosen)
        best = step
    picked = max(best.values(), key=lambda v: v[0])[1] if best else ()
    return list(picked) + [0.0] * (n - len(picked))


def kg_triples(texts: Sequence[str], ontology: str | None) -> list[list[Triple]]:
    """kg's triples for each text, with or without the user's ontology."""
    lex = lexicon().with_ontology(OntologyOptions((ontology,) if ontology else ()))
    out: list[list[Triple]] = []
    for _sentence, statements in extract_sentences(texts):
        found: list[Triple] = []
        for st in statements:
            fields = mapping_fields(st, lex)
            triple = fields["triple"]
            if isinstance(triple, list) and isinstance(fields["predicate"], str):
                found.append((str(triple[0]), local_name(fields["predicate"]), str(triple[2])))
            elif st.object is not None:
                found.append((st.subject.text, st.relation.text, st.object.text))
        out.append(list(dict.fromkeys(found)))
    return out


def exact_f1(entries: Sequence[Entry], candidates: Sequence[Sequence[Triple]]) -> float:
    pairs = [s for e, c in zip(entries, candidates, strict=True)
             for s in entry_scores(c, e.references)]
    return sum(pairs) / max(len(pairs), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="+", type=Path, help="WebNLG train/dev XML files or folders")
    parser.add_argument("--ontology", default=None,
                        help="the DBpedia properties (default: written from the data's)")
    parser.add_argument("--write-ontology", type=Path, default=None,
                        help="write the data's properties as Turtle here and stop")
    parser.add_argument("--show", type=int, default=0, help="print this many entries")
    args = parser.parse_args()
    entries = read_entries(args.data)
    if args.write_ontology is not None:
        args.write_ontology.write_text(ontology_of(entries), encoding="utf-8")
        return
    with tempfile.TemporaryDirectory() as tmp:
        ontology = args.ontology
        if ontology is None:
            ontology = str(Path(tmp) / "dbpedia.ttl")
            Path(ontology).write_text(ontology_of(entries), encoding="utf-8")
        texts = [e.text for e in entries]
        plain, mapped = kg_triples(texts, None), kg_triples(texts, ontology)
    refs = sum(len(e.references) for e in entries)
    print(f"entries {len(entries)}, reference triples {refs}")
    print(f"Exact F1 without --ontology {exact_f1(entries, plain):.3f} "
          f"({sum(map(len, plain))} triples)")
    print(f"Exact F1 with --ontology    {exact_f1(entries, mapped):.3f} "
          f"({sum(map(len, mapped))} triples)")
    for entry, found in list(zip(entries, mapped, strict=True))[:args.show]:
        print(f"\n{entry.text}\n  gold: " + "; ".join(" | ".join(t) for t in entry.references)
              + "\n  kg:   " + "; ".join(" | ".join(t) for t in found))


if __name__ == "__main__":
    main()
