"""One serialiser: a graph as sorted N-Triples lines, written in any RDF format by Oxigraph.

Whatever a graph comes from — a build, a Turtle file, an Oxigraph store — it is first made
*canonical*: its triples as N-Triples lines (Oxigraph's term forms), each once, sorted — a list
of lines, or, for a build or a store, a file of them (``kg.rdf.spill``), which the triple
formats are written from without reading it into memory. Every format is written from those
lines, so the same triples always give the same bytes. Quad
formats put each document's statements and quotes (what has ``kg:sourceDocument``) in one
named graph per document (``<document IRI#graph>``), everything else in the default graph.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeAlias

import pyoxigraph as ox

from kg.errors import GraphError
from kg.forked import Forked, can_fork
from kg.ingest.files import XML_FORBIDDEN
from kg.ontology.namespace import DATA_BASE
from kg.rdf.formats import FORMATS, QUAD_FORMATS, XML_FORMATS
from kg.rdf.iris import Vocab, prefixes
from kg.rdf.spill import LineSorter, read_lines
from kg.rdf.terms import to_ox

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

#: Each of ``kg.rdf.formats.RDF_FORMATS`` as Oxigraph names it.
_OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
               "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
               "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
_SOURCE = Vocab().sourceDocument

#: A graph's canonical form: its lines, or a file of them (see the module docstring).
Canonical: TypeAlias = Sequence[str] | Path


def canonical(lines: Iterable[str]) -> list[str]:
    """N-Triples lines (each ending in a line break) sorted, each once."""
    return sorted(set(lines))


def store_lines(store: ox.Store) -> list[str]:
    """The default graph of an Oxigraph store, canonical."""
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""
    return canonical(split_lines(data.decode("utf-8")))


def store_file(store: ox.Store, folder: Path) -> Path:
    """The default graph of an Oxigraph store as a canonical file in ``folder`` (sorted on
    disk, so memory does not grow with the store)."""
    dump = folder / "dump.nt"
    store.dump(str(dump), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    sorter = LineSorter(folder)
    for chunk in read_lines(dump):
        sorter.add(chunk)
    dump.unlink()
    target = folder / "graph.nt"
    sorter.finish(target)
    return target


def as_lines(source: Canonical) -> Sequence[str]:
    """The lines of a canonical ``source`` (a file is read into memory)."""
    if isinstance(source, Path):
        return split_lines(source.read_text(encoding="utf-8"))
    return source


def _text_chunks(source: Canonical) -> Iterator[str]:
    if isinstance(source, Path):
        for chunk in read_lines(source):
            yield b"".join(chunk).decode("utf-8")
    else:
        yield "".join(source)


def _triples(source: Canonical) -> Iterable[ox.Quad]:
    """The triples of a canonical ``source`` (in the default graph), parsed by Oxigraph; a
    file as it is read."""
    if isinstance(source, Path):
        return ox.parse(path=source, format=ox.RdfFormat.N_TRIPLES)
    return ox.parse("".join(source).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)


def split_lines(data: str) -> list[str]:
    """N-Triples text as lines, each with its line break (only ``\\n`` ends a line)."""
    return [line + "\n" for line in data.split("\n") if line]


def rdflib_lines(graph: Graph) -> list[str]:
    """The triples of an rdflib ``graph``, canonical."""
    term: dict[Node, str] = {}

    def get(node: Node) -> str:
        found = term.get(node)
        if found is None:
            found = term[node] = str(to_ox(node))
        return found

    return canonical(f"{get(s)} {get(p)} {get(o)} .\n" for s, p, o in graph)


def graph_prefixes(graph: Graph) -> dict[str, str]:
    """kg's prefixes, with the base IRI the graph binds as ``kgr`` (else the default)."""
    return prefixes(str(dict(graph.namespaces()).get("kgr", DATA_BASE)))


def document_graph(document_term: str) -> str:
    """The IRI of the named graph of the document ``<IRI>`` (given as a term)."""
    return document_term[1:-1] + "#graph"


def _quads(lines: Sequence[str]) -> Iterable[ox.Quad]:
    """The triples of ``lines`` in their graphs: the default graph first, then one graph per
    document, by IRI."""
    home: dict[str, str] = {}
    for line in lines:
        s, p, rest = line.split(" ", 2)
        if p == _SOURCE and rest.startswith("<"):
            home[s] = document_graph(rest[:-3])
    placed = sorted(range(len(lines)), key=lambda i: home.get(lines[i].split(" ", 1)[0], ""))
    ordered = [lines[i] for i in placed]
    graphs: dict[str, ox.NamedNode | ox.DefaultGraph] = {"": ox.DefaultGraph()}
    data = "".join(ordered).encode("utf-8")
    for line, t in zip(ordered, ox.parse(data, format=ox.RdfFormat.N_TRIPLES), strict=True):
        name = home.get(line.split(" ", 1)[0], "")
        graph = graphs.get(name)
        if graph is None:
            graph = graphs[name] = ox.NamedNode(name)
        yield ox.Quad(t.subject, t.predicate, t.object, graph)


def check_xml_safe(source: Canonical, fmt: str) -> None:
    """Refuse (``GraphError``) to write the graph as XML (``fmt``: xml, graphml or gexf) when
    a term holds a character XML 1.0 forbids (U+0000, most other C0 controls, U+FFFE, U+FFFF).

    kg's own builds never hold one (``kg.ingest`` replaces them with U+FFFD); a graph read
    from elsewhere may.
    """
    if not any("\\u" in text or "\\U" in text or XML_FORBIDDEN.search(text)
               for text in _text_chunks(source)):
        return  # N-Triples lines write such characters as escapes, if not raw
    for triple in _triples(source):
        for term in (triple.subject, triple.predicate, triple.object):
            text = str(getattr(term, "value", term))
            bad = XML_FORBIDDEN.search(text)
            if bad is not None:
                others = ", ".join(sorted(set(FORMATS) - XML_FORMATS - {"tsv", "mentions"}))
                raise GraphError(
                    f"cannot write {fmt}: {text[:40]!r} holds U+{ord(bad.group()):04X}, "
                    f"which XML cannot represent; choose one of: {others}")


def write(source: Canonical, fmt: str, prefixes: dict[str, str],
          output: IO[bytes] | None = None, meanwhile: Callable[[], None] | None = None
          ) -> bytes:
    """A canonical ``source`` in format ``fmt`` (one of ``kg.rdf.formats.RDF_FORMATS``), as
    bytes or into ``output`` (then ``b""`` is returned). ``meanwhile`` is called while a file
    ``source`` is written into ``output``, which a forked process does where it can
    (``kg.forked``), so the two run at once."""
    if meanwhile is None or output is None or not isinstance(source, Path) or not can_fork():
        written = _write(source, fmt, prefixes, output)
        if meanwhile is not None:
            meanwhile()
        return written
    # the forked process reads the file and writes through the inherited descriptor
    output.flush()
    writing = Forked(partial(_write_flushed, source, fmt, prefixes, output), "kg-save",
                     f"the process writing the {fmt} file died (out of memory?)")
    try:
        meanwhile()
        writing.result()
    finally:
        writing.stop()
    return b""


def _write_flushed(source: Path, fmt: str, prefixes: dict[str, str], output: IO[bytes]) -> None:
    _write(source, fmt, prefixes, output)
    output.flush()  # the forked process ends without flushing


def _write(source: Canonical, fmt: str, prefixes: dict[str, str],
           output: IO[bytes] | None) -> bytes:
    if fmt == "nt":
        if isinstance(source, Path):
            if output is None:
                return source.read_bytes()
            with open(source, "rb") as handle:
                shutil.copyfileobj(handle, output)
            return b""
        data = "".join(source).encode("utf-8")
        if output is None:
            return data
        output.write(data)
        return b""
    rdf_format = _OX_FORMATS[fmt]
    quads = _quads(as_lines(source)) if fmt in QUAD_FORMATS else _triples(source)
    used = None if fmt == "nquads" else prefixes
    if output is None:
        return ox.serialize(quads, format=rdf_format, prefixes=used) or b""
    ox.serialize(quads, output, format=rdf_format, prefixes=used)
    return b""
