"""axe-core (WCAG 2.0/2.1 A and AA rules) on every page and inside the map's iframe (issue 10,
point 9): no serious or critical violation. axe is vendored (tests/e2e/vendor/, MPL-2.0)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import MAP_IFRAME, SCREENSHOTS
from .pages import PAGES, open_page, tabs

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = ("serious", "critical")
_RUN_JS = """async (tags) => {
    const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, iframes: false});
    return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
}"""


def _violations(target) -> list[dict]:
    """Serious and critical violations in a page or frame (axe injected into it)."""
    if not target.evaluate("() => typeof window.axe !== 'undefined'"):
        target.add_script_tag(path=str(AXE))
    return [v for v in target.evaluate(_RUN_JS, RULES) if v["impact"] in SERIOUS]


def _report(where: str, violations: list[dict]) -> str:
    return f"{where}: " + json.dumps(violations, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_has_no_serious_accessibility_violation(qcm, page, lang):
    found = {}
    for name, path, title_key in PAGES:
        open_page(qcm, path, title_key, lang)
        if name == "lists":
            for label in tabs(page):
                if violations := _violations(page):
                    found[f"{name} [{label}]"] = violations
        elif violations := _violations(page):
            found[name] = violations
    assert not found, "\n".join(_report(k, v) for k, v in found.items())


def test_map_frame_has_no_serious_accessibility_violation_and_can_be_zoomed(qcm, page):
    frame = qcm.open("/")
    viewport = frame.evaluate("() => document.querySelector('meta[name=viewport]').content")
    assert "user-scalable=no" not in viewport and "maximum-scale=1" not in viewport, viewport
    violations = _violations(frame)
    assert not violations, _report("map iframe", violations)
    assert page.locator(MAP_IFRAME).count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "accessibility_map.png"))
