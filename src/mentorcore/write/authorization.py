"""Who may do what: the rights decision for a verb, and the lifecycle's refusal.

The actor's role comes from :meth:`~mentorcore.state.access.State.role_for`.
Which roles may issue a verb is the programme's answer to
``mentorcore_allowed_roles`` (the generic defaults answer last).
"""

from __future__ import annotations

from collections.abc import Sequence

from mentorcore.domain import Actor, Programme, Role, TandemStatus
from mentorcore.domain.labels import label
from mentorcore.i18n import Text, _
from mentorcore.lifecycle import tandem as lifecycle
from mentorcore.lifecycle.verbs import verb_label, verb_labels
from mentorcore.policy.decisions import Decision
from mentorcore.policy.hooks import Hooks
from mentorcore.policy.possible import INTERNAL
from mentorcore.state.index import Index


def authorize(
    hooks: Hooks,
    programme: Programme,
    verb: str,
    actor: Actor,
    role: Role | None,
    directory: Index,
) -> Decision:
    """Whether *role* may issue *verb* in *programme* (CORE-AUTH and the permission's rule).

    *directory* names the actor in a refusal.
    """
    action = verb_label(verb)
    if role is None:
        return Decision.deny(
            "CORE-AUTH",
            _(
                "{actor} takes no part in this and does not coordinate {programme}",
                actor=directory.name_of(actor.person_id),
                programme=programme.name,
            ),
        )
    permission = hooks.allowed_roles(programme, verb)
    if permission is None:
        return Decision.deny(
            "CORE-AUTH",
            _(
                "no rule of {programme} says who may {action}",
                programme=programme.name,
                action=action,
            ),
        )
    if role not in permission.roles:
        return Decision.deny(
            permission.rule_id,
            _(
                "the {role} may not {action}: {reason}",
                role=label(role),
                action=action,
                reason=permission.reason,
            ),
        )
    return Decision.allow(
        permission.rule_id, _("the {role} may {action}", role=label(role), action=action)
    )


def impossible(
    verb: str, status: str, possible: Sequence[str] | None = None, role: Role | None = None
) -> Decision:
    """The CORE-LIFECYCLE refusal of *verb* in *status*, naming what is possible.

    *possible* is what *role* could do now
    (:func:`~mentorcore.policy.possible.possible_now`, the list the tandem's
    possible commands show); without it, what the lifecycle allows in
    *status*, internal verbs left out.
    """
    if status in _STATUSES:
        shown: Text = label(TandemStatus(status))
    else:  # the pseudo-status of a tandem not created yet
        shown = _("not created yet") if status == lifecycle.NEW else status
    action = verb_label(verb)
    if not lifecycle.possible_verbs(status):
        return Decision.deny(
            "CORE-LIFECYCLE",
            _(
                "cannot {action}: the tandem's status is {status}; nothing is possible now "
                "(it has ended)",
                action=action,
                status=shown,
            ),
        )
    if possible is None:
        possible = [v for v in lifecycle.possible_verbs(status) if v not in INTERNAL]
    if not possible:
        if role is None:
            reason = _(
                "cannot {action}: the tandem's status is {status}; nothing else is possible now",
                action=action,
                status=shown,
            )
        else:
            reason = _(
                "cannot {action}: the tandem's status is {status}; the {role} can do "
                "nothing else now",
                action=action,
                status=shown,
                role=label(role),
            )
        return Decision.deny("CORE-LIFECYCLE", reason)
    return Decision.deny(
        "CORE-LIFECYCLE",
        _(
            "cannot {action}: the tandem's status is {status}; possible now: {possible}",
            action=action,
            status=shown,
            possible=verb_labels(list(possible)),
        ),
    )


_STATUSES = frozenset(s.value for s in TandemStatus)
