"""The selected record's card beside the map (issue 10): the popup's fields, the position's warning
first, escaped."""

from __future__ import annotations

from geo.i18n import t
from geo.map.card import record_card_html
from geo.map.layers import popup_columns


def test_the_card_has_name_segment_warning_and_the_popups_fields(dataset):
    html = record_card_html(dataset, "E-YUTUO", "zh")
    record = dataset.records.set_index("id").loc["E-YUTUO"]
    assert f'<div class="qcm-card-name">{record["name_zh"]}</div>' in html
    assert t(f"segment.{record['chain_segment']}", "zh") in html and t(f"status.{record['status']}", "zh") in html
    # Reported to exist, drawn at an illustrative position: the warning says exactly that, first.
    assert html.index(t("popup.reported_illustrative_warning", "zh")) < html.index("<dl")
    frame = dataset.records[dataset.records["id"] == "E-YUTUO"].reset_index(drop=True)
    labels = [label for label, values in popup_columns(frame, "zh", dataset.township_names("zh"))
              if values[0] is not None]
    assert [part.split("</dt>")[0] for part in html.split("<dt>")[1:]] == labels  # the same field list


def test_a_record_at_a_reported_position_has_no_warning(dataset):
    records = dataset.records
    placed = records[records["location_provenance"] != "illustrative"]["id"].iloc[0]
    assert "qcm-card-warning" not in record_card_html(dataset, placed, "en")


def test_nothing_selected_or_unknown_gives_no_card(dataset):
    assert record_card_html(dataset, None, "zh") is None
    assert record_card_html(dataset, "NO-SUCH-ID", "zh") is None
