#!/bin/sh
# Prove a backup can be restored: restore a dump made by deploy/backup.sh into a new scratch
# database, have the application read it (its migration, row counts, and one stored value of every
# encrypted column, which needs the DATA_KEY in the environment), check the media archive, and
# drop the scratch database again, whatever happens.
#
#   deploy/restore-test.sh DUMP [MEDIA_ARCHIVE]
#
# Runs with the service's settings in the environment, as the service does:
#
#   runuser -u safeguarding-feedback -- sh -c 'set -a; . /etc/safeguarding-feedback/env; set +a;
#     /opt/safeguarding-feedback/deploy/restore-test.sh /var/backups/safeguarding-feedback/feedback-....dump'
#
# The scratch database is made on the server DATABASE_URL names, by its user, which needs the
# CREATEDB privilege; or set RESTORE_ADMIN_URL to another PostgreSQL address (a user that may
# create databases, on the same or another server). The live database is only ever read from
# the dump, never touched. APP_DIR (default: the folder above this script) and PYTHON (default:
# its .venv) find the application.
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "Usage: $0 DUMP [MEDIA_ARCHIVE]" >&2
    exit 2
fi
dump=$1
media=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
APP_DIR=${APP_DIR:-$(dirname "$here")}
PYTHON=${PYTHON:-$APP_DIR/.venv/bin/python}
[ -x "$PYTHON" ] || PYTHON=python3

[ -f "$dump" ] || { echo "restore-test: no dump at $dump" >&2; exit 1; }
[ -z "$media" ] || [ -f "$media" ] || { echo "restore-test: no media archive at $media" >&2; exit 1; }
admin=${RESTORE_ADMIN_URL:-${DATABASE_URL:?restore-test: set DATABASE_URL or RESTORE_ADMIN_URL}}

# The sums written beside the dump by backup.sh, when they are there.
sums="${dump%.dump}.sha256"
if [ -f "$sums" ]; then
    (cd "$(dirname "$sums")" && sha256sum --check --quiet "$(basename "$sums")")
    echo "checksums match $(basename "$sums")"
fi

scratch="feedback_restore_test_$(date -u +%Y%m%d%H%M%S)_$$"
# libpq addresses for the server and for the scratch database on it, without the password: that
# reaches psql, pg_restore and the application in their environment (readable only by this
# user), never on a command line (which anyone on the host can list).
urls=$(ADMIN_URL=$admin SCRATCH=$scratch "$PYTHON" -c '
import os
from sqlalchemy.engine import URL, make_url
given = make_url(os.environ["ADMIN_URL"])
for database in (given.database, os.environ["SCRATCH"]):
    print(URL.create("postgresql", given.username, None, given.host, given.port, database, given.query)
          .render_as_string(hide_password=False))
print(given.password or "")
')
server=$(printf '%s\n' "$urls" | sed -n 1p)
scratch_url=$(printf '%s\n' "$urls" | sed -n 2p)
PGPASSWORD=$(printf '%s\n' "$urls" | sed -n 3p)
if [ -n "$PGPASSWORD" ]; then export PGPASSWORD; else unset PGPASSWORD; fi

sql() {
    psql --no-psqlrc --quiet --no-password -v ON_ERROR_STOP=1 --dbname="$server" --command="$1"
}

drop_scratch() {
    sql "DROP DATABASE IF EXISTS \"$scratch\" WITH (FORCE)" >/dev/null
}

created=""
on_exit() {
    status=$?
    if [ -n "$created" ]; then
        drop_scratch || echo "restore-test: could not drop the scratch database $scratch; drop it by hand." >&2
    fi
    [ "$status" -eq 0 ] || echo "restore-test: FAILED" >&2
    exit "$status"
}
trap on_exit EXIT
trap 'exit 1' HUP INT TERM

sql "CREATE DATABASE \"$scratch\"" >/dev/null
created=yes
echo "scratch database $scratch"

pg_restore --no-owner --no-acl --exit-on-error --no-password --dbname="$scratch_url" "$dump"
echo "restored $(basename "$dump")"

# The application itself reads the restored database, with this release's code and settings.
(cd "$APP_DIR" && DATABASE_URL=$scratch_url "$PYTHON" - <<'PY'
from sqlalchemy import inspect, select, text

from wsgi import app  # stops with one line if a setting is missing or wrong
from feedback_app.db import db
from feedback_app.migrate import heads
from feedback_app.models import Base
from feedback_app.models.base import EncryptedText

COUNTED = ("organisation", "user_account", "enquiry", "participant", "contact_point", "invitation",
           "response", "answer", "alert", "quarterly_return", "question_media", "audit_event")

with app.app_context():
    session = db.session
    revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    latest = heads()
    print(f"migration {revision} (this release: {', '.join(latest)})")
    if revision not in latest:
        print("  run `flask --app wsgi db upgrade` after restoring this backup for this release")
    present = set(inspect(session.connection()).get_table_names())
    for name in COUNTED:
        if name in present:
            count = session.execute(text(f"SELECT count(*) FROM {name}")).scalar()
            print(f"rows {name} {count}")
    slugs = session.execute(text("SELECT slug FROM organisation ORDER BY slug")).scalars().all()
    print("organisations " + (" ".join(slugs) or "(none)"))
    read = 0
    for table in Base.metadata.sorted_tables:
        if table.name not in present:
            continue
        for column in table.columns:
            # Reading a value decrypts it, which needs the key it was written with in DATA_KEY.
            if isinstance(column.type, EncryptedText) and session.execute(
                    select(column).where(column.is_not(None)).limit(1)).first():
                read += 1
    print(f"encrypted columns read {read}")
PY
)

if [ -n "$media" ]; then
    tar -tzf "$media" > /dev/null
    files=$(tar -tzf "$media" | grep -c -v '/$' || true)
    echo "media files $files"
fi

drop_scratch
created=""
echo "dropped $scratch"
echo "restore test passed"
