"""Sign an AppTest session in as an editor (issue 4: the investment targets and the editor pages
are for editors only), the way pages/account.py does after a successful sign-in."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from geo.access.accounts import hash_password
from geo.access.roles import EDITOR, User
from ui.signin import USER_KEY

NAME = "test-editor"
_HASH = hash_password("test editor password")


def sign_in_editor(at: AppTest) -> AppTest:
    at.secrets["qcm_accounts"] = {NAME: {"role": EDITOR, "display_name": "测试编辑", "password_hash": _HASH}}
    at.session_state[USER_KEY] = User(NAME, EDITOR, "local", "测试编辑")
    return at
