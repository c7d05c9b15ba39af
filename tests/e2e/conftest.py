"""Browser tests: the real app in Debian's Chromium, with every non-local request blocked.

Fixtures:
- ``app_url``: the app on the bundled data (one Streamlit server for the session).
- ``xss_app_url``: the app on a copy of data/ with one hostile record (``xss_data_dir``).
- ``browser``: one headless Chromium for the session.
- ``page``: a fresh context per test; non-local requests are aborted and recorded in
  ``page.qcm_blocked``; page errors, console errors and dialogs are recorded; a page error fails
  the test; a failed test leaves a screenshot in test-artifacts/failures/.
- ``qcm``: :class:`tests.e2e.helpers.MapPage` on ``app_url``.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from deploy.replicas import stop_group

from .helpers import ACTION_TIMEOUT_MS, BASEMAP_ENV, FAILURES, REPO, MapPage, is_local, write_xss_data

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1600, "height": 1000}
SERVER_START_TIMEOUT_S = 90

_E2E_DIR = Path(__file__).resolve().parent
_REPORTS = pytest.StashKey[dict]()


def pytest_collection_modifyitems(config, items):
    """Every test under tests/e2e/ is a browser test."""
    for item in items:
        if _E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


# --- the server --------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _streamlit_cmd(port: int) -> list[str]:
    exe = REPO / ".venv" / "bin" / "streamlit"
    head = [str(exe)] if exe.exists() else [sys.executable, "-m", "streamlit"]
    return [*head, "run", "app.py", "--server.port", str(port), "--server.headless", "true",
            "--browser.gatherUsageStats", "false"]


def _log_tail(log_path: Path, chars: int = 4000) -> str:
    try:
        return log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError as exc:
        return f"(no log: {exc})"


@contextlib.contextmanager
def run_app(log_path: Path, extra_env: dict[str, str] | None = None):
    """Start ``streamlit run app.py`` in its own process group, wait for /_stcore/health, yield the
    base URL, then stop the whole group."""
    port = _free_port()
    env = {**os.environ, **(extra_env or {})}
    with log_path.open("wb") as log:
        proc = subprocess.Popen(_streamlit_cmd(port), cwd=REPO, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + SERVER_START_TIMEOUT_S
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"streamlit exited with {proc.returncode} before it was "
                                       f"healthy; log:\n{_log_tail(log_path)}")
                try:
                    url = f"http://127.0.0.1:{port}/_stcore/health"
                    with urllib.request.urlopen(url, timeout=2) as r:
                        if r.status == 200 and r.read().strip() == b"ok":
                            break
                except (urllib.error.URLError, OSError):
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit was not healthy after {SERVER_START_TIMEOUT_S} s; "
                                       f"log:\n{_log_tail(log_path)}")
                time.sleep(0.2)  # poll interval
            yield f"http://localhost:{port}"
        finally:
            stop_group(proc)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    with run_app(tmp_path_factory.mktemp("server") / "streamlit.log", BASEMAP_ENV) as url:
        yield url


@pytest.fixture(scope="session")
def xss_data_dir(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("xss") / "data"
    write_xss_data(data_dir)
    return data_dir


@pytest.fixture(scope="session")
def xss_app_url(tmp_path_factory, xss_data_dir):
    log_path = tmp_path_factory.mktemp("server-xss") / "streamlit.log"
    with run_app(log_path, {"QCM_DATA_DIR": str(xss_data_dir)}) as url:
        yield url


# --- the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    pg = context.new_page()
    blocked: list[str] = []
    page_errors: list[str] = []
    console_errors: list[str] = []
    dialogs: list[str] = []

    def route(r):
        if is_local(r.request.url):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    def on_dialog(d):
        dialogs.append(f"{d.type}: {d.message}")
        with contextlib.suppress(Exception):
            d.dismiss()

    pg.route("**/*", route)
    pg.on("pageerror", lambda e: page_errors.append(f"{e.name}: {e.message}"))
    pg.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    pg.on("dialog", on_dialog)
    pg.qcm_blocked = blocked
    pg.qcm_page_errors = page_errors
    pg.qcm_console_errors = console_errors
    pg.qcm_dialogs = dialogs
    yield pg

    failed = any(r.failed for r in request.node.stash.get(_REPORTS, {}).values())
    if failed or page_errors:
        FAILURES.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        with contextlib.suppress(Exception):
            pg.screenshot(path=str(FAILURES / f"{name}.png"))
    context.close()
    if page_errors:
        console = "\nconsole errors:\n  " + "\n  ".join(console_errors) if console_errors else ""
        pytest.fail("page errors in the browser:\n  " + "\n  ".join(page_errors) + console)


@pytest.fixture
def qcm(page, app_url):
    return MapPage(page, app_url)


# --- data import, edit history and roles (issue 4) ---------------------------------------------

IMPORT_EDITOR = ("e2e-editor", "e2e editor password 371423")


@pytest.fixture(scope="session")
def import_app_url(tmp_path_factory):
    """The app with its own, fresh store (QCM_STORE_DIR) and one editor account, whose secrets file
    lives outside the repository (STREAMLIT_SECRETS_FILES)."""
    from geo.access.accounts import hash_password, toml_lines

    root = tmp_path_factory.mktemp("server-import")
    secrets = root / "secrets.toml"
    name, password = IMPORT_EDITOR
    secrets.write_text(toml_lines(name, hash_password(password), "editor", "测试编辑"), encoding="utf-8")
    env = {"QCM_STORE_DIR": str(root / "store"), "STREAMLIT_SECRETS_FILES": str(secrets)}
    with run_app(root / "streamlit.log", env) as url:
        yield url
