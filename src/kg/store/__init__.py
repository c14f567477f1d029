"""Stores: the on-disk Oxigraph store and the SPARQL endpoint (``kg serve``, ``kg push``)."""
