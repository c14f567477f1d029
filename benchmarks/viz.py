"""Benchmark of the HTML view: render time in Python and layout time in headless Chromium.

    python benchmarks/viz.py                      # 20,000 entities, ~40,000 statements
    python benchmarks/viz.py --browser-full       # also lay out the full page (slow)

Builds a deterministic random graph (preferential attachment, so a few hubs), times
``render_html`` with ``--max-nodes`` and for the whole graph, writes both pages and opens
them offline in Chromium, timing load → physics stabilised and frozen (``window.kgReady``).
Target: the ``--max-nodes 2000`` page is ready within 10 s.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from kg.model import EntityRecord, StatementRecord
from kg.viz.html import render_html

TYPES = (
    "Person",
    "Organization",
    "Place",
    "Group",
    "Date",
    "Event",
    "Law",
    "Concept",
    "Quantity",
    "CreativeWork",
    "Product",
    "Language",
    "Facility",
)
PREDICATES = (
    "met",
    "works for",
    "visited",
    "founded",
    "criticised",
    "is part of",
    "signed",
    "announced",
    "was born in",
    "acquired",
    "attended",
    "replaced",
)
WORDS = (
    "north",
    "river",
    "alpha",
    "union",
    "civic",
    "grand",
    "nova",
    "delta",
    "summit",
    "harbor",
    "مدينة",
    "lumen",
    "orbit",
    "cedar",
    "Zürich",
    "atlas",
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EX = "http://example.org/kg/"


def make_records(
    n_nodes: int, n_edges: int, seed: int
) -> tuple[list[EntityRecord], list[StatementRecord]]:
    """A reproducible random graph with hubs, parallel statements and some literals."""
    rng = random.Random(seed)
    entities = [
        EntityRecord(
            f"{EX}e{i}",
            f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {i}",
            rng.choice(TYPES),
            aliases=(f"E{i}",),
            mentions=rng.randint(1, 30),
        )
        for i in range(n_nodes)
    ]
    ends: list[int] = []  # endpoints so far: picking from it is preferential attachment
    statements = []
    for j in range(n_edges):
        s = rng.choice(ends) if ends and rng.random() < 0.6 else rng.randrange(n_nodes)
        o = rng.choice(ends) if ends and rng.random() < 0.6 else rng.randrange(n_nodes)
        ends += (s, o)
        literal = rng.random() < 0.05
        statements.append(
            StatementRecord(
                iri=f"{EX}s{j}",
                subject_id=f"{EX}e{s}",
                subject=entities[s].label,
                predicate=rng.choice(PREDICATES),
                object_id="" if literal else f"{EX}e{o}",
                object="some value" if literal else entities[o].label,
                confidence=round(rng.random(), 2),
                source=f"doc{rng.randrange(500)}",
                sentence=f"Sentence {j} says {entities[s].label} and {entities[o].label}.",
            )
        )
    return entities, statements


def time_render(
    entities: list[EntityRecord], statements: list[StatementRecord], max_nodes: int | None
) -> tuple[str, float]:
    start = time.perf_counter()
    html = render_html(entities, statements, title="Benchmark", max_nodes=max_nodes)
    return html, time.perf_counter() - start


def time_browser(pages: list[Path], timeout_s: float) -> list[tuple[float, float, int, int]]:
    """Per page: seconds to the load event, to ``kgReady``, and the node and edge counts."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for page_path in pages:
            context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
            context.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
            )
            page = context.new_page()
            start = time.perf_counter()
            page.goto(page_path.as_uri(), timeout=timeout_s * 1000)
            loaded = time.perf_counter() - start
            page.wait_for_function("window.kgReady === true", timeout=timeout_s * 1000, polling=100)
            ready = time.perf_counter() - start
            counts = page.evaluate("[kgNodes.length, kgEdges.length]")
            page.screenshot(path=str(page_path.with_suffix(".png")))
            results.append((loaded, ready, counts[0], counts[1]))
            context.close()
        browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=20_000)
    parser.add_argument("--edges", type=int, default=40_000)
    parser.add_argument("--max-nodes", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=None, help="directory for the pages")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timing")
    parser.add_argument(
        "--browser-full", action="store_true", help="also time the full graph in Chromium"
    )
    parser.add_argument("--timeout", type=float, default=180.0, help="browser timeout (s)")
    args = parser.parse_args(argv)

    out = args.out or Path(tempfile.mkdtemp(prefix="kg-viz-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    entities, statements = make_records(args.nodes, args.edges, args.seed)
    print(
        f"records: {len(entities):,} entities, {len(statements):,} statements "
        f"({time.perf_counter() - start:.2f} s to build)"
    )

    start = time.perf_counter()
    render_html([], [])  # first call pays for importing pyvis (and IPython) and networkx
    print(f"first-call imports: {time.perf_counter() - start:.2f} s")
    pages = []
    for label, max_nodes in ((f"max_nodes={args.max_nodes:,}", args.max_nodes), ("full", None)):
        html, seconds = time_render(entities, statements, max_nodes)
        path = out / f"viz-{'top' if max_nodes else 'full'}.html"
        path.write_text(html, encoding="utf-8")
        pages.append(path)
        print(f"render {label:>18}: {seconds:6.2f} s, {len(html) / 1e6:6.2f} MB -> {path}")

    if not args.no_browser:
        to_open = pages if args.browser_full else pages[:1]
        timings = time_browser(to_open, args.timeout)
        for path, (loaded, ready, n, e) in zip(to_open, timings, strict=True):
            print(
                f"chromium {path.name:>16}: load {loaded:6.2f} s, stabilised+frozen "
                f"{ready:6.2f} s ({n:,} nodes, {e:,} edges)"
            )
        met = timings[0][1] <= 10
        print(f"target (max-nodes page ready within 10 s): {'met' if met else 'MISSED'}")
        return 0 if met else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
