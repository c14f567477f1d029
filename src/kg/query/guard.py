"""What a SPARQL request would do, read from its tokens before anything runs it.

kg runs queries on local graphs. A ``SERVICE`` clause (federated query) or an update's ``LOAD``
makes the engine fetch from any URL the request names — a server-side request forgery hole
in an endpoint anyone can reach — so both are refused unless federation was turned on. An
update (``INSERT``, ``DELETE``, …) is refused where a graph is only read.

The scan is lexical and conservative: comments, string literals and IRIs are skipped, and a
keyword counts wherever else it stands. A query is scanned as written and with its ``\\u``
escapes expanded (rdflib expands them before parsing; Oxigraph does not).

>>> form("PREFIX ex: <http://example.org/> SELECT * { ?s ?p ?o }")
'SELECT'
>>> uses_service('SELECT * { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }')
True
>>> uses_service('SELECT * { ?s ex:SERVICE "SERVICE" } # SERVICE <http://x/>')
False
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.errors import QueryError

QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
UPDATE_FORMS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE",
                          "ADD", "WITH"})
#: Keywords that make the engine send HTTP requests to a URL named in the request.
FETCHING = frozenset({"SERVICE", "LOAD"})

UPDATE_REFUSED = "updates are not allowed here; use `kg serve --writable` or `kg push`"
SERVICE_REFUSED = ("SERVICE (federated query) is off: it would fetch data from other servers; "
                   "pass --allow-service to turn it on")

_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              | '''(?:[^'\\]|\\.|'(?!''))*'''
              | "(?:[^"\\\n\r]|\\.)*"
              | '(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<name>[?$][\w]+ | [\w.-]*:[\w.:%\\-]*)
  | (?P<word>[A-Za-z]+)
  | \S
""", re.VERBOSE | re.DOTALL)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _expand(text: str) -> str:
    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _ESCAPE.sub(char, text)


def _words(text: str) -> Iterator[tuple[str, str]]:
    """``(kind, TEXT)`` of each bare word (``word``) and prefixed name's prefix (``prefix``),
    upper case, outside comments, strings, IRIs and variables."""
    for match in _TOKEN.finditer(text):
        word, name = match.group("word"), match.group("name")
        if word is not None:
            yield "word", word.upper()
        elif name is not None and name[0] not in "?$":
            yield "prefix", name.split(":", 1)[0].upper()


def _readings(text: str) -> list[str]:
    expanded = _expand(text)
    return [text] if expanded == text else [text, expanded]


def form(text: str) -> str | None:
    """The request's form: ``SELECT``, ``CONSTRUCT``, ``DESCRIBE``, ``ASK``, an update keyword
    (``INSERT``, ``DELETE``, ``LOAD``, …), or ``None`` when it has none of them."""
    for kind, word in _words(text):
        if kind == "word" and (word in QUERY_FORMS or word in UPDATE_FORMS):
            return word
    return None


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL update (as written or with its escapes expanded)."""
    return any(form(reading) in UPDATE_FORMS for reading in _readings(text))


def uses_service(text: str) -> bool:
    """Whether running ``text`` could make the engine fetch from a URL: a ``SERVICE`` clause,
    or an update's ``LOAD``.

    Oxigraph reads a keyword wherever its letters start, so ``SERVICEex:a`` is ``SERVICE
    ex:a``: any bare word, or prefix of a prefixed name, that contains the keyword counts.
    """
    fetching = FETCHING if is_update(text) else FETCHING - {"LOAD"}
    return any(keyword in word for reading in _readings(text)
               for _, word in _words(reading) for keyword in fetching)


def check_query(text: str, *, allow_service: bool = False) -> None:
    """Refuse (``QueryError``) an update, and a ``SERVICE`` clause unless ``allow_service``."""
    if is_update(text):
        raise QueryError(UPDATE_REFUSED)
    if not allow_service and uses_service(text):
        raise QueryError(SERVICE_REFUSED)


def where_brace(text: str) -> int | None:
    """The offset of the ``{`` that opens the query's WHERE pattern (a CONSTRUCT template
    and braces inside parentheses skipped), or ``None`` (``CONSTRUCT WHERE {…}``, no pattern).

    >>> q = 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }'
    >>> q[where_brace(q):]
    '{ ?s ?p ?o }'
    """
    depth = 0
    previous = ""
    skipping = False  # inside a CONSTRUCT template
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if match.group("comment") or match.group("string") or match.group("iri"):
            continue
        if skipping:
            depth += {"{": 1, "}": -1}.get(token, 0)
            skipping = depth > 0
        elif token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif token == "{" and depth == 0:
            if previous == "CONSTRUCT":
                skipping, depth = True, 1
            else:
                return match.start()
        elif match.group("word") and previous == "CONSTRUCT" and token.upper() == "WHERE":
            return None
        previous = token.upper() if match.group("word") else token
    return None


def inline_bindings(text: str, terms: dict[str, str]) -> str | None:
    """``text`` with ``VALUES ?var { term }`` opening its WHERE pattern for each of
    ``terms`` (variable → a term in N-Triples syntax, as pyoxigraph writes it, so it is one
    RDF term and nothing else); ``None`` when the query has no WHERE pattern to open."""
    brace = where_brace(text)
    if brace is None:
        return None
    values = " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in terms.items())
    return f"{text[:brace + 1]} {values} {text[brace + 1:]}"
