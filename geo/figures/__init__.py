"""The figures: headline KPIs, the chain's gaps, the "1612" tracker and the green-power coverage."""

__all__ = ["chain", "green", "metrics", "strip", "tracker"]
