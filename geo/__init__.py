"""The product's logic, pure Python: the shared vocabularies here, the architecture in the sub-packages."""

__all__ = ["access", "chain", "crs", "data", "figures", "filters", "i18n", "importing", "lists", "map",
    "meeting", "model", "store", "units"]
