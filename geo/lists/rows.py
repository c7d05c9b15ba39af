"""The rows of the lists, made from the dataset: one function per kind of row (records, rooftop PV
per township, investment targets, park plots), each giving the columns geo.lists.definitions' specs name, in
the view's language, plus a hidden ``_search`` text (names in both languages, id, owner) and, for
records, a hidden ``_status`` code.
"""

from __future__ import annotations

import math

import pandas as pd

from geo.chain import NODES
from geo.data.dataset import ILLUSTRATIVE_SOURCE, Dataset, inferred_text, names_in, source_ids_text
from geo.figures.tracker import DEFAULT_ASSUMPTIONS, cell_contributions
from geo.filters import ViewState, filter_mask
from geo.i18n import LANGUAGES, TEXT, t
from geo.model import UNKNOWN_TOWNSHIP
from geo.units import YUAN_SCALE


def label(key: str, lang: str, fallback: str) -> str:
    """A vocabulary label that another feature may not have added yet: the code, not a crash."""
    return t(key, lang) if key in TEXT else fallback


def _vocab(prefix: str, values: pd.Series, lang: str) -> list[str | None]:
    return [label(f"{prefix}.{v}", lang, str(v)) if isinstance(v, str) and v else None for v in values]


def _text(values: pd.Series) -> list[str | None]:
    return [v if isinstance(v, str) and v else None for v in values]


def _in_lang(frame: pd.DataFrame, column: str, lang: str) -> pd.Series:
    """``<column>_en`` in English (falling back to Chinese), ``<column>_zh`` otherwise."""
    zh = frame[f"{column}_zh"]
    return frame[f"{column}_en"].where(frame[f"{column}_en"].notna(), zh) if lang == "en" else zh


def _sources(values: pd.Series, lang: str) -> list[str]:
    return [source_ids_text(str(v), lang) for v in values]


def _searchable(*columns: pd.Series) -> list[str]:
    return [" ".join(str(v) for v in values if isinstance(v, str)).casefold()
            for values in zip(*columns, strict=True)]


def _gwh_by_id(records: pd.DataFrame) -> dict[str, float]:
    """GWh/yr of the records the "1612" tracker counts with its default assumptions (one formula,
    one answer: a project being renovated is left out there, so it is blank here)."""
    return {c.id: c.gwh for c in cell_contributions(records, DEFAULT_ASSUMPTIONS)
            if c.counted and c.gwh is not None}


def record_rows(records: pd.DataFrame, dataset: Dataset, lang: str) -> pd.DataFrame:
    """Every column a record list can show, one row per record, keyed like the Column keys."""
    towns = dataset.township_names(lang)
    parks = dataset.park_names(lang)
    unknown = t("township.unknown", lang)
    gwh = _gwh_by_id(records)
    return pd.DataFrame({
        "id": records["id"].tolist(),
        "name": _in_lang(records, "name", lang).tolist(),
        "asset_type": [t(f"layer.{layer}", lang) for layer in records["layer"]],
        "segment": _vocab("segment", records["chain_segment"], lang),
        "node": _vocab("chain_node", records["chain_node"], lang),
        "status": _vocab("status", records["status"], lang),
        "operator": _text(_in_lang(records, "operator", lang)),
        "park": [parks.get(p) if isinstance(p, str) else None for p in records["park_id"]],
        "township": [towns.get(c, unknown) if isinstance(c, str) else unknown for c in records["township_code"]],
        "capacity_mw": records["capacity_mw"].astype(float).tolist(),
        "energy_mwh": records["energy_mwh"].astype(float).tolist(),
        "systems": [1] * len(records),
        "cells_per_day": records["cells_per_day"].astype("Int64").tolist(),
        "cell_ah": records["cell_ah"].astype(float).tolist(),
        "cell_format": _text(records["cell_format"]),
        "production_lines": records["production_lines"].astype("Int64").tolist(),
        "gwh_per_year": [gwh.get(i, math.nan) for i in records["id"]],
        # Lists keep money in 亿元 in both languages (their headers name the unit).
        "investment": (records["investment_cny"].astype(float) / YUAN_SCALE["zh"]).tolist(),
        "output_value": (records["output_value_cny_per_year"].astype(float) / YUAN_SCALE["zh"]).tolist(),
        "settled_year": records["settled_year"].astype("Int64").tolist(),
        "start_year": records["start_year"].astype("Int64").tolist(),
        "location": _vocab("location", records["location_provenance"], lang),
        "provenance": _vocab("provenance", records["provenance"], lang),
        "source": _sources(records["source"], lang),
        "note": _text(_in_lang(records, "note", lang)),
        "inferred": [inferred_text(f, zh, en, lang) for f, zh, en in
                     zip(records["inferred"], records["inferred_note_zh"], records["inferred_note_en"], strict=True)],
        "_status": records["status"].tolist(),
        "_search": _searchable(records["id"], records["name_zh"], records["name_en"],
                               records["operator_zh"], records["operator_en"]),
    })


def rooftop_by_township(rooftop: pd.DataFrame, dataset: Dataset, lang: str) -> pd.DataFrame:
    """Rooftop PV, one row per township: 2,078 systems are too many to list one by one, and no
    source gives their townships or capacities, so the bundled data has one row, "not reported"."""
    rows = record_rows(rooftop, dataset, lang)
    rows["_town"] = rooftop["township_code"].fillna(UNKNOWN_TOWNSHIP).tolist()
    out = []
    for code, group in rows.groupby("_town", sort=True):
        n = len(group)
        capacity = group["capacity_mw"].dropna()
        sources = sorted({s for value in group["source"] for s in value.split(", ")}, key=_source_order)
        out.append({
            **{k: (group[k].iloc[0] if group[k].nunique(dropna=False) == 1 else None)
               for k in ("asset_type", "segment", "node", "status", "location", "provenance")},
            "id": f"RPV-TOWN-{code}".upper(),
            "name": t("lists.rooftop.name", lang, count=f"{n:,}",
                      township=t("lists.rooftop.township_unknown", lang) if code == UNKNOWN_TOWNSHIP
                      else group["township"].iloc[0]),
            "township": group["township"].iloc[0],
            "capacity_mw": float(capacity.sum()) if len(capacity) else math.nan,
            "systems": n,
            "source": ", ".join(sources),
            "note": t("lists.rooftop.note", lang, count=f"{n:,}", reported=f"{len(capacity):,}"),
            "_status": group["_status"].iloc[0] if group["_status"].nunique() == 1 else None,
            "_search": " ".join([f"rpv-town-{code}", t("layer.pv_rooftop", "zh"), t("layer.pv_rooftop", "en"),
                                 *_township_names(dataset, code)]).casefold(),
        })
    return pd.DataFrame(out, columns=rows.columns.drop("_town"))


def _township_names(dataset: Dataset, code: str) -> list[str]:
    rows = dataset.townships[dataset.townships["code"] == code]
    if rows.empty:
        return [t("township.unknown", "zh"), t("township.unknown", "en")]
    return [str(rows["name_zh"].iloc[0]), str(rows["name_en"].iloc[0])]


def _source_order(source_id: str) -> tuple[int, str]:
    return (source_id in {ILLUSTRATIVE_SOURCE, *(t("source.illustrative", lang) for lang in LANGUAGES)}, source_id)


def target_rows(targets: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        "id": targets["id"].tolist(),
        "name": names_in(targets, lang, prefix="target_").tolist(),
        "target_type": _vocab("lists.target_type", targets["target_type"], lang),
        "node": _vocab("chain_node", targets["chain_node"], lang),
        "contact_status": _vocab("lists.contact", targets["contact_status"], lang),
        "owner_department": _text(targets["owner_department"]),
        "note": _text(targets["note"]),
        "provenance": _vocab("provenance", targets["provenance"], lang),
        "source": _sources(targets["source"], lang),
        "_search": _searchable(targets["id"], targets["target_name_zh"], targets["target_name_en"],
                               targets["owner_department"]),
    })


def plot_rows(plots: pd.DataFrame, dataset: Dataset, lang: str) -> pd.DataFrame:
    parks = dataset.park_names(lang)
    return pd.DataFrame({
        "id": plots["id"].tolist(),
        "name": _in_lang(plots, "name", lang).tolist(),
        "park": [parks.get(p, p) for p in plots["park_id"]],
        "area_ha": plots["area_ha"].astype(float).tolist(),
        "location": _vocab("location", plots["location_provenance"], lang),
        "provenance": _vocab("provenance", plots["provenance"], lang),
        "source": _sources(plots["source"], lang),
        "note": _text(_in_lang(plots, "note", lang)),
        "_search": _searchable(plots["id"], plots["name_zh"], plots["name_en"]),
    })


def filter_targets(targets: pd.DataFrame, state: ViewState) -> pd.DataFrame:
    """Targets have no status or township; the segment (through their node) and node filters apply."""
    segment = targets["chain_node"].map(lambda n: NODES[n].segment if n in NODES else None)
    return targets[filter_mask(targets.assign(chain_segment=segment), state, skip=("statuses", "townships"))]


def filter_plots(plots: pd.DataFrame, state: ViewState) -> pd.DataFrame:
    """Plots belong to the park platform (segment "platform", node "park"), report no township and
    have no status."""
    as_records = plots.assign(chain_segment="platform", chain_node="park", township_code=None)
    return plots[filter_mask(as_records, state, skip=("statuses",))]
