"""The N lists (N张清单): their definitions, their rows, and their Excel/CSV exports."""

__all__ = ["definitions", "rows", "spreadsheets"]
