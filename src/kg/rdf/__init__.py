"""RDF: the graph under the kg ontology, its serialisations and SHACL validation."""
