"""Strategies for fuzzing the ``mentorcore`` command (no tests here): the
command tree read from click, and argument values chosen by each parameter's
name and type (hostile ``--today``/``--at``/``--as`` values among them).

Argument strings never hold NUL (no shell can pass one) but may hold lone
surrogates: Python decodes undecodable argv bytes to ``\\udc80``-``\\udcff``.
The hostile files themselves: ``tests/fuzz_files.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
from fuzz_files import import_file_kinds
from fuzz_kit import MEGABYTE
from fuzz_world import PURPOSES, TandemInfo, World
from hypothesis import strategies as st

S = st.SearchStrategy


def leaf_commands(group: click.Group) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every runnable command under *group*, as ``(path, command)``."""
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from (((name, *path), c) for path, c in leaf_commands(command))
        else:
            yield (name,), command


_ODD = (
    "",
    " ",
    "\t",
    "\x07",
    "\x1b[2J\x1b[H",
    "\r",
    "\n",
    "a\r\nb",
    "\u202eevil",
    "\udcff",
    "\ud800",
    "\U0001f600",
    "x/../../escaped",
    "../../etc/passwd",
    "-",
    "--",
    "--help",
    "-h",
    "system",
    "0",
    "-1",
    "²",
    "１",
    "٣",
    "a" * 300,
    "%s",
    "{}",
    "NaN",
)
cli_text = st.one_of(
    st.sampled_from((*_ODD, str(MEGABYTE[:200_000]))),
    st.text(st.characters(exclude_categories=(), exclude_characters="\x00"), max_size=30),
)
DATES = (
    "2029-03-21",
    "9999-12-31",
    "0001-01-01",
    "2029-02-30",
    "2029-13-01",
    "21.03.2029",
    "03/21/2029",
    "tomorrow",
    "2029-W12-3",
    "20290321",
    "２０２９-０３-２１",
    "1e9",
    "2029-03-21T10:00",
    "9999-12-31T23:59:59-12:00",
    "0001-01-01 00:10",
)
DATETIMES = (
    *DATES,
    "2029-03-21 10:00",
    "2029-03-21T10:00:00+02:00",
    "2029-03-21T10:00Z",
    "2029-03-21 24:00",
    "2029-03-21 25:61",
    "2029-03-21T10:00:00+25:00",
    "2029-03-29 02:30",
    "2029-10-25 02:30",
    "9999-12-31 23:59",
    "0001-01-01T00:00+14:00",
    "2029-03-21T10:00:00.999999999",
    " 2029-03-21 10:00 ",
    "10:00",
)
INTS = (
    "0",
    "1",
    "2",
    "-1",
    "60",
    "1441",
    "99999999999999999999999999999999999999999",
    "1e3",
    "0x10",
    "٣",
    "１",
    "²",
    " 7 ",
    "+5",
    "nan",
    "-0",
)
date_text = st.one_of(st.sampled_from(DATES), st.dates().map(str), cli_text)
datetime_text = st.one_of(
    st.sampled_from(DATETIMES),
    st.datetimes().map(str),
    st.datetimes().map(lambda d: d.isoformat()),
    cli_text,
)
int_text = st.one_of(st.sampled_from(INTS), st.integers().map(str), cli_text)


def _pick(real: tuple[str, ...], other: S[str]) -> S[str]:
    return st.one_of(st.sampled_from(real), st.sampled_from(real), other) if real else other


class Values:
    """Argument values for one world, by parameter name and type.

    With a *tandem*, values fit it (its id, its people acting, its meetings'
    numbers, dates near the world's now) as the *mood* says, so commands get
    past the lookups to their rules; without one, anything from the world or junk.
    """

    def __init__(
        self, world: World, folder: Path, tandem: TandemInfo | None = None, mood: str = "mixed"
    ) -> None:
        self.world, self.folder, self.tandem, self.mood = world, folder, tandem, mood

    def _fit(self, fitting: tuple[str, ...], other: S[str]) -> S[str]:
        """*fitting* values (about the tandem) for a ``"sane"`` mood, *other* (junk,
        or anything from the world) for ``"wild"``, mostly fitting for ``"mixed"``."""
        if self.tandem is None or not fitting or self.mood == "wild":
            return other
        if self.mood == "sane":
            return st.sampled_from(fitting)
        return st.one_of(*[st.sampled_from(fitting)] * 5, other)

    def text(self) -> S[str]:
        return self._fit(("Talked about electives", "Zoë Weiß", "ok"), cli_text)

    def dates(self) -> S[str]:
        return self._fit(("2029-04-02", "2029-03-20", "2030-01-31"), date_text)

    def datetimes(self) -> S[str]:
        return self._fit(("2029-04-02 10:00", "2029-03-21T18:00+01:00"), datetime_text)

    def ints(self) -> S[str]:
        return self._fit(("1", "2", "60", "90"), int_text)

    def people(self) -> S[str]:
        t = self.tandem
        local = tuple(p for p in self.world.people if t and p.startswith(t.mentee[:3]))
        return self._fit(local, _pick(self.world.people, cli_text))

    def who(self) -> S[str]:
        t = self.tandem
        fitting = (t.mentee, t.mentor, t.coordinator, "system") if t else ()
        real = (*self.world.people, *self.world.coordinators * 4, "system", "SYSTEM", "hanss")
        return self._fit(fitting, _pick(real, cli_text))

    def tandem_ref(self) -> S[str]:
        ids = tuple(str(t.id) for t in self.world.tandems)
        forms = (*ids, *(i[:8] for i in ids), *(i[:4] for i in ids), *(i.upper() for i in ids))
        own = (str(self.tandem.id), str(self.tandem.id)[:8]) if self.tandem else ()
        junk = st.sampled_from(("0000", "abc", "ffffffff", "00000000-0000"))
        return self._fit(own, _pick(forms, st.one_of(junk, cli_text)))

    def numbered(self) -> S[str]:
        t = self.tandem
        own = tuple(str(n) for n in range(1, 1 + max(len(t.meetings), len(t.goals)))) if t else ()
        meetings = tuple(str(m)[:8] for t in self.world.tandems for m in t.meetings)
        every = ("1", "2", "3", "4", "99", "0", "-1", "²", "１", *meetings)
        return self._fit(own, _pick(every, cli_text))

    def programme(self) -> S[str]:
        junk = st.one_of(st.sampled_from(("Medic", "medi", "all")), cli_text)
        own = (self.tandem.programme,) if self.tandem else ()
        return self._fit(own, _pick(self.world.programmes, junk))

    def choice(self, choices: tuple[str, ...]) -> S[str]:
        return self._fit(choices, _pick(choices, cli_text))

    def record_pairs(self) -> S[tuple[str, ...]]:
        field = self._fit(self.world.record_fields, _pick(self.world.record_fields, cli_text))
        value = st.one_of(self.choice(self.world.choices), self.dates(), self.ints(), self.text())
        pair = st.one_of(st.builds(lambda f, v: f"{f}={v}", field, value), cli_text)
        return st.lists(pair, max_size=4).map(tuple)

    def fix_pairs(self) -> S[tuple[str, ...]]:
        pair = st.builds(lambda a, b: f"{a}={b}", self.people(), self.people())
        return st.lists(st.one_of(pair, cli_text), max_size=3).map(tuple)

    def out_path(self) -> S[str]:
        return self._fit(
            ("out.ics", "out.pdf"),
            st.sampled_from(
                (
                    "out.ics",
                    "out/sub",
                    "../up.pdf",
                    "a b.pdf",
                    "ü.ics",
                    "\udcff.ics",
                    ".",
                    "",
                    "-",
                    "existing.txt",
                    "existing-dir",
                    "x/../../y.pdf",
                )
            ),
        )

    def cohort_folder(self) -> S[str]:
        return st.sampled_from(("cohort", "existing-dir", "missing", "existing.txt"))

    def import_files(self) -> S[tuple[str, ...]]:
        one = st.one_of(
            import_file_kinds(self.world),
            st.sampled_from(("missing.csv", "existing-dir", "existing.txt")),
        )
        return st.lists(one, min_size=1, max_size=2).map(tuple)


#: Strategies by parameter name; a name not here is fuzzed by its click type.
NAMED: dict[str, Callable[[Values], S[Any]]] = {
    "tandem_ref": Values.tandem_ref,
    "tandem": Values.tandem_ref,
    "meeting_ref": Values.numbered,
    "goal_ref": Values.numbered,
    **{n: Values.people for n in ("mentee", "mentor", "person")},
    **{n: Values.programme for n in ("programme", "key")},
    "track": lambda v: v.choice((*v.world.tracks, "surgery")),
    "at": Values.datetimes,
    **{n: Values.dates for n in ("start", "end", "date", "since")},
    **{n: Values.ints for n in ("minutes", "meetings", "version")},
    "pairs": Values.record_pairs,
    "fixed": Values.fix_pairs,
    "template": lambda v: _pick(PURPOSES, cli_text),
    "out": Values.out_path,
    "cohort": Values.cohort_folder,
    "files": Values.import_files,
}


def value_for(param: click.Parameter, values: Values) -> S[Any]:
    """A value for *param*: a string, or a tuple of them for a repeated option."""
    named = NAMED.get(param.name or "")
    if named is not None:
        base = named(values)
    elif isinstance(param.type, click.Choice):
        base = values.choice(tuple(str(c) for c in param.type.choices))
    elif isinstance(param.type, click.types.IntParamType):
        base = values.ints()
    elif isinstance(param.type, click.Path):
        base = values.out_path()
    else:
        base = values.text()
    if (param.multiple or param.nargs == -1) and param.name not in ("pairs", "fixed", "files"):
        return st.lists(base, max_size=3).map(tuple)
    return base
