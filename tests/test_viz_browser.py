"""The explorer in a real browser: headless Debian Chromium, network blocked.

Covers issue 14's acceptance on the seed corpus (../shared/corpus) and on hand-made records:
default view, search and panel, document filter, URL-fragment state, injection canaries,
keyboard use. Needs the ``playwright`` package and ``/usr/bin/chromium`` (never downloaded);
without them the tests skip locally and fail when ``CI`` is set.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.model import DocumentRecord, EntityRecord, QuoteRecord, StatementRecord
from kg.viz.html import render_html

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
EX = "http://example.org/kg/entity/"
IMG = '<img src=x onerror="window.__pwned=1">'
SCRIPT = "</script><script>window.__pwned=2</script>"
NAMED = {"Person", "Organization", "Place", "Group", "Event", "Law", "Facility", "CreativeWork",
         "Product", "Language"}


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser test cannot run on CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright Python package is not installed")
    if not Path(CHROMIUM).is_file():
        unavailable(f"{CHROMIUM} is missing (make system-deps installs Debian's chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


class Page:
    """One offline tab: every non-file request is aborted and recorded, errors collected."""

    def __init__(self, browser: Any, url: str) -> None:
        self.context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
        self.aborted: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type in ("error", "warning")
                     and self.errors.append(m.text))
        self.open(url)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.aborted.append(route.request.url)
            route.abort()

    def open(self, url: str) -> None:
        self.page.goto(url)
        wait_for(self.page, "kgReady")

    def js(self, code: str, arg: Any = None) -> Any:
        return self.page.evaluate(code, arg)

    def clean(self) -> bool:
        return not self.errors and not self.aborted and self.js("typeof window.__pwned") == "undefined"

    def close(self) -> None:
        self.context.close()


#: Waits in the page for ``window[flag]`` to be true. Not ``wait_for_function``: its repeated
#: polls evaluate a string again, which the page's CSP (no 'unsafe-eval') refuses once the first
#: synchronous check is past — a failure seen only when the machine is slow (playwright#36986).
WAIT_FOR = """([flag, ms]) => new Promise((ok, fail) => {
  const until = Date.now() + ms;
  (function poll() {
    if (window[flag] === true) ok(true);
    else if (Date.now() > until) fail(new Error(flag + " still false after " + ms + " ms"));
    else setTimeout(poll, 20);
  })();
})"""


def wait_for(page: Any, flag: str, ms: int = 30_000) -> None:
    page.evaluate(WAIT_FOR, [flag, ms])


VISIBLE = """() => kgNodes.get().filter(n => typeof n.id === 'number').map(n => ({
  id: n.id, type: kgData.types[kgData.entities[n.id][1]],
  edges: kgNetwork.getConnectedEdges(n.id).length}))"""


def choose(page: Page, text: str, label: str) -> None:
    """Type ``text`` in the search box and pick ``label`` with the arrow keys and Enter."""
    page.page.fill("#kg-query", text)
    options = page.page.locator("#kg-matches li").all_inner_texts()
    position = next(k for k, o in enumerate(options) if o.split("\n")[0] == label)
    for _ in range(position + 1):
        page.page.keyboard.press("ArrowDown")
    assert page.js("document.getElementById('kg-query').getAttribute('aria-activedescendant')") \
        == f"kg-opt-{position}"
    page.page.keyboard.press("Enter")
    wait_for(page.page, "kgSettled")


@pytest.fixture(scope="module")
def seed_html(corpus_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import kg

    target = tmp_path_factory.mktemp("viz") / "seed.html"
    kg.load(corpus_build).write_html(target, title="Seed articles")
    return target


def test_seed_default_view_shows_linked_actors_only(browser: Any, seed_html: Path) -> None:
    page = Page(browser, seed_html.as_uri())
    try:
        nodes = page.js(VISIBLE)
        assert 3 <= len(nodes) <= 80
        assert {n["type"] for n in nodes} <= NAMED
        assert all(n["edges"] >= 1 for n in nodes)
        # edges through a phrase are dashed, and each names a statement with both ends
        dashed = page.js("kgEdges.get().filter(e => e.dashes).map(e => e.kgStatements.length)")
        assert dashed and all(n >= 1 for n in dashed)
        assert page.js("kgNetwork.physics.options.enabled") is False
        assert page.clean(), (page.errors, page.aborted)
    finally:
        page.close()


def test_seed_search_panel_fragment_and_document_filter(browser: Any, seed_html: Path) -> None:
    page = Page(browser, seed_html.as_uri())
    try:
        choose(page, "Khalil", "Mahmoud Khalil")
        panel = page.page.locator("#kg-panel")
        assert panel.locator("h2").inner_text() == "Mahmoud Khalil"
        items = panel.locator("ul.statements > li")
        assert items.count() >= 25
        for k in range(items.count()):
            item = items.nth(k)
            assert item.locator("blockquote mark").count() >= 1
            assert item.locator("cite").inner_text().strip()
        assert panel.locator("ul.quotes > li").count() >= 4
        # the panel has the keyboard focus, and Tab walks through its buttons
        assert page.js("document.activeElement.id") == "kg-panel-title"
        page.page.keyboard.press("Tab")
        assert page.js("document.activeElement.textContent") == "Expand neighbours"
        # the URL fragment reopens the same panel in a fresh tab
        url = page.page.url
        assert "#entity=" in url
        again = Page(browser, url)
        try:
            assert again.page.locator("#kg-panel h2").inner_text() == "Mahmoud Khalil"
            assert again.page.locator("#kg-panel ul.statements > li").count() == items.count()
        finally:
            again.close()

        # one document only: whatever is left appears in a statement of that document
        docs = page.js("kgData.docs.map(d => d[0])")
        assert len(docs) == 3
        before = len(page.js(VISIBLE))
        page.page.click("#kg-docs-none")
        assert page.js(VISIBLE) == [] and page.page.is_visible("#kg-empty")
        page.page.check('#kg-docs input[data-doc="1"]')
        shown = page.js(VISIBLE)
        assert 0 < len(shown) < before
        in_doc = set(page.js("""() => kgData.statements.filter(s => s[5] === 1)
                                .flatMap(s => [s[0], s[2]]).concat(kgData.via.filter(
                                v => kgData.statements[v[0]][5] === 1).map(v => v[1]))"""))
        assert all(n["id"] in in_doc for n in shown)
        assert page.js("""kgEdges.get().every(e => e.kgStatements.every(
                            i => kgData.statements[i][5] === 1))""")
        # the filter is in the fragment too, and comes back on reload
        page.open(page.page.url)
        assert len(page.js(VISIBLE)) == len(shown)
        assert page.js("[...document.querySelectorAll('#kg-docs input')].map(b => b.checked)") \
            == [False, True, False]
        assert page.page.locator("#kg-panel h2").inner_text() == "Mahmoud Khalil"
        assert page.clean(), (page.errors, page.aborted)
    finally:
        page.close()


def test_canary_document_changes_nothing(browser: Any, corpus_dir: Path, tmp_path: Path) -> None:
    import kg

    canary = tmp_path / "canary.jsonl"
    text = (f"Mallory Quinn{IMG} met Mahmoud Khalil in Paris. "
            f'"{SCRIPT} We will not stop," said Mallory Quinn{IMG}. '
            f"Acme{SCRIPT} Corp hired Mallory Quinn.")
    canary.write_text(json.dumps({"id": "canary", "title": f"Canary {SCRIPT}{IMG}",
                                  "date": "2025-06-01", "text": text}) + "\n", encoding="utf-8")
    target = tmp_path / "canary.html"
    kg.build([corpus_dir, canary]).write_html(target, title=f"Canary {SCRIPT}")
    page = Page(browser, target.as_uri())
    try:
        structure = "document.querySelectorAll('img, script, iframe, object, embed').length"
        assert page.js(structure) == 3  # the data, vis-network and the explorer
        found = page.js("kgFind('Quinn<img')")
        assert found is not None and "Quinn<img" in page.js(f"kgData.entities[{found}][0]")
        page.js(f"kgOpen({found})")
        panel = page.page.inner_text("#kg-panel")
        assert "<img src=x" in panel
        page.js("kgOpen(kgFind('Acme'))")
        assert SCRIPT in page.page.inner_text("#kg-panel")
        assert "Canary </script>" in page.page.inner_text("#kg-docs")
        page.page.click("#kg-concepts")
        page.page.select_option("#kg-colour", "document")
        assert page.js(structure) == 3
        assert page.page.title() == f"Canary {SCRIPT}"
        assert page.clean(), (page.errors, page.aborted)
    finally:
        page.close()


def hand_made() -> tuple[list[Any], ...]:
    entities = [EntityRecord(EX + "ann", "Ann Lee", "Person", ("Ann", SCRIPT), 5),
                EntityRecord(EX + "acme", f"Acme {IMG}", "Organization", (), 2),
                EntityRecord(EX + "rome", "Rome", "Place", (), 1),
                EntityRecord(EX + "plan", "a secret plan", "Concept", (), 1)]

    def st(n: int, s: str, p: str, o: str, doc: str, conf: float, date: str = "") -> Any:
        sentence = f"{s.title()} {p} {o}."
        extra = {"sentence_start": "0", "subject_start": "0", "subject_end": str(len(s)),
                 **({"date": date} if date else {})}
        return StatementRecord(f"{EX}st{n}", EX + s, s, p, EX + o, o, conf, doc, sentence, extra)

    statements = [st(1, "ann", "works for", "acme", "d1", 0.9, "2024-01-10"),
                  st(2, "acme", "is based in", "rome", "d2", 0.3, "2024-06-01"),
                  st(3, "ann", "drew up", "plan", "d1", 0.8),
                  StatementRecord(f"{EX}st4", EX + "ann", "Ann", "is", "", f"brave {IMG}", 0.7,
                                  "d1", "Ann is brave.")]
    quotes = [QuoteRecord("urn:q1", EX + "ann", "Ann Lee", f"We {SCRIPT} win", "d1", 0, 9)]
    documents = [DocumentRecord("urn:d1", "d1", f"Story {IMG}", "https://example.org/a", "2024-01-11"),
                 DocumentRecord("urn:d2", "d2", "Second", "", "2024-06-02")]
    return entities, statements, quotes, documents


def test_filters_toggles_and_panel_buttons(browser: Any, tmp_path: Path) -> None:
    entities, statements, quotes, documents = hand_made()
    target = tmp_path / "hand.html"
    target.write_text(render_html(entities, statements, quotes=quotes, documents=documents),
                      encoding="utf-8")
    page = Page(browser, target.as_uri())
    try:
        count = "kgNodes.get().length"
        assert page.js(count) == 3  # Ann, Acme, Rome; the Concept and the value are folded
        page.page.fill("#kg-conf", "0.5")
        page.page.dispatch_event("#kg-conf", "input")
        assert page.js(count) == 2 and "conf=0.5" in page.page.url
        page.page.fill("#kg-conf", "0")
        page.page.dispatch_event("#kg-conf", "input")
        assert page.page.is_visible("#kg-dates")
        page.page.fill("#kg-from", "2024-05-01")
        page.page.dispatch_event("#kg-from", "change")
        shown = page.js("kgNodes.get().map(n => kgData.entities[n.id][0])")
        assert sorted(shown) == [f"Acme {IMG}", "Rome"]  # only the statement dated in June
        page.page.fill("#kg-from", "")
        page.page.dispatch_event("#kg-from", "change")
        page.page.uncheck('#kg-types input[data-type="Place"]')
        assert page.js(count) == 2
        page.page.check('#kg-types input[data-type="Place"]')
        page.page.check("#kg-concepts")
        assert page.js(count) == 5  # + the Concept and the literal value as nodes
        page.page.uncheck("#kg-concepts")
        page.page.select_option("#kg-colour", "community")
        assert page.page.locator("#kg-groups li").count() >= 1

        ann = page.js("kgFind('ann')")
        page.js(f"kgOpen({ann})")
        panel = page.page.inner_text("#kg-panel")
        assert "Story <img" in panel and f"We {SCRIPT} win" in panel and "brave <img" in panel
        assert page.page.locator("#kg-panel a").get_attribute("href") == "https://example.org/a"
        page.page.click("#kg-panel >> text=Hide")
        assert ann not in page.js("kgNodes.getIds()") and "hidden=" in page.page.url
        page.page.click("#kg-reset")
        assert ann in page.js("kgNodes.getIds()")
        rome = page.js("kgFind('Rome')")
        page.js(f"kgOpen({rome})")
        page.page.click("#kg-panel >> text=Expand neighbours")
        edge = page.js("kgEdges.get().find(e => e.label.startsWith('works for')).id")
        page.js(f"kgEdge({json.dumps(edge)})")
        assert page.page.locator("#kg-panel ul.statements > li").count() == 1
        assert "Ann works for acme." in page.page.inner_text("#kg-panel")
        assert page.js("document.querySelectorAll('img, script').length") == 3
        assert page.clean(), (page.errors, page.aborted)
    finally:
        page.close()


def test_low_confidence_is_marked_and_never_outranks(browser: Any, tmp_path: Path) -> None:
    entities = [EntityRecord(EX + "ann", "Ann Lee", "Person", (), 3),
                EntityRecord(EX + "acme", "Acme", "Organization", (), 3),
                EntityRecord(EX + "rome", "Rome", "Place", (), 1)]

    def st(n: int, s: str, p: str, o: str, conf: float) -> Any:
        return StatementRecord(f"{EX}st{n}", EX + s, s, p, EX + o, o, conf, "d1",
                               f"Sentence {n}: {s} {p} {o}.", {"sentence_start": str(100 * n)})

    # Two low-confidence "owns" come first in the text; one confident "works for" after them.
    statements = [st(1, "ann", "owns", "acme", 0.2), st(2, "ann", "owns", "acme", 0.3),
                  st(3, "ann", "works for", "acme", 0.9), st(4, "acme", "is near", "rome", 0.1)]
    documents = [DocumentRecord("urn:d1", "d1", "One", "", "")]
    target = tmp_path / "low.html"
    target.write_text(render_html(entities, statements, documents=documents), encoding="utf-8")
    page = Page(browser, target.as_uri())
    try:
        labels = page.js("Object.fromEntries(kgEdges.get().map(e => [e.label, e.title || '']))")
        # The edge is named by its confident statement, though the low ones are more frequent.
        assert labels == {"works for (3)": "", "is near": "low confidence"}
        ann = page.js("kgFind('ann')")
        page.js(f"kgOpen({ann})")
        items = page.page.locator("#kg-panel ul.statements > li")
        texts = items.all_inner_texts()
        assert [t.split("\n")[0] for t in texts] == ["Ann Lee works for Acme", "Ann Lee owns Acme",
                                                     "Ann Lee owns Acme"]
        assert [items.nth(k).get_attribute("class") for k in range(3)] == [None, "low", "low"]
        assert "low confidence" not in texts[0] and all("low confidence" in t for t in texts[1:])
        assert page.clean(), (page.errors, page.aborted)
    finally:
        page.close()


def test_an_edge_through_a_phrase_is_labelled_with_the_phrase(browser: Any, tmp_path: Path) -> None:
    entities = [EntityRecord(EX + "ines", "Ines Moreau", "Person", (), 2),
                EntityRecord(EX + "harbor", "Harbor College", "Organization", (), 2),
                EntityRecord(EX + "grad", "a Harbor College graduate", "Concept", (), 1),
                EntityRecord(EX + "rome", "Rome", "Place", (), 1)]

    def st(n: int, s: str, p: str, o: str) -> Any:
        return StatementRecord(f"{EX}st{n}", EX + s, s, p, EX + o, o, 0.9, "d1",
                               f"Sentence {n}.", {"sentence_start": str(100 * n)})

    # "Ines Moreau is a Harbor College graduate": she is not the college
    statements = [st(1, "ines", "is", "grad"), st(2, "harbor", "is based in", "rome")]
    target = tmp_path / "via.html"
    target.write_text(render_html(entities, statements,
                                  documents=[DocumentRecord("urn:d1", "d1", "One", "", "")]),
                      encoding="utf-8")
    page = Page(browser, target.as_uri())
    try:
        edges = page.js("kgEdges.get().map(e => [e.label, !!e.dashes])")
        assert sorted(edges) == [["is a Harbor College graduate", True], ["is based in", False]]
        assert page.clean(), (page.errors, page.aborted)
    finally:
        page.close()
