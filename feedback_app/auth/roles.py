"""Which roles each kind of organisation can give its staff, and what each role is for."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..labels import ORGANISATION_KIND_LABELS, ROLE_LABELS  # noqa: F401 (re-exported)
from ..models.enums import OrganisationKind, Role

# Advocacy services and Healthwatch work for councils through a partnership, so they never hold
# council roles such as duty; the national body only looks at aggregates across councils.
ROLES_FOR_KIND: dict[OrganisationKind, tuple[Role, ...]] = {
    OrganisationKind.COUNCIL: (Role.ADMIN, Role.PRACTITIONER, Role.ANALYST, Role.DUTY),
    OrganisationKind.ADVOCACY: (Role.ADMIN, Role.ADVOCATE),
    OrganisationKind.HEALTHWATCH: (Role.ADMIN, Role.ADVOCATE),
    OrganisationKind.NATIONAL: (Role.ADMIN, Role.NATIONAL),
}

ROLE_HINTS = {
    Role.ADMIN: _l("Manages users and settings for the organisation"),
    Role.PRACTITIONER: _l("Registers enquiries and the people who may be asked for feedback"),
    Role.ANALYST: _l("Sees reports and prepares quarterly returns"),
    Role.DUTY: _l("Responds to alerts raised by feedback"),
    Role.ADVOCATE: _l("Helps people give feedback, or enters it on their behalf"),
    Role.NATIONAL: _l("Sees figures across councils, never individual responses"),
}


def roles_for(kind: OrganisationKind) -> tuple[Role, ...]:
    return ROLES_FOR_KIND.get(kind, ())


def parse_role(value: str) -> Role | None:
    try:
        return Role(value)
    except ValueError:
        return None
