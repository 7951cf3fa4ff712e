"""Whose people a coordinator may act on (CORE-AUTH), and who may withdraw a
relation (CORE-RELATION).

A coordinator acts for the programmes they coordinate, so only on the people
of those programmes: renaming someone, changing their e-mail (where their
notifications go), enrolling them, declaring or withdrawing their relations.
A person enrolled nowhere yet belongs to no programme, and any coordinator
may take them in (an import registers people, then enrols them). The system
and the person themself are not bound by this.

A relation that blocks pairing (CORE-14, MEDIC-INDEP-1) protects the
programme's independence rules, so it is withdrawn only by the system or a
coordinator of a programme both people are enrolled in: neither of the two
may remove it and then be paired (CORE-RELATION).
"""

from __future__ import annotations

from mentorcore.domain import Actor, PersonId, Relation
from mentorcore.domain.labels import label
from mentorcore.i18n import Message, _
from mentorcore.policy.decisions import Decision
from mentorcore.state.index import Index


def in_scope(d: Index, actor: Actor, person_id: PersonId) -> bool:
    """Whether *actor* may act on *person_id*'s details and enrolments: the
    system, the person, or a coordinator of a programme they are in (or of
    any programme, for a person enrolled nowhere)."""
    if actor.person_id is None or actor.person_id == person_id:
        return True
    mine = d.coordinated(actor.person_id)
    if not mine:
        return False
    theirs = {e.programme_key for e in d.enrolments_of(person_id)}
    return not theirs or bool(theirs & mine)


#: What a coordinator may do to the people of their programmes only.
CHANGE_DETAILS = "change_details"
ENROL = "enrol"
_MAY_NOT = {
    CHANGE_DETAILS: _("{actor} may not change the details of {person}"),
    ENROL: _("{actor} may not enrol or change the enrolment of {person}"),
}
_NOT_THEIRS = {
    CHANGE_DETAILS: _(
        "{actor} may not change the details of {person}: they are enrolled in no "
        "programme {actor} coordinates"
    ),
    ENROL: _(
        "{actor} may not enrol or change the enrolment of {person}: they are enrolled in "
        "no programme {actor} coordinates"
    ),
}


def scope_refusal(d: Index, actor: Actor, person_id: PersonId, what: str) -> Decision | None:
    """The CORE-AUTH refusal of *actor* doing *what* (:data:`CHANGE_DETAILS` or
    :data:`ENROL`) to *person_id*, or ``None``."""
    if in_scope(d, actor, person_id):
        return None
    table = _NOT_THEIRS if d.coordinates_any(actor.person_id) else _MAY_NOT
    template = table[what]
    params = {"actor": d.name_of(actor.person_id), "person": d.name_of(person_id)}
    return Decision.deny("CORE-AUTH", Message(template.msgid, params, template.domain))


def shared_programmes(d: Index, actor: Actor, relation: Relation) -> frozenset[str]:
    """The programmes *actor* coordinates in which both people of *relation* are enrolled."""
    mine = d.coordinated(actor.person_id)
    if not mine:
        return frozenset()
    first, second = (
        {e.programme_key for e in d.enrolments_of(p)} for p in (relation.subject, relation.object)
    )
    return mine & first & second


def relation_refusal(d: Index, actor: Actor, relation: Relation, declare: bool) -> Decision | None:
    """Why *actor* may not declare (or withdraw) *relation*, or ``None``.

    Declaring is open to the system, either person of the relation (it only
    restricts whom they are paired with) and a coordinator of a programme
    both are enrolled in (CORE-AUTH). Withdrawing is open to the system and
    such a coordinator only (CORE-RELATION).
    """
    if actor.person_id is None or shared_programmes(d, actor, relation):
        return None
    own = actor.person_id in (relation.subject, relation.object)
    if declare:
        if own:
            return None
        return Decision.deny(
            "CORE-AUTH",
            _(
                "{actor} may not declare relations between {subject} and {object}: only "
                "the system, the two of them, or a coordinator of a programme both are "
                "enrolled in",
                actor=d.name_of(actor.person_id),
                subject=d.name_of(relation.subject),
                object=d.name_of(relation.object),
            ),
        )
    return Decision.deny(
        "CORE-RELATION",
        _(
            "{actor} may not withdraw the relation “{subject} {kind} {object}”: a relation "
            "that may block pairing is withdrawn only by the system or a coordinator of a "
            "programme both are enrolled in",
            actor=d.name_of(actor.person_id),
            subject=d.name_of(relation.subject),
            kind=label(relation.kind),
            object=d.name_of(relation.object),
        ),
    )
