"""The model: records, relations, labels, paths, markers, collation, Welsh mutations and grammar.

Nothing here reads files or knows about pages; every other layer builds on it.
"""
