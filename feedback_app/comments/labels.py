"""What readers see in place of a redaction marker, and the names of review decisions.

The stored text holds markers (see ``redaction``); these labels replace them when a comment is
shown or downloaded, in the reader's language. An analyst taking more words out types a label,
in their language or in English, and ``to_markers`` turns it back into a marker.
"""
from __future__ import annotations

import re

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from ..i18n import current_language, text_direction
from ..models import CommentStatus
from . import redaction

PLACEHOLDER_LABELS = {
    redaction.NAME: _l("[name removed]"),
    redaction.PHONE: _l("[phone number removed]"),
    redaction.EMAIL: _l("[email removed]"),
    redaction.POSTCODE: _l("[postcode removed]"),
    redaction.ADDRESS: _l("[address removed]"),
    redaction.REFERENCE: _l("[reference removed]"),
    redaction.OTHER: _l("[removed]"),
}

STATUS_LABELS = {
    CommentStatus.PENDING: _l("Not reviewed"),
    CommentStatus.APPROVED: _l("Approved as a quote"),
    CommentStatus.NOT_APPROVED: _l("Not approved"),
}
STATUS_CLASSES = {
    CommentStatus.PENDING: "govuk-tag--grey",
    CommentStatus.APPROVED: "govuk-tag--green",
    CommentStatus.NOT_APPROVED: "govuk-tag--orange",
}
DECISION_LABELS = {
    CommentStatus.APPROVED.value: _l("Approve as a quote"),
    CommentStatus.NOT_APPROVED.value: _l("Do not approve"),
    CommentStatus.PENDING.value: _l("Leave it to decide later"),
}


def placeholder_labels() -> dict[str, str]:
    """Each kind's label in the current language."""
    return {kind: str(label) for kind, label in PLACEHOLDER_LABELS.items()}


def _english_labels() -> dict[str, str]:
    with force_locale("en"):
        return placeholder_labels()


def render_text(text: str) -> str:
    """Plain text with labels in the current language: for downloads and the edit box."""
    return redaction.render(text, placeholder_labels())


def to_markers(text: str) -> str:
    """Text an analyst edited, with every label they typed (in their language or in English,
    in any case and spacing) turned back into a marker."""
    alternatives = []
    for labels in (placeholder_labels(), _english_labels()):
        for kind, label in labels.items():
            inner = label.strip().strip("[]").split()
            if inner:
                alternatives.append((kind, r"\[\s*" + r"\s+".join(map(re.escape, inner)) + r"\s*\]"))
    alternatives.sort(key=lambda pair: -len(pair[1]))
    pattern = re.compile("|".join(f"(?P<k{i}>{regex})" for i, (_, regex) in enumerate(alternatives)),
                         re.IGNORECASE)

    def replace(match: re.Match) -> str:
        index = int(match.lastgroup[1:])
        return redaction.marker(alternatives[index][0])

    return pattern.sub(replace, text)


def comment_html(text: str, language: str | None, limit: int | None = None) -> Markup:
    """The comment as HTML: the person's words marked with their language, the labels with
    the reader's, line breaks kept. ``limit`` shortens it to about that many characters."""
    reader = current_language()
    labels = placeholder_labels()
    parts: list[str] = []
    shown = 0
    for piece, kind in redaction.split_markers(text):
        if limit is not None and shown >= limit:
            parts.append("…")
            break
        if kind is None:
            if limit is not None and shown + len(piece) > limit:
                piece = piece[:max(0, limit - shown)].rstrip() + "…"
                shown = limit
            else:
                shown += len(piece)
            parts.append(str(escape(piece)).replace("\n", "<br>"))
            continue
        shown += 1
        label = escape(labels[kind])
        if language and language != reader:
            parts.append(f'<span class="govuk-!-font-weight-bold" lang="{reader}" dir="{text_direction(reader)}">'
                         f"{label}</span>")
        else:
            parts.append(f'<span class="govuk-!-font-weight-bold">{label}</span>')
    return Markup("".join(parts))
