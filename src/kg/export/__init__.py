"""Exports for other tools, read from a graph's records: Neo4j and spreadsheet CSV."""
