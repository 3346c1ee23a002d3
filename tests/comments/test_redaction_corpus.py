"""Redaction measured on a corpus of comments (``redaction_corpus.yaml``), and run without a network.

``bench/redaction.py`` prints the same figures by kind, with the time per comment.
"""
import socket

import pytest
import tldextract
from presidio_analyzer.nlp_engine import NoOpNlpEngine

from feedback_app.comments import redaction_analyser
from feedback_app.comments.redaction import redact
from tests.comments.redaction_scoring import CATEGORY_KINDS, load, score

RECALL_FLOOR = 0.95  # overall: a detail counts only when every character of it is gone
CATEGORY_RECALL_FLOOR = 0.9  # each category on its own
PRECISION_FLOOR = 0.9  # of the runs taken out, the share that touch an identifying detail


@pytest.fixture(scope="module")
def corpus():
    return load()


@pytest.fixture(scope="module")
def measured(corpus):
    return score(corpus)


def test_the_corpus_is_large_enough_and_covers_every_category(corpus):
    assert len([entry for entry in corpus if entry.details]) >= 100
    assert len([entry for entry in corpus if not entry.details]) >= 30
    assert {detail.category for entry in corpus for detail in entry.details} == set(CATEGORY_KINDS)


def test_recall_over_the_corpus(measured):
    assert measured.recall() >= RECALL_FLOOR, measured.misses


@pytest.mark.parametrize("category", sorted(CATEGORY_KINDS))
def test_recall_of_each_category(measured, category):
    assert measured.recall(category) >= CATEGORY_RECALL_FLOOR, [m for m in measured.misses if m[1] == category]


def test_precision_over_the_corpus(measured):
    assert measured.precision() >= PRECISION_FLOOR, measured.false_alarms


def test_each_detail_caught_gets_the_marker_of_its_kind(measured):
    assert measured.right_kind == measured.caught


def test_redacting_the_corpus_twice_changes_nothing(corpus):
    for entry in corpus:
        once = redact(entry.text, names=entry.staff, extra_words=entry.extra_words)
        assert redact(once.text, names=entry.staff, extra_words=entry.extra_words) == once, entry.text


@pytest.fixture
def no_network(monkeypatch):
    """Every attempt to reach another machine is recorded and refused."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("no network here")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


def test_the_check_sees_a_library_reaching_for_the_network(no_network):
    # tldextract as it comes fetches the Public Suffix List on first use: the check notices.
    tldextract.TLDExtract(cache_dir=None)("example.co.uk")
    assert no_network


def test_the_analyser_is_built_and_run_without_the_network(no_network, monkeypatch):
    monkeypatch.setattr(redaction_analyser, "_SUFFIXES", redaction_analyser.suffix_list())
    monkeypatch.setattr(redaction_analyser, "_engine", None)
    result = redact("Email jo.bloggs@example.co.uk or x@mail.example.gov.uk, see https://example.org/jo.bloggs, "
                    "ring +44 20 7946 0000. Sarah said so.")
    assert result.text == "Email ⟦email⟧ or ⟦email⟧, see ⟦other⟧, ring ⟦phone⟧. ⟦name⟧ said so."
    assert redaction_analyser._SUFFIXES("example.co.uk").suffix == "co.uk"  # the bundled list was read
    assert isinstance(redaction_analyser.analyser().nlp_engine, NoOpNlpEngine)  # no language model
    assert no_network == []
