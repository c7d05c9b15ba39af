"""The bundled dataset: loading and validating data/, and the dataset as tables of rows."""

__all__ = ["dataset", "tables"]
