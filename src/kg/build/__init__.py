"""Building: the options, the executor interface and its engines, the ordered scheduler,
the cache."""
