"""The person's pages without the templates' indentation: on a cheap phone over a slow
connection every byte counts, and the spaces that start a line in HTML are never seen.

Only the spaces and tabs after a line break go (and blank lines), never the line break itself,
so words and inline elements stay apart exactly as before. Text whose spacing is shown as it is
(a ``textarea`` holding what the person typed, a ``pre``) is left alone.
"""
from __future__ import annotations

import re

_KEEP = re.compile(r"(<textarea\b.*?</textarea>|<pre\b.*?</pre>)", re.IGNORECASE | re.DOTALL)
_INDENT = re.compile(r"[ \t\r]*\n[ \t\r\n]*")


def compact_html(html: str) -> str:
    parts = _KEEP.split(html)
    # Odd parts are the kept elements, as re.split returns the separators it captured.
    return "".join(part if index % 2 else _INDENT.sub("\n", part) for index, part in enumerate(parts))


def compact_response(response):
    """Compact an HTML response in place, once it is whole (not streamed, not a file)."""
    if response.mimetype == "text/html" and not response.direct_passthrough and not response.is_streamed:
        response.set_data(compact_html(response.get_data(as_text=True)))
    return response
