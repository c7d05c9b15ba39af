"""Names vulture cannot see being used (``[tool.vulture]`` in pyproject.toml reads this file; nothing runs it).

Each line "uses" one name the way vulture counts use: by naming it. Say why next to it. Dead code is
deleted, not listed here.
"""

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.worksheet import Worksheet

from geo.map import assets, build, publish
from geo.model import InvestmentTarget, ParkPlot, Record
from geo.store.base import LogEntry
from ui import data

# pydantic: model_config (every model's, geo.meeting.tours' too) is read by pydantic itself; these
# fields are columns of the CSV files and the store's tables, reached through model_dump() /
# model_fields (the lists, the editor, the export), never as attributes.
Record.model_config
Record.credit_code
Record.township_code
Record.operator_zh
Record.operator_en
Record.production_lines
Record.investment_cny
Record.start_year
Record.settled_year
Record.note_zh
Record.note_en
InvestmentTarget.target_name_zh
InvestmentTarget.target_name_en
InvestmentTarget.target_type
InvestmentTarget.contact_status
InvestmentTarget.owner_department
ParkPlot.area_ha
ParkPlot.area_provenance

# openpyxl: assigning these properties styles the exported and template workbooks.
Cell.font
Cell.fill
Cell.alignment
Worksheet.freeze_panes
Worksheet.sheet_state
AutoFilter.ref

# html.parser.HTMLParser calls these overrides while it parses a page (find_remote_links).
assets._LinkParser.handle_starttag
assets._LinkParser.handle_endtag
assets._LinkParser.handle_data

# The layers' Jinja template reads it: {{ this.js_function }}(payload, map).
build._PayloadLayer.js_function

# The log row's own number (qcm_edit_log.fid), part of the Store interface's log rows; the store fills
# it positionally, LogEntry(*row), and the history page does not show it.
LogEntry.seq

# st.cache_resource keys: the functions never read these arguments; Streamlit hashes them so that a
# new store file or a new dataset misses the cache.
data._load.store_file
data._load_tours.dataset_id
# functools.lru_cache key: the scripts' modification times, so that an edited script is bundled anew.
publish._published.stamps

# A Record field read as a column of the records frame (lists, card, exports), never as an attribute.
Record.energy_mwh

# openpyxl and python-pptx objects: attributes set for their effect on the file written
# (geo/lists/printing.py page setup and margins, geo/meeting/slides.py slide size, text frames, theme).
_ = object()
_._blob
_.first_row
_.fitToHeight
_.fitToPage
_.fitToWidth
_.gridLines
_.language
_.margin_bottom
_.margin_left
_.margin_right
_.margin_top
_.orientation
_.paperSize
_.print_title_rows
_.rgb
_.slide_height
_.slide_width
_.space_after
_.subject
_.vertical_anchor
_.word_wrap
# Evidence kept on results for whoever reads them (the tests, tools): the detection's own verdict and
# the per-system counts and distances behind a match signal's message.
_.decisive
_.match_median_m
_.match_within
# The one-row form of skipped_rows, for tools and tests that judge a single row.
_.decoration
# bench/load.py fills the browser's ClientState protobuf (read by the Streamlit server, not by Python).
_.query_string
_.timezone
_.timezone_offset
_.locale
