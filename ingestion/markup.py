"""The Markdown that chunk text is written in: headings, list items and table rows.

Loaders write every format as this Markdown; the chunker keeps its lists and tables whole, the
retriever finds lists cut between chunks, and the answer engine quotes items and rows. All three
read it with these patterns, so they agree on what a list item or a heading is.
"""

from __future__ import annotations

import re

#: "## 3. LIFE": the marker of a heading line
HEADING_RE = re.compile(r"^#{1,6}\s+")
#: "- item", "3. step", "    * nested": group 1 is the indentation, group 2 a numbered item's number
LIST_ITEM_RE = re.compile(r"^(\s*)(?:[-*+•]|(\d{1,3})[.)])\s+")
#: "|---|:--|": the line under a table's header row
TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}")
#: an item indented by more than this is nested under the item above it
MAX_ITEM_INDENT = 3
