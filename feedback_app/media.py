"""Recordings of the questions: a council's own voice reading each question and its answers, and
its British Sign Language videos, each with a transcript.

Files are checked by what they hold (their first bytes), never by their name or the type the
browser claims; they are kept outside the web root under ``MEDIA_DIR``, in a folder per council,
by a random name; and they are served with ranges, so that a phone can play part of one.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, send_file
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import audit
from .models import Organisation, QuestionMedia, utcnow

AUDIO, BSL = "audio", "bsl"
KINDS = (AUDIO, BSL)
VERSIONS = ("adult", "representative")
TRANSCRIPT_MAX = 4000
KIND_LABELS = {AUDIO: _l("Recording read aloud"), BSL: _l("British Sign Language video")}
VERSION_LABELS = {"adult": _l("For the person"), "representative": _l("For a representative")}


@dataclass(frozen=True)
class Format:
    content_type: str
    suffix: str


def sniff(head: bytes, kind: str) -> Format | None:
    """The file's format from its first bytes, if it is one this kind of recording may be."""
    is_mp4 = head[4:8] == b"ftyp"
    is_webm = head[:4] == b"\x1a\x45\xdf\xa3"
    if kind == AUDIO:
        if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
            return Format("audio/mpeg", ".mp3")
        if head[:4] == b"OggS":
            return Format("audio/ogg", ".ogg")
        if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
            return Format("audio/wav", ".wav")
        if is_mp4:
            return Format("audio/mp4", ".m4a")
        if is_webm:
            return Format("audio/webm", ".webm")
        return None
    if is_mp4:
        return Format("video/mp4", ".mp4")
    if is_webm:
        return Format("video/webm", ".webm")
    return None


def max_bytes(kind: str) -> int:
    return current_app.config["MEDIA_MAX_AUDIO_BYTES" if kind == AUDIO else "MEDIA_MAX_VIDEO_BYTES"]


def media_dir() -> Path:
    return Path(current_app.config["MEDIA_DIR"])


def file_of(clip: QuestionMedia) -> Path:
    return media_dir() / str(clip.organisation_id) / clip.stored_name


def send_clip(clip: QuestionMedia):
    """The file, with ranges; not found if it has gone from the disk (a restore without MEDIA_DIR)."""
    path = file_of(clip)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype=clip.content_type, conditional=True, max_age=0)


def _of_question(organisation_id: int, survey_id: str, question_key: str, language: str, version: str) -> tuple:
    return (QuestionMedia.organisation_id == organisation_id, QuestionMedia.survey_id == survey_id,
            QuestionMedia.question_key == question_key, QuestionMedia.language == language,
            QuestionMedia.version == version)


def find_clip(session: Session, organisation_id: int, survey_id: str, question_key: str, language: str,
              version: str, kind: str) -> QuestionMedia | None:
    return session.scalar(select(QuestionMedia).where(
        *_of_question(organisation_id, survey_id, question_key, language, version), QuestionMedia.kind == kind))


# In Organisation.settings: how many recordings the council has, so that a question page looks
# for one only when there are some (a page is otherwise one read).
COUNT_SETTING = "question_media"


def clips_for_question(session: Session, council, survey_id: str, question_key: str, language: str,
                       version: str) -> dict[str, QuestionMedia]:
    """The recording and the BSL video of one question, as the person sees it, where there are any."""
    if not (council.settings or {}).get(COUNT_SETTING):
        return {}
    return {clip.kind: clip for clip in session.scalars(select(QuestionMedia).where(
        *_of_question(council.id, survey_id, question_key, language, version)))}


def save_clip(session: Session, organisation_id: int, *, survey_id: str, question_key: str, language: str,
              version: str, kind: str, data: bytes, found: Format, transcript: str, actor) -> QuestionMedia:
    """Keep a new file, or replace the one there was (its file is removed once the row points at the new one)."""
    folder = media_dir() / str(organisation_id)
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_urlsafe(24) + found.suffix
    (folder / stored_name).write_bytes(data)
    clip = find_clip(session, organisation_id, survey_id, question_key, language, version, kind)
    old = file_of(clip) if clip is not None else None
    if clip is None:
        clip = QuestionMedia(organisation_id=organisation_id, survey_id=survey_id, question_key=question_key,
                             language=language, version=version, kind=kind)
        session.add(clip)
    clip.stored_name, clip.content_type, clip.size = stored_name, found.content_type, len(data)
    clip.transcript, clip.uploaded_by_id, clip.uploaded_at = transcript, actor.id, utcnow()
    session.flush()
    _count(session, organisation_id)
    audit.record(session, "question_media_saved", clip, user=actor, replaced=old is not None,
                 question=question_key, language=language, version=version, kind=kind, size=len(data))
    try:
        session.commit()
    except Exception:
        session.rollback()
        (folder / stored_name).unlink(missing_ok=True)
        raise
    if old is not None:
        old.unlink(missing_ok=True)
    return clip


def delete_clip(session: Session, clip: QuestionMedia, actor) -> None:
    path = file_of(clip)
    audit.record(session, "question_media_deleted", clip, user=actor, question=clip.question_key,
                 language=clip.language, version=clip.version, kind=clip.kind)
    session.delete(clip)
    session.flush()
    _count(session, clip.organisation_id)
    session.commit()
    path.unlink(missing_ok=True)


def _count(session: Session, organisation_id: int) -> None:
    council = session.get(Organisation, organisation_id)
    count = session.scalar(select(func.count()).select_from(QuestionMedia).where(
        QuestionMedia.organisation_id == organisation_id))
    council.settings = {**(council.settings or {}), COUNT_SETTING: count}
