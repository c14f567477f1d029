"""kg — text in, knowledge graph out.

>>> import kg
>>> graph = kg.build(["examples/"])          # doctest: +SKIP
>>> graph.save("out/graph.ttl")              # doctest: +SKIP
>>> kg.load("out/graph.ttl").query("SELECT * WHERE { ?s ?p ?o } LIMIT 1")  # doctest: +SKIP
"""

from kg.analytics import to_networkx
from kg.api import build, build_documents, load, write_outputs
from kg.errors import ConfigError, GraphError, InputError, KGError, QueryError
from kg.extract import available_extractors, extractors, get_extractor
from kg.graph import KnowledgeGraph
from kg.model import Document, Entity, Mention, Provenance, Relation, Span, Statement

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "Document",
    "Entity",
    "GraphError",
    "InputError",
    "KGError",
    "KnowledgeGraph",
    "Mention",
    "Provenance",
    "QueryError",
    "Relation",
    "Span",
    "Statement",
    "__version__",
    "available_extractors",
    "build",
    "build_documents",
    "extractors",
    "get_extractor",
    "load",
    "to_networkx",
    "write_outputs",
]
