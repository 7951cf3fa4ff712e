"""The demo's mail and feedback: what the programme sends through its year, and
who still owes feedback at its end.

The year's host runs a delivery after each step (as ``mentorcore deliver``
would from cron), into memory or, with ``--mail-to-dir``, as ``.eml`` files;
participants answer some of the feedback requests and evaluations on the way.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from mentorcore import Actor, Engine
from mentorcore.adapters.mail import FileMailer, Mailer, MemoryMailer, OutgoingMessage
from mentorcore.cli.output import say, table
from mentorcore.delivery import Delivery
from mentorcore.i18n import _, render
from mentorcore.policy.due import kind_title

#: The demo's sender (example.org is reserved for examples, RFC 2606).
SENDER = "{programme} <mentoring@example.org>"
#: Every how many requests a participant leaves one unanswered.
UNANSWERED_EVERY = 3


class DemoPost:
    """Delivers the year's mail and answers some of its feedback requests."""

    def __init__(self, engine: Engine, programme_key: str, folder: Path | None) -> None:
        self.engine = engine
        name = render(engine.programme(programme_key).name)
        self.delivery: Delivery = engine.delivery(SENDER.format(programme=name.replace(",", "")))
        self.memory = MemoryMailer()
        self.files: Mailer | None = FileMailer(folder) if folder is not None else None
        self.folder = folder
        self._seen = 0
        #: What each kind of message sent is called (a programme's own kinds too).
        self.titles: dict[str, str] = {}

    @property
    def sent(self) -> list[OutgoingMessage]:
        """Every message sent so far."""
        return self.memory.sent

    def deliver(self) -> int:
        """One run now; the number of due actions it acknowledged."""
        report = self.delivery.run(self.memory)
        self.titles.update((a.kind, a.title) for a in report.attempts)
        if self.files is not None:
            for message in self.memory.sent[self._seen :]:
                self.files.send(message)
        self._seen = len(self.memory.sent)
        return len(report.acknowledged)

    def answer_feedback(self) -> int:
        """Participants answer the requests owed to them, all but every third."""
        answered = 0
        for n, request in enumerate(self.engine.reader(Actor.system()).feedback_requests()):
            if n % UNANSWERED_EVERY == UNANSWERED_EVERY - 1:
                continue
            answers = {f.name: _sample(f.kind.value, f.minimum) for f in request.form.fields}
            self.engine.give_feedback(
                request.tandem_id, request.key, answers, actor=Actor.person(request.person_id)
            )
            answered += 1
        return answered

    def show(self) -> None:
        """The year's messages by kind, and what a run would send now."""
        kinds = Counter(dict(m.headers).get("X-Mentorcore-Kind", "") for m in self.sent)
        say(
            _.plural(
                "  {n} message sent during the year",
                "  {n} messages sent during the year",
                len(self.sent),
            )
        )
        table(
            [_("kind of message"), _("sent")],
            [(self.titles.get(k) or kind_title(k), str(c)) for k, c in sorted(kinds.items())],
        )
        if self.sent:
            example = self.sent[-1]
            say(
                _(
                    "  the last one, to {to}: “{subject}”",
                    to=str(example.to),
                    subject=example.subject,
                )
            )
        plan = self.delivery.plan()
        messages = self.delivery.messages(plan)
        table(
            [_("to"), _("subject")],
            [(str(m.to), m.subject) for m in messages[:15]],
            title=_.plural(
                "{n} message it would send now", "{n} messages it would send now", len(messages)
            ),
        )
        if self.folder is not None:
            for message in messages:
                FileMailer(self.folder).send(message)
            say(_("  written as .eml files to {folder}", folder=str(self.folder)))


def show_open_feedback(engine: Engine, programme_key: str, coordinator: Actor) -> None:
    """The coordinator's overview: per kind, given and owed; then who owes what."""
    overview = engine.reader(coordinator).feedback_overview(programme_key)
    table(
        [_("kind"), _("given"), _("owed")],
        [(kind_title(c.kind), str(c.given), str(c.owed)) for c in overview.counts],
    )
    owed = overview.owed
    table(
        [_("who"), _("kind"), _("owed since")],
        [
            (overview.names.get(r.person_id, r.person_id), kind_title(r.kind), str(r.due_at.date()))
            for r in owed[:15]
        ],
        title=_.plural("{n} answer owed", "{n} answers owed", len(owed)),
    )


def _sample(kind: str, minimum: float | None) -> object:
    """A plausible answer to a field of *kind*: the top of a rating, a short text."""
    if kind == "integer":
        return 4 if (minimum or 1) <= 4 else int(minimum or 1)
    if kind == "boolean":
        return True
    return "Hilfreich, danke."
