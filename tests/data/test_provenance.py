"""Two provenances, never mixed (issue 11): what a record's facts rest on (``provenance``) and where its
position comes from (``location_provenance``), and values a source implies rather than states
(``inferred`` with its reasoning), as the bundled data, the lists, the popups, the card and the
exports (Excel and CSV) show them."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import openpyxl
import pandas as pd
import pytest

from geo.data.dataset import DATA_DIR, inferred_label_key
from geo.filters import ViewState
from geo.i18n import TEXT, t
from geo.lists.definitions import build_list, list_of
from geo.lists.spreadsheets import to_csv, to_xlsx
from geo.map.card import record_card_html
from geo.map.layers import attribute_columns
from geo.model import RECORD_FIELDS, inferred_fields

LANGS = ("zh", "en")
TODAY = date(2026, 12, 1)


def _records(dataset, **where):
    records = dataset.records
    for column, value in where.items():
        records = records[records[column] == value]
    return records


def _list_rows(dataset, lang):
    """record id -> its list row (a dict of column key -> value), over every list a record is a row of."""
    rows = {}
    for list_key in ("enterprises", "projects", "energy"):
        table = build_list(dataset, ViewState(lang=lang), list_key)
        for record_id, row in zip(table.ids, table.frame.to_dict("records"), strict=True):
            rows[record_id] = row
    return rows


def _popup(dataset, record_id, lang):
    frame = dataset.records[dataset.records["id"] == record_id].reset_index(drop=True)
    columns = attribute_columns(frame, lang, dataset.township_names(lang))
    fields = {label: values[0] for label, values in columns["fields"]}
    return columns["warning"][0], fields


def _exports(dataset, list_key, lang):
    """(header -> column index, rows by id) of the list's Excel sheet and of its CSV."""
    state = ViewState(lang=lang)
    table = build_list(dataset, state, list_key)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(table, dataset, state, TODAY)))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    xlsx = {r[0].value: [c.value for c in r] for r in sheet.iter_rows(min_row=2, max_row=len(table.ids) + 1)}
    text = to_csv(table).decode("utf-8-sig")
    reader = list(csv.reader(io.StringIO(text)))[1:]  # the first line is the "internal use" notice (issue 11.8)
    csv_rows = {row[0]: row for row in reader[1:] if row and row[0] in table.ids}
    return headers, xlsx, reader[0], csv_rows


# --- the data -------------------------------------------------------------------------------------


def test_both_provenances_on_every_record(dataset):
    records = dataset.records
    assert records["provenance"].notna().all() and records["location_provenance"].notna().all()
    # Existence reported, position illustrative: the data says exactly that (two fields, two values).
    mixed = _records(dataset, provenance="reported", location_provenance="illustrative")
    assert {"P-CTG-ESS", "E-ZKYB", "WIND-S1-4"} <= set(mixed["id"])
    assert mixed["source"].str.split(";").map(lambda ids: "ILLUSTRATIVE" in ids).all()


def test_every_inferred_field_is_a_field_with_reasoning_in_both_languages(dataset):
    inferred = dataset.records[dataset.records["inferred"].notna()]
    assert len(inferred) >= 5
    for row in inferred.itertuples():
        names = inferred_fields(row.inferred)
        assert names and set(names) <= set(RECORD_FIELDS), row.id
        for name in names:
            assert getattr(row, name) is not None, (row.id, name)  # a value that is inferred is present
            assert inferred_label_key(name) in TEXT, (row.id, name)
        assert row.inferred_note_zh and row.inferred_note_en, row.id


@pytest.mark.parametrize(("record_id", "fields", "why"), [
    ("E-YUTUO", {"name_zh", "name_en"}, "parent"),  # FOUND-2026-12 §2.5: the Qingyun legal name not found
    ("P-YUTUO-5AH", {"cell_format"}, "32650"),  # S3 lists 18650/32650; 5 Ah fits 32650
    ("P-ZHONGQING-PARK", {"status"}, "stage"),  # S2 says "build"; no stage stated
    ("E-CGN", {"name_zh"}, "expanded"),  # S2 writes 中广核
    ("WIND-S1-4", {"township_code", "status"}, "Yanwu Village"),  # F10: a village name, a 2016 construction
    ("P-CTG-ESS", {"settled_year"}, "construction began"),
])
def test_the_audited_inferences(dataset, record_id, fields, why):
    record = dataset.records.set_index("id").loc[record_id]
    assert fields <= set(inferred_fields(record["inferred"]))
    assert why in record["inferred_note_en"]


def test_the_curated_file_carries_the_inferences(dataset):
    with (DATA_DIR / "curated" / "chain_records.csv").open(encoding="utf-8") as f:
        curated = {row["id"]: row for row in csv.DictReader(f)}
    chain = dataset.records[dataset.records["layer"] == "chain"].set_index("id")
    for record_id, row in curated.items():
        value = chain.loc[record_id, "inferred"]
        assert ("" if pd.isna(value) else value) == row["inferred"], record_id


# --- lists, popups, card, exports ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_list_rows_say_reported_and_illustrative_position(dataset, lang):
    rows = _list_rows(dataset, lang)
    for record in dataset.records.itertuples():
        row = rows[record.id]
        assert row["location"] == t(f"location.{record.location_provenance}", lang), record.id
        assert row["provenance"] == t(f"provenance.{record.provenance}", lang), record.id
        assert list_of(dataset, record.id) is not None


@pytest.mark.parametrize("lang", LANGS)
def test_popup_and_card_say_reported_but_illustrative_position(dataset, lang):
    for record in dataset.records.itertuples():
        warning, fields = _popup(dataset, record.id, lang)
        card = record_card_html(dataset, record.id, lang)
        if record.location_provenance != "illustrative":
            assert warning is None and "qcm-card-warning" not in card, record.id
            continue
        expected = ("popup.reported_illustrative_warning" if record.provenance != "illustrative"
                    else "popup.illustrative_warning")
        assert warning == t(expected, lang), record.id
        assert t(expected, lang) in card, record.id
        assert fields[t("field.location_provenance", lang)] == t("location.illustrative", lang)
        assert fields[t("field.provenance", lang)] == t(f"provenance.{record.provenance}", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_inferred_values_are_shown_with_their_reasoning(dataset, lang):
    rows = _list_rows(dataset, lang)
    for record in dataset.records.itertuples():
        _, fields = _popup(dataset, record.id, lang)
        shown_in_list, shown_in_popup = rows[record.id]["inferred"], fields[t("field.inferred", lang)]
        if pd.isna(record.inferred):
            assert pd.isna(shown_in_list) and shown_in_popup is None, record.id
            continue
        note = record.inferred_note_en if lang == "en" else record.inferred_note_zh
        assert shown_in_list == shown_in_popup and note in shown_in_list, record.id
        for name in inferred_fields(record.inferred):
            assert t(inferred_label_key(name), lang) in shown_in_list, (record.id, name)
        assert t("field.inferred", lang) in record_card_html(dataset, record.id, lang)


@pytest.mark.parametrize("list_key", ["enterprises", "projects", "energy"])
@pytest.mark.parametrize("lang", LANGS)
def test_exports_carry_both_provenances_and_the_inferences(dataset, list_key, lang):
    headers, xlsx, csv_headers, csv_rows = _exports(dataset, list_key, lang)
    records = dataset.records.set_index("id")
    columns = {key: next(h for h in headers if h.startswith(t(label, "zh"))) for key, label in (
        ("location", "field.location_provenance"), ("provenance", "field.provenance"), ("inferred", "field.inferred"))}
    assert set(columns.values()) <= set(csv_headers)
    for record_id, values in xlsx.items():
        record = records.loc[record_id]
        for key, header in columns.items():
            i, j = headers.index(header), csv_headers.index(header)
            if key == "inferred":
                expected = None if pd.isna(record["inferred"]) else _list_rows(dataset, lang)[record_id]["inferred"]
            else:
                column = "location_provenance" if key == "location" else "provenance"
                expected = t(f"{'location' if key == 'location' else 'provenance'}.{record[column]}", lang)
            assert values[i] == expected, (record_id, key)
            assert csv_rows[record_id][j] == (expected or ""), (record_id, key)


def test_storage_energy_is_listed_and_exported_beside_power(dataset):
    """P-CTG-ESS: 301 MW / 602 MWh (FOUND-2026-12 F4), in the projects list, its popup and export."""
    table = build_list(dataset, ViewState(lang="en"), "projects")
    row = table.frame.iloc[table.row_of("P-CTG-ESS")]
    assert (row["capacity_mw"], row["energy_mwh"]) == (301.0, 602.0)
    _, fields = _popup(dataset, "P-CTG-ESS", "en")
    assert (fields["Capacity (MW)"], fields["Energy (MWh)"]) == ("301", "602")
    headers, xlsx, _, _ = _exports(dataset, "projects", "zh")
    assert xlsx["P-CTG-ESS"][headers.index("储能容量（MWh） Energy (MWh)")] == 602.0


# --- words and dates ------------------------------------------------------------------------------


def test_the_1612_goals_are_annual_output_not_capacity(dataset):
    """S1: "annual output of 10GWh of battery cells, 6GWh of battery packs, and 10GWh of energy storage"."""
    for fact_id in ("target_cells_gwh_2025", "target_packs_gwh_2025", "target_ess_gwh_2025"):
        fact = dataset.fact(fact_id)
        assert "年产量" in fact["label_zh"] and "产能" not in fact["label_zh"], fact_id
        assert "annual output" in fact["label_en"] and "capacity" not in fact["label_en"].lower(), fact_id
    texts = [str(v) for column in ("name_zh", "name_en", "note_zh", "note_en", "inferred_note_zh", "inferred_note_en")
             for v in dataset.records[column].dropna()]
    assert not [text for text in texts if "1612" in text and re.search(r"产能|capacity", text)]


def test_a_fact_with_two_dates_keeps_both(dataset):
    facts = dataset.facts
    for earlier, later in (("chain_framing_2022", "chain_framing_2023"),
                           ("chain_projects_settled_2022", "chain_projects_20_months_2023"),
                           ("ctg_ess_capacity_mw_2021", "ctg_ess_capacity_mw_2023"),
                           ("ctg_ess_energy_mwh_2021", "ctg_ess_energy_mwh_2023")):
        assert facts.loc[earlier, "period"] < facts.loc[later, "period"], (earlier, later)
    assert "锂钠电" in facts.loc["chain_framing_2023", "label_zh"]
    assert (float(facts.loc["ctg_ess_capacity_mw_2021", "value"]), float(facts.loc["ctg_ess_capacity_mw_2023", "value"])
            ) == (100.0, 301.0)


def test_facts_as_of_is_the_newest_dated_source_of_the_chain(dataset):
    cited = {s for column in (dataset.records["source"], dataset.facts["source"]) for value in column
             for s in str(value).split(";")}
    dates = [d for i, d in zip(dataset.sources["id"], dataset.sources["date"], strict=True)
             if i in cited and re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) and not i.startswith(("GEM", "WRI", "NBS"))]
    assert dataset.meta["facts_as_of"] == max(dates) == "2023-12-26"  # 德州日报 (DZRB-2023)


def test_new_sources_are_cited_as_found(dataset):
    """Publisher, title, date and URL as FOUND-2026-12.md gives them; reprints and mirrors say so."""
    sources = dataset.sources.set_index("id")
    for source_id in ("SHCYMC-2021", "ENERGYTREND-2021", "ZJSSBA-2022", "MENAFN-2023", "XNYZH", "UNHEFTY",
                      "DZRB-2023", "QYDZ-2023", "SEP-2016"):
        source = sources.loc[source_id]
        assert source["publisher"] and source["title"] and source["url"].startswith("http"), source_id
        assert "FOUND-2026-12" in source["note"] and "confidence" in source["note"], source_id
        if "reprint" in source["publisher"] or "mirror" in source["publisher"]:
            assert re.search(r"reprint|mirror", source["note"], re.I), source_id
            assert re.search(r"转载|镜像", source["note_zh"]), source_id
    assert sources.loc["DZRB-2023", "date"] == "2023-12-26"
    assert sources.loc["DZRB-2023", "url"] == "https://dzb.dezhoudaily.com/shtml/dzrb/2023/20231226/934380.shtml"
