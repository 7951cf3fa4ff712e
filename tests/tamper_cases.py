"""The hand edits of the tampering tests, and what each must lead to.

An edit of the log (``log``): the reads of what it touches fail naming the
stream and version, and so does a rebuild. An edit of the read model or of the
file's bookkeeping (``model``): a rebuild repairs it. ``Case`` with
``opening``: the file is refused when opened, unchanged.
"""

from __future__ import annotations

from tamper_kit import T1, T2, Case, Expect, log, model

from mentorcore import CorruptEvent, MentorcoreError, StoreError

MIDDLE = "DELETE FROM events WHERE stream_id = :t1 AND version = :mid"
GAP = "the event at position"
CASES = [
    # ---------------------------------------------------------------- the log, a tandem
    log("delete a middle event", MIDDLE, broken=T1, error=Expect(CorruptEvent, "t1", "n1 - 2")),
    log(
        "delete an event a snapshot covers",
        "DELETE FROM events WHERE stream_id = :t1 AND version = 3",
        # The tandem is read from its snapshot, as it was; the whole stream is not.
        broken=frozenset({"history T1", "activity ana"}),
        error=Expect(CorruptEvent, "t1", 3, "missing"),
    ),
    log(
        "delete a tandem's first event",
        "DELETE FROM events WHERE stream_id = :t1 AND version = 1",
        broken=frozenset({"history T1", "activity ana"}),
        error=Expect(CorruptEvent, "t1", 1),
    ),
    log(
        "delete the first event of a tandem without a snapshot",
        "DELETE FROM events WHERE stream_id = :t2 AND version = 1",
        broken=T2,
        error=Expect(CorruptEvent, "t2", 1),
        rebuild=Expect(StoreError, says=GAP),
    ),
    log(
        "delete a tandem's newest event",
        "DELETE FROM events WHERE stream_id = :t1 AND version = :n1",
        broken=T1,
        error=Expect(CorruptEvent, "t1", "n1", "missing"),
        rebuild=Expect(StoreError, says=GAP),
    ),
    log(
        "delete a whole tandem stream",
        "DELETE FROM events WHERE stream_id = :t1",
        broken=T1,
        error=Expect(CorruptEvent, "t1", 1),
        rebuild=Expect(StoreError, says=GAP),
    ),
    log(
        "renumber an event to a huge version",
        "UPDATE events SET version = 1000000 WHERE stream_id = :t1 AND version = :mid",
        broken=T1,
        error=Expect(CorruptEvent, "t1", "n1 - 2", "missing"),
    ),
    log(
        "renumber the newest event past a gap",
        "UPDATE events SET version = :n1 + 1 WHERE stream_id = :t1 AND version = :n1",
        broken=T1,
        error=Expect(CorruptEvent, "t1", "n1"),
    ),
    log(
        "swap two versions",
        "UPDATE events SET version = -1 WHERE stream_id = :t1 AND version = :mid - 1",
        "UPDATE events SET version = :mid - 1 WHERE stream_id = :t1 AND version = :mid",
        "UPDATE events SET version = :mid WHERE stream_id = :t1 AND version = -1",
        broken=T1,
        error=Expect(CorruptEvent, "t1", "n1 - 2", "reordered"),
    ),
    log(
        "give the newest event version 0",
        "UPDATE events SET version = 0 WHERE stream_id = :t1 AND version = :n1",
        broken=T1,
        error=Expect(CorruptEvent, "t1", "n1"),
        rebuild=Expect(CorruptEvent, "t1", 0, "count from 1"),
    ),
    log(
        "make a version text",
        "UPDATE events SET version = 'three' WHERE stream_id = :t1 AND version = :mid",
        broken=T1,
        error=Expect(CorruptEvent, "t1", "n1 - 2"),
    ),
    log(
        "move an event into another tandem's stream",
        "UPDATE events SET stream_id = :t2, version = :n2 + 1 "
        "WHERE stream_id = :t1 AND version = :n1",
        broken=T1 | T2,
        error=Expect(CorruptEvent, ("t1", "t2")),
        rebuild=Expect(CorruptEvent, "t2", "n2 + 1", "stored before version"),
    ),
    log(
        "swap two tandems' streams",
        "UPDATE events SET stream_id = 'x' WHERE stream_id = :t1",
        "UPDATE events SET stream_id = :t1 WHERE stream_id = :t2",
        "UPDATE events SET stream_id = :t2 WHERE stream_id = 'x'",
        broken=T1 | T2,
        error=Expect(CorruptEvent, ("t1", "t2"), 1, "belongs to another stream"),
    ),
    log(
        "rename a tandem's stream",
        "UPDATE events SET stream_id = 'tandem:00000000-0000-0000-0000-00000000beef' "
        "WHERE stream_id = :t1",
        broken=T1,
        error=Expect(CorruptEvent, "t1", 1),
        rebuild=Expect(CorruptEvent, says="belongs to another stream"),
    ),
    log(
        "point an event at another tandem",
        "UPDATE events SET data = json_set(data, '$.tandem_id', :t2id) "
        "WHERE stream_id = :t1 AND version = :mid",
        broken=T1,
        error=Expect(CorruptEvent, "t1", "n1 - 2", "belongs to another stream"),
    ),
    log(
        "rename an event to an unknown one",
        "UPDATE events SET name = 'tandem-teleported' WHERE stream_id = :t1 AND version = :mid",
        broken=T1,
        error=Expect(CorruptEvent, "t1", "n1 - 2", "unknown event name"),
    ),
    log(
        "rename an event to another tandem event",
        "UPDATE events SET name = 'tandem-completed' WHERE stream_id = :t1 AND version = :mid",
        broken=T1,
        error=Expect(CorruptEvent, "t1", "n1 - 2"),
    ),
    log(
        "rename an event to a person's event",
        "UPDATE events SET name = 'enrolled' WHERE stream_id = :t1 AND version = :mid",
        broken=T1,
        error=Expect(CorruptEvent, "t1", "n1 - 2"),
    ),
    log(
        "cut an event's JSON short",
        "UPDATE events SET data = substr(data, 1, 20) WHERE stream_id = :t1 AND version = :mid",
        broken=T1,
        error=Expect(CorruptEvent, "t1", "n1 - 2"),
    ),
    log(
        "put bytes that are not UTF-8 into an event",
        "UPDATE events SET data = CAST(X'7B22FF227D' AS TEXT) "
        "WHERE stream_id = :t1 AND version = :mid",
        broken=T1,
        error=Expect(CorruptEvent, "t1", "n1 - 2", "UTF-8"),
    ),
    log(
        "store an event's data as a blob",
        "UPDATE events SET data = X'7B7D' WHERE stream_id = :t1 AND version = :mid",
        broken=T1,
        error=Expect(CorruptEvent, "t1", "n1 - 2"),
    ),
    log(
        "nest an event's data 100000 deep",
        "UPDATE events SET data = printf('%.*c%.*c', 100000, '[', 100000, ']') "
        "WHERE stream_id = :t1 AND version = :mid",
        broken=T1,
        error=Expect(CorruptEvent, "t1", "n1 - 2"),
    ),
    log(
        "make a tandem's mentee someone unregistered",
        "UPDATE events SET data = json_set(data, '$.mentee', 'ghost') "
        "WHERE stream_id = :t2 AND version = 1",
        broken=T2 - {"activity dave"},
        error=Expect(CorruptEvent, "t2", "n2", "disagree"),
        as_stored=frozenset({"activity dave"}),
        rebuild=Expect(CorruptEvent, "t2", 1, "not registered"),
    ),
    # ---------------------------------------------------------------- the log, people
    log(
        "delete the registration of a person with enrolments and tandems",
        "DELETE FROM events WHERE stream_id = 'person:ana' AND version = 1",
        broken=frozenset({"activity ana"}),
        error=Expect(CorruptEvent, "ana", 1),
    ),
    log(
        "delete the registration of a person who has nothing else",
        "DELETE FROM events WHERE stream_id = 'person:eva'",
        broken=frozenset(),
        error=Expect(StoreError),
        rebuild=Expect(StoreError, says=GAP),
    ),
    log(
        "give a person's event another person's id",
        "UPDATE events SET data = json_set(data, '$.person_id', 'finn') "
        "WHERE stream_id = 'person:ana' AND version = 2",
        broken=frozenset({"activity ana"}),
        error=Expect(CorruptEvent, "ana", 2, "belongs to another stream"),
    ),
    log(
        "move a person's newest event to another person",
        "UPDATE events SET stream_id = 'person:finn', version = 100 WHERE position = "
        "(SELECT MAX(position) FROM events WHERE stream_id = 'person:ana')",
        broken=frozenset({"activity ana", "write ana"}),
        error=Expect(CorruptEvent, "ana", 2, "missing"),
        rebuild=Expect(CorruptEvent, "finn", 3, "missing"),
    ),
    # ---------------------------------------------------------------- rows added by hand
    Case(
        "insert an event at a huge version",
        (
            "INSERT INTO events (stream_id, version, name, data) SELECT stream_id, 1000000, "
            "name, data FROM events WHERE stream_id = :t1 AND version = :n1",
        ),
        opening=Expect(CorruptEvent, "t1", "n1 + 1", "missing"),
    ),
    Case(
        "append a copy of a tandem's first event",
        (
            "INSERT INTO events (stream_id, version, name, data) SELECT stream_id, :n1 + 1, "
            "name, data FROM events WHERE stream_id = :t1 AND version = 1",
        ),
        opening=Expect(CorruptEvent, "t1", "n1 + 1", "impossible"),
    ),
    Case(
        "insert an event at a far position",
        (
            "INSERT INTO events (position, stream_id, version, name, data) "
            "VALUES (1000000000, 'elsewhere', 1, 'note', '{}')",
        ),
        opening=Expect(StoreError, says=GAP),
    ),
    Case(
        "recreate the events table without its unique key, with a duplicate",
        (
            "CREATE TABLE copy AS SELECT * FROM events",
            "DROP TABLE events",
            "CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT "
            "NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL)",
            "INSERT INTO events SELECT * FROM copy",
            "INSERT INTO events (stream_id, version, name, data) SELECT stream_id, version, "
            "name, data FROM events WHERE stream_id = :t1 AND version = :mid",
            "DROP TABLE copy",
        ),
        opening=Expect(StoreError, says="not the one mentorcore made"),
    ),
    # ---------------------------------------------------------------- the read model
    model(
        "delete a tandem's summary",
        "DELETE FROM tandems WHERE tandem_id = :t1id",
        broken=T1 - {"calendar", "activity ana"},
        error=Expect(CorruptEvent, "t1", 1, "no such tandem"),
        stale=frozenset({"tandems", "calendar", "activity ana"}),
    ),
    model(
        "edit a tandem's status in its summary",
        "UPDATE tandems SET status = 'declined' WHERE tandem_id = :t1id",
        broken=T1 - {"activity ana"},
        error=Expect(CorruptEvent, "t1", "n1", "disagree"),
        stale=frozenset({"tandems"}),
    ),
    model(
        "edit a tandem's version in its summary",
        "UPDATE tandems SET version = :n1 + 5 WHERE tandem_id = :t1id",
        broken=T1 - {"activity ana"},
        error=Expect(CorruptEvent, "t1", "n1 + 1", "missing"),
        stale=frozenset({"tandems"}),
    ),
    model(
        "edit a snapshot",
        "UPDATE snapshots SET data = json_set(data, '$.goals[0].text', 'forged')",
    ),
    model("delete the snapshots", "DELETE FROM snapshots"),
    model(
        "edit a stream's head",
        "UPDATE heads SET version = version + 1 WHERE stream_id = :t2",
        broken=T2,
        error=Expect(CorruptEvent, "t2", "n2 + 1", "missing"),
    ),
    model(
        "delete a person's row",
        "DELETE FROM persons WHERE person_id = 'eva'",
        broken=frozenset({"person eva", "write ana"}),
        error=Expect(MentorcoreError, says="eva"),
    ),
    model(
        "edit a person's row",
        "UPDATE persons SET data = json_set(data, '$.name', 'Mallory') WHERE person_id = 'ana'",
        stale=frozenset({"person ana", "mentees", "calendar", "view T1", "activity ana"}),
    ),
    model(
        "delete a relation's row",
        "DELETE FROM relations",
        stale=frozenset({"relations"}),
    ),
    model("drop the meta table", "DROP TABLE meta"),
    model("drop a projection table", "DROP TABLE tandems"),
    model("drop the heads", "DROP TABLE heads"),
    model(
        "change a projection table's shape",
        "DROP TABLE persons",
        "CREATE TABLE persons (person_id TEXT, data TEXT, extra TEXT)",
    ),
    model(
        "change the projections version", "UPDATE meta SET value = 'x' WHERE key = 'projections'"
    ),
    model("forget what the read model saw", "DELETE FROM meta WHERE key = 'log_position'"),
    model("lower SQLite's position counter", "UPDATE sqlite_sequence SET seq = 1"),
    model("delete SQLite's position counter", "DELETE FROM sqlite_sequence"),
    Case(
        "change the store schema",
        ("UPDATE meta SET value = '0' WHERE key = 'schema'",),
        opening=Expect(StoreError, says="schema 0"),
    ),
    Case(
        "change the schema mark",
        ("PRAGMA user_version = 7",),
        opening=Expect(StoreError, says="schema 7"),
    ),
    Case(
        "change the application mark",
        ("PRAGMA application_id = 42",),
        opening=Expect(StoreError, says="another application"),
    ),
    Case(
        "drop the events table",
        ("DROP TABLE events",),
        opening=Expect(StoreError, says="lost its events table"),
    ),
]
