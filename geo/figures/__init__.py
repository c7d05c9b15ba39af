"""The figures: headline KPIs, the chain's gaps, the "1612" tracker, the green-power coverage and how the chain grew."""

__all__ = ["chain", "green", "growth", "metrics", "strip", "tracker"]
