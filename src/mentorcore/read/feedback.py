"""Feedback reads: what a viewer owes, the answers they may see, the overview.

Who sees answers (CORE-FEEDBACK-3): the author always their own; the other
side of the tandem never; the coordination where the programme lets it see
``Content.FEEDBACK`` (the core's default: yes; Ostalb: no, OSTALB-CONF-1;
MEDiC: yes, MEDIC-EVAL-1); the system everything. An overview a programme
keeps answers from holds names, kinds, dates and counts, never a text.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from mentorcore.adapters.sealing import placeholder
from mentorcore.adapters.store.rows import FeedbackRow
from mentorcore.adapters.store.streams import feedback_stream
from mentorcore.domain import Actor, PersonId, Profile, Role, Tandem, TandemId
from mentorcore.errors import NotVisible
from mentorcore.events import FeedbackGiven
from mentorcore.i18n import _
from mentorcore.policy.decisions import Content, Decision
from mentorcore.policy.due import due_for, kind_title
from mentorcore.policy.feedback import SEE_RULE, form_for
from mentorcore.read.arguments import moment
from mentorcore.read.feedback_views import (
    FeedbackOverview,
    FeedbackRequest,
    GivenFeedback,
    KindCount,
    TandemFeedback,
)
from mentorcore.read.isolation import Partial, Skipped, attempt
from mentorcore.read.visibility import Sight, viewer_role, withheld_by
from mentorcore.state.access import State
from mentorcore.state.feedback import Answered, OpenRequest, answered, open_requests

_PARTICIPANTS = (Role.MENTEE, Role.MENTOR)


class FeedbackReads:
    """Feedback reads bound to one viewer (see :class:`~mentorcore.read.reader.Reader`)."""

    def __init__(self, state: State, viewer: Actor) -> None:
        self._state = state
        self.viewer = viewer

    # ------------------------------------------------------------ requests

    def requests(
        self, now: datetime | None = None, *, tandem_id: TandemId | None = None
    ) -> list[FeedbackRequest]:
        """The requests owed at *now*: a participant's own, a coordinator's
        programmes' (everyone's), every one for the system; oldest first.

        Over many tandems a :class:`~mentorcore.read.isolation.Partial`.

        :raises NotFound: unknown tandem.
        :raises NotVisible: the viewer takes no part in the tandem asked for.
        """
        state, me = self._state, self.viewer.person_id
        at = moment(now, state.clock)
        skipped: list[Skipped] = []
        if tandem_id is not None:
            tandem = state.tandem(tandem_id)
            viewer_role(state, self.viewer, tandem)
            tandems = [tandem]
        else:
            tandems = self._tandems(skipped)
        found: list[FeedbackRequest] = []
        for tandem in tandems:
            role = state.role_for(self.viewer, tandem)
            if role is None:
                continue
            sight = Sight(state, state.programme(tandem.programme_key), tandem, role)
            owed = attempt(tandem.id, _("the feedback requests"), skipped, self._owed, sight, at)
            everyone = role in (Role.COORDINATOR, Role.SYSTEM)
            found += [r for r in owed or () if everyone or r.person_id == me]
        found.sort(key=lambda r: (r.due_at, r.key))
        return Partial(found, skipped)

    def _tandems(self, skipped: list[Skipped]) -> list[Tandem]:
        state, me = self._state, self.viewer.person_id
        if me is None:
            summaries = state.index.tandems()
        else:
            mine = {t.id: t for t in state.index.tandems_for(me)}
            for key in sorted(state.index.coordinated(me)):
                mine.update((t.id, t) for t in state.index.tandems(programme_key=key))
            summaries = sorted(mine.values(), key=lambda t: t.created_at)
        loaded = [attempt(s.id, _("the state"), skipped, state.tandem, s.id) for s in summaries]
        return [t for t in loaded if t is not None]

    def _owed(
        self, sight: Sight, at: datetime, given: Answered | None = None
    ) -> list[FeedbackRequest]:
        state, tandem, programme = self._state, sight.tandem, sight.programme
        actions = due_for(state.hooks, programme, tandem, at)
        opened = open_requests(state, programme, actions, at, given, tandem)
        return [self._request(r, sight) for r in opened]

    def _request(self, request: OpenRequest, sight: Sight) -> FeedbackRequest:
        action = request.action
        message = action.message
        blocking = sight.blocking(action.quotes, action.message)
        if blocking is not None:
            message = _(
                "{what} ({rule}); the details are withheld: {why}",
                what=kind_title(action.kind, action.title),
                rule=action.rule_id,
                why=withheld_by(blocking),
            )
        return FeedbackRequest(
            sight.tandem.id,
            sight.programme.key,
            action.key,
            action.kind,
            request.person_id,
            action.recipient_role,
            action.due_at,
            message,
            request.form,
            request.mandatory,
            request.remind_at,
            self._state.index.acknowledged(request.reminder_key),
            request.lapses_at,
        )

    # ------------------------------------------------------------ answers

    def responses(self, tandem_id: TandemId) -> list[GivenFeedback]:
        """Every answer given in the tandem, in the order given, with the
        answers the viewer may not read left out (``withheld`` says why).

        :raises NotFound: unknown tandem.
        :raises NotVisible: the viewer takes no part in it (CORE-AUTH).
        """
        state = self._state
        tandem = state.tandem(tandem_id)
        role = viewer_role(state, self.viewer, tandem)
        sight = Sight(state, state.programme(tandem.programme_key), tandem, role)
        return self._given(sight)

    def _given(self, sight: Sight) -> list[GivenFeedback]:
        state, tandem = self._state, sight.tandem
        events = [
            state.event_types.decode(r.stream_id, r.version, r.name, r.data)
            for r in state.store.read(feedback_stream(tandem.id))
        ]
        return [self._shown(e, sight) for e in events if isinstance(e, FeedbackGiven)]

    def _refusal(self, author: PersonId, sight: Sight) -> Decision | None:
        """Why the viewer may not read *author*'s answers, if they may not."""
        me = self.viewer.person_id
        if me is None or me == author:
            return None
        if sight.role in _PARTICIPANTS:  # the other side: never, whatever a plugin says
            return Decision.deny(
                SEE_RULE,
                _("feedback goes to the coordination, not to the other side of the tandem"),
            )
        decision = sight.decision(Content.FEEDBACK)
        return None if decision.allowed else decision

    def _shown(self, event: FeedbackGiven, sight: Sight) -> GivenFeedback:
        form = form_for(sight.programme, event.kind)
        refusal = self._refusal(event.person_id, sight)
        erased = self._state.index.erased(event.person_id)
        answers: Profile | None = None
        if refusal is None:
            answers = event.answers
            if erased:  # the sealed answers are gone: say so in every field
                names = [f.name for f in form.fields] if form else ["answers"]
                answers = Profile.of(dict.fromkeys(names, placeholder().render()))
        return GivenFeedback(
            sight.tandem.id,
            event.request_key,
            event.kind,
            event.person_id,
            event.role,
            event.occurred_at,
            answers,
            form,
            refusal,
            erased,
        )

    # ------------------------------------------------------------ overview

    def overview(self, programme_key: str, now: datetime | None = None) -> FeedbackOverview:
        """Per tandem and per kind, who owes what and what was given in
        *programme_key* at *now*, for its coordination and the system; the
        answers only where the programme lets the coordination read them.

        :raises NotFound: unknown programme.
        :raises NotVisible: the viewer does not coordinate it (CORE-FEEDBACK-3).
        """
        state = self._state
        programme = state.programme(programme_key)
        at = moment(now, state.clock)
        role = state.programme_role(self.viewer, programme.key)
        if role is None:
            raise NotVisible(
                _(
                    "[{rule}] {viewer} may not read the feedback overview of {programme}: "
                    "it is for the coordination",
                    rule=SEE_RULE,
                    viewer=state.index.name_of(self.viewer.person_id),
                    programme=programme.name,
                )
            )
        summaries = state.index.tandems(programme_key=programme.key)
        given = answered(state, tuple(s.id for s in summaries))
        skipped: list[Skipped] = []
        rows: list[TandemFeedback] = []
        for summary in summaries:
            tandem = attempt(summary.id, _("the state"), skipped, state.tandem, summary.id)
            if tandem is not None:
                found = attempt(
                    summary.id,
                    _("the feedback"),
                    skipped,
                    self._tandem,
                    Sight(state, programme, tandem, role),
                    at,
                    given,
                )
                rows += [found] if found is not None else []
        return FeedbackOverview(
            programme.key,
            at,
            tuple(rows),
            _counts(rows, given),
            self._names(rows),
            tuple(skipped),
        )

    def _tandem(self, sight: Sight, at: datetime, given: Answered) -> TandemFeedback:
        tandem = sight.tandem
        if any(r.tandem_id == str(tandem.id) for r in given.values()):
            answers = tuple(self._given(sight)) if sight.may(Content.FEEDBACK) else ()
            if not answers:  # names and dates from the read model, no text decoded
                answers = tuple(_unread(r, sight) for r in given.values()
                                if r.tandem_id == str(tandem.id))  # fmt: skip
        else:
            answers = ()
        owed = tuple(self._owed(sight, at, given))
        return TandemFeedback(tandem.id, tandem.mentee, tandem.mentor, owed, answers)

    def _names(self, rows: list[TandemFeedback]) -> dict[PersonId, str]:
        ids = [p for t in rows for p in (t.mentee, t.mentor)]
        return self._state.index.persons.names(tuple(dict.fromkeys(ids)))


def _unread(row: FeedbackRow, sight: Sight) -> GivenFeedback:
    """An answer from the read model: who, what and when, not what they said."""
    return GivenFeedback(
        sight.tandem.id,
        row.request_key,
        row.kind,
        PersonId(row.person_id),
        Role(row.role),
        datetime.fromisoformat(row.given_at),
        None,
        form_for(sight.programme, row.kind),
        sight.decision(Content.FEEDBACK),
    )


def _counts(rows: list[TandemFeedback], given: Answered) -> tuple[KindCount, ...]:
    ids = {str(t.tandem_id) for t in rows}
    gave = Counter(r.kind for r in given.values() if r.tandem_id in ids)
    owe = Counter(r.kind for t in rows for r in t.owed)
    return tuple(KindCount(k, gave[k], owe[k]) for k in sorted(set(gave) | set(owe)))
