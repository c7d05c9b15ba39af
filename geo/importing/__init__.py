"""Imports and in-place edits: readers, headers, coordinates, checks, matching, preview, templates, history."""

__all__ = ["cellvalues", "coordinates", "fields", "history", "importer", "matching", "preview", "readers",
    "rows", "templates"]
