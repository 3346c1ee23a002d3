"""The records the forms need: two councils (the one whose staff send the forms, and another whose
records must never change), each with a partner organisation and its staff, and fresh records for
each route's URL arguments, made through the same functions the service and other tests use."""
from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select

from feedback_app.api.keys import create_key
from feedback_app.assist.sampling import create_sample
from feedback_app.assist.work import assign_to_partner
from feedback_app.auth.invitations import invite_user, token_hash
from feedback_app.auth.joining import invite_to_join
from feedback_app.capacity import ADULT_CONSENTS
from feedback_app.comments.reviews import create_missing_reviews
from feedback_app.comments.themes import add_theme
from feedback_app.db import db
from feedback_app.dispatch import run_tick
from feedback_app.duty.handling import acknowledge_alert
from feedback_app.media import save_clip, sniff
from feedback_app.models import (
    Alert, BatchStatus, Channel, ConsentEvent, ConsentKind, ContactKind, ContactPoint, Invitation,
    InvitationStatus, KeyingStatus, Membership, OrganisationKind, OutboundMessage, PaperBatch, PaperKeying, Participant,
    Partnership, Role, AskedBy, Timing, User, utcnow,
)
from feedback_app.reports.parts import council_figures
from feedback_app.reports.periods import quarter_of
from feedback_app.reports.returns import finalise
from feedback_app.questionnaire import get_survey
from feedback_app.screening import CONDITIONS
from feedback_app.sms.log_sender import LogSender
from tests.comments.conftest import review_of, write_comment
from tests.duty.conftest import raise_alerts
from tests.factories import create_enquiry, create_organisation, create_participant, create_user
from tests.jobs.conftest import TUESDAY_MORNING, make_due
from tests.paper.conftest import paper_invitation
from tests.reports.builders import respond

PASSWORD = "fuzzing passphrase for staff"
PHONE = "+447700900123"  # the person the home council texted, who may reply
OTHER_PHONE = "+447700900456"  # everyone else's checked phone
CLIP = {"key": "consent", "language": "en", "version": "adult", "kind": "audio"}
_numbers = itertools.count(1)

# The record each URL argument names, made afresh for every route so that one route's requests
# cannot use up another's; related ids come too, so that the page showing the form can be found.
BUILDERS = {"enquiry_id": "enquiry", "participant_id": "participant", "contact_id": "contact",
            "invitation_id": "scheduled_invitation", "assignment_id": "assignment", "alert_id": "alert",
            "review_id": "review", "theme_id": "theme", "sample_id": "sample", "batch_id": "batch",
            "key_id": "api_key", "user_id": "user", "clip_id": "clip", "pending_id": "pending"}
# Where a form shows only for a record in a particular state.
VARIANTS = {
    ("paper.key_form", "invitation_id"): "paper_invitation",  # keying is for forms sent on paper
    ("paper.settle_page", "invitation_id"): "differing_keyings",  # settling needs two keyings that differ
    ("duty.close", "alert_id"): "acknowledged_alert",  # the closing form follows acknowledgement
    ("admin.reactivate", "user_id"): "deactivated_user",  # only a deactivated user can be reactivated
}


@dataclass
class Side:
    council: object
    partner: object
    staff: object  # a council member of staff holding every council role
    second: object  # another practitioner: a paper form's second keying is someone else's
    advocate: object
    partner_admin: object


class World:
    def __init__(self, session):
        self.session = session
        self.home = self._side("Northshire Council", "Northshire Advocacy")
        self.other = self._side("Southbay Council", "Southbay Advocacy")
        self.sign_out_user = create_user(session, self.home.council, Role.PRACTITIONER, password=PASSWORD)
        self.message_sids = self._texted_person()
        self.api_token = create_key(session, self.home.council, "Case system", self.home.staff)[1]
        self.paper_code = self.paper_invitation(self.home)["code"]
        this = quarter_of(date.today())
        self.quarters = [this.previous(1), this.previous(2)]
        # Answers in the last quarter, so that its return can be made final.
        answered = datetime.combine(self.quarters[0].start + timedelta(days=10), time(12), tzinfo=timezone.utc)
        respond(session, self.home.council, {"listened": "yes"}, submitted_at=answered, sent_at=answered)
        finalise(session, self.home.council.id, self.quarters[1],
                 council_figures(session, self.home.council.id, self.quarters[1]), user=None)
        questions = get_survey("msp-experience").questions
        self.question_keys = [questions[0].key, next(q.key for q in questions if q.is_free_text),
                              next(q.key for q in questions if q.kind == "yes_no")]
        self.other_targets = {}
        for builder in BUILDERS.values():  # one of each record for the other council too
            self.other_targets.update(getattr(self, builder)(self.other))
        self.other_targets = {name: value for name, value in self.other_targets.items() if name.endswith("_id")}

    def _side(self, name: str, partner_name: str) -> Side:
        session = self.session
        council = create_organisation(session, name=name, settings={"help_phone": "0300 123 4567"})
        partner = create_organisation(session, name=partner_name, kind=OrganisationKind.ADVOCACY)
        session.add(Partnership(council_id=council.id, partner_id=partner.id))
        staff = create_user(session, council, Role.ADMIN, password=PASSWORD)
        for role in (Role.PRACTITIONER, Role.ANALYST, Role.DUTY):
            session.add(Membership(user_id=staff.id, organisation_id=council.id, role=role))
        session.commit()
        return Side(council, partner, staff, create_user(session, council, Role.PRACTITIONER, password=PASSWORD),
                    create_user(session, partner, Role.ADVOCATE, password=PASSWORD),
                    create_user(session, partner, Role.ADMIN, password=PASSWORD))

    def _texted_person(self) -> list[str]:
        """Someone asked by text who can reply: the SMS webhooks and the development page need one."""
        due = make_due(self.session, self.home.council, phone=PHONE)
        due.invitation.answer_by_reply = True
        self.session.commit()
        run_tick(db.session, LogSender(), now=TUESDAY_MORNING)
        return [sid for sid in self.session.scalars(select(OutboundMessage.provider_id)) if sid]

    def targets(self, endpoint: str, arguments) -> dict:
        found = {}
        for argument in sorted(arguments):
            builder = VARIANTS.get((endpoint, argument)) or BUILDERS.get(argument)
            if builder is not None:
                found.update(getattr(self, builder)(self.home))
        return found

    # Builders: each makes a fresh record for ``side`` and returns its id with related ids.

    def enquiry(self, side) -> dict:
        return {"enquiry_id": create_enquiry(self.session, side.council, closed=False).id}

    def participant(self, side, phone=OTHER_PHONE) -> dict:
        """An adult who agreed to be asked, screened, with a phone checked as safe."""
        session = self.session
        person = create_participant(session, create_enquiry(session, side.council))
        person.capacity_basis = ADULT_CONSENTS
        person.screening = {condition: {"present": False} for condition in CONDITIONS}
        session.add(ConsentEvent(organisation_id=side.council.id, participant_id=person.id, kind=ConsentKind.GIVEN,
                                 channel=Channel.STAFF, how="in_person"))
        session.add(ContactPoint(organisation_id=side.council.id, participant_id=person.id, kind=ContactKind.PHONE,
                                 value=phone, is_private=True, may_name_council=False,
                                 safe_checked_by_id=side.staff.id, safe_checked_at=utcnow()))
        session.commit()
        return {"participant_id": person.id, "enquiry_id": person.enquiry_id}

    def contact(self, side) -> dict:
        ids = self.participant(side)
        contact = ContactPoint(organisation_id=side.council.id, participant_id=ids["participant_id"],
                               kind=ContactKind.PHONE, value="07700 900789")
        self.session.add(contact)
        self.session.commit()
        return {**ids, "contact_id": contact.id}

    def scheduled_invitation(self, side) -> dict:
        ids = self.participant(side)
        now = utcnow()
        invitation = Invitation(organisation_id=side.council.id, participant_id=ids["participant_id"],
                                survey_id="msp-experience", channel=Channel.WEB, timing=Timing.AFTER,
                                asked_by=AskedBy.INDEPENDENT, status=InvitationStatus.SCHEDULED,
                                due_at=now + timedelta(days=3), expires_at=now + timedelta(days=31))
        self.session.add(invitation)
        self.session.commit()
        return {**ids, "invitation_id": invitation.id}

    def paper_invitation(self, side) -> dict:
        """A form posted a fortnight ago to someone who agreed to be asked."""
        invitation = paper_invitation(self.session, side.council)
        self.session.add(ConsentEvent(organisation_id=side.council.id, participant_id=invitation.participant_id,
                                      kind=ConsentKind.GIVEN, channel=Channel.STAFF, how="in_person"))
        self.session.commit()
        return {"invitation_id": invitation.id, "participant_id": invitation.participant_id,
                "code": invitation.reference_code}

    def differing_keyings(self, side) -> dict:
        ids = self.paper_invitation(side)
        for user, listened in ((side.staff, "yes"), (side.second, "a_bit")):
            self.session.add(PaperKeying(
                organisation_id=side.council.id, invitation_id=ids["invitation_id"], keyed_by_id=user.id,
                round=1 if user is side.staff else 2, received_on=date.today() - timedelta(days=1),
                entries=f'{{"consent": {{"mark": "yes"}}, "listened": {{"mark": "{listened}"}}}}',
                status=KeyingStatus.DIFFERENT))
        self.session.commit()
        return ids

    def assignment(self, side) -> dict:
        ids = self.participant(side)
        person = self.session.get(Participant, ids["participant_id"])
        assignment = assign_to_partner(self.session, person, side.partner, reference=f"NIA-{next(_numbers)}",
                                       initials="A. B.", note=None, actor=side.staff)
        assignment.advocate_id = side.advocate.id
        self.session.commit()
        return {**ids, "assignment_id": assignment.id}

    def alert(self, side) -> dict:
        return {"alert_id": raise_alerts(self.session, side.council, words=None)[0].id}

    def acknowledged_alert(self, side) -> dict:
        ids = self.alert(side)
        acknowledge_alert(self.session, self.session.get(Alert, ids["alert_id"]), side.staff)
        self.session.commit()
        return ids

    def review(self, side) -> dict:
        response = write_comment(self.session, side.council, "The social worker listened to me every week.")
        create_missing_reviews(self.session, side.council.id)
        self.session.commit()
        return {"review_id": review_of(self.session, response).id}

    def theme(self, side) -> dict:
        return {"theme_id": add_theme(self.session, side.council, f"Theme {next(_numbers)}", side.staff).id}

    def sample(self, side) -> dict:
        quarter = quarter_of(date.today()).previous(1)
        sample = create_sample(self.session, side.council, side.partner, closed_from=quarter.start,
                               closed_to=quarter.end, size=1, seed=1, margin=0.1, response_rate=0.5, actor=side.staff)
        return {"sample_id": sample.id}

    def batch(self, side) -> dict:
        batch = PaperBatch(organisation_id=side.council.id, batch_date=date.today(), status=BatchStatus.READY,
                           ready_at=utcnow())
        self.session.add(batch)
        self.session.commit()
        return {"batch_id": batch.id}

    def api_key(self, side) -> dict:
        return {"key_id": create_key(self.session, side.council, f"System {next(_numbers)}", side.staff)[0].id}

    def user(self, side) -> dict:
        user, token = invite_user(self.session, side.council, email=f"invited{next(_numbers)}@example.org",
                                  name="Ivy Invited", role=Role.PRACTITIONER, invited_by=side.staff)
        return {"user_id": user.id, "token": token}

    def pending(self, side) -> dict:
        """Someone with an account with the partner organisation, invited to join the council too."""
        elsewhere = create_user(self.session, side.partner, Role.ADVOCATE, password=PASSWORD)
        token = secrets.token_urlsafe(16)
        joining = invite_to_join(self.session, side.council, elsewhere, name="Jo Joining", email=elsewhere.email,
                                 role=Role.PRACTITIONER, invited_by=side.staff, token_hash=token_hash(token),
                                 expires_at=utcnow() + timedelta(days=7))
        return {"pending_id": joining.id, "token": token}

    def deactivated_user(self, side) -> dict:
        ids = self.user(side)
        self.session.get(User, ids["user_id"]).active = False
        self.session.commit()
        return ids

    def clip(self, side) -> dict:
        data = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 64
        self.session.refresh(side.staff)  # loaded now: reading it later would flush the half-made clip
        clip = save_clip(self.session, side.council.id, survey_id="msp-experience", data=data,
                         found=sniff(data[:16], CLIP["kind"]), transcript="Do you agree?", actor=side.staff,
                         question_key=CLIP["key"], language=CLIP["language"], version=CLIP["version"],
                         kind=CLIP["kind"])
        return {"clip_id": clip.id, **CLIP}
