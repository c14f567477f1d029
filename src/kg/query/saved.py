"""Saved SPARQL queries (``ontology/queries/*.rq``) and ``--bind var=value`` parameters.

A saved query's first ``# `` comment line is its description. Parameters are bound as RDF
terms through ``initBindings``; nothing is ever pasted into the query text.

>>> parse_binding("name=Mahmoud Khalil")
('name', rdflib.term.Literal('Mahmoud Khalil'))
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from kg.errors import ConfigError, QueryError

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_IRI = re.compile(r"^<([^<>\"{}|^`\\\s]*)>$")
_BIND = re.compile(r"^#\s*bind\s+([A-Za-z_][A-Za-z0-9_]*)\s*(\(required\))?\s*:\s*(.*)$",
                   re.MULTILINE)
_HTTP = re.compile(r"^https?://[^<>\"{}|^`\\\s]+$")


@dataclass(frozen=True, slots=True)
class SavedQuery:
    """A query shipped with kg: its name (file stem), description and text."""

    name: str
    description: str
    text: str

    @property
    def parameters(self) -> dict[str, str]:
        """The ``# bind NAME: what it means`` lines of the header: variables worth binding
        (``# bind NAME (required): …`` for one the query needs)."""
        return {name: text.strip() for name, _, text in _BIND.findall(self.text)}

    @property
    def required(self) -> list[str]:
        """The parameters marked ``(required)``: the query answers nothing without them."""
        return [name for name, marker, _ in _BIND.findall(self.text) if marker]

    def check_bound(self, bindings: Iterable[str]) -> None:
        """Raise ``QueryError`` naming each required parameter that ``bindings`` lacks."""
        missing = [name for name in self.required if name not in set(bindings)]
        if missing:
            what = "; ".join(f"--bind {n}=… ({self.parameters[n]})" for n in missing)
            raise QueryError(f"{self.name or 'the query'} needs {what}")

    @property
    def variables(self) -> list[str]:
        """The variables the query mentions (``?x`` or ``$x``), in order of appearance."""
        found = re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", _strip_comments(self.text))
        return list(dict.fromkeys(found))


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def queries_dir() -> Path:
    """The folder of saved queries inside the installed package."""
    return Path(str(resources.files("kg") / "ontology" / "queries"))


def _read(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    description = next((line[2:].strip() for line in text.splitlines()
                        if line.startswith("# ")), "")
    return SavedQuery(path.stem, description, text)


def list_saved(folder: Path | None = None) -> list[SavedQuery]:
    """Every saved query, sorted by name."""
    return [_read(p) for p in sorted((folder or queries_dir()).glob("*.rq"), key=lambda p: p.stem)]


def load_saved(name: str, folder: Path | None = None) -> SavedQuery:
    """The saved query called ``name`` (``.rq`` optional); unknown names list the choices."""
    stem = name.removesuffix(".rq")
    for query in list_saved(folder):
        if query.name == stem:
            return query
    choices = ", ".join(q.name for q in list_saved(folder)) or "(none)"
    raise ConfigError(f"unknown saved query {name!r}; choose one of: {choices}")


def format_saved_list(queries: Iterable[SavedQuery]) -> str:
    """Each query's name and description, then one indented line per bindable parameter."""
    rows = list(queries)
    width = max((len(q.name) for q in rows), default=0)
    lines = []
    for q in rows:
        lines.append(f"{q.name.ljust(width)}  {q.description}")
        lines += [f"{'':{width}}    --bind {k}=…  {'(required) ' * (k in q.required)}{v}"
                  for k, v in q.parameters.items()]
    return "\n".join(lines)


def parse_term(value: str) -> Identifier:
    """``<iri>`` or ``http(s)://…`` → ``URIRef``; anything else → a plain ``Literal``."""
    match = _IRI.match(value)
    if match:
        return URIRef(match.group(1))
    if _HTTP.match(value):
        return URIRef(value)
    return Literal(value)


def parse_binding(text: str) -> tuple[str, Identifier]:
    """``"var=value"`` → ``("var", term)``; a leading ``?`` or ``$`` on the name is allowed."""
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not _VARIABLE.fullmatch(name):
        raise QueryError(f"bad binding {text!r}: write it as var=value (e.g. name=ICE)")
    return name, parse_term(value)


def parse_bindings(texts: Iterable[str], query: str | None = None) -> dict[str, Identifier]:
    """Parse every ``--bind``; with ``query``, each name must be a variable of the query."""
    bindings: dict[str, Identifier] = {}
    for text in texts:
        name, term = parse_binding(text)
        if name in bindings:
            raise QueryError(f"variable ?{name} is bound twice")
        bindings[name] = term
    if query is not None:
        known = SavedQuery("", "", query).variables
        for name in bindings:
            if name not in known:
                listed = ", ".join(f"?{v}" for v in known) or "(none)"
                raise QueryError(f"the query has no variable ?{name}; its variables: {listed}")
    return bindings
