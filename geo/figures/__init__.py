"""The figures: headline KPIs, the chain's gaps, the "1612" tracker and the green-power balance."""

__all__ = ["chain", "metrics", "strip", "tracker"]
