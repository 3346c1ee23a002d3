"""Redaction: identifying details never survive it, and nothing else is touched."""
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback_app.comments.redaction import (
    ADDRESS, EMAIL, KINDS, NAME, OTHER, PHONE, POSTCODE, REFERENCE, Redacted, kinds_in, marker, only_removes,
    redact, render, split_markers,
)
from feedback_app.comments.redaction_names import is_listed_name
from tests.comments.redaction_scoring import removed_runs

LETTERS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "âêîôûŵŷäëïöüáéíóúàèìòùÂÊÎÔÛŴŶ"  # Welsh
    "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"  # Polish
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"  # Arabic
    "ٹڈڑںہےپچژگکی"  # Urdu
)
# Nothing here can make a phone number, an email, a postcode, an address or a reference.
SAFE = LETTERS + " \n,.;:!?'’\"()"
SEPARATORS = [" ", "\n", ", ", ": ", " (", ") ", ". ", " - "]
DIGITS = re.compile(r"[0-9٠-٩۰-۹]")

safe_text = st.text(alphabet=SAFE, max_size=60)
separator = st.sampled_from(SEPARATORS)
# Per test rather than a profile, so that other modules' Hypothesis settings stay as they are.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _digits(n):
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


def _grouped(draw, digits):
    """Digits split into groups with a separator between some of them, as people write them."""
    out = []
    for index, digit in enumerate(digits):
        if index and draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from([" ", "-", ".", " ", "  "])))
        out.append(digit)
    return "".join(out)


@st.composite
def uk_phone_numbers(draw):
    significant = draw(st.sampled_from("12378")) + draw(_digits(draw(st.sampled_from([8, 9]))))
    style = draw(st.sampled_from(["national", "plus", "plus-zero", "double-zero", "brackets"]))
    if style == "national":
        return _grouped(draw, "0" + significant)
    if style == "brackets":
        return f"(0{significant[:3]}) {_grouped(draw, significant[3:])}"
    prefix = {"plus": "+44", "plus-zero": "+44 (0)", "double-zero": "0044"}[style]
    return prefix + draw(st.sampled_from(["", " "])) + _grouped(draw, significant)


@st.composite
def emails(draw):
    word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
    extra = draw(st.lists(st.tuples(st.sampled_from("._+-"), word), max_size=2))
    local = draw(word) + "".join(sep + part for sep, part in extra)
    labels = draw(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8),
                           min_size=1, max_size=3))
    tld = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=6))
    address = f"{local}@{'.'.join(labels)}.{tld}"
    return address.upper() if draw(st.booleans()) and draw(st.booleans()) else address


@st.composite
def postcodes(draw):
    letters = st.text(alphabet="ABCDEFGHIJKLMNOPRSTUWYZ", min_size=1, max_size=2)
    outward = draw(letters) + draw(_digits(1)) + draw(st.sampled_from(["", "A", "7", "W"]))
    inward = draw(_digits(1)) + draw(st.text(alphabet="ABDEFGHJLNPQRSTUWXYZ", min_size=2, max_size=2))
    code = outward + draw(st.sampled_from([" ", "", " "])) + inward
    return code.lower() if draw(st.booleans()) else code


_YEARS = re.compile(r"(?:19|20)[0-9]{2}(?:[-/](?:(?:19|20)[0-9]{2}|[0-9]{2}))?")


@st.composite
def case_references(draw):
    parts = draw(st.lists(
        st.one_of(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef", min_size=1, max_size=4),
                  st.text(alphabet="0123456789", min_size=1, max_size=7)),
        min_size=1, max_size=4))
    separators = [draw(st.sampled_from("-/_")) for _ in parts[1:]]
    reference = parts[0] + "".join(sep + part for sep, part in zip(separators, parts[1:]))
    digits = sum(ch.isdigit() for ch in reference)
    # Years (2019, 2025-26) are left as written by design; anything else with 4 digits goes.
    if digits < 4 or _YEARS.fullmatch(reference):
        reference = draw(st.sampled_from(["SG-", "ASC/", "", "ref_"])) + draw(_digits(5)) + reference
    return reference


def _embedded(draw, value):
    return draw(safe_text) + draw(separator) + value + draw(separator) + draw(safe_text)


@relaxed
@given(st.data(), uk_phone_numbers())
def test_phone_numbers_never_survive(data, phone):
    text = _embedded(data.draw, phone)
    result = redact(text)
    assert not DIGITS.search(result.text), (text, result.text)
    assert PHONE in result.kinds


@relaxed
@given(st.data(), emails())
def test_email_addresses_never_survive(data, email):
    text = _embedded(data.draw, email)
    result = redact(text)
    assert "@" not in result.text and email not in result.text, (text, result.text)
    assert EMAIL in result.kinds


@relaxed
@given(st.data(), postcodes())
def test_postcodes_never_survive(data, postcode):
    text = _embedded(data.draw, postcode)
    result = redact(text)
    assert not DIGITS.search(result.text), (text, result.text)
    assert POSTCODE in result.kinds


@relaxed
@given(st.data(), case_references())
def test_case_references_never_survive(data, reference):
    text = _embedded(data.draw, reference)
    result = redact(text)
    assert not DIGITS.search(result.text), (text, result.text)
    # A reference that looks like a phone number may go as one; either way it is gone.
    assert set(result.kinds) & {REFERENCE, PHONE}


NAME_LETTERS = "abcdefghijklmnopqrstuvwxyzłóśąężźćńâêŵŷابتثجحخدرسشصعفقكلمنهويٹڈڑںہے"


@relaxed
@given(st.data(), st.lists(st.text(alphabet=NAME_LETTERS, min_size=3, max_size=9), min_size=1, max_size=3))
def test_names_never_survive_in_any_script_or_case(data, parts):
    from feedback_app.comments.redaction import _EVERYDAY_WORDS

    parts = [part.capitalize() for part in parts if part.casefold() not in _EVERYDAY_WORDS]
    if not parts:
        return
    name = " ".join(parts)
    mention = data.draw(st.sampled_from([name, parts[-1], parts[0].upper(), parts[0].lower(), parts[0] + "'s"]))
    text = _embedded(data.draw, mention)
    result = redact(text, names=[name])
    words = {word.lower() for word in re.findall(r"\w+", render(result.text, dict.fromkeys(KINDS, " ")))}
    assert not words & {part.lower() for part in parts}, (text, result.text)


@relaxed
@given(st.text(), st.lists(st.text(max_size=12), max_size=3), st.lists(st.text(max_size=12), max_size=2))
def test_redaction_is_idempotent(text, names, words):
    once = redact(text, names=names, extra_words=words)
    assert redact(once.text, names=names, extra_words=words) == once


@relaxed
@given(st.data(), st.lists(st.one_of(uk_phone_numbers(), emails(), postcodes(), case_references()), max_size=4))
def test_redaction_of_mixed_details_is_idempotent(data, details):
    text = data.draw(safe_text) + "".join(data.draw(separator) + detail for detail in details)
    once = redact(text, names=["Siân Evans"])
    assert redact(once.text, names=["Siân Evans"]) == once


@relaxed
@given(safe_text)
def test_text_with_nothing_identifying_is_unchanged(text):
    result = redact(text, names=["Ann Alyst"], extra_words=["Sunnyside"])
    if result == Redacted(text, ()):
        return
    # The random text happened to contain one of the names as a word, or a name from the lists
    # ("Abe", "ada"): every run taken out holds one.
    for start, end, _ in removed_runs(text, result.text):
        words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", text[start:end])
        assert any(word.casefold() in ("ann", "alyst", "sunnyside") or is_listed_name(word) for word in words), (
            text, result.text)


@pytest.mark.parametrize("text", [
    "I waited 3 weeks for the social worker, and 2 days for a call back.",
    "They came 12 times since 2019. It cost £1500 in 2025-26.",
    "Diolch yn fawr iawn. Roedd y gweithiwr yn garedig iawn ac yn gwrando arna i.",
    "Dziękuję. Pracownik był bardzo miły i słuchał mnie przez 45 minut.",
    "میری بات سنی گئی۔ شکریہ",
    "شكرا لكم، لقد استمعوا إلي جيدا.",
    "Emoji are fine 🙂 and so is punctuation — even this: [brackets].",
])
def test_ordinary_comments_are_left_alone(text):
    assert redact(text, names=["Ann Alyst"]) == Redacted(text, ())


@pytest.mark.parametrize("text, expected", [
    ("Ring me on 07700 900 123 please", "Ring me on ⟦phone⟧ please"),
    ("Ring +44 (0)20 7946 0000.", "Ring ⟦phone⟧."),
    ("My number is ٠٧٧٠٠٩٠٠١٢٣", "My number is ⟦phone⟧"),
    ("Write to jo.bloggs@example.co.uk.", "Write to ⟦email⟧."),
    ("I moved to LS6 2AB last year", "I moved to ⟦postcode⟧ last year"),
    ("She lives at Flat 2, 14 Oak Tree Road now", "She lives at ⟦address⟧ now"),
    ("at 7a church lane, Leeds", "at ⟦address⟧, Leeds"),
    ("Case SG-2025-00123 and ASC/12345", "Case ⟦reference⟧ and ⟦reference⟧"),
])
def test_examples_of_each_kind(text, expected):
    assert redact(text).text == expected


def test_names_are_removed_whole_by_part_and_with_possessives():
    names = ["Sarah Jones", "Mo Khan", "Will Grace"]
    text = "Sarah Jones helped. sarah's calls and Jones’ letters. Mo Khan and Khan came. Mo came too."
    # "Mo came" reads as a name to the lists of names; a part this short is not enough alone.
    assert redact(text, names=names).text == (
        "⟦name⟧ helped. ⟦name⟧ calls and ⟦name⟧ letters. ⟦name⟧ and ⟦name⟧ came. ⟦name⟧ came too.")
    assert redact("It was mo that helped.", names=names).text == "It was mo that helped."


def test_name_parts_that_are_everyday_words_go_only_with_a_capital():
    result = redact("I hope Will will call. Grace was kind, by the grace of god.", names=["Will Grace"])
    assert result.text == "I hope ⟦name⟧ will call. ⟦name⟧ was kind, by the grace of god."


def test_a_full_name_goes_in_any_case():
    assert redact("will grace came", names=["Will Grace"]).text == "⟦name⟧ came"


def test_welsh_urdu_arabic_and_polish_names():
    names = ["Siân Llŷr", "عائشة خان", "Łukasz Wójcik"]
    text = "Siân a Llŷr. عائشة ساعدتني. Łukasza? No, Łukasz i WÓJCIK."
    assert redact(text, names=names).text == "⟦name⟧ a ⟦name⟧. ⟦name⟧ ساعدتني. Łukasza? No, ⟦name⟧ i ⟦name⟧."


def test_extra_words_are_removed_as_whole_words_and_phrases():
    result = redact("Sunnyside care home was good; sunnyside again. Sunnysides no.",
                    extra_words=["Sunnyside Care Home", "Sunnyside"])
    assert result == Redacted("⟦other⟧ was good; ⟦other⟧ again. Sunnysides no.", (OTHER,))


def test_kinds_follow_the_markers_in_the_text():
    result = redact("Sam at 3 Elm Grove on 07700900123", names=["Sam Smith"])
    assert result.kinds == (NAME, PHONE, ADDRESS)
    assert kinds_in(result.text) == result.kinds


def test_markers_render_as_labels_in_any_language():
    text = f"{marker(NAME)} rang {marker(PHONE)}"
    assert render(text, {NAME: "[enw wedi’i dynnu]", PHONE: "[rhif ffôn wedi’i dynnu]"}) == (
        "[enw wedi’i dynnu] rang [rhif ffôn wedi’i dynnu]")
    assert split_markers(text) == [("⟦name⟧", NAME), (" rang ", None), ("⟦phone⟧", PHONE)]


def test_a_staff_member_called_like_a_marker_does_not_break_markers():
    result = redact("Phone Name helped me on 07700900123", names=["Phone Name"])
    assert result.text == "⟦name⟧ helped me on ⟦phone⟧"


@pytest.mark.parametrize("before, after, allowed", [
    ("Bob said hello, thanks.", "⟦other⟧ said hello, thanks.", True),
    ("Bob said hello, thanks.", "⟦other⟧ said hello thanks", True),
    ("Bob said hello, thanks.", "Bob said ⟦other⟧", True),
    ("Bob said hello, thanks.", "⟦other⟧", True),
    ("Bob said hello, thanks.", "Bob  said\nhello, thanks.", True),
    ("Bob said hello, thanks.", "Bob said hello, thanks!", False),
    ("Bob said hello, thanks.", "Bob said goodbye, thanks.", False),
    ("Bob said hello, thanks.", "Bob said hello", False),
    ("Bob said hello, thanks.", "said Bob hello, thanks.", False),
    ("Bob said hello, thanks.", "Bob did not say hello, thanks.", False),
    ("Bob said hello, thanks.", "bob said hello, thanks.", False),
    ("⟦name⟧ said hi", "⟦other⟧ hi", True),
    ("⟦name⟧ said hi", "said hi", False),
    ("x a a", "⟦other⟧ a", True),
])
def test_an_edit_may_only_take_words_out(before, after, allowed):
    assert only_removes(before, after) is allowed


@relaxed
@given(st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=6), min_size=1, max_size=15), st.data())
def test_replacing_words_with_markers_is_always_allowed(words, data):
    before = " ".join(words)
    chosen = data.draw(st.sets(st.integers(0, len(words) - 1)))
    after = " ".join(marker(OTHER) if i in chosen else word for i, word in enumerate(words))
    assert only_removes(before, after)


@relaxed
@given(st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=6), min_size=1, max_size=15),
       st.text(alphabet="0123456789", min_size=1, max_size=3), st.data())
def test_adding_a_word_is_never_allowed(words, new_word, data):
    position = data.draw(st.integers(0, len(words)))
    edited = words[:position] + [new_word] + words[position:]
    assert not only_removes(" ".join(words), " ".join(edited))
