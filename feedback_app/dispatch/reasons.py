"""Why an invitation was not sent, in words a practitioner can act on.

``Invitation.last_error`` holds a stable key, optionally followed by ": " and the provider's own
detail (for example "invalid_number: Twilio error 21211: ..."), so the words can be translated
and reworded without touching stored records.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

REASONS = {
    "no_consent": _l("The person has not agreed to be contacted, or no longer agrees."),
    "capacity": _l("The adult lacks capacity to decide about being asked, so they are never contacted "
                   "directly: ask their representative, or arrange an assisted visit."),
    "screening": _l("A reason not to contact the person has not been resolved."),
    "no_safe_contact": _l("There is no phone number checked as safe and private for texts."),
    "no_safe_address": _l("There is no postal address checked as safe and private for letters."),
    "no_allowed_time": _l("The person's safe times to text never fall outside the council's quiet hours."),
    "invalid_number": _l("The phone number cannot receive texts, or the person has opted out with the provider."),
    "provider_rejected": _l("The text message service refused the text."),
    "provider_unavailable": _l("The text message service could not be reached after several tries."),
    "outcome_unknown": _l("Sending stopped part way, so the text may not have arrived. Check before sending again."),
    "error": _l("Something went wrong while sending the text."),
    "undelivered": _l("The text was sent but did not reach the phone. It may be switched off or out of signal, "
                      "or the number may no longer be in use."),
    "opted_out": _l("The person replied STOP to our texts, so the text message service will not deliver more."),
}


def failure(reason: str, detail: str | None = None) -> str:
    """The value stored in ``last_error``."""
    return f"{reason}: {detail}" if detail else reason


def split_failure(last_error: str | None) -> tuple[str | None, str | None]:
    if not last_error:
        return None, None
    reason, _, detail = last_error.partition(": ")
    return reason, detail or None


def describe_failure(last_error: str | None) -> str | None:
    """The reason in the reader's language, with the provider's detail after it."""
    reason, detail = split_failure(last_error)
    if reason is None:
        return None
    label = REASONS.get(reason)
    if label is None:
        return last_error
    return f"{label} ({detail})" if detail else str(label)
