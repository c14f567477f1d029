"""The version of kg (recorded in cache keys and provenance)."""

__version__ = "0.1.0"
