"""What the verbs are called: ``accept`` is "accept the request" to a person.

Verbs are codes (commands, events, permissions use them); refusals and
errors name the action in the reader's language with :func:`verb_label`.
"""

from __future__ import annotations

from mentorcore.i18n import Message, _

_LABELS: dict[str, Message] = {
    # the tandem (CORE-1..5, 11, 13)
    "request": _("request a mentorship"),
    "assign": _("assign"),
    "accept": _("accept the request"),
    "decline": _("decline the request"),
    "opt_in": _("continue after getting to know"),
    "opt_in_final": _("continue after getting to know"),
    "opt_out": _("end after getting to know"),
    "draft_agreement": _("draft the agreement"),
    "submit_agreement": _("submit the agreement"),
    "withdraw_submission": _("take the submitted agreement back"),
    "return_agreement": _("return the agreement"),
    "approve_agreement": _("approve the agreement"),
    "propose_amendment": _("propose an amendment"),
    "approve_amendment": _("approve the amendment"),
    "reject_amendment": _("reject the amendment"),
    "settle_topic": _("mark a topic as settled"),
    "set_goal": _("set a goal"),
    "review_goal": _("review a goal"),
    "start_closing": _("start closing"),
    "complete": _("complete the mentorship"),
    "dissolve": _("dissolve the tandem"),
    "request_rematch": _("request a new mentor"),
    # meetings (CORE-6, CORE-7)
    "propose_meeting": _("propose a meeting"),
    "confirm_meeting": _("confirm the meeting"),
    "decline_meeting": _("decline the meeting"),
    "reschedule_meeting": _("reschedule the meeting"),
    "cancel_meeting": _("cancel the meeting"),
    "confirm_attendance": _("confirm attendance"),
    "mark_meeting_missed": _("record the meeting as missed"),
    "prepare_meeting": _("prepare the meeting"),
    "document_meeting": _("document the meeting"),
    # people and due actions
    "register": _("register a person"),
    "enrol": _("enrol"),
    "update_profile": _("update the profile"),
    "declare_relation": _("declare a relation"),
    "withdraw_relation": _("withdraw a relation"),
    "acknowledge": _("acknowledge a due action"),
    "choose_reminders": _("choose which reminders to receive"),
    "give_feedback": _("give feedback"),
    "match": _("match"),
    "rebuild": _("rebuild the read model"),
    # personal data (DSGVO)
    "erase_person": _("erase the personal data"),
    "erase_personal_data": _("erase the personal data of a participant"),
}


def verb_label(verb: str) -> Message:
    """What *verb* is called; the verb itself (as a literal) if it has no label."""
    return _LABELS.get(verb) or Message.literal(verb.replace("_", " "))


def verb_labels(verbs: list[str]) -> tuple[Message, ...]:
    """The labels of *verbs*, in order."""
    return tuple(verb_label(v) for v in verbs)
