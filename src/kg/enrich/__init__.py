"""Enrichment: relation normalisation onto the ontology, dates and quotes."""
