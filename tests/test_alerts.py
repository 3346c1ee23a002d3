import pytest

from feedback_app.alerts import DEFAULT_PHRASES, find_flagged_phrase, phrases_for, raise_alert
from feedback_app.models import Alert, AlertKind, AlertStatus, AuditEvent

from .factories import create_organisation

PHRASES = phrases_for(None)


@pytest.mark.parametrize("text, expected", [
    ("He still HITS ME when nobody is here", "hits me"),
    ("I am   scared of\nhim", "scared"),
    ("Mae gen i ofn", "ofn"),
    ("میں محفوظ نہیں ہوں", "محفوظ نہیں"),
])
def test_phrases_are_found_as_whole_words_in_any_language(text, expected):
    assert find_flagged_phrase(text, PHRASES) == expected


@pytest.mark.parametrize("text", ["Everyone was kind", "", None, "scaredy-cat"[0:0], "the abuser-free zone"])
def test_ordinary_text_raises_nothing(text):
    assert find_flagged_phrase(text, PHRASES) is None


def test_a_council_can_use_its_own_list():
    settings = {"alert_phrases": {"en": ["bruise"], "pl": ["boję się"]}}
    assert find_flagged_phrase("Boję się go", phrases_for(settings)) == "boję się"
    assert find_flagged_phrase("I am scared", phrases_for(settings)) is None
    assert set(DEFAULT_PHRASES) >= {"en", "cy", "ur"}


def test_raising_an_alert_is_audited_in_the_same_transaction(session):
    council = create_organisation(session)
    alert = raise_alert(session, organisation_id=council.id, kind=AlertKind.SAFETY_REQUEST, question_key="contact_me")
    session.commit()
    assert session.get(Alert, alert.id).status == AlertStatus.OPEN
    assert session.query(AuditEvent).filter_by(action="alert_raised", target_id=alert.id).count() == 1
