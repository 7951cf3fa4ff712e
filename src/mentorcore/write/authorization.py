"""Who may do what: an actor's role for a tandem, and the rights decision.

The role is never claimed by the caller: it follows from the tandem (mentee,
mentor), the programme's enrolments (coordinator) or the actor being the system.
Which roles may issue a verb is the programme's answer to
``mentorcore_allowed_roles`` (the generic defaults answer last).
"""

from __future__ import annotations

from mentorcore.domain import Actor, Programme, Role, Tandem
from mentorcore.lifecycle import tandem as lifecycle
from mentorcore.policy.decisions import Decision
from mentorcore.policy.hooks import Hooks
from mentorcore.state.index import Directory


def tandem_role(d: Directory, actor: Actor, tandem: Tandem) -> Role | None:
    """*actor*'s role for *tandem*: mentee, mentor, coordinator, system, or ``None``."""
    return tandem.role_of(actor.person_id) or programme_role(d, actor, tandem.programme_key)


def programme_role(d: Directory, actor: Actor, programme_key: str) -> Role | None:
    """``SYSTEM`` for the system, ``COORDINATOR`` for a coordinator of the programme."""
    if actor.person_id is None:
        return Role.SYSTEM
    if d.enrolment(actor.person_id, programme_key, Role.COORDINATOR):
        return Role.COORDINATOR
    return None


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
