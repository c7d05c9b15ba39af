"""geo.lists.definitions: which rows each list holds under the filters, its headers and units, its totals, the
honest marking of illustrative positions; and the two bundled list files (investment targets, park
plots) with their schemas.

Expected figures are derived from the bundled data (``dataset``, ``layer_counts``); what it holds is
pinned only in tests/data/test_bundled_figures.py.
"""

from __future__ import annotations

import math
import shutil

import pytest
from pydantic import ValidationError
from pyproj import Geod
from shapely.ops import unary_union

from geo.data.dataset import DATA_DIR, DatasetError, load_dataset
from geo.figures.tracker import tracker_figures
from geo.filters import TOWNSHIP_CHOICES, ViewState
from geo.i18n import t
from geo.lists.definitions import LIST_KEYS, LISTS, TOTALS, build_list, list_of, stage_pipeline
from geo.model import INVESTMENT_TARGET_FIELDS, SEGMENTS, UNKNOWN_TOWNSHIP, ParkPlot


def total(table, key):
    return next(x for x in table.totals if x.key == key)


def records_of(dataset, **where):
    records = dataset.records
    for column, value in where.items():
        records = records[records[column] == value]
    return records


# --- what each list holds -----------------------------------------------------------------------


def test_enterprises_and_projects_are_the_chain_records(dataset):
    enterprises = build_list(dataset, ViewState(), "enterprises")
    projects = build_list(dataset, ViewState(), "projects")
    assert set(enterprises.ids) == set(records_of(dataset, layer="chain", kind="enterprise")["id"])
    assert set(projects.ids) == set(records_of(dataset, layer="chain", kind="project")["id"])
    assert len(enterprises.ids) == len(set(enterprises.ids)) and len(projects.ids) == len(set(projects.ids))
    # In chain order: materials first.
    segment_of = dataset.records.set_index("id")["chain_segment"]
    order = [SEGMENTS.index(segment_of[i]) for i in enterprises.ids]
    assert order == sorted(order) and len(set(order)) > 1
    assert enterprises.available == len(enterprises.ids)


def test_energy_lists_each_wind_farm_and_pv_site_and_rooftop_per_township(rooftop_dataset):
    from tests.conftest import ROOFTOP_ILLUSTRATIVE

    dataset = rooftop_dataset
    table = build_list(dataset, ViewState(), "energy")
    wind = records_of(dataset, layer="wind_farm")["id"].tolist()
    pv = records_of(dataset, layer="pv_utility")["id"].tolist()
    assert list(table.ids) == [*wind, *pv, "RPV-TOWN-371423101", "RPV-TOWN-UNKNOWN"]
    known, rooftop = table.frame.iloc[-2], table.frame.iloc[-1]
    assert rooftop["systems"] == ROOFTOP_ILLUSTRATIVE
    assert rooftop["township"] == t("township.unknown", "zh")
    assert t("lists.rooftop.township_unknown", "zh") in rooftop["name"]
    assert f"{ROOFTOP_ILLUSTRATIVE:,}" in rooftop["name"]
    assert math.isnan(rooftop["capacity_mw"])  # no capacity given
    assert rooftop["location"] == t("location.illustrative", "zh")
    assert rooftop["source"] == f"S1, {t('source.illustrative', 'zh')}"  # the method id in words (issue 10)
    assert (known["systems"], known["capacity_mw"]) == (2, pytest.approx(0.1))
    assert known["location"] == t("location.reported", "zh")
    assert table.available == len(wind) + len(pv) + ROOFTOP_ILLUSTRATIVE + 2


def test_an_empty_rooftop_layer_lists_no_rooftop_row_and_keeps_the_reported_count(dataset, layer_counts):
    """The bundled rooftop layer is empty (S1 gives a county count, no positions): no row, no invented
    point; the reported 2,078 stays beside the list's totals."""
    assert layer_counts["pv_rooftop"] == 0
    table = build_list(dataset, ViewState(), "energy")
    assert not [i for i in table.ids if i.startswith("RPV-")]
    reported = {f.fact_id: f.value for f in table.reported}
    assert reported["rooftop_pv_installations"] == f"{float(dataset.fact('rooftop_pv_installations')['value']):,.0f}"


def test_energy_totals_count_assets_and_sum_only_reported_capacity(dataset, layer_counts):
    table = build_list(dataset, ViewState(), "energy")
    energy = ("wind_farm", "pv_utility", "pv_rooftop")
    assert total(table, "systems").value == sum(layer_counts[layer] for layer in energy)
    capacity = total(table, "capacity_mw")
    assets = dataset.records[dataset.records["layer"].isin(energy)]["capacity_mw"]
    assert capacity.value == pytest.approx(assets.sum())
    assert (capacity.covered, capacity.rows) == (assets.notna().sum(), len(table.ids))
    # The reported capacity is shown beside the total, not mixed into it.
    reported = {f.fact_id: f for f in table.reported}
    fact = dataset.fact("newenergy_capacity_mw")
    assert reported["newenergy_capacity_mw"].value == f"{float(fact['value']):,.0f} MW"
    assert reported["newenergy_capacity_mw"].source == fact["source"].replace(";", ", ")
    rooftop = float(dataset.fact("rooftop_pv_installations")["value"])
    assert reported["rooftop_pv_installations"].value == f"{rooftop:,.0f}"


def test_project_totals(dataset):
    table = build_list(dataset, ViewState(), "projects")
    projects = records_of(dataset, layer="chain", kind="project")
    assert total(table, "count").value == len(projects)
    assert total(table, "investment").value == pytest.approx(projects["investment_cny"].sum() / 1e8)  # 亿元
    assert total(table, "output_value").value == pytest.approx(projects["output_value_cny_per_year"].sum() / 1e8)
    assert total(table, "investment").covered == projects["investment_cny"].notna().sum()


def test_cell_capacity_is_the_trackers_formula_and_total(dataset):
    """One formula: the GWh/yr column and total are what the "1612" tracker counts by default."""
    table = build_list(dataset, ViewState(), "projects")
    gwh = dict(zip(table.ids, table.frame["gwh_per_year"], strict=True))
    figures = tracker_figures(dataset.records, dataset.facts)
    assert figures.contributions
    for c in figures.contributions:
        if c.id not in gwh:  # an enterprise (the projects list holds projects)
            continue
        if c.counted:
            assert gwh[c.id] == pytest.approx(c.cells_per_day * c.ah * c.volts * c.days / 1e9), c.id
        else:
            assert math.isnan(gwh[c.id]), c.id  # renovating: the tracker leaves it out by default
    assert total(table, "gwh_per_year").value == pytest.approx(figures.cells_gwh)


def test_enterprise_totals_say_when_nothing_is_reported(dataset):
    table = build_list(dataset, ViewState(), "enterprises")
    investment = total(table, "investment")
    assert investment.value is None and investment.text == "—" and investment.covered == 0
    reported = {f.fact_id: f.value for f in table.reported}
    output = float(dataset.fact("enterprises_output_value_cny")["value"])
    assert reported == {"enterprises_above_size": f"{float(dataset.fact('enterprises_above_size')['value']):,.0f}",
                        "enterprises_output_value_cny": f"超过{output / 1e8:g} 亿元/年"}


def test_stage_pipeline_counts_projects_per_stage(dataset):
    stages = dict(stage_pipeline(build_list(dataset, ViewState(), "projects")))
    statuses = records_of(dataset, layer="chain", kind="project")["status"]
    assert list(stages) == ["lead", "signed", "pre_construction", "construction", "operating", "full_capacity",
                            "renovating"]
    assert stages == {stage: int((statuses == stage).sum()) for stage in stages}
    assert sum(stages.values()) == len(statuses)


# --- columns, headers, units, provenance ---------------------------------------------------------


@pytest.mark.parametrize("list_key", LIST_KEYS)
def test_every_list_has_provenance_and_source_columns(dataset, list_key):
    table = build_list(dataset, ViewState(), list_key)
    keys = [c.key for c in table.columns]
    assert {"id", "name", "provenance", "source"} <= set(keys)
    assert list(table.frame.columns) == keys
    if LISTS[list_key].on_map:
        assert "location" in keys


@pytest.mark.parametrize("list_key", LIST_KEYS)
def test_headers_in_both_languages(dataset, list_key):
    zh = build_list(dataset, ViewState(lang="zh"), list_key)
    en = build_list(dataset, ViewState(lang="en"), list_key)
    assert list(zh.display_frame().columns) == [t(c.label, "zh") for c in zh.columns]
    assert list(en.display_frame().columns) == [t(c.label, "en") for c in en.columns]
    assert zh.headers()["name"] != en.headers()["name"]
    for column in zh.columns:
        assert column.bilingual_header() in (t(column.label, "zh"),
                                             f"{t(column.label, 'zh')} {t(column.label, 'en')}")


def test_numeric_headers_carry_their_units(dataset):
    headers = {c.key: (t(c.label, "zh"), t(c.label, "en")) for spec in LISTS.values() for c in spec.columns}
    assert all("MW" in h for h in headers["capacity_mw"])
    assert "亿元" in headers["investment"][0] and "100 m yuan" in headers["investment"][1]
    assert all("GWh" in h for h in headers["gwh_per_year"])
    assert "公顷" in headers["area_ha"][0] and "ha" in headers["area_ha"][1]
    for key, (label_key, _column, _) in TOTALS.items():
        assert t(label_key, "zh") and t(label_key, "en"), key


def test_illustrative_positions_are_marked_in_the_list(dataset):
    for list_key in ("enterprises", "projects", "energy"):
        table = build_list(dataset, ViewState(), list_key)
        by_id = dataset.records.set_index("id")["location_provenance"]
        for record_id, shown in zip(table.ids, table.frame["location"], strict=True):
            expected = by_id.get(record_id, "illustrative")  # the rooftop row: illustrative points
            assert shown == t(f"location.{expected}", "zh"), record_id
    energy = build_list(dataset, ViewState(lang="en"), "energy")
    assert energy.frame.set_index("id").loc["WIND-GEM-1", "location"] == "From source (approximate)"
    assert energy.frame.set_index("id").loc["WIND-S1-4", "location"] == "Illustrative position"
    energy_records = dataset.records[dataset.records["layer"].isin(("wind_farm", "pv_utility"))]
    rooftop_row = int((dataset.records["layer"] == "pv_rooftop").any())
    assert energy.illustrative_rows == (energy_records["location_provenance"] == "illustrative").sum() + rooftop_row


def test_english_rows(dataset):
    table = build_list(dataset, ViewState(lang="en"), "projects").frame.set_index("id")
    row = table.loc["P-YUTUO-5AH"]
    assert row["name"] == "Yutuo 5Ah Li-ion cell project (200000 cells/day)"
    assert row["status"] == "In production / operating"
    assert row["source"] == f"S1, S2, S3, {t('source.illustrative', 'en')}"
    assert row["investment"] == pytest.approx(records_of(dataset, id="P-YUTUO-5AH")["investment_cny"].iloc[0] / 1e8)


# --- filters and search -------------------------------------------------------------------------


def test_segment_filter_applies(dataset):
    table = build_list(dataset, ViewState(segments=("cells",)), "enterprises")
    enterprises = records_of(dataset, layer="chain", kind="enterprise")
    assert set(table.ids) == set(enterprises.loc[enterprises["chain_segment"] == "cells", "id"])
    assert total(table, "count").value == len(table.ids) > 0
    assert table.available == len(enterprises)


def test_status_filter_applies_to_every_record_list(dataset):
    state = ViewState(statuses=())
    for list_key in ("enterprises", "projects", "energy"):
        table = build_list(dataset, state, list_key)
        assert table.empty and table.ids == ()
        assert all(x.value in (0, None) for x in table.totals)


def test_status_filter_keeps_preconstruction_pv_out_of_the_capacity(dataset):
    table = build_list(dataset, ViewState(statuses=("operating",)), "energy")
    assets = dataset.records[dataset.records["layer"].isin(("wind_farm", "pv_utility", "pv_rooftop"))]
    assert total(table, "capacity_mw").value == pytest.approx(
        assets.loc[assets["status"] == "operating", "capacity_mw"].sum())
    pre_construction = set(assets.loc[assets["status"] == "pre_construction", "id"])
    assert pre_construction and not pre_construction & set(table.ids)


def test_township_filter_drops_records_with_no_township(dataset):
    state = ViewState(townships=tuple(c for c in TOWNSHIP_CHOICES if c != UNKNOWN_TOWNSHIP))
    with_township = set(dataset.records.loc[dataset.records["township_code"].notna(), "id"])
    for list_key in ("enterprises", "projects", "energy", "plots"):
        assert set(build_list(dataset, state, list_key).ids) <= with_township, list_key


def test_node_filter_applies(dataset):
    table = build_list(dataset, ViewState(nodes=("cells",)), "projects")
    assert set(table.ids) == set(records_of(dataset, layer="chain", kind="project", chain_node="cells")["id"])
    assert build_list(dataset, ViewState(nodes=("cells",)), "plots").empty
    assert len(build_list(dataset, ViewState(nodes=("park",)), "plots").ids) == len(dataset.park_plots) > 0


def test_plots_follow_the_platform_segment(dataset):
    assert len(build_list(dataset, ViewState(), "plots").ids) == len(dataset.park_plots) > 0
    no_platform = ViewState(segments=tuple(s for s in SEGMENTS if s != "platform"))
    assert build_list(dataset, no_platform, "plots").empty


@pytest.mark.parametrize(("query", "expected"), [
    ("yutuo", {"E-YUTUO"}), ("YUTUO", {"E-YUTUO"}), ("宇拓", {"E-YUTUO"}),
    ("  white   list ", {"E-RECYCLER"}), ("e-cgn", {"E-CGN"}), ("cgn nuclear", {"E-CGN"}),
    ("nothing-like-this", set()),
])
def test_search_matches_names_in_both_languages(dataset, query, expected):
    table = build_list(dataset, ViewState(lang="zh"), "enterprises", query)
    assert set(table.ids) == expected
    assert table.query == " ".join(query.split())


def test_search_finds_the_rooftop_row_and_plots(dataset, rooftop_dataset):
    assert build_list(rooftop_dataset, ViewState(), "energy", "unknown rooftop").ids == ("RPV-TOWN-UNKNOWN",)
    assert build_list(rooftop_dataset, ViewState(), "energy", "屋顶").ids == ("RPV-TOWN-371423101",
                                                                              "RPV-TOWN-UNKNOWN")
    assert build_list(dataset, ViewState(), "plots", "a2").ids == ("PLOT-A2",)
    assert build_list(dataset, ViewState(), "energy", "MPC").ids == ("WIND-GEM-2", "WIND-GEM-3")


@pytest.mark.parametrize(("record_id", "list_key"), [
    ("E-YUTUO", "enterprises"), ("P-CTG-ESS", "projects"), ("WIND-GEM-1", "energy"), ("PV-GEM-2", "energy"),
    ("RPV-0001", "energy"), ("PLOT-A1", "plots"), ("NO-SUCH-ID", None), (None, None),
])
def test_list_of_names_the_list_a_selection_is_a_row_of(rooftop_dataset, record_id, list_key):
    assert list_of(rooftop_dataset, record_id) == list_key


def test_row_of_finds_the_selected_record(dataset):
    table = build_list(dataset, ViewState(), "projects")
    assert table.row_of("P-CTG-ESS") == table.ids.index("P-CTG-ESS")
    assert table.row_of("WIND-GEM-1") is None and table.row_of(None) is None


# --- investment targets -------------------------------------------------------------------------


def test_bundled_targets_file_is_a_header_and_the_list_is_empty(dataset):
    header = (DATA_DIR / "investment_targets.csv").read_text(encoding="utf-8").splitlines()
    assert header == [",".join(INVESTMENT_TARGET_FIELDS)]
    assert dataset.investment_targets.empty
    assert list(dataset.investment_targets.columns) == list(INVESTMENT_TARGET_FIELDS)
    table = build_list(dataset, ViewState(), "targets")
    assert table.empty and table.available == 0


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("raw", "curated"))
    return target


# A target as an editor would record one: a type of company the sources name (S2), no invented name.
TARGET_ROW = ("T-SEPARATOR,隔膜生产企业,Separator makers,company_type,separator,not_contacted,"
              "县招商服务中心,延链目标（S2）,reported,S2")


def write_targets(data_dir, *rows, bom=False):
    text = ",".join(INVESTMENT_TARGET_FIELDS) + "\n" + "".join(r + "\n" for r in rows)
    (data_dir / "investment_targets.csv").write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))


@pytest.mark.parametrize("bom", [False, True], ids=["utf-8", "excel-bom"])
def test_a_recorded_target_is_listed_and_filtered_by_its_node(data_copy, bom):
    write_targets(data_copy, TARGET_ROW, bom=bom)
    dataset = load_dataset(data_copy)
    table = build_list(dataset, ViewState(), "targets")
    assert table.ids == ("T-SEPARATOR",)
    row = table.frame.iloc[0]
    assert row["name"] == "隔膜生产企业"
    assert row["target_type"] == t("lists.target_type.company_type", "zh")
    assert row["contact_status"] == t("lists.contact.not_contacted", "zh")
    assert row["node"] == t("chain_node.separator", "zh")
    assert build_list(dataset, ViewState(lang="en"), "targets").frame.iloc[0]["name"] == "Separator makers"
    assert build_list(dataset, ViewState(nodes=("anode",)), "targets").empty
    assert build_list(dataset, ViewState(segments=("cells",)), "targets").empty
    assert build_list(dataset, ViewState(), "targets", "separator").ids == ("T-SEPARATOR",)


@pytest.mark.parametrize(("row", "message"), [
    (TARGET_ROW.replace(",separator,", ",separators,"), "row 2 (T-SEPARATOR): chain_node: unknown node"),
    (TARGET_ROW.replace(",not_contacted,", ",maybe,"), "row 2 (T-SEPARATOR): contact_status"),
    (TARGET_ROW.replace(",S2", ",S9"), "row 2 (T-SEPARATOR): source: unknown source id(s) ['S9']"),
    (TARGET_ROW.replace("T-SEPARATOR,隔膜生产企业", "T-SEPARATOR,"), "row 2 (T-SEPARATOR): target_name_zh"),
])
def test_a_broken_target_names_file_row_and_field(data_copy, row, message):
    write_targets(data_copy, row)
    with pytest.raises(DatasetError) as info:
        load_dataset(data_copy)
    assert "investment_targets.csv" in str(info.value) and message in str(info.value)


def test_duplicate_target_ids_and_a_wrong_header_are_errors(data_copy):
    write_targets(data_copy, TARGET_ROW, TARGET_ROW)
    with pytest.raises(DatasetError, match="duplicate id 'T-SEPARATOR'"):
        load_dataset(data_copy)
    (data_copy / "investment_targets.csv").write_text("id,name\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"investment_targets\.csv: header must be"):
        load_dataset(data_copy)


def test_older_data_without_the_list_files_still_loads(data_copy):
    (data_copy / "investment_targets.csv").unlink()
    (data_copy / "park_plots.geojson").unlink()
    dataset = load_dataset(data_copy)
    assert dataset.investment_targets.empty and dataset.park_plots.empty
    assert build_list(dataset, ViewState(), "plots").empty
    assert build_list(dataset, ViewState(), "targets").empty


# --- park plots ---------------------------------------------------------------------------------


def test_park_plots_are_illustrative_and_state_nothing_but_their_geometry(dataset):
    plots = dataset.park_plots
    assert list(plots["id"]) == ["PLOT-A1", "PLOT-A2", "PLOT-A3", "PLOT-B1", "PLOT-B2", "PLOT-B3"]
    assert (plots["provenance"] == "illustrative").all()
    assert (plots["location_provenance"] == "illustrative").all()
    assert (plots["source"] == "ILLUSTRATIVE").all()
    assert (plots["area_provenance"] == "derived").all()
    assert plots["tenant_zh"].isna().all() and plots["tenant_en"].isna().all()
    assert plots["name_zh"].str.contains("示意").all() and plots["name_en"].str.contains("illustrative").all()


def test_park_plots_tile_the_park_outline(dataset):
    park = dataset.park.geometry.iloc[0]
    plots = list(dataset.park_plots.geometry)
    union = unary_union(plots)
    assert union.symmetric_difference(park).area < 1e-3 * park.area  # vertices rounded to 1e-6 deg
    for i, a in enumerate(plots):
        for b in plots[i + 1:]:
            assert a.intersection(b).area < 1e-9


def test_park_plot_areas_are_derived_from_the_geometry(dataset):
    geod = Geod(ellps="WGS84")
    for plot in dataset.park_plots.itertuples():
        area_m2, _ = geod.geometry_area_perimeter(plot.geometry)
        assert plot.area_ha == pytest.approx(abs(area_m2) / 1e4, abs=0.01)
    table = build_list(dataset, ViewState(), "plots")
    assert total(table, "area_ha").value == pytest.approx(dataset.park_plots["area_ha"].sum())


def test_an_illustrative_plot_cannot_name_a_tenant():
    plot = {"id": "PLOT-X1", "park_id": "PARK-ZHONGQING", "name_zh": "地块", "name_en": "Plot",
            "location_provenance": "illustrative", "provenance": "illustrative", "source": "ILLUSTRATIVE"}
    assert ParkPlot.model_validate(plot).tenant_zh is None
    with pytest.raises(ValidationError, match="cannot name a tenant"):
        ParkPlot.model_validate({**plot, "tenant_zh": "某企业"})


def test_a_plot_in_an_unknown_park_is_an_error(data_copy):
    path = data_copy / "park_plots.geojson"
    path.write_text(path.read_text(encoding="utf-8").replace('"park_id":"PARK-ZHONGQING"',
                                                             '"park_id":"PARK-X"', 1), encoding="utf-8")
    with pytest.raises(DatasetError, match=r"park_plots.geojson feature 1 \(PLOT-A1\): park_id: unknown park"):
        load_dataset(data_copy)

