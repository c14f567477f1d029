"""The Python API: building, loading and using a graph (``KnowledgeGraph``)."""

from kg.api.core import build, build_documents, load, write_outputs
from kg.api.graph import KnowledgeGraph
from kg.build.options import BuildOptions

__all__ = ["BuildOptions", "KnowledgeGraph", "build", "build_documents", "load", "write_outputs"]
