"""A typed wrapper over ``pm.hook`` that keeps programmes apart.

The engine calls hooks only through :class:`Hooks`. A programme-scoped hook is
called with the implementations of the plugins that registered the
programme, plus every plugin that registered no programme (the built-in
defaults, cross-cutting host plugins), never with another programme's plugin.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

import pluggy

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
from mentorcore.domain.labels import label
from mentorcore.errors import PluginError
from mentorcore.events import Event
from mentorcore.i18n import _
from mentorcore.policy.certificates import Certificate, CertificateText
from mentorcore.policy.decisions import (
    Advisory,
    CadenceRule,
    Content,
    Decision,
    DueAction,
    Permission,
    Transition,
)
from mentorcore.policy.mail import MailTemplate, core_template
from mentorcore.policy.matching import Criterion, PairMask

_log = logging.getLogger("mentorcore.plugins")

if TYPE_CHECKING:
    from mentorcore.policy.cohort import Cohort


class Hooks:
    """Programme-scoped access to the hooks of one plugin manager."""

    def __init__(self, pm: pluggy.PluginManager) -> None:
        self.pm = pm
        self.owners: dict[str, set[str]] = {}  # programme key -> plugin names
        self._callers: dict[tuple[str, str], Any] = {}

    def register_programmes(self, accept: Callable[[Programme, str], None]) -> None:
        """Ask every plugin for its programmes; *accept* gets each with its plugin name."""
        caller = self.pm.hook.mentorcore_register_programmes
        for impl in caller.get_hookimpls():
            # One call per implementation, so each programme is attributed to
            # the plugin that registered it (the basis of programme isolation).
            def register(programme: Programme, _plugin: str = impl.plugin_name) -> None:
                if not isinstance(programme, Programme):
                    raise PluginError(_plugin, f"registered {programme!r}, not a Programme")
                self.owners.setdefault(programme.key, set()).add(_plugin)
                accept(programme, _plugin)

            impl.function(register=register)
        self._callers.clear()

    def _scoped(self, name: str, programme_key: str) -> Any:
        key = (name, programme_key)
        caller = self._callers.get(key)
        if caller is None:
            mine = self.owners.get(programme_key, set())
            others = set().union(*self.owners.values()) - mine if self.owners else set()
            remove = [p for n in others if (p := self.pm.get_plugin(n)) is not None]
            caller = self.pm.subset_hook_caller(name, remove_plugins=remove)
            self._callers[key] = caller
        return caller

    def _votes(self, name: str, scope: Programme, **kwargs: Any) -> list[Decision]:
        results = self._scoped(name, scope.key)(**kwargs)
        return [_typed(r, Decision, name) for r in results]

    # -------------------------------------------------------------- votes

    def check_transition(
        self,
        programme: Programme,
        tandem: Tandem | None,
        transition: Transition,
        participants: Mapping[Role, Participant] | None = None,
    ) -> list[Decision]:
        """Every vote on *transition*, attributed to its plugin."""
        return self._votes(
            "mentorcore_check_transition",
            programme,
            tandem=tandem,
            transition=transition,
            programme=programme,
            # read-only; the engine's reads the index only if a vote looks
            participants=MappingProxyType({}) if participants is None else participants,
        )

    def check_enrolment(
        self, programme: Programme, person: Person, enrolment: Enrolment
    ) -> list[Decision]:
        """Every vote on *person*'s enrolment."""
        return self._votes(
            "mentorcore_check_enrolment",
            programme,
            person=person,
            enrolment=enrolment,
            programme=programme,
        )

    def check_pairing(
        self,
        programme: Programme,
        mentee: Participant,
        mentor: Participant,
        relations: tuple[Relation, ...],
        track: str | None,
        previous_mentors: frozenset[str],
    ) -> list[Decision]:
        """Every vote on pairing *mentee* with *mentor*."""
        return self._votes(
            "mentorcore_check_pairing",
            programme,
            mentee=mentee,
            mentor=mentor,
            relations=relations,
            programme=programme,
            track=track,
            previous_mentors=previous_mentors,
        )

    # -------------------------------------------------------------- values

    def allowed_roles(self, programme: Programme, verb: str) -> Permission | None:
        """Who may issue *verb* in *programme*."""
        result = self._scoped("mentorcore_allowed_roles", programme.key)(
            verb=verb, programme=programme
        )
        return cast(Permission | None, _typed(result, Permission, "mentorcore_allowed_roles"))

    def agreement_template(
        self, programme: Programme, tandem: Tandem, today: date
    ) -> AgreementTerms | None:
        """The terms a new draft starts from."""
        result = self._scoped("mentorcore_agreement_template", programme.key)(
            tandem=tandem, programme=programme, today=today
        )
        return cast(
            AgreementTerms | None, _typed(result, AgreementTerms, "mentorcore_agreement_template")
        )

    def can_view(
        self, programme: Programme, content: Content, viewer_role: Role, tandem: Tandem
    ) -> Decision:
        """Whether *viewer_role* may see *content*; no answer means no."""
        result = self._scoped("mentorcore_can_view", programme.key)(
            content=content, viewer_role=viewer_role, tandem=tandem, programme=programme
        )
        if result is None:
            return Decision.deny(
                "CORE-PRIVACY",
                _("no rule lets the role “{role}” see this", role=label(viewer_role)),
            )
        return _typed(result, Decision, "mentorcore_can_view")  # type: ignore[no-any-return]

    def cadence_rules(self, programme: Programme) -> tuple[CadenceRule, ...]:
        """The programme's cadence rules (none if no plugin answers)."""
        result = self._scoped("mentorcore_cadence_rules", programme.key)(programme=programme)
        return tuple(result or ())

    def certificate_text(
        self, programme: Programme, certificate: Certificate, language: str
    ) -> CertificateText | None:
        """The programme's words for *certificate* (``None``: it gives none)."""
        result = self._scoped("mentorcore_certificate_text", programme.key)(
            programme=programme, certificate=certificate, language=language
        )
        return cast(
            CertificateText | None,
            _typed(result, CertificateText, "mentorcore_certificate_text"),
        )

    def mail_template(self, programme: Programme, kind: str) -> MailTemplate:
        """The words of messages of *kind*: the programme's, else the core's."""
        result = self._scoped("mentorcore_mail_template", programme.key)(
            programme=programme, kind=kind
        )
        found = _typed(result, MailTemplate, "mentorcore_mail_template")
        return cast(MailTemplate, found) if found is not None else core_template(kind)

    # -------------------------------------------------------------- collections

    def advisories(self, programme: Programme, tandem: Tandem, now: datetime) -> list[Advisory]:
        """Every advisory on *tandem*, attributed to its plugin."""
        return self._collect(
            "mentorcore_collect_advisories",
            programme,
            Advisory,
            tandem=tandem,
            programme=programme,
            now=now,
        )

    def due_actions(self, programme: Programme, tandem: Tandem, now: datetime) -> list[DueAction]:
        """Every due action for *tandem*."""
        return self._collect(
            "mentorcore_collect_due_actions",
            programme,
            DueAction,
            tandem=tandem,
            programme=programme,
            now=now,
        )

    def _collect(self, name: str, scope: Programme, kind: type, **kwargs: Any) -> list[Any]:
        results: list[Iterable[Any]] = self._scoped(name, scope.key)(**kwargs)
        return [_typed(item, kind, name) for result in results for item in result]

    def handle_event(
        self, programme: Programme | None, event: Event, tandem: Tandem | None
    ) -> None:
        """Tell the plugins about a stored *event*, each on its own: a handler
        that fails is logged and the others are still told. The event is
        stored and the command succeeded; an outage of the host's mail server
        must not look like a failed command."""
        name = "mentorcore_handle_event"
        caller = self.pm.hook.mentorcore_handle_event if programme is None else None
        caller = caller or self._scoped(name, programme.key if programme else "")
        arguments = {"event": event, "tandem": tandem, "programme": programme}
        for impl in reversed(caller.get_hookimpls()):  # pluggy's order: last registered first
            try:
                impl.function(*(arguments[a] for a in impl.argnames))
            except Exception:
                _log.exception(
                    "plugin %s failed on event %s (stored all the same)",
                    impl.plugin_name,
                    event.name,
                )

    # -------------------------------------------------------------- matching (cohort-level)

    def pair_masks(self, programme: Programme, cohort: Cohort) -> list[PairMask]:
        """Every mask of forbidden pairs the programme and the defaults give for *cohort*."""
        return self._per_cohort("mentorcore_pair_masks", programme, PairMask, cohort)

    def pair_criteria(self, programme: Programme, cohort: Cohort) -> list[Criterion]:
        """Every scoring criterion the programme and the defaults give for *cohort*."""
        return self._per_cohort("mentorcore_pair_criteria", programme, Criterion, cohort)

    def _per_cohort(self, name: str, scope: Programme, kind: type, cohort: Cohort) -> list[Any]:
        results = self._scoped(name, scope.key)(cohort=cohort, programme=scope)
        items: list[Any] = []
        for result in results:
            # A lone mask returned instead of a list of them is a common slip;
            # name it rather than fail deep inside iteration.
            if isinstance(result, kind) or not isinstance(result, Iterable):
                raise PluginError(
                    name,
                    f"an implementation returned {result!r}, not an iterable of {kind.__name__}",
                )
            items.extend(_typed(item, kind, name) for item in result)
        return items


def _typed(result: Any, kind: type, hook: str) -> Any:
    if result is not None and not isinstance(result, kind):
        raise PluginError(hook, f"an implementation returned {result!r}, not a {kind.__name__}")
    return result
