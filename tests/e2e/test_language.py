"""One language at a time (issue 10, point 7): every page, the lists' tabs, the map's tooltip and
the selected record's card, and the exports (the standalone HTML map's text, the brief as PDF through pdftotext), in
each language, scanned for the other language's words (tests/langscan.py: the allow-lists)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from geo.data.dataset import load_dataset
from geo.filters import ViewState
from geo.meeting.brief import brief_html
from geo.meeting.standalone import map_html
from tests.langscan import foreign_words

from .helpers import SCREENSHOTS
from .pages import PAGES, open_page, tabs, visible_text

TODAY = date(2026, 12, 1)


def _card_and_tooltip(qcm, page, record_id: str, lang: str) -> str:
    """The record's card beside the map (a selection shows its details there, not in a popup), its
    tooltip, and the map's controls and notes."""
    qcm.open(f"/?sel={record_id}" + ("&lang=en" if lang == "en" else ""))
    card = page.locator(f'.qcm-card[data-record="{record_id}"]')
    card.wait_for()
    frame = qcm.map_frame()
    frame.evaluate("""async (id) => { const e = window.qcmLayers.chain; e.openTooltipAt(await e.indexOf(id)); }""",
                   record_id)
    frame.wait_for_selector(".leaflet-tooltip", state="visible")
    tip = frame.evaluate("() => [...document.querySelectorAll('.leaflet-tooltip')].map(e => e.innerText).join(' ')")
    rest = frame.evaluate("""() => [...document.querySelectorAll('.leaflet-control-container, .qcm-map-note')]
                                  .map(e => e.innerText).join(' ')""")
    return "\n".join((card.inner_text(), tip, rest))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_speaks_one_language(qcm, page, lang):
    found: dict[str, list[str]] = {}
    for name, path, title_key in PAGES:
        open_page(qcm, path, title_key, lang)
        if name == "lists":
            for label in tabs(page):
                found[f"lists [{label}]"] = foreign_words(visible_text(page), lang)
            continue
        found[name] = foreign_words(visible_text(page), lang)
        if name == "map":
            # The wind farm's operator and the chain record at an illustrative position.
            for record_id in ("E-CGN", "E-YUTUO"):
                found[f"map card {record_id}"] = foreign_words(_card_and_tooltip(qcm, page, record_id, lang), lang)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"language_{lang}.png"))
    leaks = {where: words for where, words in found.items() if words}
    assert not leaks, f"{lang}: the other language on screen: {leaks}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_wind_farm_card_names_its_operator_in_the_language(qcm, page, lang):
    qcm.open("/?sel=WIND-GEM-1" + ("&lang=en" if lang == "en" else ""))
    card = page.locator('.qcm-card[data-record="WIND-GEM-1"]')
    card.wait_for()
    text = card.inner_text()
    assert foreign_words(text, lang) == [], text
    assert ("中广核" in text) if lang == "zh" else ("china guangdong nuclear windpower" in text.lower())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_exports_speak_one_language(browser, lang):
    data = load_dataset()
    state = ViewState(lang=lang)
    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", lambda r: r.abort() if r.request.url.startswith("http") else r.continue_())
    page.set_content(map_html(data, state, TODAY))
    html_text = page.evaluate("() => document.body.innerText")
    assert foreign_words(html_text, lang) == [], html_text[-1500:]
    if not shutil.which("pdftotext"):
        context.close()
        pytest.skip("pdftotext (poppler-utils) is not installed")
    page.set_content(brief_html(data, state, None, TODAY))  # the brief as its PDF export prints it
    pdf = page.pdf(format="A4")
    context.close()
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    text = re.sub(r"-\s*\n\s*", "-", text.decode("utf-8"))  # ids broken at a hyphen across lines
    assert foreign_words(text, lang) == [], text[-1500:]
