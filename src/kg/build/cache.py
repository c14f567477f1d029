"""The build cache: each document's ``DocumentResult``, keyed by its content and the pipeline.

An entry's key is a hash of the document id and text plus the *pipeline version* (model name
and version, spaCy version, extractor name, kg version, ontology and extraction-code hashes),
so a changed document, model or extractor is simply a miss. Entries are JSON decoded into a
fixed set of kg dataclasses only (no pickle): a corrupt or stale entry reads as a miss and is
recomputed, never an error. Writes are atomic, so concurrent builds may share a cache.

Beside each result, the build caches the document's triples (``kg.rdf.emit.DocumentTriples``:
N-Triples, entity uses and statement rows), keyed by the document's text and metadata, the
base IRI and the resolving, normalising and emitting code (``render_version``), so an
unchanged document costs a build one file read.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.fsutil import atomic_write_bytes
from kg.model import Document, Mention, Provenance, Relation, Span, Statement
from kg.model.results import DocumentResult, MentionRecord, Referent
from kg.version import __version__

if TYPE_CHECKING:
    from kg.rdf.emit import DocumentTriples

_KG_ROOT = Path(__file__).resolve().parents[1]  # the kg package
CACHE_DIR = ".kg-cache"
FORMAT = 4  # bump when the entry layout changes

#: The only classes an entry may contain, by tag.
_CLASSES: dict[str, type[Any]] = {cls.__name__: cls for cls in (
    Span, Mention, Relation, Provenance, Statement, Document, DocumentResult, Referent,
    MentionRecord)}
_SOURCES = ("model", "build/pipeline.py", "nlp", "extract")  # code whose output is cached
#: Code and data a document's ``DocumentTriples`` depend on (besides ``_SOURCES``).
_RENDER_SOURCES = ("rdf", "entities", "enrich", "ontology", "ingest", "build/cache.py",
                   "data/given_names.txt")


def _files_hash(root: Path, names: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for name in names:
        path = root / name
        files = ([path] if not path.is_dir() else
                 sorted(f for f in path.rglob("*") if "__pycache__" not in f.parts))
        for file in files:
            if file.is_file():
                digest.update(file.relative_to(root).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def _model_version(model: str) -> str:
    """The model's version without loading it (package metadata or ``meta.json``)."""
    path = Path(model)
    if (path / "meta.json").is_file():
        try:
            meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
            return f"{meta.get('name')}-{meta.get('version')}"
        except (OSError, ValueError):
            return "unknown"
    try:
        return metadata.version(model)
    except metadata.PackageNotFoundError:
        try:
            return metadata.version(model.replace("_", "-"))
        except metadata.PackageNotFoundError:
            return "unknown"


@lru_cache(maxsize=16)
def pipeline_version(model: str, extractor: str) -> str:
    """A short fingerprint of everything that shapes a ``DocumentResult``."""
    root = _KG_ROOT
    try:
        spacy_version = metadata.version("spacy")
    except metadata.PackageNotFoundError:  # pragma: no cover
        spacy_version = "unknown"
    parts = {
        "format": FORMAT,
        "model": model,
        "model_version": _model_version(model),
        "spacy": spacy_version,
        "extractor": extractor,
        "kg": __version__,
        "ontology": _files_hash(root, ("ontology",)) if (root / "ontology").is_dir() else "",
        "code": _files_hash(root, _SOURCES),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


@lru_cache(maxsize=16)
def render_version(model: str, extractor: str, base: str) -> str:
    """A short fingerprint of everything that shapes a document's ``DocumentTriples``: the
    pipeline version, the base IRI, pyoxigraph's version and the resolving, normalising and
    emitting code."""
    root = _KG_ROOT
    try:
        oxigraph_version = metadata.version("pyoxigraph")
    except metadata.PackageNotFoundError:  # pragma: no cover
        oxigraph_version = "unknown"
    parts = {"pipeline": pipeline_version(model, extractor), "base": base,
             "pyoxigraph": oxigraph_version, "code": _files_hash(root, _RENDER_SOURCES)}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _tagged(value: Any) -> dict[str, Any]:
    """One dataclass value as JSON wants it: its class's name under ``"@"``, then its
    fields (which the JSON encoder walks on)."""
    kind = type(value)
    names = _FIELD_NAMES.get(kind)
    if names is None:
        if not dataclasses.is_dataclass(value) or isinstance(value, type):
            raise TypeError(f"cannot cache {value!r}")
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
    out: dict[str, Any] = {"@": kind.__name__}
    for name in names:
        out[name] = getattr(value, name)
    return out


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_tagged)


def dumps(value: Any) -> str:
    """A kg value (dataclasses, tuples, atoms) as the JSON of a cache entry; ``decode``
    of the parsed JSON gives it back."""
    return _ENCODER.encode(value)


def decode(value: Any) -> Any:
    """The inverse of ``dumps`` (after ``json.loads``); raises ``ValueError`` on anything
    unexpected."""
    if isinstance(value, dict):
        cls = _CLASSES.get(value.get("@", ""))
        if cls is None:
            raise ValueError(f"unknown entry type {value.get('@')!r}")
        return cls(**{k: decode(v) for k, v in value.items() if k != "@"})
    if isinstance(value, list):
        return tuple(decode(v) for v in value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise ValueError(f"unexpected value {value!r}")


class ResultCache:
    """``DocumentResult`` values on disk under ``root/<pipeline version>/``."""

    def __init__(self, root: str | os.PathLike[str], model: str, extractor: str, *,
                 rebuild: bool = False) -> None:
        self.model, self.extractor = model, extractor
        self.root = Path(root)
        self.rebuild = rebuild  # write entries but read none
        self.version = pipeline_version(model, extractor)
        self.dir = self.root / self.version
        self.hits = 0
        self.misses = 0

    @property
    def empty(self) -> bool:
        """Whether no entry can be read (``rebuild``, or nothing stored for this version)."""
        return self.rebuild or not self.dir.is_dir() or next(self.dir.iterdir(), None) is None

    def key(self, document: Document) -> str:
        data = f"{self.version}\0{document.id}\0{document.text}".encode()
        return hashlib.sha256(data).hexdigest()

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    def get(self, document: Document) -> DocumentResult | None:
        """The cached result for ``document`` (with its current metadata), or ``None``.

        Entries keep only the document id; the text and metadata come from ``document``.
        """
        path = self._path(self.key(document))
        result: DocumentResult | None = None
        raw = None
        if not self.rebuild:
            try:
                raw = path.read_bytes()
            except OSError:
                raw = None
        if raw is not None:
            try:
                value = decode(json.loads(raw))
                if isinstance(value, DocumentResult) and value.document.id == document.id:
                    result = dataclasses.replace(value, document=document)
            except (ValueError, TypeError, KeyError, RecursionError):
                result = None  # corrupt or from an older layout: recompute
        if result is None:
            self.misses += 1
        else:
            self.hits += 1
        return result

    def put(self, result: DocumentResult) -> None:
        """Store ``result`` atomically; a cache that cannot be written is silently skipped."""
        path = self._path(self.key(result.document))
        stored = dataclasses.replace(result, document=Document(result.document.id, ""))
        self._write(path, dumps(stored))

    def triples_key(self, document: Document, base: str) -> str:
        """The key of ``document``'s triples under ``base``: its text and every metadata
        field, the pipeline and the emitting code (``render_version``)."""
        meta = json.dumps([getattr(document, f.name) for f in dataclasses.fields(document)],
                          ensure_ascii=False)
        data = f"{render_version(self.model, self.extractor, base)}\0{meta}".encode()
        return hashlib.sha256(data).hexdigest()

    def _triples_path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.nt"

    def get_triples(self, document: Document, base: str) -> DocumentTriples | None:
        """The cached ``DocumentTriples`` of ``document`` under ``base``, or ``None`` (a miss
        is not counted: the caller falls back on ``get``)."""
        if self.rebuild:
            return None
        from kg.rdf.emit import DocumentTriples, EntityUse

        try:
            raw = self._triples_path(self.triples_key(document, base)).read_bytes()
            head, _, body = raw.partition(b"\n")
            (doc_id, edges, uses, rows, sentences, words, statements, normalised, quotes,
             properties, extractors, dropped, unmapped, plain, length) = json.loads(head)
            if doc_id != document.id or length != len(body):
                return None  # another document's, or cut short
            named = []
            for line in body[plain:].decode("utf-8").split("\n")[:-1]:
                s, p, o = line.split(" ", 2)
                named.append((s, p, o[:-2]))  # "<s> <p> o ."
            found = DocumentTriples(
                doc_id, body[:plain], tuple(named), tuple(tuple(t) for t in edges),
                tuple(EntityUse(*u) for u in uses), tuple(tuple(r) for r in rows),
                sentences, words, statements, normalised, quotes, tuple(properties),
                tuple(extractors), tuple(tuple(d) for d in dropped),
                tuple(tuple(u) for u in unmapped))
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            return None
        self.hits += 1
        return found

    def put_triples(self, document: Document, base: str, found: DocumentTriples) -> None:
        """Store ``found`` (``document``'s triples under ``base``) atomically: one line of
        JSON (ending with the lengths of the plain lines and of the body), then the plain lines
        and the named triples as N-Triples."""
        path = self._triples_path(self.triples_key(document, base))
        from kg.rdf.terms import line

        named = "".join(map(line, found.named)).encode("utf-8")
        body = found.lines + named
        uses = [[u.iri, u.cls, u.surface, u.mentions, u.if_new, u.described]
                for u in found.uses]
        head = json.dumps([found.document_id, found.edges, uses, found.rows, found.sentences,
                           found.words, found.statements, found.normalised, found.quotes,
                           found.properties, found.extractors, found.dropped,
                           found.unmapped, len(found.lines), len(body)],
                          ensure_ascii=False, separators=(",", ":"))
        self._write(path, head.encode("utf-8") + b"\n" + body)

    def _write(self, path: Path, data: str | bytes) -> None:
        """Write an entry atomically; a cache that cannot be written is silently skipped."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, data.encode("utf-8") if isinstance(data, str) else data)
        except OSError:
            pass
