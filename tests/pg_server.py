"""A real PostgreSQL server for the test session (issue 13).

`pg_server` (session scope) runs initdb in a fresh temporary directory and starts
the server on a free port of 127.0.0.1, with its Unix socket in the same directory;
it is stopped (`pg_ctl stop -m fast`) and the directory removed at the session's
end, also after a failure or Ctrl-C (fixture finaliser and atexit). `pg_dsn`
(function scope) creates an empty database per test and drops it afterwards.

The binaries come from `$MENTORCORE_PG_BIN`, else the newest Debian
`/usr/lib/postgresql/*/bin`, else `initdb` on PATH; `make test` installs them
(scripts/ensure_postgres.sh). Missing binaries FAIL the tests, never skip them.
initdb refuses to run as root, so as root the server runs as the unprivileged
`postgres` user (`runuser`); otherwise as the current user. Commits are durable
(`fsync=on`), as in production: benchmarks measure them.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import psycopg

INSTALL_HINT = (
    "run `make test` (scripts/ensure_postgres.sh installs Debian's postgresql), "
    "or set MENTORCORE_PG_BIN to a directory holding initdb, pg_ctl and postgres"
)
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "on",
    "shared_buffers": "64MB",
    "max_connections": "100",
    "unix_socket_permissions": "0777",
    "logging_collector": "off",
}
START_TIMEOUT = 30  # seconds pg_ctl waits for the server to accept connections
PORT_ATTEMPTS = 5


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server could be found or started; the message says why."""


def find_bin_dir() -> Path:
    """The directory with initdb, pg_ctl and postgres (see the module docstring)."""
    override = os.environ.get("MENTORCORE_PG_BIN")
    if override:
        candidates = [Path(override)]
    else:
        debian = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if p.parent.name.isdigit()]
        candidates = sorted(debian, key=lambda p: int(p.parent.name), reverse=True)
        on_path = shutil.which("initdb")
        if on_path:
            candidates.append(Path(on_path).parent)
    for folder in candidates:
        if all((folder / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return folder
    raise PostgresUnavailable(f"no PostgreSQL server binaries (initdb) found: {INSTALL_HINT}")


def _server_user() -> str | None:
    """The account the server runs as: None for the current one, else (as root) `postgres`."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            if shutil.which("runuser") is None:
                raise PostgresUnavailable("running as root, but `runuser` is missing")
            return name
    raise PostgresUnavailable("running as root, but there is no `postgres` user to run initdb")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _base_dir() -> str:
    """A temp dir every user can traverse, with a short path (Unix sockets allow ~100 bytes)."""
    base = tempfile.gettempdir()
    reachable = all(os.stat(p).st_mode & 0o001 for p in [base, *map(str, Path(base).parents)])
    return base if reachable and len(base) < 40 else "/tmp"


@dataclass
class PostgresServer:
    """A running server: connect as the superuser `postgres` without a password."""

    host: str
    port: int
    socket_dir: Path
    root: Path
    bin_dir: Path
    user: str | None
    startup_seconds: float
    version: str
    _stopped: bool = field(default=False, repr=False)
    _databases: Iterator[int] = field(default_factory=lambda: itertools.count(1), repr=False)

    def dsn(self, dbname: str) -> str:
        """A `postgresql://` URL for *dbname* over TCP."""
        return f"postgresql://postgres@{self.host}:{self.port}/{dbname}"

    @property
    def admin_dsn(self) -> str:
        """The maintenance database `postgres`, to create and drop databases."""
        return self.dsn("postgres")

    def create_database(self) -> str:
        """A new, empty database; its name (`t_1`, `t_2`, ...)."""
        name = f"t_{next(self._databases)}"
        with _admin(self) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        """Drop *name*, ending the connections a test left open first."""
        with _admin(self) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def log(self) -> str:
        """The server's log so far."""
        return _read_log(self.root)

    def stop(self) -> None:
        """Stop the server and remove its directory; idempotent."""
        if self._stopped:
            return
        self._stopped = True
        _stop(self.bin_dir, self.root, self.user)


def _admin(server: PostgresServer) -> psycopg.Connection[tuple[Any, ...]]:
    """An autocommit connection to the maintenance database."""
    try:
        import psycopg
    except ImportError as missing:
        raise PostgresUnavailable(f"psycopg is not installed: {INSTALL_HINT}") from missing
    return psycopg.connect(server.admin_dsn, autocommit=True, connect_timeout=10)


def _run(args: list[str], user: str | None, cwd: Path, timeout: float) -> str:
    """Run a PostgreSQL tool as *user*; its output, or PostgresUnavailable with it."""
    command = ["runuser", "-u", user, "--", *args] if user else args
    env = {**os.environ, "LC_ALL": "C", "TZ": "UTC"}
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode:
        raise PostgresUnavailable(
            f"{' '.join(command)} exited with {done.returncode}:\n{done.stdout}{done.stderr}"
        )
    return done.stdout


def _read_log(root: Path) -> str:
    try:
        return (root / "server.log").read_text(errors="replace")
    except OSError as error:
        return f"(no server log: {error})"


def _stop(bin_dir: Path, root: Path, user: str | None) -> None:
    data = root / "data"
    if (data / "postmaster.pid").exists():
        pg_ctl = [str(bin_dir / "pg_ctl"), "stop", "-D", str(data), "-m", "fast", "-w"]
        try:
            _run([*pg_ctl, "-t", "20"], user, root, timeout=30)
        except (PostgresUnavailable, subprocess.TimeoutExpired):
            with contextlib.suppress(PostgresUnavailable, subprocess.TimeoutExpired):
                _run([*pg_ctl[:-2], "immediate", "-w"], user, root, timeout=30)
    shutil.rmtree(root, ignore_errors=True)


def _reap_orphans(bin_dir: Path, user: str | None) -> None:
    """Stop the servers of earlier sessions that were killed (SIGKILL, SIGTERM) before
    they could stop them, and remove their directories: only those this account made."""
    for root in Path(_base_dir()).glob("mcpg-*"):
        owner = root / "owner"
        try:
            if owner.stat().st_uid != os.geteuid():
                continue
            os.kill(int(owner.read_text()), 0)
        except ProcessLookupError:
            _stop(bin_dir, root, user)
        except (OSError, ValueError):
            continue


def start_server() -> PostgresServer:
    """initdb and start a server in a fresh temporary directory (see the module docstring)."""
    began = time.monotonic()
    bin_dir = find_bin_dir()
    user = _server_user()
    _reap_orphans(bin_dir, user)
    root = Path(tempfile.mkdtemp(prefix="mcpg-", dir=_base_dir()))
    atexit.register(_stop, bin_dir, root, user)  # Ctrl-C or a crash before the finaliser
    try:
        (root / "owner").write_text(str(os.getpid()))
        if user:
            account = pwd.getpwnam(user)
            os.chown(root, account.pw_uid, account.pw_gid)
        root.chmod(0o755)  # the socket lives here; whoever runs the tests may connect
        data = root / "data"
        initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
        _run(
            [*initdb, "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
            user,
            root,
            timeout=120,
        )
        settings = {**SETTINGS, "unix_socket_directories": f"'{root}'"}
        with (data / "postgresql.conf").open("a") as conf:
            conf.write("\n# tests/pg_server.py\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        port = _start(bin_dir, root, user)
        server = PostgresServer(
            host="127.0.0.1",
            port=port,
            socket_dir=root,
            root=root,
            bin_dir=bin_dir,
            user=user,
            startup_seconds=0.0,
            version="",
        )
        server.version = _wait_until_connectable(server)
        server.startup_seconds = time.monotonic() - began
        return server
    except BaseException:
        _stop(bin_dir, root, user)
        raise


def _start(bin_dir: Path, root: Path, user: str | None) -> int:
    """Start the server on a free port, trying another when one was taken meanwhile."""
    for _ in range(PORT_ATTEMPTS):
        port = _free_port()
        (root / "server.log").unlink(missing_ok=True)
        pg_ctl = [str(bin_dir / "pg_ctl"), "start", "-D", str(root / "data"), "-w"]
        logfile = ["-l", str(root / "server.log")]
        try:
            _run(
                [*pg_ctl, "-t", str(START_TIMEOUT), *logfile, "-o", f"-p {port}"],
                user,
                root,
                timeout=START_TIMEOUT + 10,
            )
            return port
        except (PostgresUnavailable, subprocess.TimeoutExpired) as failed:
            log = _read_log(root)
            if re.search(r"could not bind|Address already in use", log):
                continue
            raise PostgresUnavailable(
                f"PostgreSQL did not start: {failed}\nserver log:\n{log}"
            ) from failed
    raise PostgresUnavailable(f"no free port after {PORT_ATTEMPTS} attempts:\n{_read_log(root)}")


def _wait_until_connectable(server: PostgresServer) -> str:
    """The server's `select version()`, once a connection succeeds (pg_ctl -w waited already)."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            with _admin(server) as conn:
                row = conn.execute("SELECT version()").fetchone()
                return str(row[0]) if row else ""
        except PostgresUnavailable:
            raise
        except Exception as error:
            if time.monotonic() > deadline:
                raise PostgresUnavailable(
                    f"PostgreSQL on port {server.port} accepts no connection: {error}\n"
                    f"server log:\n{server.log()}"
                ) from error
            time.sleep(0.1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the session; fails (never skips) when none can start."""
    try:
        server = start_server()
    except PostgresUnavailable as error:
        pytest.fail(f"PostgreSQL test server: {error}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_dsn(pg_server: PostgresServer) -> Iterator[str]:
    """The URL of a fresh, empty database of its own for this test; dropped afterwards."""
    try:
        name = pg_server.create_database()
    except PostgresUnavailable as error:
        pytest.fail(f"PostgreSQL test database: {error}", pytrace=False)
    try:
        yield pg_server.dsn(name)
    finally:
        pg_server.drop_database(name)
