"""Analysis: the graph as a networkx network (stats, paths, communities)."""
