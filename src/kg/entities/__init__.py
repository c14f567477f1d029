"""Entities: names, in-document resolution (aliases, pronouns, descriptions), the merge."""
