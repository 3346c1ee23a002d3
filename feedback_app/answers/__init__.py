"""The life of a response, the same for every channel.

    state = load_state(session, invitation_id)          # one read: place, answers, version
    outcome = record_answer(session, state, Given("listened", "yes"), channel=Channel.SMS)
    outcome.next_question / outcome.reask / outcome.at_end
    submit_response(session, state)                     # or complete_at_end=True

The web questionnaire, text replies, re-keyed paper and advocates' forms record answers only
through ``record_answer``, so the figures cannot depend on which door an answer came through.
"""
from .consequences import CONSENT_QUESTION, alerts_raised
from .lifecycle import ResponseClosed, erase_response, submit_response
from .recording import Given, Outcome, record_answer, validate_answer
from .state import (
    ANSWERABLE, CouncilFacts, EnquiryFacts, InvitationFacts, ParticipantFacts, ResponseRow, ResponseState,
    StoredAnswer, load_state, outcomes_recorded,
)

__all__ = [
    "ANSWERABLE", "CONSENT_QUESTION", "CouncilFacts", "EnquiryFacts", "Given", "InvitationFacts", "Outcome",
    "ParticipantFacts", "ResponseClosed", "ResponseRow", "ResponseState", "StoredAnswer", "alerts_raised",
    "erase_response", "load_state", "outcomes_recorded", "record_answer", "submit_response", "validate_answer",
]
