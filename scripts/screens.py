"""Screenshots of every page at the sizes officials use, in both languages, to look at before a change lands.

Usage (from the repository root, with the project's venv):

    .venv/bin/python scripts/screens.py [--out test-artifacts/screens] [--pages map,lists] [--sizes 1280x720]

Starts the app on the bundled data (its own store in a temporary folder), blocks every non-local request
as the browser tests do, and writes ``<page>_<lang>_<width>x<height>.png`` (the first screen, as a person
sees it without scrolling) and ``..._full.png`` (the whole page).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.harness import block_remote, launch_chromium, streamlit_server  # noqa: E402

PAGES = ("map", "lists", "chain", "tracker", "tours", "about", "account", "screen")  # screen: 大屏, /?screen=1
SIZES = ("1280x720", "1366x768", "1920x1080")
LANGUAGES = ("zh", "en")


def _wait_for_page(page, name: str) -> None:
    page.wait_for_selector('[data-testid="stMain"]', timeout=60_000)
    # The script has finished and nothing is still a placeholder.
    # The router's navigation (its links carry icons): on a cold server a deep link first runs the page
    # file alone, which reruns through app.py (ui/router.py); the script is briefly idle in between.
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')
                 && !document.querySelector('[data-testid="stSkeleton"]')
                 && document.querySelector('[data-testid="stSidebarNav"] [data-testid="stIconMaterial"]')""",
        timeout=60_000)
    if name in ("map", "lists", "screen"):
        frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000).content_frame()
        frame.wait_for_function(
            "() => window.qcmLayers && Object.values(window.qcmLayers).length"
            " && Object.values(window.qcmLayers).every(l => l.ready !== false)", timeout=60_000)
    page.wait_for_timeout(800)  # fonts and the last layout pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "test-artifacts" / "screens"))
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--query", default="", help="more URL parameters for every page, e.g. 'seg=' (nothing "
                        "selected); the file names then end in _q")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    os.environ["QCM_STORE_DIR"] = tempfile.mkdtemp(prefix="qcm-screens-")
    with streamlit_server("app.py") as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for size in args.sizes.split(","):
            width, height = (int(v) for v in size.split("x"))
            context = browser.new_context(viewport={"width": width, "height": height})
            context.route("**/*", block_remote)
            page = context.new_page()
            for lang in args.languages.split(","):
                for name in args.pages.split(","):
                    path = "" if name in ("map", "screen") else name  # the map is the default page, at /
                    extra = ("&screen=1" if name == "screen" else "") + (f"&{args.query}" if args.query else "")
                    page.goto(f"{server.url}/{path}?lang={lang}{extra}")
                    _wait_for_page(page, name)
                    stem = out / f"{name}_{lang}_{width}x{height}{'_q' if args.query else ''}"
                    page.screenshot(path=f"{stem}.png")
                    page.screenshot(path=f"{stem}_full.png", full_page=True)
                    print(stem.name, flush=True)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
