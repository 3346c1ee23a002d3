"""The one permission decorator, and the marker for public routes.

Every view is either ``@public`` or ``@requires(...)``; a test walks the URL map and fails for
any endpoint that is neither, so a new route cannot forget its check.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user

from ..models.enums import Role

ACCESS_ATTRIBUTE = "_access_rule"


def public(view):
    setattr(view, ACCESS_ATTRIBUTE, "public")
    return view


def requires(*roles: Role, refuse_signed_out: bool = False):
    """Allow signed-in staff holding any of ``roles`` (any signed-in member of staff if none).

    Someone signed out is sent to sign in, or refused (403) with ``refuse_signed_out``: for
    addresses that are not pages, such as a download whose address carries a code.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                if refuse_signed_out:
                    abort(403)
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if roles and not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        setattr(wrapped, ACCESS_ATTRIBUTE, ("roles", frozenset(roles)))
        return wrapped

    return decorator


def access_rule(view):
    return getattr(view, ACCESS_ATTRIBUTE, None)
