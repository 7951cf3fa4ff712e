"""The plugin contract: every hook mentorcore calls, grouped by family.

Hook arguments are immutable domain objects; a plugin never receives the
engine. An implementation may accept any subset of a hook's arguments, so
hooks evolve by gaining arguments. Programme-scoped hooks are called only with
the implementations of the plugin that registered the tandem's programme plus
programme-neutral plugins (the built-in defaults), so a programme's rules never
vote on another programme's tandems.

Every hook's docstring is the reference documentation (``docs/hooks.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from mentorcore.domain import (
        AgreementTerms,
        Enrolment,
        Participant,
        Person,
        Programme,
        Relation,
        Role,
        Tandem,
    )
    from mentorcore.events import Event
    from mentorcore.policy.certificates import Certificate, CertificateText
    from mentorcore.policy.cohort import Cohort
    from mentorcore.policy.decisions import (
        Advisory,
        CadenceRule,
        Content,
        Decision,
        DueAction,
        Permission,
    )
    from mentorcore.policy.mail import MailTemplate
    from mentorcore.policy.matching import Criterion, PairMask

PROJECT_NAME = "mentorcore"
hookspec = pluggy.HookspecMarker(PROJECT_NAME)
#: Marker for hook implementations; import it as ``from mentorcore import hookimpl``.
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

#: Hooks answered only by the tandem's own programme plugin (and neutral plugins).
PROGRAMME_SCOPED = (
    "mentorcore_check_transition",
    "mentorcore_check_enrolment",
    "mentorcore_check_pairing",
    "mentorcore_allowed_roles",
    "mentorcore_agreement_template",
    "mentorcore_can_view",
    "mentorcore_cadence_rules",
    "mentorcore_certificate_text",
    "mentorcore_collect_advisories",
    "mentorcore_collect_due_actions",
    "mentorcore_handle_event",
    "mentorcore_pair_masks",
    "mentorcore_pair_criteria",
)


class MentorcoreSpecs:
    """Namespace of hook specifications (pluggy needs methods with ``self``)."""

    # ------------------------------------------------------------ registration

    @hookspec
    def mentorcore_register_programmes(self, register: Callable[[Programme], None]) -> None:
        """Declare the programmes this plugin supplies.

        Call ``register(programme)`` once per programme. The engine remembers
        which plugin registered which programme: programme-scoped hooks of this
        plugin are then asked only about that programme's tandems and people.

        :param register: Callback taking a :class:`~mentorcore.domain.Programme`.

        .. versionadded:: 0.1
        """

    # ------------------------------------------------------------ hard rules (votes)

    @hookspec
    def mentorcore_check_transition(
        self,
        tandem: Tandem | None,
        transition: object,
        programme: Programme,
        participants: Mapping[Role, Participant],
    ) -> Decision | None:
        """Vote on whether *tandem* may take *transition*.

        Return :meth:`Decision.deny` to veto, :meth:`Decision.allow` to approve,
        or ``None`` to abstain. All votes are collected; any deny wins. The
        lifecycle has already checked that the verb is possible in the current
        status, and the actor's role is in ``transition.role``.

        :param tandem: The tandem before the transition (immutable); ``None``
            for the commands that create a tandem.
        :param transition: The :class:`~mentorcore.policy.decisions.Transition`: verb,
            actor, role, time and the command itself.
        :param programme: The tandem's programme, with its settings in force.
        :param participants: The tandem's mentee and mentor as enrolled in the
            programme (person and profile), by role; empty for the commands
            that create a tandem. For rules on the people's data
            (OSTALB-START-1: not before the scholarship began).

        .. versionadded:: 0.1
        .. versionchanged:: 0.2 *participants*.
        """

    @hookspec
    def mentorcore_check_enrolment(
        self, person: Person, enrolment: Enrolment, programme: Programme
    ) -> Decision | None:
        """Vote on whether *person* may take part in *programme* as enrolled.

        Asked when a person enrols or changes a profile, and again for both
        people whenever a tandem is formed (profiles may have changed). The
        profile has already been checked against the programme's declared
        fields; this hook applies eligibility rules (semester, licence, ...).

        :param person: The person.
        :param enrolment: The enrolment: role, track, validated profile.
        :param programme: The programme, with its settings in force.

        .. versionadded:: 0.1
        """

    @hookspec
    def mentorcore_check_pairing(
        self,
        mentee: Participant,
        mentor: Participant,
        relations: tuple[Relation, ...],
        programme: Programme,
        track: str | None,
        previous_mentors: frozenset[str],
    ) -> Decision | None:
        """Vote on whether *mentee* and *mentor* may form a tandem.

        Asked on a request, an assignment and a re-match. Independence rules
        look at *relations*; re-match rules at *previous_mentors*.

        In cohort matching, every hard rule counts in the proposal: the
        matcher asks this hook once for each pair that no
        :func:`mentorcore_pair_masks` mask forbids, so a proposal never holds
        a pair that confirming it would refuse. Cost: one call per allowed
        pair (about 4 µs with a simple rule), so seconds for a thousand
        mentees and mentors, most of a minute for 5,000 x 3,000; the core's
        own vote is not asked per pair, as its masks apply the same rules.
        Give a mask too for a rule that can be computed over the whole
        cohort: it forbids the pairs at once and leaves the vote fewer pairs
        to ask.

        :param mentee: The mentee with the enrolment of this programme.
        :param mentor: The mentor with the enrolment of this programme.
        :param relations: Every declared relation between the two, either way.
        :param programme: The programme, with its settings in force.
        :param track: The track the tandem would belong to, if any.
        :param previous_mentors: Ids of the mentee's earlier mentors in this
            programme (for "a new matching with another mentor").

        .. versionadded:: 0.1
        """

    # ------------------------------------------------------------ values (first result wins)

    @hookspec(firstresult=True)
    def mentorcore_allowed_roles(self, verb: str, programme: Programme) -> Permission | None:
        """Say which tandem roles may issue *verb*.

        The first non-``None`` answer wins; the built-in defaults answer last
        with the generic flow (only the mentee drafts the agreement, only the
        mentor accepts, ...). A programme that lets both sides schedule
        meetings answers for ``"propose_meeting"``.

        :param verb: A lifecycle verb, e.g. ``"submit_agreement"``.
        :param programme: The tandem's programme.

        .. versionadded:: 0.1
        """

    @hookspec(firstresult=True)
    def mentorcore_agreement_template(
        self, tandem: Tandem, programme: Programme, today: date
    ) -> AgreementTerms | None:
        """Propose the terms a new agreement draft starts from.

        Return ``None`` to let other plugins decide. The defaults start the
        period today with no fixed end. A programme with a default period
        (MEDiC: two years) or a fixed start answers here.

        :param tandem: The tandem whose agreement is drafted.
        :param programme: Its programme.
        :param today: The current date in the programme's time zone.

        .. versionadded:: 0.1
        """

    @hookspec(firstresult=True)
    def mentorcore_can_view(
        self, content: Content, viewer_role: Role, tandem: Tandem, programme: Programme
    ) -> Decision | None:
        """Decide whether a viewer in *viewer_role* may see *content* of *tandem*.

        The first non-``None`` answer wins; return an allowing or denying
        :class:`~mentorcore.policy.decisions.Decision` whose rule ID explains it. The
        defaults answer last: drafts are private to the mentee (CORE-3), and a
        coordinator sees neither the agreement nor meeting content.

        :param content: What is to be seen.
        :param viewer_role: The viewer's role for this tandem.
        :param tandem: The tandem.
        :param programme: Its programme.

        .. versionadded:: 0.1
        """

    @hookspec(firstresult=True)
    def mentorcore_cadence_rules(self, programme: Programme) -> tuple[CadenceRule, ...] | None:
        """Give the programme's meeting cadence, one rule per period and count.

        The first non-``None`` answer wins; the defaults have none. A programme
        that gives none is measured against the rhythm its tandems agreed, and a
        rule marked ``recommended`` gives way to an agreed rhythm (CORE-RHYTHM,
        :mod:`mentorcore.policy.rhythm`).

        :param programme: The programme.

        .. versionadded:: 0.1
        """

    @hookspec(firstresult=True)
    def mentorcore_certificate_text(
        self, programme: Programme, certificate: Certificate, language: str
    ) -> CertificateText | None:
        """Write the words of a completed tandem's certificate of participation.

        Return a :class:`~mentorcore.policy.certificates.CertificateText`, or
        ``None`` to let the core's default
        (:func:`~mentorcore.policy.certificates.default_text`) speak. The first
        non-``None`` answer wins. Give the issuing body and programme
        (``issuer``), the title, the words before and after the mentee's name,
        the place it is issued in and who signs (from the programme's
        contacts). Write translatable messages of the plugin's own domain: the
        certificate is rendered in its language when the PDF is made. Put no
        id into any text: the certificate is handed to the mentee and shown to
        others. The topics in ``certificate.topics`` are already limited to
        what the programme lets its coordination see.

        :param programme: The tandem's programme.
        :param certificate: The facts: names, period, meetings held, topics
            (:class:`~mentorcore.policy.certificates.Certificate`, ``text`` unset).
        :param language: The language the certificate is made in (``"de"``).

        .. versionadded:: 0.2
        """

    @hookspec(firstresult=True)
    def mentorcore_mail_template(self, programme: Programme, kind: str) -> MailTemplate | None:
        """Give the words of one kind of message the programme sends.

        First result wins; ``None`` keeps the core's template
        (:func:`mentorcore.policy.mail.core_template`). *kind* is a due
        action's kind (``"feedback-request"``, ``"evaluation"``, a programme's
        own) or ``"meeting-invitation"`` / ``"meeting-cancellation"``. Write
        the texts with your catalogue's ``_`` and the placeholders of
        :mod:`mentorcore.policy.mail`; they are filled with what the
        recipient may see, so a template cannot leak confidential content.

        :param programme: The programme whose message it is.
        :param kind: The kind of message.

        .. versionadded:: 0.3
        """

    # ------------------------------------------------------------ advisories (collected)

    @hookspec
    def mentorcore_collect_advisories(
        self, tandem: Tandem, programme: Programme, now: datetime
    ) -> Iterable[Advisory] | None:
        """Report what is worth knowing about *tandem*; never refuses anything.

        All results are collected.

        :param tandem: The tandem.
        :param programme: Its programme.
        :param now: The engine clock's current time.

        .. versionadded:: 0.1
        """

    @hookspec
    def mentorcore_collect_due_actions(
        self, tandem: Tandem, programme: Programme, now: datetime
    ) -> Iterable[DueAction] | None:
        """Report the actions the clock has made due for *tandem*.

        All results are collected. Give each action a ``key`` that identifies
        its cause, so the same cause yields the same key on every call. The
        core's own actions (feedback requests, inactivity, cadence warnings,
        goal reviews, closing) are fallbacks: where a programme reports an
        action of the same ``kind`` for the same ``recipient_role``, the core's
        is left out (MEDIC-GOAL-1's goal review replaces CORE-13's).

        :param tandem: The tandem.
        :param programme: Its programme.
        :param now: The engine clock's current time.

        .. versionadded:: 0.1
        """

    # ------------------------------------------------------------ notification

    @hookspec
    def mentorcore_handle_event(
        self, event: Event, tandem: Tandem | None, programme: Programme | None
    ) -> None:
        """Learn of an event right after it was stored.

        The result is ignored. An exception is logged (logger
        ``mentorcore.plugins``) and does not reach the caller of the command:
        the event is already stored, and the other handlers are still called.
        Handlers cannot veto (use :func:`mentorcore_check_transition`); to
        send mail, use the outbox (:meth:`mentorcore.Engine.deliver`), which
        retries what failed.

        :param event: The stored event.
        :param tandem: The tandem after the event, for tandem events.
        :param programme: The tandem's or enrolment's programme, if any.

        .. versionadded:: 0.1
        .. versionchanged:: 0.3
           An exception is logged instead of reaching the caller.
        """

    # ------------------------------------------------------------ matching (cohort-level)

    @hookspec
    def mentorcore_pair_masks(
        self, cohort: Cohort, programme: Programme
    ) -> Iterable[PairMask] | None:
        """Forbid pairs of a whole matching cohort, one array per hard rule.

        Called once per matching run, not once per pair: compute each rule for
        all ``n_mentees x n_mentors`` pairs at once with NumPy (the
        :class:`~mentorcore.policy.cohort.Cohort` helpers give profile
        fields, relations and wishes as arrays), and return one
        :class:`~mentorcore.matching.PairMask` per rule. All masks are
        combined; any mask that forbids a pair wins. Import NumPy inside the
        implementation, so that loading the plugin does not load it.

        A rule that also refuses single requests or assignments must keep its
        :func:`mentorcore_check_pairing` vote: confirming a proposal checks
        every pair through it again.

        :param cohort: The mentees and mentors of the run, sorted by id; row
            ``i`` and column ``j`` of every array.
        :param programme: The programme, with its settings in force.

        .. versionadded:: 0.1
        """

    @hookspec
    def mentorcore_pair_criteria(
        self, cohort: Cohort, programme: Programme
    ) -> Iterable[Criterion] | None:
        """Score the pairs of a whole matching cohort, one array per criterion.

        Called once per matching run. Return one
        :class:`~mentorcore.matching.Criterion` per scoring rule: a name, the
        rule ID, a weight (finite, not negative) and values between 0 and 1
        for all pairs (or a column per mentor, a row per mentee, or listed
        pairs). A pair's score is the weighted sum; the proposal shows each
        part. Scores never forbid a pair: use :func:`mentorcore_pair_masks`.

        :param cohort: The mentees and mentors of the run, sorted by id.
        :param programme: The programme, with its settings in force.

        .. versionadded:: 0.1
        """
