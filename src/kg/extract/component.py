"""kg as a spaCy pipeline component.

Add it to any pipeline with a parser; the statements land on ``doc._.kg_statements``::

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("kg_extractor", config={"extractor": "kg.svo.v1"})
    doc = nlp("The court denied the request.")
    doc._.kg_statements[0].relation.text   # 'denied'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract import DEFAULT_EXTRACTOR, Extractor, get_extractor

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

EXTENSION = "kg_statements"


class KGExtractorComponent:
    """Runs a registered kg extractor and stores its statements on the ``Doc``."""

    def __init__(self, extractor: str) -> None:
        from spacy.tokens import Doc

        self.extractor_name = extractor
        self._extract: Extractor = get_extractor(extractor)
        if not Doc.has_extension(EXTENSION):
            Doc.set_extension(EXTENSION, default=None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(EXTENSION, list(self._extract(doc)))
        return doc


def make_kg_extractor(nlp: Language, name: str, extractor: str) -> KGExtractorComponent:
    """spaCy factory ``kg_extractor`` (registered through the ``spacy_factories`` entry point)."""
    return KGExtractorComponent(extractor)


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory("kg_extractor"):
        Language.factory(
            "kg_extractor",
            default_config={"extractor": DEFAULT_EXTRACTOR},
            requires=["token.dep", "token.head"],
            assigns=[f"doc._.{EXTENSION}"],
            func=make_kg_extractor,
        )


_register()
