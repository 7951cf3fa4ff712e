#!/bin/sh
# `make test` starts a real PostgreSQL server (tests/pg_server.py), so the server's
# binaries (initdb, pg_ctl, postgres) must be on this machine: install Debian's
# postgresql when they are missing. Set MENTORCORE_PG_BIN to use binaries elsewhere.
set -eu

have_postgres() {
    if [ -n "${MENTORCORE_PG_BIN:-}" ]; then
        [ -x "$MENTORCORE_PG_BIN/initdb" ]
        return
    fi
    for initdb in /usr/lib/postgresql/*/bin/initdb; do
        [ -x "$initdb" ] && return 0
    done
    command -v initdb >/dev/null 2>&1
}

give_up() {
    echo "ensure_postgres: $1" >&2
    echo "ensure_postgres: the tests need PostgreSQL's server binaries (initdb, pg_ctl," \
        "postgres); install them (e.g. apt-get install postgresql) or set" \
        "MENTORCORE_PG_BIN to their directory, then run make test again." >&2
    exit 1
}

have_postgres && exit 0
[ -n "${MENTORCORE_PG_BIN:-}" ] && give_up "MENTORCORE_PG_BIN=$MENTORCORE_PG_BIN holds no initdb."
command -v apt-get >/dev/null 2>&1 || give_up "no PostgreSQL found and no apt-get to install it."

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
else
    give_up "no PostgreSQL found; installing it needs root, and sudo is missing."
fi

echo "ensure_postgres: installing PostgreSQL's server binaries (apt-get install postgresql)"
apt_install() {
    $as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends postgresql
}
apt_install || { $as_root apt-get update -q && apt_install; } ||
    give_up "apt-get could not install postgresql."
have_postgres || give_up "postgresql is installed, but no initdb was found."
