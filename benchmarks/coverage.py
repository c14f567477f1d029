"""How many statements kg's lexicon (or a user's vocabulary) normalises, and what it misses.

Parses, resolves and normalises the corpus as ``kg build`` does, then counts the statements
that reach the graph's rows (an unresolved pronoun's statement is kept without an entity link
and is never normalised, so it is left out of the share) and those with a ``kg:predicate``.
Prints the share, the unmapped relations by frequency (the lexicon's key: lemmas without
auxiliaries, copula folded to ``be``) and, with ``--show``, every statement with its
property and sentence, to check each mapping by eye.

    python benchmarks/coverage.py [--corpus ../shared/corpus] [--top 20] [--show mapped|unmapped]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from kg.build.pipeline import process
from kg.enrich.lexicon import OntologyOptions, lexicon
from kg.enrich.normalise import normalise
from kg.entities.resolve import is_unresolved, resolve
from kg.extract import DEFAULT_EXTRACTOR, get_extractor
from kg.ingest.files import read_documents
from kg.nlp.loader import load_model

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--top", type=int, default=20, help="unmapped relations to list")
    parser.add_argument("--show", choices=("mapped", "unmapped"), default=None,
                        help="print these statements with their sentences")
    parser.add_argument("--ontology", action="append", default=None,
                        help="a user's ontology file (repeatable)")
    args = parser.parse_args()
    lex = lexicon().with_ontology(OntologyOptions(tuple(args.ontology or ())))
    docs = list(read_documents([args.corpus]))
    parsed = process(docs, load_model(), get_extractor(DEFAULT_EXTRACTOR))
    kept = mapped = 0
    unmapped: Counter[str] = Counter()
    for result in normalise(resolve(parsed, Counter()), None, lex):
        for st in result.statements:
            if is_unresolved(st):
                continue
            kept += 1
            iri = st.relation.predicate
            mapped += iri is not None
            if iri is None:
                unmapped[lex.key(st.relation)] += 1
            if args.show == ("mapped" if iri else "unmapped"):
                name = lex.label(iri) if iri else lex.key(st.relation)
                how = st.relation.mapping.method if st.relation.mapping else ""
                print(f"{st.subject.text} | {st.relation.text} | "
                      f"{st.object.text if st.object else ''}  =>  {name} {how}\n"
                      f"    {st.provenance.sentence.text}")
    print(f"statements {kept} (resolved), normalised {mapped} ({mapped / max(kept, 1):.1%})")
    print("unmapped relations: " + ", ".join(f"{k} ({n})" for k, n in
                                             unmapped.most_common(args.top)))


if __name__ == "__main__":
    main()
