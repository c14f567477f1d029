"""Long documents without line breaks: build time per word must not grow with length (issue 13).

    python benchmarks/long_document.py                     # 0.1, 1 and 5 MB
    python benchmarks/long_document.py --sizes 0.1 1       # a quicker check
    python benchmarks/long_document.py --profile out/      # pyinstrument profile of each size

Each size is one generated news-like document on a single line (names, organisations, quotes
with first-person pronouns, pronouns, dates; no newline anywhere, as in a scraped page whose
paragraphs were joined). Each is built in this process, after a warm-up build that loads the
model: ``kg.build_documents`` (parse, extract, resolve, enrich, emit, assemble) in this process
(``InProcessExecutor``), then graph.ttl and graph.html written. Prints the CPU seconds (the
machine may be shared: CPU time is steadier than wall time) and the cost per word for each size
and the ratio of the largest size's per-word cost to the smallest's. Target: ≤ 1.3× from 0.1 to
5 MB (linear growth). A per-document step that searches a window growing with the document (the
quote-speaker search before issue 13's fix) shows as a ratio far above that.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
from pathlib import Path

FIRST = ("Amina", "Diego", "Li", "Sofia", "Kwame", "Elena", "Rahul", "Marta", "Tomas", "Yara",
         "Jonah", "Ingrid", "Omar", "Priya", "Felix", "Nadia", "Samuel", "Leona", "Victor", "Hana")
LAST = ("Okafor", "Morales", "Chen", "Varga", "Mensah", "Lindqvist", "Desai", "Kowalski",
        "Ferreira", "Haddad", "Brennan", "Solberg", "Nasser", "Iyer", "Hartmann", "Castillo",
        "Adeyemi", "Moreau", "Petrov", "Tanaka")
ORGS = ("the Riverside Transit Union", "Northgate Hospital", "the Harbor Port Authority",
        "Vantel Energy", "the City Council", "the State Supreme Court", "Greenfield University",
        "the Ministry of Housing", "Altamont Logistics", "the National Weather Service")
PLACES = ("Lisbon", "Accra", "Toronto", "Osaka", "Valparaiso", "Gdansk", "Nairobi", "Denver")
ROLES = ("a lawyer for", "a spokesperson for", "the director of", "an engineer at",
         "a nurse at", "a researcher at", "the treasurer of", "a member of")
THINGS = ("the hearing", "the contract", "the strike", "the budget", "the inquiry", "the ruling",
          "the new bridge", "the housing plan", "the merger", "the evacuation")
VERBS = ("appeal", "delay", "approve", "review", "challenge", "fund", "oppose", "extend")
MONTHS = ("January", "March", "May", "July", "September", "November")


def _sentences(rng: random.Random) -> list[str]:
    """One short news paragraph (a few sentences about one person and one organisation)."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    org, place, thing = rng.choice(ORGS), rng.choice(PLACES), rng.choice(THINGS)
    verb, other = rng.choice(VERBS), f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    date = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2015, 2025)}"
    pronoun = rng.choice(("She", "He"))
    return [
        f"{first} {last}, {rng.choice(ROLES)} {org}, said on {date} that {thing} in {place} "
        f"would {verb} the plans.",
        f"\u201cI will {verb} {thing} if I have to,\u201d {last} said.",
        f"{pronoun} added that {org} had not been consulted before the vote.",
        f"{org.capitalize()} said it would {rng.choice(VERBS)} {rng.choice(THINGS)} "
        f"next month.",
        f"\u201cWe are not afraid of {thing},\u201d {other} told reporters in {place}.",
        f"{other} met {first} {last} at the offices of {rng.choice(ORGS)} on {date}.",
    ]


def news_text(size: int, seed: int = 13) -> str:
    """About ``size`` bytes (UTF-8) of generated news-like text on one line."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        for sentence in _sentences(rng):
            parts.append(sentence)
            total += len(sentence.encode("utf-8")) + 1
    return " ".join(parts)


def build_once(text: str, out: Path, profile: Path | None = None) -> dict[str, float]:
    """Build one document from ``text`` and write graph.ttl and graph.html; CPU seconds of each
    (this process does all the work; CPU time is what a loaded machine does not change)."""
    import kg
    from kg.build.local import InProcessExecutor

    document = kg.Document("long", text)
    profiler = None
    if profile is not None:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.01)
        profiler.start()
    gc.collect()
    started = time.process_time()
    graph = kg.build_documents([document], executor=InProcessExecutor())
    built = time.process_time()
    graph.save(out / "graph.ttl")
    graph.write_html(out / "graph.html")
    written = time.process_time()
    if profiler is not None and profile is not None:
        profiler.stop()
        profile.write_text(profiler.output_text(unicode=True, show_all=False), "utf-8")
    return {"build": built - started, "write": written - built, "total": written - started,
            "statements": float(graph.report.statements)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 1.0, 5.0],
                        help="document sizes in MB (default: 0.1 1 5)")
    parser.add_argument("--profile", type=Path, default=None,
                        help="write a pyinstrument profile of each size into this folder")
    options = parser.parse_args(argv)
    if options.profile is not None:
        options.profile.mkdir(parents=True, exist_ok=True)

    rows: list[tuple[float, int, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        build_once(news_text(2_000), out)  # loads the model, warms every cache
        print("CPU seconds (all work is done in this process)")
        print("size      words   statements   build s   write s   total s   µs/word")
        for mb in options.sizes:
            text = news_text(int(mb * 1_000_000))
            assert "\n" not in text
            words = len(text.split())
            profile = (None if options.profile is None
                       else options.profile / f"long-{mb:g}MB.txt")
            t = build_once(text, out, profile)
            rows.append((mb, words, t))
            print(f"{mb:4g} MB {words:9,} {int(t['statements']):12,} {t['build']:9.1f} "
                  f"{t['write']:9.1f} {t['total']:9.1f} {1e6 * t['total'] / words:9.1f}",
                  flush=True)
    if len(rows) > 1:
        (mb0, w0, t0), (mb1, w1, t1) = rows[0], rows[-1]
        ratio = (t1["total"] / w1) / (t0["total"] / w0)
        print(f"per-word cost, {mb1:g} MB / {mb0:g} MB: {ratio:.2f}× (target ≤ 1.30×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
