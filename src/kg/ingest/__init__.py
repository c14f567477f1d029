"""Ingest: files and folders (and JSONL) become ``Document`` values."""
