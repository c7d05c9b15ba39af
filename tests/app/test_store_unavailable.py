"""A PostGIS store that cannot be opened (QCM_DATABASE_URL wrong, the server down) gives the reason
on the page, in the page's language, never a traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.i18n import t

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the test connects


@pytest.mark.parametrize(("url", "reason"), [
    (f"postgresql://qcm@127.0.0.1:{_closed_port()}/qcm", "cannot open the database postgresql://qcm@127.0.0.1:"),
    ("postgresql://qcm:secret@127.0.0.1:1/qcm", "Connection refused"),
    ("postgresql://qcm:secret@127.0.0.1:5432/qcm?sslmode=nonsense", "cannot open the database"),
    ("postgresql://qcm:secret@[bad/qcm", "not a valid PostgreSQL URL"),
    ("mysql://qcm@127.0.0.1/qcm", "must start with postgresql"),
])
def test_a_store_that_cannot_be_opened_is_explained_on_the_page(monkeypatch, url, reason):
    monkeypatch.setenv("QCM_DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception, [e.value for e in at.exception]
    (error,) = at.error
    lead = t("store.unavailable", "zh").split("{")[0].split("原因")[0]
    assert error.value.startswith(lead)
    assert reason in error.value.replace("\\", "")
    assert "secret" not in error.value  # the password never shows
