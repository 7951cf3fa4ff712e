"""``mentorcore deliver``: send the mail the programmes owe people, for cron.

One run of :meth:`mentorcore.Engine.delivery` (see :mod:`mentorcore.delivery`):
the outbox's messages go to the SMTP server the environment names
(``MENTORCORE_SMTP_HOST`` …, ``MENTORCORE_MAIL_FROM``; see
:mod:`mentorcore.adapters.mail.settings`), or as ``.eml`` files into a
folder with ``--mail-to-dir``; ``--dry-run`` only shows them. Running it
again sends nothing twice; what failed for now is retried with back-off on
a later run. Exit code 4 says that something is still owed (a failure, a
retry, or the server out of reach): cron mails that to its owner.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from mentorcore.adapters.mail import Address, FileMailer, Mailer, SMTPSettings
from mentorcore.cli.context import common, session
from mentorcore.cli.helptext import command
from mentorcore.cli.output import echo, json_mode, local, print_json, say, table
from mentorcore.delivery import Delivery, DeliveryReport
from mentorcore.errors import NotVisible
from mentorcore.i18n import _, mark
from mentorcore.read.outbox import NO_ADDRESS, Plan

#: Exit code of a run after which something is still owed (failed or to retry).
INCOMPLETE = 4
_ENV_FROM, _ENV_LINK = "MENTORCORE_MAIL_FROM", "MENTORCORE_APP_URL"
_LOCAL_SENDER = "mentorcore <mentorcore@localhost>"


@command(
    "deliver",
    short_help=mark("Send the mail the programmes owe people (run it from cron)."),
    help=mark(
        "Send every message that is owed now: due actions to the people they are "
        "for (feedback requests, evaluations, reminders, a new pairing's notice), and "
        "invitations and cancellations of meetings with the calendar entry attached "
        "(CORE-MAIL-1, CORE-MAIL-3). Each message goes out once; what fails for now "
        "is tried again on a later run, with growing pauses. The SMTP server and the "
        "sender come from the environment: MENTORCORE_SMTP_HOST, MENTORCORE_SMTP_PORT, "
        "MENTORCORE_SMTP_USER, MENTORCORE_SMTP_PASSWORD, MENTORCORE_SMTP_SECURITY "
        "(none, starttls, tls), MENTORCORE_MAIL_FROM; MENTORCORE_APP_URL is the link "
        "in every message. Exit code 4: something is still owed. For the system only."
    ),
    examples=[
        "mentorcore --db medic.db --as system deliver",
        "mentorcore --db medic.db --as system deliver --mail-to-dir out/mail",
        "mentorcore --db medic.db --as system deliver --dry-run",
    ],
)
@click.option(
    "--mail-to-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=mark("Write the messages as .eml files into this folder instead of sending them."),
)
@click.option("--dry-run", is_flag=True, help=mark("Only show what would be sent."))
@common
def deliver(mail_to_dir: Path | None, dry_run: bool) -> None:
    """The ``deliver`` command (its help: the ``help`` above)."""
    s = session()
    engine, actor = s.engine(), s.actor()
    if actor.person_id is not None:
        raise NotVisible(
            _(
                "[{rule}] {viewer} cannot deliver mail: only the system does (run it as "
                "--as system)",
                rule="CORE-AUTH",
                viewer=engine.state.index.name_of(actor.person_id),
            )
        )
    environ = dict(os.environ)
    mailer: Mailer | None = None
    sender: str | Address = environ.get(_ENV_FROM) or _LOCAL_SENDER
    if mail_to_dir is not None:
        mailer = FileMailer(mail_to_dir)
    elif not dry_run:  # the SMTP server: its settings must be complete
        settings = SMTPSettings.from_environ(environ)
        mailer, sender = settings.mailer(), settings.sender
    delivery = engine.delivery(sender, link=environ.get(_ENV_LINK) or None)
    now = s.clock.now()
    if dry_run or mailer is None:
        show_plan(delivery, delivery.plan(now))
        return
    report = delivery.run(mailer, now)
    show_report(report)
    if not report.ok:
        click.get_current_context().exit(INCOMPLETE)


def show_plan(delivery: Delivery, plan: Plan) -> None:
    """The messages a run would send now, and those it would hold back."""
    if json_mode():
        print_json(
            {
                "messages": [
                    {
                        "to": m.to.address,
                        "subject": m.subject,
                        "kind": d.kind,
                        "key": d.key,
                        "attempt": d.attempt,
                        "message_id": m.message_id,
                    }
                    for d, m in zip(plan.drafts, delivery.messages(plan), strict=True)
                ],
                "held": [{"to": h.recipient.id, "kind": h.kind, "why": h.why} for h in plan.held],
            }
        )
        return
    if not plan.drafts and not plan.held:
        say(_("No mail is owed now."))
        return
    table(
        [_("To"), _("Kind"), _("Subject")],
        [(f"{d.recipient.name} <{d.recipient.email}>", d.kind, d.subject) for d in plan.drafts],
        title=_("Messages that would be sent"),
    )
    _held(plan)


def show_report(report: DeliveryReport) -> None:
    """What a run did: each message tried, then the totals."""
    if json_mode():
        print_json(
            {
                "attempts": [
                    {
                        "to": a.address,
                        "subject": a.subject,
                        "kind": a.kind,
                        "key": a.key,
                        "outcome": a.outcome,
                        "attempt": a.attempt,
                        "reason": a.reason,
                        "code": a.code,
                        "retry_at": a.retry_at,
                        "message_id": a.message_id,
                    }
                    for a in report.attempts
                ],
                "held": [{"to": h.recipient.id, "kind": h.kind, "why": h.why} for h in report.held],
                "acknowledged": list(report.acknowledged),
                "stopped": report.stopped,
            }
        )
        return
    if report.attempts:
        outcomes = {"sent": _("sent"), "retry": _("to retry"), "failed": _("failed"),
                    "overtaken": _("sent by another run")}  # fmt: skip
        table(
            [_("To"), _("Subject"), _("Outcome"), _("Why")],
            [
                (
                    a.address,
                    a.subject,
                    outcomes[a.outcome],
                    f"{a.reason} ({_('again at')} {local(a.retry_at, 'UTC')})"
                    if a.retry_at
                    else a.reason,
                )
                for a in report.attempts
            ],
        )
    if report.stopped:
        echo(_("The mail server cannot be reached; the rest waits for the next run."), err=True)
    say(report.summary())


def _held(plan: Plan) -> None:
    missing = sorted({h.recipient.name for h in plan.held if h.why == NO_ADDRESS})
    if missing:
        echo(_("No e-mail address, not sent: {names}", names=", ".join(missing)), err=True)
