"""A cohort's year, played through the engine for ``mentorcore demo``.

Programme-agnostic: every date comes from the cohort's start, every rule
from the programme's plugin (agreement templates, cadence rules, who may do
what). The cohort file names the people with a part to play (who completes,
who lags, who asks for a re-match) and the mistakes to show; each mistake is
a real command a real rule refuses, printed with its rule ID.

Timeline from the start ``S``: registration at ``S``; matching at ``S+7``;
getting-to-know meetings at ``S+14``; agreements at ``S+24`` (``A``); then a
meeting every eight weeks from ``A+7`` until the year's end ``A+357``, when
one tandem completes after a closing meeting and the reports are printed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from mentorcore import (
    Actor,
    AgreementTerms,
    ApproveAgreement,
    Command,
    Complete,
    ConfirmAttendance,
    ConfirmMeeting,
    ContentWithheld,
    DocumentMeeting,
    DraftAgreement,
    Engine,
    FixedClock,
    InvalidInput,
    MeetingFormat,
    MeetingId,
    MeetingKind,
    OptIn,
    Programme,
    ProposeMeeting,
    RequestMentorship,
    RequestRematch,
    Role,
    SetGoal,
    StartClosing,
    SubmitAgreement,
    Tandem,
    TransitionDenied,
)
from mentorcore.cli.demo_plan import (
    AGREEMENTS,
    LAGGING_SLOTS,
    RHYTHM_WEEKS,
    YEAR_DAYS,
    Cast,
    Log,
    record_values,
)
from mentorcore.i18n import Message, _


class Year:
    """Plays one year of a matched cohort on *engine*, moving *clock* along.

    :param say: Prints one line of the narrative.
    """

    def __init__(
        self,
        engine: Engine,
        clock: FixedClock,
        programme: Programme,
        cast: Cast,
        start: date,
        say: Callable[[Message], None],
    ) -> None:
        self.engine, self.clock, self.programme, self.cast = engine, clock, programme, cast
        self.start = start
        self.say = say
        self.log = Log()
        self.zone = ZoneInfo(programme.timezone)
        self.coordinator = Actor.person(cast.coordinator)

    # ------------------------------------------------------------ time and people

    def at(self, day: date, hour: int = 10, minute: int = 0) -> datetime:
        """Local *day* at *hour*:*minute* in the programme's zone, as UTC."""
        return datetime.combine(day, time(hour, minute), tzinfo=self.zone).astimezone(UTC)

    def move(self, day: date, hour: int = 10, minute: int = 0) -> None:
        """Set the clock to local *day* at *hour*:*minute*."""
        self.clock.set(self.at(day, hour, minute))

    @property
    def agreements_day(self) -> date:
        """``A``: the day the agreements are drafted, submitted and approved."""
        return self.start + timedelta(days=AGREEMENTS)

    @property
    def end(self) -> date:
        """The last day of the year played."""
        return self.agreements_day + timedelta(days=YEAR_DAYS)

    def slots(self) -> list[date]:
        """The meeting days of a tandem that keeps to its rhythm."""
        first = self.agreements_day + timedelta(days=7)
        days: list[date] = []
        while first + timedelta(weeks=RHYTHM_WEEKS * len(days)) < self.end - timedelta(days=7):
            days.append(first + timedelta(weeks=RHYTHM_WEEKS * len(days)))
        return days

    def name(self, person_id: str) -> str:
        """A person's name, as the coordination knows it (the narrator's view)."""
        return self.engine.reader(self.coordinator).names((person_id,))[person_id]

    def run(self, actor: Actor | str, command: Command) -> Tandem:
        """Execute *command* as *actor* (a person id or an actor)."""
        who = Actor.person(actor) if isinstance(actor, str) else actor
        return self.engine.execute(command, actor=who)

    def propose(self, t: Tandem, day: date, kind: MeetingKind, fmt: MeetingFormat) -> MeetingId:
        """The mentee proposes a meeting on *day* at 17:00 and the mentor confirms it."""
        start = self.at(day, 17)
        command = ProposeMeeting(
            tandem_id=t.id, start=start, kind=kind, format=fmt, place=_place(fmt)
        )
        meeting_id = self.run(t.mentee, command).meetings[-1].id
        self.run(t.mentor, ConfirmMeeting(tandem_id=t.id, meeting_id=meeting_id))
        return meeting_id

    def attend(self, t: Tandem, meeting_id: MeetingId) -> None:
        """Both sides confirm they attended (CORE-7)."""
        for side in (t.mentee, t.mentor):
            self.run(side, ConfirmAttendance(tandem_id=t.id, meeting_id=meeting_id))
        self.log.meetings_held += 1

    # ------------------------------------------------------------ mistakes

    def refused(self, what: Message, attempt: Callable[..., object], *args: object) -> None:
        """Call ``attempt(*args)``, which a rule must refuse, and log the refusal.

        :raises InvalidInput: nothing refused it (the cohort file names a
            mistake this programme allows).
        """
        try:
            attempt(*args)
        except TransitionDenied as denied:
            reason = "; ".join(f"[{d.rule_id}] {d.reason}" for d in denied.denials)
        except ContentWithheld as withheld:
            reason = str(withheld)
        else:
            problem = _(
                "{what}: no rule of {programme} refuses this",
                what=what,
                programme=self.programme.name,
            )
            raise InvalidInput([("demo.mistakes", str(problem))])
        self.log.refusals.append((what, reason))
        self.say(_("  refused: {what}: {reason}", what=what, reason=reason))

    def mistake(self, name: str) -> bool:
        """Whether the cohort file asks to show mistake *name*."""
        return name in self.cast.mistakes

    # ------------------------------------------------------------ phases

    def get_to_know(self, tandems: list[Tandem], day: date) -> list[Tandem]:
        """A getting-to-know meeting for each tandem; both opt in, except the
        mentee who asks for a re-match. Returns the tandems that go on."""
        self.move(day - timedelta(days=6))
        meetings = [
            self.propose(t, day, MeetingKind.GETTING_TO_KNOW, MeetingFormat.IN_PERSON)
            for t in tandems
        ]
        self.move(day, 19)
        going_on = []
        for t, meeting_id in zip(tandems, meetings, strict=True):
            self.attend(t, meeting_id)
            if t.mentee == self.cast.rematches and not self.log.rematch_asked:
                self.log.rematch_asked = True
                why = str(_("hopes for a mentor closer to the field"))
                self.run(t.mentee, RequestRematch(tandem_id=t.id, reason=why))
                self.say(
                    _(
                        "  {mentee} asks for another mentor after meeting {mentor} (CORE-REMATCH)",
                        mentee=self.name(t.mentee),
                        mentor=self.name(t.mentor),
                    )
                )
                continue
            self.run(t.mentee, OptIn(tandem_id=t.id))
            going_on.append(self.run(t.mentor, OptIn(tandem_id=t.id)))
        return going_on

    def terms(self, t: Tandem, *, topics: tuple[str, ...] | None = None) -> AgreementTerms:
        """The programme's template for *t* with the mentee's topics and goals."""
        mentee = self.engine.reader(Actor.person(t.mentee))
        base = mentee.agreement_template(t.id, self.agreements_day)
        chosen = self.topics_of(t.mentee) if topics is None else topics
        titles = [_short_title(str(tp.title)) for k in chosen if (tp := self.programme.topic(k))]
        changes: dict[str, Any] = {
            "topics": chosen,
            "goals": "; ".join(titles) or str(_("find my way into the profession")),
            "contact_frequency": base.contact_frequency
            or str(_.plural("every week", "every {n} weeks", RHYTHM_WEEKS)),
        }
        if t.mentee == self.cast.completes:
            one_year = self.agreements_day + timedelta(days=364)
            if base.period_end is None or base.period_end > one_year:
                changes["period_end"] = one_year  # she finishes her studies this year
                if base.period_end is not None and base.meetings_planned is not None:
                    # the same pace over the shorter period
                    share = (one_year - base.period_start) / (base.period_end - base.period_start)
                    changes["meetings_planned"] = round(base.meetings_planned * share)
        if base.meetings_planned is None and base.period_end is not None:
            changes["meetings_planned"] = len(self.slots())
        return attrs.evolve(base, **changes)

    def topics_of(self, mentee: str) -> tuple[str, ...]:
        """The catalogue topics in the mentee's profile (wished topics, topics)."""
        keys = {tp.key for tp in self.programme.topics if not tp.out_of_scope}
        reader = self.engine.reader(Actor.person(mentee))
        enrolment = reader.participant(mentee, self.programme.key, Role.MENTEE).enrolment
        for _field, value in enrolment.profile.items:
            if isinstance(value, tuple) and value and set(value) <= keys:
                return value
        return ()

    def agree(self, tandems: list[Tandem]) -> list[Tandem]:
        """Each mentee drafts and submits, each mentor approves; the first tandem
        shows the mistakes first."""
        self.move(self.agreements_day)
        active = []
        for k, t in enumerate(tandems):
            if k == 0:
                self.mistakes_before_agreement(t)
            self.run(t.mentee, DraftAgreement(tandem_id=t.id, terms=self.terms(t)))
            submitted = self.run(t.mentee, SubmitAgreement(tandem_id=t.id))
            version = submitted.proposal.version if submitted.proposal else 1
            t = self.run(t.mentor, ApproveAgreement(tandem_id=t.id, version=version))
            active.append(self.run(t.mentee, SetGoal(tandem_id=t.id, text=self.goal(t))))
        return active

    def goal(self, t: Tandem) -> str:
        """The mentee's first goal: to clarify her first topic."""
        topics = t.agreement.terms.topics if t.agreement else ()
        topic = self.programme.topic(topics[0]) if topics else None
        if topic is None:
            return str(_("find my way"))
        return str(_("clarify: {topic}", topic=_short_title(str(topic.title))))

    def mistakes_before_agreement(self, t: Tandem) -> None:
        """The agreement-time mistakes the cohort file names, on tandem *t*."""
        mentee, mentor = self.name(t.mentee), self.name(t.mentor)
        if self.mistake("request"):
            other = next(m for m in self._mentors(t.mentee) if m != t.mentor)
            ask = RequestMentorship(programme_key=self.programme.key, mentor=other, track=t.track)
            what = _(
                "{mentee} asks {mentor} directly for a mentorship",
                mentee=mentee,
                mentor=self.name(other),
            )
            self.refused(what, self.run, t.mentee, ask)
        if self.mistake("mentor-drafts"):
            draft = DraftAgreement(tandem_id=t.id, terms=self.terms(t))
            what = _("{mentor} writes the agreement for the mentee", mentor=mentor)
            self.refused(what, self.run, t.mentor, draft)
        if self.mistake("approve-early"):
            early = ApproveAgreement(tandem_id=t.id, version=1)
            what = _("{mentor} approves before anything was submitted", mentor=mentor)
            self.refused(what, self.run, t.mentor, early)
        if self.mistake("out-of-scope"):
            outside = next((tp for tp in self.programme.topics if tp.out_of_scope), None)
            if outside is None:
                problem = _(
                    "out-of-scope: {programme} has no topic outside its scope",
                    programme=self.programme.name,
                )
                raise InvalidInput([("demo.mistakes", str(problem))])
            terms = self.terms(t, topics=(*self.topics_of(t.mentee), outside.key))
            what = _(
                "{mentee} puts the topic {topic} on the plan", mentee=mentee, topic=outside.title
            )
            self.refused(what, self.run, t.mentee, DraftAgreement(tandem_id=t.id, terms=terms))
        if self.mistake("few-topics"):
            few = self.topics_of(t.mentee)[:2]
            self.run(t.mentee, DraftAgreement(tandem_id=t.id, terms=self.terms(t, topics=few)))
            what = _.plural(
                "{mentee} submits an agreement with {n} topic",
                "{mentee} submits an agreement with {n} topics",
                len(few),
                mentee=mentee,
            )
            self.refused(what, self.run, t.mentee, SubmitAgreement(tandem_id=t.id))

    def _mentors(self, mentee: str) -> list[str]:
        """The programme's mentors, as *mentee* sees them when choosing whom to ask."""
        offers = self.engine.reader(Actor.person(mentee)).participants(
            self.programme.key, Role.MENTOR
        )
        return [p.person.id for p in offers]

    def meet(self, tandems: list[Tandem], slot: int, day: date) -> None:
        """One meeting slot: proposals, confirmations, attendance, records."""
        example = tandems[0]
        meeting = [t for t in tandems if t.mentee != self.cast.lags or slot in LAGGING_SLOTS]
        kind = MeetingKind.FIRST_CONVERSATION if slot == 0 else MeetingKind.REGULAR
        self.move(day - timedelta(days=6))
        planned = {}
        for t in meeting:
            fmt = MeetingFormat.IN_PERSON if slot % 2 == 0 else MeetingFormat.VIDEO
            lagging = t.mentee == self.cast.lags
            planned[t.id] = self.propose(t, day, kind, MeetingFormat.VIDEO if lagging else fmt)
        if slot == 0 and example in meeting and self.mistake("attend-early"):
            early = ConfirmAttendance(tandem_id=example.id, meeting_id=planned[example.id])
            what = _(
                "{mentee} confirms attending a meeting six days ahead",
                mentee=self.name(example.mentee),
            )
            self.refused(what, self.run, example.mentee, early)
        self.move(day, 19)
        for t in meeting:
            self.attend(t, planned[t.id])
            values = self.record(t, kind, day)
            self.run(
                t.mentee, DocumentMeeting(tandem_id=t.id, meeting_id=planned[t.id], values=values)
            )
        if slot == 0 and example in meeting and self.mistake("coordinator-reads-notes"):
            whose = self.name(example.mentee)
            what = _(
                "the coordination opens the record of the first conversation of {mentee}",
                mentee=whose,
            )
            read = self.engine.reader(self.coordinator).meeting_record
            self.refused(what, read, example.id, planned[example.id], "first_conversation")
        if slot == 1 and self.mistake("certificate-early"):
            what = _(
                "{mentee} asks for the certificate halfway through",
                mentee=self.name(example.mentee),
            )
            mentee = self.engine.reader(Actor.person(example.mentee))
            self.refused(what, mentee.certificate, example.id)

    def record(self, t: Tandem, kind: MeetingKind, day: date) -> dict[str, str]:
        """Values for the programme's form documenting a meeting of *kind*."""
        purpose = (
            "first_conversation" if kind is MeetingKind.FIRST_CONVERSATION else "meeting_notes"
        )
        form = self.engine.record_template(self.programme.key, purpose)
        return record_values(form, day, t.track, self.name(t.mentee), self.name(t.mentor))

    def deliver(self) -> None:
        """The host delivers (acknowledges) every action due now, as the system."""
        for action in self.engine.reader(Actor.system()).due_actions():
            if self.engine.acknowledge(action.key, actor=Actor.system()):
                self.log.delivered += 1

    def close(self, tandems: list[Tandem]) -> None:
        """The mentee who completes holds a closing meeting; the coordination ends it officially."""
        done = next((t for t in tandems if t.mentee == self.cast.completes), None)
        if done is None:
            return
        day = self.end - timedelta(days=7)
        self.move(day - timedelta(days=6))
        meeting_id = self.propose(done, day, MeetingKind.CLOSING, MeetingFormat.IN_PERSON)
        self.move(day, 19)
        self.attend(done, meeting_id)
        note = str(_("she finishes her studies"))
        self.run(done.mentee, StartClosing(tandem_id=done.id, note=note))
        self.move(self.end, 9)
        note = str(_("closing conversation on {day}", day=day))
        self.log.completed = self.run(self.coordinator, Complete(tandem_id=done.id, note=note))


def _place(fmt: MeetingFormat) -> str:
    place = _("video call") if fmt is MeetingFormat.VIDEO else _("the mentor's office")
    return str(place)


def _short_title(title: str) -> str:
    # "Career paths open to the mentee (Karrierepfade)" -> "Career paths open to the mentee"
    return title.split(";")[0].split("(")[0].strip()
