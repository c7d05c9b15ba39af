"""The import page's column mapping step (issue 12, point 1), in AppTest: a file with a column the
importer cannot place shows the step; choosing the column's field reruns the preview; the mapping
confirmed with the import is applied to the next file with the same headers; a language switch
keeps the choice."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.i18n import t
from tests.app.editor import sign_in_editor

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ODD = "序号,单位名称（全称）,链条位置,状态,东经,北纬\n1,映射测试企业,电芯,在建,117.45,37.80\n".encode()
PLAIN = "名称,产业链环节,状态,经度,纬度\n映射测试企业乙,电芯,在建,117.45,37.80\n".encode()


@pytest.fixture
def own_store(tmp_path, monkeypatch):
    """A store of its own: the test confirms an import."""
    monkeypatch.setenv("QCM_STORE_DIR", str(tmp_path))
    return tmp_path


def open_import() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    sign_in_editor(at).run()
    return at.switch_page("pages/data_import.py").run()


def upload(at: AppTest, data: bytes, name: str = "台账.csv") -> AppTest:
    """Upload, then say the positions are WGS-84 (points well inside the county fit every system)."""
    at.file_uploader[0].set_value((name, data, "text/csv")).run()
    [crs] = [r for r in at.radio if (r.key or "").startswith("qcm-import-crs-")]
    return crs.set_value("wgs84").run()


def mapping_table(at: AppTest):
    [editor] = [d for d in at.data_editor if (d.key or "").startswith("qcm-import-map-")]
    return editor


def asking(at: AppTest) -> list[str]:
    """The step's own warnings (other steps of the page have theirs)."""
    texts = {t("importmap.attention", "zh", n=n) for n in range(1, 30)}
    return [w.value for w in at.warning if w.value in texts]


def metric(at: AppTest, key: str) -> str:
    return next(m.value for m in at.metric if m.label == t(key, "zh"))


def choose(at: AppTest, row: int, label: str) -> AppTest:
    editor = mapping_table(at)
    at.session_state[editor.key] = {"edited_rows": {row: {"field": label}}, "added_rows": [], "deleted_rows": []}
    return at.run()


def test_a_column_not_recognised_opens_the_step_and_choosing_its_field_fixes_the_preview(own_store):
    at = upload(open_import(), ODD)
    assert not at.exception
    assert asking(at) == [t("importmap.attention", "zh", n=1)]
    table = mapping_table(at).value
    assert list(table["header"]) == ["序号", "单位名称（全称）", "链条位置", "状态", "东经", "北纬"]
    assert list(table["field"]) == ["（忽略）", "名称", "（忽略）", "状态", "经度", "纬度"]
    assert table["confidence"][2] == t("importmap.conf.maybe", "zh", field="产业链环节")
    assert table["samples"][1] == "映射测试企业"
    assert metric(at, "import.errors") == "1" and metric(at, "import.added") == "0"

    at = choose(at, 2, "产业链环节")
    assert not at.exception
    assert mapping_table(at).value["confidence"][2] == t("importmap.conf.mapping", "zh")
    assert not asking(at) and t("importmap.settled", "zh") in [s.value for s in at.success]
    assert metric(at, "import.errors") == "0" and metric(at, "import.added") == "1"

    # confirm: the mapping is remembered; the next file with the same headers gets it at once
    at.button(key="qcm-import-confirm").click().run()
    assert not at.exception and at.success
    at = upload(at, ODD.replace("映射测试企业".encode(), "映射测试企业丙".encode()), "台账2.csv")
    assert not at.exception
    assert not asking(at)  # nothing left to ask: the step is folded away
    table = mapping_table(at).value
    assert table["field"][2] == "产业链环节" and table["confidence"][2] == t("importmap.conf.remembered", "zh")
    assert metric(at, "import.errors") == "0" and metric(at, "import.added") == "1"
    assert t("importmap.remembered", "zh") in [c.value for c in at.caption]


def test_a_file_the_importer_reads_for_sure_keeps_the_step_folded(own_store):
    at = upload(open_import(), PLAIN)
    assert not at.exception and not asking(at)
    assert t("importmap.expander", "zh", n=5) in [e.label for e in at.expander]
    assert metric(at, "import.errors") == "0"


def test_the_choice_survives_a_language_switch(own_store):
    at = choose(upload(open_import(), ODD), 2, "产业链环节")
    at.sidebar.radio(key="w_lang").set_value("en").run()
    assert not at.exception
    table = mapping_table(at).value
    assert table["field"][2] == "Chain segment" and table["field"][0] == t("importmap.ignore", "en")
    assert next(m.value for m in at.metric if m.label == t("import.errors", "en")) == "0"
