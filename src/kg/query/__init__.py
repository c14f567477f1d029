"""Query: SPARQL over a graph and the saved queries shipped with the ontology."""
