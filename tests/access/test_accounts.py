"""geo.access.accounts and geo.access.roles: password hashes, sign-in, throttling, the command that makes an
account, and what each role may see."""

from __future__ import annotations

import io
import sys
import tomllib

import pytest

from geo.access import accounts
from geo.access.accounts import Throttle, authenticate, hash_password, verify_password
from geo.access.roles import ANONYMOUS, EDITOR, VIEWER, User, oidc_user, visible_dataset


def test_hash_is_salted_slow_and_verifies():
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first != second and first.startswith("scrypt$16384$8$1$")
    assert verify_password("correct horse battery", first) and verify_password("correct horse battery", second)
    assert not verify_password("correct horse batterY", first)


@pytest.mark.parametrize("stored", ["", "plain-text-password", "scrypt$x$8$1$AAAA$AAAA", "bcrypt$1$2$3$4$5",
                                    "scrypt$16384$8$1$not base64!$AAAA"])
def test_a_malformed_hash_is_a_failed_check_not_an_exception(stored):
    assert not verify_password("anything", stored)


@pytest.fixture(scope="module")
def section():
    return {"zhang": {"role": "editor", "display_name": "张三", "password_hash": hash_password("correct horse 1")},
            "li": {"role": "viewer", "password_hash": hash_password("correct horse 2")},
            "bad name!": {"role": "editor", "password_hash": hash_password("x")},
            "noeditor": {"role": "admin", "password_hash": hash_password("x")},
            "nohash": {"role": "editor", "password_hash": "secret"}}


def test_accounts_from_secrets_skip_malformed_entries(section):
    found = accounts.accounts_from(section)
    assert set(found) == {"zhang", "li"}
    assert found["zhang"].user() == User("zhang", EDITOR, "local", "张三")
    assert "password_hash" not in repr(found["zhang"])  # hashes stay out of logs and tracebacks


def test_authenticate(section):
    found = accounts.accounts_from(section)
    assert authenticate(found, "zhang", "correct horse 1")[0].is_editor
    assert authenticate(found, " li ", "correct horse 2")[0].role == VIEWER
    assert authenticate(found, "zhang", "correct horse 2") == (None, "wrong")
    assert authenticate(found, "nobody", "correct horse 1") == (None, "wrong")


def test_throttle_blocks_after_repeated_failures_and_forgets_them_later(section):
    now = [0.0]
    throttle = Throttle(limit=3, window_s=60, clock=lambda: now[0])
    found = accounts.accounts_from(section)
    for _ in range(3):
        assert authenticate(found, "zhang", "wrong", throttle) == (None, "wrong")
    assert authenticate(found, "zhang", "correct horse 1", throttle) == (None, "blocked")
    assert authenticate(found, "li", "correct horse 2", throttle)[0] is not None  # per name
    now[0] = 61.0
    assert authenticate(found, "zhang", "correct horse 1", throttle)[0] is not None


def test_the_command_prints_lines_to_paste_into_secrets(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough password\n"))
    assert accounts.main(["add", "wang.wu", "--role", "editor", "--display-name", "王五", "--password-stdin"]) == 0
    parsed = tomllib.loads(capsys.readouterr().out)
    entry = parsed["qcm_accounts"]["wang.wu"]
    assert entry["role"] == "editor" and entry["display_name"] == "王五"
    assert verify_password("a long enough password", entry["password_hash"])
    assert accounts.accounts_from(parsed["qcm_accounts"])["wang.wu"].user().is_editor


@pytest.mark.parametrize(("args", "stdin"), [(["add", "bad name"], "a long enough password\n"),
                                             (["add", "ok", "--role", "admin"], "a long enough password\n"),
                                             (["add", "ok"], "short\n")])
def test_the_command_refuses_bad_input(monkeypatch, args, stdin):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    with pytest.raises(SystemExit) as caught:
        accounts.main([*args, "--password-stdin"])
    assert caught.value.code == 2


def test_oidc_users_are_editors_only_when_listed():
    roles = {"editors": ["Zhang@County.gov.cn"]}
    assert oidc_user("zhang@county.gov.cn", "张三", roles) == User("zhang@county.gov.cn", EDITOR, "oidc", "张三")
    assert oidc_user("li@county.gov.cn", None, roles).role == VIEWER
    assert oidc_user("li@county.gov.cn", None, None).role == VIEWER


def test_viewers_get_no_investment_targets(dataset):
    data = dataset
    target = {"id": "T-1", "target_name_zh": "x", "target_name_en": None, "target_type": "company",
              "chain_node": "separator", "contact_status": "contacted", "owner_department": None, "note": None,
              "provenance": "illustrative", "source": "ILLUSTRATIVE"}
    import dataclasses

    import pandas as pd

    with_target = dataclasses.replace(data, investment_targets=pd.DataFrame([target]))
    assert visible_dataset(with_target, ANONYMOUS).investment_targets.empty
    assert visible_dataset(with_target, User("li", VIEWER, "local")).investment_targets.empty
    assert len(visible_dataset(with_target, User("zhang", EDITOR, "local")).investment_targets) == 1
    assert visible_dataset(with_target, ANONYMOUS).records is with_target.records  # nothing else changes
