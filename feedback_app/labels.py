"""Translated labels for stored vocabularies, shared by templates and forms."""
from flask_babel import lazy_gettext as _l

from .models.enums import OrganisationKind, Role

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.PRACTITIONER: _l("Practitioner"),
    Role.ANALYST: _l("Analyst"),
    Role.DUTY: _l("Duty desk"),
    Role.ADVOCATE: _l("Advocate or volunteer"),
    Role.NATIONAL: _l("National benchmarking"),
}

ORGANISATION_KIND_LABELS = {
    OrganisationKind.COUNCIL: _l("Council"),
    OrganisationKind.ADVOCACY: _l("Advocacy service"),
    OrganisationKind.HEALTHWATCH: _l("Healthwatch"),
    OrganisationKind.NATIONAL: _l("National body"),
}


def init_app(app):
    @app.context_processor
    def vocabularies():
        return {"role_labels": ROLE_LABELS, "roles": Role, "organisation_kind_labels": ORGANISATION_KIND_LABELS}
