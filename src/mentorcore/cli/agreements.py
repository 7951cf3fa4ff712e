"""``mentorcore agreement ...``: what the two agree (the goals are in ``goal``).

A draft starts from the programme's agreement template (MEDiC: a winter
semester start and two years; Kerpen: the mentoring year) and the options
given; an amendment starts from the version in force.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import attrs
import click

from mentorcore import (
    Actor,
    AgreementTerms,
    ApproveAgreement,
    ApproveAmendment,
    DraftAgreement,
    Engine,
    InvalidInput,
    MeetingFormat,
    PlannedMeeting,
    ProposeAmendment,
    RejectAmendment,
    ReturnAgreement,
    SettleTopic,
    SubmitAgreement,
    Tandem,
    TandemStatus,
    WithdrawSubmission,
)
from mentorcore.cli.acting import execute, target
from mentorcore.cli.context import common, session
from mentorcore.cli.dates import day_option
from mentorcore.cli.helptext import group
from mentorcore.i18n import _, mark

F = TypeVar("F", bound=Callable[..., Any])


@group(
    "agreement",
    short_help=mark("Draft, submit, approve, return and amend agreements."),
    help=mark(
        "The mentoring agreement: the mentee drafts and submits it, the mentor "
        "approves or returns it (CORE-3, CORE-4); amendments need both "
        "(CORE-5)."
    ),
    examples=[
        'mentorcore --as sophie.krueger agreement draft 3f2a9c1e --goals "choose a specialty"'
    ],
)
def agreement() -> None:
    """The ``agreement`` command (its help: the ``help`` above)."""


def terms_options(f: F) -> F:
    """The options that set agreement terms."""
    options = [
        click.option(
            "--start",
            callback=day_option,
            metavar="DATE",
            help=mark("First day (YYYY-MM-DD or TT.MM.JJJJ)."),
        ),
        click.option(
            "--end",
            callback=day_option,
            metavar="DATE",
            help=mark("Last day (YYYY-MM-DD or TT.MM.JJJJ)."),
        ),
        click.option("--open-end", is_flag=True, help=mark("No fixed end.")),
        click.option(
            "--meetings", type=click.IntRange(min=0), help=mark("Number of meetings agreed.")
        ),
        click.option(
            "--format",
            "formats",
            multiple=True,
            type=click.Choice([f.value for f in MeetingFormat]),
            help=mark("An acceptable kind of contact (repeat for several)."),
        ),
        click.option("--frequency", help=mark("How often, in words.")),
        click.option(
            "--topic",
            "topics",
            multiple=True,
            help=mark("A topic: catalogue key or text (repeat)."),
        ),
        click.option(
            "--plan",
            "plan",
            multiple=True,
            metavar="N:TOPICS",
            help=mark(
                "The topics of meeting N, separated by commas, e.g. "
                "'1: career_paths, networking' (repeat for each meeting)."
            ),
        ),
        click.option("--goals", help=mark("The goals and expected results.")),
        click.option("--notes", help=mark("Anything else agreed.")),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def merged_terms(base: AgreementTerms, given: dict[str, Any]) -> AgreementTerms:
    """*base* with the options that were given."""
    changes: dict[str, Any] = {}
    start, end = given.get("start"), given.get("end")
    if isinstance(start, date):
        changes["period_start"] = start
    if isinstance(end, date):
        changes["period_end"] = end
    if given.get("open_end"):
        if end is not None:
            raise InvalidInput([("--open-end", _("give either --end or --open-end"))])
        changes["period_end"] = None
    if given.get("meetings") is not None:
        changes["meetings_planned"] = given["meetings"]
    if given.get("formats"):
        changes["contact_formats"] = frozenset(MeetingFormat(f) for f in given["formats"])
    if given.get("frequency") is not None:
        changes["contact_frequency"] = given["frequency"]
    if given.get("topics"):
        changes["topics"] = tuple(given["topics"])
    if given.get("plan"):
        planned = sorted((_planned(text) for text in given["plan"]), key=lambda m: m.number)
        changes["plan"] = tuple(planned)
    for key in ("goals", "notes"):
        if given.get(key) is not None:
            changes[key] = given[key]
    return attrs.evolve(base, **changes)


def _planned(text: str) -> PlannedMeeting:
    """``"2: networking, visibility"`` as meeting 2 with those two topics."""
    number, sep, rest = text.partition(":")
    topics = tuple(t.strip() for t in rest.split(",") if t.strip())
    if not sep or not number.strip().isdigit() or not topics:
        raise InvalidInput(
            [("--plan", _("expected a meeting number, a colon and topics, got {got}", got=text))]
        )
    return PlannedMeeting(int(number), topics)


def template(engine: Engine, actor: Actor, t: Tandem) -> AgreementTerms:
    """Where a new draft starts: the newest draft *actor* may see, else the
    programme's template."""
    if t.proposal is not None and t.agreement is None:
        return t.proposal.terms
    programme = engine.programme(t.programme_key)
    return engine.reader(actor).agreement_template(t.id, session().today(programme.timezone))


@agreement.command(
    "draft",
    short_help=mark("Save a draft of the agreement (CORE-3)."),
    help=mark(
        "Save a draft of the agreement, as the mentee; only she sees it until "
        "she submits it (CORE-3). Options not given keep the previous draft's "
        "values, or the programme's template."
    ),
    examples=[
        "mentorcore --as sophie.krueger agreement draft 3f2a9c1e --topic career_paths "
        '--topic networking --goals "choose a specialty by summer"'
    ],
)
@click.argument("tandem_ref", metavar="TANDEM")
@terms_options
@common
def draft(tandem_ref: str, **given: Any) -> None:
    """The ``draft`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    terms = merged_terms(template(engine, actor, t), given)
    execute(
        engine,
        actor,
        DraftAgreement(tandem_id=t.id, terms=terms),
        lambda t2: _(
            "Draft version {version} saved", version=t2.proposal.version if t2.proposal else "?"
        ),
    )


@agreement.command(
    "submit",
    help=mark("Submit the draft to the mentor, as the mentee (CORE-3)."),
    examples=["mentorcore --as sophie.krueger agreement submit 3f2a9c1e"],
)
@click.argument("tandem_ref", metavar="TANDEM")
@common
def submit(tandem_ref: str) -> None:
    """The ``submit`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    execute(engine, actor, SubmitAgreement(tandem_id=t.id), _("Agreement submitted"))


@agreement.command(
    "withdraw",
    short_help=mark("Take the submitted agreement back into drafting (CORE-3)."),
    help=mark(
        "Take the submitted agreement back, as the mentee, before the mentor "
        "answers: it is your draft again, seen by you only, until you submit "
        "it anew (CORE-3)."
    ),
    examples=["mentorcore --as sophie.krueger agreement withdraw 3f2a9c1e"],
)
@click.argument("tandem_ref", metavar="TANDEM")
@common
def withdraw(tandem_ref: str) -> None:
    """The ``withdraw`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    execute(
        engine,
        actor,
        WithdrawSubmission(tandem_id=t.id),
        _("Agreement taken back: it is a draft again"),
    )


def _pending(t: Tandem, version: int | None) -> int:
    if version is not None:
        return version
    if t.proposal is None:
        raise InvalidInput([("version", _("no agreement version is waiting for approval"))])
    return t.proposal.version


@agreement.command(
    "approve",
    short_help=mark("Approve the agreement or an amendment."),
    help=mark(
        "Approve the submitted agreement (the mentor, CORE-4) or a pending "
        "amendment (the other side, CORE-5)."
    ),
    examples=["mentorcore --as weber agreement approve 3f2a9c1e"],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.option("--version", type=int, help=mark("The version approved (default: the one pending)."))
@common
def approve(tandem_ref: str, version: int | None) -> None:
    """The ``approve`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    v = _pending(t, version)
    if t.status is TandemStatus.AWAITING_APPROVAL:
        command: ApproveAgreement | ApproveAmendment = ApproveAgreement(tandem_id=t.id, version=v)
    else:
        command = ApproveAmendment(tandem_id=t.id, version=v)
    execute(engine, actor, command, _("Version {version} approved", version=v))


@agreement.command(
    "return",
    short_help=mark("Return the agreement with comments (CORE-4)."),
    help=mark("Send the submitted agreement back to the mentee with comments (CORE-4)."),
    examples=['mentorcore --as weber agreement return 3f2a9c1e --comments "add a goal for the PJ"'],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.option("--comments", required=True, help=mark("What should change."))
@click.option("--version", type=int, help=mark("The version returned (default: the one pending)."))
@common
def return_(tandem_ref: str, comments: str, version: int | None) -> None:
    """The ``return`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    v = _pending(t, version)
    execute(
        engine,
        actor,
        ReturnAgreement(tandem_id=t.id, version=v, comments=comments),
        _("Version {version} returned", version=v),
    )


@agreement.command(
    "amend",
    short_help=mark("Propose an amendment (CORE-5)."),
    help=mark(
        "Propose an amendment, as either side; the version in force stays in "
        "force until the other side approves it (CORE-5). Options not given "
        "keep their value."
    ),
    examples=["mentorcore --as weber agreement amend 3f2a9c1e --end 2028-03-31 --meetings 9"],
)
@click.argument("tandem_ref", metavar="TANDEM")
@terms_options
@common
def amend(tandem_ref: str, **given: Any) -> None:
    """The ``amend`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    if t.agreement is None:
        raise InvalidInput([("tandem", _("no agreement is in force yet: draft one"))])
    terms = merged_terms(t.agreement.terms, given)
    execute(engine, actor, ProposeAmendment(tandem_id=t.id, terms=terms), _("Amendment proposed"))


@agreement.command(
    "reject",
    short_help=mark("Reject a pending amendment (CORE-5)."),
    help=mark(
        "Reject a pending amendment (or withdraw your own); the version in force stays (CORE-5)."
    ),
    examples=['mentorcore --as sophie.krueger agreement reject 3f2a9c1e --comments "too long"'],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.option("--comments", default="", help=mark("Why."))
@click.option("--version", type=int, help=mark("The version rejected (default: the one pending)."))
@common
def reject(tandem_ref: str, comments: str, version: int | None) -> None:
    """The ``reject`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    v = _pending(t, version)
    execute(
        engine,
        actor,
        RejectAmendment(tandem_id=t.id, version=v, comments=comments),
        _("Version {version} rejected", version=v),
    )


@agreement.command(
    "settle",
    short_help=mark("Mark an agreed topic as settled (CORE-TOPICS)."),
    help=mark(
        "Mark a topic of the agreement in force as settled, as mentee or mentor: "
        "cleared up or dealt with (CORE-TOPICS). TOPIC is the topic as the "
        "agreement names it, its catalogue title, or its number in the agreement."
    ),
    examples=["mentorcore --as sophie.krueger agreement settle 3f2a9c1e 2"],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.argument("topic")
@common
def settle(tandem_ref: str, topic: str) -> None:
    """The ``settle`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    key = agreed_topic(engine, t, topic)
    execute(
        engine,
        actor,
        SettleTopic(tandem_id=t.id, topic=key),
        lambda t2: _.plural(
            "Topic settled; {n} topic is still open",
            "Topic settled; {n} topics are still open",
            len(t2.open_topics),
        ),
    )


def agreed_topic(engine: Engine, t: Tandem, text: str) -> str:
    """The agreed topic *text* names: itself, its number, or its catalogue title."""
    topics = t.agreement.terms.topics if t.agreement else ()
    if text in topics:
        return text
    if text.isdigit() and 1 <= int(text) <= len(topics):
        return topics[int(text) - 1]
    programme = engine.programme(t.programme_key)
    wanted = text.strip().casefold()
    for key in topics:
        found = programme.topic(key)
        names = (found.title, found.label) if found is not None else ()
        if any(str(name).casefold() == wanted for name in names if name):
            return key
    return text  # the command refuses it, listing the agreed topics
