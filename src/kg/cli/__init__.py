"""The ``kg`` command: one module per command group, each registering on ``main``."""

from kg.cli import explore, ontology, store
from kg.cli.main import main

__all__ = ["explore", "main", "ontology", "store"]
