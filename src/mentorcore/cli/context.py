"""What every command shares: the database, the actor, the clock and the output mode.

The global options (``--db``, ``--as``, ``--today``, ``--json``, ``--lang``)
may be given before the command or after it; a value given after it wins.
Environment variables (``MENTORCORE_DB``, ``MENTORCORE_AS``,
``MENTORCORE_NOW``, ``MENTORCORE_LANG``) stand in for options not given at
all. The language is chosen before the command line is read
(:mod:`mentorcore.cli.language`), so that its errors and help are in it too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import click

from mentorcore import Actor, Clock, Engine, FixedClock, SystemClock
from mentorcore.adapters.store.opening import is_postgres
from mentorcore.cli.dates import DateError, is_day, parse_datetime, parse_day
from mentorcore.cli.language import LANG_ENV, check
from mentorcore.cli.resolve import Unknown, close_to
from mentorcore.i18n import SUPPORTED, _, mark

F = TypeVar("F", bound=Callable[..., Any])

DB_ENV = "MENTORCORE_DB"
AS_ENV = "MENTORCORE_AS"
NOW_ENV = "MENTORCORE_NOW"
DEFAULT_DB = Path("mentorcore.db")
_UNFIT = re.compile("[\x00\ud800-\udfff]")
#: What ``--as`` takes for the system actor (scheduled jobs, administrators).
SYSTEM = "system"


@dataclass
class Session:
    """One invocation's settings and, once opened, its engine.

    :ivar db: The SQLite file, or a PostgreSQL URL.
    :ivar who: The ``--as`` value, or ``None`` when not given.
    :ivar now: The ``--today`` moment, or ``None`` for the wall clock.
    :ivar json: Whether to print JSON instead of tables.
    """

    db: Path | str = DEFAULT_DB
    who: str | None = None
    now: datetime | None = None
    json: bool = False
    _clock: Clock | None = field(default=None, repr=False)
    _engine: Engine | None = field(default=None, repr=False)

    @property
    def clock(self) -> Clock:
        """The clock every engine of this invocation shares."""
        if self._clock is None:
            self._clock = FixedClock(self.now) if self.now is not None else SystemClock()
        return self._clock

    def engine(self, *, create: bool = False) -> Engine:
        """The engine on :attr:`db`, opened on first use and closed with the command.

        :param create: Whether a missing database file may be created (only
            commands that write people do); otherwise a missing file is a
            usage error, so a mistyped ``--db`` does not leave an empty file.
        :raises click.UsageError: the database does not exist and *create* is false.
        """
        if self._engine is None:
            if not create and not self.exists():
                raise click.UsageError(
                    str(
                        _(
                            "no database at {path}: give --db PATH (or {env}), "
                            "or create one with `mentorcore import`",
                            path=str(self.db),
                            env=DB_ENV,
                        )
                    )
                )
            self._engine = Engine(self.db, clock=self.clock)
            click.get_current_context().call_on_close(self._close)
        return self._engine

    def exists(self) -> bool:
        """Whether the database is there (a PostgreSQL database always is: its
        schema is made on first use, so a command finds it empty at worst)."""
        return is_postgres(self.db) or Path(self.db).exists()

    @property
    def opened(self) -> Engine | None:
        """The engine if a command opened it, else ``None``."""
        return self._engine

    def _close(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None

    def discard_new_database(self) -> None:
        """Close the engine and remove the database file (and SQLite's files
        beside it) if it holds no event: for a command that created it and
        then failed, so that bad input leaves no file behind. A database
        another writer has written to meanwhile is kept."""
        if self._engine is None:
            return
        empty = self._engine.store.position() == 0
        self._close()
        if empty and not is_postgres(self.db):
            path = Path(self.db)
            for suffix in ("", "-wal", "-shm", "-journal"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)

    def actor(self, *, newcomers: Collection[str] | None = None) -> Actor:
        """The actor named by ``--as``: the system, or a person the database knows.

        :param newcomers: The people an import is about to register: they may
            act before they are stored, and a missing database is no error.
        :raises click.UsageError: no actor was named.
        :raises Unknown: no person has the id given (exit 2, with the close ids).
        """
        if not self.who:
            raise click.UsageError(
                str(
                    _(
                        "say who acts: --as PERSON (or --as {system}, or set {env})",
                        system=SYSTEM,
                        env=AS_ENV,
                    )
                )
            )
        if self.who == SYSTEM:
            return Actor.system()
        if newcomers is not None and self.who in newcomers:
            return Actor.person(self.who)
        new = newcomers is not None and self._engine is None and not self.exists()
        everyone = () if new else self.engine().state.index.persons
        if self.who not in everyone:
            raise Unknown("person", self.who, close_to(self.who, [*everyone, SYSTEM]))
        return Actor.person(self.who)

    def today(self, timezone: str) -> date:
        """Today's date in *timezone*, by this invocation's clock."""
        return self.clock.now().astimezone(ZoneInfo(timezone)).date()


def session() -> Session:
    """The current invocation's :class:`Session`."""
    return click.get_current_context().ensure_object(Session)


def parse_moment(text: str) -> datetime:
    """A day (``2026-10-05`` or ``5.10.2026``: noon UTC that day) or a date and
    time (naive means UTC), as :mod:`mentorcore.cli.dates` reads them.

    Noon keeps the date the same in every time zone from UTC-11 to UTC+11.

    :raises DateError: *text* is neither, or outside the accepted years; the
        message says why in words.
    """
    if is_day(text):
        return datetime.combine(parse_day(text), time(12), tzinfo=UTC)
    moment = parse_datetime(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _store(name: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        # Flags not given are False and options not given None: neither may
        # overwrite what the group level already set.
        if value is None or value is False:
            return value
        if isinstance(value, str) and _UNFIT.search(value):
            # From the environment: the command line is checked as a whole.
            problem = _("'{value}' is not text (not UTF-8, or NUL)", value=repr(value)[1:-1])
            raise click.BadParameter(str(problem), ctx, param)
        if name == "now":
            try:
                value = parse_moment(value)
            except DateError as error:
                raise click.BadParameter(str(error), ctx, param) from None
        setattr(ctx.ensure_object(Session), name, value)
        return value

    return callback


def _language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    # Chosen before the command line is read (mentorcore.cli.language); here
    # only checked, so that the help lists it and a wrong value is named.
    return check(value)


class DatabaseLocation(click.Path):
    """A SQLite file (as a path), or a PostgreSQL URL (kept as it is)."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and is_postgres(value):
            return value
        return super().convert(value, param, ctx)


def global_options(*, env: bool) -> Callable[[F], F]:
    """The shared options; *env* reads the environment (only at the group level,
    so that an option given after the command still wins)."""

    def decorate(f: F) -> F:
        options = [
            click.option(
                "--db",
                type=DatabaseLocation(),
                envvar=DB_ENV if env else None,
                expose_value=False,
                callback=_store("db"),
                help=mark(
                    "SQLite file, or a PostgreSQL URL postgresql://… "
                    "(default ./mentorcore.db; env MENTORCORE_DB)."
                ),
            ),
            click.option(
                "--as",
                "who",
                metavar="PERSON",
                envvar=AS_ENV if env else None,
                expose_value=False,
                callback=_store("who"),
                help=mark("Who acts or views: a person id, or 'system' (env MENTORCORE_AS)."),
            ),
            click.option(
                "--today",
                "now",
                metavar="DATE",
                envvar=NOW_ENV if env else None,
                expose_value=False,
                callback=_store("now"),
                help=mark(
                    "Set the clock: YYYY-MM-DD, TT.MM.JJJJ or a date-time (env MENTORCORE_NOW)."
                ),
            ),
            click.option(
                "--json",
                "json",
                is_flag=True,
                default=False,
                expose_value=False,
                callback=_store("json"),
                help=mark("Print JSON for scripts instead of tables."),
            ),
            click.option(
                "--lang",
                metavar="|".join(SUPPORTED),
                envvar=LANG_ENV if env else None,
                expose_value=False,
                callback=_language,
                help=mark(
                    "The language of the output: de or en (env MENTORCORE_LANG; "
                    "default: the system's, else the programme's)."
                ),
            ),
        ]
        for option in reversed(options):
            f = option(f)
        return f

    return decorate


common = global_options(env=False)
