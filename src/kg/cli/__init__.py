"""The ``kg`` command: one module per command group, each registering on ``main``."""

from kg.cli import explore, exports, ontology, store
from kg.cli.main import main

__all__ = ["explore", "exports", "main", "ontology", "store"]
