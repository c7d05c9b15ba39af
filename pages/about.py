"""Sources, licences and what "illustrative" means."""

import streamlit as st

from geo.data.dataset import SOURCE_FIELDS, source_ids_text, sources_in
from geo.i18n import t
from ui.data import dataset
from ui.layout import sources_table_html
from ui.router import ensure_router
from ui.view import view

ensure_router()

data = dataset()
lang = view().lang

st.title(t("about.title", lang))
st.write(t("about.provenance", lang))
meta = data.meta
st.caption(t("about.data_as_of", lang, facts=meta["facts_as_of"], assets=meta["energy_assets_as_of"],
             compiled=meta["compiled"]))
st.subheader(t("about.sources", lang))
sources = sources_in(data.sources, lang)
sources["id"] = sources["id"].map(lambda value: source_ids_text(value, lang))  # ILLUSTRATIVE: 示意位置
# A table that wraps, not a grid that scrolls sideways: every column readable at 1280 px; a link shows
# its site and opens the page (ui/layout.py escapes every cell).
st.html(sources_table_html(sources, {c: t(f"about.col.{c}", lang) for c in SOURCE_FIELDS}))
st.caption(t("footer.credits", lang))
st.subheader(t("about.rules", lang))
st.warning(t("about.rules_text", lang), icon=":material/gavel:")
st.caption(t("about.licences_text", lang))
