#!/bin/sh
# Back up the safeguarding feedback service: the database (pg_dump, custom format) and MEDIA_DIR
# (councils' recordings of their questions), side by side, with their SHA-256 sums.
#
#   deploy/backup.sh [-k DAYS] DESTINATION
#
# Reads DATABASE_URL and MEDIA_DIR from the environment, as the service does. By hand:
#
#   runuser -u safeguarding-feedback -- sh -c 'set -a; . /etc/safeguarding-feedback/env; set +a;
#     /opt/safeguarding-feedback/deploy/backup.sh /var/backups/safeguarding-feedback'
#
# Writes DESTINATION/feedback-<time>.dump, media-<time>.tar.gz and feedback-<time>.sha256, and
# prints their names. -k DAYS removes this script's backups older than that many days afterwards.
# Needs pg_dump (its major version the server's or newer) and python3. DATA_KEY is never in a backup: keep it
# in the council's secrets store, apart from these files.
set -eu

usage() {
    echo "Usage: $0 [-k DAYS] DESTINATION" >&2
    exit 2
}

keep_days=""
while getopts "k:" option; do
    case "$option" in
        k) keep_days=$OPTARG ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
destination=$1
case "$keep_days" in
    *[!0-9]*) echo "backup: -k takes a number of days, not $keep_days." >&2; exit 2 ;;
esac

: "${DATABASE_URL:?backup: DATABASE_URL is not set (read the service settings first)}"
: "${MEDIA_DIR:?backup: MEDIA_DIR is not set (read the service settings first)}"

# libpq reads postgresql:// addresses; the application also accepts SQLAlchemy's
# postgresql+psycopg:// form, which is turned back here.
case "$DATABASE_URL" in
    postgresql://* | postgres://*) database=$DATABASE_URL ;;
    postgresql+*://*) database="postgresql://${DATABASE_URL#*://}" ;;
    *) echo "backup: DATABASE_URL is not a PostgreSQL address; only PostgreSQL is backed up here." >&2
       exit 1 ;;
esac

# The password, if the address holds one, reaches pg_dump in its environment (readable only by
# this user), never on its command line (which anyone on the host can list).
parts=$(DB_URL=$database "${PYTHON:-python3}" -c '
import os
from urllib.parse import unquote, urlsplit, urlunsplit
url = urlsplit(os.environ["DB_URL"])
user, _, host = url.netloc.rpartition("@")
user = user.partition(":")[0]
print(urlunsplit(url._replace(netloc=f"{user}@{host}" if user else host)))
print(unquote(url.password or ""))
')
database=$(printf '%s\n' "$parts" | sed -n 1p)
PGPASSWORD=$(printf '%s\n' "$parts" | sed -n 2p)
if [ -n "$PGPASSWORD" ]; then export PGPASSWORD; else unset PGPASSWORD; fi

umask 077
mkdir -p "$destination"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
dump="feedback-$stamp.dump"
media="media-$stamp.tar.gz"
sums="feedback-$stamp.sha256"

cleanup() {
    rm -f "$destination/$dump.partial" "$destination/$media.partial"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# The dump is written under another name and renamed once complete, so a backup that stopped
# part way never looks like a good one.
pg_dump --format=custom --compress=6 --no-password --file="$destination/$dump.partial" --dbname="$database"
mv "$destination/$dump.partial" "$destination/$dump"

if [ -d "$MEDIA_DIR" ]; then
    tar -C "$MEDIA_DIR" -czf "$destination/$media.partial" .
else
    # Nothing uploaded yet: an empty archive, so that every backup has both halves.
    empty=$(mktemp -d)
    tar -C "$empty" -czf "$destination/$media.partial" .
    rmdir "$empty"
fi
mv "$destination/$media.partial" "$destination/$media"

(cd "$destination" && sha256sum "$dump" "$media" > "$sums")

if [ -n "$keep_days" ]; then
    find "$destination" -maxdepth 1 -type f \
        \( -name 'feedback-*.dump' -o -name 'media-*.tar.gz' -o -name 'feedback-*.sha256' \) \
        -mtime +"$keep_days" -exec rm -f {} +
fi

echo "database $destination/$dump"
echo "media $destination/$media"
echo "sums $destination/$sums"
