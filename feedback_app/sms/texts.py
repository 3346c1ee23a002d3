"""The texts the dispatcher sends: an invitation and one reminder.

They are discreet, because someone else may see the phone's lock screen: no word about abuse,
harm or safeguarding, and the council is named only where the person said that is safe. Each
text fits in two SMS segments, so that it arrives as one message on every phone; when naming the
council would make it longer, the text leaves the name out rather than split.
"""
from __future__ import annotations

from flask_babel import force_locale, gettext

from ..i18n import LANGUAGES

MAX_SEGMENTS = 2

# The GSM 03.38 alphabet: a text written only in these is sent 160 characters to a segment
# (153 when split). Any other character sends the whole text as UCS-2, 70 (67) to a segment.
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€\f")


def segment_count(text: str) -> int:
    """How many SMS segments ``text`` is sent as."""
    if all(ch in GSM_BASIC or ch in GSM_EXTENDED for ch in text):
        length = sum(2 if ch in GSM_EXTENDED else 1 for ch in text)
        single, part = 160, 153
    else:
        # Characters outside the Basic Multilingual Plane take two UCS-2 units.
        length = sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)
        single, part = 70, 67
    return 1 if length <= single else -(-length // part)


def survey_link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/s/{token}"


def _language(code: str | None) -> str:
    return code if code in LANGUAGES else "en"


def _invitation_named(council: str, link: str) -> str:
    return gettext("Hello. %(council)s would like to know what you think about the help you had "
                   "recently. Answer a few short questions here: %(link)s Reply STOP to stop these messages.",
                   council=council, link=link)


def _invitation_unnamed(link: str) -> str:
    return gettext("Hello. We would like to know what you think about the help you had recently. "
                   "Answer a few short questions here: %(link)s Reply STOP to stop these messages.",
                   link=link)


def _reminder_named(council: str, link: str) -> str:
    return gettext("Hello again. %(council)s would still like to hear what you think. "
                   "Answer a few short questions here: %(link)s Reply STOP to stop these messages.",
                   council=council, link=link)


def _reminder_unnamed(link: str) -> str:
    return gettext("Hello again. We would still like to hear what you think. "
                   "Answer a few short questions here: %(link)s Reply STOP to stop these messages.",
                   link=link)


def _render(named, unnamed, language: str | None, council_name: str | None, link: str) -> str:
    with force_locale(_language(language)):
        if council_name:
            text = named(council_name, link)
            if segment_count(text) <= MAX_SEGMENTS:
                return text
        return unnamed(link)


def invitation_text(language: str | None, link: str, council_name: str | None = None) -> str:
    """The first text. Pass ``council_name`` only when the contact point allows naming it."""
    return _render(_invitation_named, _invitation_unnamed, language, council_name, link)


def reminder_text(language: str | None, link: str, council_name: str | None = None) -> str:
    """The one reminder, with a new link (the first link stops working when it is sent)."""
    return _render(_reminder_named, _reminder_unnamed, language, council_name, link)
