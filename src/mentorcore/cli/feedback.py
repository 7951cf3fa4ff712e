"""``mentorcore feedback ...``: what is owed, answering it, and the coordination's overview.

Feedback requests after meetings and after a quiet time (CORE-9) and
evaluations (MEDIC-EVAL-1) are answered with the programme's form
(CORE-FEEDBACK-1); unanswered ones are reminded (CORE-FEEDBACK-2); the
coordination sees who owes what, and the answers where the programme lets it
(CORE-FEEDBACK-3).
"""

from __future__ import annotations

import click

from mentorcore import Reader
from mentorcore.cli.acting import target
from mentorcore.cli.context import common, session
from mentorcore.cli.helptext import group
from mentorcore.cli.language import follow
from mentorcore.cli.output import echo, json_mode, local, print_json, say, short, table
from mentorcore.cli.resolve import form_values
from mentorcore.domain import Profile, Template
from mentorcore.domain.labels import label
from mentorcore.errors import InvalidInput
from mentorcore.i18n import Message, _, mark
from mentorcore.policy.due import kind_title
from mentorcore.read.feedback_views import FeedbackRequest, GivenFeedback
from mentorcore.read.visibility import withheld_by


@group(
    "feedback",
    short_help=mark("Feedback and evaluations: what is owed, answering, the overview."),
    help=mark(
        "Feedback requests after meetings and after a time without activity, and "
        "evaluations: list what is owed, answer it with the programme's form "
        "(CORE-FEEDBACK-1), and, for the coordination, see who owes what "
        "(CORE-FEEDBACK-3). Unanswered requests are reminded (CORE-FEEDBACK-2)."
    ),
    examples=[
        "mentorcore --as ana feedback open",
        "mentorcore --as ana feedback give 3f2a9c1e 1 --answer rating=4 "
        '--answer went_well="the talk on residency"',
        "mentorcore --as lange feedback overview -p medic",
    ],
)
def feedback() -> None:
    """The ``feedback`` command (its help: the ``help`` above)."""


@feedback.command(
    "open",
    help=mark(
        "What is owed now: your own requests, or, for the coordination, everyone's "
        "in the programmes you coordinate; numbered per tandem for 'feedback give'."
    ),
    examples=["mentorcore --as ana feedback open", "mentorcore --as lange feedback open -p medic"],
)
@click.option("--programme", "-p", help=mark("Only this programme."))
@common
def open_(programme: str | None) -> None:
    """The ``open`` command (its help: the ``help`` above)."""
    s = session()
    engine, actor = s.engine(), s.actor()
    if programme:
        follow(engine.programme(programme).language)
    reader = engine.reader(actor)
    owed = [
        r
        for r in reader.feedback_requests(s.clock.now())
        if programme is None or r.programme_key == programme
    ]
    if json_mode():
        print_json({"requests": owed})
        return
    if not owed:
        say(_("No feedback is owed."))
        return
    names = reader.names(tuple(r.person_id for r in owed))
    numbers = _numbers(owed)
    table(
        [_("No."), _("Tandem"), _("Who"), _("What"), _("Since"), _("Reminded"), _("Fields")],
        [
            [
                str(numbers[r.key]),
                short(r.tandem_id),
                names.get(r.person_id, r.person_id),
                kind_title(r.kind),
                local(r.due_at, engine.programme(r.programme_key).timezone),
                _("yes") if r.reminded else _("no"),
                _fields(r.form),
            ]
            for r in owed
        ],
        title=_.plural("{n} answer owed", "{n} answers owed", len(owed)),
    )


def _numbers(owed: list[FeedbackRequest]) -> dict[str, int]:
    """Each request's number among its recipient's in its tandem (1, 2, …)."""
    count: dict[tuple[object, str], int] = {}
    numbers: dict[str, int] = {}
    for r in owed:
        at = (r.tandem_id, r.person_id)
        count[at] = count.get(at, 0) + 1
        numbers[r.key] = count[at]
    return numbers


def _fields(form: Template) -> str:
    marks = [f"{f.name}{'*' if f.required else ''}" for f in form.fields]
    return ", ".join(marks)


@feedback.command(
    "give",
    help=mark(
        "Answer a feedback request or an evaluation, as the person asked "
        "(CORE-FEEDBACK-1). REQUEST is its number from 'feedback open' or its key; "
        "each --answer is field=value (fields marked * are required)."
    ),
    examples=[
        "mentorcore --as ana feedback give 3f2a9c1e 1 --answer rating=4 "
        '--answer went_well="the talk on residency"'
    ],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.argument("request_ref", metavar="REQUEST")
@click.option(
    "--answer",
    "answers",
    multiple=True,
    metavar="FIELD=VALUE",
    help=mark("One field of the form and its value (repeat for each field)."),
)
@common
def give(tandem_ref: str, request_ref: str, answers: tuple[str, ...]) -> None:
    """The ``give`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    reader = engine.reader(actor)
    key = _request_key(reader, t.id, actor.person_id, request_ref)
    response = engine.give_feedback(t.id, key, form_values(answers, "--answer"), actor=actor)
    if json_mode():
        print_json({"ok": True, "response": response})
        return
    echo(
        _(
            "Thank you: your answer to the {request} is recorded (tandem {tandem})",
            request=kind_title(response.kind),
            tandem=short(t.id),
        )
    )


def _request_key(reader: Reader, tandem_id: object, person: str | None, text: str) -> str:
    wanted = text.strip()
    if not (wanted.isascii() and wanted.isdigit() and len(wanted) <= 3):
        return wanted
    mine = [
        r
        for r in reader.feedback_requests(tandem_id=tandem_id)  # type: ignore[arg-type]
        if r.person_id == person
    ]
    number = int(wanted)
    if not 1 <= number <= len(mine):
        problem = _.plural(
            "you owe {n} answer in this tandem; there is no number {number}",
            "you owe {n} answers in this tandem; there is no number {number}",
            len(mine),
            number=number,
        )
        raise InvalidInput([("REQUEST", problem)])
    return mine[number - 1].key


@feedback.command(
    "overview",
    help=mark(
        "Per tandem and per kind, who owes what and what was given in a "
        "programme, for its coordination (CORE-FEEDBACK-3); the answers only where "
        "the programme lets the coordination read them."
    ),
    examples=["mentorcore --as lange feedback overview -p medic"],
)
@click.option("--programme", "-p", required=True, help=mark("The programme."))
@common
def overview(programme: str) -> None:
    """The ``overview`` command (its help: the ``help`` above)."""
    s = session()
    engine, actor = s.engine(), s.actor()
    follow(engine.programme(programme).language)
    found = engine.reader(actor).feedback_overview(programme, s.clock.now())
    if json_mode():
        print_json(found)
        return
    tz = engine.programme(programme).timezone
    names = found.names
    table(
        [_("What"), _("Given"), _("Owed")],
        [[kind_title(c.kind), str(c.given), str(c.owed)] for c in found.counts],
        title=_(
            "Feedback in {programme} as of {moment}",
            programme=engine.programme(programme).name,
            moment=local(found.at, tz),
        ),
    )
    owed = found.owed
    if owed:
        table(
            [_("Tandem"), _("Who"), _("Role"), _("What"), _("Since"), _("Reminded")],
            [
                [
                    short(r.tandem_id),
                    names.get(r.person_id, r.person_id),
                    label(r.role),
                    kind_title(r.kind),
                    local(r.due_at, tz),
                    _("yes") if r.reminded else _("no"),
                ]
                for r in owed
            ],
            title=_("Owed"),
        )
    given = [g for t in found.tandems for g in t.given]
    if given:
        table(
            [_("Tandem"), _("Who"), _("What"), _("Given on"), _("Answers")],
            [
                [
                    short(g.tandem_id),
                    names.get(g.person_id, g.person_id),
                    kind_title(g.kind),
                    local(g.given_at, tz),
                    _answered(g),
                ]
                for g in given
            ],
            title=_("Given"),
        )


def _answered(given: GivenFeedback) -> str | Message:
    if given.answers is None:
        return withheld_by(given.withheld) if given.withheld else ""
    return _shown(given.answers, given.form)


def _shown(answers: Profile, form: Template | None) -> str:
    labels = {f.name: f.label for f in form.fields} if form else {}
    parts = []
    for name, value in answers.items:
        title = labels.get(name) or name
        shown = title.render() if isinstance(title, Message) else str(title)
        parts.append(f"{shown} {value}")
    return "; ".join(parts)
