"""Reading input paths into ``Document`` values.

Accepted: ``.txt``, ``.md``, ``.html``/``.htm`` (the article, ``kg.ingest.html``, or with
``html="raw"`` all visible text), ``.pdf`` (``kg.ingest.pdf``), ``.docx`` (``kg.ingest.docx``)
and ``.jsonl`` or ``.jsonl.gz`` (one object per line with ``text`` and optional ``id``,
``title``, ``url``, ``date``). Directories are walked recursively in sorted order; a path that
does not exist but holds ``*``, ``?`` or ``[`` is a glob pattern (``shards/*.jsonl.gz``, ``**``
recursive), its matches taken in sorted order under the folder before the first wildcard.
Document ids are stable: the file's path relative to the argument it was found under, without
extension (``jsonl``: the ``id`` field, else ``<file>-<line>``). A walk leaves out hidden files
and kg's own output folders (those holding a ``.kg-cache`` or ``.kg-build.lock``), so
``kg build . --out out`` does not read back its own ``graph.html``.
"""

from __future__ import annotations

import dataclasses
import glob
import gzip
import json
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from kg.errors import InputError, unknown_choice
from kg.model import Document
from kg.model.ids import slug

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".jsonl.gz"}
BINARY_SUFFIXES = {".pdf", ".docx"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | BINARY_SUFFIXES
OUTPUT_MARKERS = (".kg-cache", ".kg-build.lock")  # what a kg build leaves in its OUT folder


@dataclass
class IngestReport:
    """What ingestion read and what it skipped."""

    documents: int = 0
    skipped: list[str] = field(default_factory=list)


def suffix(file: Path) -> str:
    """The file's type suffix, lowercase: ``.jsonl.gz`` for a compressed shard."""
    name = file.name.lower()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else file.suffix.lower()


def _pattern(raw: str | Path) -> Iterator[tuple[Path, Path]]:
    """The files a glob pattern matches, under the folder before its first wildcard."""
    text = str(raw)
    parts = Path(text).parts
    fixed = next(i for i, part in enumerate(parts) if any(c in part for c in "*?["))
    root = Path(*parts[:fixed]) if fixed else Path(".")
    matches = sorted(Path(m) for m in glob.glob(text, recursive=True))
    files = [m for m in matches if m.is_file() and suffix(m) in SUFFIXES]
    if not files:
        raise InputError(text, f"no {', '.join(sorted(SUFFIXES))} files match this pattern")
    for file in files:
        yield file, root


def find_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, Path]]:
    """Yield ``(file, root)`` for every input file; a directory is its own root."""
    for raw in paths:
        path = Path(raw)
        if not path.exists() and any(c in str(raw) for c in "*?["):
            yield from _pattern(raw)
        elif path.is_dir():
            yield from ((file, path) for file in _walk(path))
        elif path.is_file():
            yield path, path.parent
        elif path.exists():
            raise InputError(path, "not a regular file or directory")
        else:
            raise InputError(path, "no such file or directory")


def _walk(root: Path) -> Iterator[Path]:
    """The readable files under ``root``, in sorted order, without hidden files and without
    the files of kg output folders below ``root``."""
    outputs: dict[Path, bool] = {}

    def is_output(folder: Path) -> bool:
        if folder not in outputs:
            outputs[folder] = any((folder / marker).exists() for marker in OUTPUT_MARKERS)
        return outputs[folder]

    for file in sorted(root.rglob("*")):
        inner = file.relative_to(root).parts
        if (file.is_file() and suffix(file) in SUFFIXES
                and not any(part.startswith(".") for part in inner)
                and not any(is_output(root.joinpath(*inner[:i])) for i in range(1, len(inner)))):
            yield file


def count_documents(found: Iterable[tuple[Path, Path]]) -> int:
    """How many documents ``find_files``'s files hold, without parsing them: one per file,
    one per non-blank line of a ``.jsonl`` or ``.jsonl.gz`` file (what a progress bar counts)."""
    total = 0
    for file, _ in found:
        kind = suffix(file)
        if kind not in JSONL_SUFFIXES:
            total += 1
            continue
        try:
            with (gzip.open(file, "rb") if kind == ".jsonl.gz" else open(file, "rb")) as handle:
                total += sum(1 for line in handle if line.strip())
        except (OSError, EOFError, zlib.error):
            total += 1  # reading it will report the problem
    return total


def read_documents(
    paths: Iterable[str | Path], *, skip_bad: bool = False, report: IngestReport | None = None,
    html: str = "article",
) -> Iterator[Document]:
    """Yield the documents under ``paths``; raise ``InputError`` on the first bad file.

    With ``skip_bad``, bad files (and bad ``.jsonl`` lines) are recorded in ``report.skipped``
    instead. A folder with no file kg can read is an error that lists the types it reads.
    ``html``: read web pages as their ``"article"`` only or as all their text (``"raw"``).
    """
    from kg.ingest.html import HTML_MODES

    if html not in HTML_MODES:
        raise unknown_choice("html mode", html, HTML_MODES)
    report = report if report is not None else IngestReport()
    inputs = [Path(p) for p in paths]
    seen: dict[str, tuple[str, str]] = {}  # document id → (id as the input gives it, where)
    files = 0
    for file, root in find_files(inputs):
        files += 1
        try:
            docs = list(_read(file, root, report.skipped if skip_bad else None, html))
        except InputError as error:
            if not skip_bad:
                raise
            report.skipped.append(str(error))
            continue
        for doc, origin in docs:
            if doc.id in seen:
                raise InputError(file, _clash(seen[doc.id], origin, doc.id))
            seen[doc.id] = origin
            report.documents += 1
            yield doc
    if files == 0:
        raise InputError(", ".join(map(str, inputs)) or "(no paths)", _nothing_supported(inputs))
    if report.documents == 0 and report.skipped:  # say why, not only that there are none
        more = len(report.skipped) - 1
        raise InputError(", ".join(map(str, inputs)),
                         f"no readable documents; skipped {report.skipped[0]}"
                         + (f" (and {more} more bad input{'s' * (more != 1)})" if more else ""))


def _clash(first: tuple[str, str], second: tuple[str, str], doc_id: str) -> str:
    """The error for two inputs whose document ids are the same, naming the ids as given."""
    (name, where), (other, other_where) = first, second
    if name == other:
        return f"document id {name!r} is used twice in the input ({where}; {other_where})"
    return (f"document ids {name!r} ({where}) and {other!r} ({other_where}) both become "
            f"{doc_id!r} (an id keeps only its letters and digits); rename one")


def _nothing_supported(paths: Iterable[Path]) -> str:
    """Why a folder gave no documents: the file types it holds, and the ones kg reads."""
    kinds = Counter(f.suffix.lower() or "(none)" for p in paths if p.is_dir()
                    for f in p.rglob("*") if f.is_file()
                    and not any(part.startswith(".") for part in f.relative_to(p).parts))
    found = ", ".join(f"{kind} ×{n}" for kind, n in sorted(kinds.items())) or "no files"
    return f"no files kg can read (found: {found}); supported: {', '.join(sorted(SUFFIXES))}"


def read_file(file: Path, root: Path, skipped: list[str] | None = None, *,
              html: str = "article") -> Iterator[Document]:
    """Read one file into one document (several for ``.jsonl``). With a ``skipped`` list, a
    bad ``.jsonl`` line is recorded there (with its line number) instead of failing the file."""
    for document, _ in _read(file, root, skipped, html):
        yield document


def _read(file: Path, root: Path, skipped: list[str] | None,
          html: str = "article") -> Iterator[tuple[Document, tuple[str, str]]]:
    """``read_file``, each document with its id as the input gives it (a path without its
    extension, a JSONL ``id``) and where it is."""
    kind = suffix(file)
    if kind not in SUFFIXES:
        raise InputError(file, f"unsupported file type {kind or '(none)'!r}; "
                               f"choose one of: {', '.join(sorted(SUFFIXES))}")
    rel = file.relative_to(root) if file.is_relative_to(root) else Path(file.name)
    stem = str(rel)[: len(str(rel)) - len(kind)]
    doc_id = slug(stem) or slug(file.name) or "document"
    origin = (stem, str(file))
    if kind in BINARY_SUFFIXES:
        document = _read_binary(file, doc_id)  # its text may hold form feeds and the like
        yield dataclasses.replace(document, text=clean(document.text),
                                  title=document.title and clean(document.title)), origin
        return
    if kind in JSONL_SUFFIXES:  # a bad byte is a bad line, like bad JSON
        yield from _read_jsonl(file, decode(file, escape=True), doc_id, skipped)
        return
    text = decode(file)
    if kind in HTML_SUFFIXES and html == "article":
        from kg.ingest.html import read_article

        yield read_article(file, text, doc_id), origin
        return
    title = None
    if kind in HTML_SUFFIXES:
        title, text = html_text(text)
    if not text.strip():
        raise InputError(file, "no text (the file is empty or holds only white space)")
    yield Document(doc_id, text, title=title, source_path=str(file)), origin


def _read_binary(file: Path, doc_id: str) -> Document:
    """A PDF or Word file as one document (pages and metadata included)."""
    if file.suffix.lower() == ".pdf":
        from kg.ingest.pdf import read_pdf

        return read_pdf(file, doc_id)
    from kg.ingest.docx import read_docx

    return read_docx(file, doc_id)


def decode(file: Path, *, escape: bool = False) -> str:
    """The file's text; a clear ``InputError`` for empty, binary and non-UTF-8 files (naming
    the line and column of the first bad byte). ``escape``: bytes that are not UTF-8 become
    lone surrogates (Python's ``surrogateescape``) and nothing is cleaned, for the caller to
    judge line by line."""
    try:
        data = file.read_bytes()
    except OSError as error:
        raise InputError(file, error.strerror or str(error)) from None
    if suffix(file) == ".jsonl.gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise InputError(file, f"not a valid gzip file ({error})") from None
    if not data.strip():
        raise InputError(file, "empty file")
    if b"\x00" in data[:8192]:
        raise InputError(file, "binary file (contains NUL bytes), expected UTF-8 text")
    if escape:
        return data.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        start = data.rfind(b"\n", 0, error.start) + 1
        line, column = data.count(b"\n", 0, error.start) + 1, error.start - start + 1
        raise InputError(file, f"not valid UTF-8 (byte 0x{data[error.start]:02x} at line "
                               f"{line}, column {column}, offset {error.start})") from None
    return clean(text.removeprefix("\ufeff"))


_ESCAPED = re.compile("[\udc80-\udcff]")  # a byte ``surrogateescape`` could not decode


#: Characters no RDF/XML, GraphML or GEXF file can hold (XML 1.0 forbids them even escaped).
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """``text`` with each character XML forbids (control characters but tab and line breaks,
    U+FFFE, U+FFFF, lone surrogates) replaced by U+FFFD, so offsets do not move and every
    output format can hold the graph.

    >>> clean("a\x00b\x08c\td")
    'a\ufffdb\ufffdc\td'
    """
    return XML_FORBIDDEN.sub("\ufffd", text)


def _read_jsonl(file: Path, text: str, stem: str,
                skipped: list[str] | None) -> Iterator[tuple[Document, tuple[str, str]]]:
    """One document per non-blank line; a bad line fails the file, or is recorded in
    ``skipped`` (when given) and left out."""
    # lines end at "\n" only (a JSON string may hold U+2028 or U+0085, which splitlines splits at)
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            bad = _ESCAPED.search(line)
            if bad is not None:
                raise InputError(file, f"line {number}, column {bad.start() + 1}: not valid "
                                       f"UTF-8 (byte 0x{ord(bad[0]) - 0xdc00:02x})")
            yield _jsonl_document(file, clean(line), number, stem)
        except InputError as error:
            if skipped is None:
                raise
            skipped.append(str(error))


def _jsonl_document(file: Path, line: str, number: int,
                    stem: str) -> tuple[Document, tuple[str, str]]:
    where = f"line {number}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(file, f"{where}, column {error.colno}: invalid JSON ({error.msg})"
                         ) from None
    if not isinstance(obj, dict):
        raise InputError(file, f"{where}: expected a JSON object")
    obj = {k: clean(v) if isinstance(v, str) else v for k, v in obj.items()}
    body = obj.get("text")
    if not isinstance(body, str) or not body.strip():
        raise InputError(file, f"{where}: missing or empty 'text'")
    meta = {k: obj.get(k) for k in ("title", "url", "date")}
    for key, value in meta.items():
        if value is not None and not isinstance(value, str):
            raise InputError(file, f"{where}: {key!r} must be a string")
    raw = obj.get("id")
    doc_id = slug(str(raw)) if raw is not None else f"{stem}-{number}"
    if not doc_id:
        raise InputError(file, f"{where}: id {raw!r} has no letters or digits")
    return (Document(doc_id, body, title=meta["title"], url=meta["url"], date=meta["date"],
                     source_path=str(file)),
            (str(raw) if raw is not None else doc_id, f"{file} {where}"))


class _VisibleText(HTMLParser):
    """Collects the text a browser would show, one block element per paragraph."""

    _HIDDEN: ClassVar[set[str]] = {
        "script", "style", "noscript", "template", "head", "svg", "iframe"}
    _BLOCKS: ClassVar[set[str]] = {
        "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article",
        "section", "blockquote", "pre", "header", "footer", "ul", "ol", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._hidden = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self._HIDDEN:
            self._hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._hidden:
            self.parts.append(data)


def html_text(markup: str) -> tuple[str | None, str]:
    """``(title, visible text)`` of an HTML page; paragraphs separated by blank lines.

    >>> html_text("<title>T</title><p>Hello <b>world</b></p><script>x()</script>")
    ('T', 'Hello world')
    """
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    paragraphs = ("".join(parser.parts)).split("\n\n")
    cleaned = [" ".join(p.split()) for p in paragraphs]
    title = " ".join("".join(parser.title).split()) or None
    return title, "\n\n".join(p for p in cleaned if p)
