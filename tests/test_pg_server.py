"""The real PostgreSQL server the tests run against (tests/pg_server.py): it starts
within seconds, durable and unprivileged, gives every test an empty database of its
own, stops cleanly, and fails (never skips) the tests when PostgreSQL is missing."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pg_server as pg_server_module
import psycopg
import pytest
from pg_server import PostgresServer, PostgresUnavailable, find_bin_dir, start_server

TESTS = Path(__file__).resolve().parent
SEEN: list[str] = []  # the databases the isolation tests were given, in order


def _user_tables(dsn: str) -> list[str]:
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    return [row[0] for row in rows]


def _databases(server: PostgresServer) -> set[str]:
    with psycopg.connect(server.admin_dsn) as conn:
        return {row[0] for row in conn.execute("SELECT datname FROM pg_database").fetchall()}


def test_the_session_server_is_postgresql_and_starts_in_seconds(pg_server: PostgresServer):
    binaries = subprocess.run(
        [str(pg_server.bin_dir / "postgres"), "--version"], capture_output=True, text=True
    ).stdout
    major = re.search(r"(\d+)", binaries).group(1)
    assert pg_server.version.startswith(f"PostgreSQL {major}"), pg_server.version
    assert int(major) >= 15
    print(f"PostgreSQL test server: initdb + start in {pg_server.startup_seconds:.2f} s")
    assert pg_server.startup_seconds < 15


def test_commits_are_durable_and_settings_as_asked(pg_dsn: str):
    with psycopg.connect(pg_dsn) as conn:
        show = {
            name: conn.execute(f"SHOW {name}").fetchone()[0]
            for name in ("fsync", "synchronous_commit", "shared_buffers", "max_connections")
        }
        assert conn.execute("SELECT version()").fetchone()[0].startswith("PostgreSQL ")
    assert show == {
        "fsync": "on",
        "synchronous_commit": "on",
        "shared_buffers": "64MB",
        "max_connections": "100",
    }


def test_the_server_never_runs_as_root(pg_server: PostgresServer):
    """initdb refuses root: as root (CI) the server runs as `postgres`, else as oneself."""
    owner = (pg_server.root / "data" / "postmaster.pid").stat().st_uid
    assert owner != 0
    if os.geteuid() == 0:
        assert pg_server.user == "postgres"
    else:
        assert (pg_server.user, owner) == (None, os.geteuid())


def test_it_listens_on_127_0_0_1_and_its_unix_socket(pg_server: PostgresServer, pg_dsn: str):
    dbname = pg_dsn.rsplit("/", 1)[1]
    assert pg_dsn == f"postgresql://postgres@127.0.0.1:{pg_server.port}/{dbname}"
    with psycopg.connect(
        host=str(pg_server.socket_dir), port=pg_server.port, user="postgres", dbname=dbname
    ) as conn:
        assert conn.execute("SELECT current_database()").fetchone()[0] == dbname
        assert conn.info.host == str(pg_server.socket_dir)


@pytest.mark.parametrize("turn", [1, 2])
def test_every_test_gets_a_fresh_empty_database(pg_server: PostgresServer, pg_dsn: str, turn):
    """Whichever runs second sees a new, empty database and the first one's dropped."""
    dbname = pg_dsn.rsplit("/", 1)[1]
    assert re.fullmatch(r"t_\d+", dbname)
    assert dbname not in SEEN
    assert _user_tables(pg_dsn) == []
    assert not set(SEEN) & _databases(pg_server), "an earlier test's database was not dropped"
    with psycopg.connect(pg_dsn) as conn:
        conn.execute("CREATE TABLE marker (turn int)")
        conn.execute("INSERT INTO marker VALUES (%s)", (turn,))
    assert _user_tables(pg_dsn) == ["marker"]
    SEEN.append(dbname)


def test_a_database_is_dropped_even_with_connections_left_open(pg_server: PostgresServer):
    name = pg_server.create_database()
    forgotten = psycopg.connect(pg_server.dsn(name))
    forgotten.execute("CREATE TABLE t (x int)")
    forgotten.commit()
    pg_server.drop_database(name)
    assert name not in _databases(pg_server)
    with pytest.raises(psycopg.OperationalError):
        forgotten.execute("SELECT 1")
    forgotten.close()


def test_a_second_server_starts_on_another_port_and_stops_without_a_trace(
    pg_server: PostgresServer,
):
    other = start_server()
    try:
        assert other.port != pg_server.port
        with psycopg.connect(other.admin_dsn) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        other.stop()
    assert not other.root.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(other.admin_dsn, connect_timeout=2)
    other.stop()  # a second stop does nothing
    with psycopg.connect(pg_server.admin_dsn) as conn:  # the session's server is untouched
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_a_port_taken_before_the_server_binds_it_is_retried(monkeypatch: pytest.MonkeyPatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        ports = iter([taken.getsockname()[1], pg_server_module._free_port()])
        monkeypatch.setattr(pg_server_module, "_free_port", lambda: next(ports))
        server = start_server()
        try:
            assert server.port != taken.getsockname()[1]
            with psycopg.connect(server.admin_dsn) as conn:
                assert conn.execute("SELECT 1").fetchone() == (1,)
        finally:
            server.stop()


def test_missing_binaries_name_make_test(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("MENTORCORE_PG_BIN", str(tmp_path))
    with pytest.raises(PostgresUnavailable, match=r"make test"):
        find_bin_dir()


def test_without_postgresql_the_tests_fail_rather_than_skip(tmp_path: Path):
    (tmp_path / "conftest.py").write_text(
        f"import sys\nsys.path.insert(0, {str(TESTS)!r})\nfrom pg_server import pg_dsn, pg_server\n"
    )
    (tmp_path / "test_needs_pg.py").write_text("def test_it(pg_dsn):\n    pass\n")
    env = {**os.environ, "MENTORCORE_PG_BIN": str(tmp_path / "nowhere")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout
    assert "1 error" in result.stdout, result.stdout
    assert "skipped" not in result.stdout, result.stdout
    assert "make test" in result.stdout
