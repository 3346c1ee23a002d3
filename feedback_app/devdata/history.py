"""A year of past feedback for the demo councils, so that reports have something to show.

Made once per council (a flag in its settings says it is done), with a fixed random seed so
that every demo database shows the same figures: enough responses in a quarter for most
figures to be published, and few enough in some groups for small numbers to be hidden.
Comments include phone numbers, postcodes and staff names, as real ones do, so that the
redaction an analyst relies on can be seen working. Every answer is recorded through
``record_answer``, as the channel it came through would have recorded it, on the day it was given.
"""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

from ..answers import Given, load_state, record_answer, submit_response
from ..casework_refs import case_reference_hash, case_reference_hint
from ..models import (
    AnswerMode, AskedBy, Channel, ConsentEvent, ConsentKind, Enquiry, EnquiryKind, Invitation, InvitationStatus,
    Organisation, OutcomesAchieved, OutcomesAsked, Participant, ParticipantRole, RepresentativeKind, Respondent,
    RiskOutcome, Timing,
)
from ..reports.periods import quarter_of

FLAG = "demo_history"
QUARTERS = 4
SURVEY_ID = "msp-experience"
SIZES = {"northshire": 46, "southbay": 22}  # responses in a typical quarter
EXPERIENCE = ("listened", "involved", "respect", "safer", "happy_now")
DESIRED_OUTCOMES = ("To feel safe at home.", "To stay living where I am.", "For the calls to stop.",
                    "To have a say in my care.")
# How the answers were given, by channel and who answered: the rest answered for themselves.
MODES = {(Channel.ASSISTED, Respondent.ADULT_WITH_HELP): AnswerMode.SUPPORTED,
         (Channel.ASSISTED, Respondent.REPRESENTATIVE): AnswerMode.REPRESENTATIVE_VIEW}
COMMENTS = {
    "en": [
        "Sam from the safeguarding team listened to me and rang back when she said she would.",
        "I did not know what was happening for weeks. Please call me on 07700 900123 if you need to.",
        "I feel safer at home now. The new locks at 14 Mill Lane help.",
        "Nobody asked my mum what she wanted. Email me at carer.demo@example.com.",
        "It took too long. My case number was SG-2025-00417 and I had to keep repeating myself.",
        "The advocate was kind and explained everything.",
        "Things are better but I still worry. I moved to LS1 4AP to be near my daughter.",
    ],
    "cy": ["Mae'r gweithiwr cymdeithasol wedi gwrando arnaf. Ffoniwch fi ar 07700 900321."],
    "ur": ["مجھے اب گھر میں زیادہ محفوظ محسوس ہوتا ہے۔ میرا نمبر 07700 900456 ہے۔"],
}


def _weighted(rng: random.Random, choices: tuple[str, ...], weights: tuple[int, ...]) -> str:
    return rng.choices(choices, weights)[0]


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(9, 17), rng.randint(0, 59)), tzinfo=timezone.utc)


def add_demo_history(session, council: Organisation, slug: str) -> int:
    """Add a year of past enquiries, invitations and responses to a demo council, once."""
    if (council.settings or {}).get(FLAG):
        return 0
    rng = random.Random(f"{slug}-history")
    last = quarter_of(date.today()).previous()
    made = 0
    for back in range(QUARTERS):
        quarter = last.previous(back)
        size = SIZES.get(slug, 20) + rng.randint(-6, 6)
        for n in range(int(size * 1.6)):
            made += _one_case(session, council, rng, quarter, f"DEMOH-{quarter.slug}-{n:03d}",
                              answers=n < size)
    council.settings = {**(council.settings or {}), FLAG: True}
    session.flush()
    return made


def _sent_on(rng: random.Random, closed: date, timing: Timing, opened: date) -> date:
    """When the invitation went out: before closure for feedback during the enquiry; otherwise
    within ten days of it, or now and then so late that the answers come more than eight weeks
    after closure, so that every window of the figures has something in it."""
    if timing == Timing.DURING:
        return max(opened, closed - timedelta(days=rng.randint(14, 30)))
    late = closed + timedelta(days=rng.randint(50, 56))
    if timing == Timing.AFTER and rng.random() < 0.1 and late + timedelta(days=13) < date.today():
        return late
    return closed + timedelta(days=rng.randint(1, 10))


def _one_case(session, council, rng, quarter, reference, *, answers: bool) -> int:
    days = (quarter.end - quarter.start).days
    closed = quarter.start + timedelta(days=rng.randint(0, max(days - 30, 1)))
    asked = _weighted(rng, tuple(OutcomesAsked), (70, 12, 8, 4, 6))
    enquiry = Enquiry(
        organisation_id=council.id, case_ref_hash=case_reference_hash(council, reference),
        case_ref_hint=case_reference_hint(reference),
        kind=_weighted(rng, (EnquiryKind.S42, EnquiryKind.OTHER), (85, 15)),
        opened_on=closed - timedelta(days=rng.randint(20, 90)), closed_on=closed, outcomes_asked=asked,
        outcomes_achieved=(_weighted(rng, tuple(OutcomesAchieved), (55, 35, 10))
                           if asked == OutcomesAsked.EXPRESSED else None),
        risk_outcome=_weighted(rng, tuple(RiskOutcome), (30, 60, 10)),
        desired_outcomes_text=rng.choice(DESIRED_OUTCOMES) if asked == OutcomesAsked.EXPRESSED else None,
    )
    session.add(enquiry)
    session.flush()
    representative = rng.random() < 0.3
    participant = Participant(
        organisation_id=council.id, enquiry_id=enquiry.id,
        role=ParticipantRole.REPRESENTATIVE if representative else ParticipantRole.ADULT,
        representative_kind=RepresentativeKind.FAMILY if representative else None,
        language=_weighted(rng, ("en", "cy", "ur"), (90, 6, 4)), format_needs=["easy_read"],
    )
    session.add(participant)
    session.flush()
    channel = _weighted(rng, (Channel.WEB, Channel.SMS, Channel.PAPER, Channel.ASSISTED), (50, 20, 15, 15))
    timing = _weighted(rng, (Timing.AT_CLOSURE, Timing.AFTER, Timing.DURING), (35, 55, 10))
    sent = _moment(_sent_on(rng, closed, timing, enquiry.opened_on), rng)
    session.add(ConsentEvent(organisation_id=council.id, participant_id=participant.id, kind=ConsentKind.GIVEN,
                             channel=Channel.STAFF, how="in_person", note="Agreed at the closing visit (demo).",
                             created_at=sent - timedelta(days=2)))
    asked_by = AskedBy.ENQUIRY_LEAD if timing == Timing.AT_CLOSURE else AskedBy.INDEPENDENT
    invitation = Invitation(
        organisation_id=council.id, participant_id=participant.id, survey_id=SURVEY_ID, channel=channel,
        timing=timing, asked_by=asked_by, due_at=sent, sent_at=sent, expires_at=sent + timedelta(days=28),
        status=InvitationStatus.SENT if answers else InvitationStatus.EXPIRED,
    )
    session.add(invitation)
    session.flush()
    if not answers:
        return 0
    respondent = (Respondent.REPRESENTATIVE if representative
                  else _weighted(rng, (Respondent.ADULT, Respondent.ADULT_WITH_HELP), (65, 35)))
    submitted = sent + timedelta(days=rng.randint(0, 12), hours=rng.randint(0, 6))
    chosen = [("consent", "yes"), ("who", respondent.value)]
    for key in EXPERIENCE:
        chosen.append((key, _weighted(rng, ("yes", "a_bit", "no", "prefer_not_say", "skip"), (60, 22, 10, 4, 4))))
    if enquiry.outcomes_asked == OutcomesAsked.EXPRESSED:
        chosen.append(("outcomes_review", _weighted(rng, ("yes", "some", "no", "skip"), (55, 30, 10, 5))))
    chosen.append(("contact_safety", _weighted(rng, ("no", "skip"), (90, 10))))
    chosen.append(("quote_ok", _weighted(rng, ("yes", "no", "skip"), (70, 25, 5))))
    if rng.random() < 0.35:
        chosen.append(("own_words", None, rng.choice(COMMENTS[participant.language])))
    state = load_state(session, invitation.id)
    mode = MODES.get((channel, respondent), AnswerMode.SELF)
    for given in chosen:
        outcome = record_answer(session, state, Given(*given), channel=channel, mode=mode,
                                language=participant.language, person_present=not representative if
                                channel == Channel.ASSISTED else None, at=submitted)
        if not outcome.recorded:
            raise ValueError(f"demo answer {given} was refused: {outcome.reask}")
    submit_response(session, state, at=submitted)
    return 1


def finalise_demo_returns(session, northshire: Organisation, southbay: Organisation) -> None:
    """Final returns to compare: the second council's for the last two quarters, the first
    council's for the quarter before last only, so that its analyst has the last one to make
    final and the comparison lists it as missing until then. Run twice, it changes nothing."""
    from ..reports.benchmark import final_returns
    from ..reports.parts import council_figures
    from ..reports.returns import finalise

    last = quarter_of(date.today()).previous()
    for council, quarters in ((southbay, (last.previous(), last)), (northshire, (last.previous(),))):
        for quarter in quarters:
            if council.id not in final_returns(session, [council.id], quarter):
                finalise(session, council.id, quarter, council_figures(session, council.id, quarter), user=None)
