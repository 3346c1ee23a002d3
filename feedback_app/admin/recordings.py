"""A council's recordings of its questions: each question read aloud, and signed in British Sign
Language, in each language it offers and for the person or a representative, with a transcript.
Administrators upload, replace, listen to and delete them here."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovTextArea
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import FileField, TextAreaField

from ..auth.permissions import requires
from ..casework.display import long_date
from ..db import db
from ..extensions import csrf
from ..i18n import LANGUAGES, text_direction
from ..media import (
    AUDIO, KIND_LABELS, KINDS, TRANSCRIPT_MAX, VERSION_LABELS, VERSIONS, delete_clip, find_clip, max_bytes, save_clip,
    send_clip, sniff,
)
from ..models import QuestionMedia
from ..models.enums import Role
from ..people_languages import offered_languages
from ..questionnaire import UnknownQuestion, get_survey
from .blueprint import bp
from .forms import ConfirmForm
from .views import _council

SURVEY_ID = "msp-experience"


class RecordingForm(FlaskForm):
    file = FileField(_l("Upload a file"), widget=GovFileInput())
    transcript = TextAreaField(_l("Transcript"), widget=GovTextArea(), description=_l(
        "Every word of the recording, for people who cannot hear it. It starts as the words of the question."))


def _wording(key: str, language: str, version: str) -> dict:
    try:
        question = get_survey(SURVEY_ID).question(key)
    except UnknownQuestion:
        abort(404)
    representative = version == "representative"
    with force_locale(language):
        text, hint = question.text_translated(representative), question.hint_translated(representative)
        labels = [choice.label_translated(representative) for choice in question.offered_choices]
    return {"text": text, "words": "\n".join([text, *([hint] if hint else []), *labels])}


@bp.route("/recordings")
@requires(Role.ADMIN)
def recordings():
    council = _council()
    survey = get_survey(SURVEY_ID)
    languages = offered_languages(council.settings)
    clips = {(c.question_key, c.language, c.version, c.kind): c for c in db.session.scalars(
        select(QuestionMedia).where(QuestionMedia.organisation_id == council.id, QuestionMedia.survey_id == SURVEY_ID))}
    questions = [(question.key, question.text_translated(False)) for question in survey.questions]
    return render_template("admin/recordings.html", organisation=council, questions=questions, offered=languages,
                           clips=clips, versions=VERSIONS, kinds=KINDS, kind_labels=KIND_LABELS,
                           version_labels=VERSION_LABELS, language_names=LANGUAGES)


@bp.route("/recordings/<key>/<language>/<version>/<kind>", methods=["GET", "POST"])
@requires(Role.ADMIN)
@csrf.exempt  # the form checks its own token, after the larger size limit for files is set
def recording(key, language, version, kind):
    council = _council()
    if language not in offered_languages(council.settings) or version not in VERSIONS or kind not in KINDS:
        abort(404)
    wording = _wording(key, language, version)
    clip = find_clip(db.session, council.id, SURVEY_ID, key, language, version, kind)
    limit = max_bytes(kind)
    error = None
    if request.method == "POST":
        request.max_content_length = limit + 256 * 1024  # the file, the transcript and the token
        try:
            form = RecordingForm()
            upload = request.files.get("file")
        except RequestEntityTooLarge:
            form, upload = RecordingForm(formdata=None), None
            error = ("file", _("The file must be %(size)d MB or smaller", size=limit // (1024 * 1024)))
        if error is None:
            error = _check_upload(form, upload, kind, limit, clip)
        if error is None:
            if upload is not None and upload.filename:
                data = upload.read()
                save_clip(db.session, council.id, survey_id=SURVEY_ID, question_key=key, language=language,
                          version=version, kind=kind, data=data, found=sniff(data[:16], kind),
                          transcript=form.transcript.data.strip(), actor=current_user._get_current_object())
            else:  # a corrected transcript for the file there is
                clip.transcript = form.transcript.data.strip()
                db.session.commit()
            flash(_("Saved"), "success")
            return redirect(url_for("admin.recording", key=key, language=language, version=version, kind=kind))
        getattr(form, error[0]).errors = [error[1]]
    else:
        form = RecordingForm(formdata=None, data={"transcript": clip.transcript if clip else wording["words"]})
    return render_template("admin/recording.html", organisation=council, form=form, clip=clip, key=key,
                           language=language, language_name=LANGUAGES[language], version=version, kind=kind,
                           kind_label=KIND_LABELS[kind], version_label=VERSION_LABELS[version], wording=wording,
                           direction=text_direction(language), confirm=ConfirmForm(formdata=None),
                           limit_mb=limit // (1024 * 1024), added=long_date(clip.uploaded_at.date()) if clip else None,
                           has_errors=error is not None), 400 if error else 200


def _check_upload(form, upload, kind: str, limit: int, clip) -> tuple[str, str] | None:
    if not form.validate_on_submit():
        return "transcript", _("The page was open too long or was sent twice. Choose the file again and save.")
    transcript = (form.transcript.data or "").strip()
    if upload is None or not upload.filename:
        if clip is None:
            return "file", (_("Choose a recording to upload") if kind == AUDIO else _("Choose a video to upload"))
    else:
        head = upload.stream.read(16)
        upload.stream.seek(0, 2)
        size = upload.stream.tell()
        upload.stream.seek(0)
        if size == 0:
            return "file", _("The file is empty")
        if size > limit:
            return "file", _("The file must be %(size)d MB or smaller", size=limit // (1024 * 1024))
        if sniff(head, kind) is None:
            return "file", (_("The file must be a recording in MP3, M4A, OGG, WAV or WebM format") if kind == AUDIO
                            else _("The file must be a video in MP4 or WebM format"))
    if not transcript:
        return "transcript", _("Enter the transcript: every word of the recording")
    if len(transcript) > TRANSCRIPT_MAX:
        return "transcript", _("The transcript must be %(max)s characters or fewer", max="4,000")
    return None


def _clip_or_404(clip_id: int) -> QuestionMedia:
    council = _council()
    clip = db.session.get(QuestionMedia, clip_id)
    if clip is None or clip.organisation_id != council.id:
        abort(404)
    return clip


@bp.route("/recordings/file/<int:clip_id>")
@requires(Role.ADMIN)
def recording_file(clip_id):
    return send_clip(_clip_or_404(clip_id))


@bp.route("/recordings/file/<int:clip_id>/delete", methods=["POST"])
@requires(Role.ADMIN)
def delete_recording(clip_id):
    clip = _clip_or_404(clip_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    where = {"key": clip.question_key, "language": clip.language, "version": clip.version, "kind": clip.kind}
    delete_clip(db.session, clip, current_user._get_current_object())
    flash(_("Deleted"), "success")
    return redirect(url_for("admin.recording", **where))
