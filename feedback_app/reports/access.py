"""Which councils the signed-in person may see figures for, and how."""
from __future__ import annotations

from flask import abort, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import unscoped
from ..models import Organisation, OrganisationKind, Role


def analyst_councils(user) -> list[Organisation]:
    """The councils in which ``user`` is an analyst, in name order."""
    councils = {m.organisation.id: m.organisation for m in user.memberships
                if m.role == Role.ANALYST and m.organisation.kind == OrganisationKind.COUNCIL}
    return sorted(councils.values(), key=lambda o: o.name)


def chosen_council() -> Organisation:
    """The council whose figures the page shows: the analyst's own (``?council=<slug>`` picks one
    when a person is an analyst for more than one). Anyone else's council is not found."""
    councils = analyst_councils(current_user)
    if not councils:
        abort(403)
    wanted = request.args.get("council") or request.form.get("council")
    if not wanted:
        return councils[0]
    for council in councils:
        if council.slug == wanted:
            return council
    abort(404)


def is_national(user) -> bool:
    return user.has_role(Role.NATIONAL)


def all_councils(session: Session) -> list[Organisation]:
    """Every council, for the benchmark: its figures are published ones only."""
    with unscoped(session):
        return list(session.scalars(select(Organisation).where(Organisation.kind == OrganisationKind.COUNCIL)
                                    .order_by(Organisation.name)))
