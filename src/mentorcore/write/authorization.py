"""Who may do what: the rights decision for a verb, and the lifecycle's refusal.

The actor's role comes from :meth:`~mentorcore.state.access.State.role_for`.
Which roles may issue a verb is the programme's answer to
``mentorcore_allowed_roles`` (the generic defaults answer last).
"""

from __future__ import annotations

from mentorcore.domain import Actor, Programme, Role
from mentorcore.lifecycle import tandem as lifecycle
from mentorcore.policy.decisions import Decision
from mentorcore.policy.hooks import Hooks


def authorize(
    hooks: Hooks, programme: Programme, verb: str, actor: Actor, role: Role | None
) -> Decision:
    """Whether *role* may issue *verb* in *programme* (CORE-AUTH and the permission's rule)."""
    if role is None:
        return Decision.deny(
            "CORE-AUTH",
            f"{actor} takes no part in this and does not coordinate {programme.name}",
        )
    permission = hooks.allowed_roles(programme, verb)
    if permission is None:
        return Decision.deny("CORE-AUTH", f"no rule of {programme.name} says who may {verb}")
    if role not in permission.roles:
        return Decision.deny(
            permission.rule_id,
            f"a {role.value} may not {verb.replace('_', ' ')}: {permission.reason}",
        )
    return Decision.allow(permission.rule_id, f"a {role.value} may {verb.replace('_', ' ')}")


def impossible(verb: str, status: str) -> Decision:
    """The CORE-LIFECYCLE refusal of *verb* in *status*, naming what is possible."""
    possible = ", ".join(lifecycle.possible_verbs(status)) or "nothing (it has ended)"
    return Decision.deny(
        "CORE-LIFECYCLE",
        f"cannot {verb.replace('_', ' ')} a tandem that is {status.replace('_', ' ')}; "
        f"possible now: {possible}",
    )
