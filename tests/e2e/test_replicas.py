"""Two replicas behind nginx over one PostGIS store (issue 14, point 2), started by deploy/replicas.py
as an operator would: an import through replica A shows on replica B; both publish the same layer
files (same names, same bytes); through nginx a browser stays on one replica (sticky route cookie)
and sees the map offline. Skips, saying why, where PostgreSQL or nginx is missing (scripts/test
installs both)."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from deploy.replicas import NGINX, free_block, start
from geo.i18n import t
from tests.pg_cluster import missing, throwaway_cluster

from .conftest import IMPORT_EDITOR
from .helpers import MapPage
from .test_import import BUNDLED_CHAIN, GOOD, ImportFlow

LAYER_URLS_JS = """() => performance.getEntriesByType('resource').map(e => e.name)
                          .filter(n => n.includes('/app/static/cache/'))"""


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    if reason := missing():
        pytest.skip(reason)
    if not Path(NGINX).exists():
        pytest.skip(f"{NGINX} is missing; scripts/test installs nginx")
    from geo.access.accounts import hash_password, toml_lines

    root = tmp_path_factory.mktemp("replicas")
    secrets = root / "secrets.toml"
    name, password = IMPORT_EDITOR
    secrets.write_text(toml_lines(name, hash_password(password), "editor", "测试编辑"), encoding="utf-8")
    with throwaway_cluster() as cluster, start(2, free_block(2), root / "run", database_url=cluster.new_database(),
                                               env={"STREAMLIT_SECRETS_FILES": str(secrets)}) as running:
        yield running


def _layer_urls(flow: MapPage) -> set[str]:
    frame = flow.map_frame()
    frame.wait_for_function(f"() => ({LAYER_URLS_JS})().length > 0")
    return {re.sub(r"^https?://[^/]+", "", url) for url in frame.evaluate(LAYER_URLS_JS)}


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def test_an_import_through_replica_a_shows_on_replica_b(page, deployment):
    replica_a, replica_b = deployment.replica_urls
    page.set_viewport_size({"width": 1600, "height": 1900})  # the preview below the coordinate-system step
    on_b = MapPage(page, replica_b)
    on_b.open("/")
    on_b.wait_counts({"chain": BUNDLED_CHAIN})

    flow = ImportFlow(page, replica_a)
    flow.open("/")
    flow.sign_in_and_open_import()
    flow.upload("企业台账（改正）.xlsx", GOOD)
    flow.wait_text(t("importcrs.verdict.none", "zh"))
    page.get_by_text(t("crs.gcj02", "zh"), exact=False).first.click()
    flow.wait_idle()
    flow.wait_metric(t("import.errors", "zh"), "0")
    flow.wait_metric(t("import.added", "zh"), "2")
    confirm = page.get_by_role("button", name=t("import.confirm", "zh"))
    expect(confirm).to_be_enabled()
    confirm.click()
    flow.wait_text(t("import.done", "zh", batch=2, added=2, changed=0, removed=0))
    flow.nav(t("page.map", "zh"))
    flow.wait_counts({"chain": BUNDLED_CHAIN + 2})
    urls_a = _layer_urls(flow)

    on_b.open("/")  # another process, which never saw the import: it reads the shared store
    on_b.wait_counts({"chain": BUNDLED_CHAIN + 2})
    on_b.screenshot("replica_b_after_import_on_a_zh")
    urls_b = _layer_urls(on_b)

    # The same published layer files on both replicas: same names (content hashes), same bytes.
    assert urls_a == urls_b
    for url in sorted(urls_a):
        assert _get(replica_a + url) == _get(replica_b + url), url


def test_through_nginx_a_browser_stays_on_one_replica_and_sees_the_map(page, deployment):
    through = MapPage(page, deployment.url)
    through.open("/")
    through.wait_counts({"chain": BUNDLED_CHAIN + 2})  # the import of the test above, from either replica
    through.screenshot("replicas_through_nginx_zh")
    route = next(c["value"] for c in page.context.cookies() if c["name"] == "qcm_route")
    upstreams = {m.group(1) for line in deployment.access_log() if f"route={route} " in line
                 for m in [re.search(r"upstream=(\S+)", line)] if m and m.group(1) != "-"}
    assert len(upstreams) == 1, upstreams  # page, websocket, component frame and layer files: one replica
    assert upstreams <= {u.removeprefix("http://") for u in deployment.replica_urls}
    assert page.qcm_blocked == []


def test_an_upload_bigger_than_nginx_keeps_in_memory_reaches_the_sessions_replica(page, deployment):
    """An editor's real upload request, made through nginx, is replayed with a 3 MB body: more than
    nginx keeps in memory (client_body_buffer_size 1m), so it goes through a temporary file, which
    nginx's workers (www-data, when started as root) must be able to write. The replica that holds the
    session reads the whole body and accepts it (204), not nginx's 500 (temporary file) or 400
    (another replica, which does not know the session)."""
    page.set_viewport_size({"width": 1600, "height": 1900})
    flow = ImportFlow(page, deployment.url)
    flow.open("/")
    flow.wait_counts({"chain": BUNDLED_CHAIN + 2})
    flow.sign_in_and_open_import()
    big = flow.upload_and_replayer("企业台账.xlsx", GOOD)("big.xlsx", b"0" * 3_000_000)
    errors = (deployment.run_dir / "error.log").read_text(encoding="utf-8", errors="replace")
    assert big.status == 204, (big.status, errors[-2000:])
    assert "buffered to a temporary file" in errors and "upload_file" in errors
