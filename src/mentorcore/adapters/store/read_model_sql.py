"""The read model's SQL, written once for SQLite and PostgreSQL: the tables and
the statements that change them (``?`` marks; :class:`~.read_model.Dialect`
translates them)."""

from __future__ import annotations

TANDEM_COLUMNS = (
    "tandem_id, programme_key, track, mentee, mentor, origin, status, version, created_at, "
    "activated_at, ended_at, last_activity_at, predecessor, opted_in, position, rematch_requested"
)
#: The read model's tables, in the order they are made.
TABLES = (
    "persons",
    "enrolments",
    "relations",
    "tandems",
    "acknowledgements",
    "snapshots",
    "meetings",
    "heads",
    "erasures",
    "messages",
    "mail_preferences",
    "feedback",
)
SCHEMA = """
CREATE TABLE IF NOT EXISTS persons (
    person_id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS enrolments (
    person_id TEXT NOT NULL, programme_key TEXT NOT NULL, role TEXT NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY (person_id, programme_key, role));
CREATE INDEX IF NOT EXISTS enrolments_by_programme ON enrolments (programme_key, role, person_id);
CREATE TABLE IF NOT EXISTS relations (
    subject TEXT NOT NULL, kind TEXT NOT NULL, object TEXT NOT NULL,
    PRIMARY KEY (subject, kind, object));
CREATE INDEX IF NOT EXISTS relations_by_object ON relations (object);
CREATE TABLE IF NOT EXISTS tandems (
    tandem_id TEXT PRIMARY KEY, programme_key TEXT NOT NULL, track TEXT,
    mentee TEXT NOT NULL, mentor TEXT NOT NULL, origin TEXT NOT NULL,
    status TEXT NOT NULL, version {int} NOT NULL, created_at TEXT NOT NULL,
    activated_at TEXT, ended_at TEXT, last_activity_at TEXT NOT NULL,
    predecessor TEXT, opted_in TEXT NOT NULL, position {int} NOT NULL,
    rematch_requested {int} NOT NULL);
CREATE INDEX IF NOT EXISTS tandems_by_programme ON tandems (programme_key, position);
CREATE INDEX IF NOT EXISTS tandems_by_mentee ON tandems (mentee, position);
CREATE INDEX IF NOT EXISTS tandems_by_mentor ON tandems (mentor, position);
CREATE TABLE IF NOT EXISTS acknowledgements (
    key TEXT PRIMARY KEY, tandem_id TEXT, position {int} NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (
    stream_id TEXT PRIMARY KEY, version {int} NOT NULL, data TEXT NOT NULL,
    digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meetings (
    meeting_id TEXT PRIMARY KEY, tandem_id TEXT NOT NULL, position {int} NOT NULL);
CREATE TABLE IF NOT EXISTS heads (
    stream_id TEXT PRIMARY KEY, version {int} NOT NULL);
CREATE TABLE IF NOT EXISTS erasures (
    subject TEXT PRIMARY KEY, erased_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
    message_id TEXT PRIMARY KEY, key TEXT NOT NULL, kind TEXT NOT NULL,
    recipient_id TEXT NOT NULL, status TEXT NOT NULL, attempts {int} NOT NULL,
    retry_at TEXT, code {int}, position {int} NOT NULL);
CREATE INDEX IF NOT EXISTS messages_by_status ON messages (status, position);
CREATE TABLE IF NOT EXISTS mail_preferences (
    person_id TEXT NOT NULL, programme_key TEXT NOT NULL, kind TEXT NOT NULL,
    receive {int} NOT NULL, PRIMARY KEY (person_id, programme_key, kind));
CREATE TABLE IF NOT EXISTS feedback (
    request_key TEXT NOT NULL, person_id TEXT NOT NULL, tandem_id TEXT NOT NULL,
    kind TEXT NOT NULL, role TEXT NOT NULL, given_at TEXT NOT NULL, position {int} NOT NULL,
    PRIMARY KEY (request_key, person_id));
CREATE INDEX IF NOT EXISTS feedback_by_tandem ON feedback (tandem_id, position);
"""

PUT_TANDEM = (
    f"INSERT INTO tandems ({TANDEM_COLUMNS}) VALUES ({','.join('?' * 16)}) "
    "ON CONFLICT (tandem_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in TANDEM_COLUMNS.split(", ")[1:])
)
PUT_PERSON = (
    "INSERT INTO persons (person_id, data) VALUES (?, ?) "
    "ON CONFLICT (person_id) DO UPDATE SET data = excluded.data"
)
PUT_ENROLMENT = (
    "INSERT INTO enrolments (person_id, programme_key, role, data) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (person_id, programme_key, role) DO UPDATE SET data = excluded.data"
)
GET_ENROLMENT = "SELECT data FROM enrolments WHERE person_id = ? AND programme_key = ? AND role = ?"
ENROLMENTS_OF = "SELECT person_id, programme_key, role, data FROM enrolments WHERE person_id = ?"
DROP_ENROLMENT = "DELETE FROM enrolments WHERE person_id = ? AND programme_key = ? AND role = ?"
ADD_RELATION = (
    "INSERT INTO relations (subject, kind, object) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
)
DROP_RELATION = "DELETE FROM relations WHERE subject = ? AND kind = ? AND object = ?"
PUT_ACK = (
    "INSERT INTO acknowledgements (key, tandem_id, position) VALUES (?, ?, ?) "
    "ON CONFLICT DO NOTHING"
)
# The earliest proposal keeps a meeting id, inline and in a rebuild alike.
PUT_MEETING = (
    "INSERT INTO meetings (meeting_id, tandem_id, position) VALUES (?, ?, ?) "
    "ON CONFLICT (meeting_id) DO UPDATE SET tandem_id = excluded.tandem_id, "
    "position = excluded.position WHERE excluded.position < meetings.position"
)
PUT_HEAD = (
    "INSERT INTO heads (stream_id, version) VALUES (?, ?) "
    "ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version"
)
PUT_ERASURE = "INSERT INTO erasures (subject, erased_at) VALUES (?, ?) ON CONFLICT DO NOTHING"
PUT_SNAPSHOT = (
    "INSERT INTO snapshots (stream_id, version, data, digest) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, data = excluded.data, "
    "digest = excluded.digest"
)
DROP_SNAPSHOT = "DELETE FROM snapshots WHERE stream_id = ?"
PUT_MESSAGE = (
    "INSERT INTO messages (message_id, key, kind, recipient_id, status, attempts, retry_at, "
    "code, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO UPDATE SET "
    "status = excluded.status, attempts = excluded.attempts, retry_at = excluded.retry_at, "
    "code = excluded.code, position = excluded.position"
)
PUT_PREFERENCE = (
    "INSERT INTO mail_preferences (person_id, programme_key, kind, receive) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (person_id, programme_key, kind) DO UPDATE SET receive = excluded.receive"
)
DROP_PREFERENCES = "DELETE FROM mail_preferences WHERE person_id = ?"
PUT_FEEDBACK = (
    "INSERT INTO feedback (request_key, person_id, tandem_id, kind, role, given_at, position) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
)
