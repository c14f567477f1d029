"""kg — text in, knowledge graph out.

>>> import kg
>>> graph = kg.build(["examples/"])          # doctest: +SKIP
>>> graph.save("out/graph.ttl")              # doctest: +SKIP
>>> kg.load("out/graph.ttl").query("SELECT * WHERE { ?s ?p ?o } LIMIT 1")  # doctest: +SKIP
"""

from kg.signals import command_startup

with command_startup():  # the kg command: interrupts while it loads end it quietly
    from kg.analysis.network import to_networkx
    from kg.api import BuildOptions, KnowledgeGraph, build, build_documents, load, write_outputs
    from kg.errors import ConfigError, GraphError, InputError, KGError, QueryError
    from kg.extract import available_extractors, extractors, get_extractor
    from kg.model import Document, Mention, Provenance, Relation, Span, Statement
    from kg.version import __version__

__all__ = [
    "BuildOptions",
    "ConfigError",
    "Document",
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
