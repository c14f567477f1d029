"""The offline HTML explorer: one self-contained page rendered with Jinja2.

``render_html`` turns read-back graph records into a page that works without a network: the
vis-network bundle (``assets/vis-network.min.js``, Apache-2.0 or MIT, licence beside it),
the stylesheet and the explorer script are inlined, a Content-Security-Policy forbids any
other source, and the output is deterministic (sorted tables, seeded layout).

Safety: the title reaches the page through Jinja's autoescaping; the data travels as one JSON
value inside ``<script type="application/json">`` with ``<``, ``>``, ``&``, ``'``, U+2028 and
U+2029 escaped, and the script inserts every string with ``textContent`` (never
``innerHTML``); vis-network draws labels on a canvas.
"""

from __future__ import annotations

import functools
import json
import zlib
from collections.abc import Sequence
from importlib.resources import files
from typing import Any

from kg.errors import ConfigError
from kg.model import DocumentRecord, EntityRecord, QuoteRecord, StatementRecord

ASSETS = "assets"
TEMPLATE_NAME = "explorer.html"
VIS_JS = "vis-network.min.js"
#: Okabe–Ito colours (distinguishable with colour-blindness), paired with a shape per type.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442",
           "#000000")
SHAPES = ("dot", "square", "triangle", "diamond", "star", "triangleDown", "hexagon")
TYPE_STYLES = {
    "Person": ("#0072B2", "dot"),
    "Organization": ("#E69F00", "square"),
    "Place": ("#009E73", "triangle"),
    "Group": ("#CC79A7", "diamond"),
    "Event": ("#D55E00", "star"),
    "Law": ("#56B4E9", "triangleDown"),
    "Facility": ("#F0E442", "hexagon"),
    "CreativeWork": ("#000000", "diamond"),
    "Product": ("#56B4E9", "square"),
    "Language": ("#009E73", "hexagon"),
    "Concept": ("#BBBBBB", "dot"),
    "Date": ("#999999", "square"),
    "Quantity": ("#999999", "triangle"),
    "Thing": ("#DDDDDD", "dot"),
}
SHAPE_NAMES = {"dot": "circle", "square": "square", "triangle": "triangle",
               "diamond": "diamond", "star": "star", "triangleDown": "down triangle",
               "hexagon": "hexagon"}


def script_json(value: Any, **kwargs: Any) -> str:
    """JSON that is safe inside ``<script>``: ``</script>``, ``<!--`` and JS line breaks escaped."""
    kwargs.setdefault("sort_keys", True)
    kwargs.setdefault("ensure_ascii", False)
    kwargs.setdefault("separators", (",", ":"))
    text = json.dumps(value, **kwargs)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("'", "\\u0027"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def type_style(type_: str) -> tuple[str, str]:
    """Colour and shape of an entity type: a fixed table, then a stable pick for other types."""
    found = TYPE_STYLES.get(type_)
    if found is not None:
        return found
    code = zlib.crc32(type_.encode())
    return PALETTE[code % len(PALETTE)], SHAPES[(code // len(PALETTE)) % len(SHAPES)]


def _asset(name: str) -> str:
    return files("kg.viz").joinpath(ASSETS, name).read_text(encoding="utf-8")


@functools.cache
def _vis_js() -> str:
    """vis-network's standalone bundle, ready to inline."""
    text = _asset(VIS_JS)
    if "</script" in text.lower() or "<!--" in text:  # pragma: no cover - bundle check
        raise RuntimeError("the vis-network bundle cannot be inlined safely")
    return text


@functools.cache
def _template() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kg.viz", ASSETS), autoescape=True,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.get_template(TEMPLATE_NAME)


def preload() -> None:
    """Import and read what ``render_html`` needs (done while a build waits for parsing):
    networkx, and the parts of SciPy that its PageRank and Kamada–Kawai layout import on
    their first call (half a second)."""
    import importlib

    import networkx  # noqa: F401

    for name in ("scipy.optimize", "scipy.sparse"):
        importlib.import_module(name)

    _vis_js()
    _template()


def _summary(data: dict[str, Any]) -> str:
    counts, drawn = data["counts"], len(data["view"]["nodes"])
    text = (f"{counts['entities']:,} entities, {counts['statements']:,} statements, "
            f"{len(data['docs']):,} documents")
    if drawn < counts["linked"]:
        text += (f"; drawing the top {drawn:,} of {counts['linked']:,} linked actors"
                 " (search finds all)")
    return text


def render_html(
    entities: Sequence[EntityRecord],
    statements: Sequence[StatementRecord],
    *,
    quotes: Sequence[QuoteRecord] = (),
    documents: Sequence[DocumentRecord] = (),
    title: str = "Knowledge graph",
    max_nodes: int | None = None,
    isolated: bool = True,
) -> str:
    """Render the graph as one self-contained, offline, deterministic HTML page.

    The first view draws the named entities linked by statements, at most ``max_nodes`` of
    them (top by PageRank; ``kg.viz.data.DEFAULT_MAX_NODES`` when not given). Without
    ``isolated``, entities that take part in no statement are left out.
    """
    if max_nodes is not None and (isinstance(max_nodes, bool) or max_nodes < 1):
        raise ConfigError(f"max_nodes must be a positive whole number, not {max_nodes!r}")
    from kg.viz.data import explorer_data

    data = explorer_data(entities, statements, quotes, documents, max_nodes=max_nodes,
                         isolated=isolated)
    styles = [type_style(t) for t in data["types"]]
    data["styles"] = [list(s) for s in styles]
    data["palette"] = list(PALETTE)
    legend = [(t, colour, shape, SHAPE_NAMES.get(shape, shape))
              for t, (colour, shape) in zip(data["types"], styles, strict=True)]
    page: str = _template().render(
        title=title, summary=_summary(data), legend=legend, data_json=script_json(data),
        vis_js=_vis_js(), explorer_js=_asset("explorer.js"), explorer_css=_asset("explorer.css"))
    return page
