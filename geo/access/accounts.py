"""Local accounts, for intranets without an identity provider: names, roles and password hashes
kept in ``.streamlit/secrets.toml`` (never in the repository).

Passwords are hashed with scrypt from the standard library (salted, memory-hard, deliberately
slow: ~50 ms here), stored as ``scrypt$n$r$p$salt$hash`` (base64). Make an account's lines with::

    python -m geo.access.accounts add zhangsan --role editor --display-name 张三

which asks for the password twice and prints the TOML to paste into the secrets file::

    [qcm_accounts.zhangsan]
    role = "editor"
    display_name = "张三"
    password_hash = "scrypt$16384$8$1$…"

Sign-in failures are throttled per account name and client address (:class:`Throttle`): someone
typing wrong passwords under an editor's name from another machine does not lock the editor out.
An unknown name costs as much time as a wrong password, so the form does not tell which names exist.
"""

from __future__ import annotations

import argparse
import base64
import getpass
import hashlib
import hmac
import json
import re
import secrets
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from geo.access.roles import ROLES, User

SECTION = "qcm_accounts"
SCHEME = "scrypt"
N, R, P = 2**14, 8, 1
KEY_BYTES = 32
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
MIN_PASSWORD = 10


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, salt: bytes | None = None, n: int = N, r: int = R, p: int = P) -> str:
    salt = salt or secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES, maxmem=64 * 2**20)
    return f"{SCHEME}${n}${r}${p}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """Constant-time check of ``password`` against a :func:`hash_password` string; a malformed
    hash is simply a failed check."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != SCHEME:
            return False
        expected = base64.b64decode(key, validate=True)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt, validate=True), n=int(n),
                                r=int(r), p=int(p), dklen=len(expected), maxmem=64 * 2**20)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


_DUMMY_HASH = hash_password("not a password", salt=b"\0" * 16)


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    display_name: str
    password_hash: str = field(repr=False)

    def user(self) -> User:
        return User(self.name, self.role, "local", self.display_name or self.name)


def accounts_from(section: Mapping | None) -> dict[str, Account]:
    """The accounts of a secrets section (``st.secrets["qcm_accounts"]``); malformed entries are
    left out, so one bad entry does not lock everybody out."""
    out = {}
    for name, entry in (section or {}).items():
        if not isinstance(entry, Mapping) or not NAME_PATTERN.match(str(name)):
            continue
        role = entry.get("role", "viewer")
        password_hash = entry.get("password_hash")
        if role in ROLES and isinstance(password_hash, str) and password_hash.startswith(SCHEME + "$"):
            out[str(name)] = Account(str(name), role, str(entry.get("display_name") or name), password_hash)
    return out


MAX_NAME = 64  # longer names are cut to this in the throttle's table (and match no account)
MAX_PASSWORD = 1024  # longer passwords are refused before hashing (scrypt's time grows with them)


class Throttle:
    """At most ``limit`` failed sign-ins per account name and client address within ``window_s``
    seconds, and at most ``client_limit`` per client address across names (guessing many names).

    Atomic: :meth:`begin` counts an attempt before its password is checked, under a lock, so parallel
    attempts cannot all pass the check. Bounded: entries expire after ``window_s``, and the table holds
    at most ``max_entries`` keys (the oldest go first)."""

    def __init__(self, limit: int = 5, window_s: float = 900.0, clock=time.monotonic, client_limit: int = 30,
                 max_entries: int = 10_000):
        self.limit, self.window_s, self.clock = limit, window_s, clock
        self.client_limit, self.max_entries = client_limit, max_entries
        self._failures: dict[tuple[str, str], list[float]] = {}  # (name, client) and ("", client)
        self._pending: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _keys(name: str, client: str) -> tuple[tuple[str, str], tuple[str, str]]:
        return (name[:MAX_NAME], client[:MAX_NAME]), ("", client[:MAX_NAME])

    def _count(self, key: tuple[str, str], now: float) -> int:
        recent = [t for t in self._failures.get(key, []) if now - t < self.window_s]
        if recent:
            self._failures[key] = recent
        else:
            self._failures.pop(key, None)
        return len(recent) + self._pending.get(key, 0)

    def begin(self, name: str, client: str = "") -> bool:
        """Count an attempt (True), or refuse it (False: too many recent failures, counting the
        attempts still being checked)."""
        pair, anyone = self._keys(name, client)
        with self._lock:
            now = self.clock()
            if self._count(pair, now) >= self.limit or self._count(anyone, now) >= self.client_limit:
                return False
            for key in (pair, anyone):
                self._pending[key] = self._pending.get(key, 0) + 1
            return True

    def end(self, name: str, client: str, ok: bool) -> None:
        """The attempt's outcome: a failure is recorded, a success clears the name's failures."""
        pair, anyone = self._keys(name, client)
        with self._lock:
            for key in (pair, anyone):
                left = self._pending.get(key, 0) - 1
                if left > 0:
                    self._pending[key] = left
                else:
                    self._pending.pop(key, None)
            if ok:
                self._failures.pop(pair, None)
                return
            now = self.clock()
            for key in (pair, anyone):
                self._failures.setdefault(key, []).append(now)
            while len(self._failures) > self.max_entries:
                self._failures.pop(next(iter(self._failures)))

    def __len__(self) -> int:
        return len(self._failures)


def authenticate(accounts: Mapping[str, Account], name: str, password: str,
                 throttle: Throttle | None = None, client: str = "") -> tuple[User | None, str]:
    """(user, "") on success, else (None, reason): "blocked" or "wrong"."""
    name = name.strip()
    if throttle is not None and not throttle.begin(name, client):
        return None, "blocked"
    ok = False
    try:
        account = accounts.get(name) if len(name) <= MAX_NAME else None
        if len(password) > MAX_PASSWORD:
            return None, "wrong"
        ok = verify_password(password, account.password_hash if account else _DUMMY_HASH) and account is not None
        return (account.user(), "") if ok else (None, "wrong")
    finally:
        if throttle is not None:
            throttle.end(name, client, ok)


def toml_lines(name: str, password_hash: str, role: str, display_name: str | None = None) -> str:
    key = name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else json.dumps(name)  # "wang.wu" needs quotes in TOML
    lines = [f"[{SECTION}.{key}]", f"role = {json.dumps(role)}"]
    if display_name:
        lines.append(f"display_name = {json.dumps(display_name, ensure_ascii=False)}")
    lines.append(f"password_hash = {json.dumps(password_hash)}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.access.accounts",
                                     description="Make a local account for the app's secrets file.")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="print the secrets lines of a new account (or a new password)")
    add.add_argument("name", help="sign-in name: letters, digits, . _ -")
    add.add_argument("--role", choices=ROLES, default="editor")
    add.add_argument("--display-name", help="the name the edit log shows, e.g. 张三")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    args = parser.parse_args(argv)
    if not NAME_PATTERN.match(args.name):
        parser.error("the name may hold only letters, digits, '.', '_' and '-' (at most 40)")
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            parser.error("the passwords differ")
    if len(password) < MIN_PASSWORD:
        parser.error(f"use at least {MIN_PASSWORD} characters")
    print("# Paste into .streamlit/secrets.toml (never commit it):")
    print(toml_lines(args.name, hash_password(password), args.role, args.display_name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
