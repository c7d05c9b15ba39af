"""Geographic helpers for the Qingyun County map."""
