from sqlalchemy import func, select, update

from feedback_app.db import scope_to_organisations, unscoped
from feedback_app.models import Enquiry, Participant

from .factories import create_enquiry, create_organisation, create_participant


def test_queries_only_return_records_of_the_scoped_organisation(session):
    mine, theirs = create_organisation(session), create_organisation(session)
    my_enquiry = create_enquiry(session, mine)
    their_enquiry = create_enquiry(session, theirs)
    create_participant(session, their_enquiry)
    session.expunge_all()

    scope_to_organisations(session, {mine.id})
    assert [e.id for e in session.scalars(select(Enquiry))] == [my_enquiry.id]
    assert session.get(Enquiry, their_enquiry.id) is None
    assert session.scalar(select(func.count()).select_from(Participant)) == 0
    # Joins are scoped too, not just the entity selected.
    assert session.scalars(select(Participant).join(Enquiry)).all() == []

    with unscoped(session):
        assert session.scalar(select(func.count(Enquiry.id))) == 2


def test_bulk_updates_cannot_reach_another_organisation(session):
    mine, theirs = create_organisation(session), create_organisation(session)
    their_enquiry = create_enquiry(session, theirs)
    scope_to_organisations(session, {mine.id})
    session.execute(update(Enquiry).values(case_ref_hint="changed"))
    session.commit()
    with unscoped(session):
        session.expire_all()
        assert session.get(Enquiry, their_enquiry.id).case_ref_hint != "changed"
