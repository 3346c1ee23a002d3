"""The languages a council offers people: which translations a native speaker has checked, and
choosing among them. An unchecked (machine-made) translation is offered only once an
administrator accepts, after a warning, that nobody who speaks it has read it through."""
from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import audit
from ..auth.permissions import requires
from ..casework.display import long_date
from ..db import db
from ..i18n import LANGUAGES
from ..models import Organisation, Participant, User, utcnow
from ..models.enums import Role
from ..people_languages import ACCEPTED, CHOSEN, TRANSLATED, can_be_offered, needs_acceptance, offered_languages
from ..translation_status import LanguageStatus, ReviewState, language_statuses
from .blueprint import bp
from .forms import ConfirmForm
from .views import _council

ACCEPT_FIELD = "accept_unchecked"


def _choice_errors(chosen: list[str], accepted_before: dict, accepts: bool) -> dict[str, str]:
    errors = {}
    unknown = [code for code in chosen if code not in TRANSLATED or not can_be_offered(code)]
    if unknown:
        errors["languages"] = _("Select only languages from the list that are complete")
    waiting = [code for code in chosen if code not in unknown and needs_acceptance(code) and code not in accepted_before]
    if waiting and not accepts:
        names = ", ".join(LANGUAGES[code] for code in waiting)
        errors[ACCEPT_FIELD] = _("To offer %(languages)s, confirm that you accept a translation nobody who speaks "
                                 "it has checked", languages=names)
    return errors


def save_languages(session: Session, organisation: Organisation, chosen: list[str], actor: User) -> dict:
    """Store the council's languages; an unchecked one newly chosen is recorded as accepted by ``actor``."""
    session.refresh(organisation, with_for_update=True)
    settings = dict(organisation.settings or {})
    before = offered_languages(settings)
    accepted = {code: how for code, how in (settings.get(ACCEPTED) or {}).items() if code in chosen}
    newly_accepted = [code for code in chosen if needs_acceptance(code) and code not in accepted]
    for code in newly_accepted:
        accepted[code] = {"by": actor.id, "at": utcnow().isoformat(timespec="seconds")}
    settings[CHOSEN] = ["en", *(code for code in TRANSLATED if code in chosen)]
    settings[ACCEPTED] = accepted
    organisation.settings = settings
    after = offered_languages(settings)
    change = {"added": [c for c in after if c not in before], "removed": [c for c in before if c not in after],
              "accepted_unchecked": newly_accepted}
    audit.record(session, "languages_changed", organisation, organisation_id=organisation.id, user=actor, **change)
    session.commit()
    return change


def _state_text(status: LanguageStatus) -> str:
    if status.state == ReviewState.REVIEWED:
        return _("Checked by %(name)s on %(date)s.", name=status.reviewed_by, date=long_date(status.reviewed_on))
    if status.state == ReviewState.NEW_MESSAGES:
        return ngettext("Checked by %(name)s on %(date)s. %(num)d message added since needs checking.",
                        "Checked by %(name)s on %(date)s. %(num)d messages added since need checking.",
                        status.needs_review, name=status.reviewed_by, date=long_date(status.reviewed_on))
    if status.state == ReviewState.INCOMPLETE:
        return _("Incomplete: it cannot be offered.")
    return _("Machine-made: nobody who speaks it has checked it.")


def _hint(status: LanguageStatus, accepted: dict, acceptors: dict, people: int) -> str:
    parts = [_state_text(status)]
    how = accepted.get(status.code)
    if isinstance(how, dict) and how.get("at"):
        acceptor, day = acceptors.get(how.get("by")), long_date(date.fromisoformat(how["at"][:10]))
        parts.append(_("Accepted as it is by %(name)s on %(date)s.", name=acceptor.name, date=day) if acceptor
                     else _("Accepted as it is on %(date)s.", date=day))
    if people:
        parts.append(ngettext("%(num)d person recorded with it.", "%(num)d people recorded with it.", people))
    return " ".join(parts)


def _people_by_language(session: Session, organisation_id: int) -> dict[str, int]:
    rows = session.execute(select(Participant.language, func.count()).where(
        Participant.organisation_id == organisation_id).group_by(Participant.language))
    return {language: count for language, count in rows}


@bp.route("/languages", methods=["GET", "POST"])
@requires(Role.ADMIN)
def languages():
    organisation = _council()
    form = ConfirmForm()  # the checkboxes are built in the template
    settings = organisation.settings or {}
    offered = offered_languages(settings)
    errors, chosen = {}, [code for code in offered if code != "en"]
    if request.method == "POST":
        chosen = [code for code in request.form.getlist("languages") if code]
        accepts = request.form.get(ACCEPT_FIELD) == "yes"
        if not form.validate_on_submit():
            errors["languages"] = _("The page was open too long or was sent twice. Choose again and save.")
        errors = errors or _choice_errors(chosen, settings.get(ACCEPTED) or {}, accepts)
        if not errors:
            change = save_languages(db.session, organisation, chosen, current_user._get_current_object())
            flash(_("Languages saved") if any(change.values()) else _("Nothing changed"), "success")
            return redirect(url_for("admin.languages"))
    accepted = settings.get(ACCEPTED) or {}
    acceptors = {user.id: user for user in db.session.scalars(select(User).where(
        User.id.in_({how.get("by") for how in accepted.values() if isinstance(how, dict)})))} if accepted else {}
    statuses = [status for status in language_statuses() if status.code != "en"]
    people = _people_by_language(db.session, organisation.id)
    hints = {status.code: _hint(status, accepted, acceptors, people.get(status.code, 0)) for status in statuses}
    return render_template("admin/languages.html", organisation=organisation, form=form, errors=errors,
                           has_errors=bool(errors),
                           statuses=statuses, chosen=chosen, hints=hints,
                           accept_label=_l("I accept that people will read a translation that nobody who "
                                           "speaks the language has checked")), 400 if errors else 200
