"""A council with a practitioner and a person asked on paper."""
from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta

import pytest

from feedback_app.models import Channel, InvitationStatus, ParticipantRole, Role
from feedback_app.tokens import new_reference_code
from tests.factories import (  # noqa: F401 (used by the tests here)
    audit_events, create_enquiry, create_invitation, create_participant, create_user, reload,
)

PASSWORD = "paper keying passphrase"
HELP_PHONE = "0300 123 4567"


def paper_invitation(session, council, *, language="en", role=ParticipantRole.ADULT, format_needs=("easy_read",),
                     status=InvitationStatus.SENT):
    enquiry = create_enquiry(session, council)
    participant = create_participant(session, enquiry, role=role, language=language)
    participant.format_needs = list(format_needs)
    invitation, _ = create_invitation(session, participant, channel=Channel.PAPER, status=status)
    invitation.reference_code = new_reference_code()
    # Made and posted a fortnight ago, so that it can have come back since.
    invitation.created_at -= timedelta(days=14)
    invitation.due_at = invitation.sent_at = invitation.created_at
    session.commit()
    return invitation


@pytest.fixture
def council(session):
    from tests.factories import create_organisation

    return create_organisation(session, name="Northshire Council", settings={"help_phone": HELP_PHONE})


@pytest.fixture
def practitioner(session, council):
    return create_user(session, council, Role.PRACTITIONER, password=PASSWORD, name="Pat Practitioner")


@pytest.fixture
def second_practitioner(session, council):
    return create_user(session, council, Role.PRACTITIONER, password=PASSWORD, name="Sam Second")


@pytest.fixture
def signed_in(client_request, practitioner):
    client_request.login(practitioner, PASSWORD)
    return client_request


@pytest.fixture
def invitation(session, council):
    return paper_invitation(session, council)


def pdftotext(pdf: bytes, tmp_path, *args) -> str:
    assert shutil.which("pdftotext"), "pdftotext is needed: apt-get install poppler-utils"
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout
