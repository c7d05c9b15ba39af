"""Meeting mode: tours, presentation, the standalone map export, the brief and Chromium rendering."""

__all__ = ["brief", "presentation", "render", "standalone", "tours"]
