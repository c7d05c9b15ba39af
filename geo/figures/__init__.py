"""The figures: headline KPIs, the chain's gaps, the "1612" tracker, the green-power balance and how the chain grew."""

__all__ = ["chain", "growth", "metrics", "strip", "tracker"]
