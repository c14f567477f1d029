"""Visualisation: the offline HTML explorer."""
