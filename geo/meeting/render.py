"""Render HTML to PNG and PDF with the server's headless Chromium (Playwright drives Debian's
/usr/bin/chromium; ``playwright install`` is never needed).

The pages rendered here are self-contained (geo/meeting/standalone.py inlines every script, stylesheet and
datum), so every network request is refused: what renders is exactly what the file holds, and a
missed CDN link shows up as a gap instead of a hang. Chinese text needs a CJK font on the server
(Debian: fonts-noto-cjk); Chromium picks it up through fontconfig.

No streamlit import: pages call :func:`render_png` / :func:`with_chromium` and show
:class:`RenderUnavailable`'s message when Chromium is missing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--hide-scrollbars", "--font-render-hinting=none",
                 # Every network path closed, not only the page's fetches (security review, point 14):
                 # all traffic, WebSockets and loopback included, goes to a proxy that is not there;
                 # no name resolves; no prefetch, preconnect, DNS prefetch or ping.
                 "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                 "--host-resolver-rules=MAP * ~NOTFOUND", "--dns-prefetch-disable", "--no-pings",
                 "--disable-features=NetworkPrediction,Prefetch,PreconnectToSearch,NetworkServiceInProcess"]
NO_SANDBOX = "--no-sandbox"
# Wait until every map layer has drawn (window.qcmLayers[name].ready; see static/js/qcm-layers.js),
# or no map is on the page (the PDF brief has an image, not a map).
READY_JS = """() => {
  if (document.readyState !== "complete") return false;
  if (!document.querySelector(".folium-map")) return true;
  const reg = window.qcmLayers;
  if (!reg || !window.qcmExportReady) return false;
  return Object.keys(reg).every(n => n.startsWith("__") || !reg[n] || reg[n].ready !== false);
}"""
TIMEOUT_MS = 60_000
# A picture is not a map to operate: no zoom buttons, no wheel hint (the credits and the scale stay).
PICTURE_CSS = ".leaflet-control-zoom, .qcm-wheel-hint { display: none !important; }"


class RenderUnavailable(RuntimeError):
    """No Chromium (or no Playwright) on this server: PNG and PDF exports cannot be made here."""


T = TypeVar("T")


def chromium_path() -> str | None:
    """Chromium to use: ``QCM_CHROMIUM`` if set (and only it), else /usr/bin/chromium, else one on PATH."""
    configured = os.environ.get("QCM_CHROMIUM")
    candidates = [lambda: configured] if configured else [lambda: DEFAULT_CHROMIUM, lambda: shutil.which("chromium"),
                                                          lambda: shutil.which("chromium-browser")]
    for candidate in candidates:  # in turn: PATH is searched only when /usr/bin/chromium is missing
        path = candidate()
        if path and Path(path).is_file() and os.access(path, os.X_OK):
            return path
    return None


def availability() -> str | None:
    """None when PNG/PDF exports can be made; otherwise why not (English, for logs and tests)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -r requirements.txt)"
    if chromium_path() is None:
        where = os.environ.get("QCM_CHROMIUM") or f"{DEFAULT_CHROMIUM} and PATH"
        return f"Chromium was not found at {where}; on Debian: apt-get install chromium fonts-noto-cjk"
    return None


class Chromium:
    """One headless Chromium for several renders (the PDF brief needs a PNG first)."""

    def __init__(self, browser):
        self._browser = browser

    def _page(self, width: int, height: int):
        context = self._browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                            offline=True, service_workers="block")
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("data:", "about:"))
                   else route.abort())
        return context, page

    def _load(self, page, html: str) -> None:
        page.set_content(html, wait_until="load")
        page.add_style_tag(content=PICTURE_CSS)
        page.wait_for_function(READY_JS, timeout=TIMEOUT_MS)
        page.evaluate("() => document.fonts.ready.then(() => true)")

    def png(self, html: str, width: int = 1920, height: int = 1080) -> bytes:
        """A screenshot of ``html`` at ``width`` x ``height`` CSS pixels (the viewport, not the page)."""
        context, page = self._page(width, height)
        try:
            self._load(page, html)
            return page.screenshot(type="png", full_page=False, animations="disabled")
        finally:
            context.close()

    def pdf(self, html: str, landscape: bool = False) -> bytes:
        """``html`` printed to an A4 PDF (its @page rules and print CSS apply)."""
        context, page = self._page(1240, 1754)
        try:
            self._load(page, html)
            return page.pdf(format="A4", landscape=landscape, print_background=True, prefer_css_page_size=True)
        finally:
            context.close()


@contextmanager
def chromium() -> Iterator[Chromium]:
    """Start the server's Chromium (network refused) for the block; :class:`RenderUnavailable` if
    there is none."""
    problem = availability()
    if problem:
        raise RenderUnavailable(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _launch(p)
        try:
            yield Chromium(browser)
        finally:
            browser.close()


def sandbox_possible() -> bool:
    """Chromium's sandbox refuses to start as root; elsewhere it is tried first (:func:`_launch`)."""
    return os.geteuid() != 0 and os.environ.get("QCM_CHROMIUM_NO_SANDBOX") != "1"


def _launch(playwright):
    """Chromium with its sandbox where the platform allows it (not as root, and where the kernel lets
    it make its namespaces), else without; the network closed either way."""
    path = chromium_path()
    if sandbox_possible():
        try:
            return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, chromium_sandbox=True)
        except Exception:  # no user namespaces here (a container): run it unsandboxed
            pass
    return playwright.chromium.launch(executable_path=path, args=[*CHROMIUM_ARGS, NO_SANDBOX])


def with_chromium(work: Callable[[Chromium], T]) -> T:
    """Run ``work(browser)`` with a fresh Chromium in a thread of its own. Playwright's sync API
    refuses to start in a thread that already runs an asyncio loop (another Playwright session,
    an async server); a private thread always has none."""
    def run() -> T:
        with chromium() as browser:
            return work(browser)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="qcm-render") as pool:
        return pool.submit(run).result()


def render_png(html: str, width: int = 1920, height: int = 1080) -> bytes:
    return with_chromium(lambda browser: browser.png(html, width, height))
