"""Walking every page as a person does, for the language and accessibility scans (issue 10)."""

from __future__ import annotations

from collections.abc import Iterator

from playwright.sync_api import Page

from geo.i18n import t

from .helpers import MapPage

# (name, URL path, i18n key of its title in the sidebar's navigation)
PAGES = (
    ("map", "/", "page.map"),
    ("lists", "/lists", "page.lists"),
    ("chain", "/chain", "page.chain"),
    ("tracker", "/tracker", "page.tracker"),
    ("tours", "/tours", "page.tours"),
    ("about", "/about", "page.about"),
    ("account", "/account", "page.account"),
)
_DONE_JS = """() => document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')
                    && !document.querySelector('[data-testid="stSkeleton"]')"""


def wait_done(page: Page) -> None:
    page.wait_for_selector('[data-testid="stMain"]', timeout=60_000)
    page.wait_for_function(_DONE_JS, timeout=60_000)
    page.wait_for_timeout(400)


def open_page(qcm: MapPage, path: str, title_key: str, lang: str) -> None:
    """Each page through the sidebar's navigation once the map page has loaded (a deep link on a
    cold server is a known router bug: tests/app/test_pages.py)."""
    if path == "/":
        qcm.open("/?lang=en" if lang == "en" else "/")
    else:
        if "st-key-qcm_legend" not in (qcm.page.content() if qcm.page.url.startswith(qcm.base) else ""):
            qcm.open("/?lang=en" if lang == "en" else "/")
        qcm.wait_idle()
        qcm.sidebar.get_by_role("link", name=t(title_key, lang)).click()
        qcm.page.wait_for_url(f"**{path}*")
    wait_done(qcm.page)


def tabs(page: Page) -> Iterator[str]:
    """Click each tab of the page in turn (the lists page), yielding its label."""
    tab_list = page.get_by_role("tab")
    for i in range(tab_list.count()):
        tab = tab_list.nth(i)
        label = tab.inner_text().strip()
        tab.click()
        wait_done(page)
        yield label


def visible_text(page: Page) -> str:
    """What a person can read as words: the sidebar and the page as rendered, without icon ligatures
    (material icons are spelled "flag", "map" in the DOM) and without code (commands, file names)."""
    return page.evaluate("""() => {
        const icon = e => e.childElementCount === 0 && /Material/.test(getComputedStyle(e).fontFamily);
        const hidden = [...document.querySelectorAll('code, pre, span, i')]
            .filter(e => e.style.display !== 'none' && (e.matches('code, pre') || icon(e)));
        hidden.forEach(e => { e.dataset.qcmScan = e.style.display; e.style.display = 'none'; });
        const text = [document.querySelector('[data-testid="stSidebar"]'),
                      document.querySelector('[data-testid="stMain"]')]
                     .filter(Boolean).map(e => e.innerText).join('\\n');
        hidden.forEach(e => { e.style.display = e.dataset.qcmScan; delete e.dataset.qcmScan; });
        return text;
    }""")
