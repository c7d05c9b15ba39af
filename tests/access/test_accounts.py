"""geo.access.accounts and geo.access.roles: password hashes, sign-in, throttling, the command that makes an
account, and what each role may see."""

from __future__ import annotations

import io
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor

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


def test_parallel_attempts_cannot_all_pass_the_check(section):
    """Security review, point 11: check, hash and record were three steps without a lock, so attempts
    started together were all checked. Now each is counted before its hash: of 12 parallel wrong
    guesses with a limit of 3, exactly 3 are checked."""
    found = accounts.accounts_from(section)
    throttle = Throttle(limit=3, window_s=60)
    with ThreadPoolExecutor(max_workers=12) as pool:
        reasons = list(pool.map(lambda _: authenticate(found, "zhang", "wrong guess", throttle, "10.0.0.9")[1],
                                range(12)))
    assert reasons.count("wrong") == 3 and reasons.count("blocked") == 9


def test_wrong_passwords_from_elsewhere_do_not_lock_the_editor_out(section):
    found = accounts.accounts_from(section)
    throttle = Throttle(limit=3, window_s=60)
    for _ in range(10):
        authenticate(found, "zhang", "wrong guess", throttle, client="10.9.9.9")  # someone else's machine
    assert authenticate(found, "zhang", "wrong guess", throttle, client="10.9.9.9") == (None, "blocked")
    assert authenticate(found, "zhang", "correct horse 1", throttle, client="10.0.0.5")[0].is_editor


def test_one_client_guessing_many_names_is_throttled_too(section):
    found = accounts.accounts_from(section)
    throttle = Throttle(limit=3, window_s=60, client_limit=5)
    reasons = [authenticate(found, f"name{i}", "guess", throttle, client="10.9.9.9")[1] for i in range(8)]
    assert reasons == ["wrong"] * 5 + ["blocked"] * 3


def test_the_failure_table_is_bounded_and_entries_expire(section):
    now = [0.0]
    found = accounts.accounts_from(section)
    throttle = Throttle(limit=3, window_s=60, clock=lambda: now[0], max_entries=20, client_limit=10**6)
    for i in range(40):  # long names are cut to MAX_NAME for the key, and match no account
        authenticate(found, "x" * 10_000 + str(i), "guess", throttle, client=f"10.0.0.{i}")
    assert len(throttle) <= 20
    for _ in range(3):
        authenticate(found, "zhang", "guess", throttle, client="10.0.1.1")
    assert authenticate(found, "zhang", "correct horse 1", throttle, client="10.0.1.1") == (None, "blocked")
    now[0] = 61.0  # expired: not counted any more
    assert authenticate(found, "zhang", "correct horse 1", throttle, client="10.0.1.1")[0].is_editor


def test_long_names_and_passwords_are_refused_without_hashing(section):
    found = accounts.accounts_from(section)
    assert authenticate(found, "zhang", "x" * 10_000_000) == (None, "wrong")
    assert authenticate(found, "z" * 100_000, "correct horse 1") == (None, "wrong")


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
    assert oidc_user("zhang@county.gov.cn", "张三", roles, True) == User("zhang@county.gov.cn", EDITOR, "oidc", "张三")
    assert oidc_user("li@county.gov.cn", None, roles, True).role == VIEWER
    assert oidc_user("li@county.gov.cn", None, None, True).role == VIEWER


@pytest.mark.parametrize(("email", "name", "verified"), [
    (None, "zhang@county.gov.cn", True),  # no e-mail: the display name is anybody's to set
    ("", "zhang@county.gov.cn", None),
    ("zhang@county.gov.cn", "张三", None),  # the provider did not say it checked the address
    ("zhang@county.gov.cn", "张三", False),
    ("zhang@county.gov.cn", "张三", "no"),
])
def test_oidc_editors_only_on_a_verified_email_claim(email, name, verified):
    """Security review, point 16: the editor check fell back to the display name."""
    assert oidc_user(email, name, {"editors": ["zhang@county.gov.cn"]}, verified).role == VIEWER


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
