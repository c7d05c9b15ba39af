"""Roles in the running app (AppTest): a viewer gets neither the editor pages nor the confidential
investment targets, by navigation or by URL; an editor who signs in gets both."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.access.accounts import hash_password
from geo.i18n import t

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
EDITOR_PAGES = ("pages/data_import.py", "pages/edit.py", "pages/history.py")
PASSWORD = "correct horse battery"
TARGET_NAME = "测试用隔膜企业（角色测试）"




@pytest.fixture(scope="module")
def password_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture
def data_with_a_target(tmp_path, monkeypatch) -> Path:
    """A copy of data/ whose investment-target list holds one row (made up for this test)."""
    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data", data_dir, ignore=shutil.ignore_patterns("raw", "curated"))
    path = data_dir / "investment_targets.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    row = {"id": "T-ROLE-1", "target_name_zh": TARGET_NAME, "target_name_en": "Role test separator maker",
           "target_type": "company_type", "chain_node": "separator", "contact_status": "negotiating",
           "owner_department": "", "note": "", "provenance": "illustrative", "source": "ILLUSTRATIVE"}
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerow(row)
    monkeypatch.setenv("QCM_DATA_DIR", str(data_dir))
    return data_dir


def app(password_hash: str, role: str = "editor", **secrets) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["qcm_accounts"] = {"zhang": {"role": role, "display_name": "张三", "password_hash": password_hash}}
    for name, value in secrets.items():
        at.secrets[name] = value
    return at.run()


def sign_in(at: AppTest, name: str = "zhang", password: str = PASSWORD) -> AppTest:
    at.switch_page("pages/account.py").run()
    at.text_input(key="qcm-sign-in-name").input(name)
    at.text_input(key="qcm-sign-in-password").input(password)
    return at.button(key="FormSubmitter:qcm-sign-in-登录").click().run()


def all_text(at: AppTest) -> str:
    """Every text the page shows, tables included."""
    parts = [str(e.value) for kind in ("markdown", "caption", "title", "subheader", "info", "error", "success",
                                       "warning", "text") for e in getattr(at, kind)]
    parts += [e.proto.popover.label for e in at.get("popover")]
    parts += [d.value.to_csv() for d in at.dataframe]
    return "\n".join(parts)


def test_a_viewer_has_no_editor_pages_and_cannot_switch_to_them(password_hash):
    at = app(password_hash)
    assert not at.exception
    for path in EDITOR_PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(path)
    at.switch_page("pages/account.py").run()  # the sign-in page is there for everybody
    assert [ti.label for ti in at.text_input] == [t("account.name", "zh"), t("account.password", "zh")]


@pytest.mark.parametrize("path", EDITOR_PAGES)
def test_an_editor_page_reached_directly_checks_the_role_itself(password_hash, path):
    at = AppTest.from_file(str(ROOT / path), default_timeout=60).run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("account.editors_only", "zh")]
    assert not at.get("file_uploader") and not at.data_editor and not at.dataframe


def test_a_viewer_never_sees_the_investment_targets(password_hash, data_with_a_target):
    at = app(password_hash)
    at.switch_page("pages/chain.py").run()
    assert not at.exception
    assert TARGET_NAME not in all_text(at)
    at.switch_page("pages/lists.py").run()
    assert not at.exception
    assert TARGET_NAME not in all_text(at)
    assert t("lists.targets.title", "zh") not in [tab.label for tab in at.tabs]
    assert t("lists.enterprises.title", "zh") in [tab.label for tab in at.tabs]


def test_an_editor_signs_in_and_gets_the_editor_pages_and_the_targets(password_hash, data_with_a_target):
    at = sign_in(app(password_hash))
    assert not at.exception
    assert [s.value for s in at.success] == [t("account.signed_in_as", "zh", name="张三",
                                               role=t("account.role.editor", "zh"))]
    at.switch_page("pages/chain.py").run()
    assert any(p.proto.popover.label == t("diagram.targets_button", "zh", n=1) for p in at.get("popover"))
    assert TARGET_NAME in all_text(at)
    at.switch_page("pages/lists.py").run()
    assert t("lists.targets.title", "zh") in [tab.label for tab in at.tabs]
    at.switch_page("pages/data_import.py").run()
    assert not at.exception and not at.error
    assert len(at.get("file_uploader")) == 1
    at.switch_page("pages/history.py").run()
    assert not at.exception and [m.value for m in at.title] == [t("history.title", "zh")]
    at.switch_page("pages/edit.py").run()
    assert not at.exception and len(at.data_editor) == 1


def test_signing_out_takes_the_pages_away(password_hash):
    at = sign_in(app(password_hash))
    at.button(key="qcm-sign-out").click().run()
    with pytest.raises(ValueError):
        at.switch_page("pages/history.py")


def test_a_viewer_account_signs_in_but_stays_a_viewer(password_hash):
    at = sign_in(app(password_hash, role="viewer"))
    assert [i.value for i in at.info] == [t("account.viewer_note", "zh")]
    with pytest.raises(ValueError):
        at.switch_page("pages/data_import.py")


def test_a_wrong_password_is_refused_and_repeated_failures_are_blocked(password_hash):
    at = app(password_hash)
    for _ in range(5):
        at = sign_in(at, name="nobody-here", password="wrong")
        assert t("account.failed.wrong", "zh") in [e.value for e in at.error]
    at = sign_in(at, name="nobody-here", password="wrong")
    assert t("account.failed.blocked", "zh") in [e.value for e in at.error]
    with pytest.raises(ValueError):
        at.switch_page("pages/history.py")


def test_with_an_identity_provider_the_page_offers_it(password_hash):
    auth = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
            "client_id": "qcm", "client_secret": "secret",
            "server_metadata_url": "https://id.example.org/.well-known/openid-configuration"}
    at = app(password_hash, auth=auth)
    at.switch_page("pages/account.py").run()
    assert not at.exception
    assert t("account.sign_in_oidc", "zh") in [b.label for b in at.button]


def test_without_any_account_the_page_says_how_to_add_one():
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/account.py").run()
    assert [i.value for i in at.info] == [t("account.none_configured", "zh")]


CONFIDENTIAL_SOURCE = {"id": "IMPORT-20261201-C0FFEE", "kind": "import_confidential", "publisher": "zhang",
                       "title": "招商目标企业名单（内部）", "date": "2026-12-01", "note": "招商目标-内部.xlsx"}


@pytest.fixture
def data_with_a_confidential_import(data_with_a_target) -> Path:
    """The target list as an import of it leaves it: the target cites the source the import added."""
    path = data_with_a_target / "sources.csv"
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows([*rows, {k: CONFIDENTIAL_SOURCE.get(k, "") for k in header}])
    targets = data_with_a_target / "investment_targets.csv"
    targets.write_text(targets.read_text(encoding="utf-8").replace(",ILLUSTRATIVE", f",{CONFIDENTIAL_SOURCE['id']}"),
                       encoding="utf-8")
    return data_with_a_target


def _sources_page_text(at: AppTest) -> str:
    at.switch_page("pages/about.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return all_text(at) + "\n".join(h.proto.body for h in at.get("html"))


def test_a_viewer_sees_nothing_of_a_confidential_import(password_hash, data_with_a_confidential_import):
    """Security review, point 9: the public Sources page listed the source an import of the target list
    added: its title, the file's name and the editor's account."""
    shown = _sources_page_text(app(password_hash))
    for value in ("IMPORT-20261201-C0FFEE", "招商目标企业名单（内部）", "招商目标-内部.xlsx",
                  t("source.kind.import_confidential", "zh")):
        assert value not in shown
    editor = sign_in(app(password_hash))
    assert "招商目标企业名单（内部）" in _sources_page_text(editor)  # editors see where their list came from
