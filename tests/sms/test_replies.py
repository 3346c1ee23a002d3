"""Reading a reply forgivingly, and questions that fit in as few text segments as the language allows."""
import pytest
from flask_babel import force_locale

from feedback_app.i18n import LANGUAGES
from feedback_app.questionnaire import get_survey
from feedback_app.sms.replies import read_reply, tidy
from feedback_app.sms.texts import GSM_BASIC, GSM_EXTENDED, segment_count
from tests.conftest import make_test_app


@pytest.fixture(scope="module")
def survey():
    app = make_test_app("sqlite://")
    with app.app_context():
        yield get_survey("msp-experience")


@pytest.fixture
def in_app():
    app = make_test_app("sqlite://")
    with app.test_request_context():
        yield


@pytest.mark.parametrize("body, key", [
    ("1", "yes"), (" 1. ", "yes"), ("1 yes", "yes"), ("Yes", "yes"), ("YES!", "yes"), ("y", "yes"),
    ("2", "a_bit"), ("a bit", "a_bit"), ("A Bit.", "a_bit"), ("3", "no"), ("no", "no"), ("Nope", "no"),
    ("9", "prefer_not_say"), ("I'd rather not say", "prefer_not_say"),
    ("ydw", "yes"), ("Do", "yes"), ("naddo", "no"),           # Welsh
    ("tak", "yes"), ("Nie", "no"),                           # Polish
    ("ہاں", "yes"), ("نہیں", "no"), ("۱", "yes"), ("۳", "no"),  # Urdu words and Eastern Arabic digits
    ("نعم", "yes"), ("لا", "no"), ("١", "yes"), ("٢", "a_bit"),  # Arabic words and Arabic-Indic digits
])
def test_replies_in_many_forms_mean_the_same_answer(in_app, survey, body, key):
    meant = read_reply(body, survey.question("listened"), "en")
    assert (meant.kind, meant.choice_key) == ("answer", key)


@pytest.mark.parametrize("body, kind", [
    ("0", "skip"), ("skip", "skip"), ("SKIP.", "skip"), ("sgipio", "skip"), ("pomiń", "skip"), ("تخطي", "skip"),
    ("later", "later"), ("Not now", "later"), ("wedyn", "later"), ("później", "later"), ("بعد میں", "later"),
    ("STOP", "stop"), ("Stop.", "stop"), ("unsubscribe", "stop"), ("start", "start"), ("HELP", "help"),
    ("Delete", "delete"), ("DILEU", "delete"), ("usuń", "delete"), ("حذف", "delete"), ("مٹا دیں", "delete"),
    ("banana", "unclear"), ("7", "unclear"), ("", "unclear"), ("yes please but no", "unclear"),
])
def test_skip_later_keywords_and_anything_unclear(in_app, survey, body, kind):
    assert read_reply(body, survey.question("listened"), "en").kind == kind


def test_the_options_words_are_read_in_the_persons_language(in_app, survey):
    question = survey.question("who")
    with force_locale("cy"):
        label = question.choice("adult_with_help").label_translated()
    assert read_reply(label, question, "cy").choice_key == "adult_with_help"
    assert read_reply("Me, with help from someone", question, "cy").choice_key == "adult_with_help"


def test_free_text_is_taken_as_the_words(in_app, survey):
    question = survey.question("own_words")
    meant = read_reply("  The worker was kind.  ", question, "en")
    assert (meant.kind, meant.free_text) == ("answer", "The worker was kind.")
    assert read_reply("0", question, "en").kind == "skip"
    assert read_reply("STOP", question, "en").kind == "stop"


def test_tidy_folds_case_space_digits_and_edge_punctuation():
    assert tidy("  YES!!  ") == "yes" and tidy("۲۔") == "2" and tidy("٣") == "3" and tidy("a   bit") == "a bit"


def _is_gsm(text: str) -> bool:
    return all(ch in GSM_BASIC or ch in GSM_EXTENDED for ch in text)


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_question_by_text_fits_its_budget(in_app, survey, language):
    """One segment where the text can go in the GSM alphabet; three at most where it cannot."""
    over = []
    with force_locale(language):
        for question in survey.questions:
            for representative in (False, True):
                text = question.sms_translated(representative)
                budget = 1 if _is_gsm(text) else 3
                if segment_count(text) > budget:
                    over.append((question.key, representative, segment_count(text), budget))
    assert over == []
