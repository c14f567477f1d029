"""spaCy: loading the model and cutting long documents into pieces it can parse."""
