"""The kg ontology: ``kg.ttl``, the SHACL shapes and saved queries, and their Python mirror."""
