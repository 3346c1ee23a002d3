"""Presidio's analyser with the recognisers redaction uses, built once and only when first needed.

Presidio (``presidio-analyzer``) brings maintained recognisers: phone numbers through
``phonenumbers``, emails, UK NHS numbers (with their check digit), National Insurance numbers,
postcodes, passports, driving licences, payment cards, bank accounts (IBAN), IP addresses and web
addresses. The service adds its own patterns (``redaction_rules``) and a recogniser for people's
names from the lists kept in the repository (``redaction_names``).

Nothing is downloaded, ever. Presidio's usual language engine wants a spaCy model fetched from
the internet; the recognisers used here need no tokens, lemmas or entities from one, so the
analyser runs with Presidio's ``NoOpNlpEngine``, which loads nothing. Presidio's email
recogniser checks the ending of an address with ``tldextract``, whose default fetches the
Public Suffix List on first use; here it reads only the copy bundled with the package.

Presidio speaks English first: every text is analysed as English, and its patterns apply to a
comment in any language, as the service's own do.
"""
from __future__ import annotations

import threading

import tldextract
from presidio_analyzer import AnalyzerEngine, LocalRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NoOpNlpEngine
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer, EmailRecognizer, IbanRecognizer, IpRecognizer, NhsRecognizer, PhoneRecognizer,
    UkDrivingLicenceRecognizer, UkNinoRecognizer, UkPassportRecognizer, UkPostcodeRecognizer, UrlRecognizer,
)

from . import redaction_names
from .redaction_rules import RULES, Rule
from .redaction_text import EMAIL, NAME, OTHER, PHONE, POSTCODE, REFERENCE

LANGUAGE = "en"
PERSON = "PERSON"

# What each of Presidio's entities becomes. A web address is taken out as "other": one may name
# a person (a profile, a fundraising page), and the reader needs no more than that one was there.
ENTITY_KINDS = {
    "EMAIL_ADDRESS": EMAIL, "PHONE_NUMBER": PHONE, "UK_POSTCODE": POSTCODE, "UK_NHS": REFERENCE,
    "UK_NINO": REFERENCE, "UK_PASSPORT": REFERENCE, "UK_DRIVING_LICENCE": REFERENCE, "CREDIT_CARD": REFERENCE,
    "IBAN_CODE": REFERENCE, "IP_ADDRESS": REFERENCE, "URL": OTHER, PERSON: NAME,
    **{rule.entity: rule.kind for rule in RULES},
}


def suffix_list() -> tldextract.TLDExtract:
    """The Public Suffix List as bundled with tldextract: no address to fetch it from, no cache on disk."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


_SUFFIXES = suffix_list()


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's email recogniser, checking endings against the bundled suffix list only.

    A known ending raises the score; an unknown one still counts (a made-up or new ending is no
    reason to leave an address in a comment).
    """

    def validate_result(self, pattern_text: str) -> bool | None:
        return True if _SUFFIXES(pattern_text.rsplit("@", 1)[-1]).fqdn else None


class RuleRecognizer(LocalRecognizer):
    """One of the service's own patterns (``redaction_rules.Rule``) as a Presidio recogniser."""

    SCORE = 0.6

    def __init__(self, rule: Rule):
        self.rule = rule
        super().__init__(supported_entities=[rule.entity], name=rule.entity.title().replace("_", ""),
                         supported_language=LANGUAGE)

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities, nlp_artifacts=None) -> list[RecognizerResult]:
        results = []
        for match in self.rule.pattern.finditer(text):
            start, end = match.span(self.rule.group)
            if start < end and (self.rule.accept is None or self.rule.accept(text, match)):
                results.append(RecognizerResult(self.rule.entity, start, end, self.SCORE))
        return results


class NamesRecognizer(LocalRecognizer):
    """People's names from the lists in ``name_lists/``, weighed by what stands around them."""

    SCORE = 0.6

    def __init__(self):
        super().__init__(supported_entities=[PERSON], name="NamesListRecognizer", supported_language=LANGUAGE)

    def load(self) -> None:
        redaction_names.lexicon()

    def analyze(self, text: str, entities, nlp_artifacts=None) -> list[RecognizerResult]:
        return [RecognizerResult(PERSON, start, end, self.SCORE) for start, end in redaction_names.find(text)]


def _recognisers() -> list:
    return [
        OfflineEmailRecognizer(),
        # Numbers written for the UK, and international ones that start with + or 00.
        PhoneRecognizer(supported_regions=("GB",)),
        NhsRecognizer(), UkNinoRecognizer(), UkPostcodeRecognizer(), UkPassportRecognizer(),
        UkDrivingLicenceRecognizer(), CreditCardRecognizer(), IbanRecognizer(), IpRecognizer(), UrlRecognizer(),
        *(RuleRecognizer(rule) for rule in RULES),
        NamesRecognizer(),
    ]


def build() -> AnalyzerEngine:
    registry = RecognizerRegistry(recognizers=_recognisers(), supported_languages=[LANGUAGE])
    engine = AnalyzerEngine(registry=registry, supported_languages=[LANGUAGE],
                            nlp_engine=NoOpNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": "none"}]))
    for recogniser in registry.recognizers:
        recogniser.load()
        recogniser.is_loaded = True
    return engine


_engine: AnalyzerEngine | None = None
_lock = threading.Lock()


def analyser() -> AnalyzerEngine:
    """The one analyser of this process, built on first use (about a second with the imports)."""
    global _engine
    if _engine is None:
        with _lock:
            if _engine is None:
                _engine = build()
    return _engine


def _keep(entity: str, found: str) -> bool:
    if entity == "URL":
        # Only an address with a path can lead to a person ("facebook.com/jo.bloggs"); a bare
        # site ("gov.uk") cannot, and "fine.Now" with a space left out is no address at all.
        return bool(found.split("://", 1)[-1].partition("/")[2].strip("/"))
    if entity == "IP_ADDRESS":
        return "." in found or found.count(":") >= 3  # "3::" is not an address
    return True


def find(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every detail the analyser finds in ``text``; they may overlap."""
    if not text.strip():
        return []
    found = []
    for result in analyser().analyze(text=text, language=LANGUAGE, score_threshold=0):
        start, end = result.start, result.end
        if result.entity_type == "URL":
            end = start + len(text[start:end].rstrip(".,;:!?"))  # the sentence's full stop is not the address's
        if result.entity_type in ENTITY_KINDS and _keep(result.entity_type, text[start:end]):
            found.append((start, end, ENTITY_KINDS[result.entity_type]))
    return found
