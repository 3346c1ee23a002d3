"""The analysts' pages for comments: a quarter's list, one comment, and the council's themes."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import requires
from ..db import db
from ..pagination import PageNotFound, page_number
from ..models import CommentStatus, CommentTheme, Role, utcnow
from ..reports.periods import InvalidPeriod, parse_quarter, quarter_of
from .blueprint import bp
from .display import template_helpers
from .forms import ExtraWordsForm, RetireForm, ReviewForm, ThemeForm
from .labels import PLACEHOLDER_LABELS, render_text, to_markers
from .reviews import (
    EditRefused, NotAgreedToQuote, SavedMeanwhile, TextChangedMeanwhile, agreed_to_quote, analyst_councils,
    comment_page, create_missing_reviews, extra_words, find_review, redactor_for, save_review, shown_text, status_counts,
    view_page, view_review,
)
from .themes import (
    DuplicateTheme, add_theme, council_themes, ensure_default_themes, parse_words, rename_theme, save_extra_words,
    set_theme_active, view_themes,
)


@bp.context_processor
def comments_context():
    return template_helpers()


def _councils():
    councils = analyst_councils(current_user)
    if not councils:
        abort(403)
    return councils


def _council():
    """The council whose comments the page is about: chosen by ``?council=<slug>`` when the
    analyst works for several, else their only one."""
    councils = _councils()
    wanted = request.args.get("council")
    return next((council for council in councils if council.slug == wanted), councils[0])


def _council_arg(council):
    # Links name the council only when there is a choice, so that most addresses stay short.
    return council.slug if len(_councils()) > 1 else None


def _user():
    return current_user._get_current_object()


@bp.route("/")
@requires(Role.ANALYST)
def index():
    council = _council()
    today = quarter_of(utcnow())
    requested = (request.args.get("quarter") or "").strip()
    try:
        quarter = parse_quarter(requested) if requested else today
    except InvalidPeriod:
        message = _("Enter a quarter like %(example)s", example=today.label)
        return render_template("comments/index.html", council=council, council_arg=_council_arg(council),
                               quarter=None, quarter_text=requested, quarter_error=message, has_errors=True,
                               today=today)

    ensure_default_themes(db.session, council.id)
    themes = council_themes(db.session, council.id)
    status = next((s for s in CommentStatus if s.value == request.args.get("status")), None)
    theme = next((t for t in themes if str(t.id) == request.args.get("theme")), None)
    create_missing_reviews(db.session, council.id, quarter)
    try:
        page = comment_page(db.session, council.id, quarter, status=status, theme_id=theme.id if theme else None,
                            number=page_number(request.args))
    except PageNotFound:
        abort(404)
    counts = status_counts(db.session, council.id, quarter)
    redactor = redactor_for(db.session, council.id)
    texts = {review.id: shown_text(review, redactor) for review in page.rows}
    view_page(db.session, council.id, _user(), quarter, page, status=status, theme_id=theme.id if theme else None)
    return render_template("comments/index.html", council=council, council_arg=_council_arg(council),
                           quarter=quarter, quarter_text=quarter.label, today=today, page=page, texts=texts,
                           counts=counts, themes=themes, status=status, theme=theme)


def _theme_choices(themes, review):
    tagged = {theme.id for theme in review.themes}
    choices = []
    for theme in themes:
        if theme.active:
            choices.append((theme.id, theme.label))
        elif theme.id in tagged:
            choices.append((theme.id, _("%(theme)s (retired)", theme=theme.label)))
    return choices


@bp.route("/<int:review_id>", methods=["GET", "POST"])
@requires(Role.ANALYST)
def review(review_id):
    council_ids = {council.id for council in _councils()}
    review = find_review(db.session, council_ids, review_id)
    if review is None:
        abort(404)
    ensure_default_themes(db.session, review.organisation_id)
    if request.method == "POST":
        # Two saves of the same comment wait for each other (on PostgreSQL) instead of racing.
        db.session.refresh(review, with_for_update=True)
    redactor = redactor_for(db.session, review.organisation_id)
    themes = council_themes(db.session, review.organisation_id)
    form = ReviewForm(theme_choices=_theme_choices(themes, review))
    current = shown_text(review, redactor)

    if form.validate_on_submit():
        try:
            changed = save_review(
                db.session, review, _user(), redactor, status=CommentStatus(form.decision.data),
                theme_ids=form.themes.data or [], text=to_markers(form.text.data),
                text_version=form.text_version.data)
        except NotAgreedToQuote:
            db.session.rollback()
            form.decision.errors.append(_(
                "This comment cannot be quoted: the person did not say yes to their words being used in reports. "
                "Nothing was saved."))
        except EditRefused:
            db.session.rollback()
            form.text.errors.append(_(
                "You can only take words out of a comment, by replacing them with a label such as "
                "%(label)s. Nothing was saved.", label=PLACEHOLDER_LABELS["other"]))
        except TextChangedMeanwhile:
            db.session.rollback()
            form.text.errors.append(_(
                "Someone else changed the text of this comment while you were reviewing it. Nothing was "
                "saved. Check the text below and make your changes again."))
            form.text.data = render_text(current)
            form.text_version.data = review.text_version
        except SavedMeanwhile:
            flash(_("Someone saved this comment at the same moment as you. Check what was saved."), "important")
            return redirect(url_for("comments.review", review_id=review_id))
        else:
            flash(_("Your review of this comment has been saved.") if changed
                  else _("Nothing had changed, so nothing was saved."), "success")
            return redirect(url_for("comments.review", review_id=review.id))
    elif request.method == "GET":
        form.themes.data = [theme.id for theme in review.themes]
        form.decision.data = None if review.status == CommentStatus.PENDING else review.status.value
        form.text.data = render_text(current)
        form.text_version.data = review.text_version

    view_review(db.session, review, _user())
    quarter = quarter_of(review.submitted_at)
    council = next(c for c in _councils() if c.id == review.organisation_id)
    return render_template("comments/review.html", review=review, form=form, text=current, quarter=quarter,
                           council=council, council_arg=_council_arg(council),
                           quote_agreed=agreed_to_quote(db.session, review))


@bp.route("/themes", methods=["GET", "POST"])
@requires(Role.ANALYST)
def themes():
    council = _council()
    council_arg = _council_arg(council)
    ensure_default_themes(db.session, council.id)
    add_form = ThemeForm(prefix="add")
    words_form = ExtraWordsForm(prefix="words")
    failed = None
    if request.method == "POST" and "add-label" in request.form:
        if add_form.validate_on_submit():
            try:
                theme = add_theme(db.session, council, add_form.label.data, _user())
            except DuplicateTheme:
                add_form.label.errors.append(_("There is already a theme called “%(theme)s”", theme=add_form.label.data))
            else:
                flash(_("The theme “%(theme)s” has been added.", theme=theme.label), "success")
                return redirect(url_for("comments.themes", council=council_arg))
        failed = add_form
    elif request.method == "POST" and "words-words" in request.form:
        if words_form.validate_on_submit():
            changed = save_extra_words(db.session, council, parse_words(words_form.words.data), _user())
            flash(_("The words to take out of comments have been saved.") if changed
                  else _("Nothing had changed, so nothing was saved."), "success")
            return redirect(url_for("comments.themes", council=council_arg))
        failed = words_form
    elif request.method == "POST":
        abort(400)
    else:
        words_form.words.data = "\n".join(extra_words(council.settings))

    view_themes(db.session, council, _user())
    return render_template("comments/themes.html", council=council, council_arg=council_arg,
                           themes=council_themes(db.session, council.id), add_form=add_form,
                           words_form=words_form, form=failed)


def _theme_or_404(theme_id) -> CommentTheme:
    council_ids = {council.id for council in _councils()}
    theme = db.session.get(CommentTheme, theme_id)
    if theme is None or theme.organisation_id not in council_ids:
        abort(404)
    return theme


@bp.route("/themes/<int:theme_id>", methods=["GET", "POST"])
@requires(Role.ANALYST)
def theme(theme_id):
    theme = _theme_or_404(theme_id)
    council = next(c for c in _councils() if c.id == theme.organisation_id)
    form = ThemeForm()
    if form.validate_on_submit():
        try:
            renamed = rename_theme(db.session, theme, form.label.data, _user())
        except DuplicateTheme:
            form.label.errors.append(_("There is already a theme called “%(theme)s”", theme=form.label.data))
        else:
            flash(_("The theme has been renamed “%(theme)s”.", theme=theme.label) if renamed
                  else _("Nothing had changed, so nothing was saved."), "success")
            return redirect(url_for("comments.themes", council=_council_arg(council)))
    elif request.method == "GET":
        form.label.data = theme.label
    return render_template("comments/theme.html", theme=theme, form=form, retire_form=RetireForm(),
                           council=council, council_arg=_council_arg(council))


@bp.route("/themes/<int:theme_id>/active", methods=["POST"])
@requires(Role.ANALYST)
def theme_active(theme_id):
    theme = _theme_or_404(theme_id)
    council = next(c for c in _councils() if c.id == theme.organisation_id)
    form = RetireForm()
    if form.validate_on_submit():
        active = form.active.data == "yes"
        set_theme_active(db.session, theme, active, _user())
        flash(_("The theme “%(theme)s” can be used again.", theme=theme.label) if active
              else _("The theme “%(theme)s” has been retired. Comments already tagged with it keep it.",
                     theme=theme.label), "success")
    return redirect(url_for("comments.themes", council=_council_arg(council)))
